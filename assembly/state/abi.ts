// State exports (docs/ABI.md, docs/STATE.md): proofs for light clients and a bare tree
// update, both over the same witness format the ledger uses.
import { OK, E_INPUT_TOO_LARGE, E_TRUNCATED, E_TRAILING, E_STATE_VALUE_LEN } from "../errors";
import { INPUT_BYTES_MAX, allocResult, setResult } from "../abi";
import {
  stateLoad, stateGet, stateSet, stateCommit, stateCheckUse, stateWritesPtr, stateWritesLen,
  stateFound, stateValuePtr, stateValueLen, VALUE_BYTES_MAX, STATE_WRITES_HEADROOM,
} from "./tree";

const newRoot: usize = memory.data(32);

/**
 * state_verify(root[32], key[32], witness, witnessLen): verifies a one-key inclusion or
 * exclusion proof (a witness covering exactly that key). OK → result = found:u8 || value.
 * Errors: E_WITNESS_SHAPE, E_WITNESS_DEPTH, E_WITNESS_ROOT, E_WITNESS_MISSING, E_STATE_NODES.
 */
export function state_verify(root: usize, key: usize, witness: usize, witnessLen: u32): i32 {
  let r = stateLoad(root, witness, witnessLen);
  if (r != OK) return r;
  r = stateGet(key);
  if (r != OK) return r;
  r = stateCheckUse();
  if (r != OK) return r;
  let out = allocResult(1 + stateValueLen);
  store<u8>(out, stateFound ? 1 : 0);
  memory.copy(out + 1, stateValuePtr, <usize>stateValueLen);
  return OK;
}

/**
 * state_update(root[32], witness, witnessLen, updates, updatesLen): applies updates =
 * count:u32 LE then count × (key[32] || len:u16 LE || value[len]), in order (a later
 * update of a key wins), to the state proved by the witness, which must cover exactly
 * the updated keys. OK → result = newRoot[32] || writes (docs/STATE.md §Writes).
 * Errors: the witness codes of state_verify, E_TRUNCATED, E_TRAILING, E_STATE_VALUE_LEN,
 * E_INPUT_TOO_LARGE (witness and updates together over the input cap).
 */
export function state_update(root: usize, witness: usize, witnessLen: u32, updates: usize, updatesLen: u32): i32 {
  // Values are copied once into the tree and once into the writes: bounding both inputs
  // together bounds the call's memory.
  if (<u64>witnessLen + <u64>updatesLen > <u64>INPUT_BYTES_MAX) return E_INPUT_TOO_LARGE;
  let r = stateLoad(root, witness, witnessLen);
  if (r != OK) return r;
  let end = <usize>updatesLen;
  if (end < 4) return E_TRUNCATED;
  let count = load<u32>(updates);
  let pos: usize = 4;
  for (let k: u32 = 0; k < count; k++) {
    if (end - pos < 34) return E_TRUNCATED;
    let len = <u32>load<u16>(updates + pos + 32);
    if (len > VALUE_BYTES_MAX) return E_STATE_VALUE_LEN;
    if (end - pos - 34 < <usize>len) return E_TRUNCATED;
    r = stateSet(updates + pos, updates + pos + 34, len);
    if (r != OK) return r;
    pos += 34 + <usize>len;
  }
  if (pos != end) return E_TRAILING;
  r = stateCommit(newRoot);
  if (r != OK) return r;
  // root || writes in place, in the headroom before the writes.
  let out = stateWritesPtr() - STATE_WRITES_HEADROOM;
  memory.copy(out, newRoot, 32);
  setResult(out, 32 + stateWritesLen());
  return OK;
}
