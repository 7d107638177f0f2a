// Where a full node keeps the state tree's nodes: content-addressed by node hash, so a
// node written once serves every later root that shares it. Hosts bring disk-backed
// stores (LevelDB, Deno KV, IndexedDB, Workers storage) behind this same interface;
// everything here is asynchronous because those are.

import { toHex } from '../bytes.js'

export interface StoredNode { hash: Uint8Array, bytes: Uint8Array }

export interface NodeStore {
  /** The node bytes stored under `hash`, or undefined. */
  get(hash: Uint8Array): Promise<Uint8Array | undefined>
  /**
   * Optional batch read: the bytes under each hash, in order. StateTree reads one tree
   * level per call when a store has it (one round trip per level instead of one per node).
   */
  getMany?(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]>
  /**
   * Stores every node; storing a hash again is harmless (same hash, same bytes). A store may
   * keep the arrays it is given, so the caller must not change them afterwards.
   */
  putMany(nodes: StoredNode[]): Promise<void>
}

/** The lowercase hex of a 32-byte hash, as a flat string (toHex): the key of a node in memory. */
export function hashKey(hash: Uint8Array): string {
  return toHex(hash.length === 32 ? hash : hash.subarray(0, 32))
}

/** A NodeStore in a Map keyed by hex hash: for tests, simulations and light use. */
export class MemoryNodeStore implements NodeStore {
  readonly nodes = new Map<string, Uint8Array>()

  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.nodes.get(hashKey(hash))
  }

  async getMany(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const out = new Array<Uint8Array | undefined>(hashes.length)
    for (let i = 0; i < hashes.length; i++) out[i] = this.nodes.get(hashKey(hashes[i]))
    return out
  }

  async putMany(nodes: StoredNode[]): Promise<void> {
    for (const n of nodes) this.nodes.set(hashKey(n.hash), n.bytes)
  }

  get size(): number { return this.nodes.size }
}
