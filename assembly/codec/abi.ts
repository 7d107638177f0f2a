// Codec exports: check an encoded transaction or block the way apply() would decode it.
import { OK } from "../errors";
import { allocResult } from "../abi";
import { sha256 } from "../hash/sha256";
import { blockHashOf, blockTxCount, checkBlock, checkTxBytes, decodeErrorTx } from "./block";
import { hashTxs, merkleRoot } from "./txroot";

/** codec_check_tx (any kind, §6 and §17): OK → result = the transaction's hash (32 bytes). */
export function codec_check_tx(ptr: usize, len: u32): i32 {
  let r = checkTxBytes(ptr, len);
  if (r != OK) return r;
  sha256(allocResult(32), ptr, len);
  return OK;
}

/**
 * codec_check_block: OK → result = block hash[32] || computed tx root[32] || each
 * transaction's hash[32]. On error → result = i32 LE index of the bad transaction (-1: header).
 */
export function codec_check_block(ptr: usize, len: u32): i32 {
  let r = checkBlock(ptr, len);
  if (r != OK) {
    store<i32>(allocResult(4), decodeErrorTx);
    return r;
  }
  let count = blockTxCount;
  let out = allocResult(64 + (count << 5));
  blockHashOf(out, ptr);
  hashTxs(ptr, count, out + 64);
  let level = __alloc(max<usize>(<usize>count << 5, 32));
  memory.copy(level, out + 64, <usize>count << 5);
  merkleRoot(out + 32, level, count);
  return OK;
}
