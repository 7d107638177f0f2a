// The Node host's network: js-libp2p carrying a Sans-IO node's gossip and requests.
// Thin by design: it moves bytes between libp2p and the node and runs the node's timers;
// what a message means, and whether it is valid, is the node's (and the core's) business.
//
//   gossip   → gossipsub topic "/chiron/<chainId>/<topic>"; every incoming message is handed
//              to the node inside gossipsub's topic validator, before it is forwarded: the
//              node's 'relay' of those bytes means ACCEPT (gossipsub forwards it), its
//              'invalid' means REJECT (not delivered, not forwarded, and it counts against the
//              sender's peer score), anything else IGNORE.
//   requests → protocol "/chiron/<chainId>/sync/1": one request and one response per stream,
//              each a u32 LE length then the bytes (at most SYNC_BYTES_MAX).
import { installNodeCompat } from './compat.js'
import type { NodeInput, NodeOutput, SansIoNode, Topic } from '../../runtime/node/io.js'
import { isRelayedAddr, libp2pOptions, type P2pOptions } from './p2p-config.js'

export const SYNC_BYTES_MAX = 16 << 20
export const REQUEST_TIMEOUT_MS = 10_000
/** Queued inputs from which transaction batches sent to the HTTP API are turned away (see busy()). */
export const TX_QUEUE_MAX = 8
/** Queued transaction batches from which gossiped ones are ignored (see busy()). */
export const TX_GOSSIP_QUEUE_MAX = 64
const TOPICS: Topic[] = ['tx', 'block', 'vote', 'cert', 'seat']

export type GossipVerdict = 'accept' | 'reject' | 'ignore'

export type { P2pOptions }

/** Reads one length-prefixed frame from a libp2p stream (bounded). */
async function readFrame(stream: AsyncIterable<Uint8Array | { subarray(): Uint8Array }>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let have = 0, need = -1
  for await (const c of stream) {
    const bytes = c instanceof Uint8Array ? c : c.subarray()
    chunks.push(bytes)
    have += bytes.length
    if (need < 0 && have >= 4) {
      const head = concat(chunks)
      need = new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true)
      if (need > SYNC_BYTES_MAX) throw new Error(`sync frame of ${need} bytes is over the ${SYNC_BYTES_MAX}-byte limit`)
    }
    if (need >= 0 && have >= 4 + need) break
  }
  const all = concat(chunks)
  if (need < 0 || all.length < 4 + need) throw new Error(`sync frame ended early: expected ${need < 0 ? 'a length' : 4 + need} bytes, got ${all.length}`)
  if (all.length > 4 + need) throw new Error(`sync frame has ${all.length - 4 - need} trailing bytes`)
  return all.subarray(4)
}

function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length)
  new DataView(out.buffer).setUint32(0, data.length, true)
  out.set(data, 4)
  return out
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let off = 0
  for (const c of chunks) { out.set(c, off); off += c.length }
  return out
}

export class P2pHost {
  private timers = new Map<string, ReturnType<typeof setTimeout>>()
  private pendingResponses = new Map<number, { respond(data: Uint8Array | null): void }>()
  private nextInboundId = 1
  private stopped = false
  private inbox: Promise<void> = Promise.resolve()
  /** Inputs handed to the node and not yet handled. */
  private queued = 0
  /** Of those, transaction batches. */
  private txQueued = 0

  private constructor(readonly libp2p: any, readonly node: SansIoNode, private readonly opts: P2pOptions) {}

  static async start(node: SansIoNode, opts: P2pOptions): Promise<P2pHost> {
    await installNodeCompat()
    const [{ createLibp2p }, { multiaddr }] = await Promise.all([import('libp2p'), import('@multiformats/multiaddr')])
    const libp2p = await createLibp2p(await libp2pOptions(opts, TOPICS))
    const host = new P2pHost(libp2p, node, opts)
    await host.wire()
    for (const addr of opts.bootstrap ?? []) {
      try { await libp2p.dial(multiaddr(addr)) } catch { /* a bootstrap peer may be down; others may dial us */ }
    }
    host.deliver({ type: 'start', nowMs: host.now() })
    return host
  }

