// Multi-scalar multiplication on G2 with AFFINE buckets ("batch-affine" Pippenger), for the
// batch verifier's Σ r_i·σ_i over decoded (affine) signatures.
//
// msm.ts adds each point into a Jacobian bucket: a mixed addition, 7 products and 4 squares
// in Fp2. With affine buckets an addition is λ = (y_P − y_B)/(x_P − x_B), x = λ² − x_B − x_P,
// y = λ(x_B − x) − y_B: 2 products and 1 square once 1/(x_P − x_B) is known, and many
// additions share one inversion (Montgomery's trick, 3 products each). The additions into
// the buckets of EVERY window are independent of each other, so they are scheduled together:
// each round takes at most one pending point per bucket (a bucket must not change twice in
// a round), inverts all the round's denominators at once, and applies them; points that
// met a busy bucket wait for the next round. The window sums are then formed as in msm.ts
// by running sums, also affine and for all windows in step (one inversion per step), and
// combined by doublings.
//
// Exceptional additions are decided before the inversion: an empty bucket takes the point as
// it is; x_P = x_B is either P = B (a doubling, denominator 2y_B) or P = −B (the bucket
// empties). y_B ≠ 0 because points of G2 have odd order. Points must be in G2 (or any group
// without 2-torsion) and have Z = 1 or be the point at infinity (skipped); otherwise the
// Jacobian msm.ts serves. Variable time (public inputs only).
import { FP2_BYTES, fp2One, fp2Copy, fp2Sub, fp2Dbl, fp2Mul, fp2Sqr, fp2Neg, fp2Eq, fp2InvVartime, fp2AddLazy } from "./fp2";
import { G2_BYTES, g2Zero, g2IsZero, g2Add, g2Dbl, g2Copy } from "./g2";
import { FP_BYTES, fpOne, fpEq, fpIsZero } from "./fp";
import { msmRecode, g2MsmVartime } from "./msm";

const F2: usize = FP2_BYTES;
/** Window width for n points of `bits`-bit scalars; the cost weights are measured µs·10. */
function windowBitsAffine(n: i32, bits: i32): i32 {
  let best = 2;
  let bestCost: i64 = i64.MAX_VALUE;
  for (let c = 2; c <= 12; c++) {
    const windows = bits / c + 1;
    // an affine bucket addition ≈ 1.6 µs; per bucket and window, two affine additions ≈ 3.7 µs
    const cost = <i64>windows * (16 * <i64>n + 37 * (<i64>1 << (c - 1)));
    if (cost < bestCost) { bestCost = cost; best = c; }
  }
  return best;
}

/** Bytes g2MsmAffineVartime allocates from the call's arena for n points. */
export function g2MsmAffineScratchBytes(n: i32, scalarBytes: i32): usize {
  const bits = scalarBytes * 8, c = windowBitsAffine(n, bits), windows = bits / c + 1;
  const buckets = <usize>windows << <usize>(c - 1);
  const ops = <usize>n * <usize>windows;
  return ops * 2 + buckets * (G2_BYTES + 4 + ADD_RECORD + FP2_BYTES) + ops * 8 + <usize>windows * 2 * G2_BYTES + 64;
}

// @ts-ignore: decorator
@lazy const T: usize = memory.data(<i32>FP2_BYTES * 6, 16);
// @ts-ignore: decorator
@lazy const ACC: usize = memory.data(<i32>G2_BYTES, 16);

// An operation is a u32: the point index in bits 0..16, the bucket index in bits 17..30, and
// in bit 31 the digit's sign (set: subtract the point).
// @ts-ignore: decorator
@inline function opPoint(op: u32): usize { return <usize>(op & 0x1ffff); }
// @ts-ignore: decorator
@inline function opBucket(op: u32): usize { return <usize>((op >> 17) & 0x3fff); }

/** An addition record for addAffineBatch: u32 destination, u32 source, u32 sign (1: subtract). */
const ADD_RECORD: usize = 12;

/** y of a record's source, negated for a subtraction, into o. */
function sourceY(o: usize, rec: usize): void {
  const y = <usize>load<u32>(rec, 4) + F2;
  if (load<u32>(rec, 8) != 0) fp2Neg(o, y);
  else fp2Copy(o, y);
}

/**
 * dst_j ±= src_j for the m records at recs (ADD_RECORD bytes each), all points affine in the
 * Jacobian layout (Z = 1, or Z = 0 for infinity) and every destination distinct, with ONE
 * inversion for all the slopes. An infinite source changes nothing, an infinite destination
 * takes the source, src = dst doubles (denominator 2y) and src = −dst empties dst; the rest
 * are chord additions. `prefix` holds m·FP2_BYTES; records are compacted in place.
 */
