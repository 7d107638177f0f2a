// What the Node host's libp2p is made of: transports, encryption, multiplexing and services,
// with gossipsub's peer scoring. p2p.ts runs the node over it; this file only assembles it.
//
// Nodes behind NAT ("home nodes"). A home node cannot be dialled, so it works through a
// public node that runs a circuit relay v2 server (relayServer: true):
//
//   1. The home node dials its bootstrap peers (the public nodes) over TCP or WebSockets and
//      listens on "/p2p-circuit": the relay transport finds a connected peer that speaks the
//      relay's HOP protocol and reserves a slot there. Its dialable addresses then include
//      <relay addr>/p2p/<relayId>/p2p-circuit/p2p/<homeId>, which identify tells every peer.
//   2. Another home node dials that address: a relayed connection, carried by the public node.
//      Gossip and sync work over it (relayed connections are unlimited on Chiron's relays, so
//      the relay is the fallback when no direct path can be made).
//   3. The dialler then upgrades: it dials <relay addr>/p2p/<relayId>/p2p-circuit/webrtc/p2p/<homeId>.
//      The WebRTC transport (private-to-private, libp2p's webrtc spec) exchanges the SDP offer,
//      the answer and ICE candidates over a signalling stream on the relayed connection; ICE
//      (RFC 8445) learns each side's public mapping from a STUN server (stun: our own, run by
//      public nodes with `chiron node --stun-server PORT`, see stun-server.ts) and sends
//      connectivity checks from both sides at once over UDP. Each side's outgoing check opens
//      its own NAT's mapping for the other's address, so the checks meet: a hole punch. The
//      result is a direct UDP connection (SCTP data channels, noise-authenticated peer id).
//      A bootstrap address may itself be such a relayed address of another home node; it
//      cannot be dialled before that node has its reservation, so bootstrap peers that are
//      not connected are dialled again every BOOTSTRAP_REDIAL_MS (BootstrapRedial below),
//      which also brings a home node back to a relay that restarted.
//   4. When identify has run on the direct connection, both sides close the relayed one;
//      gossipsub's streams then move to the direct connection (see DirectUpgrade below).
//
// What punches and what does not (test/host-nat.test.js, NATs made with nft masquerade): NATs
// that keep a flow's source port (Linux's default, most home routers) are punched in a few
// seconds. Symmetric NATs (a new random port for every destination) are not: the upgrade
// fails after libp2p's 6 s dial timeout, the relayed connection stays and carries everything,
// and the dialler tries again after UPGRADE_RETRY_MS. (After a failed upgrade the recipient may
// hold, for a few seconds, a WebRTC "connection" that never opened; libp2p closes it, and since
// identify never completes over it, it never replaces the relayed one.)
//
// Why WebRTC and not DCUtR: libp2p's DCUtR punches by having both sides dial each other's
// observed TCP address at the same moment (TCP simultaneous open). That needs each side to
// dial *from* its listening port, so that the NAT mapping its peer observed is the one the
// outgoing SYN uses; Node's net module cannot bind an outgoing socket to a port a server
// already listens on, so js-libp2p's TCP DCUtR attempts never punch through. ICE over UDP
// sends its checks from the very socket whose mapping the STUN server reported, which is what
// hole punching needs. DCUtR is therefore not configured.
//
// AutoNAT lets a node ask its peers to dial back the addresses identify observed for it, so a
// public node learns (and announces) its public address and a home node does not advertise
// an address nobody can reach. Announced addresses (announce) override what a node infers:
// a public node behind a port-forward or a load balancer sets them.
import type { Topic } from '../../runtime/node/io.js'

/** Gossip frames up to 9 MiB: a block of 20,000 of the longest transactions and its certificate. */
const GOSSIP_FRAME_MAX = 9 << 20

