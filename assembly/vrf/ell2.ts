// RFC 9380 hashing to edwards25519 with Elligator 2, the encode_to_curve of the
// ECVRF-EDWARDS25519-SHA512-ELL2 suite (RFC 9381 §5.4.1.2) that Chiron uses:
//
//   edwards25519_XMD:SHA-512_ELL2_NU_  encode_to_curve(msg) = clear_cofactor(map(u)),
//                                      u = hash_to_field(msg, 1)
//   edwards25519_XMD:SHA-512_ELL2_RO_  hash_to_curve(msg)  = clear_cofactor(map(u0) + map(u1))
//
// hash_to_field (§5.2) expands (msg, DST) with expand_message_xmd over SHA-512 (§5.3.1) to
// L = 48 bytes per element and reduces each big-endian 48-byte string mod p. The map is
// the straight-line, constant-time Elligator 2 of Appendix G.2.1 (no branch on u: every
// square-root candidate is computed and the right one picked with conditional moves),
// followed by the rational map from curve25519 to edwards25519. The ECVRF calls this with
// msg = PK_string ‖ alpha_string, so the XMD here takes a 32-byte prefix of msg apart and
// needs no concatenated copy of alpha.
import { OK, E_VRF_DST } from "../errors";
import { SHA512_CTX_BYTES, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal } from "../hash/sha512";
import {
  feAdd, feSub, feMul, feSq, feNeg, feCopy, feOne, feZero, feFromBytes, feIsNegative, feIsZero,
  fePow22523,
} from "../ed25519/field";
import { POINT_BYTES, geAdd, geToCached, geP1P1ToP3 } from "../ed25519/point";
import { FE_SQRTM1 } from "../ed25519/tables.generated";
import { feCmov, feEq, geMulByCofactor } from "./curve";
import { FE_ELL2_J, FE_ELL2_C2, FE_ELL2_EDWARDS_C1, FE_NINETEEN } from "./constants.generated";

/** Bytes of uniform output per field element: L = ceil((ceil(log2 p) + k) / 8), k = 128. */
const ELL2_FIELD_BYTES: u32 = 48;

// @ts-ignore: decorator
@lazy const xmdCtx: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
// @ts-ignore: decorator
@lazy const xmdZeros: usize = memory.data(128, 16);
// @ts-ignore: decorator
@lazy const xmdB0: usize = memory.data(64, 16);
// @ts-ignore: decorator
@lazy const xmdBi: usize = memory.data(64, 16);
// @ts-ignore: decorator
@lazy const xmdSmall: usize = memory.data(8, 8);
// @ts-ignore: decorator
@lazy const uniform: usize = memory.data(128, 16);
// The SHA-512 context after Z_pad (one block of 128 zero bytes), which every b_0 starts
// with: filled on first use, then copied instead of compressing that block again.
// @ts-ignore: decorator
@lazy const xmdZeroCtx: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
let xmdZeroCtxReady = false;

/**
 * expand_message_xmd with SHA-512 (RFC 9380 §5.3.1) of msg = prefix[prefixLen] ‖
 * msg[msgLen], for outLen ≤ 128 (ell ≤ 2) and 1 ≤ dstLen ≤ 255 (callers check).
 * Output into `uniform`.
 */
function xmdSha512Short(outLen: u32, prefix: usize, prefixLen: usize, msg: usize, msgLen: usize, dst: usize, dstLen: u32): void {
  let ctx = xmdCtx;
  // b_0 = H(Z_pad ‖ msg ‖ I2OSP(len_in_bytes, 2) ‖ I2OSP(0, 1) ‖ DST_prime)
  if (!xmdZeroCtxReady) {
    sha512CtxInit(xmdZeroCtx);
    sha512CtxUpdate(xmdZeroCtx, xmdZeros, 128);
    xmdZeroCtxReady = true;
  }
  memory.copy(ctx, xmdZeroCtx, SHA512_CTX_BYTES);
  sha512CtxUpdate(ctx, prefix, prefixLen);
  sha512CtxUpdate(ctx, msg, msgLen);
  store<u8>(xmdSmall, <u8>(outLen >>> 8));
  store<u8>(xmdSmall, <u8>outLen, 1);
  store<u8>(xmdSmall, 0, 2);
  sha512CtxUpdate(ctx, xmdSmall, 3);
  sha512CtxUpdate(ctx, dst, dstLen);
  store<u8>(xmdSmall, <u8>dstLen, 3);
  sha512CtxUpdate(ctx, xmdSmall + 3, 1);
  sha512CtxFinal(ctx, xmdB0);
  // b_1 = H(b_0 ‖ 1 ‖ DST_prime); b_2 = H((b_0 ⊕ b_1) ‖ 2 ‖ DST_prime)
  let ell = (outLen + 63) >>> 6;
  memory.fill(xmdBi, 0, 64);
  for (let i: u32 = 1; i <= ell; i++) {
    for (let j: usize = 0; j < 64; j += 8) store<u64>(xmdBi + j, load<u64>(xmdBi + j) ^ load<u64>(xmdB0 + j));
    sha512CtxInit(ctx);
    sha512CtxUpdate(ctx, xmdBi, 64);
    store<u8>(xmdSmall, <u8>i, 4);
    sha512CtxUpdate(ctx, xmdSmall + 4, 1);
    sha512CtxUpdate(ctx, dst, dstLen);
    sha512CtxUpdate(ctx, xmdSmall + 3, 1);
    sha512CtxFinal(ctx, xmdBi);
    memory.copy(uniform + (<usize>(i - 1) << 6), xmdBi, 64);
  }
}

