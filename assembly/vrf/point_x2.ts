// Two independent point operations at once, for the verifier's two doubling chains
// (multiply.ts, mulPairVartime): the formulas of assembly/ed25519/point.ts, with each
// multiplication or squaring done for both points by one paired field operation
// (field_x2.generated.ts: lanes 0 and 1 of wasm SIMD vectors) and the additions left to
// field.ts. The points stay in point.ts's layout, so the chains' additions and
// conversions use point.ts directly; results equal point.ts's limb for limb.
//
// A paired operation costs about 0.8 of the two single ones here (wasm SIMD forms two
// 32×32→64-bit products per instruction, but x64 needs two shuffles to feed it, so the
// gain is small: it pays only where two operations are due anyway).
import { feAdd, feSub } from "../ed25519/field";
import { POINT_BYTES } from "../ed25519/point";
import { FE_D2 } from "../ed25519/tables.generated";
import { feMulX2, feSqX2, feSq2X2 } from "./field_x2.generated";

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

/** The additions that end geAdd / geSub, on one point. */
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
