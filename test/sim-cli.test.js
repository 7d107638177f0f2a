// `npm run sim` arguments: bad numbers, unknown flags and bad partition specs exit with
// status 2 and say what was wrong; the fault planner never exceeds the weight it is given.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parsePartitions, planFaults, partitionSide, SpecError } from '../dist/runtime/sim/faults.js'
import { Rng } from '../dist/runtime/sim/rng.js'

const CLI = fileURLToPath(new URL('../dist/hosts/node/sim-cli.js', import.meta.url))
const sim = (...args) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' })

const BAD = [
  [['--nodes', 'abc'], /--nodes: expected an integer in 1\.\.4096, got "abc"/],
  [['--nodes', '0'], /--nodes: expected an integer in 1\.\.4096, got "0"/],
  [['--nodes', '5000'], /--nodes: expected an integer/],
  [['--seed', '-1'], /--seed/],
  [['--seed', '1.5'], /--seed: expected an integer/],
  [['--minutes', 'ten'], /--minutes: expected a number/],
  [['--minutes', '0'], /--minutes: expected a number in 0\.05\.\.1440/],
  [['--crash', '1.5'], /--crash: expected a number in 0\.\.1, got "1\.5"/],
  [['--byzantine', '0.3x'], /--byzantine: expected a number/],
  [['--crash', '0.6', '--byzantine', '0.6'], /--crash plus --byzantine: expected at most 1/],
  [['--behaviour', 'evil'], /--behaviour: expected one of mixed, equivocate/],
  [['--partition', '60:30:0.5'], /--partition: expected end after start/],
  [['--partition', '60:120'], /--partition: expected start:end:share/],
  [['--partition', '60:120:1.5'], /--partition: expected start:end:share/],
  [['--partition', '10:50:0.5,40:60:0.5'], /--partition: expected partitions that do not overlap/],
  [['--bogus'], /Unknown option '--bogus'/],
  [['--nodes'], /--nodes/],
  [['stray'], /positional/i],
]

for (const [args, message] of BAD) {
  test(`sim ${args.join(' ')} → exit 2 and says why`, () => {
    const r = sim(...args)
    assert.is(r.status, 2, r.stderr)
    assert.match(r.stderr, message)
    assert.match(r.stderr, /usage: npm run sim/)
    assert.is(r.stdout, '')
  })
}

test('--help prints the usage and exits 0', () => {
  const r = sim('--help')
  assert.is(r.status, 0)
  assert.match(r.stdout, /--partition SPEC/)
})

test('partition specs: several, in order, times in seconds', () => {
  assert.equal(parsePartitions('60:120:0.5'), [{ startMs: 60_000, endMs: 120_000, share: 0.5 }])
  assert.equal(parsePartitions('30:60:0.3, 1.5:2:0.25').map((p) => p.startMs), [1_500, 30_000])
  assert.throws(() => parsePartitions('a:b:c'), (e) => e instanceof SpecError)
  assert.throws(() => parsePartitions('1:2:0'), (e) => e instanceof SpecError)
})

test('faults never exceed their share of the weight; Byzantine and crashed sets are disjoint', () => {
  for (let seed = 0; seed < 50; seed++) {
    const rng = new Rng(seed)
    const bonds = Array.from({ length: 7 + (seed % 20) }, () => BigInt(rng.between(1, 10)) * 1_000_000n)
    const total = bonds.reduce((a, b) => a + b, 0n)
    const byz = [0, 0.1, 0.3, 0.33][seed % 4], crash = [0, 0.2, 0.25][seed % 3]
    const plan = planFaults(new Rng(seed + 1000), bonds, { crash, byzantine: byz })
    const sum = (ix) => ix.reduce((a, i) => a + bonds[i], 0n)
    assert.ok(Number(sum(plan.byzantine)) <= byz * Number(total))
    assert.ok(Number(sum(plan.crashed)) <= crash * Number(total))
    assert.ok(plan.byzantine.every((i) => !plan.crashed.includes(i)))
    assert.ok(plan.byzantine.every((i) => plan.behaviours[i] !== 'honest'))
    assert.is(plan.behaviours.filter((b) => b !== 'honest').length, plan.byzantine.length)
  }
  // mixed behaviours take turns
  const plan = planFaults(new Rng(1), new Array(12).fill(1n), { crash: 0, byzantine: 0.42 })
  assert.equal([...new Set(plan.byzantine.map((i) => plan.behaviours[i]))].sort(), ['claim-withhold', 'double-vote', 'equivocate', 'invalid-blocks', 'withhold'])
  const side = partitionSide(new Rng(3), 10, 0.3)
  assert.is(side.length, 3)
})

test.run()
