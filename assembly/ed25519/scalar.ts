// Scalars modulo L = 2^252 + 27742317777372353535851937790883648493, the order of the
// prime-order subgroup of edwards25519 (RFC 8032 §5.1), for verification only.
//
// Reduction works on signed 21-bit limbs in i64 (ref10's sc_reduce idea): since
// 2^252 = -δ (mod L) with δ = L - 2^252 (125 bits), a limb t_i with i >= 12 has weight
// 2^(21(i-12))·2^252 and folds into limbs i-12 … i-7 as t_i·(-δ), where -δ in signed
// 21-bit limbs is SC_FOLD below. Folding from the top limb down, with a carry pass after
// each fold, keeps every limb far from overflow; what is left is below 2^253 < 2L, so
// one conditional subtraction of L finishes. Everything here handles public values
// (hashes, signature scalars, batch weights), so it may be variable time.

/** 32-byte little-endian L. */
// @ts-ignore: decorator
@lazy const SC_L: usize = memory.data<u64>([
  0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0x0000000000000000, 0x1000000000000000,
]);

/** -δ = 2^252 - L as signed 21-bit limbs (limb j has weight 2^(21j)). */
// @ts-ignore: decorator
@lazy const SC_FOLD: usize = memory.data<i64>([666643, 470296, 654183, -997805, 136657, -683901]);

/** Most 21-bit limbs a reduction touches: a 512-bit hash or a product of two 32-byte
 *  scalars is 25 limbs, plus 2 for carries. */
const SC_LIMBS_MAX: i32 = 28;

// @ts-ignore: decorator
@lazy const scLimbs: usize = memory.data(SC_LIMBS_MAX * 8, 8);
// @ts-ignore: decorator
@lazy const scPadded: usize = memory.data(72, 8);
// @ts-ignore: decorator
@lazy const scLimbsA: usize = memory.data(13 * 8, 8);
// @ts-ignore: decorator
@lazy const scLimbsB: usize = memory.data(13 * 8, 8);

/** 1 if the 32-byte little-endian s is below L (RFC 8032 §5.1.7 step 1), else 0. */
export function scIsCanonicalVartime(s: usize): i32 {
  for (let i = 24; i >= 0; i -= 8) {
    let a = load<u64>(s + <usize>i), l = load<u64>(SC_L + <usize>i);
    if (a != l) return i32(a < l);
  }
  return 0; // s = L
}

/** Splits `len` (<= 64) little-endian bytes into ceil(8·len/21) limbs of 21 bits at `t`. */
function loadLimbs21(t: usize, s: usize, len: i32): i32 {
  memory.fill(scPadded, 0, 72);
  memory.copy(scPadded, s, <usize>len);
  let n = (len * 8 + 20) / 21;
  for (let i = 0; i < n; i++) {
    let bit = i * 21;
    let w = load<u32>(scPadded + <usize>(bit >> 3)) >>> <u32>(bit & 7);
    store<i64>(t + (<usize>i << 3), <i64>(w & 0x1fffff));
  }
  return n;
}

/** Floor carries over limbs [from, to): each ends in [0, 2^21), limb `to` takes the rest. */
// @ts-ignore: decorator
@inline function carryLimbs(t: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    let p = t + (<usize>i << 3);
    let v = load<i64>(p);
    let c = v >> 21;
    store<i64>(p, v - (c << 21));
    store<i64>(p + 8, load<i64>(p + 8) + c);
  }
}

/** t_i·2^(21i) = t_i·2^(21(i-12))·(-δ) (mod L): moves limb i >= 12 down. */
// @ts-ignore: decorator
@inline function foldLimb(t: usize, i: i32): void {
  let p = t + (<usize>i << 3);
  let v = load<i64>(p);
  store<i64>(p, 0);
  let q = p - 96;
  for (let j: usize = 0; j < 6; j++) {
    store<i64>(q + (j << 3), load<i64>(q + (j << 3)) + v * load<i64>(SC_FOLD + (j << 3)));
  }
}

/**
 * out (32 bytes) = (Σ t_i 2^(21i)) mod L for n limbs at t (n + 2 <= SC_LIMBS_MAX, each
 * |t_i| < 2^60: the first carry pass is the only place a limb's full size matters). Limbs n … n+1 of the buffer must be free: carries may spill there.
 */
