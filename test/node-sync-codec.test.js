// The sync protocol's request and response encodings (docs/PROTOCOL.md §20): round trips,
// the exact bytes of a request, and strict rejection of every malformed encoding (truncated,
// trailing, unknown version or kind, counts and lengths out of range), plus random bytes and
// mutations that must never throw anything but a CodecError.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { rng } from './helpers.js'
import {
  encodeSyncRequest, decodeSyncRequest, encodeSyncResponse, decodeSyncResponse,
  SYNC_BLOCKS_MAX, SYNC_FINALS_MAX, CERT_BYTES_MIN,
} from '../dist/runtime/node/sync-codec.js'

const hex = (b) => Buffer.from(b).toString('hex')
const coreName = (fn) => { try { fn() } catch (e) { return e.coreName ?? `not a CodecError: ${e.message}` } return 'no error' }

test('range and block requests: exact bytes, round trip', () => {
  const r = encodeSyncRequest({ kind: 'range', from: 5n, count: 64 })
  assert.is(hex(r), '0101' + '0500000000000000' + '4000')
  assert.equal(decodeSyncRequest(r), { kind: 'range', from: 5n, count: 64 })
  const hash = Uint8Array.from({ length: 32 }, (_, i) => i)
  const b = encodeSyncRequest({ kind: 'block', hash })
  assert.is(b.length, 34)
  const d = decodeSyncRequest(b)
  assert.is(d.kind, 'block')
  assert.is(hex(d.hash), hex(hash))
})

test('requests: every malformed encoding has its one error name', () => {
  const ok = encodeSyncRequest({ kind: 'range', from: 5n, count: 3 })
  assert.is(coreName(() => decodeSyncRequest(new Uint8Array(0))), 'E_TRUNCATED')
  assert.is(coreName(() => decodeSyncRequest(ok.subarray(0, 11))), 'E_TRUNCATED')
  assert.is(coreName(() => decodeSyncRequest(Uint8Array.from([...ok, 0]))), 'E_TRAILING')
  assert.is(coreName(() => decodeSyncRequest(Uint8Array.from([2, ...ok.subarray(1)]))), 'E_BAD_VERSION')
  assert.is(coreName(() => decodeSyncRequest(Uint8Array.from([1, 3, ...ok.subarray(2)]))), 'E_BAD_TAG')
  const zeroFrom = ok.slice(); zeroFrom.fill(0, 2, 10)
  assert.is(coreName(() => decodeSyncRequest(zeroFrom)), 'E_COUNT_RANGE')
  const zeroCount = ok.slice(); zeroCount[10] = 0; zeroCount[11] = 0
  assert.is(coreName(() => decodeSyncRequest(zeroCount)), 'E_COUNT_RANGE')
  const bigCount = ok.slice(); bigCount[10] = SYNC_BLOCKS_MAX + 1
  assert.is(coreName(() => decodeSyncRequest(bigCount)), 'E_COUNT_RANGE')
  const shortHash = encodeSyncRequest({ kind: 'block', hash: new Uint8Array(32) }).subarray(0, 33)
  assert.is(coreName(() => decodeSyncRequest(shortHash)), 'E_TRUNCATED')
  assert.throws(() => encodeSyncRequest({ kind: 'range', from: 0n, count: 1 }), RangeError)
  assert.throws(() => encodeSyncRequest({ kind: 'range', from: 1n, count: 65 }), RangeError)
})

const cert = (len, fill) => new Uint8Array(len).fill(fill)

test('responses round trip, empty and full', () => {
  const empty = encodeSyncResponse({ blocks: [], notarization: new Uint8Array(0), finals: [] })
  assert.is(hex(empty), '01' + '0000' + '00000000' + '0000')
  assert.equal(decodeSyncResponse(empty), { blocks: [], notarization: new Uint8Array(0), finals: [] })
  const value = { blocks: [cert(300, 1), cert(1, 2)], notarization: cert(CERT_BYTES_MIN, 3), finals: [cert(CERT_BYTES_MIN + 80, 4)] }
  const d = decodeSyncResponse(encodeSyncResponse(value))
  assert.equal(d.blocks.map(hex), value.blocks.map(hex))
  assert.is(hex(d.notarization), hex(value.notarization))
  assert.equal(d.finals.map(hex), value.finals.map(hex))
})

test('responses: counts and lengths out of range, truncation, trailing bytes, version', () => {
  const good = encodeSyncResponse({ blocks: [cert(10, 1)], notarization: cert(CERT_BYTES_MIN, 3), finals: [] })
  assert.is(coreName(() => decodeSyncResponse(good.subarray(0, good.length - 1))), 'E_TRUNCATED')
  assert.is(coreName(() => decodeSyncResponse(Uint8Array.from([...good, 9]))), 'E_TRAILING')
  assert.is(coreName(() => decodeSyncResponse(Uint8Array.from([7, ...good.subarray(1)]))), 'E_BAD_VERSION')
  const many = good.slice(); many[1] = SYNC_BLOCKS_MAX + 1; many[2] = 0
  assert.is(coreName(() => decodeSyncResponse(many)), 'E_COUNT_RANGE')
  const zeroBlock = good.slice(); zeroBlock.fill(0, 3, 7)
  assert.is(coreName(() => decodeSyncResponse(zeroBlock)), 'E_COUNT_RANGE')
  const hugeBlock = good.slice(); hugeBlock.fill(0xff, 3, 7)
  assert.is(coreName(() => decodeSyncResponse(hugeBlock)), 'E_COUNT_RANGE')
  // a notarization shorter than any certificate
  const shortCert = encodeSyncResponse({ blocks: [cert(10, 1)], notarization: new Uint8Array(0), finals: [] })
  const bad = Uint8Array.from([...shortCert.subarray(0, 17), 5, 0, 0, 0, 1, 2, 3, 4, 5, 0, 0])
  assert.is(coreName(() => decodeSyncResponse(bad)), 'E_COUNT_RANGE')
  // a notarization without blocks
  const noBlocks = Uint8Array.from([1, 0, 0, CERT_BYTES_MIN, 0, 0, 0, ...cert(CERT_BYTES_MIN, 1), 0, 0])
  assert.is(coreName(() => decodeSyncResponse(noBlocks)), 'E_COUNT_RANGE')
  const finals = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, SYNC_FINALS_MAX + 1, 0])
  assert.is(coreName(() => decodeSyncResponse(finals)), 'E_COUNT_RANGE')
  assert.throws(() => encodeSyncResponse({ blocks: new Array(SYNC_BLOCKS_MAX + 1).fill(cert(1, 0)), notarization: new Uint8Array(0), finals: [] }), RangeError)
})

test('random bytes and mutations never throw anything but a CodecError', () => {
  const r = rng(20)
  const good = encodeSyncResponse({ blocks: [cert(40, 1), cert(50, 2)], notarization: cert(CERT_BYTES_MIN, 3), finals: [cert(CERT_BYTES_MIN, 4)] })
  const req = encodeSyncRequest({ kind: 'range', from: 9n, count: 2 })
  let accepted = 0
  for (let i = 0; i < 3000; i++) {
    const base = i % 3 === 0 ? r.bytes(r.int(64)) : (i % 3 === 1 ? good : req).slice()
    if (i % 3 !== 0) for (let k = 1 + r.int(3); k > 0; k--) base[r.int(base.length)] ^= 1 << r.int(8)
    for (const decode of [decodeSyncRequest, decodeSyncResponse]) {
      try { decode(base); accepted++ } catch (e) { assert.is(e.name, 'CodecError', e.message) }
    }
  }
  assert.ok(accepted > 0)
})

test.run()
