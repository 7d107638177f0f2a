// A core for simulation that remembers verdicts. In a simulated network every node verifies
// the same votes, certificates and blocks: 100 nodes would run the same pairing 100 times.
// The core is deterministic (no clock, no randomness, no floats: DESIGN.md), so a verdict is
// a function of the exact input bytes, and computing it once for all nodes changes no
// verdict: the same bytes get the same answer, whichever node asks first. Each verdict is
// keyed by SHA-256 over the call's name and every input, length-prefixed (so no two
// different inputs share a key short of a SHA-256 collision). This is what makes 100 nodes
// for ten simulated minutes feasible on one machine.
//
// It is for the simulator only: real nodes never share verdicts, since a node must not trust
// another's. Only verification is memoised (pure verdicts); signing and proving are each
// node's own work and go to the core unchanged.
//
// It also measures what verification costs: the time spent in the core on every first
// computation (a miss), and how often each kind was asked for (misses and hits: every call of
// every node). The mean time of a computation times one node's share of the calls is what one
// node spends verifying (report.ts divides that by the finalized blocks).
import type { Core } from '../core.js'
import type { StateTree } from '../state/smt.js'
import { hashKey } from '../state/store.js'
import { verifyBlock as chainVerifyBlock } from '../chain/block-builder.js'

/** 'aggregate' is building certificates, not verifying: reported apart. */
export type CostKind = 'vote' | 'cert' | 'block' | 'tx' | 'aggregate'

export interface CostCounter { misses: number, hits: number, ms: number }

/** Entries kept before the oldest are forgotten (a forgotten verdict is simply recomputed). */
export const MEMO_ENTRIES_MAX = 2_000_000

export class VerdictMemo {
  private readonly verdicts = new Map<string, unknown>()
  readonly cost: Record<CostKind, CostCounter> = {
    vote: { misses: 0, hits: 0, ms: 0 },
    cert: { misses: 0, hits: 0, ms: 0 },
    block: { misses: 0, hits: 0, ms: 0 },
    tx: { misses: 0, hits: 0, ms: 0 },
    aggregate: { misses: 0, hits: 0, ms: 0 },
  }

  constructor(private readonly core: Core) {}

  /** SHA-256 of the call's name and its inputs, each prefixed by its length (u32 LE). */
  key(fn: string, parts: (Uint8Array | undefined | number)[]): string {
    const name = new TextEncoder().encode(fn)
    let len = 4 + name.length
    for (const p of parts) len += 5 + (p instanceof Uint8Array ? p.length : 4)
    const buf = new Uint8Array(len)
    const dv = new DataView(buf.buffer)
    let o = 0
    dv.setUint32(o, name.length, true); o += 4
    buf.set(name, o); o += name.length
    for (const p of parts) {
      // a tag byte tells absent (0), a number (1) and bytes (2) apart
      if (p === undefined) { buf[o++] = 0; dv.setUint32(o, 0, true); o += 4 } else if (typeof p === 'number') {
        buf[o++] = 1; dv.setUint32(o, 4, true); o += 4; dv.setUint32(o, p >>> 0, true); o += 4
      } else {
        buf[o++] = 2; dv.setUint32(o, p.length, true); o += 4; buf.set(p, o); o += p.length
      }
    }
    return hashKey(this.core.sha256(buf.subarray(0, o)))
  }

  private remember(key: string, value: unknown): void {
    if (this.verdicts.size >= MEMO_ENTRIES_MAX) this.verdicts.delete(this.verdicts.keys().next().value as string)
    this.verdicts.set(key, value)
  }

  /** The remembered verdict for `key`, or `compute()`'s, timed and remembered. */
  get<T>(kind: CostKind, key: string, compute: () => T): T {
    const c = this.cost[kind]
    if (this.verdicts.has(key)) { c.hits++; return this.verdicts.get(key) as T }
    const t0 = performance.now()
    const v = compute()
    c.ms += performance.now() - t0
    c.misses++
    this.remember(key, v)
    return v
  }

