// The consensus node's rules on their own, with the chain stubbed out: blocks are framed as
// version-2 blocks but the ledger is a stand-in (every well-signed block is "valid" and
// changes no state), while votes, certificates, VRF draws and tables are the real thing
// (core BLS, VRF and core.consensus.verifyCert on a genesis state written here). A small
// event loop plays the network. Checked: agreement and steady finality, each Byzantine
// behaviour, catch-up after a restart, and a peer that answers sync requests with garbage.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { keyGen, publicKey as blsPublicKey } from '../dist/runtime/wallet/bls.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { ConsensusNode } from '../dist/runtime/node/consensus-node.js'
import { Heap } from '../dist/runtime/node/heap.js'
import { tableKey, tableEntryKey } from '../dist/runtime/consensus/keys.js'
import { encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import { encodeVote, voteMessage } from '../dist/runtime/consensus/vote.js'
import { committeeAlpha } from '../dist/runtime/consensus/seeds.js'
import { encodeSyncRequest, decodeSyncResponse } from '../dist/runtime/node/sync-codec.js'
import { assertAgreement } from './node-fixtures.js'

const core = await loadCore()
const CHAIN = 5
const seedOf = (tag, i) => { const s = new Uint8Array(32).fill(tag); s[0] = i; return s }

/** n validators of equal weight; a genesis state holding tables 0 and 1. */
async function stubNetwork(n) {
  const keys = Array.from({ length: n }, (_, i) => ({ index: i, accountSeed: seedOf(1, i), blsSk: keyGen(seedOf(2, i)), vrfSk: seedOf(3, i) }))
  const store = new MemoryNodeStore()
  const updates = []
  for (const e of [0n, 1n]) {
    updates.push({ key: tableKey(e), value: encodeTableHeader({ n, W: BigInt(n) * 1000n, seed: new Uint8Array(32).fill(9) }) })
    keys.forEach((k, i) => updates.push({ key: tableEntryKey(e, i), value: encodeTableEntry({ blsPk: blsPublicKey(k.blsSk), vrfPk: core.vrf.publicKey(k.vrfSk), weight: 1000n }) }))
  }
  const tree = new StateTree(store, new Uint8Array(32))
  const r = core.state.update(new Uint8Array(32), await tree.buildWitness(updates.map((u) => u.key)), updates)
  return { keys, store, genesis: { input: new Uint8Array(0), header: new Uint8Array(0), hash: new Uint8Array(32).fill(0xaa), stateRoot: r.root, writes: r.writes } }
}

/** The stand-in chain: a v2 frame with the parent certificate; a "signature" of zeros is the valid one. */
const chain = {
  async buildBlock({ core, tree, chainId, parentHash, height, slot, proposer, vrfProof, cert }) {
    const bytes = new Uint8Array(209 + cert.length + 64)
    const v = new DataView(bytes.buffer)
    bytes[0] = 2; v.setUint32(1, chainId, true); v.setBigUint64(5, height, true); v.setBigUint64(13, slot, true)
    bytes.set(parentHash, 21); v.setUint32(53, proposer, true); bytes.set(vrfProof, 57); bytes.set(tree.root, 169)
    v.setUint32(205, cert.length, true); bytes.set(cert, 209)
    return { bytes, hash: core.sha256(bytes.subarray(0, 209 + cert.length)), postRoot: tree.root, writes: new Uint8Array(4) }
  },
  async verifyBlock({ tree, block }) {
    const sigAt = 209 + new DataView(block.buffer, block.byteOffset).getUint32(205, true)
    if (block.subarray(sigAt).some((b) => b !== 0)) return { ok: false, error: 'E_BLOCK_SIG' }
    if (!block.subarray(169, 201).every((b, i) => b === tree.root[i])) return { ok: false, error: 'E_STATE_ROOT' }
    return { ok: true, postRoot: tree.root, writes: new Uint8Array(4) }
  },
}

/**
 * Runs the nodes on a deterministic network (per-pair latency 40..129 ms, no loss) until
 * `untilMs`. `swap(i, t)` may return a replacement node (a restart), `down(i, t)` drops
 * everything for node i, `tamper(i, out)` may change node i's outputs.
 */
async function drive(net, untilMs, { behaviours = [], down = () => false, swap = () => null, tamper = (i, o) => o } = {}) {
  const make = (i) => new ConsensusNode({ core, chainId: CHAIN, genesis: net.genesis, store: net.store, genesisTimeMs: 0, keys: net.keys[i], behaviour: behaviours[i], chain })
  const nodes = net.keys.map((_, i) => make(i))
  const finalized = nodes.map(() => [])
  const notes = nodes.map(() => [])
  const q = new Heap((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq))
  let seq = 0
  const timers = nodes.map(() => new Map())
  const push = (at, node, input, gen) => q.push({ at, seq: seq++, node, input, gen })
  const latency = (a, b) => 40 + ((a * 7 + b * 13) % 90)
  nodes.forEach((_, i) => push(0, i, { type: 'start' }))
  for (;;) {
    const e = q.pop()
    if (!e || e.at > untilMs) break
    const fresh = swap(e.node, e.at)
    if (fresh) { nodes[e.node] = make(e.node); finalized[e.node] = []; timers[e.node].clear(); push(e.at, e.node, { type: 'start' }); continue }
    if (down(e.node, e.at)) continue
    if (e.input.type === 'timer') {
      if (timers[e.node].get(e.input.key) !== e.gen) continue
      timers[e.node].delete(e.input.key)
    }
    const outs = await nodes[e.node].handle({ ...e.input, nowMs: e.at })
    for (const o of tamper(e.node, outs)) {
      const to = Number(o.to)
      if (o.type === 'gossip') nodes.forEach((_, j) => { if (j !== e.node) push(e.at + latency(e.node, j), j, { type: 'gossip', from: String(e.node), topic: o.topic, data: o.data }) })
      else if (o.type === 'timer') { timers[e.node].set(o.key, seq); push(Math.max(o.atMs, e.at), e.node, { type: 'timer', key: o.key }, seq) }
      else if (o.type === 'request') push(e.at + latency(e.node, to), to, { type: 'request', from: String(e.node), id: o.id, data: o.data })
      else if (o.type === 'respond') push(e.at + latency(e.node, to), to, { type: 'response', from: String(e.node), id: o.id, data: o.data })
      else if (o.type === 'report' && o.event.kind === 'finalized') finalized[e.node].push(o.event)
      else if (o.type === 'report' && o.event.kind === 'note') notes[e.node].push(o.event.text)
    }
  }
  return { nodes, finalized, notes }
}


const noBugs = (notes) => assert.equal(notes.flat().filter((t) => /internal error|SAFETY/.test(t)), [])

test('honest nodes: one block per slot, final everywhere, the same chain', async () => {
  const net = await stubNetwork(4)
  const { finalized, notes } = await drive(net, 30_000)
  assertAgreement(finalized, [0, 1, 2, 3], 8, { stateRoots: false })
  noBugs(notes)
})

for (const behaviour of ['equivocate', 'double-vote', 'withhold', 'invalid-blocks', 'claim-withhold']) {
  test(`one '${behaviour}' validator of five: the honest four agree and keep finalizing`, async () => {
    const net = await stubNetwork(5)
    const { finalized, notes } = await drive(net, 30_000, { behaviours: [behaviour] })
    assertAgreement(finalized, [1, 2, 3, 4], 7, { stateRoots: false })
    noBugs(notes)
    const honest = notes.slice(1).flat()
    if (behaviour === 'double-vote') assert.ok(honest.some((t) => /equivocation: validator 0/.test(t)))
    if (behaviour === 'invalid-blocks') assert.ok(honest.some((t) => /rejected block .* E_(BLOCK_SIG|STATE_ROOT)/.test(t)))
  })
}

test('a node down for 15 s and restarted empty catches up by sync, even when most peers answer garbage', async () => {
  const net = await stubNetwork(5)
  const r = rng(9)
  let restarted = false
  let node3Answered = 0
  const { finalized, notes, nodes } = await drive(net, 45_000, {
    down: (i, t) => i === 4 && t >= 9_000 && t < 24_000,
    swap: (i, t) => (i === 4 && t >= 24_000 && !restarted ? (restarted = true) : null),
    // nodes 0, 1 and 2 answer every sync request with random bytes, node 3 its first one
    // (so the restarted node meets garbage whichever peer it asks first)
    tamper: (i, outs) => (i === 4 ? outs : outs.map((o) => {
      if (o.type !== 'respond' || (i === 3 && node3Answered++ > 0)) return o
      return { ...o, data: r.bytes(1 + r.int(300)) }
    })),
  })
  assertAgreement(finalized, [0, 1, 2, 3, 4], 12, { stateRoots: false })
  assert.ok(nodes[4].tree.final.height >= 12)
  assert.ok(notes[4].some((t) => /dropped a sync response/.test(t)), 'garbage was offered and dropped')
  noBugs(notes)
})

test('relay rules: a valid vote is forwarded once; bad votes, blocks, certificates and requests are dropped with a note', async () => {
  const net = await stubNetwork(4)
  const node = new ConsensusNode({ core, chainId: CHAIN, genesis: net.genesis, store: net.store, genesisTimeMs: 0, keys: net.keys[0], chain })
  await node.handle({ type: 'start', nowMs: 0 })
  const at = (input) => node.handle({ nowMs: 1000, from: 'p', ...input })
  const k = net.keys[1]
  const block = new Uint8Array(32).fill(3)
  const proof = core.vrf.prove(k.vrfSk, committeeAlpha(new Uint8Array(32).fill(9), 1n))
  const sig = core.bls.sign(k.blsSk, voteMessage(CHAIN, 1, 1n, block))
  const vote = encodeVote({ kind: 1, height: 1n, block, validator: 1, proof, sig })
  let out = await at({ type: 'gossip', topic: 'vote', data: vote })
  assert.equal(out.map((o) => o.type), ['relay'])
  assert.is(out[0].topic, 'vote')
  assert.equal(await at({ type: 'gossip', topic: 'vote', data: vote }), [], 'the same bytes again: nothing')
  const notes = async (input) => (await at(input)).map((o) => (o.type === 'report' ? o.event.kind + ': ' + o.event.text : o.type))
  // a bad message gets a note, and is 'invalid' to the host (gossipsub rejects it, scores the sender down)
  const dropped = async (input, reason) => {
    const o = await notes(input)
    assert.match(o[0], reason)
    assert.is(o.at(-1), 'invalid')
  }
  const badProof = vote.slice(); badProof[50] ^= 1
  await dropped({ type: 'gossip', topic: 'vote', data: badProof }, /note: dropped a vote .* no committee seat/)
  await dropped({ type: 'gossip', topic: 'vote', data: vote.subarray(1) }, /note: dropped a vote of 220 bytes/)
  await dropped({ type: 'gossip', topic: 'block', data: new Uint8Array(300) }, /note: dropped a block that is not a version-2 block/)
  await dropped({ type: 'gossip', topic: 'cert', data: new Uint8Array(10) }, /note: dropped a certificate .*E_TRUNCATED/)
  await dropped({ type: 'gossip', topic: 'tx', data: new Uint8Array(158) }, /note: dropped a transaction/)
  out = await at({ type: 'request', id: 4, data: new Uint8Array([1, 9]) })
  assert.equal(out.map((o) => o.type), ['report', 'respond'])
  assert.is(out[1].data, null)
  out = await at({ type: 'request', id: 5, data: encodeSyncRequest({ kind: 'range', from: 1n, count: 8 }) })
  assert.equal(decodeSyncResponse(out[0].data), { blocks: [], notarization: new Uint8Array(0), finals: [] }, 'nothing above genesis yet')
  // a forged signature under validator 1's genuine proof: pooled (the signature is checked in
  // aggregate), but the genuine vote for the same block keeps its place and the forgery is found
  const forged = encodeVote({ kind: 1, height: 1n, block, validator: 1, proof, sig: core.bls.sign(net.keys[2].blsSk, voteMessage(CHAIN, 1, 1n, block)) })
  await dropped({ type: 'gossip', topic: 'vote', data: forged }, /note: dropped a forged vote of validator 1/)
  // the same public proof paired with other blocks and forged signatures: checked at once,
  // never forwarded, and they do not crowd out the validator's genuine vote for another block
  for (let k = 0; k < 6; k++) {
    const other = new Uint8Array(32).fill(40 + k)
    const fake = encodeVote({ kind: 1, height: 1n, block: other, validator: 1, proof, sig: core.bls.sign(net.keys[2].blsSk, voteMessage(CHAIN, 1, 1n, other)) })
    assert.equal(await notes({ type: 'gossip', topic: 'vote', data: fake }), ['note: dropped a forged vote of validator 1 at height 1', 'invalid'])
  }
  const better = new Uint8Array(32).fill(7)
  const genuine = encodeVote({ kind: 1, height: 1n, block: better, validator: 1, proof, sig: core.bls.sign(k.blsSk, voteMessage(CHAIN, 1, 1n, better)) })
  assert.equal((await at({ type: 'gossip', topic: 'vote', data: genuine })).map((o) => o.type), ['relay'])
})

test.run()
