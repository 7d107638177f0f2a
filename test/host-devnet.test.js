// A devnet of real `chiron node` processes on 127.0.0.1, each with its own LevelDB data
// directory and libp2p: blocks are finalized; a transfer sent to one node is final on all;
// a node killed with SIGKILL restarts from its disk and catches up; a node started late
// syncs from genesis; malformed and invalid gossip and sync responses from a rogue peer are
// dropped (not forwarded) without harming anyone.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { join } from 'node:path'
import { Devnet, chiron, sleep } from './hosts/chiron-nodes.js'
import { P2pHost } from '../dist/hosts/node/p2p.js'
import { encodeSyncRequest, decodeSyncResponse } from '../dist/runtime/node/sync-codec.js'

const net = new Devnet(4)
const VALIDATORS = [0, 1, 2, 3]
const hosts = []
test.after(async () => {
  for (const h of hosts) await h.stop().catch(() => {})
  await net.stopAll()
})

/** Waits until the nodes all report the same finalized height ≥ `min` with the same hash. */
async function agreeAtLeast(nodes, min, timeoutMs = 60_000) {
  const s = await net.waitFor(nodes, (st) => st.every((x) => x && x.finalizedHeight >= min && x.finalizedHeight === st[0].finalizedHeight), { timeoutMs, what: `nodes ${nodes} to agree on a final height ≥ ${min}` })
  for (const x of s) assert.is(x.finalizedHash, s[0].finalizedHash, `one final block at height ${s[0].finalizedHeight}`)
  return s[0].finalizedHeight
}

test('4 validator processes finalize blocks and agree on them', async () => {
  await net.init()
  for (const i of VALIDATORS) net.start(i)
  const h = await agreeAtLeast(VALIDATORS, 3, 90_000)
  const s = await net.status(2)
  assert.is(s.validators.length, 4)
  assert.ok(s.peers.length >= 1, 'connected')
  assert.ok(s.finalityLatencyMs > 0 && s.finalityLatencyMs < 3000, `finality latency ${s.finalityLatencyMs} ms`)
  assert.ok(h >= 3)
})

test('a transfer sent to one node is final on all four', async () => {
  const to = 'ab'.repeat(32)
  const r = await chiron(['tx', 'send', '--node', `http://127.0.0.1:${net.httpPort(1)}`, '--key', join(net.dir, 'faucet.key'), '--to', to, '--amount', '7', '--wait'])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, /final at height/)
  await net.waitFor(VALIDATORS, () => true)
  for (const i of VALIDATORS) {
    const end = Date.now() + 20_000
    let a
    do { a = (await net.get(i, `/account/${to}`)).body; if (a.balance === '7') break; await sleep(300) } while (Date.now() < end)
    assert.equal(a, { balance: '7', nonce: '0' }, `node ${i}`)
  }
  // bad requests get clear errors
  assert.is((await net.get(0, '/account/zz')).status, 400)
  const bad = await fetch(`http://127.0.0.1:${net.httpPort(0)}/tx`, { method: 'POST', body: '0011' })
  assert.is(bad.status, 400)
  assert.match((await bad.json()).error, /refused/)
  const wrong = await chiron(['tx', 'send', '--node', `http://127.0.0.1:${net.httpPort(1)}`, '--key', join(net.dir, 'faucet.key'), '--to', 'abc', '--amount', '7'])
  assert.is(wrong.code, 2)
  assert.match(wrong.stderr, /--to: expected 32 bytes of hex/)
})

test('a node killed with SIGKILL restarts from its disk and catches up', async () => {
  const before = await net.status(3)
  await net.kill(3, 'SIGKILL')
  const others = [0, 1, 2]
  const s = await net.waitFor(others, (st) => st.every((x) => x && x.finalizedHeight >= before.finalizedHeight + 2), { what: 'three validators to go on without the fourth' })
  net.start(3)
  const first = await net.waitFor([3], ([x]) => x !== null, { what: 'node 3 to come back' })
  assert.ok(first[0].finalizedHeight >= before.finalizedHeight, `node 3 resumed at ${first[0].finalizedHeight}, had acknowledged ${before.finalizedHeight}`)
  await agreeAtLeast(VALIDATORS, Math.max(...s.map((x) => x.finalizedHeight)) + 1)
  assert.match(net.log(3), /finalized/)
})

