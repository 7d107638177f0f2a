// Merit arithmetic (docs/PROTOCOL.md §15), integers only, exact. Mirror (BigInt):
// runtime/consensus/merit.ts; test/consensus-merit.test.js compares the two on random inputs.
import {
  EPOCH_WORK_EXPECTED, RHO_TARGET, KAPPA, LEVEL_MIN, LEVEL_MAX, EPOCH_REWARD,
} from "./constants";
import { mulDiv } from "./muldiv";

/**
 * The level after an epoch with `work` done by a validator of weight w out of W in the
 * epoch's table: exp = E·(τ + bonus)·w / W; unchanged if w = 0 or exp = 0; else
 * rho = min(1000, work·1000 / exp) and level + (rho − RHO_TARGET)·KAPPA / 1000 (truncated
 * toward zero), clamped to [LEVEL_MIN, LEVEL_MAX].
 */
export function nextLevel(level: u32, work: u64, w: u64, totalWeight: u64): u32 {
  if (w == 0 || totalWeight == 0) return level;
  // exp ≤ EPOCH_WORK_EXPECTED when w ≤ W (always, for a table the core wrote).
  let expected = mulDiv(EPOCH_WORK_EXPECTED, w, totalWeight);
  if (expected == 0) return level;
  // work ≥ exp gives work·1000/exp ≥ 1000, so the min is 1000; otherwise work < exp ≤ 105,600
  // and work·1000 fits easily in 64 bits.
  let rho: i64 = work >= expected ? 1000 : <i64>(work * 1000 / expected);
  // (rho − 750)·400 ∈ [−300,000, 100,000]; i64 division truncates toward zero.
  let moved = <i64>level + (rho - <i64>RHO_TARGET) * <i64>KAPPA / 1000;
  if (moved < <i64>LEVEL_MIN) return LEVEL_MIN;
  if (moved > <i64>LEVEL_MAX) return LEVEL_MAX;
  return <u32>moved;
}

/** A table weight: bond × level / 1000 (≤ bond, since level ≤ 1000). */
export function tableWeight(bond: u64, level: u32): u64 {
  return mulDiv(bond, <u64>level, 1000);
}

/** reward_i = EPOCH_REWARD × work_i / Σ work (≤ EPOCH_REWARD, since work_i ≤ Σ work ≥ 1). */
export function rewardShare(work: u64, totalWork: u64): u64 {
  if (totalWork == 0) return 0;
  return mulDiv(EPOCH_REWARD, work, totalWork);
}
