// What the Node host's libp2p is made of: transports, encryption, multiplexing and services,
// with gossipsub's peer scoring. p2p.ts runs the node over it; this file only assembles it.
import type { Topic } from '../../runtime/node/io.js'

export interface P2pOptions {
  chainId: number
  /** e.g. ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] */
  listen: string[]
  /** multiaddrs (with /p2p/<id>) to dial at start */
  bootstrap?: string[]
  now?: () => number
  /** The node's libp2p identity (a persisted ed25519 key: the same peer id across restarts). */
  privateKey?: unknown
}

/** The options for createLibp2p: TCP and WebSockets, noise, yamux, identify, ping, gossipsub. */
export async function libp2pOptions(opts: P2pOptions, topicNames: Topic[]): Promise<Record<string, unknown>> {
  const [{ tcp }, { webSockets }, { noise }, { yamux }, { gossipsub }, score, { identify }, { ping }] = await Promise.all([
    import('@libp2p/tcp'), import('@libp2p/websockets'), import('@libp2p/noise'), import('@libp2p/yamux'),
    import('@libp2p/gossipsub'), import('@libp2p/gossipsub/score'), import('@libp2p/identify'), import('@libp2p/ping'),
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
  return {
    ...(opts.privateKey ? { privateKey: opts.privateKey } : {}),
    addresses: { listen: opts.listen },
    transports: [tcp(), webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({ emitSelf: false, allowPublishToZeroTopicPeers: true, scoreParams: score.createPeerScoreParams({ topics }) }),
    },
  }
}
