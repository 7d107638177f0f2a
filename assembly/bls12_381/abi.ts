// BLS signature exports (docs/ABI.md), ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_
// (min-pk: public keys G1, 48 bytes compressed; signatures G2, 96 bytes compressed; ZCash /
// IETF encodings). The host copies every buffer into the arena first (chiron_alloc).
//
// Buffers
//   pk       48 bytes, a compressed G1 point (KeyValidate: subgroup-checked, not infinity)
//   sig      96 bytes, a compressed G2 point (subgroup-checked; infinity is an encoding)
//   pks      `count` keys back to back: 48·count bytes
//   sigs     `count` signatures back to back: 96·count bytes
//   msgs     a message list: `count` entries, each a little-endian u32 length then that many
//            bytes, and nothing after the last entry. A list is canonical by construction; one
//            whose lengths overrun its buffer, or that leaves bytes over, is E_BLS_LIST, and
//            one with another number of entries than `count` is E_BLS_COUNT.
//   count    u32, at most 65536 (E_BLS_COUNT above that or when the call's memory would not
//            hold its working set)
//
// Exports (return OK = 0 or a code of assembly/errors.ts)
//   bls_verify(pk, msg, msgLen, sig)                        Verify (CoreVerify)
//   bls_pop_verify(pk, proof)                               PopVerify (POP DST, message = pk)
//   bls_key_validate(pk)                                    KeyValidate
//   bls_fast_aggregate_verify(pks, count, msg, msgLen, sig) FastAggregateVerify
//   bls_aggregate_verify(pks, count, msgs, msgsLen, sig)    AggregateVerify (messages may repeat)
//   bls_batch_verify(pks, sigs, count, msgs, msgsLen)       all `count` triples verify (0 is OK)
//   bls_aggregate_signatures(sigs, count)    result: the 96-byte compressed sum
//   bls_aggregate_public_keys(pks, count)    result: the 48-byte compressed sum (keys validated)
//   bls_hash_to_g2(msg, msgLen, dst, dstLen) result: the 192-byte uncompressed point
//                                            (RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_RO_, any DST)
//   bls_sign(sk, msg, msgLen)                result: the 96-byte compressed signature [SK]·H(msg)
//                                            (sk: 32 bytes big-endian, 0 < SK < r, else
//                                            E_BLS_SECRET_KEY; constant time in SK, sign.ts)
//   bls_sign_batch(count, sks, msg, msgLen)  result: count × 96 bytes, the signatures of one
//                                            message under each of the `count` 32-byte keys
//                                            (one hash; E_BLS_EMPTY for count 0; with
//                                            E_BLS_SECRET_KEY the result is the u32 index
//                                            of the first invalid key)
// Verify codes: OK; E_BLS_SIG_INVALID (the pairing check failed); E_BLS_PK_INFINITY; a
// decoding code (E_BLS_FLAGS, E_BLS_INFINITY_ENCODING, E_BLS_COORD_RANGE, E_BLS_NOT_ON_CURVE,
// E_BLS_NOT_IN_SUBGROUP); E_BLS_EMPTY (count 0, except batch); E_BLS_COUNT; E_BLS_LIST;
// E_BLS_BUFFER when a buffer lies outside memory. The result (chiron_result_ptr/len) is set
// only when the code is OK (and by bls_sign_batch with E_BLS_SECRET_KEY, as above).
import { OK, E_BLS_BUFFER, E_BLS_COUNT, E_BLS_LIST, E_BLS_EMPTY, E_BLS_SECRET_KEY } from "../errors";
import { allocResult, setResult } from "../abi";
import {
  PK_BYTES, SIG_BYTES, BLS_ITEMS_MAX, DST_LEN, dstSigPtr, keyValidate,
  blsVerify, blsPopVerify, coreAggregateVerify, fastAggregateVerify, aggregateSignatures,
  aggregatePublicKeys, arenaFits,
} from "./sig";
import { batchVerify } from "./batch";
import { MSG_ENTRY_BYTES } from "./groups";
import { G2_BYTES } from "./g2";
import { G1_BYTES } from "./g1";
import { g2EncodeUncompressed } from "./encoding";
import { hashToG2 } from "./hash_to_g2";
import { SK_BYTES, blsSign, blsSignBatch, signBatchBadKey } from "./sign";

const KEY_POINT = memory.data(<i32>G1_BYTES, 16);
const HASH_POINT = memory.data(<i32>G2_BYTES, 16);

/** True if [ptr, ptr + len) lies inside linear memory. */
function inMemory(ptr: usize, len: u64): bool {
  return <u64>ptr + len <= (<u64>memory.size() << 16);
}

/** Checks a list of `count` fixed-size items; OK, E_BLS_COUNT or E_BLS_BUFFER. */
function checkFixedList(ptr: usize, count: u32, itemBytes: usize): i32 {
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  return inMemory(ptr, <u64>count * <u64>itemBytes) ? OK : E_BLS_BUFFER;
}

let parsedTable: usize = 0;

/**
 * Parses a message list (u32 length ‖ bytes, `count` times, nothing after) into a table of
 * (pointer, length) records at parsedTable.
 */
