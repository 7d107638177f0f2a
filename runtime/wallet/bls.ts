// BLS keys, signing and proofs of possession for the wallet, on @noble/curves, ciphersuite
// BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (min-pk, draft-irtf-cfrg-bls-signature-05).
// The core signs too, in constant time and about ten times faster (core.bls.sign and
// signMany, runtime/core/bls.ts), with byte-identical results; this module is the reference.
// A secret key is 32 bytes big-endian, 0 < SK < r.
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { extract, expand } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'

export const BLS_DST_SIG = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
export const BLS_DST_POP = 'BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
/** The prime order r of G1 and G2. */
const R = bls12_381.fields.Fr.ORDER
const sigs = bls12_381.longSignatures
const enc = new TextEncoder()

function expectBytes(fn: string, what: string, v: unknown, len?: number): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${fn}: expected ${what} as Uint8Array, got ${v === null ? 'null' : typeof v}`)
  if (len !== undefined && v.length !== len) throw new TypeError(`${fn}: expected ${what} of ${len} bytes, got ${v.length}`)
  return v
}

function expectSecretKey(fn: string, sk: unknown): Uint8Array {
  expectBytes(fn, 'secret key', sk, 32)
  let v = 0n
  for (const b of sk as Uint8Array) v = (v << 8n) | BigInt(b)
  if (v === 0n || v >= R) throw new RangeError(`${fn}: expected a secret key in 1..r-1, got ${v === 0n ? '0' : 'a value ≥ r'}`)
  return sk as Uint8Array
}

/**
 * KeyGen (draft-irtf-cfrg-bls-signature-05 §2.3): HKDF-SHA-256 over IKM ‖ 0x00 with the salt
 * "BLS-SIG-KEYGEN-SALT-" hashed once per attempt, 48 output bytes reduced mod r, retried
 * (with the salt hashed again) in the negligible case SK = 0. IKM has at least 32 bytes.
 */
export function keyGen(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array(0)): Uint8Array {
  const fn = 'bls.keyGen'
  expectBytes(fn, 'ikm', ikm)
  expectBytes(fn, 'keyInfo', keyInfo)
  if (ikm.length < 32) throw new RangeError(`bls.keyGen: expected ikm of at least 32 bytes, got ${ikm.length}`)
  const L = 48
  const ikm0 = new Uint8Array(ikm.length + 1)
  ikm0.set(ikm)
  const info = new Uint8Array(keyInfo.length + 2)
  info.set(keyInfo)
  info[keyInfo.length + 1] = L // I2OSP(L, 2)
  let salt: Uint8Array = enc.encode('BLS-SIG-KEYGEN-SALT-')
  for (;;) {
    salt = sha256(salt)
    const okm = expand(sha256, extract(sha256, ikm0, salt), info, L)
    let sk = 0n
    for (const b of okm) sk = (sk << 8n) | BigInt(b)
    sk %= R
    if (sk !== 0n) {
      const out = new Uint8Array(32)
      for (let i = 31; i >= 0; i--) { out[i] = Number(sk & 0xffn); sk >>= 8n }
      return out
    }
  }
}

/** SkToPk: the 48-byte compressed G1 public key of `sk`. */
export function publicKey(sk: Uint8Array): Uint8Array {
  return sigs.getPublicKey(expectSecretKey('bls.publicKey', sk)).toBytes(true)
}

/** Sign (CoreSign, §2.6): the 96-byte compressed signature SK·H(msg) under the POP ciphersuite. */
export function sign(sk: Uint8Array, msg: Uint8Array): Uint8Array {
  expectSecretKey('bls.sign', sk)
  expectBytes('bls.sign', 'msg', msg)
  return sigs.sign(sigs.hash(msg, BLS_DST_SIG), sk).toBytes(true)
}

/** PopProve (§3.3.2): the signature of the 48-byte public key under the POP DST. */
export function popProve(sk: Uint8Array): Uint8Array {
  expectSecretKey('bls.popProve', sk)
  const pk = sigs.getPublicKey(sk).toBytes(true)
  return sigs.sign(sigs.hash(pk, BLS_DST_POP), sk).toBytes(true)
}
