// Catch-up (docs/PROTOCOL.md §19–20). A node that sees a block or certificate above its own
// height asks one peer at a time for the blocks it is missing, starting just above its final
// block, and feeds what comes back through the same checks as gossip. The client side here is
// bookkeeping only (which peer, which request is outstanding, where to start); the node does
// the rest. The server side answers from the node's chain: the final chain, then its fork
// choice's branch.
import { toHex } from '../bytes.js'
import type { BlockTree, BlockNode } from './block-tree.js'
import type { NodeOutput } from './io.js'
import {
  encodeSyncResponse, encodeSyncRequest, decodeSyncRequest, decodeSyncResponse,
  SYNC_BLOCKS_MAX, SYNC_RESPONSE_BYTES_MAX, type SyncRequest,
} from './sync-codec.js'

/** Wait this long after the first sign of being behind (gossip often fills the gap meanwhile). */
export const SYNC_DELAY_MS = 300
/** A request not answered by then is abandoned and the next peer asked. */
export const SYNC_TIMEOUT_MS = 4000
/** Most peers remembered. */
export const SYNC_PEERS_MAX = 64

/** The response to `req` from `tree`; the notarization certificate is that of the last block. */
export function answerSync(tree: BlockTree, req: SyncRequest): Uint8Array {
  let blocks: BlockNode[]
  if (req.kind === 'block') {
    const b = tree.get(toHex(req.hash))
    blocks = b && b.height > 0 ? [b] : []
  } else {
    blocks = req.from > BigInt(tree.best.height) ? [] : tree.chainFrom(Number(req.from), Math.min(req.count, SYNC_BLOCKS_MAX))
  }
  // stay well inside the frame limit; the first block always goes
  const budget = SYNC_RESPONSE_BYTES_MAX / 2
  let size = 0
  let k = 0
  for (; k < blocks.length; k++) {
    size += blocks[k].bytes.length + 4
    if (k > 0 && size > budget) break
  }
  blocks = blocks.slice(0, k)
  const last = blocks[blocks.length - 1]
  const finals: Uint8Array[] = []
  for (const b of blocks) if (b.finalization) finals.push(b.finalization)
  // the final block's certificate finalizes everything sent, when the range ends at or below it
  const f = tree.final
  if (last && f.finalization && f.height > last.height && finals.length < SYNC_BLOCKS_MAX) finals.push(f.finalization)
  return encodeSyncResponse({
    blocks: blocks.map((b) => b.bytes),
    notarization: last?.notarization ?? new Uint8Array(0),
    finals,
  })
}

/** The client's state: known peers, the one request in flight, how far the node wants to get. */
export class SyncClient {
  private readonly peers: string[] = []
  private turn = 0
  /** The peer that most recently showed us something above our height. */
  preferred: string | null = null
  outstanding: { id: number, peer: string } | null = null
  private nextId = 1
  /** Highest height seen in a block or certificate from the network. */
  wantHeight = 0
  /** A sync timer is pending. */
  timerSet = false
  /** The last response ended in blocks whose parent was unknown: start again from the final block. */
  restartFromFinal = false

  addPeer(p: string): void {
    if (p === '' || this.peers.includes(p)) return
    if (this.peers.length >= SYNC_PEERS_MAX) this.peers.shift()
    this.peers.push(p)
  }

  removePeer(p: string): void {
    const i = this.peers.indexOf(p)
    if (i >= 0) this.peers.splice(i, 1)
    if (this.preferred === p) this.preferred = null
  }

  /** Notes that `from` knows of height `height`. */
  saw(height: number, from: string | null): void {
    if (from) this.addPeer(from)
    if (height > this.wantHeight) {
      this.wantHeight = height
      if (from) this.preferred = from
    }
  }

  /** The peer to ask next: the preferred one first, then the others in turn. */
  pickPeer(): string | null {
    if (this.preferred && this.peers.includes(this.preferred)) return this.preferred
    if (this.peers.length === 0) return null
    this.turn = (this.turn + 1) % this.peers.length
    return this.peers[this.turn]
  }

  start(peer: string): number {
    const id = this.nextId++
    this.outstanding = { id, peer }
    return id
  }

  /** A request failed (timeout, no answer, a bad answer): ask someone else next time. */
  failed(peer: string): void {
    if (this.preferred === peer) this.preferred = null
    this.outstanding = null
  }
}

