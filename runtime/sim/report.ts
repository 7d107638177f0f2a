// The simulator's report: one summary object (what --json prints), the text a person reads,
// and the chart of finality latency and merit over time.
//
// Definitions. `slots` are slots 1..S whose start falls in the measured period (slot 0 holds
// genesis); a slot is finalized when a finalized block names it (at most one can: slots
// strictly increase along a chain), so `missedSlots = slots − finalizedSlots`. Latencies run
// from the start of a block's slot to each honest node's report of it. Bytes per node per
// second are what an honest node sends (gossip counted as gossipsub's mesh degree copies,
// see simulator.ts), over the whole run. Verification cost per block is the core time spent
// one node spends verifying per finalized block: its share of all verification calls (each
// node asks the core about each message it takes in once) at the mean core time of one
// computation, votes (VRF proofs, single-vote checks), certificates (aggregate checks and full
// §14 checks) and blocks (apply in verify mode, parent certificate included) apart.
import { summarize } from './stats.js'
import { svgChart, type Series } from './chart.js'
import { SLOT_MS } from '../consensus/constants.js'
import type { ScenarioResult } from './scenario.js'

export interface SimSummary {
  seed: number
  nodes: number
  minutes: number
  slots: number
  finalizedSlots: number
  missedSlots: number
  finalizedShare: number
  blocksPerMinute: number
  safetyViolations: number
  forks: number
  finalityMs: { median: number, p90: number, p99: number, max: number, samples: number }
  notarizationMs: { median: number, p90: number, p99: number, max: number, samples: number }
  bytesPerNodePerSec: number
  bytesReceivedPerNodePerSec: number
  messagesPerNodePerSec: number
  verifyMsPerBlock: { vote: number, cert: number, block: number, tx: number, total: number }
  verificationsPerBlock: { vote: number, cert: number, block: number }
  memoHits: number
  crashedValidators: number
  byzantineValidators: number
  behaviours: Record<string, number>
  partitions: { startS: number, endS: number, side: number }[]
  finalHeight: number
  txsSent: number
  txsFinalized: number
  notes: Record<string, number>
  merit: { epoch: number, minute: number | null, honestWeight: number, crashedWeight: number, byzantineWeight: number, honestLevel: number, crashedLevel: number, byzantineLevel: number }[]
  violations: ScenarioResult['checker']['violations']
  events: number
  wallSeconds: number
}

const round = (x: number, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x)

