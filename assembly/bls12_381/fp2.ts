// Fp2 = Fp[u]/(u² + 1), the field of G2's coordinates. An element is c0 + c1·u stored as
// c0 then c1 (FP2_BYTES). Multiplication is Karatsuba with lazy reduction: the three
// products a0b0, a1b1, (a0 + a1)(b0 + b1) stay unreduced and each coefficient is reduced
// once (fp2MulWideKernel, fp2ReduceWideKernel); squaring is (a0 + a1)(a0 - a1) + 2·a0·a1·u, also two reductions.
// Square roots use the complex method (two or three exponentiations in Fp), falling back
// to Algorithm 9 of Adj and Rodríguez-Henríquez, "Square root computation over even
// extension fields" (eprint 2012/685). Output-first, allocation-free, outputs may alias
// inputs.
import {
  FP_BYTES, fpZero, fpOne, fpCopy, fpAdd, fpSub, fpNeg, fpDbl, fpMul, fpSqr, fpInv, fpIsZero,
  fpEq, fpCmov, fpSgn0, fpFromBytes, fpToBytes, fpFromU64, fpIsSquare, fpSqrt, fpPowPublic,
} from "./fp";
import { fpInvVartime } from "./inv";
import {
  montMul, montSqr, modAdd, modSub, fp2SqrKernel, fp2MulWideKernel, fp2ReduceWideKernel,
} from "./mont.generated";
import {
  FP_MINUS_ONE, FP_HALF, EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS,
  EXP_P_MINUS_1_DIV_2, EXP_P_MINUS_1_DIV_2_WORDS,
} from "./constants.generated";

/** Bytes of one Fp2 element: c0 then c1. */
export const FP2_BYTES: usize = 2 * FP_BYTES;

// @ts-ignore: decorator
@lazy const S0: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const S1: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const S2: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const S3: usize = memory.data(56, 8);
// Scratch of the exponentiations and square root (callers of fp2Mul/fp2Sqr, never callees).
// @ts-ignore: decorator
@lazy const P_ACC: usize = memory.data(112, 8);
// @ts-ignore: decorator
@lazy const P_BASE: usize = memory.data(112, 8);
// @ts-ignore: decorator
@lazy const Q0: usize = memory.data(112, 8);
// @ts-ignore: decorator
@lazy const Q1: usize = memory.data(112, 8);
// @ts-ignore: decorator
@lazy const Q2: usize = memory.data(112, 8);

export function fp2Zero(o: usize): void {
  fpZero(o);
  fpZero(o + FP_BYTES);
}

export function fp2One(o: usize): void {
  fpOne(o);
  fpZero(o + FP_BYTES);
}

export function fp2Copy(o: usize, a: usize): void {
  for (let i: usize = 0; i < 112; i += 8) store<u64>(o + i, load<u64>(a + i));
}

export function fp2Add(o: usize, a: usize, b: usize): void {
  modAdd(o, a, b);
  modAdd(o + FP_BYTES, a + FP_BYTES, b + FP_BYTES);
}

export function fp2Sub(o: usize, a: usize, b: usize): void {
  modSub(o, a, b);
  modSub(o + FP_BYTES, a + FP_BYTES, b + FP_BYTES);
}

export function fp2Dbl(o: usize, a: usize): void {
  modAdd(o, a, a);
  modAdd(o + FP_BYTES, a + FP_BYTES, a + FP_BYTES);
}

export function fp2Neg(o: usize, a: usize): void {
  fpNeg(o, a);
  fpNeg(o + FP_BYTES, a + FP_BYTES);
}

/** o = conjugate of a = a0 - a1·u (the p-power Frobenius of Fp2). */
export function fp2Conj(o: usize, a: usize): void {
  fpCopy(o, a);
  fpNeg(o + FP_BYTES, a + FP_BYTES);
}

/**
 * o = a + b without carries or reduction: a "lazy" sum (limbs < 2^29, value < 2p), valid
 * only as an input of fp2Mul or fp2Sqr, whose kernels keep their bounds for such inputs
 * (mont.generated.ts). Saves a carry pass and a conditional subtraction per coefficient.
 */
// @ts-ignore: decorator
@inline export function fp2AddLazy(o: usize, a: usize, b: usize): void {
  for (let i: usize = 0; i < 112; i += 8) store<u64>(o + i, load<u64>(a + i) + load<u64>(b + i));
}

// @ts-ignore: decorator
@lazy const WM: usize = memory.data(448, 16);

/**
 * o = a·b: Karatsuba, c0 = a0b0 - a1b1, c1 = (a0 + a1)(b0 + b1) - a0b0 - a1b1, with the
 * three products left unreduced (fp2MulWideKernel) and one Montgomery reduction per
 * coefficient (fp2ReduceWideKernel).
 */
export function fp2Mul(o: usize, a: usize, b: usize): void {
  fp2MulWideKernel(WM, a, b, 0);
  fp2ReduceWideKernel(o, WM);
}

