// G1 of BLS12-381: the points of E1: y² = x³ + 4 over Fp of prime order r.
//
// Points live in memory in Jacobian coordinates (X, Y, Z) ↦ (X/Z², Y/Z³), each coordinate
// one Fp element (FP_BYTES), so G1_BYTES = 3·FP_BYTES. Z = 0 is the point at infinity. The
// formulas are the a = 0 ones of the Explicit-Formulas Database (Bernstein–Lange):
// dbl-2009-l (2M + 5S), add-2007-bl (11M + 5S) and madd-2007-bl (7M + 4S) when the second
// operand has Z = 1, which every decoded point has. They branch on the exceptional cases
// (P = ±Q, infinity), so everything here is variable time: it only ever sees public points.
//
// Subgroup membership uses the GLV endomorphism φ(x, y) = (β·x, y), which acts on G1 as
// multiplication by λ = -x² mod r: P ∈ G1 iff φ(P) = [-x²]P (M. Scott, "A note on group
// membership tests for G1, G2 and GT on BLS pairing-friendly curves", ePrint 2021/1130 §6;
// first proposed by S. Bowe, ePrint 2019/814). That is two multiplications by the 64-bit |x|
// instead of one by the 255-bit r.
//
// All functions are output-first; outputs may alias inputs.
import {
  FP_BYTES, fpZero, fpOne, fpCopy, fpAdd, fpSub, fpNeg, fpDbl, fpMul, fpSqr, fpIsZero,
  fpEq, fpFromBytes,
} from "./fp";
import { fpInvVartime } from "./inv";
import { G1_B_BYTES, G1_GEN_X_BYTES, G1_GEN_Y_BYTES, G1_BETA_BYTES, X_ABS } from "./curve-constants.generated";

/** Bytes of a Jacobian G1 point (X, Y, Z) in memory. */
export const G1_BYTES: usize = 3 * FP_BYTES;
/** Bytes of an affine G1 point (x, y) in memory. */
export const G1_AFFINE_BYTES: usize = 2 * FP_BYTES;

// Curve constants in the field's internal form, converted once at module start.
// @ts-ignore: decorator
@lazy const B: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const BETA: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const GEN: usize = memory.data(<i32>G1_BYTES, 16);
// @ts-ignore: decorator
@lazy const ONE: usize = memory.data(<i32>FP_BYTES, 16);
fpFromBytes(B, G1_B_BYTES);
fpFromBytes(BETA, G1_BETA_BYTES);
fpFromBytes(GEN, G1_GEN_X_BYTES);
fpFromBytes(GEN + FP_BYTES, G1_GEN_Y_BYTES);
fpOne(GEN + 2 * FP_BYTES);
fpOne(ONE);

/** b = 4 in internal form (for callers such as the decoder). */
export function g1CurveB(): usize { return B; }
/** β of φ(x, y) = (β·x, y) in internal form (glv.ts). */
export function g1Beta(): usize { return BETA; }

// Scratch for the group law. Each function has its own so that g1Add may call g1Dbl.
// @ts-ignore: decorator
@lazy const DT: usize = memory.data(<i32>FP_BYTES * 6, 16);
// @ts-ignore: decorator
@lazy const AT: usize = memory.data(<i32>FP_BYTES * 12, 16);
// @ts-ignore: decorator
@lazy const CT: usize = memory.data(<i32>FP_BYTES * 4, 16);

// @ts-ignore: decorator
@inline function px(a: usize): usize { return a; }
// @ts-ignore: decorator
@inline function py(a: usize): usize { return a + FP_BYTES; }
// @ts-ignore: decorator
@inline function pz(a: usize): usize { return a + 2 * FP_BYTES; }

export function g1Zero(o: usize): void { fpOne(px(o)); fpOne(py(o)); fpZero(pz(o)); }
export function g1Generator(o: usize): void { g1Copy(o, GEN); }
export function g1Copy(o: usize, a: usize): void {
  if (o != a) memory.copy(o, a, G1_BYTES);
}
export function g1IsZero(a: usize): bool { return fpIsZero(pz(a)); }
export function g1Neg(o: usize, a: usize): void {
  g1Copy(o, a);
  fpNeg(py(o), py(a));
}

