// The sync protocol's messages (docs/PROTOCOL.md §20): what a node that is behind asks a
// peer for, and what the peer answers. One request, one response per exchange; both are
// canonical and decoded strictly, because a response comes from a peer that may lie: a
// decoder checks every count and length against its bound before it reads, rejects unknown
// versions and kinds, and rejects trailing bytes, so a malformed response is dropped whole
// and never half-used. What the blocks and certificates mean is checked afterwards, by the
// core, exactly as for gossip.
//
//   request  = version:u8 (1) ‖ kind:u8 ‖ body
//     kind 1 "range":   from:u64 (≥ 1) ‖ count:u16 (1 … SYNC_BLOCKS_MAX)      12 bytes
//     kind 2 "block":   hash[32]                                              34 bytes
//   response = version:u8 (1) ‖ blocks:u16 ‖ blocks × (len:u32 ‖ block[len])
//              ‖ notarLen:u32 ‖ notarization certificate of the last block [notarLen]
//              ‖ finals:u16 ‖ finals × (len:u32 ‖ finalization certificate[len])
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'

export const SYNC_VERSION = 1
export const SYNC_RANGE = 1
export const SYNC_BLOCK = 2
/** Most blocks one response carries (and one range request asks for). */
export const SYNC_BLOCKS_MAX = 64
/** Most finalization certificates one response carries. */
export const SYNC_FINALS_MAX = 64
/** A response is at most this long (the Node host's frame limit). */
export const SYNC_RESPONSE_BYTES_MAX = 16 << 20
/** The longest block: a 209-byte header, the longest certificate, a signature, 20,000 slash transactions. */
export const BLOCK_BYTES_MAX = 209 + 328_333 + 64 + 20_000 * 396
/** Certificate lengths (§14): n ≥ 1 with one signer; n = 4096 with every signer. */
export const CERT_BYTES_MIN = 45 + 1 + 96 + 80
export const CERT_BYTES_MAX = 45 + 512 + 96 + 4096 * 80

export type SyncRequest =
  | { kind: 'range', from: bigint, count: number }
  | { kind: 'block', hash: Uint8Array }

export interface SyncResponse {
  /** Blocks in the order the responder's chain has them (each one's parent first). */
  blocks: Uint8Array[]
  /** The notarization certificate of the last block, or empty. */
  notarization: Uint8Array
  /** Finalization certificates of blocks in the response (or of their descendants it holds). */
  finals: Uint8Array[]
}

export function encodeSyncRequest(r: SyncRequest): Uint8Array {
  if (r.kind === 'range') {
    if (typeof r.from !== 'bigint') throw new TypeError(`encodeSyncRequest: expected from as bigint, got ${typeof r.from}`)
    if (r.from < 1n) throw new RangeError(`encodeSyncRequest: expected from ≥ 1, got ${r.from}`)
    if (!Number.isInteger(r.count) || r.count < 1 || r.count > SYNC_BLOCKS_MAX) {
      throw new RangeError(`encodeSyncRequest: expected count in 1..${SYNC_BLOCKS_MAX}, got ${r.count}`)
    }
    if (r.from > 0xffffffffffffffffn) throw new RangeError(`encodeSyncRequest: expected from below 2^64, got ${r.from}`)
    const out = new Uint8Array(12)
    out[0] = SYNC_VERSION
    out[1] = SYNC_RANGE
    new DataView(out.buffer).setBigUint64(2, r.from, true)
    out[10] = r.count & 0xff
    out[11] = r.count >>> 8
    return out
  }
  return new ByteWriter(34).u8(SYNC_VERSION).u8(SYNC_BLOCK).bytes(r.hash, 32).finish()
}

function u16(r: ByteReader): number {
  const lo = r.u8()
  return lo | (r.u8() << 8)
}

function version(r: ByteReader, what: string): void {
  r.need(1)
  const v = r.u8()
  if (v !== SYNC_VERSION) throw new CodecError('E_BAD_VERSION', `${what}: expected version ${SYNC_VERSION}, got ${v}`)
}

