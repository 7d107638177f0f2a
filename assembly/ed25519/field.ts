// GF(2^255 - 19), the field of edwards25519 (RFC 8032 §5.1), for verification only.
//
// An element is 10 signed 32-bit limbs in radix 2^25.5 (the ref10 representation of
// "High-speed high-security signatures", Bernstein et al. 2011): limb i holds bits
// [ceil(25.5 i), ceil(25.5 (i+1))), so even limbs carry 26 bits and odd limbs 25.
// Wasm has no 64×64→128 multiply, but i64.mul of two sign-extended limbs is exact, and
// 26-bit limbs leave the headroom for the 19× wrap (2^255 = 19 mod p) and for a few
// unreduced additions between multiplications. A product limb h_k sums f_i g_j over
// i + j = k (times 2 when i and j are both odd: their weights round up twice) and over
// i + j = k + 10 times 19 (the wrap). Carries are signed and rounded, so reduced limbs
// satisfy |h_i| <= 2^25 (2^24 for odd i).
//
// Bounds (as in ref10): feMul/feSq take inputs with |limb| up to about 1.65·2^26 (the sum
// or difference of two reduced elements); feAdd/feSub do not carry. Elements are
// 40-byte regions of raw memory; every function writes its output first and allocates
// nothing. Outputs may alias inputs.

/** Bytes per field element: 10 limbs of i32. */
export const FE_BYTES: usize = 40;

/** h = f·g mod p. */
export function feMul(h: usize, f: usize, g: usize): void {
  let f0 = <i64>load<i32>(f, 0);
  let f1 = <i64>load<i32>(f, 4);
  let f2 = <i64>load<i32>(f, 8);
  let f3 = <i64>load<i32>(f, 12);
  let f4 = <i64>load<i32>(f, 16);
  let f5 = <i64>load<i32>(f, 20);
  let f6 = <i64>load<i32>(f, 24);
  let f7 = <i64>load<i32>(f, 28);
  let f8 = <i64>load<i32>(f, 32);
  let f9 = <i64>load<i32>(f, 36);
  let g0 = <i64>load<i32>(g, 0);
  let g1 = <i64>load<i32>(g, 4);
  let g2 = <i64>load<i32>(g, 8);
  let g3 = <i64>load<i32>(g, 12);
  let g4 = <i64>load<i32>(g, 16);
  let g5 = <i64>load<i32>(g, 20);
  let g6 = <i64>load<i32>(g, 24);
  let g7 = <i64>load<i32>(g, 28);
  let g8 = <i64>load<i32>(g, 32);
  let g9 = <i64>load<i32>(g, 36);
  let g1_19 = g1 * 19;
  let g2_19 = g2 * 19;
  let g3_19 = g3 * 19;
  let g4_19 = g4 * 19;
  let g5_19 = g5 * 19;
  let g6_19 = g6 * 19;
  let g7_19 = g7 * 19;
  let g8_19 = g8 * 19;
  let g9_19 = g9 * 19;
  let f1_2 = f1 << 1;
  let f3_2 = f3 << 1;
  let f5_2 = f5 << 1;
  let f7_2 = f7 << 1;
  let f9_2 = f9 << 1;
  let h0 = f0 * g0 + f1_2 * g9_19 + f2 * g8_19 + f3_2 * g7_19 + f4 * g6_19 + f5_2 * g5_19 + f6 * g4_19 + f7_2 * g3_19 + f8 * g2_19 + f9_2 * g1_19;
  let h1 = f0 * g1 + f1 * g0 + f2 * g9_19 + f3 * g8_19 + f4 * g7_19 + f5 * g6_19 + f6 * g5_19 + f7 * g4_19 + f8 * g3_19 + f9 * g2_19;
  let h2 = f0 * g2 + f1_2 * g1 + f2 * g0 + f3_2 * g9_19 + f4 * g8_19 + f5_2 * g7_19 + f6 * g6_19 + f7_2 * g5_19 + f8 * g4_19 + f9_2 * g3_19;
  let h3 = f0 * g3 + f1 * g2 + f2 * g1 + f3 * g0 + f4 * g9_19 + f5 * g8_19 + f6 * g7_19 + f7 * g6_19 + f8 * g5_19 + f9 * g4_19;
  let h4 = f0 * g4 + f1_2 * g3 + f2 * g2 + f3_2 * g1 + f4 * g0 + f5_2 * g9_19 + f6 * g8_19 + f7_2 * g7_19 + f8 * g6_19 + f9_2 * g5_19;
  let h5 = f0 * g5 + f1 * g4 + f2 * g3 + f3 * g2 + f4 * g1 + f5 * g0 + f6 * g9_19 + f7 * g8_19 + f8 * g7_19 + f9 * g6_19;
  let h6 = f0 * g6 + f1_2 * g5 + f2 * g4 + f3_2 * g3 + f4 * g2 + f5_2 * g1 + f6 * g0 + f7_2 * g9_19 + f8 * g8_19 + f9_2 * g7_19;
  let h7 = f0 * g7 + f1 * g6 + f2 * g5 + f3 * g4 + f4 * g3 + f5 * g2 + f6 * g1 + f7 * g0 + f8 * g9_19 + f9 * g8_19;
  let h8 = f0 * g8 + f1_2 * g7 + f2 * g6 + f3_2 * g5 + f4 * g4 + f5_2 * g3 + f6 * g2 + f7_2 * g1 + f8 * g0 + f9_2 * g9_19;
  let h9 = f0 * g9 + f1 * g8 + f2 * g7 + f3 * g6 + f4 * g5 + f5 * g4 + f6 * g3 + f7 * g2 + f8 * g1 + f9 * g0;
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i32>(h, <i32>h0, 0);
  store<i32>(h, <i32>h1, 4);
  store<i32>(h, <i32>h2, 8);
  store<i32>(h, <i32>h3, 12);
  store<i32>(h, <i32>h4, 16);
  store<i32>(h, <i32>h5, 20);
  store<i32>(h, <i32>h6, 24);
  store<i32>(h, <i32>h7, 28);
  store<i32>(h, <i32>h8, 32);
  store<i32>(h, <i32>h9, 36);
}

