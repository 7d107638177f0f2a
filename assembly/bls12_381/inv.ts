// Variable-time inversion in Fp by Bernstein–Yang "safegcd" (eprint 2019/266), in the
// variable-time form of libsecp256k1's modinv32 (Wuille's divsteps with eta and batches of
// 30 steps). Signature verification inverts only public values (the hashed message point's
// Z, the Miller loop's output), so the running time may depend on the input; fpInv (Fermat,
// 381 squarings) stays the fixed-time choice everywhere else.
//
// Why 30-bit signed limbs and not the 28-bit Montgomery limbs: one batch of 30 divsteps
// yields a 2×2 matrix of entries ≤ 2^30, and a matrix entry times a 30-bit limb plus the
// carry stays inside an i64, the widest product wasm has. 13 limbs of 30 bits hold 390 bits,
// p and the signed intermediates (|d|, |e| < 2p) fit.
//
// Montgomery form: the input holds A = a·R mod p. The gcd gives A⁻¹ = a⁻¹·R⁻¹, and one
// Montgomery product with R³ turns it into a⁻¹·R, the Montgomery form of a⁻¹.
import { montMul } from "./mont.generated";
import { FP_MODULUS, FP_R2 } from "./constants.generated";

const N: usize = 13;            // limbs of 30 bits
const M30: i32 = 0x3fffffff;

// @ts-ignore: decorator
@lazy const P30: usize = memory.data(52, 8);
// @ts-ignore: decorator
@lazy const F: usize = memory.data(52, 8);
// @ts-ignore: decorator
@lazy const G: usize = memory.data(52, 8);
// @ts-ignore: decorator
@lazy const D: usize = memory.data(52, 8);
// @ts-ignore: decorator
@lazy const E: usize = memory.data(52, 8);
// @ts-ignore: decorator
@lazy const T28: usize = memory.data(56, 8);
// @ts-ignore: decorator
@lazy const R3: usize = memory.data(56, 8);

/** 14 limbs of 28 bits (value < 2^390) → 13 limbs of 30 bits. */
function to30(o: usize, a: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < 14; i++) {
    acc |= <u64>load<u32>(a + (i << 2)) << bits;
    bits += 28;
    if (bits >= 30) {
      store<i32>(o + (j << 2), <i32>(<u32>acc) & M30);
      acc >>= 30;
      bits -= 30;
      j++;
    }
  }
  while (j < N) {
    store<i32>(o + (j << 2), <i32>(<u32>acc) & M30);
    acc >>= 30;
    j++;
  }
}

/** 13 limbs of 30 bits, each in [0, 2^30) → 14 limbs of 28 bits. */
function to28(o: usize, a: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < N; i++) {
    acc |= <u64>load<u32>(a + (i << 2)) << bits;
    bits += 30;
    while (bits >= 28 && j < 14) {
      store<u32>(o + (j << 2), <u32>acc & 0xfffffff);
      acc >>= 28;
      bits -= 28;
      j++;
    }
  }
  while (j < 14) {
    store<u32>(o + (j << 2), <u32>acc & 0xfffffff);
    acc >>= 28;
    j++;
  }
}

function initConstants(): void {
  to30(P30, FP_MODULUS);
  montMul(R3, FP_R2, FP_R2); // R²·R²/R = R³
}
initConstants();

/** p⁻¹ mod 2^30 by Newton's iteration (each step doubles the correct low bits). */
function modulusInv30(): u32 {
  let p0 = <u32>load<i32>(P30);
  let x = p0;                      // correct to 3 bits (p0 odd)
  for (let i = 0; i < 4; i++) x *= 2 - p0 * x;
  return x & <u32>M30;
}

// The batch's transition matrix (u v; q r), set by divsteps30().
let TU: i64 = 0, TV: i64 = 0, TQ: i64 = 0, TR: i64 = 0;

