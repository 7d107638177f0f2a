// The limb layer of Fp, the base field of BLS12-381 (p = 0x1a0111ea…aaab, 381 bits).
//
// An element is 14 limbs of 28 bits, little-endian limb order, each in a u32 (56 bytes), in
// Montgomery form a·R mod p with R = 2^392. Why 28 bits: wasm multiplies 64×64→64 only, so
// a 28×28-bit product (56 bits) leaves 8 bits of headroom in an i64, enough for a whole
// column of a Montgomery product (14 partial products and 14 reduction products) without
// intermediate carries. Elements crossing a function boundary are canonical (value < p,
// limbs < 2^28), so equality is limb equality. The unrolled kernels (Montgomery product and
// square, the Fp2 product and square, modular sums) are generated into
// assembly/bls12_381/mont.generated.ts; this file holds the byte conversions.
//
// Nothing here allocates; outputs may alias inputs.
import { FP_MODULUS } from "./constants.generated";

/** Number of limbs and bits per limb of an Fp element. */
export const LIMBS: i32 = 14;
export const LIMB_BITS: u32 = 28;
const LIMB_MASK: u32 = (1 << 28) - 1;

/** Big-endian 48 bytes → plain limbs; false (o then holds the limbs anyway) if the value is ≥ p. */
export function limbsFromBytesBE(o: usize, src: usize): bool {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let limb: usize = 0;
  for (let i: i32 = 47; i >= 0; i--) {
    acc |= <u64>load<u8>(src + <usize>i) << bits;
    bits += 8;
    if (bits >= LIMB_BITS) {
      store<u32>(o + (limb << 2), <u32>acc & LIMB_MASK);
      acc >>= LIMB_BITS;
      bits -= LIMB_BITS;
      limb++;
    }
  }
  store<u32>(o + (limb << 2), <u32>acc); // limb 13: the top 20 bits
  return limbsLessThanModulus(o);
}

/** Plain canonical limbs → big-endian 48 bytes. */
export function limbsToBytesBE(dst: usize, a: usize): void {
  let acc: u64 = 0;
  let bits: u32 = 0;
  let limb: usize = 0;
  for (let i: i32 = 47; i >= 0; i--) {
    if (bits < 8) {
      acc |= <u64>load<u32>(a + (limb << 2)) << bits;
      bits += LIMB_BITS;
      limb++;
    }
    store<u8>(dst + <usize>i, <u8>acc);
    acc >>= 8;
    bits -= 8;
  }
}

/** Whether plain limbs (each < 2^28) hold a value below p; constant-time over the limbs. */
export function limbsLessThanModulus(a: usize): bool {
  let s: i64 = 0;
  for (let i: usize = 0; i < 56; i += 4) {
    s += <i64>load<u32>(a + i) - <i64>load<u32>(FP_MODULUS + i);
    s >>= LIMB_BITS; // arithmetic: the borrow, 0 or -1
  }
  return s < 0;
}
