// The chain file written by `chiron gen` and read by `chiron replay` (docs/PROTOCOL.md §Chain file):
//   magic "CHIRONCH" || format:u32 (1) || chainId:u32 || allocsLen:u32 || allocations
//   || blockCount:u32 || blockCount × (blockLen:u32 || block)
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'
import { utf8, equalBytes } from '../bytes.js'

export const CHAIN_MAGIC = utf8('CHIRONCH')
export const CHAIN_FORMAT = 1
export const CHAIN_BLOCKS_MAX = 10_000_000
export const BLOCK_BYTES_MAX = 16 << 20

export interface ChainFile {
  chainId: number
  allocations: Uint8Array
  blocks: Uint8Array[]
}

export function encodeChainFile(c: ChainFile): Uint8Array {
  let size = 24 + c.allocations.length
  for (const b of c.blocks) size += 4 + b.length
  const w = new ByteWriter(size).bytes(CHAIN_MAGIC).u32(CHAIN_FORMAT).u32(c.chainId)
    .u32(c.allocations.length).bytes(c.allocations).u32(c.blocks.length)
  for (const b of c.blocks) w.u32(b.length).bytes(b)
  return w.finish()
}

/** Splits a chain file into its parts; every length is checked, nothing trails. */
export function decodeChainFile(bytes: Uint8Array): ChainFile {
  const r = new ByteReader(bytes, 'chain file')
  if (!equalBytes(r.bytesView(8), CHAIN_MAGIC)) throw new CodecError('E_BAD_TAG', 'chain file: expected the magic "CHIRONCH" at offset 0 (not a chain file)')
  const format = r.u32()
  if (format !== CHAIN_FORMAT) throw new CodecError('E_BAD_VERSION', `chain file: expected format ${CHAIN_FORMAT}, got ${format}`)
  const chainId = r.u32()
  const allocations = r.bytesView(r.u32())
  const count = r.u32()
  if (count > CHAIN_BLOCKS_MAX) throw new CodecError('E_COUNT_RANGE', `chain file: expected at most ${CHAIN_BLOCKS_MAX} blocks, got ${count}`)
  const blocks: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const len = r.u32()
    if (len > BLOCK_BYTES_MAX) throw new CodecError('E_COUNT_RANGE', `chain file: block ${i + 1}: expected at most ${BLOCK_BYTES_MAX} bytes, got ${len}`)
    try {
      blocks.push(r.bytesView(len))
    } catch (e) {
      throw new CodecError('E_TRUNCATED', `chain file: block ${i + 1} of ${count}: ${(e as Error).message}`)
    }
  }
  r.end()
  return { chainId, allocations, blocks }
}
