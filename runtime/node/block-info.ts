// What the node reads from a version-2 block before and after the core judges it
// (docs/PROTOCOL.md §16): the header fields at their fixed offsets, the block hash (header
// bytes 0 .. 209 + certLen, without the signature) and the senders of its transactions (for
// the mempool). Only the framing is checked here; whether the block is valid is the core's
// verdict (verifyBlock), which decodes every byte.
import { concatBytes, utf8 } from '../bytes.js'
import type { NodeCore } from './node-config.js'

export const HEADER_FIXED_BYTES = 209
export const BLOCK_SIG_BYTES = 64
const BLOCK_DOMAIN = utf8('chiron/block/v2')
/** Transaction length by kind (§6, §17); every kind starts version ‖ kind ‖ chainId ‖ nonce ‖ from. */
const TX_BYTES_BY_KIND: Record<number, number> = { 1: 158, 2: 302, 3: 122, 4: 396 }
/** Most transactions a block may hold (PROTOCOL.md §16: txCount ≤ 20,000). */
export const BLOCK_TXS_MAX = 20_000

export interface BlockInfo {
  hash: Uint8Array
  chainId: number
  height: number
  slot: number
  parent: Uint8Array
  proposer: number
  vrfProof: Uint8Array
  stateRoot: Uint8Array
  txCount: number
  /** The parent's notarization certificate carried in the header (empty at height 1). */
  cert: Uint8Array
  /** Offset of the header signature. */
  sigOffset: number
  /** Senders of the transactions, in block order. */
  senders: Uint8Array[]
}

/** Reads a v2 block's framing; null if it is not one (wrong version, lengths that do not add up). */
export function readBlockInfo(core: NodeCore, bytes: Uint8Array): BlockInfo | null {
  if (bytes.length < HEADER_FIXED_BYTES + BLOCK_SIG_BYTES || bytes[0] !== 2) return null
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const height = v.getBigUint64(5, true)
  const slot = v.getBigUint64(13, true)
  if (height > BigInt(Number.MAX_SAFE_INTEGER) || slot > BigInt(Number.MAX_SAFE_INTEGER)) return null
  const txCount = v.getUint32(201, true)
  const certLen = v.getUint32(205, true)
  const sigOffset = HEADER_FIXED_BYTES + certLen
  if (txCount > BLOCK_TXS_MAX || sigOffset + BLOCK_SIG_BYTES > bytes.length) return null
  const senders: Uint8Array[] = []
  let pos = sigOffset + BLOCK_SIG_BYTES
  for (let i = 0; i < txCount; i++) {
    if (pos + 46 > bytes.length) return null
    const len = TX_BYTES_BY_KIND[bytes[pos + 1]]
    if (!len || pos + len > bytes.length) return null
    senders.push(bytes.subarray(pos + 14, pos + 46))
    pos += len
  }
  if (pos !== bytes.length) return null
  return {
    hash: core.sha256(bytes.subarray(0, sigOffset)),
    chainId: v.getUint32(1, true),
    height: Number(height),
    slot: Number(slot),
    parent: bytes.subarray(21, 53),
    proposer: v.getUint32(53, true),
    vrfProof: bytes.subarray(57, 137),
    stateRoot: bytes.subarray(169, 201),
    txCount,
    cert: bytes.subarray(HEADER_FIXED_BYTES, sigOffset),
    sigOffset,
    senders,
  }
}

/** The message a block's proposer signs: "chiron/block/v2" ‖ header bytes 0 .. 209 + certLen. */
export function blockSigningMessage(bytes: Uint8Array, sigOffset: number): Uint8Array {
  return concatBytes(BLOCK_DOMAIN, bytes.subarray(0, sigOffset))
}

/**
 * The nonces of a block's transactions in block order, for a block readBlockInfo read
 * (every kind starts version ‖ kind ‖ chainId ‖ nonce ‖ from, §6, §17).
 */
export function txNonces(bytes: Uint8Array): bigint[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const txCount = v.getUint32(201, true)
  let pos = HEADER_FIXED_BYTES + v.getUint32(205, true) + BLOCK_SIG_BYTES
  const out: bigint[] = []
  for (let i = 0; i < txCount; i++) {
    out.push(v.getBigUint64(pos + 6, true))
    pos += TX_BYTES_BY_KIND[bytes[pos + 1]]
  }
  return out
}
