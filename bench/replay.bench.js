// Replay throughput: transfers per second through the core, signature checks included, for
// a generated chain of 100 blocks × 1,000 transfers among 1,000 accounts. Reported both for
// the whole replay (witness building in TypeScript + the core) and for the time spent inside
// the core's apply alone. Median of three replays.
import { Core } from '../dist/runtime/core.js'
import { generateChain } from '../dist/runtime/chain/gen.js'
import { replayChain } from '../dist/runtime/chain/replay.js'
import { opensslSigner } from '../dist/hosts/node/signer.js'
import { table } from './lib.js'
import { performance } from 'node:perf_hooks'

const BLOCKS = 100, TXS = 1000, ACCOUNTS = 1000, RUNS = 3

export default async function () {
  const core = await Core.load()
  const t0 = performance.now()
  const chain = await generateChain(core, { seed: 7, accounts: ACCOUNTS, blocks: BLOCKS, txs: TXS }, undefined, opensslSigner)
  const genMs = performance.now() - t0
  const apply = core.ledger.apply
  let applyMs = 0
  core.ledger.apply = (...args) => {
    const s = performance.now()
    try { return apply(...args) } finally { applyMs += performance.now() - s }
  }
  const runs = []
  for (let i = 0; i < RUNS; i++) {
    applyMs = 0
    const s = performance.now()
    const r = await replayChain(core, chain)
    runs.push({ totalMs: performance.now() - s, applyMs, txs: r.txCount })
  }
  core.ledger.apply = apply
  runs.sort((a, b) => a.totalMs - b.totalMs)
  const m = runs[RUNS >> 1]
  const tps = (ms) => Math.round(m.txs / (ms / 1000))
  table(`replay: ${BLOCKS} blocks × ${TXS} transfers, ${ACCOUNTS} accounts (median of ${RUNS})`, [
    { what: 'whole replay (witness building + core apply)', 'transfers/s': tps(m.totalMs), 'ms': Math.round(m.totalMs), 'vs target 8,000/s': (tps(m.totalMs) / 8000).toFixed(2) + '×' },
    { what: 'inside the core (apply: decode, signatures, state)', 'transfers/s': tps(m.applyMs), 'ms': Math.round(m.applyMs), 'vs target 8,000/s': (tps(m.applyMs) / 8000).toFixed(2) + '×' },
  ])
  console.log(`\n(chain generated in ${Math.round(genMs)} ms with OpenSSL signing; ${(chain.length / 1e6).toFixed(1)} MB)`)
}
