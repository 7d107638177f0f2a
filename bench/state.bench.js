// The state tree for one block: 3,000 keys touched (2,500 updated, 500 inserted) in a
// tree of 100,000 leaves. Figures: StateTree.buildWitness over a MemoryNodeStore, the
// core's state_update (decode + verify the witness, apply, commit, writes) and
// StateTree.applyWrites; a one-key proof in the core. Anchor: @noble/hashes SHA-256 over
// as many 65-byte node preimages as the core hashes for that update, in the same run.
import { Core } from '../dist/runtime/core.js'
import { update, verifyProof } from '../dist/runtime/core/state.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { rng } from '../test/helpers.js'
import { measure, fmtNs, table } from './lib.js'
import { performance } from 'node:perf_hooks'

const LEAVES = 100_000, UPDATED = 2_500, INSERTED = 500

async function medianMs(fn, runs = 7) {
  const t = []
  for (let i = 0; i < runs; i++) { const s = performance.now(); await fn(); t.push(performance.now() - s) }
  t.sort((a, b) => a - b)
  return t[runs >> 1]
}

export default async function () {
  const w = (await Core.load()).wasm
  const r = rng(42)
  const entries = []
  for (let i = 0; i < LEAVES; i++) entries.push({ key: r.bytes(32), value: r.bytes(16) })
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))
  const t0 = performance.now()
  const genesis = update(w, new Uint8Array(32), Uint8Array.of(0), entries)
  const genesisMs = performance.now() - t0
  await tree.applyWrites(genesis.root, genesis.writes)

  const updates = []
  for (let i = 0; i < UPDATED; i++) updates.push({ key: entries[r.int(LEAVES)].key, value: r.bytes(16) })
  for (let i = 0; i < INSERTED; i++) updates.push({ key: r.bytes(32), value: r.bytes(16) })
  const keys = updates.map((u) => u.key)
  const witness = await tree.buildWitness(keys)
  const result = update(w, tree.root, witness, updates)
  const writeCount = new DataView(result.writes.buffer).getUint32(0, true)
  // Nodes the core hashes: every non-empty witness node on load (approximated by the
  // witness's tag count below), every dirty node on commit.
  let witnessNodes = 0
  for (let p = 0; p < witness.length;) {
    const tag = witness[p]
    if (tag === 0) p += 1
    else if (tag === 2) { p += 1; witnessNodes++ }
    else if (tag === 3) { p += 33; witnessNodes++ }
    else { p += 35 + (witness[p + 33] | (witness[p + 34] << 8)); witnessNodes++ }
  }
  const hashes = witnessNodes + writeCount
  const pre = new Uint8Array(65)

  const buildMs = await medianMs(() => tree.buildWitness(keys))
  const coreNs = measure(() => update(w, tree.root, witness, updates), { samples: 7, sampleMs: 300 })
  const nobleNs = measure(() => { for (let i = 0; i < hashes; i++) sha256(pre) }, { samples: 7, sampleMs: 300 })
  const applyMs = await medianMs(async () => {
    const t = new StateTree(new MemoryNodeStore(), tree.root)
    await t.applyWrites(result.root, result.writes)
  })
  const one = keys[0]
  const proof = await tree.prove(one)
  const proveMs = await medianMs(() => tree.prove(one), 51)
  const verifyNs = measure(() => verifyProof(w, tree.root, one, proof))

  table(`state: one block of ${UPDATED + INSERTED} keys in a tree of ${LEAVES.toLocaleString('en')} leaves`, [
    { what: 'StateTree.buildWitness (MemoryNodeStore)', median: fmtNs(buildMs * 1e6), note: `${(witness.length / 1024).toFixed(0)} KiB, ${witnessNodes} nodes` },
    { what: 'core state_update (verify witness, apply, commit)', median: fmtNs(coreNs), note: `${hashes} node hashes, ${writeCount} writes` },
    { what: 'anchor: @noble/hashes SHA-256 × same hash count', median: fmtNs(nobleNs), note: `core is ${(nobleNs / coreNs).toFixed(2)}× the anchor's speed` },
    { what: 'StateTree.applyWrites (structure checks)', median: fmtNs(applyMs * 1e6), note: '' },
    { what: 'StateTree.prove (one key)', median: fmtNs(proveMs * 1e6), note: `${proof.length} bytes` },
    { what: 'core state_verify (one key)', median: fmtNs(verifyNs), note: '' },
  ])
  console.log(`\n(genesis of ${LEAVES.toLocaleString('en')} leaves in the core: ${Math.round(genesisMs)} ms, ${(genesis.writes.length / 1e6).toFixed(1)} MB of writes)`)
}
