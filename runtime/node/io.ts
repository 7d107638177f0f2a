// The Sans-IO boundary of a Chiron node: everything that happens to a node is an input,
// everything it wants done is an output. The node never awaits the network, the disk or the
// clock; a host (hosts/*) or the simulator (runtime/sim) runs the loop, delivering inputs
// and carrying out outputs. Time is part of every input, never read by the node.

export type Topic = 'tx' | 'block' | 'vote' | 'cert' | 'seat'

export type NodeInput =
  | { type: 'start', nowMs: number }
  | { type: 'gossip', nowMs: number, from: string, topic: Topic, data: Uint8Array }
  | { type: 'request', nowMs: number, from: string, id: number, data: Uint8Array }
  | { type: 'response', nowMs: number, from: string, id: number, data: Uint8Array | null }
  | { type: 'timer', nowMs: number, key: string }
  | { type: 'peer', nowMs: number, peer: string, connected: boolean }

export type NodeOutput =
  | { type: 'gossip', topic: Topic, data: Uint8Array }
  /**
   * Forward a message this node received (and found valid) to its other peers: gossipsub's
   * ACCEPT. A network whose model already floods every message along relays (the
   * simulator) only counts it; a host that has no validation hook publishes it.
   */
  | { type: 'relay', topic: Topic, data: Uint8Array }
  /**
   * The gossip just handled was invalid (it failed decoding or the core's checks): a host
   * whose network scores peers counts it against `from` and does not forward it. Gossip that
   * is neither relayed nor invalid (a duplicate, too old, not needed yet) is ignored.
   */
  | { type: 'invalid', topic: Topic, from: string }
  /**
   * The gossip just handled held transactions the mempool had no room for (full, or their
   * sender's queue full): not invalid, only not taken now. A host answering a client says
   * "try again later"; offering the same batch again is harmless (what was taken is known).
   */
  | { type: 'full', topic: Topic }
  | { type: 'request', to: string, id: number, data: Uint8Array }
  | { type: 'respond', to: string, id: number, data: Uint8Array | null }
  | { type: 'timer', key: string, atMs: number }
  | { type: 'report', event: NodeReport }

/** What a node tells its host about itself (logs, metrics, the simulator's checkers). */
export type NodeReport =
  | { kind: 'notarized', height: number, hash: string, slot: number, atMs: number }
  | { kind: 'finalized', height: number, hash: string, slot: number, atMs: number, stateRoot: string, txs: number }
  | { kind: 'proposed', height: number, hash: string, slot: number, atMs: number }
  | { kind: 'note', text: string }

/**
 * A node as the loop sees it: one input in, the outputs it produces. A node whose state
 * lives in an asynchronous store answers with a Promise; the loop hands it the next input
 * only after that Promise settled, so inputs are handled one at a time, in order.
 */
export interface SansIoNode {
  handle(input: NodeInput): NodeOutput[] | Promise<NodeOutput[]>
  /**
   * True for a node that queues its own inputs and still handles them one at a time: a
   * loop may hand it the next input without waiting, and the node chooses the order
   * (ConsensusNode lets transaction batches wait behind blocks, votes and timers).
   */
  readonly queuesInputs?: boolean
}
