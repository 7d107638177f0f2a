// Two independent point operations at once, for the verifier where two are due anyway:
// its two doubling chains (multiply.ts, mulPairVartime), the two accumulators of a cached
// key's comb (mulBaseMinusKeyVartime) and the decoding of a new key with Gamma. The
// formulas are those of assembly/ed25519/point.ts, with each multiplication or squaring
// done for both points by one paired field operation (field_x2.generated.ts: lanes 0 and
// 1 of wasm SIMD vectors) and the additions left to field.ts. The points stay in
// point.ts's layout, so unpaired steps use point.ts directly; results equal point.ts's
// limb for limb (test/vrf-parts.test.js).
//
// A paired operation costs about 0.8 of the two single ones here (wasm SIMD forms two
// 32×32→64-bit products per instruction, but x64 needs two shuffles to feed it, so the
// gain is small: it pays only where two operations are due anyway).
import { feAdd, feSub, feMul, feNeg, feOne, feFromBytes, feIsZero, feIsNegative } from "../ed25519/field";
import { POINT_BYTES } from "../ed25519/point";
import { FE_D, FE_D2, FE_SQRTM1 } from "../ed25519/tables.generated";
import { feMulX2, feSqX2, feSq2X2, feSqTimesX2 } from "./field_x2.generated";
import { geEncodingYCanonicalVartime } from "./curve";

// Coordinate offsets within a point (X, Y, Z, T), as in point.ts.
// @ts-ignore: decorator
@inline const X: usize = 0;
// @ts-ignore: decorator
@inline const Y: usize = 40;
// @ts-ignore: decorator
@inline const Z: usize = 80;
// @ts-ignore: decorator
@inline const T: usize = 120;

// @ts-ignore: decorator
@lazy const t0A: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const t0B: usize = memory.data(40, 8);

/** rA = 2·pA and rB = 2·pB (P2 or P3 in, P1P1 out): geDouble on both. */
export function geDoubleX2(rA: usize, pA: usize, rB: usize, pB: usize): void {
  feSqX2(rA + X, rB + X, pA + X, pB + X);
  feSqX2(rA + Z, rB + Z, pA + Y, pB + Y);
  feSq2X2(rA + T, rB + T, pA + Z, pB + Z);
  feAdd(rA + Y, pA + X, pA + Y);
  feAdd(rB + Y, pB + X, pB + Y);
  feSqX2(t0A, t0B, rA + Y, rB + Y);
  feAdd(rA + Y, rA + Z, rA + X);
  feSub(rA + Z, rA + Z, rA + X);
  feSub(rA + X, t0A, rA + Y);
  feSub(rA + T, rA + T, rA + Z);
  feAdd(rB + Y, rB + Z, rB + X);
  feSub(rB + Z, rB + Z, rB + X);
  feSub(rB + X, t0B, rB + Y);
  feSub(rB + T, rB + T, rB + Z);
}

/** P1P1 → P2 for both (geP1P1ToP2); rA may alias pA and rB pB. */
export function geP1P1ToP2X2(rA: usize, pA: usize, rB: usize, pB: usize): void {
  feMulX2(rA + X, rB + X, pA + X, pB + X, pA + T, pB + T);
  feMulX2(rA + Y, rB + Y, pA + Y, pB + Y, pA + Z, pB + Z);
  feMulX2(rA + Z, rB + Z, pA + Z, pB + Z, pA + T, pB + T);
}

/** P1P1 → P3 for both (geP1P1ToP3); r must not alias p. */
export function geP1P1ToP3X2(rA: usize, pA: usize, rB: usize, pB: usize): void {
  feMulX2(rA + X, rB + X, pA + X, pB + X, pA + T, pB + T);
  feMulX2(rA + Y, rB + Y, pA + Y, pB + Y, pA + Z, pB + Z);
  feMulX2(rA + Z, rB + Z, pA + Z, pB + Z, pA + T, pB + T);
  feMulX2(rA + T, rB + T, pA + X, pB + X, pA + Y, pB + Y);
}

/**
 * rA = pA ± qA and rB = pB ± qB for P3 p and Cached q (P1P1 out; geAdd, or geSub with
 * `negate`, on both). r must not alias p or q.
 */
export function geAddX2(rA: usize, pA: usize, qA: usize, rB: usize, pB: usize, qB: usize, negate: bool): void {
  feAdd(rA + X, pA + Y, pA + X);
  feSub(rA + Y, pA + Y, pA + X);
  feAdd(rB + X, pB + Y, pB + X);
  feSub(rB + Y, pB + Y, pB + X);
  // q - (Y+X, Y-X, Z, 2dT) = q + (Y-X, Y+X, Z, -2dT): swap the first two, flip T's sign below.
  let plus: usize = negate ? Y : X, minus: usize = negate ? X : Y;
  feMulX2(rA + Z, rB + Z, rA + X, rB + X, qA + plus, qB + plus);
  feMulX2(rA + Y, rB + Y, rA + Y, rB + Y, qA + minus, qB + minus);
  feMulX2(rA + T, rB + T, qA + T, qB + T, pA + T, pB + T);
  feMulX2(rA + X, rB + X, pA + Z, pB + Z, qA + Z, qB + Z);
  finishAdd(rA, negate);
  finishAdd(rB, negate);
}