test('garbage and invalid gossip from a rogue peer is dropped and not forwarded; a late node syncs from genesis past a rogue sync server', async () => {
  // the rogue (connected to node 0 only) and an observer (connected to node 1 only)
  const heard = []
  const observer = { handle(input) { if (input.type === 'gossip') heard.push(input.data); return [] } }
  const rogueNode = {
    outbox: [], responses: [],
    handle(input) {
      if (input.type === 'response') rogueNode.responses.push(input.data)
      // the rogue's sync server answers every request with garbage
      if (input.type === 'request') return [{ type: 'respond', to: input.from, id: input.id, data: Uint8Array.of(1, 2, 3, 4, 5) }]
      const out = rogueNode.outbox
      rogueNode.outbox = []
      return out
    },
  }
  const rogue = await P2pHost.start(rogueNode, { chainId: 1, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [net.addr(0)] })
  hosts.push(rogue)
  const obs = await P2pHost.start(observer, { chainId: 1, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [net.addr(1)] })
  hosts.push(obs)
  await sleep(2000) // subscriptions and meshes form
  const kick = () => rogue.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true })
  // a real block to mutate, fetched from node 0 by a sync request
  rogueNode.outbox.push({ type: 'request', to: net.peerId(0), id: 1, data: encodeSyncRequest({ kind: 'range', from: 1n, count: 2 }) })
  kick()
  const end = Date.now() + 10_000
  while (rogueNode.responses.length === 0 && Date.now() < end) await sleep(100)
  assert.ok(rogueNode.responses[0], 'node 0 answered the rogue')
  const block = decodeSyncResponse(rogueNode.responses[0]).blocks[1]
  const badBlock = block.slice(); badBlock[block.length - 1] ^= 1 // its signature no longer holds
  const garbage = [
    ['block', badBlock], ['block', new Uint8Array(500)], ['vote', new Uint8Array(221).fill(7)],
    ['cert', Uint8Array.of(1, 2, 3)], ['tx', new Uint8Array(158).fill(9)], ['vote', new Uint8Array(0)],
  ]
  for (let k = 0; k < 3; k++) for (const [topic, data] of garbage) rogueNode.outbox.push({ type: 'gossip', topic, data: k === 0 ? data : data.map((b, i) => (i === 3 ? b ^ k : b)) })
  kick()
  await sleep(3000)
  for (const g of heard) for (const [, data] of garbage) assert.not.equal(g, data, 'no garbage was forwarded to the observer')
  assert.ok(heard.length > 0, 'the observer hears the honest gossip')
  const log0 = net.log(0)
  for (const note of [/dropped a block that is not a version-2 block/, /dropped a vote of 221 bytes|dropped a vote from .*: /, /dropped a certificate from/, /dropped a transaction/]) {
    assert.match(log0, note)
  }

  // a follower started now syncs from genesis (verifying every block and certificate), with
  // the rogue among the peers it asks
  const f = await net.addFollower()
  const target = (await net.status(0)).finalizedHeight
  net.start(f, { bootstrap: [rogue.addresses[0] + `/p2p/${rogue.peerId}`, 0] })
  await net.waitFor([f], ([x]) => x && x.finalizedHeight >= target, { what: `the follower to sync to height ${target}` })
  await agreeAtLeast([...VALIDATORS, f], target + 1)
  for (const i of [...VALIDATORS, f]) assert.ok(net.alive(i), `node ${i} is still running`)
  const fs = await net.status(f)
  assert.is(fs.validator, null)
})

test.run()