  async getAsync<T>(kind: CostKind, key: string, compute: () => Promise<T>): Promise<T> {
    const c = this.cost[kind]
    if (this.verdicts.has(key)) { c.hits++; return this.verdicts.get(key) as T }
    const t0 = performance.now()
    const v = await compute()
    c.ms += performance.now() - t0
    c.misses++
    this.remember(key, v)
    return v
  }

  get size(): number { return this.verdicts.size }
}

/**
 * A Core whose pure verification calls are memoised in `memo`: consensus.verifyVote and
 * verifyCert, vrf.verify, bls.verify, fastAggregateVerify and aggregateSignatures (the
 * aggregate of the same signatures, asked for by every node that builds a certificate),
 * ed25519.verify. Everything else
 * is the core's own member. Results are shared between callers and must not be mutated (the
 * node only reads them; a VRF output is copied before it is handed out).
 */
export function memoCore(core: Core, memo: VerdictMemo): Core {
  const m = Object.create(core) as Core & Record<string, unknown>
  const consensus = {
    ...core.consensus,
    verifyVote: (chainId: number, vote: Uint8Array, hdr: Uint8Array, entry: Uint8Array | undefined) =>
      memo.get('vote', memo.key('consensus.verifyVote', [chainId, vote, hdr, entry]), () => core.consensus.verifyVote(chainId, vote, hdr, entry)),
    verifyCert: (chainId: number, cert: Uint8Array, hdr: Uint8Array, entries: (Uint8Array | undefined)[]) =>
      memo.get('cert', memo.key('consensus.verifyCert', [chainId, cert, hdr, entries.length, ...entries]), () => core.consensus.verifyCert(chainId, cert, hdr, entries)),
  }
  const vrf = {
    ...core.vrf,
    verify: (pk: Uint8Array, alpha: Uint8Array, proof: Uint8Array, suite: 'ell2' | 'tai' = 'ell2') => {
      const beta = memo.get('vote', memo.key(`vrf.verify/${suite}`, [pk, alpha, proof]), () => core.vrf.verify(pk, alpha, proof, suite))
      return beta ? beta.slice() : null
    },
  }
  const bls = {
    ...core.bls,
    verify: (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) =>
      memo.get('vote', memo.key('bls.verify', [pk, msg, sig]), () => core.bls.verify(pk, msg, sig)),
    // pure too (a throw, for an invalid signature, is not remembered: it simply recurs)
    aggregateSignatures: (sigs: Uint8Array[]) =>
      memo.get('aggregate', memo.key('bls.aggregateSignatures', [sigs.length, ...sigs]), () => core.bls.aggregateSignatures(sigs)).slice(),
    fastAggregateVerify: (pks: Uint8Array[], msg: Uint8Array, sig: Uint8Array) =>
      memo.get('cert', memo.key('bls.fastAggregateVerify', [pks.length, ...pks, msg, sig]), () => core.bls.fastAggregateVerify(pks, msg, sig)),
  }
  const ed25519 = {
    ...core.ed25519,
    verify: (sig: Uint8Array, msg: Uint8Array, pk: Uint8Array) =>
      memo.get('tx', memo.key('ed25519.verify', [sig, msg, pk]), () => core.ed25519.verify(sig, msg, pk)),
  }
  Object.defineProperty(m, 'consensus', { value: consensus })
  Object.defineProperty(m, 'vrf', { value: vrf })
  Object.defineProperty(m, 'bls', { value: bls })
  Object.defineProperty(m, 'ed25519', { value: ed25519 })
  return m
}

type VerifyBlockArgs = { core: Core, tree: StateTree, block: Uint8Array }

/**
 * runtime/chain/block-builder.ts's verifyBlock, memoised by (parent state root, block bytes):
 * the verdict, post-state root and writes depend on nothing else (the state under a root is
 * fixed, the store being content-addressed). Each node still stores the writes itself.
 */
export function memoVerifyBlock(memo: VerdictMemo, verify: typeof chainVerifyBlock = chainVerifyBlock): typeof chainVerifyBlock {
  return ((args: VerifyBlockArgs) =>
    memo.getAsync('block', memo.key('verifyBlock', [args.tree.root, args.block]), () => verify(args as Parameters<typeof chainVerifyBlock>[0]))) as typeof chainVerifyBlock
}
