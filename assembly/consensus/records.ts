// The consensus records in the state tree (docs/PROTOCOL.md §12), read and written through
// the tree of the current apply call (assembly/state/tree.ts). Each value has one exact
// length; any other length is E_VALUE_RANGE. Values are copied into static buffers at once,
// because the tree's value pointer is only valid until the next write of that key.
// Mirror: runtime/consensus/records.ts.
//
//   tip       height:u64 ‖ slot:u64 ‖ seed[32] ‖ supply:u64 ‖ validators:u32 ‖ proposer:u32
//   validator account[32] ‖ blsPk[48] ‖ vrfPk[32] ‖ bond:u64 ‖ level:u32 ‖ work:u64 ‖
//             status:u8 ‖ exitEpoch:u64
//   table     n:u32 ‖ W:u64 ‖ seed[32]
//   entry     blsPk[48] ‖ vrfPk[32] ‖ weight:u64
import { OK, E_NO_TIP, E_NO_TABLE, E_VALUE_RANGE } from "../errors";
import { stateGet, stateSet, stateFound, stateValuePtr, stateValueLen } from "../state/tree";
import { tipKey, validatorKey, tableKey, tableEntryKey, slashedKey } from "./keys";
import { TIP_BYTES, VALIDATOR_BYTES, TABLE_HEADER_BYTES, TABLE_ENTRY_BYTES } from "./constants";

const keyBuf = memory.data(32);

// ---- tip ----------------------------------------------------------------------------------

/** The tip as read by readTip (and updated in place by the block's steps until writeTip). */
export let tipHeight: u64 = 0;
export let tipSlot: u64 = 0;
export let tipSupply: u64 = 0;
export let tipValidators: u32 = 0;
export let tipProposer: u32 = 0;
/** The tip's seed (32 bytes). */
export const tipSeed: usize = memory.data(32);
const tipBuf = memory.data(<i32>TIP_BYTES);

export function setTipHeight(v: u64): void { tipHeight = v; }
export function setTipSlot(v: u64): void { tipSlot = v; }
export function setTipSupply(v: u64): void { tipSupply = v; }
export function setTipValidators(v: u32): void { tipValidators = v; }
export function setTipProposer(v: u32): void { tipProposer = v; }

/** Reads the tip into the globals: OK, E_NO_TIP (absent), E_VALUE_RANGE or a state error. */
export function readTip(): i32 {
  tipKey(keyBuf);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  if (!stateFound) return E_NO_TIP;
  if (stateValueLen != TIP_BYTES) return E_VALUE_RANGE;
  let p = stateValuePtr;
  tipHeight = load<u64>(p);
  tipSlot = load<u64>(p, 8);
  memory.copy(tipSeed, p + 16, 32);
  tipSupply = load<u64>(p, 48);
  tipValidators = load<u32>(p, 56);
  tipProposer = load<u32>(p, 60);
  return OK;
}

/** Writes the globals as the tip record. */
export function writeTip(): i32 {
  store<u64>(tipBuf, tipHeight);
  store<u64>(tipBuf, tipSlot, 8);
  memory.copy(tipBuf + 16, tipSeed, 32);
  store<u64>(tipBuf, tipSupply, 48);
  store<u32>(tipBuf, tipValidators, 56);
  store<u32>(tipBuf, tipProposer, 60);
  tipKey(keyBuf);
  return stateSet(keyBuf, tipBuf, TIP_BYTES);
}

// ---- validator records ----------------------------------------------------------------------

/** The one validator record in work: readValidator fills it, writeValidator stores it. */
export const validatorRecord: usize = memory.data(<i32>VALIDATOR_BYTES);
/** Whether the last readValidator found its record (the buffer is zero if not). */
export let validatorFound: bool = false;

const V_ACCOUNT: usize = 0;
const V_BLS: usize = 32;
const V_VRF: usize = 80;
const V_BOND: usize = 112;
const V_LEVEL: usize = 120;
const V_WORK: usize = 124;
const V_STATUS: usize = 132;
const V_EXIT: usize = 133;

// @ts-ignore: decorator
@inline export function valAccount(): usize { return validatorRecord + V_ACCOUNT; }
// @ts-ignore: decorator
@inline export function valBlsPk(): usize { return validatorRecord + V_BLS; }
// @ts-ignore: decorator
@inline export function valVrfPk(): usize { return validatorRecord + V_VRF; }
// @ts-ignore: decorator
@inline export function valBond(): u64 { return load<u64>(validatorRecord + V_BOND); }
// @ts-ignore: decorator
@inline export function valLevel(): u32 { return load<u32>(validatorRecord + V_LEVEL); }
// @ts-ignore: decorator
@inline export function valWork(): u64 { return load<u64>(validatorRecord + V_WORK); }
// @ts-ignore: decorator
@inline export function valStatus(): u8 { return load<u8>(validatorRecord + V_STATUS); }
// @ts-ignore: decorator
@inline export function valExitEpoch(): u64 { return load<u64>(validatorRecord + V_EXIT); }
// @ts-ignore: decorator
@inline export function setValBond(v: u64): void { store<u64>(validatorRecord + V_BOND, v); }
// @ts-ignore: decorator
@inline export function setValLevel(v: u32): void { store<u32>(validatorRecord + V_LEVEL, v); }
// @ts-ignore: decorator
@inline export function setValWork(v: u64): void { store<u64>(validatorRecord + V_WORK, v); }
// @ts-ignore: decorator
@inline export function setValStatus(v: u8): void { store<u8>(validatorRecord + V_STATUS, v); }
// @ts-ignore: decorator
@inline export function setValExitEpoch(v: u64): void { store<u64>(validatorRecord + V_EXIT, v); }