/** h = f² mod p (55 products instead of 100). */
export function feSq(h: usize, f: usize): void {
  let f0 = <i64>load<i32>(f, 0);
  let f1 = <i64>load<i32>(f, 4);
  let f2 = <i64>load<i32>(f, 8);
  let f3 = <i64>load<i32>(f, 12);
  let f4 = <i64>load<i32>(f, 16);
  let f5 = <i64>load<i32>(f, 20);
  let f6 = <i64>load<i32>(f, 24);
  let f7 = <i64>load<i32>(f, 28);
  let f8 = <i64>load<i32>(f, 32);
  let f9 = <i64>load<i32>(f, 36);
  let f1x76 = f1 * 76;
  let f2x38 = f2 * 38;
  let f3x76 = f3 * 76;
  let f4x38 = f4 * 38;
  let f5x38 = f5 * 38;
  let f0x2 = f0 * 2;
  let f3x38 = f3 * 38;
  let f1x2 = f1 * 2;
  let f5x76 = f5 * 76;
  let f6x19 = f6 * 19;
  let f6x38 = f6 * 38;
  let f1x4 = f1 * 4;
  let f7x38 = f7 * 38;
  let f2x2 = f2 * 2;
  let f3x2 = f3 * 2;
  let f7x76 = f7 * 76;
  let f8x19 = f8 * 19;
  let f8x38 = f8 * 38;
  let f3x4 = f3 * 4;
  let f9x38 = f9 * 38;
  let f4x2 = f4 * 2;
  let h0 = f0 * f0 + f1x76 * f9 + f2x38 * f8 + f3x76 * f7 + f4x38 * f6 + f5x38 * f5;
  let h1 = f0x2 * f1 + f2x38 * f9 + f3x38 * f8 + f4x38 * f7 + f5x38 * f6;
  let h2 = f0x2 * f2 + f1x2 * f1 + f3x76 * f9 + f4x38 * f8 + f5x76 * f7 + f6x19 * f6;
  let h3 = f0x2 * f3 + f1x2 * f2 + f4x38 * f9 + f5x38 * f8 + f6x38 * f7;
  let h4 = f0x2 * f4 + f1x4 * f3 + f2 * f2 + f5x76 * f9 + f6x38 * f8 + f7x38 * f7;
  let h5 = f0x2 * f5 + f1x2 * f4 + f2x2 * f3 + f6x38 * f9 + f7x38 * f8;
  let h6 = f0x2 * f6 + f1x4 * f5 + f2x2 * f4 + f3x2 * f3 + f7x76 * f9 + f8x19 * f8;
  let h7 = f0x2 * f7 + f1x2 * f6 + f2x2 * f5 + f3x2 * f4 + f8x38 * f9;
  let h8 = f0x2 * f8 + f1x4 * f7 + f2x2 * f6 + f3x4 * f5 + f4 * f4 + f9x38 * f9;
  let h9 = f0x2 * f9 + f1x2 * f8 + f2x2 * f7 + f3x2 * f6 + f4x2 * f5;
  let c: i64;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i32>(h, <i32>h0, 0);
  store<i32>(h, <i32>h1, 4);
  store<i32>(h, <i32>h2, 8);
  store<i32>(h, <i32>h3, 12);
  store<i32>(h, <i32>h4, 16);
  store<i32>(h, <i32>h5, 20);
  store<i32>(h, <i32>h6, 24);
  store<i32>(h, <i32>h7, 28);
  store<i32>(h, <i32>h8, 32);
  store<i32>(h, <i32>h9, 36);
}

