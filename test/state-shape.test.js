// Every way a witness can break canonical form (docs/STATE.md §Canonical form) is
// rejected by both exports with its named code, with a root that matches the bad witness
// wherever one exists, so the shape check and not the root check is what fires.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { verifyProof, update } from '../dist/runtime/core/state.js'
import { referenceRoot, referenceWitness, leafHash, internalHash, ZERO_HASH } from '../dist/runtime/state/reference.js'
import { concatBytes } from '../dist/runtime/bytes.js'

const w = (await loadCore()).wasm
const r = rng(0x5a9e)

const E = { ROOT: 'E_WITNESS_ROOT', MISSING: 'E_WITNESS_MISSING', SHAPE: 'E_WITNESS_SHAPE', DEPTH: 'E_WITNESS_DEPTH' }

function codeOf(fn) {
  try { fn() } catch (e) { assert.is(e.name, 'CoreError', e.message); return e.coreName }
  return 'OK'
}
const verifyCode = (root, key, witness) => codeOf(() => verifyProof(w, root, key, witness))
const updateCode = (root, witness, updates) => codeOf(() => update(w, root, witness, updates))
/** Both exports reject `witness` for `key` with `name`. */
function rejects(name, root, key, witness) {
  assert.is(verifyCode(root, key, witness), name, 'state_verify')
  assert.is(updateCode(root, witness, [{ key, value: Uint8Array.of(1) }]), name, 'state_update')
}

const u8 = (...parts) => concatBytes(...parts.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : p)))
const leafBytes = (key, value) => u8(0x01, key, value.length & 0xff, value.length >> 8, value)
function keyWithBits(bits) { // a key starting with the given bits, the rest random
  const k = r.bytes(32)
  bits.forEach((b, i) => { const m = 0x80 >> (i & 7); k[i >> 3] = b ? k[i >> 3] | m : k[i >> 3] & ~m })
  return k
}

const k0 = keyWithBits([0, 0]), k1 = keyWithBits([1]), k01 = keyWithBits([0, 1])
const v = Uint8Array.of(5, 6, 7)
const h0 = leafHash(k0, v), h1 = leafHash(k1, v), h01 = leafHash(k01, v)

test('valid witnesses are accepted (control)', () => {
  const entries = [k0, k1, k01].map((key) => ({ key, value: v }))
  const root = referenceRoot(entries)
  assert.equal(verifyProof(w, root, k0, referenceWitness(entries, [k0])), { found: true, value: v })
  assert.equal(verifyProof(w, ZERO_HASH, k0, Uint8Array.of(0x00)), { found: false, value: undefined })
  assert.equal(verifyProof(w, h0, k0, leafBytes(k0, v)), { found: true, value: v })
})

test('collapsible internal nodes: (empty, empty), (empty, leaf), (leaf, empty)', () => {
  rejects(E.SHAPE, internalHash(ZERO_HASH, ZERO_HASH), k0, u8(0x02, 0x00, 0x00))
  rejects(E.SHAPE, internalHash(ZERO_HASH, h1), k1, u8(0x02, 0x00, leafBytes(k1, v)))
  rejects(E.SHAPE, internalHash(h0, ZERO_HASH), k0, u8(0x02, leafBytes(k0, v), 0x00))
  // One level down, under a valid root node.
  const inner = internalHash(h0, ZERO_HASH)
  rejects(E.SHAPE, internalHash(inner, h1), k0, u8(0x02, 0x02, leafBytes(k0, v), 0x00, 0x03, h1))
})

test('leaf at a position its key does not lead to', () => {
  // k1 starts with bit 1 but sits on the left; k0 on the right.
  rejects(E.SHAPE, internalHash(h1, h0), k1, u8(0x02, leafBytes(k1, v), leafBytes(k0, v)))
  // Deeper: k01 (bits 0,1) placed at path 0,0.
  const inner = internalHash(h01, h0)
  rejects(E.SHAPE, internalHash(inner, h1), k01, u8(0x02, 0x02, leafBytes(k01, v), 0x03, h0, 0x03, h1))
})

test('expanded nodes off every used path', () => {
  const entries = [k0, k1, k01].map((key) => ({ key, value: v }))
  const root = referenceRoot(entries)
  // A leaf expanded that no key reaches: k1 expanded while proving k0.
  const extraLeaf = u8(0x02, 0x02, leafBytes(k0, v), 0x03, h01, leafBytes(k1, v))
  rejects(E.SHAPE, root, k0, extraLeaf)
  // An internal node expanded that no key enters: the left subtree while proving k1.
  const extraInner = u8(0x02, 0x02, 0x03, h0, 0x03, h01, leafBytes(k1, v))
  rejects(E.SHAPE, root, k1, extraInner)
  // The full tree proving only one key.
  rejects(E.SHAPE, root, k1, u8(0x02, 0x02, leafBytes(k0, v), leafBytes(k01, v), leafBytes(k1, v)))
  // The same witness is fine when the update also writes the other keys.
  const full = u8(0x02, 0x02, leafBytes(k0, v), leafBytes(k01, v), leafBytes(k1, v))
  assert.is(updateCode(root, full, [k0, k1, k01].map((key) => ({ key, value: v }))), 'OK')
})

test('a pruned subtree with an all-zero hash', () => {
  rejects(E.SHAPE, ZERO_HASH, k0, u8(0x03, ZERO_HASH))
  rejects(E.SHAPE, internalHash(h0, h1), k1, u8(0x02, 0x03, ZERO_HASH, leafBytes(k1, v)))
})

