// Fp6 = Fp2[v]/(v³ - ξ) with ξ = 1 + u, the middle of the BLS12-381 tower. An element
// c0 + c1·v + c2·v² is stored as c0, c1, c2 (FP6_BYTES). Multiplication is the Karatsuba
// form of Devegili–Ó hÉigeartaigh–Scott–Dahab ("Multiplication and Squaring on
// Pairing-Friendly Fields", eprint 2006/471) with 6 Fp2 products, kept unreduced (wide)
// and reduced once per output coefficient; squaring is their CH-SQR2 (2 products and 3
// squarings). The sparse products mulBy01 and mulBy1 serve line multiplications. Sums that
// only feed an Fp2 product stay lazy (fp2AddLazy). Output-first, allocation-free; outputs
// may alias inputs (results are assembled in scratch before the stores).
import {
  FP2_BYTES, fp2Zero, fp2One, fp2Copy, fp2Add, fp2AddLazy, fp2Sub,
  fp2WideAdd, fp2WideSub, fp2WideAddXi, fp2WideMulXi, fp2Neg, fp2Mul, fp2Sqr, fp2InvVartime,
  fp2MulByNonResidue, fp2FrobeniusMap, fp2IsZero, fp2Eq,
} from "./fp2";
import {
  FROB6_C1_1, FROB6_C2_1, FROB6_C1_2, FROB6_C2_2, FROB6_C1_3, FROB6_C2_3,
} from "./constants.generated";
import { fp2MulWideKernel, fp2ReduceWideKernel } from "./mont.generated";

/** Bytes of one Fp6 element: c0, c1, c2 (Fp2 each). */
export const FP6_BYTES: usize = 3 * FP2_BYTES;
const E1: usize = FP2_BYTES;
const E2: usize = 2 * FP2_BYTES;

// Scratch (one set per function, since the functions call each other).
// @ts-ignore: decorator
@lazy const MUL: usize = memory.data(784, 8);
// @ts-ignore: decorator
@lazy const SQR: usize = memory.data(672, 8);
// @ts-ignore: decorator
@lazy const M01: usize = memory.data(560, 8);
// @ts-ignore: decorator
@lazy const M1: usize = memory.data(336, 8);
// @ts-ignore: decorator
@lazy const INV: usize = memory.data(560, 8);

export function fp6Zero(o: usize): void {
  fp2Zero(o); fp2Zero(o + E1); fp2Zero(o + E2);
}

export function fp6One(o: usize): void {
  fp2One(o); fp2Zero(o + E1); fp2Zero(o + E2);
}

export function fp6Copy(o: usize, a: usize): void {
  for (let i: usize = 0; i < FP6_BYTES; i += 8) store<u64>(o + i, load<u64>(a + i));
}

export function fp6Add(o: usize, a: usize, b: usize): void {
  fp2Add(o, a, b); fp2Add(o + E1, a + E1, b + E1); fp2Add(o + E2, a + E2, b + E2);
}

export function fp6Sub(o: usize, a: usize, b: usize): void {
  fp2Sub(o, a, b); fp2Sub(o + E1, a + E1, b + E1); fp2Sub(o + E2, a + E2, b + E2);
}

export function fp6Neg(o: usize, a: usize): void {
  fp2Neg(o, a); fp2Neg(o + E1, a + E1); fp2Neg(o + E2, a + E2);
}

export function fp6IsZero(a: usize): bool {
  return fp2IsZero(a) & fp2IsZero(a + E1) & fp2IsZero(a + E2);
}

export function fp6Eq(a: usize, b: usize): bool {
  return fp2Eq(a, b) & fp2Eq(a + E1, b + E1) & fp2Eq(a + E2, b + E2);
}

/** o = a·v = ξ·a2 + a0·v + a1·v². */
export function fp6MulByNonResidue(o: usize, a: usize): void {
  let t = M1;
  fp2MulByNonResidue(t, a + E2);
  fp2Copy(o + E2, a + E1);
  fp2Copy(o + E1, a);
  fp2Copy(o, t);
}

