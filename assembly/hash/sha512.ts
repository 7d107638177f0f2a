// SHA-512 (FIPS 180-4 §6.4): the hash inside ed25519 (RFC 8032) and ECVRF (RFC 9381).
//
// Like SHA-256 with 64-bit words: the message is padded with 0x80, zeros and its bit
// length as a big-endian u128 to a multiple of 128 bytes (FIPS 180-4 §5.1.2); each block
// is expanded into an 80-word schedule W and mixed into the state by 80 rounds (§6.4.2).
//
// Memory: nothing allocates. The round constants are immediates of the unrolled rounds,
// the initial value lives in static data and the schedule in locals. A hashing context is
// a 208-byte region of raw memory (layout below). `sha512Init/Update/Final` use one
// static context and are therefore NOT re-entrant: finish one streamed hash before
// starting the next one with them. `sha512` does not touch that context, so it may be
// called in the middle of a streamed hash; HMAC and expand_message_xmd keep contexts of
// their own. Exactly one call runs at a time in a wasm instance, so statics are safe.

// H(0): the first 64 bits of the fractional parts of the square roots of the first 8
// primes (FIPS 180-4 §5.3.5).
// @ts-ignore: decorator
@lazy const IV: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
], 64);

// A context: state words (host order) | pending block bytes | pending count | total bytes.
export const SHA512_CTX_BYTES: usize = 208;
// @ts-ignore: decorator
@inline const CTX_BUF: usize = 64;
// @ts-ignore: decorator
@inline const CTX_PENDING: usize = 192;
// @ts-ignore: decorator
@inline const CTX_TOTAL: usize = 200;

/** The context behind sha512Init/Update/Final (not re-entrant). */
// @ts-ignore: decorator
@lazy const CTX: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
/** The state and padded tail of the one-shot sha512 (independent of CTX). */
// @ts-ignore: decorator
@lazy const ONE_STATE: usize = memory.data(64, 16);
// @ts-ignore: decorator
@lazy const ONE_TAIL: usize = memory.data(256, 16);

// The round functions of FIPS 180-4 §4.1.3.
// @ts-ignore: decorator
@inline function bigSigma0(x: u64): u64 { return rotr(x, 28) ^ rotr(x, 34) ^ rotr(x, 39); }
// @ts-ignore: decorator
@inline function bigSigma1(x: u64): u64 { return rotr(x, 14) ^ rotr(x, 18) ^ rotr(x, 41); }
// @ts-ignore: decorator
@inline function sigma0(x: u64): u64 { return rotr(x, 1) ^ rotr(x, 8) ^ (x >>> 7); }
// @ts-ignore: decorator
@inline function sigma1(x: u64): u64 { return rotr(x, 19) ^ rotr(x, 61) ^ (x >>> 6); }
// Ch(x,y,z) = (x∧y) ⊕ (¬x∧z), with one op fewer. Maj is written out in the rounds.
// @ts-ignore: decorator
@inline function ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }

/**
 * Mixes `blocks` consecutive 128-byte blocks at `p` into the state at `state` (§6.4.2).
 *
 * The 80 rounds are fully unrolled. The schedule lives in 16 locals w0..w15: W[t] is
 * computed just in time and overwrites W[t-16]. The round constants K[t] are immediates:
 * the first 64 bits of the fractional parts of the cube roots of the first 80 primes
 * (§4.2.3; test/hash-constants.test.js re-derives them from this file).
 * The roles of a..h rotate from round to round, so no round moves a variable, and
 * Maj(a,b,c) = b ⊕ ((a ⊕ b) ∧ (b ⊕ c)) reuses the previous round's a ⊕ b as b ⊕ c (x and
 * y alternate). Against eight-way unrolled rounds over K and W in static memory this is
 * 1.4× (440 → 610 MB/s, bench/hash.bench.js on x86-64 V8).
 */
