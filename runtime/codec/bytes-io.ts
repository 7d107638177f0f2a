// Fixed-width little-endian writer and reader for the canonical encodings (docs/PROTOCOL.md).
import { CodecError } from './errors.js'

export class ByteWriter {
  private buf: Uint8Array
  private view: DataView
  length = 0

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity)
    this.view = new DataView(this.buf.buffer)
  }

  private ensure(n: number) {
    if (this.length + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    next.set(this.buf.subarray(0, this.length))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  u8(v: number): this { this.ensure(1); this.buf[this.length++] = checkUint('u8', v, 0xff); return this }
  u16(v: number): this {
    this.ensure(2); this.view.setUint16(this.length, checkUint('u16', v, 0xffff), true); this.length += 2; return this
  }
  u32(v: number): this {
    this.ensure(4); this.view.setUint32(this.length, checkUint('u32', v, 0xffffffff), true); this.length += 4; return this
  }
  u64(v: bigint): this {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`u64: expected a bigint in 0..2^64-1, got ${v}`)
    this.ensure(8); this.view.setBigUint64(this.length, v, true); this.length += 8; return this
  }
  bytes(v: Uint8Array, len?: number): this {
    if (!(v instanceof Uint8Array)) throw new TypeError(`bytes: expected Uint8Array, got ${typeof v}`)
    if (len !== undefined && v.length !== len) throw new RangeError(`bytes: expected ${len} bytes, got ${v.length}`)
    this.ensure(v.length); this.buf.set(v, this.length); this.length += v.length; return this
  }
  finish(): Uint8Array { return this.buf.slice(0, this.length) }
}

function checkUint(what: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what}: expected an integer in 0..${max}, got ${v}`)
  return v
}

export class ByteReader {
  readonly bytes: Uint8Array
  private view: DataView
  pos = 0

  constructor(bytes: Uint8Array, private what: string) {
    this.bytes = bytes
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  get remaining(): number { return this.bytes.length - this.pos }

  need(n: number) {
    if (this.remaining < n) throw new CodecError('E_TRUNCATED', `${this.what}: expected ${n} more bytes at offset ${this.pos}, got ${this.remaining}`)
  }
  u8(): number { this.need(1); return this.bytes[this.pos++] }
  u16(): number { this.need(2); const v = this.view.getUint16(this.pos, true); this.pos += 2; return v }
  u32(): number { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v }
  u64(): bigint { this.need(8); const v = this.view.getBigUint64(this.pos, true); this.pos += 8; return v }
  bytesView(n: number): Uint8Array { this.need(n); const v = this.bytes.subarray(this.pos, this.pos + n); this.pos += n; return v }
  end() {
    if (this.remaining !== 0) throw new CodecError('E_TRAILING', `${this.what}: expected the end at offset ${this.pos}, got ${this.remaining} more bytes`)
  }
}
