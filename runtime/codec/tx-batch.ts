// The payload of the `tx` gossip topic (docs/PROTOCOL.md §20): one or more transactions.
// Sending transactions in batches lets a node check a batch's signatures together (the
// core's batch verification) and costs the network one message, one gossipsub signature
// and one validation per batch instead of per transaction.
//
//   batch = version:u8 (1) ‖ count:u16 ‖ count × (len:u16 ‖ tx[len])
//   1 ≤ count ≤ TX_BATCH_MAX, 1 ≤ len ≤ TX_IN_BATCH_BYTES_MAX, no trailing bytes.
import { ByteReader, ByteWriter } from './bytes-io.js'
import { CodecError } from './errors.js'

export const TX_BATCH_VERSION = 1
export const TX_BATCH_MAX = 1024
/** The longest transaction a batch carries (a transfer is 158 bytes; §17's are longer). */
export const TX_IN_BATCH_BYTES_MAX = 1024

export function encodeTxBatch(txs: Uint8Array[]): Uint8Array {
  if (txs.length < 1 || txs.length > TX_BATCH_MAX) throw new RangeError(`encodeTxBatch: expected 1..${TX_BATCH_MAX} transactions, got ${txs.length}`)
  let size = 3
  for (const t of txs) {
    if (t.length < 1 || t.length > TX_IN_BATCH_BYTES_MAX) throw new RangeError(`encodeTxBatch: expected transactions of 1..${TX_IN_BATCH_BYTES_MAX} bytes, got ${t.length}`)
    size += 2 + t.length
  }
  const w = new ByteWriter(size).u8(TX_BATCH_VERSION).u16(txs.length)
  for (const t of txs) w.u16(t.length).bytes(t)
  return w.finish()
}

/** The transactions of a batch (views into `bytes`); CodecError for any non-canonical input. */
export function decodeTxBatch(bytes: Uint8Array): Uint8Array[] {
  const r = new ByteReader(bytes, 'transaction batch')
  const version = r.u8()
  if (version !== TX_BATCH_VERSION) throw new CodecError('E_BAD_VERSION', `transaction batch: expected version ${TX_BATCH_VERSION}, got ${version}`)
  const count = r.u16()
  if (count < 1 || count > TX_BATCH_MAX) throw new CodecError('E_COUNT_RANGE', `transaction batch: expected 1..${TX_BATCH_MAX} transactions, got ${count}`)
  const out: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const len = r.u16()
    if (len < 1 || len > TX_IN_BATCH_BYTES_MAX) throw new CodecError('E_COUNT_RANGE', `transaction batch: transaction ${i} has ${len} bytes, expected 1..${TX_IN_BATCH_BYTES_MAX}`)
    out.push(r.bytesView(len))
  }
  r.end()
  return out
}