/** o = a²: c0 = (a0 + a1)(a0 - a1), c1 = 2·a0·a1, one reduction each (fp2SqrKernel). */
export function fp2Sqr(o: usize, a: usize): void {
  fp2SqrKernel(o, a);
}

/** o = a·(1 + u) = (a0 - a1) + (a0 + a1)·u, the product by the sextic non-residue ξ. */
export function fp2MulByNonResidue(o: usize, a: usize): void {
  let a1 = a + FP_BYTES;
  modSub(S0, a, a1);
  modAdd(o + FP_BYTES, a, a1);
  fpCopy(o, S0);
}

/** o = a·f for f in Fp. */
export function fp2MulByFp(o: usize, a: usize, f: usize): void {
  montMul(o, a, f);
  montMul(o + FP_BYTES, a + FP_BYTES, f);
}

/** o = a^(p^power): conjugation for odd powers, identity for even ones. */
export function fp2FrobeniusMap(o: usize, a: usize, power: i32): void {
  if (power & 1) fp2Conj(o, a);
  else fp2Copy(o, a);
}

/** o = a⁻¹ = conj(a)/(a0² + a1²); 0 maps to 0. */
export function fp2Inv(o: usize, a: usize): void {
  let a1 = a + FP_BYTES;
  montSqr(S0, a);
  montSqr(S1, a1);
  modAdd(S0, S0, S1);
  fpInv(S0, S0);
  montMul(o, a, S0);
  montMul(S1, a1, S0);
  fpNeg(o + FP_BYTES, S1);
}

/** fp2Inv in variable time (assembly/bls12_381/inv.ts), for public a only. */
export function fp2InvVartime(o: usize, a: usize): void {
  let a1 = a + FP_BYTES;
  montSqr(S0, a);
  montSqr(S1, a1);
  modAdd(S0, S0, S1);
  fpInvVartime(S0, S0);
  montMul(o, a, S0);
  montMul(S1, a1, S0);
  fpNeg(o + FP_BYTES, S1);
}

export function fp2IsZero(a: usize): bool {
  return fpIsZero(a) & fpIsZero(a + FP_BYTES);
}

export function fp2Eq(a: usize, b: usize): bool {
  return fpEq(a, b) & fpEq(a + FP_BYTES, b + FP_BYTES);
}

/** o = cond ? a : o, branch-free. */
export function fp2Cmov(o: usize, a: usize, cond: u32): void {
  fpCmov(o, a, cond);
  fpCmov(o + FP_BYTES, a + FP_BYTES, cond);
}

/** o = v (in the base field). */
export function fp2FromU64(o: usize, v: u64): void {
  fpFromU64(o, v);
  fpZero(o + FP_BYTES);
}

/** o = a^e, e a public exponent of `words` little-endian u64 words. */
export function fp2PowPublic(o: usize, a: usize, e: usize, words: i32): void {
  fp2Copy(P_BASE, a);
  fp2One(P_ACC);
  let started = false;
  for (let w = words - 1; w >= 0; w--) {
    let word = load<u64>(e + (<usize>w << 3));
    for (let bit: i32 = 63; bit >= 0; bit--) {
      if (started) fp2Sqr(P_ACC, P_ACC);
      if ((word >> <u64>bit) & 1) {
        fp2Mul(P_ACC, P_ACC, P_BASE);
        started = true;
      }
    }
  }
  fp2Copy(o, P_ACC);
}

/** Whether a is a square in Fp2: exactly when its norm a0² + a1² is a square in Fp. */
export function fp2IsSquare(a: usize): bool {
  montSqr(S0, a);
  montSqr(S1, a + FP_BYTES);
  modAdd(S0, S0, S1);
  return fpIsSquare(S0);
}

/**
 * o = a square root of a and true, or false (o unspecified) when a is not a square.
 *
 * The complex method, in Fp only (2 or 3 Fp exponentiations instead of 2 in Fp2): a is a
 * square exactly when its norm n = a0² + a1² is; with s = √n, one of t = (a0 ± s)/2 is a
 * square in Fp, and x0 = √t, x1 = a1/(2·x0) give (x0 + x1·u)² = a. One exponentiation
 * y = t^((p-3)/4) yields both √t = t·y and 1/√t = y. When x0 would be 0 (a1 = 0 and a0 a
 * non-square, or a = 0) it falls back to Algorithm 9 of eprint 2012/685. The result is
 * checked by squaring.
 */