export function sha512Compress(state: usize, p: usize, blocks: usize): void {
  let a = load<u64>(state, 0), b = load<u64>(state, 8), c = load<u64>(state, 16), d = load<u64>(state, 24);
  let e = load<u64>(state, 32), f = load<u64>(state, 40), g = load<u64>(state, 48), h = load<u64>(state, 56);
  for (let n: usize = 0; n < blocks; n++, p += 128) {
    let w0 = bswap<u64>(load<u64>(p, 0));
    let w1 = bswap<u64>(load<u64>(p, 8));
    let w2 = bswap<u64>(load<u64>(p, 16));
    let w3 = bswap<u64>(load<u64>(p, 24));
    let w4 = bswap<u64>(load<u64>(p, 32));
    let w5 = bswap<u64>(load<u64>(p, 40));
    let w6 = bswap<u64>(load<u64>(p, 48));
    let w7 = bswap<u64>(load<u64>(p, 56));
    let w8 = bswap<u64>(load<u64>(p, 64));
    let w9 = bswap<u64>(load<u64>(p, 72));
    let w10 = bswap<u64>(load<u64>(p, 80));
    let w11 = bswap<u64>(load<u64>(p, 88));
    let w12 = bswap<u64>(load<u64>(p, 96));
    let w13 = bswap<u64>(load<u64>(p, 104));
    let w14 = bswap<u64>(load<u64>(p, 112));
    let w15 = bswap<u64>(load<u64>(p, 120));
    let a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    let t: u64, x: u64 = 0, y: u64 = b ^ c;
    t = h + bigSigma1(e) + ch(e, f, g) + 0x428a2f98d728ae22 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    t = g + bigSigma1(d) + ch(d, e, f) + 0x7137449123ef65cd + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    t = f + bigSigma1(c) + ch(c, d, e) + 0xb5c0fbcfec4d3b2f + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    t = e + bigSigma1(b) + ch(b, c, d) + 0xe9b5dba58189dbbc + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    t = d + bigSigma1(a) + ch(a, b, c) + 0x3956c25bf348b538 + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    t = c + bigSigma1(h) + ch(h, a, b) + 0x59f111f1b605d019 + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    t = b + bigSigma1(g) + ch(g, h, a) + 0x923f82a4af194f9b + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    t = a + bigSigma1(f) + ch(f, g, h) + 0xab1c5ed5da6d8118 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    t = h + bigSigma1(e) + ch(e, f, g) + 0xd807aa98a3030242 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    t = g + bigSigma1(d) + ch(d, e, f) + 0x12835b0145706fbe + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    t = f + bigSigma1(c) + ch(c, d, e) + 0x243185be4ee4b28c + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    t = e + bigSigma1(b) + ch(b, c, d) + 0x550c7dc3d5ffb4e2 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    t = d + bigSigma1(a) + ch(a, b, c) + 0x72be5d74f27b896f + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    t = c + bigSigma1(h) + ch(h, a, b) + 0x80deb1fe3b1696b1 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    t = b + bigSigma1(g) + ch(g, h, a) + 0x9bdc06a725c71235 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    t = a + bigSigma1(f) + ch(f, g, h) + 0xc19bf174cf692694 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0xe49b69c19ef14ad2 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xefbe4786384f25e3 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x0fc19dc68b8cd5b5 + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x240ca1cc77ac9c65 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x2de92c6f592b0275 + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x4a7484aa6ea6e483 + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x5cb0a9dcbd41fbd4 + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x76f988da831153b5 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x983e5152ee66dfab + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xa831c66d2db43210 + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0xb00327c898fb213f + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0xbf597fc7beef0ee4 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0xc6e00bf33da88fc2 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xd5a79147930aa725 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x06ca6351e003826f + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x142929670a0e6e70 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x27b70a8546d22ffc + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x2e1b21385c26c926 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x4d2c6dfc5ac42aed + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x53380d139d95b3df + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x650a73548baf63de + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x766a0abb3c77b2a8 + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x81c2c92e47edaee6 + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x92722c851482353b + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0xa2bfe8a14cf10364 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xa81a664bbc423001 + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0xc24b8b70d0f89791 + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0xc76c51a30654be30 + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0xd192e819d6ef5218 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xd69906245565a910 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0xf40e35855771202a + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x106aa07032bbd1b8 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x19a4c116b8d2d0c8 + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x1e376c085141ab53 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x2748774cdf8eeb99 + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x34b0bcb5e19b48a8 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x391c0cb3c5c95a63 + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x4ed8aa4ae3418acb + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x5b9cca4f7763e373 + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x682e6ff3d6b2b8a3 + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x748f82ee5defb2fc + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x78a5636f43172f60 + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x84c87814a1f0ab72 + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x8cc702081a6439ec + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x90befffa23631e28 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0xa4506cebde82bde9 + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0xbef9a3f7b2c67915 + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0xc67178f2e372532b + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w0 += sigma1(w14) + w9 + sigma0(w1);
    t = h + bigSigma1(e) + ch(e, f, g) + 0xca273eceea26619c + w0; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w1 += sigma1(w15) + w10 + sigma0(w2);
    t = g + bigSigma1(d) + ch(d, e, f) + 0xd186b8c721c0c207 + w1; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w2 += sigma1(w0) + w11 + sigma0(w3);
    t = f + bigSigma1(c) + ch(c, d, e) + 0xeada7dd6cde0eb1e + w2; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w3 += sigma1(w1) + w12 + sigma0(w4);
    t = e + bigSigma1(b) + ch(b, c, d) + 0xf57d4f7fee6ed178 + w3; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w4 += sigma1(w2) + w13 + sigma0(w5);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x06f067aa72176fba + w4; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w5 += sigma1(w3) + w14 + sigma0(w6);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x0a637dc5a2c898a6 + w5; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w6 += sigma1(w4) + w15 + sigma0(w7);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x113f9804bef90dae + w6; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w7 += sigma1(w5) + w0 + sigma0(w8);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x1b710b35131c471b + w7; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    w8 += sigma1(w6) + w1 + sigma0(w9);
    t = h + bigSigma1(e) + ch(e, f, g) + 0x28db77f523047d84 + w8; d += t; x = a ^ b; h = t + bigSigma0(a) + (b ^ (x & y));
    w9 += sigma1(w7) + w2 + sigma0(w10);
    t = g + bigSigma1(d) + ch(d, e, f) + 0x32caab7b40c72493 + w9; c += t; y = h ^ a; g = t + bigSigma0(h) + (a ^ (y & x));
    w10 += sigma1(w8) + w3 + sigma0(w11);
    t = f + bigSigma1(c) + ch(c, d, e) + 0x3c9ebe0a15c9bebc + w10; b += t; x = g ^ h; f = t + bigSigma0(g) + (h ^ (x & y));
    w11 += sigma1(w9) + w4 + sigma0(w12);
    t = e + bigSigma1(b) + ch(b, c, d) + 0x431d67c49c100d4c + w11; a += t; y = f ^ g; e = t + bigSigma0(f) + (g ^ (y & x));
    w12 += sigma1(w10) + w5 + sigma0(w13);
    t = d + bigSigma1(a) + ch(a, b, c) + 0x4cc5d4becb3e42b6 + w12; h += t; x = e ^ f; d = t + bigSigma0(e) + (f ^ (x & y));
    w13 += sigma1(w11) + w6 + sigma0(w14);
    t = c + bigSigma1(h) + ch(h, a, b) + 0x597f299cfc657e2a + w13; g += t; y = d ^ e; c = t + bigSigma0(d) + (e ^ (y & x));
    w14 += sigma1(w12) + w7 + sigma0(w15);
    t = b + bigSigma1(g) + ch(g, h, a) + 0x5fcb6fab3ad6faec + w14; f += t; x = c ^ d; b = t + bigSigma0(c) + (d ^ (x & y));
    w15 += sigma1(w13) + w8 + sigma0(w0);
    t = a + bigSigma1(f) + ch(f, g, h) + 0x6c44198c4a475817 + w15; e += t; y = b ^ c; a = t + bigSigma0(b) + (c ^ (y & x));
    a += a0; b += b0; c += c0; d += d0; e += e0; f += f0; g += g0; h += h0;
  }
  store<u64>(state, a, 0); store<u64>(state, b, 8); store<u64>(state, c, 16); store<u64>(state, d, 24);
  store<u64>(state, e, 32); store<u64>(state, f, 40); store<u64>(state, g, 48); store<u64>(state, h, 56);
}

