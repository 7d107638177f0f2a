// The Sans-IO node's mempool: bounds, nonce order, balances, replacement and eviction rules,
// and deterministic fee-priority selection.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256 } from '@noble/hashes/sha2.js'
import { Mempool } from '../dist/runtime/node/mempool.js'

const CHAIN = 1
const sender = (i) => Uint8Array.from({ length: 32 }, (_, k) => (k === 0 ? i : 7))
let counter = 0
function tx({ from = 0, nonce = 0n, amount = 1n, fee = 1n, chainId = CHAIN } = {}) {
  const t = { chainId, nonce, from: sender(from), to: sender(200), amount, fee, sig: new Uint8Array(64) }
  const bytes = new Uint8Array(8); new DataView(bytes.buffer).setUint32(0, counter++)
  return [t, bytes, sha256(bytes)]
}
const acct = (balance = 1000n, nonce = 0n) => ({ balance, nonce })
const offer = (pool, opts, account = acct()) => pool.offer(...tx(opts), account)

test('admits in-order and future nonces within the gap; rejects stale, far, other-chain', () => {
  const pool = new Mempool(CHAIN)
  assert.ok(offer(pool, { nonce: 5n }, acct(1000n, 5n)).ok)
  assert.ok(offer(pool, { nonce: 7n }, acct(1000n, 5n)).ok) // waits for nonce 6
  assert.equal(offer(pool, { nonce: 4n }, acct(1000n, 5n)), { ok: false, reason: 'stale-nonce' })
  assert.equal(offer(pool, { nonce: 21n }, acct(1000n, 5n)), { ok: false, reason: 'nonce-gap' })
  assert.equal(offer(pool, { nonce: 6n, chainId: 2 }, acct(1000n, 5n)), { ok: false, reason: 'chain' })
  const [t, b, h] = tx({ nonce: 6n })
  assert.ok(pool.offer(t, b, h, acct(1000n, 5n)).ok)
  assert.equal(pool.offer(t, b, h, acct(1000n, 5n)), { ok: false, reason: 'known' })
  assert.is(pool.size, 3)
})

test('a sender cannot queue more than its balance pays for', () => {
  const pool = new Mempool(CHAIN)
  assert.ok(offer(pool, { nonce: 0n, amount: 60n, fee: 10n }, acct(100n)).ok)
  assert.equal(offer(pool, { nonce: 1n, amount: 30n, fee: 1n }, acct(100n)), { ok: false, reason: 'balance' })
  assert.ok(offer(pool, { nonce: 1n, amount: 29n, fee: 1n }, acct(100n)).ok)
})

test('a spent nonce drops the sender\'s transactions up to it; the sender is forgotten once none wait', () => {
  const pool = new Mempool(CHAIN)
  const key = Buffer.from(sender(1)).toString('hex')
  for (const nonce of [0n, 1n, 2n]) assert.ok(offer(pool, { from: 1, nonce }).ok)
  assert.ok(offer(pool, { from: 2, nonce: 0n }).ok)
  assert.is(pool.forgetUpTo(Buffer.from(sender(9)).toString('hex'), 5n), false, 'a sender the pool does not hold')
  assert.is(pool.forgetUpTo(key, 1n), true, 'nonce 2 still waits: the pool needs the new account')
  assert.equal(pool.select(10).map((p) => p.tx.nonce), [0n], 'sender 1 keeps its old account until updateAccounts: only sender 2 can run')
  pool.updateAccounts(new Map([[key, acct(998n, 2n)]]))
  assert.equal(pool.select(10).map((p) => [p.tx.from[0], p.tx.nonce]), [[1, 2n], [2, 0n]])
  assert.is(pool.forgetUpTo(key, 2n), false, 'emptied')
  assert.is(pool.accountOf(key), undefined)
  assert.is(pool.size, 1)
})

test('replacement needs a fee at least 10% higher and keeps the queue payable', () => {
  const pool = new Mempool(CHAIN)
  assert.ok(offer(pool, { nonce: 0n, fee: 100n }).ok)
  assert.equal(offer(pool, { nonce: 0n, fee: 109n }), { ok: false, reason: 'underpriced-replacement' })
  const r = offer(pool, { nonce: 0n, fee: 110n })
  assert.ok(r.ok)
  assert.is(r.replaced.tx.fee, 100n)
  assert.is(pool.size, 1)
  assert.equal(offer(pool, { nonce: 0n, fee: 1000n, amount: 1n }, acct(500n)), { ok: false, reason: 'balance' })
})

test('bounded per sender and in total; eviction takes the cheapest tail, never leaving a gap', () => {
  const limits = { TXS_MAX: 6, PER_SENDER_MAX: 3, NONCE_GAP_MAX: 16, REPLACE_BUMP_PERCENT: 10n }
  const pool = new Mempool(CHAIN, limits)
  for (let n = 0n; n < 3n; n++) assert.ok(offer(pool, { from: 1, nonce: n, fee: 5n }).ok)
  assert.equal(offer(pool, { from: 1, nonce: 3n, fee: 50n }), { ok: false, reason: 'sender-full' })
  for (let n = 0n; n < 3n; n++) assert.ok(offer(pool, { from: 2, nonce: n, fee: 10n - n }).ok)
  assert.is(pool.size, 6)
  assert.equal(offer(pool, { from: 3, nonce: 0n, fee: 5n }), { ok: false, reason: 'pool-full' })
  const r = offer(pool, { from: 3, nonce: 0n, fee: 6n })
  assert.ok(r.ok)
  assert.is(r.evicted.tx.nonce, 2n) // sender 1's last (fee 5) — sender 2's last pays 8
  assert.is(r.evicted.tx.from[0], 1)
  assert.is(pool.size, 6)
})

