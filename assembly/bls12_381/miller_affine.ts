// The multi-pairing Miller loop of pairing.ts with the running points T_i kept AFFINE, for
// products of many pairs (batch verification, AggregateVerify of many messages).
//
// In affine coordinates every doubling or addition step needs one inversion per pair (the
// slope λ); all pairs step together, so Montgomery's trick shares ONE inversion among them
// (three products per pair). What that buys is the line: through affine points,
//   tangent at T:  ℓ = (λ·x_T − y_T) − λ·xP·v + yP·v·w,   λ = 3x_T²/(2y_T),
//   chord T, Q:    ℓ = (λ·x_T − y_T) − λ·xP·v + yP·v·w,   λ = (y_T − y_Q)/(x_T − x_Q),
// (the projective lines of pairing.ts divided by 2y_T·Z² or by x_T − x_Q, elements of Fp2),
// and dividing by yP (in Fp) leaves c0 + c1·v + v·w with c0 = (λx_T − y_T)/yP and
// c1 = −λ·xP/yP: its coefficient at v·w is 1, so f·ℓ costs 10 Fp2 products instead of 13
// (fp12MulByLineAffine). Factors in Fp2 (a proper subfield) vanish in the final
// exponentiation (its exponent is a multiple of p⁶ − 1), so the product of pairings is
// exactly that of pairing.ts; the Miller loop value itself differs by such a factor.
// 1/yP and −xP/yP are computed once per pair, with one shared inversion.
//
// The steps never meet an exceptional case: T_i = [k]Q_i with 2 ≤ k < 2^64 < r on a point
// of order r, so T_i is never infinity, never of order 2 (y_T ≠ 0), and never ±Q_i
// (x_T ≠ x_Q). P_i is in G1 and not infinity, so yP ≠ 0. Variable time (public points).
import { FP_BYTES, fpOne, fpMul, fpCopy, fpNeg } from "./fp";
import { fpInvVartime } from "./inv";
import {
  FP2_BYTES, fp2One, fp2Copy, fp2Add, fp2Sub, fp2Dbl, fp2Mul, fp2Sqr, fp2MulByFp, fp2InvVartime,
  fp2AddLazy,
} from "./fp2";
import { fp12One, fp12Sqr, fp12Conj, fp12MulByLineAffine } from "./fp12";
import { BLS_X_ABS } from "./constants.generated";

const F2: usize = FP2_BYTES;
const G1_AFFINE_BYTES: usize = 2 * FP_BYTES;
const G2_AFFINE_BYTES: usize = 2 * FP2_BYTES;
/** Per-pair state: T (affine, 2 Fp2), the running prefix product (Fp2), 1/yP and −xP/yP (Fp). */
const T_BYTES: usize = 2 * FP2_BYTES;
const STATE_BYTES: usize = T_BYTES + FP2_BYTES + 2 * FP_BYTES;
/** Bytes the loop allocates from the call's arena per pair. */
export const MILLER_AFFINE_PAIR_BYTES: usize = STATE_BYTES;

