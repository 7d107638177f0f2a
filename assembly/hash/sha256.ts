// SHA-256 (FIPS 180-4 §6.2): the hash of the state tree, of transactions and of
// expand_message_xmd for BLS (RFC 9380).
//
// The message is padded with 0x80, zeros and its bit length as a big-endian u64 to a
// multiple of 64 bytes (FIPS 180-4 §5.1.1); each 64-byte block is expanded into a 64-word
// schedule W and mixed into the eight-word state by 64 rounds (§6.2.2).
//
// Memory: nothing allocates. Round constants and the initial value live in static data;
// the schedule W is one static 256-byte buffer. A hashing context is a 112-byte region of
// raw memory (layout below). `sha256Init/Update/Final` use one static context and are
// therefore NOT re-entrant: finish one streamed hash before starting the next one with
// them. `sha256` and `sha256Node` do not touch that context, so they may be called in the
// middle of a streamed hash; HMAC and expand_message_xmd keep contexts of their own.
// Exactly one call runs at a time in a wasm instance, so statics are safe across calls.

// K[t]: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes (FIPS 180-4 §4.2.2).
// @ts-ignore: decorator
@lazy const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
], 64);

// H(0): the first 32 bits of the fractional parts of the square roots of the first 8
// primes (FIPS 180-4 §5.3.3).
// @ts-ignore: decorator
@lazy const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
], 32);

/** The message schedule W[0..63] of the block being compressed. */
// @ts-ignore: decorator
@lazy const W: usize = memory.data(64 * 4, 64);

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
// Ch(x,y,z) = (x∧y) ⊕ (¬x∧z) and Maj(x,y,z) = (x∧y) ⊕ (x∧z) ⊕ (y∧z), with one op fewer.
// @ts-ignore: decorator
@inline function ch(x: u32, y: u32, z: u32): u32 { return z ^ (x & (y ^ z)); }
// @ts-ignore: decorator
@inline function maj(x: u32, y: u32, z: u32): u32 { return (x & y) | (z & (x | y)); }

/**
 * Mixes `blocks` consecutive 64-byte blocks at `p` into the state at `state`.
 * The rounds are unrolled by eight with the variables' roles rotating, so no round moves
 * a..h around: after eight rounds every variable is back in its own role.
 */
export function sha256Compress(state: usize, p: usize, blocks: usize): void {
  let a = load<u32>(state, 0), b = load<u32>(state, 4), c = load<u32>(state, 8), d = load<u32>(state, 12);
  let e = load<u32>(state, 16), f = load<u32>(state, 20), g = load<u32>(state, 24), h = load<u32>(state, 28);
  for (let n: usize = 0; n < blocks; n++, p += 64) {
    for (let i: usize = 0; i < 64; i += 4) store<u32>(W + i, bswap<u32>(load<u32>(p + i)));
    for (let i: usize = 64; i < 256; i += 4) {
      let w2 = load<u32>(W + i - 8), w15 = load<u32>(W + i - 60);
      store<u32>(W + i, sigma1(w2) + load<u32>(W + i - 28) + sigma0(w15) + load<u32>(W + i - 64));
    }
    let a0 = a, b0 = b, c0 = c, d0 = d, e0 = e, f0 = f, g0 = g, h0 = h;
    for (let i: usize = 0; i < 256; i += 32) {
      let k = K + i, w = W + i, t: u32;
      t = h + bigSigma1(e) + ch(e, f, g) + load<u32>(k, 0) + load<u32>(w, 0);  d += t; h = t + bigSigma0(a) + maj(a, b, c);
      t = g + bigSigma1(d) + ch(d, e, f) + load<u32>(k, 4) + load<u32>(w, 4);  c += t; g = t + bigSigma0(h) + maj(h, a, b);
      t = f + bigSigma1(c) + ch(c, d, e) + load<u32>(k, 8) + load<u32>(w, 8);  b += t; f = t + bigSigma0(g) + maj(g, h, a);
      t = e + bigSigma1(b) + ch(b, c, d) + load<u32>(k, 12) + load<u32>(w, 12); a += t; e = t + bigSigma0(f) + maj(f, g, h);
      t = d + bigSigma1(a) + ch(a, b, c) + load<u32>(k, 16) + load<u32>(w, 16); h += t; d = t + bigSigma0(e) + maj(e, f, g);
      t = c + bigSigma1(h) + ch(h, a, b) + load<u32>(k, 20) + load<u32>(w, 20); g += t; c = t + bigSigma0(d) + maj(d, e, f);
      t = b + bigSigma1(g) + ch(g, h, a) + load<u32>(k, 24) + load<u32>(w, 24); f += t; b = t + bigSigma0(c) + maj(c, d, e);
      t = a + bigSigma1(f) + ch(f, g, h) + load<u32>(k, 28) + load<u32>(w, 28); e += t; a = t + bigSigma0(b) + maj(b, c, d);
    }
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
 * padded blocks are prebuilt in NODE, so a call is two copies and two compressions.
 * `out` may be `a` or `b`.
 */
export function sha256Node(out: usize, tag: u8, a: usize, b: usize): void {
  store<u8>(NODE, tag);
  memory.copy(NODE + 1, a, 32);
  memory.copy(NODE + 33, b, 32);
  memory.copy(NODE_STATE, IV, 32);
  sha256Compress(NODE_STATE, NODE, 2);
  writeDigest(out, NODE_STATE);
}
