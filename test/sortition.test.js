// Weighted sortition (docs/VRF.md §3): the core computes exactly the rule the document
// specifies (a BigInt transcription of it in runtime/vrf/reference.ts agrees bit for bit);
// the computed CDF is within the stated 2^-40 of the exact Poisson CDF; over many seeded
// draws the seat counts follow Poisson(λ) (chi-square); splitting a weight across k
// identities does not raise the expected seats; and the edge cases.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { CoreError } from '../dist/runtime/core.js'
import * as ref from '../dist/runtime/vrf/reference.js'

const core = await loadCore()
const R = rng(2024)
const U64_MAX = (1n << 64n) - 1n
const u64 = () => (BigInt(R.u32()) << 32n) | BigInt(R.u32())

test('the core computes the rule of docs/VRF.md bit for bit (BigInt transcription)', () => {
  let nonzero = 0
  for (let i = 0; i < 3000; i++) {
    const beta = R.bytes(64)
    const kind = R.int(4)
    const total = kind === 0 ? 1n + BigInt(R.int(1000)) : kind === 1 ? U64_MAX - BigInt(R.int(1000)) : 1n + u64() % U64_MAX
    const weight = R.int(8) === 0 ? total : R.int(8) === 0 ? 0n : (total * BigInt(R.int(1 << 20))) >> 20n
    const tau = R.int(6) === 0 ? R.int(65537) : R.int(3000)
    const got = core.sortition.seats(beta, weight, total, tau)
    assert.is(got, ref.sortitionSeats(beta, weight, total, tau), `w=${weight} W=${total} tau=${tau}`)
    if (got) nonzero++
  }
  assert.ok(nonzero > 1000)
})

/** Exact F(k)·2^127 of Poisson(n/W) for k = 0..K, from BigInt series with ample precision. */
function exactCdf(n, W, K) {
  const bits = BigInt(Math.ceil((Number(n) / Number(W)) * 1.4427 + 300))
  const terms = []
  let t = 1n << bits, j = 0n
  while (t > 0n) { terms.push(t); j++; t = (t * n) / (W * j) }
  const esum = terms.reduce((a, b) => a + b, 0n)
  const out = []
  let acc = 0n
  for (let k = 0; k <= K; k++) { acc += terms[k] ?? 0n; out.push((acc << 127n) / esum) }
  return out
}

test('error bound: every computed F(k) is within 2^-40 of the exact Poisson CDF', () => {
  const bound = 1n << 87n // 2^-40 at scale 2^127
  let worst = 0n
  for (let i = 0; i < 120; i++) {
    const total = 1n + u64() % U64_MAX, weight = (total * BigInt(R.int(1001))) / 1000n
    const tau = i % 8 === 0 ? 1 + R.int(3000) : 1 + R.int(150)
    const cdf = ref.sortitionCdf(weight, total, tau)
    const exact = exactCdf(weight * BigInt(tau), total, cdf.length - 1)
    for (let k = 0; k < cdf.length; k++) {
      const d = cdf[k] > exact[k] ? cdf[k] - exact[k] : exact[k] - cdf[k]
      if (d > worst) worst = d
    }
  }
  console.log(`  worst |F_computed - F_exact| = 2^${Math.log2(Number(worst) / 2 ** 127).toFixed(1)}`)
  assert.ok(worst < bound)
})

/** Poisson pmf in doubles (test-side statistics only; consensus never sees a float). */
function pmf(lambda, k) {
  let p = Math.exp(-lambda)
  for (let j = 1; j <= k; j++) p *= lambda / j
  return p
}

function chiSquare(lambda, weight, total, tau, draws, bins) {
  const counts = new Array(bins + 1).fill(0)
  for (let i = 0; i < draws; i++) counts[Math.min(bins, core.sortition.seats(R.bytes(64), weight, total, tau))]++
  let chi = 0, tail = 1
  for (let k = 0; k <= bins; k++) {
    const p = k < bins ? pmf(lambda, k) : tail
    tail -= p
    const expected = draws * p
    chi += (counts[k] - expected) ** 2 / expected
  }
  return { chi, counts }
}

