// The batch verifier's r_i·PK_i = [a_i]PK_i + [b_i](−φ(PK_i)) (batch.ts; a_i, b_i < 2^64) by a
// fixed-base comb whose tables are KEPT across calls for recurring keys.
//
// Validator keys recur in every batch of votes, so a precomputation per key pays back. With
// 4 teeth 16 bits apart, T[m] = Σ_{j: bit j of m} [2^(16j)]P (m < 16), and the digit
// d_k = a_k + 2a_(k+16) + 4a_(k+32) + 8a_(k+48), [a]P = Σ_k [2^k]T[d_k]: 16 doublings, and
// as −φ is a homomorphism, −φ(T[e_k]) = (β·x, −y) serves b on the same chain. One multiplication
// then costs 16 doublings and about 30 mixed additions, against 64 doublings and about 22 for
// the odd-multiples GLV of glv.ts. Building a table (48 doublings, 11 additions and a share
// of one inversion for its affine form) costs about one such multiplication, paid once per key.
//
// The cache is direct-mapped on the key's x coordinate and tagged with the whole affine key,
// so a hit holds exactly the table that building it again would give: it changes no verdict.
// It lives in memory allocated by the module's start (fresh wasm memory is zero, so untouched
// entries cost nothing and an entry is valid only once its flag is set). Variable time.
import { FP_BYTES, fpMul, fpNeg, fpOne } from "./fp";
import { G1_BYTES, G1_AFFINE_BYTES, g1Zero, g1Add, g1Dbl, g1Copy, g1Beta, g1ToAffine } from "./g1";
import { g1AffineBatch } from "./affine";

const TEETH: i32 = 4;
const SPACING: i32 = 16;
const ENTRIES: i32 = 1 << TEETH;
/** Cache entries (a power of two) and the bytes of one: flag, tag (the affine key), T[1..15]. */
const CACHE_SLOTS: usize = 4096;
const HEADER_BYTES: usize = 16;
const TABLE_BYTES: usize = <usize>(ENTRIES - 1) * G1_AFFINE_BYTES;
const ENTRY_BYTES: usize = HEADER_BYTES + G1_AFFINE_BYTES + TABLE_BYTES;
const CACHE: usize = heap.alloc(CACHE_SLOTS * ENTRY_BYTES);

/** Scratch bytes g1MulHalvesCombBatchVartime needs per point. */
export const G1_COMB_BATCH_BYTES: usize = G1_AFFINE_BYTES + 8 + <usize>ENTRIES * G1_BYTES +
  <usize>(ENTRIES - 1) * (G1_BYTES + FP_BYTES + 2 * G1_AFFINE_BYTES) + 32;

// @ts-ignore: decorator
@lazy const ADD: usize = memory.data(<i32>G1_BYTES, 16);
// @ts-ignore: decorator
@lazy const ACC: usize = memory.data(<i32>G1_BYTES, 16);

/** The cache entry for an affine key (x ‖ y in internal form). */
function entryOf(xy: usize): usize {
  return CACHE + (<usize>load<u32>(xy) & (CACHE_SLOTS - 1)) * ENTRY_BYTES;
}

/** Bit i of a little-endian u64 at p. */
// @ts-ignore: decorator
@inline function bitOf(v: u64, i: i32): u32 { return <u32>((v >> <u64>i) & 1); }

/**
 * outs_i = [a_i]P_i + [b_i](−φ(P_i)) = [a_i + b_i·z²]P_i for n points of G1 (Jacobian,
 * G1_BYTES apart, not infinity) and halves a_i, b_i (u64 at as + 8i, bs + 8i). Keys not in
 * the cache get their tables built together (one inversion) and stored. `scratch` holds
 * n·G1_COMB_BATCH_BYTES.
 */
