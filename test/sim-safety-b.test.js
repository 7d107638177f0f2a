// Safety over seeds 40–79 (one fifth of the 200-seed sweep; the files run in
// parallel): 7–10 validators for 30 simulated seconds with Byzantine weight below 1/3 (each
// behaviour and mixtures), crashed weight, partitions and restarts mixed by seed
// (test/sim-fixtures.js). No two honest nodes may ever finalize different blocks at one height.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sweepSafety } from './sim-fixtures.js'

test('no safety violation in seeds 40–79', async () => {
  const { finalized, runs, byzantineRuns } = await sweepSafety(assert, 40, 80)
  assert.is(runs, 40)
  assert.ok(byzantineRuns >= 20, 'most runs have Byzantine validators')
  // the runs do make progress: on average several finalized heights each
  assert.ok(finalized >= 3 * runs, `finalized heights in all: ${finalized}`)
})

test.run()
