// Square roots for the curve code: Fp, Fp2 and the ratio √(U/V) of simplified SWU, all
// variable time (they only see public values: point decoding and hashing public messages).
//
// p ≡ 3 (mod 4), so in Fp √a = a^((p+1)/4) = a·a^((p-3)/4), and w = a^((p-3)/4) also gives
// 1/√a = w when a is a square (w²·a = a^((p-1)/2) = 1) — which is what lets the Fp2 roots
// below avoid every inversion. The exponent is public, so it is applied with a width-5
// sliding window: 378 squarings and 83 multiplications instead of the 228 of square-and-
// multiply (this exponent has 228 one bits), a quarter fewer operations.
//
// Square roots in Fp2 = Fp[u]/(u² + 1) use the norm (the "complex method" of Adj and
// Rodríguez-Henríquez, ePrint 2012/685): for a = a0 + a1·u with a1 ≠ 0, a is a square iff
// N = a0² + a1² is a square in Fp; then with s = √N, t = (a0 + s)/2 and w = t^((p-3)/4),
// either t is a square and √a = w·t + (a1·w/2)·u, or it is not (w²·t = -1) and
// √a = -(a1·w/2) + (w·t)·u. Two Fp exponentiations, no inversion: G2 decompression
// without the subgroup check went from 344 µs (two Fp2 exponentiations, fp2Sqrt) to 114 µs
// with this and the window (bench/bls-curve.bench.js, same machine).
import {
  FP_BYTES, fpFromBytes, fpMul, fpSqr, fpAdd, fpNeg, fpIsZero, fpEq, fpCopy, fpZero, fpInv,
} from "./fp";
import { FP2_BYTES, fp2Mul, fp2Sqr, fp2Conj, fp2Eq } from "./fp2";
import { EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS } from "./constants.generated";

/** 1/2 in internal form. */
// @ts-ignore: decorator
@lazy const HALF: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const TWO_BYTES: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
]);
fpFromBytes(HALF, TWO_BYTES);
fpInv(HALF, HALF);

/** Width of the sliding window: a table of the 16 odd powers a, a³, …, a³¹. */
const POW_WINDOW: i32 = 5;
// @ts-ignore: decorator
@lazy const POW_TABLE: usize = memory.data(<i32>FP_BYTES * (1 << (POW_WINDOW - 1)), 16);
// @ts-ignore: decorator
@lazy const POW_ACC: usize = memory.data(<i32>FP_BYTES * 2, 16);

// @ts-ignore: decorator
@inline function expBit(i: i32): u32 {
  return <u32>(load<u64>(EXP_P_MINUS_3_DIV_4 + (<usize>(i >> 6) << 3)) >> <u64>(i & 63)) & 1;
}

/** o = a^((p-3)/4) by a left-to-right width-5 sliding window. o may alias a. */
export function fpPowP34(o: usize, a: usize): void {
  const acc = POW_ACC, sq = POW_ACC + FP_BYTES;
  fpCopy(POW_TABLE, a);
  fpSqr(sq, a);
  for (let i = 1; i < (1 << (POW_WINDOW - 1)); i++) {
    fpMul(POW_TABLE + <usize>i * FP_BYTES, POW_TABLE + <usize>(i - 1) * FP_BYTES, sq);
  }
  let i = EXP_P_MINUS_3_DIV_4_WORDS * 64 - 1;
  while (i >= 0 && expBit(i) == 0) i--;
  let started = false;
  while (i >= 0) {
    if (expBit(i) == 0) {
      fpSqr(acc, acc);
      i--;
      continue;
    }
    // The longest window [j, i] of at most POW_WINDOW bits that ends in a one bit.
    let j = i - POW_WINDOW + 1;
    if (j < 0) j = 0;
    while (expBit(j) == 0) j++;
    let d: i32 = 0;
    for (let k = i; k >= j; k--) d = (d << 1) | <i32>expBit(k);
    if (started) {
      for (let k = i; k >= j; k--) fpSqr(acc, acc);
      fpMul(acc, acc, POW_TABLE + <usize>(d >> 1) * FP_BYTES);
    } else {
      fpCopy(acc, POW_TABLE + <usize>(d >> 1) * FP_BYTES);
      started = true;
    }
    i = j - 1;
  }
  fpCopy(o, acc);
}

// @ts-ignore: decorator
@lazy const ST: usize = memory.data(<i32>FP_BYTES * 2, 16);

/** o = √a = a·a^((p-3)/4) and true, or false (o unspecified) when a is not a square. */
export function fpSqrtVartime(o: usize, a: usize): bool {
  const w = ST, c = ST + FP_BYTES;
  fpPowP34(w, a);
  fpMul(w, w, a);
  fpSqr(c, w);
  const ok = fpEq(c, a);
  fpCopy(o, w);
  return ok;
}

// @ts-ignore: decorator
@lazy const SQ: usize = memory.data(<i32>FP_BYTES * 5, 16);

