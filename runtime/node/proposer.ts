// Proposing (docs/PROTOCOL.md §19): at a slot of its round a validator draws for the
// proposer role; with a seat it builds a block on the fork choice's tip with the core (so the
// post-state root in its header is the core's), the parent's notarization certificate, and
// transactions from the mempool. The Byzantine behaviours the simulator needs live here too,
// each one a deliberate break of a rule the core or the honest nodes must catch.
import type { BlockNode } from './block-tree.js'
import type { Table } from './tables.js'
import type { Mempool } from './mempool.js'
import type { ConsensusNodeConfig, NodeCore, ValidatorKeys } from './node-config.js'
import { proposerDraw, type Draw } from './draws.js'
import { readBlockInfo, blockSigningMessage, BLOCK_SIG_BYTES } from './block-info.js'
import { buildBlock } from '../chain/block-builder.js'
import { accountKey, decodeAccount } from '../chain/accounts.js'
import { StateTree } from '../state/smt.js'
import { encodeTransfer, encodeTransferBody, transferSigningMessage } from '../codec/tx.js'
import { publicKey as edPublicKey, sign as edSign } from '../wallet/ed25519.js'
import { toHex } from '../bytes.js'

export interface Built {
  bytes: Uint8Array
  hash: Uint8Array
  /** False for the deliberately invalid blocks of 'invalid-blocks'. */
  valid: boolean
}

/** A proposer seat: the draw, and the priority of the block it would propose (lower wins). */
export interface Seat { draw: Draw, priority: Uint8Array }

/** Offset of the state root in a v2 header (§16). */
const STATE_ROOT_OFFSET = 169
/** Proposals remembered per node, to never propose twice for one (round, slot). */
const DONE_MAX = 256

export class Proposer {
  /** Blocks this node built, by hash: their post-state and writes (the core already computed them). */
  readonly built = new Map<string, { postRoot: Uint8Array, writes: Uint8Array }>()
  private readonly done = new Set<string>()
  /** Why builds failed since the node last asked (takeFailures). */
  private failures: string[] = []
  private readonly accountPk: Uint8Array
  /** The seat of the last (height, slot) asked about. */
  private seatFor: { key: string, seat: Seat | null } | null = null

  constructor(private readonly core: NodeCore, private readonly config: ConsensusNodeConfig, private readonly keys: ValidatorKeys) {
    this.accountPk = edPublicKey(keys.accountSeed)
  }

  /**
   * The blocks to gossip for round `height` in `slot` (none without a seat, or if done
   * already); `parentCert` gives the parent's notarization certificate and `slashes` the slash
   * transactions to put first (both asked only with a seat).
   */
  async propose(parent: BlockNode, height: number, slot: number, table: Table, parentCert: () => Promise<Uint8Array>, mempool: Mempool, txsMax: number,
    slashes: () => Promise<Uint8Array[]> = async () => []): Promise<Built[]> {
    const key = `${height}:${slot}`
    if (this.done.has(key)) return []
    if (this.done.size >= DONE_MAX) this.done.clear()
    this.done.add(key)
    const draw = this.seat(height, slot, table)?.draw
    if (!draw) return []
    this.built.clear()
    const cert = await parentCert() // only now: rebuilding it aggregates signatures
    const txs = mempool.select(txsMax).map((p) => p.bytes)
    const evidence = await slashes()
    // slashes first; if the state refuses any transaction, fall back to fewer
    const first = (evidence.length !== 0 ? await this.build(parent, height, slot, draw, cert, [...evidence, ...txs]) : null) ??
      (await this.build(parent, height, slot, draw, cert, txs)) ?? (await this.build(parent, height, slot, draw, cert, []))
    if (!first) return []
    const behaviour = this.config.behaviour ?? 'honest'
    if (behaviour === 'equivocate') {
      const alt = txs.length !== 0 ? [] : await this.selfTransfer(parent)
      const second = alt ? await this.build(parent, height, slot, draw, cert, alt) : null
      return second ? [first, second] : [first]
    }
    if (behaviour === 'invalid-blocks') {
      this.built.clear()
      return [{ bytes: slot % 2 === 0 ? this.wrongRoot(first.bytes) : this.badSignature(first.bytes), hash: first.hash, valid: false }]
    }
    return [first]
  }

  /**
   * This node's proposer seat for (height, slot): the draw and the priority its block would
   * have, or null without one. Kept for the slot, so waiting by rank does not draw twice.
   */
  seat(height: number, slot: number, table: Table): Seat | null {
    const key = `${height}:${slot}`
    if (this.seatFor?.key !== key) {
      const draw = proposerDraw(this.core, this.keys.vrfSk, this.keys.index, table, height, slot)
      this.seatFor = { key, seat: draw && draw.seats > 0 ? { draw, priority: this.core.sortition.priority(draw.beta, draw.seats) } : null }
    }
    return this.seatFor.seat
  }

  takeFailures(): string[] { const f = this.failures; this.failures = []; return f }

  private async build(parent: BlockNode, height: number, slot: number, draw: Draw, cert: Uint8Array, txs: Uint8Array[]): Promise<Built | null> {
    try {
      const b = await (this.config.chain?.buildBlock ?? buildBlock)({
        core: this.core, tree: new StateTree(this.config.store, parent.postRoot), chainId: this.config.chainId,
        parentHash: parent.hash, height: BigInt(height), slot: BigInt(slot), proposer: this.keys.index,
        vrfProof: draw.proof, cert, txs, accountSk: this.keys.accountSeed,
      })
      this.built.set(toHex(b.hash), { postRoot: b.postRoot, writes: b.writes })
      return { bytes: b.bytes, hash: b.hash, valid: true }
    } catch (e) {
      // a transaction the parent's state refuses (the mempool lags a reorg): build without
      this.failures.push(`building a block of ${txs.length} transactions at height ${height} failed: ${(e as Error).message}`)
      return null
    }
  }

  /** A transfer of 1 unit from the proposer's account to itself: what makes a second block differ. */
  private async selfTransfer(parent: BlockNode): Promise<Uint8Array[] | null> {
    const v = await new StateTree(this.config.store, parent.postRoot).get(accountKey(this.core, this.accountPk))
    const account = v ? decodeAccount(v) : { balance: 0n, nonce: 0n }
    if (account.balance < 1n) return null
    const t = { chainId: this.config.chainId, nonce: account.nonce, from: this.accountPk, to: this.accountPk, amount: 1n, fee: 0n }
    const sig = edSign(this.keys.accountSeed, transferSigningMessage(encodeTransferBody(t)))
    return [encodeTransfer({ ...t, sig })]
  }

  /** The block with one bit of its state root flipped and the header signed again: only the root is wrong. */
  private wrongRoot(bytes: Uint8Array): Uint8Array {
    const out = bytes.slice()
    out[STATE_ROOT_OFFSET] ^= 1
    const info = readBlockInfo(this.core, out)
    if (!info) return this.badSignature(bytes)
    out.set(edSign(this.keys.accountSeed, blockSigningMessage(out, info.sigOffset)), info.sigOffset)
    return out
  }

  /** The block with one bit of its signature flipped. */
  private badSignature(bytes: Uint8Array): Uint8Array {
    const out = bytes.slice()
    const info = readBlockInfo(this.core, out)
    if (info) out[info.sigOffset + BLOCK_SIG_BYTES - 1] ^= 0x40
    return out
  }
}
