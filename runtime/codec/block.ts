// Blocks: header || transactions (docs/PROTOCOL.md §Blocks). The decoder rejects exactly
// what the core's codec/block.ts rejects, with the same error names.
import { sha256 } from '@noble/hashes/sha2.js'
import { ByteReader, ByteWriter } from './bytes-io.js'
import { CodecError } from './errors.js'
import { readTransfer, TX_BYTES, type Transfer } from './tx.js'

export const HEADER_VERSION = 1
export const HEADER_BYTES = 153
export const BLOCK_TXS_MAX = 20000

export interface Header {
  chainId: number
  height: bigint
  slot: bigint
  parent: Uint8Array     // hash of the parent header (32)
  proposer: Uint8Array   // proposer's ed25519 public key (32); receives the fees
  txRoot: Uint8Array     // (32)
  stateRoot: Uint8Array  // state root after this block (32)
  txCount: number
}

export interface Block {
  header: Header
  headerBytes: Uint8Array
  txs: Transfer[]
  txBytes: Uint8Array[]
}

export function encodeHeader(h: Header): Uint8Array {
  return new ByteWriter(HEADER_BYTES)
    .u8(HEADER_VERSION).u32(h.chainId).u64(h.height).u64(h.slot)
    .bytes(h.parent, 32).bytes(h.proposer, 32).bytes(h.txRoot, 32).bytes(h.stateRoot, 32)
    .u32(h.txCount)
    .finish()
}

export function encodeBlock(h: Header, txBytes: Uint8Array[]): Uint8Array {
  if (h.txCount !== txBytes.length) throw new RangeError(`encodeBlock: expected txCount ${txBytes.length}, got ${h.txCount}`)
  const w = new ByteWriter(HEADER_BYTES + TX_BYTES * txBytes.length).bytes(encodeHeader(h))
  for (const t of txBytes) w.bytes(t, TX_BYTES)
  return w.finish()
}

function readHeader(r: ByteReader): Header {
  r.need(HEADER_BYTES) // length first, then the version: the same order as the core
  const version = r.u8()
  if (version !== HEADER_VERSION) throw new CodecError('E_BAD_VERSION', `header: expected version ${HEADER_VERSION}, got ${version}`)
  return {
    chainId: r.u32(), height: r.u64(), slot: r.u64(), parent: r.bytesView(32),
    proposer: r.bytesView(32), txRoot: r.bytesView(32), stateRoot: r.bytesView(32), txCount: r.u32(),
  }
}

export function decodeHeader(bytes: Uint8Array): Header {
  const r = new ByteReader(bytes, 'header')
  const h = readHeader(r)
  r.end()
  return h
}

/** Decodes a block; a failure names the transaction index in `txIndex` (-1: the header). */
export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes, 'block')
  let header: Header
  try {
    header = readHeader(r)
  } catch (e) {
    throw withTx(e, -1)
  }
  if (header.txCount > BLOCK_TXS_MAX) throw withTx(new CodecError('E_TOO_MANY_TXS', `block: expected at most ${BLOCK_TXS_MAX} transactions, got ${header.txCount}`), -1)
  const txs: Transfer[] = []
  const txBytes: Uint8Array[] = []
  for (let i = 0; i < header.txCount; i++) {
    const start = r.pos
    try {
      txs.push(readTransfer(r))
    } catch (e) {
      throw withTx(e, i)
    }
    txBytes.push(bytes.subarray(start, r.pos))
  }
  try { r.end() } catch (e) { throw withTx(e, -1) }
  return { header, headerBytes: bytes.subarray(0, HEADER_BYTES), txs, txBytes }
}

function withTx(e: unknown, txIndex: number): unknown {
  if (e instanceof CodecError) Object.assign(e, { txIndex })
  return e
}

export function hashHeader(headerBytes: Uint8Array): Uint8Array {
  return sha256(headerBytes)
}

/** Binary Merkle root of the transaction hashes (docs/PROTOCOL.md §Blocks). */
export function txRoot(txBytes: Uint8Array[]): Uint8Array {
  if (txBytes.length === 0) return new Uint8Array(32)
  let level = txBytes.map((t) => sha256(t))
  const node = new Uint8Array(65)
  node[0] = 0x01
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) {
      node.set(level[i], 1)
      node.set(level[i + 1], 33)
      next.push(sha256(node))
    }
    if (level.length & 1) next.push(level[level.length - 1])
    level = next
  }
  return level[0]
}
