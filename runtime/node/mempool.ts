// The mempool of the Sans-IO node: pending transfers waiting for a block.
//
// Pure data structure: no I/O, no clock. The node feeds it each sender's account as of the
// current tip (it already holds those values from the witnesses it builds), so admission
// never waits for storage. Rules:
// - per sender, transactions are kept by nonce; a nonce may run at most NONCE_GAP_MAX ahead
//   of the account's nonce (later ones would wait forever);
// - a sender's queued transactions must all be payable in nonce order from its balance;
// - the same (sender, nonce) is replaced only by a fee at least REPLACE_BUMP_PERCENT higher;
// - the pool is bounded (TXS_MAX in all, PER_SENDER_MAX each); when full, a newcomer that can
//   run next (its nonce is its sender's account nonce, or follows one the pool holds for a
//   sender that is not stuck) displaces the last transaction of a sender whose next nonce
//   is missing, as those cannot be included until it arrives; otherwise a newcomer must pay
//   more than the cheapest evictable transaction. Either way the victim is the last of a
//   sender's queue, so eviction never leaves a nonce gap, and a pool full of transactions
//   stuck behind lost nonces cannot lock out the ones that can run;
// - block selection takes executable transactions by fee, highest first, each sender's in
//   nonce order; ties go to the earlier arrival, then the lower hash (deterministic).
// Signatures are checked by the caller (through the core) before offer().
import { Heap } from './heap.js'
import { toHex } from '../bytes.js'
import type { Transfer } from '../codec/tx.js'

export const MEMPOOL_LIMITS = { TXS_MAX: 50_000, PER_SENDER_MAX: 64, NONCE_GAP_MAX: 16, REPLACE_BUMP_PERCENT: 10n }

export interface Account { balance: bigint, nonce: bigint }

export interface PendingTx {
  tx: Transfer
  bytes: Uint8Array
  hash: string      // hex of the transaction hash, for ordering ties and lookups
  seq: number       // arrival order
}

export type OfferResult =
  | { ok: true, replaced?: PendingTx, evicted?: PendingTx }
  | { ok: false, reason: 'chain' | 'stale-nonce' | 'nonce-gap' | 'balance' | 'underpriced-replacement' | 'sender-full' | 'pool-full' | 'known' }

interface SenderQueue {
  account: Account
  byNonce: Map<bigint, PendingTx>
}

function cost(t: Transfer): bigint { return t.amount + t.fee }

/** true if a should be taken before b (higher fee, then earlier arrival, then lower hash) */
function better(a: PendingTx, b: PendingTx): boolean {
  if (a.tx.fee !== b.tx.fee) return a.tx.fee > b.tx.fee
  if (a.seq !== b.seq) return a.seq < b.seq
  return a.hash < b.hash
}

export class Mempool {
  private senders = new Map<string, SenderQueue>()
  private byHash = new Map<string, PendingTx>()
  private seq = 0
  /** How many pooled transactions pay each fee, and the lowest of them (null: not known). */
  private readonly feeCounts = new Map<bigint, number>()
  private lowestFee: bigint | null = null
  /** Senders with queued transactions but none at their account nonce: stuck behind a missing one. */
  private readonly stuck = new Set<string>()

  constructor(readonly chainId: number, readonly limits = MEMPOOL_LIMITS) {}

  get size(): number { return this.byHash.size }

  has(hash: string): boolean { return this.byHash.has(hash) }

  /**
   * The account the pool holds for a sender with queued transactions (hex key), if any. Its
   * nonce is exact while the node keeps the pool following the fork choice (only the
   * sender's own transactions move it); its balance may lag behind what the sender received
   * since, never ahead of it.
   */
  accountOf(sender: string): Account | undefined { return this.senders.get(sender)?.account }