function reduceLimbs(out: usize, t: usize, n: i32): void {
  store<i64>(t + (<usize>n << 3), 0);
  store<i64>(t + (<usize>(n + 1) << 3), 0);
  n += 2;
  carryLimbs(t, 0, n - 1);
  for (let i = n - 1; i >= 12; i--) {
    foldLimb(t, i);
    // The fold added up to 2^21·2^20·(small) to limbs i-12 … i-7; renormalize so the
    // next fold multiplies a 22-bit value at most.
    carryLimbs(t, i - 12, i - 1);
  }
  // Now value = Σ_{i<12} t_i 2^(21i) + t_11's excess; bring it into [0, 2^253).
  for (let round = 0; round < 4; round++) {
    store<i64>(t + 96, 0);
    carryLimbs(t, 0, 12);
    let top = load<i64>(t + 96);
    if (top == 0 || top == 1) break;
    foldLimb(t, 12);
  }
  // Pack 12 limbs of 21 bits plus bit 252 (limb 12) into four little-endian words.
  memory.fill(out, 0, 32);
  for (let i = 0; i < 13; i++) {
    let v = <u64>load<i64>(t + (<usize>i << 3));
    let pos = i * 21, word = out + (<usize>(pos >> 6) << 3), off = <u64>(pos & 63);
    store<u64>(word, load<u64>(word) | (v << off));
    if (off > 43 && pos < 192) store<u64>(word + 8, load<u64>(word + 8) | (v >> (64 - off)));
  }
  // value < 2^253 < 2L: at most one subtraction.
  if (!scIsCanonicalVartime(out)) subL(out);
}

function subL(s: usize): void {
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    let a = load<u64>(s + i), b = load<u64>(SC_L + i);
    let d = a - b - borrow;
    borrow = u64(a < b) | u64(a == b && borrow != 0);
    store<u64>(s + i, d);
  }
}

/** out (32 bytes) = the 64-byte little-endian h mod L (RFC 8032 §5.1.7 step 2). */
export function scReduce512(out: usize, h: usize): void {
  let n = loadLimbs21(scLimbs, h, 64);
  reduceLimbs(out, scLimbs, n);
}

/** out (32 bytes) = a·b mod L, for `a` of aLen bytes and `b` of 32 bytes. */
export function scMul(out: usize, a: usize, aLen: i32, b: usize): void {
  let na = loadLimbs21(scLimbsA, a, aLen);
  let nb = loadLimbs21(scLimbsB, b, 32);
  memory.fill(scLimbs, 0, SC_LIMBS_MAX * 8);
  for (let i = 0; i < na; i++) {
    let ai = load<i64>(scLimbsA + (<usize>i << 3));
    for (let j = 0; j < nb; j++) {
      let p = scLimbs + (<usize>(i + j) << 3);
      store<i64>(p, load<i64>(p) + ai * load<i64>(scLimbsB + (<usize>j << 3)));
    }
  }
  reduceLimbs(out, scLimbs, na + nb - 1);
}

/** out = (a + b) mod L, for a and b below L (32 bytes each; out may alias). */
export function scAdd(out: usize, a: usize, b: usize): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    let x = load<u64>(a + i), y = load<u64>(b + i);
    let s = x + y;
    let c1 = u64(s < x);
    let t = s + carry;
    carry = c1 | u64(t < s);
    store<u64>(out + i, t);
  }
  // a + b < 2L < 2^254: no carry out of the top word.
  if (!scIsCanonicalVartime(out)) subL(out);
}

// @ts-ignore: decorator
@lazy const wnafWords: usize = memory.data(40, 8);

/**
 * Width-w non-adjacent form of the 32-byte little-endian scalar s (s < 2^255): writes 256
 * signed digits (i8) to `naf` so that s = Σ naf[i]·2^i, every nonzero digit odd with
 * |digit| < 2^(w-1), and any w consecutive digits holding at most one nonzero one. A
 * window that would reach 2^(w-1) is taken as negative and a carry moves up (the
 * recoding of curve25519-dalek's non_adjacent_form). Returns the index of the highest
 * nonzero digit, or -1 for s = 0. 2 <= w <= 8. Variable time: digits depend on s.
 */
export function scToWnafVartime(naf: usize, s: usize, w: i32): i32 {
  memory.fill(naf, 0, 256);
  memory.copy(wnafWords, s, 32);
  store<u64>(wnafWords + 32, 0);
  let width: u64 = 1 << <u64>w, mask = width - 1;
  let pos = 0, carry: u64 = 0, top = -1;
  while (pos < 256) {
    let word = wnafWords + (<usize>(pos >> 6) << 3), bit = <u64>(pos & 63);
    let buf = load<u64>(word) >> bit;
    if (bit > 0) buf |= load<u64>(word + 8) << (64 - bit);
    let window = carry + (buf & mask);
    if ((window & 1) == 0) { pos++; continue; }
    if (window < (width >> 1)) {
      carry = 0;
      store<i8>(naf + <usize>pos, <i8>window);
    } else {
      carry = 1;
      store<i8>(naf + <usize>pos, <i8>(<i64>window - <i64>width));
    }
    top = pos;
    pos += w;
  }
  return top;
}

/** s = -s mod L for s < L (32 bytes, in place). */
export function scNegate(s: usize): void {
  if ((load<u64>(s) | load<u64>(s, 8) | load<u64>(s, 16) | load<u64>(s, 24)) == 0) return;
  let borrow: u64 = 0;
  for (let i: usize = 0; i < 32; i += 8) {
    let x = load<u64>(SC_L + i), y = load<u64>(s + i);
    let d = x - y - borrow;
    borrow = u64(x < y) | u64(x == y && borrow != 0);
    store<u64>(s + i, d);
  }
}
