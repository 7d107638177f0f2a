// The Zcash/IETF point encodings of BLS12-381 (draft-irtf-cfrg-pairing-friendly-curves-11
// Appendix C; zkcrypto/bls12_381 `notes/serialization.rs`), with every check:
//
//   G1: 48 bytes compressed (x), 96 uncompressed (x ‖ y); G2: 96 / 192 bytes, where an Fp2
//   element is c1 ‖ c0. Every coordinate is big-endian. The three top bits of the first byte
//   are flags:  bit 7  C  compressed (1) or uncompressed (0): must match the length;
//               bit 6  I  the point at infinity: every other bit must be zero;
//               bit 5  S  compressed only: y is the lexicographically largest of ±y
//                         (for Fp2: compare c1, then c0 when c1 = 0); must be 0 otherwise.
//   Then: each coordinate < p, the point is on the curve, and (unless the caller batches
//   it) in the order-r subgroup.
//
// Decoders return OK or a named E_BLS_* code and write a Jacobian point with Z = 1 (or the
// point at infinity); on error the output is unspecified. Encoders take any point.
import {
  OK, E_BLS_LENGTH, E_BLS_FLAGS, E_BLS_INFINITY_ENCODING, E_BLS_COORD_RANGE,
  E_BLS_NOT_ON_CURVE, E_BLS_NOT_IN_SUBGROUP,
} from "../errors";
import { FP_BYTES, fpFromBytes, fpToBytes, fpSqr, fpMul, fpAdd, fpNeg, fpOne } from "./fp";
import { FP2_BYTES, fp2FromBytes, fp2ToBytes, fp2Sqr, fp2Mul, fp2Add, fp2Neg, fp2One } from "./fp2";
import { fpSqrtVartime, fp2SqrtVartime } from "./sqrt";
import { G1_AFFINE_BYTES, g1Zero, g1IsOnCurve, g1InSubgroup, g1ToAffine, g1CurveB } from "./g1";
import { G2_AFFINE_BYTES, g2Zero, g2IsOnCurve, g2InSubgroup, g2ToAffine, g2CurveB } from "./g2";

/** Encoded sizes. */
export const G1_COMPRESSED_BYTES: usize = 48;
export const G1_UNCOMPRESSED_BYTES: usize = 96;
export const G2_COMPRESSED_BYTES: usize = 96;
export const G2_UNCOMPRESSED_BYTES: usize = 192;

const FLAG_C: u8 = 0x80;
const FLAG_I: u8 = 0x40;
const FLAG_S: u8 = 0x20;

// Scratch: a de-flagged copy of the first coordinate, an affine point, ±y in bytes.
// @ts-ignore: decorator
@lazy const COORD: usize = memory.data(96, 16);
// @ts-ignore: decorator
@lazy const AFF: usize = memory.data(<i32>G2_AFFINE_BYTES, 16);
// @ts-ignore: decorator
@lazy const T: usize = memory.data(<i32>FP2_BYTES * 2, 16);
// @ts-ignore: decorator
@lazy const YB: usize = memory.data(192, 16);

/** Whether n bytes at p, after clearing the three flag bits of the first, are all zero. */
function restIsZero(p: usize, n: usize): bool {
  let acc: u32 = load<u8>(p) & 0x1f;
  for (let i: usize = 1; i < n; i++) acc |= load<u8>(p + i);
  return acc == 0;
}

/** Big-endian a > b over n bytes. */
function bytesGreater(a: usize, b: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) {
    const x = load<u8>(a + i), y = load<u8>(b + i);
    if (x != y) return x > y;
  }
  return false;
}

/**
 * Checks the flags common to both groups: returns OK and sets INFINITY when the encoding
 * is a well-formed infinity, or a flag or infinity error.
 */
let INFINITY = false;
function checkFlags(src: usize, n: usize, compressed: bool): i32 {
  const f = load<u8>(src);
  INFINITY = false;
  if (((f & FLAG_C) != 0) != compressed) return E_BLS_FLAGS;
  if (!compressed && (f & FLAG_S) != 0) return E_BLS_FLAGS;
  if (f & FLAG_I) {
    if (f & FLAG_S) return E_BLS_FLAGS;
    if (!restIsZero(src, n)) return E_BLS_INFINITY_ENCODING;
    INFINITY = true;
  }
  return OK;
}