/** h = 2f² mod p (the doubling formula needs 2Z²). */
export function feSq2(h: usize, f: usize): void {
  let f0 = <i64>load<i32>(f, 0);
  let f1 = <i64>load<i32>(f, 4);
  let f2 = <i64>load<i32>(f, 8);
  let f3 = <i64>load<i32>(f, 12);
  let f4 = <i64>load<i32>(f, 16);
  let f5 = <i64>load<i32>(f, 20);
  let f6 = <i64>load<i32>(f, 24);
  let f7 = <i64>load<i32>(f, 28);
  let f8 = <i64>load<i32>(f, 32);
  let f9 = <i64>load<i32>(f, 36);
  let f1x76 = f1 * 76;
  let f2x38 = f2 * 38;
  let f3x76 = f3 * 76;
  let f4x38 = f4 * 38;
  let f5x38 = f5 * 38;
  let f0x2 = f0 * 2;
  let f3x38 = f3 * 38;
  let f1x2 = f1 * 2;
  let f5x76 = f5 * 76;
  let f6x19 = f6 * 19;
  let f6x38 = f6 * 38;
  let f1x4 = f1 * 4;
  let f7x38 = f7 * 38;
  let f2x2 = f2 * 2;
  let f3x2 = f3 * 2;
  let f7x76 = f7 * 76;
  let f8x19 = f8 * 19;
  let f8x38 = f8 * 38;
  let f3x4 = f3 * 4;
  let f9x38 = f9 * 38;
  let f4x2 = f4 * 2;
  let h0 = f0 * f0 + f1x76 * f9 + f2x38 * f8 + f3x76 * f7 + f4x38 * f6 + f5x38 * f5;
  let h1 = f0x2 * f1 + f2x38 * f9 + f3x38 * f8 + f4x38 * f7 + f5x38 * f6;
  let h2 = f0x2 * f2 + f1x2 * f1 + f3x76 * f9 + f4x38 * f8 + f5x76 * f7 + f6x19 * f6;
  let h3 = f0x2 * f3 + f1x2 * f2 + f4x38 * f9 + f5x38 * f8 + f6x38 * f7;
  let h4 = f0x2 * f4 + f1x4 * f3 + f2 * f2 + f5x76 * f9 + f6x38 * f8 + f7x38 * f7;
  let h5 = f0x2 * f5 + f1x2 * f4 + f2x2 * f3 + f6x38 * f9 + f7x38 * f8;
  let h6 = f0x2 * f6 + f1x4 * f5 + f2x2 * f4 + f3x2 * f3 + f7x76 * f9 + f8x19 * f8;
  let h7 = f0x2 * f7 + f1x2 * f6 + f2x2 * f5 + f3x2 * f4 + f8x38 * f9;
  let h8 = f0x2 * f8 + f1x4 * f7 + f2x2 * f6 + f3x4 * f5 + f4 * f4 + f9x38 * f9;
  let h9 = f0x2 * f9 + f1x2 * f8 + f2x2 * f7 + f3x2 * f6 + f4x2 * f5;
  let c: i64;
  h0 += h0;
  h1 += h1;
  h2 += h2;
  h3 += h3;
  h4 += h4;
  h5 += h5;
  h6 += h6;
  h7 += h7;
  h8 += h8;
  h9 += h9;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  store<i32>(h, <i32>h0, 0);
  store<i32>(h, <i32>h1, 4);
  store<i32>(h, <i32>h2, 8);
  store<i32>(h, <i32>h3, 12);
  store<i32>(h, <i32>h4, 16);
  store<i32>(h, <i32>h5, 20);
  store<i32>(h, <i32>h6, 24);
  store<i32>(h, <i32>h7, 28);
  store<i32>(h, <i32>h8, 32);
  store<i32>(h, <i32>h9, 36);
}

