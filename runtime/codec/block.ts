// Blocks: header || transactions (docs/PROTOCOL.md §7, §16). The decoder rejects exactly
// what the core's codec/block.ts rejects, with the same error names, in the same order:
//   1. fewer than HEADER_BYTES (153, the shorter header) bytes: E_TRUNCATED;
//   2. the version: 1 or 2, else E_BAD_VERSION;
//   3. version 2: the 209 bytes before the certificate (E_TRUNCATED), certLen at most
//      CERT_BYTES_MAX (E_COUNT_RANGE), the certificate and the signature (E_TRUNCATED);
//   4. txCount ≤ BLOCK_TXS_MAX (E_TOO_MANY_TXS);
//   5. each transaction: version 1 blocks carry transfers only (158 bytes, then version and
//      kind 1, as before version 2 existed); version 2 blocks any kind (validator-tx.ts readTx);
//   6. nothing after the last transaction (E_TRAILING).
import { sha256 } from '@noble/hashes/sha2.js'
import { ByteReader, ByteWriter } from './bytes-io.js'
import { CodecError } from './errors.js'
import { readTransfer, type Transfer } from './tx.js'
import { readTx, type Tx } from './validator-tx.js'
import { concatBytes, utf8 } from '../bytes.js'
import { sign as ed25519Sign } from '../wallet/ed25519.js'

export const HEADER_VERSION = 1
export const HEADER_VERSION_2 = 2
export const HEADER_BYTES = 153
/** A version-2 header up to its certificate (the part before cert and signature). */
export const HEADER_V2_PREFIX_BYTES = 209
/** A version-2 header without a certificate: prefix plus the 64-byte signature. */
export const HEADER_V2_FIXED_BYTES = 273
export const BLOCK_TXS_MAX = 20000
/** Longest certificate (n = MAX_VALIDATORS = 4096, every bit set): 45 + 512 + 96 + 4096 × 80. */
export const CERT_BYTES_MAX = 45 + 4096 / 8 + 96 + 4096 * 80
/** Version-2 headers are signed as BLOCK_DOMAIN ‖ bytes 0 .. 209 + certLen. */
export const BLOCK_DOMAIN = utf8('chiron/block/v2')
/** tip.proposer and the genesis header's proposer. */
export const NO_PROPOSER = 0xffffffff

/** Version-1 header (§7): a ledger-only block. */
export interface Header {
  version?: 1
  chainId: number
  height: bigint
  slot: bigint
  parent: Uint8Array     // hash of the parent header (32)
  proposer: Uint8Array   // proposer's ed25519 public key (32); receives the fees
  txRoot: Uint8Array     // (32)
  stateRoot: Uint8Array  // state root after this block (32)
  txCount: number
}

/** Version-2 header (§16): a consensus block. */
export interface HeaderV2 {
  version: 2
  chainId: number
  height: bigint
  slot: bigint
  parent: Uint8Array     // block hash of the parent (32)
  proposer: number       // validator index
  vrfProof: Uint8Array   // proposer's VRF proof for (height, slot) (80)
  txRoot: Uint8Array     // (32)
  stateRoot: Uint8Array  // (32)
  txCount: number
  cert: Uint8Array       // the parent's notarization certificate (empty at height 1)
  sig: Uint8Array        // ed25519 signature by the proposer's account key (64)
}

export type AnyHeader = Header | HeaderV2

export interface Block {
  header: AnyHeader
  /** The whole header (for version 2: certificate and signature included). */
  headerBytes: Uint8Array
  /** Version-1 blocks hold transfers only; version-2 blocks any kind (`kind` says which). */
  txs: (Transfer | Tx)[]
  txBytes: Uint8Array[]
}

export function isV2(h: AnyHeader): h is HeaderV2 {
  return h.version === 2
}

/** The version-2 header bytes that are hashed and signed: 0 .. 209 + certLen. */
export function encodeHeaderV2Unsigned(h: Omit<HeaderV2, 'sig'>): Uint8Array {
  if (!(h.cert instanceof Uint8Array)) throw new TypeError(`encodeHeader: expected cert as Uint8Array, got ${typeof h.cert}`)
  if (h.cert.length > CERT_BYTES_MAX) throw new RangeError(`encodeHeader: expected a certificate of at most ${CERT_BYTES_MAX} bytes, got ${h.cert.length}`)
  return new ByteWriter(HEADER_V2_PREFIX_BYTES + h.cert.length)
    .u8(HEADER_VERSION_2).u32(h.chainId).u64(h.height).u64(h.slot).bytes(h.parent, 32)
    .u32(h.proposer).bytes(h.vrfProof, 80).bytes(h.txRoot, 32).bytes(h.stateRoot, 32)
    .u32(h.txCount).u32(h.cert.length).bytes(h.cert)
    .finish()
}

export function encodeHeader(h: AnyHeader): Uint8Array {
  if (isV2(h)) return new ByteWriter().bytes(encodeHeaderV2Unsigned(h)).bytes(h.sig, 64).finish()
  return new ByteWriter(HEADER_BYTES)
    .u8(HEADER_VERSION).u32(h.chainId).u64(h.height).u64(h.slot)
    .bytes(h.parent, 32).bytes(h.proposer, 32).bytes(h.txRoot, 32).bytes(h.stateRoot, 32)
    .u32(h.txCount)
    .finish()
}