/** o = 2a (dbl-2009-l). */
export function g1Dbl(o: usize, a: usize): void {
  if (g1IsZero(a)) { g1Zero(o); return; }
  const A = DT, Bv = DT + FP_BYTES, C = DT + 2 * FP_BYTES, D = DT + 3 * FP_BYTES;
  const E = DT + 4 * FP_BYTES, Z3 = DT + 5 * FP_BYTES;
  fpMul(Z3, py(a), pz(a));
  fpDbl(Z3, Z3);                 // Z3 = 2·Y·Z
  fpSqr(A, px(a));               // A = X²
  fpSqr(Bv, py(a));              // B = Y²
  fpSqr(C, Bv);                  // C = B²
  fpAdd(D, px(a), Bv);
  fpSqr(D, D);
  fpSub(D, D, A);
  fpSub(D, D, C);
  fpDbl(D, D);                   // D = 2((X + B)² - A - C)
  fpDbl(E, A);
  fpAdd(E, E, A);                // E = 3A
  fpSqr(px(o), E);
  fpSub(px(o), px(o), D);
  fpSub(px(o), px(o), D);        // X3 = E² - 2D
  fpSub(D, D, px(o));
  fpMul(D, D, E);
  fpDbl(C, C);
  fpDbl(C, C);
  fpDbl(C, C);
  fpSub(py(o), D, C);            // Y3 = E(D - X3) - 8C
  fpCopy(pz(o), Z3);
}

/** o = a + b (add-2007-bl; madd-2007-bl when b has Z = 1). */
export function g1Add(o: usize, a: usize, b: usize): void {
  if (g1IsZero(a)) { g1Copy(o, b); return; }
  if (g1IsZero(b)) { g1Copy(o, a); return; }
  if (fpEq(pz(b), ONE)) { addMixed(o, a, b); return; }
  if (fpEq(pz(a), ONE)) { addMixed(o, b, a); return; }
  const Z1Z1 = AT, Z2Z2 = AT + FP_BYTES, U1 = AT + 2 * FP_BYTES, U2 = AT + 3 * FP_BYTES;
  const S1 = AT + 4 * FP_BYTES, S2 = AT + 5 * FP_BYTES, H = AT + 6 * FP_BYTES, I = AT + 7 * FP_BYTES;
  const J = AT + 8 * FP_BYTES, R = AT + 9 * FP_BYTES, V = AT + 10 * FP_BYTES, Z3 = AT + 11 * FP_BYTES;
  fpSqr(Z1Z1, pz(a));
  fpSqr(Z2Z2, pz(b));
  fpMul(U1, px(a), Z2Z2);
  fpMul(U2, px(b), Z1Z1);
  fpMul(S1, py(a), pz(b));
  fpMul(S1, S1, Z2Z2);
  fpMul(S2, py(b), pz(a));
  fpMul(S2, S2, Z1Z1);
  fpSub(H, U2, U1);
  fpSub(R, S2, S1);
  if (fpIsZero(H)) {
    if (fpIsZero(R)) { g1Dbl(o, a); return; }
    g1Zero(o);
    return;
  }
  fpAdd(Z3, pz(a), pz(b));
  fpSqr(Z3, Z3);
  fpSub(Z3, Z3, Z1Z1);
  fpSub(Z3, Z3, Z2Z2);
  fpMul(Z3, Z3, H);              // Z3 = ((Z1 + Z2)² - Z1Z1 - Z2Z2)·H
  fpDbl(I, H);
  fpSqr(I, I);                   // I = (2H)²
  fpMul(J, H, I);                // J = H·I
  fpDbl(R, R);                   // r = 2(S2 - S1)
  fpMul(V, U1, I);               // V = U1·I
  fpSqr(px(o), R);
  fpSub(px(o), px(o), J);
  fpSub(px(o), px(o), V);
  fpSub(px(o), px(o), V);        // X3 = r² - J - 2V
  fpSub(V, V, px(o));
  fpMul(V, V, R);
  fpMul(S1, S1, J);
  fpDbl(S1, S1);
  fpSub(py(o), V, S1);           // Y3 = r(V - X3) - 2·S1·J
  fpCopy(pz(o), Z3);
}