  get peerId(): string { return this.libp2p.peerId.toString() }
  /** Inputs handed to the node and not yet handled, and how many of them are transaction batches. */
  get backlog(): { inputs: number, txBatches: number } { return { inputs: this.queued, txBatches: this.txQueued } }
  get addresses(): string[] { return this.libp2p.getMultiaddrs().map(String) }

  private now(): number { return (this.opts.now ?? Date.now)() }
  private topicName(t: Topic): string { return `/chiron/${this.opts.chainId}/${t}` }
  private get syncProtocol(): string { return `/chiron/${this.opts.chainId}/sync/1` }

  private async wire(): Promise<void> {
    const pubsub = this.libp2p.services.pubsub
    for (const t of TOPICS) {
      const name = this.topicName(t)
      pubsub.subscribe(name)
      pubsub.topicValidators.set(name, (peer: { toString(): string }, msg: { data: Uint8Array }) =>
        this.judge({ type: 'gossip', nowMs: this.now(), from: peer.toString(), topic: t, data: msg.data }))
    }
    await this.libp2p.handle(this.syncProtocol, async (stream: any, connection: any) => {
      const from = connection?.remotePeer?.toString?.() ?? ''
      try {
        const data = await readFrame(stream)
        const id = this.nextInboundId++
        let timer: ReturnType<typeof setTimeout> | undefined
        const answered = new Promise<Uint8Array | null>((resolve) => {
          this.pendingResponses.set(id, { respond: resolve })
          timer = setTimeout(() => resolve(null), REQUEST_TIMEOUT_MS)
        })
        this.deliver({ type: 'request', nowMs: this.now(), from, id, data })
        const response = await answered
        clearTimeout(timer)
        this.pendingResponses.delete(id)
        stream.send(frame(response ?? new Uint8Array(0)))
        await stream.close()
      } catch (err) {
        stream.abort?.(err as Error)
      }
    })
    this.libp2p.addEventListener('peer:connect', (e: any) => this.deliver({ type: 'peer', nowMs: this.now(), peer: e.detail.toString(), connected: true }))
    this.libp2p.addEventListener('peer:disconnect', (e: any) => this.deliver({ type: 'peer', nowMs: this.now(), peer: e.detail.toString(), connected: false }))
  }

  /**
   * Hands one input to the node. A node may answer with a Promise (its state store is
   * asynchronous), so inputs are chained: the node sees them one at a time, in arrival
   * order, as its Sans-IO contract requires. A node that queues its own inputs gets each
   * at once, so it can let a newer block or vote pass the transactions still waiting.
   */
  private run(input: NodeInput): Promise<NodeOutput[]> {
    const isTx = input.type === 'gossip' && input.topic === 'tx'
    this.queued++
    if (isTx) this.txQueued++
    const handle = async () => (this.stopped ? [] : await this.node.handle(input))
    const outputs = this.node.queuesInputs ? handle() : this.inbox.then(handle)
    const settled = outputs.then(() => undefined, (err) => { console.error(`p2p: the node failed on a ${input.type} input:`, err) })
      .finally(() => { this.queued--; if (isTx) this.txQueued-- })
    if (!this.node.queuesInputs) this.inbox = settled
    return outputs.catch(() => [])
  }

  /**
   * Load shedding: transactions wait behind everything else in the node's one queue, so
   * when the queue is long a transaction batch is turned away rather than delaying the
   * blocks and votes that finality waits for. An overloaded node thus keeps finalizing at
   * the rate it can. A batch sent to the HTTP API is turned away early ('busy': its client
   * offers it again later); a gossiped one only when many batches wait, since an ignored
   * batch is never offered again and its transfers would be missing from this node's
   * mempool (and a sender's later nonces stuck behind them).
   */
  private busy(topic: Topic, via: 'http' | 'gossip'): boolean {
    if (topic !== 'tx') return false
    return via === 'http' ? this.queued >= TX_QUEUE_MAX : this.txQueued >= TX_GOSSIP_QUEUE_MAX
  }

