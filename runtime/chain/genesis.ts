// Genesis allocations and the genesis header (docs/PROTOCOL.md §Genesis).
import { sha256 } from '@noble/hashes/sha2.js'
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'
import { encodeHeader, type Header } from '../codec/block.js'
import { toHex } from '../bytes.js'

export interface Allocation { pk: Uint8Array, balance: bigint }

/** Encodes allocations sorted by public key, as the core requires. */
export function encodeAllocations(allocs: Allocation[]): Uint8Array {
  const sorted = [...allocs].sort((a, b) => compareBytes(a.pk, b.pk))
  const w = new ByteWriter(4 + 40 * sorted.length).u32(sorted.length)
  for (const a of sorted) w.bytes(a.pk, 32).u64(a.balance)
  return w.finish()
}

export function decodeAllocations(bytes: Uint8Array): Allocation[] {
  const r = new ByteReader(bytes, 'genesis allocations')
  const count = r.u32()
  r.need(count * 40)
  const out: Allocation[] = []
  for (let i = 0; i < count; i++) out.push({ pk: r.bytesView(32), balance: r.u64() })
  r.end()
  for (let i = 1; i < out.length; i++) {
    if (compareBytes(out[i - 1].pk, out[i].pk) >= 0) {
      throw new CodecError('E_NOT_SORTED', `genesis allocations: expected keys in increasing order, got ${toHex(out[i].pk)} after ${toHex(out[i - 1].pk)}`)
    }
  }
  return out
}

/** Height 0: commits to the allocations (as its tx root) and to the genesis state root. */
export function genesisHeader(chainId: number, allocBytes: Uint8Array, stateRoot: Uint8Array): Header {
  const zero = new Uint8Array(32)
  return { chainId, height: 0n, slot: 0n, parent: zero, proposer: zero, txRoot: sha256(allocBytes), stateRoot, txCount: 0 }
}

export function genesisHash(h: Header): Uint8Array {
  return sha256(encodeHeader(h))
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}