/** o = a + b where b has Z = 1 and neither is infinity (madd-2007-bl). */
function addMixed(o: usize, a: usize, b: usize): void {
  const Z1Z1 = AT, U2 = AT + FP_BYTES, S2 = AT + 2 * FP_BYTES, H = AT + 3 * FP_BYTES;
  const HH = AT + 4 * FP_BYTES, I = AT + 5 * FP_BYTES, J = AT + 6 * FP_BYTES, R = AT + 7 * FP_BYTES;
  const V = AT + 8 * FP_BYTES, Z3 = AT + 9 * FP_BYTES, T = AT + 10 * FP_BYTES;
  fpSqr(Z1Z1, pz(a));
  fpMul(U2, px(b), Z1Z1);
  fpMul(S2, py(b), pz(a));
  fpMul(S2, S2, Z1Z1);
  fpSub(H, U2, px(a));
  fpSub(R, S2, py(a));
  if (fpIsZero(H)) {
    if (fpIsZero(R)) { g1Dbl(o, a); return; }
    g1Zero(o);
    return;
  }
  fpSqr(HH, H);
  fpAdd(Z3, pz(a), H);
  fpSqr(Z3, Z3);
  fpSub(Z3, Z3, Z1Z1);
  fpSub(Z3, Z3, HH);             // Z3 = (Z1 + H)² - Z1Z1 - HH
  fpDbl(I, HH);
  fpDbl(I, I);                   // I = 4·HH
  fpMul(J, H, I);
  fpDbl(R, R);
  fpMul(V, px(a), I);
  fpMul(T, py(a), J);
  fpDbl(T, T);                   // 2·Y1·J (read Y1 before o overwrites it)
  fpSqr(px(o), R);
  fpSub(px(o), px(o), J);
  fpSub(px(o), px(o), V);
  fpSub(px(o), px(o), V);        // X3 = r² - J - 2V
  fpSub(V, V, px(o));
  fpMul(V, V, R);
  fpSub(py(o), V, T);            // Y3 = r(V - X3) - 2·Y1·J
  fpCopy(pz(o), Z3);
}

/** o = a - b. */
export function g1Sub(o: usize, a: usize, b: usize): void {
  memory.copy(SUBT, b, G1_BYTES);
  fpNeg(py(SUBT), py(b));
  g1Add(o, a, SUBT);
}
// @ts-ignore: decorator
@lazy const SUBT: usize = memory.data(<i32>G1_BYTES, 16);

/** a == b as points (Jacobian representatives may differ). */
export function g1Eq(a: usize, b: usize): bool {
  const za = g1IsZero(a), zb = g1IsZero(b);
  if (za || zb) return za && zb;
  const Z1Z1 = CT, Z2Z2 = CT + FP_BYTES, L = CT + 2 * FP_BYTES, R = CT + 3 * FP_BYTES;
  fpSqr(Z1Z1, pz(a));
  fpSqr(Z2Z2, pz(b));
  fpMul(L, px(a), Z2Z2);
  fpMul(R, px(b), Z1Z1);
  if (!fpEq(L, R)) return false;
  fpMul(Z1Z1, Z1Z1, pz(a));
  fpMul(Z2Z2, Z2Z2, pz(b));
  fpMul(L, py(a), Z2Z2);
  fpMul(R, py(b), Z1Z1);
  return fpEq(L, R);
}

/**
 * Affine (x, y) of a; false (and xy untouched) for the point at infinity. Variable time
 * (fpInvVartime): the core holds no secret keys, every point it converts is public.
 */
