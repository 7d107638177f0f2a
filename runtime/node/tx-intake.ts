// Transactions from gossip into the mempool, and the mempool following the fork choice. A
// transfer is admitted only if it decodes, names this chain, its signature verifies in the
// core (§3) and the mempool's rules take it against the sender's account at the fork
// choice's tip; only then is it forwarded. Validator transactions (§17) are not pooled here.
import type { BlockTree, BlockNode } from './block-tree.js'
import type { Mempool, Account } from './mempool.js'
import type { NodeCore } from './node-config.js'
import type { NodeStore } from '../state/store.js'
import { StateTree } from '../state/smt.js'
import { accountKey, decodeAccount } from '../chain/accounts.js'
import { decodeTransfer, encodeTransferBody, transferSigningMessage } from '../codec/tx.js'
import { toHex } from '../bytes.js'

/** What became of a gossiped transaction: forward it, drop it quietly, or drop it with a note. */
export type TxVerdict = { relay: true } | { relay: false, note?: string }

export class TxIntake {
  constructor(
    private readonly core: NodeCore, private readonly chainId: number, private readonly store: NodeStore,
    private readonly tree: BlockTree, readonly mempool: Mempool,
  ) {}

  async offer(bytes: Uint8Array): Promise<TxVerdict> {
    let tx
    try { tx = decodeTransfer(bytes) } catch { return { relay: false, note: 'dropped a transaction that is not a transfer' } }
    if (tx.chainId !== this.chainId) return { relay: false }
    const hash = this.core.sha256(bytes)
    if (this.mempool.has(toHex(hash))) return { relay: false }
    if (!this.core.ed25519.verify(tx.sig, transferSigningMessage(encodeTransferBody(tx)), tx.from)) {
      return { relay: false, note: 'dropped a transaction with a bad signature' }
    }
    const account = await this.accountAt(this.tree.best, tx.from)
    return { relay: this.mempool.offer(tx, bytes, hash, account).ok }
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
