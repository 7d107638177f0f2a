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
// Square roots: assembly/bls12_381/sqrt.ts (norm-based, no inversion).
import { OK } from "../errors";
import { expandMessageXmdSha256 } from "../hash/xmd";
import { FP_BYTES, fpFromBytes, fpMul, fpAdd, fpSqr } from "./fp";
import {
  FP2_BYTES, fp2FromBytes, fp2Mul, fp2Sqr, fp2Add, fp2Neg, fp2IsZero, fp2Copy, fp2One, fp2Sgn0,
} from "./fp2";
import { sqrtRatioVartime, sqrtRatioNegNormRoot } from "./sqrt";
import { G2_BYTES, g2Add, g2Sub, g2Dbl, g2Neg, g2Psi, g2Psi2, g2MulByXAbsVartime } from "./g2";
import { g2NormalizeBatch } from "./affine";
import { MSG_ENTRY_BYTES } from "./groups";
import {
  SSWU_A_BYTES, SSWU_B_BYTES, SSWU_Z_BYTES, SQRT_MINUS_5_BYTES,
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
@lazy const SQRT_M5: usize = memory.data(<i32>FP_BYTES, 16);
/** The norm-root hint of the second SSWU candidate, N(u), and a temporary. */
// @ts-ignore: decorator
@lazy const NR: usize = memory.data(<i32>FP_BYTES * 3, 16);
// @ts-ignore: decorator
@lazy const XNUM: usize = memory.data(<i32>FP2_BYTES * 4, 16);
// @ts-ignore: decorator
@lazy const XDEN: usize = memory.data(<i32>FP2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const YNUM: usize = memory.data(<i32>FP2_BYTES * 4, 16);
// @ts-ignore: decorator
@lazy const YDEN: usize = memory.data(<i32>FP2_BYTES * 3, 16);
/** 2^256 mod p (= 2^256), for reducing 64-byte integers. */
// @ts-ignore: decorator
@lazy const TWO_256: usize = memory.data(<i32>FP_BYTES, 16);
// @ts-ignore: decorator
@lazy const BYTES48: usize = memory.data(48, 16);

fp2FromBytes(A, SSWU_A_BYTES);
fp2FromBytes(B, SSWU_B_BYTES);
fp2FromBytes(Z, SSWU_Z_BYTES);
fpFromBytes(SQRT_M5, SQRT_MINUS_5_BYTES);
for (let i: usize = 0; i < 4; i++) fp2FromBytes(XNUM + i * FP2_BYTES, ISO_XNUM_BYTES + i * 96);
for (let i: usize = 0; i < 2; i++) fp2FromBytes(XDEN + i * FP2_BYTES, ISO_XDEN_BYTES + i * 96);
for (let i: usize = 0; i < 4; i++) fp2FromBytes(YNUM + i * FP2_BYTES, ISO_YNUM_BYTES + i * 96);
for (let i: usize = 0; i < 3; i++) fp2FromBytes(YDEN + i * FP2_BYTES, ISO_YDEN_BYTES + i * 96);
memory.fill(BYTES48, 0, 48);
store<u8>(BYTES48 + 15, 1);       // 2^256 big-endian
fpFromBytes(TWO_256, BYTES48);

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

// ---------------------------------------------------------------- map_to_curve

// @ts-ignore: decorator
@lazy const MT: usize = memory.data(<i32>FP2_BYTES * 16, 16);

/** g = N³ + A'·N·D² + B'·D³ (= D³·g(N/D)), with D2 = D² and D3 = D³ given. */
function sswuCurveProjective(g: usize, num: usize, d2: usize, d3: usize): void {
  const t = MT + 15 * FP2_BYTES;
  fp2Sqr(g, num);
  fp2Mul(g, g, num);                            // N³
  fp2Mul(t, A, d2);
  fp2Mul(t, t, num);
  fp2Add(g, g, t);                              // + A'·N·D²
  fp2Mul(t, B, d3);
  fp2Add(g, g, t);                              // + B'·D³
}

/**
 * Simplified SWU of u on E2' (RFC 9380 §6.6.2), with x kept as a fraction num/den:
 * writes num, den and the affine y (sign fixed by sgn0(u)). Z·u² and g(x2) = (Z·u²)³·g(x1)
 * give the second candidate without a second curve evaluation.
 */
export function sswuToIsoCurve(num: usize, den: usize, y: usize, u: usize): void {
  const tv1 = MT, tv2 = MT + FP2_BYTES, d2 = MT + 2 * FP2_BYTES, d3 = MT + 3 * FP2_BYTES;
  const gu = MT + 4 * FP2_BYTES, t = MT + 5 * FP2_BYTES;
  fp2Sqr(tv1, u);
  fp2Mul(tv1, tv1, Z);                          // Z·u²
  fp2Sqr(tv2, tv1);
  fp2Add(tv2, tv2, tv1);                        // Z²u⁴ + Z·u²
  if (fp2IsZero(tv2)) {
    fp2Copy(num, B);                            // x1 = B'/(Z·A')
    fp2Mul(den, Z, A);
  } else {
    fp2One(t);
    fp2Add(num, tv2, t);
    fp2Mul(num, num, B);
    fp2Neg(num, num);                           // x1 = -B'(tv2 + 1) / (A'·tv2)
    fp2Mul(den, A, tv2);
  }
  fp2Sqr(d2, den);
  fp2Mul(d3, d2, den);
  sswuCurveProjective(gu, num, d2, d3);         // g(x1) = gu / D³
  if (!sqrtRatioVartime(y, gu, d3, 0)) {
    // Not reached when Z²u⁴ + Zu² = 0: Z was chosen so that g(B'/(Z·A')) is a square
    // (criterion 4 of RFC 9380 §6.6.2; test/bls-curve-constants.test.js), so x1 is taken.
    fp2Mul(num, num, tv1);                      // x2 = Z·u²·x1
    fp2Sqr(t, tv1);
    fp2Mul(t, t, tv1);
    fp2Mul(gu, gu, t);                          // g(x2) = (Z·u²)³·g(x1), a square
    // The norm root for x2 comes from the failed one: with W2 = tv1³·W1 and
    // N(tv1) = N(Z)·N(u)² = 5·N(u)², √N(W2) = N(tv1)·N(u)·√-5·√(-N(W1)).
    const r = sqrtRatioNegNormRoot();
    let hint: usize = 0;
    if (r != 0) {
      hint = NR;
      const nu = NR + FP_BYTES;
      fpSqr(nu, u);
      fpSqr(hint, u + FP_BYTES);
      fpAdd(nu, nu, hint);                      // N(u)
      fpSqr(hint, tv1);
      fpSqr(hint + 2 * FP_BYTES, tv1 + FP_BYTES);
      fpAdd(hint, hint, hint + 2 * FP_BYTES);   // N(tv1)
      fpMul(hint, hint, nu);
      fpMul(hint, hint, SQRT_M5);
      fpMul(hint, hint, r);
    }
    sqrtRatioVartime(y, gu, d3, hint);
  }
  if (fp2Sgn0(u) != fp2Sgn0(y)) fp2Neg(y, y);
}

/**
 * o (Jacobian on E2) = the 3-isogeny (Appendix E.3) of the E2' point (N/D, y'). Each
 * polynomial is multiplied by D³, which cancels in the ratios: with xn = D³·xnum(x),
 * xd = D³·xden(x), yn = D³·ynum(x), yd = D³·yden(x), the image is x = xn/xd, y = y'·yn/yd,
 * written as Z = xd·yd, X = xn·yd·Z, Y = y'·yn·xd·Z², so no inversion. A zero denominator
 * gives Z = 0, the identity, as the RFC requires.
 */
export function isoMap(o: usize, num: usize, den: usize, y: usize): void {
  const m = MT + 6 * FP2_BYTES;                 // m_i = N^i·D^(3-i), i = 0..3
  const xn = MT, xd = MT + FP2_BYTES, yn = MT + 2 * FP2_BYTES, yd = MT + 3 * FP2_BYTES;
  const zz = MT + 4 * FP2_BYTES, t = MT + 5 * FP2_BYTES;
  fp2Sqr(t, den);                               // D²
  fp2Mul(m, t, den);                            // m0 = D³
  fp2Mul(m + FP2_BYTES, num, t);                // m1 = N·D²
  fp2Sqr(t, num);                               // N²
  fp2Mul(m + 2 * FP2_BYTES, t, den);            // m2 = N²·D
  fp2Mul(m + 3 * FP2_BYTES, t, num);            // m3 = N³
  homogeneous(xn, XNUM, 3, false, m);
  homogeneous(xd, XDEN, 2, true, m);
  homogeneous(yn, YNUM, 3, false, m);
  homogeneous(yd, YDEN, 3, true, m);
  const X = o, Y = o + FP2_BYTES, Zo = o + 2 * FP2_BYTES;
  fp2Mul(Zo, xd, yd);
  fp2Mul(X, xn, yd);
  fp2Mul(X, X, Zo);
  fp2Sqr(zz, Zo);
  fp2Mul(Y, y, yn);
  fp2Mul(Y, Y, xd);
  fp2Mul(Y, Y, zz);
}

/** o = D³·p(N/D) = Σ k_i·m_i for p of degree deg (k_deg = 1, not stored, when monic). */
function homogeneous(o: usize, k: usize, deg: i32, monic: bool, m: usize): void {
  const t = MT + 14 * FP2_BYTES;
  if (monic) fp2Copy(o, m + <usize>deg * FP2_BYTES);
  else fp2Mul(o, k + <usize>deg * FP2_BYTES, m + <usize>deg * FP2_BYTES);
  for (let i = deg - 1; i >= 0; i--) {
    fp2Mul(t, k + <usize>i * FP2_BYTES, m + <usize>i * FP2_BYTES);
    fp2Add(o, o, t);
  }
}

// @ts-ignore: decorator
@lazy const MP: usize = memory.data(<i32>FP2_BYTES * 3, 16);

/** o = map_to_curve(u) on E2 (not yet in G2). */
export function mapToG2Unclear(o: usize, u: usize): void {
  sswuToIsoCurve(MP, MP + FP2_BYTES, MP + 2 * FP2_BYTES, u);
  isoMap(o, MP, MP + FP2_BYTES, MP + 2 * FP2_BYTES);
}

// ---------------------------------------------------------------- clear_cofactor

// @ts-ignore: decorator
@lazy const CC: usize = memory.data(<i32>G2_BYTES * 4, 16);

/** o = [x]a (x negative). */
function mulByX(o: usize, a: usize): void {
  g2MulByXAbsVartime(o, a);
  g2Neg(o, o);
}

/**
 * o = h_eff·P = [x² - x - 1]P + [x - 1]ψ(P) + ψ²(2P), RFC 9380 Appendix G.3
 * (clear_cofactor_bls12381_g2), steps in its order, in two halves around the second
 * multiplication by x (so a batch can bring t2 to Z = 1 in between, see hashToG2Batch).
 * o may alias p.
 */
export function g2ClearCofactor(o: usize, p: usize): void {
  const t1 = CC, t2 = CC + G2_BYTES, psi = CC + 3 * G2_BYTES;
  clearCofactorFirst(t1, t2, psi, p);
  clearCofactorSecond(o, p, t1, t2, psi);
}

/** t1 = [x]P, psi = ψ(P), t2 = [x]P + ψ(P): the steps before the second multiplication by x. */
function clearCofactorFirst(t1: usize, t2: usize, psi: usize, p: usize): void {
  mulByX(t1, p);                                // t1 = [x]P
  g2Psi(psi, p);                                // ψ(P)
  g2Add(t2, t1, psi);                           // t2 = [x]P + ψ(P)
}

/**
 * o = h_eff·P from t1 = [x]P, t2 = [x]P + ψ(P) (overwritten) and psi = ψ(P). o may alias p.
 */
function clearCofactorSecond(o: usize, p: usize, t1: usize, t2: usize, psi: usize): void {
  const t3 = CC + 2 * G2_BYTES;
  g2Dbl(t3, p);
  g2Psi2(t3, t3);                               // t3 = ψ²(2P)
  g2Sub(t3, t3, psi);                           // t3 = ψ²(2P) - ψ(P)
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
  const e = hashToG2Unclear(HQ, msg, msgLen, dst, dstLen);
  if (e != OK) return e;
  g2ClearCofactor(o, HQ);
  return OK;
}

/**
 * Scratch bytes hashToG2Batch allocates per message: P, [x]P, [x]P + ψ(P) and an Fp2 prefix.
 */
export const HASH_BATCH_BYTES: usize = 3 * G2_BYTES + FP2_BYTES;

/**
 * hash_to_curve of `count` messages (msgTable records of u32 pointer, u32 length; the i-th
 * message is record leaders[i], or record i when leaders is 0) into outs (G2_BYTES apart):
 * the same points as hashToG2 each, with two batch steps in the cofactor clearing. The
 * multiplications by x add their base point some five times; bringing the bases P and
 * [x]P + ψ(P) of all messages to Z = 1 with one shared inversion each (affine.ts) makes those
 * additions, and three more, mixed ones. Returns OK or expand_message_xmd's error.
 */
export function hashToG2Batch(outs: usize, msgTable: usize, leaders: usize, count: u32, dst: usize, dstLen: usize): i32 {
  const n = <usize>count;
  const ps = heap.alloc(n * G2_BYTES), t1s = heap.alloc(n * G2_BYTES), t2s = heap.alloc(n * G2_BYTES);
  const prefix = heap.alloc(n * FP2_BYTES);
  for (let i: usize = 0; i < n; i++) {
    const k = leaders == 0 ? i : <usize>load<u32>(leaders + i * 4);
    const e = msgTable + k * MSG_ENTRY_BYTES;
    const r = hashToG2Unclear(ps + i * G2_BYTES, <usize>load<u32>(e), <usize>load<u32>(e, 4), dst, dstLen);
    if (r != OK) return r;
  }
  g2NormalizeBatch(ps, <i32>count, prefix);
  const psi = CC + 3 * G2_BYTES;
  for (let i: usize = 0; i < n; i++) clearCofactorFirst(t1s + i * G2_BYTES, t2s + i * G2_BYTES, psi, ps + i * G2_BYTES);
  g2NormalizeBatch(t2s, <i32>count, prefix);
  for (let i: usize = 0; i < n; i++) {
    const p = ps + i * G2_BYTES;
    g2Psi(psi, p);
    clearCofactorSecond(outs + i * G2_BYTES, p, t1s + i * G2_BYTES, t2s + i * G2_BYTES, psi);
  }
  return OK;
}

/** o = map_to_curve(u0) + map_to_curve(u1) for hash_to_field(msg, 2): hashToG2 before clearing. */
function hashToG2Unclear(o: usize, msg: usize, msgLen: usize, dst: usize, dstLen: usize): i32 {
  const e = expandMessageXmdSha256(UNIFORM, UNIFORM_BYTES, msg, <u32>msgLen, dst, <u32>dstLen);
  if (e != OK) return e;
  fp2FromUniform(HU, UNIFORM);
  fp2FromUniform(HU + FP2_BYTES, UNIFORM + 128);
  mapToG2Unclear(o, HU);
  mapToG2Unclear(HQ + G2_BYTES, HU + FP2_BYTES);
  g2Add(o, o, HQ + G2_BYTES);
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
