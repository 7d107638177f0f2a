// SHA-256 (FIPS 180-4 §6.2): the hash of the state tree, of transactions and of
// expand_message_xmd for BLS (RFC 9380).
//
// The message is padded with 0x80, zeros and its bit length as a big-endian u64 to a
// multiple of 64 bytes (FIPS 180-4 §5.1.1); each 64-byte block is expanded into a 64-word
// schedule W and mixed into the eight-word state by 64 rounds (§6.2.2).
//
// Memory: nothing allocates. The round constants are immediates of the unrolled rounds,
// the initial value lives in static data and the schedule in locals. A hashing context is
// a 112-byte region of raw memory (layout below). `sha256Init/Update/Final` use one
// static context and are therefore NOT re-entrant: finish one streamed hash before
// starting the next one with them. `sha256` and `sha256Node` do not touch that context,
// so they may be called in the middle of a streamed hash; HMAC and expand_message_xmd
// keep contexts of their own.
// Exactly one call runs at a time in a wasm instance, so statics are safe across calls.

// H(0): the first 32 bits of the fractional parts of the square roots of the first 8
// primes (FIPS 180-4 §5.3.3).
// @ts-ignore: decorator
@lazy const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
], 32);

// A context: state words (host order) | pending block bytes | pending count | total bytes.
export const SHA256_CTX_BYTES: usize = 112;
// @ts-ignore: decorator
@inline const CTX_BUF: usize = 32;
// @ts-ignore: decorator
@inline const CTX_PENDING: usize = 96;
// @ts-ignore: decorator
@inline const CTX_TOTAL: usize = 104;

/** The context behind sha256Init/Update/Final (not re-entrant). */
// @ts-ignore: decorator
@lazy const CTX: usize = memory.data(<i32>SHA256_CTX_BYTES, 16);
/** The state and padded tail of the one-shot sha256 (independent of CTX). */
// @ts-ignore: decorator
@lazy const ONE_STATE: usize = memory.data(32, 16);
// @ts-ignore: decorator
@lazy const ONE_TAIL: usize = memory.data(128, 16);

// The two padded blocks of a Merkle node: tag | a[32] | b[32] | 0x80 | zeros | bit length
// 520 (0x0208). Only bytes 0..64 change per call; the padding is written once, here.
// @ts-ignore: decorator
@lazy const NODE: usize = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x08,
], 16);
// @ts-ignore: decorator
@lazy const NODE_STATE: usize = memory.data(32, 16);

// The round functions of FIPS 180-4 §4.1.2.
// @ts-ignore: decorator
@inline function bigSigma0(x: u32): u32 { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u32): u32 { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
// @ts-ignore: decorator
@inline function sigma0(x: u32): u32 { return rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3); }
// @ts-ignore: decorator
@inline function sigma1(x: u32): u32 { return rotr(x, 17) ^ rotr(x, 19) ^ (x >>> 10); }
// Ch(x,y,z) = (x∧y) ⊕ (¬x∧z), with one op fewer. Maj is written out in the rounds.
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }

/**
 * Mixes `blocks` consecutive 64-byte blocks at `p` into the state at `state` (§6.2.2).
 *
 * The 64 rounds are fully unrolled. The schedule lives in 16 locals w0..w15: W[t] is
 * computed just in time and overwrites W[t-16]. The round constants K[t] are immediates:
 * the first 32 bits of the fractional parts of the cube roots of the first 64 primes
 * (§4.2.2; test/hash-constants.test.js re-derives them from this file).
 * The roles of a..h rotate from round to round, so no round moves a variable, and
 * Maj(a,b,c) = b ⊕ ((a ⊕ b) ∧ (b ⊕ c)) reuses the previous round's a ⊕ b as b ⊕ c (x and
 * y alternate). Against eight-way unrolled rounds over K and W in static memory this is
 * 1.5× (290 → 440 MB/s, bench/hash.bench.js on x86-64 V8).
 */
