// The verifier's variable-time shortcuts against what they replace: feInvertVartime
// (safegcd) against exact inversion mod p, and the small-order key check by table
// (geIsSmallOrderEncodingVartime) against multiplying by the cofactor, with the table's
// 8 encodings derived here from a point of order 8. Compiled into a small wasm of their own.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { compileScratch, rng } from './helpers.js'

const R = rng(4401)
const p = 2n ** 255n - 19n
const le = (v, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 255n); v >>= 8n } return o }
const fromLe = (b) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v }
const hex = (b) => Buffer.from(b).toString('hex')

const src = (f) => JSON.stringify(`./assembly/${f}`)
const x = await compileScratch(`
import { feInvertVartime } from ${src('vrf/inv_vartime')};
import { geFromBytesStrictVartime, geMulByCofactor, geIsIdentity, geIsSmallOrderEncodingVartime } from ${src('vrf/curve')};
import { feFromBytes, feToBytes } from ${src('ed25519/field')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
const F = memory.data(40, 8); const P = memory.data(160, 8);
// out = bytes of 1/(the field element read from the 32 bytes at s, top bit ignored).
export function inv(out: usize, s: usize): void { feFromBytes(F, s); feInvertVartime(F, F); feToBytes(out, F); }
// -1: not a strict encoding; else (geometric small order) · 2 + (table says small order).
export function smallOrder(s: usize): i32 {
  if (!geFromBytesStrictVartime(P, s)) return -1;
  let table = geIsSmallOrderEncodingVartime(s);
  geMulByCofactor(P, P);
  return geIsIdentity(P) * 2 + table;
}
`)
const buf = (b) => { const ptr = x.alloc(b.length); new Uint8Array(x.memory.buffer, ptr, b.length).set(b); return ptr }
const out = x.alloc(32)
const read = (n) => new Uint8Array(x.memory.buffer, out, n).slice()

test('feInvertVartime: 1/z mod p for random, small, extreme and non-canonical inputs; 1/0 = 0', () => {
  // p⁻¹ mod 2^30, the constant inv_vartime.ts carries.
  assert.is((p * 0x179435e5n) % 2n ** 30n, 1n)
  const cases = [0n, 1n, 2n, 19n, p - 1n, p - 2n, (p - 1n) / 2n, 2n ** 254n, 2n ** 255n - 1n, p, p + 1n, 2n ** 128n + 1n]
  for (let i = 0; i < 300; i++) cases.push(fromLe(R.bytes(32)) & (2n ** 255n - 1n))
  for (let i = 0; i < 30; i++) cases.push(BigInt(R.int(1 << 30)))
  for (const v of cases) {
    x.inv(out, buf(le(v, 32)))
    const z = v % p
    const want = z === 0n ? 0n : (() => { let r = 1n, b = z, e = p - 2n; while (e) { if (e & 1n) r = r * b % p; b = b * b % p; e >>= 1n } return r })()
    assert.is(fromLe(read(32)), want, `${v}`)
  }
})

test('small-order keys: the table holds exactly the 8 strict encodings of E[8], and agrees with 8·P = O', () => {
  // A point of order 8 (checked: 4·T8 ≠ O = 8·T8); its multiples are E[8].
  const T8 = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
  assert.ok(!T8.multiply(4n).equals(ed25519.Point.ZERO) && T8.multiply(8n).equals(ed25519.Point.ZERO))
  const torsion = new Set()
  let q = ed25519.Point.ZERO
  for (let k = 0; k < 8; k++) { torsion.add(hex(q.toBytes())); q = q.add(T8) }
  assert.is(torsion.size, 8)
  for (const e of torsion) assert.is(x.smallOrder(buf(Buffer.from(e, 'hex'))), 3, e)
  // Everything else that decodes is not small order, and the table agrees: random keys,
  // torsion points plus a large-order point, and the non-strict variants of E[8]'s
  // encodings (x = 0 with the sign bit; y + p), which must not decode at all.
  for (let i = 0; i < 200; i++) {
    const k = ed25519.getPublicKey(R.bytes(32))
    assert.is(x.smallOrder(buf(k)), 0)
    const mixed = ed25519.Point.fromHex(hex(k)).add(T8.multiply(BigInt(1 + (i % 7))))
    assert.is(x.smallOrder(buf(mixed.toBytes())), 0)
  }
  const signed = (e) => { const b = Buffer.from(e, 'hex'); b[31] |= 0x80; return b }
  assert.is(x.smallOrder(buf(signed('0100000000000000000000000000000000000000000000000000000000000000'))), -1)
  assert.is(x.smallOrder(buf(signed('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'))), -1)
  assert.is(x.smallOrder(buf(le(p + 1n, 32))), -1) // y = 1 + p: non-canonical
})

test.run()
