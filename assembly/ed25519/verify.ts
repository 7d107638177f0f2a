// ed25519 signature verification with the ZIP-215 rules (https://zips.z.cash/zip-0215),
// the consensus-safe reading of RFC 8032 §5.1.7 that every Chiron host applies:
//
//   1. s (the signature's second half) must be canonical: s < L. Otherwise reject.
//   2. A (public key) and R (the signature's first half) are decoded leniently: y may be
//      a non-canonical encoding (y ≥ p), x = 0 may carry the sign bit, small-order points
//      and points with torsion components are accepted. A y that is on no point rejects.
//   3. k = SHA-512(R ‖ A ‖ M) over the bytes AS GIVEN (not re-encoded), reduced mod L.
//   4. Accept iff [8]([s]B - R - [k]A) is the identity (the cofactored equation).
//
// Because step 4 multiplies by the cofactor, every verifier following these rules —
// single or batch, this core or another ZIP-215 implementation such as ed25519-consensus
// or @noble/curves' default — accepts exactly the same signatures.
//
// [s]B - [k]A is one joint double-scalar loop (Straus): both scalars in width-w NAF, one
// shared chain of doublings, additions from a static table of odd multiples of B (width 8)
// and from 8 odd multiples of -A built per call (width 5). Everything is public, so the
// code is variable time.
import { OK, E_SIG_INVALID, E_SIG_S_RANGE, E_POINT_DECODE } from "../errors";
import { sha512CtxInit, sha512CtxUpdate, sha512CtxFinal, SHA512_CTX_BYTES } from "../hash/sha512";
import { scIsCanonicalVartime, scReduce512, scToWnafVartime } from "./scalar";
import {
  POINT_BYTES, geFromBytesVartime, geToCached, geAdd, geSub, geMixedAdd, geMixedSub,
  geDouble, geP1P1ToP2, geP1P1ToP3, geIdentity, geIsSmallOrderVartime,
} from "./point";
import { BASE_ODD_MULTIPLES, BASE_WNAF_WIDTH } from "./tables.generated";

/** wNAF width for the per-signature points (A; R in batches): 8 odd multiples. */
export const POINT_WNAF_WIDTH: i32 = 5;
/** Cached points in a per-point table: A, 3A, …, 15A. */
export const POINT_TABLE_SIZE: i32 = 1 << (POINT_WNAF_WIDTH - 2);
/** Bytes of a Niels entry in BASE_ODD_MULTIPLES. */
export const NIELS_BYTES: usize = 120;

// @ts-ignore: decorator
@lazy const hashCtx: usize = memory.data(<i32>SHA512_CTX_BYTES, 8);
// @ts-ignore: decorator
@lazy const digest: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const kScalar: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const pointA: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const pointR: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const cachedR: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const tableA: usize = memory.data(<i32>POINT_BYTES * 8, 8);
// @ts-ignore: decorator
@lazy const nafK: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafS: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const acc: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const sum: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const work: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * Cached odd multiples p, 3p, …, (2·POINT_TABLE_SIZE - 1)p of the P3 p into `table`
 * (POINT_TABLE_SIZE entries of POINT_BYTES). `p3` and `tmp` are P3/P1P1 scratch.
 */
export function buildOddMultiplesVartime(table: usize, p: usize, p3: usize, tmp: usize): void {
  geToCached(table, p);
  geDouble(tmp, p);
  geP1P1ToP3(p3, tmp);                         // 2p
  let twice = table + POINT_BYTES * <usize>(POINT_TABLE_SIZE - 1);
  geToCached(twice, p3);                       // parked in the last slot until it is needed
  let cur = p;
  for (let i = 1; i < POINT_TABLE_SIZE; i++) {
    geAdd(tmp, i == 1 ? cur : p3, twice);
    geP1P1ToP3(p3, tmp);
    geToCached(table + POINT_BYTES * <usize>i, p3);
  }
}

