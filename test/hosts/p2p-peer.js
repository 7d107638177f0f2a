// One P2pHost with a toy node, run as its own process (test/host-nat.test.js starts it inside a
// network namespace). Configured by one JSON argument:
//   { chainId, listen, bootstrap?, relayServer?, stun?, announce?, stunServer?: { host, port } }
// Prints one JSON object per line on stdout:
//   { ev: 'ready', id, addrs }                 started (addrs: its listen addresses so far)
//   { ev: 'addrs', addrs }                     its addresses changed (e.g. a relay reservation)
//   { ev: 'open', peer, addr, direct }         a connection opened (direct: not through a relay)
//   { ev: 'close', peer, addr, direct }        a connection closed
//   { ev: 'identify', peer, addr, direct }     identify completed over a connection: it carries streams
//   { ev: 'gossip', topic, text }              gossip the toy node received
//   { ev: 'error', message }
// Reads commands as JSON lines on stdin:
//   { cmd: 'dial', addr }                      dial a multiaddr
//   { cmd: 'publish', topic, text }            publish gossip
//   { cmd: 'conns' }                           print { ev: 'conns', conns: host.connections() }
// Stops when stdin ends or on SIGTERM.
import { createInterface } from 'node:readline'
import { P2pHost } from '../../dist/hosts/node/p2p.js'
import { startStunServer } from '../../dist/hosts/node/stun-server.js'

const config = JSON.parse(process.argv[2])
const print = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const enc = (s) => new TextEncoder().encode(s)
const dec = (b) => new TextDecoder().decode(b)

const node = {
  outbox: [],
  handle(input) {
    if (input.type === 'gossip') print({ ev: 'gossip', topic: input.topic, text: dec(input.data) })
    const out = node.outbox
    node.outbox = []
    return out
  },
}

const stun = config.stunServer ? await startStunServer(config.stunServer) : null
const host = await P2pHost.start(node, config)
const describe = (c) => ({ peer: c.remotePeer.toString(), addr: c.remoteAddr.toString(), direct: c.direct })
host.libp2p.addEventListener('connection:open', (e) => print({ ev: 'open', ...describe(e.detail) }))
host.libp2p.addEventListener('connection:close', (e) => print({ ev: 'close', ...describe(e.detail) }))
host.libp2p.addEventListener('peer:identify', (e) => print({ ev: 'identify', ...describe(e.detail.connection) }))
host.libp2p.addEventListener('self:peer:update', () => print({ ev: 'addrs', addrs: host.addresses }))
print({ ev: 'ready', id: host.peerId, addrs: host.addresses })

async function command(line) {
  const c = JSON.parse(line)
  if (c.cmd === 'dial') {
    const { multiaddr } = await import('@multiformats/multiaddr')
    await host.libp2p.dial(multiaddr(c.addr), { signal: AbortSignal.timeout(15_000) })
  } else if (c.cmd === 'publish') {
    node.outbox.push({ type: 'gossip', topic: c.topic, data: enc(c.text) })
    host.deliver({ type: 'peer', nowMs: Date.now(), peer: 'x', connected: true })
  } else if (c.cmd === 'conns') {
    print({ ev: 'conns', conns: host.connections() })
  }
}

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await Promise.race([Promise.all([host.stop(), stun?.close()]), new Promise((r) => setTimeout(r, 3000))])
  process.exit(0)
}
createInterface({ input: process.stdin })
  .on('line', (line) => { command(line).catch((err) => print({ ev: 'error', message: String(err?.message ?? err) })) })
  .on('close', stop)
process.on('SIGTERM', stop)