/** o = √a and true, or false (o unspecified) when a is not a square. Variable time. */
export function fp2SqrtVartime(o: usize, a: usize): bool {
  const a0 = a, a1 = a + FP_BYTES;
  const n = SQ, s = SQ + FP_BYTES, t = SQ + 2 * FP_BYTES, w = SQ + 3 * FP_BYTES, c = SQ + 4 * FP_BYTES;
  if (fpIsZero(a1)) {
    // a ∈ Fp: √a0 if a0 is a square, else u·√(-a0) (-1 is not a square since p ≡ 3 mod 4).
    if (fpSqrtVartime(t, a0)) { fpCopy(o, t); fpZero(o + FP_BYTES); return true; }
    fpNeg(n, a0);
    if (!fpSqrtVartime(t, n)) return false;
    fpZero(o);
    fpCopy(o + FP_BYTES, t);
    return true;
  }
  fpSqr(n, a0);
  fpSqr(t, a1);
  fpAdd(n, n, t);                               // N = a0² + a1²
  if (!fpSqrtVartime(s, n)) return false;
  fpAdd(t, a0, s);
  fpMul(t, t, HALF);                            // t = (a0 + √N)/2
  fpPowP34(w, t);
  fpMul(s, w, t);                               // w·t
  fpMul(c, a1, w);
  fpMul(c, c, HALF);                            // a1·w/2
  fpSqr(n, s);
  if (fpEq(n, t)) {                             // (w·t)² = t: t is a square
    fpCopy(o, s);
    fpCopy(o + FP_BYTES, c);
  } else {
    fpNeg(o, c);
    fpCopy(o + FP_BYTES, s);
  }
  return true;
}

/**
 * y = a square root of U/V and true, or false when U/V is not a square (V ≠ 0), without an
 * inversion: with W = U·conj(V) and n = N(V) ∈ Fp, U/V = W/n. Its norm N(W)/n² is a square
 * iff N(W) is (s = √N(W)). With T = (W0 + s)/2 (so t = T/n) and w = (T·n)^((p-3)/4):
 * w² = 1/(T·n) when t is a square, giving √(U/V) = ±(T·w + (W1·w/2)·u); otherwise
 * w²·T·n = -1 and √(U/V) = ±(-(W1·w/2) + (T·w)·u). The sign is left to the caller.
 *
 * normRoot, when not 0, points to a known √N(W) (so one exponentiation is saved); when
 * U/V is not a square the function leaves √(-N(W)) for sqrtRatioNegNormRoot(). The result
 * is checked (y²·V = U), so a wrong normRoot gives false, never a wrong root. Variable time.
 */
export function sqrtRatioVartime(y: usize, u: usize, v: usize, normRoot: usize): bool {
  const w = RT, n = RT + FP2_BYTES, s = RT + FP2_BYTES + FP_BYTES, t = RT + FP2_BYTES + 2 * FP_BYTES;
  const e = RT + FP2_BYTES + 3 * FP_BYTES, c = RT + FP2_BYTES + 4 * FP_BYTES, q = RT + FP2_BYTES + 5 * FP_BYTES;
  fp2Conj(w, v);
  fp2Mul(w, w, u);                              // W = U·conj(V)
  fpSqr(n, v);
  fpSqr(t, v + FP_BYTES);
  fpAdd(n, n, t);                               // n = N(V)
  const w0 = w, w1 = w + FP_BYTES;
  NEG_NORM_ROOT_VALID = false;
  if (fpIsZero(w1)) {
    // U/V ∈ Fp (rare): invert n and take the square root directly.
    fpInv(n, n);
    fpMul(w0, w0, n);
    return fp2SqrtVartime(y, w);
  }
  if (normRoot != 0) {
    fpCopy(s, normRoot);
  } else {
    fpSqr(s, w0);
    fpSqr(t, w1);
    fpAdd(s, s, t);                             // N(W)
    if (!fpSqrtVartime(s, s)) {
      fpCopy(NEG_NORM_ROOT, s);                 // N(W)^((p+1)/4), a root of -N(W)
      NEG_NORM_ROOT_VALID = true;
      return false;
    }
  }
  fpAdd(t, w0, s);
  fpMul(t, t, HALF);                            // T = (W0 + √N(W))/2, nonzero since W1 ≠ 0
  fpMul(e, t, n);
  fpPowP34(e, e);                              // w = (T·n)^((p-3)/4)
  fpMul(s, e, t);                               // T·w
  fpMul(c, w1, e);
  fpMul(c, c, HALF);                            // W1·w/2
  fpSqr(q, s);
  fpMul(q, q, n);
  if (fpEq(q, t)) {                             // (T·w)²·n = T: t is a square
    fpCopy(y, s);
    fpCopy(y + FP_BYTES, c);
  } else {
    fpNeg(y, c);
    fpCopy(y + FP_BYTES, s);
  }
  fp2Sqr(w, y);
  fp2Mul(w, w, v);
  return fp2Eq(w, u);                           // y²·V = U
}
// @ts-ignore: decorator
@lazy const RT: usize = memory.data(<i32>(FP2_BYTES + FP_BYTES * 6), 16);
// @ts-ignore: decorator
@lazy const NEG_NORM_ROOT: usize = memory.data(<i32>FP_BYTES, 16);
let NEG_NORM_ROOT_VALID = false;

/**
 * After sqrtRatioVartime returned false: a pointer to √(-N(W)) of that call, or 0 when it
 * took the U/V ∈ Fp path and has none.
 */
export function sqrtRatioNegNormRoot(): usize {
  return NEG_NORM_ROOT_VALID ? NEG_NORM_ROOT : 0;
}

