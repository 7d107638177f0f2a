// Every example in examples/ runs and exits cleanly, importing the package by its name.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './helpers.js'

for (const name of readdirSync(join(root, 'examples')).filter((n) => n.endsWith('.js'))) {
  test(`examples/${name} runs`, () => {
    const r = spawnSync(process.execPath, [join(root, 'examples', name)], { encoding: 'utf8', cwd: root, timeout: 120_000 })
    assert.is(r.status, 0, r.stderr)
  })
}

test.run()
