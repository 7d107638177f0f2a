// The verifier's cache of public keys (assembly/vrf/key_cache.ts) changes no verdict and no
// output: the same bytes in give the same bytes out whether the key misses, gets its table
// built, or hits, on valid and invalid proofs, under slot collisions and evictions; keys
// that fail validation never enter it; the comb U = s·B - c·Y matches @noble. Compiled
// into a small wasm of its own so the cache's state can be observed, and instantiated
// afresh wherever a cold verifier is the yardstick.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { compileScratchModule, instantiateScratch, rng, hex, loadCore } from './helpers.js'
import * as ref from '../dist/runtime/vrf/reference.js'
import { CORE_ERRORS as ERRORS } from '../dist/runtime/errors.generated.js'

const R = rng(90210)
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const le = (v, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 255n); v >>= 8n } return o }
const fromLe = (b) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v }
const code = (name) => Number(Object.keys(ERRORS).find((k) => ERRORS[k].name === name))
const E_SMALL = code('E_VRF_SMALL_ORDER_KEY'), E_PK = code('E_VRF_PUBLIC_KEY')

const src = (f) => JSON.stringify(`./assembly/${f}`)
const wasmModule = await compileScratchModule(`
import { vrfVerify, vrfProve, vrfPublicKey } from ${src('vrf/ecvrf')};
import { keyCacheState, keyTableBuildVartime, KEY_TABLE_BYTES } from ${src('vrf/key_cache')};
import { mulBaseMinusKeyVartime } from ${src('vrf/multiply')};
import { geToBytes } from ${src('vrf/curve')};
import { geFromBytesVartime } from ${src('ed25519/point')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
export function verify(out: usize, pk: usize, alpha: usize, alphaLen: i32, proof: usize, suite: i32): i32 {
  return vrfVerify(out, pk, alpha, <usize>alphaLen, proof, suite);
}
export function prove(out: usize, sk: usize, alpha: usize, alphaLen: i32, suite: i32): i32 {
  return vrfProve(out, sk, alpha, <usize>alphaLen, suite);
}
export function publicKey(out: usize, sk: usize): void { vrfPublicKey(out, sk); }
export function keyState(pk: usize): i32 { return keyCacheState(pk); }
const P = memory.data(160, 8); const Q = memory.data(160, 8);
const TABLE = heap.alloc(KEY_TABLE_BYTES);
export function combU(out: usize, s: usize, c: usize, pt: usize): i32 {
  if (!geFromBytesVartime(P, pt, 0)) return 0;
  keyTableBuildVartime(TABLE, P);
  mulBaseMinusKeyVartime(Q, s, c, TABLE);
  geToBytes(out, Q);
  return 1;
}
`)

/** A fresh module instance (an empty cache) with helpers over fixed scratch buffers. */
function instance() {
  const x = instantiateScratch(wasmModule)
  const pk = x.alloc(32), sk = x.alloc(32), alpha = x.alloc(4096), proof = x.alloc(80), out = x.alloc(64)
  const s = x.alloc(32), c = x.alloc(32)
  const mem = () => new Uint8Array(x.memory.buffer)
  return {
    publicKey(k) { mem().set(k, sk); x.publicKey(pk, sk); return mem().slice(pk, pk + 32) },
    prove(k, a, suite = 4) { mem().set(k, sk); mem().set(a, alpha); assert.is(x.prove(proof, sk, alpha, a.length, suite), 0); return mem().slice(proof, proof + 80) },
    /** [return code, beta hex or ''] (out is cleared first, so a failure shows what it wrote). */
    verify(key, a, pi, suite = 4) {
      mem().set(key, pk); mem().set(a, alpha); mem().set(pi, proof); mem().fill(0, out, out + 64)
      const rc = x.verify(out, pk, alpha, a.length, proof, suite)
      return [rc, rc === 0 ? hex(mem().slice(out, out + 64)) : '']
    },
    state(key) { mem().set(key, pk); return x.keyState(pk) },
    combU(sv, cv, pt) { mem().set(le(sv, 32), s); mem().set(le(cv, 32), c); mem().set(pt, proof); assert.is(x.combU(out, s, c, proof), 1); return hex(mem().slice(out, out + 32)) },
  }
}

const warm = instance()
const cold = (key, a, pi, suite) => instance().verify(key, a, pi, suite)

