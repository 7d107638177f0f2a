// Slots (docs/PROTOCOL.md §19): slot s starts at genesisTimeMs + s × SLOT_MS. Time always
// comes from the input being handled; the node never reads a clock.
import { SLOT_MS } from '../consensus/constants.js'

/** The slot running at `nowMs` (0 before genesis). */
export function slotAt(genesisTimeMs: number, nowMs: number): number {
  return nowMs < genesisTimeMs ? 0 : Math.floor((nowMs - genesisTimeMs) / SLOT_MS)
}

export function slotStartMs(genesisTimeMs: number, slot: number): number {
  return genesisTimeMs + slot * SLOT_MS
}

/**
 * Proposing by rank (§19): a proposer whose priority is the fraction x of the way from best
 * to worst waits x × PROPOSE_RANK_SPREAD_MS, at most PROPOSE_RANK_MAX_MS, before building,
 * and skips if a better valid proposal of the round arrived meanwhile. The best of a
 * round's dozen proposer seats waits about a thirteenth of the spread; the rest mostly
 * see its claim (seat-claims.ts) or its block first and spare the work of a block that
 * would lose. The cap keeps an unopposed proposal well before the notarize votes
 * (PROPOSAL_WAIT_MS); only a pending better claim makes a proposer wait longer.
 */
export const PROPOSE_RANK_SPREAD_MS = 2000
export const PROPOSE_RANK_MAX_MS = 500

/** How long a proposer with this 32-byte priority waits before building. */
export function rankWaitMs(priority: Uint8Array): number {
  const x = ((priority[0] << 24) | (priority[1] << 16) | (priority[2] << 8) | priority[3]) >>> 0
  return Math.min(Math.floor((x / 2 ** 32) * PROPOSE_RANK_SPREAD_MS), PROPOSE_RANK_MAX_MS)
}