/** out P1P1 = out + digit·(table entry) for a Cached odd-multiple table. */
// @ts-ignore: decorator
@inline function addDigitCached(r: usize, p3: usize, table: usize, digit: i32): void {
  if (digit > 0) geAdd(r, p3, table + POINT_BYTES * <usize>(digit >> 1));
  else geSub(r, p3, table + POINT_BYTES * <usize>((-digit) >> 1));
}

// @ts-ignore: decorator
@inline function addDigitBase(r: usize, p3: usize, digit: i32): void {
  if (digit > 0) geMixedAdd(r, p3, BASE_ODD_MULTIPLES + NIELS_BYTES * <usize>(digit >> 1));
  else geMixedSub(r, p3, BASE_ODD_MULTIPLES + NIELS_BYTES * <usize>((-digit) >> 1));
}

/**
 * r (P1P1) = [k]A + [s]B for the P3 A and 32-byte scalars k, s < 2^253: one chain of
 * doublings with additions where either wNAF digit is nonzero.
 */
function doubleScalarMulVartime(r: usize, k: usize, a: usize, s: usize): void {
  buildOddMultiplesVartime(tableA, a, sum, r);
  let topK = scToWnafVartime(nafK, k, POINT_WNAF_WIDTH);
  let topS = scToWnafVartime(nafS, s, BASE_WNAF_WIDTH);
  let top = max(topK, topS);
  // acc (P2) holds the running sum between iterations; r (P1P1) each step's result.
  geIdentity(acc);
  geDouble(r, acc); // P1P1 form of the identity, for the case k = s = 0
  for (let i = top; i >= 0; i--) {
    geDouble(r, acc);
    let dk = <i32>load<i8>(nafK + <usize>i);
    let ds = <i32>load<i8>(nafS + <usize>i);
    if (dk != 0) {
      geP1P1ToP3(sum, r);
      addDigitCached(r, sum, tableA, dk);
    }
    if (ds != 0) {
      geP1P1ToP3(sum, r);
      addDigitBase(r, sum, ds);
    }
    if (i > 0) geP1P1ToP2(acc, r);
  }
}

/**
 * Verifies the 64-byte signature `sig` on msg[msgLen] under the 32-byte public key `pk`
 * with the ZIP-215 rules. Returns OK, E_SIG_S_RANGE (s ≥ L), E_POINT_DECODE (A or R is
 * not a curve point) or E_SIG_INVALID (the equation fails).
 */
export function ed25519Verify(sig: usize, msg: usize, msgLen: usize, pk: usize): i32 {
  if (!scIsCanonicalVartime(sig + 32)) return E_SIG_S_RANGE;
  if (!geFromBytesVartime(pointA, pk, 1)) return E_POINT_DECODE;   // -A
  if (!geFromBytesVartime(pointR, sig, 1)) return E_POINT_DECODE;  // -R
  challengeScalar(kScalar, sig, pk, msg, msgLen);
  doubleScalarMulVartime(work, kScalar, pointA, sig + 32);  // [s]B - [k]A
  geP1P1ToP3(sum, work);
  geToCached(cachedR, pointR);
  geAdd(work, sum, cachedR);                               // [s]B - [k]A - R
  return geIsSmallOrderVartime(work, sum, acc) ? OK : E_SIG_INVALID;
}

/** k = SHA-512(R ‖ A ‖ M) mod L over the bytes as given (RFC 8032 §5.1.7 step 2). */
export function challengeScalar(out: usize, sig: usize, pk: usize, msg: usize, msgLen: usize): void {
  challengeDigest(digest, sig, pk, msg, msgLen);
  scReduce512(out, digest);
}

/** The 64-byte SHA-512(R ‖ A ‖ M), before reduction. */
export function challengeDigest(out: usize, sig: usize, pk: usize, msg: usize, msgLen: usize): void {
  sha512CtxInit(hashCtx);
  sha512CtxUpdate(hashCtx, sig, 32);
  sha512CtxUpdate(hashCtx, pk, 32);
  sha512CtxUpdate(hashCtx, msg, msgLen);
  sha512CtxFinal(hashCtx, out);
}
