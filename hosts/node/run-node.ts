// `chiron node`: one node from its data directory: the LevelDB store, the core, the
// consensus node (runtime/node), libp2p (p2p.ts) and the HTTP interface (http-api.ts).
// Everything here is plumbing; the node decides, the core judges.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from 'node:http'
import { Core } from '../../runtime/core.js'
import { LevelKv } from './level-kv.js'
import { P2pHost } from './p2p.js'
import type { P2pOptions } from './p2p-config.js'
import { serveHttp, type NodeApi } from './http-api.js'
import { loadIdentity } from './node-identity.js'
import { openStoredNode, hasValidatorKeys, readValidatorSecrets, readValidators } from '../../runtime/node/stored-node.js'
import type { NodeReport } from '../../runtime/node/io.js'
import { slotStartMs } from '../../runtime/node/timing.js'
import { accountKey, decodeAccount } from '../../runtime/chain/accounts.js'
import { KeyFileError } from '../../runtime/wallet/keyfile.js'
import { toHex } from '../../runtime/bytes.js'
import { encodeTxBatch } from '../../runtime/codec/tx-batch.js'

export class NodeStartError extends Error {}

export interface RunNodeOptions {
  dir: string
  passphrase?: string
  p2p: Omit<P2pOptions, 'chainId' | 'privateKey'>
  http: { host: string, port: number } | null
  log(line: string): void
  /** Log the node's notes (dropped messages and the like), not just its progress. */
  verbose?: boolean
  /** Most transactions per block this node proposes. */
  blockTxsMax?: number
  /** State tree nodes the store keeps in memory (ChainStore's cache; default NODE_CACHE_MAX). */
  stateCacheNodes?: number
}

export interface RunningNode {
  peerId: string
  addresses: string[]
  stop(): Promise<void>
}

const LATENCY_WINDOW = 32
const PROGRESS_MS = 2000

export async function runNode(opts: RunNodeOptions): Promise<RunningNode> {
  if (!existsSync(join(opts.dir, 'db'))) throw new NodeStartError(`${opts.dir} is not a chiron data directory (run chiron init --dir ${opts.dir} first)`)
  const kv = await LevelKv.open(join(opts.dir, 'db'), { create: false })
  try {
    return await start(kv, opts)
  } catch (e) {
    await kv.close().catch(() => {})
    throw e
  }
}

