// Fp12 = Fp6[w]/(w² - v), the target field of the BLS12-381 pairing. An element c0 + c1·w
// is stored as c0 then c1 (FP12_BYTES). Multiplication is Karatsuba over Fp6 (3 Fp6
// products), squaring the complex method (2 Fp6 products), and the Miller loop's sparse
// line product keeps all 13 of its Fp2 products unreduced until the six output
// coefficients. The pairing's values live in the cyclotomic subgroup (a^(p⁶+1) = 1 after
// the easy part of the final exponentiation), where inversion is conjugation and squaring
// has the cheaper Granger–Scott form ("Faster Squaring in the Cyclotomic Subgroup of Sixth
// Degree Extensions", eprint 2009/565, §3.2): 3 Fp4 squarings (9 Fp2 squarings) and six
// fused updates, instead of 12 Fp2 products. Output-first, allocation-free; outputs may
// alias inputs.
import { FP_BYTES } from "./fp";
import {
  FP2_BYTES, FP2_WIDE_BYTES, fp2Add, fp2AddLazy, fp2Sqr, fp2Mul, fp2Copy, fp2MulByNonResidue,
  fp2WideAdd, fp2WideSub, fp2WideAddXi, fp2WideMulXi,
} from "./fp2";
import {
  FP6_BYTES, fp6Zero, fp6One, fp6Copy, fp6Add, fp6Sub, fp6Neg, fp6Mul, fp6Sqr, fp6InvVartime,
  fp6MulByNonResidue, fp6FrobeniusMap, fp6Eq, fp6IsZero,
} from "./fp6";
import {
  gsR0MinusKernel, gsR1PlusKernel, gsXiR1PlusKernel, fp2MulWideKernel, fp2ReduceWideKernel,
} from "./mont.generated";
import { FP_ONE, FROB12_C1_1, FROB12_C1_2, FROB12_C1_3 } from "./constants.generated";

/** Bytes of one Fp12 element: c0 then c1 (Fp6 each). */
export const FP12_BYTES: usize = 2 * FP6_BYTES;
const H: usize = FP6_BYTES;

// @ts-ignore: decorator
@lazy const MUL: usize = memory.data(1008, 8);
// @ts-ignore: decorator
@lazy const SQR: usize = memory.data(1008, 8);
// @ts-ignore: decorator
@lazy const M014: usize = memory.data(1120, 8);
// @ts-ignore: decorator
@lazy const INV: usize = memory.data(672, 8);
// @ts-ignore: decorator
@lazy const CYC: usize = memory.data(1008, 8);

export function fp12Zero(o: usize): void {
  fp6Zero(o); fp6Zero(o + H);
}

export function fp12One(o: usize): void {
  fp6One(o); fp6Zero(o + H);
}

export function fp12Copy(o: usize, a: usize): void {
  for (let i: usize = 0; i < FP12_BYTES; i += 8) store<u64>(o + i, load<u64>(a + i));
}

export function fp12Eq(a: usize, b: usize): bool {
  return fp6Eq(a, b) & fp6Eq(a + H, b + H);
}

/** Whether a = 1: c0 = (1, 0, 0) and c1 = 0. */
export function fp12IsOne(a: usize): bool {
  let acc: u64 = 0;
  for (let i: usize = 0; i < FP_BYTES; i += 8) acc |= load<u64>(a + i) ^ load<u64>(FP_ONE + i);
  for (let i: usize = FP_BYTES; i < FP12_BYTES; i += 8) acc |= load<u64>(a + i);
  return acc == 0;
}

export function fp12IsZero(a: usize): bool {
  return fp6IsZero(a) & fp6IsZero(a + H);
}

/** o = conjugate of a = c0 - c1·w, a^(p⁶); the inverse of a cyclotomic element. */
export function fp12Conj(o: usize, a: usize): void {
  fp6Copy(o, a);
  fp6Neg(o + H, a + H);
}

/** o = a·b: aa = a0b0, bb = a1b1, c0 = aa + v·bb, c1 = (a0 + a1)(b0 + b1) - aa - bb. */
export function fp12Mul(o: usize, a: usize, b: usize): void {
  let aa = MUL, bb = MUL + H, s = MUL + 2 * H;
  fp6Mul(aa, a, b);
  fp6Mul(bb, a + H, b + H);
  fp6Add(s, a, a + H);
  fp6Add(o + H, b, b + H); // b is fully read above, a's halves are in aa, bb, s
  fp6Mul(o + H, s, o + H);
  fp6Sub(o + H, o + H, aa);
  fp6Sub(o + H, o + H, bb);
  fp6MulByNonResidue(bb, bb);
  fp6Add(o, aa, bb);
}