/**
 * 30 divsteps on the low 30 bits of f and g (f odd), eta as in libsecp256k1's
 * secp256k1_modinv32_divsteps_30_var: runs of zeros of g are skipped at once, and each
 * elimination cancels up to 8 low bits of g with one multiple of f.
 */
function divsteps30(eta: i32, f0: u32, g0: u32): i32 {
  let u: u32 = 1, v: u32 = 0, q: u32 = 0, r: u32 = 1;
  let f = f0, g = g0;
  let i: i32 = 30;
  while (true) {
    let zeros = <i32>ctz<u32>(g | (<u32>0xffffffff << <u32>i));
    g >>= <u32>zeros;
    u <<= <u32>zeros;
    v <<= <u32>zeros;
    eta -= zeros;
    i -= zeros;
    if (i == 0) break;
    if (eta < 0) {
      eta = -eta;
      let t = f; f = g; g = 0 - t;
      t = u; u = q; q = 0 - t;
      t = v; v = r; r = 0 - t;
    }
    let limit = eta + 1 > i ? i : eta + 1;
    let m = (<u32>0xffffffff >> <u32>(32 - limit)) & 255;
    // -f⁻¹ mod 2^8: f·f ≡ 1 (mod 8), two Newton steps reach 12 bits.
    let x = f * (2 - f * f);
    x = x * (2 - f * x);
    let w = (0 - g * x) & m;
    g += f * w;
    q += u * w;
    r += v * w;
  }
  TU = <i64><i32>u; TV = <i64><i32>v; TQ = <i64><i32>q; TR = <i64><i32>r;
  return eta;
}

/** [f, g] = T·[f, g] / 2^30 over the first len limbs (exact: the low 30 bits cancel). */
function updateFG(len: usize): void {
  let fi = <i64>load<i32>(F), gi = <i64>load<i32>(G);
  let cf = TU * fi + TV * gi;
  let cg = TQ * fi + TR * gi;
  cf >>= 30; cg >>= 30;
  for (let i: usize = 1; i < len; i++) {
    fi = <i64>load<i32>(F + (i << 2)); gi = <i64>load<i32>(G + (i << 2));
    cf += TU * fi + TV * gi;
    cg += TQ * fi + TR * gi;
    store<i32>(F + ((i - 1) << 2), <i32>cf & M30); cf >>= 30;
    store<i32>(G + ((i - 1) << 2), <i32>cg & M30); cg >>= 30;
  }
  store<i32>(F + ((len - 1) << 2), <i32>cf);
  store<i32>(G + ((len - 1) << 2), <i32>cg);
}

/**
 * [d, e] = (T·[d, e] + p·[md, me]) / 2^30 with md, me chosen so the division is exact and
 * d, e stay in (-2p, p) (libsecp256k1's secp256k1_modinv32_update_de_30).
 */
function updateDE(pinv: u32): void {
  let sd = load<i32>(D + ((N - 1) << 2)) >> 31;
  let se = load<i32>(E + ((N - 1) << 2)) >> 31;
  let u = <i32>TU, v = <i32>TV, q = <i32>TQ, r = <i32>TR;
  let md = (u & sd) + (v & se);
  let me = (q & sd) + (r & se);
  let di = <i64>load<i32>(D), ei = <i64>load<i32>(E);
  let cd = TU * di + TV * ei;
  let ce = TQ * di + TR * ei;
  md -= <i32>((pinv * <u32>cd + <u32>md) & <u32>M30);
  me -= <i32>((pinv * <u32>ce + <u32>me) & <u32>M30);
  let p0 = <i64>load<i32>(P30);
  cd += p0 * <i64>md;
  ce += p0 * <i64>me;
  cd >>= 30; ce >>= 30;
  for (let i: usize = 1; i < N; i++) {
    di = <i64>load<i32>(D + (i << 2)); ei = <i64>load<i32>(E + (i << 2));
    let pi = <i64>load<i32>(P30 + (i << 2));
    cd += TU * di + TV * ei + pi * <i64>md;
    ce += TQ * di + TR * ei + pi * <i64>me;
    store<i32>(D + ((i - 1) << 2), <i32>cd & M30); cd >>= 30;
    store<i32>(E + ((i - 1) << 2), <i32>ce & M30); ce >>= 30;
  }
  store<i32>(D + ((N - 1) << 2), <i32>cd);
  store<i32>(E + ((N - 1) << 2), <i32>ce);
}

