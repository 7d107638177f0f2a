// Seat claims (PROTOCOL.md §19, §20): the 100-byte codec, the priority a claim proves (real
// VRF proofs through the core, against a table written here), the book of best claims, and
// a consensus node's verdicts on claims it is gossiped.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore } from './helpers.js'
import { Table, loadTable } from '../dist/runtime/node/tables.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { proposerDraw, blockPriority } from '../dist/runtime/node/draws.js'
import { encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import {
  SEAT_CLAIM_BYTES, encodeSeatClaim, decodeSeatClaim, claimPriority, claimInWindow, ClaimBook,
} from '../dist/runtime/node/seat-claims.js'
import { network, nodeFactory } from './node-fixtures.js'
import { SLOT_MS } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()
const vrfSk = (i) => new Uint8Array(32).fill(0x30 + i)
const hex = (b) => Buffer.from(b).toString('hex')
const prio = (p) => { const x = new Uint8Array(32); x[0] = p; return x }

/** Three validators of weight 1000, 0 (no entry) and 10: the last rarely holds a seat. */
const table = new Table(1n, encodeTableHeader({ n: 3, W: 1010n, seed: new Uint8Array(32).fill(7) }), [
  encodeTableEntry({ blsPk: new Uint8Array(48), vrfPk: core.vrf.publicKey(vrfSk(0)), weight: 1000n }),
  undefined,
  encodeTableEntry({ blsPk: new Uint8Array(48), vrfPk: core.vrf.publicKey(vrfSk(2)), weight: 10n }),
])

/** The first slot from `from` in which validator i holds a proposer seat at height h (or none). */
function slotWith(i, h, seated, from = 0) {
  for (let s = from; s < from + 200; s++) {
    const d = proposerDraw(core, vrfSk(i), i, table, h, s)
    if ((d !== null && d.seats > 0) === seated) return { slot: s, draw: d }
  }
  throw new Error('no such slot')
}

test('codec: exactly 100 bytes, fields round-trip, a height past 2^53 reads as Infinity', () => {
  const proof = Uint8Array.from({ length: 80 }, (_, i) => i)
  const bytes = encodeSeatClaim({ height: 12, slot: 345, proposer: 7, proof })
  assert.is(bytes.length, SEAT_CLAIM_BYTES)
  const c = decodeSeatClaim(bytes)
  assert.equal({ ...c, proof: hex(c.proof) }, { height: 12, slot: 345, proposer: 7, proof: hex(proof) })
  for (const n of [0, 99, 101, 221]) assert.match(decodeSeatClaim(new Uint8Array(n)), /100 bytes/)
  const far = bytes.slice()
  far.fill(0xff, 0, 8)
  assert.is(decodeSeatClaim(far).height, Infinity)
})

test('priority: a real proof gives the block priority; a bad proof, another slot, no weight or no seat give a reason', () => {
  const { slot, draw } = slotWith(0, 5, true)
  const claim = { height: 5, slot, proposer: 0, proof: draw.proof }
  const p = claimPriority(core, table, claim)
  assert.instance(p, Uint8Array)
  assert.is(hex(p), hex(blockPriority(core, table, 0, draw.proof)))
  assert.is(hex(p), hex(core.sortition.priority(draw.beta, draw.seats)))
  const bad = draw.proof.slice(); bad[40] ^= 1
  assert.match(claimPriority(core, table, { ...claim, proof: bad }), /does not verify/)
  assert.match(claimPriority(core, table, { ...claim, slot: slot + 1 }), /does not verify/)
  assert.match(claimPriority(core, table, { ...claim, proposer: 2 }), /does not verify/, "another validator's key")
  assert.match(claimPriority(core, table, { ...claim, proposer: 1 }), /no weight/)
  assert.match(claimPriority(core, table, { ...claim, proposer: 9 }), /no weight/)
  const none = slotWith(2, 5, false)
  assert.match(claimPriority(core, table, { height: 5, slot: none.slot, proposer: 2, proof: none.draw.proof }), /no proposer seat/)
})

test('window: the node\'s round or the next, slots within one of its clock', () => {
  const at = (height, slot) => claimInWindow({ height, slot, proposer: 0, proof: new Uint8Array(80) }, 10, 50)
  assert.ok(at(10, 50) && at(11, 50) && at(10, 49) && at(10, 51))
  assert.not.ok(at(9, 50) || at(12, 50) || at(10, 48) || at(10, 52) || at(Infinity, 50) || at(10, Infinity))
})

test('book: the best claim per (round, slot); what a seat holder waits for; pruning by round', () => {
  const book = new ClaimBook()
  assert.ok(book.offer(5, 9, prio(50), 1000))
  assert.not.ok(book.offer(5, 9, prio(50), 1100), 'equal')
  assert.not.ok(book.offer(5, 9, prio(60), 1200), 'worse')
  assert.is(book.ahead(5, 9, prio(51)).atMs, 1000, 'better in its slot')
  assert.is(book.ahead(5, 9, prio(50)), undefined, 'not strictly better')
  assert.is(book.ahead(5, 8, prio(99)), undefined, 'a later slot does not hold back an earlier one')
  assert.is(book.ahead(6, 9, prio(99)), undefined, 'another round')
  assert.is(book.ahead(5, 10, prio(1)).atMs, 1000, 'an earlier slot holds back whatever the priority')
  assert.ok(book.offer(5, 10, prio(60), 1300), 'another slot')
  assert.is(book.ahead(5, 11, prio(1)).atMs, 1300, 'the latest of the earlier slots')
  assert.ok(book.offer(5, 9, prio(10), 1400))
  assert.is(book.ahead(5, 9, prio(50)).atMs, 1400)
  book.pruneBelow(6)
  assert.is(book.ahead(5, 12, prio(99)), undefined)
})

test('a node judges gossiped claims: a good one is relayed once, a malformed or false one is invalid, a far one ignored', async () => {
  const net = network(core, 4)
  const node = nodeFactory(core, net)(0)
  await node.handle({ type: 'start', nowMs: 0 })
  // validator 1's seat in round 1 (table of epoch 0, in the genesis state)
  const genesisTable = await loadTable((k) => new StateTree(net.store, net.genesis.stateRoot).get(k), 0n)
  let claim = null
  for (let s = 1; s < 200 && !claim; s++) {
    const d = proposerDraw(core, net.validators[1].keys.vrfSk, 1, genesisTable, 1, s)
    if (d && d.seats > 0) claim = { height: 1, slot: s, proposer: 1, proof: d.proof }
  }
  const now = claim.slot * SLOT_MS + 10
  const gossip = (data) => node.handle({ type: 'gossip', nowMs: now, from: 'peer', topic: 'seat', data })
  const kinds = (outs) => outs.filter((o) => o.type === 'relay' || o.type === 'invalid').map((o) => o.type)
  const bytes = encodeSeatClaim(claim)
  assert.equal(kinds(await gossip(bytes)), ['relay'])
  assert.equal(kinds(await gossip(bytes)), [], 'seen before')
  assert.equal(kinds(await gossip(bytes.subarray(0, 99))), ['invalid'])
  const forged = bytes.slice(); forged[60] ^= 1
  assert.equal(kinds(await gossip(forged)), ['invalid'])
  assert.equal(kinds(await gossip(encodeSeatClaim({ ...claim, height: 7 }))), [], 'a later round is not judged')
  assert.equal(kinds(await gossip(encodeSeatClaim({ ...claim, slot: claim.slot + 5 }))), [], 'a far slot is not judged')
})

test.run()