async function start(kv: LevelKv, opts: RunNodeOptions): Promise<RunningNode> {
  const core = await Core.load()
  let secrets = null
  if (await hasValidatorKeys(kv)) {
    if (!opts.passphrase) throw new NodeStartError('the validator keys are encrypted: set CHIRON_PASSPHRASE or pass --passphrase-file FILE')
    try {
      secrets = await readValidatorSecrets(kv, opts.passphrase)
    } catch (e) {
      if (e instanceof KeyFileError) throw new NodeStartError(`cannot open the validator keys: ${e.message}`)
      throw e
    }
  }
  const stored = await openStoredNode({ core, kv, secrets, cacheNodes: opts.stateCacheNodes, tune: opts.blockTxsMax ? { blockTxsMax: opts.blockTxsMax } : undefined })
  const { node, network, genesis } = stored
  const genesisTimeMs = Number(network.genesisTimeMs)
  const identity = await loadIdentity(stored.store)
  const latencies: number[] = []
  let finalizedTxs = 0
  let lastProgress = 0
  const onReport = (e: NodeReport) => {
    if (e.kind === 'finalized') {
      finalizedTxs += e.txs
      const latency = e.atMs - slotStartMs(genesisTimeMs, e.slot)
      latencies.push(latency)
      if (latencies.length > LATENCY_WINDOW) latencies.shift()
      opts.log(`finalized ${e.height} ${e.hash.slice(0, 16)}, ${e.txs} txs (${(latency / 1000).toFixed(2)} s after its slot began)`)
    } else if (e.kind === 'notarized' && Date.now() - lastProgress >= PROGRESS_MS) {
      // while catching up the node reports block after block without yielding to timers
      const s = node.status(Date.now())
      if (s.catchingUp) {
        lastProgress = Date.now()
        opts.log(`syncing: at height ${s.height}, finalized ${s.finalizedHeight}, the chain reaches at least ${s.provenHeight}`)
      }
    } else if (e.kind === 'proposed') {
      opts.log(`proposed ${e.height} ${e.hash.slice(0, 16)} in slot ${e.slot}`)
    } else if (e.kind === 'note' && opts.verbose) {
      opts.log(`note: ${e.text}`)
    }
  }
  const reporting = {
    queuesInputs: node.queuesInputs,
    async handle(input: Parameters<typeof node.handle>[0]) {
      const outs = await node.handle(input)
      for (const o of outs) if (o.type === 'report') onReport(o.event)
      return outs
    },
  }
  let p2p: P2pHost
  try {
    p2p = await P2pHost.start(reporting, { ...opts.p2p, chainId: network.chainId, privateKey: identity.privateKey })
  } catch (e) {
    const text = `${(e as Error).message} ${(e as { cause?: Error }).cause?.message ?? ''}`
    if (/EADDRINUSE|address already in use/i.test(text) || (e as Error).name === 'UnsupportedListenAddressesError') {
      throw new NodeStartError(`cannot listen on ${opts.p2p.listen.join(', ')}: the port is in use (or the address is not this machine's)`)
    }
    throw new NodeStartError(`cannot start libp2p: ${(e as Error).message}`)
  }
  opts.log(`node ${p2p.peerId} on chain ${network.chainId} (genesis ${toHex(genesis.hash).slice(0, 16)}), ${stored.validatorIndex === null ? 'following' : `validator ${stored.validatorIndex}`}`)
  for (const a of p2p.addresses) opts.log(`listening on ${a}`)

  const api: NodeApi = {
    async status() {
      const s = node.status(Date.now())
      const sorted = [...latencies].sort((a, b) => a - b)
      const peers = new Map<string, { id: string, addr: string, direct: boolean }>()
      for (const c of p2p.connections()) {
        const prev = peers.get(c.peer)
        if (!prev || (c.direct && !prev.direct)) peers.set(c.peer, { id: c.peer, addr: c.addr, direct: c.direct })
      }
      const validators = (await readValidators(node.finalState())).map((v, index) => ({
        index, account: toHex(v.account), bond: v.bond.toString(), level: v.level, work: v.work.toString(),
        status: v.status === 1 ? 'active' : v.status === 2 ? 'exiting' : v.status === 3 ? 'exited' : `status ${v.status}`,
      }))
      return {
        chainId: network.chainId, genesisHash: toHex(genesis.hash), peerId: p2p.peerId,
        height: s.height, headHash: s.headHash, round: s.round, slot: s.slot,
        finalizedHeight: s.finalizedHeight, finalizedHash: s.finalizedHash, finalizedStateRoot: s.finalizedStateRoot,
        finalityLatencyMs: sorted.length ? sorted[sorted.length >> 1] : null,
        syncing: s.catchingUp, knownHeight: Math.max(s.provenHeight, s.finalizedHeight),
        validator: s.validator, mempool: s.mempool, backlog: p2p.backlog, finalizedTxs, peers: [...peers.values()], validators,
      }
    },
    async account(pk) {
      const v = await node.finalState().get(accountKey(core, pk))
      return v ? decodeAccount(v) : { balance: 0n, nonce: 0n }
    },
    async submitTx(bytes) {
      return { verdict: await p2p.submit('tx', encodeTxBatch([bytes])), hash: toHex(core.sha256(bytes)) }
    },
    async submitBatch(bytes) {
      return { verdict: await p2p.submit('tx', bytes) }
    },
  }
  let server: Server | null = null
  try {
    if (opts.http) {
      server = await serveHttp(api, opts.http.host, opts.http.port)
      opts.log(`status at http://${opts.http.host}:${opts.http.port}/status`)
    }
  } catch (e) {
    await p2p.stop().catch(() => {})
    throw new NodeStartError((e as Error).message)
  }

  // progress while catching up, also when no block arrives (the reports above cover the rest)
  const progress = setInterval(() => {
    const s = node.status(Date.now())
    if (s.catchingUp && Date.now() - lastProgress >= PROGRESS_MS) {
      lastProgress = Date.now()
      opts.log(`syncing: at height ${s.height}, finalized ${s.finalizedHeight}, the chain reaches at least ${s.provenHeight}`)
    }
  }, PROGRESS_MS)
  progress.unref()

  let stopping: Promise<void> | null = null
  return {
    peerId: p2p.peerId,
    addresses: p2p.addresses,
    stop() {
      stopping ??= (async () => {
        clearInterval(progress)
        if (server) await new Promise((r) => (server as Server).close(() => r(undefined)))
        await p2p.stop().catch(() => {})
        await node.handle({ type: 'timer', nowMs: Date.now(), key: 'none' }).catch(() => {}) // the queue has drained
        await kv.close()
      })()
      return stopping
    },
  }
}
