// Child process for test/level-crash.test.js: applies a chain's blocks into a LevelDB chain
// store, one atomic commit per block, and prints "acked <height>" after each commit resolved.
// The parent kills it with SIGKILL at a random moment.
import { readFileSync } from 'node:fs'
import { Core } from '../../dist/runtime/core.js'
import { LevelKv } from '../../dist/hosts/node/level-kv.js'
import { ChainStore } from '../../dist/runtime/storage/chain-store.js'
import { StateTree } from '../../dist/runtime/state/smt.js'
import { decodeChainFile } from '../../dist/runtime/chain/file.js'
import { decodeBlock } from '../../dist/runtime/codec/block.js'
import { touchedKeys } from '../../dist/runtime/chain/accounts.js'

const [dir, chainPath] = process.argv.slice(2)
const core = await Core.load()
const chain = decodeChainFile(new Uint8Array(readFileSync(chainPath)))
const store = new ChainStore(await LevelKv.open(dir))
let progress = await store.checkConsistent()
let tree
if (!progress) {
  const g = core.ledger.genesis(chain.allocations)
  tree = new StateTree(store, new Uint8Array(32))
  await tree.applyWrites(g.root, g.writes)
  await store.saveGenesis(chain.chainId, chain.allocations)
  progress = { height: 0n, hash: new Uint8Array(32), stateRoot: g.root }
  await store.commit(progress)
} else {
  tree = new StateTree(store, progress.stateRoot)
}
for (let h = Number(progress.height) + 1; h <= chain.blocks.length; h++) {
  const bytes = chain.blocks[h - 1]
  const d = decodeBlock(bytes)
  const c = core.ledger.apply(tree.root, bytes, await tree.buildWitness(touchedKeys(core, d)))
  await tree.applyWrites(c.root, c.writes)
  const hash = core.sha256(d.headerBytes)
  await store.commit({ height: d.header.height, hash, stateRoot: c.root }, { hash, height: d.header.height, bytes })
  process.stdout.write(`acked ${h}\n`)
}
process.stdout.write('done\n')
