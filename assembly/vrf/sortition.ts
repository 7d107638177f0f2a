// Weighted sortition from a VRF output, in exact integer arithmetic (docs/VRF.md §3 is the
// normative text; this file implements it step by step).
//
// A validator with weight w out of a total W, when τ seats are expected in all, wins
//   seats ~ Poisson(λ),  λ = w·τ / W,
// sampled by inverting the CDF at u = the first 8 bytes of beta (big-endian) / 2^64:
//   seats = the least k with u < F(k) = Σ_{j ≤ k} e^-λ λ^j / j!.
// Poisson rather than Algorand's binomial: independent Poisson variables add up to a
// Poisson of the summed means, so however a weight is split across identities, the total
// seats have exactly the same distribution (not just the same mean), the result does not
// depend on the unit weights are counted in, and τ > W needs no special case.
//
// Numbers: probabilities are "soft floats" (m, e) = m·2^e with a 64-bit mantissa m whose
// top bit is set (or m = 0). Every operation truncates (floor), so the result is a pure
// function of the inputs on every machine. F(k) is accumulated in 128-bit fixed point
// (scale 2^127) and compared with u·2^63. docs/VRF.md states the error bound: the computed
// F(k) is within 2^-40 of the exact Poisson CDF for every k (tested against 256-bit BigInt).
import { SHA512_CTX_BYTES, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal } from "../hash/sha512";
import { EXP_M1_MANTISSA } from "./constants.generated";

/** Largest τ (expected seats in all). */
export const SORTITION_TAU_MAX: u32 = 65536;
/** Largest number of seats one validator can win (the CDF walk's bound). */
export const SORTITION_SEATS_MAX: u32 = 131072;
/** Taylor terms of e^-f for f in [0, 1): the first omitted one is below 1/25! < 2^-83. */
const EXP_TERMS: u64 = 24;

// Soft-float results (AssemblyScript has no tuples).
let rm: u64 = 0;
let re: i32 = 0;
// The low half of the last mul64.
let lo64: u64 = 0;

