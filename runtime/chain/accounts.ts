// Which state keys a block touches: the witness a full node builds must cover exactly these
// (the core rejects a witness with unused nodes). Mirrors assembly/ledger/apply.ts.
import type { Core } from '../core.js'
import type { Block } from '../codec/block.js'
import { concatBytes, utf8 } from '../bytes.js'

const ACCT = utf8('acct')

/** key = SHA-256("acct" || public key) */
export function accountKey(core: Core, pk: Uint8Array): Uint8Array {
  return core.sha256(concatBytes(ACCT, pk))
}

/** Sender and recipient of every transaction, then the proposer (always read). */
export function touchedKeys(core: Core, block: Block): Uint8Array[] {
  const seen = new Map<string, Uint8Array>()
  const add = (pk: Uint8Array) => {
    const id = String.fromCharCode(...pk)
    if (!seen.has(id)) seen.set(id, accountKey(core, pk))
  }
  for (const t of block.txs) { add(t.from); add(t.to) }
  add(block.header.proposer)
  return [...seen.values()]
}

export function decodeAccount(value: Uint8Array): { balance: bigint, nonce: bigint } {
  if (value.length !== 16) throw new RangeError(`decodeAccount: expected 16 bytes, got ${value.length}`)
  const v = new DataView(value.buffer, value.byteOffset, 16)
  return { balance: v.getBigUint64(0, true), nonce: v.getBigUint64(8, true) }
}