/** Fills validatorRecord with a new record (keys copied from the pointers). */
export function setValidatorNew(account: usize, blsPk: usize, vrfPk: usize, bond: u64, level: u32): void {
  memory.copy(validatorRecord + V_ACCOUNT, account, 32);
  memory.copy(validatorRecord + V_BLS, blsPk, 48);
  memory.copy(validatorRecord + V_VRF, vrfPk, 32);
  setValBond(bond);
  setValLevel(level);
  setValWork(0);
  setValStatus(1);
  setValExitEpoch(0);
}

/** Reads record i into validatorRecord: OK (see validatorFound), E_VALUE_RANGE or a state error. */
export function readValidator(i: u32): i32 {
  validatorKey(keyBuf, i);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  validatorFound = stateFound;
  if (!stateFound) {
    memory.fill(validatorRecord, 0, VALIDATOR_BYTES);
    return OK;
  }
  if (stateValueLen != VALIDATOR_BYTES) return E_VALUE_RANGE;
  memory.copy(validatorRecord, stateValuePtr, VALIDATOR_BYTES);
  return OK;
}

/** Writes validatorRecord as record i. */
export function writeValidator(i: u32): i32 {
  validatorKey(keyBuf, i);
  return stateSet(keyBuf, validatorRecord, VALIDATOR_BYTES);
}

// ---- tables -------------------------------------------------------------------------------

/** The last table header read, raw (44 bytes: the hdr44 the certificate checks take). */
export const tableHeader: usize = memory.data(<i32>TABLE_HEADER_BYTES);

// @ts-ignore: decorator
@inline export function headerN(hdr44: usize): u32 { return load<u32>(hdr44); }
// @ts-ignore: decorator
@inline export function headerW(hdr44: usize): u64 { return load<u64>(hdr44, 4); }
// @ts-ignore: decorator
@inline export function headerSeed(hdr44: usize): usize { return hdr44 + 12; }

/** Reads table(e)'s header into tableHeader: OK, E_NO_TABLE, E_VALUE_RANGE or a state error. */
export function readTableHeader(e: u64): i32 {
  tableKey(keyBuf, e);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  if (!stateFound) return E_NO_TABLE;
  if (stateValueLen != TABLE_HEADER_BYTES) return E_VALUE_RANGE;
  memory.copy(tableHeader, stateValuePtr, TABLE_HEADER_BYTES);
  return OK;
}

const headerBuf = memory.data(<i32>TABLE_HEADER_BYTES);

export function writeTableHeader(e: u64, n: u32, totalWeight: u64, seed: usize): i32 {
  store<u32>(headerBuf, n);
  store<u64>(headerBuf, totalWeight, 4);
  memory.copy(headerBuf + 12, seed, 32);
  tableKey(keyBuf, e);
  return stateSet(keyBuf, headerBuf, TABLE_HEADER_BYTES);
}

/** Whether the last readTableEntry found its entry. */
export let entryFound: bool = false;

/**
 * Reads validator i's entry in table(e) into out88; an absent entry (weight 0) is written as
 * 88 zero bytes. OK (see entryFound), E_VALUE_RANGE or a state error.
 */
export function readTableEntry(e: u64, i: u32, out88: usize): i32 {
  tableEntryKey(keyBuf, e, i);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  entryFound = stateFound;
  if (!stateFound) {
    memory.fill(out88, 0, TABLE_ENTRY_BYTES);
    return OK;
  }
  if (stateValueLen != TABLE_ENTRY_BYTES) return E_VALUE_RANGE;
  memory.copy(out88, stateValuePtr, TABLE_ENTRY_BYTES);
  return OK;
}

const entryBuf = memory.data(<i32>TABLE_ENTRY_BYTES);

export function writeTableEntry(e: u64, i: u32, blsPk: usize, vrfPk: usize, weight: u64): i32 {
  memory.copy(entryBuf, blsPk, 48);
  memory.copy(entryBuf + 48, vrfPk, 32);
  store<u64>(entryBuf, weight, 80);
  tableEntryKey(keyBuf, e, i);
  return stateSet(keyBuf, entryBuf, TABLE_ENTRY_BYTES);
}

// @ts-ignore: decorator
@inline export function entryBlsPk(entry88: usize): usize { return entry88; }
// @ts-ignore: decorator
@inline export function entryVrfPk(entry88: usize): usize { return entry88 + 48; }
// @ts-ignore: decorator
@inline export function entryWeight(entry88: usize): u64 { return load<u64>(entry88, 80); }

// ---- slashing marks -------------------------------------------------------------------------

const ONE = memory.data<u8>([1]);

/** Whether slashed(i, h) is present: OK with slashedFound set, E_VALUE_RANGE or a state error. */
export let slashedFound: bool = false;
export function readSlashed(i: u32, h: u64): i32 {
  slashedKey(keyBuf, i, h);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  slashedFound = stateFound;
  if (stateFound && (stateValueLen != 1 || load<u8>(stateValuePtr) != 1)) return E_VALUE_RANGE;
  return OK;
}

export function writeSlashed(i: u32, h: u64): i32 {
  slashedKey(keyBuf, i, h);
  return stateSet(keyBuf, ONE, 1);
}