export function sha256Compress(state: usize, p: usize, blocks: usize): void {
  let a = load<u32>(state, 0), b = load<u32>(state, 4), c = load<u32>(state, 8), d = load<u32>(state, 12);
  let e = load<u32>(state, 16), f = load<u32>(state, 20), g = load<u32>(state, 24), h = load<u32>(state, 28);
  for (let n: usize = 0; n < blocks; n++, p += 64) {
    let w0 = bswap<u32>(load<u32>(p, 0));
    let w1 = bswap<u32>(load<u32>(p, 4));
    let w2 = bswap<u32>(load<u32>(p, 8));
    let w3 = bswap<u32>(load<u32>(p, 12));
    let w4 = bswap<u32>(load<u32>(p, 16));
    let w5 = bswap<u32>(load<u32>(p, 20));
    let w6 = bswap<u32>(load<u32>(p, 24));
    let w7 = bswap<u32>(load<u32>(p, 28));
    let w8 = bswap<u32>(load<u32>(p, 32));
    let w9 = bswap<u32>(load<u32>(p, 36));
    let w10 = bswap<u32>(load<u32>(p, 40));
    let w11 = bswap<u32>(load<u32>(p, 44));
    let w12 = bswap<u32>(load<u32>(p, 48));
    let w13 = bswap<u32>(load<u32>(p, 52));
    let w14 = bswap<u32>(load<u32>(p, 56));
    let w15 = bswap<u32>(load<u32>(p, 60));
    let a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    let t: u32, x: u32 = 0, y: u32 = b ^ c;
    t = h + bigSigma1(e) + ch(e, f, g) + 0x428a2f98 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    t = g + bigSigma1(d) + ch(d, e, f) + 0x71374491 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    t = f + bigSigma1(c) + ch(c, d, e) + 0xb5c0fbcf + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    t = e + bigSigma1(b) + ch(b, c, d) + 0xe9b5dba5 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    t = d + bigSigma1(a) + ch(a, b, c) + 0x3956c25b + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    t = c + bigSigma1(h) + ch(h, a, b) + 0x59f111f1 + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    t = b + bigSigma1(g) + ch(g, h, a) + 0x923f82a4 + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    t = a + bigSigma1(f) + ch(f, g, h) + 0xab1c5ed5 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    t = h + bigSigma1(e) + ch(e, f, g) + 0xd807aa98 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    t = g + bigSigma1(d) + ch(d, e, f) + 0x12835b01 + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    t = f + bigSigma1(c) + ch(c, d, e) + 0x243185be + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    t = e + bigSigma1(b) + ch(b, c, d) + 0x550c7dc3 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    t = d + bigSigma1(a) + ch(a, b, c) + 0x72be5d74 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    t = c + bigSigma1(h) + ch(h, a, b) + 0x80deb1fe + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    t = b + bigSigma1(g) + ch(g, h, a) + 0x9bdc06a7 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    t = a + bigSigma1(f) + ch(f, g, h) + 0xc19bf174 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0xe49b69c1 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xefbe4786 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x0fc19dc6 + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x240ca1cc + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x2de92c6f + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x4a7484aa + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x5cb0a9dc + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x76f988da + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x983e5152 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xa831c66d + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0xb00327c8 + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0xbf597fc7 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0xc6e00bf3 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xd5a79147 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x06ca6351 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x14292967 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x27b70a85 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x2e1b2138 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x4d2c6dfc + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x53380d13 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x650a7354 + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x766a0abb + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x81c2c92e + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x92722c85 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0xa2bfe8a1 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xa81a664b + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0xc24b8b70 + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0xc76c51a3 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0xd192e819 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xd6990624 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0xf40e3585 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x106aa070 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x19a4c116 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x1e376c08 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x2748774c + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x34b0bcb5 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x391c0cb3 + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x4ed8aa4a + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x5b9cca4f + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x682e6ff3 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x748f82ee + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x78a5636f + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x84c87814 + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x8cc70208 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x90befffa + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xa4506ceb + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0xbef9a3f7 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0xc67178f2 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    a += a0; b += b0; c += c0; d += d0; e += e0; f += f0; g += g0; h += h0;
  }
  store<u32>(state, a, 0); store<u32>(state, b, 4); store<u32>(state, c, 8); store<u32>(state, d, 12);
  store<u32>(state, e, 16); store<u32>(state, f, 20); store<u32>(state, g, 24); store<u32>(state, h, 28);
}

/** Writes the state as the 32-byte big-endian digest. */
// @ts-ignore: decorator
@inline function writeDigest(out: usize, state: usize): void {
  for (let i: usize = 0; i < 32; i += 4) store<u32>(out + i, bswap<u32>(load<u32>(state + i)));
}

