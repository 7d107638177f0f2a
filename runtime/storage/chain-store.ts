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
//   0x06 name (UTF-8)        → an encrypted key file (runtime/wallet/keyfile.ts)
import type { KvStore } from './kv.js'
import type { NodeStore, StoredNode } from '../state/store.js'
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { concatBytes, toHex, utf8 } from '../bytes.js'

const T_NODE = 0x01, T_BLOCK = 0x02, T_HEIGHT = 0x03, T_META = 0x04, T_KEY = 0x06
const PROGRESS_KEY = concatBytes(Uint8Array.of(T_META), utf8('progress'))
const GENESIS_KEY = concatBytes(Uint8Array.of(T_META), utf8('genesis'))
const PROGRESS_VERSION = 1

/** Where the node is: its head (last applied block) and its state root there. */
export interface Progress {
  height: bigint
  hash: Uint8Array
  stateRoot: Uint8Array
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

export class ChainStore implements NodeStore {
  private staged = new Map<string, StoredNode>()

  constructor(readonly kv: KvStore) {}

  // NodeStore: reads see staged nodes first; writes are staged until commit().
  async get(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.staged.get(toHex(hash))?.bytes ?? this.kv.get(tableKey(T_NODE, hash))
  }

  async getMany(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const out: (Uint8Array | undefined)[] = hashes.map((h) => this.staged.get(toHex(h))?.bytes)
    const missing = hashes.map((h, i) => (out[i] ? -1 : i)).filter((i) => i >= 0)
    if (missing.length) {
      const found = await this.kv.getMany(missing.map((i) => tableKey(T_NODE, hashes[i])))
      missing.forEach((i, k) => { out[i] = found[k] })
    }
    return out
  }

  async putMany(nodes: StoredNode[]): Promise<void> {
    for (const n of nodes) this.staged.set(toHex(n.hash), { hash: n.hash.slice(), bytes: n.bytes.slice() })
  }

  /** Drops staged nodes (after a failed block: nothing of it reaches the disk). */
  discardStaged(): void { this.staged.clear() }

  /**
   * Writes the staged nodes, the block (if any) with its height index entry, and the new
   * progress as one atomic batch. Resolves once durable.
   */
  async commit(progress: Progress, block?: { hash: Uint8Array, height: bigint, bytes: Uint8Array }): Promise<void> {
    const put: [Uint8Array, Uint8Array][] = []
    for (const n of this.staged.values()) put.push([tableKey(T_NODE, n.hash), n.bytes])
    if (block) {
      put.push([tableKey(T_BLOCK, block.hash), block.bytes])
      put.push([heightKey(block.height), block.hash])
    }
    put.push([PROGRESS_KEY, encodeProgress(progress)])
    await this.kv.write({ put, del: [] })
    this.staged.clear()
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
