// Scenarios for the simulator's tests: a seed picks the network size, the Byzantine and
// crashed weight (Byzantine always below 1/3), the behaviour, a partition and a restart, so a
// sweep over seeds covers them in mixtures. Each scenario also has the `npm run sim` command
// that replays it exactly.
import { loadCore } from './helpers.js'
import { runScenario } from '../dist/runtime/sim/scenario.js'
import { summarizeRun } from '../dist/runtime/sim/report.js'
import { parsePartitions } from '../dist/runtime/sim/faults.js'

export const core = await loadCore()

const BEHAVIOURS = ['mixed', 'equivocate', 'double-vote', 'withhold', 'invalid-blocks']

/** The CLI flags of a mixed-fault scenario for `seed` (30 simulated seconds in all). */
export function safetyFlags(seed) {
  const nodes = 7 + (seed % 4)
  const byzantine = [0.3, 0.15, 0.3, 0][(seed >> 2) % 4]
  const crash = [0, 0.1, 0.15][seed % 3]
  const flags = ['--nodes', nodes, '--seed', seed, '--key-seed', 1, '--minutes', 0.35, '--byzantine', byzantine, '--behaviour', BEHAVIOURS[seed % 5], '--crash', crash]
  if (seed % 5 < 2) flags.push('--partition', seed % 2 ? '6:14:0.5' : '4:12:0.3')
  if (crash && seed % 7 === 0) flags.push('--crash-at', 3, '--restart-at', 12)
  return flags.map(String)
}

/** runScenario options equal to the CLI flags (the replay command runs exactly this). */
export function optionsOf(flags) {
  const f = new Map()
  for (let i = 0; i < flags.length; i += 2) f.set(flags[i].slice(2), flags[i + 1])
  const num = (k, d) => (f.has(k) ? Number(f.get(k)) : d)
  return {
    core, nodes: num('nodes'), seed: num('seed'), keySeed: f.has('key-seed') ? num('key-seed') : undefined,
    durationMs: Math.round(num('minutes', 1) * 60_000), crash: num('crash', 0), crashAtMs: num('crash-at', 0) * 1000,
    restartAtMs: f.has('restart-at') ? num('restart-at') * 1000 : undefined, byzantine: num('byzantine', 0),
    behaviour: f.get('behaviour') ?? 'mixed', txPerSecond: num('tx-rate', 0), partitions: f.has('partition') ? parsePartitions(f.get('partition')) : [],
  }
}

export async function runFlags(flags) {
  const result = await runScenario(optionsOf(flags))
  return { result, summary: summarizeRun(result) }
}

/** The summary without its wall-clock figures (the only fields a replay may change). */
export function deterministicPart(s) {
  const { wallSeconds, verifyMsPerBlock, ...rest } = s
  return rest
}

/** Runs seeds [from, to) and asserts that no honest nodes ever finalized different blocks. */
export async function sweepSafety(assert, from, to) {
  let finalized = 0, runs = 0, byzantineRuns = 0
  for (let seed = from; seed < to; seed++) {
    const flags = safetyFlags(seed)
    const { summary } = await runFlags(flags)
    assert.is(summary.safetyViolations, 0, `seed ${seed}: ${JSON.stringify(summary.violations)}; replay: npm run sim -- ${flags.join(' ')}`)
    finalized += summary.finalHeight
    runs++
    if (summary.byzantineValidators) byzantineRuns++
  }
  return { finalized, runs, byzantineRuns }
}
