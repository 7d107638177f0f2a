// The node's parts on their own: fork choice and finality in the block tree, the vote pool's
// bounds and equivocation detection, and optimistic aggregation (one aggregate check; on
// failure votes one by one, bad ones dropped) with real BLS signatures through the core.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore } from './helpers.js'
import { BlockTree } from '../dist/runtime/node/block-tree.js'
import { VotePool, VOTE_TARGETS_MAX } from '../dist/runtime/node/vote-pool.js'
import { aggregateTarget, extendCert } from '../dist/runtime/node/aggregate.js'
import { Table } from '../dist/runtime/node/tables.js'
import { slotAt, slotStartMs } from '../dist/runtime/node/timing.js'
import { answerSync, SyncClient } from '../dist/runtime/node/sync.js'
import { decodeSyncResponse, CERT_BYTES_MIN } from '../dist/runtime/node/sync-codec.js'
import { keyGen, publicKey, sign } from '../dist/runtime/wallet/bls.js'
import { encodeVote, decodeVote, decodeCert, voteMessage } from '../dist/runtime/consensus/vote.js'
import { encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import { THRESHOLD, NOTARIZE, FINALIZE } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()
const hex = (b) => Buffer.from(b).toString('hex')
const hash = (tag) => { const h = new Uint8Array(32); h[0] = tag >> 8; h[1] = tag & 0xff; h[31] = 1; return h }
const prio = (p) => { const x = new Uint8Array(32); x[0] = p; return x }

function block(parent, tag, p = 5, slot) {
  const h = hash(tag)
  return {
    id: hex(h), hash: h, height: parent ? parent.height + 1 : 0, slot: slot ?? (parent ? parent.slot + 1 : 0), parent, proposer: 0,
    priority: prio(p), bytes: new Uint8Array([tag & 0xff]), postRoot: new Uint8Array(32), senders: [],
    notarized: false, final: false, notarization: null, finalization: null,
  }
}

test('fork choice: greatest notarized height, ties to the lower priority; un-notarized blocks do not count', () => {
  const g = block(null, 1)
  const t = new BlockTree(g)
  const a1 = block(g, 2, 9), b1 = block(g, 3, 4)
  t.add(a1); t.add(b1)
  assert.is(t.best, g)
  t.markNotarized(a1, null)
  assert.is(t.best, a1)
  t.markNotarized(b1, null)
  assert.is(t.best, b1, 'same height, lower priority')
  const a2 = block(a1, 4, 200)
  t.add(a2)
  assert.is(t.best, b1, 'not notarized yet')
  t.markNotarized(a2, new Uint8Array([7]))
  assert.is(t.best, a2, 'greater height beats priority')
  assert.is(hex(a2.notarization), '07')
  assert.ok(t.descends(a2, g) && t.descends(a2, a1) && !t.descends(a2, b1))
  assert.is(t.ancestorAt(a2, 1), a1)
  assert.throws(() => t.add(block(block(g, 99), 5)), /parent/)
})

test('finality: ancestors become final once, conflicting branches are dropped, conflicts refused', () => {
  const g = block(null, 1)
  const t = new BlockTree(g)
  const a1 = block(g, 2), a2 = block(a1, 3), a3 = block(a2, 4), b1 = block(g, 5), b2 = block(b1, 6)
  for (const x of [a1, a2, a3, b1, b2]) { t.add(x); t.markNotarized(x, null) }
  assert.is(t.best, a3)
  const fresh = t.finalize(a2, new Uint8Array([1]))
  assert.equal(fresh.map((x) => x.height), [1, 2])
  assert.ok(a1.final && a2.final && !a3.final)
  assert.is(t.final, a2)
  assert.not.ok(t.has(b1.id) || t.has(b2.id), 'the other branch is gone')
  assert.is(t.finalize(a2, null).length, 0, 'finalizing again adds nothing')
  assert.is(t.finalAt(1), a1)
  assert.equal(t.chainFrom(1, 10).map((x) => x.height), [1, 2, 3])
  assert.equal(t.chainFrom(2, 1).map((x) => x.height), [2])
  const c3 = block(block(g, 7), 8)
  assert.is(t.finalize(c3, null), null, 'a block off the final chain is refused')
  assert.equal(t.finalize(a3, null).map((x) => x.height), [3])
})

test('finality can move the fork choice to a shorter branch (the final block wins)', () => {
  const g = block(null, 1)
  const t = new BlockTree(g)
  const a1 = block(g, 2), a2 = block(a1, 3), b1 = block(g, 4)
  for (const x of [a1, a2, b1]) { t.add(x); t.markNotarized(x, null) }
  assert.is(t.best, a2)
  t.finalize(b1, null)
  assert.is(t.best, b1)
  assert.is(t.size, 2)
})

test('sync answers: the final chain then the fork choice\'s branch, the last block\'s notarization, held finalizations', () => {
  const g = block(null, 1)
  const t = new BlockTree(g)
  const chain = [g]
  for (let k = 1; k <= 5; k++) { const b = block(chain[k - 1], 100 + k); t.add(b); t.markNotarized(b, new Uint8Array(CERT_BYTES_MIN).fill(k)); chain.push(b) }
  const side = block(chain[3], 300) // a notarized side branch loses to the longer chain
  t.add(side); t.markNotarized(side, null)
  t.finalize(chain[3], new Uint8Array(CERT_BYTES_MIN).fill(0xf3))
  const r = decodeSyncResponse(answerSync(t, { kind: 'range', from: 2n, count: 10 }))
  assert.equal(r.blocks.map((b) => b[0]), [102, 103, 104, 105])
  assert.is(r.notarization[0], 5)
  assert.is(r.notarization.length, CERT_BYTES_MIN)
  assert.equal(r.finals.map((c) => c[0]), [0xf3])
  const one = decodeSyncResponse(answerSync(t, { kind: 'range', from: 1n, count: 2 }))
  assert.equal(one.blocks.map((b) => b[0]), [101, 102])
  assert.equal(one.finals.map((c) => c[0]), [0xf3], 'the final block\'s certificate covers a range below it')
  assert.equal(decodeSyncResponse(answerSync(t, { kind: 'range', from: 6n, count: 5 })).blocks, [])
  const byHash = decodeSyncResponse(answerSync(t, { kind: 'block', hash: chain[4].hash }))
  assert.equal(byHash.blocks.map((b) => b[0]), [104])
  assert.equal(decodeSyncResponse(answerSync(t, { kind: 'block', hash: hash(999) })).blocks, [])
})

test('sync client: the peer that showed a higher height is asked first, then the others in turn', () => {
  const c = new SyncClient()
  c.addPeer('a'); c.addPeer('b'); c.addPeer('a')
  c.saw(10, 'c')
  assert.is(c.pickPeer(), 'c')
  c.failed('c')
  const next = [c.pickPeer(), c.pickPeer(), c.pickPeer()]
  assert.ok(next.includes('a') && next.includes('b'))
  c.removePeer('a')
  assert.ok(['b', 'c'].includes(c.pickPeer()))
  assert.is(c.wantHeight, 10)
})

const vote = (validator, seats, tag = 0) => ({ validator, bytes: Uint8Array.from([validator, tag]), sig: new Uint8Array(96), proof: new Uint8Array(80), seats, checked: false })

test('vote pool: duplicates, conflicts, the per-validator target bound, equivocation, pruning', () => {
  const pool = new VotePool()
  const b = hash(10), c = hash(11)
  let r = pool.add(NOTARIZE, 5, b, hex(b), vote(1, 30))
  assert.ok(r.added && !r.equivocation)
  assert.is(r.target.seats, 30)
  assert.is(pool.add(NOTARIZE, 5, b, hex(b), vote(1, 30)).reason, 'duplicate')
  assert.is(pool.add(NOTARIZE, 5, b, hex(b), vote(1, 30, 9)).reason, 'conflict')
  r = pool.add(NOTARIZE, 5, c, hex(c), vote(1, 30))
  assert.ok(r.added && !r.equivocation, 'several notarize votes in a round are legal')
  r = pool.add(FINALIZE, 5, c, hex(c), vote(1, 30))
  assert.ok(r.added && r.equivocation, 'finalize c after notarizing b')
  r = pool.add(FINALIZE, 5, c, hex(c), vote(2, 30))
  assert.ok(r.added && !r.equivocation)
  for (let k = 0; k < VOTE_TARGETS_MAX - 2; k++) assert.ok(pool.add(NOTARIZE, 5, hash(20 + k), hex(hash(20 + k)), vote(1, 30)).added)
  assert.is(pool.add(NOTARIZE, 5, hash(40), hex(hash(40)), vote(1, 30)).reason, 'too-many-targets')
  const t = pool.target(NOTARIZE, 5, hex(b))
  pool.drop(t, 1)
  assert.is(t.seats, 0)
  pool.add(NOTARIZE, 6, b, hex(b), vote(3, 1))
  pool.pruneBelow(6)
  assert.is(pool.target(NOTARIZE, 5, hex(c)), undefined)
  assert.ok(pool.target(NOTARIZE, 6, hex(b)))
})

// A table of four validators with real BLS keys; VRF proofs are not looked at by aggregation.
const sks = [1, 2, 3, 4].map((i) => keyGen(new Uint8Array(32).fill(i)))
const header = encodeTableHeader({ n: 4, W: 4000n, seed: new Uint8Array(32) })
const table = new Table(0n, header, sks.map((sk) => encodeTableEntry({ blsPk: publicKey(sk), vrfPk: new Uint8Array(32), weight: 1000n })))
const CHAIN = 7
/** A stand-in for core.consensus.verifyVote that checks only the signature (aggregation's fallback). */
const coreForPool = {
  bls: core.bls,
  consensus: {
    verifyVote(chainId, bytes, hdr, entry) {
      const v = decodeVote(bytes)
      return core.bls.verify(entry.subarray(0, 48), voteMessage(chainId, v.kind, v.height, v.block), v.sig) ? { ok: true, seats: 1 } : { ok: false, error: 'E_CERT_SIG' }
    },
  },
}

function signed(pool, i, blk, seats, forge = false) {
  const msg = voteMessage(CHAIN, NOTARIZE, 3n, blk)
  const sig = forge ? sign(sks[(i + 1) % 4], msg) : sign(sks[i], msg)
  const proof = new Uint8Array(80).fill(i)
  const bytes = encodeVote({ kind: NOTARIZE, height: 3n, block: blk, validator: i, proof, sig })
  return pool.add(NOTARIZE, 3, blk, hex(blk), { validator: i, bytes, sig, proof, seats, checked: false })
}

test('aggregation: below the threshold nothing; at it one certificate that verifies', () => {
  const pool = new VotePool()
  const blk = hash(50)
  signed(pool, 2, blk, 800)
  const r0 = signed(pool, 0, blk, 800)
  assert.is(aggregateTarget(coreForPool, CHAIN, pool, r0.target, table).cert, null)
  signed(pool, 3, blk, 800)
  const out = aggregateTarget(coreForPool, CHAIN, pool, r0.target, table)
  assert.equal(out.dropped, [])
  const c = decodeCert(out.cert)
  assert.equal(c.signers, [0, 2, 3])
  assert.is(c.n, 4)
  assert.equal(c.proofs.map((p) => p[0]), [0, 2, 3])
  assert.ok(core.bls.fastAggregateVerify([0, 2, 3].map((i) => publicKey(sks[i])), voteMessage(CHAIN, NOTARIZE, 3n, blk), c.sig))
  assert.ok(r0.target.sorted().every((v) => v.checked))
})

test('aggregation: a forged vote makes the aggregate fail; votes are then checked one by one and it is dropped', () => {
  const pool = new VotePool()
  const blk = hash(51)
  for (const i of [0, 1, 2]) signed(pool, i, blk, 800)
  const r = signed(pool, 3, blk, 800, true)
  const out = aggregateTarget(coreForPool, CHAIN, pool, r.target, table)
  assert.equal(out.dropped, [3])
  assert.equal(decodeCert(out.cert).signers, [0, 1, 2])
  assert.is(r.target.seats, 2400)
  assert.ok(THRESHOLD <= 2400)
  // without enough good seats left: no certificate
  const pool2 = new VotePool()
  signed(pool2, 0, blk, 1100)
  const r2 = signed(pool2, 1, blk, 1100, true)
  const out2 = aggregateTarget(coreForPool, CHAIN, pool2, r2.target, table)
  assert.is(out2.cert, null)
  assert.equal(out2.dropped, [1])
})

test('a held certificate extended by the votes it lacks: only the missing signatures are added; a forged one is dropped', async () => {
  const blk = hash(52)
  const pool = new VotePool()
  for (const i of [0, 2, 3]) signed(pool, i, blk, 800)
  const held = decodeCert(aggregateTarget(coreForPool, CHAIN, pool, pool.target(NOTARIZE, 3, hex(blk)), table).cert)
  assert.is(extendCert(coreForPool, CHAIN, pool, pool.target(NOTARIZE, 3, hex(blk)), held, table), null, 'nothing to add')
  signed(pool, 1, blk, 800)
  const t = pool.target(NOTARIZE, 3, hex(blk))
  const c = decodeCert(extendCert(coreForPool, CHAIN, pool, t, held, table))
  assert.equal(c.signers, [0, 1, 2, 3])
  assert.equal(c.proofs.map((p) => p[0]), [0, 1, 2, 3])
  assert.ok(core.bls.fastAggregateVerify([0, 1, 2, 3].map((i) => publicKey(sks[i])), voteMessage(CHAIN, NOTARIZE, 3n, blk), c.sig))
  const pool2 = new VotePool()
  for (const i of [0, 2, 3]) signed(pool2, i, blk, 800)
  signed(pool2, 1, blk, 800, true)
  const t2 = pool2.target(NOTARIZE, 3, hex(blk))
  assert.is(extendCert(coreForPool, CHAIN, pool2, t2, held, table), null)
  assert.not.ok(t2.votes.has(1), 'the forged vote is dropped')
})

test('slots: start times and the slot at a time', () => {
  assert.is(slotAt(1000, 500), 0)
  assert.is(slotAt(1000, 1000), 0)
  assert.is(slotAt(1000, 3999), 0)
  assert.is(slotAt(1000, 4000), 1)
  assert.is(slotStartMs(1000, 2), 7000)
})

test.run()
