// The core's cache of verified transaction signatures (assembly/ledger/sig_cache.ts) and
// ledger.verifyTxs, which fills it: a cache hit changes no verdict and no state. Checked
// against a fresh core (an empty cache) on mutated transactions and blocks, and the set
// logic (collisions, eviction, the all-zero tag) in a small wasm of its own.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256 } from '@noble/hashes/sha2.js'
import { loadCore, rng, hex, compileScratch } from './helpers.js'
import { account, signedTransfer, makeLedger } from './chain-helpers.js'
import { CoreError } from '../dist/runtime/core.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const core = await loadCore()
const [alice, bob, carol] = [0, 1, 2].map(account)

function verdict(c, txs) {
  try { return 'ok ' + c.ledger.verifyTxs(txs).map(hex).join(',') } catch (e) {
    if (!(e instanceof CoreError)) throw e
    return `${e.coreName}@${e.txIndex}`
  }
}

test('verifyTxs: the hashes of good transactions; the first bad one named', () => {
  const txs = [0n, 1n, 2n].map((nonce) => signedTransfer({ from: alice, to: bob, nonce }))
  assert.equal(core.ledger.verifyTxs(txs).map(hex), txs.map((t) => hex(sha256(t))))
  assert.equal(core.ledger.verifyTxs([]), [])
  const bad = txs[2].slice(); bad[140] ^= 1 // in s
  assert.is(verdict(core, [txs[0], txs[1], bad]), 'E_SIG_INVALID@2')
  const sHigh = txs[1].slice(); sHigh.set(new Uint8Array(32).fill(0xff), 126)
  assert.is(verdict(core, [txs[0], sHigh, bad]), 'E_SIG_S_RANGE@1')
  assert.is(verdict(core, [txs[0], txs[1].subarray(0, 150)]), 'E_TRUNCATED@1')
  assert.is(verdict(core, [Uint8Array.from([...txs[0], 0])]), 'E_TRAILING@0')
  const wrongKind = txs[0].slice(); wrongKind[1] = 9
  assert.is(verdict(core, [wrongKind]), 'E_BAD_TAG@0')
  assert.throws(() => core.ledger.verifyTxs([txs[0], 'x']), /transaction 1/)
})

test('the wasm export: the lengths must frame the transactions exactly', () => {
  const tx = signedTransfer({ from: carol, to: bob, nonce: 7n })
  const two = Uint8Array.from([...tx, ...tx])
  const raw = (lens, count, txs) => core.wasm.call('ledger_verify_txs', (x) => {
    const l = new Uint8Array(4 * lens.length)
    lens.forEach((n, i) => new DataView(l.buffer).setUint32(4 * i, n, true))
    const code = x.ledger_verify_txs(core.wasm.put('t', l), count, core.wasm.put('t', txs), txs.length)
    const r = core.wasm.result()
    return `${CORE_ERRORS[code].name}@${r.length === 4 ? new DataView(r.buffer, r.byteOffset).getInt32(0, true) : r.length}`
  })
  assert.is(raw([158, 158], 2, two), 'OK@64')
  assert.is(raw([158], 1, two), 'E_TRAILING@-1')
  assert.is(raw([158, 159], 2, two), 'E_TRUNCATED@-1')
  assert.is(raw([100, 216], 2, two), 'E_TRUNCATED@0')
  assert.is(raw([], 20001, two), 'E_TOO_MANY_TXS@-1')
  assert.is(raw([], 0, new Uint8Array(0)), 'OK@0')
})

