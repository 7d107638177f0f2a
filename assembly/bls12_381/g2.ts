// G2 of BLS12-381: the order-r subgroup of E2: y² = x³ + 4(1 + u) over Fp2, the sextic
// twist on which signatures live (min-pk).
//
// The same Jacobian representation and Explicit-Formulas Database formulas as g1.ts (dbl-2009-l,
// add-2007-bl, madd-2007-bl; variable time, public points only), over Fp2: G2_BYTES = 3·FP2_BYTES.
//
// ψ = untwist ∘ Frobenius ∘ twist (Galbraith–Scott) is an endomorphism of E2 that acts on G2
// as multiplication by x: ψ(x, y) = (conj(x)·c_x, conj(y)·c_y). Subgroup membership is
// ψ(P) == [x]P (M. Scott, ePrint 2021/1130 §4; the proof that this suffices for BLS12-381
// is in El Housni–Guillevic–Piellard, ePrint 2022/352 §4), one multiplication by the 64-bit
// x instead of one by r. The cofactor clearing of hash_to_g2.ts uses ψ and ψ² too.
//
// All functions are output-first; outputs may alias inputs.
import {
  FP2_BYTES, fp2Zero, fp2One, fp2Copy, fp2Add, fp2Sub, fp2Neg, fp2Dbl, fp2Mul, fp2Sqr, fp2InvVartime, fp2IsZero,
  fp2Eq, fp2FromBytes, fp2Conj,
  fp2AddLazy,
} from "./fp2";
import { FP_BYTES, fpFromBytes, fpMul } from "./fp";
import { wnafDigits, SCALAR_BYTES_MAX } from "./g1";
import {
  G2_B_BYTES, G2_GEN_X_BYTES, G2_GEN_Y_BYTES, PSI_X_BYTES, PSI_Y_BYTES, PSI2_X_BYTES, X_ABS,
} from "./curve-constants.generated";

/** Bytes of a Jacobian G2 point (X, Y, Z) in memory. */
export const G2_BYTES: usize = 3 * FP2_BYTES;
/** Bytes of an affine G2 point (x, y) in memory. */
export const G2_AFFINE_BYTES: usize = 2 * FP2_BYTES;

// Curve constants in the field's internal form, converted once at module start.
// @ts-ignore: decorator
@lazy const B: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const PSI_X: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const PSI_Y: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const PSI2_X: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const GEN: usize = memory.data(<i32>G2_BYTES, 16);
// @ts-ignore: decorator
@lazy const ONE: usize = memory.data(<i32>FP2_BYTES, 16);
fp2FromBytes(B, G2_B_BYTES);
fp2FromBytes(PSI_X, PSI_X_BYTES);
fp2FromBytes(PSI_Y, PSI_Y_BYTES);
fpFromBytes(PSI2_X, PSI2_X_BYTES);
fp2FromBytes(GEN, G2_GEN_X_BYTES);
fp2FromBytes(GEN + FP2_BYTES, G2_GEN_Y_BYTES);
fp2One(GEN + 2 * FP2_BYTES);
fp2One(ONE);

/** b = 4(1 + u) in internal form (for callers such as the decoder). */
export function g2CurveB(): usize { return B; }

// Scratch for the group law. Each function has its own so that g2Add may call g2Dbl.
// @ts-ignore: decorator
@lazy const DT: usize = memory.data(<i32>FP2_BYTES * 6, 16);
// @ts-ignore: decorator
@lazy const AT: usize = memory.data(<i32>FP2_BYTES * 12, 16);
// @ts-ignore: decorator
@lazy const CT: usize = memory.data(<i32>FP2_BYTES * 4, 16);

// @ts-ignore: decorator
@inline function px(a: usize): usize { return a; }
// @ts-ignore: decorator
@inline function py(a: usize): usize { return a + FP2_BYTES; }
// @ts-ignore: decorator
@inline function pz(a: usize): usize { return a + 2 * FP2_BYTES; }

export function g2Zero(o: usize): void { fp2One(px(o)); fp2One(py(o)); fp2Zero(pz(o)); }
export function g2Generator(o: usize): void { g2Copy(o, GEN); }
export function g2Copy(o: usize, a: usize): void {
  if (o != a) memory.copy(o, a, G2_BYTES);
}
export function g2IsZero(a: usize): bool { return fp2IsZero(pz(a)); }
export function g2Neg(o: usize, a: usize): void {
  g2Copy(o, a);
  fp2Neg(py(o), py(a));
}

/**
 * o = 2a (dbl-2009-l; the [x] chains of the subgroup check and of cofactor clearing are
 * mostly these). With B' = 2B: D = (X + B')² - A - B'² (B' enters the square as a lazy
 * sum) and 8C = 2B'², three modular sums fewer than the textbook order.
 */
