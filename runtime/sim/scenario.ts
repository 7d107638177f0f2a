// One simulated run of a consensus network: N validators with keys from the seed, a consensus
// genesis, N ConsensusNodes sharing one content-addressed MemoryNodeStore (sharing is
// faithful: a node can only reach state through a root it computed or verified itself, and a
// hash names the same bytes for everyone), the WAN model of network.ts, and the faults asked
// for: crashed weight, Byzantine weight, partitions, and a light transaction load. The
// checkers (checkers.ts) watch every report; the result is plain data for report.ts.
//
// Everything random is drawn from streams of the seed, so a seed (with the same options)
// replays the run exactly.
import type { Core } from '../core.js'
import { MemoryNodeStore } from '../state/store.js'
import { StateTree } from '../state/smt.js'
import { ConsensusNode } from '../node/consensus-node.js'
import type { Behaviour } from '../node/node-config.js'
import { encodeTransfer, encodeTransferBody, transferSigningMessage } from '../codec/tx.js'
import { encodeTxBatch } from '../codec/tx-batch.js'
import { sign as edSign } from '../wallet/ed25519.js'
import { tableKey, tableEntryKey } from '../consensus/keys.js'
import { decodeTableHeader, decodeTableEntry } from '../consensus/records.js'
import { SLOT_MS, EPOCH_LENGTH } from '../consensus/constants.js'
import { Simulator, type NodeTraffic } from './simulator.js'
import { WAN, type NetworkConfig } from './network.js'
import { Rng } from './rng.js'
import { Checker } from './checkers.js'
import { VerdictMemo, memoCore, memoVerifyBlock, type CostCounter, type CostKind } from './memo-core.js'
import { makeSimNetwork, type SimNetwork } from './validators.js'
import { planFaults, partitionSide, type PartitionSpec } from './faults.js'

/** Simulated time after the measured period during which its last slots may still finalize. */
export const SETTLE_MS = 10_000

export interface ScenarioOptions {
  core: Core
  seed: number
  /** Seed of the validators' keys (default: `seed`). */
  keySeed?: number
  nodes: number
  /** Measured period; slots starting in it are counted. */
  durationMs: number
  settleMs?: number
  /** Share of the weight that crashes at `crashAtMs` (default 0: from the start). */
  crash?: number
  crashAtMs?: number
  /** When set, the crashed nodes come back (as fresh nodes that catch up) at this time. */
  restartAtMs?: number
  /** Share of the weight that is Byzantine, behaviours mixed in turn unless `behaviour` is given. */
  byzantine?: number
  behaviour?: Behaviour | 'mixed'
  partitions?: PartitionSpec[]
  /** Transfers per simulated second sent by clients to random nodes (default 0). */
  txPerSecond?: number
  unequalBonds?: boolean
  network?: NetworkConfig
  /** Share verification verdicts between the simulated nodes (default true; memo-core.ts). */
  memo?: boolean
  /** Called every `progressMs` of simulated time. */
  onProgress?(nowMs: number, finalHeight: number): void
  progressMs?: number
}

export interface EpochMerit {
  epoch: number
  /** the slot of the epoch's first finalized block (for time axes), or null */
  slot: number | null
  W: string
  /** weight share (per cent of W) and mean weight ÷ genesis bond (per mille: the level, less burned bond) of each class */
  classes: Record<'honest' | 'crashed' | 'byzantine', { weightShare: number, meanLevel: number, validators: number }>
  /** weight of each validator in this epoch's table */
  weights: string[]
}

