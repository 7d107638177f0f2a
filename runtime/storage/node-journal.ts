// A consensus node's journal (runtime/node/journal.ts) on a ChainStore: votes are single
// durable writes; final blocks go in one atomic batch with the state nodes staged since the
// last one, the height index, the head's finalization certificate and the new progress, and
// the batch deletes the vote records the new final height made moot. A crash at any moment
// leaves the previous final chain or the new one, never a part.
import type { NodeJournal, FinalBlock, VoteRecord, ResumePoint } from '../node/journal.js'
import { ChainStore, CorruptStoreError } from './chain-store.js'

export class KvJournal implements NodeJournal {
  /** Keys of the vote records still stored, with their heights. */
  private readonly voteKeys: { height: bigint, key: Uint8Array }[] = []

  private constructor(readonly store: ChainStore) {}

  /** Opens the journal on `store` and reads where a node restarts from. */
  static async open(store: ChainStore): Promise<{ journal: KvJournal, resume: ResumePoint }> {
    const journal = new KvJournal(store)
    await store.checkConsistent()
    const final = (await store.canonicalBlocks()).map((b) => b.bytes)
    const finalization = (await store.finalCert()) ?? null
    const notarization = (await store.notarCert()) ?? null
    if (final.length !== 0 && !finalization) throw new CorruptStoreError(`no finalization certificate for the head at height ${final.length}`)
    const votes: VoteRecord[] = []
    for (const v of await store.votes()) {
      journal.voteKeys.push({ height: v.height, key: v.key })
      votes.push({ kind: v.kind, height: Number(v.height), block: v.block })
    }
    return { journal, resume: { final, finalization, notarization, votes } }
  }

  async recordVote(v: VoteRecord): Promise<void> {
    const key = this.store.voteKey(BigInt(v.height), v.kind, v.block)
    await this.store.kv.write({ put: [[key, new Uint8Array(0)]], del: [] })
    this.voteKeys.push({ height: BigInt(v.height), key })
  }

  async recordFinal(blocks: FinalBlock[]): Promise<void> {
    if (blocks.length === 0) return
    const head = blocks[blocks.length - 1]
    const top = BigInt(head.height)
    const moot = this.voteKeys.filter((v) => v.height <= top)
    await this.store.commit(
      { height: top, hash: head.hash, stateRoot: head.postRoot },
      blocks.map((b) => ({ hash: b.hash, height: BigInt(b.height), bytes: b.bytes })),
      { put: this.store.headCertPuts(head.finalization, head.notarization), del: moot.map((v) => v.key) },
    )
    for (const v of moot) this.voteKeys.splice(this.voteKeys.indexOf(v), 1)
  }
}
