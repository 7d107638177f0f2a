// Ledger exports (docs/ABI.md).
import { E_VALUE_RANGE, OK } from "../errors";
import { allocResult } from "../abi";
import { stateWritesLen, stateWritesPtr } from "../state/tree";
import { applyBlock, applyErrorTx } from "./apply";
import { chainGenesis, genesisErrorIndex, genesisState } from "./genesis";

/** Result = root[32] || the state writes (encoding in docs/STATE.md). */
function rootAndWrites(root: usize): void {
  let n = stateWritesLen();
  let out = allocResult(32 + n);
  memory.copy(out, root, 32);
  memory.copy(out + 32, stateWritesPtr(), n);
}

/** ledger_genesis(allocations): OK → result = genesis state root[32] || writes. */
export function ledger_genesis(allocsPtr: usize, allocsLen: u32): i32 {
  let root = __alloc(32);
  let r = genesisState(allocsPtr, allocsLen, root);
  if (r == OK) rootAndWrites(root);
  return r;
}

/**
 * chain_genesis(input, chainId): the consensus genesis (docs/PROTOCOL.md §18) of
 * input = allocations ‖ validators. OK → result = genesis state root[32] || writes.
 * Error → result = i32 LE index of the offending validator (-1: none in particular).
 */
export function chain_genesis(inputPtr: usize, inputLen: u32, chainId: u32): i32 {
  let root = __alloc(32);
  let r = chainGenesis(inputPtr, inputLen, chainId, root);
  if (r == OK) rootAndWrites(root);
  else store<i32>(allocResult(4), genesisErrorIndex);
  return r;
}

/**
 * ledger_apply(preRoot[32], block, witness, mode): applies a version-1 or version-2 block.
 * Mode 0 verifies everything; mode 1 (a proposer building its block) skips the header's
 * state root comparison and, for version 2, the header signature: both cover the root. OK → result = post-state root[32] || writes.
 * Error → result = i32 LE index of the offending transaction (-1: the block as a whole).
 */
export function ledger_apply(preRootPtr: usize, blockPtr: usize, blockLen: u32,
                             witnessPtr: usize, witnessLen: u32, mode: u32): i32 {
  if (mode > 1) {
    store<i32>(allocResult(4), -1);
    return E_VALUE_RANGE;
  }
  let root = __alloc(32);
  let r = applyBlock(preRootPtr, blockPtr, blockLen, witnessPtr, witnessLen, mode == 0, root);
  if (r == OK) rootAndWrites(root);
  else store<i32>(allocResult(4), applyErrorTx);
  return r;
}