export interface ScenarioResult {
  options: Omit<ScenarioOptions, 'core' | 'onProgress'>
  net: SimNetwork
  checker: Checker
  behaviours: Behaviour[]
  crashed: number[]
  byzantine: number[]
  partitions: { startMs: number, endMs: number, side: number[] }[]
  /** slots 1..slots started in the measured period */
  slots: number
  traffic: NodeTraffic[]
  cost: Record<CostKind, CostCounter>
  merit: EpochMerit[]
  txsSent: number
  /** transactions in the finalized chain of the honest node furthest ahead */
  txsFinalized: number
  eventsRun: number
  wallMs: number
  endMs: number
}

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const wallStart = performance.now()
  const rng = new Rng(o.seed)
  const net = makeSimNetwork(o.core, { seed: o.seed, keySeed: o.keySeed, nodes: o.nodes, unequalBonds: o.unequalBonds })
  const plan = planFaults(rng.child('faults'), net.validators.map((v) => v.bond), {
    crash: o.crash ?? 0, byzantine: o.byzantine ?? 0, behaviour: o.behaviour,
  })
  const memo = new VerdictMemo(o.core)
  const core = o.memo === false ? o.core : memoCore(o.core, memo)
  const verifyBlock = o.memo === false ? undefined : memoVerifyBlock(memo)
  const store = new MemoryNodeStore()
  const nodes: ConsensusNode[] = []
  // a crashed node reports nothing while it is down, so every report of an honest node counts
  const checker = new Checker(o.nodes, (i) => plan.behaviours[i] === 'honest')
  const settleMs = o.settleMs ?? SETTLE_MS
  const endMs = o.durationMs + settleMs

  const sim = new Simulator({
    seed: o.seed,
    nodes: o.nodes,
    network: o.network ?? WAN,
    makeNode(i, restarts) {
      const node = new ConsensusNode({
        core, chainId: net.chainId, genesis: net.genesis, store, genesisTimeMs: 0,
        keys: net.validators[i].keys, behaviour: plan.behaviours[i],
        chain: verifyBlock ? { verifyBlock } : undefined,
      })
      nodes[i] = node
      if (restarts > 0) checker.started(i, sim.nowMs)
      return node
    },
    onReport: (i, r, nowMs) => checker.onReport(i, r, nowMs),
  })

  // crashes (and restarts)
  const crashAtMs = o.crashAtMs ?? 0
  if (plan.crashed.length) sim.at(crashAtMs, () => { for (const i of plan.crashed) sim.crash(i) })
  if (plan.crashed.length && o.restartAtMs !== undefined) {
    sim.at(o.restartAtMs, () => { for (const i of plan.crashed) sim.restart(i) })
  }

  // partitions
  const partitions = (o.partitions ?? []).map((p) => ({ ...p, side: partitionSide(rng.child(`partition@${p.startMs}`), o.nodes, p.share) }))
  for (const p of partitions) {
    const other = Array.from({ length: o.nodes }, (_, i) => i).filter((i) => !p.side.includes(i))
    sim.at(p.startMs, () => sim.network.partition([p.side, other]))
    sim.at(p.endMs, () => sim.network.heal())
  }

  // a light transaction load: each transfer enters at a random live node and spreads from there
  let txsSent = 0
  if (o.txPerSecond && o.txPerSecond > 0) {
    const txRng = rng.child('txs')
    const nonces = net.clients.map(() => 0n)
    const everyMs = Math.max(1, Math.round(1000 / o.txPerSecond))
    for (let t = SLOT_MS; t < o.durationMs; t += everyMs) {
      sim.at(t, () => {
        const up = Array.from({ length: o.nodes }, (_, i) => i).filter((i) => sim.isUp(i))
        if (!up.length) return
        const c = txRng.between(0, net.clients.length - 1)
        const to = net.clients[txRng.between(0, net.clients.length - 1)].pk
        const body = { chainId: net.chainId, nonce: nonces[c]++, from: net.clients[c].pk, to, amount: 1n, fee: 1n }
        const tx = encodeTransfer({ ...body, sig: edSign(net.clients[c].seed, transferSigningMessage(encodeTransferBody(body))) })
        const batch = encodeTxBatch([tx])
        const entry = up[txRng.between(0, up.length - 1)]
        txsSent++
        for (let i = 0; i < o.nodes; i++) {
          const d = i === entry ? 0 : sim.network.gossipMs(entry, i)
          if (d >= 0) sim.inject(i, { type: 'gossip', nowMs: 0, from: 'client', topic: 'tx', data: batch }, d)
        }
      })
    }
  }

  const stepMs = o.progressMs ?? 10_000
  for (let t = Math.min(stepMs, endMs); ; t = Math.min(t + stepMs, endMs)) {
    await sim.run(t)
    o.onProgress?.(t, Math.max(0, ...checker.finalHeight))
    if (t >= endMs) break
  }

  const slots = Math.max(0, Math.ceil(o.durationMs / SLOT_MS) - 1)
  const merit = await readMerit(nodes, store, checker, plan.behaviours, plan.crashed, net)
  let txsFinalized = 0
  const ahead = furthestHonest(nodes, checker)
  for (let b = ahead?.tree.final ?? null; b && b.parent; b = b.parent) {
    // txCount sits at offset 201 of a version-2 header (PROTOCOL.md §16)
    txsFinalized += new DataView(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength).getUint32(201, true)
  }
  const { onProgress: _p, core: _c, ...options } = o
  return {
    options, net, checker, behaviours: plan.behaviours, crashed: plan.crashed, byzantine: plan.byzantine,
    partitions, slots, traffic: sim.traffic, cost: memo.cost, merit, txsSent, txsFinalized, eventsRun: sim.eventsRun,
    wallMs: performance.now() - wallStart, endMs,
  }
}

