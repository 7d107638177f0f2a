// Constant-time scalar multiplication on G2, for signing: σ = [sk]H(m) with a secret sk.
//
// The verifiers elsewhere (g2.ts, glv.ts, msm.ts) branch on scalar digits and on the
// exceptional cases of the Jacobian formulas; that is fine for public data and fatal for a
// secret key. Here the sequence of field operations and every memory address depend on public
// data only (the base point and the loop counters), never on the scalar:
//
// - Complete formulas. Renes–Costello–Batina, "Complete addition formulas for prime order
//   elliptic curves" (EUROCRYPT 2016, ePrint 2015/1060), Algorithms 8 (mixed addition) and 9
//   (doubling) for a = 0, in homogeneous projective coordinates (X : Y : Z), x = X/Z,
//   y = Y/Z. They have no exceptional case on E2 (b = 4(1 + u), b3 = 3b): doubling or adding
//   the point at infinity (0 : 1 : 0), P + P and P + (−P) all come out right without a
//   branch. Mixed addition needs its affine operand to be a finite point; the one case that
//   would add infinity (a zero digit) adds a dummy entry and discards the sum with a mask.
// - A fixed comb (Lim–Lee, CRYPTO 1994) with 4 teeth 64 bits apart: with Q_j = [2^(64j)]Q,
//   T[m] = Σ_{j: bit j of m} Q_j, and the digit d_i = k_i + 2k_(i+64) + 4k_(i+128) + 8k_(i+192),
//   [k]Q = Σ_i [2^i]T[d_i], i.e. 64 doublings and 64 additions for a 256-bit k. The table
//   depends on Q only (public: the hash of the message), so signing one message with many
//   keys builds it once (blsSignBatch, sign.ts).
// - Table lookups read all 15 finite entries and keep one with a mask (fp2Cmov), so the
//   addresses touched do not depend on the digit.
// - The field arithmetic (mont.generated.ts) is branch-free, and the final division by Z
//   uses Fermat's inversion (fp2Inv: a fixed exponent, a fixed sequence of products), never
//   the variable-time safegcd, whose running time would depend on Z and so on the key.
//
// The table itself is built with the variable-time Jacobian law (g2.ts) and one variable-
// time inversion: it holds multiples of the public base only.
import {
  FP2_BYTES, fp2Zero, fp2One, fp2Copy, fp2Add, fp2Sub, fp2Dbl, fp2Mul, fp2Sqr, fp2MulByNonResidue,
  fp2Cmov, fp2Inv,
} from "./fp2";
import { G2_BYTES, G2_AFFINE_BYTES, g2Copy, g2Dbl, g2Add } from "./g2";
import { g2AffineBatch } from "./affine";

/** Bytes of a homogeneous projective G2 point (X : Y : Z). */
export const G2_PROJ_BYTES: usize = 3 * FP2_BYTES;
/** Teeth of the comb and the bits between them: 4 × 64 = 256 scalar bits. */
const TEETH: i32 = 4;
const SPACING: i32 = 64;
/** Entries of a comb table: T[0] (a dummy copy of T[1]) … T[15]. */
const ENTRIES: i32 = 1 << TEETH;
/** Bytes of a comb table (affine entries). */
export const G2_COMB_TABLE_BYTES: usize = <usize>ENTRIES * G2_AFFINE_BYTES;

// Scratch (never held across calls).
// @ts-ignore: decorator
@lazy const JT: usize = memory.data(<i32>G2_BYTES * ENTRIES, 16);
// @ts-ignore: decorator
@lazy const PREFIX: usize = memory.data(<i32>FP2_BYTES * ENTRIES, 16);
// @ts-ignore: decorator
@lazy const FT: usize = memory.data(<i32>FP2_BYTES * 6, 16);
// @ts-ignore: decorator
@lazy const SEL: usize = memory.data(<i32>G2_AFFINE_BYTES, 16);
// @ts-ignore: decorator
@lazy const SUM: usize = memory.data(<i32>G2_PROJ_BYTES, 16);
// @ts-ignore: decorator
@lazy const ACC: usize = memory.data(<i32>G2_PROJ_BYTES, 16);

// @ts-ignore: decorator
@inline function px(a: usize): usize { return a; }
// @ts-ignore: decorator
@inline function py(a: usize): usize { return a + FP2_BYTES; }
// @ts-ignore: decorator
@inline function pz(a: usize): usize { return a + 2 * FP2_BYTES; }

/** o = 3b·a = 12(1 + u)·a: the product by ξ = 1 + u, then ×3 and ×4 by sums. */
function mulB3(o: usize, a: usize): void {
  fp2MulByNonResidue(o, a);
  const t = FT + 5 * FP2_BYTES;
  fp2Dbl(t, o);
  fp2Add(o, t, o);
  fp2Dbl(o, o);
  fp2Dbl(o, o);
}