// @ts-ignore: decorator
@lazy const wideLE: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const wideHi: usize = memory.data(40, 8);

/**
 * u = OS2IP(48 big-endian bytes at s) mod p (RFC 9380 §5.2 step 6). With the bytes
 * reversed to little-endian, value = lo + 2^255·hi where lo is bits 0..254 and hi bits
 * 255..383; 2^255 = 19 (mod p), so u = lo + 19·hi. feFromBytes reads 255 bits and accepts
 * values up to 2^255 - 1 (non-canonical is fine: they are the same field element).
 */
function feFromBytesWideBE48(u: usize, s: usize): void {
  memory.fill(wideLE, 0, 64);
  for (let i: usize = 0; i < 48; i++) store<u8>(wideLE + i, load<u8>(s + 47 - i));
  feFromBytes(u, wideLE);
  // hi = value >> 255: bits 255..383 → bytes 0..16 of a 32-byte buffer.
  let w3 = load<u64>(wideLE, 24), w4 = load<u64>(wideLE, 32), w5 = load<u64>(wideLE, 40);
  store<u64>(wideLE + 32, (w3 >> 63) | (w4 << 1));
  store<u64>(wideLE + 40, (w4 >> 63) | (w5 << 1));
  store<u64>(wideLE + 48, w5 >> 63);
  store<u64>(wideLE + 56, 0);
  feFromBytes(wideHi, wideLE + 32);
  feMul(wideHi, wideHi, FE_NINETEEN);
  feAdd(u, u, wideHi);
}

// Scratch for the map (RFC 9380 Appendix G.2.1 names).
// @ts-ignore: decorator
@lazy const tv1: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const tv2: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const tv3: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const xd: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const x1n: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const x2n: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const gxd: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const gx1: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const gx2: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const y11: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const y12: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const y21: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const y22: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const yy: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const xn: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const en: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const ed: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const fn_: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const fd: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const feOneC: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const feZeroC: usize = memory.data(40, 8);

/**
 * map_to_curve_elligator2_curve25519 (RFC 9380 Appendix G.2.1), steps numbered as there:
 * writes the Montgomery point (xn/xd, y/1) to xn, xd, yy. Constant time.
 */
function mapToCurve25519(u: usize): void {
  feSq(tv1, u);                      // 1.  tv1 = u^2
  feAdd(tv1, tv1, tv1);              // 2.  tv1 = 2u^2
  feOne(xd);
  feAdd(xd, tv1, xd);                // 3.  xd = tv1 + 1 (nonzero: -1 is a square, tv1 is not -1)
  feNeg(x1n, FE_ELL2_J);             // 4.  x1n = -J
  feSq(tv2, xd);                     // 5.  tv2 = xd^2
  feMul(gxd, tv2, xd);               // 6.  gxd = xd^3
  feMul(gx1, FE_ELL2_J, tv1);        // 7.  gx1 = J·tv1
  feMul(gx1, gx1, x1n);              // 8.  gx1 = gx1·x1n
  feAdd(gx1, gx1, tv2);              // 9.  gx1 = gx1 + tv2
  feMul(gx1, gx1, x1n);              // 10. gx1 = gx1·x1n
  feSq(tv3, gxd);                    // 11. tv3 = gxd^2
  feSq(tv2, tv3);                    // 12. tv2 = gxd^4
  feMul(tv3, tv3, gxd);              // 13. tv3 = gxd^3
  feMul(tv3, tv3, gx1);              // 14. tv3 = gx1·gxd^3
  feMul(tv2, tv2, tv3);              // 15. tv2 = gx1·gxd^7
  fePow22523(y11, tv2);              // 16. y11 = tv2^((p-5)/8)
  feMul(y11, y11, tv3);              // 17. y11 = y11·tv3
  feMul(y12, y11, FE_SQRTM1);        // 18. y12 = y11·sqrt(-1)
  feSq(tv2, y11);                    // 19.
  feMul(tv2, tv2, gxd);              // 20.
  let e1 = feEq(tv2, gx1);           // 21. e1 = tv2 == gx1
  feCmov(y12, y11, e1);              // 22. y1 = CMOV(y12, y11, e1), kept in y12
  feMul(x2n, x1n, tv1);              // 23. x2n = x1n·tv1
  feMul(y21, y11, u);                // 24. y21 = y11·u
  feMul(y21, y21, FE_ELL2_C2);       // 25. y21 = y21·c2
  feMul(y22, y21, FE_SQRTM1);        // 26. y22 = y21·sqrt(-1)
  feMul(gx2, gx1, tv1);              // 27. gx2 = gx1·tv1
  feSq(tv2, y21);                    // 28.
  feMul(tv2, tv2, gxd);              // 29.
  let e2 = feEq(tv2, gx2);           // 30. e2 = tv2 == gx2
  feCmov(y22, y21, e2);              // 31. y2 = CMOV(y22, y21, e2), kept in y22
  feSq(tv2, y12);                    // 32. tv2 = y1^2
  feMul(tv2, tv2, gxd);              // 33.
  let e3 = feEq(tv2, gx1);           // 34. e3 = tv2 == gx1
  feCopy(xn, x2n);
  feCmov(xn, x1n, e3);               // 35. xn = CMOV(x2n, x1n, e3)
  feCopy(yy, y22);
  feCmov(yy, y12, e3);               // 36. y = CMOV(y2, y1, e3)
  let e4 = feIsNegative(yy);         // 37. e4 = sgn0(y) == 1
  feNeg(tv2, yy);
  feCmov(yy, tv2, e3 ^ e4);          // 38. y = CMOV(y, -y, e3 XOR e4)
}

