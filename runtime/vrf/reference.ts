// A TypeScript reference of ECVRF-EDWARDS25519-SHA512-{TAI,ELL2} (RFC 9381) and of the
// sortition rule (docs/VRF.md §3) on @noble/curves and @noble/hashes: the oracle the core
// is tested against and the anchor its benchmark is measured against. Written from the
// RFC, directly and slowly (BigInt everywhere); not used by consensus.
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'

export type VrfSuite = 'ell2' | 'tai'
type Point = InstanceType<typeof ed25519.Point>

const Point = ed25519.Point
const L = Point.Fn.ORDER
const SUITE: Record<VrfSuite, number> = { tai: 3, ell2: 4 }
const ELL2_DST = new Uint8Array([...new TextEncoder().encode('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), 4])

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) { out.set(p, o); o += p.length }
  return out
}
const leToInt = (b: Uint8Array) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v }
const intToLe = (v: bigint, n: number) => { const out = new Uint8Array(n); for (let i = 0; i < n; i++) { out[i] = Number(v & 255n); v >>= 8n } return out }
const mulAny = (p: Point, k: bigint) => (k % L === 0n ? Point.ZERO : p.multiply(k % L))

/** string_to_point (RFC 8032 §5.1.3, strict): a point, or null. */
function decodeStrict(b: Uint8Array): Point | null {
  try { return Point.fromBytes(b, false) } catch { return null }
}

/** ECVRF_encode_to_curve for the suite (§5.4.1.1 TAI, §5.4.1.2 ELL2). */
export function encodeToCurve(suite: VrfSuite, pk: Uint8Array, alpha: Uint8Array): Point {
  if (suite === 'ell2') return ed25519_hasher.encodeToCurve(concat(pk, alpha), { DST: ELL2_DST }) as Point
  for (let ctr = 0; ctr < 256; ctr++) {
    const h = sha512(concat(new Uint8Array([SUITE.tai, 1]), pk, alpha, new Uint8Array([ctr, 0])))
    const p = decodeStrict(h.subarray(0, 32))
    if (p) return p.clearCofactor()
  }
  throw new Error('encodeToCurve: no point in 256 tries')
}

function challenge(suite: VrfSuite, ...points: Uint8Array[]): bigint {
  const c = sha512(concat(new Uint8Array([SUITE[suite], 2]), ...points, new Uint8Array([0])))
  return leToInt(c.subarray(0, 16))
}

