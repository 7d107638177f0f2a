// Which state keys a block touches: the witness a full node builds must cover exactly these
// (the core rejects a witness with unused nodes). Mirrors assembly/ledger/apply.ts.
import type { Core } from '../core.js'
import type { Block } from '../codec/block.js'
import type { Transfer } from '../codec/tx.js'
import { concatBytes, utf8 } from '../bytes.js'
import { tipKey } from '../consensus/keys.js'

const ACCT = utf8('acct')

/** key = SHA-256("acct" || public key) */
export function accountKey(core: Core, pk: Uint8Array): Uint8Array {
  return core.sha256(concatBytes(ACCT, pk))
}

/**
 * The keys a version-1 block touches: the tip (read to prove its absence: a ledger-only
 * block may not run on a consensus state), sender and recipient of every transaction, then
 * the proposer (always read). Version-2 blocks: runtime/chain/witness-keys.ts.
 */
export function touchedKeys(core: Core, block: Block): Uint8Array[] {
  if (block.header.version === 2) throw new TypeError('touchedKeys: expected a version-1 block, got version 2 (use blockWitnessKeys)')
  const seen = new Map<string, Uint8Array>()
  seen.set('tip', tipKey())
  const add = (pk: Uint8Array) => {
    const id = String.fromCharCode(...pk)
    if (!seen.has(id)) seen.set(id, accountKey(core, pk))
  }
  for (const t of block.txs as Transfer[]) { add(t.from); add(t.to) }
  add(block.header.proposer)
  return [...seen.values()]
}

export function decodeAccount(value: Uint8Array): { balance: bigint, nonce: bigint } {
  if (value.length !== 16) throw new RangeError(`decodeAccount: expected 16 bytes, got ${value.length}`)
  const v = new DataView(value.buffer, value.byteOffset, 16)
  return { balance: v.getBigUint64(0, true), nonce: v.getBigUint64(8, true) }
}