  /** Offers a signature-checked transaction; `account` is its sender as of the tip. */
  offer(tx: Transfer, bytes: Uint8Array, hash: Uint8Array, account: Account): OfferResult {
    const id = toHex(hash)
    if (this.byHash.has(id)) return { ok: false, reason: 'known' }
    if (tx.chainId !== this.chainId) return { ok: false, reason: 'chain' }
    const sender = toHex(tx.from)
    const q = this.senders.get(sender) ?? { account, byNonce: new Map() }
    q.account = account
    if (this.senders.has(sender)) this.checkStuck(sender, q)
    if (tx.nonce < account.nonce) return { ok: false, reason: 'stale-nonce' }
    if (tx.nonce >= account.nonce + BigInt(this.limits.NONCE_GAP_MAX)) return { ok: false, reason: 'nonce-gap' }
    const old = q.byNonce.get(tx.nonce)
    if (old) {
      const minFee = old.tx.fee + (old.tx.fee * this.limits.REPLACE_BUMP_PERCENT + 99n) / 100n
      if (tx.fee < minFee || tx.fee === old.tx.fee) return { ok: false, reason: 'underpriced-replacement' }
    } else if (q.byNonce.size >= this.limits.PER_SENDER_MAX) {
      return { ok: false, reason: 'sender-full' }
    }
    const entry: PendingTx = { tx, bytes, hash: id, seq: this.seq++ }
    if (!this.payable(q, entry)) return { ok: false, reason: 'balance' }
    let evicted: PendingTx | undefined
    if (!old && this.byHash.size >= this.limits.TXS_MAX) {
      const runnable = tx.nonce === account.nonce || (q.byNonce.has(tx.nonce - 1n) && !this.stuck.has(sender))
      const victim = runnable ? this.lastOfStuckSender(sender) : undefined
      if (victim) {
        this.remove(victim)
        evicted = victim
      } else {
        // a newcomer arrives last, so it beats a victim only by a higher fee: one that pays
        // no more than the cheapest pooled transaction is refused without the linear search
        if (tx.fee <= this.minFee()) return { ok: false, reason: 'pool-full' }
        const cheapest = this.cheapestEvictable(sender)
        if (!cheapest || !better(entry, cheapest)) return { ok: false, reason: 'pool-full' }
        this.remove(cheapest)
        evicted = cheapest
      }
    }
    if (old) { this.byHash.delete(old.hash); this.countFee(old.tx.fee, -1) }
    q.byNonce.set(tx.nonce, entry)
    this.senders.set(sender, q)
    this.byHash.set(id, entry)
    this.countFee(tx.fee, 1)
    this.checkStuck(sender, q)
    return { ok: true, replaced: old, evicted }
  }

  /** Keeps `stuck` right for one sender after its queue or account changed. */
  private checkStuck(sender: string, q: SenderQueue | undefined): void {
    if (q && q.byNonce.size !== 0 && !q.byNonce.has(q.account.nonce)) this.stuck.add(sender)
    else this.stuck.delete(sender)
  }

  /** The last transaction of some sender stuck behind a missing nonce (not `except`). */
  private lastOfStuckSender(except: string): PendingTx | undefined {
    for (const sender of this.stuck) {
      if (sender === except) continue
      const q = this.senders.get(sender) as SenderQueue
      let last: PendingTx | undefined
      for (const t of q.byNonce.values()) if (!last || t.tx.nonce > last.tx.nonce) last = t
      return last
    }
    return undefined
  }

  /** Is the sender's run of consecutive nonces from its account nonce, with `entry` in place, payable? */
  private payable(q: SenderQueue, entry: PendingTx): boolean {
    let balance = q.account.balance
    // bounded: the run is at most PER_SENDER_MAX + 1 long
    for (let n = q.account.nonce; ; n++) {
      const t = n === entry.tx.nonce ? entry : q.byNonce.get(n)
      if (!t) return true // a gap or the end: a later transaction waits and is checked when it can run
      balance -= cost(t.tx)
      if (balance < 0n) return false
    }
  }