/** ECVRF_prove (§5.1): the 80-byte proof. */
export function prove(sk: Uint8Array, alpha: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array {
  const { scalar: x, prefix, pointBytes: pk } = ed25519.utils.getExtendedPublicKey(sk)
  const H = encodeToCurve(suite, pk, alpha)
  const hBytes = H.toBytes()
  const gamma = mulAny(H, x)
  const k = leToInt(sha512(concat(prefix, hBytes))) % L
  const c = challenge(suite, pk, hBytes, gamma.toBytes(), mulAny(Point.BASE, k).toBytes(), mulAny(H, k).toBytes())
  const s = (k + c * x) % L
  return concat(gamma.toBytes(), intToLe(c, 16), intToLe(s, 32))
}

function decodeProof(pi: Uint8Array): { gamma: Point, c: bigint, s: bigint } | null {
  if (pi.length !== 80) return null
  const gamma = decodeStrict(pi.subarray(0, 32))
  const s = leToInt(pi.subarray(48, 80))
  if (!gamma || s >= L) return null
  return { gamma, c: leToInt(pi.subarray(32, 48)), s }
}

/** ECVRF_proof_to_hash (§5.2), or null when the proof does not decode. */
export function proofToHash(pi: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array | null {
  const d = decodeProof(pi)
  if (!d) return null
  return sha512(concat(new Uint8Array([SUITE[suite], 3]), d.gamma.clearCofactor().toBytes(), new Uint8Array([0])))
}

/** ECVRF_verify (§5.3) with validate_key: beta, or null. */
export function verify(pk: Uint8Array, alpha: Uint8Array, pi: Uint8Array, suite: VrfSuite = 'ell2'): Uint8Array | null {
  if (pk.length !== 32) return null
  const Y = decodeStrict(pk)
  if (!Y || Y.isSmallOrder()) return null
  const d = decodeProof(pi)
  if (!d) return null
  const H = encodeToCurve(suite, pk, alpha)
  const U = mulAny(Point.BASE, d.s).subtract(Y.multiplyUnsafe(d.c % L))
  const V = H.multiplyUnsafe(d.s).subtract(d.gamma.multiplyUnsafe(d.c % L))
  const c2 = challenge(suite, pk, H.toBytes(), pi.subarray(0, 32), U.toBytes(), V.toBytes())
  return c2 === d.c ? proofToHash(pi, suite) : null
}

export function publicKey(sk: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(sk)
}

// --- Sortition (docs/VRF.md §3), a line-by-line BigInt transcription of the spec. ---

type Soft = { m: bigint, e: number }
const EXP_M1_MANTISSA = 0xbc5ab1b16779be35n

function sfNorm(v: bigint, shift: number): Soft {
  // The top 64 bits of v (truncated), times 2^shift.
  if (v === 0n) return { m: 0n, e: 0 }
  const bits = v.toString(2).length
  return bits > 64 ? { m: v >> BigInt(bits - 64), e: shift + bits - 64 } : { m: v << BigInt(64 - bits), e: shift - (64 - bits) }
}
const sfMul = (a: Soft, b: Soft): Soft => (a.m === 0n || b.m === 0n ? { m: 0n, e: 0 } : sfNorm(a.m * b.m, a.e + b.e))
const sfDiv = (a: Soft, d: bigint): Soft => (a.m === 0n ? { m: 0n, e: 0 } : sfNorm((a.m << 64n) / d, a.e - 64))
function fix127(p: Soft): bigint {
  if (p.m === 0n) return 0n
  const sh = Math.min(p.e + 127, 64)
  return sh >= 0 ? p.m << BigInt(sh) : p.m >> BigInt(-sh)
}

/** Seats won, exactly as docs/VRF.md §3 specifies (and the core computes). */
export function sortitionSeats(beta: Uint8Array, w: bigint, total: bigint, tau: number, cdf?: bigint[]): number {
  if (total <= 0n || w < 0n || w > total || tau < 0 || tau > 65536) throw new RangeError('sortitionSeats: out of range')
  const n = w * BigInt(tau)
  const i = n / total
  const f = ((n % total) << 64n) / total
  const lambda = sfNorm((i << 64n) | f, -64)
  let term = 1n << 63n, sum = 1n << 63n
  for (let k = 1n; k <= 24n; k++) {
    term = ((term * f) >> 64n) / k
    sum = k & 1n ? sum - term : sum + term
  }
  let p = sfNorm(sum, -63)
  let e: Soft = { m: 1n << 63n, e: -63 }
  for (let b = 16; b >= 0; b--) {
    e = sfMul(e, e)
    if ((i >> BigInt(b)) & 1n) e = sfMul(e, { m: EXP_M1_MANTISSA, e: -65 })
  }
  p = sfMul(e, p)
  let u = 0n
  for (let j = 0; j < 8; j++) u = (u << 8n) | BigInt(beta[j])
  const target = u << 63n
  let s = fix127(p), k = 0
  cdf?.push(s)
  while (k < 131072 && target >= s) {
    p = sfDiv(sfMul(p, lambda), BigInt(k + 1))
    k++
    const add = fix127(p)
    s += add
    cdf?.push(s)
    if (BigInt(k) > i && add === 0n) break
  }
  return k
}

/**
 * F(0), F(1), … as the rule computes them (scale 2^127), up to where a draw of u with all
 * 64 bits set would stop: for tests of the error bound and of expected seats.
 */
export function sortitionCdf(w: bigint, total: bigint, tau: number): bigint[] {
  const cdf: bigint[] = []
  sortitionSeats(new Uint8Array(64).fill(255), w, total, tau, cdf)
  return cdf
}

/** Committee seats, exactly as docs/VRF.md §3.7 specifies: w·τ/W rounded at random by u. */
export function committeeSeats(beta: Uint8Array, w: bigint, total: bigint, tau: number): number {
  if (total <= 0n || w < 0n || w > total || tau < 0 || tau > 65536) throw new RangeError('committeeSeats: out of range')
  const n = w * BigInt(tau)
  let u = 0n
  for (let j = 0; j < 8; j++) u = (u << 8n) | BigInt(beta[j])
  return Number(n / total) + (u * total < (n % total) << 64n ? 1 : 0)
}

const PRIORITY_TAG = new TextEncoder().encode('chiron/sortition/priority')

/** Priority of a proposal with `seats` ≥ 1 seats (docs/VRF.md §3.3). */
export function sortitionPriority(beta: Uint8Array, seats: number): Uint8Array {
  let best: Uint8Array | null = null
  for (let j = 0; j < seats; j++) {
    const h = sha512(concat(PRIORITY_TAG, beta, intToLe(BigInt(j), 4))).subarray(0, 32)
    if (!best || compareBE(h, best) < 0) best = h
  }
  if (!best) throw new RangeError('sortitionPriority: seats must be at least 1')
  return best.slice()
}
function compareBE(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}
