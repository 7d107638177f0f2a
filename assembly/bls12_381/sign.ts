// BLS signing (draft-irtf-cfrg-bls-signature-05 §2.6 CoreSign) for the POP ciphersuite
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_: σ = [SK]·H(m), 96 bytes compressed.
//
// The secret key is 32 bytes big-endian (I2OSP(SK, 32), as KeyGen §2.3 and the wallet emit
// it) with 0 < SK < r; anything else is E_BLS_SECRET_KEY. The range check, the scalar
// multiplication (g2_const_time.ts) and the conversion to affine run in constant time; the
// hash of the message and the encoding of σ handle public values only.
//
// Signing one message with many keys (a committee voting on one block) hashes the message
// and builds its comb table once, then pays 64 doublings and 64 additions per key, and one
// shared inversion for all the results (Montgomery's trick; every Z is non-zero, so the
// trick has no branch either).
import { OK, E_BLS_SECRET_KEY, E_BLS_EMPTY, E_BLS_COUNT } from "../errors";
import { FP2_BYTES, fp2One, fp2Copy, fp2Mul, fp2Inv } from "./fp2";
import { G2_BYTES, g2IsZero, g2FromAffine } from "./g2";
import { g2Compress } from "./encoding";
import { hashToG2 } from "./hash_to_g2";
import { R_LE_BYTES } from "./curve-constants.generated";
import {
  G2_PROJ_BYTES, G2_COMB_TABLE_BYTES, g2CombTable, g2MulCombConstTime, g2ProjToAffineConstTime,
} from "./g2_const_time";
import { SIG_BYTES, BLS_ITEMS_MAX, DST_LEN, dstSigPtr, arenaFits } from "./sig";

/** Bytes of a secret key: I2OSP(SK, 32). */
export const SK_BYTES: usize = 32;

const HASH_POINT = memory.data(<i32>G2_BYTES, 16);
const COMB = memory.data(<i32>G2_COMB_TABLE_BYTES, 16);
const PROJ = memory.data(<i32>G2_PROJ_BYTES, 16);
const JAC = memory.data(<i32>G2_BYTES, 16);
const ZI = memory.data(<i32>FP2_BYTES * 2, 16);

/**
 * Whether a 32-byte big-endian key is in 1..r-1, in constant time: the borrow of SK − r and an
 * OR of all bytes, with no branch on a key byte.
 */
export function secretKeyIsValid(sk32be: usize): bool {
  let borrow: i32 = 0;
  let any: u32 = 0;
  for (let i = 0; i < 32; i++) {
    const s = <i32>load<u8>(sk32be + <usize>(31 - i));
    const d = s - <i32>load<u8>(R_LE_BYTES + <usize>i) - borrow;
    borrow = (d >> 31) & 1;                      // 1 iff the byte subtraction went negative
    any |= <u32>s;
  }
  const nonZero = 1 - ((any - 1) >>> 31);        // any < 256, so any − 1 wraps only for 0
  return (<u32>borrow & nonZero) != 0;           // SK < r and SK ≠ 0
}

/** Writes the 96-byte compressed σ of the projective point `p` (Z ≠ 0) given Z⁻¹ in `zi`. */
function compressProjective(out96: usize, p: usize, zi: usize): void {
  fp2Mul(JAC, p, zi);
  fp2Mul(JAC + FP2_BYTES, p + FP2_BYTES, zi);
  fp2One(JAC + 2 * FP2_BYTES);                   // (x, y, 1): Jacobian and affine agree
  g2Compress(out96, JAC);
}

/** The compressed point at infinity (H(m) = 0 never happens for SHA-256 outputs, but is handled). */
function compressInfinity(out96: usize): void {
  memory.fill(out96, 0, 96);
  store<u8>(out96, 0xc0);
}

/**
 * Sign (§2.6) with the POP ciphersuite's DST: out96 = compressed [SK]·H(msg).
 * E_BLS_SECRET_KEY unless 0 < SK < r.
 */