/** What the sync driver needs from its node. */
export interface SyncHost {
  readonly tree: BlockTree
  /** The node sends nothing (the 'withhold' behaviour): requests are answered with nothing. */
  readonly silent: boolean
  readonly nowMs: number
  output(o: NodeOutput): void
  timer(key: string, atMs: number): void
  note(text: string): void
  /** Judges a block from a response like any other block; true if it is (now) in the tree. */
  syncBlock(bytes: Uint8Array, from: string): Promise<boolean>
  /** Judges a certificate from a response like any other certificate. */
  syncCert(bytes: Uint8Array, from: string): Promise<void>
  /** Is the block with these bytes in the tree? */
  holds(bytes: Uint8Array): boolean
}

/**
 * The node's side of sync (§20): when to ask, whom, from where, and what to do with the
 * answer; and the answers it gives. Timers 'sync' (the delay before asking) and
 * 'sync-timeout' are the node's to route here.
 */
export class SyncDriver {
  readonly client = new SyncClient()
  /** A response's blocks are being applied (old rounds: nothing to vote on meanwhile). */
  applying = false

  constructor(private readonly host: SyncHost) {}

  /** `from` showed a block or certificate at `height`: ask (after a short wait) if that is above the node. */
  saw(height: number, from: string | null): void {
    this.client.saw(height, from)
    this.schedule()
  }

  private schedule(): void {
    if (this.client.timerSet || this.client.outstanding) return
    this.client.timerSet = true
    this.host.timer('sync', this.host.nowMs + SYNC_DELAY_MS)
  }

  private behind(): boolean { return this.client.wantHeight > this.host.tree.best.height }

  onTimer(key: string): void {
    if (key === 'sync') { this.client.timerSet = false; this.request() }
    else if (key === 'sync-timeout') this.onTimeout()
  }

  private request(): void {
    if (this.client.outstanding || !this.behind()) return
    const peer = this.client.pickPeer()
    if (!peer) return
    const tree = this.host.tree
    const from = this.client.restartFromFinal ? tree.final.height + 1 : tree.best.height + 1
    const id = this.client.start(peer)
    this.host.output({ type: 'request', to: peer, id, data: encodeSyncRequest({ kind: 'range', from: BigInt(from), count: SYNC_BLOCKS_MAX }) })
    this.host.timer('sync-timeout', this.host.nowMs + SYNC_TIMEOUT_MS)
  }

  private onTimeout(): void {
    const o = this.client.outstanding
    if (!o) return
    this.client.failed(o.peer)
    this.client.restartFromFinal = true
    this.schedule()
  }

  onRequest(from: string, id: number, data: Uint8Array): void {
    if (this.host.silent) { this.host.output({ type: 'respond', to: from, id, data: null }); return }
    let req
    try { req = decodeSyncRequest(data) } catch (e) {
      this.host.note(`dropped a sync request from ${from}: ${(e as Error).message}`)
      this.host.output({ type: 'respond', to: from, id, data: null })
      return
    }
    this.host.output({ type: 'respond', to: from, id, data: answerSync(this.host.tree, req) })
  }

  async onResponse(from: string, id: number, data: Uint8Array | null): Promise<void> {
    const o = this.client.outstanding
    if (!o || o.id !== id) return
    this.client.outstanding = null
    let resp
    try {
      if (!data) throw new Error('no answer')
      resp = decodeSyncResponse(data)
    } catch (e) {
      this.host.note(`dropped a sync response from ${from}: ${(e as Error).message}`)
      this.client.failed(from)
      this.schedule()
      return
    }
    const tree = this.host.tree
    const bestBefore = tree.best.height
    let orphaned = false
    this.applying = true
    try {
      for (const bytes of resp.blocks) {
        if (!(await this.host.syncBlock(bytes, from)) && !this.host.holds(bytes)) orphaned = true
      }
      if (resp.notarization.length !== 0) await this.host.syncCert(resp.notarization, from)
      for (const c of resp.finals) await this.host.syncCert(c, from)
    } finally {
      this.applying = false
    }
    this.client.restartFromFinal = orphaned
    const progressed = tree.best.height > bestBefore
    if (!progressed && resp.blocks.length === 0) {
      // the peer has nothing above us: ask another next time, and stop wanting what may not
      // exist (unverified hints, such as a vote's height, can lie); real progress re-arms it
      this.client.failed(from)
      this.client.wantHeight = tree.best.height
    }
    if (progressed || orphaned) this.request()
    else if (this.behind()) this.schedule()
  }
}
