// Nodes behind NAT, for real: network namespaces (test/hosts/netns.js) make a public segment
// with a relay node and a STUN server, and two home networks, each behind its own
// masquerading NAT router. The home nodes first reach each other through the relay
// (circuit relay v2), then upgrade to a direct WebRTC connection (ICE hole punching through
// both NATs, see hosts/node/p2p-config.ts); with the relay killed, gossip still flows between
// them, so it is the direct path that carries it. Skipped, with the reason printed, where the
// machine does not allow network namespaces or nftables is missing.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { labUnsupportedReason, createNatLab, PUB_IP, HOME_IPS } from './hosts/netns.js'

const RELAY_PORT = 4001
const STUN_PORT = 3478
const CHAIN_ID = 7
const WAIT_MS = 20_000
/** Longer than libp2p's 6 s per-address dial timeout, which bounds a WebRTC upgrade attempt. */
const UPGRADE_SETTLE_MS = 8000
const PEER_SCRIPT = fileURLToPath(new URL('./hosts/p2p-peer.js', import.meta.url))
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Runs test/hosts/p2p-peer.js in a namespace; collects its JSON events. */
function startPeer(lab, ns, config) {
  const child = lab.spawnIn(ns, process.execPath, [PEER_SCRIPT, JSON.stringify(config)])
  const peer = { ns, child, events: [], stderr: '', exited: false }
  createInterface({ input: child.stdout }).on('line', (line) => {
    try { peer.events.push(JSON.parse(line)) } catch { peer.stderr += line + '\n' }
  })
  child.stderr.on('data', (d) => { if (peer.stderr.length < 20_000) peer.stderr += d })
  child.on('exit', () => { peer.exited = true })
  peer.send = (cmd) => child.stdin.write(JSON.stringify(cmd) + '\n')
  /** The first event satisfying pred, waiting up to ms; fails the test with `what` otherwise. */
  peer.waitFor = async (what, pred, ms = WAIT_MS) => {
    const end = Date.now() + ms
    while (Date.now() < end) {
      const e = peer.events.find(pred)
      if (e) return e
      if (peer.exited) break
      await sleep(50)
    }
    assert.unreachable(`${ns}: ${what} within ${ms} ms (exited: ${peer.exited})\nevents: ${peer.events.map((x) => JSON.stringify(x)).join('\n').slice(-3000)}\nstderr: ${peer.stderr.slice(-2000)}`)
  }
  return peer
}