export function blsSign(out96: usize, sk32be: usize, msg: usize, msgLen: usize): i32 {
  if (!secretKeyIsValid(sk32be)) return E_BLS_SECRET_KEY;
  const r = hashToG2(HASH_POINT, msg, msgLen, dstSigPtr(), DST_LEN);
  if (r != OK) return r;
  if (g2IsZero(HASH_POINT)) { compressInfinity(out96); return OK; }
  g2CombTable(COMB, HASH_POINT);
  g2MulCombConstTime(PROJ, COMB, sk32be);
  g2ProjToAffineConstTime(JAC, PROJ, ZI);
  g2FromAffine(JAC, JAC);
  g2Compress(out96, JAC);
  memory.fill(PROJ, 0, G2_PROJ_BYTES);
  return OK;
}

let badKey: u32 = 0;
/** After blsSignBatch returned E_BLS_SECRET_KEY: the index of the first invalid key. */
export function signBatchBadKey(): u32 { return badKey; }

/**
 * `count` signatures of one message under the keys at sks (32 bytes each, back to back) into
 * out (96 bytes each, in key order). Every key is checked before any work:
 * E_BLS_SECRET_KEY if one is out of range (signBatchBadKey() names the first), E_BLS_EMPTY for none, E_BLS_COUNT above
 * BLS_ITEMS_MAX or when the call's memory would not hold the working set.
 */
export function blsSignBatch(out: usize, sks: usize, count: u32, msg: usize, msgLen: usize): i32 {
  if (count == 0) return E_BLS_EMPTY;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  const n = <usize>count;
  if (!arenaFits(<u64>n * <u64>(G2_PROJ_BYTES + FP2_BYTES) + 64)) return E_BLS_COUNT;
  // Validity alone decides the branch (the key bytes never do); the first invalid key is
  // reported so the caller can name it.
  let valid: u32 = 1;
  for (let i: usize = 0; i < n; i++) valid &= <u32>secretKeyIsValid(sks + i * SK_BYTES);
  if (!valid) {
    badKey = 0;
    while (secretKeyIsValid(sks + <usize>badKey * SK_BYTES)) badKey++;
    return E_BLS_SECRET_KEY;
  }
  const r = hashToG2(HASH_POINT, msg, msgLen, dstSigPtr(), DST_LEN);
  if (r != OK) return r;
  if (g2IsZero(HASH_POINT)) {
    for (let i: usize = 0; i < n; i++) compressInfinity(out + i * SIG_BYTES);
    return OK;
  }
  g2CombTable(COMB, HASH_POINT);
  const points = heap.alloc(n * G2_PROJ_BYTES);
  const prefix = heap.alloc(n * FP2_BYTES);
  for (let i: usize = 0; i < n; i++) g2MulCombConstTime(points + i * G2_PROJ_BYTES, COMB, sks + i * SK_BYTES);
  // One inversion for all: prefix_i = Z_0 ⋯ Z_(i-1), then Z_i⁻¹ = inv · prefix_i while inv
  // walks back from (Z_0 ⋯ Z_(n-1))⁻¹.
  const acc = ZI, inv = ZI + FP2_BYTES;
  fp2One(acc);
  for (let i: usize = 0; i < n; i++) {
    fp2Copy(prefix + i * FP2_BYTES, acc);
    fp2Mul(acc, acc, points + i * G2_PROJ_BYTES + 2 * FP2_BYTES);
  }
  fp2Inv(inv, acc);
  for (let i = <isize>n - 1; i >= 0; i--) {
    const zi = prefix + <usize>i * FP2_BYTES;
    const p = points + <usize>i * G2_PROJ_BYTES;
    fp2Mul(zi, zi, inv);
    fp2Mul(inv, inv, p + 2 * FP2_BYTES);
    compressProjective(out + <usize>i * SIG_BYTES, p, zi);
  }
  memory.fill(points, 0, n * G2_PROJ_BYTES);
  memory.fill(prefix, 0, n * FP2_BYTES);
  return OK;
}