test('a verdict is the same with and without the cache, on 300 mutated transactions', async () => {
  const R = rng(4242)
  const originals = Array.from({ length: 30 }, (_, i) => signedTransfer({ from: [alice, bob, carol][i % 3], to: alice, nonce: BigInt(i), amount: BigInt(i + 1) }))
  core.ledger.verifyTxs(originals) // the warm core knows all of them
  let differentVerdicts = 0, rejected = 0
  for (let i = 0; i < 300; i++) {
    const tx = originals[i % originals.length].slice()
    const flips = 1 + (R.u32() % 3)
    for (let k = 0; k < flips; k++) tx[R.u32() % tx.length] ^= 1 << (R.u32() % 8)
    const cold = await loadCore()
    const warm = verdict(core, [tx])
    if (warm !== verdict(cold, [tx])) differentVerdicts++
    if (!warm.startsWith('ok')) rejected++
  }
  assert.is(differentVerdicts, 0)
  assert.ok(rejected > 250, `most mutations are rejected (${rejected})`)
})

test('a block applies to the same state and fails the same way whether its signatures were seen or not', async () => {
  const L = await makeLedger(core, [[alice, 1000n], [bob, 100n]])
  const txs = [
    signedTransfer({ from: alice, to: bob, amount: 5n, fee: 1n, nonce: 0n }),
    signedTransfer({ from: bob, to: carol, amount: 7n, fee: 2n, nonce: 0n }),
  ]
  const { block, witness } = await L.build(txs)
  const cold = await loadCore()
  const fresh = cold.ledger.apply(L.tree.root, block, witness)
  core.ledger.verifyTxs(txs)
  const warm = core.ledger.apply(L.tree.root, block, witness)
  assert.is(hex(warm.root), hex(fresh.root))
  assert.is(hex(warm.writes), hex(fresh.writes))
  // the same body under a signature the cache never vouched for: s + L (not canonical)
  const L_ORDER = 2n ** 252n + 27742317777372353535851937790883648493n
  let s = 0n
  for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(txs[1][126 + i])
  s += L_ORDER
  const malleated = txs[1].slice()
  for (let i = 0; i < 32; i++) { malleated[126 + i] = Number(s & 255n); s >>= 8n }
  const bad = await L.draft([txs[0], malleated])
  for (const c of [core, await loadCore()]) {
    try { c.ledger.apply(L.tree.root, bad.block, bad.witness, 'build'); assert.unreachable('applied') } catch (e) {
      assert.instance(e, CoreError)
      assert.is(`${e.coreName}@${e.txIndex}`, 'E_SIG_S_RANGE@1')
    }
  }
})

const cache = await compileScratch(`
import { sigCacheHas, sigCacheAdd } from "./assembly/ledger/sig_cache";
const H = memory.data(32, 8);
export function buf(): usize { return H; }
export function has(): i32 { return sigCacheHas(H) ? 1 : 0; }
export function add(): void { sigCacheAdd(H); }
`)

function tag(set, k) {
  const b = new Uint8Array(32)
  new DataView(b.buffer).setUint32(0, set, true)
  b[31] = k
  b[17] = 0x5a
  return b
}
const mem = () => new Uint8Array(cache.memory.buffer)
const put = (b) => mem().set(b, cache.buf())
const has = (b) => { put(b); return cache.has() === 1 }
const add = (b) => { put(b); cache.add() }

test('cache: four ways a set, round-robin eviction, exact tags, no all-zero tag', () => {
  assert.not.ok(has(new Uint8Array(32)), 'fresh (zero) memory is empty, not a hit on the zero hash')
  add(new Uint8Array(32))
  assert.not.ok(has(new Uint8Array(32)))
  const same = [1, 2, 3, 4].map((k) => tag(7, k))
  same.forEach(add)
  assert.ok(same.every(has))
  add(same[0]) // already there: evicts nothing
  assert.ok(same.every(has))
  const near = tag(7, 1); near[9] ^= 1
  assert.not.ok(has(near), 'a tag that differs in one bit is a miss')
  const other = tag(7 + (1 << 15), 5) // same set (index bits), another hash
  add(other)
  assert.ok(has(other))
  assert.is(same.filter(has).length, 3, 'the fifth of a set evicts exactly one')
  assert.ok(!has(tag(8, 1)), 'other sets untouched')
})

test.run()
