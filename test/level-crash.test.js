// The Node host's LevelDB store is crash-safe: a writer killed with SIGKILL at random moments
// loses nothing it acknowledged, the store reopens consistent, and resuming from it reaches
// exactly the state root of an uninterrupted replay. Also: clear errors for a locked or empty
// data directory.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, loadCore, rng, hex } from './helpers.js'
import { generateChain } from '../dist/runtime/chain/gen.js'
import { replayChain } from '../dist/runtime/chain/replay.js'
import { LevelKv, DataDirError } from '../dist/hosts/node/level-kv.js'
import { ChainStore } from '../dist/runtime/storage/chain-store.js'

const core = await loadCore()
const dir = mkdtempSync(join(tmpdir(), 'chiron-level-'))
const chainBytes = await generateChain(core, { seed: 12, accounts: 40, blocks: 40, txs: 60 })
const chainPath = join(dir, 'chain.bin')
writeFileSync(chainPath, chainBytes)
const expected = await replayChain(core, chainBytes)
const R = rng(31337)

function runWriter(dbDir, killAfterAcks) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'test/hosts/crash-writer.js'), dbDir, chainPath], { cwd: root })
    let acked = 0, out = '', err = '', done = false
    child.stdout.on('data', (d) => {
      out += d
      acked = Math.max(acked, ...[...out.matchAll(/acked (\d+)/g)].map((m) => Number(m[1])))
      if (/done/.test(out)) done = true
      if (killAfterAcks !== undefined && acked >= killAfterAcks && !child.killed) {
        // kill at a random moment a little after the ack: sometimes mid-commit
        setTimeout(() => child.kill('SIGKILL'), R.int(15))
      }
    })
    child.stderr.on('data', (d) => { err += d })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ acked, done, code, signal, err }) })
  })
}

test('SIGKILL at random moments loses nothing acknowledged; resuming reaches the same root', async () => {
  const dbDir = join(dir, 'db')
  let lastAcked = 0, kills = 0
  for (let round = 0; round < 6; round++) {
    const r = await runWriter(dbDir, lastAcked + 2 + R.int(6))
    console.log(`  round ${round}: killed=${r.signal === 'SIGKILL'} acked=${r.acked} done=${r.done}`)
    if (r.done) break
    assert.is(r.signal, 'SIGKILL', r.err)
    const kv = await LevelKv.open(dbDir)
    const p = await new ChainStore(kv).checkConsistent()
    await kv.close()
    assert.ok(p.height >= BigInt(r.acked), `round ${round}: progress ${p.height} is behind acknowledged ${r.acked}`)
    if (p.height > 0n) assert.is(hex(p.stateRoot), expected.blocks[Number(p.height) - 1].stateRoot)
    console.log(`  reopened at height ${p.height}`)
    lastAcked = Number(p.height)
    kills++
  }
  assert.ok(kills >= 3, `only ${kills} kills happened`)
  const fin = await runWriter(dbDir)
  assert.ok(fin.done, fin.err)
  const kv = await LevelKv.open(dbDir)
  const p = await new ChainStore(kv).checkConsistent()
  await kv.close()
  assert.is(p.height, 40n)
  assert.is(hex(p.stateRoot), expected.blocks[39].stateRoot)
})

test('a data directory in use by another process, or holding no database, is a clear error', async () => {
  const dbDir = join(dir, 'locked')
  const kv = await LevelKv.open(dbDir)
  try {
    await LevelKv.open(dbDir)
    assert.unreachable()
  } catch (e) {
    assert.instance(e, DataDirError)
    assert.match(e.message, /in use by another process/)
  } finally {
    await kv.close()
  }
  try {
    await LevelKv.open(join(dir, 'nothing-here'), { create: false })
    assert.unreachable()
  } catch (e) {
    assert.instance(e, DataDirError)
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))
test.run()
