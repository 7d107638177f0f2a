// Validator transactions (docs/PROTOCOL.md §17): register (kind 2), exit (3), slash (4).
// They share the transfer's framing: version:u8 ‖ kind:u8 ‖ chainId:u32 ‖ nonce:u64 ‖ from[32],
// then the fields below, then the sender's ed25519 signature over everything before it. The
// caller (assembly/ledger) has decoded the block, checked versions, kinds, chain ids and
// signatures (§8 steps 1–4) and read the tip (readTip); these functions apply one
// transaction to the state and the tip globals, and leave its fee in validatorTxFee for the
// block's fee total.
//
//   register  bond:u64 ‖ fee:u64 ‖ blsPk[48] ‖ pop[96] ‖ vrfPk[32]          302 bytes
//   exit      validator:u32 ‖ fee:u64                                        122 bytes
//   slash     fee:u64 ‖ validator:u32 ‖ voteA[137] ‖ voteB[137]             396 bytes
//             vote = kind:u8 ‖ height:u64 ‖ block[32] ‖ sig[96]
//
// The sender pays like a transfer (chargeSender: E_NO_ACCOUNT, E_NONCE, E_OVERFLOW,
// E_BALANCE; amount = the bond for a register, 0 otherwise). Order of checks: register checks
// E_BOND first, then the sender, then the keys; exit and slash check the sender first.
import {
  OK, E_BOND, E_POP, E_VRF_KEY, E_VALIDATORS_FULL, E_NOT_OWNER, E_VALIDATOR_STATE,
  E_SLASH_EVIDENCE, E_SLASH_STALE, E_ALREADY_SLASHED, E_VALUE_RANGE,
} from "../errors";
import { chargeSender } from "../ledger/account";
import { blsPopVerify, blsVerify } from "../bls12_381/sig";
import { geFromBytesStrictVartime, geMulByCofactor, geIsIdentity } from "../vrf/curve";
import { POINT_BYTES } from "../ed25519/point";
import {
  MIN_BOND, MAX_VALIDATORS, LEVEL_START, LEVEL_MIN, SLASH_DIVISOR, SLASH_WINDOW, NOTARIZE, FINALIZE,
  STATUS_ACTIVE, STATUS_EXITING, STATUS_EXITED, TABLE_ENTRY_BYTES, VOTE_MESSAGE_BYTES, epochOf,
} from "./constants";
import {
  tipValidators, setTipValidators, tipSupply, setTipSupply, readValidator, writeValidator,
  validatorFound, setValidatorNew, valAccount, valStatus, setValStatus, setValExitEpoch, valBond,
  setValBond, setValLevel, readTableEntry, entryFound, entryBlsPk, readSlashed, slashedFound,
  writeSlashed,
} from "./records";
import { voteMessage } from "./cert";

export const TX_KIND_REGISTER: u8 = 2;
export const TX_KIND_EXIT: u8 = 3;
export const TX_KIND_SLASH: u8 = 4;
export const REGISTER_TX_BYTES: usize = 302;
export const EXIT_TX_BYTES: usize = 122;
export const SLASH_TX_BYTES: usize = 396;
/** A vote inside slash evidence: kind ‖ height ‖ block ‖ sig. */
export const EVIDENCE_VOTE_BYTES: usize = 137;

const OFF_NONCE: usize = 6;
const OFF_FROM: usize = 14;

/** The fee of the last applied validator transaction. */
export let validatorTxFee: u64 = 0;

const point = memory.data(<i32>POINT_BYTES, 8);
const point8 = memory.data(<i32>POINT_BYTES, 8);
const entry = memory.data(<i32>TABLE_ENTRY_BYTES);
const message = memory.data(<i32>VOTE_MESSAGE_BYTES);

/** A VRF public key decodes canonically and is not of small order (RFC 9381 §5.4.5), as vrfVerify requires. */
export function vrfKeyValid(pk32: usize): bool {
  if (!geFromBytesStrictVartime(point, pk32)) return false;
  geMulByCofactor(point8, point);
  return !geIsIdentity(point8);
}

/**
 * The checks a registration makes of its keys and bond (also genesis's, §18): bond ≥ MIN_BOND
 * (E_BOND) is the caller's; here KeyValidate and PopVerify (E_POP), then the VRF key (E_VRF_KEY).
 */
export function checkValidatorKeys(blsPk: usize, pop: usize, vrfPk: usize): i32 {
  if (blsPopVerify(blsPk, pop) != OK) return E_POP;
  if (!vrfKeyValid(vrfPk)) return E_VRF_KEY;
  return OK;
}

/**
 * Register: bond ≥ MIN_BOND (E_BOND); the sender pays bond + fee; the BLS key and its proof
 * of possession (E_POP); the VRF key (E_VRF_KEY); fewer than MAX_VALIDATORS records
 * (E_VALIDATORS_FULL). Writes record tip.validators (level LEVEL_START, work 0, status 1)
 * and counts it in the tip. The bond leaves the balance but stays in the supply.
 * Keys: the sender's account, record(tip.validators).
 */
