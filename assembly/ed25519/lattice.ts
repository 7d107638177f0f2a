// Halving the scalar of a verification equation by lattice reduction in dimension 2
// (T. Pornin, "Optimized Lattice Basis Reduction In Dimension 2, and Fast Schnorr and
// EdDSA Signature Verification", 2020; the idea goes back to Antipa et al. 2005).
//
// Given k (mod L), find c and d with c ≡ d·k (mod L) and both |c|, |d| near sqrt(L) ≈
// 2^126. The extended Euclidean algorithm on (L, k) keeps r_i ≡ t_i·k (mod L) at every
// step, with |t_{i+1}|·r_i <= L; stopping at the first remainder r_{i+1} < 2^127 gives
// c = r_{i+1} < 2^127 and |d| = |t_{i+1}| <= L / r_i < 2^126. A verifier can then check
// [d]([s]B - R) - [c]A instead of [s]B - R - [k]A: the first is [d] times the second on
// the prime-order part, d is nonzero mod L, and the chain of doublings is half as long.
//
// Numbers are 4 little-endian u64 words; t_i in two's complement (|t_i| < 2^127 always,
// the partial quotient steps never exceed the final value). Quotients are applied as
// shifted subtractions, so no multiprecision division is needed. Variable time: k is
// public (a hash of the signature, key and message).

// @ts-ignore: decorator
@lazy const bufR0: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const bufR1: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const bufT0: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const bufT1: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const shiftedR: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const shiftedT: usize = memory.data(32, 8);

/** L in 4 words (the group order, RFC 8032 §5.1). */
// @ts-ignore: decorator
@lazy const ORDER_L: usize = memory.data<u64>([
  0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000, 0x1000000000000000,
]);

/** The stop bound: remainders below 2^127 are short enough. */
const SHORT_BITS: i32 = 127;

function bitLength(x: usize): i32 {
  for (let i = 3; i >= 0; i--) {
    let w = load<u64>(x + (<usize>i << 3));
    if (w != 0) return (i << 6) + 64 - <i32>clz(w);
  }
  return 0;
}

/** out = x << sh (mod 2^256), 0 <= sh < 256. */
function shiftLeft(out: usize, x: usize, sh: i32): void {
  let ws = sh >> 6, bs = <u64>(sh & 63);
  for (let i = 3; i >= 0; i--) {
    let j = i - ws;
    let v: u64 = 0;
    if (j >= 0) {
      v = load<u64>(x + (<usize>j << 3)) << bs;
      if (bs != 0 && j >= 1) v |= load<u64>(x + (<usize>(j - 1) << 3)) >> (64 - bs);
    }
    store<u64>(out + (<usize>i << 3), v);
  }
}

/** x >>= 1, arithmetic (two's complement) when `signed`; exact here: the low bit is 0. */
function halve(x: usize, signed: bool): void {
  let w0 = load<u64>(x), w1 = load<u64>(x, 8), w2 = load<u64>(x, 16), w3 = load<u64>(x, 24);
  store<u64>(x, (w0 >> 1) | (w1 << 63));
  store<u64>(x, (w1 >> 1) | (w2 << 63), 8);
  store<u64>(x, (w2 >> 1) | (w3 << 63), 16);
  store<u64>(x, signed ? <u64>(<i64>w3 >> 1) : w3 >> 1, 24);
}

/** a >= b for unsigned 4-word numbers. */
function geq(a: usize, b: usize): bool {
  for (let i = 24; i >= 0; i -= 8) {
    let x = load<u64>(a + <usize>i), y = load<u64>(b + <usize>i);
    if (x != y) return x > y;
  }
  return true;
}

/** a -= b (mod 2^256). */
function subInPlace(a: usize, b: usize): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    let x = load<u64>(a + i), y = load<u64>(b + i);
    let d = x - y - borrow;
    borrow = u64(x < y) | u64(x == y && borrow != 0);
    store<u64>(a + i, d);
  }
}

/**
 * Writes c (32 bytes, < 2^127) and |d| (32 bytes, < 2^127) with c ≡ d·k (mod L) for the
 * 32-byte k < L, and returns 1 if d is negative, else 0.
 */
export function scSplitVartime(c: usize, dAbs: usize, k: usize): i32 {
  let r0 = bufR0, r1 = bufR1, t0 = bufT0, t1 = bufT1;
  memory.copy(r0, ORDER_L, 32);
  memory.copy(r1, k, 32);
  memory.fill(t0, 0, 32);
  memory.fill(t1, 0, 32);
  store<u64>(t1, 1);
  // Each round is one Euclidean step; remainders shrink by at least one bit every two
  // rounds, so 2·253 rounds bound the loop.
  for (let round = 0; round < 2 * 253 && bitLength(r1) > SHORT_BITS; round++) {
    // r0 -= q·r1 and t0 -= q·t1 for q = floor(r0 / r1), one binary digit of q at a time,
    // from r1·2^sh and t1·2^sh down (|t1|·2^sh <= 2q·|t1| < 2^254 fits).
    let sh = bitLength(r0) - bitLength(r1);
    shiftLeft(shiftedR, r1, sh);
    shiftLeft(shiftedT, t1, sh);
    for (;;) {
      if (geq(r0, shiftedR)) {
        subInPlace(r0, shiftedR);
        subInPlace(t0, shiftedT);
      }
      if (sh-- == 0) break;
      halve(shiftedR, false);
      halve(shiftedT, true);
    }
    let r = r0; r0 = r1; r1 = r;
    let t = t0; t0 = t1; t1 = t;
  }
  memory.copy(c, r1, 32);
  let negative = <i32>(load<u64>(t1, 24) >>> 63);
  if (negative) {
    memory.fill(dAbs, 0, 32);
    subInPlace(dAbs, t1);
  } else {
    memory.copy(dAbs, t1, 32);
  }
  return negative;
}
