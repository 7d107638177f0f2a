// Fuzz of every bls_* export from valid material: real keys, signatures and message lists
// with bits flipped, flags changed, bytes cut or appended, counts and pointers wild. The core
// never traps; every call returns a named code; the typed API returns booleans for verifies
// and throws only CoreError (or TypeError for wrong types) for aggregation.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'
import { CoreError } from '../dist/runtime/core.js'
import { encodeMessageList } from '../dist/runtime/core/bls.js'
import * as wallet from '../dist/runtime/wallet/bls.js'

const core = await loadCore()
const seed = Number(process.env.FUZZ_SEED ?? 381)
const R = rng(seed)
const msPer = Number(process.env.FUZZ_MS ?? 1200)
console.log(`bls fuzz seed=${seed}, ${msPer} ms per export`)

const keys = Array.from({ length: 4 }, (_, i) => { const sk = wallet.keyGen(new Uint8Array(32).fill(i + 1)); return { sk, pk: wallet.publicKey(sk) } })
const msgs = [new Uint8Array(0), new Uint8Array([1, 2, 3]), R.bytes(32)]
const sigs = keys.map((k, i) => wallet.sign(k.sk, msgs[i % msgs.length]))
const pick = (l) => l[R.int(l.length)]

/** Bit flips, flag-byte changes, truncation, extension, all-ones/zeros, or random. */
function mutate(bytes) {
  const b = bytes.slice()
  switch (R.int(7)) {
    case 0: if (b.length) b[R.int(b.length)] ^= 1 << R.int(8); return b
    case 1: if (b.length) b[0] = (b[0] & 0x1f) | (R.int(8) << 5); return b
    case 2: return b.subarray(0, R.int(b.length + 1))
    case 3: { const o = new Uint8Array(b.length + 1 + R.int(8)); o.set(b); return o }
    case 4: if (b.length) b.fill(R.int(2) ? 0xff : 0, 1 + R.int(b.length)); return b
    case 5: return b // unchanged: the valid path
    default: return R.bytes(bytes.length)
  }
}
/** Exactly `len` bytes (the ABI's fixed sizes), from a mutated value. */
const sized = (bytes, len) => { const o = new Uint8Array(len); o.set(bytes.subarray(0, len)); return o }
const concat = (list, size) => { const o = new Uint8Array(list.length * size); list.forEach((b, i) => o.set(sized(b, size), i * size)); return o }
const mpk = () => (R.int(6) ? mutate(pick(keys).pk) : (R.int(2) ? new Uint8Array(48).fill(0).map((v, i) => (i ? 0 : 0xc0)) : R.bytes(48)))
const msig = () => (R.int(6) ? mutate(pick(sigs)) : new Uint8Array(96).map((v, i) => (i ? 0 : 0xc0)))
/** A secret key: a real one mutated, or 0, r, or all ones (each out of range). */
const R_BYTES = Uint8Array.from(Buffer.from('73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001', 'hex'))
const msk = () => (R.int(4) ? mutate(pick(keys).sk) : pick([new Uint8Array(32), R_BYTES, new Uint8Array(32).fill(0xff)]))
const count = (n) => (R.int(12) === 0 ? R.u32() : R.int(12) === 0 ? n + 1 : n)

