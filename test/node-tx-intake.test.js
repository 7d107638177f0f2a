// The node's transaction intake following the fork choice: transfers included by the new
// best chain leave the pool, and those of a block that lost its round come back to it (a
// transfer only the losing proposer held would otherwise be lost for good). Real blocks built
// and judged by the core, a real state store.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, hex } from './helpers.js'
import { makeConsensusChain } from './chain-helpers-v2.js'
import { signedTransfer } from './chain-helpers.js'
import { TxIntake } from '../dist/runtime/node/tx-intake.js'
import { Mempool, MEMPOOL_LIMITS } from '../dist/runtime/node/mempool.js'
import { BlockTree } from '../dist/runtime/node/block-tree.js'
import { readBlockInfo } from '../dist/runtime/node/block-info.js'
import { verifyBlock } from '../dist/runtime/chain/block-builder.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { encodeTxBatch } from '../dist/runtime/codec/tx-batch.js'

const core = await loadCore()

function node(parent, built, postRoot) {
  const info = readBlockInfo(core, built.bytes)
  return {
    id: hex(built.hash), hash: built.hash, height: info.height, slot: info.slot, parent, proposer: info.proposer,
    priority: new Uint8Array(32), bytes: built.bytes, postRoot, senders: info.senders,
    notarized: false, final: false, notarization: null, finalization: null,
  }
}

/** A TxIntake over a block tree holding only the chain's genesis, and an empty mempool. */
function intakeAtGenesis(c, limits = MEMPOOL_LIMITS) {
  const genesis = {
    id: hex(c.genesis.hash), hash: c.genesis.hash, height: 0, slot: 0, parent: null, proposer: 0, priority: new Uint8Array(32),
    bytes: new Uint8Array(0), postRoot: c.tree.root, senders: [], notarized: true, final: true, notarization: null, finalization: null,
  }
  const tree = new BlockTree(genesis)
  const pool = new Mempool(c.chainId, limits)
  return { genesis, tree, pool, intake: new TxIntake(core, c.chainId, c.store, tree, pool) }
}

test('a sibling winning the round returns the losing block\'s other transfers to the pool', async () => {
  const c = await makeConsensusChain(core, { users: 3 })
  const [u0, u1, u2] = c.accounts
  const t0 = signedTransfer({ from: u0, to: u2, amount: 5n, fee: 1n, nonce: 0n })
  const t1 = signedTransfer({ from: u1, to: u2, amount: 6n, fee: 1n, nonce: 0n })
  const t1next = signedTransfer({ from: u1, to: u2, amount: 7n, fee: 1n, nonce: 1n })
  const { genesis, tree, pool, intake } = intakeAtGenesis(c)
  assert.equal(await intake.offerBatch(encodeTxBatch([t0, t1, t1next])), { relay: true, admitted: 3 })

  // two proposals of round 1: A holds both senders' first transfers, B only u0's
  const proposer = await c.pickProposer(1n)
  const blocks = []
  for (const txs of [[t0, t1], [t0]]) {
    const built = await c.build({ txs, proposer })
    const v = await verifyBlock({ core, tree: new StateTree(c.store, c.tree.root), block: built.bytes })
    assert.ok(v.ok)
    await new StateTree(c.store, c.tree.root).applyWrites(v.postRoot, v.writes)
    const b = node(genesis, built, v.postRoot)
    tree.add(b)
    blocks.push(b)
  }
  const [A, B] = blocks

  tree.best = A
  await intake.follow(genesis, A)
  assert.is(pool.size, 1, 'A included t0 and t1: only u1\'s next transfer waits')
  assert.equal(pool.select(10).map((p) => p.hash), [hex(core.sha256(t1next))])

  tree.best = B
  await intake.follow(A, B)
  assert.is(pool.size, 2, 't1 is back; t0 is in B and stays out')
  assert.equal(pool.select(10).map((p) => p.hash), [hex(core.sha256(t1)), hex(core.sha256(t1next))])

  tree.best = A
  await intake.follow(B, A)
  assert.is(pool.size, 1, 'back to A: t1 leaves again, nothing of B returns twice')
})

