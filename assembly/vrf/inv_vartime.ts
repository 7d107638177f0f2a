// Variable-time inversion in GF(2^255 - 19) by Bernstein–Yang "safegcd" (eprint 2019/266),
// in the variable-time form of libsecp256k1's modinv32 (Wuille's divsteps with eta and
// batches of 30 steps), as assembly/bls12_381/inv.ts does for BLS12-381's field. The
// verifier inverts only public values (the Z product of the points it encodes, the Z
// products of a key's table), so the running time may depend on the input; feInvert
// (Fermat, 254 squarings) stays the fixed-time choice of the prover.
//
// Limbs: 9 signed limbs of 30 bits (270 bits) hold p and the signed intermediates
// (|d|, |e| < 2p). One batch of 30 divsteps yields a 2×2 matrix with entries ≤ 2^30, and an
// entry times a 30-bit limb plus the carry stays inside an i64, the widest product wasm
// has. The field element enters through its canonical bytes (feToBytes) and leaves through
// feFromBytes, so the 25.5-bit limbs of field.ts never meet the 30-bit ones.
import { feToBytes, feFromBytes } from "../ed25519/field";

const N: usize = 9;             // limbs of 30 bits
const M30: i32 = 0x3fffffff;

/** p = 2^255 - 19 in 9 limbs of 30 bits. */
// @ts-ignore: decorator
@lazy const P30: usize = memory.data<i32>([
  0x3fffffed, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x3fffffff, 0x7fff,
]);
/** p⁻¹ mod 2^30 (p ≡ -19 mod 2^30; test/vrf-inv.test.js re-derives it). */
const PINV30: u32 = 0x179435e5;

// @ts-ignore: decorator
@lazy const F: usize = memory.data(36, 8);
// @ts-ignore: decorator
@lazy const G: usize = memory.data(36, 8);
// @ts-ignore: decorator
@lazy const D: usize = memory.data(36, 8);
// @ts-ignore: decorator
@lazy const E: usize = memory.data(36, 8);
// @ts-ignore: decorator
@lazy const bytes: usize = memory.data(40, 8);

/** The 30-bit limbs of the 32 little-endian bytes at s (a value below 2^256). */
function bytesTo30(o: usize, s: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < 8; i++) {
    acc |= <u64>load<u32>(s + (i << 2)) << bits;
    bits += 32;
    while (bits >= 30) {
      store<i32>(o + (j << 2), <i32>(<u32>acc) & M30);
      acc >>= 30;
      bits -= 30;
      j++;
    }
  }
  store<i32>(o + (j << 2), <i32>acc); // j = 8: the top 16 bits
}

/** 32 little-endian bytes of the value with limbs in [0, 2^30) at a (below 2^256). */
function bytesFrom30(s: usize, a: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let j: usize = 0;
  for (let i: usize = 0; i < N; i++) {
    acc |= <u64><u32>load<i32>(a + (i << 2)) << bits;
    bits += 30;
    while (bits >= 32 && j < 8) {
      store<u32>(s + (j << 2), <u32>acc);
      acc >>= 32;
      bits -= 32;
      j++;
    }
  }
  if (j < 8) store<u32>(s + (j << 2), <u32>acc);
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
function updateDE(): void {
  let sd = load<i32>(D + ((N - 1) << 2)) >> 31;
  let se = load<i32>(E + ((N - 1) << 2)) >> 31;
  let u = <i32>TU, v = <i32>TV, q = <i32>TQ, r = <i32>TR;
  let md = (u & sd) + (v & se);
  let me = (q & sd) + (r & se);
  let di = <i64>load<i32>(D), ei = <i64>load<i32>(E);
  let cd = TU * di + TV * ei;
  let ce = TQ * di + TR * ei;
  md -= <i32>((PINV30 * <u32>cd + <u32>md) & <u32>M30);
  me -= <i32>((PINV30 * <u32>ce + <u32>me) & <u32>M30);
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

/**
 * h = 1/z in GF(2^255 - 19), 0 for z = 0 (like feInvert), in variable time: for public z
 * only. h may alias z.
 */
export function feInvertVartime(h: usize, z: usize): void {
  feToBytes(bytes, z);
  memory.copy(F, P30, 36);
  bytesTo30(G, bytes);
  memory.fill(D, 0, 36);
  memory.fill(E, 0, 36);
  store<i32>(E, 1);
  let eta: i32 = -1;
  let len: usize = N;
  while (true) {
    // g = 0: z was 0 (d = 0, the result is 0) or the gcd is found.
    let any: i32 = 0;
    for (let j: usize = 0; j < len; j++) any |= load<i32>(G + (j << 2));
    if (any == 0) break;
    eta = divsteps30(eta, <u32>load<i32>(F), <u32>load<i32>(G));
    updateDE();
    updateFG(len);
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
  // f = ±gcd = ±1 (z ≠ 0) and d·z ≡ f: flip d's sign with f's, then bring d into [0, p).
  if (load<i32>(F + ((len - 1) << 2)) < 0) {
    for (let i: usize = 0; i < N; i++) store<i32>(D + (i << 2), 0 - load<i32>(D + (i << 2)));
  }
  let s = normalize(D);
  while (s < 0) { addModulus(D, 1); s = normalize(D); }
  while (geModulus(D)) { addModulus(D, -1); normalize(D); }
  bytesFrom30(bytes, D);
  feFromBytes(h, bytes);
}
