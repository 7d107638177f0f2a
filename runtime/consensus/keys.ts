// State keys of the consensus records (docs/PROTOCOL.md §12), mirrored from
// assembly/consensus/keys.ts. Every key is SHA-256 of a domain string and little-endian
// integers, so it is exactly 32 bytes.
import { sha256 } from '@noble/hashes/sha2.js'
import { ByteWriter } from '../codec/bytes-io.js'
import { utf8 } from '../bytes.js'

const TIP = utf8('chiron/tip')
const VAL = utf8('chiron/val')
const TABLE = utf8('chiron/table')
const SLASHED = utf8('chiron/slashed')

function u32(fn: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${fn}: expected ${what} as an integer, got ${typeof v === 'number' ? v : typeof v}`)
  if (v < 0 || v > 0xffffffff) throw new RangeError(`${fn}: expected ${what} in [0, 2^32), got ${v}`)
  return v
}

function u64(fn: string, what: string, v: unknown): bigint {
  if (typeof v !== 'bigint') throw new TypeError(`${fn}: expected ${what} as bigint, got ${typeof v}`)
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`${fn}: expected ${what} in [0, 2^64), got ${v}`)
  return v
}

/** H("chiron/tip") */
export function tipKey(): Uint8Array {
  return sha256(TIP)
}

/** H("chiron/val" ‖ u32(i)) */
export function validatorKey(i: number): Uint8Array {
  u32('validatorKey', 'index', i)
  return sha256(new ByteWriter(14).bytes(VAL).u32(i).finish())
}

/** H("chiron/table" ‖ u64(e)): the header of the table of epoch e. */
export function tableKey(e: bigint): Uint8Array {
  u64('tableKey', 'epoch', e)
  return sha256(new ByteWriter(20).bytes(TABLE).u64(e).finish())
}

/** H("chiron/table" ‖ u64(e) ‖ u32(i)): validator i's entry in the table of epoch e. */
export function tableEntryKey(e: bigint, i: number): Uint8Array {
  u64('tableEntryKey', 'epoch', e)
  u32('tableEntryKey', 'index', i)
  return sha256(new ByteWriter(24).bytes(TABLE).u64(e).u32(i).finish())
}

/** H("chiron/slashed" ‖ u32(i) ‖ u64(h)): present once validator i was slashed for height h. */
export function slashedKey(i: number, h: bigint): Uint8Array {
  u32('slashedKey', 'index', i)
  u64('slashedKey', 'height', h)
  return sha256(new ByteWriter(26).bytes(SLASHED).u32(i).u64(h).finish())
}
