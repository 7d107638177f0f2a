// The optimal ate pairing of BLS12-381, e(P, Q) = f_{x,Q}(P)^((p¹² - 1)/r), over many pairs
// at once: a Miller loop per pair would square its own Fp12 accumulator 63 times; here all
// pairs share one accumulator, so the squarings (the loop's largest cost) are paid once and
// each pair adds only its line evaluations. One final exponentiation then serves the whole
// product, which is what a signature check needs (∏ e(P_i, Q_i) = 1).
//
// The Miller loop runs Q in homogeneous projective coordinates on the twist (doubling and
// addition with their lines as in Costello–Lange–Naehrig, eprint 2009/615, in the form
// @noble/curves uses), walking the bits of |x| as zkcrypto/bls12_381 does; each line is
// sparse (coefficients 0, 1, 4 of Fp12) with two coefficients scaled by P's affine
// coordinates. x < 0, so the loop's result is conjugated. Lines are defined up to factors
// in proper subfields, which the final exponentiation removes.
//
// The final exponentiation splits (p¹² - 1)/r into the easy part (p⁶ - 1)(p² + 1), one
// Fp12 inversion and Frobenius maps, and the hard part (p⁴ - p² + 1)/r as a chain of five
// exponentiations by x (the chain @noble/curves uses, after Hayashida–Hayasaka–Teruya,
// "Efficient Final Exponentiation via Cyclotomic Structure for Pairings over Families of
// Elliptic Curves"), each 63 cyclotomic squarings in Karabina's compressed form
// (karabina.ts). It returns the same element as noble.
//
// From MILLER_AFFINE_PAIRS_MIN pairs on, pairingProductIsOne runs the affine variant of the
// loop instead (miller_affine.ts: one shared inversion per step buys cheaper lines).
//
// Points are affine and never infinity: callers drop pairs with an infinity point first.
// G1 affine = x ‖ y (2·FP_BYTES), G2 affine = x ‖ y (2·FP2_BYTES), pairs contiguous.
import { FP_BYTES } from "./fp";
import {
  FP2_BYTES, fp2Copy, fp2One, fp2Add, fp2Sub, fp2Dbl, fp2Neg, fp2Mul, fp2Sqr, fp2MulByFp,
  fp2MulByNonResidue, fp2AddLazy,
} from "./fp2";
import {
  FP12_BYTES, fp12One, fp12Copy, fp12Mul, fp12Sqr, fp12Conj, fp12InvVartime, fp12MulBy014,
  fp12FrobeniusMap, fp12CyclotomicSqr, fp12IsOne,
} from "./fp12";
import { fp12CyclotomicSqrCompressed, karabinaDecompressBatchVartime } from "./karabina";
import { BLS_X_ABS } from "./constants.generated";
import { millerLoopMultiAffine } from "./miller_affine";

/** Bytes of an affine G1 point (x ‖ y) and of an affine G2 point (x ‖ y). */
export const G1_AFFINE_BYTES: usize = 2 * FP_BYTES;
export const G2_AFFINE_BYTES: usize = 2 * FP2_BYTES;
/** Bytes of one pair's running point in the Miller loop (homogeneous X, Y, Z on the twist). */
const R_BYTES: usize = 3 * FP2_BYTES;
const F2: usize = FP2_BYTES;

// Line coefficients (d0, d1, d4) and the steps' temporaries.
// @ts-ignore: decorator
@lazy const LINE: usize = memory.data(336, 8);
// @ts-ignore: decorator
@lazy const TMP: usize = memory.data(1344, 8);

/** o = 12·a (sums only). */
function fp2Mul12(o: usize, a: usize, t: usize): void {
  fp2Dbl(t, a);
  fp2Add(t, t, a);
  fp2Dbl(t, t);
  fp2Dbl(o, t);
}