test('chi-square (fixed seed): seat counts follow Poisson(w·τ/W)', () => {
  // Critical values at p = 0.001: 9 bins (df 8) 26.12; 4 bins (df 3) 16.27.
  const a = chiSquare(2.5, 5n, 200n, 100, 20000, 8)
  console.log(`  λ = 2.5: χ² = ${a.chi.toFixed(2)} over ${a.counts.join(' ')}`)
  assert.ok(a.chi < 26.12)
  const b = chiSquare(0.3, 3n * 10n ** 15n, 10n ** 18n, 100, 20000, 3)
  console.log(`  λ = 0.3: χ² = ${b.chi.toFixed(2)} over ${b.counts.join(' ')}`)
  assert.ok(b.chi < 16.27)
})

/** Exact expected seats under the computed rule, u uniform on the 2^64 grid: Σ_k P(seats > k). */
function expectedSeats(weight, total, tau) {
  const cdf = ref.sortitionCdf(weight, total, tau)
  let e = 0n // in units of 2^-64
  for (const s of cdf) {
    const cut = (s + (1n << 63n) - 1n) >> 63n // least u with u·2^63 ≥ s
    if (cut < 1n << 64n) e += (1n << 64n) - cut
  }
  return e
}

test('splitting a weight across k identities does not raise the expected seats', () => {
  const slack = 1n << 24n // 2^-40 seats, in units of 2^-64
  for (let i = 0; i < 40; i++) {
    const total = 1n + u64() % (1n << 40n), weight = (total * BigInt(1 + R.int(300))) / 1000n
    const tau = 10 + R.int(200)
    const whole = expectedSeats(weight, total, tau)
    const k = 2 + R.int(6)
    const parts = []
    let left = weight
    for (let j = 0; j < k - 1; j++) { const p = (left * BigInt(R.int(1000))) / 1000n; parts.push(p); left -= p }
    parts.push(left)
    const split = parts.reduce((a, p) => a + expectedSeats(p, total, tau), 0n)
    assert.ok(split <= whole + slack * BigInt(k), `w=${weight} parts=${parts}`)
    // and both are the intended λ = w·τ/W to within 2^-30
    const lambda = (weight * BigInt(tau) << 64n) / total
    const diff = whole > lambda ? whole - lambda : lambda - whole
    assert.ok(diff < 1n << 34n, `E = ${whole}, λ = ${lambda}`)
  }
  // The same by simulation in the core, one identity against five, 4000 rounds each.
  const total = 10n ** 12n, weight = 6n * 10n ** 10n, tau = 50 // λ = 3
  let one = 0, five = 0
  for (let r = 0; r < 4000; r++) {
    one += core.sortition.seats(R.bytes(64), weight, total, tau)
    for (let j = 0; j < 5; j++) five += core.sortition.seats(R.bytes(64), weight / 5n, total, tau)
  }
  const sd = Math.sqrt(3 / 4000)
  console.log(`  mean seats: one identity ${(one / 4000).toFixed(3)}, five identities ${(five / 4000).toFixed(3)} (λ = 3, sd ${sd.toFixed(3)})`)
  assert.ok(Math.abs(one / 4000 - 3) < 5 * sd && Math.abs(five / 4000 - 3) < 5 * sd)
})