/** o = a²: ab = a0a1, c0 = (a0 + a1)(a0 + v·a1) - ab - v·ab, c1 = 2ab. */
export function fp12Sqr(o: usize, a: usize): void {
  let ab = SQR, s = SQR + H, t = SQR + 2 * H;
  fp6Mul(ab, a, a + H);
  fp6Add(s, a, a + H);
  fp6MulByNonResidue(t, a + H);
  fp6Add(t, a, t);
  fp6Mul(s, s, t);
  fp6Sub(s, s, ab);
  fp6MulByNonResidue(t, ab);
  fp6Sub(o, s, t);
  fp6Add(o + H, ab, ab);
}

// Wide Fp6 values for the line product: three wide Fp2 values (fp2.ts) each.
// @ts-ignore: decorator
@lazy const WAA: usize = memory.data(1344, 16);
// @ts-ignore: decorator
@lazy const WBB: usize = memory.data(1344, 16);
// @ts-ignore: decorator
@lazy const WSS: usize = memory.data(1344, 16);
// @ts-ignore: decorator
@lazy const WT: usize = memory.data(448, 16);

/** w = a·(b0 + b1·v), unreduced: a0b0 + ξa2b1, (a0 + a1)(b0 + b1) - a0b0 - a1b1, a1b1 + a2b0. */
function fp6MulBy01Wide(w: usize, a: usize, b0: usize, b1: usize, s: usize): void {
  const F = FP2_BYTES, W = FP2_WIDE_BYTES;
  fp2MulWideKernel(w, a, b0, 0);
  fp2MulWideKernel(w + 2 * W, a + F, b1, 0);
  fp2AddLazy(s, a, a + F);
  fp2AddLazy(s + F, b0, b1);
  fp2MulWideKernel(w + W, s, s + F, 0);
  fp2WideSub(w + W, w);
  fp2WideSub(w + W, w + 2 * W);
  fp2MulWideKernel(WT, a + 2 * F, b1, 0);
  fp2WideAddXi(w, WT);
  fp2MulWideKernel(w + 2 * W, a + 2 * F, b0, 1);
}

/** w = a·(b1·v), unreduced: ξa2b1, a0b1, a1b1. */
function fp6MulBy1Wide(w: usize, a: usize, b1: usize): void {
  const F = FP2_BYTES, W = FP2_WIDE_BYTES;
  fp2MulWideKernel(w, a + 2 * F, b1, 0);
  fp2WideMulXi(w);
  fp2MulWideKernel(w + W, a, b1, 0);
  fp2MulWideKernel(w + 2 * W, a + F, b1, 0);
}

/**
 * o = a·ℓ for the sparse line ℓ = d0 + d1·v + d4·v·w (the coefficients 0, 1 and 4 of
 * the basis 1, v, v², w, vw, v²w), as the Miller loop produces it:
 *   aa = a0·(d0 + d1v), bb = a1·(d4v), c1 = (a0 + a1)(d0 + (d1 + d4)v) - aa - bb,
 *   c0 = aa + v·bb,
 * with every Fp2 product kept wide and each of the six output coefficients reduced once
 * (13 Fp2 products, 6 reductions). The final columns are those of a0·d4v + a1·(d0 + d1v)
 * and a0·(d0 + d1v) + v·a1·d4v, below 112·2^56, so with the reduction terms below 2^63.
 */
export function fp12MulBy014(o: usize, a: usize, d0: usize, d1: usize, d4: usize): void {
  const F = FP2_BYTES, W = FP2_WIDE_BYTES;
  let sum = M014, e = M014 + H, s = M014 + H + F;
  fp6MulBy01Wide(WAA, a, d0, d1, s);
  fp6MulBy1Wide(WBB, a + H, d4);
  fp2Add(e, d1, d4);
  fp6Add(sum, a, a + H);
  fp6MulBy01Wide(WSS, sum, d0, e, s);
  // every read of a is done: o may alias it
  for (let j: usize = 0; j < 3; j++) {
    fp2WideSub(WSS + j * W, WAA + j * W);
    fp2WideSub(WSS + j * W, WBB + j * W);
    fp2ReduceWideKernel(o + H + j * F, WSS + j * W);
  }
  fp2WideAddXi(WAA, WBB + 2 * W);
  fp2ReduceWideKernel(o, WAA);
  fp2WideAdd(WAA + W, WBB);
  fp2ReduceWideKernel(o + F, WAA + W);
  fp2WideAdd(WAA + 2 * W, WBB + W);
  fp2ReduceWideKernel(o + 2 * F, WAA + 2 * W);
}

// @ts-ignore: decorator
@lazy const LSH: usize = memory.data(1344, 16);

/**
 * o = a·ℓ for the normalized line ℓ = c0 + c1·v + v·w (coefficient 4 equal to 1), the form
 * of the affine Miller loop (miller_affine.ts): with a = a0 + a1·w, L0 = c0 + c1·v,
 *   c0' = a0·L0 + v²·a1,   c1' = a1·L0 + v·a0,
 * two sparse Fp6 products kept wide (10 Fp2 products, 6 reductions) and the products by v
 * and v² (coefficient shifts and products by ξ, sums only), against 13 products for a
 * general line (fp12MulBy014).
 */
