// Cross-host determinism (DESIGN.md, "Testing"): one chain, generated once in Node, replayed
// through the same wasm core on four real runtimes — Node, Deno (npm package `deno`),
// headless Chromium (Debian's /usr/bin/chromium via playwright-core) and workerd (npm
// package `workerd`) — must give the identical genesis root, the identical state root after
// every block, and the same transaction counts. Each host also refuses a bad file cleanly.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root } from './helpers.js'
import { replayOnDeno } from './hosts/deno.js'
import { openChromiumReplay } from './hosts/chromium.js'
import { startWorkerd } from './hosts/workerd.js'

const { Core } = await import('../dist/runtime/core.js')
const { generateChain } = await import('../dist/runtime/chain/gen.js')
const { replayChain, ReplayError } = await import('../dist/runtime/chain/replay.js')

// Big enough that every account sends and receives many times over (a Merkle tree with
// real depth, nonces far from zero), small enough to stay a few seconds on every host.
const CHAIN = { seed: 7, accounts: 16, blocks: 12, txs: 40 }

const dir = mkdtempSync(join(tmpdir(), 'chiron-crosshost-'))
const chainFile = join(dir, 'chain.bin')
const badFile = join(dir, 'bad.bin')
let chain, bad, reference
const timings = [] // [host, wall ms (start to answer), replay ms reported by the host]

const packageVersion = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version

/** The part of a replay result every host must agree on. */
const verdict = (r) => ({ genesisRoot: r.genesisRoot, blocks: r.blocks, txCount: r.txCount })

function assertSameAsNode(host, result) {
  assert.ok(result, `${host}: no result`)
  assert.is(result.genesisRoot, reference.genesisRoot, `${host}: genesis root differs from Node`)
  assert.is(result.blocks.length, reference.blocks.length, `${host}: block count differs from Node`)
  for (let i = 0; i < reference.blocks.length; i++) {
    assert.equal(result.blocks[i], reference.blocks[i], `${host}: block ${i + 1} differs from Node`)
  }
  assert.is(result.txCount, reference.txCount, `${host}: transaction count differs from Node`)
  assert.equal(verdict(result), verdict(reference))
}

test.before(async () => {
  const core = await Core.load()
  chain = await generateChain(core, CHAIN)
  writeFileSync(chainFile, chain)
  // A chain file cut short inside its last block: every host must refuse it.
  bad = chain.subarray(0, chain.length - 7)
  writeFileSync(badFile, bad)
})

test.after(() => {
  rmSync(dir, { recursive: true, force: true })
  if (timings.length) {
    console.log(`  chain: ${CHAIN.blocks} blocks × ${CHAIN.txs} transfers, ${CHAIN.accounts} accounts, ${chain.length} bytes`)
    for (const [host, wall, ms] of timings) console.log(`  ${host.padEnd(24)} ${String(wall).padStart(6)} ms from start to answer, replay ${ms} ms`)
  }
})

test('Node: the reference replay', async () => {
  const t0 = Date.now()
  reference = await replayChain(await Core.load(), chain)
  timings.push([`node ${process.versions.node}`, Date.now() - t0, reference.ms])
  assert.is(reference.blocks.length, CHAIN.blocks)
  assert.is(reference.txCount, CHAIN.blocks * CHAIN.txs)
  assert.match(reference.genesisRoot, /^[0-9a-f]{64}$/)
  const roots = new Set([reference.genesisRoot, ...reference.blocks.map((b) => b.stateRoot)])
  assert.is(roots.size, CHAIN.blocks + 1, 'every block must change the state root')
  reference.blocks.forEach((b, i) => {
    assert.is(b.height, i + 1)
    assert.is(b.txCount, CHAIN.txs)
    assert.match(b.stateRoot, /^[0-9a-f]{64}$/)
  })
  await replayChain(await Core.load(), bad).then(
    () => assert.unreachable('Node accepted a truncated chain file'),
    (e) => assert.instance(e, ReplayError),
  )
})

test('Deno: same roots as Node', async () => {
  const r = await replayOnDeno(root, chainFile, { denoDir: join(dir, 'deno') })
  assert.is(r.code, 0, `deno failed: ${r.stderr}`)
  timings.push([`deno ${packageVersion('deno')}`, r.ms, r.result.ms])
  assertSameAsNode('deno', r.result)
  const b = await replayOnDeno(root, badFile, { denoDir: join(dir, 'deno') })
  assert.is(b.code, 1)
  assert.match(b.stderr, /^chiron \(deno\): chain file: /)
  const missing = await replayOnDeno(root, join(dir, 'no-such-file'), { denoDir: join(dir, 'deno') })
  assert.is(missing.code, 1)
  assert.match(missing.stderr, /cannot read .*no-such-file/)
})

test('Chromium: same roots as Node', async () => {
  const t0 = Date.now()
  const page = await openChromiumReplay(root)
  try {
    const r = await page.replay(chain)
    assert.ok(r.result, `chromium ${page.version} failed: ${r.error}`)
    timings.push([`chromium ${page.version}`, Date.now() - t0, r.result.ms])
    assertSameAsNode('chromium', r.result)
    const b = await page.replay(bad)
    assert.match(b.error ?? '', /^ReplayError: chain file: /)
  } finally {
    await page.close()
  }
})

test('workerd: same roots as Node', async () => {
  const t0 = Date.now()
  const worker = await startWorkerd(root, dir)
  try {
    const r = await worker.replay(chain)
    assert.is(r.status, 200, `workerd answered ${r.status}: ${JSON.stringify(r.body)}\n${worker.log()}`)
    timings.push([`workerd ${packageVersion('workerd')}`, Date.now() - t0, r.body.ms])
    assertSameAsNode('workerd', r.body)
    const b = await worker.replay(bad)
    assert.is(b.status, 400)
    assert.match(b.body.error, /^chain file: /)
  } finally {
    await worker.close()
  }
})

test('the worker bundle leaves the embedded wasm out; the other bundles carry it', () => {
  const base64 = readFileSync(join(root, 'build', 'chiron.wasm')).toString('base64')
  const probe = base64.slice(1000, 1100) // a stretch of the module's code, not its header
  assert.not.ok(readFileSync(join(root, 'dist', 'bundles', 'worker.js'), 'utf8').includes(probe), 'worker.js embeds chiron.wasm')
  assert.ok(readFileSync(join(root, 'dist', 'bundles', 'deno.js'), 'utf8').includes(probe), 'deno.js lacks the embedded chiron.wasm')
  assert.ok(readFileSync(join(root, 'dist', 'bundles', 'browser.js'), 'utf8').includes(probe), 'browser.js lacks the embedded chiron.wasm')
})

test.run()