/**
 * R = 2R in homogeneous projective coordinates on the twist y² = x³ + b', b' = 4(1 + u),
 * and the tangent line at R (Costello–Lange–Naehrig, eprint 2009/615, as @noble/curves
 * writes it), 6 squarings and 3 products in Fp2:
 *   t0 = Y², t1 = Z², t2 = 3b'·t1, t3 = 3t2, t4 = (Y + Z)² - t1 - t0,
 *   ℓ = (t2 - t0) + 3X²·xP·v - t4·yP·vw,
 *   2R = (2(t0 - t3)XY, (t0 + t3)² - 12t2², 4t0t4)  (noble's point times 4: no halving).
 */
function doublingStep(r: usize): void {
  let x = r, y = r + F2, z = r + 2 * F2;
  let t0 = TMP, t1 = TMP + F2, t2 = TMP + 2 * F2, t3 = TMP + 3 * F2, t4 = TMP + 4 * F2;
  let u = TMP + 5 * F2, w = TMP + 6 * F2, xy = TMP + 7 * F2;
  fp2Sqr(t0, y);
  fp2Sqr(t1, z);
  fp2MulByNonResidue(u, t1);
  fp2Mul12(t2, u, w); // 3·4(1 + u)·t1
  fp2Dbl(t3, t2);
  fp2Add(t3, t3, t2);
  fp2AddLazy(t4, y, z);
  fp2Sqr(t4, t4);
  fp2Sub(t4, t4, t1);
  fp2Sub(t4, t4, t0);
  // line (before R changes)
  fp2Sub(LINE, t2, t0); // d0
  fp2Sqr(u, x);
  fp2Dbl(w, u);
  fp2Add(LINE + F2, w, u); // d1 = 3X²
  fp2Neg(LINE + 2 * F2, t4); // d4 = -t4
  // 2R; the doublings ride in lazy sums (< 2p) that feed products: 2X, 2t2, 2t3 = 6t2, 2t4
  fp2AddLazy(xy, x, x);
  fp2Mul(xy, xy, y); // 2XY
  fp2Sub(u, t0, t3);
  fp2Mul(x, u, xy);
  fp2AddLazy(w, t2, t2);
  fp2AddLazy(xy, t3, t3);
  fp2Mul(u, w, xy); // 2t2·6t2 = 12t2²
  fp2AddLazy(y, t0, t3);
  fp2Sqr(y, y);
  fp2Sub(y, y, u);
  fp2AddLazy(w, t4, t4);
  fp2Mul(z, t0, w);
  fp2Dbl(z, z);
}

/**
 * R = R + Q (Q affine) in homogeneous coordinates, and the line through R and Q (as
 * @noble/curves writes it): t0 = Y - yQ·Z, t1 = X - xQ·Z,
 *   ℓ = (t0·xQ - t1·yQ) - t0·xP·v + t1·yP·vw,
 *   t2 = t1², t3 = t2·t1, t4 = t2·X, t5 = t3 - 2t4 + t0²·Z,
 *   R + Q = (t1·t5, (t4 - t5)·t0 - t3·Y, Z·t3).
 */
function additionStep(r: usize, q: usize): void {
  let x = r, y = r + F2, z = r + 2 * F2, qx = q, qy = q + F2;
  let t0 = TMP, t1 = TMP + F2, t2 = TMP + 2 * F2, t3 = TMP + 3 * F2, t4 = TMP + 4 * F2;
  let t5 = TMP + 5 * F2, u = TMP + 6 * F2;
  fp2Mul(u, qy, z);
  fp2Sub(t0, y, u);
  fp2Mul(u, qx, z);
  fp2Sub(t1, x, u);
  // line
  fp2Mul(u, t0, qx);
  fp2Mul(t2, t1, qy);
  fp2Sub(LINE, u, t2); // d0
  fp2Neg(LINE + F2, t0); // d1
  fp2Copy(LINE + 2 * F2, t1); // d4
  // R + Q
  fp2Sqr(t2, t1);
  fp2Mul(t3, t2, t1);
  fp2Mul(t4, t2, x);
  fp2Sqr(t5, t0);
  fp2Mul(t5, t5, z);
  fp2Add(t5, t5, t3);
  fp2Sub(t5, t5, t4);
  fp2Sub(t5, t5, t4);
  fp2Mul(x, t1, t5);
  fp2Mul(y, t3, y);
  fp2Sub(u, t4, t5);
  fp2Mul(u, u, t0);
  fp2Sub(y, u, y);
  fp2Mul(z, z, t3);
}