function addAffineBatch(recs: usize, m: usize, prefix: usize): void {
  const den = T, inv = T + F2, lam = T + 2 * F2, y = T + 3 * F2, xn = T + 4 * F2, s = T + 5 * F2;
  let k: usize = 0;
  for (let j: usize = 0; j < m; j++) {
    const rec = recs + j * ADD_RECORD;
    const D = <usize>load<u32>(rec), S = <usize>load<u32>(rec, 4);
    if (g2IsZero(S)) continue;
    if (g2IsZero(D)) {
      fp2Copy(D, S);
      sourceY(D + F2, rec);
      fp2One(D + 2 * F2);
      continue;
    }
    if (fp2Eq(D, S)) {
      sourceY(y, rec);
      if (!fp2Eq(y, D + F2)) { g2Zero(D); continue; }     // S = −D
    }
    if (k != j) memory.copy(recs + k * ADD_RECORD, rec, ADD_RECORD);
    k++;
  }
  if (k == 0) return;
  fp2One(s);
  for (let j: usize = 0; j < k; j++) {
    fp2Copy(prefix + j * FP2_BYTES, s);
    denominator(den, recs + j * ADD_RECORD);
    fp2Mul(s, s, den);
  }
  fp2InvVartime(inv, s);
  for (let j = <isize>k - 1; j >= 0; j--) {
    const rec = recs + <usize>j * ADD_RECORD;
    const D = <usize>load<u32>(rec), S = <usize>load<u32>(rec, 4);
    const zi = prefix + <usize>j * FP2_BYTES;
    const dbl = denominator(den, rec);
    fp2Mul(zi, zi, inv);
    fp2Mul(inv, inv, den);
    if (dbl) {
      fp2Sqr(s, D);
      fp2Dbl(y, s);
      fp2AddLazy(s, y, s);
      fp2Mul(lam, s, zi);                                   // 3x²/(2y)
    } else {
      sourceY(y, rec);
      fp2Sub(s, y, D + F2);
      fp2Mul(lam, s, zi);                                   // (y_S − y_D)/(x_S − x_D)
    }
    fp2Sqr(xn, lam);
    fp2Sub(xn, xn, D);
    fp2Sub(xn, xn, S);                                      // x_S = x_D when doubling
    fp2Sub(s, D, xn);
    fp2Mul(s, s, lam);
    fp2Sub(D + F2, s, D + F2);                              // y = λ(x_D − x) − y_D
    fp2Copy(D, xn);
  }
}

/** den = the slope's denominator of a record; true for a doubling (x_S = x_D). */
function denominator(den: usize, rec: usize): bool {
  const D = <usize>load<u32>(rec), S = <usize>load<u32>(rec, 4);
  fp2Sub(den, S, D);
  if (fpIsZero(den) && fpIsZero(den + FP_BYTES)) {
    fp2Dbl(den, D + F2);
    return true;
  }
  return false;
}

/**
 * o = Σ [k_i]P_i over n points of G2 (G2_BYTES apart, each with Z = 1 or infinity) and
 * little-endian scalars of scalarBytes each; allocates g2MsmAffineScratchBytes.
 */
