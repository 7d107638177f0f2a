// Fp2 = Fp[u]/(u² + 1), the field of G2's coordinates. An element is c0 + c1·u stored as
// c0 then c1 (FP2_BYTES). Multiplication is Karatsuba (3 Fp products), with the sums
// a0 + a1, b0 + b1 fed lazily (uncarried) into the Montgomery product; squaring is
// (a0 + a1)(a0 - a1) + 2·a0·a1·u (2 products). Square roots follow Adj and Rodríguez-
// Henríquez, "Square root computation over even extension fields" (eprint 2012/685),
// Algorithm 9, for p ≡ 3 (mod 4). Output-first, allocation-free, outputs may alias inputs.
import {
  FP_BYTES, fpZero, fpOne, fpCopy, fpAdd, fpSub, fpNeg, fpDbl, fpMul, fpSqr, fpInv, fpIsZero,
  fpEq, fpCmov, fpSgn0, fpFromBytes, fpToBytes, fpFromU64, fpIsSquare,
} from "./fp";
import { montMul, montSqr, modAdd, modSub } from "./mont.generated";
import { addLazy } from "./limbs";
import {
  FP_MINUS_ONE, EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS,
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

/** o = a·b: Karatsuba, c0 = a0b0 - a1b1, c1 = (a0 + a1)(b0 + b1) - a0b0 - a1b1. */
export function fp2Mul(o: usize, a: usize, b: usize): void {
  let a1 = a + FP_BYTES, b1 = b + FP_BYTES;
  addLazy(S2, a, a1);
  addLazy(S3, b, b1);
  montMul(S0, a, b);
  montMul(S1, a1, b1);
  montMul(S2, S2, S3);
  modSub(o, S0, S1);
  modSub(S2, S2, S0);
  modSub(o + FP_BYTES, S2, S1);
}

/** o = a²: c0 = (a0 + a1)(a0 - a1), c1 = 2·a0·a1. */
export function fp2Sqr(o: usize, a: usize): void {
  let a1 = a + FP_BYTES;
  addLazy(S0, a, a1);
  modSub(S1, a, a1);
  addLazy(S2, a, a);
  montMul(o + FP_BYTES, S2, a1);
  montMul(o, S0, S1);
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
 * o = a square root of a and true, or false (o unspecified) when a is not a square
 * (eprint 2012/685, Algorithm 9: a1 = a^((p-3)/4), α = a1²·a, x0 = a1·a; α = -1 means
 * the root is u·x0, otherwise (1 + α)^((p-1)/2)·x0). The result is checked by squaring.
 */
export function fp2Sqrt(o: usize, a: usize): bool {
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
