// Votes and certificates (docs/PROTOCOL.md §14), mirrored from assembly/consensus/cert.ts.
//
//   vote = kind:u8 ‖ height:u64 ‖ block[32] ‖ validator:u32 ‖ proof[80] ‖ sig[96]   (221 bytes)
//   cert = kind:u8 ‖ height:u64 ‖ block[32] ‖ n:u32 ‖ bitmap[ceil(n/8)] ‖ sig[96] ‖ k × proof[80]
//
// Bit i of the bitmap (bit i mod 8 of byte i / 8) says validator i signed; k counts every set
// bit of the bitmap bytes (padding bits too, so the length is always defined), and the proofs
// follow in index order. A vote's BLS signature is over voteMessage(chainId, kind, height,
// block), with the POP ciphersuite (§3b).
//
// The decoders check what needs no table, in the core's order: lengths (E_TRUNCATED,
// E_TRAILING), then the kind (E_BAD_TAG); decodeCert then applies the bitmap rules that hold
// for every table (n ≤ MAX_VALIDATORS, no padding bit set, k ≥ 1: E_CERT_BITMAP). Whether
// n equals the table's n, membership, VRF proofs, weight and signatures are the core's
// (core.consensus.verifyVote / verifyCert).
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'
import { utf8 } from '../bytes.js'
import {
  NOTARIZE, FINALIZE, VOTE_BYTES, VRF_PROOF_BYTES, BLS_SIG_BYTES, MAX_VALIDATORS, CERT_PREFIX_BYTES,
} from './constants.js'

export { NOTARIZE, FINALIZE } from './constants.js'

const VOTE_DOMAIN = utf8('chiron/vote/v1')
/** Length of the signed vote message: "chiron/vote/v1" ‖ u32 ‖ u8 ‖ u64 ‖ [32]. */
export const VOTE_MESSAGE_BYTES = 59

export interface Vote {
  kind: number            // NOTARIZE or FINALIZE
  height: bigint
  block: Uint8Array       // 32: hash of the block voted for
  validator: number       // validator index
  proof: Uint8Array       // 80: committee VRF proof for round `height`
  sig: Uint8Array         // 96: BLS signature of voteMessage
}

export interface Cert {
  kind: number
  height: bigint
  block: Uint8Array       // 32
  n: number               // bitmap length in bits (the table's n)
  signers: number[]       // validator indices, strictly increasing, each < n
  sig: Uint8Array         // 96: aggregate signature
  proofs: Uint8Array[]    // one 80-byte committee proof per signer, in signer order
}

function kindOk(kind: number): boolean {
  return kind === NOTARIZE || kind === FINALIZE
}

function expectKind(fn: string, kind: unknown): number {
  if (typeof kind !== 'number' || !Number.isInteger(kind)) throw new TypeError(`${fn}: expected kind as an integer, got ${typeof kind}`)
  if (!kindOk(kind)) throw new RangeError(`${fn}: expected kind 1 (notarize) or 2 (finalize), got ${kind}`)
  return kind
}

