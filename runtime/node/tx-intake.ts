// Transactions from gossip into the mempool, and the mempool following the fork choice. A
// transfer is admitted only if it decodes, names this chain, its signature verifies in the
// core (§3) and the mempool's rules take it against the sender's account at the fork
// choice's tip; a batch is forwarded only if one was. Validator transactions (§17) are not
// pooled here.
import type { BlockTree, BlockNode } from './block-tree.js'
import type { Mempool, Account } from './mempool.js'
import type { NodeCore } from './node-config.js'
import type { NodeStore } from '../state/store.js'
import { StateTree } from '../state/smt.js'
import { accountKey, decodeAccount } from '../chain/accounts.js'
import { decodeTransfer, TX_KIND_TRANSFER, type Transfer } from '../codec/tx.js'
import { decodeTxBatch } from '../codec/tx-batch.js'
import { decodeBlock } from '../codec/block.js'
import { toHex } from '../bytes.js'
import { txNonces } from './block-info.js'

/**
 * What became of a gossiped batch: forward it, drop it quietly, or drop it as invalid (with
 * why); `full` if the mempool had no room for some of its transfers.
 */
export type TxVerdict = { relay: true, admitted: number, full?: true } | { relay: false, invalid?: string, full?: true }

export class TxIntake {
  constructor(
    private readonly core: NodeCore, private readonly chainId: number, private readonly store: NodeStore,
    private readonly tree: BlockTree, readonly mempool: Mempool,
  ) {}

  /**
   * A batch from the `tx` topic (§20). Invalid (and not forwarded) if it does not decode,
   * holds anything but transfers of this chain, or any transfer's signature fails (checked
   * together by the core, which skips those it verified before). Forwarded if the
   * mempool admitted at least one of its transfers.
   */
  async offerBatch(bytes: Uint8Array): Promise<TxVerdict> {
    // one copy of the batch, which the pooled transfers then view (not a buffer for each:
    // the collector pays per buffer), so the caller's bytes may change afterwards
    bytes = bytes.slice()
    let raw: Uint8Array[]
    try { raw = decodeTxBatch(bytes) } catch (e) { return { relay: false, invalid: `dropped a transaction batch: ${(e as Error).message}` } }
    const txs: Transfer[] = []
    for (let i = 0; i < raw.length; i++) {
      let tx
      try { tx = decodeTransfer(raw[i]) } catch { return { relay: false, invalid: `dropped a transaction batch: transaction ${i} is not a transfer` } }
      if (tx.chainId !== this.chainId) return { relay: false, invalid: `dropped a transaction batch: transaction ${i} is for chain ${tx.chainId}` }
      txs.push(tx)
    }
    // every signature, checked together; the core remembers them, so the blocks that carry
    // these transfers later (built here or received) do not check them again
    let hashes: Uint8Array[]
    try { hashes = this.core.ledger.verifyTxs(raw) } catch (e) {
      return { relay: false, invalid: `dropped a transaction batch with a bad signature: ${(e as Error).message}` }
    }
    const fresh: { tx: Transfer, bytes: Uint8Array, hash: Uint8Array }[] = []
    for (let i = 0; i < raw.length; i++) {
      if (!this.mempool.has(toHex(hashes[i]))) fresh.push({ tx: txs[i], bytes: raw[i], hash: hashes[i] })
    }
    if (fresh.length === 0) return { relay: false }
    // senders the pool already tracks keep its account (exact nonce, balance never above
    // the truth); the others are read from the state at the fork choice's tip
    const best = this.tree.best
    const accounts = new Map<string, Account>()
    const unknown = new Map<string, Uint8Array>()
    for (const f of fresh) {
      const k = toHex(f.tx.from)
      const held = this.mempool.accountOf(k)
      if (held) accounts.set(k, held)
      else unknown.set(k, f.tx.from)
    }
    const read = await this.accountsAt(best, [...unknown.values()])
    ;[...unknown.keys()].forEach((k, i) => accounts.set(k, read[i]))
    let admitted = 0, full = false
    for (const f of fresh) {
      const k = toHex(f.tx.from)
      let r = this.mempool.offer(f.tx, f.bytes, f.hash, accounts.get(k) as Account)
      if (!r.ok && r.reason === 'balance' && !unknown.has(k)) {
        // the held balance may lag (the sender received funds since): read it and try again
        unknown.set(k, f.tx.from)
        accounts.set(k, (await this.accountsAt(best, [f.tx.from]))[0])
        r = this.mempool.offer(f.tx, f.bytes, f.hash, accounts.get(k) as Account)
      }
      if (r.ok) admitted++
      else if (r.reason === 'pool-full' || r.reason === 'sender-full') full = true
    }
    const room = full ? { full: true as const } : {}
    return admitted > 0 ? { relay: true, admitted, ...room } : { relay: false, ...room }
  }

