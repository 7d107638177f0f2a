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
import { decodeTransfer, encodeTransferBody, transferSigningMessage, type Transfer } from '../codec/tx.js'
import { decodeTxBatch } from '../codec/tx-batch.js'
import { toHex } from '../bytes.js'

/** What became of a gossiped batch: forward it, drop it quietly, or drop it as invalid (with why). */
export type TxVerdict = { relay: true, admitted: number } | { relay: false, invalid?: string }

export class TxIntake {
  constructor(
    private readonly core: NodeCore, private readonly chainId: number, private readonly store: NodeStore,
    private readonly tree: BlockTree, readonly mempool: Mempool,
  ) {}

  /**
   * A batch from the `tx` topic (§20). Invalid (and not forwarded) if it does not decode,
   * holds anything but transfers of this chain, or any new transfer's signature fails (the
   * new ones are checked together, by the core's batch verification). Forwarded if the
   * mempool admitted at least one of its transfers.
   */
  async offerBatch(bytes: Uint8Array): Promise<TxVerdict> {
    let raw: Uint8Array[]
    try { raw = decodeTxBatch(bytes) } catch (e) { return { relay: false, invalid: `dropped a transaction batch: ${(e as Error).message}` } }
    const fresh: { tx: Transfer, bytes: Uint8Array, hash: Uint8Array }[] = []
    for (let i = 0; i < raw.length; i++) {
      let tx
      try { tx = decodeTransfer(raw[i]) } catch { return { relay: false, invalid: `dropped a transaction batch: transaction ${i} is not a transfer` } }
      if (tx.chainId !== this.chainId) return { relay: false, invalid: `dropped a transaction batch: transaction ${i} is for chain ${tx.chainId}` }
      const hash = this.core.sha256(raw[i])
      if (!this.mempool.has(toHex(hash))) fresh.push({ tx, bytes: raw[i].slice(), hash })
    }
    if (fresh.length === 0) return { relay: false }
    const items = fresh.map((f) => ({ sig: f.tx.sig, msg: transferSigningMessage(encodeTransferBody(f.tx)), pk: f.tx.from }))
    const ok = items.length === 1 ? this.core.ed25519.verify(items[0].sig, items[0].msg, items[0].pk) : this.core.ed25519.verifyBatch(items)
    if (!ok) return { relay: false, invalid: 'dropped a transaction batch with a bad signature' }
    const senders = new Map<string, Uint8Array>()
    for (const f of fresh) senders.set(toHex(f.tx.from), f.tx.from)
    const best = this.tree.best
    const accounts = new Map<string, Account>()
    await Promise.all([...senders].map(async ([k, pk]) => { accounts.set(k, await this.accountAt(best, pk)) }))
    let admitted = 0
    for (const f of fresh) {
      if (this.mempool.offer(f.tx, f.bytes, f.hash, accounts.get(toHex(f.tx.from)) as Account).ok) admitted++
    }
    return admitted > 0 ? { relay: true, admitted } : { relay: false }
  }

  private async accountAt(b: BlockNode, pk: Uint8Array): Promise<Account> {
    const v = await new StateTree(this.store, b.postRoot).get(accountKey(this.core, pk))
    return v ? decodeAccount(v) : { balance: 0n, nonce: 0n }
  }

  /** The fork choice moved from `before` to `best`: senders of the blocks that joined the chain get their new accounts. */
  async follow(before: BlockNode, best: BlockNode): Promise<void> {
    if (this.mempool.size === 0) return
    const senders = new Map<string, Uint8Array>()
    for (let x: BlockNode | null = best; x && x !== before && x.height > 0 && !this.tree.descends(before, x); x = x.parent) {
      for (const s of x.senders) senders.set(toHex(s), s)
    }
    if (senders.size === 0) return
    const accounts = new Map<string, Account>()
    for (const [k, pk] of senders) accounts.set(k, await this.accountAt(best, pk))
    this.mempool.updateAccounts(accounts)
  }
}
