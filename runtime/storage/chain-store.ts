// What a node keeps on disk, over any KvStore: state tree nodes, blocks, the canonical
// height index, the genesis, and the node's progress. Applying a block is ONE atomic batch
// (its state nodes, the block, its index entry and the new progress together), so a crash at
// any moment leaves the store at the previous block or the new one, never in between.
//
// It is the StateTree's NodeStore: nodes the tree writes are staged in memory and reach the
// disk only with the next commit(), in the same batch as the block that produced them.
//
// Key layout (first byte is the table):
//   0x01 hash[32]            → state tree node bytes
//   0x02 hash[32]            → block bytes
//   0x03 height:u64 BE       → block hash (canonical chain)
//   0x04 "progress"          → progress record (below)
//   0x05 "genesis"           → chainId:u32 LE || allocations
//   0x04 "finalcert"         → the finalization certificate of the head (consensus nodes)
//   0x04 "notarcert"         → the notarization certificate of the head (consensus nodes)
//   0x04 "network"           → the network this store belongs to (encodeNetwork, below)
//   0x06 name (UTF-8)        → an encrypted key file (runtime/wallet/keyfile.ts)
//   0x07 height:u64 BE ‖ kind:u8 ‖ block[32] → (empty) a vote this node cast (node/journal.ts)
import type { KvBatch, KvStore } from './kv.js'
import { hashKey, type NodeStore, type StoredNode } from '../state/store.js'
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { concatBytes, toHex, utf8 } from '../bytes.js'

const T_NODE = 0x01, T_BLOCK = 0x02, T_HEIGHT = 0x03, T_META = 0x04, T_KEY = 0x06, T_VOTE = 0x07
const FINAL_CERT_KEY = concatBytes(Uint8Array.of(T_META), utf8('finalcert'))
const NOTAR_CERT_KEY = concatBytes(Uint8Array.of(T_META), utf8('notarcert'))
const NETWORK_KEY = concatBytes(Uint8Array.of(T_META), utf8('network'))
const NETWORK_VERSION = 1
const PROGRESS_KEY = concatBytes(Uint8Array.of(T_META), utf8('progress'))
const GENESIS_KEY = concatBytes(Uint8Array.of(T_META), utf8('genesis'))
const PROGRESS_VERSION = 1

/** Where the node is: its head (last applied block) and its state root there. */
export interface Progress {
  height: bigint
  hash: Uint8Array
  stateRoot: Uint8Array
}

/** A block as the store keeps it: by hash, with the canonical index entry at its height. */
export interface StoredBlock {
  hash: Uint8Array
  height: bigint
  bytes: Uint8Array
}

export class CorruptStoreError extends Error {
  constructor(what: string) {
    super(`corrupt data directory: ${what}`)
    this.name = 'CorruptStoreError'
  }
}

const tableKey = (table: number, body: Uint8Array) => concatBytes(Uint8Array.of(table), body)
function heightKey(height: bigint): Uint8Array {
  const k = new Uint8Array(9)
  k[0] = T_HEIGHT
  new DataView(k.buffer).setBigUint64(1, height, false)
  return k
}

/**
 * The network a consensus node's store belongs to: the chain id, the genesis time and the
 * genesis input (allocations ‖ validators, PROTOCOL.md §18), from which the core rebuilds
 * the genesis state and hash.
 */
export interface NetworkRecord {
  chainId: number
  genesisTimeMs: bigint
  genesisInput: Uint8Array
}

export function encodeNetwork(n: NetworkRecord): Uint8Array {
  return new ByteWriter(13 + n.genesisInput.length).u8(NETWORK_VERSION).u32(n.chainId).u64(n.genesisTimeMs).bytes(n.genesisInput).finish()
}