  /** The accounts of `pks` in the state after block `b` (one walk of the tree for all). */
  private async accountsAt(b: BlockNode, pks: Uint8Array[]): Promise<Account[]> {
    const values = await new StateTree(this.store, b.postRoot).getMany(pks.map((pk) => accountKey(this.core, pk)))
    return values.map((v) => (v ? decodeAccount(v) : { balance: 0n, nonce: 0n }))
  }

  /**
   * The fork choice moved from `before` to `best`. Each transaction of the blocks that
   * joined the chain spends its sender's nonce, so the pool drops what it holds of that
   * sender up to that nonce; senders with transactions still waiting get their new accounts
   * from the state at `best` (on a busy chain most senders' queues empty, and reading every
   * sender's account walked the state tree once more per block). The transfers of blocks
   * that left it (a sibling won the round) go back into the pool, as their signatures were
   * checked when those blocks were applied: otherwise a transfer that only the losing
   * proposer held would be lost.
   */
  async follow(before: BlockNode, best: BlockNode): Promise<void> {
    const joined: BlockNode[] = [], left: BlockNode[] = []
    let a: BlockNode | null = best, b: BlockNode | null = before
    while (a && b && a !== b) {
      if (a.height >= b.height) { joined.push(a); a = a.parent } else { left.push(b); b = b.parent }
    }
    const returning = left.filter((x) => x.height > 0).reverse().flatMap((x) => this.transfersOf(x))
    if (this.mempool.size === 0 && returning.length === 0) return
    const senders = new Map<string, Uint8Array>()
    for (const x of joined) {
      if (x.senders.length === 0) continue
      const nonces = txNonces(x.bytes)
      x.senders.forEach((s, i) => {
        const k = toHex(s)
        if (this.mempool.forgetUpTo(k, nonces[i])) senders.set(k, s)
      })
    }
    for (const r of returning) senders.set(toHex(r.tx.from), r.tx.from)
    if (senders.size === 0) return
    const accounts = new Map<string, Account>()
    const read = await this.accountsAt(best, [...senders.values()])
    ;[...senders.keys()].forEach((k, i) => accounts.set(k, read[i]))
    this.mempool.updateAccounts(accounts)
    for (const r of returning) this.mempool.offer(r.tx, r.bytes, r.hash, accounts.get(toHex(r.tx.from)) as Account)
  }

  /** The transfers of an applied block, with their hashes (validator transactions are not pooled). */
  private transfersOf(b: BlockNode): { tx: Transfer, bytes: Uint8Array, hash: Uint8Array }[] {
    if (b.senders.length === 0) return []
    const out: { tx: Transfer, bytes: Uint8Array, hash: Uint8Array }[] = []
    const hashes = this.core.ledger.checkBlock(b.bytes).txHashes
    decodeBlock(b.bytes).txBytes.forEach((bytes, i) => {
      if (bytes[1] === TX_KIND_TRANSFER) out.push({ tx: decodeTransfer(bytes), bytes: bytes.slice(), hash: hashes[i] })
    })
    return out
  }
}
