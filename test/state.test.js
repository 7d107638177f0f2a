// The state tree: the core (state_verify, state_update) against the @noble reference on
// random maps, inclusion and exclusion proofs, updates whose writes let StateTree serve
// the next witness.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng, hex } from './helpers.js'
import { verifyProof, update } from '../dist/runtime/core/state.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import {
  referenceRoot, referenceNodes, referenceWitness, leafHash, internalHash, ZERO_HASH,
} from '../dist/runtime/state/reference.js'

const w = (await loadCore()).wasm
const r = rng(0x5eed5)

function randomEntries(n, { prefixBits = 0, maxValue = 40 } = {}) {
  const base = r.bytes(32)
  const out = []
  for (let i = 0; i < n; i++) {
    const key = r.bytes(32)
    // Keys sharing their first `prefixBits` bits with `base` force deep paths.
    for (let b = 0; b < prefixBits; b++) {
      const m = 0x80 >> (b & 7)
      key[b >> 3] = (key[b >> 3] & ~m) | (base[b >> 3] & m)
    }
    out.push({ key, value: r.bytes(r.int(maxValue + 1)) })
  }
  return out
}

function mapOf(entries) {
  const m = new Map()
  for (const e of entries) m.set(hex(e.key), e)
  return m
}

/** The map's tree built by the core from the empty tree, the genesis way. */
function coreBuild(entries) {
  return update(w, ZERO_HASH, Uint8Array.of(0x00), entries)
}

function decodeWrites(writes) {
  const view = new DataView(writes.buffer, writes.byteOffset, writes.byteLength)
  const count = view.getUint32(0, true)
  const nodes = new Map()
  let pos = 4
  for (let k = 0; k < count; k++) {
    const hash = hex(writes.subarray(pos, pos + 32))
    const len = view.getUint32(pos + 32, true)
    nodes.set(hash, hex(writes.subarray(pos + 36, pos + 36 + len)))
    pos += 36 + len
  }
  assert.is(pos, writes.length)
  return nodes
}

test('reference: empty tree, one leaf, two leaves', () => {
  assert.equal(referenceRoot([]), ZERO_HASH)
  const a = { key: new Uint8Array(32), value: Uint8Array.of(1, 2) }
  assert.equal(referenceRoot([a]), leafHash(a.key, a.value))
  const b = { key: new Uint8Array(32).fill(0xff), value: new Uint8Array(0) }
  assert.equal(referenceRoot([b, a]), internalHash(leafHash(a.key, a.value), leafHash(b.key, b.value)))
  // Keys 0x00… and 0x40…: both go left at bit 0, split at bit 1; the right of the root is empty.
  const c = { key: new Uint8Array(32), value: Uint8Array.of(3) }
  c.key[0] = 0x40
  assert.equal(referenceRoot([a, c]), internalHash(internalHash(leafHash(a.key, a.value), leafHash(c.key, c.value)), ZERO_HASH))
})

test('the worked example of docs/STATE.md §2', () => {
  const k = (b0) => { const x = new Uint8Array(32); x[0] = b0; return x }
  const entries = [{ key: k(0x00), value: Uint8Array.of(1) }, { key: k(0x40), value: new Uint8Array(0) }, { key: k(0x80), value: Uint8Array.of(2) }]
  const expected = '81afff69ddd00323a5a5944d09e6140f578f013249eb60375e372195a657208a'
  assert.is(hex(referenceRoot(entries)), expected)
  assert.is(hex(coreBuild(entries).root), expected)
  assert.is(hex(coreBuild([...entries].reverse()).root), expected)
})

test('core builds the reference root and exactly the reference nodes (sizes 0..2000)', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 16, 31, 64, 100, 257, 1000, 2000]) {
    const entries = randomEntries(n)
    const { root, nodes } = referenceNodes(entries)
    const got = coreBuild(entries)
    assert.equal(hex(got.root), hex(root), `root, n=${n}`)
    const writes = decodeWrites(got.writes)
    assert.is(writes.size, nodes.length, `write count, n=${n}`)
    for (const node of nodes) assert.is(writes.get(hex(node.hash)), hex(node.bytes), `node bytes, n=${n}`)
  }
})

test('core builds the reference root for shared-prefix keys (deep paths)', () => {
  for (const [n, bits] of [[2, 255], [3, 254], [5, 250], [40, 200], [200, 64], [300, 128]]) {
    const entries = randomEntries(n, { prefixBits: bits })
    assert.equal(hex(coreBuild(entries).root), hex(referenceRoot(entries)), `n=${n} prefix=${bits}`)
  }
  // Two keys differing only in the last bit: leaves at depth 256, internal nodes down to 255.
  const k0 = r.bytes(32); k0[31] &= 0xfe
  const k1 = k0.slice(); k1[31] |= 1
  const entries = [{ key: k0, value: Uint8Array.of(0) }, { key: k1, value: Uint8Array.of(1) }]
  const root = referenceRoot(entries)
  assert.equal(hex(coreBuild(entries).root), hex(root))
  const proof = referenceWitness(entries, [k1])
  // 255 × (0x02 0x00), the split node 0x02, the sibling pruned (33), leaf k1 (35 + 1).
  assert.is(proof.length, 255 * 2 + 1 + 33 + 36)
  assert.equal(verifyProof(w, root, k1, referenceWitness(entries, [k1])), { found: true, value: Uint8Array.of(1) })
})

