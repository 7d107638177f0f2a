// Jacobian → affine conversion of many pairing inputs without one field inversion per point
// (each would cost a variable-time safegcd inversion, about 30 multiplications): the points share
// ONE inversion by Montgomery's trick (P. Montgomery, "Speeding the Pollard and elliptic
// curve methods of factorization", Math. Comp. 1987, §10.3.1): invert the product of all Z,
// then peel each Z⁻¹ off with two multiplications. (One point alone: g1ToAffine/g2ToAffine,
// which copy a point with Z = 1 as it is.)
// Affine (x, y) = (X/Z², Y/Z³). Points at infinity (Z = 0) are skipped: their output slot is
// left untouched and callers drop those pairs (pairing.ts never sees infinity). The points
// are public (signatures and keys), so the one inversion is variable time.
import { FP_BYTES, fpOne, fpMul, fpSqr, fpCopy } from "./fp";
import { fpInvVartime } from "./inv";
import { FP2_BYTES, fp2One, fp2Mul, fp2Sqr, fp2InvVartime, fp2Copy } from "./fp2";
import { G1_BYTES, G1_AFFINE_BYTES, g1IsZero } from "./g1";
import { G2_BYTES, G2_AFFINE_BYTES, g2IsZero } from "./g2";

const A1 = memory.data(3 * <i32>FP_BYTES, 16);
const A2 = memory.data(3 * <i32>FP2_BYTES, 16);

/**
 * Affine forms of n G1 points (G1_BYTES apart) into xy (G1_AFFINE_BYTES apart) with one
 * inversion; `prefix` is scratch of n·FP_BYTES. Infinity slots are left as they were.
 */
export function g1AffineBatch(xy: usize, points: usize, n: i32, prefix: usize): void {
  let acc = A1, inv = A1 + FP_BYTES, t = A1 + 2 * FP_BYTES;
  fpOne(acc);
  for (let i = 0; i < n; i++) {
    let p = points + <usize>i * G1_BYTES;
    if (g1IsZero(p)) continue;
    fpCopy(prefix + <usize>i * FP_BYTES, acc);
    fpMul(acc, acc, p + 2 * FP_BYTES);
  }
  fpInvVartime(inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    let p = points + <usize>i * G1_BYTES;
    if (g1IsZero(p)) continue;
    let zi = prefix + <usize>i * FP_BYTES; // becomes Z_i⁻¹ = inv · (Z_0 ⋯ Z_(i-1))
    fpMul(zi, zi, inv);
    fpMul(inv, inv, p + 2 * FP_BYTES);
    let o = xy + <usize>i * G1_AFFINE_BYTES;
    fpSqr(t, zi);
    fpMul(o, p, t);
    fpMul(t, t, zi);
    fpMul(o + FP_BYTES, p + FP_BYTES, t);
  }
}

/**
 * The same for n G2 points; `prefix` is scratch of n·FP2_BYTES. Output i is at
 * xy + i·stride (G2_AFFINE_BYTES by default; G2_BYTES writes over the points themselves).
 */
export function g2AffineBatch(xy: usize, points: usize, n: i32, prefix: usize, stride: usize = G2_AFFINE_BYTES): void {
  let acc = A2, inv = A2 + FP2_BYTES, t = A2 + 2 * FP2_BYTES;
  fp2One(acc);
  for (let i = 0; i < n; i++) {
    let p = points + <usize>i * G2_BYTES;
    if (g2IsZero(p)) continue;
    fp2Copy(prefix + <usize>i * FP2_BYTES, acc);
    fp2Mul(acc, acc, p + 2 * FP2_BYTES);
  }
  fp2InvVartime(inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    let p = points + <usize>i * G2_BYTES;
    if (g2IsZero(p)) continue;
    let zi = prefix + <usize>i * FP2_BYTES;
    fp2Mul(zi, zi, inv);
    fp2Mul(inv, inv, p + 2 * FP2_BYTES);
    let o = xy + <usize>i * stride;
    fp2Sqr(t, zi);
    fp2Mul(o, p, t);
    fp2Mul(t, t, zi);
    fp2Mul(o + FP2_BYTES, p + FP2_BYTES, t);
  }
}

/**
 * Brings n G2 points (contiguous) to Z = 1 in place with one inversion: (X/Z², Y/Z³, 1).
 * Points at infinity stay as they are. `prefix` is scratch of n·FP2_BYTES.
 */
export function g2NormalizeBatch(points: usize, n: i32, prefix: usize): void {
  g2AffineBatch(points, points, n, prefix, G2_BYTES);
  for (let i = 0; i < n; i++) {
    let p = points + <usize>i * G2_BYTES;
    if (!g2IsZero(p)) fp2One(p + 2 * FP2_BYTES);
  }
}