export interface P2pOptions {
  chainId: number
  /** e.g. ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] */
  listen: string[]
  /** multiaddrs (with /p2p/<id>) to dial at start */
  bootstrap?: string[]
  now?: () => number
  /** The node's libp2p identity (a persisted ed25519 key: the same peer id across restarts). */
  privateKey?: unknown
  /**
   * A public node: run a circuit relay v2 server so nodes behind NAT can reserve a slot and be
   * reached through it (and signal WebRTC upgrades through it). A relay server does not itself
   * reserve slots on other relays. (`chiron node --relay-server`)
   */
  relayServer?: boolean
  /**
   * STUN servers as 'host:port' for WebRTC's ICE (`--stun`). Only these are used: never a
   * third-party default. Without any, ICE offers only host addresses (enough on one LAN).
   */
  stun?: string[]
  /** Multiaddrs to announce instead of the listen addresses (`--announce`). */
  announce?: string[]
}

/** The signalling protocol of libp2p's private-to-private WebRTC transport. */
export const WEBRTC_SIGNALING_PROTOCOL = '/webrtc-signaling/0.0.1'
/** How long an upgrade from a relayed to a direct (WebRTC) connection may take. */
export const UPGRADE_TIMEOUT_MS = 20_000
/** After a failed upgrade, the next attempt to the same peer waits this long. */
export const UPGRADE_RETRY_MS = 60_000
/** Peers with an upgrade attempt remembered at once (older entries are forgotten first). */
export const UPGRADE_PEERS_MAX = 1024
/** After one of several connections to a peer closes, wait this long before re-identifying on a remaining one. */
export const REATTACH_DELAY_MS = 500
/** How often a node re-dials bootstrap peers it is not connected to. */
export const BOOTSTRAP_REDIAL_MS = 5_000
/** Reservations a relay server holds at once (one per home node it serves). */
export const RELAY_RESERVATIONS_MAX = 128

/** True for a connection address that goes through a relay: /p2p-circuit, but not a WebRTC connection signalled over one. */
export function isRelayedAddr(addr: string): boolean {
  return addr.includes('/p2p-circuit') && !addr.includes('/webrtc')
}

/**
 * The options for createLibp2p: TCP and WebSockets (plus circuit relay and WebRTC for NAT
 * traversal), noise, yamux, identify, ping, AutoNAT, gossipsub, and a relay server on public nodes.
 */