/**
 * Weight and level per epoch, read from the finalized state of the honest node furthest
 * ahead: every table made so far stays in the state (runtime/consensus/records.ts decodes
 * them). The level shown is weight × 1000 / genesis bond: exactly the level (to the floor) for
 * a validator never slashed; a slash's burned bond lowers it further. Absent from a table
 * means weight 0.
 */
function furthestHonest(nodes: ConsensusNode[], checker: Checker): ConsensusNode | null {
  let best: ConsensusNode | null = null
  for (let i = 0; i < nodes.length; i++) {
    if (!checker.honest(i) || !nodes[i]) continue
    if (!best || nodes[i].tree.final.height > best.tree.final.height) best = nodes[i]
  }
  return best
}

async function readMerit(nodes: ConsensusNode[], store: MemoryNodeStore, checker: Checker, behaviours: Behaviour[], crashed: number[], net: SimNetwork): Promise<EpochMerit[]> {
  const best = furthestHonest(nodes, checker)
  if (!best) return []
  const state = new StateTree(store, best.tree.final.postRoot)
  const crashedSet = new Set(crashed)
  const classOf = (i: number) => (crashedSet.has(i) ? 'crashed' : behaviours[i] === 'honest' ? 'honest' : 'byzantine')
  const out: EpochMerit[] = []
  const lastEpoch = Math.floor(Math.max(0, best.tree.final.height - 1) / Number(EPOCH_LENGTH)) + 1
  for (let e = 0; e <= lastEpoch; e++) {
    const hdr = await state.get(tableKey(BigInt(e)))
    if (!hdr) continue
    const h = decodeTableHeader(hdr)
    const weights: bigint[] = []
    for (let i = 0; i < h.n; i++) {
      const v = await state.get(tableEntryKey(BigInt(e), i))
      weights.push(v ? decodeTableEntry(v).weight : 0n)
    }
    const classes = {
      honest: { weightShare: 0, meanLevel: 0, validators: 0 },
      crashed: { weightShare: 0, meanLevel: 0, validators: 0 },
      byzantine: { weightShare: 0, meanLevel: 0, validators: 0 },
    }
    weights.forEach((w, i) => {
      const c = classes[classOf(i)]
      c.validators++
      c.weightShare += h.W > 0n ? Number(w * 1_000_000n / h.W) / 10_000 : 0
      c.meanLevel += Number(w * 1000n / net.validators[i].bond)
    })
    for (const c of Object.values(classes)) {
      if (c.validators) c.meanLevel = Math.round(c.meanLevel / c.validators)
      c.weightShare = Math.round(c.weightShare * 100) / 100
    }
    // the epoch's first block: height (e · E) + 1 (epoch 0 starts at height 1)
    const first = checker.finalized.get(e * Number(EPOCH_LENGTH) + 1)
    out.push({ epoch: e, slot: first ? first.slot : null, W: h.W.toString(), classes, weights: weights.map(String) })
  }
  return out
}
