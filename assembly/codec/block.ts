// Block and transaction decoding: checks only, values stay in the caller's buffer.
//
// Order of checks (runtime/codec/block.ts follows the same order, so both name the same
// error for the same bytes):
//   1. fewer than HEADER_BYTES (153, the shorter header): E_TRUNCATED; then the version
//      (1 or 2, else E_BAD_VERSION);
//   2. version 2: the 209 bytes before the certificate (E_TRUNCATED), certLen at most
//      CERT_BYTES_MAX (E_COUNT_RANGE), then certificate and signature (E_TRUNCATED);
//   3. txCount ≤ BLOCK_TXS_MAX (E_TOO_MANY_TXS);
//   4. each transaction: a version-1 block holds transfers only, checked as before version 2
//      existed (158 bytes, version, kind 1); a version-2 block holds any kind, each checked
//      by checkTxAt (TX_MIN_BYTES, version, kind, the kind's exact length);
//   5. nothing after the last transaction (E_TRAILING).
// checkBlock leaves the block's shape in globals (version, header length, transaction
// offsets) for the rest of the call: transactions have variable length in version 2.
import { E_BAD_TAG, E_BAD_VERSION, E_COUNT_RANGE, E_TRAILING, E_TRUNCATED, E_TOO_MANY_TXS, OK } from "../errors";
import {
  BLOCK_TXS_MAX, CERT_BYTES_MAX, HDR_OFF_TX_COUNT, HDR_OFF_VERSION, HDR2_FIXED_BYTES,
  HDR2_OFF_CERT_LEN, HDR2_OFF_TX_COUNT, HDR2_PREFIX_BYTES, HEADER_BYTES, HEADER_VERSION,
  HEADER_VERSION_2, TX_BYTES, TX_KIND_TRANSFER, TX_MIN_BYTES, TX_OFF_KIND, TX_OFF_VERSION,
  TX_SIG_BYTES, TX_VERSION, txBytesOfKind,
} from "./layout";
import { sha256 } from "../hash/sha256";

/** Index of the transaction the last failed check refers to (-1: the header or the block). */
export let decodeErrorTx: i32 = -1;

/** Shape of the block last checked by checkBlock (valid for the rest of the call). */
export let blockVersion: u8 = 0;
export let blockHeaderLen: usize = 0;
export let blockTxCount: u32 = 0;
/** blockTxCount + 1 offsets (u32) from the block's start: transaction i spans [off_i, off_i+1). */
let txOffsets: usize = 0;

/** Checks one transfer at `tx` (TX_BYTES long): the version-1 block rule. */
export function checkTx(tx: usize): i32 {
  if (load<u8>(tx + TX_OFF_VERSION) != TX_VERSION) return E_BAD_VERSION;
  if (load<u8>(tx + TX_OFF_KIND) != TX_KIND_TRANSFER) return E_BAD_TAG;
  return OK;
}

/** Length of the transaction the last successful checkTxAt checked. */
export let checkedTxLen: usize = 0;

/**
 * Checks the transaction of any kind starting at `tx` with `avail` bytes left: OK with its
 * length in checkedTxLen, or E_TRUNCATED / E_BAD_VERSION / E_BAD_TAG.
 */
export function checkTxAt(tx: usize, avail: usize): i32 {
  if (avail < TX_MIN_BYTES) return E_TRUNCATED;
  if (load<u8>(tx + TX_OFF_VERSION) != TX_VERSION) return E_BAD_VERSION;
  let len = txBytesOfKind(load<u8>(tx + TX_OFF_KIND));
  if (len == 0) return E_BAD_TAG;
  if (avail < len) return E_TRUNCATED;
  checkedTxLen = len;
  return OK;
}

/** Checks a standalone encoded transaction of any kind, `len` bytes. */
export function checkTxBytes(tx: usize, len: usize): i32 {
  let r = checkTxAt(tx, len);
  if (r != OK) return r;
  if (len > checkedTxLen) return E_TRAILING;
  return OK;
}

/** Transaction i of the checked block. */
// @ts-ignore: decorator
@inline export function blockTx(block: usize, i: u32): usize {
  return block + <usize>load<u32>(txOffsets + (<usize>i << 2));
}

/** Length of transaction i of the checked block. */
// @ts-ignore: decorator
@inline export function blockTxLen(i: u32): usize {
  let p = txOffsets + (<usize>i << 2);
  return <usize>(load<u32>(p + 4) - load<u32>(p));
}

/** The header's length from its version, or an error (steps 1–2). */
function checkHeader(block: usize, len: usize): i32 {
  if (len < HEADER_BYTES) return E_TRUNCATED;
  let version = load<u8>(block + HDR_OFF_VERSION);
  blockVersion = version;
  if (version == HEADER_VERSION) {
    blockHeaderLen = HEADER_BYTES;
    blockTxCount = load<u32>(block + HDR_OFF_TX_COUNT);
    return OK;
  }
  if (version != HEADER_VERSION_2) return E_BAD_VERSION;
  if (len < HDR2_PREFIX_BYTES) return E_TRUNCATED;
  let certLen = load<u32>(block + HDR2_OFF_CERT_LEN);
  if (certLen > CERT_BYTES_MAX) return E_COUNT_RANGE;
  let headerLen = HDR2_FIXED_BYTES + <usize>certLen;
  if (len < headerLen) return E_TRUNCATED;
  blockHeaderLen = headerLen;
  blockTxCount = load<u32>(block + HDR2_OFF_TX_COUNT);
  return OK;
}

/** The block hash of the checked block: the whole v1 header; a v2 header without its signature. */
export function blockHashOf(out: usize, block: usize): void {
  let hashed = blockVersion == HEADER_VERSION_2 ? blockHeaderLen - TX_SIG_BYTES : blockHeaderLen;
  sha256(out, block, hashed);
}

/** Checks a whole encoded block: header, every transaction, exact length. */
export function checkBlock(block: usize, len: usize): i32 {
  decodeErrorTx = -1;
  blockVersion = 0;
  blockHeaderLen = 0;
  blockTxCount = 0;
  let r = checkHeader(block, len);
  if (r != OK) return r;
  let count = blockTxCount;
  if (count > BLOCK_TXS_MAX) return E_TOO_MANY_TXS;
  txOffsets = __alloc((<usize>count + 1) << 2);
  let pos = blockHeaderLen;
  let v2 = blockVersion == HEADER_VERSION_2;
  for (let i: u32 = 0; i < count; i++) {
    store<u32>(txOffsets + (<usize>i << 2), <u32>pos);
    let tx = block + pos;
    if (v2) {
      r = checkTxAt(tx, len - pos);
      if (r == OK) pos += checkedTxLen;
    } else if (len - pos < TX_BYTES) {
      r = E_TRUNCATED;
    } else {
      r = checkTx(tx);
      pos += TX_BYTES;
    }
    if (r != OK) {
      decodeErrorTx = <i32>i;
      return r;
    }
  }
  store<u32>(txOffsets + (<usize>count << 2), <u32>pos);
  if (pos != len) return E_TRAILING;
  return OK;
}
