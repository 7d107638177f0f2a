// The Node host's store: one block's commit to LevelDB (hosts/node/level-kv.ts), synced.
// 70,000 writes of 33-byte keys and 70-byte values, about what a 10,000-transfer block
// stages (state-tree nodes, block, index). Figures: LevelKv.write (a chained batch) against
// the anchor, the same operations as one array batch through classic-level, in the same run.
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { performance } from 'node:perf_hooks'
import { ClassicLevel } from 'classic-level'
import { LevelKv } from '../dist/hosts/node/level-kv.js'
import { rng } from '../test/helpers.js'
import { table } from './lib.js'

const WRITES = 70_000, ROUNDS = 7

export default async function () {
  const dir = mkdtempSync(join(tmpdir(), 'chiron-storagebench-'))
  try {
    const r = rng(7)
    const rounds = Array.from({ length: ROUNDS * 2 }, () => Array.from({ length: WRITES }, () => [r.bytes(33), r.bytes(70)]))
    const kv = await LevelKv.open(join(dir, 'kv'))
    const db = new ClassicLevel(join(dir, 'array'), { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    const chained = [], array = []
    // interleaved, so both see the same machine load
    for (let i = 0; i < ROUNDS; i++) {
      let s = performance.now()
      await kv.write({ del: [], put: rounds[2 * i] })
      chained.push(performance.now() - s)
      const ops = rounds[2 * i + 1].map(([key, value]) => ({ type: 'put', key, value }))
      s = performance.now()
      await db.batch(ops, { sync: true })
      array.push(performance.now() - s)
    }
    await kv.close()
    await db.close()
    const med = (a) => a.sort((x, y) => x - y)[a.length >> 1]
    const c = med(chained), a = med(array)
    table(`LevelDB commit of ${WRITES.toLocaleString('en')} writes, synced (median of ${ROUNDS})`, [
      { what: 'LevelKv.write (chained batch)', time: `${c.toFixed(0)} ms`, ratio: '1.00×' },
      { what: 'anchor: classic-level array batch', time: `${a.toFixed(0)} ms`, ratio: `${(a / c).toFixed(2)}×` },
    ])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
