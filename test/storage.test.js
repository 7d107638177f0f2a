// The platform-neutral storage layer: the chain store over a KvStore (atomic commits, staged
// state nodes, index, progress, consistency checks) and encrypted key files.
import { test } from 'uvu'
import { sha256 } from '@noble/hashes/sha2.js'
import * as assert from 'uvu/assert'
import { loadCore, hex } from './helpers.js'
import { MemoryKv } from '../dist/runtime/storage/memory-kv.js'
import { ChainStore, CorruptStoreError } from '../dist/runtime/storage/chain-store.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { generateChain } from '../dist/runtime/chain/gen.js'
import { decodeChainFile } from '../dist/runtime/chain/file.js'
import { decodeBlock } from '../dist/runtime/codec/block.js'
import { touchedKeys } from '../dist/runtime/chain/accounts.js'
import { encryptKey, decryptKey, KeyFileError } from '../dist/runtime/wallet/keyfile.js'

const core = await loadCore()
const chain = decodeChainFile(await generateChain(core, { seed: 4, accounts: 10, blocks: 5, txs: 10 }))

/** Applies the chain's blocks into a ChainStore, one atomic commit per block. */
async function applyInto(store, blocks) {
  const g = core.ledger.genesis(chain.allocations)
  const tree = new StateTree(store, new Uint8Array(32))
  await tree.applyWrites(g.root, g.writes)
  await store.saveGenesis(chain.chainId, chain.allocations)
  await store.commit({ height: 0n, hash: new Uint8Array(32), stateRoot: g.root })
  for (const b of blocks) {
    const d = decodeBlock(b)
    const c = core.ledger.apply(tree.root, b, await tree.buildWitness(touchedKeys(core, d)))
    await tree.applyWrites(c.root, c.writes)
    const hash = core.sha256(d.headerBytes)
    await store.commit({ height: d.header.height, hash, stateRoot: c.root }, { hash, height: d.header.height, bytes: b })
  }
  return tree
}

test('blocks, index, progress and state survive in the KV; a reopened tree serves witnesses', async () => {
  const kv = new MemoryKv()
  const tree = await applyInto(new ChainStore(kv), chain.blocks)
  const store = new ChainStore(kv) // as after a restart
  const p = await store.checkConsistent()
  assert.is(p.height, 5n)
  assert.is(hex(p.stateRoot), hex(tree.root))
  assert.equal(await store.blockAtHeight(3n), chain.blocks[2])
  assert.is((await store.genesis()).chainId, chain.chainId)
  const reopened = new StateTree(store, p.stateRoot)
  const someKey = touchedKeys(core, decodeBlock(chain.blocks[4]))[0]
  assert.equal(await reopened.get(someKey), await tree.get(someKey))
})

test('nothing of a block reaches the KV before its commit; a discarded block leaves no trace', async () => {
  const kv = new MemoryKv()
  const store = new ChainStore(kv)
  await applyInto(store, chain.blocks.slice(0, 2))
  const before = []
  for await (const e of kv.entries({ gte: new Uint8Array([0]), lt: new Uint8Array([255]) })) before.push(hex(e[0]))
  const tree = new StateTree(store, (await store.progress()).stateRoot)
  const d = decodeBlock(chain.blocks[2])
  const c = core.ledger.apply(tree.root, chain.blocks[2], await tree.buildWitness(touchedKeys(core, d)))
  await tree.applyWrites(c.root, c.writes)
  assert.ok(await store.get(c.root), 'staged nodes are readable before the commit')
  const mid = []
  for await (const e of kv.entries({ gte: new Uint8Array([0]), lt: new Uint8Array([255]) })) mid.push(hex(e[0]))
  assert.equal(mid, before)
  store.discardStaged()
  assert.is(await store.get(c.root), undefined)
})

