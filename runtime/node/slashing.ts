// Equivocation evidence and the slash transactions that carry it (docs/PROTOCOL.md §15, §17).
// When a node holds, with verified signatures, a finalize vote of a validator for one block
// and another vote of the same validator and height for a different block, it keeps the pair;
// when it proposes, it puts a slash transaction for every pair the chain has not punished yet
// (the slashed key is absent and the evidence is within SLASH_WINDOW epochs) at the front of
// its block, signed by its own account with fee 0.
import { FINALIZE, SLASH_WINDOW, epochOf } from '../consensus/constants.js'
import { slashedKey } from '../consensus/keys.js'
import { signSlash, type EvidenceVote } from '../codec/validator-tx.js'
import { accountKey, decodeAccount } from '../chain/accounts.js'
import { publicKey as edPublicKey } from '../wallet/ed25519.js'
import type { VotePool } from './vote-pool.js'
import type { NodeCore } from './node-config.js'

/** Evidence pairs kept (the oldest are forgotten first). */
export const EVIDENCE_MAX = 64
/**
 * Slash transactions put into one block: each costs the core two BLS verifications in every
 * node that builds or checks the block, and one pair per offender already takes its level to
 * LEVEL_MIN; the rest wait for later blocks (within SLASH_WINDOW epochs).
 */
export const SLASHES_PER_BLOCK_MAX = 2

interface Evidence { validator: number, height: number, voteA: EvidenceVote, voteB: EvidenceVote }

function evidenceVote(bytes: Uint8Array): EvidenceVote {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { kind: bytes[0], height: v.getBigUint64(1, true), block: bytes.slice(9, 41), sig: bytes.slice(125, 221) }
}

export class Slashing {
  private readonly evidence = new Map<string, Evidence>()

  /** Keeps the pair that shows `validator` equivocating at `height` (its votes' signatures were verified). */
  record(pool: VotePool, height: number, validator: number): void {
    const key = `${validator}:${height}`
    if (this.evidence.has(key)) return
    let fin: { blockId: string, bytes: Uint8Array } | null = null
    const others: { blockId: string, bytes: Uint8Array }[] = []
    for (const t of pool.atHeight(height)) {
      const v = t.votes.get(validator)
      if (!v || !v.checked) continue
      if (t.kind === FINALIZE && !fin) fin = { blockId: t.blockId, bytes: v.bytes }
      else others.push({ blockId: t.blockId, bytes: v.bytes })
    }
    const other = fin && others.find((o) => o.blockId !== fin!.blockId)
    if (!fin || !other) return
    if (this.evidence.size >= EVIDENCE_MAX) this.evidence.delete(this.evidence.keys().next().value as string)
    this.evidence.set(key, { validator, height, voteA: evidenceVote(fin.bytes), voteB: evidenceVote(other.bytes) })
  }

  /**
   * Slash transactions for a block at `height` on the state read by `read`, signed by
   * `accountSeed`; evidence the chain already punished, or that is too old, is forgotten.
   */
  async transactions(core: NodeCore, chainId: number, accountSeed: Uint8Array, height: number,
    read: (key: Uint8Array) => Promise<Uint8Array | undefined>): Promise<Uint8Array[]> {
    if (this.evidence.size === 0) return []
    const out: Uint8Array[] = []
    const epoch = epochOf(height)
    const from = edPublicKey(accountSeed)
    const account = await read(accountKey(core, from))
    if (!account) return []
    let nonce = decodeAccount(account).nonce
    const offenders = new Set<number>()
    for (const [key, e] of this.evidence) {
      if (epochOf(e.height) + SLASH_WINDOW < epoch || (await read(slashedKey(e.validator, BigInt(e.height))))) {
        this.evidence.delete(key)
        continue
      }
      if (out.length >= SLASHES_PER_BLOCK_MAX) break
      if (offenders.has(e.validator)) continue
      offenders.add(e.validator)
      out.push(signSlash({ chainId, nonce: nonce++, from, fee: 0n, validator: e.validator, voteA: e.voteA, voteB: e.voteB }, accountSeed))
    }
    return out
  }

  get size(): number { return this.evidence.size }
}
