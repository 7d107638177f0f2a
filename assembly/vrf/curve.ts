// Field and group helpers the VRF needs on top of assembly/ed25519/ (which was written for
// verification only): conditional moves, inversion, strict RFC 8032 point decoding, point
// encoding, cofactor clearing, and constant-time variable-base and fixed-base scalar
// multiplications for the prover.
//
// Constant time: feCmov, feInvert, geCmovCached, geScalarMulCt, geScalarMulBaseCt and the encoders use no
// branch and no memory index that depends on their inputs (masks and conditional moves;
// field multiplication and squaring in field.ts are straight-line code, and feToBytes
// carries arithmetically). Functions whose running time depends on their inputs say
// Vartime in their names and only ever see public data.
import {
  FE_BYTES, feAdd, feSub, feMul, feSq, feSqTimes, feNeg, feCopy, feOne, feZero, feToBytes,
  feIsZero, feIsNegative, fePow22523,
} from "../ed25519/field";
import {
  POINT_BYTES, NIELS_BYTES, geFromBytesVartime, geDouble, geAdd, geMixedAdd, geToCached, geP1P1ToP2,
  geP1P1ToP3, geIdentity,
} from "../ed25519/point";
import { BASE_COMB, BASE_COMB_WIDTH } from "./base_table.generated";
import { feInvertVartime } from "./inv_vartime";

// Coordinate offsets within a point (X, Y, Z, T; Cached: Y+X, Y-X, Z, 2dT).
// @ts-ignore: decorator
@inline const X: usize = 0;
// @ts-ignore: decorator
@inline const Y: usize = 40;
// @ts-ignore: decorator
@inline const Z: usize = 80;
// @ts-ignore: decorator
@inline const T: usize = 120;

/** h = flag ? f : h, for flag in {0, 1}, without a branch. */
export function feCmov(h: usize, f: usize, flag: i32): void {
  let mask = -flag;
  for (let i: usize = 0; i < FE_BYTES; i += 4) {
    let a = load<i32>(h + i);
    store<i32>(h + i, a ^ ((a ^ load<i32>(f + i)) & mask));
  }
}

/** 1 if f = g (mod p), else 0 (compares canonical encodings; constant time). */
// @ts-ignore: decorator
@lazy const eqDiff: usize = memory.data(40, 8);
export function feEq(f: usize, g: usize): i32 {
  feSub(eqDiff, f, g);
  return feIsZero(eqDiff);
}

// @ts-ignore: decorator
@lazy const invT: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const invZ: usize = memory.data(40, 8);

/**
 * h = z^(p-2) = 1/z (0 for z = 0). p - 2 = 8·(p-5)/8 + 3, so z^(p-2) = (z^((p-5)/8))^8 · z^3:
 * the fixed chain of fePow22523 plus 3 squarings and 2 multiplications.
 */
export function feInvert(h: usize, z: usize): void {
  feCopy(invZ, z);
  fePow22523(invT, invZ);
  feSqTimes(invT, invT, 3);
  feMul(invT, invT, invZ);
  feSq(h, invZ);
  feMul(h, h, invT);
}

// @ts-ignore: decorator
@lazy const encZi: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const encX: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const encY: usize = memory.data(40, 8);

/** The 32-byte encoding of the affine point (x, y): y with x's sign in bit 255 (RFC 8032 §5.1.2). */
export function geAffineToBytes(out: usize, x: usize, y: usize): void {
  feToBytes(out, y);
  store<u8>(out, load<u8>(out, 31) | <u8>(feIsNegative(x) << 7), 31);
}

/** point_to_string (RFC 9381 §5.5): the 32-byte encoding of the P3 p (one inversion). */
export function geToBytes(out: usize, p: usize): void {
  feInvert(encZi, p + Z);
  feMul(encX, p + X, encZi);
  feMul(encY, p + Y, encZi);
  geAffineToBytes(out, encX, encY);
}

// @ts-ignore: decorator
@lazy const batchProd: usize = memory.data(40 * 4, 8);
// @ts-ignore: decorator
@lazy const batchInv: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const batchZi: usize = memory.data(40, 8);

/**
 * Encodes `count` (1 to 4) P3 points at points[i * POINT_BYTES] into outs[i * 32] with one
 * inversion (Montgomery's trick): prod_i = Z_0·…·Z_i, then walk back from 1/prod.
 * Z is never 0 for a point of the curve in extended coordinates. Constant time.
 */
export function geToBytesBatch(outs: usize, points: usize, count: i32): void {
  toBytesBatch(outs, points, count, false);
}