function mutate(pi, alpha) {
  const which = R.int(5)
  pi = pi.slice(); alpha = alpha.slice()
  if (which === 0) pi[R.int(32)] ^= 1 << R.int(8)          // Gamma
  else if (which === 1) pi[32 + R.int(16)] ^= 1 << R.int(8) // c
  else if (which === 2) pi[48 + R.int(32)] ^= 1 << R.int(8) // s (may leave it ≥ L)
  else if (which === 3 && alpha.length) alpha[R.int(alpha.length)] ^= 1
  else pi.set(le(L + fromLe(pi.subarray(48, 80)) % (2n ** 256n - L), 32), 48) // s + L: non-canonical
  return [pi, alpha]
}

test('comb U = s·B - c·Y equals @noble for random and edge scalars (digit edges of s and c, both signs)', () => {
  const P = ed25519.Point
  const cs = [0n, 1n, 8n, 9n, 2n ** 128n - 1n, 2n ** 127n, 0x88888888888888888888888888888888n, 0x7777777777777777777777777777777n]
  const ss = [0n, 1n, L - 1n, 8n, 0x8888888888888888888888888888888888888888888888888888888888888n]
  for (let i = 0; i < 16; i++) cs.push(fromLe(R.bytes(16)))
  for (let i = 0; i < 16; i++) ss.push(fromLe(R.bytes(32)) % L)
  for (let i = 0; i < 37; i++) ss.push((64n << BigInt(7 * i)) % L, (63n << BigInt(7 * i)) % L, ((127n << BigInt(7 * i)) - 1n) % L) // radix-2^7 digit edges
  while (cs.length < ss.length) cs.push(fromLe(R.bytes(16)))
  for (let i = 0; i < cs.length; i++) {
    const y = P.BASE.multiply(1n + fromLe(R.bytes(32)) % (L - 1n))
    for (const sv of [ss[i % ss.length], ss[(i * 5 + 3) % ss.length]]) {
      const want = P.BASE.multiplyUnsafe(sv).subtract(y.multiplyUnsafe(cs[i]))
      assert.is(warm.combU(sv, cs[i], y.toBytes()), want.toHex(), `s=${sv} c=${cs[i]}`)
    }
  }
})

test('a key is seen, then tabled; miss, build and hits give the reference beta; mutated proofs agree with a cold verifier', () => {
  for (let i = 0; i < 8; i++) {
    const suite = i & 1 ? 3 : 4, name = suite === 3 ? 'tai' : 'ell2'
    const sk = R.bytes(32), alpha = R.bytes(R.int(80))
    const pk = warm.publicKey(sk), pi = warm.prove(sk, alpha, suite)
    const want = hex(ref.verify(pk, alpha, pi, name))
    assert.is(warm.state(pk), 0)
    assert.equal(warm.verify(pk, alpha, pi, suite), [0, want]) // miss: recorded as seen
    assert.is(warm.state(pk), 1)
    assert.equal(warm.verify(pk, alpha, pi, suite), [0, want]) // miss: table built and used
    assert.is(warm.state(pk), 2)
    for (let k = 0; k < 6; k++) {
      const [pi2, alpha2] = mutate(pi, alpha)
      const got = warm.verify(pk, alpha2, pi2, suite) // hits
      assert.equal(got, cold(pk, alpha2, pi2, suite))
      const r = ref.verify(pk, alpha2, pi2, name)
      assert.is(got[1], r ? hex(r) : '')
      assert.is(warm.state(pk), 2)
    }
    assert.equal(warm.verify(pk, alpha, pi, suite), [0, want])
  }
})

test('small-order and invalid keys are never cached, however often they are seen', () => {
  const small = [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  ].map((h) => Uint8Array.from(Buffer.from(h, 'hex')))
  const sk = R.bytes(32), alpha = R.bytes(10), pi = warm.prove(sk, alpha)
  for (const pk of small) {
    for (let k = 0; k < 4; k++) {
      const got = warm.verify(pk, alpha, pi)
      assert.ok(got[0] === E_SMALL || got[0] === E_PK, `${hex(pk)}: ${got[0]}`)
      assert.equal(got, cold(pk, alpha, pi))
      // never tabled, and never even recorded as seen (the all-zero key equals an empty entry)
      assert.is(warm.state(pk), pk.some((b) => b !== 0) ? 0 : 1)
    }
  }
  // y = p (non-canonical encoding of a point) and a y with no point
  const bad = [le(2n ** 255n - 19n, 32), le(2n, 32)]
  for (const pk of bad) for (let k = 0; k < 3; k++) { assert.is(warm.verify(pk, alpha, pi)[0], E_PK); assert.is(warm.state(pk), 0) }
})