export function g2MsmAffineVartime(o: usize, points: usize, scalars: usize, n: i32, scalarBytes: i32): void {
  const bits = scalarBytes * 8, c = windowBitsAffine(n, bits), windows = bits / c + 1;
  // Up to 2^17 points and 2^14 buckets fit an operation word; other inputs take msm.ts.
  let fits = n >= 4 && n <= (1 << 17) && scalarBytes > 0 && (windows << (c - 1)) <= (1 << 14);
  for (let i = 0; fits && i < n; i++) fits = fp2IsOneOrZero(points + <usize>i * G2_BYTES + 2 * F2);
  if (!fits) { g2MsmVartime(o, points, scalars, n, scalarBytes); return; }
  const half = 1 << (c - 1), perWindow = <usize>half;
  const bucketCount = <usize>windows * perWindow;
  const digits = heap.alloc(<usize>n * <usize>windows * 2);
  msmRecode(digits, scalars, n, scalarBytes, c, windows);
  const buckets = heap.alloc(bucketCount * G2_BYTES);
  const stamps = heap.alloc(bucketCount * 4);
  const recs = heap.alloc(bucketCount * ADD_RECORD);
  const prefix = heap.alloc(bucketCount * FP2_BYTES);
  const maxOps = <usize>n * <usize>windows;
  const listA = heap.alloc(maxOps * 4), listB = heap.alloc(maxOps * 4);
  let pending = listA, next = listB;
  for (let b: usize = 0; b < bucketCount; b++) g2Zero(buckets + b * G2_BYTES);
  memory.fill(stamps, 0, bucketCount * 4);
  // Every (point, window) with a non-zero digit is one addition into bucket (window, |d|).
  let count: usize = 0;
  for (let i = 0; i < n; i++) {
    if (g2IsZero(points + <usize>i * G2_BYTES)) continue;
    for (let w = 0; w < windows; w++) {
      const d = <i32>load<i16>(digits + (<usize>(i * windows + w) << 1));
      if (d == 0) continue;
      const b = <u32>(w * half + (d > 0 ? d : -d) - 1);
      store<u32>(pending + count * 4, <u32>i | (b << 17) | (d < 0 ? 0x80000000 : 0));
      count++;
    }
  }
  // Rounds: at most one addition per bucket, all sharing one inversion.
  let stamp: u32 = 0;
  while (count > 0) {
    stamp++;
    let waiting: usize = 0, m: usize = 0;
    for (let k: usize = 0; k < count; k++) {
      const op = load<u32>(pending + k * 4);
      const b = opBucket(op), st = stamps + b * 4;
      if (load<u32>(st) == stamp) { store<u32>(next + waiting * 4, op); waiting++; continue; }
      store<u32>(st, stamp);
      const rec = recs + m * ADD_RECORD;
      store<u32>(rec, <u32>(buckets + b * G2_BYTES));
      store<u32>(rec, <u32>(points + opPoint(op) * G2_BYTES), 4);
      store<u32>(rec, op >> 31, 8);
      m++;
    }
    addAffineBatch(recs, m, prefix);
    const t = pending; pending = next; next = t;
    count = waiting;
  }
  // Window sums S_w = Σ_d d·B_(w,d) by running sums R_w = B_(w,h) + … + B_(w,d), S_w += R_w,
  // all windows in step (affine again: one inversion per step and kind).
  const runs = heap.alloc(<usize>windows * G2_BYTES), sums = heap.alloc(<usize>windows * G2_BYTES);
  for (let w = 0; w < windows; w++) { g2Zero(runs + <usize>w * G2_BYTES); g2Zero(sums + <usize>w * G2_BYTES); }
  for (let d = half; d >= 1; d--) {
    for (let w = 0; w < windows; w++) {
      const rec = recs + <usize>w * ADD_RECORD;
      store<u32>(rec, <u32>(runs + <usize>w * G2_BYTES));
      store<u32>(rec, <u32>(buckets + (<usize>w * perWindow + <usize>(d - 1)) * G2_BYTES), 4);
      store<u32>(rec, 0, 8);
    }
    addAffineBatch(recs, <usize>windows, prefix);
    for (let w = 0; w < windows; w++) {
      const rec = recs + <usize>w * ADD_RECORD;
      store<u32>(rec, <u32>(sums + <usize>w * G2_BYTES));
      store<u32>(rec, <u32>(runs + <usize>w * G2_BYTES), 4);
      store<u32>(rec, 0, 8);
    }
    addAffineBatch(recs, <usize>windows, prefix);
  }
  // Σ_w 2^(cw)·S_w from the top window (mixed additions: S_w has Z = 1).
  const acc = ACC;
  g2Zero(acc);
  for (let w = windows - 1; w >= 0; w--) {
    for (let j = 0; j < c; j++) g2Dbl(acc, acc);
    g2Add(acc, acc, sums + <usize>w * G2_BYTES);
  }
  g2Copy(o, acc);
  // Last allocated, first freed: the arena takes the memory back (msm.ts does the same).
  heap.free(sums); heap.free(runs); heap.free(listB); heap.free(listA); heap.free(prefix);
  heap.free(recs); heap.free(stamps); heap.free(buckets); heap.free(digits);
}

// @ts-ignore: decorator
@lazy const ONE_FP: usize = memory.data(<i32>FP_BYTES, 16);
fpOne(ONE_FP);

/** Z = 1 (the Fp2 element (1, 0)) or Z = 0. */
function fp2IsOneOrZero(z: usize): bool {
  if (fpIsZero(z + FP_BYTES) == false) return false;
  return fpIsZero(z) || fpEq(z, ONE_FP);
}
