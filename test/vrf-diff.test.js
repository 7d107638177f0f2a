// The core's ECVRF against the @noble-based reference (runtime/vrf/reference.ts) on random
// keys and inputs, for both suites; then the rejection rules of RFC 9381 with named
// errors: small-order and non-canonical keys, non-canonical Gamma, s ≥ L, mutated proofs.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { loadCore, rng, hex } from './helpers.js'
import * as ref from '../dist/runtime/vrf/reference.js'

const core = await loadCore()
const R = rng(9381)
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const p = 2n ** 255n - 19n
const le = (v, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 255n); v >>= 8n } return o }
const SUITES = ['ell2', 'tai']

test('random keys and inputs: proofs and outputs equal the reference byte for byte', () => {
  for (let i = 0; i < 40; i++) {
    const suite = SUITES[i & 1]
    const sk = R.bytes(32), alpha = R.bytes(R.int(3) === 0 ? R.int(2000) : R.int(64))
    const pk = core.vrf.publicKey(sk)
    assert.is(hex(pk), hex(ref.publicKey(sk)))
    const pi = core.vrf.prove(sk, alpha, suite)
    assert.is(hex(pi), hex(ref.prove(sk, alpha, suite)))
    const beta = core.vrf.verify(pk, alpha, pi, suite)
    assert.ok(beta)
    assert.is(hex(beta), hex(ref.verify(pk, alpha, pi, suite)))
    assert.is(hex(core.vrf.proofToHash(pi, suite)), hex(beta))
  }
})

test('mutated proofs, keys and inputs: the core and the reference agree on every verdict', () => {
  let rejected = 0
  for (let i = 0; i < 60; i++) {
    const suite = SUITES[i & 1]
    const sk = R.bytes(32), alpha = R.bytes(R.int(40))
    let pk = core.vrf.publicKey(sk), pi = core.vrf.prove(sk, alpha, suite), a = alpha
    const which = R.int(3)
    if (which === 0) { pi = pi.slice(); pi[R.int(80)] ^= 1 << R.int(8) }
    else if (which === 1) { pk = pk.slice(); pk[R.int(32)] ^= 1 << R.int(8) }
    else { a = alpha.slice(); if (a.length) a[R.int(a.length)] ^= 1; else a = new Uint8Array([1]) }
    const got = core.vrf.verify(pk, a, pi, suite), want = ref.verify(pk, a, pi, suite)
    assert.is(got === null ? null : hex(got), want === null ? null : hex(want), `case ${i}`)
    if (got === null) rejected++
  }
  assert.ok(rejected > 50)
})

/** The raw export's code for (pk, alpha, proof). */
function verifyCode(pk, alpha, pi, suiteString = 4) {
  const w = core.wasm
  return w.call('t', (x) => x.vrf_verify(w.put('t', pk), w.put('t', alpha), alpha.length, w.put('t', pi), suiteString, w.alloc('t', 64)))
}

test('RFC 9381 §5.4.5: every small-order public key is rejected (E_VRF_SMALL_ORDER_KEY)', async () => {
  const { CORE_ERRORS } = await import('../dist/runtime/errors.generated.js')
  const named = (c) => CORE_ERRORS[c].name
  const sk = R.bytes(32), alpha = R.bytes(10), pi = core.vrf.prove(sk, alpha)
  const torsion = ['0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85']
  for (const t of torsion) {
    const pk = Uint8Array.from(Buffer.from(t, 'hex'))
    const pt = (() => { try { return ed25519.Point.fromBytes(pk, false) } catch { return null } })()
    const c = named(verifyCode(pk, alpha, pi))
    // x = 0 with the sign bit set is not a canonical encoding: refused before the order check.
    assert.is(c, pt ? 'E_VRF_SMALL_ORDER_KEY' : 'E_VRF_PUBLIC_KEY', t)
    assert.is(core.vrf.verify(pk, alpha, pi), null)
    assert.is(ref.verify(pk, alpha, pi), null)
  }
  // A key with a torsion component (not small order itself) is a valid key (RFC 9381 only
  // rejects small order); the proof then simply fails.
  const mixed = ed25519.Point.fromBytes(core.vrf.publicKey(sk)).add(ed25519.Point.fromBytes(Uint8Array.from(Buffer.from(torsion[4], 'hex')))).toBytes()
  assert.is(named(verifyCode(mixed, alpha, pi)), 'E_VRF_INVALID')
})

