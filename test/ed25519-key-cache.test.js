// The verifiers' cache of decoded public keys (assembly/ed25519/key_cache.ts) changes no
// decoding: on a miss and on a hit it yields, byte for byte, the point geFromBytesVartime
// gives for the same 32 bytes (the ZIP-215 set's non-canonical and small-order keys
// included); keys on no curve point never enter it, nor does the all-zero key; under set
// collisions it holds at most its 4 ways and stays exact. Compiled into a small wasm of its
// own so the cache's state can be observed. The whole-verifier agreement (single, batch,
// a key seen before or not) is in ed25519-vectors and ed25519-diff, which run every key
// through the same core instance more than once.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { compileScratchModule, instantiateScratch, readVectorJson, unhex, hex, rng } from './helpers.js'

const R = rng(41417)
const src = (f) => JSON.stringify(`./assembly/ed25519/${f}`)
const wasmModule = await compileScratchModule(`
import { geFromBytesVartime } from ${src('point')};
import { geNegatedKeyVartime, keyCached } from ${src('key_cache')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
export function decodeDirect(out: usize, pk: usize): i32 { return geFromBytesVartime(out, pk, 1); }
export function decodeCached(out: usize, pk: usize): i32 { return geNegatedKeyVartime(out, pk); }
export function cached(pk: usize): i32 { return keyCached(pk) ? 1 : 0; }
`)

/** A fresh module instance (an empty cache). */
function instance() {
  const x = instantiateScratch(wasmModule)
  const pk = x.alloc(32), out = x.alloc(160)
  const mem = () => new Uint8Array(x.memory.buffer)
  const run = (f, key) => {
    mem().set(key, pk); mem().fill(0xee, out, out + 160)
    const rc = f(out, pk)
    return [rc, rc === 1 ? hex(mem().slice(out, out + 160)) : '']
  }
  return {
    direct: (key) => run(x.decodeDirect, key),
    cached: (key) => run(x.decodeCached, key),
    has: (key) => { mem().set(key, pk); return x.cached(pk) === 1 },
  }
}

/** Decoded through the cache twice (a miss, then a hit if it decoded): both as the direct decoding. */
function assertSame(c, key, what) {
  const want = c.direct(key)
  assert.equal(c.cached(key), want, `${what}: first sighting`)
  const zero = key.every((b) => b === 0)
  assert.is(c.has(key), want[0] === 1 && !zero, `${what}: cached iff it decoded (and is not all zero)`)
  assert.equal(c.cached(key), want, `${what}: second sighting`)
}

test('every key of the ZIP-215 set (non-canonical and small-order encodings): same point, miss or hit', () => {
  const v = readVectorJson('ed25519/zip215/zip215.json')
  if (!v) return
  const c = instance()
  const keys = new Map()
  for (const t of v) { keys.set(t.vk_bytes, unhex(t.vk_bytes)); keys.set(t.sig_bytes.slice(0, 64), unhex(t.sig_bytes.slice(0, 64))) }
  for (const [h, key] of keys) assertSame(c, key, h)
})

test('random keys, random 32-byte strings (about half on no point) and the all-zero key', () => {
  const c = instance()
  for (let i = 0; i < 300; i++) assertSame(c, ed25519.getPublicKey(R.bytes(32)), `key ${i}`)
  let off = 0
  for (let i = 0; i < 300; i++) {
    const s = R.bytes(32)
    assertSame(c, s, `string ${hex(s)}`)
    if (c.direct(s)[0] === 0) off++
  }
  assert.ok(off > 100 && off < 200, `${off} of 300 random strings decode to no point`)
  assertSame(c, new Uint8Array(32), 'all zero')
  assertSame(c, new Uint8Array(32), 'all zero again')
  // y = p (non-canonical 0) and y = p + 1 (non-canonical 1) with either sign bit
  const p = (2n ** 255n - 19n)
  for (const [y, sign] of [[p, 0], [p, 1], [p + 1n, 0], [p + 1n, 1]]) {
    const key = new Uint8Array(32)
    let v = y; for (let i = 0; i < 32; i++) { key[i] = Number(v & 255n); v >>= 8n }
    key[31] |= sign << 7
    assertSame(c, key, `y = ${y === p ? 'p' : 'p + 1'}, sign ${sign}`)
  }
})

test('one set, many keys: at most 4 held, each decoding still exact', () => {
  const c = instance()
  // keys sharing their low 14 bits land in one set (2^14 sets by the first bytes)
  const keys = []
  while (keys.length < 12) {
    const s = R.bytes(32)
    s[0] = 0x5a; s[1] = (s[1] & 0xc0) | 0x15
    if (c.direct(s)[0] === 1) keys.push(s)
  }
  for (const [i, k] of keys.entries()) assertSame(c, k, `colliding key ${i}`)
  const held = keys.filter((k) => c.has(k)).length
  assert.ok(held >= 1 && held <= 4, `${held} of 12 colliding keys held`)
  for (let round = 0; round < 3; round++) for (const [i, k] of keys.entries()) assert.equal(c.cached(k), c.direct(k), `round ${round}, key ${i}`)
})

test.run()