/** Carry-normalizes signed 30-bit limbs in place; returns the sign of the value (-1, 0 or 1). */
function normalize(a: usize): i32 {
  let c: i64 = 0;
  let nz: i32 = 0;
  for (let i: usize = 0; i < N - 1; i++) {
    c += <i64>load<i32>(a + (i << 2));
    store<i32>(a + (i << 2), <i32>c & M30);
    nz |= <i32>c & M30;
    c >>= 30;
  }
  c += <i64>load<i32>(a + ((N - 1) << 2));
  store<i32>(a + ((N - 1) << 2), <i32>c);
  if (c < 0) return -1;
  return (c != 0 || nz != 0) ? 1 : 0;
}

/** a = a + s·p (s = ±1) on signed limbs, not normalized. */
function addModulus(a: usize, s: i32): void {
  for (let i: usize = 0; i < N; i++) {
    store<i32>(a + (i << 2), load<i32>(a + (i << 2)) + s * load<i32>(P30 + (i << 2)));
  }
}

/** Whether normalized non-negative limbs hold a value ≥ p. */
function geModulus(a: usize): bool {
  for (let i: isize = <isize>N - 1; i >= 0; i--) {
    let x = load<i32>(a + (<usize>i << 2)), y = load<i32>(P30 + (<usize>i << 2));
    if (x != y) return x > y;
  }
  return true;
}

/** o = a⁻¹ in Fp, variable time (for public a only); 0 maps to 0, like fpInv. */
export function fpInvVartime(o: usize, a: usize): void {
  memory.copy(F, P30, 52);
  to30(G, a);
  memory.fill(D, 0, 52);
  memory.fill(E, 0, 52);
  store<i32>(E, 1);
  let pinv = modulusInv30();
  let eta: i32 = -1;
  let len: usize = N;
  while (true) {
    eta = divsteps30(eta, <u32>load<i32>(F), <u32>load<i32>(G));
    updateDE(pinv);
    updateFG(len);
    if (load<i32>(G) == 0) {
      let cond: i32 = 0;
      for (let j: usize = 1; j < len; j++) cond |= load<i32>(G + (j << 2));
      if (cond == 0) break;
    }
    let fn = load<i32>(F + ((len - 1) << 2)), gn = load<i32>(G + ((len - 1) << 2));
    let cond = (<i32>len - 2) >> 31;
    cond |= fn ^ (fn >> 31);
    cond |= gn ^ (gn >> 31);
    if (cond == 0) {
      // Both top limbs are 0 or -1: fold them into the limb below and shorten.
      store<i32>(F + ((len - 2) << 2), load<i32>(F + ((len - 2) << 2)) | (fn << 30));
      store<i32>(G + ((len - 2) << 2), load<i32>(G + ((len - 2) << 2)) | (gn << 30));
      len--;
    }
  }
  // f = ±gcd = ±1 (a ≠ 0) and d·a ≡ f: flip d's sign with f's, then bring d into [0, p).
  if (load<i32>(F + ((len - 1) << 2)) < 0) {
    for (let i: usize = 0; i < N; i++) store<i32>(D + (i << 2), 0 - load<i32>(D + (i << 2)));
  }
  let s = normalize(D);
  while (s < 0) { addModulus(D, 1); s = normalize(D); }
  while (geModulus(D)) { addModulus(D, -1); normalize(D); }
  to28(T28, D);
  montMul(o, T28, R3);
}
