// Committee seats (docs/VRF.md §3.7): the core computes the rule bit for bit as its BigInt
// transcription does; a count is always ⌊λ⌋ or ⌊λ⌋ + 1 with the extra seat as often as the
// fraction says; splitting a weight does not raise the expected seats; three of four equal
// validators always reach the certificate threshold; edge cases and bad arguments.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { CoreError } from '../dist/runtime/core.js'
import * as ref from '../dist/runtime/vrf/reference.js'
import { TAU, THRESHOLD } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()
const R = rng(7311)
const U64_MAX = (1n << 64n) - 1n
const u64 = () => (BigInt(R.u32()) << 32n) | BigInt(R.u32())
/** A beta whose first 8 bytes (big-endian) are u. */
const betaWithU = (u) => { const b = R.bytes(64); new DataView(b.buffer).setBigUint64(0, u); return b }

test('the core computes the rule of docs/VRF.md §3.7 bit for bit (BigInt transcription)', () => {
  let extra = 0
  for (let i = 0; i < 4000; i++) {
    const kind = R.int(4)
    const total = kind === 0 ? 1n + BigInt(R.int(1000)) : kind === 1 ? U64_MAX - BigInt(R.int(1000)) : 1n + u64() % U64_MAX
    const weight = R.int(8) === 0 ? total : R.int(8) === 0 ? 0n : (total * BigInt(R.int(1 << 20))) >> 20n
    const tau = R.int(6) === 0 ? R.int(65537) : R.int(3001)
    // u at random, or at the edge of the extra seat: the last u that wins it and the first that does not
    const r = (weight * BigInt(tau)) % total
    const edge = (r << 64n) / total - (((r << 64n) % total) === 0n ? 1n : 0n)
    const u = R.int(3) === 0 && r > 0n ? edge + BigInt(R.int(2)) : u64()
    const beta = betaWithU(u > U64_MAX ? U64_MAX : u)
    const got = core.sortition.committeeSeats(beta, weight, total, tau)
    assert.is(got, ref.committeeSeats(beta, weight, total, tau), `w=${weight} W=${total} tau=${tau}`)
    if (BigInt(got) * total > weight * BigInt(tau)) extra++
  }
  assert.ok(extra > 500, `the extra seat was won ${extra} times`)
})

test('a count is ⌊λ⌋ or ⌊λ⌋ + 1, the extra seat as often as the fraction of λ (fixed seed)', () => {
  // λ = 2.3: P(3) = 0.3
  const draws = 20000
  let three = 0
  for (let i = 0; i < draws; i++) {
    const s = core.sortition.committeeSeats(R.bytes(64), 23n, 1000n, 100)
    assert.ok(s === 2 || s === 3, `seats ${s}`)
    if (s === 3) three++
  }
  const sd = Math.sqrt(draws * 0.3 * 0.7)
  console.log(`  λ = 2.3: ${three} of ${draws} draws won 3 seats (expected ${draws * 0.3}, sd ${sd.toFixed(1)})`)
  assert.ok(Math.abs(three - draws * 0.3) < 5 * sd)
})

/** Exact expected seats of the rule, u uniform on the 2^64 grid, in units of 2^-64. */
function expectedSeats(weight, total, tau) {
  const n = weight * BigInt(tau)
  const r = n % total
  const winners = r === 0n ? 0n : ((r << 64n) + total - 1n) / total // #{u : u·W < r·2^64}
  return ((n / total) << 64n) + winners
}

test('splitting a weight across k identities does not raise the expected seats', () => {
  for (let i = 0; i < 200; i++) {
    const total = 1n + u64() % (1n << 50n), weight = (total * BigInt(1 + R.int(999))) / 1000n
    const tau = 1 + R.int(5000)
    const whole = expectedSeats(weight, total, tau)
    const lambda = ((weight * BigInt(tau)) << 64n) / total
    assert.ok(whole >= lambda && whole - lambda <= 1n, 'the mean is λ to within 2^-64')
    const k = 2 + R.int(8)
    const parts = []
    let left = weight
    for (let j = 0; j < k - 1; j++) { const p = (left * BigInt(R.int(1000))) / 1000n; parts.push(p); left -= p }
    parts.push(left)
    const split = parts.reduce((a, p) => a + expectedSeats(p, total, tau), 0n)
    assert.ok(split <= lambda + BigInt(k), `w=${weight} parts=${parts}: split ${split}, λ ${lambda}`)
  }
})