export function fp2Sqrt(o: usize, a: usize): bool {
  let a1 = a + FP_BYTES;
  let n = Q0, s = Q0 + FP_BYTES, t = Q1, y = Q1 + FP_BYTES, x = Q2;
  montSqr(n, a);
  montSqr(s, a1);
  modAdd(n, n, s);
  if (!fpSqrt(s, n)) return false;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt == 0) modAdd(t, a, s);
    else modSub(t, a, s);
    montMul(t, t, FP_HALF);
    fpPowPublic(y, t, EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS);
    montMul(x, t, y); // √t when t is a square
    montSqr(S0, x);
    if (fpEq(S0, t) && !fpIsZero(x)) {
      montMul(x + FP_BYTES, a1, y);
      montMul(x + FP_BYTES, x + FP_BYTES, FP_HALF);
      fp2Sqr(S2, x);
      if (!fp2Eq(S2, a)) return false;
      fp2Copy(o, x);
      return true;
    }
  }
  return fp2SqrtAlgorithm9(o, a);
}

/** Algorithm 9 of eprint 2012/685 (p ≡ 3 mod 4): the general Fp2 square root. */
function fp2SqrtAlgorithm9(o: usize, a: usize): bool {
  fp2PowPublic(Q0, a, EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS); // a1
  fp2Mul(Q1, Q0, a); // x0 = a1·a
  fp2Mul(Q0, Q0, Q1); // α = a1·x0
  // α = -1 ⇔ c0 = p - 1 and c1 = 0
  let alphaIsMinusOne = fpEq(Q0, FP_MINUS_ONE) & fpIsZero(Q0 + FP_BYTES);
  if (alphaIsMinusOne) {
    // u·(x0 + x1·u) = -x1 + x0·u
    fpNeg(S0, Q1 + FP_BYTES);
    fpCopy(Q2 + FP_BYTES, Q1);
    fpCopy(Q2, S0);
  } else {
    fp2One(Q2);
    fp2Add(Q0, Q0, Q2); // 1 + α
    fp2PowPublic(Q0, Q0, EXP_P_MINUS_1_DIV_2, EXP_P_MINUS_1_DIV_2_WORDS);
    fp2Mul(Q2, Q0, Q1);
  }
  fp2Sqr(Q0, Q2);
  let ok = fp2Eq(Q0, a);
  fp2Copy(o, Q2);
  return ok;
}

/** sgn0 of RFC 9380 §4.1 for m = 2: sgn0(c0) OR (c0 == 0 AND sgn0(c1)). */
export function fp2Sgn0(a: usize): u32 {
  let sign0 = fpSgn0(a);
  let zero0 = <u32>fpIsZero(a);
  let sign1 = fpSgn0(a + FP_BYTES);
  return sign0 | (zero0 & sign1);
}

/** 96 bytes c1 ‖ c0, each big-endian (the Zcash G2 order) → o; false if either is ≥ p. */
export function fp2FromBytes(o: usize, src96: usize): bool {
  let ok1 = fpFromBytes(o + FP_BYTES, src96);
  let ok0 = fpFromBytes(o, src96 + 48);
  return ok0 & ok1;
}

/** a → 96 bytes c1 ‖ c0, each canonical big-endian. */
export function fp2ToBytes(dst96: usize, a: usize): void {
  fpToBytes(dst96, a + FP_BYTES);
  fpToBytes(dst96 + 48, a);
}

// Wide Fp2 values: the unreduced products of fp2MulWideKernel (mont.generated.ts), 28
// signed 64-bit columns for c0 then 28 for c1 (the last of each unused), summed lazily and
// reduced once by fp2ReduceWideKernel. The callers bound the final column values.

/** Bytes of one wide Fp2 value. */
export const FP2_WIDE_BYTES: usize = 448;

/** w += x (wide, column-wise; i64 lanes wrap, only final values matter). */
export function fp2WideAdd(w: usize, x: usize): void {
  for (let i: usize = 0; i < FP2_WIDE_BYTES; i += 16) v128.store(w + i, i64x2.add(v128.load(w + i), v128.load(x + i)));
}

/** w -= x (wide). */
export function fp2WideSub(w: usize, x: usize): void {
  for (let i: usize = 0; i < FP2_WIDE_BYTES; i += 16) v128.store(w + i, i64x2.sub(v128.load(w + i), v128.load(x + i)));
}

/** w += ξ·x (wide): (x0 - x1) + (x0 + x1)·u, column-wise. */
export function fp2WideAddXi(w: usize, x: usize): void {
  for (let i: usize = 0; i < 224; i += 16) {
    let x0 = v128.load(x + i), x1 = v128.load(x + 224 + i);
    v128.store(w + i, i64x2.add(v128.load(w + i), i64x2.sub(x0, x1)));
    v128.store(w + 224 + i, i64x2.add(v128.load(w + 224 + i), i64x2.add(x0, x1)));
  }
}

/** w = ξ·w (wide). */
export function fp2WideMulXi(w: usize): void {
  for (let i: usize = 0; i < 224; i += 16) {
    let x0 = v128.load(w + i), x1 = v128.load(w + 224 + i);
    v128.store(w + i, i64x2.sub(x0, x1));
    v128.store(w + 224 + i, i64x2.add(x0, x1));
  }
}