export function decodeNetwork(bytes: Uint8Array): NetworkRecord {
  try {
    const r = new ByteReader(bytes, 'network record')
    const version = r.u8()
    if (version !== NETWORK_VERSION) throw new Error(`expected version ${NETWORK_VERSION}, got ${version}`)
    const chainId = r.u32(), genesisTimeMs = r.u64()
    return { chainId, genesisTimeMs, genesisInput: bytes.slice(13) }
  } catch (e) {
    throw new CorruptStoreError(`network record: ${(e as Error).message}`)
  }
}

export function encodeProgress(p: Progress): Uint8Array {
  return new ByteWriter(73).u8(PROGRESS_VERSION).u64(p.height).bytes(p.hash, 32).bytes(p.stateRoot, 32).finish()
}

export function decodeProgress(bytes: Uint8Array): Progress {
  try {
    const r = new ByteReader(bytes, 'progress record')
    const version = r.u8()
    if (version !== PROGRESS_VERSION) throw new Error(`expected version ${PROGRESS_VERSION}, got ${version}`)
    const p = { height: r.u64(), hash: r.bytesView(32).slice(), stateRoot: r.bytesView(32).slice() }
    r.end()
    return p
  } catch (e) {
    throw new CorruptStoreError(`progress record: ${(e as Error).message}`)
  }
}

/**
 * State nodes kept in memory after a read or a commit (about 250 bytes each with the key).
 * A block of 10,000 transfers writes some 70,000 nodes. When the cache evicted first in,
 * first out, 400,000 nodes made a loaded devnet read evicted ones back from LevelDB (12 %
 * more CPU per transfer than with 1,500,000); with the two generations below, one pair of
 * runs showed the same CPU with 400,000 as with 1,000,000 (BENCHMARKS.md).
 */
export const NODE_CACHE_MAX = 1_000_000

export class ChainStore implements NodeStore {
  private staged = new Map<string, StoredNode>()
  /** The staged nodes of each commit under way: readable until the write is durable (then the KV has them). */
  private writing: Map<string, StoredNode>[] = []
  /**
   * Nodes read from or written to the KV, in two generations of up to half the cache each.
   * Nodes are content-addressed and never change, so a cached node is always right; the
   * cache only spares the KV's reads, which dominate a busy node's time (every account
   * lookup walks the tree from its root). A full `recent` becomes `older` and the previous
   * `older` is dropped whole; a node read from `older` moves back to `recent`. So the nodes
   * of the current state, which every block's witness reads, stay, while superseded ones
   * age out (first in, first out evicted current nodes written long ago), and each map is
   * half the size (in a micro-benchmark a lookup in a map of a million keys cost about three
   * times one in 200,000; the devnet's CPU per transfer did not show it).
   */
  private recent = new Map<string, Uint8Array>()
  private older = new Map<string, Uint8Array>()

  constructor(readonly kv: KvStore, private readonly cacheMax = NODE_CACHE_MAX) {}

  private held(k: string): Uint8Array | undefined {
    const cached = this.recent.get(k)
    if (cached) return cached
    const staged = this.staged.get(k)
    if (staged) return staged.bytes
    for (const w of this.writing) {
      const n = w.get(k)
      if (n) return n.bytes
    }
    const old = this.older.get(k)
    if (old) this.remember(k, old)
    return old
  }

  private remember(k: string, bytes: Uint8Array): void {
    this.recent.set(k, bytes)
    if (this.recent.size >= this.cacheMax >> 1) {
      this.older = this.recent
      this.recent = new Map()
    }
  }