const reason = labUnsupportedReason()
if (reason !== null) {
  console.log(`skipped: ${reason}`)
  test.skip('two home nodes behind separate NATs: relayed, then direct over WebRTC')
} else {
  const lab = createNatLab()
  const peers = []
  test.after(async () => {
    await stopPeers()
    lab.remove()
  })

  const stopPeers = async () => {
    for (const p of peers) if (!p.exited) p.child.kill('SIGTERM')
    const end = Date.now() + 3000
    while (peers.some((p) => !p.exited) && Date.now() < end) await sleep(50)
    for (const p of peers) if (!p.exited) p.child.kill('SIGKILL')
    peers.length = 0
  }

  /** A relay (with a STUN server) in 'pub', two home nodes; home-b dials home-a through the relay. */
  async function relayedPair() {
    const relay = startPeer(lab, 'pub', {
      chainId: CHAIN_ID, listen: [`/ip4/${PUB_IP}/tcp/${RELAY_PORT}`], relayServer: true,
      stunServer: { host: PUB_IP, port: STUN_PORT },
    })
    peers.push(relay)
    const relayId = (await relay.waitFor('ready', (e) => e.ev === 'ready')).id
    const relayAddr = `/ip4/${PUB_IP}/tcp/${RELAY_PORT}/p2p/${relayId}`
    const home = (ns) => startPeer(lab, ns, {
      chainId: CHAIN_ID, listen: [`/ip4/${HOME_IPS[ns]}/tcp/${RELAY_PORT}`], bootstrap: [relayAddr], stun: [`${PUB_IP}:${STUN_PORT}`],
    })
    const a = home('home-a'), b = home('home-b')
    peers.push(a, b)
    const aId = (await a.waitFor('ready', (e) => e.ev === 'ready')).id
    const bId = (await b.waitFor('ready', (e) => e.ev === 'ready')).id
    // The NATs are real: the relay sees each home node from its router's public address.
    for (const [id, wan] of [[aId, '100.64.0.2'], [bId, '100.64.0.3']]) {
      const open = await relay.waitFor(`a connection from ${id}`, (e) => e.ev === 'open' && e.peer === id)
      assert.ok(open.addr.startsWith(`/ip4/${wan}/tcp/`), `relay sees ${id} at ${open.addr}, expected its NAT's ${wan}`)
    }
    // home-a reserves a slot on the relay and advertises the relayed address.
    const circuitA = `${relayAddr}/p2p-circuit/p2p/${aId}`
    await a.waitFor('a relay reservation', (e) => e.ev === 'addrs' && e.addrs.includes(circuitA))
    // home-b dials home-a through the relay: the first connection either way is relayed.
    b.send({ cmd: 'dial', addr: circuitA })
    for (const [p, other] of [[a, bId], [b, aId]]) {
      const first = await p.waitFor(`a connection to ${other}`, (e) => e.ev === 'open' && e.peer === other)
      assert.ok(first.addr.includes('/p2p-circuit') && !first.direct, `${p.ns}: the first connection is relayed: ${first.addr}`)
    }
    return { relay, relayId, a, aId, b, bId }
  }

  /** Publishes from both home nodes until each has the other's gossip. */
  async function gossipBothWays(a, b) {
    let n = 0
    const end = Date.now() + WAIT_MS
    const got = (p, text) => p.events.some((e) => e.ev === 'gossip' && e.text.startsWith(text))
    while (!(got(b, 'block from a') && got(a, 'vote from b')) && Date.now() < end) {
      a.send({ cmd: 'publish', topic: 'block', text: `block from a ${n}` })
      b.send({ cmd: 'publish', topic: 'vote', text: `vote from b ${n}` })
      n++
      await sleep(300)
    }
    assert.ok(got(b, 'block from a'), 'home-b received home-a\'s block gossip')
    assert.ok(got(a, 'vote from b'), 'home-a received home-b\'s vote gossip')
    return n
  }

  /** The peer's connections (P2pHost.connections()) to `other`. */
  async function connsTo(p, other) {
    const count = p.events.length
    p.send({ cmd: 'conns' })
    const { conns } = await p.waitFor('its connection list', (e, i) => e.ev === 'conns' && i >= count)
    return conns.filter((c) => c.peer === other)
  }

  test('two home nodes behind separate NATs: relayed, then direct over WebRTC; gossip flows with the relay gone', async () => {
    const t0 = Date.now()
    const { relay, relayId, a, aId, b, bId } = await relayedPair()
    // The relayed connection is upgraded to a direct WebRTC one (identify completes over it),
    // then retired.
    for (const [p, other] of [[a, bId], [b, aId]]) {
      const direct = await p.waitFor(`a direct connection to ${other}`, (e) => e.ev === 'identify' && e.peer === other && e.direct)
      assert.ok(direct.addr.includes('/webrtc'), `${p.ns}: the direct connection is WebRTC: ${direct.addr}`)
      await p.waitFor('the relayed connection closed', (e) => e.ev === 'close' && e.peer === other && !e.direct)
    }
    const upgradedMs = Date.now() - t0
    // With the relay (and the STUN server) gone, the home nodes keep their direct connection
    // and gossip flows both ways over it.
    relay.child.kill('SIGKILL')
    for (const p of [a, b]) await p.waitFor('the relay gone', (e) => e.ev === 'close' && e.peer === relayId)
    const rounds = await gossipBothWays(a, b)
    for (const [p, other] of [[a, bId], [b, aId]]) {
      const conns = await connsTo(p, other)
      assert.ok(conns.length >= 1 && conns.every((c) => c.direct && c.addr.includes('/webrtc')), `${p.ns}: only direct connections to the other home node: ${JSON.stringify(conns)}`)
    }
    console.log(`  port-preserving NATs: relayed → direct in ${upgradedMs} ms; gossip both ways with the relay killed (${rounds} round(s) of publishing)`)
    await stopPeers()
  })

  test('behind symmetric NATs no hole can be punched: the relayed connection stays and carries the gossip', async () => {
    lab.setNatMapping('symmetric')
    const { a, aId, b, bId } = await relayedPair()
    const rounds = await gossipBothWays(a, b)
    // The upgrade is attempted and fails (libp2p gives a WebRTC dial 6 s): wait past it. (The
    // recipient of a failed WebRTC dial may briefly hold a connection that never carries a
    // stream, which libp2p closes; identify never completes over it.)
    await sleep(UPGRADE_SETTLE_MS)
    for (const [p, other] of [[a, bId], [b, aId]]) {
      assert.not.ok(p.events.some((e) => e.ev === 'identify' && e.peer === other && e.direct), `${p.ns}: no working direct connection`)
      const conns = await connsTo(p, other)
      assert.ok(conns.some((c) => !c.direct && c.addr.includes('/p2p-circuit')), `${p.ns}: the relayed connection is still open: ${JSON.stringify(conns)}`)
    }
    const before = a.events.filter((e) => e.ev === 'gossip').length
    b.send({ cmd: 'publish', topic: 'vote', text: 'vote from b, after the failed upgrade' })
    await a.waitFor('gossip after the failed upgrade', (e) => e.ev === 'gossip' && e.text === 'vote from b, after the failed upgrade')
    assert.ok(a.events.filter((e) => e.ev === 'gossip').length > before)
    console.log(`  symmetric NATs: no direct connection; gossip both ways over the relay (${rounds} round(s) of publishing)`)
    await stopPeers()
  })
}

test.run()