/** geToBytesBatch for public points: the inversion is inv_vartime.ts's safegcd. */
export function geToBytesBatchVartime(outs: usize, points: usize, count: i32): void {
  toBytesBatch(outs, points, count, true);
}

function toBytesBatch(outs: usize, points: usize, count: i32, vartime: bool): void {
  feCopy(batchProd, points + Z);
  for (let i = 1; i < count; i++) {
    feMul(batchProd + <usize>i * 40, batchProd + <usize>(i - 1) * 40, points + <usize>i * POINT_BYTES + Z);
  }
  // `vartime` is the caller's choice, not data: the prover always takes feInvert.
  if (vartime) feInvertVartime(batchInv, batchProd + <usize>(count - 1) * 40);
  else feInvert(batchInv, batchProd + <usize>(count - 1) * 40);
  for (let i = count - 1; i >= 0; i--) {
    let p = points + <usize>i * POINT_BYTES;
    if (i > 0) {
      feMul(batchZi, batchInv, batchProd + <usize>(i - 1) * 40); // 1/Z_i
      feMul(batchInv, batchInv, p + Z);                          // 1/(Z_0…Z_(i-1))
    } else {
      feCopy(batchZi, batchInv);
    }
    feMul(encX, p + X, batchZi);
    feMul(encY, p + Y, batchZi);
    geAffineToBytes(outs + <usize>i * 32, encX, encY);
  }
}

/** p = 2^255 - 19 as 32 little-endian bytes (for the canonical-encoding check). */
// @ts-ignore: decorator
@lazy const FIELD_P: usize = memory.data<u64>([
  0xffffffffffffffed, 0xffffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
]);

/** 1 if y (bits 0..254 of the 32 bytes at s) is below p, else 0. Variable time. */
export function geEncodingYCanonicalVartime(s: usize): i32 {
  // Compare the 255-bit value (top bit masked) with p, most significant word first.
  for (let i = 24; i >= 0; i -= 8) {
    let a = load<u64>(s + <usize>i), b = load<u64>(FIELD_P + <usize>i);
    if (i == 24) a &= 0x7fffffffffffffff;
    if (a < b) return 1;
    if (a > b) return 0;
  }
  return 0; // y = p (equal in every word)
}

/**
 * string_to_point (RFC 9381 §5.5 → RFC 8032 §5.1.3), strict: y (bits 0..254) must be
 * below p, the point must exist, and x = 0 must come with sign bit 0. Writes the P3 to
 * `h` and returns 1, or returns 0 for an invalid encoding. Variable time (public data).
 */
export function geFromBytesStrictVartime(h: usize, s: usize): i32 {
  if (!geEncodingYCanonicalVartime(s)) return 0;
  if (!geFromBytesVartime(h, s, 0)) return 0;
  if (feIsZero(h + X) && (load<u8>(s, 31) >>> 7) != 0) return 0;
  return 1;
}

/**
 * The strict encodings of the 8 points of small order (the torsion subgroup E[8]): the
 * identity (0, 1), (0, -1) of order 2, (±sqrt(-1), 0) of order 4 and the four points
 * of order 8, y = ±0x7a03ac92…176ac7 with either sign of x. Strict decoding (y < p, no
 * sign bit on x = 0) gives every point exactly one encoding, so a strictly decoded key
 * has small order exactly when its 32 bytes are one of these (test/vrf-parts.test.js
 * derives the list from a point of order 8).
 */
// @ts-ignore: decorator
@lazy const SMALL_ORDER_ENCODINGS: usize = memory.data<u64>([
  0x0000000000000001, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0xffffffffffffffec, 0xffffffffffffffff, 0xffffffffffffffff, 0x7fffffffffffffff,
  0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000,
  0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x8000000000000000,
  0x4fd84d3d706a17c7, 0x0f67100d760b3cba, 0xc6cc392cfa53202a, 0x7a03ac9277fdc74e,
  0x4fd84d3d706a17c7, 0x0f67100d760b3cba, 0xc6cc392cfa53202a, 0xfa03ac9277fdc74e,
  0xb027b2c28f95e826, 0xf098eff289f4c345, 0x3933c6d305acdfd5, 0x05fc536d880238b1,
  0xb027b2c28f95e826, 0xf098eff289f4c345, 0x3933c6d305acdfd5, 0x85fc536d880238b1,
]);

/**
 * 1 if the 32 bytes at s, a strict encoding (geFromBytesStrictVartime accepted it), are
 * a point of small order, i.e. 8·P is the identity (RFC 9381 §5.4.5's check), else 0.
 * Compares with the 8 encodings instead of multiplying by the cofactor. Variable time.
 */
