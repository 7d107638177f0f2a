// An in-memory KvStore: for tests, the simulator, and replays that need no disk.
import { compareKeys, type KvBatch, type KvRange, type KvStore } from './kv.js'
import { toHex, fromHex } from '../bytes.js'

export class MemoryKv implements KvStore {
  private map = new Map<string, Uint8Array>()
  private closed = false

  private check() {
    if (this.closed) throw new Error('MemoryKv: the store is closed')
  }

  async get(key: Uint8Array) { this.check(); return this.map.get(toHex(key))?.slice() }

  async getMany(keys: Uint8Array[]) { this.check(); return keys.map((k) => this.map.get(toHex(k))?.slice()) }

  async write(batch: KvBatch) {
    this.check()
    for (const k of batch.del) this.map.delete(toHex(k))
    for (const [k, v] of batch.put) this.map.set(toHex(k), v.slice())
  }

  async *entries(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    this.check()
    const keys = [...this.map.keys()].map(fromHex)
      .filter((k) => compareKeys(k, range.gte) >= 0 && compareKeys(k, range.lt) < 0)
      .sort(compareKeys)
    if (range.reverse) keys.reverse()
    let n = 0
    for (const k of keys) {
      if (range.limit !== undefined && n++ >= range.limit) return
      yield [k, this.map.get(toHex(k)) as Uint8Array]
    }
  }

  async close() { this.closed = true }
}
