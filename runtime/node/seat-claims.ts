// Seat claims (docs/PROTOCOL.md §19, §20): a proposer announces its seat for (round, slot)
// with the VRF proof that wins it, before it builds. The proof alone shows the seat and its
// priority (only the key's owner can make it), so the 100-byte claim travels ahead of a
// block of a few megabytes, and a proposer that ranks worse holds back while a better
// claimed block is on its way: under load a round costs one block's work instead of one per
// seat holder, and votes are not split between blocks of one round (which costs finality).
// A claim is a hint, never a vote: a better claim (or one of an earlier slot of the round)
// whose block does not come within CLAIM_PATIENCE_MS only delays the others, never stops
// them.
import { proposerAlpha } from '../consensus/seeds.js'
import { seatPriority } from './draws.js'
import type { Table } from './tables.js'
import type { NodeCore } from './node-config.js'

export const SEAT_CLAIM_BYTES = 100
/**
 * How long a proposer waits, from a better claim's arrival, for that claim's block before
 * building its own: a slot, as a block of 10,000 transfers on a loaded node can take well
 * over a second to be built, travel and be checked.
 */
export const CLAIM_PATIENCE_MS = 3000
/** Claims are taken for rounds at most this far above the node's own, and slots at most this far from its clock's. */
const CLAIM_LOOKAHEAD = 1

export interface SeatClaim { height: number, slot: number, proposer: number, proof: Uint8Array }

/** `height:u64 ‖ slot:u64 ‖ proposer:u32 ‖ proof[80]`, little-endian (§20). */
export function encodeSeatClaim(c: SeatClaim): Uint8Array {
  const out = new Uint8Array(SEAT_CLAIM_BYTES)
  const v = new DataView(out.buffer)
  v.setBigUint64(0, BigInt(c.height), true)
  v.setBigUint64(8, BigInt(c.slot), true)
  v.setUint32(16, c.proposer, true)
  out.set(c.proof, 20)
  return out
}

/**
 * The claim in `bytes`, or why it is malformed. A height or slot above 2^53 − 1 decodes
 * (it is well-formed) as Infinity: no node is ever in such a round, so it is ignored.
 */
export function decodeSeatClaim(bytes: Uint8Array): SeatClaim | string {
  if (bytes.length !== SEAT_CLAIM_BYTES) return `a seat claim is ${SEAT_CLAIM_BYTES} bytes, got ${bytes.length}`
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const safe = (x: bigint) => (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : Infinity)
  return { height: safe(v.getBigUint64(0, true)), slot: safe(v.getBigUint64(8, true)), proposer: v.getUint32(16, true), proof: bytes.slice(20) }
}

/**
 * The priority a claim proves (32 bytes, lower wins), or why it proves none: the proposer
 * has no weight in the round's table, the proof does not verify, or it wins no seat.
 */
export function claimPriority(core: NodeCore, table: Table, c: SeatClaim): Uint8Array | string {
  const weight = table.weight(c.proposer)
  if (weight === 0n) return `validator ${c.proposer} has no weight at height ${c.height}`
  const beta = core.vrf.verify(table.vrfPk(c.proposer), proposerAlpha(table.seed, BigInt(c.height), BigInt(c.slot)), c.proof)
  if (!beta) return `validator ${c.proposer}'s proposer proof for height ${c.height}, slot ${c.slot} does not verify`
  return seatPriority(core, table, c.proposer, beta) ?? `validator ${c.proposer} has no proposer seat at height ${c.height}, slot ${c.slot}`
}

/** Whether a claim for (height, slot) can matter to a node in `round` at `slot`: anything else is ignored. */
export function claimInWindow(c: SeatClaim, round: number, slot: number): boolean {
  return c.height >= round && c.height <= round + CLAIM_LOOKAHEAD && c.slot + CLAIM_LOOKAHEAD >= slot && c.slot <= slot + CLAIM_LOOKAHEAD
}

interface Best { height: number, slot: number, priority: Uint8Array, atMs: number }

/** The best claim seen for each (round, slot), with when it arrived. */
export class ClaimBook {
  private readonly best = new Map<string, Best>()

  /** Records a verified claim; true if it is the best for its (height, slot) so far (relay it). */
  offer(height: number, slot: number, priority: Uint8Array, atMs: number): boolean {
    const key = `${height}:${slot}`
    const prev = this.best.get(key)
    if (prev && !lessPriority(priority, prev.priority)) return false
    this.best.set(key, { height, slot, priority, atMs })
    return true
  }

  /**
   * The claim a seat holder of (height, slot) with `priority` should wait for, if any: the
   * latest-arrived among the round's claims of an earlier slot (whose block, once here, it
   * must not rival) and the best claim of its own slot if that ranks strictly better.
   */
  ahead(height: number, slot: number, priority: Uint8Array): Best | undefined {
    let found: Best | undefined
    for (const b of this.best.values()) {
      if (b.height !== height || b.slot > slot || (b.slot === slot && !lessPriority(b.priority, priority))) continue
      if (!found || b.atMs > found.atMs) found = b
    }
    return found
  }

  /** Forgets the claims of rounds below `height`. */
  pruneBelow(height: number): void {
    for (const [key, b] of this.best) if (b.height < height) this.best.delete(key)
  }
}

/** a < b as 32-byte big-endian priorities. */
export function lessPriority(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}