/** h = f + g (no carry). */
// @ts-ignore: decorator
@inline export function feAdd(h: usize, f: usize, g: usize): void {
  for (let i: usize = 0; i < 40; i += 4) store<i32>(h + i, load<i32>(f + i) + load<i32>(g + i));
}

/** h = f - g (no carry). */
// @ts-ignore: decorator
@inline export function feSub(h: usize, f: usize, g: usize): void {
  for (let i: usize = 0; i < 40; i += 4) store<i32>(h + i, load<i32>(f + i) - load<i32>(g + i));
}

/** h = -f. */
// @ts-ignore: decorator
@inline export function feNeg(h: usize, f: usize): void {
  for (let i: usize = 0; i < 40; i += 4) store<i32>(h + i, -load<i32>(f + i));
}

// @ts-ignore: decorator
@inline export function feCopy(h: usize, f: usize): void {
  memory.copy(h, f, 40);
}

export function feZero(h: usize): void {
  memory.fill(h, 0, 40);
}

export function feOne(h: usize): void {
  memory.fill(h, 0, 40);
  store<i32>(h, 1);
}

/**
 * Reads 32 little-endian bytes, ignoring the top bit (the sign of x in a point encoding).
 * Values from p to 2^255 - 1 are NOT rejected: they are the same field element as the
 * value minus p, which is what ZIP-215 asks of point decoding (non-canonical y accepted).
 */