/**
 * Pads the last `tailLen` (< 128) bytes at `tail` of a message of `total` bytes, mixes the
 * one or two final blocks into `state` and writes the 64-byte digest. `pad` is 256 bytes.
 * The length field is 128 bits; its high word holds the top three bits of total·8.
 */
function finish(out: usize, state: usize, pad: usize, tail: usize, tailLen: usize, total: u64): void {
  if (tail != pad) memory.copy(pad, tail, tailLen);
  store<u8>(pad + tailLen, 0x80);
  let blocks: usize = tailLen < 112 ? 1 : 2;
  let end = blocks << 7;
  memory.fill(pad + tailLen + 1, 0, end - 16 - tailLen - 1);
  store<u64>(pad + end - 16, bswap<u64>(total >>> 61));
  store<u64>(pad + end - 8, bswap<u64>(total << 3));
  sha512Compress(state, pad, blocks);
  for (let i: usize = 0; i < 64; i += 8) store<u64>(out + i, bswap<u64>(load<u64>(state + i)));
}

/** Starts a hash in the context `ctx` (SHA512_CTX_BYTES of memory). */
export function sha512CtxInit(ctx: usize): void {
  memory.copy(ctx, IV, 64);
  store<u32>(ctx + CTX_PENDING, 0);
  store<u64>(ctx + CTX_TOTAL, 0);
}