test('a full pool refuses a newcomer paying no more than its cheapest, as the lowest fee moves', () => {
  const pool = new Mempool(CHAIN, { TXS_MAX: 3, PER_SENDER_MAX: 8, NONCE_GAP_MAX: 16, REPLACE_BUMP_PERCENT: 10n })
  for (const [from, fee] of [[1, 1n], [2, 2n], [3, 3n]]) assert.ok(offer(pool, { from, fee }).ok)
  assert.equal(offer(pool, { from: 4, fee: 1n }), { ok: false, reason: 'pool-full' })
  assert.is(offer(pool, { from: 4, fee: 2n }).evicted.tx.fee, 1n)
  assert.equal(offer(pool, { from: 5, fee: 2n }), { ok: false, reason: 'pool-full' }, 'the lowest fee is now 2')
  assert.is(offer(pool, { from: 5, fee: 5n }).evicted.tx.fee, 2n)
  pool.updateAccounts(new Map([[Buffer.from(sender(2)).toString('hex'), acct(1000n, 1n)]])) // sender 2's fee-2 transfer was included (the later fee-2 one, sender 4's, was evicted)
  assert.is(pool.size, 2)
  assert.ok(offer(pool, { from: 6, fee: 1n }).ok, 'room again')
  assert.equal(offer(pool, { from: 7, fee: 1n }), { ok: false, reason: 'pool-full' })
})

test('a full pool lets a transfer that can run displace one stuck behind a missing nonce', () => {
  const pool = new Mempool(CHAIN, { TXS_MAX: 4, PER_SENDER_MAX: 8, NONCE_GAP_MAX: 16, REPLACE_BUMP_PERCENT: 10n })
  // sender 1 lost its nonce 0: nonces 1–3 can never be included until it comes
  for (const n of [1n, 2n, 3n]) assert.ok(offer(pool, { from: 1, nonce: n }).ok)
  assert.ok(offer(pool, { from: 2, nonce: 0n }).ok)
  // same fee, so the fee rule alone would refuse every newcomer for good
  assert.equal(offer(pool, { from: 3, nonce: 2n }, acct(1000n, 1n)), { ok: false, reason: 'pool-full' }, 'a stuck newcomer displaces nobody')
  const r = offer(pool, { from: 3, nonce: 0n })
  assert.ok(r.ok)
  assert.is(r.evicted.tx.from[0], 1)
  assert.is(r.evicted.tx.nonce, 3n, 'the stuck sender loses its last, so no new gap opens')
  assert.ok(offer(pool, { from: 2, nonce: 1n }).ok, 'the next nonce of a runnable sender displaces too')
  assert.ok(offer(pool, { from: 4, nonce: 0n }).ok)
  assert.is(pool.size, 4)
  assert.equal(pool.select(10).map((p) => p.tx.from[0]).sort(), [2, 2, 3, 4])
  // once sender 1 has no stuck transfer left, equal fees are refused again
  assert.equal(offer(pool, { from: 5, nonce: 0n }), { ok: false, reason: 'pool-full' })
  // the missing nonce arrives late: sender 1 is no longer stuck
  const stuckAgain = new Mempool(CHAIN, { TXS_MAX: 3, PER_SENDER_MAX: 8, NONCE_GAP_MAX: 16, REPLACE_BUMP_PERCENT: 10n })
  for (const n of [1n, 2n]) assert.ok(offer(stuckAgain, { from: 1, nonce: n }).ok)
  assert.ok(offer(stuckAgain, { from: 1, nonce: 0n }).ok, 'room for the missing nonce')
  assert.equal(offer(stuckAgain, { from: 2, nonce: 0n }), { ok: false, reason: 'pool-full' }, 'nobody is stuck now')
  // a block that includes all three empties the queue
  stuckAgain.updateAccounts(new Map([[Buffer.from(sender(1)).toString('hex'), acct(1000n, 4n)]]))
  assert.is(stuckAgain.size, 0)
})

test('selection: fee priority across senders, nonce order within a sender, ties by arrival', () => {
  const pool = new Mempool(CHAIN)
  offer(pool, { from: 1, nonce: 0n, fee: 1n })
  offer(pool, { from: 1, nonce: 1n, fee: 100n }) // must wait for nonce 0 despite its fee
  offer(pool, { from: 2, nonce: 0n, fee: 50n })
  offer(pool, { from: 3, nonce: 0n, fee: 50n })
  offer(pool, { from: 4, nonce: 1n, fee: 999n }) // not executable: nonce 0 missing
  const picked = pool.select(10).map((p) => `${p.tx.from[0]}:${p.tx.nonce}`)
  assert.equal(picked, ['2:0', '3:0', '1:0', '1:1'])
  assert.equal(pool.select(2).map((p) => `${p.tx.from[0]}:${p.tx.nonce}`), ['2:0', '3:0'])
})

test('after a block: used nonces leave; what the new balance cannot pay leaves too', () => {
  const pool = new Mempool(CHAIN)
  for (let n = 0n; n < 4n; n++) offer(pool, { from: 1, nonce: n, amount: 10n, fee: 0n }, acct(100n))
  const key = Buffer.from(sender(1)).toString('hex')
  pool.updateAccounts(new Map([[key, { balance: 15n, nonce: 2n }]]))
  assert.equal(pool.select(10).map((p) => p.tx.nonce), [2n])
  assert.is(pool.size, 1)
})

test('selection is deterministic: same offers, same order', () => {
  const run = () => {
    counter = 0
    const pool = new Mempool(CHAIN)
    for (let i = 0; i < 200; i++) offer(pool, { from: i % 17, nonce: BigInt(Math.floor(i / 17)), fee: BigInt((i * 7919) % 13) })
    return pool.select(150).map((p) => p.hash).join()
  }
  assert.is(run(), run())
})

test.run()