/**
 * o = 2a in homogeneous projective coordinates (RCB Algorithm 9, a = 0: 6M + 2S + one
 * product by b3), complete: infinity doubles to infinity. o may alias a.
 */
export function g2ProjDblConstTime(o: usize, a: usize): void {
  const t0 = FT, t1 = FT + FP2_BYTES, t2 = FT + 2 * FP2_BYTES;
  const X3 = FT + 3 * FP2_BYTES, Y3 = FT + 4 * FP2_BYTES;
  fp2Sqr(t0, py(a));              // t0 = Y²
  fp2Mul(t1, py(a), pz(a));       // t1 = YZ
  fp2Sqr(t2, pz(a));
  mulB3(t2, t2);                  // t2 = b3·Z²
  fp2Dbl(Y3, t0);
  fp2Dbl(Y3, Y3);
  fp2Dbl(Y3, Y3);                 // (Z3 of the paper, step 4) 8Y²
  fp2Mul(X3, t2, Y3);             // X3 = b3Z²·8Y²
  fp2Mul(pz(o), t1, Y3);          // Z3 = 8Y³Z (t1 and Y3 read; a's Z no longer needed)
  fp2Add(Y3, t0, t2);             // Y3 = Y² + b3Z²
  fp2Dbl(t1, t2);
  fp2Add(t2, t1, t2);             // t2 = 3b3Z²
  fp2Sub(t0, t0, t2);             // t0 = Y² − 3b3Z²
  fp2Mul(Y3, t0, Y3);
  fp2Add(Y3, X3, Y3);             // Y3 = X3 + t0·(Y² + b3Z²)
  fp2Mul(t1, px(a), py(a));       // t1 = XY
  fp2Mul(X3, t0, t1);
  fp2Dbl(px(o), X3);              // X3 = 2·t0·XY
  fp2Copy(py(o), Y3);
}

/**
 * o = a + b with a projective (any point, infinity included) and b affine and finite (RCB
 * Algorithm 8, a = 0: 11M + two products by b3), complete for those operands. o may alias a.
 */
export function g2ProjAddAffineConstTime(o: usize, a: usize, b: usize): void {
  const t0 = FT, t1 = FT + FP2_BYTES, t2 = FT + 2 * FP2_BYTES, t3 = FT + 3 * FP2_BYTES;
  const t4 = FT + 4 * FP2_BYTES, Y3 = SUM_Y, Z3 = SUM_Z;
  const X2 = b, Y2 = b + FP2_BYTES;
  fp2Mul(t0, px(a), X2);          // t0 = X1X2
  fp2Mul(t1, py(a), Y2);          // t1 = Y1Y2
  fp2Add(t3, X2, Y2);
  fp2Add(t4, px(a), py(a));
  fp2Mul(t3, t3, t4);
  fp2Add(t4, t0, t1);
  fp2Sub(t3, t3, t4);             // t3 = X1Y2 + X2Y1
  fp2Mul(t4, Y2, pz(a));
  fp2Add(t4, t4, py(a));          // t4 = Y2Z1 + Y1
  fp2Mul(Y3, X2, pz(a));
  fp2Add(Y3, Y3, px(a));          // Y3 = X2Z1 + X1
  fp2Dbl(t2, t0);
  fp2Add(t0, t2, t0);             // t0 = 3X1X2
  mulB3(t2, pz(a));               // t2 = b3Z1
  fp2Add(Z3, t1, t2);             // Z3 = Y1Y2 + b3Z1
  fp2Sub(t1, t1, t2);             // t1 = Y1Y2 − b3Z1
  mulB3(Y3, Y3);
  fp2Mul(t2, t4, Y3);             // (X3 of the paper, step 18) t4·Y3
  fp2Mul(px(o), t3, t1);
  fp2Sub(px(o), px(o), t2);       // X3 = t3·t1 − t4·Y3
  fp2Mul(Y3, Y3, t0);
  fp2Mul(t1, t1, Z3);
  fp2Add(py(o), t1, Y3);          // Y3 = t1·Z3 + Y3·t0
  fp2Mul(t0, t0, t3);
  fp2Mul(Z3, Z3, t4);
  fp2Add(pz(o), Z3, t0);          // Z3 = Z3·t4 + t0·t3
}
// @ts-ignore: decorator
@lazy const SUM_Y: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const SUM_Z: usize = memory.data(<i32>FP2_BYTES, 16);