/** Absorbs `len` bytes at `input` into the context `ctx`. */
export function sha512CtxUpdate(ctx: usize, input: usize, len: usize): void {
  let pending = <usize>load<u32>(ctx + CTX_PENDING);
  store<u64>(ctx + CTX_TOTAL, load<u64>(ctx + CTX_TOTAL) + <u64>len);
  if (pending != 0) {
    let take = min<usize>(128 - pending, len);
    memory.copy(ctx + CTX_BUF + pending, input, take);
    pending += take; input += take; len -= take;
    if (pending < 128) { store<u32>(ctx + CTX_PENDING, <u32>pending); return; }
    sha512Compress(ctx, ctx + CTX_BUF, 1);
    pending = 0;
  }
  let blocks = len >> 7;
  if (blocks != 0) sha512Compress(ctx, input, blocks);
  let rest = len & 127;
  memory.copy(ctx + CTX_BUF, input + (blocks << 7), rest);
  store<u32>(ctx + CTX_PENDING, <u32>rest);
}

/** Writes the 64-byte digest of everything absorbed into `ctx`; the context is then spent. */
export function sha512CtxFinal(ctx: usize, out: usize): void {
  let pending = <usize>load<u32>(ctx + CTX_PENDING);
  finish(out, ctx, ONE_TAIL, ctx + CTX_BUF, pending, load<u64>(ctx + CTX_TOTAL));
}

/** Starts a streamed hash in the module's one static context (not re-entrant). */
export function sha512Init(): void {
  sha512CtxInit(CTX);
}

/** Absorbs `len` bytes at `input` into the static context. */
export function sha512Update(input: usize, len: usize): void {
  sha512CtxUpdate(CTX, input, len);
}

/** Writes the 64-byte digest of the static context's message to `out`. */
export function sha512Final(out: usize): void {
  sha512CtxFinal(CTX, out);
}

/** out[64] = SHA-512(input[len]). `out` may overlap the input. */
export function sha512(out: usize, input: usize, len: usize): void {
  memory.copy(ONE_STATE, IV, 64);
  let blocks = len >> 7;
  if (blocks != 0) sha512Compress(ONE_STATE, input, blocks);
  finish(out, ONE_STATE, ONE_TAIL, input + (blocks << 7), len & 127, <u64>len);
}