// Wide accumulators (fp2MulWideKernel): 2 × 28 signed 64-bit columns per Fp2 value.
// @ts-ignore: decorator
@lazy const WA: usize = memory.data(448, 16);
// @ts-ignore: decorator
@lazy const WB: usize = memory.data(448, 16);
// @ts-ignore: decorator
@lazy const WC: usize = memory.data(448, 16);
// @ts-ignore: decorator
@lazy const WS: usize = memory.data(448, 16);

/**
 * o = a·b with lazy reduction: with aa = a0b0, bb = a1b1, cc = a2b2 (kept unreduced),
 *   c0 = aa + ξ((a1 + a2)(b1 + b2) - bb - cc)
 *   c1 = (a0 + a1)(b0 + b1) - aa - bb + ξ·cc
 *   c2 = (a0 + a2)(b0 + b2) - aa - cc + bb
 * are each accumulated in wide form and reduced once: 6 Fp2 products, 3 Fp2 reductions.
 * The final columns are those of c0 = a0b0 + ξ(a1b2 + a2b1) (and likewise), below
 * 112·2^56, so with the reduction terms below 2^63.
 */
export function fp6Mul(o: usize, a: usize, b: usize): void {
  let s = MUL, t = MUL + FP2_BYTES, r = MUL + 2 * FP2_BYTES;
  fp2MulWideKernel(WA, a, b, 0);
  fp2MulWideKernel(WB, a + E1, b + E1, 0);
  fp2MulWideKernel(WC, a + E2, b + E2, 0);
  // c1 (into r + E1 = scratch, stored last)
  fp2AddLazy(s, a, a + E1);
  fp2AddLazy(t, b, b + E1);
  fp2MulWideKernel(WS, s, t, 0);
  fp2WideSub(WS, WA);
  fp2WideSub(WS, WB);
  fp2WideAddXi(WS, WC);
  fp2ReduceWideKernel(r + E1, WS);
  // c2
  fp2AddLazy(s, a, a + E2);
  fp2AddLazy(t, b, b + E2);
  fp2MulWideKernel(WS, s, t, 0);
  fp2WideSub(WS, WA);
  fp2WideSub(WS, WC);
  fp2WideAdd(WS, WB);
  fp2ReduceWideKernel(r + E2, WS);
  // c0
  fp2AddLazy(s, a + E1, a + E2);
  fp2AddLazy(t, b + E1, b + E2);
  fp2MulWideKernel(WS, s, t, 0);
  fp2WideSub(WS, WB);
  fp2WideSub(WS, WC);
  fp2WideMulXi(WS);
  fp2WideAdd(WS, WA);
  fp2ReduceWideKernel(o, WS);
  fp2Copy(o + E1, r + E1);
  fp2Copy(o + E2, r + E2);
}

/**
 * o = a² (CH-SQR2): s0 = a0², s1 = 2a0a1, s2 = (a0 - a1 + a2)², s3 = 2a1a2, s4 = a2²;
 * c0 = s0 + ξ·s3, c1 = s1 + ξ·s4, c2 = s1 + s2 + s3 - s0 - s4.
 */
export function fp6Sqr(o: usize, a: usize): void {
  let s0 = SQR, s1 = SQR + E1, s2 = SQR + E2, s3 = SQR + 3 * FP2_BYTES, s4 = SQR + 4 * FP2_BYTES;
  let t = SQR + 5 * FP2_BYTES;
  fp2Sqr(s0, a);
  fp2Mul(s1, a, a + E1);
  fp2Add(s1, s1, s1);
  fp2Sub(s2, a, a + E1);
  fp2Add(s2, s2, a + E2);
  fp2Sqr(s2, s2);
  fp2Mul(s3, a + E1, a + E2);
  fp2Add(s3, s3, s3);
  fp2Sqr(s4, a + E2);
  // c2 first: it needs s1 and s3 before c0, c1 overwrite nothing of theirs
  fp2Add(t, s1, s2);
  fp2Add(t, t, s3);
  fp2Sub(t, t, s0);
  fp2Sub(o + E2, t, s4);
  fp2MulByNonResidue(s3, s3);
  fp2Add(o, s0, s3);
  fp2MulByNonResidue(s4, s4);
  fp2Add(o + E1, s1, s4);
}

