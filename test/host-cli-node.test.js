// `chiron init`, `node`, `devnet`, `tx send` refuse bad input with a clear message and a
// non-zero exit, and touch nothing: a missing, damaged or locked data directory, a wrong or
// missing passphrase, ports in use, bad arguments.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createServer } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chiron, basePort } from './hosts/chiron-nodes.js'
import { LevelKv } from '../dist/hosts/node/level-kv.js'

const dir = mkdtempSync(join(tmpdir(), 'chiron-cli-'))
test.after(() => rmSync(dir, { recursive: true, force: true }))

const node = (d, extra = [], env) => chiron(['node', '--dir', d, '--http', `127.0.0.1:${basePort()}`, ...extra], { env, timeoutMs: 30_000 })

function fails(r, code, pattern) {
  assert.is(r.code, code, `exit code (stderr: ${r.stderr})`)
  assert.match(r.stderr, pattern)
  assert.not.match(r.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace')
}

test('devnet --init-only makes a genesis, a faucet key and data directories; init adds a node to it', async () => {
  const r = await chiron(['devnet', '--nodes', '2', '--dir', join(dir, 'dn'), '--init-only'])
  assert.is(r.code, 0, r.stderr)
  const genesis = JSON.parse(readFileSync(join(dir, 'dn', 'genesis.json'), 'utf8'))
  assert.is(genesis.chainId, 1)
  const i = await chiron(['init', '--dir', join(dir, 'extra'), '--genesis', join(dir, 'dn', 'genesis.json')])
  assert.is(i.code, 0, i.stderr)
  const out = JSON.parse(i.stdout)
  assert.match(out.peerId, /^12D3Koo/)
  assert.is(out.validator.blsPk.length, 96)
  fails(await chiron(['init', '--dir', join(dir, 'extra'), '--genesis', join(dir, 'dn', 'genesis.json')]), 1, /initialized already/)
  fails(await chiron(['devnet', '--nodes', '3', '--dir', join(dir, 'dn'), '--init-only']), 2, /holds a devnet of 2 nodes/)
})

test('bad arguments: exit 2 with the option, what was expected and what was given', async () => {
  fails(await chiron(['devnet', '--nodes', '0', '--dir', join(dir, 'x')]), 2, /--nodes: expected an integer in 1\.\.64, got "0"/)
  fails(await chiron(['node', '--dir', join(dir, 'dn', 'node-0'), '--http', '127.0.0.1:99999']), 2, /--http: expected HOST:PORT/)
  fails(await chiron(['node', '--dir', join(dir, 'dn', 'node-0'), '--listen', 'tcp/1']), 2, /--listen: expected a multiaddr/)
  fails(await chiron(['node', '--dir', join(dir, 'dn', 'node-0'), '--state-cache', '99']), 2, /--state-cache: expected an integer in 10000\.\.100000000, got "99"/)
  fails(await chiron(['node', '--dir', join(dir, 'dn', 'node-0'), '--bogus']), 2, /Unknown option '--bogus'/)
  fails(await chiron(['init', '--dir', join(dir, 'y')]), 2, /missing --genesis/)
  fails(await chiron(['tx', 'send', '--key', join(dir, 'dn', 'faucet.key'), '--to', '00', '--amount', '1']), 2, /--to: expected 32 bytes of hex/)
  fails(await chiron(['tx', 'send', '--key', join(dir, 'dn', 'faucet.key'), '--to', '00'.repeat(32), '--amount', '1.5']), 2, /--amount: expected an integer/)
  fails(await chiron(['status', '--node', `http://127.0.0.1:${basePort()}`]), 1, /cannot reach .*is a node running there/)
})

test('a missing data directory, a wrong or missing passphrase', async () => {
  fails(await node(join(dir, 'none')), 1, /is not a chiron data directory \(run chiron init/)
  fails(await node(join(dir, 'dn', 'node-0'), [], { CHIRON_PASSPHRASE: 'not it' }), 1, /cannot open the validator keys: key file: wrong passphrase/)
  fails(await node(join(dir, 'dn', 'node-0'), [], { CHIRON_PASSPHRASE: '' }), 1, /the validator keys are encrypted: set CHIRON_PASSPHRASE/)
  const pf = join(dir, 'pass.txt')
  writeFileSync(pf, 'wrong\n')
  fails(await node(join(dir, 'dn', 'node-0'), ['--passphrase-file', pf]), 1, /wrong passphrase/)
})

test('ports in use: the HTTP port and the libp2p port', async () => {
  const server = createServer()
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const taken = server.address().port
  try {
    fails(await chiron(['node', '--dir', join(dir, 'dn', 'node-0'), '--http', `127.0.0.1:${taken}`]), 1, new RegExp(`HTTP port ${taken} on 127\\.0\\.0\\.1 is in use`))
    fails(await node(join(dir, 'dn', 'node-0'), ['--listen', `/ip4/127.0.0.1/tcp/${taken}`]), 1, new RegExp(`cannot listen on /ip4/127\\.0\\.0\\.1/tcp/${taken}: the port is in use`))
  } finally {
    server.close()
  }
})

test('a damaged data directory: a corrupt network record, a broken database', async () => {
  const kv = await LevelKv.open(join(dir, 'dn', 'node-1', 'db'))
  const key = Uint8Array.of(0x04, ...new TextEncoder().encode('network'))
  const good = await kv.get(key)
  await kv.write({ put: [[key, Uint8Array.of(9, 9)]], del: [] })
  await kv.close()
  fails(await node(join(dir, 'dn', 'node-1')), 1, /corrupt data directory: network record: expected version 1, got 9/)
  const kv2 = await LevelKv.open(join(dir, 'dn', 'node-1', 'db'))
  await kv2.write({ put: [[key, good]], del: [] })
  await kv2.close()
  writeFileSync(join(dir, 'dn', 'node-1', 'db', 'CURRENT'), 'garbage\n')
  fails(await node(join(dir, 'dn', 'node-1')), 1, /cannot open the database \(is the data directory damaged\?\)/)
})

test.run()