test('non-canonical encodings are refused with named errors: y ≥ p in a key or in Gamma, s ≥ L', async () => {
  const { CORE_ERRORS } = await import('../dist/runtime/errors.generated.js')
  const named = (c) => CORE_ERRORS[c].name
  const sk = R.bytes(32), alpha = R.bytes(10), pk = core.vrf.publicKey(sk), pi = core.vrf.prove(sk, alpha)
  assert.is(named(verifyCode(pk, alpha, pi)), 'OK')
  // y = p + 1 encodes the same field element as y = 1 (the identity's y) non-canonically.
  for (const y of [p, p + 1n, p + 2n, 2n ** 255n - 1n]) {
    assert.is(named(verifyCode(le(y, 32), alpha, pi)), 'E_VRF_PUBLIC_KEY', `pk y = ${y - p} + p`)
    const bad = pi.slice(); bad.set(le(y, 32), 0)
    assert.is(named(verifyCode(pk, alpha, bad)), 'E_VRF_GAMMA', `Gamma y = ${y - p} + p`)
    assert.is(core.vrf.proofToHash(bad), null)
  }
  // A y that is on no point.
  const offCurve = le(2n, 32)
  assert.is(named(verifyCode(offCurve, alpha, pi)), 'E_VRF_PUBLIC_KEY')
  // s = L, s = s + L, s = 2^256 - 1.
  const s = BigInt('0x' + hex(pi.slice(48).reverse()))
  for (const bigS of [L, s + L, 2n ** 256n - 1n]) {
    const bad = pi.slice(); bad.set(le(bigS, 32), 48)
    assert.is(named(verifyCode(pk, alpha, bad)), 'E_VRF_S_RANGE')
    assert.is(core.vrf.proofToHash(bad), null)
    assert.is(ref.verify(pk, alpha, bad), null)
  }
  // An unknown suite string.
  assert.is(named(core.wasm.call('t', (x) => x.vrf_verify(core.wasm.put('t', pk), core.wasm.put('t', alpha), alpha.length, core.wasm.put('t', pi), 5, core.wasm.alloc('t', 64)))), 'E_VRF_SUITE')
})

test('typed API: wrong types throw TypeError, wrong lengths give null', () => {
  const sk = R.bytes(32), alpha = R.bytes(5), pk = core.vrf.publicKey(sk), pi = core.vrf.prove(sk, alpha)
  assert.throws(() => core.vrf.prove('x', alpha), TypeError)
  assert.throws(() => core.vrf.prove(sk.subarray(0, 31), alpha), TypeError)
  assert.throws(() => core.vrf.prove(sk, [1, 2]), TypeError)
  assert.throws(() => core.vrf.prove(sk, alpha, 'p256'), TypeError)
  assert.throws(() => core.vrf.verify(null, alpha, pi), TypeError)
  assert.throws(() => core.vrf.verify(pk, 'abc', pi), TypeError)
  assert.throws(() => core.vrf.verify(pk, alpha, Array.from(pi)), TypeError)
  assert.throws(() => core.vrf.proofToHash({}), TypeError)
  assert.throws(() => core.vrf.publicKey(new Uint8Array(64)), TypeError)
  assert.is(core.vrf.verify(pk.subarray(0, 31), alpha, pi), null)
  assert.is(core.vrf.verify(pk, alpha, pi.subarray(0, 79)), null)
  assert.is(core.vrf.verify(pk, alpha, new Uint8Array([...pi, 0])), null)
  assert.is(core.vrf.proofToHash(pi.subarray(1)), null)
  assert.ok(core.vrf.verify(pk, alpha, pi))
})

test('the prover is deterministic and its output does not depend on leftover state', () => {
  const sk = R.bytes(32), alpha = R.bytes(33)
  const a = core.vrf.prove(sk, alpha)
  core.vrf.prove(R.bytes(32), R.bytes(7), 'tai')
  core.vrf.verify(R.bytes(32), alpha, R.bytes(80))
  assert.is(hex(core.vrf.prove(sk, alpha)), hex(a))
})

test.run()
