// Ledger exports (docs/ABI.md).
import { E_TOO_MANY_TXS, E_TRAILING, E_TRUNCATED, E_VALUE_RANGE, OK } from "../errors";
import { BLOCK_TXS_MAX } from "../codec/layout";
import { checkTxBytes } from "../codec/block";
import { sha256 } from "../hash/sha256";
import { TX_LIST_ENTRY_BYTES, sigErrorTx, verifyTxSignatures } from "./signatures";
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

/**
 * ledger_verify_txs(lensPtr, count, txsPtr, txsLen): `count` transactions of any kind one
 * after another at txs, transaction i being lens[i] bytes (u32 LE), each decoded exactly as
 * codec_check_tx does (at most BLOCK_TXS_MAX of them), then every signature verified as
 * apply would (the ones verified before are remembered: signatures.ts). OK → result = each
 * transaction's SHA-256 hash[32]. Error → result = i32 LE index of the offending
 * transaction (-1: the lengths do not add up to txsLen).
 */
export function ledger_verify_txs(lensPtr: usize, count: u32, txsPtr: usize, txsLen: u32): i32 {
  if (count > BLOCK_TXS_MAX) return errorAt(E_TOO_MANY_TXS, -1);
  // pointers from the host: inside memory, or the call ends before reading
  let memEnd = <u64>memory.size() << 16;
  if (<u64>lensPtr + (<u64>count << 2) > memEnd || <u64>txsPtr + <u64>txsLen > memEnd) return errorAt(E_TRUNCATED, -1);
  let list = __alloc(max<usize>(<usize>count * TX_LIST_ENTRY_BYTES, 8));
  let off: usize = 0;
  for (let i: u32 = 0; i < count; i++) {
    let len = <usize>load<u32>(lensPtr + (<usize>i << 2));
    if (len > <usize>txsLen - off) return errorAt(E_TRUNCATED, -1);
    let r = checkTxBytes(txsPtr + off, len);
    if (r != OK) return errorAt(r, <i32>i);
    store<u32>(list + <usize>i * TX_LIST_ENTRY_BYTES, <u32>(txsPtr + off));
    store<u32>(list + <usize>i * TX_LIST_ENTRY_BYTES, <u32>len, 4);
    off += len;
  }
  if (off != <usize>txsLen) return errorAt(E_TRAILING, -1);
  let hashes = __alloc(max<usize>(<usize>count << 5, 32));
  for (let i: u32 = 0; i < count; i++) {
    let rec = list + <usize>i * TX_LIST_ENTRY_BYTES;
    sha256(hashes + (<usize>i << 5), <usize>load<u32>(rec), <usize>load<u32>(rec, 4));
  }
  let r = verifyTxSignatures(list, hashes, count);
  if (r != OK) return errorAt(r, sigErrorTx);
  memory.copy(allocResult(count << 5), hashes, <usize>count << 5);
  return OK;
}

function errorAt(code: i32, index: i32): i32 {
  store<i32>(allocResult(4), index);
  return code;
}
