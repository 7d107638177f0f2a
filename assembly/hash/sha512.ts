// SHA-512 (FIPS 180-4 §6.4): the hash inside ed25519 (RFC 8032) and ECVRF (RFC 9381).
//
// Like SHA-256 with 64-bit words: the message is padded with 0x80, zeros and its bit
// length as a big-endian u128 to a multiple of 128 bytes (FIPS 180-4 §5.1.2); each block
// is expanded into an 80-word schedule W and mixed into the state by 80 rounds (§6.4.2).
//
// Memory: nothing allocates. Round constants and the initial value live in static data;
// the schedule W is one static 640-byte buffer. A hashing context is a 208-byte region of
// raw memory (layout below). `sha512Init/Update/Final` use one static context and are
// therefore NOT re-entrant: finish one streamed hash before starting the next one with
// them. `sha512` does not touch that context, so it may be called in the middle of a
// streamed hash; HMAC and expand_message_xmd keep contexts of their own.

// K[t]: the first 64 bits of the fractional parts of the cube roots of the first 80
// primes (FIPS 180-4 §4.2.3).
// @ts-ignore: decorator
@lazy const K: usize = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
  0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
  0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
  0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
  0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
  0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
  0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
  0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
  0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
  0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
  0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
  0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
  0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
  0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
], 64);

// H(0): the first 64 bits of the fractional parts of the square roots of the first 8
// primes (FIPS 180-4 §5.3.5).
// @ts-ignore: decorator
@lazy const IV: usize = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
  0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
], 64);

/** The message schedule W[0..79] of the block being compressed. */
// @ts-ignore: decorator
@lazy const W: usize = memory.data(80 * 8, 64);

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
// Ch(x,y,z) = (x∧y) ⊕ (¬x∧z) and Maj(x,y,z) = (x∧y) ⊕ (x∧z) ⊕ (y∧z), with one op fewer.
// @ts-ignore: decorator
@inline function ch(x: u64, y: u64, z: u64): u64 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u64, y: u64, z: u64): u64 { return (x & y) | (z & (x | y)); }

/**
 * Mixes `blocks` consecutive 128-byte blocks at `p` into the state at `state`.
 * The rounds are unrolled by eight with the variables' roles rotating, so no round moves
 * a..h around: after eight rounds every variable is back in its own role.
 */
export function sha512Compress(state: usize, p: usize, blocks: usize): void {
  let a = load<u64>(state, 0), b = load<u64>(state, 8), c = load<u64>(state, 16), d = load<u64>(state, 24);
  let e = load<u64>(state, 32), f = load<u64>(state, 40), g = load<u64>(state, 48), h = load<u64>(state, 56);
  for (let n: usize = 0; n < blocks; n++, p += 128) {
    for (let i: usize = 0; i < 128; i += 8) store<u64>(W + i, bswap<u64>(load<u64>(p + i)));
    for (let i: usize = 128; i < 640; i += 8) {
      let w2 = load<u64>(W + i - 16), w15 = load<u64>(W + i - 120);
      store<u64>(W + i, sigma1(w2) + load<u64>(W + i - 56) + sigma0(w15) + load<u64>(W + i - 128));
    }
    let a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    for (let i: usize = 0; i < 640; i += 64) {
      let k = K + i, w = W + i, t: u64;
      t = h + bigSigma1(e) + ch(e, f, g) + load<u64>(k, 0) + load<u64>(w, 0);   d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + bigSigma1(d) + ch(d, e, f) + load<u64>(k, 8) + load<u64>(w, 8);   c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + bigSigma1(c) + ch(c, d, e) + load<u64>(k, 16) + load<u64>(w, 16); b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + bigSigma1(b) + ch(b, c, d) + load<u64>(k, 24) + load<u64>(w, 24); a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + bigSigma1(a) + ch(a, b, c) + load<u64>(k, 32) + load<u64>(w, 32); h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + bigSigma1(h) + ch(h, a, b) + load<u64>(k, 40) + load<u64>(w, 40); g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + bigSigma1(g) + ch(g, h, a) + load<u64>(k, 48) + load<u64>(w, 48); f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + bigSigma1(f) + ch(f, g, h) + load<u64>(k, 56) + load<u64>(w, 56); e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
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
