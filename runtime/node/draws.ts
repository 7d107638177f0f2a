// A validator's own sortition draws (docs/PROTOCOL.md §13) and the priority of any block:
// VRF proofs with the core (ECVRF-EDWARDS25519-SHA512-ELL2), seats and priorities with the
// core's integer sortition, so the node's numbers are the ones the core checks.
import { TAU, TAU_PROPOSER } from '../consensus/constants.js'
import { committeeAlpha, proposerAlpha } from '../consensus/seeds.js'
import type { Table } from './tables.js'
import type { NodeCore } from './node-config.js'

export interface Draw { seats: number, proof: Uint8Array, beta: Uint8Array }

function draw(core: NodeCore, vrfSk: Uint8Array, weight: bigint, table: Table, alpha: Uint8Array, role: 'committee' | 'proposer'): Draw | null {
  if (weight === 0n || weight > table.W) return null
  const proof = core.vrf.prove(vrfSk, alpha)
  const beta = core.vrf.proofToHash(proof) as Uint8Array
  const seats = role === 'committee' ? core.sortition.committeeSeats(beta, weight, table.W, TAU) : core.sortition.seats(beta, weight, table.W, TAU_PROPOSER)
  return { seats, proof, beta }
}

/** Committee seats of validator `index` for round `height` (null: no entry in the table). */
export function committeeDraw(core: NodeCore, vrfSk: Uint8Array, index: number, table: Table, height: number): Draw | null {
  return draw(core, vrfSk, table.weight(index), table, committeeAlpha(table.seed, BigInt(height)), 'committee')
}

/** Proposer seats of validator `index` for round `height` in `slot`. */
export function proposerDraw(core: NodeCore, vrfSk: Uint8Array, index: number, table: Table, height: number, slot: number): Draw | null {
  return draw(core, vrfSk, table.weight(index), table, proposerAlpha(table.seed, BigInt(height), BigInt(slot)), 'proposer')
}

/**
 * The priority of a block whose proposer proof the core already verified: 32 bytes, lower
 * wins. Null if the proof does not decode or gives no seat (the core would have refused it).
 */
export function blockPriority(core: NodeCore, table: Table, proposer: number, vrfProof: Uint8Array): Uint8Array | null {
  const beta = core.vrf.proofToHash(vrfProof)
  return beta ? seatPriority(core, table, proposer, beta) : null
}

/** The priority a proposer's VRF output `beta` gives in `table`, or null without a seat (§13). */
export function seatPriority(core: NodeCore, table: Table, proposer: number, beta: Uint8Array): Uint8Array | null {
  const weight = table.weight(proposer)
  if (weight === 0n || weight > table.W) return null
  const seats = core.sortition.seats(beta, weight, table.W, TAU_PROPOSER)
  return seats >= 1 ? core.sortition.priority(beta, seats) : null
}