  // NodeStore: reads see staged, in-flight and cached nodes first; writes are staged until commit().
  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    const k = hashKey(hash)
    const held = this.held(k)
    if (held) return held
    const v = await this.kv.get(tableKey(T_NODE, hash))
    if (v) this.remember(k, v)
    return v
  }

  async getMany(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const keys = hashes.map(hashKey)
    const out: (Uint8Array | undefined)[] = keys.map((k) => this.held(k))
    const missing: number[] = []
    for (let i = 0; i < out.length; i++) if (!out[i]) missing.push(i)
    if (missing.length) {
      const found = await this.kv.getMany(missing.map((i) => tableKey(T_NODE, hashes[i])))
      missing.forEach((i, k) => {
        out[i] = found[k]
        if (found[k]) this.remember(keys[i], found[k] as Uint8Array)
      })
    }
    return out
  }

  /**
   * Stages the nodes as given, without copies (the NodeStore contract: a caller never
   * changes them afterwards). StateTree hands views into one copy of a block's writes; a
   * copy per node was some 140,000 small buffers per block for the collector to track.
   */
  async putMany(nodes: StoredNode[]): Promise<void> {
    for (const n of nodes) this.staged.set(hashKey(n.hash), n)
  }

  /** Drops staged nodes (after a failed block: nothing of it reaches the disk). */
  discardStaged(): void { this.staged.clear() }

  /**
   * Writes the staged nodes, the blocks (if any) with their height index entries, the new
   * progress and any `extra` operations as one atomic batch. Resolves once durable. Nodes
   * staged while the write is under way wait for the next commit.
   */
  async commit(progress: Progress, blocks?: StoredBlock | StoredBlock[], extra?: KvBatch): Promise<void> {
    const put: [Uint8Array, Uint8Array][] = []
    const nodes = this.staged
    this.staged = new Map()
    for (const n of nodes.values()) put.push([tableKey(T_NODE, n.hash), n.bytes])
    for (const block of blocks === undefined ? [] : Array.isArray(blocks) ? blocks : [blocks]) {
      put.push([tableKey(T_BLOCK, block.hash), block.bytes])
      put.push([heightKey(block.height), block.hash])
    }
    put.push([PROGRESS_KEY, encodeProgress(progress)])
    if (extra) put.push(...extra.put)
    this.writing.push(nodes)
    try {
      await this.kv.write({ put, del: extra?.del ?? [] })
    } catch (e) {
      // not durable: the nodes go back to the stage, for the next commit to try again
      for (const [k, n] of nodes) if (!this.staged.has(k)) this.staged.set(k, n)
      throw e
    } finally {
      this.writing.splice(this.writing.indexOf(nodes), 1)
      for (const [k, n] of nodes) if (!this.staged.has(k)) this.remember(k, n.bytes)
    }
  }

  async progress(): Promise<Progress | undefined> {
    const bytes = await this.kv.get(PROGRESS_KEY)
    return bytes ? decodeProgress(bytes) : undefined
  }

  async saveGenesis(chainId: number, allocations: Uint8Array): Promise<void> {
    const v = new ByteWriter(4 + allocations.length).u32(chainId).bytes(allocations).finish()
    await this.kv.write({ put: [[GENESIS_KEY, v]], del: [] })
  }

  async genesis(): Promise<{ chainId: number, allocations: Uint8Array } | undefined> {
    const v = await this.kv.get(GENESIS_KEY)
    if (!v) return undefined
    if (v.length < 4) throw new CorruptStoreError('genesis record is shorter than 4 bytes')
    return { chainId: new DataView(v.buffer, v.byteOffset).getUint32(0, true), allocations: v.subarray(4) }
  }

  async blockByHash(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.kv.get(tableKey(T_BLOCK, hash))
  }

  async hashAtHeight(height: bigint): Promise<Uint8Array | undefined> {
    return this.kv.get(heightKey(height))
  }

  async blockAtHeight(height: bigint): Promise<Uint8Array | undefined> {
    const hash = await this.hashAtHeight(height)
    if (!hash) return undefined
    const block = await this.blockByHash(hash)
    if (!block) throw new CorruptStoreError(`the index names block ${toHex(hash)} at height ${height}, which is missing`)
    return block
  }

  /** The canonical chain from height 1 to the head, in order (a consensus node's final chain). */
  async canonicalBlocks(): Promise<StoredBlock[]> {
    const p = await this.progress()
    if (!p || p.height === 0n) return []
    const hashes: Uint8Array[] = []
    for await (const [, hash] of this.kv.entries({ gte: heightKey(1n), lt: heightKey(p.height + 1n) })) hashes.push(hash)
    if (BigInt(hashes.length) !== p.height) throw new CorruptStoreError(`the height index has ${hashes.length} entries below the head at ${p.height}`)
    const bodies = await this.kv.getMany(hashes.map((h) => tableKey(T_BLOCK, h)))
    return hashes.map((hash, i) => {
      const bytes = bodies[i]
      if (!bytes) throw new CorruptStoreError(`block ${toHex(hash)} at height ${i + 1} is missing`)
      return { hash, height: BigInt(i + 1), bytes }
    })
  }

  /** The finalization certificate stored with the head, if any. */
  async finalCert(): Promise<Uint8Array | undefined> {
    const v = await this.kv.get(FINAL_CERT_KEY)
    return v && v.length !== 0 ? v : undefined
  }

  /** The notarization certificate stored with the head, if any. */
  async notarCert(): Promise<Uint8Array | undefined> {
    const v = await this.kv.get(NOTAR_CERT_KEY)
    return v && v.length !== 0 ? v : undefined
  }

  /** The puts that store the head's certificates (an empty value: none held). */
  headCertPuts(finalization: Uint8Array | null, notarization: Uint8Array | null): [Uint8Array, Uint8Array][] {
    return [[FINAL_CERT_KEY, finalization ?? new Uint8Array(0)], [NOTAR_CERT_KEY, notarization ?? new Uint8Array(0)]]
  }

  voteKey(height: bigint, kind: number, block: Uint8Array): Uint8Array {
    const k = new Uint8Array(42)
    k[0] = T_VOTE
    new DataView(k.buffer).setBigUint64(1, height, false)
    k[9] = kind
    k.set(block, 10)
    return k
  }

  /** Every vote record, in height order. */
  async votes(): Promise<{ height: bigint, kind: number, block: Uint8Array, key: Uint8Array }[]> {
    const out = []
    for await (const [k] of this.kv.entries({ gte: Uint8Array.of(T_VOTE), lt: Uint8Array.of(T_VOTE + 1) })) {
      if (k.length !== 42) throw new CorruptStoreError(`a vote record key of ${k.length} bytes`)
      out.push({ height: new DataView(k.buffer, k.byteOffset).getBigUint64(1, false), kind: k[9], block: k.slice(10), key: k.slice() })
    }
    return out
  }

  async saveNetwork(n: NetworkRecord): Promise<void> {
    await this.kv.write({ put: [[NETWORK_KEY, encodeNetwork(n)]], del: [] })
  }

  async network(): Promise<NetworkRecord | undefined> {
    const v = await this.kv.get(NETWORK_KEY)
    return v ? decodeNetwork(v) : undefined
  }

  async putKey(name: string, keyFile: Uint8Array): Promise<void> {
    await this.kv.write({ put: [[tableKey(T_KEY, utf8(name)), keyFile]], del: [] })
  }

  async getKey(name: string): Promise<Uint8Array | undefined> {
    return this.kv.get(tableKey(T_KEY, utf8(name)))
  }

  /**
   * Checks the invariants a crash must never break: the head block and its index entry
   * exist, and so does the state root node (unless the state is empty).
   */
  async checkConsistent(): Promise<Progress | undefined> {
    const p = await this.progress()
    if (!p) return undefined
    if (p.height > 0n) {
      const hash = await this.hashAtHeight(p.height)
      if (!hash || toHex(hash) !== toHex(p.hash)) throw new CorruptStoreError(`no index entry for the head at height ${p.height}`)
      if (!(await this.blockByHash(p.hash))) throw new CorruptStoreError(`the head block ${toHex(p.hash)} is missing`)
    }
    if (p.stateRoot.some((b) => b !== 0) && !(await this.kv.get(tableKey(T_NODE, p.stateRoot)))) {
      throw new CorruptStoreError(`the state root node ${toHex(p.stateRoot)} is missing`)
    }
    return p
  }
}