export function g2Dbl(o: usize, a: usize): void {
  if (g2IsZero(a)) { g2Zero(o); return; }
  const A = DT, Bv = DT + FP2_BYTES, C = DT + 2 * FP2_BYTES, D = DT + 3 * FP2_BYTES;
  const E = DT + 4 * FP2_BYTES, Z3 = DT + 5 * FP2_BYTES;
  fp2Mul(Z3, py(a), pz(a));
  fp2Dbl(Z3, Z3);                 // Z3 = 2·Y·Z
  fp2Sqr(A, px(a));               // A = X²
  fp2Sqr(Bv, py(a));
  fp2Dbl(Bv, Bv);                 // B' = 2B = 2Y²
  fp2Sqr(C, Bv);                  // C' = B'² = 4C
  fp2AddLazy(D, px(a), Bv);
  fp2Sqr(D, D);
  fp2Sub(D, D, A);
  fp2Sub(D, D, C);                // D = (X + B')² - A - C' = 4XB, as 2((X + B)² - A - C)
  fp2Dbl(E, A);
  fp2Add(E, E, A);                // E = 3A
  fp2Sqr(px(o), E);
  fp2Sub(px(o), px(o), D);
  fp2Sub(px(o), px(o), D);        // X3 = E² - 2D
  fp2Sub(D, D, px(o));
  fp2Mul(D, D, E);
  fp2Dbl(C, C);
  fp2Sub(py(o), D, C);            // Y3 = E(D - X3) - 8C
  fp2Copy(pz(o), Z3);
}

/** o = a + b (add-2007-bl; madd-2007-bl when b has Z = 1). */
export function g2Add(o: usize, a: usize, b: usize): void {
  if (g2IsZero(a)) { g2Copy(o, b); return; }
  if (g2IsZero(b)) { g2Copy(o, a); return; }
  if (fp2Eq(pz(b), ONE)) { addMixed(o, a, b); return; }
  if (fp2Eq(pz(a), ONE)) { addMixed(o, b, a); return; }
  const Z1Z1 = AT, Z2Z2 = AT + FP2_BYTES, U1 = AT + 2 * FP2_BYTES, U2 = AT + 3 * FP2_BYTES;
  const S1 = AT + 4 * FP2_BYTES, S2 = AT + 5 * FP2_BYTES, H = AT + 6 * FP2_BYTES, I = AT + 7 * FP2_BYTES;
  const J = AT + 8 * FP2_BYTES, R = AT + 9 * FP2_BYTES, V = AT + 10 * FP2_BYTES, Z3 = AT + 11 * FP2_BYTES;
  fp2Sqr(Z1Z1, pz(a));
  fp2Sqr(Z2Z2, pz(b));
  fp2Mul(U1, px(a), Z2Z2);
  fp2Mul(U2, px(b), Z1Z1);
  fp2Mul(S1, py(a), pz(b));
  fp2Mul(S1, S1, Z2Z2);
  fp2Mul(S2, py(b), pz(a));
  fp2Mul(S2, S2, Z1Z1);
  fp2Sub(H, U2, U1);
  fp2Sub(R, S2, S1);
  if (fp2IsZero(H)) {
    if (fp2IsZero(R)) { g2Dbl(o, a); return; }
    g2Zero(o);
    return;
  }
  fp2Add(Z3, pz(a), pz(b));
  fp2Sqr(Z3, Z3);
  fp2Sub(Z3, Z3, Z1Z1);
  fp2Sub(Z3, Z3, Z2Z2);
  fp2Mul(Z3, Z3, H);              // Z3 = ((Z1 + Z2)² - Z1Z1 - Z2Z2)·H
  fp2Dbl(I, H);
  fp2Sqr(I, I);                   // I = (2H)²
  fp2Mul(J, H, I);                // J = H·I
  fp2Dbl(R, R);                   // r = 2(S2 - S1)
  fp2Mul(V, U1, I);               // V = U1·I
  fp2Sqr(px(o), R);
  fp2Sub(px(o), px(o), J);
  fp2Sub(px(o), px(o), V);
  fp2Sub(px(o), px(o), V);        // X3 = r² - J - 2V
  fp2Sub(V, V, px(o));
  fp2Mul(V, V, R);
  fp2Mul(S1, S1, J);
  fp2Dbl(S1, S1);
  fp2Sub(py(o), V, S1);           // Y3 = r(V - X3) - 2·S1·J
  fp2Copy(pz(o), Z3);
}

