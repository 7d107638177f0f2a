// floor(a·b / d) for u64 a, b, d with an exact 128-bit intermediate product: the merit and
// reward formulas of docs/PROTOCOL.md §15 are stated on exact products, and a·b overflows 64
// bits for large bonds (bond × level, E·(τ + bonus) × w, EPOCH_REWARD × work). Integers only.

/** High half of the last mul128. */
let prodHi: u64 = 0;

/**
 * The 128-bit product a·b: returns the low 64 bits, leaves the high 64 in prodHi.
 *
 * Proof. With a = a1·2^32 + a0 and b = b1·2^32 + b0 (all halves < 2^32), each partial
 * product p_ij = a_i·b_j < 2^64 fits. a·b = p11·2^64 + (p01 + p10)·2^32 + p00. The middle
 * column mid = hi32(p00) + lo32(p01) + lo32(p10) < 3·2^32 fits, so the low word is
 * lo32(mid)·2^32 + lo32(p00), and the high word is p11 + hi32(p01) + hi32(p10) + hi32(mid),
 * which is exact (no wrap) because a·b < 2^128.
 */
export function mul128(a: u64, b: u64): u64 {
  let a0 = a & 0xffffffff, a1 = a >> 32;
  let b0 = b & 0xffffffff, b1 = b >> 32;
  let p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  let mid = (p00 >> 32) + (p01 & 0xffffffff) + (p10 & 0xffffffff);
  prodHi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return (mid << 32) | (p00 & 0xffffffff);
}

/**
 * floor((hi·2^64 + lo) / d) for hi < d (so the quotient fits in 64 bits), by restoring binary
 * long division: 64 steps, each shifting one dividend bit into the remainder.
 *
 * Proof. Invariant: rem < d before each step. The step forms 2·rem + bit < 2d, which may
 * need 65 bits; `top` is its bit 64. If top = 1 the true value is ≥ 2^64 > d, and because it
 * is < 2d the difference (true value − d) < d < 2^64, so the wrapping subtraction
 * (rem << 1 | bit) − d computes it exactly. Otherwise subtract iff rem ≥ d. Either way the
 * invariant holds and one quotient bit is produced, most significant first. Initially
 * rem = hi < d by the precondition.
 */
function div128(hi: u64, lo: u64, d: u64): u64 {
  let rem = hi, q: u64 = 0;
  for (let i = 0; i < 64; i++) {
    let top = rem >> 63;
    rem = (rem << 1) | (lo >> 63);
    lo <<= 1;
    q <<= 1;
    if (top != 0 || rem >= d) {
      rem -= d;
      q |= 1;
    }
  }
  return q;
}

/**
 * floor(a·b / d), exact. d = 0 or a quotient of 2^64 or more saturates to 2^64 − 1; callers
 * never reach either (their arguments satisfy a ≤ d or b ≤ d, so a·b/d ≤ max(a, b), and they
 * check d ≥ 1), and saturation keeps a broken invariant from trapping.
 */
export function mulDiv(a: u64, b: u64, d: u64): u64 {
  if (d == 0) return U64.MAX_VALUE;
  let lo = mul128(a, b);
  let hi = prodHi;
  if (hi == 0) return lo / d;
  if (hi >= d) return U64.MAX_VALUE;
  return div128(hi, lo, d);
}
