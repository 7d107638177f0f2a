// Replay a chain deterministically inside a test: generate it from a seed, replay it through
// the wasm core, and check that the state roots are the same every time.
//   npm run build && node examples/replay-in-a-test.js
import assert from 'node:assert/strict'
import { Core, generateChain, replayChain } from 'chiron'

const core = await Core.load()
const chain = await generateChain(core, { seed: 42, accounts: 50, blocks: 10, txs: 100 })
const first = await replayChain(core, chain)
const again = await replayChain(await Core.load(), chain)
assert.deepEqual(again.blocks, first.blocks)
console.log(`replayed ${first.blocks.length} blocks, ${first.txCount} transfers twice: identical roots, final ${first.blocks.at(-1).stateRoot}`)
