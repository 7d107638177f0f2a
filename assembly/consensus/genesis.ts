// Consensus genesis (docs/PROTOCOL.md §18). The genesis input is §9's allocations followed by
//   count:u32 ‖ count × (account[32] ‖ bond:u64 ‖ blsPk[48] ‖ pop[96] ‖ vrfPk[32])
// with 1 ≤ count ≤ MAX_VALIDATORS, each checked as a registration. The caller (assembly/ledger)
// has loaded an empty tree and written the allocations; this writes records 0 … count − 1
// (level LEVEL_START, work 0, status 1), the tip (height 0, slot 0, the genesis seed, supply =
// allocations + bonds, proposer NO_PROPOSER) and the tables of epochs 0 and 1 (every
// validator with weight bond × LEVEL_START / 1000, the genesis seed).
import { OK, E_TRUNCATED, E_TRAILING, E_COUNT_RANGE, E_BOND, E_GENESIS, E_OVERFLOW } from "../errors";
import { MAX_VALIDATORS, MIN_BOND, LEVEL_START, NO_PROPOSER } from "./constants";
import {
  setTipHeight, setTipSlot, setTipSupply, setTipValidators, setTipProposer, tipSeed, writeTip,
  setValidatorNew, writeValidator, writeTableEntry, writeTableHeader,
} from "./records";
import { checkValidatorKeys } from "./validator_txs";
import { genesisSeed } from "./seeds";
import { tableWeight } from "./merit";

/** account ‖ bond ‖ blsPk ‖ pop ‖ vrfPk */
export const GENESIS_VALIDATOR_BYTES: usize = 216;

/** Index of the validator the last consensusGenesis error refers to (-1: the list as a whole). */
export let genesisErrorValidator: i32 = -1;

/**
 * Checks and writes the validators section validators[len] (after the allocations) of the
 * genesis input genesisInput[genesisInputLen] on chain chainId; supplySoFar is the sum of the
 * allocations. OK, E_TRUNCATED / E_TRAILING / E_COUNT_RANGE (the section), E_BOND / E_POP /
 * E_VRF_KEY (validator genesisErrorValidator), E_GENESIS (supply past 2^64 − 1) or a state error.
 */
export function consensusGenesis(validators: usize, len: usize, chainId: u32, genesisInput: usize,
                                 genesisInputLen: usize, supplySoFar: u64): i32 {
  genesisErrorValidator = -1;
  if (len < 4) return E_TRUNCATED;
  let count = load<u32>(validators);
  if (count == 0 || count > MAX_VALIDATORS) return E_COUNT_RANGE;
  let need: usize = 4 + <usize>count * GENESIS_VALIDATOR_BYTES;
  if (len < need) return E_TRUNCATED;
  if (len > need) return E_TRAILING;
  let supply = supplySoFar;
  let totalWeight: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let v = validators + 4 + <usize>i * GENESIS_VALIDATOR_BYTES;
    let bond = load<u64>(v, 32);
    genesisErrorValidator = <i32>i;
    if (bond < MIN_BOND) return E_BOND;
    let r = checkValidatorKeys(v + 40, v + 88, v + 184);
    if (r != OK) return r;
    supply += bond;
    if (supply < bond) return E_GENESIS;
    let weight = tableWeight(bond, LEVEL_START); // ≥ 1: bond ≥ MIN_BOND
    totalWeight += weight;
    if (totalWeight < weight) return E_OVERFLOW; // cannot happen: weights ≤ bonds ≤ supply
    setValidatorNew(v, v + 40, v + 184, bond, LEVEL_START);
    r = writeValidator(i);
    if (r != OK) return r;
    r = writeTableEntry(0, i, v + 40, v + 184, weight);
    if (r != OK) return r;
    r = writeTableEntry(1, i, v + 40, v + 184, weight);
    if (r != OK) return r;
  }
  genesisErrorValidator = -1;
  genesisSeed(tipSeed, chainId, genesisInput, genesisInputLen);
  let r = writeTableHeader(0, count, totalWeight, tipSeed);
  if (r != OK) return r;
  r = writeTableHeader(1, count, totalWeight, tipSeed);
  if (r != OK) return r;
  setTipHeight(0);
  setTipSlot(0);
  setTipSupply(supply);
  setTipValidators(count);
  setTipProposer(NO_PROPOSER);
  return writeTip();
}