/**
 * The additions that end geAdd / geSub (and the mixed forms) on one point: r.X holds
 * Z1·Z2 (Z1 for Niels, doubled here), r.Y (Y1-X1)·(Y2∓X2), r.Z (Y1+X1)·(Y2±X2), r.T the T product.
 */
function finishAdd(r: usize, negate: bool): void {
  feAdd(t0A, r + X, r + X);
  feSub(r + X, r + Z, r + Y);
  feAdd(r + Y, r + Z, r + Y);
  if (negate) {
    feSub(r + Z, t0A, r + T);
    feAdd(r + T, t0A, r + T);
  } else {
    feAdd(r + Z, t0A, r + T);
    feSub(r + T, t0A, r + T);
  }
}

/** Cached forms of the P3 pA and pB (geToCached on both). */
export function geToCachedX2(rA: usize, pA: usize, rB: usize, pB: usize): void {
  feAdd(rA + X, pA + Y, pA + X);
  feSub(rA + Y, pA + Y, pA + X);
  memory.copy(rA + Z, pA + Z, 40);
  feAdd(rB + X, pB + Y, pB + X);
  feSub(rB + Y, pB + Y, pB + X);
  memory.copy(rB + Z, pB + Z, 40);
  feMulX2(rA + T, rB + T, pA + T, pB + T, FE_D2, FE_D2);
}

/**
 * Cached odd multiples p, 3p, …, (2·count - 1)p of two P3 points into two tables
 * (buildOddMultiplesVartime on both). p3A/p3B and tmpA/tmpB are P3/P1P1 scratch.
 */
export function buildOddMultiplesX2(tableA: usize, pA: usize, tableB: usize, pB: usize, count: i32, p3A: usize, tmpA: usize, p3B: usize, tmpB: usize): void {
  geToCachedX2(tableA, pA, tableB, pB);
  geDoubleX2(tmpA, pA, tmpB, pB);
  geP1P1ToP3X2(p3A, tmpA, p3B, tmpB);                      // 2p
  let last = POINT_BYTES * <usize>(count - 1);
  geToCachedX2(tableA + last, p3A, tableB + last, p3B);     // parked in the last slot until it is needed
  for (let i = 1; i < count; i++) {
    geAddX2(tmpA, i == 1 ? pA : p3A, tableA + last, tmpB, i == 1 ? pB : p3B, tableB + last, false); // (2i+1)p = (2i-1)p + 2p
    geP1P1ToP3X2(p3A, tmpA, p3B, tmpB);
    geToCachedX2(tableA + POINT_BYTES * <usize>i, p3A, tableB + POINT_BYTES * <usize>i, p3B);
  }
}

// @ts-ignore: decorator
@lazy const powT0: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const powT1: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const powT2: usize = memory.data(80, 8);

/** (hA, hB) = (zA^((p-5)/8), zB^((p-5)/8)): field.ts's fePow22523 chain on both. */
export function fePow22523X2(hA: usize, hB: usize, zA: usize, zB: usize): void {
  let a0 = powT0, a1 = powT1, a2 = powT2, b0 = powT0 + 40, b1 = powT1 + 40, b2 = powT2 + 40;
  feSqX2(a0, b0, zA, zB);                    // z^2
  feSqTimesX2(a1, b1, a0, b0, 2);            // z^8
  feMulX2(a1, b1, zA, zB, a1, b1);           // z^9
  feMulX2(a0, b0, a0, b0, a1, b1);           // z^11
  feSqX2(a0, b0, a0, b0);                    // z^22
  feMulX2(a0, b0, a1, b1, a0, b0);           // z^(2^5 - 1)
  feSqTimesX2(a1, b1, a0, b0, 5);
  feMulX2(a0, b0, a1, b1, a0, b0);           // z^(2^10 - 1)
  feSqTimesX2(a1, b1, a0, b0, 10);
  feMulX2(a1, b1, a1, b1, a0, b0);           // z^(2^20 - 1)
  feSqTimesX2(a2, b2, a1, b1, 20);
  feMulX2(a1, b1, a2, b2, a1, b1);           // z^(2^40 - 1)
  feSqTimesX2(a1, b1, a1, b1, 10);
  feMulX2(a0, b0, a1, b1, a0, b0);           // z^(2^50 - 1)
  feSqTimesX2(a1, b1, a0, b0, 50);
  feMulX2(a1, b1, a1, b1, a0, b0);           // z^(2^100 - 1)
  feSqTimesX2(a2, b2, a1, b1, 100);
  feMulX2(a1, b1, a2, b2, a1, b1);           // z^(2^200 - 1)
  feSqTimesX2(a1, b1, a1, b1, 50);
  feMulX2(a0, b0, a1, b1, a0, b0);           // z^(2^250 - 1)
  feSqTimesX2(a0, b0, a0, b0, 2);            // z^(2^252 - 4)
  feMulX2(hA, hB, a0, b0, zA, zB);           // z^(2^252 - 3)
}

