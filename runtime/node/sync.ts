// Catch-up (docs/PROTOCOL.md §19–20). A node that sees a block or certificate above its own
// height asks one peer at a time for the blocks it is missing, starting just above its final
// block, and feeds what comes back through the same checks as gossip. The client side here is
// bookkeeping only (which peer, which request is outstanding, where to start); the node does
// the rest. The server side answers from the node's chain: the final chain, then its fork
// choice's branch.
import { toHex } from '../bytes.js'
import type { BlockTree, BlockNode } from './block-tree.js'
import { encodeSyncResponse, SYNC_BLOCKS_MAX, SYNC_RESPONSE_BYTES_MAX, type SyncRequest } from './sync-codec.js'

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
