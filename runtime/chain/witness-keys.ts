// The state keys a block touches, for building its witness from a full node's store. The
// core rejects a witness that lacks a key it reads (E_WITNESS_MISSING) or expands a node no
// key needed (E_WITNESS_SHAPE, docs/STATE.md), so these are exactly the keys of
// assembly/ledger/apply.ts, step by step:
//
//   version 1: the tip (whose absence the block proves), sender and recipient of every
//              transfer, the proposer's account;
//   version 2: the tip; the epoch transition's keys when due; the proposer's table entry
//              and record; the parent certificate's table, entries and records (and the
//              parent proposer's record); each transaction's keys in order; the proposer's
//              account (fees).
//
// The consensus parts come from runtime/consensus/transition-keys.ts, which mirrors the
// consensus library function by function. `read` answers from the parent's post-state.
import { decodeBlock, isV2, type Block } from '../codec/block.js'
import type { Transfer } from '../codec/tx.js'
import type { Tx } from '../codec/validator-tx.js'
import { tipKey, validatorKey } from '../consensus/keys.js'
import { decodeTip, decodeValidator } from '../consensus/records.js'
import {
  KeyList, accountKeyOf, epochTransitionKeys, parentCertKeys, proposerKeys, validatorTxKeys, type StateRead,
} from '../consensus/transition-keys.js'

export type { StateRead } from '../consensus/transition-keys.js'

/**
 * Every key apply touches for `block` (encoded or decoded) on the state `read` answers
 * from. For a valid block the witness of these keys is exactly the one the core accepts;
 * for an invalid block the core stops at its first error, among keys these cover, so the
 * witness yields that block's own error. Throws the decoder's CodecError for bytes that
 * do not decode.
 */
export async function blockWitnessKeys(block: Uint8Array | Block, read: StateRead): Promise<Uint8Array[]> {
  if (typeof read !== 'function') throw new TypeError(`blockWitnessKeys: expected read as a function, got ${typeof read}`)
  const b = block instanceof Uint8Array ? decodeBlock(block) : block
  const out = new KeyList()
  out.add(tipKey())
  const h = b.header
  if (!isV2(h)) {
    for (const t of b.txs as Transfer[]) { out.add(accountKeyOf(t.from)); out.add(accountKeyOf(t.to)) }
    out.add(accountKeyOf(h.proposer))
    return out.keys
  }
  const tipBytes = await read(tipKey())
  if (tipBytes === undefined) return out.keys // E_NO_TIP: the core reads nothing else
  const tip = decodeTip(tipBytes)
  out.addAll(await epochTransitionKeys(h.height, read))
  out.addAll(proposerKeys(h.height, h.proposer))
  out.addAll(parentCertKeys(h.cert, h.height, tip.proposer))
  const counts = { validators: tip.validators }
  for (let i = 0; i < b.txs.length; i++) {
    const t = b.txs[i] as Tx
    if (t.kind === 1) { out.add(accountKeyOf(t.from)); out.add(accountKeyOf(t.to)) } else out.addAll(validatorTxKeys(b.txBytes[i], h.height, counts))
  }
  // The fees go to the account of the proposer's record (checkProposer read it). A record
  // made by a register in this same block cannot be the proposer: it has no table entry yet.
  const record = await read(validatorKey(h.proposer))
  if (record !== undefined) out.add(accountKeyOf(decodeValidator(record).account))
  return out.keys
}
