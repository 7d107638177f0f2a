// Exact replay: a seed gives the same run twice (every figure but wall-clock time), in process
// and through `npm run sim -- --json`; sharing verdicts between nodes (memo-core.ts) changes
// nothing but the time taken; the chart is drawn.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runFlags, optionsOf, deterministicPart } from './sim-fixtures.js'
import { runScenario } from '../dist/runtime/sim/scenario.js'
import { summarizeRun, chartRun, formatReport } from '../dist/runtime/sim/report.js'

const CLI = fileURLToPath(new URL('../dist/hosts/node/sim-cli.js', import.meta.url))

test('a seed with Byzantine nodes, a crash, a restart and a partition replays exactly', async () => {
  const flags = ['--nodes', '8', '--seed', '42', '--key-seed', '1', '--minutes', '0.35', '--byzantine', '0.3', '--crash', '0.15', '--crash-at', '3', '--restart-at', '12', '--partition', '5:10:0.5']
  const a = await runFlags(flags), b = await runFlags(flags)
  assert.equal(deterministicPart(a.summary), deterministicPart(b.summary))
  assert.ok(a.summary.finalHeight > 0)
  const c = await runFlags(flags.map((x) => (x === '42' ? '43' : x)))
  assert.not.equal(deterministicPart(a.summary), deterministicPart(c.summary), 'another seed gives another run')
})

test('sharing verdicts between the simulated nodes changes no verdict', async () => {
  const flags = ['--nodes', '5', '--seed', '9', '--key-seed', '1', '--minutes', '0.25', '--byzantine', '0.2', '--behaviour', 'invalid-blocks']
  const memo = summarizeRun(await runScenario(optionsOf(flags)))
  const plain = summarizeRun(await runScenario({ ...optionsOf(flags), memo: false }))
  const strip = (s) => { const { memoHits, verificationsPerBlock, ...rest } = deterministicPart(s); return rest }
  assert.equal(strip(memo), strip(plain))
  assert.ok(memo.memoHits > 0)
  assert.is(plain.memoHits, 0)
})

test('a light transaction load (--tx-rate) reaches the finalized chain, every transfer once', async () => {
  const { summary } = await runFlags(['--nodes', '6', '--seed', '2', '--key-seed', '1', '--minutes', '0.3', '--tx-rate', '20'])
  assert.ok(summary.txsSent >= 250, `sent ${summary.txsSent}`)
  assert.is(summary.txsFinalized, summary.txsSent)
})

test('npm run sim -- --json: one JSON object with the promised fields, the same twice', () => {
  const args = [CLI, '--nodes', '4', '--seed', '5', '--minutes', '0.2', '--json']
  const runs = [0, 1].map(() => spawnSync(process.execPath, args, { encoding: 'utf8' }))
  for (const r of runs) {
    assert.is(r.status, 0, r.stderr)
    assert.ok(r.stderr.startsWith('seed=5\n'))
  }
  const [a, b] = runs.map((r) => JSON.parse(r.stdout))
  for (const k of ['seed', 'nodes', 'slots', 'finalizedSlots', 'safetyViolations', 'forks', 'bytesPerNodePerSec']) assert.type(a[k], 'number', k)
  for (const k of ['median', 'p90', 'p99']) assert.type(a.finalityMs[k], 'number')
  for (const k of ['median', 'p99']) assert.type(a.notarizationMs[k], 'number')
  assert.is(a.seed, 5)
  assert.equal(deterministicPart(a), deterministicPart(b))
})

test('the text report starts with seed= and the chart has the finality and merit panels', async () => {
  const r = spawnSync(process.execPath, [CLI, '--nodes', '4', '--seed', '6', '--minutes', '0.2', '--quiet'], { encoding: 'utf8' })
  assert.is(r.status, 0, r.stderr)
  assert.ok(r.stdout.startsWith('seed=6\n'))
  assert.match(r.stdout, /time to finality \(ms\): +median \d+/)
  const result = await runScenario(optionsOf(['--nodes', '4', '--seed', '6', '--minutes', '0.2', '--crash', '0.25']))
  const s = summarizeRun(result)
  const svg = chartRun(result, s)
  assert.ok(svg.startsWith('<svg'))
  assert.match(svg, /time to finality/)
  assert.match(svg, /diligence level/)
  assert.ok((svg.match(/<polyline/g) || []).length >= 3)
  assert.match(formatReport(s), /weight and merit per epoch/)
})

test.run()
