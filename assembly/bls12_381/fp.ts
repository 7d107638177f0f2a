// Fp, the 381-bit base field of BLS12-381, p = (x - 1)²(x⁴ - x² + 1)/3 + x with
// x = -0xd201000000010000 (draft-irtf-cfrg-pairing-friendly-curves §4.2.1).
//
// Elements are FP_BYTES of raw memory in Montgomery form (assembly/bls12_381/limbs.ts);
// every function writes its output first, allocates nothing, and accepts outputs that alias
// inputs. Every output is canonical (value < p), so equality is limb equality. Exponents of
// inversion and square roots are public constants, so those run in fixed time.
import { montMul, montSqr, modAdd, modSub } from "./mont.generated";
import { limbsFromBytesBE, limbsToBytesBE } from "./limbs";
import {
  FP_ONE, FP_R2, FP_PLAIN_ONE, FP_MINUS_ONE,
  EXP_P_MINUS_2, EXP_P_MINUS_2_WORDS, EXP_P_PLUS_1_DIV_4, EXP_P_PLUS_1_DIV_4_WORDS,
  EXP_P_MINUS_1_DIV_2, EXP_P_MINUS_1_DIV_2_WORDS,
} from "./constants.generated";

/** Bytes one Fp element occupies in memory: 14 limbs of 28 bits, one u32 each. */
export const FP_BYTES: usize = 56;

// Scratch of the functions below (no function here calls another that uses the same slot).
// @ts-ignore: decorator
@lazy const POW_ACC: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const POW_TABLE: usize = memory.data(896, 8); // a^0 … a^15
// @ts-ignore: decorator
@lazy const T0: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const T1: usize = memory.data(56, 8);

export function fpZero(o: usize): void {
  for (let i: usize = 0; i < 56; i += 8) store<u64>(o + i, 0);
}

export function fpOne(o: usize): void {
  fpCopy(o, FP_ONE);
}

export function fpCopy(o: usize, a: usize): void {
  for (let i: usize = 0; i < 56; i += 8) store<u64>(o + i, load<u64>(a + i));
}

// @ts-ignore: decorator
@inline export function fpAdd(o: usize, a: usize, b: usize): void {
  modAdd(o, a, b);
}

// @ts-ignore: decorator
@inline export function fpSub(o: usize, a: usize, b: usize): void {
  modSub(o, a, b);
}

// @ts-ignore: decorator
@inline export function fpDbl(o: usize, a: usize): void {
  modAdd(o, a, a);
}

/** o = -a (0 stays 0). */
export function fpNeg(o: usize, a: usize): void {
  fpZero(T0);
  modSub(o, T0, a);
}

// @ts-ignore: decorator
@inline export function fpMul(o: usize, a: usize, b: usize): void {
  montMul(o, a, b);
}

// @ts-ignore: decorator
@inline export function fpSqr(o: usize, a: usize): void {
  montSqr(o, a);
}

export function fpIsZero(a: usize): bool {
  let acc: u64 = 0;
  for (let i: usize = 0; i < 56; i += 8) acc |= load<u64>(a + i);
  return acc == 0;
}

export function fpEq(a: usize, b: usize): bool {
  let acc: u64 = 0;
  for (let i: usize = 0; i < 56; i += 8) acc |= load<u64>(a + i) ^ load<u64>(b + i);
  return acc == 0;
}

/** o = cond ? a : o, branch-free (cond is 0 or 1; any non-zero counts as 1). */
export function fpCmov(o: usize, a: usize, cond: u32): void {
  let mask: u64 = 0 - <u64>(cond != 0);
  for (let i: usize = 0; i < 56; i += 8) {
    let x = load<u64>(o + i);
    store<u64>(o + i, x ^ ((x ^ load<u64>(a + i)) & mask));
  }
}

/**
 * o = a^e for a public exponent e of `words` little-endian u64 words: fixed 4-bit windows
 * from the top (a table of a^0..a^15, then 4 squarings and at most one product per
 * window). The sequence of operations depends on e only.
 */
export function fpPowPublic(o: usize, a: usize, e: usize, words: i32): void {
  fpOne(POW_TABLE);
  fpCopy(POW_TABLE + 56, a);
  for (let i: usize = 2; i < 16; i++) montMul(POW_TABLE + i * 56, POW_TABLE + (i - 1) * 56, a);
  let started = false;
  for (let w = words - 1; w >= 0; w--) {
    let word = load<u64>(e + (<usize>w << 3));
    for (let shift: i32 = 60; shift >= 0; shift -= 4) {
      let nibble = <usize>((word >> <u64>shift) & 15);
      if (started) {
        montSqr(POW_ACC, POW_ACC);
        montSqr(POW_ACC, POW_ACC);
        montSqr(POW_ACC, POW_ACC);
        montSqr(POW_ACC, POW_ACC);
        if (nibble != 0) montMul(POW_ACC, POW_ACC, POW_TABLE + nibble * 56);
      } else if (nibble != 0) {
        fpCopy(POW_ACC, POW_TABLE + nibble * 56);
        started = true;
      }
    }
  }
  if (!started) fpOne(POW_ACC);
  fpCopy(o, POW_ACC);
}

/** o = a⁻¹ = a^(p-2) (Fermat, fixed time); 0 maps to 0. Public values: fpInvVartime (inv.ts). */
export function fpInv(o: usize, a: usize): void {
  fpPowPublic(o, a, EXP_P_MINUS_2, EXP_P_MINUS_2_WORDS);
}

/**
 * o = a square root of a, a^((p+1)/4) (p ≡ 3 mod 4), and true when a is a square; false
 * when it is not (o then holds a^((p+1)/4), a root of -a).
 */
export function fpSqrt(o: usize, a: usize): bool {
  fpPowPublic(T1, a, EXP_P_PLUS_1_DIV_4, EXP_P_PLUS_1_DIV_4_WORDS);
  montSqr(T0, T1);
  let ok = fpEq(T0, a);
  fpCopy(o, T1);
  return ok;
}

/** Whether a is a square in Fp (0 is): Euler's criterion a^((p-1)/2) ≠ -1. */
export function fpIsSquare(a: usize): bool {
  fpPowPublic(T1, a, EXP_P_MINUS_1_DIV_2, EXP_P_MINUS_1_DIV_2_WORDS);
  return !fpEq(T1, FP_MINUS_ONE);
}

/** sgn0(a) of RFC 9380 §4.1: the parity of a's canonical integer value. */
export function fpSgn0(a: usize): u32 {
  montMul(T0, a, FP_PLAIN_ONE);
  return load<u32>(T0) & 1;
}

/** Big-endian 48 bytes → o; false (o unspecified) if the value is ≥ p. */
export function fpFromBytes(o: usize, src48: usize): bool {
  let ok = limbsFromBytesBE(T0, src48);
  montMul(o, T0, FP_R2);
  return ok;
}

/** a → its canonical big-endian 48 bytes. */
export function fpToBytes(dst48: usize, a: usize): void {
  montMul(T0, a, FP_PLAIN_ONE);
  limbsToBytesBE(dst48, T0);
}

/** o = v as a field element. */
export function fpFromU64(o: usize, v: u64): void {
  fpZero(T0);
  store<u32>(T0, <u32>v & 0xfffffff);
  store<u32>(T0, <u32>(v >> 28) & 0xfffffff, 4);
  store<u32>(T0, <u32>(v >> 56), 8);
  montMul(o, T0, FP_R2);
}