function object(fn: string, v: unknown): any {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${fn}: expected an object, got ${v === null ? 'null' : typeof v}`)
  return v
}

/** m = "chiron/vote/v1" ‖ u32(chainId) ‖ kind:u8 ‖ u64(height) ‖ block[32]: what a vote signs. */
export function voteMessage(chainId: number, kind: number, height: bigint, block: Uint8Array): Uint8Array {
  expectKind('voteMessage', kind)
  return new ByteWriter(VOTE_MESSAGE_BYTES).bytes(VOTE_DOMAIN).u32(chainId).u8(kind).u64(height).bytes(block, 32).finish()
}

export function encodeVote(v: Vote): Uint8Array {
  const fn = 'encodeVote'
  object(fn, v)
  expectKind(fn, v.kind)
  return new ByteWriter(VOTE_BYTES)
    .u8(v.kind).u64(v.height).bytes(v.block, 32).u32(v.validator)
    .bytes(v.proof, VRF_PROOF_BYTES).bytes(v.sig, BLS_SIG_BYTES)
    .finish()
}

export function decodeVote(bytes: Uint8Array): Vote {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`decodeVote: expected bytes as Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`)
  if (bytes.length < VOTE_BYTES) throw new CodecError('E_TRUNCATED', `vote: expected ${VOTE_BYTES} bytes, got ${bytes.length}`)
  if (bytes.length > VOTE_BYTES) throw new CodecError('E_TRAILING', `vote: expected ${VOTE_BYTES} bytes, got ${bytes.length}`)
  const r = new ByteReader(bytes, 'vote')
  const kind = r.u8()
  if (!kindOk(kind)) throw new CodecError('E_BAD_TAG', `vote: expected kind 1 or 2, got ${kind}`)
  return {
    kind, height: r.u64(), block: r.bytesView(32).slice(), validator: r.u32(),
    proof: r.bytesView(VRF_PROOF_BYTES).slice(), sig: r.bytesView(BLS_SIG_BYTES).slice(),
  }
}

/** ceil(n / 8): the bitmap's length in bytes. */
export function bitmapBytes(n: number): number {
  return Math.ceil(n / 8)
}

/** The bitmap of `signers` (strictly increasing, each < n). */
export function encodeBitmap(n: number, signers: number[]): Uint8Array {
  const fn = 'encodeBitmap'
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`${fn}: expected n in [0, 2^32), got ${n}`)
  if (!Array.isArray(signers)) throw new TypeError(`${fn}: expected signers as an array, got ${typeof signers}`)
  const out = new Uint8Array(bitmapBytes(n))
  let prev = -1
  for (const i of signers) {
    if (!Number.isInteger(i) || i <= prev || i >= n) throw new RangeError(`${fn}: expected strictly increasing signer indices below ${n}, got ${i} after ${prev}`)
    out[i >>> 3] |= 1 << (i & 7)
    prev = i
  }
  return out
}

/** The indices of the set bits of `bitmap`, in increasing order. */
export function bitmapSigners(bitmap: Uint8Array): number[] {
  const out: number[] = []
  for (let b = 0; b < bitmap.length; b++) {
    for (let bit = 0; bit < 8; bit++) if ((bitmap[b] >>> bit) & 1) out.push(b * 8 + bit)
  }
  return out
}

function popcount8(x: number): number {
  x = x - ((x >>> 1) & 0x55)
  x = (x & 0x33) + ((x >>> 2) & 0x33)
  return (x + (x >>> 4)) & 0x0f
}

export function encodeCert(c: Cert): Uint8Array {
  const fn = 'encodeCert'
  object(fn, c)
  expectKind(fn, c.kind)
  if (!Number.isInteger(c.n) || c.n < 1 || c.n > MAX_VALIDATORS) throw new RangeError(`${fn}: expected n in [1, ${MAX_VALIDATORS}], got ${c.n}`)
  const bitmap = encodeBitmap(c.n, c.signers)
  if (c.signers.length === 0) throw new RangeError(`${fn}: expected at least one signer, got 0`)
  if (!Array.isArray(c.proofs) || c.proofs.length !== c.signers.length) {
    throw new RangeError(`${fn}: expected ${c.signers.length} proofs (one per signer), got ${Array.isArray(c.proofs) ? c.proofs.length : typeof c.proofs}`)
  }
  const w = new ByteWriter(CERT_PREFIX_BYTES + bitmap.length + BLS_SIG_BYTES + VRF_PROOF_BYTES * c.proofs.length)
    .u8(c.kind).u64(c.height).bytes(c.block, 32).u32(c.n).bytes(bitmap).bytes(c.sig, BLS_SIG_BYTES)
  for (const p of c.proofs) w.bytes(p, VRF_PROOF_BYTES)
  return w.finish()
}

/** Decodes a certificate (lengths, kind, table-independent bitmap rules; see the header). */
export function decodeCert(bytes: Uint8Array): Cert {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`decodeCert: expected bytes as Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`)
  const r = new ByteReader(bytes, 'cert')
  r.need(CERT_PREFIX_BYTES)
  const kind = r.u8()
  const height = r.u64()
  const block = r.bytesView(32).slice()
  const n = r.u32()
  const bitmap = r.bytesView(bitmapBytes(n))
  const sig = r.bytesView(BLS_SIG_BYTES).slice()
  let k = 0
  for (let b = 0; b < bitmap.length; b++) k += popcount8(bitmap[b])
  const proofs: Uint8Array[] = []
  r.need(k * VRF_PROOF_BYTES)
  for (let j = 0; j < k; j++) proofs.push(r.bytesView(VRF_PROOF_BYTES).slice())
  r.end()
  if (!kindOk(kind)) throw new CodecError('E_BAD_TAG', `cert: expected kind 1 or 2, got ${kind}`)
  if (n > MAX_VALIDATORS) throw new CodecError('E_CERT_BITMAP', `cert: expected n ≤ ${MAX_VALIDATORS}, got ${n}`)
  if (n % 8 !== 0 && (bitmap[bitmap.length - 1] >>> (n % 8)) !== 0) {
    throw new CodecError('E_CERT_BITMAP', `cert: expected no bit at or above n = ${n}, got padding bits set`)
  }
  if (k === 0) throw new CodecError('E_CERT_BITMAP', 'cert: expected at least one signer, got an empty bitmap')
  return { kind, height, block, n, signers: bitmapSigners(bitmap), sig, proofs }
}