/**
 * Pads the last `tailLen` (< 64) bytes at `tail` of a message of `total` bytes, mixes the
 * one or two final blocks into `state` and writes the digest. `pad` is 128 bytes of scratch.
 */
function finish(out: usize, state: usize, pad: usize, tail: usize, tailLen: usize, total: u64): void {
  if (tail != pad) memory.copy(pad, tail, tailLen);
  store<u8>(pad + tailLen, 0x80);
  let blocks: usize = tailLen < 56 ? 1 : 2;
  let end = blocks << 6;
  memory.fill(pad + tailLen + 1, 0, end - 8 - tailLen - 1);
  store<u64>(pad + end - 8, bswap<u64>(total << 3));
  sha256Compress(state, pad, blocks);
  writeDigest(out, state);
}

/** Starts a hash in the context `ctx` (SHA256_CTX_BYTES of memory). */
export function sha256CtxInit(ctx: usize): void {
  memory.copy(ctx, IV, 32);
  store<u32>(ctx + CTX_PENDING, 0);
  store<u64>(ctx + CTX_TOTAL, 0);
}

/** Absorbs `len` bytes at `input` into the context `ctx`. */
export function sha256CtxUpdate(ctx: usize, input: usize, len: usize): void {
  let pending = <usize>load<u32>(ctx + CTX_PENDING);
  store<u64>(ctx + CTX_TOTAL, load<u64>(ctx + CTX_TOTAL) + <u64>len);
  if (pending != 0) {
    let take = min<usize>(64 - pending, len);
    memory.copy(ctx + CTX_BUF + pending, input, take);
    pending += take; input += take; len -= take;
    if (pending < 64) { store<u32>(ctx + CTX_PENDING, <u32>pending); return; }
    sha256Compress(ctx, ctx + CTX_BUF, 1);
    pending = 0;
  }
  let blocks = len >> 6;
  if (blocks != 0) sha256Compress(ctx, input, blocks);
  let rest = len & 63;
  memory.copy(ctx + CTX_BUF, input + (blocks << 6), rest);
  store<u32>(ctx + CTX_PENDING, <u32>rest);
}

/** Writes the 32-byte digest of everything absorbed into `ctx`; the context is then spent. */
export function sha256CtxFinal(ctx: usize, out: usize): void {
  let pending = <usize>load<u32>(ctx + CTX_PENDING);
  finish(out, ctx, ONE_TAIL, ctx + CTX_BUF, pending, load<u64>(ctx + CTX_TOTAL));
}

/** Starts a streamed hash in the module's one static context (not re-entrant). */
export function sha256Init(): void {
  sha256CtxInit(CTX);
}

/** Absorbs `len` bytes at `input` into the static context. */
export function sha256Update(input: usize, len: usize): void {
  sha256CtxUpdate(CTX, input, len);
}

/** Writes the 32-byte digest of the static context's message to `out`. */
export function sha256Final(out: usize): void {
  sha256CtxFinal(CTX, out);
}

/** out[32] = SHA-256(input[len]). `out` may overlap the input. */
export function sha256(out: usize, input: usize, len: usize): void {
  memory.copy(ONE_STATE, IV, 32);
  let blocks = len >> 6;
  if (blocks != 0) sha256Compress(ONE_STATE, input, blocks);
  finish(out, ONE_STATE, ONE_TAIL, input + (blocks << 6), len & 63, <u64>len);
}

/**
 * out[32] = SHA-256(tag || a[32] || b[32]): the state tree's 65-byte node hash. The two
 * padded blocks are prebuilt in NODE, so a call copies 65 bytes and runs two compressions.
 * `out` may be `a` or `b`.
 */
export function sha256Node(out: usize, tag: u8, a: usize, b: usize): void {
  store<u8>(NODE, tag);
  // Fixed-size v128 copies: memory.copy is a call into the engine (2% of this hash).
  v128.store(NODE, v128.load(a, 0, 1), 1, 1); v128.store(NODE, v128.load(a, 16, 1), 17, 1);
  v128.store(NODE, v128.load(b, 0, 1), 33, 1); v128.store(NODE, v128.load(b, 16, 1), 49, 1);
  v128.store(NODE_STATE, v128.load(IV)); v128.store(NODE_STATE, v128.load(IV, 16), 16);
  sha256Compress(NODE_STATE, NODE, 2);
  writeDigest(out, NODE_STATE);
}
