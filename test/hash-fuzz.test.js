// Fuzz: random arguments (pointers, lengths, DSTs) straight into every hash export, for a
// bounded number of calls. The core must never trap, must answer OK or a named error code,
// and must still hash correctly afterwards (no output may land on its static tables).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { hmac } from '@noble/hashes/hmac.js'
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js'
import { loadCore, rng, hex } from './helpers.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const core = await loadCore()
const seed = Number(process.env.FUZZ_SEED ?? 7)
const callsPerExport = Number(process.env.HASH_FUZZ_CALLS ?? 10000)
console.log(`hash fuzz seed=${seed}, ${callsPerExport} calls per export`)
const R = rng(seed)
const x = core.wasm.exports
const codeOf = (name) => Number(Object.keys(CORE_ERRORS).find((c) => CORE_ERRORS[c].name === name))
const E_HASH_BOUNDS = codeOf('E_HASH_BOUNDS')

// Export name → the kinds of its arguments, in order.
const EXPORTS = {
  hash_sha256: ['ptr', 'len', 'out'],
  hash_sha512: ['ptr', 'len', 'out'],
  hash_hmac_sha256: ['ptr', 'len', 'ptr', 'len', 'out'],
  hash_hmac_sha512: ['ptr', 'len', 'ptr', 'len', 'out'],
  hash_xmd_sha256: ['ptr', 'len', 'ptr', 'len', 'xmdLen'],
  hash_xmd_sha512: ['ptr', 'len', 'ptr', 'len', 'xmdLen'],
}

/** A random argument of a kind, biased towards the edges: 0, inside the arena, the end of memory, 2^32 - 1. */
function arg(kind, live) {
  const memBytes = x.memory.buffer.byteLength
  const r = R.int(10)
  if (kind === 'len' || kind === 'xmdLen') {
    if (r === 0) return 0
    if (r === 1) return 0xffffffff - R.int(4)
    if (r === 2) return memBytes - R.int(64)
    if (r === 3 && kind === 'xmdLen') return [8160, 8161, 16320, 16321, 65535, 65536][R.int(6)]
    if (r === 4) return R.u32()
    return R.int(kind === 'xmdLen' ? 700 : 2000)
  }
  if (r === 0) return 0
  if (r === 1) return R.int(4096) // static data
  if (r === 2) return memBytes - R.int(100)
  if (r === 3) return R.u32()
  return live + R.int(4096)
}

test('every hash export is listed here', () => {
  const names = Object.keys(x).filter((n) => n.startsWith('hash_')).sort()
  assert.equal(names, Object.keys(EXPORTS).sort())
})

for (const [name, kinds] of Object.entries(EXPORTS)) {
  test(`${name}: random arguments never trap`, () => {
    const counts = {}
    for (let i = 0; i < callsPerExport; i++) {
      x.chiron_reset()
      const live = x.chiron_alloc(8192)
      new Uint8Array(x.memory.buffer, live, 8192).set(R.bytes(64), R.int(8128))
      const args = kinds.map((k) => arg(k, live))
      let code
      try { code = x[name](...args) } catch (e) { assert.unreachable(`${name}(${args.join(', ')}) trapped: ${e.message}`) }
      assert.ok(code in CORE_ERRORS, `${name}(${args.join(', ')}) returned unknown code ${code}`)
      counts[CORE_ERRORS[code].name] = (counts[CORE_ERRORS[code].name] ?? 0) + 1
    }
    assert.ok(counts.OK > 0 && counts.E_HASH_BOUNDS > 0, JSON.stringify(counts))
  })
}

test('outputs onto static data or past the memory are refused', () => {
  x.chiron_reset()
  const p = x.chiron_alloc(64)
  const end = x.memory.buffer.byteLength
  for (const [name, outLen] of [['hash_sha256', 32], ['hash_sha512', 64]]) {
    assert.is(x[name](p, 3, 0), E_HASH_BOUNDS, `${name} out 0`)
    assert.is(x[name](p, 3, 1024), E_HASH_BOUNDS, `${name} out in static data`)
    assert.is(x[name](p, 3, end - outLen + 1), E_HASH_BOUNDS, `${name} out past the end`)
    assert.is(x[name](p, 3, end - outLen), 0, `${name} out at the very end`)
    assert.is(x[name](end - 3, 4, p), E_HASH_BOUNDS, `${name} input past the end`)
    assert.is(x[name](0xfffffff0, 0x20, p), E_HASH_BOUNDS, `${name} input wrapping 2^32`)
    assert.is(x[name](end, 0, p), 0, `${name} empty input at the end`)
  }
})

test('after the fuzz the core still hashes correctly', () => {
  const m = rng(1).bytes(333), k = rng(2).bytes(70), d = rng(3).bytes(300)
  assert.is(hex(core.sha256(m)), hex(sha256(m)))
  assert.is(hex(core.sha512(m)), hex(sha512(m)))
  assert.is(hex(core.hmacSha256(k, m)), hex(hmac(sha256, k, m)))
  assert.is(hex(core.hmacSha512(k, m)), hex(hmac(sha512, k, m)))
  assert.is(hex(core.expandMessageXmd(m, d, 200)), hex(expand_message_xmd(m, d, 200, sha256)))
  assert.is(hex(core.expandMessageXmdSha512(m, d, 200)), hex(expand_message_xmd(m, d, 200, sha512)))
})

test.run()