test('inclusion and exclusion proofs verify in the core', () => {
  for (const n of [0, 1, 2, 3, 10, 100, 1000]) {
    const entries = randomEntries(n, { maxValue: 1024 })
    const root = referenceRoot(entries)
    const present = entries.slice(0, 20)
    for (const e of present) {
      const got = verifyProof(w, root, e.key, referenceWitness(entries, [e.key]))
      assert.equal(got, { found: true, value: e.value })
    }
    for (let i = 0; i < 20; i++) {
      const key = r.bytes(32)
      const got = verifyProof(w, root, key, referenceWitness(entries, [key]))
      assert.equal(got, { found: false, value: undefined })
    }
  }
})

test('exclusion ending at another leaf and at an empty subtree', () => {
  const a = { key: new Uint8Array(32), value: Uint8Array.of(7) }
  const b = { key: new Uint8Array(32).fill(0xff), value: Uint8Array.of(8) }
  const c = { key: new Uint8Array(32).fill(0x7f), value: Uint8Array.of(9) } // 0111…: left, then right
  const entries = [a, b, c]
  const root = referenceRoot(entries)
  const nearA = new Uint8Array(32); nearA[31] = 1 // path ends at leaf a
  const wA = referenceWitness(entries, [nearA])
  assert.ok(wA.includes(0x01))
  assert.equal(verifyProof(w, root, nearA, wA), { found: false, value: undefined })
  const single = [a, c]
  const right = new Uint8Array(32).fill(0x80) // bit 0 = 1: the empty right subtree
  const wE = referenceWitness(single, [right])
  assert.equal(Array.from(wE.subarray(0, 2)), [0x02, 0x03])
  assert.is(wE[wE.length - 1], 0x00)
  assert.equal(verifyProof(w, referenceRoot(single), right, wE), { found: false, value: undefined })
})

test('updates: insert into empty subtree, split a leaf, update existing, repeat key', () => {
  const base = randomEntries(50)
  const root = referenceRoot(base)
  const m = mapOf(base)
  const fresh = randomEntries(10)
  const changed = base.slice(0, 5).map((e) => ({ key: e.key, value: r.bytes(r.int(60)) }))
  const same = base.slice(5, 7).map((e) => ({ key: e.key, value: e.value }))
  const twice = { key: fresh[0].key, value: Uint8Array.of(9, 9) }
  const updates = [...fresh, ...changed, ...same, twice]
  const witness = referenceWitness(base, updates.map((u) => u.key))
  const got = update(w, root, witness, updates)
  for (const u of updates) m.set(hex(u.key), u)
  assert.equal(hex(got.root), hex(referenceRoot([...m.values()])))
  // Unchanged values write nothing new for their leaves.
  const writes = decodeWrites(got.writes)
  for (const e of same) assert.not.ok(writes.has(hex(leafHash(e.key, e.value))))
  // Updating nothing keeps the root and writes nothing.
  const none = update(w, root, referenceWitness(base, same.map((e) => e.key)), same)
  assert.equal(none.root, root)
  assert.equal(Array.from(none.writes), [0, 0, 0, 0])
})

test('writes let StateTree serve the next witness, over many blocks', async () => {
  const store = new MemoryNodeStore()
  let entries = randomEntries(300)
  const genesis = coreBuild(entries)
  const tree = new StateTree(store, ZERO_HASH)
  await tree.applyWrites(genesis.root, genesis.writes, { verifyHashes: true })
  assert.equal(tree.root, referenceRoot(entries))
  let m = mapOf(entries)
  for (let block = 0; block < 20; block++) {
    const keys = [...m.values()].map((e) => e.key)
    const updates = []
    for (let i = 0; i < 30; i++) updates.push({ key: keys[r.int(keys.length)], value: r.bytes(r.int(50)) })
    for (const e of randomEntries(10, { prefixBits: block * 12 })) updates.push(e)
    const touched = updates.map((u) => u.key)
    const witness = await tree.buildWitness([...touched].reverse().concat(touched.slice(0, 3)))
    assert.equal(hex(witness), hex(referenceWitness([...m.values()], touched)), `witness, block ${block}`)
    const got = update(w, tree.root, witness, updates)
    for (const u of updates) m.set(hex(u.key), u)
    assert.equal(hex(got.root), hex(referenceRoot([...m.values()])), `root, block ${block}`)
    await tree.applyWrites(got.root, got.writes, { verifyHashes: true })
  }
  for (const e of [...m.values()].slice(0, 50)) {
    assert.equal(await tree.get(e.key), e.value)
    const proof = await tree.prove(e.key)
    assert.equal(verifyProof(w, tree.root, e.key, proof), { found: true, value: e.value })
  }
  const absent = r.bytes(32)
  assert.is(await tree.get(absent), undefined)
  assert.equal(verifyProof(w, tree.root, absent, await tree.prove(absent)), { found: false, value: undefined })
})

