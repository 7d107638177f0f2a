// Hashes in the core against the standard vectors (NIST CAVP SHA-2, Wycheproof HMAC,
// RFC 9380 expand_message_xmd) and differentially against @noble/hashes on every input
// length 0..1024, a few MiB, and random keys, messages and DSTs; plus argument errors.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { hmac } from '@noble/hashes/hmac.js'
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js'
import { loadCore, vectorPath, readVectorJson, rng, hex, unhex } from './helpers.js'
import { CoreError } from '../dist/runtime/core.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const core = await loadCore()
const R = rng(Number(process.env.HASH_SEED ?? 2026))
const codeOf = (name) => Number(Object.keys(CORE_ERRORS).find((c) => CORE_ERRORS[c].name === name))
const E_XMD_LEN = codeOf('E_XMD_LEN')
const E_XMD_DST = codeOf('E_XMD_DST')
const utf8 = (s) => new TextEncoder().encode(s)

/** NIST CAVP .rsp: blocks of `Len = <bits>`, `Msg = <hex>`, `MD = <hex>`; Msg is ignored when Len = 0. */
function readRsp(rel) {
  const p = vectorPath(rel)
  if (!p) return null
  const cases = []
  let len = null, msg = null
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    const m = /^(\w+) = (\w*)$/.exec(line.trim())
    if (!m) continue
    if (m[1] === 'Len') len = Number(m[2])
    else if (m[1] === 'Msg') msg = m[2]
    else if (m[1] === 'MD') {
      cases.push({ msg: len === 0 ? new Uint8Array(0) : unhex(msg), md: m[2], bits: len })
      len = msg = null
    }
  }
  return cases
}

for (const [name, fn] of [['SHA256', (d) => core.sha256(d)], ['SHA512', (d) => core.sha512(d)]]) {
  for (const kind of ['ShortMsg', 'LongMsg']) {
    test(`NIST CAVP ${name}${kind}`, () => {
      const cases = readRsp(`sha2/nist-cavp/${name}${kind}.rsp`)
      if (!cases) return
      assert.ok(cases.length > 40, 'file parsed')
      for (const c of cases) {
        assert.is(c.msg.length * 8, c.bits, `Len = ${c.bits}`)
        assert.is(hex(fn(c.msg)), c.md, `Len = ${c.bits}`)
      }
    })
  }
}

for (const [bits, fn] of [[256, (k, m) => core.hmacSha256(k, m)], [512, (k, m) => core.hmacSha512(k, m)]]) {
  test(`Wycheproof HMAC-SHA${bits} (truncated tags compare as prefixes)`, () => {
    const file = readVectorJson(`sha2/wycheproof/hmac_sha${bits}_test.json`)
    if (!file) return
    let valid = 0, invalid = 0
    for (const group of file.testGroups) {
      const tagBytes = group.tagSize / 8
      for (const t of group.tests) {
        const tag = hex(fn(unhex(t.key), unhex(t.msg)).subarray(0, tagBytes))
        if (t.result === 'invalid') { assert.is.not(tag, t.tag, `tcId ${t.tcId}`); invalid++ }
        else { assert.is(tag, t.tag, `tcId ${t.tcId}`); valid++ }
      }
    }
    assert.is(valid + invalid, file.numberOfTests)
    assert.ok(valid > 0 && invalid > 0, `${valid} valid, ${invalid} invalid`)
  })
}

for (const [file, fn] of [
  ['expand_message_xmd_SHA256_38', (m, d, n) => core.expandMessageXmd(m, d, n)],
  ['expand_message_xmd_SHA256_256', (m, d, n) => core.expandMessageXmd(m, d, n)],
  ['expand_message_xmd_SHA512_38', (m, d, n) => core.expandMessageXmdSha512(m, d, n)],
]) {
  test(`RFC 9380 ${file}`, () => {
    const v = readVectorJson(`hash-to-curve/cfrg-rfc9380/${file}.json`)
    if (!v) return
    assert.ok(v.tests.length >= 8)
    for (const t of v.tests) {
      const n = Number(t.len_in_bytes)
      assert.is(hex(fn(utf8(t.msg), utf8(v.DST), n)), t.uniform_bytes, `msg ${JSON.stringify(t.msg.slice(0, 20))}, ${n} bytes`)
    }
  })
}

test('SHA-256, SHA-512 and HMAC on every length 0..1024 match @noble/hashes', () => {
  const data = R.bytes(1024 + 300)
  for (let len = 0; len <= 1024; len++) {
    const m = data.subarray(0, len)
    assert.is(hex(core.sha256(m)), hex(sha256(m)), `sha256 len ${len}`)
    assert.is(hex(core.sha512(m)), hex(sha512(m)), `sha512 len ${len}`)
    // Keys of every length 0..300 cover short, exactly-one-block and hashed (long) keys.
    const key = data.subarray(1024, 1024 + (len % 301))
    assert.is(hex(core.hmacSha256(key, m)), hex(hmac(sha256, key, m)), `hmacSha256 key ${key.length}, len ${len}`)
    assert.is(hex(core.hmacSha512(key, m)), hex(hmac(sha512, key, m)), `hmacSha512 key ${key.length}, len ${len}`)
  }
})