function parseMessages(msgs: usize, msgsLen: u32, count: u32): i32 {
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  if (!inMemory(msgs, <u64>msgsLen)) return E_BLS_BUFFER;
  if (!arenaFits(<u64>count * <u64>MSG_ENTRY_BYTES)) return E_BLS_COUNT;
  parsedTable = heap.alloc(max<usize>(1, <usize>count * MSG_ENTRY_BYTES));
  let at: u64 = 0, end = <u64>msgsLen;
  let i: u32 = 0;
  while (at < end) {
    if (i == count) return E_BLS_COUNT; // more entries than count
    if (at + 4 > end) return E_BLS_LIST;
    let len = <u64>load<u32>(msgs + <usize>at);
    at += 4;
    if (at + len > end) return E_BLS_LIST;
    let e = parsedTable + <usize>i * MSG_ENTRY_BYTES;
    store<u32>(e, <u32>(msgs + <usize>at));
    store<u32>(e, <u32>len, 4);
    at += len;
    i++;
  }
  return i == count ? OK : E_BLS_COUNT;
}

export function bls_verify(pk: usize, msg: usize, msgLen: u32, sig: usize): i32 {
  if (!inMemory(pk, PK_BYTES) || !inMemory(sig, SIG_BYTES) || !inMemory(msg, <u64>msgLen)) return E_BLS_BUFFER;
  return blsVerify(pk, msg, <usize>msgLen, sig);
}

export function bls_pop_verify(pk: usize, proof: usize): i32 {
  if (!inMemory(pk, PK_BYTES) || !inMemory(proof, SIG_BYTES)) return E_BLS_BUFFER;
  return blsPopVerify(pk, proof);
}

export function bls_key_validate(pk: usize): i32 {
  if (!inMemory(pk, PK_BYTES)) return E_BLS_BUFFER;
  return keyValidate(KEY_POINT, pk);
}

export function bls_fast_aggregate_verify(pks: usize, count: u32, msg: usize, msgLen: u32, sig: usize): i32 {
  let r = checkFixedList(pks, count, PK_BYTES);
  if (r != OK) return r;
  if (!inMemory(sig, SIG_BYTES) || !inMemory(msg, <u64>msgLen)) return E_BLS_BUFFER;
  return fastAggregateVerify(pks, count, msg, <usize>msgLen, sig, dstSigPtr(), DST_LEN);
}

export function bls_aggregate_verify(pks: usize, count: u32, msgs: usize, msgsLen: u32, sig: usize): i32 {
  let r = checkFixedList(pks, count, PK_BYTES);
  if (r != OK) return r;
  if (!inMemory(sig, SIG_BYTES)) return E_BLS_BUFFER;
  r = parseMessages(msgs, msgsLen, count);
  if (r != OK) return r;
  return coreAggregateVerify(pks, parsedTable, count, sig, dstSigPtr(), DST_LEN);
}

export function bls_batch_verify(pks: usize, sigs: usize, count: u32, msgs: usize, msgsLen: u32): i32 {
  let r = checkFixedList(pks, count, PK_BYTES);
  if (r != OK) return r;
  r = checkFixedList(sigs, count, SIG_BYTES);
  if (r != OK) return r;
  r = parseMessages(msgs, msgsLen, count);
  if (r != OK) return r;
  return batchVerify(pks, sigs, parsedTable, count, dstSigPtr(), DST_LEN);
}

export function bls_aggregate_signatures(sigs: usize, count: u32): i32 {
  let r = checkFixedList(sigs, count, SIG_BYTES);
  if (r != OK) return r;
  let out = heap.alloc(SIG_BYTES);
  r = aggregateSignatures(out, sigs, count);
  if (r == OK) memory.copy(allocResult(<u32>SIG_BYTES), out, SIG_BYTES);
  return r;
}

export function bls_aggregate_public_keys(pks: usize, count: u32): i32 {
  let r = checkFixedList(pks, count, PK_BYTES);
  if (r != OK) return r;
  let out = heap.alloc(PK_BYTES);
  r = aggregatePublicKeys(out, pks, count);
  if (r == OK) memory.copy(allocResult(<u32>PK_BYTES), out, PK_BYTES);
  return r;
}

export function bls_hash_to_g2(msg: usize, msgLen: u32, dst: usize, dstLen: u32): i32 {
  if (!inMemory(msg, <u64>msgLen) || !inMemory(dst, <u64>dstLen)) return E_BLS_BUFFER;
  let r = hashToG2(HASH_POINT, msg, <usize>msgLen, dst, <usize>dstLen);
  if (r != OK) return r;
  g2EncodeUncompressed(allocResult(192), HASH_POINT);
  return OK;
}

export function bls_sign(sk: usize, msg: usize, msgLen: u32): i32 {
  if (!inMemory(sk, SK_BYTES) || !inMemory(msg, <u64>msgLen)) return E_BLS_BUFFER;
  let out = heap.alloc(SIG_BYTES);
  let r = blsSign(out, sk, msg, <usize>msgLen);
  if (r == OK) memory.copy(allocResult(<u32>SIG_BYTES), out, SIG_BYTES);
  return r;
}

export function bls_sign_batch(count: u32, sks: usize, msg: usize, msgLen: u32): i32 {
  let r = checkFixedList(sks, count, SK_BYTES);
  if (r != OK) return r;
  if (!inMemory(msg, <u64>msgLen)) return E_BLS_BUFFER;
  if (count == 0) return E_BLS_EMPTY;
  if (!arenaFits(<u64>count * <u64>SIG_BYTES)) return E_BLS_COUNT;
  let out = allocResult(count * <u32>SIG_BYTES);
  r = blsSignBatch(out, sks, count, msg, <usize>msgLen);
  if (r == E_BLS_SECRET_KEY) store<u32>(allocResult(4), signBatchBadKey());
  else if (r != OK) setResult(0, 0);
  return r;
}