/**
 * map_to_curve_elligator2_edwards25519 (RFC 9380 Appendix G.2.1): the Montgomery point
 * through the rational map (x, y) = (c1·xM/yM, (xM - 1)/(xM + 1)), written to the P3 `p`
 * as (X : Y : Z : T) = (xn·yd : yn·xd : xd·yd : xn·yn). Constant time.
 */
export function mapToCurveEll2(p: usize, u: usize): void {
  mapToCurve25519(u);
  feMul(en, xn, FE_ELL2_EDWARDS_C1); // 2-3. xn = xMn·yMd·c1 (yMd = 1)
  feMul(ed, xd, yy);                 // 4.   xd = xMd·yMn
  feSub(fn_, xn, xd);                // 5.   yn = xMn - xMd
  feAdd(fd, xn, xd);                 // 6.   yd = xMn + xMd
  feMul(tv1, ed, fd);                // 7.   tv1 = xd·yd
  let e = feIsZero(tv1);             // 8.   e = tv1 == 0
  feCmov(en, feZeroC, e);            // 9.   xn = CMOV(xn, 0, e)
  feCmov(ed, feOneC, e);             // 10.  xd = CMOV(xd, 1, e)
  feCmov(fn_, feOneC, e);            // 11.  yn = CMOV(yn, 1, e)
  feCmov(fd, feOneC, e);             // 12.  yd = CMOV(yd, 1, e)
  feMul(p, en, fd);                  // X = xn·yd
  feMul(p + 40, fn_, ed);            // Y = yn·xd
  feMul(p + 80, ed, fd);             // Z = xd·yd
  feMul(p + 120, en, fn_);           // T = xn·yn
}

// @ts-ignore: decorator
@lazy const fieldU0: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const fieldU1: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const mapQ1: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const mapCached: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const mapSum: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * The P3 `p` = encode_to_curve (ro = 0, the _NU_ suite) or hash_to_curve (ro = 1, the _RO_
 * suite) of msg = prefix[prefixLen] ‖ msg[msgLen] under dst[dstLen]. Returns OK, or
 * E_VRF_DST when the DST is empty or longer than 255 bytes (RFC 9380 §3.1; the oversize-DST
 * rule of §5.3.3 is not needed by any Chiron suite and is refused). Constant time in the
 * message bytes' values.
 */
export function hashToCurveEll2(p: usize, prefix: usize, prefixLen: usize, msg: usize, msgLen: usize, dst: usize, dstLen: u32, ro: i32): i32 {
  if (dstLen == 0 || dstLen > 255) return E_VRF_DST;
  feOne(feOneC);
  feZero(feZeroC);
  let count: u32 = ro ? 2 : 1;
  xmdSha512Short(count * ELL2_FIELD_BYTES, prefix, prefixLen, msg, msgLen, dst, dstLen);
  feFromBytesWideBE48(fieldU0, uniform);
  mapToCurveEll2(p, fieldU0);
  if (ro) {
    feFromBytesWideBE48(fieldU1, uniform + ELL2_FIELD_BYTES);
    mapToCurveEll2(mapQ1, fieldU1);
    geToCached(mapCached, mapQ1);
    geAdd(mapSum, p, mapCached);
    geP1P1ToP3(p, mapSum);
  }
  geMulByCofactor(p, p);
  return OK;
}