export function summarizeRun(r: ScenarioResult): SimSummary {
  const c = r.checker
  const inPeriod = (slot: number) => slot >= 1 && slot <= r.slots
  let finalizedSlots = 0
  let finalHeight = 0
  for (const [h, f] of c.finalized) {
    if (inPeriod(f.slot)) finalizedSlots++
    finalHeight = Math.max(finalHeight, h)
  }
  const fin = summarize(c.finality.filter((s) => inPeriod(s.slot)).map((s) => s.ms))
  const nota = summarize(c.notarization.filter((s) => inPeriod(s.slot)).map((s) => s.ms))
  const seconds = r.endMs / 1000
  const crashed = new Set(r.options.restartAtMs === undefined ? r.crashed : [])
  const live = r.traffic.filter((_, i) => c.honest(i) && !crashed.has(i))
  const mean = (f: (t: typeof live[0]) => number) => (live.length ? live.reduce((a, t) => a + f(t), 0) / live.length / seconds : 0)
  // verification is spent over the whole run, settling included: divide by every block finalized
  const blocks = Math.max(1, finalHeight)
  const cost = r.cost
  // Each distinct input is computed once for all nodes (memo-core.ts); a node's own cost is
  // its share of all calls (hits included) at the mean core time of a computation.
  const running = Math.max(1, r.options.nodes - r.crashed.length)
  const calls = (k: keyof typeof cost) => (cost[k].hits + cost[k].misses) / running
  const perNodeRaw = (k: keyof typeof cost) => (cost[k].misses ? (cost[k].ms / cost[k].misses) * calls(k) / blocks : 0)
  const perNode = (k: keyof typeof cost) => round(perNodeRaw(k), 2)
  const behaviours: Record<string, number> = {}
  for (const b of r.behaviours) behaviours[b] = (behaviours[b] ?? 0) + 1
  const minutes = r.options.durationMs / 60_000
  return {
    seed: r.options.seed,
    nodes: r.options.nodes,
    minutes: round(minutes, 3),
    slots: r.slots,
    finalizedSlots,
    missedSlots: r.slots - finalizedSlots,
    finalizedShare: r.slots ? round(finalizedSlots / r.slots, 5) : 0,
    blocksPerMinute: round(finalizedSlots / minutes, 2),
    safetyViolations: c.violations.length,
    forks: c.forks,
    finalityMs: { median: fin.median, p90: fin.p90, p99: fin.p99, max: fin.max, samples: fin.count },
    notarizationMs: { median: nota.median, p90: nota.p90, p99: nota.p99, max: nota.max, samples: nota.count },
    bytesPerNodePerSec: Math.round(mean((t) => t.bytesSent)),
    bytesReceivedPerNodePerSec: Math.round(mean((t) => t.bytesReceived)),
    messagesPerNodePerSec: round(mean((t) => t.messagesSent)),
    verifyMsPerBlock: {
      vote: perNode('vote'), cert: perNode('cert'), block: perNode('block'), tx: perNode('tx'),
      total: round(perNodeRaw('vote') + perNodeRaw('cert') + perNodeRaw('block') + perNodeRaw('tx'), 2),
    },
    verificationsPerBlock: { vote: round(calls('vote') / blocks), cert: round(calls('cert') / blocks), block: round(calls('block') / blocks) },
    memoHits: cost.vote.hits + cost.cert.hits + cost.block.hits + cost.tx.hits + cost.aggregate.hits,
    crashedValidators: r.crashed.length,
    byzantineValidators: r.byzantine.length,
    behaviours,
    partitions: r.partitions.map((p) => ({ startS: p.startMs / 1000, endS: p.endMs / 1000, side: p.side.length })),
    finalHeight,
    txsSent: r.txsSent,
    txsFinalized: r.txsFinalized,
    notes: Object.fromEntries(c.notes),
    merit: r.merit.map((m) => ({
      epoch: m.epoch, minute: m.slot === null ? null : round(m.slot * SLOT_MS / 60_000, 2),
      honestWeight: m.classes.honest.weightShare, crashedWeight: m.classes.crashed.weightShare, byzantineWeight: m.classes.byzantine.weightShare,
      honestLevel: m.classes.honest.meanLevel, crashedLevel: m.classes.crashed.meanLevel, byzantineLevel: m.classes.byzantine.meanLevel,
    })),
    violations: c.violations,
    events: r.eventsRun,
    wallSeconds: round(r.wallMs / 1000),
  }
}

const pct = (x: number) => `${round(x * 100, 2)} %`