/** High 64 bits of a·b (the low 64 bits go to lo64). */
function mul64(a: u64, b: u64): u64 {
  let a0 = a & 0xffffffff, a1 = a >> 32, b0 = b & 0xffffffff, b1 = b >> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  lo64 = (mid << 32) | (p00 & 0xffffffff);
  return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/** (rm, re) = floor to 64 bits of (am, ae)·(bm, be). */
function sfMul(am: u64, ae: i32, bm: u64, be: i32): void {
  if (am == 0 || bm == 0) { rm = 0; re = 0; return; }
  let hi = mul64(am, bm);
  if ((hi >> 63) != 0) { rm = hi; re = ae + be + 64; }
  else { rm = (hi << 1) | (lo64 >> 63); re = ae + be + 63; }
}

/** (rm, re) = floor to 64 bits of (am, ae) / d, for 1 ≤ d ≤ 2^32. */
function sfDivSmall(am: u64, ae: i32, d: u64): void {
  if (am == 0) { rm = 0; re = 0; return; }
  // Q = floor(am·2^64 / d) = qa·2^64 + qb, by three short divisions (ra < d ≤ 2^32).
  let qa = am / d, ra = am % d;
  let t1 = (ra << 32) / d, r1 = (ra << 32) % d;
  let qb = (t1 << 32) | ((r1 << 32) / d);
  // am ≥ 2^63 and d ≤ 2^32, so qa ≥ 2^31: the top 64 bits of Q start inside qa.
  let n = <i32>clz(qa);
  rm = n == 0 ? qa : (qa << <u64>n) | (qb >> <u64>(64 - n));
  re = ae - n;
}

/** (rm, re) = the 128-bit value hi·2^64 + lo times 2^shift, truncated to 64 bits. */
function sfFrom128(hi: u64, lo: u64, shift: i32): void {
  if (hi != 0) {
    let n = <i32>clz(hi);
    rm = n == 0 ? hi : (hi << <u64>n) | (lo >> <u64>(64 - n));
    re = shift + 64 - n;
  } else if (lo != 0) {
    let n = <i32>clz(lo);
    rm = lo << <u64>n;
    re = shift - n;
  } else {
    rm = 0; re = 0;
  }
}

/** Quotient of (hi·2^64 + lo) / d by binary long division (d ≥ 1); remainder in divRem. */
let divRem: u64 = 0;
function div128(hi: u64, lo: u64, d: u64): u64 {
  let rem: u64 = 0, q: u64 = 0;
  for (let i = 127; i >= 0; i--) {
    let bit = i >= 64 ? (hi >> <u64>(i - 64)) & 1 : (lo >> <u64>i) & 1;
    let top = rem >> 63;
    rem = (rem << 1) | bit;
    let take = top != 0 || rem >= d;
    if (take) rem -= d;
    if (i < 64) q |= <u64>take << <u64>i; // the quotient fits 64 bits where it is used
  }
  divRem = rem;
  return q;
}

/** value·2^127 of the soft float (m, e) as 128 bits (fixHi, returned low half). */
let fixHi: u64 = 0;
function fix127(m: u64, e: i32): u64 {
  fixHi = 0;
  if (m == 0) return 0;
  let sh = e + 127;
  if (sh > 64) sh = 64; // never taken: every probability here is at most 1 (docs/VRF.md)
  if (sh == 64) { fixHi = m; return 0; }
  if (sh > 0) { fixHi = m >> <u64>(64 - sh); return m << <u64>sh; }
  if (sh > -64) return m >> <u64>(-sh);
  return 0;
}

/**
 * Seats won (docs/VRF.md §3) for the 64-byte VRF output beta, weight w, total weight W
 * (1 ≤ W, w ≤ W) and τ ≤ SORTITION_TAU_MAX expected seats. The caller checks the ranges.
 */
export function sortitionSeats(beta: usize, w: u64, total: u64, tau: u32): u32 {
  // λ = w·τ/W = i + f/2^64 (f truncated): i = floor(w·τ / W), f = floor((w·τ mod W)·2^64 / W).
  let nHi = mul64(w, <u64>tau), nLo = lo64;
  let i = div128(nHi, nLo, total);
  let f = div128(divRem, 0, total);
  sfFrom128(i, f, -64);
  let lamM = rm, lamE = re;
  // e^-f by its Taylor series in Q1.63 (1.0 = 2^63): alternating, decreasing terms.
  let term: u64 = <u64>1 << 63, sum: u64 = <u64>1 << 63;
  for (let k: u64 = 1; k <= EXP_TERMS; k++) {
    term = mul64(term, f) / k;
    sum = (k & 1) != 0 ? sum - term : sum + term;
  }
  sfFrom128(0, sum, -63);
  let pM = rm, pE = re;
  // e^-i = (e^-1)^i, square-and-multiply from bit 16 of i down (i ≤ τ ≤ 2^16).
  let eM: u64 = <u64>1 << 63, eE: i32 = -63;
  for (let b = 16; b >= 0; b--) {
    sfMul(eM, eE, eM, eE); eM = rm; eE = re;
    if (((i >> <u64>b) & 1) != 0) { sfMul(eM, eE, EXP_M1_MANTISSA, -65); eM = rm; eE = re; }
  }
  sfMul(eM, eE, pM, pE); pM = rm; pE = re; // P(0) = e^-i · e^-f
  // u·2^63 against F(k)·2^127.
  let u = bswap<u64>(load<u64>(beta));
  let tHi = u >> 1, tLo = u << 63;
  let sLo = fix127(pM, pE), sHi = fixHi;
  let k: u32 = 0;
  while (k < SORTITION_SEATS_MAX && (tHi > sHi || (tHi == sHi && tLo >= sLo))) {
    sfMul(pM, pE, lamM, lamE);              // P(k+1) = P(k)·λ / (k+1)
    sfDivSmall(rm, re, <u64>k + 1); pM = rm; pE = re;
    k++;
    let addLo = fix127(pM, pE), addHi = fixHi;
    let newLo = sLo + addLo;
    sHi = sHi + addHi + u64(newLo < sLo);
    sLo = newLo;
    // Past the mode the terms only shrink: once one is below 2^-127 the rest of the tail is
    // too, and u is in the gap the truncations left below 1. Stop at this k.
    if (k > <u32>i && (addHi | addLo) == 0) break;
  }
  return k;
}

/**
 * Committee seats (docs/VRF.md §3.7) for the 64-byte VRF output beta, weight w, total
 * weight W (1 ≤ W, w ≤ W) and τ ≤ SORTITION_TAU_MAX: the expected share λ = w·τ/W rounded
 * at random, ⌊λ⌋ seats plus one more when u·W < r·2^64 (r = w·τ mod W, u the first 8
 * bytes of beta, big-endian). The mean is λ, as with §3.1's Poisson rule, but a validator's
 * count never strays more than one seat from it, so a committee that is short of a few
 * validators still reaches the threshold. The caller checks the ranges.
 */
export function committeeSeats(beta: usize, w: u64, total: u64, tau: u32): u32 {
  let nHi = mul64(w, <u64>tau), nLo = lo64;
  let whole = div128(nHi, nLo, total); // ≤ τ: w ≤ W
  let r = divRem;
  let u = bswap<u64>(load<u64>(beta));
  // u·W < r·2^64 exactly when the high half of u·W is below r (the low half is < 2^64).
  return <u32>whole + u32(mul64(u, total) < r);
}

/** "chiron/sortition/priority" in ASCII: the priority hash's domain tag. */
// @ts-ignore: decorator
@lazy const PRIORITY_TAG: usize = memory.data<u8>([
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x73, 0x6f, 0x72, 0x74, 0x69, 0x74, 0x69, 0x6f, 0x6e,
  0x2f, 0x70, 0x72, 0x69, 0x6f, 0x72, 0x69, 0x74, 0x79,
]);
const PRIORITY_TAG_BYTES: usize = 25;
// @ts-ignore: decorator
@lazy const prioCtx: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
// @ts-ignore: decorator
@lazy const prioDigest: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const prioIndex: usize = memory.data(8, 8);

/** 1 if the 32 bytes at a are below those at b, read as big-endian integers. */
function lessBE(a: usize, b: usize): bool {
  for (let i: usize = 0; i < 32; i += 8) {
    let x = bswap<u64>(load<u64>(a + i)), y = bswap<u64>(load<u64>(b + i));
    if (x != y) return x < y;
  }
  return false;
}

/**
 * out (32 bytes) = the priority of a proposal that won `seats` ≥ 1 seats with output beta:
 * the least, as a big-endian integer, of SHA-512(tag ‖ beta ‖ LE32(j))[0..32] over
 * j = 0 … seats-1 (one draw per seat, as in Algorand; lower wins).
 */
export function sortitionPriority(out: usize, beta: usize, seats: u32): void {
  for (let j: u32 = 0; j < seats; j++) {
    sha512CtxInit(prioCtx);
    sha512CtxUpdate(prioCtx, PRIORITY_TAG, PRIORITY_TAG_BYTES);
    sha512CtxUpdate(prioCtx, beta, 64);
    store<u32>(prioIndex, j);
    sha512CtxUpdate(prioCtx, prioIndex, 4);
    sha512CtxFinal(prioCtx, prioDigest);
    if (j == 0 || lessBE(prioDigest, out)) memory.copy(out, prioDigest, 32);
  }
}