/** Decodes a request; throws a CodecError for anything but one canonical request. */
export function decodeSyncRequest(bytes: Uint8Array): SyncRequest {
  const what = 'sync request'
  const r = new ByteReader(bytes, what)
  r.need(2) // version and kind: lengths first, then tags
  version(r, what)
  const kind = r.u8()
  if (kind === SYNC_RANGE) {
    r.need(10)
    const from = r.u64()
    const count = u16(r)
    r.end()
    if (from < 1n) throw new CodecError('E_COUNT_RANGE', `${what}: expected from ≥ 1, got 0`)
    if (count < 1 || count > SYNC_BLOCKS_MAX) throw new CodecError('E_COUNT_RANGE', `${what}: expected count in 1..${SYNC_BLOCKS_MAX}, got ${count}`)
    return { kind: 'range', from, count }
  }
  if (kind === SYNC_BLOCK) {
    const hash = r.bytesView(32)
    r.end()
    return { kind: 'block', hash }
  }
  throw new CodecError('E_BAD_TAG', `${what}: expected kind ${SYNC_RANGE} or ${SYNC_BLOCK}, got ${kind}`)
}

export function encodeSyncResponse(resp: SyncResponse): Uint8Array {
  const fn = 'encodeSyncResponse'
  if (resp.blocks.length > SYNC_BLOCKS_MAX) throw new RangeError(`${fn}: expected at most ${SYNC_BLOCKS_MAX} blocks, got ${resp.blocks.length}`)
  if (resp.finals.length > SYNC_FINALS_MAX) throw new RangeError(`${fn}: expected at most ${SYNC_FINALS_MAX} certificates, got ${resp.finals.length}`)
  let size = 1 + 2 + 4 + resp.notarization.length + 2
  for (const b of resp.blocks) size += 4 + b.length
  for (const c of resp.finals) size += 4 + c.length
  if (size > SYNC_RESPONSE_BYTES_MAX) throw new RangeError(`${fn}: expected at most ${SYNC_RESPONSE_BYTES_MAX} bytes, got ${size}`)
  const w = new ByteWriter(size).u8(SYNC_VERSION)
  w.u8(resp.blocks.length & 0xff).u8(resp.blocks.length >>> 8)
  for (const b of resp.blocks) w.u32(b.length).bytes(b)
  w.u32(resp.notarization.length).bytes(resp.notarization)
  w.u8(resp.finals.length & 0xff).u8(resp.finals.length >>> 8)
  for (const c of resp.finals) w.u32(c.length).bytes(c)
  return w.finish()
}

function lengthIn(r: ByteReader, what: string, min: number, max: number): number {
  const len = r.u32()
  if (len < min || len > max) throw new CodecError('E_COUNT_RANGE', `${what}: expected a length in ${min}..${max}, got ${len}`)
  r.need(len)
  return len
}

/**
 * Decodes a response; throws a CodecError for anything but one canonical response. The
 * returned arrays are views into `bytes`.
 */
export function decodeSyncResponse(bytes: Uint8Array): SyncResponse {
  const what = 'sync response'
  if (bytes.length > SYNC_RESPONSE_BYTES_MAX) throw new CodecError('E_COUNT_RANGE', `${what}: expected at most ${SYNC_RESPONSE_BYTES_MAX} bytes, got ${bytes.length}`)
  const r = new ByteReader(bytes, what)
  r.need(3)
  version(r, what)
  const count = u16(r)
  if (count > SYNC_BLOCKS_MAX) throw new CodecError('E_COUNT_RANGE', `${what}: expected at most ${SYNC_BLOCKS_MAX} blocks, got ${count}`)
  const blocks: Uint8Array[] = []
  for (let i = 0; i < count; i++) blocks.push(r.bytesView(lengthIn(r, `${what} block ${i}`, 1, BLOCK_BYTES_MAX)))
  const notarLen = r.u32()
  if (notarLen !== 0 && (notarLen < CERT_BYTES_MIN || notarLen > CERT_BYTES_MAX)) {
    throw new CodecError('E_COUNT_RANGE', `${what}: expected a notarization of 0 or ${CERT_BYTES_MIN}..${CERT_BYTES_MAX} bytes, got ${notarLen}`)
  }
  if (notarLen !== 0 && count === 0) throw new CodecError('E_COUNT_RANGE', `${what}: expected no notarization without blocks, got ${notarLen} bytes`)
  const notarization = r.bytesView(notarLen)
  r.need(2)
  const finalCount = u16(r)
  if (finalCount > SYNC_FINALS_MAX) throw new CodecError('E_COUNT_RANGE', `${what}: expected at most ${SYNC_FINALS_MAX} certificates, got ${finalCount}`)
  const finals: Uint8Array[] = []
  for (let i = 0; i < finalCount; i++) finals.push(r.bytesView(lengthIn(r, `${what} certificate ${i}`, CERT_BYTES_MIN, CERT_BYTES_MAX)))
  r.end()
  return { blocks, notarization, finals }
}