// @ts-ignore: decorator
@lazy const decU: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const decV: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const decV3: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const decVxx: usize = memory.data(80, 8);
// @ts-ignore: decorator
@lazy const decCheck: usize = memory.data(40, 8);

/**
 * geFromBytesStrictVartime (curve.ts) on two encodings at once, the square roots' common
 * exponentiation paired: returns bit 0 set if sA decoded into the P3 hA, bit 1 if sB into
 * hB. The same points and verdicts as two single calls. Variable time (public data).
 */
export function geFromBytesStrictX2Vartime(hA: usize, sA: usize, hB: usize, sB: usize): i32 {
  let uA = decU, uB = decU + 40, vA = decV, vB = decV + 40;
  let v3A = decV3, v3B = decV3 + 40, vxxA = decVxx, vxxB = decVxx + 40;
  // point.ts's geFromBytesVartime, steps paired: x = u·v³·(u·v⁷)^((p-5)/8), u = y² - 1, v = d·y² + 1.
  feFromBytes(hA + Y, sA);
  feFromBytes(hB + Y, sB);
  feOne(hA + Z);
  feOne(hB + Z);
  feSqX2(uA, uB, hA + Y, hB + Y);
  feMulX2(vA, vB, uA, uB, FE_D, FE_D);
  feSub(uA, uA, hA + Z);
  feSub(uB, uB, hB + Z);
  feAdd(vA, vA, hA + Z);
  feAdd(vB, vB, hB + Z);
  feSqX2(v3A, v3B, vA, vB);
  feMulX2(v3A, v3B, v3A, v3B, vA, vB);
  feSqX2(hA + X, hB + X, v3A, v3B);
  feMulX2(hA + X, hB + X, hA + X, hB + X, vA, vB);
  feMulX2(hA + X, hB + X, hA + X, hB + X, uA, uB);
  fePow22523X2(hA + X, hB + X, hA + X, hB + X);
  feMulX2(hA + X, hB + X, hA + X, hB + X, v3A, v3B);
  feMulX2(hA + X, hB + X, hA + X, hB + X, uA, uB);
  feSqX2(vxxA, vxxB, hA + X, hB + X);
  feMulX2(vxxA, vxxB, vxxA, vxxB, vA, vB);
  let ok = finishDecode(hA, sA, uA, vxxA) | (finishDecode(hB, sB, uB, vxxB) << 1);
  feMulX2(hA + T, hB + T, hA + X, hB + X, hA + Y, hB + Y);
  return ok;
}

/** The rest of one strict decoding: the root's fix-up and sign, and the strictness checks. */
function finishDecode(h: usize, s: usize, u: usize, vxx: usize): i32 {
  if (!geEncodingYCanonicalVartime(s)) return 0;
  feSub(decCheck, vxx, u);
  if (!feIsZero(decCheck)) {
    feAdd(decCheck, vxx, u);
    if (!feIsZero(decCheck)) return 0; // u/v is not a square: y is not on the curve
    feMul(h + X, h + X, FE_SQRTM1);
  }
  let sign = <i32>(load<u8>(s, 31) >>> 7);
  if (feIsNegative(h + X) != sign) feNeg(h + X, h + X);
  if (sign != 0 && feIsZero(h + X)) return 0; // x = 0 has no negative encoding
  return 1;
}

/**
 * rA = pA ± qA and rB = pB ± qB for P3 p and Niels q (P1P1 out; geMixedAdd, or
 * geMixedSub where the lane's negate flag is set). r must not alias p or q.
 */
export function geMixedAddX2(rA: usize, pA: usize, qA: usize, negA: bool, rB: usize, pB: usize, qB: usize, negB: bool): void {
  feAdd(rA + X, pA + Y, pA + X);
  feSub(rA + Y, pA + Y, pA + X);
  feAdd(rB + X, pB + Y, pB + X);
  feSub(rB + Y, pB + Y, pB + X);
  // -(y+x, y-x, 2dxy) = (y-x, y+x, -2dxy): swap the first two, flip the third's sign below.
  feMulX2(rA + Z, rB + Z, rA + X, rB + X, qA + (negA ? Y : X), qB + (negB ? Y : X));
  feMulX2(rA + Y, rB + Y, rA + Y, rB + Y, qA + (negA ? X : Y), qB + (negB ? X : Y));
  feMulX2(rA + T, rB + T, qA + Z, qB + Z, pA + T, pB + T);
  memory.copy(rA + X, pA + Z, 40); // Z2 = 1
  memory.copy(rB + X, pB + Z, 40);
  finishAdd(rA, negA);
  finishAdd(rB, negB);
}