// @ts-ignore: decorator
@lazy const ACC: usize = memory.data(<i32>FP2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const TMP: usize = memory.data(<i32>FP2_BYTES * 6, 16);

// @ts-ignore: decorator
@inline function tOf(st: usize, i: i32): usize { return st + <usize>i * STATE_BYTES; }
// @ts-ignore: decorator
@inline function prefixOf(st: usize, i: i32): usize { return st + <usize>i * STATE_BYTES + T_BYTES; }
// @ts-ignore: decorator
@inline function alphaOf(st: usize, i: i32): usize { return st + <usize>i * STATE_BYTES + T_BYTES + FP2_BYTES; }
// @ts-ignore: decorator
@inline function betaOf(st: usize, i: i32): usize { return alphaOf(st, i) + FP_BYTES; }

/** The denominator of pair i's slope: 2y_T (doubling) or x_T − x_Q (addition). */
function denominator(o: usize, st: usize, g2: usize, i: i32, add: bool): void {
  const t = tOf(st, i);
  if (add) fp2Sub(o, t, g2 + <usize>i * G2_AFFINE_BYTES);
  else fp2Dbl(o, t + F2);
}

/**
 * One step for every pair: T_i = 2T_i (add = false) or T_i + Q_i (add = true), and f = f·ℓ_i.
 * The slopes' denominators share one inversion (Montgomery's trick).
 */
function step(f: usize, st: usize, g2: usize, n: i32, add: bool): void {
  const acc = ACC, inv = ACC + F2;
  const d = TMP, lam = TMP + F2, c0 = TMP + 2 * F2, c1 = TMP + 3 * F2, s = TMP + 4 * F2, xn = TMP + 5 * F2;
  fp2One(acc);
  for (let i = 0; i < n; i++) {
    fp2Copy(prefixOf(st, i), acc);
    denominator(d, st, g2, i, add);
    fp2Mul(acc, acc, d);
  }
  fp2InvVartime(inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    const t = tOf(st, i), x = t, y = t + F2, zi = prefixOf(st, i);
    denominator(d, st, g2, i, add);
    fp2Mul(zi, zi, inv);                    // 1/d_i
    fp2Mul(inv, inv, d);                    // 1/(d_0 ⋯ d_(i-1))
    const q = g2 + <usize>i * G2_AFFINE_BYTES;
    if (add) {
      fp2Sub(s, y, q + F2);
      fp2Mul(lam, s, zi);                   // λ = (y − y_Q)/(x − x_Q)
    } else {
      fp2Sqr(s, x);
      fp2Dbl(c1, s);
      fp2AddLazy(s, c1, s);                 // 3x² (a lazy sum feeding the product)
      fp2Mul(lam, s, zi);                   // λ = 3x²/(2y)
    }
    fp2Mul(c0, lam, x);
    fp2Sub(c0, c0, y);                      // λx − y
    fp2Sqr(xn, lam);
    fp2Sub(xn, xn, x);
    fp2Sub(xn, xn, add ? q : x);            // x' = λ² − x − x_Q (x_Q = x when doubling)
    fp2Mul(s, lam, xn);
    fp2Sub(y, c0, s);                       // y' = λ(x − x') − y = (λx − y) − λx'
    fp2Copy(x, xn);
    fp2MulByFp(c0, c0, alphaOf(st, i));     // (λx − y)/yP
    fp2MulByFp(c1, lam, betaOf(st, i));     // −λ·xP/yP
    fp12MulByLineAffine(f, f, c0, c1);
  }
}

/**
 * out = ∏ f_i over n pairs (G1 affine points at g1, G2 affine points at g2, contiguous, none
 * infinity, Q_i in G2), up to a factor that the final exponentiation removes: the same
 * pairing product as millerLoopMulti. Allocates MILLER_AFFINE_PAIR_BYTES per pair from the
 * call's arena. n ≤ 0 gives 1.
 */
export function millerLoopMultiAffine(out: usize, g1: usize, g2: usize, n: i32): void {
  fp12One(out);
  if (n <= 0) return;
  const st = __alloc(<usize>n * STATE_BYTES);
  // α_i = 1/yP_i and β_i = −xP_i·α_i, one inversion for all pairs.
  const acc = ACC, inv = ACC + FP_BYTES;
  fpOne(acc);
  for (let i = 0; i < n; i++) {
    const t = tOf(st, i), q = g2 + <usize>i * G2_AFFINE_BYTES;
    fp2Copy(t, q);
    fp2Copy(t + F2, q + F2);
    fpCopy(alphaOf(st, i), acc);
    fpMul(acc, acc, g1 + <usize>i * G1_AFFINE_BYTES + FP_BYTES);
  }
  fpInvVartime(inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    const p = g1 + <usize>i * G1_AFFINE_BYTES, a = alphaOf(st, i), b = betaOf(st, i);
    fpMul(a, a, inv);
    fpMul(inv, inv, p + FP_BYTES);
    fpMul(b, p, a);
    fpNeg(b, b);
  }
  // The bits of |x| below the top one, high to low, as in millerLoopMulti.
  for (let bit: i32 = 62; bit >= 1; bit--) {
    step(out, st, g2, n, false);
    if ((BLS_X_ABS >> <u64>bit) & 1) step(out, st, g2, n, true);
    fp12Sqr(out, out);
  }
  step(out, st, g2, n, false);
  fp12Conj(out, out); // x < 0
}
