// The consensus records in the state tree (docs/PROTOCOL.md §12), mirrored from
// assembly/consensus/records.ts. Each value has one exact length; a stored value of any other
// length is rejected with E_VALUE_RANGE, as the core rejects it.
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'
import {
  TIP_BYTES, VALIDATOR_BYTES, TABLE_HEADER_BYTES, TABLE_ENTRY_BYTES,
  BLS_PK_BYTES, VRF_PK_BYTES,
} from './constants.js'

/** The last applied block's height, slot and seed; supply; record count; last proposer. */
export interface Tip {
  height: bigint
  slot: bigint
  seed: Uint8Array        // 32
  supply: bigint          // all balances and bonds
  validators: number      // number of validator records
  proposer: number        // index of the last block's proposer (NO_PROPOSER at genesis)
}

/** Validator record i (status 1 active, 2 exiting, 3 exited). */
export interface ValidatorRecord {
  account: Uint8Array     // 32: ed25519 key that registered it, signs its blocks, gets rewards
  blsPk: Uint8Array       // 48
  vrfPk: Uint8Array       // 32
  bond: bigint
  level: number           // per mille, LEVEL_MIN..LEVEL_MAX
  work: bigint            // this epoch's verifiable work
  status: number
  exitEpoch: bigint
}

/** Header of the table of an epoch: n = bitmap length, W = sum of weights, the epoch's seed. */
export interface TableHeader {
  n: number
  W: bigint
  seed: Uint8Array        // 32
}

/** A validator's entry in a table (only validators of weight ≥ 1 have one). */
export interface TableEntry {
  blsPk: Uint8Array       // 48
  vrfPk: Uint8Array       // 32
  weight: bigint
}

function exact(fn: string, bytes: unknown, len: number): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${fn}: expected bytes as Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`)
  if (bytes.length !== len) throw new CodecError('E_VALUE_RANGE', `${fn}: expected ${len} bytes, got ${bytes.length}`)
  return bytes
}

function object(fn: string, v: unknown): any {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${fn}: expected an object, got ${v === null ? 'null' : typeof v}`)
  return v
}

export function encodeTip(t: Tip): Uint8Array {
  object('encodeTip', t)
  return new ByteWriter(TIP_BYTES)
    .u64(t.height).u64(t.slot).bytes(t.seed, 32).u64(t.supply).u32(t.validators).u32(t.proposer)
    .finish()
}

export function decodeTip(bytes: Uint8Array): Tip {
  const r = new ByteReader(exact('decodeTip', bytes, TIP_BYTES), 'tip')
  return {
    height: r.u64(), slot: r.u64(), seed: r.bytesView(32).slice(), supply: r.u64(),
    validators: r.u32(), proposer: r.u32(),
  }
}

export function encodeValidator(v: ValidatorRecord): Uint8Array {
  object('encodeValidator', v)
  return new ByteWriter(VALIDATOR_BYTES)
    .bytes(v.account, 32).bytes(v.blsPk, BLS_PK_BYTES).bytes(v.vrfPk, VRF_PK_BYTES)
    .u64(v.bond).u32(v.level).u64(v.work).u8(v.status).u64(v.exitEpoch)
    .finish()
}

export function decodeValidator(bytes: Uint8Array): ValidatorRecord {
  const r = new ByteReader(exact('decodeValidator', bytes, VALIDATOR_BYTES), 'validator')
  return {
    account: r.bytesView(32).slice(), blsPk: r.bytesView(BLS_PK_BYTES).slice(),
    vrfPk: r.bytesView(VRF_PK_BYTES).slice(), bond: r.u64(), level: r.u32(), work: r.u64(),
    status: r.u8(), exitEpoch: r.u64(),
  }
}

export function encodeTableHeader(h: TableHeader): Uint8Array {
  object('encodeTableHeader', h)
  return new ByteWriter(TABLE_HEADER_BYTES).u32(h.n).u64(h.W).bytes(h.seed, 32).finish()
}

export function decodeTableHeader(bytes: Uint8Array): TableHeader {
  const r = new ByteReader(exact('decodeTableHeader', bytes, TABLE_HEADER_BYTES), 'table header')
  return { n: r.u32(), W: r.u64(), seed: r.bytesView(32).slice() }
}

export function encodeTableEntry(e: TableEntry): Uint8Array {
  object('encodeTableEntry', e)
  return new ByteWriter(TABLE_ENTRY_BYTES).bytes(e.blsPk, BLS_PK_BYTES).bytes(e.vrfPk, VRF_PK_BYTES).u64(e.weight).finish()
}

export function decodeTableEntry(bytes: Uint8Array): TableEntry {
  const r = new ByteReader(exact('decodeTableEntry', bytes, TABLE_ENTRY_BYTES), 'table entry')
  return { blsPk: r.bytesView(BLS_PK_BYTES).slice(), vrfPk: r.bytesView(VRF_PK_BYTES).slice(), weight: r.u64() }
}