const ARGS = {
  bls_verify: () => { const m = mutate(pick(msgs)); return [['buf', sized(mpk(), 48)], ['buf', m], ['len', m], ['buf', sized(msig(), 96)]] },
  bls_pop_verify: () => [['buf', sized(mpk(), 48)], ['buf', sized(msig(), 96)]],
  bls_key_validate: () => [['buf', sized(mpk(), 48)]],
  bls_fast_aggregate_verify: () => {
    const n = R.int(5), m = pick(msgs)
    return [['buf', concat(Array.from({ length: n }, mpk), 48)], ['int', count(n)], ['buf', m], ['len', m], ['buf', sized(msig(), 96)]]
  },
  bls_aggregate_verify: () => {
    const n = R.int(5), l = encodeMessageList(Array.from({ length: n }, () => pick(msgs)))
    const list = R.int(3) ? l : mutate(l)
    return [['buf', concat(Array.from({ length: n }, mpk), 48)], ['int', count(n)], ['buf', list], ['len', list], ['buf', sized(msig(), 96)]]
  },
  bls_batch_verify: () => {
    const n = R.int(5), l = encodeMessageList(Array.from({ length: n }, () => pick(msgs)))
    const list = R.int(3) ? l : mutate(l)
    return [['buf', concat(Array.from({ length: n }, mpk), 48)], ['buf', concat(Array.from({ length: n }, msig), 96)], ['int', count(n)], ['buf', list], ['len', list]]
  },
  bls_aggregate_signatures: () => { const n = R.int(5); return [['buf', concat(Array.from({ length: n }, msig), 96)], ['int', count(n)]] },
  bls_aggregate_public_keys: () => { const n = R.int(5); return [['buf', concat(Array.from({ length: n }, mpk), 48)], ['int', count(n)]] },
  bls_hash_to_g2: () => { const m = mutate(pick(msgs)), d = R.bytes(R.int(4) ? 1 + R.int(60) : R.int(400)); return [['buf', m], ['len', m], ['buf', d], ['len', d]] },
  bls_sign: () => { const m = mutate(pick(msgs)); return [['buf', sized(msk(), 32)], ['buf', m], ['len', m]] },
  bls_sign_batch: () => { const n = R.int(4), m = mutate(pick(msgs)); return [['int', count(n)], ['buf', concat(Array.from({ length: n }, msk), 32)], ['buf', m], ['len', m]] },
}

function callRaw(name, spec) {
  const w = core.wasm
  return w.call(name, (x) => {
    const args = spec.map(([kind, v]) => {
      if (kind === 'buf') return R.int(40) === 0 ? R.u32() : w.put(name, v) // sometimes a wild pointer
      if (kind === 'len') return v.length
      return v
    })
    return x[name](...args)
  })
}

test('every bls export has a fuzz entry here', () => {
  const exported = Object.keys(core.wasm.exports).filter((n) => n.startsWith('bls_'))
  assert.equal(exported.sort(), Object.keys(ARGS).sort())
})

for (const name of Object.keys(ARGS)) {
  test(`${name}: mutated inputs never trap, always a named code`, () => {
    const until = Date.now() + msPer
    const codes = new Map()
    let calls = 0
    while (Date.now() < until) {
      const code = callRaw(name, ARGS[name]())
      assert.ok(code in CORE_ERRORS, `${name} returned ${code}`)
      codes.set(code, (codes.get(code) ?? 0) + 1)
      calls++
    }
    console.log(`  ${name}: ${calls} calls: ${[...codes].map(([c, n]) => `${CORE_ERRORS[c].name}×${n}`).join(' ')}`)
    assert.ok(calls >= 5)
  })
}

test('typed API: mutated inputs give booleans, or CoreError from aggregation', () => {
  const until = Date.now() + 2 * msPer
  while (Date.now() < until) {
    const pks = Array.from({ length: 1 + R.int(3) }, mpk), ss = Array.from({ length: 1 + R.int(3) }, msig), m = mutate(pick(msgs))
    assert.type(core.bls.verify(pks[0], m, ss[0]), 'boolean')
    assert.type(core.bls.popVerify(pks[0], ss[0]), 'boolean')
    assert.type(core.bls.fastAggregateVerify(pks, m, ss[0]), 'boolean')
    assert.type(core.bls.aggregateVerify(pks, pks.map(() => pick(msgs)), ss[0]), 'boolean')
    assert.type(core.bls.batchVerify(pks.map((pk, i) => ({ pk, msg: m, sig: ss[i % ss.length] }))), 'boolean')
    for (const fn of [() => core.bls.aggregateSignatures(ss), () => core.bls.aggregatePublicKeys(pks)]) {
      try { assert.instance(fn(), Uint8Array) } catch (e) { assert.instance(e, CoreError) }
    }
    // Signing: a signature, a CoreError for a key out of range, a TypeError for a wrong length.
    const sk = msk()
    try { assert.is(core.bls.sign(sk, m).length, 96) } catch (e) { assert.ok(e instanceof CoreError || (e instanceof TypeError && sk.length !== 32)) }
  }
})

test('the same inputs always give the same verdict (batch scalars come from the inputs)', () => {
  const items = keys.map((k, i) => ({ pk: k.pk, msg: msgs[i % msgs.length], sig: sigs[i] }))
  for (let i = 0; i < 3; i++) assert.ok(core.bls.batchVerify(items))
  const bad = items.map((it, i) => (i === 2 ? { ...it, sig: sigs[3] } : it))
  for (let i = 0; i < 3; i++) assert.not.ok(core.bls.batchVerify(bad))
})

test.run()