/** f = f·ℓ(P) for the line in LINE: d1 scaled by P.x, d4 by P.y. */
function applyLine(f: usize, p: usize): void {
  fp2MulByFp(LINE + F2, LINE + F2, p);
  fp2MulByFp(LINE + 2 * F2, LINE + 2 * F2, p + FP_BYTES);
  fp12MulBy014(f, f, LINE, LINE + F2, LINE + 2 * F2);
}

/** Pairs whose running points fit the static buffer; larger n allocate from the call's arena. */
const STATIC_PAIRS: i32 = 64;
// @ts-ignore: decorator
@lazy const RS: usize = memory.data(<i32>(64 * 336), 8);

/**
 * out = ∏ f_{x,Q_i}(P_i) over n pairs (G1 affine points at g1, G2 affine points at g2,
 * each contiguous), with one shared squaring chain. n ≤ 0 gives 1. The pairs' running
 * points (336 bytes each) live in a static buffer up to 64 pairs, beyond that in memory
 * allocated from the call's arena (callers bound n by their input caps).
 */
export function millerLoopMulti(out: usize, g1: usize, g2: usize, n: i32): void {
  fp12One(out);
  if (n <= 0) return;
  let rs = n <= STATIC_PAIRS ? RS : __alloc(<usize>n * R_BYTES);
  for (let i: i32 = 0; i < n; i++) {
    let r = rs + <usize>i * R_BYTES, q = g2 + <usize>i * G2_AFFINE_BYTES;
    fp2Copy(r, q);
    fp2Copy(r + F2, q + F2);
    fp2One(r + 2 * F2);
  }
  // Bits of |x| below the top one, high to low; the last (bit 0) is a doubling only.
  for (let bit: i32 = 62; bit >= 1; bit--) {
    for (let i: i32 = 0; i < n; i++) {
      doublingStep(rs + <usize>i * R_BYTES);
      applyLine(out, g1 + <usize>i * G1_AFFINE_BYTES);
    }
    if ((BLS_X_ABS >> <u64>bit) & 1) {
      for (let i: i32 = 0; i < n; i++) {
        additionStep(rs + <usize>i * R_BYTES, g2 + <usize>i * G2_AFFINE_BYTES);
        applyLine(out, g1 + <usize>i * G1_AFFINE_BYTES);
      }
    }
    fp12Sqr(out, out);
  }
  for (let i: i32 = 0; i < n; i++) {
    doublingStep(rs + <usize>i * R_BYTES);
    applyLine(out, g1 + <usize>i * G1_AFFINE_BYTES);
  }
  fp12Conj(out, out); // x < 0
}

// @ts-ignore: decorator
@lazy const FE: usize = memory.data(5376, 8); // 8 Fp12 temporaries of the final exponentiation
// @ts-ignore: decorator
@lazy const PRODUCT: usize = memory.data(672, 8);

// @ts-ignore: decorator
@lazy const POWERS: usize = memory.data(4032, 8); // a^(2^k) for the set bits k ≥ 1 of |x| (6)

/**
 * o = a^x for a in the cyclotomic subgroup, x < 0: a^|x| = ∏ a^(2^k) over the set bits k of
 * |x| (16, 48, 57, 60, 62, 63), the squarings compressed (karabina.ts) and the six powers
 * decompressed together with one inversion, then conjugated. Should a power not decompress
 * (g3 = 0), the plain Granger–Scott chain gives the same element.
 */
