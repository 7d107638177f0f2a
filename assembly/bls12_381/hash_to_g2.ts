// Hashing to G2 of BLS12-381: RFC 9380 suite BLS12381G2_XMD:SHA-256_SSWU_RO_ (§8.8.2).
//
//   hash_to_curve(msg) = clear_cofactor(map_to_curve(u0) + map_to_curve(u1)),
//   (u0, u1) = hash_to_field(msg, 2)     §5.2: expand_message_xmd(SHA-256) to 256 bytes,
//                                         four 64-byte big-endian integers reduced mod p
//   map_to_curve = iso_map ∘ simplified SWU on E2': y² = x³ + A'x + B'   (§6.6.2, §6.6.3)
//   iso_map: the 3-isogeny E2' → E2 of Appendix E.3
//   clear_cofactor: h_eff·P computed as [x² - x - 1]P + [x - 1]ψ(P) + ψ²(2P)
//                   (Budroni–Pintore, ePrint 2017/419; RFC 9380 Appendix G.3)
// encode_to_curve (the NU suite) maps a single u and clears the cofactor.
//
// Variable time: it branches on whether g(x1) is a square and on the group law's special
// cases. The messages hashed in signature verification are public.
//
// Square roots in Fp2 use the norm (the "complex method"): for a = a0 + a1·u with a1 ≠ 0,
// a is a square iff N = a0² + a1² is a square in Fp; then with s = √N, t = (a0 + s)/2 and
// w = t^((p-3)/4), either t is a square and √a = w·t + (a1·w/2)·u, or it is not (w²t = -1)
// and √a = -(a1·w/2) + (w·t)·u. Two Fp exponentiations, no inversion (a generic Fp2
// exponentiation costs about twice as much).
import { OK } from "../errors";
import { expandMessageXmdSha256 } from "../hash/xmd";
import {
  FP_BYTES, fpFromBytes, fpMul, fpSqr, fpAdd, fpSub, fpNeg, fpIsZero, fpEq, fpCopy, fpZero,
  fpSqrt, fpPowPublic, fpInv,
} from "./fp";
import {
  FP2_BYTES, fp2FromBytes, fp2Mul, fp2Sqr, fp2Add, fp2Neg, fp2Inv, fp2IsZero, fp2Copy, fp2One,
  fp2Sgn0,
} from "./fp2";
import { EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS } from "./constants.generated";
import { G2_BYTES, g2Add, g2Sub, g2Dbl, g2Neg, g2Psi, g2Psi2, g2MulByXAbsVartime, g2Copy } from "./g2";
import {
  SSWU_A_BYTES, SSWU_B_BYTES, SSWU_Z_BYTES, SSWU_MINUS_B_OVER_A_BYTES, SSWU_B_OVER_ZA_BYTES,
  ISO_XNUM_BYTES, ISO_XDEN_BYTES, ISO_YNUM_BYTES, ISO_YDEN_BYTES,
} from "./curve-constants.generated";