/**
 * The comb table of a public G2 point q (Jacobian, not infinity, in G2): T[m] for m < 16 as
 * affine points, T[0] a copy of T[1]. No entry is infinity: T[m] = [Σ_j m_j·2^(64j)]q with
 * 0 < Σ < 2^193 < r. Variable time (q is public).
 */
export function g2CombTable(table: usize, q: usize): void {
  // JT[2^j] = Q_j = [2^(64j)]q.
  g2Copy(JT + G2_BYTES, q);
  for (let j = 1; j < TEETH; j++) {
    const dst = JT + (<usize>1 << <usize>j) * G2_BYTES;
    g2Copy(dst, JT + (<usize>1 << <usize>(j - 1)) * G2_BYTES);
    for (let i = 0; i < SPACING; i++) g2Dbl(dst, dst);
  }
  for (let m = 3; m < ENTRIES; m++) {
    const low = m & -m;
    if (low == m) continue;
    g2Add(JT + <usize>m * G2_BYTES, JT + <usize>(m - low) * G2_BYTES, JT + <usize>low * G2_BYTES);
  }
  g2Copy(JT, JT + G2_BYTES);
  g2AffineBatch(table, JT, ENTRIES, PREFIX);
}

/** Bit `i` (0 = least significant) of a 32-byte big-endian scalar; the address depends on i only. */
// @ts-ignore: decorator
@inline function scalarBit(k32be: usize, i: i32): u32 {
  return (<u32>load<u8>(k32be + <usize>(31 - (i >> 3))) >> <u32>(i & 7)) & 1;
}

/**
 * o = [k]Q in homogeneous projective coordinates, k a 32-byte big-endian scalar (any value
 * below 2^256) and `table` Q's comb table (g2CombTable). Constant time: the operations and
 * addresses depend on neither k nor the result.
 */
export function g2MulCombConstTime(o: usize, table: usize, k32be: usize): void {
  const acc = ACC;
  fp2Zero(px(acc)); fp2One(py(acc)); fp2Zero(pz(acc));      // (0 : 1 : 0)
  for (let i = SPACING - 1; i >= 0; i--) {
    g2ProjDblConstTime(acc, acc);
    const d = scalarBit(k32be, i) | (scalarBit(k32be, i + SPACING) << 1) |
      (scalarBit(k32be, i + 2 * SPACING) << 2) | (scalarBit(k32be, i + 3 * SPACING) << 3);
    // SEL = T[d] by a full scan (T[0] is finite, so the addition below is well defined).
    memory.copy(SEL, table, G2_AFFINE_BYTES);
    for (let m: u32 = 1; m < <u32>ENTRIES; m++) {
      const hit = ((m ^ d) - 1) >>> 31;                         // 1 iff m == d (both < 16)
      const e = table + <usize>m * G2_AFFINE_BYTES;
      fp2Cmov(SEL, e, hit);
      fp2Cmov(SEL + FP2_BYTES, e + FP2_BYTES, hit);
    }
    g2ProjAddAffineConstTime(SUM, acc, SEL);
    const nonZero = 1 - ((d - 1) >>> 31);                     // d != 0
    fp2Cmov(px(acc), px(SUM), nonZero);
    fp2Cmov(py(acc), py(SUM), nonZero);
    fp2Cmov(pz(acc), pz(SUM), nonZero);
  }
  memory.copy(o, acc, G2_PROJ_BYTES);
  g2WipeScratch();
}

/** Zeroes the scratch that held key-dependent values. */
export function g2WipeScratch(): void {
  memory.fill(ACC, 0, G2_PROJ_BYTES);
  memory.fill(SUM, 0, G2_PROJ_BYTES);
  memory.fill(SEL, 0, G2_AFFINE_BYTES);
  memory.fill(FT, 0, 6 * FP2_BYTES);
  memory.fill(SUM_Y, 0, FP2_BYTES);
  memory.fill(SUM_Z, 0, FP2_BYTES);
}

/**
 * o = [k]q for q a public point of G2 (Jacobian, not infinity) and k a 32-byte big-endian
 * secret scalar, as a homogeneous projective point; `table` is G2_COMB_TABLE_BYTES of scratch.
 */
export function g2MulConstTime(o: usize, q: usize, k32be: usize, table: usize): void {
  g2CombTable(table, q);
  g2MulCombConstTime(o, table, k32be);
}

/**
 * Affine (x, y) = (X/Z, Y/Z) of a projective point with Z ≠ 0, by Fermat's inversion
 * (fixed time). `zi` is FP2_BYTES of scratch.
 */
export function g2ProjToAffineConstTime(xy: usize, a: usize, zi: usize): void {
  fp2Inv(zi, pz(a));
  fp2Mul(xy, px(a), zi);
  fp2Mul(xy + FP2_BYTES, py(a), zi);
}