export function feFromBytes(h: usize, s: usize): void {
  // Limb i starts at bit ceil(25.5 i); every limb fits in the u32 at its first byte.
  let h0 = <i64>(load<u32>(s, 0) & 0x3ffffff);
  let h1 = <i64>((load<u32>(s, 3) >>> 2) & 0x1ffffff);
  let h2 = <i64>((load<u32>(s, 6) >>> 3) & 0x3ffffff);
  let h3 = <i64>((load<u32>(s, 9) >>> 5) & 0x1ffffff);
  let h4 = <i64>((load<u32>(s, 12) >>> 6) & 0x3ffffff);
  let h5 = <i64>(load<u32>(s, 16) & 0x1ffffff);
  let h6 = <i64>((load<u32>(s, 19) >>> 1) & 0x3ffffff);
  let h7 = <i64>((load<u32>(s, 22) >>> 3) & 0x1ffffff);
  let h8 = <i64>((load<u32>(s, 25) >>> 4) & 0x3ffffff);
  let h9 = <i64>((load<u32>(s, 28) >>> 6) & 0x1ffffff);
  // Balance the limbs (signed carries) so later sums stay inside feMul's bounds.
  let c: i64;
  c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
  c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
  c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
  c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
  c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
  c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
  c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
  c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
  c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
  c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
  store<i32>(h, <i32>h0, 0);
  store<i32>(h, <i32>h1, 4);
  store<i32>(h, <i32>h2, 8);
  store<i32>(h, <i32>h3, 12);
  store<i32>(h, <i32>h4, 16);
  store<i32>(h, <i32>h5, 20);
  store<i32>(h, <i32>h6, 24);
  store<i32>(h, <i32>h7, 28);
  store<i32>(h, <i32>h8, 32);
  store<i32>(h, <i32>h9, 36);
}

/** Writes the canonical 32-byte little-endian encoding (the unique value in [0, p)). */
export function feToBytes(s: usize, h: usize): void {
  let h0 = load<i32>(h, 0), h1 = load<i32>(h, 4), h2 = load<i32>(h, 8), h3 = load<i32>(h, 12);
  let h4 = load<i32>(h, 16), h5 = load<i32>(h, 20), h6 = load<i32>(h, 24), h7 = load<i32>(h, 28);
  let h8 = load<i32>(h, 32), h9 = load<i32>(h, 36);
  // q = floor(h / p) in {0, 1} for a reduced h: add 19, see whether 2^255 is reached.
  let q = (19 * h9 + (1 << 24)) >> 25;
  q = (h0 + q) >> 26; q = (h1 + q) >> 25; q = (h2 + q) >> 26; q = (h3 + q) >> 25;
  q = (h4 + q) >> 26; q = (h5 + q) >> 25; q = (h6 + q) >> 26; q = (h7 + q) >> 25;
  q = (h8 + q) >> 26; q = (h9 + q) >> 25;
  // h - q·p = h + 19q - q·2^255: add 19q, carry, drop bit 255.
  h0 += 19 * q;
  let c: i32;
  c = h0 >> 26; h1 += c; h0 -= c << 26;
  c = h1 >> 25; h2 += c; h1 -= c << 25;
  c = h2 >> 26; h3 += c; h2 -= c << 26;
  c = h3 >> 25; h4 += c; h3 -= c << 25;
  c = h4 >> 26; h5 += c; h4 -= c << 26;
  c = h5 >> 25; h6 += c; h5 -= c << 25;
  c = h6 >> 26; h7 += c; h6 -= c << 26;
  c = h7 >> 25; h8 += c; h7 -= c << 25;
  c = h8 >> 26; h9 += c; h8 -= c << 26;
  c = h9 >> 25; h9 -= c << 25;
  // Pack the now non-negative limbs (widths 26, 25, 26, 25, …) into bytes.
  let lo: u64 = <u64>h0 | (<u64>h1 << 26) | (<u64>h2 << 51);
  store<u64>(s, lo, 0); // bits 0..63
  let mid: u64 = (<u64>h2 >> 13) | (<u64>h3 << 13) | (<u64>h4 << 38);
  store<u64>(s, mid, 8); // bits 64..127
  let hi: u64 = <u64>h5 | (<u64>h6 << 25) | (<u64>h7 << 51);
  store<u64>(s, hi, 16); // bits 128..191
  let top: u64 = (<u64>h7 >> 13) | (<u64>h8 << 12) | (<u64>h9 << 38);
  store<u64>(s, top, 24); // bits 192..254
}