test('StateTree witnesses equal the reference on random key sets; getMany equals get', async () => {
  for (const n of [0, 1, 2, 3, 50, 500]) {
    const entries = randomEntries(n)
    const { root, nodes } = referenceNodes(entries)
    const store = new MemoryNodeStore()
    await store.putMany(nodes)
    // A store without getMany is read with one get per node.
    const plain = { get: (h) => store.get(h), putMany: (ns) => store.putMany(ns) }
    for (const tree of [new StateTree(store, root), new StateTree(plain, root)]) {
      for (const k of [0, 1, 2, 5, 40]) {
        const keys = []
        for (let i = 0; i < k; i++) keys.push(i % 2 && n ? entries[r.int(n)].key : r.bytes(32))
        assert.equal(hex(await tree.buildWitness(keys)), hex(referenceWitness(entries, keys)), `n=${n} k=${k}`)
        // getMany: each value as get() reads it, repeats and order kept
        const asked = k > 2 ? [...keys, keys[1]] : keys
        const got = await tree.getMany(asked)
        assert.is(got.length, asked.length)
        for (let i = 0; i < asked.length; i++) assert.equal(got[i], await tree.get(asked[i]), `getMany n=${n} k=${k} key ${i}`)
      }
    }
  }
})

test('StateTree.applyWrites rejects malformed writes with a clear error', async () => {
  const entries = randomEntries(5)
  const { root, writes } = coreBuild(entries)
  const fresh = () => new StateTree(new MemoryNodeStore(), ZERO_HASH)
  const rejects = async (newRoot, bytes, re, opts) => {
    const t = fresh()
    try { await t.applyWrites(newRoot, bytes, opts) } catch (e) { assert.match(e.message, re); assert.equal(t.root, ZERO_HASH); return }
    assert.unreachable('accepted malformed writes')
  }
  await rejects(root, writes.subarray(0, 3), /StateTree.applyWrites: expected writes of at least 4 bytes/)
  await rejects(root, writes.subarray(0, writes.length - 1), /StateTree.applyWrites: expected/)
  await rejects(root, Uint8Array.from([...writes, 0]), /trailing bytes/)
  const badTag = writes.slice(); badTag[4 + 36] = 0x07
  await rejects(root, badTag, /expected a tree node/)
  const badHash = writes.slice(); badHash[4] ^= 1
  await rejects(root, badHash, /expected node 0 to hash to/, { verifyHashes: true })
  await rejects(r.bytes(32), writes, /expected the new root/)
  try { await fresh().applyWrites(new Uint8Array(31), writes); assert.unreachable() } catch (e) { assert.instance(e, TypeError) }
})

test('StateTree names a node missing from its store', async () => {
  const entries = randomEntries(20)
  const { root, nodes } = referenceNodes(entries)
  const store = new MemoryNodeStore()
  await store.putMany(nodes.filter((n) => n.bytes[0] === 0x01)) // internal nodes only
  const tree = new StateTree(store, root)
  for (const call of [() => tree.get(entries[0].key), () => tree.getMany([entries[0].key]), () => tree.buildWitness([entries[0].key])]) {
    try { await call(); assert.unreachable() } catch (e) { assert.match(e.message, /expected node [0-9a-f]{64} in the store, got nothing/) }
  }
  assert.throws(() => new StateTree(store, new Uint8Array(31)), (e) => e instanceof TypeError)
  try { await tree.buildWitness([new Uint8Array(31)]); assert.unreachable() } catch (e) { assert.instance(e, TypeError) }
  try { await tree.getMany([new Uint8Array(31)]); assert.unreachable() } catch (e) { assert.instance(e, TypeError) }
  try { await tree.getMany('keys'); assert.unreachable() } catch (e) { assert.instance(e, TypeError) }
})

test('verifyProof and update check their argument types', () => {
  assert.throws(() => verifyProof(w, new Uint8Array(31), new Uint8Array(32), Uint8Array.of(0)), (e) => e instanceof TypeError)
  assert.throws(() => verifyProof(w, new Uint8Array(32), 'key', Uint8Array.of(0)), (e) => e instanceof TypeError)
  assert.throws(() => update(w, new Uint8Array(32), Uint8Array.of(0), [{ key: new Uint8Array(32), value: new Uint8Array(1025) }]), (e) => e instanceof TypeError)
})

test.run()