export function g1ToAffine(xy: usize, a: usize): bool {
  if (g1IsZero(a)) return false;
  if (fpEq(pz(a), ONE)) {                 // decoded points: no inversion
    if (xy != a) memory.copy(xy, a, G1_AFFINE_BYTES);
    return true;
  }
  const zi = CT, zi2 = CT + FP_BYTES;
  fpInvVartime(zi, pz(a));
  fpSqr(zi2, zi);
  fpMul(xy, px(a), zi2);
  fpMul(zi2, zi2, zi);
  fpMul(xy + FP_BYTES, py(a), zi2);
  return true;
}

/** o = (x, y, 1). */
export function g1FromAffine(o: usize, xy: usize): void {
  if (o != xy) memory.copy(o, xy, G1_AFFINE_BYTES);
  fpOne(pz(o));
}

/** Y² = X³ + b·Z⁶ (true for infinity). */
export function g1IsOnCurve(a: usize): bool {
  if (g1IsZero(a)) return true;
  const L = CT, R = CT + FP_BYTES, T = CT + 2 * FP_BYTES;
  fpSqr(L, py(a));
  fpSqr(T, pz(a));
  fpMul(R, T, pz(a));
  fpSqr(R, R);
  fpMul(R, R, B);                // b·Z⁶
  fpSqr(T, px(a));
  fpMul(T, T, px(a));
  fpAdd(R, R, T);
  return fpEq(L, R);
}

// @ts-ignore: decorator
@lazy const MX: usize = memory.data(<i32>G1_BYTES, 16);

/** o = [|x|]a by double-and-add over the 64 bits of |x| (Hamming weight 6): variable time. */
export function g1MulByXAbsVartime(o: usize, a: usize): void {
  memory.copy(MX, a, G1_BYTES);
  g1Copy(o, MX);
  for (let i = 62; i >= 0; i--) {
    g1Dbl(o, o);
    if ((X_ABS >> <u64>i) & 1) g1Add(o, o, MX);
  }
}

// @ts-ignore: decorator
@lazy const SG: usize = memory.data(<i32>G1_BYTES * 2, 16);

/** P ∈ G1 (P on E1 assumed): φ(P) == [-x²]P (ePrint 2021/1130). Infinity is in G1. */
export function g1InSubgroup(a: usize): bool {
  if (g1IsZero(a)) return true;
  const t = SG, phi = SG + G1_BYTES;
  g1MulByXAbsVartime(t, a);
  g1MulByXAbsVartime(t, t);      // [x²]P (x² = |x|²)
  g1Neg(t, t);
  fpMul(px(phi), px(a), BETA);   // φ on Jacobian: X ↦ β·X (x = X/Z²)
  fpCopy(py(phi), py(a));
  fpCopy(pz(phi), pz(a));
  return g1Eq(phi, t);
}