test('three of four equal validators always hold THRESHOLD seats; a Poisson draw would not', () => {
  const W = 4n * 1_000_000n
  let poissonShort = 0
  for (let h = 0; h < 2000; h++) {
    let seats = 0, poisson = 0
    for (let v = 0; v < 3; v++) {
      const beta = R.bytes(64)
      seats += core.sortition.committeeSeats(beta, 1_000_000n, W, TAU)
      poisson += core.sortition.seats(beta, 1_000_000n, W, TAU)
    }
    assert.is(seats, 2250)
    if (poisson < THRESHOLD) poissonShort++
  }
  console.log(`  rounds short of ${THRESHOLD} seats with one of four validators down: 0 of 2000 (Poisson seats: ${poissonShort})`)
  // unequal weights: the online seats are never below Σ⌊λ_i⌋
  for (let h = 0; h < 500; h++) {
    const weights = Array.from({ length: 2 + R.int(30) }, () => 1n + BigInt(R.int(1_000_000)))
    const total = weights.reduce((a, b) => a + b, 0n)
    let got = 0n, floor = 0n
    for (const w of weights) { got += BigInt(core.sortition.committeeSeats(R.bytes(64), w, total, TAU)); floor += (w * BigInt(TAU)) / total }
    assert.ok(got >= floor && got <= floor + BigInt(weights.length))
  }
})

test('edge cases: weight 0, weight = total, tau 0, tau > total weight, extreme u', () => {
  const ones = new Uint8Array(64).fill(255), zeros = new Uint8Array(64)
  for (const beta of [ones, zeros, R.bytes(64)]) {
    assert.is(core.sortition.committeeSeats(beta, 0n, 1000n, 500), 0)
    assert.is(core.sortition.committeeSeats(beta, 7n, 1000n, 0), 0)
    assert.is(core.sortition.committeeSeats(beta, 10n, 10n, 40), 40)
    assert.is(core.sortition.committeeSeats(beta, U64_MAX, U64_MAX, 65536), 65536)
    assert.is(core.sortition.committeeSeats(beta, 3n, 10n, 1000), 300) // more seats than weight units
  }
  // u = 0 wins any nonzero fraction; u = 2^64 − 1 loses all but a fraction within 2^-64 of 1
  assert.is(core.sortition.committeeSeats(zeros, 1n, U64_MAX, 1), 1)
  assert.is(core.sortition.committeeSeats(ones, U64_MAX - 1n, U64_MAX, 1), 0)
  assert.is(core.sortition.committeeSeats(ones, 2n, 3n, 10), 6)
})

test('the worked examples of docs/VRF.md §3.7', async () => {
  const { sha512 } = await import('@noble/hashes/sha2.js')
  const rows = [['', 1n, 4n, 3000, 750], ['b', 2n, 3n, 10, 7], ['c', 0n, 5n, 7, 0], ['e', 5n, 7n, 65536, 46811]]
  for (const [s, w, W, tau, seats] of rows) {
    assert.is(core.sortition.committeeSeats(sha512(new TextEncoder().encode(s)), w, W, tau), seats, JSON.stringify(s))
  }
})

test('bad arguments: named core errors, RangeError and TypeError', () => {
  const beta = R.bytes(64)
  const coreName = (fn) => { try { fn() } catch (e) { assert.instance(e, CoreError); return e.coreName } assert.unreachable() }
  assert.is(coreName(() => core.sortition.committeeSeats(beta, 1n, 0n, 10)), 'E_SORTITION_WEIGHT')
  assert.is(coreName(() => core.sortition.committeeSeats(beta, 11n, 10n, 10)), 'E_SORTITION_WEIGHT')
  assert.is(coreName(() => core.sortition.committeeSeats(beta, 1n, 10n, 65537)), 'E_SORTITION_TAU')
  assert.throws(() => core.sortition.committeeSeats(beta, 1, 10n, 10), TypeError)
  assert.throws(() => core.sortition.committeeSeats(beta.subarray(1), 1n, 10n, 10), TypeError)
  assert.throws(() => core.sortition.committeeSeats(beta, -1n, 10n, 10), RangeError)
  assert.throws(() => core.sortition.committeeSeats(beta, 1n, 1n << 64n, 10), RangeError)
})

test.run()
