// Karabina's compressed squaring in the cyclotomic subgroup of Fp12 ("Squaring in cyclotomic
// subgroups", Math. Comp. 82 (2013), eprint 2010/542, Theorem 3.2, in the form of our tower
// as gnark-crypto writes it). An element a = (g0, g1, g2) + (h0, h1, h2)·w of the subgroup is
// determined by four of its six Fp2 coordinates; naming them as Karabina does,
//   g1 = c0.b1, g2 = c0.b2, g3 = c1.b0, g4 = c1.b1, g5 = c1.b2, (g0 = c0.b0),
// the square of the compressed form (g1, g2, g3, g5) needs only 2 of the 3 Fp4 squarings of
// the Granger–Scott squaring (fp12.ts) and 4 of its 6 fused updates, about 2/3 of its cost.
// Going back to the full element (decompression) costs one division:
//   g4 = (ξ·g5² + 3g1² - 2g2) / (4g3),   g0 = ξ(2g4² + g3·g5 - 3g1·g2) + 1,
// so an exponentiation squares compressed and decompresses only the powers it multiplies,
// all of them with one inversion (Montgomery's trick). The inversion is variable time: the
// pairing inverts public values only. A zero denominator (g3 = 0, which Theorem 3.1 treats
// separately) is reported to the caller, which then takes the uncompressed road.
import {
  FP2_BYTES, fp2AddLazy, fp2Sqr, fp2Mul, fp2Add, fp2Sub, fp2Dbl, fp2MulByNonResidue,
  fp2InvVartime, fp2IsZero, fp2One, fp2Copy,
} from "./fp2";
import { FP6_BYTES } from "./fp6";
import { gsR0MinusKernel, gsR1PlusKernel, gsXiR1PlusKernel } from "./mont.generated";

const F: usize = FP2_BYTES;
const H: usize = FP6_BYTES;
/** The most powers one batch decompresses. */
export const KARABINA_BATCH_MAX: i32 = 8;

// @ts-ignore: decorator
@lazy const PARTS: usize = memory.data(672, 8);     // A, B, S of the two Fp4 squares
// @ts-ignore: decorator
@lazy const DEN: usize = memory.data(896, 8);       // denominators (then their inverses)
// @ts-ignore: decorator
@lazy const PRE: usize = memory.data(896, 8);       // prefix products
// @ts-ignore: decorator
@lazy const KT: usize = memory.data(448, 8);        // temporaries

/** Parts of the Fp4 square (x + y·t)², t² = ξ: A = x², B = y², S = (x + y)². */
// @ts-ignore: decorator
@inline function fp4SqrParts(out: usize, x: usize, y: usize): void {
  fp2Sqr(out, x);
  fp2Sqr(out + F, y);
  fp2AddLazy(out + 2 * F, x, y);
  fp2Sqr(out + 2 * F, out + 2 * F);
}

/**
 * a = a² on the compressed coordinates g1, g2, g3, g5 of a (in place; g0 and g4 become
 * stale until karabinaDecompressBatchVartime). The four updates are those of the
 * Granger–Scott squaring for the same coordinates.
 */
export function fp12CyclotomicSqrCompressed(a: usize): void {
  let g1 = a + F, g2 = a + 2 * F, g3 = a + H, g5 = a + H + 2 * F;
  let p = PARTS, q = PARTS + 3 * F;
  fp4SqrParts(p, g1, g5);                              // g1², g5², (g1 + g5)²
  fp4SqrParts(q, g3, g2);                              // g3², g2², (g3 + g2)²
  gsR0MinusKernel(g1, q, q + F, g1);                   // 3(g3² + ξg2²) - 2g1
  gsR0MinusKernel(g2, p, p + F, g2);                   // 3(g1² + ξg5²) - 2g2
  gsXiR1PlusKernel(g3, p + 2 * F, p, p + F, g3);       // 3ξ·2g1g5 + 2g3
  gsR1PlusKernel(g5, q + 2 * F, q, q + F, g5);         // 3·2g2g3 + 2g5
}

/**
 * Restores g4 and g0 of n compressed elements (FP12_BYTES apart, n ≤ KARABINA_BATCH_MAX)
 * with one variable-time Fp2 inversion. False, with nothing changed, if some g3 is zero.
 */
export function karabinaDecompressBatchVartime(elems: usize, n: i32, stride: usize): bool {
  if (n <= 0) return true;
  if (n > KARABINA_BATCH_MAX) return false;
  let t = KT, u = KT + F, acc = KT + 2 * F, inv = KT + 3 * F;
  for (let i = 0; i < n; i++) {
    let a = elems + <usize>i * stride;
    if (fp2IsZero(a + H)) return false;
  }
  // numerators go straight into g4 (then become quotients); denominators 4g3 into DEN
  fp2One(acc);
  for (let i = 0; i < n; i++) {
    let a = elems + <usize>i * stride;
    let g1 = a + F, g2 = a + 2 * F, g3 = a + H, g4 = a + H + F, g5 = a + H + 2 * F;
    let d = DEN + <usize>i * F;
    fp2Sqr(t, g5);
    fp2MulByNonResidue(t, t);
    fp2Sqr(u, g1);
    fp2Sub(g4, u, g2);
    fp2Dbl(g4, g4);
    fp2Add(g4, g4, u);
    fp2Add(g4, g4, t);                                 // ξg5² + 3g1² - 2g2
    fp2Dbl(d, g3);
    fp2Dbl(d, d);                                      // 4g3
    fp2Copy(PRE + <usize>i * F, acc);
    fp2Mul(acc, acc, d);
  }
  fp2InvVartime(inv, acc);
  for (let i = n - 1; i >= 0; i--) {
    let a = elems + <usize>i * stride;
    let g0 = a, g1 = a + F, g2 = a + 2 * F, g3 = a + H, g4 = a + H + F, g5 = a + H + 2 * F;
    let d = DEN + <usize>i * F, pre = PRE + <usize>i * F;
    fp2Mul(pre, pre, inv);                             // (4g3)⁻¹
    fp2Mul(inv, inv, d);
    fp2Mul(g4, g4, pre);
    // g0 = ξ(2g4² + g3g5 - 3g1g2) + 1
    fp2Sqr(t, g4);
    fp2Mul(u, g1, g2);
    fp2Sub(t, t, u);
    fp2Dbl(t, t);
    fp2Sub(t, t, u);
    fp2Mul(u, g3, g5);
    fp2Add(t, t, u);
    fp2MulByNonResidue(t, t);
    fp2One(u);
    fp2Add(g0, t, u);
  }
  return true;
}
