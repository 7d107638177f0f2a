// The storage interface every host implements (LevelDB on Node, Deno KV, IndexedDB, Workers
// storage): an ordered byte-keyed map with atomic, durable batches. Everything the node
// persists (chain-store.ts) is built on these four operations, so a new host needs only this.

export interface KvBatch {
  put: [Uint8Array, Uint8Array][]
  del: Uint8Array[]
}

export interface KvRange {
  gte: Uint8Array
  lt: Uint8Array
  limit?: number
  reverse?: boolean
}

export interface KvStore {
  get(key: Uint8Array): Promise<Uint8Array | undefined>
  getMany(keys: Uint8Array[]): Promise<(Uint8Array | undefined)[]>
  /**
   * Atomic and durable: once the promise resolves the whole batch survives a crash (SIGKILL,
   * power loss where the platform syncs); a crash before that leaves none of it.
   */
  write(batch: KvBatch): Promise<void>
  /** Entries with gte ≤ key < lt in unsigned byte order (reversed if asked). */
  entries(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]>
  close(): Promise<void>
}

export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}
