// The epoch transition (docs/PROTOCOL.md §16), run at height e·E + 1 for e ≥ 1 on the state
// left by the block at height e·E, before anything else in the block reads a table. It
// settles epoch e − 1 (exits, levels, rewards, work) and freezes table(e + 1) from the
// records, so the table of an epoch is always made one epoch ahead, from finalized state.
//
// For every record i < tip.validators, in index order:
//   1 status 2 and e ≥ exitEpoch + EXIT_DELAY: the bond returns to the account, status 3
//   2 the level moves (§15) with work_i and the weight w_i of i in table(e − 1)
//   3 reward_i = EPOCH_REWARD × work_i / Σ work is credited to the account
//   4 work = 0
//   5 an entry in table(e + 1) with weight bond × level / 1000 if status 1 and weight ≥ 1
// then table(e + 1)'s header: n = tip.validators, W = Σ weights, seed = tip.seed. The tip's
// supply grows by what was minted; the caller writes the tip (writeTip) with the block.
//
// Nothing is minted if Σ work = 0 or if supply + EPOCH_REWARD would pass 2^64 − 1 (the
// minted total is at most EPOCH_REWARD, so this bound is what makes crediting safe).
//
// State keys (runtime/consensus/transition-keys.ts epochTransitionKeys mirrors them):
// table(e − 1); per record i: record i (read twice: once to sum the work, once to update,
// then written); entry (e − 1, i) if i < table(e − 1).n; the account if its bond returns or
// its reward is ≥ 1; entry (e + 1, i) if written; then table(e + 1).
import { OK, E_OVERFLOW, E_VALUE_RANGE } from "../errors";
import { creditAccount } from "../ledger/account";
import { EPOCH_LENGTH, EXIT_DELAY, EPOCH_REWARD, STATUS_ACTIVE, STATUS_EXITING, STATUS_EXITED, TABLE_ENTRY_BYTES } from "./constants";
import {
  tipValidators, tipSupply, setTipSupply, tipSeed, readTableHeader, tableHeader, headerN, headerW,
  readTableEntry, entryWeight, writeTableEntry, writeTableHeader, readValidator, writeValidator,
  validatorFound, valAccount, valBlsPk, valVrfPk, valBond, setValBond, valLevel, setValLevel,
  valWork, setValWork, valStatus, setValStatus, valExitEpoch,
} from "./records";
import { nextLevel, tableWeight, rewardShare } from "./merit";

const entry = memory.data(<i32>TABLE_ENTRY_BYTES);

/** Whether `height` is the first height of an epoch e ≥ 1 (where the transition runs). */
export function isEpochStart(height: u64): bool {
  return height > EPOCH_LENGTH && (height - 1) % EPOCH_LENGTH == 0;
}

/** Runs the epoch transition if `height` = e·E + 1 with e ≥ 1 (else OK at once). Needs readTip first. */
export function epochTransitionIfDue(height: u64): i32 {
  if (!isEpochStart(height)) return OK;
  let e = (height - 1) / EPOCH_LENGTH;
  let r = readTableHeader(e - 1);
  if (r != OK) return r;
  let prevN = headerN(tableHeader);
  let prevW = headerW(tableHeader);
  let count = tipValidators;
  // Σ work first: every share needs it.
  let totalWork: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    r = readValidator(i);
    if (r != OK) return r;
    if (!validatorFound) return E_VALUE_RANGE; // records 0 … validators − 1 always exist
    let w = valWork();
    totalWork += w;
    if (totalWork < w) return E_OVERFLOW;
  }
  let mint = totalWork != 0 && tipSupply <= U64.MAX_VALUE - EPOCH_REWARD;
  let minted: u64 = 0;
  let nextW: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    r = readValidator(i);
    if (r != OK) return r;
    // 1. a completed exit returns the bond (it was counted in the supply all along)
    if (valStatus() == STATUS_EXITING && e >= EXIT_DELAY && e - EXIT_DELAY >= valExitEpoch()) {
      r = creditAccount(valAccount(), valBond());
      if (r != OK) return r;
      setValBond(0);
      setValStatus(STATUS_EXITED);
    }
    // 2. the level, from the work against table(e − 1)
    let work = valWork();
    if (i < prevN) {
      r = readTableEntry(e - 1, i, entry);
      if (r != OK) return r;
      setValLevel(nextLevel(valLevel(), work, entryWeight(entry), prevW));
    }
    // 3. the reward share
    if (mint) {
      let reward = rewardShare(work, totalWork);
      if (reward != 0) {
        r = creditAccount(valAccount(), reward);
        if (r != OK) return r;
        minted += reward;
      }
    }
    // 4., then 5. the entry of table(e + 1)
    setValWork(0);
    if (valStatus() == STATUS_ACTIVE) {
      let weight = tableWeight(valBond(), valLevel());
      if (weight != 0) {
        r = writeTableEntry(e + 1, i, valBlsPk(), valVrfPk(), weight);
        if (r != OK) return r;
        nextW += weight;
        if (nextW < weight) return E_OVERFLOW;
      }
    }
    r = writeValidator(i);
    if (r != OK) return r;
  }
  setTipSupply(tipSupply + minted); // minted ≤ EPOCH_REWARD: checked above
  return writeTableHeader(e + 1, count, nextW, tipSeed);
}