/**
 * o = a·(b0 + b1·v): c0 = a0b0 + ξ·a2b1, c1 = (a0 + a1)(b0 + b1) - a0b0 - a1b1,
 * c2 = a1b1 + a2b0: 5 Fp2 products kept wide, 3 reductions.
 */
export function fp6MulBy01(o: usize, a: usize, b0: usize, b1: usize): void {
  let s = M01, t = M01 + E1, r = M01 + E2;
  fp2MulWideKernel(WA, a, b0, 0);
  fp2MulWideKernel(WB, a + E1, b1, 0);
  // c2 = a1b1 + a2b0
  fp2MulWideKernel(WS, a + E2, b0, 0);
  fp2WideAdd(WS, WB);
  fp2ReduceWideKernel(r + E2, WS);
  // c1
  fp2AddLazy(s, a, a + E1);
  fp2AddLazy(t, b0, b1);
  fp2MulWideKernel(WS, s, t, 0);
  fp2WideSub(WS, WA);
  fp2WideSub(WS, WB);
  fp2ReduceWideKernel(r + E1, WS);
  // c0 = a0b0 + ξ·a2b1 (a2 is read before o is written)
  fp2MulWideKernel(WS, a + E2, b1, 0);
  fp2WideMulXi(WS);
  fp2WideAdd(WS, WA);
  fp2ReduceWideKernel(o, WS);
  fp2Copy(o + E1, r + E1);
  fp2Copy(o + E2, r + E2);
}

/** o = a·(b1·v) = ξ·a2b1 + a0b1·v + a1b1·v². */
export function fp6MulBy1(o: usize, a: usize, b1: usize): void {
  let t0 = M1, t1 = M1 + E1, t2 = M1 + E2;
  fp2Mul(t0, a + E2, b1);
  fp2MulByNonResidue(t0, t0);
  fp2Mul(t1, a, b1);
  fp2Mul(t2, a + E1, b1);
  fp2Copy(o, t0);
  fp2Copy(o + E1, t1);
  fp2Copy(o + E2, t2);
}

/**
 * o = a⁻¹: with A = a0² - ξa1a2, B = ξa2² - a0a1, C = a1² - a0a2, the inverse is
 * (A, B, C)/(a0A + ξ(a2B + a1C)); 0 maps to 0. Variable time (one fp2InvVartime): only the
 * final exponentiation inverts in Fp6, on a public Miller loop output.
 */
export function fp6InvVartime(o: usize, a: usize): void {
  let A = INV, B = INV + E1, C = INV + E2, t = INV + 3 * FP2_BYTES, s = INV + 4 * FP2_BYTES;
  fp2Sqr(A, a);
  fp2Mul(t, a + E1, a + E2);
  fp2MulByNonResidue(t, t);
  fp2Sub(A, A, t);
  fp2Sqr(B, a + E2);
  fp2MulByNonResidue(B, B);
  fp2Mul(t, a, a + E1);
  fp2Sub(B, B, t);
  fp2Sqr(C, a + E1);
  fp2Mul(t, a, a + E2);
  fp2Sub(C, C, t);
  fp2Mul(t, a + E2, B);
  fp2Mul(s, a + E1, C);
  fp2Add(t, t, s);
  fp2MulByNonResidue(t, t);
  fp2Mul(s, a, A);
  fp2Add(t, t, s);
  fp2InvVartime(t, t);
  fp2Mul(o, A, t);
  fp2Mul(o + E1, B, t);
  fp2Mul(o + E2, C, t);
}

/** o = a^(p^power) for power 1, 2 or 3: v^(p^k) = v·ξ^((p^k - 1)/3). */
export function fp6FrobeniusMap(o: usize, a: usize, power: i32): void {
  let c1 = FROB6_C1_1, c2 = FROB6_C2_1;
  if (power == 2) { c1 = FROB6_C1_2; c2 = FROB6_C2_2; }
  else if (power == 3) { c1 = FROB6_C1_3; c2 = FROB6_C2_3; }
  fp2FrobeniusMap(o, a, power);
  fp2FrobeniusMap(o + E1, a + E1, power);
  fp2FrobeniusMap(o + E2, a + E2, power);
  fp2Mul(o + E1, o + E1, c1);
  fp2Mul(o + E2, o + E2, c2);
}