test('edge cases: weight 0, weight = total, tau > total weight, tau 0, extreme beta', () => {
  const ones = new Uint8Array(64).fill(255), zeros = new Uint8Array(64)
  for (const beta of [ones, zeros, R.bytes(64)]) {
    assert.is(core.sortition.seats(beta, 0n, 1000n, 500), 0)
    assert.is(core.sortition.seats(beta, 7n, 1000n, 0), 0)
  }
  // weight = total: Poisson(τ); tau > total weight: λ = w·τ/W above w, seats above the weight units.
  let sum = 0
  for (let i = 0; i < 400; i++) sum += core.sortition.seats(R.bytes(64), 10n, 10n, 40)
  assert.ok(Math.abs(sum / 400 - 40) < 5 * Math.sqrt(40 / 400))
  sum = 0
  for (let i = 0; i < 400; i++) sum += core.sortition.seats(R.bytes(64), 3n, 10n, 1000)
  assert.ok(Math.abs(sum / 400 - 300) < 5 * Math.sqrt(300 / 400))
  // u = 0 takes the least k; u = 2^64 - 1 stops in the tail, not at the walk's bound.
  assert.is(core.sortition.seats(zeros, 10n, 10n, 40), ref.sortitionSeats(zeros, 10n, 10n, 40))
  const top = core.sortition.seats(ones, 1n, 1000n, 1)
  assert.ok(top >= 1 && top < 40, `seats at u = 1 - 2^-64: ${top}`)
  assert.ok(core.sortition.seats(ones, 1n, 1n, 65536) < 70000)
  assert.ok(core.sortition.seats(ones, U64_MAX, U64_MAX, 65536) > 65536)
})

test('bad arguments: named core errors, RangeError and TypeError', () => {
  const beta = R.bytes(64)
  const coreName = (fn) => { try { fn() } catch (e) { assert.instance(e, CoreError); return e.coreName } assert.unreachable() }
  assert.is(coreName(() => core.sortition.seats(beta, 1n, 0n, 10)), 'E_SORTITION_WEIGHT')
  assert.is(coreName(() => core.sortition.seats(beta, 11n, 10n, 10)), 'E_SORTITION_WEIGHT')
  assert.is(coreName(() => core.sortition.seats(beta, 1n, 10n, 65537)), 'E_SORTITION_TAU')
  assert.is(coreName(() => core.sortition.priority(beta, 0)), 'E_SORTITION_SEATS')
  assert.is(coreName(() => core.sortition.priority(beta, 131073)), 'E_SORTITION_SEATS')
  assert.throws(() => core.sortition.seats(beta, 1, 10n, 10), TypeError)
  assert.throws(() => core.sortition.seats(beta, 1n, 10, 10), TypeError)
  assert.throws(() => core.sortition.seats(beta, 1n, 10n, 1.5), TypeError)
  assert.throws(() => core.sortition.seats(beta.subarray(1), 1n, 10n, 10), TypeError)
  assert.throws(() => core.sortition.seats(beta, -1n, 10n, 10), RangeError)
  assert.throws(() => core.sortition.seats(beta, 1n, 1n << 64n, 10), RangeError)
})

test('priority: the least of one hash per seat, as the reference computes it', () => {
  for (const seats of [1, 2, 3, 17, 100]) {
    const beta = R.bytes(64)
    assert.equal(core.sortition.priority(beta, seats), ref.sortitionPriority(beta, seats))
  }
  // More seats can only lower (improve) the priority.
  const beta = R.bytes(64)
  const p1 = Buffer.from(core.sortition.priority(beta, 1)), p9 = Buffer.from(core.sortition.priority(beta, 9))
  assert.ok(Buffer.compare(p9, p1) <= 0)
})

test('the worked examples of docs/VRF.md §3.6', async () => {
  const { sha512 } = await import('@noble/hashes/sha2.js')
  const rows = [
    ['', 1n, 3n, 1, 1, '88fcb47a0f4a2562'],
    ['a', 10n, 100n, 30, 1, '4f6f270d4851e1b4'],
    ['b', 3n, 10n, 1000, 292, '00445fbae3e9921d'],
    ['c', 0n, 5n, 7, 0, null],
    ['d', U64_MAX, U64_MAX, 65536, 65391, '000343ae3242e49c'],
  ]
  for (const [s, w, W, tau, seats, prio] of rows) {
    const beta = sha512(new TextEncoder().encode(s))
    assert.is(core.sortition.seats(beta, w, W, tau), seats, JSON.stringify(s))
    if (prio) assert.is(Buffer.from(core.sortition.priority(beta, seats)).toString('hex').slice(0, 16), prio)
  }
})

test.run()
