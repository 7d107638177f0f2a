// A wider fixed-base table of B for the verifier's U = s·B - c·Y when Y's table is cached
// (key_cache.ts): signed radix-2^7 digits of s (37 of them, in [-64, 64)) over rows
// 2^(14i)·B holding 1..64 multiples, the odd digits first and the even ones after seven
// doublings (ref10's layout with 7-bit windows). s·B then costs about 37 mixed additions
// where the radix-16 BASE_COMB takes 64. The table (19 rows × 64 Niels points, 145,920
// bytes) is allocated by the module's start, so chiron_reset() keeps it, and filled on
// its first use: it is a function of B alone, so when it is built changes no result.
import {
  POINT_BYTES, NIELS_BYTES, geDouble, geAdd, geToCached, geP1P1ToP2, geP1P1ToP3,
} from "../ed25519/point";
import { geScalarMulBaseCt } from "./curve";
import { pointsToNielsVartime } from "./key_cache";

/** Bits per digit. */
export const BASE_WIDE_BITS: i32 = 7;
/** Digits of a scalar below 2^253: ceil(253 / 7). */
export const BASE_WIDE_DIGITS: i32 = 37;
/** Multiples per row: 1·P … 64·P. */
export const BASE_WIDE_ROW: i32 = 1 << (BASE_WIDE_BITS - 1);
/** Rows 2^(14i)·B: row i serves digits 2i and 2i+1. */
const BASE_WIDE_ROWS: i32 = (BASE_WIDE_DIGITS + 1) >> 1;

const BASE_WIDE: usize = heap.alloc(<usize>(BASE_WIDE_ROWS * BASE_WIDE_ROW) * NIELS_BYTES);
let baseWideReady = false;

// @ts-ignore: decorator
@lazy const rowPoints: usize = memory.data(<i32>POINT_BYTES * BASE_WIDE_ROW, 16);
// @ts-ignore: decorator
@lazy const rowCached: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const rowP1: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const rowP2: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const one: usize = memory.data(32, 8);

/** The table, built on first use: row i, entry j = (j+1)·2^(14i)·B. */
export function baseWideTable(): usize {
  if (baseWideReady) return BASE_WIDE;
  store<u8>(one, 1);
  geScalarMulBaseCt(rowPoints, one); // B
  for (let i = 0; i < BASE_WIDE_ROWS; i++) {
    geToCached(rowCached, rowPoints);
    for (let j = 1; j < BASE_WIDE_ROW; j++) { // (j+1)P = jP + P
      geAdd(rowP1, rowPoints + POINT_BYTES * <usize>(j - 1), rowCached);
      geP1P1ToP3(rowPoints + POINT_BYTES * <usize>j, rowP1);
    }
    // The next row's P = 2^14·P = 2^8·(64P): written over rowPoints[0] after the row is stored.
    pointsToNielsVartime(BASE_WIDE + NIELS_BYTES * <usize>(i * BASE_WIDE_ROW), rowPoints, BASE_WIDE_ROW);
    geDouble(rowP1, rowPoints + POINT_BYTES * <usize>(BASE_WIDE_ROW - 1));
    for (let d = 0; d < 7; d++) {
      geP1P1ToP2(rowP2, rowP1);
      geDouble(rowP1, rowP2);
    }
    geP1P1ToP3(rowPoints, rowP1);
  }
  baseWideReady = true;
  return BASE_WIDE;
}

/**
 * e[0..37) = signed radix-2^7 digits of the 32-byte scalar s < 2^253: s = Σ e_i·2^(7i),
 * e_i in [-64, 64). Variable time (public scalars).
 */
export function scToRadix128Vartime(e: usize, s: usize): void {
  let carry: i32 = 0;
  for (let i = 0; i < BASE_WIDE_DIGITS; i++) {
    let bit = i * BASE_WIDE_BITS, byte = bit >> 3, shift = bit & 7;
    // Up to 16 bits from byte `byte` on (bytes past 31 read as zero).
    let lo = <i32>load<u8>(s + <usize>byte);
    let hi = byte + 1 < 32 ? <i32>load<u8>(s + <usize>(byte + 1)) : 0;
    let d = (((hi << 8) | lo) >> shift) & (BASE_WIDE_ROW * 2 - 1);
    d += carry;
    carry = d >= BASE_WIDE_ROW ? 1 : 0;
    d -= carry << BASE_WIDE_BITS;
    store<i8>(e + <usize>i, <i8>d);
  }
}
