// Re-derives the SHA-2 constants written in assembly/hash/ (FIPS 180-4 §4.2.2, §4.2.3,
// §5.3.3, §5.3.5) from their definitions with BigInt, and checks them against the source:
// the round constants K[t] are immediates of the unrolled rounds, in round order.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './helpers.js'

function primes(n) {
  const out = []
  for (let k = 2; out.length < n; k++) if (out.every((p) => k % p !== 0)) out.push(k)
  return out
}
/** floor(x^(1/e)) for a BigInt x, by bisection. */
function iroot(x, e) {
  let lo = 0n, hi = 1n
  while (hi ** e <= x) hi *= 2n
  while (hi - lo > 1n) { const m = (lo + hi) / 2n; if (m ** e <= x) lo = m; else hi = m }
  return lo
}
/** The first `bits` bits of the fractional part of p^(1/e). */
const frac = (p, e, bits) => iroot(BigInt(p) << (BigInt(bits) * e), e) & ((1n << BigInt(bits)) - 1n)

function source(file) {
  return readFileSync(join(root, 'assembly', 'hash', file), 'utf8')
}
/** The hex literals of the `t = ...` round lines of the compression function, in order. */
function roundConstants(src, digits) {
  const re = new RegExp(`^\\s*t = .*?\\+ (0x[0-9a-f]{${digits}}) \\+ w\\d+;`, 'gm')
  return [...src.matchAll(re)].map((m) => BigInt(m[1]))
}
function ivConstants(src, digits) {
  const block = src.slice(src.indexOf('@lazy const IV'), src.indexOf('], ', src.indexOf('@lazy const IV')))
  return [...block.matchAll(new RegExp(`0x[0-9a-f]{${digits}}`, 'g'))].map((m) => BigInt(m[0]))
}

test('SHA-256: K[0..63] are the cube roots of the first 64 primes, H(0) the square roots of the first 8', () => {
  const src = source('sha256.ts')
  assert.equal(roundConstants(src, 8), primes(64).map((p) => frac(p, 3n, 32)))
  assert.equal(ivConstants(src, 8), primes(8).map((p) => frac(p, 2n, 32)))
})

test('SHA-512: K[0..79] are the cube roots of the first 80 primes, H(0) the square roots of the first 8', () => {
  const src = source('sha512.ts')
  assert.equal(roundConstants(src, 16), primes(80).map((p) => frac(p, 3n, 64)))
  assert.equal(ivConstants(src, 16), primes(8).map((p) => frac(p, 2n, 64)))
})

test('the unrolled rounds rotate roles and compute W[t] for t >= 16 in place', () => {
  for (const [file, rounds] of [['sha256.ts', 64], ['sha512.ts', 80]]) {
    const lines = source(file).split('\n').map((l) => l.trim())
    const r = lines.filter((l) => /^t = /.test(l))
    const w = lines.filter((l) => /^w\d+ \+= sigma1/.test(l))
    assert.is(r.length, rounds, file)
    assert.is(w.length, rounds - 16, file)
    const v = 'abcdefgh'
    r.forEach((l, i) => {
      const role = (j) => v[(j - (i % 8) + 8) % 8]
      const [a, b, d, e, f, g, h] = [0, 1, 3, 4, 5, 6, 7].map(role)
      const [x, y] = i % 2 ? ['y', 'x'] : ['x', 'y']
      const expected = `t = ${h} + bigSigma1(${e}) + ch(${e}, ${f}, ${g}) + K + w${i % 16}; ${d} += t; ${x} = ${a} ^ ${b}; ${h} = t + bigSigma0(${a}) + (${b} ^ (${x} & ${y}));`
      assert.is(l.replace(/0x[0-9a-f]+/, 'K'), expected, `${file} round ${i}`)
    })
    w.forEach((l, k) => {
      const t = k + 16
      assert.is(l, `w${t % 16} += sigma1(w${(t - 2) % 16}) + w${(t - 7) % 16} + sigma0(w${(t - 15) % 16});`, `${file} W[${t}]`)
    })
  }
})

test.run()
