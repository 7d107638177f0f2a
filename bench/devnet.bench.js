// Issue 6's figures on this machine, with real processes on 127.0.0.1:
//   1. finalized transfers per second sustained by a 4-validator devnet (4 `chiron node`
//      processes, LevelDB, libp2p), fed transaction batches over HTTP by this process;
//   2. the time a new node takes to sync a 10,000-block certified chain from one peer.
// Targets: ≥ 3,000 transfers/s finalized; sync of 10,000 blocks in < 60 s.
//   node bench/run.js devnet            (both; about 8 minutes with the chain generation)
//   BENCH_TPS_SECONDS=60 BENCH_SYNC_BLOCKS=10000 to change the sizes
import { join } from 'node:path'
import { rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { sha256 } from '@noble/hashes/sha2.js'
import { Core } from '../dist/runtime/core.js'
import { Devnet, sleep } from '../test/hosts/chiron-nodes.js'
import { createDevnet, initDataDir } from '../dist/hosts/node/devnet-layout.js'
import { opensslSigner } from '../dist/hosts/node/signer.js'
import { encodeTransfer, encodeTransferBody, transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { encodeTxBatch } from '../dist/runtime/codec/tx-batch.js'
import { LevelKv } from '../dist/hosts/node/level-kv.js'
import { ChainStore } from '../dist/runtime/storage/chain-store.js'
import { loadIdentity } from '../dist/hosts/node/node-identity.js'
import { writeSyncChain } from './sync-chain.js'
import { table } from './lib.js'

const TPS_SECONDS = Number(process.env.BENCH_TPS_SECONDS ?? 60)
/** Offered a tenth above the target: the finalized rate cannot exceed what is offered. */
const OFFERED_PER_SECOND = Number(process.env.BENCH_TPS_OFFER ?? 3300)
const SYNC_BLOCKS = Number(process.env.BENCH_SYNC_BLOCKS ?? 10_000)
/** --block-txs for the nodes (unset: the node's default) */
const BLOCK_TXS = process.env.BENCH_BLOCK_TXS
const BATCH = 500
const PER_SENDER = 8
/** Offers of one batch to busy nodes before the client gives it up (counted as refused). */
const RETRIES_MAX = 100

export default async function () {
  const core = await Core.load()
  await throughput(core)
  await syncBench(core)
}

export async function throughput(core) {
  const total = TPS_SECONDS * OFFERED_PER_SECOND
  const senders = Math.ceil(total / PER_SENDER)
  const seeds = Array.from({ length: senders }, (_, i) => sha256(new TextEncoder().encode(`bench sender ${i}`)))
  const pks = seeds.map((s) => opensslSigner.publicKey(s))
  const net = new Devnet(4)
  try {
    await net.init((dir) => createDevnet(core, {
      dir, nodes: 4, chainId: 1, passphrase: 'devnet', genesisDelayMs: 6000,
      extraAllocations: pks.map((pk) => ({ pk, balance: 1_000_000n })),
    }))
    // every sender pays the next one: PER_SENDER transfers each, nonces 0, 1, …
    const t0 = Date.now()
    const txs = []
    for (let n = 0; n < PER_SENDER; n++) {
      for (let i = 0; i < senders && txs.length < total; i++) {
        const body = { chainId: 1, nonce: BigInt(n), from: pks[i], to: pks[(i + 1) % senders], amount: 1n, fee: 1n }
        txs.push(encodeTransfer({ ...body, sig: opensslSigner.sign(seeds[i], transferSigningMessage(encodeTransferBody(body))) }))
      }
    }
    const batches = []
    for (let i = 0; i < txs.length; i += BATCH) batches.push(encodeTxBatch(txs.slice(i, i + BATCH)))
    const signMs = Date.now() - t0
    const say = (t) => process.stderr.write(`devnet bench: ${t}\n`)
    say(`${txs.length} transfers signed in ${signMs} ms; starting 4 nodes in ${net.dir}`)
    for (let i = 0; i < 4; i++) net.start(i, { args: BLOCK_TXS ? ['--block-txs', BLOCK_TXS] : [] })
    await net.waitFor([0, 1, 2, 3], (st) => st.every((s) => s && s.finalizedHeight >= 1), { timeoutMs: 90_000, what: 'the devnet to finalize its first block' })

    // offer batches round-robin across the nodes at OFFERED_PER_SECOND; record finality
    const samples = []
    const sampler = setInterval(async () => {
      const s = await net.status(0)
      if (s) samples.push({ t: Date.now(), txs: s.finalizedTxs, h: s.finalizedHeight })
    }, 500)
    say('finalizing; offering transfers')
    const start = Date.now()
    const cpuAtStart = net.cpuSeconds([0, 1, 2, 3])
    let sent = 0, refused = 0, busy = 0
    const inflight = new Set()
    // a batch a busy node turns away (503: try again shortly) is offered again to the next
    // node, 100 ms later and twice as long after each further 503 (up to 3.2 s), as a wallet
    // would before sending its next transactions: sent at the end of the run instead, its
    // senders' later nonces would wait in every pool meanwhile
    const offer = async (bytes, b) => {
      for (let k = 0; ; k++) {
        const r = await fetch(`http://127.0.0.1:${net.httpPort((b + k) % 4)}/txs`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes })
        await r.arrayBuffer()
        if (r.status !== 503) { if (!r.ok) refused++; return }
        busy++
        if (k === RETRIES_MAX) { refused++; return }
        await sleep(Math.min(100 * 2 ** k, 3200))
      }
    }
    for (let b = 0; b < batches.length; b++) {
      const due = start + (b * BATCH / OFFERED_PER_SECOND) * 1000
      if (due > Date.now()) await sleep(due - Date.now())
      const p = offer(batches[b], b).catch(() => { refused++ })
      inflight.add(p); p.finally(() => inflight.delete(p))
      sent += BATCH
      while (inflight.size > 16) await Promise.race(inflight)
    }
    await Promise.all(inflight)
    const offerEnd = Date.now()
    say(`offered ${sent} in ${offerEnd - start} ms (${busy} offers turned away by a busy node and made again, ${refused} refused); waiting for finality`)
    // wait until everything offered is final (or nothing moves for 20 s)
    let last = -1, still = Date.now()
    for (;;) {
      await sleep(1000)
      const x = samples.at(-1)
      if (x && x.txs >= txs.length) break
      if (x && x.txs !== last) { last = x.txs; still = Date.now() } else if (Date.now() - still > 20_000) break
    }
    clearInterval(sampler)
    const cpuAtEnd = net.cpuSeconds([0, 1, 2, 3])
    const final = samples.at(-1)
    const firstTx = samples.find((x) => x.txs > 0)
    if (!firstTx) throw new Error(`no transfer was finalized (${sent} offered, ${busy} busy, ${refused} refused); node logs: ${net.dir}`)
    const lastTx = samples.find((x) => x.txs === final.txs)
    const window = (lastTx.t - firstTx.t) / 1000
    const rate = window > 0 ? (lastTx.txs - firstTx.txs) / window : 0
    const statuses = await Promise.all([0, 1, 2, 3].map((i) => net.status(i)))
    table(`4-validator devnet, transfers offered at ${OFFERED_PER_SECOND}/s for ${((offerEnd - start) / 1000).toFixed(1)} s (batches of ${BATCH}, over HTTP, round-robin)`, [
      { what: 'transfers offered', value: String(sent) },
      { what: 'offers a busy node turned away (offered again after 0.1 s, doubling)', value: String(busy) },
      { what: 'transfers finalized', value: String(final.txs) },
      { what: 'batches refused by a node (or given up after 100 busy answers)', value: String(refused) },
      { what: 'finalized transfers per second, sustained (first to last final transfer)', value: `${Math.round(rate)}/s (${window.toFixed(1)} s)` },
      { what: 'finalized per second over the offering time', value: `${Math.round(final.txs / ((lastTx.t - start) / 1000))}/s` },
      { what: 'blocks finalized in that time', value: String(final.h - samples[0].h) },
      { what: 'finality latency (median of the last 32, node 0)', value: `${(statuses[0]?.finalityLatencyMs / 1000).toFixed(2)} s` },
      { what: 'all four nodes agree', value: String(statuses.every((s) => s && s.finalizedHeight >= final.h)) },
      { what: 'CPU per finalized transfer, the four nodes together (from the first offer to the end)', value: cpuAtStart === null || cpuAtEnd === null ? 'not measured (no /proc)' : `${Math.round((cpuAtEnd - cpuAtStart) / final.txs * 1e6)} µs (${(cpuAtEnd - cpuAtStart).toFixed(1)} CPU-s)` },
    ])
    console.log(`(senders: ${senders}; ${txs.length} transfers signed in ${signMs} ms, before the run)`)
    console.log(`target: ≥ 3,000 finalized transfers/s: ${Math.round(rate)}/s (${(rate / 3000).toFixed(2)}×)\n`)
  } finally {
    if (!process.env.BENCH_KEEP) await net.stopAll()
  }
}

export async function syncBench(core) {
  const dir = mkdtempSync(join(tmpdir(), 'chiron-syncbench-'))
  const net = new Devnet(0)
  try {
    const t0 = Date.now()
    const network = await writeSyncChain(core, { dir: join(dir, 'server'), blocks: SYNC_BLOCKS })
    const genMs = Date.now() - t0
    const kv = await LevelKv.open(join(dir, 'server', 'db'))
    const serverId = (await loadIdentity(new ChainStore(kv))).peerId
    await kv.close()
    const followerId = await initDataDir(join(dir, 'new'), network, undefined, undefined)
    net.layout = { peerIds: [] }
    net.extra.push({ dir: join(dir, 'server'), peerId: serverId }, { dir: join(dir, 'new'), peerId: followerId })
    net.start(0, { bootstrap: [] })
    await net.waitFor([0], ([s]) => s && s.finalizedHeight === SYNC_BLOCKS, { timeoutMs: 120_000, what: 'the serving node to load its chain' })
    const start = Date.now()
    net.start(1, { bootstrap: [0] })
    let firstBlockAt = 0
    const [s] = await net.waitFor([1], ([x]) => {
      if (x && x.height > 0 && !firstBlockAt) firstBlockAt = Date.now()
      return x && x.finalizedHeight >= SYNC_BLOCKS
    }, { timeoutMs: 600_000, what: `the new node to sync ${SYNC_BLOCKS} blocks` })
    const ms = Date.now() - start
    table(`sync: a new node (a fresh process) catches up with one peer holding ${SYNC_BLOCKS} final blocks`, [
      { what: 'time from the new process\'s start to the last block final', value: `${(ms / 1000).toFixed(1)} s` },
      { what: 'of which from its first synced block', value: `${((Date.now() - firstBlockAt) / 1000).toFixed(1)} s` },
      { what: 'blocks per second', value: String(Math.round(SYNC_BLOCKS / (ms / 1000))) },
      { what: 'same final hash as the peer', value: String(s.finalizedHash === (await net.status(0)).finalizedHash) },
    ])
    console.log(`(the chain: 4 validators, empty blocks, each with its parent's notarization certificate; generated in ${(genMs / 1000).toFixed(0)} s)`)
    console.log(`target: sync of ${SYNC_BLOCKS} blocks in < 60 s: ${(ms / 1000).toFixed(1)} s\n`)
  } finally {
    await net.stopAll()
    rmSync(dir, { recursive: true, force: true })
  }
}