// @ts-ignore: decorator
@lazy const feScratchBytes: usize = memory.data(32, 8);

/** 1 if f = 0 mod p, else 0. */
export function feIsZero(f: usize): i32 {
  feToBytes(feScratchBytes, f);
  return i32((load<u64>(feScratchBytes, 0) | load<u64>(feScratchBytes, 8) |
    load<u64>(feScratchBytes, 16) | load<u64>(feScratchBytes, 24)) == 0);
}

/** The "sign" of f: the low bit of its canonical encoding (RFC 8032 §5.1.2). */
export function feIsNegative(f: usize): i32 {
  feToBytes(feScratchBytes, f);
  return load<u8>(feScratchBytes) & 1;
}

/**
 * h = f^(2^n): n squarings with the limbs kept in locals between rounds (the same
 * products and carries as feSq), which the exponentiation's long runs of squarings
 * spend most of their time in.
 */
export function feSqTimes(h: usize, f: usize, n: i32): void {
  let f0 = <i64>load<i32>(f, 0);
  let f1 = <i64>load<i32>(f, 4);
  let f2 = <i64>load<i32>(f, 8);
  let f3 = <i64>load<i32>(f, 12);
  let f4 = <i64>load<i32>(f, 16);
  let f5 = <i64>load<i32>(f, 20);
  let f6 = <i64>load<i32>(f, 24);
  let f7 = <i64>load<i32>(f, 28);
  let f8 = <i64>load<i32>(f, 32);
  let f9 = <i64>load<i32>(f, 36);
  for (let round = 0; round < n; round++) {
    let f1x76 = f1 * 76;
    let f2x38 = f2 * 38;
    let f3x76 = f3 * 76;
    let f4x38 = f4 * 38;
    let f5x38 = f5 * 38;
    let f0x2 = f0 * 2;
    let f3x38 = f3 * 38;
    let f1x2 = f1 * 2;
    let f5x76 = f5 * 76;
    let f6x19 = f6 * 19;
    let f6x38 = f6 * 38;
    let f1x4 = f1 * 4;
    let f7x38 = f7 * 38;
    let f2x2 = f2 * 2;
    let f3x2 = f3 * 2;
    let f7x76 = f7 * 76;
    let f8x19 = f8 * 19;
    let f8x38 = f8 * 38;
    let f3x4 = f3 * 4;
    let f9x38 = f9 * 38;
    let f4x2 = f4 * 2;
    let h0 = f0 * f0 + f1x76 * f9 + f2x38 * f8 + f3x76 * f7 + f4x38 * f6 + f5x38 * f5;
    let h1 = f0x2 * f1 + f2x38 * f9 + f3x38 * f8 + f4x38 * f7 + f5x38 * f6;
    let h2 = f0x2 * f2 + f1x2 * f1 + f3x76 * f9 + f4x38 * f8 + f5x76 * f7 + f6x19 * f6;
    let h3 = f0x2 * f3 + f1x2 * f2 + f4x38 * f9 + f5x38 * f8 + f6x38 * f7;
    let h4 = f0x2 * f4 + f1x4 * f3 + f2 * f2 + f5x76 * f9 + f6x38 * f8 + f7x38 * f7;
    let h5 = f0x2 * f5 + f1x2 * f4 + f2x2 * f3 + f6x38 * f9 + f7x38 * f8;
    let h6 = f0x2 * f6 + f1x4 * f5 + f2x2 * f4 + f3x2 * f3 + f7x76 * f9 + f8x19 * f8;
    let h7 = f0x2 * f7 + f1x2 * f6 + f2x2 * f5 + f3x2 * f4 + f8x38 * f9;
    let h8 = f0x2 * f8 + f1x4 * f7 + f2x2 * f6 + f3x4 * f5 + f4 * f4 + f9x38 * f9;
    let h9 = f0x2 * f9 + f1x2 * f8 + f2x2 * f7 + f3x2 * f6 + f4x2 * f5;
    let c: i64;
    c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
    c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
    c = (h1 + (1 << 24)) >> 25; h2 += c; h1 -= c << 25;
    c = (h5 + (1 << 24)) >> 25; h6 += c; h5 -= c << 25;
    c = (h2 + (1 << 25)) >> 26; h3 += c; h2 -= c << 26;
    c = (h6 + (1 << 25)) >> 26; h7 += c; h6 -= c << 26;
    c = (h3 + (1 << 24)) >> 25; h4 += c; h3 -= c << 25;
    c = (h7 + (1 << 24)) >> 25; h8 += c; h7 -= c << 25;
    c = (h4 + (1 << 25)) >> 26; h5 += c; h4 -= c << 26;
    c = (h8 + (1 << 25)) >> 26; h9 += c; h8 -= c << 26;
    c = (h9 + (1 << 24)) >> 25; h0 += c * 19; h9 -= c << 25;
    c = (h0 + (1 << 25)) >> 26; h1 += c; h0 -= c << 26;
    f0 = h0;
    f1 = h1;
    f2 = h2;
    f3 = h3;
    f4 = h4;
    f5 = h5;
    f6 = h6;
    f7 = h7;
    f8 = h8;
    f9 = h9;
  }
  store<i32>(h, <i32>f0, 0);
  store<i32>(h, <i32>f1, 4);
  store<i32>(h, <i32>f2, 8);
  store<i32>(h, <i32>f3, 12);
  store<i32>(h, <i32>f4, 16);
  store<i32>(h, <i32>f5, 20);
  store<i32>(h, <i32>f6, 24);
  store<i32>(h, <i32>f7, 28);
  store<i32>(h, <i32>f8, 32);
  store<i32>(h, <i32>f9, 36);
}