export function g1MulHalvesCombBatchVartime(outs: usize, points: usize, as: usize, bs: usize, n: i32, scratch: usize): void {
  const nn = <usize>n;
  const keys = scratch;                                       // affine keys
  const tables = keys + nn * G1_AFFINE_BYTES;                 // per point: T[d] at tables_i + d·112
  const dests = tables + nn * 4;                              // per table built: where T[1..15] go
  const jac = (dests + nn * 4 + 15) & ~15;                    // per table built: 16 Jacobian points
  const priv = jac + nn * <usize>ENTRIES * G1_BYTES;          // tables for keys whose slot is taken
  let misses = 0;
  for (let i = 0; i < n; i++) {
    const xy = keys + <usize>i * G1_AFFINE_BYTES;
    g1ToAffine(xy, points + <usize>i * G1_BYTES);             // a copy when Z = 1
    const e = entryOf(xy);
    const flag = load<u32>(e);
    // Flag 1: a stored table; 2: one being built in this call; 3: a stored table this call
    // uses. An entry this call uses or builds is never evicted by another key of the call.
    if (flag != 0 && memory.compare(e + HEADER_BYTES, xy, G1_AFFINE_BYTES) == 0) {
      if (flag == 1) store<u32>(e, 3);
      store<u32>(tables + <usize>i * 4, <u32>(e + HEADER_BYTES));
      continue;
    }
    let dest: usize;
    if (flag >= 2) {                                          // the slot is in use in this call:
      dest = priv + <usize>misses * TABLE_BYTES;              // a private table, not cached
      store<u32>(dests + <usize>misses * 4, <u32>dest | 1);
    } else {
      store<u32>(e, 2);
      memory.copy(e + HEADER_BYTES, xy, G1_AFFINE_BYTES);
      dest = e + HEADER_BYTES + G1_AFFINE_BYTES;
      store<u32>(dests + <usize>misses * 4, <u32>dest);
    }
    // (bit 0 marks a private table)
    store<u32>(tables + <usize>i * 4, <u32>(dest - G1_AFFINE_BYTES) | <u32>(load<u32>(dests + <usize>misses * 4) & 1));
    const t = jac + <usize>misses * <usize>ENTRIES * G1_BYTES;
    g1Copy(t + G1_BYTES, points + <usize>i * G1_BYTES);
    for (let j = 1; j < TEETH; j++) {
      const dst = t + (<usize>1 << <usize>j) * G1_BYTES;
      g1Copy(dst, t + (<usize>1 << <usize>(j - 1)) * G1_BYTES);
      for (let k = 0; k < SPACING; k++) g1Dbl(dst, dst);
    }
    for (let m = 3; m < ENTRIES; m++) {
      const low = m & -m;
      if (low != m) g1Add(t + <usize>m * G1_BYTES, t + <usize>(m - low) * G1_BYTES, t + <usize>low * G1_BYTES);
    }
    misses++;
  }
  if (misses > 0) {
    // T[1..15] of every new table to affine with one inversion, then to their places.
    const count = misses * (ENTRIES - 1);
    const pts = priv + nn * TABLE_BYTES;                      // the Jacobian T[1..15], compacted
    const prefix = pts + <usize>count * G1_BYTES;
    const aff = prefix + <usize>count * FP_BYTES;
    for (let k = 0; k < misses; k++) {
      const t = jac + <usize>k * <usize>ENTRIES * G1_BYTES;
      memory.copy(pts + <usize>(k * (ENTRIES - 1)) * G1_BYTES, t + G1_BYTES, <usize>(ENTRIES - 1) * G1_BYTES);
    }
    g1AffineBatch(aff, pts, count, prefix);
    for (let k = 0; k < misses; k++) {
      const word = <usize>load<u32>(dests + <usize>k * 4), dest = word & ~1;
      memory.copy(dest, aff + <usize>(k * (ENTRIES - 1)) * G1_AFFINE_BYTES, TABLE_BYTES);
      if ((word & 1) == 0) store<u32>(dest - G1_AFFINE_BYTES - HEADER_BYTES, 3);   // built, in use
    }
  }
  fpOne(ADD + 2 * FP_BYTES);                                  // table entries join as Z = 1
  for (let i = 0; i < n; i++) {
    const table = <usize>load<u32>(tables + <usize>i * 4) & ~1;
    const a = load<u64>(as + <usize>i * 8), b = load<u64>(bs + <usize>i * 8);
    const acc = ACC;
    g1Zero(acc);
    for (let k = SPACING - 1; k >= 0; k--) {
      g1Dbl(acc, acc);
      const d = bitOf(a, k) | (bitOf(a, k + 16) << 1) | (bitOf(a, k + 32) << 2) | (bitOf(a, k + 48) << 3);
      if (d != 0) {
        memory.copy(ADD, table + <usize>d * G1_AFFINE_BYTES, G1_AFFINE_BYTES);
        g1Add(acc, acc, ADD);
      }
      const e = bitOf(b, k) | (bitOf(b, k + 16) << 1) | (bitOf(b, k + 32) << 2) | (bitOf(b, k + 48) << 3);
      if (e != 0) {
        const s = table + <usize>e * G1_AFFINE_BYTES;
        fpMul(ADD, s, g1Beta());                              // −φ(x, y) = (β·x, −y)
        fpNeg(ADD + FP_BYTES, s + FP_BYTES);
        g1Add(acc, acc, ADD);
      }
    }
    g1Copy(outs + <usize>i * G1_BYTES, acc);
  }
  // The call is done with its entries: stored tables again (flag 1).
  for (let i = 0; i < n; i++) {
    const word = <usize>load<u32>(tables + <usize>i * 4);
    if ((word & 1) == 0) store<u32>(word - HEADER_BYTES, 1);
  }
}
