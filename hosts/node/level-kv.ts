// The Node host's KvStore: LevelDB through classic-level. LevelDB gives atomic write batches
// and an ordered keyspace, which is all runtime/storage needs; every batch is written with
// sync: true, so a resolved write() survives SIGKILL and power loss (the write-ahead log is
// fsynced before LevelDB acknowledges it).
import { ClassicLevel } from 'classic-level'
import type { KvBatch, KvRange, KvStore } from '../../runtime/storage/kv.js'

export class DataDirError extends Error {
  constructor(message: string) { super(message); this.name = 'DataDirError' }
}

type Db = ClassicLevel<Uint8Array, Uint8Array>

export class LevelKv implements KvStore {
  private constructor(private readonly db: Db) {}

  /** Opens (creating if asked) the database in `dir`; clear errors for the usual failures. */
  static async open(dir: string, { create = true } = {}): Promise<LevelKv> {
    const db: Db = new ClassicLevel(dir, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing: create })
    try {
      await db.open()
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code
      if (code === 'LEVEL_LOCKED') throw new DataDirError(`${dir} is in use by another process (is another chiron node running on it?)`)
      if (code === 'LEVEL_CORRUPTION') throw new DataDirError(`${dir}: the database is corrupt: ${(e as Error).cause}`)
      if (!create && code === 'LEVEL_INVALID_ARGUMENT') throw new DataDirError(`${dir} holds no chiron database (run chiron init first)`)
      throw new DataDirError(`${dir}: cannot open the database (is the data directory damaged?): ${(e as { cause?: Error }).cause?.message ?? (e as Error).message}`)
    }
    return new LevelKv(db)
  }

  async get(key: Uint8Array) { return toView(await this.db.get(key)) }

  async getMany(keys: Uint8Array[]) { return (await this.db.getMany(keys)).map(toView) }

  /**
   * One atomic LevelDB write batch, deletions first. The chained form, not an array of
   * operations: abstract-level copies and re-encodes every operation of an array batch in
   * JavaScript, which made a block's commit (tens of thousands of state nodes) about four
   * times slower (bench figures in BENCHMARKS.md).
   */
  async write(batch: KvBatch) {
    const b = this.db.batch()
    try {
      for (const key of batch.del) b.del(key)
      for (const [key, value] of batch.put) b.put(key, value)
    } catch (e) {
      await b.close() // nothing of it was written
      throw e
    }
    await b.write({ sync: true })
  }

  async *entries(range: KvRange): AsyncIterable<[Uint8Array, Uint8Array]> {
    for await (const [k, v] of this.db.iterator({ gte: range.gte, lt: range.lt, limit: range.limit ?? -1, reverse: range.reverse ?? false })) {
      yield [toView(k) as Uint8Array, toView(v) as Uint8Array]
    }
  }

  async close() { await this.db.close() }
}

/** classic-level hands out Buffers; callers get plain Uint8Array views of the same bytes. */
function toView(v: Uint8Array | undefined): Uint8Array | undefined {
  return v === undefined ? undefined : new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
}
