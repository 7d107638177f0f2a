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