/** Bits per window in g1MulVartime (a table of 2^(w-1) odd multiples). */
const MUL_WINDOW: i32 = 5;
// @ts-ignore: decorator
@lazy const MUL_TABLE: usize = memory.data(<i32>G1_BYTES * (1 << (MUL_WINDOW - 1)), 16);
// @ts-ignore: decorator
@lazy const MUL_ACC: usize = memory.data(<i32>G1_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const NAF: usize = memory.data(8 * 264, 16);

/**
 * Width-w NAF of a little-endian scalar of n ≤ SCALAR_BYTES_MAX bytes: one i8 digit per
 * bit position into dst, returns the number of digits (highest nonzero + 1). Digits are
 * zero or odd in (-2^(w-1), 2^(w-1)), and any w consecutive hold at most one nonzero.
 */
export function wnafDigits(dst: usize, scalar: usize, n: i32, w: i32): i32 {
  // Work on a little-endian copy in 32-bit words so carries are easy.
  const words = (n + 3) >> 2;
  memory.fill(WNAF_K, 0, (WNAF_WORDS_MAX + 1) << 2);
  memory.copy(WNAF_K, scalar, n);
  const bits = words * 32 + 1;
  const mask: u32 = (1 << w) - 1;
  const half: i32 = 1 << (w - 1);
  let len = 0;
  for (let i = 0; i < bits; i++) {
    const word = load<u32>(WNAF_K + ((i >> 5) << 2));
    let d: i32 = 0;
    if ((word >> (i & 31)) & 1) {
      // next w bits starting at i
      let v: u32 = word >>> (i & 31);
      if ((i & 31) + w > 32) v |= load<u32>(WNAF_K + (((i >> 5) + 1) << 2)) << (32 - (i & 31));
      d = <i32>(v & mask);
      if (d >= half) d -= 1 << w;
      // subtract d·2^i from k (d odd, so bit i clears): add (-d) at position i
      addSmallAt(i, -d, words + 1);
    }
    store<i8>(dst + i, <i8>d);
    if (d != 0) len = i + 1;
  }
  return len;
}
/** Scalars up to 64 bytes in g1/g2 multiplication and MSM. */
export const SCALAR_BYTES_MAX: i32 = 64;
const WNAF_WORDS_MAX: i32 = 17;
// @ts-ignore: decorator
@lazy const WNAF_K: usize = memory.data((WNAF_WORDS_MAX + 2) << 2, 16);

/** k += v·2^i for a small signed v (|v| < 2^16), over `words` 32-bit words. */
function addSmallAt(i: i32, v: i32, words: i32): void {
  let w = i >> 5;
  const sh = i & 31;
  let carry: i64 = (<i64>v) << sh;
  while (carry != 0 && w < words) {
    const p = WNAF_K + (w << 2);
    const s: i64 = <i64>load<u32>(p) + carry;
    store<u32>(p, <u32>s);
    carry = s >> 32;
    w++;
  }
}

/**
 * o = [k]a for a little-endian scalar of n bytes, any point on E1 (also outside G1):
 * width-5 NAF up to SCALAR_BYTES_MAX bytes, plain double-and-add beyond; variable time.
 */
export function g1MulVartime(o: usize, a: usize, scalar: usize, n: i32): void {
  if (n <= 0) { g1Zero(o); return; }
  if (n > SCALAR_BYTES_MAX) { mulBitsVartime(o, a, scalar, n); return; }
  const acc = MUL_ACC, dbl = MUL_ACC + G1_BYTES;
  // Table of odd multiples a, 3a, …, 15a.
  memory.copy(MUL_TABLE, a, G1_BYTES);
  g1Dbl(dbl, a);
  const count = 1 << (MUL_WINDOW - 2);
  for (let i = 1; i < count; i++) {
    g1Add(MUL_TABLE + <usize>i * G1_BYTES, MUL_TABLE + <usize>(i - 1) * G1_BYTES, dbl);
  }
  const len = wnafDigits(NAF, scalar, n, MUL_WINDOW);
  g1Zero(acc);
  for (let i = len - 1; i >= 0; i--) {
    g1Dbl(acc, acc);
    const d = <i32>load<i8>(NAF + i);
    if (d > 0) g1Add(acc, acc, MUL_TABLE + <usize>(d >> 1) * G1_BYTES);
    else if (d < 0) g1Sub(acc, acc, MUL_TABLE + <usize>((-d) >> 1) * G1_BYTES);
  }
  g1Copy(o, acc);
}

/** o = [k]a by double-and-add over every bit of k (long scalars only). */
function mulBitsVartime(o: usize, a: usize, scalar: usize, n: i32): void {
  const acc = MUL_ACC, base = MUL_ACC + G1_BYTES;
  memory.copy(base, a, G1_BYTES);
  g1Zero(acc);
  for (let i = n * 8 - 1; i >= 0; i--) {
    g1Dbl(acc, acc);
    if ((load<u8>(scalar + (i >> 3)) >> <u8>(i & 7)) & 1) g1Add(acc, acc, base);
  }
  g1Copy(o, acc);
}
