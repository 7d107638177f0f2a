// Merit arithmetic (docs/PROTOCOL.md §15) in BigInt: the mirror of assembly/consensus/merit.ts
// and the reference test/consensus-merit.test.js checks the core against.
import {
  EPOCH_LENGTH, TAU, PROPOSAL_BONUS, RHO_TARGET, KAPPA, LEVEL_MIN, LEVEL_MAX, EPOCH_REWARD,
} from './constants.js'

/** E × (τ + PROPOSAL_BONUS): the work a validator holding all the weight is expected to do per epoch. */
export const EPOCH_WORK_EXPECTED = EPOCH_LENGTH * BigInt(TAU + PROPOSAL_BONUS)

/**
 * The level after an epoch: exp = E·(τ + bonus)·w / W (floor); unchanged if w = 0 or
 * exp = 0; rho = min(1000, work·1000 / exp); level + (rho − 750)·400 / 1000 truncated toward
 * zero, clamped to [LEVEL_MIN, LEVEL_MAX].
 */
export function nextLevel(level: number, work: bigint, w: bigint, W: bigint): number {
  if (w === 0n || W === 0n) return level
  const expected = (EPOCH_WORK_EXPECTED * w) / W
  if (expected === 0n) return level
  let rho = (work * 1000n) / expected
  if (rho > 1000n) rho = 1000n
  // BigInt division truncates toward zero, as the spec asks.
  const moved = BigInt(level) + ((rho - BigInt(RHO_TARGET)) * BigInt(KAPPA)) / 1000n
  if (moved < BigInt(LEVEL_MIN)) return LEVEL_MIN
  if (moved > BigInt(LEVEL_MAX)) return LEVEL_MAX
  return Number(moved)
}

/** bond × level / 1000 (floor). */
export function tableWeight(bond: bigint, level: number): bigint {
  return (bond * BigInt(level)) / 1000n
}

/** EPOCH_REWARD × work / Σ work (floor); 0 when Σ work = 0. */
export function rewardShare(work: bigint, totalWork: bigint): bigint {
  return totalWork === 0n ? 0n : (EPOCH_REWARD * work) / totalWork
}
