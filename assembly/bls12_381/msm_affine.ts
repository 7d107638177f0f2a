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
// (running sums, now with mixed additions of the affine buckets) and combined by doublings.
//
// Exceptional additions are decided before the inversion: an empty bucket takes the point as
// it is; x_P = x_B is either P = B (a doubling, denominator 2y_B) or P = −B (the bucket
// empties). y_B ≠ 0 because points of G2 have odd order. Points must be in G2 (or any group
// without 2-torsion) and have Z = 1 or be the point at infinity (skipped); otherwise the
// Jacobian msm.ts serves. Variable time (public inputs only).
import { FP2_BYTES, fp2One, fp2Copy, fp2Sub, fp2Dbl, fp2Add, fp2Mul, fp2Sqr, fp2Neg, fp2Eq, fp2InvVartime, fp2AddLazy } from "./fp2";
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
    // an affine bucket addition ≈ 1.6 µs; per bucket and window, a mixed and a full addition ≈ 6.4 µs
    const cost = <i64>windows * (16 * <i64>n + 64 * (<i64>1 << (c - 1)));
    if (cost < bestCost) { bestCost = cost; best = c; }
  }
  return best;
}

/** Bytes g2MsmAffineVartime allocates from the call's arena for n points. */
export function g2MsmAffineScratchBytes(n: i32, scalarBytes: i32): usize {
  const bits = scalarBytes * 8, c = windowBitsAffine(n, bits), windows = bits / c + 1;
  const buckets = <usize>windows << <usize>(c - 1);
  const ops = <usize>n * <usize>windows;
  return ops * 2 + buckets * (G2_BYTES + 4 + 4 + FP2_BYTES) + ops * 8 + 64;
}

// @ts-ignore: decorator
@lazy const T: usize = memory.data(<i32>FP2_BYTES * 6, 16);
// @ts-ignore: decorator
@lazy const ACC: usize = memory.data(<i32>G2_BYTES * 3, 16);

// An operation is a u32: the point index in bits 0..16, the bucket index in bits 17..30, and
// in bit 31 the digit's sign (set: subtract the point).
// @ts-ignore: decorator
@inline function opPoint(op: u32): usize { return <usize>(op & 0x1ffff); }
// @ts-ignore: decorator
@inline function opBucket(op: u32): usize { return <usize>((op >> 17) & 0x3fff); }
// @ts-ignore: decorator
@inline function opNeg(op: u32): bool { return (op >> 31) != 0; }

/** y of the operation's point, negated for a subtraction, into o. */
function opY(o: usize, points: usize, op: u32): void {
  const p = points + opPoint(op) * G2_BYTES + F2;
  if (opNeg(op)) fp2Neg(o, p);
  else fp2Copy(o, p);
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
  const round = heap.alloc(bucketCount * 4);
  const prefix = heap.alloc(bucketCount * FP2_BYTES);
  const maxOps = <usize>n * <usize>windows;
  let pending = heap.alloc(maxOps * 4), next = heap.alloc(maxOps * 4);
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
  const den = T, inv = T + F2, lam = T + 2 * F2, y = T + 3 * F2, xn = T + 4 * F2, s = T + 5 * F2;
  let stamp: u32 = 0;
  while (count > 0) {
    stamp++;
    let waiting: usize = 0, rn: usize = 0;
    for (let k: usize = 0; k < count; k++) {
      const op = load<u32>(pending + k * 4);
      const b = opBucket(op), st = stamps + b * 4;
      if (load<u32>(st) == stamp) { store<u32>(next + waiting * 4, op); waiting++; continue; }
      store<u32>(st, stamp);
      const B = buckets + b * G2_BYTES, P = points + opPoint(op) * G2_BYTES;
      if (g2IsZero(B)) {                                    // empty: B = ±P
        fp2Copy(B, P);
        opY(B + F2, points, op);
        fp2One(B + 2 * F2);
        continue;
      }
      if (fp2Eq(B, P)) {
        opY(y, points, op);
        if (!fp2Eq(y, B + F2)) { g2Zero(B); continue; }    // P = −B: the bucket empties
      }                                                     // else P = B: a doubling
      store<u32>(round + rn * 4, op);
      rn++;
    }
    if (rn > 0) {
      // Denominators: 2y_B for a doubling (x_P = x_B), x_P − x_B otherwise.
      fp2One(s);
      for (let j: usize = 0; j < rn; j++) {
        const op = load<u32>(round + j * 4);
        fp2Copy(prefix + j * FP2_BYTES, s);
        denominator(den, buckets, points, op);
        fp2Mul(s, s, den);
      }
      fp2InvVartime(inv, s);
      for (let j = <isize>rn - 1; j >= 0; j--) {
        const op = load<u32>(round + <usize>j * 4);
        const B = buckets + opBucket(op) * G2_BYTES, P = points + opPoint(op) * G2_BYTES;
        const zi = prefix + <usize>j * FP2_BYTES;
        const dbl = denominator(den, buckets, points, op);
        fp2Mul(zi, zi, inv);
        fp2Mul(inv, inv, den);
        if (dbl) {
          fp2Sqr(s, B);
          fp2Dbl(y, s);
          fp2AddLazy(s, y, s);
          fp2Mul(lam, s, zi);                               // 3x²/(2y)
        } else {
          opY(y, points, op);
          fp2Sub(s, y, B + F2);
          fp2Mul(lam, s, zi);                               // (y_P − y_B)/(x_P − x_B)
        }
        fp2Sqr(xn, lam);
        fp2Sub(xn, xn, B);
        fp2Sub(xn, xn, P);                                  // x_P = x_B when doubling
        fp2Sub(s, B, xn);
        fp2Mul(s, s, lam);
        fp2Sub(B + F2, s, B + F2);                          // y = λ(x_B − x) − y_B
        fp2Copy(B, xn);
      }
    }
    const t = pending; pending = next; next = t;
    count = waiting;
  }
  // Σ_w 2^(cw)·Σ_d d·B_(w,d), from the top window, with running sums per window.
  const acc = ACC, run = ACC + G2_BYTES, sum = ACC + 2 * G2_BYTES;
  g2Zero(acc);
  for (let w = windows - 1; w >= 0; w--) {
    for (let j = 0; j < c; j++) g2Dbl(acc, acc);
    g2Zero(run);
    g2Zero(sum);
    for (let d = half; d >= 1; d--) {
      const B = buckets + (<usize>w * perWindow + <usize>(d - 1)) * G2_BYTES;
      if (!g2IsZero(B)) g2Add(run, run, B);                 // mixed: B has Z = 1
      if (!g2IsZero(run)) g2Add(sum, sum, run);
    }
    g2Add(acc, acc, sum);
  }
  g2Copy(o, acc);
}

/** den = the slope's denominator of op; true for a doubling (x_P = x_B). */
function denominator(den: usize, buckets: usize, points: usize, op: u32): bool {
  const B = buckets + opBucket(op) * G2_BYTES, P = points + opPoint(op) * G2_BYTES;
  fp2Sub(den, P, B);
  if (fpIsZero(den) && fpIsZero(den + FP_BYTES)) {
    fp2Dbl(den, B + F2);
    return true;
  }
  return false;
}

// @ts-ignore: decorator
@lazy const ONE_FP: usize = memory.data(<i32>FP_BYTES, 16);
fpOne(ONE_FP);

/** Z = 1 (the Fp2 element (1, 0)) or Z = 0. */
function fp2IsOneOrZero(z: usize): bool {
  if (fpIsZero(z + FP_BYTES) == false) return false;
  return fpIsZero(z) || fpEq(z, ONE_FP);
}
