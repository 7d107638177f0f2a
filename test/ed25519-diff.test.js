// ed25519 in the core against @noble/curves (whose verify defaults to the ZIP-215 rules)
// on random and constructed inputs: valid signatures, corruptions, non-canonical point
// encodings, small-order points and mixed torsion, s >= L, wrong lengths; batches against
// single verification; and random bytes into both exports, which must never trap.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { loadCore, rng, unhex } from './helpers.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const core = await loadCore()
const R = rng(215)
const code = (name) => Number(Object.keys(CORE_ERRORS).find((c) => CORE_ERRORS[c].name === name))
const OK = 0, E_SIG_INVALID = code('E_SIG_INVALID'), E_SIG_S_RANGE = code('E_SIG_S_RANGE')
const E_POINT_DECODE = code('E_POINT_DECODE'), E_BATCH_SIZE = code('E_BATCH_SIZE'), E_ED25519_BUFFER = code('E_ED25519_BUFFER')

const P = ed25519.Point, L = P.Fn.ORDER, p = P.Fp.ORDER
const le = (b) => b.reduceRight((a, x) => (a << 8n) | BigInt(x), 0n)
const leBytes = (n, len = 32) => Uint8Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 255n))
const scalar = () => le(R.bytes(64)) % L
const nobleVerify = (sig, msg, pk) => { try { return ed25519.verify(sig, msg, pk) } catch { return false } }

