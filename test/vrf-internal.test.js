// The VRF's building blocks against BigInt: the generated constants are re-derived, the
// constant-time scalar arithmetic (nonce reduction, s = c·x + k mod L) matches exact
// arithmetic on random and extreme inputs, and the constant-time scalar multiplication
// matches @noble on random and edge scalars. Compiled into a small wasm of their own.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileScratch, root, rng } from './helpers.js'
import { generateVrfConstants, generateVrfBaseTable, ELL2_C2, ELL2_EDWARDS_C1, EXP_M1_MANTISSA } from '../build/gen-vrf-constants.js'

const R = rng(252)
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const p = 2n ** 255n - 19n
const le = (v, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 255n); v >>= 8n } return o }
const fromLe = (b) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v }

test('constants.generated.ts and base_table.generated.ts are re-derived byte for byte; the constants mean what they say', () => {
  assert.is(readFileSync(join(root, 'assembly', 'vrf', 'constants.generated.ts'), 'utf8'), generateVrfConstants())
  assert.is(readFileSync(join(root, 'assembly', 'vrf', 'base_table.generated.ts'), 'utf8'), generateVrfBaseTable())
  const pow = (b, e) => { let r = 1n; b %= p; while (e) { if (e & 1n) r = r * b % p; b = b * b % p; e >>= 1n } return r }
  assert.is(ELL2_C2, pow(2n, (p + 3n) / 8n))
  assert.is((ELL2_EDWARDS_C1 * ELL2_EDWARDS_C1) % p, p - 486664n)
  assert.is(ELL2_EDWARDS_C1 & 1n, 0n)
  // e^-1 = m·2^-65 within one unit: compare m/2^65 with a 40-digit decimal expansion of 1/e.
  const invE = 367879441171442321595523770161460867445811n // 1/e · 10^42
  const lo = EXP_M1_MANTISSA * 10n ** 42n, hi = (EXP_M1_MANTISSA + 1n) * 10n ** 42n
  assert.ok(lo <= invE * 2n ** 65n && invE * 2n ** 65n < hi)
})

const src = (f) => JSON.stringify(`./assembly/${f}`)
const x = await compileScratch(`
import { scReduce512Ct, scMulAddCt } from ${src('vrf/scalar_ct')};
import { geScalarMulCt, geScalarMulBaseCt, geToBytes } from ${src('vrf/curve')};
import { geFromBytesVartime } from ${src('ed25519/point')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
export function reduce512(out: usize, h: usize): void { scReduce512Ct(out, h); }
export function muladd(out: usize, a: usize, b: usize, c: usize): void { scMulAddCt(out, a, b, c); }
const P = memory.data(160, 8); const Q = memory.data(160, 8);
export function smulBase(out: usize, a: usize): void { geScalarMulBaseCt(Q, a); geToBytes(out, Q); }
export function smul(out: usize, a: usize, pt: usize): i32 {
  if (!geFromBytesVartime(P, pt, 0)) return 0;
  geScalarMulCt(Q, a, P); geToBytes(out, Q); return 1;
}
`)
const buf = (b) => { const ptr = x.alloc(b.length); new Uint8Array(x.memory.buffer, ptr, b.length).set(b); return ptr }
const out = x.alloc(64)
const read = (n) => new Uint8Array(x.memory.buffer, out, n).slice()

test('scReduce512Ct: 64-byte values mod L, random and extreme', () => {
  const cases = [0n, 1n, L - 1n, L, L + 1n, 2n * L, 2n ** 252n, 2n ** 253n - 1n, 2n ** 256n - 1n, 2n ** 512n - 1n, 2n ** 511n, L * (2n ** 259n) - 1n]
  for (let i = 0; i < 400; i++) cases.push(fromLe(R.bytes(64)))
  for (const v of cases) {
    x.reduce512(out, buf(le(v, 64)))
    assert.is(fromLe(read(32)), v % L, `${v}`)
  }
})

test('scMulAddCt: a·b + c mod L for 32-byte a, b, c (clamped secrets are ≥ L)', () => {
  const edge = [0n, 1n, L - 1n, L, 2n ** 255n - 1n, 2n ** 256n - 1n, 2n ** 254n, 2n ** 128n - 1n]
  const cases = []
  for (const a of edge) for (const b of edge) cases.push([a, b, edge[(cases.length * 7) % edge.length]])
  for (let i = 0; i < 400; i++) cases.push([fromLe(R.bytes(16)), fromLe(R.bytes(32)) | (1n << 254n), fromLe(R.bytes(32)) % L])
  for (let i = 0; i < 200; i++) cases.push([fromLe(R.bytes(32)), fromLe(R.bytes(32)), fromLe(R.bytes(32))])
  for (const [a, b, c] of cases) {
    x.muladd(out, buf(le(a, 32)), buf(le(b, 32)), buf(le(c, 32)))
    assert.is(fromLe(read(32)), (a * b + c) % L, `${a} ${b} ${c}`)
  }
})

test('geScalarMulCt: a·P for random points and scalars below 2^255, against @noble', () => {
  const P = ed25519.Point
  const scalars = [0n, 1n, 2n, 7n, 8n, 9n, 15n, 16n, L - 1n, L, L + 1n, 2n ** 255n - 1n, 2n ** 254n + 8n]
  for (let i = 0; i < 30; i++) scalars.push(fromLe(R.bytes(32)) >> 1n)
  for (const a of scalars) {
    const pt = P.BASE.multiply(1n + fromLe(R.bytes(32)) % (L - 1n))
    assert.is(x.smul(out, buf(le(a, 32)), buf(pt.toBytes())), 1)
    const want = a % L === 0n ? P.ZERO : pt.multiply(a % L)
    assert.is(Buffer.from(read(32)).toString('hex'), want.toHex(), `${a}`)
  }
  // a point with a torsion component: the scalar is not reduced mod L
  const T = P.fromBytes(Uint8Array.from(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex')))
  const mixed = P.BASE.add(T)
  for (const a of [3n, L + 3n, 2n ** 254n + 5n]) {
    x.smul(out, buf(le(a, 32)), buf(mixed.toBytes()))
    assert.is(Buffer.from(read(32)).toString('hex'), P.BASE.multiply(a % L).add(T.multiplyUnsafe(a % 8n)).toHex()) // T has order 8
  }
})

test('geScalarMulBaseCt: a·B over the static table, against @noble (every table row and sign)', () => {
  const P = ed25519.Point
  const scalars = [0n, 1n, 8n, 9n, 16n, 255n, 256n, L - 1n, L, L + 1n, 2n ** 255n - 1n, 2n ** 254n + 8n]
  for (let i = 0; i < 63; i++) scalars.push(8n << BigInt(4 * i), 9n << BigInt(4 * i), 15n << BigInt(4 * i))
  scalars.push(7n << 252n, 0x7fn << 248n) // the precondition is a < 2^255
  for (let i = 0; i < 60; i++) scalars.push(fromLe(R.bytes(32)) >> 1n)
  for (const a of scalars) {
    x.smulBase(out, buf(le(a, 32)))
    const want = a % L === 0n ? P.ZERO : P.BASE.multiply(a % L)
    assert.is(Buffer.from(read(32)).toString('hex'), want.toHex(), `${a}`)
  }
})

test.run()
