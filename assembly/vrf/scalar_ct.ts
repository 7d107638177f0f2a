// Constant-time arithmetic modulo L = 2^252 + 27742317777372353535851937790883648493, for
// the prover's secret scalars (the nonce k and s = k + c·x, RFC 9381 §5.1 steps 5 and 7).
// assembly/ed25519/scalar.ts reduces public values with early exits; here every loop has a
// fixed count and the final corrections are masks, so the time never depends on the value.
//
// The method is the same: signed 21-bit limbs in i64, 2^252 = -δ (mod L) with δ = L - 2^252,
// so a limb of weight 2^(21(i-12))·2^252 folds into limbs i-12 … i-7 as t_i·(-δ). Folding
// every limb from 26 down to 12 (with a carry pass after each fold), then three more folds
// of the top limb, leaves value = low + top·2^252 with low in [0, 2^252) and top in
// {-1, 0, 1}, so value is in [-L, 2L): add L under a mask when negative, subtract L under
// a mask when ≥ L.

/** -δ = 2^252 - L as signed 21-bit limbs (limb j has weight 2^(21j)). */
// @ts-ignore: decorator
@lazy const FOLD: usize = memory.data<i64>([666643, 470296, 654183, -997805, 136657, -683901]);

/** L as four little-endian u64 words. */
// @ts-ignore: decorator
@lazy const ORDER: usize = memory.data<u64>([
  0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000, 0x1000000000000000,
]);

const LIMBS: i32 = 28;
// @ts-ignore: decorator
@lazy const t: usize = memory.data(LIMBS * 8, 8);
// @ts-ignore: decorator
@lazy const la: usize = memory.data(13 * 8, 8);
// @ts-ignore: decorator
@lazy const lb: usize = memory.data(13 * 8, 8);
// @ts-ignore: decorator
@lazy const padded: usize = memory.data(72, 8);

/** `count` limbs of 21 bits from `len` little-endian bytes at s (fixed loop). */
function loadLimbs(out: usize, s: usize, len: i32, count: i32): void {
  memory.fill(padded, 0, 72);
  memory.copy(padded, s, <usize>len);
  for (let i = 0; i < count; i++) {
    let bit = i * 21;
    let w = load<u32>(padded + <usize>(bit >> 3)) >>> <u32>(bit & 7);
    store<i64>(out + (<usize>i << 3), <i64>(w & 0x1fffff));
  }
}

/** Floor carries over limbs [from, to); limb `to` takes the last carry. */
function carry(from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    let p = t + (<usize>i << 3);
    let v = load<i64>(p);
    let c = v >> 21;
    store<i64>(p, v - (c << 21));
    store<i64>(p + 8, load<i64>(p + 8) + c);
  }
}

/** Moves limb i ≥ 12 down: t_i·2^(21i) = t_i·2^(21(i-12))·(-δ) (mod L). */
function fold(i: i32): void {
  let p = t + (<usize>i << 3);
  let v = load<i64>(p);
  store<i64>(p, 0);
  let q = p - 96;
  for (let j: usize = 0; j < 6; j++) {
    store<i64>(q + (j << 3), load<i64>(q + (j << 3)) + v * load<i64>(FOLD + (j << 3)));
  }
}

/** out (32 bytes) = (the 25 limbs in t) mod L, in constant time. */
function reduce(out: usize): void {
  for (let i = 25; i < LIMBS; i++) store<i64>(t + (<usize>i << 3), 0);
  carry(0, 26);
  for (let i = 26; i >= 12; i--) {
    fold(i);
    carry(i - 12, i - 1);
  }
  for (let round = 0; round < 3; round++) {
    store<i64>(t + 96, 0);
    carry(0, 12);
    fold(12);
  }
  store<i64>(t + 96, 0);
  carry(0, 12);
  let top = load<i64>(t + 96);
  // Pack the 12 limbs (252 bits), then add top·2^252 in two's complement.
  let w0: u64 = 0, w1: u64 = 0, w2: u64 = 0, w3: u64 = 0;
  for (let i = 0; i < 12; i++) {
    let v = <u64>load<i64>(t + (<usize>i << 3));
    let pos = i * 21, off = <u64>(pos & 63), word = pos >> 6;
    let lo = v << off, hi = off > 43 ? v >> (64 - off) : 0; // public: depends on i only
    if (word == 0) { w0 |= lo; w1 |= hi; }
    else if (word == 1) { w1 |= lo; w2 |= hi; }
    else if (word == 2) { w2 |= lo; w3 |= hi; }
    else { w3 |= lo; }
  }
  w3 += <u64>(top << 60);
  // Negative (value ≥ -L): add L under a mask.
  let mask = <u64>(<i64>w3 >> 63);
  let l0 = load<u64>(ORDER) & mask, l1 = load<u64>(ORDER, 8) & mask;
  let l2 = load<u64>(ORDER, 16) & mask, l3 = load<u64>(ORDER, 24) & mask;
  let s0 = w0 + l0, c0 = u64(s0 < w0);
  let s1 = w1 + l1 + c0, c1 = u64(s1 < w1) | (u64(s1 == w1) & c0);
  let s2 = w2 + l2 + c1, c2 = u64(s2 < w2) | (u64(s2 == w2) & c1);
  let s3 = w3 + l3 + c2;
  // Now 0 ≤ value < 2L: subtract L unless that borrows.
  let m0 = load<u64>(ORDER), m1 = load<u64>(ORDER, 8), m2 = load<u64>(ORDER, 16), m3 = load<u64>(ORDER, 24);
  let d0 = s0 - m0, b0 = u64(s0 < m0);
  let d1 = s1 - m1 - b0, b1 = u64(s1 < m1) | (u64(s1 == m1) & b0);
  let d2 = s2 - m2 - b1, b2 = u64(s2 < m2) | (u64(s2 == m2) & b1);
  let d3 = s3 - m3 - b2, b3 = u64(s3 < m3) | (u64(s3 == m3) & b2);
  let keep = b3 - 1; // all ones when value ≥ L (no borrow): take the difference
  store<u64>(out, (d0 & keep) | (s0 & ~keep));
  store<u64>(out, (d1 & keep) | (s1 & ~keep), 8);
  store<u64>(out, (d2 & keep) | (s2 & ~keep), 16);
  store<u64>(out, (d3 & keep) | (s3 & ~keep), 24);
}

/** out (32 bytes) = the 64-byte little-endian h mod L, in constant time. */
export function scReduce512Ct(out: usize, h: usize): void {
  loadLimbs(t, h, 64, 25);
  reduce(out);
}

/** out (32 bytes) = (a·b + c) mod L for 32-byte little-endian a, b, c, in constant time. */
export function scMulAddCt(out: usize, a: usize, b: usize, c: usize): void {
  loadLimbs(la, a, 32, 13);
  loadLimbs(lb, b, 32, 13);
  loadLimbs(t, c, 32, 13);
  for (let i = 13; i < LIMBS; i++) store<i64>(t + (<usize>i << 3), 0);
  for (let i = 0; i < 13; i++) {
    let ai = load<i64>(la + (<usize>i << 3));
    for (let j = 0; j < 13; j++) {
      let p = t + (<usize>(i + j) << 3);
      store<i64>(p, load<i64>(p) + ai * load<i64>(lb + (<usize>j << 3)));
    }
  }
  reduce(out);
}
