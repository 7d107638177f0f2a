// `npm run sim`: the deterministic consensus simulator from the command line (Node host).
// Thin: it parses arguments, runs runtime/sim/scenario.ts, prints the report and writes the
// chart. Exit codes: 0 done, 1 a safety violation was found (the report says how to replay
// it), 2 bad arguments.
import { parseArgs } from 'node:util'
import { writeFileSync } from 'node:fs'
import { Core } from '../../runtime/core.js'
import { runScenario } from '../../runtime/sim/scenario.js'
import { summarizeRun, formatReport, chartRun } from '../../runtime/sim/report.js'
import { parsePartitions, SpecError, BYZANTINE_BEHAVIOURS } from '../../runtime/sim/faults.js'
import type { Behaviour } from '../../runtime/node/node-config.js'

const USAGE = `usage: npm run sim -- [options]

  --nodes N          validators, each running a node (1..4096; default 10)
  --seed S           the run's seed, 0..4294967295 (default 1); a seed replays exactly
  --key-seed K       seed of the validators' keys (default: the run's seed)
  --minutes M        simulated minutes measured (default 1; fractions allowed); the run
                     goes on --settle seconds more so the last slots can finalize
  --settle SEC       simulated seconds after the measured period (default 10)
  --crash F          share of the weight that crashes (0..1), from --crash-at
  --crash-at SEC     when the crash happens (default 0: from the start)
  --restart-at SEC   the crashed nodes come back as fresh nodes at this time
  --byzantine F      share of the weight that is Byzantine (0..1), behaviours mixed:
                     equivocate, double-vote, withhold, invalid-blocks, claim-withhold
  --behaviour B      every Byzantine validator behaves as B instead (or 'mixed')
  --partition SPEC   start:end:share[,...]: from second start to second end the network
                     is split, share of the nodes on one side (e.g. 60:120:0.5)
  --tx-rate R        transfers per second sent to random nodes (default 0)
  --unequal-bonds    bonds drawn from 1..10 × 10,000,000 instead of equal
  --no-memo          every node verifies everything itself (slow; same verdicts)
  --json             print one JSON object (seed= goes to stderr)
  --chart FILE.svg   write a chart of finality latency and merit over time
  --quiet            no progress lines on stderr
  --help             this text`

class UsageError extends Error {}

function number(values: Record<string, unknown>, name: string, def: number, min: number, max: number, integer = false): number {
  const raw = values[name]
  if (raw === undefined) return def
  const s = String(raw)
  const ok = integer ? /^\d+$/.test(s) : /^\d+(\.\d+)?$|^\.\d+$/.test(s)
  const v = Number(s)
  if (!ok || !(v >= min && v <= max)) {
    throw new UsageError(`--${name}: expected ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got ${JSON.stringify(s)}`)
  }
  return v
}

function parseSimArgs(argv: string[]) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        nodes: { type: 'string' }, seed: { type: 'string' }, settle: { type: 'string' }, 'key-seed': { type: 'string' }, minutes: { type: 'string' },
        crash: { type: 'string' }, 'crash-at': { type: 'string' }, 'restart-at': { type: 'string' },
        byzantine: { type: 'string' }, behaviour: { type: 'string' }, partition: { type: 'string' },
        'tx-rate': { type: 'string' }, 'unequal-bonds': { type: 'boolean' }, 'no-memo': { type: 'boolean' },
        json: { type: 'boolean' }, chart: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
      },
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const v = parsed.values as Record<string, unknown>
  const minutes = number(v, 'minutes', 1, 0.05, 1440)
  const behaviour = v.behaviour === undefined ? 'mixed' : String(v.behaviour)
  if (behaviour !== 'mixed' && !BYZANTINE_BEHAVIOURS.includes(behaviour as Behaviour)) {
    throw new UsageError(`--behaviour: expected one of mixed, ${BYZANTINE_BEHAVIOURS.join(', ')}, got ${JSON.stringify(behaviour)}`)
  }
  let partitions
  try {
    partitions = v.partition === undefined ? [] : parsePartitions(String(v.partition))
  } catch (e) {
    if (e instanceof SpecError) throw new UsageError(e.message)
    throw e
  }
  const crash = number(v, 'crash', 0, 0, 1)
  const byzantine = number(v, 'byzantine', 0, 0, 1)
  if (crash + byzantine > 1) throw new UsageError(`--crash plus --byzantine: expected at most 1, got ${crash + byzantine}`)
  const restartAt = v['restart-at'] === undefined ? undefined : number(v, 'restart-at', 0, 0, 86_400) * 1000
  return {
    help: Boolean(v.help),
    json: Boolean(v.json),
    quiet: Boolean(v.quiet),
    chart: v.chart === undefined ? undefined : String(v.chart),
    scenario: {
      nodes: number(v, 'nodes', 10, 1, 4096, true),
      seed: number(v, 'seed', 1, 0, 0xffffffff, true),
      keySeed: v['key-seed'] === undefined ? undefined : number(v, 'key-seed', 0, 0, 0xffffffff, true),
      durationMs: Math.round(minutes * 60_000),
      settleMs: number(v, 'settle', 10, 0, 3600) * 1000,
      crash,
      crashAtMs: number(v, 'crash-at', 0, 0, 86_400) * 1000,
      restartAtMs: restartAt,
      byzantine,
      behaviour: behaviour as Behaviour | 'mixed',
      partitions,
      txPerSecond: number(v, 'tx-rate', 0, 0, 10_000),
      unequalBonds: Boolean(v['unequal-bonds']),
      memo: !v['no-memo'],
    },
  }
}

async function main(argv: string[]): Promise<number> {
  let args
  try {
    args = parseSimArgs(argv)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`sim: ${e.message}\n\n${USAGE}\n`)
    return 2
  }
  if (args.help) { process.stdout.write(USAGE + '\n'); return 0 }
  const seedLine = `seed=${args.scenario.seed}`
  if (args.json) process.stderr.write(seedLine + '\n')
  else process.stdout.write(seedLine + '\n')
  const core = await Core.load()
  const result = await runScenario({
    core, ...args.scenario,
    onProgress: args.quiet ? undefined : (nowMs, h) => process.stderr.write(`  t=${nowMs / 1000} s final height ${h}\n`),
  })
  const summary = summarizeRun(result)
  if (args.json) process.stdout.write(JSON.stringify(summary) + '\n')
  else process.stdout.write(formatReport(summary) + '\n')
  if (args.chart) writeFileSync(args.chart, chartRun(result, summary))
  if (summary.safetyViolations > 0) {
    const replay = [...argv, ...(argv.some((a) => a === '--seed' || a.startsWith('--seed=')) ? [] : ['--seed', String(summary.seed)])]
    process.stderr.write(`SAFETY VIOLATED in seed ${summary.seed}; replay exactly with: npm run sim -- ${replay.join(' ')}\n`)
    return 1
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
