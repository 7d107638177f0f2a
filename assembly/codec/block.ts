// Block and transaction decoding: checks only, values stay in the caller's buffer.
import { E_BAD_TAG, E_BAD_VERSION, E_TRAILING, E_TRUNCATED, E_TOO_MANY_TXS, OK } from "../errors";
import {
  BLOCK_TXS_MAX, HDR_OFF_TX_COUNT, HDR_OFF_VERSION, HEADER_BYTES, HEADER_VERSION,
  TX_BYTES, TX_KIND_TRANSFER, TX_OFF_KIND, TX_OFF_VERSION, TX_VERSION,
} from "./layout";

/** Index of the transaction the last failed check refers to (-1: the header or the block). */
export let decodeErrorTx: i32 = -1;

/** Checks one encoded transaction at `tx` (TX_BYTES long). */
export function checkTx(tx: usize): i32 {
  if (load<u8>(tx + TX_OFF_VERSION) != TX_VERSION) return E_BAD_VERSION;
  if (load<u8>(tx + TX_OFF_KIND) != TX_KIND_TRANSFER) return E_BAD_TAG;
  return OK;
}

/** Checks a standalone encoded transaction of `len` bytes. */
export function checkTxBytes(tx: usize, len: usize): i32 {
  // Length first, then tags; runtime/codec checks in the same order, so both name the
  // same error for the same bytes.
  if (len < TX_BYTES) return E_TRUNCATED;
  let r = checkTx(tx);
  if (r != OK) return r;
  if (len > TX_BYTES) return E_TRAILING;
  return OK;
}

/** Transaction i of a checked block. */
// @ts-ignore: decorator
@inline export function blockTx(block: usize, i: u32): usize {
  return block + HEADER_BYTES + <usize>i * TX_BYTES;
}

/** Checks a whole encoded block: header, every transaction, exact length. */
export function checkBlock(block: usize, len: usize): i32 {
  decodeErrorTx = -1;
  if (len < HEADER_BYTES) return E_TRUNCATED;
  if (load<u8>(block + HDR_OFF_VERSION) != HEADER_VERSION) return E_BAD_VERSION;
  let count = load<u32>(block + HDR_OFF_TX_COUNT);
  if (count > BLOCK_TXS_MAX) return E_TOO_MANY_TXS;
  let end = block + len;
  for (let i: u32 = 0; i < count; i++) {
    let tx = blockTx(block, i);
    if (tx + TX_BYTES > end) {
      decodeErrorTx = <i32>i;
      return E_TRUNCATED;
    }
    let r = checkTx(tx);
    if (r != OK) {
      decodeErrorTx = <i32>i;
      return r;
    }
  }
  if (blockTx(block, count) != end) return E_TRAILING;
  return OK;
}