  /** Delivers an input and carries out what the node asks for. */
  deliver(input: NodeInput): void {
    void this.run(input).then((outs) => { for (const out of outs) void this.perform(out) })
  }

  /**
   * Delivers gossip and returns the node's verdict on it: gossipsub forwards what was
   * accepted itself, so the node's relay of these very bytes is not published again.
   */
  async judge(input: NodeInput & { type: 'gossip' }): Promise<GossipVerdict> {
    if (this.busy(input.topic, 'gossip')) return 'ignore'
    let verdict: GossipVerdict = 'ignore'
    for (const out of await this.run(input)) {
      if (out.type === 'relay' && out.data === input.data) verdict = 'accept'
      else if (out.type === 'invalid') verdict = 'reject'
      else void this.perform(out)
    }
    return verdict
  }

  /**
   * Gossip from this host itself (a transaction sent to its HTTP API): judged, and published
   * if accepted. 'busy' if the node is, or if its mempool had no room for some of the
   * transactions (what it took is published all the same; the client offers the batch
   * again later, and the node skips what it already holds).
   */
  async submit(topic: Topic, data: Uint8Array): Promise<GossipVerdict | 'busy'> {
    if (this.busy(topic, 'http')) return 'busy'
    let verdict: GossipVerdict = 'ignore'
    let full = false
    // from '': the node's own submission names no peer (nothing to score, nobody to sync from)
    for (const out of await this.run({ type: 'gossip', nowMs: this.now(), from: '', topic, data })) {
      if (out.type === 'relay' && out.data === data) verdict = 'accept'
      else if (out.type === 'invalid') verdict = 'reject'
      else if (out.type === 'full') full = true
      void this.perform(out)
    }
    return full && verdict !== 'reject' ? 'busy' : verdict
  }

  /** The open connections: peer, remote address, and whether it runs through a relay. */
  connections(): { peer: string, addr: string, direct: boolean }[] {
    return this.libp2p.getConnections().map((c: any) => {
      const addr = String(c.remoteAddr)
      return { peer: c.remotePeer.toString(), addr, direct: !isRelayedAddr(addr) } // a WebRTC connection signalled over a relay is direct
    })
  }

  private async perform(out: NodeOutput): Promise<void> {
    switch (out.type) {
      case 'gossip':
      case 'relay':
        // a relay that reaches here is of bytes judged after their own message had passed
        // (a block that waited for its parent): gossipsub did not forward them, so publish
        await this.libp2p.services.pubsub.publish(this.topicName(out.topic), out.data).catch(() => {})
        return
      case 'timer': {
        clearTimeout(this.timers.get(out.key))
        this.timers.set(out.key, setTimeout(() => {
          this.timers.delete(out.key)
          this.deliver({ type: 'timer', nowMs: this.now(), key: out.key })
        }, Math.max(0, out.atMs - this.now())))
        return
      }
      case 'request': {
        let data: Uint8Array | null = null
        try {
          const { peerIdFromString } = await import('@libp2p/peer-id')
          const stream = await this.libp2p.dialProtocol(peerIdFromString(out.to), this.syncProtocol, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
          stream.send(frame(out.data))
          data = await readFrame(stream)
          await stream.close().catch(() => {})
        } catch {
          data = null // unreachable peer, timeout or a malformed frame: the node sees "no answer"
        }
        this.deliver({ type: 'response', nowMs: this.now(), from: out.to, id: out.id, data })
        return
      }
      case 'respond':
        this.pendingResponses.get(out.id)?.respond(out.data)
        return
      case 'report':
      case 'invalid':
      case 'full':
        return
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
    await this.libp2p.stop()
  }
}