test('the node cache keeps what is read again and lets the rest age out; every read is right', async () => {
  const kv = new MemoryKv()
  let kvReads = 0
  const counted = Object.create(kv)
  counted.get = (k) => { kvReads++; return kv.get(k) }
  counted.getMany = (ks) => { kvReads += ks.length; return kv.getMany(ks) }
  const CACHE = 10_000 // two generations of 5,000
  const store = new ChainStore(counted, CACHE)
  const progress = { height: 0n, hash: new Uint8Array(32), stateRoot: new Uint8Array(32) }
  const node = (i) => { const bytes = new Uint8Array(65); bytes[0] = 1; new DataView(bytes.buffer).setUint32(1, i); return { hash: sha256(bytes), bytes } }
  const write = async (from, n) => {
    await store.putMany(Array.from({ length: n }, (_, i) => node(from + i)))
    await store.commit(progress)
  }
  const read = async (i) => {
    const before = kvReads
    const got = await store.get(node(i).hash)
    assert.equal(got, node(i).bytes, `node ${i}`)
    return kvReads - before
  }
  await write(0, 4_000)       // recent: 0 … 3,999
  assert.is(await read(0), 0)
  await write(4_000, 4_000)   // recent filled at 5,000 and became older; recent: 5,000 … 7,999
  assert.is(await read(10), 0, 'in the older generation')
  await write(8_000, 4_000)   // recent (node 10, read again, and 8,000 …) filled: older is 5,000 … 9,998 and 10
  assert.is(await read(10), 0, 'read again: moved to the recent generation before the older one was dropped')
  assert.is(await read(20), 1, 'never read again: aged out, read from the KV')
  assert.is(await read(20), 0, 'and cached again')
  const all = await store.getMany(Array.from({ length: 12_000 }, (_, i) => node(i).hash))
  all.forEach((b, i) => assert.equal(b, node(i).bytes, `getMany node ${i}`))
})

test('a damaged progress record or a missing head block is a clear CorruptStoreError', async () => {
  const kv = new MemoryKv()
  await applyInto(new ChainStore(kv), chain.blocks.slice(0, 2))
  const progressKey = new Uint8Array([4, ...new TextEncoder().encode('progress')])
  const good = await kv.get(progressKey)
  await kv.write({ put: [[progressKey, good.subarray(0, 10)]], del: [] })
  try { await new ChainStore(kv).progress(); assert.unreachable() } catch (e) {
    assert.instance(e, CorruptStoreError)
    assert.match(e.message, /corrupt data directory: progress record/)
  }
  await kv.write({ put: [[progressKey, good]], del: [] })
  const p = await new ChainStore(kv).progress()
  await kv.write({ put: [], del: [new Uint8Array([2, ...p.hash])] })
  try { await new ChainStore(kv).checkConsistent(); assert.unreachable() } catch (e) {
    assert.match(e.message, /head block .* is missing/)
  }
})

test('key files: round trip, wrong passphrase, any damaged byte, bad magic, too short', async () => {
  const secret = crypto.getRandomValues(new Uint8Array(32))
  const file = await encryptKey(secret, 'correct horse', { logN: 10, r: 8, p: 1 })
  assert.equal(await decryptKey(file, 'correct horse'), secret)
  const fails = async (f, pass, re) => {
    try { await decryptKey(f, pass); assert.unreachable() } catch (e) { assert.instance(e, KeyFileError); assert.match(e.message, re) }
  }
  await fails(file, 'wrong horse', /wrong passphrase/)
  for (const i of [5, 10, 30, file.length - 1]) {
    const bad = file.slice(); bad[i] ^= 1
    await fails(bad, 'correct horse', i === 5 ? /scrypt parameters|wrong passphrase/ : /wrong passphrase, or the file is damaged/)
  }
  await fails(new TextEncoder().encode('not a key file at all, clearly not one, and long enough to pass the length check'), 'x', /magic/)
  await fails(file.subarray(0, 20), 'x', /at least/)
  const again = await encryptKey(secret, 'correct horse', { logN: 10, r: 8, p: 1 })
  assert.not.equal(again, file) // fresh salt and IV every time
})

test.run()