export function encodeBlock(h: AnyHeader, txBytes: Uint8Array[]): Uint8Array {
  if (h.txCount !== txBytes.length) throw new RangeError(`encodeBlock: expected txCount ${txBytes.length}, got ${h.txCount}`)
  const w = new ByteWriter(HEADER_BYTES + 160 * txBytes.length).bytes(encodeHeader(h))
  for (const t of txBytes) w.bytes(t)
  return w.finish()
}

function readHeaderV1(r: ByteReader): Header {
  r.u8()
  return {
    version: 1, chainId: r.u32(), height: r.u64(), slot: r.u64(), parent: r.bytesView(32),
    proposer: r.bytesView(32), txRoot: r.bytesView(32), stateRoot: r.bytesView(32), txCount: r.u32(),
  }
}

function readHeaderV2(r: ByteReader): HeaderV2 {
  const start = r.pos
  r.need(HEADER_V2_PREFIX_BYTES)
  const certLen = new DataView(r.bytes.buffer, r.bytes.byteOffset + start + 205, 4).getUint32(0, true)
  if (certLen > CERT_BYTES_MAX) throw new CodecError('E_COUNT_RANGE', `header: expected certLen at most ${CERT_BYTES_MAX}, got ${certLen}`)
  r.need(HEADER_V2_FIXED_BYTES + certLen)
  r.u8()
  const chainId = r.u32(), height = r.u64(), slot = r.u64(), parent = r.bytesView(32), proposer = r.u32()
  const vrfProof = r.bytesView(80), txRoot = r.bytesView(32), stateRoot = r.bytesView(32), txCount = r.u32()
  r.u32()
  const cert = r.bytesView(certLen)
  return { version: 2, chainId, height, slot, parent, proposer, vrfProof, txRoot, stateRoot, txCount, cert, sig: r.bytesView(64) }
}

function readHeader(r: ByteReader): AnyHeader {
  r.need(HEADER_BYTES) // length first, then the version: the same order as the core
  const version = r.bytes[r.pos]
  if (version === HEADER_VERSION) return readHeaderV1(r)
  if (version === HEADER_VERSION_2) return readHeaderV2(r)
  throw new CodecError('E_BAD_VERSION', `header: expected version ${HEADER_VERSION} or ${HEADER_VERSION_2}, got ${version}`)
}

export function decodeHeader(bytes: Uint8Array): AnyHeader {
  const r = new ByteReader(bytes, 'header')
  const h = readHeader(r)
  r.end()
  return h
}

/** Decodes a block; a failure names the transaction index in `txIndex` (-1: the header). */
export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes, 'block')
  let header: AnyHeader
  try {
    header = readHeader(r)
  } catch (e) {
    throw withTx(e, -1)
  }
  const headerEnd = r.pos
  if (header.txCount > BLOCK_TXS_MAX) throw withTx(new CodecError('E_TOO_MANY_TXS', `block: expected at most ${BLOCK_TXS_MAX} transactions, got ${header.txCount}`), -1)
  const read = isV2(header) ? readTx : readTransfer
  const txs: (Transfer | Tx)[] = []
  const txBytes: Uint8Array[] = []
  for (let i = 0; i < header.txCount; i++) {
    const start = r.pos
    try {
      txs.push(read(r))
    } catch (e) {
      throw withTx(e, i)
    }
    txBytes.push(bytes.subarray(start, r.pos))
  }
  try { r.end() } catch (e) { throw withTx(e, -1) }
  return { header, headerBytes: bytes.subarray(0, headerEnd), txs, txBytes }
}

function withTx(e: unknown, txIndex: number): unknown {
  if (e instanceof CodecError) Object.assign(e, { txIndex })
  return e
}

/**
 * The block hash from the header bytes: version 1 hashes the whole header; version 2 hashes
 * bytes 0 .. 209 + certLen, without the signature (the proposer signs that hash's preimage).
 */
export function hashHeader(headerBytes: Uint8Array): Uint8Array {
  return sha256(headerBytes[0] === HEADER_VERSION_2 ? headerBytes.subarray(0, headerBytes.length - 64) : headerBytes)
}

/** The block hash of a decoded or built header of either version. */
export function blockHash(h: AnyHeader): Uint8Array {
  return sha256(isV2(h) ? encodeHeaderV2Unsigned(h) : encodeHeader(h))
}

/** What the proposer's account key signs: "chiron/block/v2" ‖ the header bytes 0 .. 209 + certLen. */
export function headerSigningMessage(h: Omit<HeaderV2, 'sig'>): Uint8Array {
  return concatBytes(BLOCK_DOMAIN, encodeHeaderV2Unsigned(h))
}

/** The header with its signature by the proposer's account seed (ed25519, RFC 8032). */
export function signHeader(h: Omit<HeaderV2, 'sig'>, accountSeed: Uint8Array): HeaderV2 {
  return { ...h, version: 2, sig: ed25519Sign(accountSeed, headerSigningMessage(h)) }
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
