// Multi-scalar multiplication Σ [k_i]P_i on G1 and G2 by Pippenger's bucket method
// (N. Pippenger, "On the evaluation of powers and related problems", FOCS 1976; the form
// used by every pairing library, e.g. Bernstein–Doumen–Lange–Oosterwijk, ePrint 2012/549 §4).
//
// Each scalar is cut into windows of c bits. For each window, from the top: the running sum
// is doubled c times; each point is added into the bucket of its window digit d ∈ [1, 2^c);
// then Σ d·B_d is formed with two running sums (B_max, B_max + B_(max-1), …), 2·2^c
// additions. Cost ≈ (bits/c)·(n + 2^(c+1)) additions + bits doublings, so c grows with
// log n. Bucket additions hit mixed addition whenever the input points have Z = 1 (decoded
// points do). Variable time: public inputs only (batch verification).
//
// Points are Jacobian (G1_BYTES / G2_BYTES each, contiguous), scalars little-endian of
// scalarBytes each (contiguous). The buckets are allocated per call (freed by the next
// chiron_reset()).
import { G1_BYTES, g1Zero, g1Add, g1Dbl, g1Copy, g1MulVartime } from "./g1";
import { G2_BYTES, g2Zero, g2Add, g2Dbl, g2Copy, g2MulVartime } from "./g2";

/** Most points in one MSM (bounds the loops and the call's memory). */
export const MSM_POINTS_MAX: i32 = 1 << 16;
/** Largest window, in bits (2^13 buckets of G2 points is 2.75 MB). */
const WINDOW_BITS_MAX: i32 = 13;

type PointOp2 = (o: usize, a: usize, b: usize) => void;
type PointOp1 = (o: usize, a: usize) => void;
type PointOp0 = (o: usize) => void;
type PointMul = (o: usize, a: usize, scalar: usize, n: i32) => void;

/** Window width for n points: about log2(n) - 2, at least 2. */
export function msmWindowBits(n: i32): i32 {
  const lg = 32 - clz<i32>(n);
  let c = lg - 2;
  if (c < 2) c = 2;
  if (c > WINDOW_BITS_MAX) c = WINDOW_BITS_MAX;
  return c;
}

/** Bits [pos, pos + c) of the little-endian scalar of n bytes (zero beyond its end). */
function windowDigit(scalar: usize, n: i32, pos: i32, c: i32): u32 {
  let v: u32 = 0;
  const first = pos >> 3;
  for (let i = 0; i < 4; i++) {
    const b = first + i;
    if (b < n) v |= (<u32>load<u8>(scalar + <usize>b)) << (i * 8);
  }
  return (v >> (pos & 7)) & ((1 << c) - 1);
}

function msm(
  o: usize, points: usize, scalars: usize, n: i32, scalarBytes: i32, pointBytes: usize,
  zero: PointOp0, add: PointOp2, dbl: PointOp1, copy: PointOp1, mul: PointMul,
  tmp: usize,
): void {
  if (n <= 0 || scalarBytes <= 0) { zero(o); return; }
  if (n > MSM_POINTS_MAX) n = MSM_POINTS_MAX;
  if (n < 4) {
    // Too few points for buckets to pay: one multiplication each.
    zero(tmp);
    for (let i = 0; i < n; i++) {
      mul(tmp + pointBytes, points + <usize>i * pointBytes, scalars + <usize>(i * scalarBytes), scalarBytes);
      add(tmp, tmp, tmp + pointBytes);
    }
    copy(o, tmp);
    return;
  }
  const c = msmWindowBits(n);
  const buckets = 1 << c;                        // index 0 unused
  const mem = heap.alloc(<usize>buckets * pointBytes);
  const acc = tmp, run = tmp + pointBytes, sum = tmp + 2 * pointBytes;
  const bits = scalarBytes * 8;
  const windows = (bits + c - 1) / c;
  zero(acc);
  for (let w = windows - 1; w >= 0; w--) {
    for (let j = 0; j < c; j++) dbl(acc, acc);
    for (let d = 1; d < buckets; d++) zero(mem + <usize>d * pointBytes);
    let top = 0;
    for (let i = 0; i < n; i++) {
      const d = <i32>windowDigit(scalars + <usize>(i * scalarBytes), scalarBytes, w * c, c);
      if (d == 0) continue;
      const b = mem + <usize>d * pointBytes;
      add(b, b, points + <usize>i * pointBytes);
      if (d > top) top = d;
    }
    // Σ d·B_d = Σ_{d} (B_top + … + B_d).
    zero(run);
    zero(sum);
    for (let d = top; d >= 1; d--) {
      add(run, run, mem + <usize>d * pointBytes);
      add(sum, sum, run);
    }
    add(acc, acc, sum);
  }
  heap.free(mem);
  copy(o, acc);
}

// @ts-ignore: decorator
@lazy const T1: usize = memory.data(<i32>G1_BYTES * 3, 16);
// @ts-ignore: decorator
@lazy const T2: usize = memory.data(<i32>G2_BYTES * 3, 16);

/** o = Σ [k_i]P_i over n G1 points (G1_BYTES each) and little-endian scalars. */
export function g1MsmVartime(o: usize, points: usize, scalars: usize, n: i32, scalarBytes: i32): void {
  msm(o, points, scalars, n, scalarBytes, G1_BYTES, g1Zero, g1Add, g1Dbl, g1Copy, g1MulVartime, T1);
}

/** o = Σ [k_i]P_i over n G2 points (G2_BYTES each) and little-endian scalars. */
export function g2MsmVartime(o: usize, points: usize, scalars: usize, n: i32, scalarBytes: i32): void {
  msm(o, points, scalars, n, scalarBytes, G2_BYTES, g2Zero, g2Add, g2Dbl, g2Copy, g2MulVartime, T2);
}