export function applyRegister(tx: usize, height: u64): i32 {
  let bond = load<u64>(tx, 46);
  let fee = load<u64>(tx, 54);
  let blsPk = tx + 62, pop = tx + 110, vrfPk = tx + 206;
  validatorTxFee = 0;
  if (bond < MIN_BOND) return E_BOND;
  let r = chargeSender(tx + OFF_FROM, load<u64>(tx, OFF_NONCE), bond, fee);
  if (r != OK) return r;
  r = checkValidatorKeys(blsPk, pop, vrfPk);
  if (r != OK) return r;
  let i = tipValidators;
  if (i >= MAX_VALIDATORS) return E_VALIDATORS_FULL;
  setValidatorNew(tx + OFF_FROM, blsPk, vrfPk, bond, LEVEL_START);
  r = writeValidator(i);
  if (r != OK) return r;
  setTipValidators(i + 1);
  validatorTxFee = fee;
  return OK;
}

/**
 * Exit: the record exists and belongs to `from` (E_NOT_OWNER), status 1 (E_VALIDATOR_STATE).
 * Status becomes 2 with exitEpoch = epoch(height); the bond returns EXIT_DELAY epochs later.
 * Keys: the sender's account, record(validator) if validator < tip.validators.
 */
export function applyExit(tx: usize, height: u64): i32 {
  let validator = load<u32>(tx, 46);
  let fee = load<u64>(tx, 50);
  validatorTxFee = 0;
  let r = chargeSender(tx + OFF_FROM, load<u64>(tx, OFF_NONCE), 0, fee);
  if (r != OK) return r;
  if (validator >= tipValidators) return E_NOT_OWNER;
  r = readValidator(validator);
  if (r != OK) return r;
  if (!validatorFound || memory.compare(valAccount(), tx + OFF_FROM, 32) != 0) return E_NOT_OWNER;
  if (valStatus() != STATUS_ACTIVE) return E_VALIDATOR_STATE;
  setValStatus(STATUS_EXITING);
  setValExitEpoch(epochOf(height));
  r = writeValidator(validator);
  if (r != OK) return r;
  validatorTxFee = fee;
  return OK;
}

/**
 * Slash: the evidence (E_SLASH_EVIDENCE): both votes of one height h ≥ 1, different blocks,
 * kinds 1 or 2 with at least one finalize, (kind ‖ block) of A sorting strictly before B's;
 * epoch(h) + SLASH_WINDOW ≥ epoch(height) (E_SLASH_STALE); an entry of the validator in
 * table(epoch(h)) under whose BLS key both signatures verify (E_SLASH_EVIDENCE); the record
 * is not exited (E_VALIDATOR_STATE); slashed(validator, h) absent (E_ALREADY_SLASHED). Then
 * level = LEVEL_MIN, bond / SLASH_DIVISOR burned from the bond and the supply, the mark
 * written. Keys: the sender's account; then, once the evidence's form and age pass, the
 * entry (epoch(h), validator), and once both signatures verify, record(validator) and
 * slashed(validator, h).
 */
export function applySlash(tx: usize, chainId: u32, height: u64): i32 {
  let fee = load<u64>(tx, 46);
  let validator = load<u32>(tx, 54);
  let a = tx + 58, b = a + EVIDENCE_VOTE_BYTES;
  validatorTxFee = 0;
  let r = chargeSender(tx + OFF_FROM, load<u64>(tx, OFF_NONCE), 0, fee);
  if (r != OK) return r;
  let kindA = load<u8>(a), kindB = load<u8>(b);
  let h = load<u64>(a, 1);
  if (h == 0 || load<u64>(b, 1) != h) return E_SLASH_EVIDENCE;
  if ((kindA != NOTARIZE && kindA != FINALIZE) || (kindB != NOTARIZE && kindB != FINALIZE)) return E_SLASH_EVIDENCE;
  if (kindA != FINALIZE && kindB != FINALIZE) return E_SLASH_EVIDENCE;
  if (memory.compare(a + 9, b + 9, 32) == 0) return E_SLASH_EVIDENCE;
  // (kind ‖ block) of A before B's, bytewise: the kind byte decides unless the kinds are equal.
  if (kindA > kindB || (kindA == kindB && memory.compare(a + 9, b + 9, 32) > 0)) return E_SLASH_EVIDENCE;
  let eh = epochOf(h);
  // eh + SLASH_WINDOW ≥ epoch(height), without overflow (eh < 2^59).
  if (eh + SLASH_WINDOW < epochOf(height)) return E_SLASH_STALE;
  r = readTableEntry(eh, validator, entry);
  if (r != OK) return r;
  if (!entryFound) return E_SLASH_EVIDENCE;
  voteMessage(message, chainId, kindA, h, a + 9);
  if (blsVerify(entryBlsPk(entry), message, VOTE_MESSAGE_BYTES, a + 41) != OK) return E_SLASH_EVIDENCE;
  voteMessage(message, chainId, kindB, h, b + 9);
  if (blsVerify(entryBlsPk(entry), message, VOTE_MESSAGE_BYTES, b + 41) != OK) return E_SLASH_EVIDENCE;
  r = readValidator(validator);
  if (r != OK) return r;
  if (!validatorFound) return E_VALUE_RANGE; // an entry implies its record
  if (valStatus() == STATUS_EXITED) return E_VALIDATOR_STATE;
  r = readSlashed(validator, h);
  if (r != OK) return r;
  if (slashedFound) return E_ALREADY_SLASHED;
  let burned = valBond() / SLASH_DIVISOR;
  setValBond(valBond() - burned);
  setValLevel(LEVEL_MIN);
  r = writeValidator(validator);
  if (r != OK) return r;
  r = writeSlashed(validator, h);
  if (r != OK) return r;
  // The bond was counted in the supply, so supply ≥ burned.
  setTipSupply(tipSupply >= burned ? tipSupply - burned : 0);
  validatorTxFee = fee;
  return OK;
}
