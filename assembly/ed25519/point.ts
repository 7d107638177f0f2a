// Points of edwards25519, -x² + y² = 1 + d·x²·y² over GF(2^255 - 19) (RFC 8032 §5.1), in
// the coordinate systems of "Twisted Edwards Curves Revisited" (Hisil–Wong–Carter–Dawson
// 2008) as ref10 arranges them:
//
//   P2   (X : Y : Z)          x = X/Z, y = Y/Z                     doubling input
//   P3   (X : Y : Z : T)      extended: also T = XY/Z             addition input
//   P1P1 ((X : Z), (Y : T))   completed: x = X/Z, y = Y/T         every formula's output
//   Cached (Y+X, Y-X, Z, 2dT) a P3 prepared as an addend
//   Niels  (y+x, y-x, 2dxy)   an affine point prepared as an addend (static tables)
//
// With a = -1 and d not a square the addition formulas are complete (no exceptions for
// doubling, the identity or small-order points), which ZIP-215's small-order and mixed-
// torsion cases rely on. Converting P1P1 to P2 costs 3 multiplications and to P3 4, so a
// loop converts to P2 before a doubling and to P3 only before an addition.
//
// Every point is a region of raw memory: four (or three) 40-byte field elements at
// offsets 0, 40, 80, 120. Functions write their output first and allocate nothing; the
// output must not alias an input unless noted.
import {
  feAdd, feSub, feMul, feSq, feSq2, feNeg, feOne, feZero, feCopy, feFromBytes, feIsZero,
  feIsNegative, fePow22523,
} from "./field";
import { FE_D, FE_D2, FE_SQRTM1 } from "./tables.generated";

/** Bytes of a P3, P1P1 or Cached point (a P2 uses the first 120). */
export const POINT_BYTES: usize = 160;
/** Bytes of a Niels point (the static tables' entries). */
export const NIELS_BYTES: usize = 120;

// Offsets of the coordinates (X, Y, Z, T; or Y+X, Y-X, Z, 2dT for Cached).
// @ts-ignore: decorator
@inline const X: usize = 0;
// @ts-ignore: decorator
@inline const Y: usize = 40;
// @ts-ignore: decorator
@inline const Z: usize = 80;
// @ts-ignore: decorator
@inline const T: usize = 120;

// @ts-ignore: decorator
@lazy const t0: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const decU: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const decV: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const decV3: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const decVxx: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const decCheck: usize = memory.data(40, 8);

/**
 * Decodes a 32-byte point encoding into the P3 `h`, NEGATED when `negate` is 1 (the
 * verifiers need -A and -R). Returns 1, or 0 when no point has this y.
 *
 * RFC 8032 §5.1.3 with the ZIP-215 relaxations: y is read from 255 bits and NOT required
 * to be below p (y ≥ p is the same field element as y - p), and x = 0 with the sign bit
 * set is accepted (as x = 0). x = sqrt(u/v) for u = y² - 1, v = d·y² + 1 is computed as
 * u·v³·(u·v⁷)^((p-5)/8), then fixed up by sqrt(-1) when v·x² = -u (§5.1.3 step 3).
 * Variable time (public inputs only).
 */
export function geFromBytesVartime(h: usize, s: usize, negate: i32): i32 {
  feFromBytes(h + Y, s);
  feOne(h + Z);
  feSq(decU, h + Y);
  feMul(decV, decU, FE_D);
  feSub(decU, decU, h + Z);        // u = y² - 1
  feAdd(decV, decV, h + Z);        // v = d·y² + 1
  feSq(decV3, decV);
  feMul(decV3, decV3, decV);       // v³
  feSq(h + X, decV3);
  feMul(h + X, h + X, decV);
  feMul(h + X, h + X, decU);       // u·v⁷
  fePow22523(h + X, h + X);        // (u·v⁷)^((p-5)/8)
  feMul(h + X, h + X, decV3);
  feMul(h + X, h + X, decU);       // x = u·v³·(u·v⁷)^((p-5)/8)
  feSq(decVxx, h + X);
  feMul(decVxx, decVxx, decV);     // v·x²
  feSub(decCheck, decVxx, decU);
  if (!feIsZero(decCheck)) {
    feAdd(decCheck, decVxx, decU);
    if (!feIsZero(decCheck)) return 0; // u/v is not a square: y is not on the curve
    feMul(h + X, h + X, FE_SQRTM1);
  }
  let sign = <i32>(load<u8>(s, 31) >>> 7);
  // Pick the root with the requested sign, then flip it for the negated point.
  if ((feIsNegative(h + X) ^ sign ^ negate) != 0) feNeg(h + X, h + X);
  feMul(h + T, h + X, h + Y);
  return 1;
}

/** h = the identity (0 : 1 : 1 : 0). */
export function geIdentity(h: usize): void {
  feZero(h + X);
  feOne(h + Y);
  feOne(h + Z);
  feZero(h + T);
}