test('trailing bytes, truncation, unknown tags', () => {
  const entries = [k0, k1, k01].map((key) => ({ key, value: v }))
  const root = referenceRoot(entries)
  const good = referenceWitness(entries, [k01])
  rejects(E.SHAPE, root, k01, u8(good, 0x00))
  rejects(E.SHAPE, ZERO_HASH, k0, u8(0x00, 0x00))
  for (let cut = 0; cut < good.length; cut++) rejects(E.SHAPE, root, k01, good.subarray(0, cut))
  for (const tag of [0x04, 0x05, 0x80, 0xff]) rejects(E.SHAPE, root, k01, u8(tag))
  rejects(E.SHAPE, root, k01, u8(0x02, 0x04, 0x00))
})

test('leaf value longer than 1024 bytes', () => {
  const big = new Uint8Array(1025)
  const bytes = u8(0x01, k0, 0x01, 0x04, big) // len 1025
  rejects(E.SHAPE, leafHash(k0, big), k0, bytes)
  const max = new Uint8Array(1024)
  assert.equal(verifyProof(w, leafHash(k0, max), k0, leafBytes(k0, max)), { found: true, value: max })
})

test('deeper than 256', () => {
  // An internal node at depth 256 (its children would be at 257).
  let bytes = u8(0x00, 0x00)
  for (let d = 0; d < 257; d++) bytes = u8(0x02, 0x00, bytes)
  rejects(E.DEPTH, ZERO_HASH, k0, bytes)
  // Depth 256 itself is fine: two keys differing in the last bit.
  const a = new Uint8Array(32), b = new Uint8Array(32); b[31] = 1
  const entries = [{ key: a, value: v }, { key: b, value: v }]
  assert.equal(verifyProof(w, referenceRoot(entries), b, referenceWitness(entries, [b])).found, true)
})

test('wrong root', () => {
  const entries = [k0, k1, k01].map((key) => ({ key, value: v }))
  const good = referenceWitness(entries, [k0])
  rejects(E.ROOT, r.bytes(32), k0, good)
  rejects(E.ROOT, ZERO_HASH, k0, good)
  rejects(E.ROOT, h0, k0, Uint8Array.of(0x00))
  const root = referenceRoot(entries)
  const flipped = good.slice(); flipped[flipped.length - 1] ^= 1 // k0's value
  rejects(E.ROOT, root, k0, flipped)
})

test('a key whose path ends in a pruned subtree', () => {
  const entries = [k0, k1, k01].map((key) => ({ key, value: v }))
  const root = referenceRoot(entries)
  rejects(E.MISSING, root, k0, u8(0x03, root))
  rejects(E.MISSING, root, k0, referenceWitness(entries, [k1]))
  // A witness for k0 does not cover a new key under the pruned right subtree.
  assert.is(updateCode(root, referenceWitness(entries, [k0]), [{ key: k0, value: v }, { key: keyWithBits([1, 1]), value: v }]), E.MISSING)
})

test('a witness with more nodes than one call may hold', () => {
  // A complete tree of depth 18 with distinct pruned leaves: 2^19 - 1 nodes > 2^18.
  const depth = 18
  const leaves = 1 << depth
  const out = new Uint8Array((leaves - 1) + leaves * 33)
  let pos = 0, leaf = 0
  const emit = (d) => {
    if (d === depth) { out[pos] = 0x03; out[pos + 1] = 1; out[pos + 2] = leaf & 0xff; out[pos + 3] = leaf >> 8; out[pos + 4] = leaf >> 16; leaf++; pos += 33; return }
    out[pos++] = 0x02; emit(d + 1); emit(d + 1)
  }
  emit(0)
  assert.is(pos, out.length)
  assert.is(verifyCode(r.bytes(32), k0, out), 'E_STATE_NODES')
})

test('updates creating more nodes than one call may hold', () => {
  // About 2.44 nodes per random key: 120,000 inserts need more than 2^18.
  const updates = []
  for (let i = 0; i < 120_000; i++) updates.push({ key: r.bytes(32), value: new Uint8Array(0) })
  assert.is(updateCode(ZERO_HASH, Uint8Array.of(0x00), updates), 'E_STATE_NODES')
  assert.is(updateCode(ZERO_HASH, Uint8Array.of(0x00), updates.slice(0, 100_000)), 'OK')
})

test('malformed updates', () => {
  const root = ZERO_HASH
  const wit = Uint8Array.of(0x00)
  const call = (body) => codeOf(() => w.call('t', (x) => {
    const code = x.state_update(w.put('t', root), w.put('t', wit), 1, w.put('t', body), body.length)
    if (code !== 0) throw Object.assign(new Error(), { name: 'CoreError', coreName: code })
  }))
  const one = u8(1, 0, 0, 0, k0, 3, 0, v)
  assert.is(call(one), 'OK')
  assert.is(call(one.subarray(0, 3)), 60) // E_TRUNCATED
  assert.is(call(one.subarray(0, one.length - 1)), 60)
  assert.is(call(u8(2, 0, 0, 0, k0, 3, 0, v)), 60)
  assert.is(call(u8(one, 0)), 61) // E_TRAILING
  assert.is(call(u8(1, 0, 0, 0, k0, 0x01, 0x04, new Uint8Array(1025))), 104) // E_STATE_VALUE_LEN
  assert.is(call(u8(0xff, 0xff, 0xff, 0xff)), 60)
})

test.run()