/** o = a + b where b has Z = 1 and neither is infinity (madd-2007-bl). */
function addMixed(o: usize, a: usize, b: usize): void {
  const Z1Z1 = AT, U2 = AT + FP2_BYTES, S2 = AT + 2 * FP2_BYTES, H = AT + 3 * FP2_BYTES;
  const HH = AT + 4 * FP2_BYTES, I = AT + 5 * FP2_BYTES, J = AT + 6 * FP2_BYTES, R = AT + 7 * FP2_BYTES;
  const V = AT + 8 * FP2_BYTES, Z3 = AT + 9 * FP2_BYTES, T = AT + 10 * FP2_BYTES;
  fp2Sqr(Z1Z1, pz(a));
  fp2Mul(U2, px(b), Z1Z1);
  fp2Mul(S2, py(b), pz(a));
  fp2Mul(S2, S2, Z1Z1);
  fp2Sub(H, U2, px(a));
  fp2Sub(R, S2, py(a));
  if (fp2IsZero(H)) {
    if (fp2IsZero(R)) { g2Dbl(o, a); return; }
    g2Zero(o);
    return;
  }
  fp2Sqr(HH, H);
  fp2Add(Z3, pz(a), H);
  fp2Sqr(Z3, Z3);
  fp2Sub(Z3, Z3, Z1Z1);
  fp2Sub(Z3, Z3, HH);             // Z3 = (Z1 + H)² - Z1Z1 - HH
  fp2Dbl(I, HH);
  fp2Dbl(I, I);                   // I = 4·HH
  fp2Mul(J, H, I);
  fp2Dbl(R, R);
  fp2Mul(V, px(a), I);
  fp2Mul(T, py(a), J);
  fp2Dbl(T, T);                   // 2·Y1·J (read Y1 before o overwrites it)
  fp2Sqr(px(o), R);
  fp2Sub(px(o), px(o), J);
  fp2Sub(px(o), px(o), V);
  fp2Sub(px(o), px(o), V);        // X3 = r² - J - 2V
  fp2Sub(V, V, px(o));
  fp2Mul(V, V, R);
  fp2Sub(py(o), V, T);            // Y3 = r(V - X3) - 2·Y1·J
  fp2Copy(pz(o), Z3);
}

/** o = a - b. */
export function g2Sub(o: usize, a: usize, b: usize): void {
  memory.copy(SUBT, b, G2_BYTES);
  fp2Neg(py(SUBT), py(b));
  g2Add(o, a, SUBT);
}
// @ts-ignore: decorator
@lazy const SUBT: usize = memory.data(<i32>G2_BYTES, 16);

/** a == b as points (Jacobian representatives may differ). */
export function g2Eq(a: usize, b: usize): bool {
  const za = g2IsZero(a), zb = g2IsZero(b);
  if (za || zb) return za && zb;
  const Z1Z1 = CT, Z2Z2 = CT + FP2_BYTES, L = CT + 2 * FP2_BYTES, R = CT + 3 * FP2_BYTES;
  fp2Sqr(Z1Z1, pz(a));
  fp2Sqr(Z2Z2, pz(b));
  fp2Mul(L, px(a), Z2Z2);
  fp2Mul(R, px(b), Z1Z1);
  if (!fp2Eq(L, R)) return false;
  fp2Mul(Z1Z1, Z1Z1, pz(a));
  fp2Mul(Z2Z2, Z2Z2, pz(b));
  fp2Mul(L, py(a), Z2Z2);
  fp2Mul(R, py(b), Z1Z1);
  return fp2Eq(L, R);
}

/**
 * Affine (x, y) of a; false (and xy untouched) for the point at infinity. Variable time
 * (fp2InvVartime): the core holds no secret keys, every point it converts is public.
 */
export function g2ToAffine(xy: usize, a: usize): bool {
  if (g2IsZero(a)) return false;
  if (fp2Eq(pz(a), ONE)) {                 // decoded points: no inversion
    if (xy != a) memory.copy(xy, a, G2_AFFINE_BYTES);
    return true;
  }
  const zi = CT, zi2 = CT + FP2_BYTES;
  fp2InvVartime(zi, pz(a));
  fp2Sqr(zi2, zi);
  fp2Mul(xy, px(a), zi2);
  fp2Mul(zi2, zi2, zi);
  fp2Mul(xy + FP2_BYTES, py(a), zi2);
  return true;
}

/** o = (x, y, 1). */
export function g2FromAffine(o: usize, xy: usize): void {
  if (o != xy) memory.copy(o, xy, G2_AFFINE_BYTES);
  fp2One(pz(o));
}

/** Y² = X³ + b·Z⁶ (true for infinity). */
export function g2IsOnCurve(a: usize): bool {
  if (g2IsZero(a)) return true;
  const L = CT, R = CT + FP2_BYTES, T = CT + 2 * FP2_BYTES;
  fp2Sqr(L, py(a));
  fp2Sqr(T, pz(a));
  fp2Mul(R, T, pz(a));
  fp2Sqr(R, R);
  fp2Mul(R, R, B);                // b·Z⁶
  fp2Sqr(T, px(a));
  fp2Mul(T, T, px(a));
  fp2Add(R, R, T);
  return fp2Eq(L, R);
}

