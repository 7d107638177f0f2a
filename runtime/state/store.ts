// Where a full node keeps the state tree's nodes: content-addressed by node hash, so a
// node written once serves every later root that shares it. Hosts bring disk-backed
// stores (LevelDB, Deno KV, IndexedDB, Workers storage) behind this same interface;
// everything here is asynchronous because those are.
import { toHex } from '../bytes.js'

export interface StoredNode { hash: Uint8Array, bytes: Uint8Array }

export interface NodeStore {
  /** The node bytes stored under `hash`, or undefined. */
  get(hash: Uint8Array): Promise<Uint8Array | undefined>
  /** Stores every node; storing a hash again is harmless (same hash, same bytes). */
  putMany(nodes: StoredNode[]): Promise<void>
}

/** A NodeStore in a Map keyed by hex hash: for tests, simulations and light use. */
export class MemoryNodeStore implements NodeStore {
  readonly nodes = new Map<string, Uint8Array>()

  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.nodes.get(toHex(hash))
  }

  async putMany(nodes: StoredNode[]): Promise<void> {
    for (const n of nodes) this.nodes.set(toHex(n.hash), n.bytes)
  }

  get size(): number { return this.nodes.size }
}