// ---------------------------------------------------------------- G1

/** G1 from 48 compressed bytes, without the subgroup check (for callers that batch it). */
export function g1DecompressNoSubgroupCheck(o: usize, src: usize): i32 {
  const e = checkFlags(src, 48, true);
  if (e != OK) return e;
  if (INFINITY) { g1Zero(o); return OK; }
  memory.copy(COORD, src, 48);
  store<u8>(COORD, load<u8>(COORD) & 0x1f);
  if (!fpFromBytes(o, COORD)) return E_BLS_COORD_RANGE;
  const y = o + FP_BYTES;
  fpSqr(T, o);
  fpMul(T, T, o);
  fpAdd(T, T, g1CurveB());                     // x³ + 4
  if (!fpSqrtVartime(y, T)) return E_BLS_NOT_ON_CURVE;
  fpToBytes(YB, y);
  fpNeg(T, y);
  fpToBytes(YB + 48, T);
  const largest = bytesGreater(YB, YB + 48, 48);
  if (largest != ((load<u8>(src) & FLAG_S) != 0)) memory.copy(y, T, FP_BYTES);
  fpOne(o + 2 * FP_BYTES);
  return OK;
}

/** G1 from 48 compressed bytes with every check (KeyValidate's decoding). */
export function g1Decompress(o: usize, src: usize): i32 {
  const e = g1DecompressNoSubgroupCheck(o, src);
  if (e != OK) return e;
  return g1InSubgroup(o) ? OK : E_BLS_NOT_IN_SUBGROUP;
}

/** G1 from 96 uncompressed bytes, without the subgroup check. */
export function g1DecodeUncompressedNoSubgroupCheck(o: usize, src: usize): i32 {
  const e = checkFlags(src, 96, false);
  if (e != OK) return e;
  if (INFINITY) { g1Zero(o); return OK; }
  memory.copy(COORD, src, 48);
  store<u8>(COORD, load<u8>(COORD) & 0x1f);
  if (!fpFromBytes(o, COORD)) return E_BLS_COORD_RANGE;
  if (!fpFromBytes(o + FP_BYTES, src + 48)) return E_BLS_COORD_RANGE;
  fpOne(o + 2 * FP_BYTES);
  return g1IsOnCurve(o) ? OK : E_BLS_NOT_ON_CURVE;
}

/** G1 from 96 uncompressed bytes with every check. */
export function g1DecodeUncompressed(o: usize, src: usize): i32 {
  const e = g1DecodeUncompressedNoSubgroupCheck(o, src);
  if (e != OK) return e;
  return g1InSubgroup(o) ? OK : E_BLS_NOT_IN_SUBGROUP;
}

/** G1 from 48 (compressed) or 96 (uncompressed) bytes with every check; else E_BLS_LENGTH. */
export function g1Decode(o: usize, src: usize, len: usize): i32 {
  if (len == G1_COMPRESSED_BYTES) return g1Decompress(o, src);
  if (len == G1_UNCOMPRESSED_BYTES) return g1DecodeUncompressed(o, src);
  return E_BLS_LENGTH;
}

/** 48 compressed bytes of a. */
export function g1Compress(dst: usize, a: usize): void {
  if (!g1ToAffine(AFF, a)) {
    memory.fill(dst, 0, 48);
    store<u8>(dst, FLAG_C | FLAG_I);
    return;
  }
  fpToBytes(dst, AFF);
  fpToBytes(YB, AFF + FP_BYTES);
  fpNeg(T, AFF + FP_BYTES);
  fpToBytes(YB + 48, T);
  let f = FLAG_C;
  if (bytesGreater(YB, YB + 48, 48)) f |= FLAG_S;
  store<u8>(dst, load<u8>(dst) | f);
}

/** 96 uncompressed bytes of a. */
export function g1EncodeUncompressed(dst: usize, a: usize): void {
  if (!g1ToAffine(AFF, a)) {
    memory.fill(dst, 0, 96);
    store<u8>(dst, FLAG_I);
    return;
  }
  fpToBytes(dst, AFF);
  fpToBytes(dst + 48, AFF + FP_BYTES);
}

// ---------------------------------------------------------------- G2