test('SHA-256 and SHA-512 of a few MiB (odd sizes) match @noble/hashes', () => {
  for (const len of [(1 << 20) + 1, 3 * (1 << 20) - 7, 4 << 20]) {
    const m = R.bytes(len)
    assert.is(hex(core.sha256(m)), hex(sha256(m)), `sha256 ${len}`)
    assert.is(hex(core.sha512(m)), hex(sha512(m)), `sha512 ${len}`)
  }
})

test('expand_message_xmd on random lengths, messages and DSTs (incl. > 255 bytes) matches @noble/curves', () => {
  for (let i = 0; i < 300; i++) {
    const msg = R.bytes(R.int(4) === 0 ? R.int(600) : R.int(80))
    const dstLen = i % 5 === 0 ? 256 + R.int(400) : 1 + R.int(255)
    const dst = R.bytes(dstLen)
    const n256 = 1 + R.int(i % 10 === 0 ? 8160 : 600)
    const n512 = 1 + R.int(i % 10 === 0 ? 16320 : 600)
    assert.is(hex(core.expandMessageXmd(msg, dst, n256)), hex(expand_message_xmd(msg, dst, n256, sha256)), `sha256 dst ${dstLen}, ${n256} bytes`)
    assert.is(hex(core.expandMessageXmdSha512(msg, dst, n512)), hex(expand_message_xmd(msg, dst, n512, sha512)), `sha512 dst ${dstLen}, ${n512} bytes`)
  }
  // The largest outputs each hash allows (ell = 255) and DST lengths at the 255/256 edge.
  for (const dstLen of [1, 255, 256]) {
    const dst = R.bytes(dstLen), msg = R.bytes(33)
    assert.is(hex(core.expandMessageXmd(msg, dst, 8160)), hex(expand_message_xmd(msg, dst, 8160, sha256)))
    assert.is(hex(core.expandMessageXmdSha512(msg, dst, 16320)), hex(expand_message_xmd(msg, dst, 16320, sha512)))
  }
})

function throwsCore(fn, code, what) {
  try { fn() } catch (e) {
    assert.instance(e, CoreError, what)
    assert.is(e.code, code, `${what}: ${e.message}`)
    return
  }
  assert.unreachable(`${what}: no error`)
}

test('expand_message_xmd: bad len_in_bytes or empty DST give the named CoreError', () => {
  const msg = utf8('abc'), dst = utf8('QUUX-V01-CS02-with-expander-SHA256-128')
  for (const [f, max] of [[(m, d, n) => core.expandMessageXmd(m, d, n), 8160], [(m, d, n) => core.expandMessageXmdSha512(m, d, n), 16320]]) {
    for (const n of [0, -1, max + 1, 65535, 65536, 2 ** 32, 2 ** 32 + 32]) throwsCore(() => f(msg, dst, n), E_XMD_LEN, `len_in_bytes ${n}`)
    throwsCore(() => f(msg, new Uint8Array(0), 32), E_XMD_DST, 'empty DST')
    assert.is(f(msg, dst, max).length, max)
  }
  // Straight into the export, past the runtime's checks: the core refuses, it does not trap.
  const x = core.wasm.exports
  for (const name of ['hash_xmd_sha256', 'hash_xmd_sha512']) {
    x.chiron_reset()
    const p = x.chiron_alloc(8)
    assert.is(x[name](p, 3, p, 3, 0), E_XMD_LEN, `${name} 0`)
    assert.is(x[name](p, 3, p, 3, 65536), E_XMD_LEN, `${name} 65536`)
    assert.is(x[name](p, 3, p, 3, 0xffffffff), E_XMD_LEN, `${name} 2^32-1`)
    assert.is(x[name](p, 3, p, 0, 32), E_XMD_DST, `${name} empty DST`)
  }
})

test('wrong argument types throw TypeError', () => {
  const b = new Uint8Array(4)
  for (const bad of [null, undefined, 'abc', [1, 2], new ArrayBuffer(4), new Uint16Array(2)]) {
    assert.throws(() => core.sha256(bad), TypeError)
    assert.throws(() => core.sha512(bad), TypeError)
    assert.throws(() => core.hmacSha256(bad, b), TypeError)
    assert.throws(() => core.hmacSha512(b, bad), TypeError)
    assert.throws(() => core.expandMessageXmd(bad, b, 32), TypeError)
    assert.throws(() => core.expandMessageXmdSha512(b, bad, 32), TypeError)
  }
  assert.throws(() => core.expandMessageXmd(b, b, '32'), TypeError)
  assert.throws(() => core.expandMessageXmd(b, b, 1.5), RangeError)
  assert.throws(() => core.expandMessageXmdSha512(b, b, NaN), RangeError)
})

test('subarray views hash their own bytes only', () => {
  const buf = R.bytes(200)
  const view = buf.subarray(13, 150)
  assert.is(hex(core.sha256(view)), hex(sha256(view.slice())))
  assert.is(hex(core.hmacSha512(buf.subarray(0, 7), view)), hex(hmac(sha512, buf.slice(0, 7), view.slice())))
})

test.run()