export function fp12MulByLineAffine(o: usize, a: usize, c0: usize, c1: usize): void {
  const F = FP2_BYTES, W = FP2_WIDE_BYTES;
  let s = M014;
  fp6MulBy01Wide(WAA, a, c0, c1, s);
  fp6MulBy01Wide(WBB, a + H, c0, c1, s);
  // v²·a1 = (ξa1[1], ξa1[2], a1[0]) and v·a0 = (ξa0[2], a0[0], a0[1]), before o overwrites a
  let t0 = LSH, t1 = LSH + H;
  fp2MulByNonResidue(t0, a + H + F);
  fp2MulByNonResidue(t0 + F, a + H + 2 * F);
  fp2Copy(t0 + 2 * F, a + H);
  fp2MulByNonResidue(t1, a + 2 * F);
  fp2Copy(t1 + F, a);
  fp2Copy(t1 + 2 * F, a + F);
  for (let j: usize = 0; j < 3; j++) {
    fp2ReduceWideKernel(o + j * F, WAA + j * W);
    fp2Add(o + j * F, o + j * F, t0 + j * F);
    fp2ReduceWideKernel(o + H + j * F, WBB + j * W);
    fp2Add(o + H + j * F, o + H + j * F, t1 + j * F);
  }
}

/** o = a⁻¹ = (a0 - a1·w)/(a0² - v·a1²); 0 maps to 0. Variable time: for public a only. */
export function fp12InvVartime(o: usize, a: usize): void {
  let t = INV, s = INV + H;
  fp6Sqr(t, a);
  fp6Sqr(s, a + H);
  fp6MulByNonResidue(s, s);
  fp6Sub(t, t, s);
  fp6InvVartime(t, t);
  fp6Mul(o, a, t);
  fp6Mul(o + H, a + H, t);
  fp6Neg(o + H, o + H);
}

/** o = a^(p^power) for power 1, 2 or 3: w^(p^k) = w·ξ^((p^k - 1)/6). */
export function fp12FrobeniusMap(o: usize, a: usize, power: i32): void {
  let c = FROB12_C1_1;
  if (power == 2) c = FROB12_C1_2;
  else if (power == 3) c = FROB12_C1_3;
  fp6FrobeniusMap(o, a, power);
  fp6FrobeniusMap(o + H, a + H, power);
  fp2Mul(o + H, o + H, c);
  fp2Mul(o + H + FP2_BYTES, o + H + FP2_BYTES, c);
  fp2Mul(o + H + 2 * FP2_BYTES, o + H + 2 * FP2_BYTES, c);
}

/** Parts of the Fp4 square (x + y·t)², t² = ξ: A = x², B = y², S = (x + y)² at out, out + F, out + 2F. */
// @ts-ignore: decorator
@inline function fp4SqrParts(out: usize, x: usize, y: usize): void {
  fp2Sqr(out, x);
  fp2Sqr(out + FP2_BYTES, y);
  fp2AddLazy(out + 2 * FP2_BYTES, x, y);
  fp2Sqr(out + 2 * FP2_BYTES, out + 2 * FP2_BYTES);
}

/**
 * o = a² for a in the cyclotomic subgroup (Granger–Scott, eprint 2009/565 §3.2). With
 * a = (g0, g1, g2) + (h0, h1, h2)·w, the Fp4 squares (x + y·t)² = (x² + ξy²) + 2xy·t of
 * (g0, h1), (h0, g2) and (g1, h2) give every coordinate of the square as 3·r - 2·z or
 * 3·r + 2·z; each such update, including the sums that form r, is one fused kernel
 * (mont.generated.ts).
 */
export function fp12CyclotomicSqr(o: usize, a: usize): void {
  const F = FP2_BYTES;
  let p0 = CYC, p1 = CYC + 3 * F, p2 = CYC + 6 * F;
  let g0 = a, g1 = a + F, g2 = a + 2 * F, h0 = a + H, h1 = a + H + F, h2 = a + H + 2 * F;
  fp4SqrParts(p0, g0, h1);
  fp4SqrParts(p1, h0, g2);
  fp4SqrParts(p2, g1, h2);
  gsR0MinusKernel(o, p0, p0 + F, g0);
  gsR0MinusKernel(o + F, p1, p1 + F, g1);
  gsR0MinusKernel(o + 2 * F, p2, p2 + F, g2);
  gsXiR1PlusKernel(o + H, p2 + 2 * F, p2, p2 + F, h0);
  gsR1PlusKernel(o + H + F, p0 + 2 * F, p0, p0 + F, h1);
  gsR1PlusKernel(o + H + 2 * F, p1 + 2 * F, p1, p1 + F, h2);
}