// Constants in internal form.
// @ts-ignore: decorator
@lazy const A: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const B: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const Z: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const MBA: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const BZA: usize = memory.data(<i32>FP2_BYTES, 16);
// @ts-ignore: decorator
@lazy const XNUM: usize = memory.data(<i32>FP2_BYTES * 4, 16);
// @ts-ignore: decorator
@lazy const XDEN: usize = memory.data(<i32>FP2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const YNUM: usize = memory.data(<i32>FP2_BYTES * 4, 16);
// @ts-ignore: decorator
@lazy const YDEN: usize = memory.data(<i32>FP2_BYTES * 3, 16);
/** 2^256 mod p (= 2^256) and 1/2, for reducing 64-byte integers and halving. */
// @ts-ignore: decorator
@lazy const TWO_256: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const HALF: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const BYTES48: usize = memory.data(48, 16);

fp2FromBytes(A, SSWU_A_BYTES);
fp2FromBytes(B, SSWU_B_BYTES);
fp2FromBytes(Z, SSWU_Z_BYTES);
fp2FromBytes(MBA, SSWU_MINUS_B_OVER_A_BYTES);
fp2FromBytes(BZA, SSWU_B_OVER_ZA_BYTES);
for (let i: usize = 0; i < 4; i++) fp2FromBytes(XNUM + i * FP2_BYTES, ISO_XNUM_BYTES + i * 96);
for (let i: usize = 0; i < 2; i++) fp2FromBytes(XDEN + i * FP2_BYTES, ISO_XDEN_BYTES + i * 96);
for (let i: usize = 0; i < 4; i++) fp2FromBytes(YNUM + i * FP2_BYTES, ISO_YNUM_BYTES + i * 96);
for (let i: usize = 0; i < 3; i++) fp2FromBytes(YDEN + i * FP2_BYTES, ISO_YDEN_BYTES + i * 96);
memory.fill(BYTES48, 0, 48);
store<u8>(BYTES48 + 15, 1);       // 2^256 big-endian
fpFromBytes(TWO_256, BYTES48);
memory.fill(BYTES48, 0, 48);
store<u8>(BYTES48 + 47, 2);
fpFromBytes(HALF, BYTES48);
fpInv(HALF, HALF);

// ---------------------------------------------------------------- hash_to_field

/** Bytes of uniform output for two Fp2 elements: count · m · L = 2 · 2 · 64 (§5.2, §8.8.2). */
const UNIFORM_BYTES: u32 = 256;
// @ts-ignore: decorator
@lazy const UNIFORM: usize = memory.data(<i32>UNIFORM_BYTES, 16);
// @ts-ignore: decorator
@lazy const HT: usize = memory.data(<i32>FP_BYTES, 16);

/** o = the 64-byte big-endian integer at src mod p: hi·2^256 + lo with both halves < p. */
function fpFromBytes64(o: usize, src: usize): void {
  memory.fill(BYTES48, 0, 16);
  memory.copy(BYTES48 + 16, src, 32);
  fpFromBytes(HT, BYTES48);
  fpMul(HT, HT, TWO_256);
  memory.copy(BYTES48 + 16, src + 32, 32);
  fpFromBytes(o, BYTES48);
  fpAdd(o, o, HT);
}

/** u (Fp2) from 128 uniform bytes: c0 from the first 64, c1 from the next (§5.2). */
function fp2FromUniform(o: usize, src: usize): void {
  fpFromBytes64(o, src);
  fpFromBytes64(o + FP_BYTES, src + 64);
}

// ---------------------------------------------------------------- square roots in Fp2

// @ts-ignore: decorator
@lazy const SQ: usize = memory.data(<i32>FP_BYTES * 5, 16);

/** o = √a and true, or false (o unspecified) when a is not a square. Variable time. */
export function fp2SqrtVartime(o: usize, a: usize): bool {
  const a0 = a, a1 = a + FP_BYTES;
  const n = SQ, s = SQ + FP_BYTES, t = SQ + 2 * FP_BYTES, w = SQ + 3 * FP_BYTES, c = SQ + 4 * FP_BYTES;
  if (fpIsZero(a1)) {
    // a ∈ Fp: √a0 if a0 is a square, else u·√(-a0) (-1 is not a square since p ≡ 3 mod 4).
    if (fpSqrt(t, a0)) { fpCopy(o, t); fpZero(o + FP_BYTES); return true; }
    fpNeg(n, a0);
    if (!fpSqrt(t, n)) return false;
    fpZero(o);
    fpCopy(o + FP_BYTES, t);
    return true;
  }
  fpSqr(n, a0);
  fpSqr(t, a1);
  fpAdd(n, n, t);                               // N = a0² + a1²
  if (!fpSqrt(s, n)) return false;
  fpAdd(t, a0, s);
  fpMul(t, t, HALF);                            // t = (a0 + √N)/2
  fpPowPublic(w, t, EXP_P_MINUS_3_DIV_4, EXP_P_MINUS_3_DIV_4_WORDS);
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

// ---------------------------------------------------------------- map_to_curve

// @ts-ignore: decorator
@lazy const MT: usize = memory.data(<i32>FP2_BYTES * 8, 16);

/** gx = x³ + A'x + B'. */
function sswuCurve(gx: usize, x: usize): void {
  const t = MT + 7 * FP2_BYTES;
  fp2Sqr(t, x);
  fp2Add(t, t, A);
  fp2Mul(t, t, x);
  fp2Add(gx, t, B);
}

/** Affine (x, y) on E2' = simplified SWU of u (§6.6.2, the straight-line form of §F.2). */
export function sswuToIsoCurve(xy: usize, u: usize): void {
  const tv1 = MT, tv2 = MT + FP2_BYTES, x1 = MT + 2 * FP2_BYTES, gx = MT + 3 * FP2_BYTES;
  const x = xy, y = xy + FP2_BYTES;
  fp2Sqr(tv1, u);
  fp2Mul(tv1, tv1, Z);                          // Z·u²
  fp2Sqr(tv2, tv1);
  fp2Add(tv2, tv2, tv1);                        // Z²u⁴ + Z·u²
  if (fp2IsZero(tv2)) {
    fp2Copy(x1, BZA);                           // x1 = B'/(Z·A')
  } else {
    fp2Inv(tv2, tv2);
    fp2One(x1);
    fp2Add(x1, x1, tv2);
    fp2Mul(x1, x1, MBA);                        // x1 = (-B'/A')(1 + 1/(Z²u⁴ + Zu²))
  }
  sswuCurve(gx, x1);
  if (fp2SqrtVartime(y, gx)) {
    fp2Copy(x, x1);
  } else {
    fp2Mul(x, tv1, x1);                         // x2 = Z·u²·x1; g(x2) = Z³u⁶·g(x1) is a square
    sswuCurve(gx, x);
    fp2SqrtVartime(y, gx);
  }
  if (fp2Sgn0(u) != fp2Sgn0(y)) fp2Neg(y, y);
}

/**
 * o (Jacobian on E2) = the 3-isogeny of the affine point xy on E2' (Appendix E.3):
 * x = xnum/xden, y = y'·ynum/yden, written with Z = xden·yden, X = xnum·yden·Z,
 * Y = y'·ynum·xden·Z², so no inversion. A zero denominator gives Z = 0, the identity,
 * as the RFC requires.
 */
export function isoMap(o: usize, xy: usize): void {
  const x = xy, y = xy + FP2_BYTES;
  const xn = MT, xd = MT + FP2_BYTES, yn = MT + 2 * FP2_BYTES, yd = MT + 3 * FP2_BYTES;
  const zz = MT + 4 * FP2_BYTES;
  horner(xn, XNUM, 3, false, x);
  horner(xd, XDEN, 2, true, x);
  horner(yn, YNUM, 3, false, x);
  horner(yd, YDEN, 3, true, x);
  const X = o, Y = o + FP2_BYTES, Zo = o + 2 * FP2_BYTES;
  fp2Mul(Zo, xd, yd);
  fp2Mul(X, xn, yd);
  fp2Mul(X, X, Zo);
  fp2Sqr(zz, Zo);
  fp2Mul(Y, y, yn);
  fp2Mul(Y, Y, xd);
  fp2Mul(Y, Y, zz);
}

/** o = Σ k_i x^i for i ≤ deg (k_deg = 1 and not stored when monic), by Horner's rule. */
function horner(o: usize, k: usize, deg: i32, monic: bool, x: usize): void {
  let i = deg;
  if (monic) {
    fp2Add(o, x, k + <usize>(deg - 1) * FP2_BYTES);
    i = deg - 2;
  } else {
    fp2Copy(o, k + <usize>deg * FP2_BYTES);
    i = deg - 1;
  }
  for (; i >= 0; i--) {
    fp2Mul(o, o, x);
    fp2Add(o, o, k + <usize>i * FP2_BYTES);
  }
}

// @ts-ignore: decorator
@lazy const MP: usize = memory.data(<i32>FP2_BYTES * 2, 16);

/** o = map_to_curve(u) on E2 (not yet in G2). */
export function mapToG2Unclear(o: usize, u: usize): void {
  sswuToIsoCurve(MP, u);
  isoMap(o, MP);
}

// ---------------------------------------------------------------- clear_cofactor

// @ts-ignore: decorator
@lazy const CC: usize = memory.data(<i32>G2_BYTES * 3, 16);

/** o = [x]a (x negative). */
function mulByX(o: usize, a: usize): void {
  g2MulByXAbsVartime(o, a);
  g2Neg(o, o);
}

/**
 * o = h_eff·P = [x² - x - 1]P + [x - 1]ψ(P) + ψ²(2P), RFC 9380 Appendix G.3
 * (clear_cofactor_bls12381_g2), steps in its order. o may alias p.
 */
export function g2ClearCofactor(o: usize, p: usize): void {
  const t1 = CC, t2 = CC + G2_BYTES, t3 = CC + 2 * G2_BYTES;
  mulByX(t1, p);                                // t1 = [x]P
  g2Psi(t2, p);                                 // t2 = ψ(P)
  g2Dbl(t3, p);
  g2Psi2(t3, t3);                               // t3 = ψ²(2P)
  g2Sub(t3, t3, t2);                            // t3 = ψ²(2P) - ψ(P)
  g2Add(t2, t1, t2);                            // t2 = [x]P + ψ(P)
  mulByX(t2, t2);                               // t2 = [x²]P + [x]ψ(P)
  g2Add(t3, t3, t2);
  g2Sub(t3, t3, t1);
  g2Sub(o, t3, p);                              // [x² - x - 1]P + [x - 1]ψ(P) + ψ²(2P)
}

// ---------------------------------------------------------------- the suite

// @ts-ignore: decorator
@lazy const HU: usize = memory.data(<i32>FP2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const HQ: usize = memory.data(<i32>G2_BYTES * 2, 16);

/**
 * o = hash_to_curve(msg) for BLS12381G2_XMD:SHA-256_SSWU_RO_ with the given DST.
 * Returns OK, or expand_message_xmd's error (empty DST).
 */
export function hashToG2(o: usize, msg: usize, msgLen: usize, dst: usize, dstLen: usize): i32 {
  const e = expandMessageXmdSha256(UNIFORM, UNIFORM_BYTES, msg, <u32>msgLen, dst, <u32>dstLen);
  if (e != OK) return e;
  fp2FromUniform(HU, UNIFORM);
  fp2FromUniform(HU + FP2_BYTES, UNIFORM + 128);
  mapToG2Unclear(HQ, HU);
  mapToG2Unclear(HQ + G2_BYTES, HU + FP2_BYTES);
  g2Add(HQ, HQ, HQ + G2_BYTES);
  g2ClearCofactor(o, HQ);
  return OK;
}

/** o = encode_to_curve(msg) for BLS12381G2_XMD:SHA-256_SSWU_NU_ (one field element). */
export function encodeToG2(o: usize, msg: usize, msgLen: usize, dst: usize, dstLen: usize): i32 {
  const e = expandMessageXmdSha256(UNIFORM, 128, msg, <u32>msgLen, dst, <u32>dstLen);
  if (e != OK) return e;
  fp2FromUniform(HU, UNIFORM);
  mapToG2Unclear(HQ, HU);
  g2ClearCofactor(o, HQ);
  return OK;
}

/** u0, u1 of hash_to_field(msg, 2) into out (two Fp2 elements), for tests and tools. */
export function hashToFieldFp2(out: usize, msg: usize, msgLen: usize, dst: usize, dstLen: usize): i32 {
  const e = expandMessageXmdSha256(UNIFORM, UNIFORM_BYTES, msg, <u32>msgLen, dst, <u32>dstLen);
  if (e != OK) return e;
  fp2FromUniform(out, UNIFORM);
  fp2FromUniform(out + FP2_BYTES, UNIFORM + 128);
  return OK;
}