/** Cached form of the P3 p. */
export function geToCached(r: usize, p: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feCopy(r + Z, p + Z);
  feMul(r + T, p + T, FE_D2);
}

/** P1P1 → P2 (3 multiplications). `r` may alias `p`. */
export function geP1P1ToP2(r: usize, p: usize): void {
  feMul(r + X, p + X, p + T);
  feMul(r + Y, p + Y, p + Z);
  feMul(r + Z, p + Z, p + T);
}

/** P1P1 → P3 (4 multiplications). */
export function geP1P1ToP3(r: usize, p: usize): void {
  feMul(r + X, p + X, p + T);
  feMul(r + Y, p + Y, p + Z);
  feMul(r + Z, p + Z, p + T);
  feMul(r + T, p + X, p + Y);
}

/** r = 2p for the P2 (or P3) p: dbl-2008-hwcd, 4 squarings. */
export function geDouble(r: usize, p: usize): void {
  feSq(r + X, p + X);
  feSq(r + Z, p + Y);
  feSq2(r + T, p + Z);
  feAdd(r + Y, p + X, p + Y);
  feSq(t0, r + Y);
  feAdd(r + Y, r + Z, r + X);
  feSub(r + Z, r + Z, r + X);
  feSub(r + X, t0, r + Y);
  feSub(r + T, r + T, r + Z);
}

/** r = p + q for the P3 p and the Cached q (add-2008-hwcd-3, 4 multiplications). */
export function geAdd(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + X);
  feMul(r + Y, r + Y, q + Y);
  feMul(r + T, q + T, p + T);
  feMul(r + X, p + Z, q + Z);
  feAdd(t0, r + X, r + X);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feAdd(r + Z, t0, r + T);
  feSub(r + T, t0, r + T);
}

/** r = p - q for the P3 p and the Cached q. */
export function geSub(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + Y);
  feMul(r + Y, r + Y, q + X);
  feMul(r + T, q + T, p + T);
  feMul(r + X, p + Z, q + Z);
  feAdd(t0, r + X, r + X);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feSub(r + Z, t0, r + T);
  feAdd(r + T, t0, r + T);
}

/** r = p + q for the P3 p and the Niels q (mixed addition, 3 multiplications). */
export function geMixedAdd(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + X);
  feMul(r + Y, r + Y, q + Y);
  feMul(r + T, q + Z, p + T);
  feAdd(t0, p + Z, p + Z);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feAdd(r + Z, t0, r + T);
  feSub(r + T, t0, r + T);
}

/** r = p - q for the P3 p and the Niels q. */
export function geMixedSub(r: usize, p: usize, q: usize): void {
  feAdd(r + X, p + Y, p + X);
  feSub(r + Y, p + Y, p + X);
  feMul(r + Z, r + X, q + Y);
  feMul(r + Y, r + Y, q + X);
  feMul(r + T, q + Z, p + T);
  feAdd(t0, p + Z, p + Z);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  feSub(r + Z, t0, r + T);
  feAdd(r + T, t0, r + T);
}

/**
 * 1 if [8]p is the identity for the P1P1 p, else 0: the cofactored check of ZIP-215
 * (and RFC 8032 §5.1.7 step 3's permitted form). `work` is P3-sized scratch.
 */
export function geIsSmallOrderVartime(p: usize, work: usize, tmp: usize): i32 {
  geP1P1ToP2(work, p);
  geDouble(tmp, work);
  geP1P1ToP2(work, tmp);
  geDouble(tmp, work);
  geP1P1ToP2(work, tmp);
  geDouble(tmp, work);
  geP1P1ToP2(work, tmp);
  // (X : Y : Z) is the identity iff X = 0 and Y = Z.
  if (!feIsZero(work + X)) return 0;
  feSub(t0, work + Y, work + Z);
  return feIsZero(t0);
}

/**
 * Cached odd multiples p, 3p, …, (2·count - 1)p of the P3 p into `table` (count >= 2
 * entries of POINT_BYTES): one doubling and count - 1 additions. `p3` and `tmp` are
 * P3/P1P1 scratch.
 */
export function buildOddMultiplesVartime(table: usize, count: i32, p: usize, p3: usize, tmp: usize): void {
  geToCached(table, p);
  geDouble(tmp, p);
  geP1P1ToP3(p3, tmp);                         // 2p
  let twice = table + POINT_BYTES * <usize>(count - 1);
  geToCached(twice, p3);                       // parked in the last slot until it is needed
  for (let i = 1; i < count; i++) {
    geAdd(tmp, i == 1 ? p : p3, twice);          // (2i+1)p = (2i-1)p + 2p
    geP1P1ToP3(p3, tmp);
    geToCached(table + POINT_BYTES * <usize>i, p3);
  }
}
