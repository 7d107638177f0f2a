// The verifier's variable-time shortcuts against what they replace: feInvertVartime
// (safegcd) against exact inversion mod p; the small-order key check by table
// (geIsSmallOrderEncodingVartime) against multiplying by the cofactor, with the table's
// 8 encodings derived here from a point of order 8; the paired (SIMD) field and point
// operations against field.ts and point.ts limb for limb, mulPairVartime against two
// mulVartime calls and the key comb (mulBaseMinusKeyVartime) against the chain. field_x2.generated.ts is re-derived. Compiled into a small wasm of
// their own.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { ed25519 } from '@noble/curves/ed25519.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileScratch, root, rng } from './helpers.js'
import { generateFieldX2 } from '../build/gen-vrf-field-x2.js'

const R = rng(4401)
const p = 2n ** 255n - 19n
const le = (v, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(v & 255n); v >>= 8n } return o }
const fromLe = (b) => { let v = 0n; for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]); return v }
const hex = (b) => Buffer.from(b).toString('hex')

const src = (f) => JSON.stringify(`./assembly/${f}`)
const x = await compileScratch(`
import { feInvertVartime } from ${src('vrf/inv_vartime')};
import { geFromBytesStrictVartime, geMulByCofactor, geIsIdentity, geIsSmallOrderEncodingVartime } from ${src('vrf/curve')};
import { feFromBytes, feToBytes, feMul, feSq, feSq2 } from ${src('ed25519/field')};
import { feMulX2, feSqX2, feSq2X2 } from ${src('vrf/field_x2.generated')};
import { geDoubleX2, geP1P1ToP2X2, geP1P1ToP3X2, geAddX2, geMixedAddX2, buildOddMultiplesX2, geFromBytesStrictX2Vartime } from ${src('vrf/point_x2')};
import { POINT_BYTES, geDouble, geP1P1ToP2, geP1P1ToP3, geAdd, geSub, geMixedAdd, geMixedSub, buildOddMultiplesVartime } from ${src('ed25519/point')};
import { BASE_ODD_MULTIPLES } from ${src('ed25519/tables.generated')};
import { mulVartime, mulPairVartime, mulBaseMinusKeyVartime } from ${src('vrf/multiply')};
import { keyTableBuildVartime, KEY_TABLE_BYTES } from ${src('vrf/key_cache')};
import { feNeg } from ${src('ed25519/field')};
import { geToBytes } from ${src('vrf/curve')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
// Paired field ops against single ones on limbs at a (f) and a + 40 (g), b (f') and
// b + 40 (g'): 1 if all three agree limb for limb.
const S = memory.data(400, 8);
export function fieldPair(a: usize, b: usize): i32 {
  let ok = 1;
  feMul(S, a, a + 40); feMul(S + 40, b, b + 40); feMulX2(S + 80, S + 120, a, b, a + 40, b + 40);
  ok &= i32(memory.compare(S, S + 80, 80) == 0);
  memory.copy(S + 200, S, 80);
  feSq(S, a); feSq(S + 40, b); feSqX2(S + 80, S + 120, a, b);
  ok &= i32(memory.compare(S, S + 80, 80) == 0);
  feSq2(S, a); feSq2(S + 40, b); feSq2X2(S + 80, S + 120, a, b);
  ok &= i32(memory.compare(S, S + 80, 80) == 0);
  feMulX2(a, b, a, b, a + 40, b + 40); // outputs aliasing inputs
  ok &= i32(memory.compare(a, S + 200, 40) == 0 && memory.compare(b, S + 240, 40) == 0);
  return ok;
}
const PA = memory.data(160, 8); const PB = memory.data(160, 8);
const QA = memory.data(160, 8); const QB = memory.data(160, 8);
const R1 = memory.data(160 * 4, 8); const R2 = memory.data(160 * 4, 8);
const TA = memory.data(160 * 8, 8); const TB = memory.data(160 * 8, 8);
const TA2 = memory.data(160 * 8, 8); const TB2 = memory.data(160 * 8, 8);
const W = memory.data(160 * 4, 8);
// Point ops on two decoded points: paired against single, 1 if all agree.
export function pointPair(a: usize, b: usize): i32 {
  if (!geFromBytesStrictVartime(PA, a) || !geFromBytesStrictVartime(PB, b)) return -1;
  let ok = 1;
  geDouble(R1, PA); geDouble(R1 + 160, PB); geDoubleX2(R2, PA, R2 + 160, PB);
  ok &= i32(memory.compare(R1, R2, 320) == 0);
  geP1P1ToP3(R1 + 320, R1); geP1P1ToP3(R1 + 480, R1 + 160); geP1P1ToP3X2(R2 + 320, R2, R2 + 480, R2 + 160);
  ok &= i32(memory.compare(R1 + 320, R2 + 320, 320) == 0);
  geP1P1ToP2(R1, R1); geP1P1ToP2(R1 + 160, R1 + 160); geP1P1ToP2X2(R2, R2, R2 + 160, R2 + 160);
  ok &= i32(memory.compare(R1, R2, 120) == 0 && memory.compare(R1 + 160, R2 + 160, 120) == 0);
  buildOddMultiplesVartime(TA, 8, PA, W, W + 160); buildOddMultiplesVartime(TB, 8, PB, W, W + 160);
  buildOddMultiplesX2(TA2, PA, TB2, PB, 8, W, W + 160, W + 320, W + 480);
  ok &= i32(memory.compare(TA, TA2, 160 * 8) == 0 && memory.compare(TB, TB2, 160 * 8) == 0);
  for (let k = 0; k < 8; k++) {
    let neg = (k & 1) != 0;
    if (neg) { geSub(R1, R1 + 320, TA + 160 * k); geSub(R1 + 160, R1 + 480, TB + 160 * k); }
    else { geAdd(R1, R1 + 320, TA + 160 * k); geAdd(R1 + 160, R1 + 480, TB + 160 * k); }
    geAddX2(R2, R1 + 320, TA + 160 * k, R2 + 160, R1 + 480, TB + 160 * k, neg);
    ok &= i32(memory.compare(R1, R2, 320) == 0);
    // Mixed (Niels) additions, each lane with its own sign.
    let na = BASE_ODD_MULTIPLES + 120 * k, nb = BASE_ODD_MULTIPLES + 120 * (63 - k), negB = (k & 2) != 0;
    if (neg) geMixedSub(R1, R1 + 320, na); else geMixedAdd(R1, R1 + 320, na);
    if (negB) geMixedSub(R1 + 160, R1 + 480, nb); else geMixedAdd(R1 + 160, R1 + 480, nb);
    geMixedAddX2(R2, R1 + 320, na, neg, R2 + 160, R1 + 480, nb, negB);
    ok &= i32(memory.compare(R1, R2, 320) == 0);
  }
  return ok;
}
// The paired strict decoder against two single ones: its result bits, then 1 if every
// point that decoded equals the single decoder's limb for limb (else 0).
export function decodePair(a: usize, b: usize): i32 {
  let okA = geFromBytesStrictVartime(R1, a), okB = geFromBytesStrictVartime(R1 + 160, b);
  let bits = geFromBytesStrictX2Vartime(R2, a, R2 + 160, b);
  let same = (okA == 0 || memory.compare(R1, R2, 160) == 0) && (okB == 0 || memory.compare(R1 + 160, R2 + 160, 160) == 0);
  return bits * 4 + (okA | (okB << 1)) * 16 + i32(same);
}
// mulBaseMinusKeyVartime over y's comb table against the chain: 1 if U agrees.
const KT = heap.alloc(KEY_TABLE_BYTES);
export function combVsChain(sc: usize, y: usize, out: usize): i32 {
  if (!geFromBytesStrictVartime(PA, y)) return -1;
  keyTableBuildVartime(KT, PA);
  mulBaseMinusKeyVartime(R2, sc + 96, sc, KT);
  feNeg(PA, PA); feNeg(PA + 120, PA + 120);
  mulVartime(R1, sc, PA, 0, 0, sc + 32, sc + 64);
  geToBytes(out, R1); geToBytes(out + 32, R2);
  return i32(memory.compare(out, out + 32, 32) == 0);
}
// mulPairVartime against mulVartime: scalars c, lo, hi, s (32 bytes each) at sc, points at
// y, g, h (encodings). Returns 1 if U and V encode the same, -1 if a point did not decode.
export function mulPair(sc: usize, y: usize, g: usize, h: usize, out: usize): i32 {
  if (!geFromBytesStrictVartime(PA, y) || !geFromBytesStrictVartime(PB, g) || !geFromBytesStrictVartime(QA, h)) return -1;
  mulPairVartime(R2, R2 + 160, sc, PA, sc + 32, sc + 64, PB, sc + 96, QA);
  mulVartime(R1, sc, PA, 0, 0, sc + 32, sc + 64);
  mulVartime(R1 + 160, sc, PB, sc + 96, QA, 0, 0);
  geToBytes(out, R1); geToBytes(out + 32, R1 + 160); geToBytes(out + 64, R2); geToBytes(out + 96, R2 + 160);
  return i32(memory.compare(out, out + 64, 64) == 0);
}
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
const out = x.alloc(128)
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

test('field_x2.generated.ts is re-derived byte for byte', () => {
  assert.is(readFileSync(join(root, 'assembly', 'vrf', 'field_x2.generated.ts'), 'utf8'), generateFieldX2())
})

test('paired field operations equal field.ts limb for limb, up to the inputs feMul allows', () => {
  const limbs = (scale) => { const v = new Int32Array(20); for (let k = 0; k < 20; k++) { const bits = (k % 10) % 2 ? 25 : 26; v[k] = Math.trunc((R.int(2 ** 30) / 2 ** 30 * 2 - 1) * scale * 2 ** bits) } return v }
  const edge = (sign) => { const v = new Int32Array(20); for (let k = 0; k < 20; k++) { const bits = (k % 10) % 2 ? 25 : 26; v[k] = sign * Math.trunc(1.65 * 2 ** bits) } return v }
  const cases = [[edge(1), edge(-1)], [edge(-1), edge(-1)], [edge(1), edge(1)]]
  for (let i = 0; i < 300; i++) cases.push([limbs(i % 2 ? 1.65 : 1), limbs(i % 3 ? 1 : 1.65)])
  for (const [a, b] of cases) {
    const pa = buf(new Uint8Array(a.buffer)), pb = buf(new Uint8Array(b.buffer))
    assert.is(x.fieldPair(pa, pb), 1)
  }
})

const randomPoint = () => ed25519.Point.BASE.multiply(BigInt(1 + R.int(2 ** 30)) * BigInt(1 + R.int(2 ** 30)) + 7n)
const encodings = () => {
  const torsion = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
  const list = [ed25519.Point.ZERO, torsion, ed25519.Point.BASE, ed25519.Point.BASE.negate()]
  for (let i = 0; i < 12; i++) list.push(i % 3 ? randomPoint() : randomPoint().add(torsion))
  return list.map((p) => p.toBytes())
}

test('paired point operations (doubling, conversions, ± cached and mixed additions, odd-multiple tables) equal point.ts', () => {
  const pts = encodings()
  for (let i = 0; i < pts.length; i++) {
    assert.is(x.pointPair(buf(pts[i]), buf(pts[(i * 5 + 3) % pts.length])), 1, `${i}`)
  }
})

test('paired strict decoding: the same verdicts and points as two single decodings', () => {
  const pts = encodings()
  const bad = [
    le(p, 32), le(p + 1n, 32), le(2n ** 255n - 1n, 32),                       // y ≥ p
    (() => { const b = le(1n, 32); b[31] |= 0x80; return b })(),             // x = 0 with the sign bit
    le(2n, 32),                                                               // y = 2: not on the curve
  ]
  const all = [...pts, ...bad]
  for (let i = 0; i < 40; i++) all.push(R.bytes(32)) // about half are on the curve
  let mixed = 0
  for (let i = 0; i < all.length; i++) {
    for (const j of [i, (i * 7 + 1) % all.length]) {
      const r = x.decodePair(buf(all[i]), buf(all[j]))
      assert.is(r & 1, 1, `${i} ${j}`)
      assert.is((r >> 2) & 3, r >> 4, `${i} ${j}`)
      if ((r >> 4) === 1 || (r >> 4) === 2) mixed++
    }
  }
  assert.ok(mixed > 5)
})

test('mulPairVartime: U and V equal two mulVartime calls; the paired key comb gives the same U; random and edge scalars', () => {
  const pts = encodings()
  const L = 2n ** 252n + 27742317777372353535851937790883648493n
  const scalarSets = [
    [0n, 0n, 0n, 0n], [1n, 0n, 0n, 0n], [0n, 1n, 0n, 0n], [0n, 0n, 1n, 0n], [0n, 0n, 0n, 1n],
    [2n ** 128n - 1n, 2n ** 128n - 1n, 2n ** 125n - 1n, L - 1n], [0n, 0n, 0n, L - 1n], [2n ** 127n, 0n, 0n, 3n],
    [5n, 2n ** 127n + 1n, 0n, 2n ** 200n], [0n, 0n, 2n ** 124n, 0n],
    // consistent (s = lo + 2^128·hi), for the comb too
    [2n ** 128n - 1n, (L - 1n) & (2n ** 128n - 1n), (L - 1n) >> 128n, L - 1n], [0n, 1n, 0n, 1n],
    [1n, 0n, 1n, 2n ** 128n], [2n ** 127n, 2n ** 128n - 1n, 0n, 2n ** 128n - 1n],
  ]
  for (let i = 0; i < 30; i++) {
    const s = fromLe(R.bytes(32)) % L
    scalarSets.push([fromLe(R.bytes(16)), s & (2n ** 128n - 1n), s >> 128n, s])
  }
  for (let i = 0; i < scalarSets.length; i++) {
    const sc = new Uint8Array(128)
    scalarSets[i].forEach((v, k) => sc.set(le(v, 32), 32 * k))
    const [y, g, h] = [pts[i % pts.length], pts[(i + 5) % pts.length], pts[(i + 9) % pts.length]]
    assert.is(x.mulPair(buf(sc), buf(y), buf(g), buf(h), out), 1, `${i}`)
    const [, lo, hi, sv] = scalarSets[i]
    if (sv === lo + (hi << 128n)) assert.is(x.combVsChain(buf(sc), buf(y), out), 1, `comb ${i}`)
  }
})

test.run()