  /**
   * The last transaction of the sender whose last transaction is cheapest (not `except`).
   * Linear in the pool; it runs only when the pool is full.
   */
  private cheapestEvictable(except: string): PendingTx | undefined {
    let victim: PendingTx | undefined
    for (const [sender, q] of this.senders) {
      if (sender === except || q.byNonce.size === 0) continue
      let last: PendingTx | undefined
      for (const t of q.byNonce.values()) if (!last || t.tx.nonce > last.tx.nonce) last = t
      if (last && (!victim || better(victim, last))) victim = last
    }
    return victim
  }

  private remove(t: PendingTx): void {
    const sender = toHex(t.tx.from)
    const q = this.senders.get(sender)
    q?.byNonce.delete(t.tx.nonce)
    if (q && q.byNonce.size === 0) this.senders.delete(sender)
    if (this.byHash.delete(t.hash)) this.countFee(t.tx.fee, -1)
    this.checkStuck(sender, q)
  }

  private countFee(fee: bigint, by: 1 | -1): void {
    const n = (this.feeCounts.get(fee) ?? 0) + by
    if (n === 0) this.feeCounts.delete(fee)
    else this.feeCounts.set(fee, n)
    if (by === 1 ? this.lowestFee !== null && fee < this.lowestFee : n === 0 && fee === this.lowestFee) this.lowestFee = by === 1 ? fee : null
  }

  /** The lowest fee in the pool (recomputed over the distinct fees only after the lowest left). */
  private minFee(): bigint {
    if (this.lowestFee === null) {
      for (const f of this.feeCounts.keys()) if (this.lowestFee === null || f < this.lowestFee) this.lowestFee = f
    }
    return this.lowestFee ?? 0n
  }

  /**
   * Up to `max` executable transactions for a block: highest fee first across senders, each
   * sender's in nonce order from its account nonce, all payable from its balance.
   */
  select(max: number): PendingTx[] {
    const heads = new Heap<{ t: PendingTx, q: SenderQueue, balance: bigint }>((a, b) => better(a.t, b.t))
    for (const q of this.senders.values()) {
      const first = q.byNonce.get(q.account.nonce)
      if (first && cost(first.tx) <= q.account.balance) heads.push({ t: first, q, balance: q.account.balance })
    }
    const out: PendingTx[] = []
    while (out.length < max) {
      const h = heads.pop()
      if (!h) break
      out.push(h.t)
      const balance = h.balance - cost(h.t.tx)
      const next = h.q.byNonce.get(h.t.tx.nonce + 1n)
      if (next && cost(next.tx) <= balance) heads.push({ t: next, q: h.q, balance })
    }
    return out
  }

  /**
   * After a block that used nonce `nonce` of `sender` (hex key): drops the sender's pooled
   * transactions at or below it, included or not (that nonce is spent). True if the sender
   * still has transactions waiting: only then does the pool need its new account
   * (updateAccounts), since it keeps accounts for queued senders alone.
   */
  forgetUpTo(sender: string, nonce: bigint): boolean {
    const q = this.senders.get(sender)
    if (!q) return false
    for (const [n, t] of q.byNonce) if (n <= nonce) this.remove(t)
    return this.senders.has(sender)
  }

  /**
   * After a block: the new accounts of the senders it touched. Drops transactions whose
   * nonce is now used, and any that are no longer payable (and those after them).
   */
  updateAccounts(accounts: Map<string, Account>): void {
    for (const [sender, account] of accounts) {
      const q = this.senders.get(sender)
      if (!q) continue
      q.account = account
      const nonces = [...q.byNonce.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      let balance = account.balance
      let broken = false
      for (const n of nonces) {
        const t = q.byNonce.get(n) as PendingTx
        if (n < account.nonce) { this.remove(t); continue }
        if (!broken) {
          balance -= cost(t.tx)
          broken = balance < 0n
        }
        if (broken) this.remove(t)
      }
      this.checkStuck(sender, this.senders.get(sender))
    }
  }
}