// @ts-ignore: decorator
@lazy const MX: usize = memory.data(<i32>G2_BYTES, 16);

/** o = [|x|]a by double-and-add over the 64 bits of |x| (Hamming weight 6): variable time. */
export function g2MulByXAbsVartime(o: usize, a: usize): void {
  memory.copy(MX, a, G2_BYTES);
  g2Copy(o, MX);
  for (let i = 62; i >= 0; i--) {
    g2Dbl(o, o);
    if ((X_ABS >> <u64>i) & 1) g2Add(o, o, MX);
  }
}

/**
 * o = ψ(a). On Jacobian coordinates conj is a field automorphism, so
 * ψ(X, Y, Z) = (conj(X)·c_x, conj(Y)·c_y, conj(Z)).
 */
export function g2Psi(o: usize, a: usize): void {
  fp2Conj(px(o), px(a));
  fp2Mul(px(o), px(o), PSI_X);
  fp2Conj(py(o), py(a));
  fp2Mul(py(o), py(o), PSI_Y);
  fp2Conj(pz(o), pz(a));
}

/** o = ψ²(a) = (X·c, -Y, Z) with c ∈ Fp a primitive cube root of unity. */
export function g2Psi2(o: usize, a: usize): void {
  fpMul(px(o), px(a), PSI2_X);
  fpMul(px(o) + FP_BYTES, px(a) + FP_BYTES, PSI2_X);
  fp2Neg(py(o), py(a));
  fp2Copy(pz(o), pz(a));
}

// @ts-ignore: decorator
@lazy const SG: usize = memory.data(<i32>G2_BYTES * 2, 16);

/** P ∈ G2 (P on E2 assumed): ψ(P) == [x]P (ePrint 2021/1130). Infinity is in G2. */
export function g2InSubgroup(a: usize): bool {
  if (g2IsZero(a)) return true;
  const t = SG, psi = SG + G2_BYTES;
  g2MulByXAbsVartime(t, a);
  g2Neg(t, t);                   // [x]P, x < 0
  g2Psi(psi, a);
  return g2Eq(psi, t);
}

/** Bits per window in g2MulVartime (a table of 2^(w-1) odd multiples). */
const MUL_WINDOW: i32 = 5;
// @ts-ignore: decorator
@lazy const MUL_TABLE: usize = memory.data(<i32>G2_BYTES * (1 << (MUL_WINDOW - 1)), 16);
// @ts-ignore: decorator
@lazy const MUL_ACC: usize = memory.data(<i32>G2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const NAF: usize = memory.data(8 * 264, 16);

/**
 * o = [k]a for a little-endian scalar of n bytes, any point on E2 (also outside G2):
 * width-5 NAF up to SCALAR_BYTES_MAX bytes, plain double-and-add beyond; variable time.
 */
export function g2MulVartime(o: usize, a: usize, scalar: usize, n: i32): void {
  if (n <= 0) { g2Zero(o); return; }
  if (n > SCALAR_BYTES_MAX) { mulBitsVartime(o, a, scalar, n); return; }
  const acc = MUL_ACC, dbl = MUL_ACC + G2_BYTES;
  // Table of odd multiples a, 3a, …, 15a.
  memory.copy(MUL_TABLE, a, G2_BYTES);
  g2Dbl(dbl, a);
  const count = 1 << (MUL_WINDOW - 2);
  for (let i = 1; i < count; i++) {
    g2Add(MUL_TABLE + <usize>i * G2_BYTES, MUL_TABLE + <usize>(i - 1) * G2_BYTES, dbl);
  }
  const len = wnafDigits(NAF, scalar, n, MUL_WINDOW);
  g2Zero(acc);
  for (let i = len - 1; i >= 0; i--) {
    g2Dbl(acc, acc);
    const d = <i32>load<i8>(NAF + i);
    if (d > 0) g2Add(acc, acc, MUL_TABLE + <usize>(d >> 1) * G2_BYTES);
    else if (d < 0) g2Sub(acc, acc, MUL_TABLE + <usize>((-d) >> 1) * G2_BYTES);
  }
  g2Copy(o, acc);
}

/** o = [k]a by double-and-add over every bit of k (long scalars only). */
function mulBitsVartime(o: usize, a: usize, scalar: usize, n: i32): void {
  const acc = MUL_ACC, base = MUL_ACC + G2_BYTES;
  memory.copy(base, a, G2_BYTES);
  g2Zero(acc);
  for (let i = n * 8 - 1; i >= 0; i--) {
    g2Dbl(acc, acc);
    if ((load<u8>(scalar + (i >> 3)) >> <u8>(i & 7)) & 1) g2Add(acc, acc, base);
  }
  g2Copy(o, acc);
}
