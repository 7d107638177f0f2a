// `chiron gen` and `chiron replay` end to end, as a user runs them: deterministic output,
// per-block roots, and clear errors (naming the block and the reason) for bad files/args.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root, loadCore } from './helpers.js'
import { generateChain } from '../dist/runtime/chain/gen.js'
import { replayChain, ReplayError } from '../dist/runtime/chain/replay.js'
import { decodeChainFile, encodeChainFile } from '../dist/runtime/chain/file.js'
import { decodeBlock, txRoot } from '../dist/runtime/codec/block.js'

const dir = mkdtempSync(join(tmpdir(), 'chiron-replay-test-'))
const chiron = (...args) => spawnSync(process.execPath, [join(root, 'bin', 'chiron.js'), ...args], { encoding: 'utf8', cwd: dir })
const core = await loadCore()

test('gen is deterministic; another seed gives another chain', () => {
  const a = chiron('gen', '--seed', '5', '--accounts', '20', '--blocks', '6', '--txs', '30', '-o', 'a.bin')
  assert.is(a.status, 0, a.stderr)
  chiron('gen', '--seed', '5', '--accounts', '20', '--blocks', '6', '--txs', '30', '-o', 'b.bin')
  chiron('gen', '--seed', '6', '--accounts', '20', '--blocks', '6', '--txs', '30', '-o', 'c.bin')
  const [fa, fb, fc] = ['a.bin', 'b.bin', 'c.bin'].map((f) => readFileSync(join(dir, f)))
  assert.ok(fa.equals(fb))
  assert.not.ok(fa.equals(fc))
})

test('the CLI (OpenSSL signer) and the runtime (@noble wallet) generate identical chains', async () => {
  const fromRuntime = await generateChain(core, { seed: 5, accounts: 20, blocks: 6, txs: 30 })
  assert.ok(Buffer.from(fromRuntime).equals(readFileSync(join(dir, 'a.bin'))))
})

test('replay prints every block root, the count and the rate', () => {
  const r = chiron('replay', 'a.bin')
  assert.is(r.status, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.is(lines.filter((l) => /^block \d+  root [0-9a-f]{64}  30 txs/.test(l)).length, 6)
  assert.match(r.stdout, /replayed 6 blocks, 180 transfers in \d+ ms: \d+ transfers\/s/)
  const j = JSON.parse(chiron('replay', 'a.bin', '--json').stdout)
  assert.is(j.blocks.length, 6)
  assert.is(j.txCount, 180)
  assert.ok(lines.some((l) => l.includes(j.blocks[5].stateRoot)))
})

function corrupt(name, edit) {
  const file = decodeChainFile(new Uint8Array(readFileSync(join(dir, 'a.bin'))))
  const blocks = file.blocks.map((b) => b.slice())
  edit(blocks, file)
  writeFileSync(join(dir, name), encodeChainFile({ ...file, blocks }))
  return chiron('replay', name)
}

test('bad blocks: the error names the block and the reason; exit code 1', () => {
  const cases = [
    // a flipped bit in a signature's s, with the tx root made to match so the signature check is reached
    ['sig.bin', (b) => { b[2][153 + 158 * 4 + 131] ^= 1; b[2].set(txRoot(decodeBlock(b[2]).txBytes), 85) }, /block 3: .*signature does not verify.*transaction 4/],
    ['txroot.bin', (b) => { b[2][153 + 158 * 4 + 131] ^= 1 }, /block 3: .*E_TX_ROOT/],
    ['state.bin', (b) => { b[3][120] ^= 1 }, /block 4: .*E_STATE_ROOT/],
    ['parent.bin', (b) => { b[1][30] ^= 1 }, /block 2: parent hash/],
    ['height.bin', (b) => { b[4][5] = 9 }, /block 5: expected height 5, got 9/],
    ['trailing.bin', (b) => { b[0] = Uint8Array.from([...b[0], 0]) }, /block 1: .*E_TRAILING/],
    ['order.bin', (b) => { const t = b[1]; b[1] = b[2]; b[2] = t }, /block 2: expected height 2, got 3/],
  ]
  for (const [name, edit, expected] of cases) {
    const r = corrupt(name, edit)
    assert.is(r.status, 1, name)
    assert.match(r.stderr, expected, name)
    assert.not.match(r.stderr, /at .*\.js:\d+/, `${name}: no stack trace for a bad file`)
  }
})

test('bad files and arguments: clear errors, no stack traces', () => {
  const whole = readFileSync(join(dir, 'a.bin'))
  writeFileSync(join(dir, 'short.bin'), whole.subarray(0, whole.length - 10))
  writeFileSync(join(dir, 'magic.bin'), Buffer.from('not a chain file at all'))
  writeFileSync(join(dir, 'empty.bin'), Buffer.alloc(0))
  const cases = [
    [['replay', 'short.bin'], 1, /chain file: block 6 of 6: .*expected/],
    [['replay', 'magic.bin'], 1, /chain file: .*magic/],
    [['replay', 'empty.bin'], 1, /chain file: .*expected 8 more bytes/],
    [['replay', 'missing.bin'], 2, /cannot read missing.bin: no such file/],
    [['replay', '.'], 2, /cannot read \.: it is a directory/],
    [['replay'], 2, /expected one chain file, got 0/],
    [['gen', '--seed', 'x', '--accounts', '1', '--blocks', '1', '--txs', '1', '-o', 'z'], 2, /--seed: expected an integer/],
    [['gen', '--seed', '1', '--accounts', '0', '--blocks', '1', '--txs', '1', '-o', 'z'], 2, /--accounts: expected an integer in 1\.\./],
    [['gen', '--seed', '1', '--accounts', '2', '--blocks', '1', '--txs', '1'], 2, /missing -o FILE/],
    [['gen', '--bogus'], 2, /Unknown option/],
    [['gen', '--seed', '1', '--accounts', '2', '--blocks', '1000', '--txs', '20000', '-o', 'z'], 2, /--blocks × --txs: expected at most 2000000/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ]
  for (const [args, status, expected] of cases) {
    const r = chiron(...args)
    assert.is(r.status, status, args.join(' ') + ': ' + r.stderr)
    assert.match(r.stderr, expected, args.join(' '))
    assert.not.match(r.stderr, /at .*\.js:\d+/, args.join(' '))
  }
})

test('replayChain throws ReplayError with the block number', async () => {
  const file = decodeChainFile(new Uint8Array(readFileSync(join(dir, 'a.bin'))))
  const blocks = file.blocks.map((b) => b.slice())
  blocks[1][200] ^= 4
  try {
    await replayChain(core, encodeChainFile({ ...file, blocks }))
    assert.unreachable()
  } catch (e) {
    assert.instance(e, ReplayError)
    assert.is(e.block, 2)
  }
})

test.after(() => rmSync(dir, { recursive: true, force: true }))
test.run()