function cyclotomicExpByX(o: usize, a: usize): void {
  if (fp12IsOne(a)) {                      // e.g. after a trivial easy part: 1^x = 1, and its
    fp12One(o);                            // compressed powers would not decompress (g3 = 0)
    return;
  }
  let acc = FE + 7 * FP12_BYTES;
  fp12Copy(acc, a);
  let n: i32 = 0;
  for (let k: i32 = 1; k <= 63; k++) {
    fp12CyclotomicSqrCompressed(acc);
    if ((BLS_X_ABS >> <u64>k) & 1) {
      fp12Copy(POWERS + <usize>n * FP12_BYTES, acc);
      n++;
    }
  }
  if (karabinaDecompressBatchVartime(POWERS, n, FP12_BYTES)) {
    fp12Copy(acc, POWERS);                 // bit 0 of |x| is clear: a itself is no factor
    for (let i: i32 = 1; i < n; i++) fp12Mul(acc, acc, POWERS + <usize>i * FP12_BYTES);
  } else {
    fp12Copy(acc, a);
    for (let bit: i32 = 62; bit >= 0; bit--) {
      fp12CyclotomicSqr(acc, acc);
      if ((BLS_X_ABS >> <u64>bit) & 1) fp12Mul(acc, acc, a);
    }
  }
  fp12Conj(o, acc);
}

/** out = f^((p¹² - 1)/r). f = 0 (never a Miller loop result) gives 0. */
export function finalExponentiation(out: usize, f: usize): void {
  const S = FP12_BYTES;
  let t0 = FE, t1 = FE + S, t2 = FE + 2 * S, t3 = FE + 3 * S, t4 = FE + 4 * S;
  let t5 = FE + 5 * S, t6 = FE + 6 * S;
  // easy part: t0 = f^(p⁶ - 1) = conj(f)/f, t1 = t0^(p² + 1)
  fp12InvVartime(t1, f);
  fp12Conj(t0, f);
  fp12Mul(t0, t0, t1);
  fp12FrobeniusMap(t1, t0, 2);
  fp12Mul(t1, t1, t0);
  // hard part (noble's chain; expX is a ↦ a^x)
  cyclotomicExpByX(t2, t1); // t2 = t1^x
  fp12CyclotomicSqr(t3, t1);
  fp12Conj(t3, t3);
  fp12Mul(t3, t3, t2); // t3 = conj(t1²)·t2
  cyclotomicExpByX(t4, t3); // t4 = t3^x
  cyclotomicExpByX(t5, t4); // t5 = t4^x
  cyclotomicExpByX(t6, t5);
  fp12CyclotomicSqr(t0, t2);
  fp12Mul(t6, t6, t0); // t6 = t5^x·t2²
  cyclotomicExpByX(t0, t6); // t7 = t6^x (kept in t0)
  // out = (t2·t5)^(p²)·(t4·t1)^(p³)·(t6·conj(t1))^p·t7·conj(t3)·t1
  fp12Mul(t2, t2, t5);
  fp12FrobeniusMap(t2, t2, 2);
  fp12Mul(t4, t4, t1);
  fp12FrobeniusMap(t4, t4, 3);
  fp12Conj(t5, t1);
  fp12Mul(t6, t6, t5);
  fp12FrobeniusMap(t6, t6, 1);
  fp12Conj(t3, t3);
  fp12Mul(t0, t0, t3);
  fp12Mul(t0, t0, t1);
  fp12Mul(t2, t2, t4);
  fp12Mul(t2, t2, t6);
  fp12Mul(out, t2, t0);
}

/**
 * Pairs from which the affine Miller loop (miller_affine.ts) is used: its shared inversion
 * per step costs about as much as its cheaper lines save on four pairs (bench/bls-field).
 */
export const MILLER_AFFINE_PAIRS_MIN: i32 = 8;

/**
 * ∏ e(P_i, Q_i) == 1 over n pairs (Q_i in G2): one shared Miller loop (projective for a few
 * pairs, affine from MILLER_AFFINE_PAIRS_MIN on) and one final exponentiation.
 */
export function pairingProductIsOne(g1: usize, g2: usize, n: i32): bool {
  let f = PRODUCT;
  if (n >= MILLER_AFFINE_PAIRS_MIN) millerLoopMultiAffine(f, g1, g2, n);
  else millerLoopMulti(f, g1, g2, n);
  finalExponentiation(f, f);
  return fp12IsOne(f);
}