export async function libp2pOptions(opts: P2pOptions, topicNames: Topic[]): Promise<Record<string, unknown>> {
  const [{ tcp }, { webSockets }, { noise }, { yamux }, { gossipsub }, score, { identify }, { ping }, relay, { webRTC }, { autoNAT }] = await Promise.all([
    import('@libp2p/tcp'), import('@libp2p/websockets'), import('@libp2p/noise'), import('@libp2p/yamux'),
    import('@libp2p/gossipsub'), import('@libp2p/gossipsub/score'), import('@libp2p/identify'), import('@libp2p/ping'),
    import('@libp2p/circuit-relay-v2'), import('@libp2p/webrtc'), import('@libp2p/autonat'),
  ])
  // Peer scoring per topic. Every message our node rejects counts against its sender
  // (gossipsub's P4: the count squared, weighted -100, halving each decay interval), so
  // senders of invalid messages are pruned from meshes and eventually graylisted. Time in
  // mesh (P1) and first deliveries (P2) earn a little, capped (+36 and +100), so an honest
  // peer's credit never outweighs a burst of invalid messages. Mesh delivery rates (P3)
  // are off until they are calibrated against real traffic.
  const topics: Record<string, ReturnType<typeof score.createTopicScoreParams>> = {}
  for (const t of topicNames) {
    topics[`/chiron/${opts.chainId}/${t}`] = score.createTopicScoreParams({
      topicWeight: 1,
      timeInMeshWeight: 0.01, timeInMeshQuantum: 1000, timeInMeshCap: 3600,
      firstMessageDeliveriesWeight: 1, firstMessageDeliveriesDecay: 0.5, firstMessageDeliveriesCap: 100,
      meshMessageDeliveriesWeight: 0, meshFailurePenaltyWeight: 0,
      invalidMessageDeliveriesWeight: -100, invalidMessageDeliveriesDecay: 0.5,
    })
  }
  // A node that is not a relay and has somewhere to start from reserves a relay slot and
  // accepts WebRTC upgrades; a node on its own (a first public node, a loopback test) has
  // no relay to reserve on.
  const home = !opts.relayServer && (opts.bootstrap?.length ?? 0) > 0
  const listen = home ? [...opts.listen, '/p2p-circuit', '/webrtc'] : opts.listen
  const iceServers = (opts.stun ?? []).map((s) => ({ urls: [`stun:${s}`] }))
  return {
    ...(opts.privateKey ? { privateKey: opts.privateKey } : {}),
    addresses: { listen, ...(opts.announce?.length ? { announce: opts.announce } : {}) },
    transports: [tcp(), webSockets(), relay.circuitRelayTransport(), webRTC({ rtcConfiguration: { iceServers } })],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ping: ping(),
      autonat: autoNAT(),
      // Chiron's relays carry their own network's traffic, so relayed connections get no
      // duration or data limit: a relayed connection is a full fallback when no direct path
      // exists (libp2p would otherwise mark it "limited", and gossipsub skips those). The
      // number of reservations bounds the load.
      ...(opts.relayServer ? { relay: relay.circuitRelayServer({ reservations: { maxReservations: RELAY_RESERVATIONS_MAX, applyDefaultLimit: false } }) } : {}),
      directUpgrade: (components: ServiceComponents) => new DirectUpgrade(components),
      bootstrapRedial: (components: ServiceComponents) => new BootstrapRedial(components, opts.bootstrap ?? []),
      // the largest valid block (PROTOCOL.md §20: 8,248,606 bytes) must fit one gossip frame
      pubsub: gossipsub({ emitSelf: false, allowPublishToZeroTopicPeers: true, maxInboundDataLength: GOSSIP_FRAME_MAX, scoreParams: score.createPeerScoreParams({ topics }) }),
    },
  }
}

// The few libp2p internals DirectUpgrade and BootstrapRedial touch, typed loosely: libp2p's
// own types are not part of this build's type check.
interface Conn { remotePeer: { toString(): string, equals(x: unknown): boolean }, remoteAddr: { toString(): string }, direction: string, direct: boolean, status: string, close(): Promise<void> }
interface ServiceComponents {
  events: EventTarget
  connectionManager: { getConnections(peer?: unknown): Conn[], openConnection(addr: unknown, options?: object): Promise<Conn> }
  identify?: { identify(c: Conn, options?: object): Promise<unknown> }
}

/**
 * Upgrades relayed connections to direct WebRTC ones and keeps gossipsub on the best
 * connection. libp2p does not do either by itself: it never dials a WebRTC address on its
 * own, and gossipsub keeps one stream per peer on the connection it first saw, so when that
 * connection closes while another stays open it would stop talking to the peer.
 *
 *  - identify done on a relayed connection we dialled, the peer speaks WebRTC signalling and
 *    there is no direct connection yet → dial <relayed addr>/webrtc/p2p/<peer> (the dialling
 *    side only, so the two sides do not race; at most one attempt per peer per UPGRADE_RETRY_MS).
 *  - identify done on a direct connection → close the peer's relayed connections.
 *  - a connection closes while the peer still has another → after REATTACH_DELAY_MS, run
 *    identify on the remaining one (direct first): its 'peer:identify' event makes protocol
 *    topologies (gossipsub) open their streams there.
 */
class DirectUpgrade {
  private attempts = new Map<string, number>()
  private timers = new Set<ReturnType<typeof setTimeout>>()
  private started = false

  constructor(private readonly components: ServiceComponents) {}

  readonly [Symbol.toStringTag] = 'chiron-direct-upgrade'

  start(): void {
    this.started = true
    this.components.events.addEventListener('peer:identify', this.onIdentify)
    this.components.events.addEventListener('connection:close', this.onClose)
  }

  stop(): void {
    this.started = false
    this.components.events.removeEventListener('peer:identify', this.onIdentify)
    this.components.events.removeEventListener('connection:close', this.onClose)
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }

  private readonly onIdentify = (evt: Event): void => {
    const { connection, protocols } = (evt as CustomEvent<{ connection: Conn, protocols: string[] }>).detail
    if (!this.started || connection.status !== 'open') return
    const others = this.components.connectionManager.getConnections(connection.remotePeer)
    if (connection.direct) {
      for (const c of others) if (!c.direct && c.status === 'open') void c.close().catch(() => {})
      return
    }
    if (connection.direction !== 'outbound' || !protocols.includes(WEBRTC_SIGNALING_PROTOCOL)) return
    if (others.some((c) => c.direct && c.status === 'open')) return
    const peer = connection.remotePeer.toString()
    const last = this.attempts.get(peer)
    if (last !== undefined && Date.now() - last < UPGRADE_RETRY_MS) return
    this.attempts.delete(peer)
    if (this.attempts.size >= UPGRADE_PEERS_MAX) this.attempts.delete(this.attempts.keys().next().value as string)
    this.attempts.set(peer, Date.now())
    void this.upgrade(connection, peer)
  }

  private async upgrade(relayed: Conn, peer: string): Promise<void> {
    const { multiaddr } = await import('@multiformats/multiaddr')
    // <relay>/p2p/<relayId>/p2p-circuit/p2p/<peer> → <relay>/p2p/<relayId>/p2p-circuit/webrtc/p2p/<peer>
    const base = relayed.remoteAddr.toString().replace(new RegExp(`/p2p/${peer}$`), '')
    try {
      await this.components.connectionManager.openConnection(multiaddr(`${base}/webrtc/p2p/${peer}`), { signal: AbortSignal.timeout(UPGRADE_TIMEOUT_MS) })
    } catch {
      // No direct path this time (e.g. a symmetric NAT): the relayed connection carries on.
    }
  }

  private readonly onClose = (evt: Event): void => {
    const closed = (evt as CustomEvent<Conn>).detail
    if (!this.started) return
    const t = setTimeout(() => {
      this.timers.delete(t)
      const open = this.components.connectionManager.getConnections(closed.remotePeer).filter((c) => c.status === 'open')
      const best = open.find((c) => c.direct) ?? open[0]
      if (best) void this.components.identify?.identify(best).catch(() => {})
    }, REATTACH_DELAY_MS)
    this.timers.add(t)
  }
}

/**
 * Keeps the bootstrap peers connected: every BOOTSTRAP_REDIAL_MS, each bootstrap address whose
 * peer (its last /p2p/<id>) has no open connection is dialled again, one dial per address at
 * a time. p2p.ts dials them once at start; this covers peers that were not reachable then.
 */
class BootstrapRedial {
  private timer: ReturnType<typeof setInterval> | undefined
  private readonly dialing = new Set<string>()

  constructor(private readonly components: ServiceComponents, private readonly bootstrap: string[]) {}

  readonly [Symbol.toStringTag] = 'chiron-bootstrap-redial'

  start(): void {
    if (this.bootstrap.length === 0) return
    this.timer = setInterval(() => { void this.redial() }, BOOTSTRAP_REDIAL_MS)
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private async redial(): Promise<void> {
    const { multiaddr } = await import('@multiformats/multiaddr')
    const connected = new Set(this.components.connectionManager.getConnections().filter((c) => c.status === 'open').map((c) => c.remotePeer.toString()))
    for (const addr of this.bootstrap) {
      const peer = addr.match(/\/p2p\/([^/]+)$/)?.[1]
      if (peer === undefined || connected.has(peer) || this.dialing.has(addr) || this.timer === undefined) continue
      this.dialing.add(addr)
      this.components.connectionManager.openConnection(multiaddr(addr), { signal: AbortSignal.timeout(BOOTSTRAP_REDIAL_MS * 2) })
        .catch(() => { /* still unreachable: the next round tries again */ })
        .finally(() => this.dialing.delete(addr))
    }
  }
}