// @ts-ignore: decorator
@lazy const powT0: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const powT1: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const powT2: usize = memory.data(40, 8);

/**
 * h = z^((p-5)/8) = z^(2^252 - 3), the exponent of the square-root-of-a-ratio step in
 * point decoding (RFC 8032 §5.1.3). The addition chain is ref10's: it builds
 * z^(2^k - 1) for k = 5, 10, 20, 40, 50, 100, 200, 250 (each from two smaller ones by
 * squarings and one multiplication), then 2^252 - 3 = (2^250 - 1)·4 + 1.
 * 251 squarings and 11 multiplications. Variable time is irrelevant here (public data).
 */
export function fePow22523(h: usize, z: usize): void {
  let t0 = powT0, t1 = powT1, t2 = powT2;
  feSq(t0, z);              // z^2
  feSqTimes(t1, t0, 2);     // z^8
  feMul(t1, z, t1);         // z^9
  feMul(t0, t0, t1);        // z^11
  feSq(t0, t0);             // z^22
  feMul(t0, t1, t0);        // z^(2^5 - 1)
  feSqTimes(t1, t0, 5);
  feMul(t0, t1, t0);        // z^(2^10 - 1)
  feSqTimes(t1, t0, 10);
  feMul(t1, t1, t0);        // z^(2^20 - 1)
  feSqTimes(t2, t1, 20);
  feMul(t1, t2, t1);        // z^(2^40 - 1)
  feSqTimes(t1, t1, 10);
  feMul(t0, t1, t0);        // z^(2^50 - 1)
  feSqTimes(t1, t0, 50);
  feMul(t1, t1, t0);        // z^(2^100 - 1)
  feSqTimes(t2, t1, 100);
  feMul(t1, t2, t1);        // z^(2^200 - 1)
  feSqTimes(t1, t1, 50);
  feMul(t0, t1, t0);        // z^(2^250 - 1)
  feSqTimes(t0, t0, 2);     // z^(2^252 - 4)
  feMul(h, t0, z);          // z^(2^252 - 3)
}