/** Valid keys whose bytes at `off` (4 bytes, masked) are equal: they share a cache slot or a "seen" entry. */
function collidingKeys(x, n, off, mask) {
  const byTag = new Map()
  for (;;) {
    const sk = R.bytes(32), pk = x.publicKey(sk)
    const tag = new DataView(pk.buffer, pk.byteOffset).getUint32(off, true) & mask
    const list = byTag.get(tag) ?? []
    list.push({ sk, pk })
    byTag.set(tag, list)
    if (list.length === n) return list
  }
}

test('colliding slots and evictions: verdicts and outputs never change, at most one colliding key holds the slot', () => {
  const x = instance()
  for (const [off, mask] of [[0, 255], [4, 1023]]) { // the slot (low byte) and the "seen" entry
    const keys = collidingKeys(x, 3, off, mask)
    for (const k of keys) { k.alpha = R.bytes(16); k.pi = x.prove(k.sk, k.alpha); k.want = hex(ref.verify(k.pk, k.alpha, k.pi)) }
    let evictions = 0, tabled = 0
    for (let step = 0; step < 150; step++) {
      // runs of one key (which evict) mixed with alternation (which must not thrash)
      const k = keys[step % 40 < 20 ? (step >> 2) % 3 : step % 3]
      const before = keys.map((q) => x.state(q.pk))
      let got, a = k.alpha, pi = k.pi
      if (R.int(3) === 0) [pi, a] = mutate(k.pi, k.alpha)
      got = x.verify(k.pk, a, pi)
      if (pi === k.pi) assert.equal(got, [0, k.want])
      else assert.equal(got, cold(k.pk, a, pi))
      const after = keys.map((q) => x.state(q.pk))
      if (off === 0) assert.ok(after.filter((s) => s === 2).length <= 1)
      for (let j = 0; j < 3; j++) if (before[j] === 2 && after[j] !== 2) evictions++
      tabled += after.filter((s) => s === 2).length
    }
    assert.ok(tabled > 0, 'some key got a table')
    if (off === 0) assert.ok(evictions > 0, 'a run of one key evicted another')
  }
})

test('100 validators round-robin: every verification equals the reference, and most keys end up tabled', () => {
  const x = instance()
  const vals = []
  for (let i = 0; i < 100; i++) {
    const sk = R.bytes(32), alpha = R.bytes(32), pk = x.publicKey(sk), pi = x.prove(sk, alpha)
    vals.push({ pk, alpha, pi, want: hex(ref.verify(pk, alpha, pi)) })
  }
  for (let round = 0; round < 4; round++) for (const v of vals) assert.equal(x.verify(v.pk, v.alpha, v.pi), [0, v.want])
  const tabled = vals.filter((v) => x.state(v.pk) === 2).length
  assert.ok(tabled >= 60, `${tabled} of 100 keys tabled`) // 256 direct-mapped slots: about 80 expected
})

test('through the ABI (chiron_reset before every call): a long-lived core and a fresh one agree on a mixed workload', async () => {
  const core = await loadCore()
  const keys = []
  for (let i = 0; i < 12; i++) { const sk = R.bytes(32); keys.push({ sk, pk: core.vrf.publicKey(sk) }) }
  for (let step = 0; step < 80; step++) {
    const k = keys[R.int(keys.length)], alpha = R.bytes(R.int(40))
    let pi = core.vrf.prove(k.sk, alpha)
    let a = alpha
    if (R.int(2)) [pi, a] = mutate(pi, alpha)
    const got = core.vrf.verify(k.pk, a, pi)
    const want = ref.verify(k.pk, a, pi)
    assert.is(got ? hex(got) : null, want ? hex(want) : null)
  }
  const fresh = await loadCore()
  for (const k of keys) {
    const alpha = R.bytes(8), pi = core.vrf.prove(k.sk, alpha)
    assert.is(hex(core.vrf.verify(k.pk, alpha, pi)), hex(fresh.vrf.verify(k.pk, alpha, pi)))
  }
})

test.run()
