// Transfer transactions: the canonical encoding (docs/PROTOCOL.md §Transactions), the
// signed message, and a decoder that rejects exactly what the core rejects.
import { ByteReader, ByteWriter } from './bytes-io.js'
import { CodecError } from './errors.js'
import { utf8, concatBytes } from '../bytes.js'

export const TX_VERSION = 1
export const TX_KIND_TRANSFER = 1
export const TX_BODY_BYTES = 94
export const TX_BYTES = 158
/** Signatures cover TX_DOMAIN || body. */
export const TX_DOMAIN = utf8('chiron/tx/v1')

export interface Transfer {
  chainId: number
  nonce: bigint
  from: Uint8Array   // sender's ed25519 public key (32)
  to: Uint8Array     // recipient's ed25519 public key (32)
  amount: bigint
  fee: bigint
  sig: Uint8Array    // ed25519 signature (64)
}

export type UnsignedTransfer = Omit<Transfer, 'sig'>

export function encodeTransferBody(t: UnsignedTransfer): Uint8Array {
  return new ByteWriter(TX_BODY_BYTES)
    .u8(TX_VERSION).u8(TX_KIND_TRANSFER).u32(t.chainId).u64(t.nonce)
    .bytes(t.from, 32).bytes(t.to, 32).u64(t.amount).u64(t.fee)
    .finish()
}

/** The exact bytes the sender signs. */
export function transferSigningMessage(body: Uint8Array): Uint8Array {
  if (body.length !== TX_BODY_BYTES) throw new RangeError(`transferSigningMessage: expected a ${TX_BODY_BYTES}-byte body, got ${body.length}`)
  return concatBytes(TX_DOMAIN, body)
}

export function encodeTransfer(t: Transfer): Uint8Array {
  return new ByteWriter(TX_BYTES).bytes(encodeTransferBody(t)).bytes(t.sig, 64).finish()
}

/** Reads one transaction from `r` (a block body or a standalone transaction). */
export function readTransfer(r: ByteReader): Transfer {
  const start = r.pos
  r.need(TX_BYTES) // length first, then tags: the same order as the core
  const version = r.u8()
  if (version !== TX_VERSION) throw new CodecError('E_BAD_VERSION', `transaction: expected version ${TX_VERSION}, got ${version} at offset ${start}`)
  const kind = r.u8()
  if (kind !== TX_KIND_TRANSFER) throw new CodecError('E_BAD_TAG', `transaction: expected kind ${TX_KIND_TRANSFER} (transfer), got ${kind} at offset ${start + 1}`)
  return readTransferFields(r)
}

/** The fields after version and kind; the caller has checked that TX_BYTES are there. */
export function readTransferFields(r: ByteReader): Transfer {
  return {
    chainId: r.u32(), nonce: r.u64(), from: r.bytesView(32), to: r.bytesView(32),
    amount: r.u64(), fee: r.u64(), sig: r.bytesView(64),
  }
}

export function decodeTransfer(bytes: Uint8Array): Transfer {
  const r = new ByteReader(bytes, 'transaction')
  const t = readTransfer(r)
  r.end()
  return t
}
