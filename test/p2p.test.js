// The Node host's libp2p network with real connections on 127.0.0.1 (TCP and WebSockets),
// driving toy Sans-IO nodes: gossip is forwarded across hops, gossip the node rejects is
// neither delivered nor forwarded and costs the sender score, requests get responses, and
// malformed sync frames are dropped without harm.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { P2pHost } from '../dist/hosts/node/p2p.js'

const enc = (s) => new TextEncoder().encode(s)
const dec = (b) => new TextDecoder().decode(b)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Records the gossip it accepts and responses; answers requests with the reversed bytes;
 * judges gossip as a real node does: text starting with "bad" is invalid, the rest is relayed.
 */
function toyNode() {
  const n = {
    gossip: [], responses: [], outbox: [],
    handle(input) {
      if (input.type === 'gossip') {
        if (dec(input.data).startsWith('bad')) return [{ type: 'invalid', topic: input.topic, from: input.from }]
        if (dec(input.data).startsWith('full')) return [{ type: 'full', topic: input.topic }]
        n.gossip.push(dec(input.data))
        const relay = [{ type: 'relay', topic: input.topic, data: input.data }]
        return dec(input.data).startsWith('some') ? [...relay, { type: 'full', topic: input.topic }] : relay
      }
      if (input.type === 'response') n.responses.push(input.data === null ? null : dec(input.data))
      if (input.type === 'request') return [{ type: 'respond', to: input.from, id: input.id, data: input.data.slice().reverse() }]
      const out = n.outbox
      n.outbox = []
      return out
    },
  }
  return n
}

async function waitFor(cond, ms = 10_000) {
  const end = Date.now() + ms
  while (Date.now() < end) { if (cond()) return true; await sleep(50) }
  return false
}

const hosts = []
test.after(async () => { for (const h of hosts) await h.stop().catch(() => {}) })

test('gossip crosses two hops; rejected gossip is neither delivered nor forwarded and costs score', async () => {
  const [na, nb, nc] = [toyNode(), toyNode(), toyNode()]
  const a = await P2pHost.start(na, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] })
  hosts.push(a)
  const b = await P2pHost.start(nb, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0/ws'], bootstrap: [a.addresses.find((x) => x.includes('/ws'))] })
  hosts.push(b)
  const c = await P2pHost.start(nc, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [b.addresses[0]] })
  hosts.push(c)
  // a line: a — b — c (a and c are not connected), so c hears a only through b's forwarding
  assert.ok(await waitFor(() => a.libp2p.getPeers().length >= 1 && c.libp2p.getPeers().length >= 1))
  assert.not.ok(c.libp2p.getPeers().map(String).includes(a.peerId))
  const send = async (text) => { na.outbox.push({ type: 'gossip', topic: 'block', data: enc(text) }); a.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true }) }
  let ok = false
  for (let i = 0; i < 40 && !ok; i++) { await send(`hello ${i}`); ok = await waitFor(() => nc.gossip.some((g) => g.startsWith('hello')), 500) }
  assert.ok(ok, 'gossip from a reached c through b')
  const scoreBefore = b.libp2p.services.pubsub.getScore(a.peerId)
  for (let i = 0; i < 5; i++) await send(`bad ${i}`)
  await send('after the bad ones')
  assert.ok(await waitFor(() => nc.gossip.includes('after the bad ones')))
  assert.not.ok(nb.gossip.some((g) => g.startsWith('bad')), 'b did not deliver rejected gossip')
  assert.not.ok(nc.gossip.some((g) => g.startsWith('bad')), 'b did not forward rejected gossip')
  // scores are recomputed on gossipsub's heartbeat (1 s)
  assert.ok(await waitFor(() => b.libp2p.services.pubsub.getScore(a.peerId) < scoreBefore, 3000),
    `a was scored down at b: ${scoreBefore} → ${b.libp2p.services.pubsub.getScore(a.peerId)}`)
})

test('the same bytes gossiped again reach a peer that joined since (what the node\'s reannounce relies on)', async () => {
  const [na, nb] = [toyNode(), toyNode()]
  const a = await P2pHost.start(na, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'] })
  hosts.push(a)
  const send = () => { na.outbox.push({ type: 'gossip', topic: 'block', data: enc('a block nobody heard') }); a.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true }) }
  send() // with no peer yet: lost, as a block proposed before a node's connections are up
  await sleep(200)
  const b = await P2pHost.start(nb, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [a.addresses[0]] })
  hosts.push(b)
  assert.ok(await waitFor(() => a.libp2p.getPeers().length >= 1))
  let ok = false
  for (let i = 0; i < 20 && !ok; i++) { send(); ok = await waitFor(() => nb.gossip.includes('a block nobody heard'), 500) }
  assert.ok(ok, 'the identical message, published again, reached the new peer')
})

test('a submission: accepted, refused, or busy when the node had no room for some of it (what it took is still published)', async () => {
  const [na, nb] = [toyNode(), toyNode()]
  const a = await P2pHost.start(na, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'] })
  hosts.push(a)
  const b = await P2pHost.start(nb, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [a.addresses[0]] })
  hosts.push(b)
  assert.ok(await waitFor(() => a.libp2p.getPeers().length >= 1))
  assert.is(await a.submit('tx', enc('bad one')), 'reject')
  assert.is(await a.submit('tx', enc('full up')), 'busy')
  let some = 'busy'
  for (let i = 0; i < 40 && !nb.gossip.some((g) => g.startsWith('some')); i++) {
    some = await a.submit('tx', enc(`some taken ${i}`))
    await waitFor(() => nb.gossip.some((g) => g.startsWith('some')), 500)
  }
  assert.is(some, 'busy')
  assert.ok(nb.gossip.some((g) => g.startsWith('some')), 'what the node took was published')
  assert.is(await a.submit('tx', enc('fine')), 'accept')
})

test('requests get responses; unreachable peers and malformed frames give null without harm', async () => {
  const [na, nb] = [toyNode(), toyNode()]
  const a = await P2pHost.start(na, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'] })
  const b = await P2pHost.start(nb, { chainId: 9, listen: ['/ip4/127.0.0.1/tcp/0'], bootstrap: [a.addresses[0]] })
  hosts.push(a, b)
  assert.ok(await waitFor(() => b.libp2p.getPeers().length >= 1 && a.libp2p.getPeers().map(String).includes(b.peerId)))
  na.outbox.push({ type: 'request', to: b.peerId, id: 1, data: enc('abc') })
  a.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true })
  assert.ok(await waitFor(() => na.responses.length === 1))
  assert.equal(na.responses, ['cba'])
  // a raw stream with an absurd length prefix: b drops it
  const stream = await a.libp2p.dialProtocol(b.libp2p.peerId, '/chiron/9/sync/1')
  stream.send(Uint8Array.of(0xff, 0xff, 0xff, 0x7f, 1, 2, 3))
  await sleep(200)
  // b still serves
  na.outbox.push({ type: 'request', to: b.peerId, id: 2, data: enc('xyz') })
  a.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true })
  assert.ok(await waitFor(() => na.responses.length === 2))
  assert.is(na.responses[1], 'zyx')
  // a peer nobody can reach
  na.outbox.push({ type: 'request', to: '12D3KooWBw3bQ1H5wR5ZBRB8RHCuZ2ZJ1fzHhZzjCXDodZ1cTiJT', id: 3, data: enc('?') })
  a.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true })
  assert.ok(await waitFor(() => na.responses.length === 3, 15_000))
  assert.is(na.responses[2], null)
})

test.run()