test('the pool\'s account of a sender is used for its next transfers; a balance that grew since is read again', async () => {
  const c = await makeConsensusChain(core, { users: 3, balance: 1000n })
  const [u0, u1, u2] = c.accounts
  const { genesis, tree, pool, intake } = intakeAtGenesis(c)
  assert.equal(await intake.offerBatch(encodeTxBatch([signedTransfer({ from: u0, to: u2, amount: 5n, fee: 1n, nonce: 0n })])), { relay: true, admitted: 1 })
  // u0 receives 500 in a block it did not send in: the pool's view of u0 (1000) lags
  const built = await c.build({ txs: [signedTransfer({ from: u1, to: u0, amount: 500n, fee: 1n, nonce: 0n })], proposer: await c.pickProposer(1n) })
  const v = await verifyBlock({ core, tree: new StateTree(c.store, c.tree.root), block: built.bytes })
  await new StateTree(c.store, c.tree.root).applyWrites(v.postRoot, v.writes)
  const b = node(genesis, built, v.postRoot)
  tree.add(b)
  tree.best = b
  await intake.follow(genesis, b)
  const big = signedTransfer({ from: u0, to: u2, amount: 1200n, fee: 1n, nonce: 1n })
  assert.equal(await intake.offerBatch(encodeTxBatch([big])), { relay: true, admitted: 1 }, 'payable from 1500')
  const tooBig = signedTransfer({ from: u0, to: u2, amount: 300n, fee: 1n, nonce: 2n })
  assert.equal(await intake.offerBatch(encodeTxBatch([tooBig])), { relay: false }, 'not payable even after reading again')
  assert.is(pool.size, 2)
})

test('a block\'s spent nonces clear the pool; only senders with transfers left are read from the state', async () => {
  const c = await makeConsensusChain(core, { users: 3, balance: 1000n })
  const [u0, u1, u2] = c.accounts
  let reads = 0
  const counted = {
    get: (h) => { reads++; return c.store.get(h) },
    getMany: (hs) => { reads += hs.length; return c.store.getMany(hs) },
    putMany: (n) => c.store.putMany(n),
  }
  const { genesis, tree, pool } = intakeAtGenesis(c)
  const intake = new TxIntake(core, c.chainId, counted, tree, pool)
  const u0first = signedTransfer({ from: u0, to: u2, amount: 5n, fee: 1n, nonce: 0n })
  const u0next = signedTransfer({ from: u0, to: u2, amount: 6n, fee: 1n, nonce: 1n })
  const u1pooled = signedTransfer({ from: u1, to: u2, amount: 7n, fee: 1n, nonce: 0n })
  assert.equal(await intake.offerBatch(encodeTxBatch([u0first, u0next, u1pooled])), { relay: true, admitted: 3 })
  // the block spends u0's nonce 0 and u1's nonce 0, the latter with a transfer the pool never saw
  const u1other = signedTransfer({ from: u1, to: u0, amount: 8n, fee: 2n, nonce: 0n })
  const built = await c.build({ txs: [u0first, u1other], proposer: await c.pickProposer(1n) })
  const v = await verifyBlock({ core, tree: new StateTree(c.store, c.tree.root), block: built.bytes })
  await new StateTree(c.store, c.tree.root).applyWrites(v.postRoot, v.writes)
  const b = node(genesis, built, v.postRoot)
  tree.add(b)
  tree.best = b
  reads = 0
  await intake.follow(genesis, b)
  assert.ok(reads > 0, 'u0 still has a transfer waiting: its account was read')
  assert.equal(pool.select(10).map((p) => p.hash), [hex(core.sha256(u0next))], 'u1\'s pooled transfer is gone: its nonce is spent')
  assert.is(pool.accountOf(hex(u1.pk)), undefined, 'u1 is no longer tracked')
  assert.equal(pool.accountOf(hex(u0.pk)), { balance: 1000n - 6n + 8n, nonce: 1n }, 'u0\'s account as the block left it')

  // the same block, followed by a pool that holds only u1's spent transfer: nothing to read
  const other = intakeAtGenesis(c)
  const intake2 = new TxIntake(core, c.chainId, counted, other.tree, other.pool)
  assert.equal(await intake2.offerBatch(encodeTxBatch([u1pooled])), { relay: true, admitted: 1 })
  const b2 = node(other.genesis, built, v.postRoot)
  other.tree.add(b2)
  other.tree.best = b2
  reads = 0
  await intake2.follow(other.genesis, b2)
  assert.is(reads, 0, 'every queue the block touched emptied: no state read')
  assert.is(other.pool.size, 0)
})

test('a batch the pool has no room for is marked full: taken in part (relayed) or not at all', async () => {
  const c = await makeConsensusChain(core, { users: 3, balance: 1000n })
  const [u0, u1, u2] = c.accounts
  const { pool, intake } = intakeAtGenesis(c, { ...MEMPOOL_LIMITS, TXS_MAX: 1 })
  const t = (from, nonce) => signedTransfer({ from, to: u2, amount: 1n, fee: 1n, nonce })
  assert.equal(await intake.offerBatch(encodeTxBatch([t(u0, 0n), t(u1, 0n)])), { relay: true, admitted: 1, full: true })
  assert.equal(await intake.offerBatch(encodeTxBatch([t(u1, 0n)])), { relay: false, full: true })
  assert.equal(await intake.offerBatch(encodeTxBatch([t(u0, 0n)])), { relay: false }, 'already held: not a matter of room')
  assert.is(pool.size, 1)
})

test.run()
