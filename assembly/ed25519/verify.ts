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
// The check runs on a shorter equivalent (lattice.ts): with c ≡ d·k (mod L) and |c|, |d|
// < 2^127, [8]([d·s]B - [d]R - [c]A) is [d] times the ZIP-215 term, and d is invertible
// mod L, so one vanishes exactly when the other does. [d·s mod L]B splits into two
// 128-bit halves over static tables of odd multiples of B and 2^128·B, so all four
// scalars are about 127 bits and share one chain of ~128 doublings instead of ~253
// (ref10's double-scalar loop). Additions come from those static tables (width-8 NAF)
// and from 8 odd multiples each of -A and -R built per call (width-5 NAF). Everything is
// public, so the code is variable time.
import { OK, E_SIG_INVALID, E_SIG_S_RANGE, E_POINT_DECODE } from "../errors";
import { sha512CtxInit, sha512CtxUpdate, sha512CtxFinal, SHA512_CTX_BYTES } from "../hash/sha512";
import { scIsCanonicalVartime, scReduce512, scToWnafVartime, scMul, scNegate } from "./scalar";
import { scSplitVartime } from "./lattice";
import {
  POINT_BYTES, NIELS_BYTES, geFromBytesVartime, geAdd, geSub, geMixedAdd, geMixedSub, geDouble,
  geP1P1ToP2, geP1P1ToP3, geIdentity, geIsSmallOrderVartime, buildOddMultiplesVartime,
} from "./point";
import { BASE_ODD_MULTIPLES, BASE128_ODD_MULTIPLES, BASE_WNAF_WIDTH } from "./tables.generated";
import { geNegatedKeyVartime } from "./key_cache";

/** wNAF width for the per-signature points (A; R in batches): 8 odd multiples. */
export const POINT_WNAF_WIDTH: i32 = 5;
/** Cached points in a per-point table: A, 3A, …, 15A. */
export const POINT_TABLE_SIZE: i32 = 1 << (POINT_WNAF_WIDTH - 2);

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
@lazy const tableA: usize = memory.data(<i32>POINT_BYTES * POINT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const tableR: usize = memory.data(<i32>POINT_BYTES * POINT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const scalarC: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarD: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarB: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarHalf: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const nafC: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafD: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafLo: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const nafHi: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const acc: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const sum: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const work: usize = memory.data(<i32>POINT_BYTES, 8);

/** r (P1P1) = p3 ± (|digit|·point) from a Cached table of odd multiples. */
// @ts-ignore: decorator
@inline function addDigitCached(r: usize, p3: usize, table: usize, digit: i32): void {
  if (digit > 0) geAdd(r, p3, table + POINT_BYTES * <usize>(digit >> 1));
  else geSub(r, p3, table + POINT_BYTES * <usize>((-digit) >> 1));
}

/** r (P1P1) = p3 ± (|digit|·point) from a static Niels table of odd multiples. */
// @ts-ignore: decorator
@inline function addDigitNiels(r: usize, p3: usize, table: usize, digit: i32): void {
  if (digit > 0) geMixedAdd(r, p3, table + NIELS_BYTES * <usize>(digit >> 1));
  else geMixedSub(r, p3, table + NIELS_BYTES * <usize>((-digit) >> 1));
}

/**
 * r (P1P1) = [c]A' + [dSign·d]R' + [lo]B + [hi]2^128·B for the P3 points A', R' and
 * scalars below 2^128 (32-byte buffers): one chain of doublings, an addition wherever
 * one of the four wNAF digits is nonzero.
 */
function quadScalarMulVartime(r: usize, c: usize, a: usize, d: usize, dNegative: i32, rPoint: usize, lo: usize, hi: usize): void {
  buildOddMultiplesVartime(tableA, POINT_TABLE_SIZE, a, sum, r);
  buildOddMultiplesVartime(tableR, POINT_TABLE_SIZE, rPoint, sum, r);
  let top = scToWnafVartime(nafC, c, POINT_WNAF_WIDTH);
  top = max(top, scToWnafVartime(nafD, d, POINT_WNAF_WIDTH));
  top = max(top, scToWnafVartime(nafLo, lo, BASE_WNAF_WIDTH));
  top = max(top, scToWnafVartime(nafHi, hi, BASE_WNAF_WIDTH));
  let dSign = dNegative ? -1 : 1;
  // acc (P2) holds the running sum between iterations; r (P1P1) each step's result.
  geIdentity(acc);
  geDouble(r, acc); // the identity in P1P1 form, should every scalar be 0
  for (let i = top; i >= 0; i--) {
    geDouble(r, acc);
    let dc = <i32>load<i8>(nafC + <usize>i);
    let dd = <i32>load<i8>(nafD + <usize>i) * dSign;
    let dl = <i32>load<i8>(nafLo + <usize>i);
    let dh = <i32>load<i8>(nafHi + <usize>i);
    if (dc != 0) { geP1P1ToP3(sum, r); addDigitCached(r, sum, tableA, dc); }
    if (dd != 0) { geP1P1ToP3(sum, r); addDigitCached(r, sum, tableR, dd); }
    if (dl != 0) { geP1P1ToP3(sum, r); addDigitNiels(r, sum, BASE_ODD_MULTIPLES, dl); }
    if (dh != 0) { geP1P1ToP3(sum, r); addDigitNiels(r, sum, BASE128_ODD_MULTIPLES, dh); }
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
  if (!geNegatedKeyVartime(pointA, pk)) return E_POINT_DECODE;     // -A (key_cache.ts)
  if (!geFromBytesVartime(pointR, sig, 1)) return E_POINT_DECODE;  // -R
  challengeScalar(kScalar, sig, pk, msg, msgLen);
  // c ≡ d·k: check [d·s]B + [c](-A) + [d](-R) instead of [s]B + [k](-A) + (-R).
  let dNegative = scSplitVartime(scalarC, scalarD, kScalar);
  scMul(scalarB, scalarD, 16, sig + 32);
  if (dNegative) scNegate(scalarB);                            // b = d·s mod L
  memory.fill(scalarHalf, 0, 32);
  memory.copy(scalarHalf, scalarB + 16, 16);                   // b = lo + 2^128·hi
  memory.fill(scalarB + 16, 0, 16);
  quadScalarMulVartime(work, scalarC, pointA, scalarD, dNegative, pointR, scalarB, scalarHalf);
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