export function geIsSmallOrderEncodingVartime(s: usize): i32 {
  let a = load<u64>(s), b = load<u64>(s, 8), c = load<u64>(s, 16), d = load<u64>(s, 24);
  for (let i: usize = 0; i < 8; i++) {
    let e = SMALL_ORDER_ENCODINGS + i * 32;
    if (a == load<u64>(e) && b == load<u64>(e, 8) && c == load<u64>(e, 16) && d == load<u64>(e, 24)) return 1;
  }
  return 0;
}

// @ts-ignore: decorator
@lazy const cofP1: usize = memory.data(<i32>POINT_BYTES, 8);

/** r (P3) = 8·p for the P3 p (three doublings; r may alias p). Constant time. */
export function geMulByCofactor(r: usize, p: usize): void {
  geDouble(cofP1, p);
  geP1P1ToP2(r, cofP1);
  geDouble(cofP1, r);
  geP1P1ToP2(r, cofP1);
  geDouble(cofP1, r);
  geP1P1ToP3(r, cofP1);
}

/** 1 if the P3 p is the identity (X = 0 and Y = Z), else 0. */
export function geIsIdentity(p: usize): i32 {
  return feIsZero(p + X) & feEq(p + Y, p + Z);
}

/** Cached form of the identity: Y+X = 1, Y-X = 1, Z = 1, 2dT = 0. */
function geCachedIdentity(r: usize): void {
  feOne(r + X);
  feOne(r + Y);
  feOne(r + Z);
  feZero(r + T);
}

/** r = flag ? q : r for Cached points (constant time). */
function geCmovCached(r: usize, q: usize, flag: i32): void {
  feCmov(r + X, q + X, flag);
  feCmov(r + Y, q + Y, flag);
  feCmov(r + Z, q + Z, flag);
  feCmov(r + T, q + T, flag);
}