/** G2 from 96 compressed bytes, without the subgroup check (for callers that batch it). */
export function g2DecompressNoSubgroupCheck(o: usize, src: usize): i32 {
  const e = checkFlags(src, 96, true);
  if (e != OK) return e;
  if (INFINITY) { g2Zero(o); return OK; }
  memory.copy(COORD, src, 96);
  store<u8>(COORD, load<u8>(COORD) & 0x1f);
  if (!fp2FromBytes(o, COORD)) return E_BLS_COORD_RANGE;
  const y = o + FP2_BYTES;
  fp2Sqr(T, o);
  fp2Mul(T, T, o);
  fp2Add(T, T, g2CurveB());                    // x³ + 4(1 + u)
  if (!fp2SqrtVartime(y, T)) return E_BLS_NOT_ON_CURVE;
  fp2ToBytes(YB, y);
  fp2Neg(T, y);
  fp2ToBytes(YB + 96, T);
  // c1 ‖ c0 big-endian: byte order is exactly the "c1, then c0" lexicographic order.
  const largest = bytesGreater(YB, YB + 96, 96);
  if (largest != ((load<u8>(src) & FLAG_S) != 0)) memory.copy(y, T, FP2_BYTES);
  fp2One(o + 2 * FP2_BYTES);
  return OK;
}

/** G2 from 96 compressed bytes with every check (signature decoding). */
export function g2Decompress(o: usize, src: usize): i32 {
  const e = g2DecompressNoSubgroupCheck(o, src);
  if (e != OK) return e;
  return g2InSubgroup(o) ? OK : E_BLS_NOT_IN_SUBGROUP;
}

/** G2 from 192 uncompressed bytes, without the subgroup check. */
export function g2DecodeUncompressedNoSubgroupCheck(o: usize, src: usize): i32 {
  const e = checkFlags(src, 192, false);
  if (e != OK) return e;
  if (INFINITY) { g2Zero(o); return OK; }
  memory.copy(COORD, src, 96);
  store<u8>(COORD, load<u8>(COORD) & 0x1f);
  if (!fp2FromBytes(o, COORD)) return E_BLS_COORD_RANGE;
  if (!fp2FromBytes(o + FP2_BYTES, src + 96)) return E_BLS_COORD_RANGE;
  fp2One(o + 2 * FP2_BYTES);
  return g2IsOnCurve(o) ? OK : E_BLS_NOT_ON_CURVE;
}

/** G2 from 192 uncompressed bytes with every check. */
export function g2DecodeUncompressed(o: usize, src: usize): i32 {
  const e = g2DecodeUncompressedNoSubgroupCheck(o, src);
  if (e != OK) return e;
  return g2InSubgroup(o) ? OK : E_BLS_NOT_IN_SUBGROUP;
}

/** G2 from 96 (compressed) or 192 (uncompressed) bytes with every check; else E_BLS_LENGTH. */
export function g2Decode(o: usize, src: usize, len: usize): i32 {
  if (len == G2_COMPRESSED_BYTES) return g2Decompress(o, src);
  if (len == G2_UNCOMPRESSED_BYTES) return g2DecodeUncompressed(o, src);
  return E_BLS_LENGTH;
}

/** 96 compressed bytes of a. */
export function g2Compress(dst: usize, a: usize): void {
  if (!g2ToAffine(AFF, a)) {
    memory.fill(dst, 0, 96);
    store<u8>(dst, FLAG_C | FLAG_I);
    return;
  }
  fp2ToBytes(dst, AFF);
  fp2ToBytes(YB, AFF + FP2_BYTES);
  fp2Neg(T, AFF + FP2_BYTES);
  fp2ToBytes(YB + 96, T);
  let f = FLAG_C;
  if (bytesGreater(YB, YB + 96, 96)) f |= FLAG_S;
  store<u8>(dst, load<u8>(dst) | f);
}

/** 192 uncompressed bytes of a. */
export function g2EncodeUncompressed(dst: usize, a: usize): void {
  if (!g2ToAffine(AFF, a)) {
    memory.fill(dst, 0, 192);
    store<u8>(dst, FLAG_I);
    return;
  }
  fp2ToBytes(dst, AFF);
  fp2ToBytes(dst + 96, AFF + FP2_BYTES);
}
