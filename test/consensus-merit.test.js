// The merit arithmetic of docs/PROTOCOL.md §15 in the core (assembly/consensus/merit.ts and
// muldiv.ts, through a scratch module) against a BigInt reference written here from the
// spec's text, on random and extreme inputs; and runtime/consensus/merit.ts (the TS mirror)
// against the same reference.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileScratch, rng } from './helpers.js'
import * as mirror from '../dist/runtime/consensus/merit.js'

const x = await compileScratch(`
import { mulDiv, mul128 } from "./assembly/consensus/muldiv";
import { nextLevel, tableWeight, rewardShare } from "./assembly/consensus/merit";
export function md(a: u64, b: u64, d: u64): u64 { return mulDiv(a, b, d); }
export function level(l: u32, work: u64, w: u64, W: u64): u32 { return nextLevel(l, work, w, W); }
export function weight(bond: u64, l: u32): u64 { return tableWeight(bond, l); }
export function reward(work: u64, total: u64): u64 { return rewardShare(work, total); }
`, 'consensus-merit-entry.ts')

const R = rng(2026)
const U64 = (1n << 64n) - 1n
const u64 = (v) => BigInt.asUintN(64, v)
const r64 = () => (BigInt(R.u32()) << 32n) | BigInt(R.u32())
/** Random u64 with a random bit length, so small and huge values are both common. */
const rbits = () => r64() >> BigInt(R.int(64))
const div0 = (a, b) => { const q = a / b; return q } // BigInt division truncates toward zero

// The reference, read off the spec: E = 32, τ = 3000, bonus = 300, RHO_TARGET = 750, KAPPA = 400.
function refLevel(level, work, w, W) {
  if (w === 0n || W === 0n) return level
  const exp = (32n * (3000n + 300n) * w) / W
  if (exp === 0n) return level
  let rho = (work * 1000n) / exp
  if (rho > 1000n) rho = 1000n
  let l = BigInt(level) + div0((rho - 750n) * 400n, 1000n)
  if (l < 100n) l = 100n
  if (l > 1000n) l = 1000n
  return Number(l)
}
const refWeight = (bond, level) => (bond * BigInt(level)) / 1000n
const refReward = (work, total) => (total === 0n ? 0n : (1_000_000n * work) / total)

test('mulDiv: exact floor(a·b/d) whenever the quotient fits, saturated otherwise', () => {
  const cases = [[U64, U64, U64], [U64, U64, 1n], [U64, 1000n, 1000n], [U64, 999n, 1000n], [1n << 63n, 1n << 63n, (1n << 63n) + 1n],
    [U64, U64, U64 - 1n], [0n, U64, 7n], [5n, 7n, 0n], [U64, 2n, U64]]
  for (let i = 0; i < 20000; i++) cases.push([rbits(), rbits(), rbits() || 1n])
  for (const [a, b, d] of cases) {
    const want = d === 0n ? U64 : (a * b) / d > U64 ? U64 : (a * b) / d
    assert.is(u64(x.md(a, b, d)), want, `${a}·${b}/${d}`)
  }
})

test('nextLevel against the reference', () => {
  const cases = [[500, 0n, 1n, 1n], [500, 105600n, 1n, 1n], [1000, U64, U64, U64], [100, 0n, U64, U64], [500, 79200n, 10n, 10n],
    [500, 1n, 1n, 105600n], [500, 5n, 1n, 105601n], [700, 3n, 0n, 10n], [700, 3n, 5n, 0n]]
  for (let i = 0; i < 20000; i++) {
    const W = rbits() || 1n
    const w = R.int(8) === 0 ? 0n : W - (rbits() % W)
    const exp = (105600n * w) / W
    const work = [0n, rbits(), exp === 0n ? 0n : BigInt(R.u32()) % (2n * exp + 1n), exp][R.int(4)]
    cases.push([100 + R.int(901), work, w, W])
  }
  for (const [l, work, w, W] of cases) {
    const want = refLevel(l, work, w, W)
    assert.is(x.level(l, work, w, W), want, `level(${l}, ${work}, ${w}, ${W})`)
    assert.is(mirror.nextLevel(l, work, w, W), want)
  }
})

test('nextLevel: the worked figures of §15', () => {
  assert.is(refLevel(500, 105600n, 1n, 1n), 600)  // fully diligent: +100
  assert.is(refLevel(500, 0n, 1n, 1n), 200)       // idle: −300
  assert.is(refLevel(500, 79200n, 1n, 1n), 500)   // rate 750 holds the level
  assert.is(x.level(950, 105600n, 1n, 1n), 1000)  // clamped at LEVEL_MAX
  assert.is(x.level(150, 0n, 1n, 1n), 100)        // clamped at LEVEL_MIN
  assert.is(x.level(500, 79199n, 1n, 1n), 500)    // rho 749: (−1·400)/1000 truncates to 0
  assert.is(x.level(500, 79100n, 1n, 1n), 500)    // rho 749 (79100·1000/105600 = 749.05…)
  assert.is(x.level(500, 78000n, 1n, 1n), 496)    // rho 738: (−12·400)/1000 = −4.8 truncates toward zero to −4
})

test('table weights and reward shares against the reference', () => {
  const cases = [[U64, 1000], [U64, 999], [U64, 100], [1_000_000n, 500], [1n, 999], [0n, 1000]]
  for (let i = 0; i < 20000; i++) cases.push([rbits(), 100 + R.int(901)])
  for (const [bond, l] of cases) {
    assert.is(u64(x.weight(bond, l)), refWeight(bond, l))
    assert.is(mirror.tableWeight(bond, l), refWeight(bond, l))
  }
  const rs = [[0n, 0n], [5n, 5n], [U64, U64], [1n, U64], [U64 - 1n, U64]]
  for (let i = 0; i < 20000; i++) { const total = rbits() || 1n; rs.push([total - (rbits() % total), total]) }
  for (const [work, total] of rs) {
    assert.is(u64(x.reward(work, total)), refReward(work, total))
    assert.is(mirror.rewardShare(work, total), refReward(work, total))
  }
})

test.run()