/** Multiples 1·p … 8·p of the point being multiplied, in Cached form. */
const CT_TABLE_SIZE: i32 = 8;
// @ts-ignore: decorator
@lazy const ctTable: usize = memory.data(<i32>POINT_BYTES * CT_TABLE_SIZE, 8);
// @ts-ignore: decorator
@lazy const ctDigits: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const ctSel: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const ctNeg: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const ctAcc: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const ctP1: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const ctP3: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * Signed radix-16 digits of the 32-byte little-endian scalar a (a < 2^255): 64 digits e_i
 * in [-8, 8) (the last in [-8, 8]) with a = Σ e_i·16^i. Branch-free (ref10's recoding).
 */
export function scToRadix16Ct(e: usize, a: usize): void {
  for (let i: usize = 0; i < 32; i++) {
    let b = <i32>load<u8>(a + i);
    store<i8>(e + 2 * i, <i8>(b & 15));
    store<i8>(e + 2 * i + 1, <i8>(b >>> 4));
  }
  let carry = 0;
  for (let i: usize = 0; i < 63; i++) {
    let v = <i32>load<i8>(e + i) + carry;
    carry = (v + 8) >> 4;
    store<i8>(e + i, <i8>(v - (carry << 4)));
  }
  store<i8>(e + 63, <i8>(<i32>load<i8>(e + 63) + carry));
}

/** ctSel = digit·P from ctTable, touching every entry (digit in [-8, 8]). */
function selectCt(digit: i32): void {
  let negative = (digit >>> 31) & 1;
  let abs = digit - ((digit << 1) & -negative);
  geCachedIdentity(ctSel);
  for (let j = 1; j <= CT_TABLE_SIZE; j++) {
    // (abs ^ j) - 1 has its sign bit set exactly when abs = j.
    let eq = (((abs ^ j) - 1) >>> 31) & 1;
    geCmovCached(ctSel, ctTable + POINT_BYTES * <usize>(j - 1), eq);
  }
  // -(Y+X, Y-X, Z, 2dT) = (Y-X, Y+X, Z, -2dT).
  feCopy(ctNeg + X, ctSel + Y);
  feCopy(ctNeg + Y, ctSel + X);
  feCopy(ctNeg + Z, ctSel + Z);
  feNeg(ctNeg + T, ctSel + T);
  geCmovCached(ctSel, ctNeg, negative);
}

/**
 * r (P3) = a·p for the P3 point p and the 32-byte little-endian scalar a < 2^255, in
 * constant time with respect to a (and p): 64 signed 4-bit windows, each a masked scan of
 * the 8 Cached multiples of p and one complete addition after four doublings; the same
 * 252 doublings and 64 additions for every scalar. `r` must not alias `p`.
 */
export function geScalarMulCt(r: usize, a: usize, p: usize): void {
  // Table: 1p, 2p, …, 8p (2p by doubling so a = 2 needs no special case).
  geToCached(ctTable, p);
  geDouble(ctP1, p);
  geP1P1ToP3(ctP3, ctP1);
  geToCached(ctTable + POINT_BYTES, ctP3);
  for (let j = 2; j < CT_TABLE_SIZE; j++) {
    geAdd(ctP1, p, ctTable + POINT_BYTES * <usize>(j - 1));
    geP1P1ToP3(ctP3, ctP1);
    geToCached(ctTable + POINT_BYTES * <usize>j, ctP3);
  }
  scToRadix16Ct(ctDigits, a);
  geIdentity(ctAcc);
  for (let i = 63; i >= 0; i--) {
    if (i != 63) { // public loop structure: the first window needs no doubling
      geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
      geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
      geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
      geDouble(ctP1, ctAcc); geP1P1ToP3(ctAcc, ctP1);
    }
    selectCt(<i32>load<i8>(ctDigits + <usize>i));
    geAdd(ctP1, ctAcc, ctSel);
    geP1P1ToP3(ctAcc, ctP1);
  }
  memory.copy(r, ctAcc, POINT_BYTES);
}

// @ts-ignore: decorator
@lazy const ctNiels: usize = memory.data(<i32>NIELS_BYTES, 8);
// @ts-ignore: decorator
@lazy const ctNielsNeg: usize = memory.data(<i32>NIELS_BYTES, 8);

/** ctNiels = digit·2^(8·row)·B from the static table, touching all 8 entries of the row. */
function selectBaseCt(row: i32, digit: i32): void {
  let negative = (digit >>> 31) & 1;
  let abs = digit - ((digit << 1) & -negative);
  // The identity in Niels form: y+x = 1, y-x = 1, 2dxy = 0.
  feOne(ctNiels + X);
  feOne(ctNiels + Y);
  feZero(ctNiels + Z);
  let entries = BASE_COMB + NIELS_BYTES * <usize>(row * BASE_COMB_WIDTH);
  for (let j = 1; j <= BASE_COMB_WIDTH; j++) {
    let eq = (((abs ^ j) - 1) >>> 31) & 1;
    let e = entries + NIELS_BYTES * <usize>(j - 1);
    feCmov(ctNiels + X, e + X, eq);
    feCmov(ctNiels + Y, e + Y, eq);
    feCmov(ctNiels + Z, e + Z, eq);
  }
  // -(y+x, y-x, 2dxy) = (y-x, y+x, -2dxy).
  feCopy(ctNielsNeg + X, ctNiels + Y);
  feCopy(ctNielsNeg + Y, ctNiels + X);
  feNeg(ctNielsNeg + Z, ctNiels + Z);
  feCmov(ctNiels + X, ctNielsNeg + X, negative);
  feCmov(ctNiels + Y, ctNielsNeg + Y, negative);
  feCmov(ctNiels + Z, ctNielsNeg + Z, negative);
}

/**
 * r (P3) = a·B for the 32-byte little-endian scalar a < 2^255, in constant time with
 * respect to a (ref10's ge_scalarmult_base): with a = Σ e_i·16^i (e_i in [-8, 8]),
 * a·B = Σ_odd e_i·16^(i-1)·(16·B) + Σ_even e_i·16^i·B, and 16^i·B for even i is
 * 2^(8·(i/2))·B, a row of BASE_COMB. So: the 32 odd digits from the table, four doublings,
 * the 32 even digits: 64 masked row scans, 64 mixed additions and 4 doublings.
 */
export function geScalarMulBaseCt(r: usize, a: usize): void {
  scToRadix16Ct(ctDigits, a);
  geIdentity(ctAcc);
  for (let i = 1; i < 64; i += 2) {
    selectBaseCt(i >> 1, <i32>load<i8>(ctDigits + <usize>i));
    geMixedAdd(ctP1, ctAcc, ctNiels);
    geP1P1ToP3(ctAcc, ctP1);
  }
  geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
  geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
  geDouble(ctP1, ctAcc); geP1P1ToP2(ctAcc, ctP1);
  geDouble(ctP1, ctAcc); geP1P1ToP3(ctAcc, ctP1);
  for (let i = 0; i < 64; i += 2) {
    selectBaseCt(i >> 1, <i32>load<i8>(ctDigits + <usize>i));
    geMixedAdd(ctP1, ctAcc, ctNiels);
    geP1P1ToP3(ctAcc, ctP1);
  }
  memory.copy(r, ctAcc, POINT_BYTES);
}