/** The human report (the CLI prints `seed=` before it). */
export function formatReport(s: SimSummary): string {
  const L: string[] = []
  L.push(`nodes=${s.nodes} minutes=${s.minutes} crashed=${s.crashedValidators} byzantine=${s.byzantineValidators} ${Object.entries(s.behaviours).map(([k, v]) => `${k}:${v}`).join(' ')}`)
  if (s.partitions.length) L.push(`partitions: ${s.partitions.map((p) => `${p.startS}–${p.endS} s (${p.side} | ${s.nodes - p.side})`).join(', ')}`)
  L.push(`safety violations: ${s.safetyViolations}${s.safetyViolations ? '  <-- SAFETY VIOLATED' : ''}`)
  for (const v of s.violations.slice(0, 5)) L.push(`  height ${v.height}: node ${v.node} finalized ${v.hash.slice(0, 16)}…, node ${v.otherNode} ${v.otherHash.slice(0, 16)}… (at ${v.atMs} ms)`)
  L.push(`slots: ${s.slots}, finalized ${s.finalizedSlots} (${pct(s.finalizedShare)}), missed ${s.missedSlots}; final height ${s.finalHeight}`)
  L.push(`blocks per minute: ${s.blocksPerMinute}`)
  L.push(`forks (heights with more than one notarized block): ${s.forks}`)
  L.push(`time to notarization (ms): median ${s.notarizationMs.median}, p90 ${s.notarizationMs.p90}, p99 ${s.notarizationMs.p99}, max ${s.notarizationMs.max}`)
  L.push(`time to finality (ms):     median ${s.finalityMs.median}, p90 ${s.finalityMs.p90}, p99 ${s.finalityMs.p99}, max ${s.finalityMs.max}`)
  L.push(`traffic per honest node: ${s.messagesPerNodePerSec} messages/s sent, ${round(s.bytesPerNodePerSec / 1024)} KiB/s sent, ${round(s.bytesReceivedPerNodePerSec / 1024)} KiB/s received`)
  const v = s.verifyMsPerBlock
  L.push(`verification per block (one node, core time): ${v.total} ms (votes ${v.vote}, certificates ${v.cert}, blocks ${v.block}, txs ${v.tx}); calls per block per node: ${s.verificationsPerBlock.vote} vote checks, ${s.verificationsPerBlock.cert} certificate checks, ${s.verificationsPerBlock.block} blocks`)
  L.push('weight and merit per epoch (weight share %, mean weight ÷ genesis bond ‰: the level, less any bond a slash burned):')
  L.push('  epoch  minute   honest         crashed        byzantine')
  for (const m of s.merit) {
    const cell = (w: number, l: number) => `${String(w).padStart(6)} % ${String(l).padStart(4)}`
    L.push(`  ${String(m.epoch).padStart(5)}  ${String(m.minute ?? '-').padStart(6)}   ${cell(m.honestWeight, m.honestLevel)}  ${cell(m.crashedWeight, m.crashedLevel)}  ${cell(m.byzantineWeight, m.byzantineLevel)}`)
  }
  if (s.txsSent) L.push(`transactions: ${s.txsSent} sent, ${s.txsFinalized} in the finalized chain`)
  const notes = Object.entries(s.notes)
  if (notes.length) L.push(`node notes: ${notes.map(([k, n]) => `${k} ×${n}`).join('; ')}`)
  L.push(`events: ${s.events}, wall time: ${s.wallSeconds} s`)
  return L.join('\n')
}

/** Finality latency over time (median and max per block) and merit over time. */
export function chartRun(r: ScenarioResult, s: SimSummary): string {
  const byHeight = new Map<number, number[]>()
  for (const x of r.checker.finality) {
    let a = byHeight.get(x.height)
    if (!a) byHeight.set(x.height, (a = []))
    a.push(x.ms)
  }
  const med: [number, number][] = [], max: [number, number][] = []
  for (const [h, ms] of [...byHeight].sort((a, b) => a[0] - b[0])) {
    const f = r.checker.finalized.get(h)
    if (!f) continue
    const sum = summarize(ms)
    const minute = f.slot * SLOT_MS / 60_000
    med.push([minute, sum.median])
    max.push([minute, sum.max])
  }
  const merit = s.merit.filter((m) => m.minute !== null) as (SimSummary['merit'][0] & { minute: number })[]
  const series = (pick: (m: typeof merit[0]) => number, name: string): Series => ({ name, points: merit.map((m) => [m.minute, pick(m)]) })
  const weightSeries = [series((m) => m.honestWeight, 'honest')]
  const levelSeries = [series((m) => m.honestLevel, 'honest')]
  if (s.crashedValidators) { weightSeries.push(series((m) => m.crashedWeight, 'crashed')); levelSeries.push(series((m) => m.crashedLevel, 'crashed')) }
  if (s.byzantineValidators) { weightSeries.push(series((m) => m.byzantineWeight, 'byzantine')); levelSeries.push(series((m) => m.byzantineLevel, 'byzantine')) }
  return svgChart(`Chiron simulation: seed=${s.seed}, ${s.nodes} validators, ${s.minutes} min`, 'simulated minutes (the block\'s slot; merit at each epoch\'s first block)', [
    { title: 'time to finality per block (ms from slot start)', yLabel: 'ms', series: [{ name: 'median of nodes', points: med }, { name: 'slowest node', points: max }] },
    { title: 'share of the total weight by class (%)', yLabel: '% of W', series: weightSeries },
    { title: 'mean weight ÷ genesis bond by class (‰: the diligence level, less burned bond)', yLabel: 'level ‰', series: levelSeries },
  ])
}