// The eight points of order dividing 8: multiples of one point of order 8.
const T8 = P.fromBytes(unhex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'))
const TORSION = [P.ZERO]
for (let i = 1; i < 8; i++) TORSION.push(TORSION[i - 1].add(T8))

// Every alternative encoding: y + p for y < 19 (both signs) and x = 0 with the sign bit.
const NON_CANONICAL = []
for (let y = 0n; y < 19n; y++) {
  for (const sign of [0n, 1n]) {
    const bytes = leBytes(y + p + (sign << 255n))
    try { NON_CANONICAL.push({ bytes, point: P.fromBytes(bytes, true) }) } catch { /* y is on no point */ }
  }
}
for (const y of [1n, p - 1n]) {
  const bytes = leBytes(y + (1n << 255n))
  NON_CANONICAL.push({ bytes, point: P.fromBytes(bytes, true) })
}

/** A valid ZIP-215 signature by A = [a]B + tA (encoded as aBytes) with R = [r]B + tR. */
function torsionSignature(msg, { a, tA, aBytes, r, tR, rBytes }) {
  const mul = (n) => (n === 0n ? P.ZERO : P.BASE.multiply(n))
  const A = mul(a).add(tA), Rp = mul(r).add(tR)
  const pk = aBytes ?? A.toBytes(), rb = rBytes ?? Rp.toBytes()
  const k = le(sha512(new Uint8Array([...rb, ...pk, ...msg]))) % L
  const s = (r + k * a) % L
  return { sig: new Uint8Array([...rb, ...leBytes(s)]), msg, pk }
}

function randomValid(i) {
  const seed = R.bytes(32), msg = R.bytes(R.int(300))
  return { sig: ed25519.sign(msg, seed), msg, pk: ed25519.getPublicKey(seed), i }
}

function randomTorsionValid() {
  const msg = R.bytes(R.int(64))
  const opts = { a: scalar(), tA: TORSION[R.int(8)], r: scalar(), tR: TORSION[R.int(8)] }
  const pick = R.int(4)
  // A or R may also be a pure small-order point in an alternative encoding (dlog 0).
  const nc = NON_CANONICAL.filter((e) => e.point.isSmallOrder())
  if (pick === 1) { const e = nc[R.int(nc.length)]; Object.assign(opts, { a: 0n, tA: e.point, aBytes: e.bytes }) }
  if (pick === 2) { const e = nc[R.int(nc.length)]; Object.assign(opts, { r: 0n, tR: e.point, rBytes: e.bytes }) }
  return torsionSignature(msg, opts)
}

/** Raw export call: the error code, never a trap (a trap throws CoreTrap). */
function rawVerify(sig, msg, pk) {
  return core.wasm.call('test', (x) => x.ed25519_verify(core.wasm.put('t', sig), core.wasm.put('t', msg), msg.length, core.wasm.put('t', pk)))
}

function rawBatch(items, count = items.length) {
  return core.wasm.call('test', (x) => {
    const rec = new Uint32Array(4 * items.length)
    items.forEach((it, i) => {
      rec[4 * i] = it.sigPtr ?? core.wasm.put('t', it.sig)
      rec[4 * i + 1] = it.pkPtr ?? core.wasm.put('t', it.pk)
      rec[4 * i + 2] = it.msgPtr ?? core.wasm.put('t', it.msg)
      rec[4 * i + 3] = it.msgLen ?? it.msg.length
    })
    return x.ed25519_verify_batch(core.wasm.put('t', new Uint8Array(rec.buffer)), count)
  })
}

test('random keys and messages: core and noble both accept', () => {
  for (let i = 0; i < 120; i++) {
    const c = randomValid(i)
    assert.ok(core.ed25519.verify(c.sig, c.msg, c.pk), `case ${i}`)
    if (i % 4 === 0) assert.ok(nobleVerify(c.sig, c.msg, c.pk), `noble ${i}`)
  }
})

test('bit flips in sig, key and message: core agrees with noble', () => {
  for (let i = 0; i < 240; i++) {
    const c = randomValid(i)
    const which = i % 3
    const buf = (which === 0 ? c.sig : which === 1 ? c.pk : c.msg).slice()
    if (buf.length === 0) continue
    buf[R.int(buf.length)] ^= 1 << R.int(8)
    const args = which === 0 ? [buf, c.msg, c.pk] : which === 1 ? [c.sig, c.msg, buf] : [c.sig, buf, c.pk]
    assert.is(core.ed25519.verify(...args), nobleVerify(...args), `flip ${i} in ${['sig', 'pk', 'msg'][which]}`)
    assert.not.ok(core.ed25519.verify(...args))
  }
})

test('mixed torsion, small-order and non-canonical A and R: accepted by both (cofactored)', () => {
  assert.ok(NON_CANONICAL.length >= 6, 'the six alternative encodings of small-order points exist')
  for (let i = 0; i < 160; i++) {
    const c = randomTorsionValid()
    assert.ok(core.ed25519.verify(c.sig, c.msg, c.pk), `torsion case ${i}`)
    if (i % 4 === 0) assert.ok(nobleVerify(c.sig, c.msg, c.pk), `noble torsion case ${i}`)
    // k is hashed over the bytes as given: the same points re-encoded canonically fail
    // unless A is small-order (then k does not matter).
    const A = P.fromBytes(c.pk, true)
    const pkRe = A.toBytes()
    const sigRe = new Uint8Array([...P.fromBytes(c.sig.slice(0, 32), true).toBytes(), ...c.sig.slice(32)])
    const changed = pkRe.some((b, j) => b !== c.pk[j]) || sigRe.some((b, j) => b !== c.sig[j])
    if (changed && !A.isSmallOrder()) {
      assert.is(core.ed25519.verify(sigRe, c.msg, pkRe), nobleVerify(sigRe, c.msg, pkRe), `re-encoded ${i}`)
      assert.not.ok(core.ed25519.verify(sigRe, c.msg, pkRe), `re-encoded ${i}`)
    }
    const bad = c.sig.slice(); bad[32] ^= 1
    assert.not.ok(core.ed25519.verify(bad, c.msg, c.pk), `torsion case ${i} with s + 1`)
  }
})

test('every alternative encoding as A or R: core agrees with noble', () => {
  for (const e of NON_CANONICAL) {
    for (let i = 0; i < 4; i++) {
      const c = randomValid(i)
      const asA = [c.sig, c.msg, e.bytes]
      const asR = [new Uint8Array([...e.bytes, ...c.sig.slice(32)]), c.msg, c.pk]
      assert.is(core.ed25519.verify(...asA), nobleVerify(...asA))
      assert.is(core.ed25519.verify(...asR), nobleVerify(...asR))
    }
  }
})

test('s >= L is rejected with E_SIG_S_RANGE: s + L, L, 2^256 - 1', () => {
  for (let i = 0; i < 40; i++) {
    const c = i % 2 ? randomValid(i) : randomTorsionValid()
    const s = le(c.sig.slice(32))
    for (const bad of [s + L, L, (1n << 256n) - 1n, L + 1n, s + 15n * L]) {
      if (bad >= 1n << 256n) continue
      const sig = new Uint8Array([...c.sig.slice(0, 32), ...leBytes(bad)])
      assert.is(rawVerify(sig, c.msg, c.pk), E_SIG_S_RANGE)
      assert.not.ok(core.ed25519.verify(sig, c.msg, c.pk))
      assert.not.ok(nobleVerify(sig, c.msg, c.pk))
    }
  }
  // L - 1 is canonical: the range check lets it through to the equation.
  const c = randomValid(0)
  assert.is(rawVerify(new Uint8Array([...c.sig.slice(0, 32), ...leBytes(L - 1n)]), c.msg, c.pk), E_SIG_INVALID)
})

test('error codes: E_POINT_DECODE for A or R off the curve, E_SIG_INVALID for the equation', () => {
  const c = randomValid(0)
  let offCurve = null
  for (let i = 0; !offCurve; i++) {
    const b = R.bytes(32)
    try { P.fromBytes(b, true) } catch { offCurve = b }
  }
  assert.is(rawVerify(c.sig, c.msg, c.pk), OK)
  assert.is(rawVerify(c.sig, c.msg, offCurve), E_POINT_DECODE)
  assert.is(rawVerify(new Uint8Array([...offCurve, ...c.sig.slice(32)]), c.msg, c.pk), E_POINT_DECODE)
  assert.is(rawVerify(c.sig, new Uint8Array([...c.msg, 0]), c.pk), E_SIG_INVALID)
  assert.not.ok(nobleVerify(c.sig, c.msg, offCurve))
})

test('typed API: TypeError for non-Uint8Array arguments, false for wrong lengths', () => {
  const c = randomValid(0)
  for (const bad of [null, undefined, 'ab', [1, 2], new Uint16Array(32), 5]) {
    assert.throws(() => core.ed25519.verify(bad, c.msg, c.pk), TypeError)
    assert.throws(() => core.ed25519.verify(c.sig, bad, c.pk), TypeError)
    assert.throws(() => core.ed25519.verify(c.sig, c.msg, bad), TypeError)
    assert.throws(() => core.ed25519.verifyBatch([{ sig: bad, msg: c.msg, pk: c.pk }]), TypeError)
  }
  assert.throws(() => core.ed25519.verifyBatch(null), TypeError)
  assert.throws(() => core.ed25519.verifyBatch([c, null]), TypeError)
  const resize = (b, n) => { const out = new Uint8Array(n); out.set(b.subarray(0, n)); return out }
  for (const n of [0, 1, 31, 33, 63, 65, 128]) {
    if (n !== 64) assert.not.ok(core.ed25519.verify(resize(c.sig, n), c.msg, c.pk), `sig of ${n} bytes`)
    if (n !== 32) assert.not.ok(core.ed25519.verify(c.sig, c.msg, resize(c.pk, n)), `pk of ${n} bytes`)
  }
  assert.not.ok(core.ed25519.verify(c.sig, c.msg, new Uint8Array([...c.pk, 0])))
  assert.not.ok(core.ed25519.verify(new Uint8Array([...c.sig, 0]), c.msg, c.pk))
  assert.not.ok(core.ed25519.verifyBatch([c, { ...c, pk: c.pk.slice(0, 31) }]))
  assert.ok(core.ed25519.verifyBatch([]))
})

test('batches: all valid → true, one corruption anywhere → false, across chunk boundaries', () => {
  const pool = []
  let brokenCount = 0
  for (let i = 0; i < 140; i++) pool.push(i % 3 === 0 ? randomTorsionValid() : randomValid(i))
  for (const n of [1, 2, 3, 17, 63, 64, 65, 129, 140]) {
    const items = pool.slice(0, n)
    assert.ok(core.ed25519.verifyBatch(items), `${n} valid`)
    for (let t = 0; t < 3; t++) {
      const at = t === 0 ? n - 1 : R.int(n)
      const broken = items.slice()
      const kind = R.int(4)
      const it = { ...broken[at] }
      if (kind === 0) { it.sig = it.sig.slice(); it.sig[R.int(64)] ^= 1 << R.int(8) }
      if (kind === 1) { it.msg = new Uint8Array([...it.msg, 1]) }
      if (kind === 2) { it.pk = pool[(at + 1) % pool.length].pk }
      if (kind === 3) { it.sig = new Uint8Array([...it.sig.slice(0, 32), ...leBytes(le(it.sig.slice(32)) + L)]) }
      broken[at] = it
      // A small-order key signs every message (k is multiplied away), so a changed
      // message may still verify: the batch must then agree with single verification.
      const single = broken.every((x) => core.ed25519.verify(x.sig, x.msg, x.pk))
      assert.is(core.ed25519.verifyBatch(broken), single, `${n} with corruption ${kind} at ${at}`)
      if (!single) brokenCount++
    }
  }
  assert.ok(brokenCount >= 20, `${brokenCount} corrupted batches were rejected`)
  // The same signature twice, and signatures that only pass the cofactored equation.
  assert.ok(core.ed25519.verifyBatch([pool[0], pool[0], pool[3], pool[3]]))
})

test('batch error codes and bounds through the raw export', () => {
  const c = randomValid(0)
  assert.is(rawBatch([]), OK)
  assert.is(rawBatch([c, c]), OK)
  assert.is(rawBatch([c, { ...c, sig: new Uint8Array([...c.sig.slice(0, 32), ...leBytes(L)]) }]), E_SIG_S_RANGE)
  assert.is(rawBatch([c, { ...c, msg: new Uint8Array(3) }]), E_SIG_INVALID)
  assert.is(rawBatch([c, { ...c, sigPtr: 0xffffffc0 }]), E_ED25519_BUFFER)
  assert.is(rawBatch([c, { ...c, msgLen: 0xffffffff }]), E_ED25519_BUFFER)
  assert.is(rawBatch([c], 0x7fffffff), E_BATCH_SIZE)
  assert.is(rawBatch([c], 0xffffffff), E_BATCH_SIZE)
  assert.is(core.wasm.call('t', (x) => x.ed25519_verify(0xffffffff, 0, 0, 0)), E_ED25519_BUFFER)
})

test('fuzz: random bytes and records into both exports never trap', () => {
  const allowed = new Set([OK, E_SIG_INVALID, E_SIG_S_RANGE, E_POINT_DECODE, E_BATCH_SIZE, E_ED25519_BUFFER])
  const valid = randomValid(0)
  for (let i = 0; i < 1500; i++) {
    // Mostly random bytes; sometimes a valid signature with a few random bytes in it.
    let sig = R.bytes(64), pk = R.bytes(32), msg = R.bytes(R.int(100))
    if (i % 5 === 0) { sig = valid.sig.slice(); pk = valid.pk.slice(); msg = valid.msg; sig[R.int(64)] = R.int(256); pk[R.int(32)] = R.int(256) }
    if (i % 7 === 0) sig[63] &= 0x0f // s < 2^252: passes the range check, reaches the equation
    const rc = rawVerify(sig, msg, pk)
    assert.ok(allowed.has(rc), `code ${rc}`)
    assert.is(core.ed25519.verify(sig, msg, pk), rc === OK)
  }
  for (let i = 0; i < 150; i++) {
    const n = R.int(6)
    const items = Array.from({ length: n }, () => {
      const it = { sig: R.bytes(64), pk: R.bytes(32), msg: R.bytes(R.int(40)) }
      it.sig[63] &= 0x0f
      if (R.int(4) === 0) it.sigPtr = R.u32()
      if (R.int(4) === 0) it.pkPtr = R.u32()
      if (R.int(4) === 0) it.msgLen = R.u32()
      return it
    })
    const rc = rawBatch(items, R.int(5) === 0 ? R.u32() : n)
    assert.ok(allowed.has(rc), `batch code ${rc}`)
  }
})

test.run()
