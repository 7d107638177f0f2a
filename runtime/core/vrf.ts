// ECVRF (RFC 9381) in the core: the typed side of vrf_prove, vrf_verify,
// vrf_proof_to_hash, vrf_public_key and vrf_hash_to_curve (docs/VRF.md). Chiron's suite is
// ECVRF-EDWARDS25519-SHA512-ELL2; TAI is there for interoperability and its vectors.
// Arguments of the wrong type throw a TypeError; a key, proof or input that is merely
// invalid makes verify (and proofToHash) return null.
import { CoreWasm, CoreError, expectBytes } from './wasm.js'

export type VrfSuite = 'ell2' | 'tai'

/** RFC 9381 suite_string of each suite (the core's `suite` argument). */
const SUITE_STRING: Record<VrfSuite, number> = { tai: 3, ell2: 4 }
export const VRF_PROOF_BYTES = 80
export const VRF_OUTPUT_BYTES = 64

function suiteCode(fn: string, suite: unknown): number {
  if (suite === 'ell2' || suite === 'tai') return SUITE_STRING[suite]
  throw new TypeError(`${fn}: expected suite 'ell2' or 'tai', got ${typeof suite === 'string' ? JSON.stringify(suite) : typeof suite}`)
}

/** The 32-byte VRF public key of a 32-byte secret (the ed25519 public key of that seed). */
export function publicKey(w: CoreWasm, sk: Uint8Array): Uint8Array {
  const fn = 'vrf.publicKey'
  expectBytes(fn, 'sk', sk, 32)
  return w.call(fn, (x) => {
    const skPtr = w.put(fn, sk)
    const out = w.alloc(fn, 32)
    const code = x.vrf_public_key(skPtr, out)
    if (code !== 0) throw new CoreError(fn, code)
    return w.read(out, 32)
  })
}

/** ECVRF_prove: the 80-byte proof of `alpha` under the 32-byte secret `sk`. */
export function prove(w: CoreWasm, sk: Uint8Array, alpha: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array {
  const fn = 'vrf.prove'
  expectBytes(fn, 'sk', sk, 32)
  expectBytes(fn, 'alpha', alpha)
  const s = suiteCode(fn, suite)
  return w.call(fn, (x) => {
    const skPtr = w.put(fn, sk)
    const alphaPtr = w.put(fn, alpha)
    const out = w.alloc(fn, VRF_PROOF_BYTES)
    const code = x.vrf_prove(skPtr, alphaPtr, alpha.length, s, out)
    if (code !== 0) throw new CoreError(fn, code)
    return w.read(out, VRF_PROOF_BYTES)
  })
}

/** ECVRF_verify with key validation: the 64-byte beta, or null when anything is invalid. */
export function verify(w: CoreWasm, pk: Uint8Array, alpha: Uint8Array, proof: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array | null {
  const fn = 'vrf.verify'
  expectBytes(fn, 'pk', pk)
  expectBytes(fn, 'alpha', alpha)
  expectBytes(fn, 'proof', proof)
  const s = suiteCode(fn, suite)
  if (pk.length !== 32 || proof.length !== VRF_PROOF_BYTES) return null
  return w.call(fn, (x) => {
    const pkPtr = w.put(fn, pk)
    const alphaPtr = w.put(fn, alpha)
    const proofPtr = w.put(fn, proof)
    const out = w.alloc(fn, VRF_OUTPUT_BYTES)
    return x.vrf_verify(pkPtr, alphaPtr, alpha.length, proofPtr, s, out) === 0 ? w.read(out, VRF_OUTPUT_BYTES) : null
  })
}

/**
 * ECVRF_proof_to_hash: beta of a proof that decodes (null otherwise). It does not verify
 * the proof: use it only on proofs known to be valid (RFC 9381 §5.2).
 */
export function proofToHash(w: CoreWasm, proof: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array | null {
  const fn = 'vrf.proofToHash'
  expectBytes(fn, 'proof', proof)
  const s = suiteCode(fn, suite)
  if (proof.length !== VRF_PROOF_BYTES) return null
  return w.call(fn, (x) => {
    const proofPtr = w.put(fn, proof)
    const out = w.alloc(fn, VRF_OUTPUT_BYTES)
    return x.vrf_proof_to_hash(proofPtr, s, out) === 0 ? w.read(out, VRF_OUTPUT_BYTES) : null
  })
}

/**
 * RFC 9380 edwards25519_XMD:SHA-512_ELL2_NU_ encode_to_curve (or _RO_ hash_to_curve with
 * `ro`) of msg under dst (1 to 255 bytes): the 32-byte point encoding.
 */
export function hashToCurve(w: CoreWasm, msg: Uint8Array, dst: Uint8Array, ro = false): Uint8Array {
  const fn = 'vrf.hashToCurve'
  expectBytes(fn, 'msg', msg)
  expectBytes(fn, 'dst', dst)
  if (typeof ro !== 'boolean') throw new TypeError(`${fn}: expected ro as boolean, got ${typeof ro}`)
  return w.call(fn, (x) => {
    const msgPtr = w.put(fn, msg)
    const dstPtr = w.put(fn, dst)
    const out = w.alloc(fn, 32)
    const code = x.vrf_hash_to_curve(msgPtr, msg.length, dstPtr, dst.length, ro ? 1 : 0, out)
    if (code !== 0) throw new CoreError(fn, code)
    return w.read(out, 32)
  })
}
