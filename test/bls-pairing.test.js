// BLS12-381 Fp6/Fp12 and the pairing (assembly/bls12_381/fp6.ts, fp12.ts, pairing.ts)
// against @noble/curves: tower arithmetic and identities, e(P, Q) equal to noble's pairing
// for random points, bilinearity, multi-pairing products, and the product check
// e(aP, Q)·e(-P, aQ) = 1.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { compileBls, P } from './bls-field-helpers.js'
import { rng } from './helpers.js'

const R = rng(12)
const { Fp12, Fr } = bls12_381.fields
const G1 = bls12_381.G1.Point, G2 = bls12_381.G2.Point
const x = await compileBls(`
import { fpFromBytes, fpToBytes } from "fp";
import { fp2FromBytes, fp2ToBytes } from "fp2";
import { fp12Mul, fp12Sqr, fp12InvVartime, fp12Conj, fp12FrobeniusMap, fp12CyclotomicSqr, fp12MulBy014, fp12MulByLineAffine, fp12IsOne, fp12Eq } from "fp12";
import { millerLoopMultiAffine } from "miller_affine";
import { fp6Mul, fp6Sqr, fp6InvVartime, fp6MulBy01, fp6MulBy1 } from "fp6";
import { millerLoopMulti, finalExponentiation, pairingProductIsOne } from "pairing";
import { fp12CyclotomicSqrCompressed, karabinaDecompressBatchVartime } from "karabina";
const KP = memory.data(2688, 8);
const A = memory.data(672, 8); const B = memory.data(672, 8); const C = memory.data(672, 8);
// Fp12 as 12 big-endian 48-byte coordinates in the order c0.c0.c0, c0.c0.c1, c0.c1.c0, …
function get12(o: usize, src: usize): void { for (let i: usize = 0; i < 12; i++) fpFromBytes(o + i * 56, src + i * 48); }
function put12(dst: usize, a: usize): void { for (let i: usize = 0; i < 12; i++) fpToBytes(dst + i * 48, a + i * 56); }
export function fp12_op(op: i32, out: usize, a: usize, b: usize): i32 {
  get12(A, a); get12(B, b);
  let r: i32 = 0;
  if (op == 0) fp12Mul(C, A, B);
  else if (op == 1) fp12Sqr(C, A);
  else if (op == 2) fp12InvVartime(C, A);
  else if (op == 3) fp12Conj(C, A);
  else if (op == 4) fp12FrobeniusMap(C, A, 1);
  else if (op == 5) fp12FrobeniusMap(C, A, 2);
  else if (op == 6) fp12FrobeniusMap(C, A, 3);
  else if (op == 7) fp12CyclotomicSqr(C, A);
  else if (op == 8) { fp12MulBy014(C, A, B, B + 112, B + 224); }
  else if (op == 9) { fp6Mul(C, A, B); fp6Mul(C + 336, A + 336, B + 336); }
  else if (op == 10) { fp6Sqr(C, A); fp6InvVartime(C + 336, A + 336); }
  else if (op == 11) { fp6MulBy01(C, A, B, B + 112); fp6MulBy1(C + 336, A + 336, B + 224); }
  else if (op == 16) { fp12MulByLineAffine(C, A, B, B + 112); }
  else if (op == 17) { memory.copy(C, A, 672); fp12MulByLineAffine(C, C, B, B + 112); }
  else if (op == 12) { finalExponentiation(C, A); r = <i32>fp12IsOne(C) | (<i32>fp12Eq(A, B) << 1); }
  // Karabina: a^2, a^4, a^8, a^16 squared compressed, decompressed together, multiplied (a^30)
  else if (op == 14) {
    for (let i: usize = 0; i < 4; i++) { fp12CyclotomicSqrCompressed(A); memory.copy(KP + i * 672, A, 672); }
    r = <i32>karabinaDecompressBatchVartime(KP, 4, 672);
    fp12Mul(C, KP, KP + 672); fp12Mul(C, C, KP + 1344); fp12Mul(C, C, KP + 2016);
  }
  else if (op == 15) { memory.copy(C, A, 672); r = <i32>karabinaDecompressBatchVartime(C, 1, 672); }
  // aliasing
  else if (op == 13) { fp12Mul(A, A, B); fp12Sqr(A, A); fp12Mul(C, B, A); }
  put12(out, C);
  return r;
}
// pairs: G1 as x ‖ y (96 bytes), G2 as x ‖ y with each Fp2 as c1 ‖ c0 (192 bytes)
function loadPairs(g1: usize, g2: usize, g1Bytes: usize, g2Bytes: usize, n: i32): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    fpFromBytes(g1 + i * 112, g1Bytes + i * 96);
    fpFromBytes(g1 + i * 112 + 56, g1Bytes + i * 96 + 48);
    fp2FromBytes(g2 + i * 224, g2Bytes + i * 192);
    fp2FromBytes(g2 + i * 224 + 112, g2Bytes + i * 192 + 96);
  }
}
export function pairing_op(op: i32, out: usize, g1Bytes: usize, g2Bytes: usize, n: i32): i32 {
  let g1 = heap.alloc(<usize>n * 112 + 8), g2 = heap.alloc(<usize>n * 224 + 8);
  loadPairs(g1, g2, g1Bytes, g2Bytes, n);
  let r: i32 = 0;
  if (op == 0) { millerLoopMulti(C, g1, g2, n); finalExponentiation(C, C); }
  else if (op == 1) { millerLoopMulti(C, g1, g2, n); }
  else if (op == 2) { r = <i32>pairingProductIsOne(g1, g2, n); }
  else if (op == 3) { millerLoopMultiAffine(C, g1, g2, n); finalExponentiation(C, C); }
  put12(out, C);
  heap.free(g1); heap.free(g2);
  return r;
}
`)

const mem = () => new Uint8Array(x.memory.buffer)
const be = (n) => { const b = new Uint8Array(48); for (let i = 47; i >= 0; i--) { b[i] = Number(n & 255n); n >>= 8n } return b }
const num = (b) => b.reduce((a, v) => (a << 8n) | BigInt(v), 0n)
const randFp = () => num(R.bytes(48)) % P
const BUF_A = x.alloc(576), BUF_B = x.alloc(576), OUT = x.alloc(576)

const flat12 = (e) => [e.c0, e.c1].flatMap((s) => [s.c0, s.c1, s.c2]).flatMap((f) => [f.c0, f.c1])
const from12 = (v) => Fp12.fromBigTwelve(v)
const rand12 = () => from12(Array.from({ length: 12 }, randFp))
const bytes12 = (e) => { const b = new Uint8Array(576); flat12(e).forEach((v, i) => b.set(be(v), 48 * i)); return b }
const read12 = () => { const b = mem().slice(OUT, OUT + 576); return from12(Array.from({ length: 12 }, (_, i) => num(b.slice(48 * i, 48 * i + 48)))) }
function op12(op, a, b = Fp12.ONE) {
  mem().set(bytes12(a), BUF_A); mem().set(bytes12(b), BUF_B)
  const r = x.fp12_op(op, OUT, BUF_A, BUF_B)
  return { v: read12(), r }
}
const eq12 = (a, b, msg) => assert.ok(Fp12.eql(a, b), msg)
const { Fp6 } = bls12_381.fields

test('fp12 and fp6: mul, sqr, inv, conj, Frobenius 1..3 against @noble', () => {
  for (let i = 0; i < 12; i++) {
    const a = rand12(), b = rand12()
    eq12(op12(0, a, b).v, Fp12.mul(a, b), 'mul')
    eq12(op12(1, a).v, Fp12.sqr(a), 'sqr')
    eq12(op12(2, a).v, Fp12.inv(a), 'inv')
    eq12(op12(3, a).v, Fp12.conjugate(a), 'conj')
    for (const k of [1, 2, 3]) eq12(op12(3 + k, a).v, Fp12.frobeniusMap(a, k), `frobenius ${k}`)
    const c = op12(9, a, b).v
    assert.ok(Fp6.eql(c.c0, Fp6.mul(a.c0, b.c0)) && Fp6.eql(c.c1, Fp6.mul(a.c1, b.c1)), 'fp6 mul')
    const d = op12(10, a).v
    assert.ok(Fp6.eql(d.c0, Fp6.sqr(a.c0)) && Fp6.eql(d.c1, Fp6.inv(a.c1)), 'fp6 sqr, inv')
    const ab2 = Fp12.sqr(Fp12.mul(a, b))
    eq12(op12(13, a, b).v, Fp12.mul(b, ab2), 'aliasing')
  }
  eq12(op12(2, Fp12.ZERO).v, Fp12.ZERO, 'inv 0 = 0')
  // edge coefficients: every coefficient p - 1, and alternating 0 / p - 1 / 1
  const edges = [from12(Array(12).fill(P - 1n)), from12(Array.from({ length: 12 }, (_, i) => [0n, P - 1n, 1n][i % 3]))]
  for (const a of edges) for (const b of edges) {
    eq12(op12(0, a, b).v, Fp12.mul(a, b), 'mul (edges)')
    eq12(op12(1, a).v, Fp12.sqr(a), 'sqr (edges)')
    const c = op12(11, a, b).v
    assert.ok(Fp6.eql(c.c0, Fp6.mul(a.c0, Fp6.create({ c0: b.c0.c0, c1: b.c0.c1, c2: bls12_381.fields.Fp2.ZERO }))), 'fp6 mul by 01 (edges)')
  }
})

test('fp12: sparse 014 product equals the dense one; cyclotomic squaring (Granger–Scott and Karabina) on the cyclotomic subgroup', () => {
  const { Fp2 } = bls12_381.fields
  for (let i = 0; i < 8; i++) {
    const a = rand12()
    const d = [0, 1, 2].map(() => Fp2.fromBigTuple([randFp(), randFp()]))
    // ℓ = d0 + d1·v + d4·v·w, passed as B = (d0, d1, d4, …)
    const lineArg = Fp12.create({ c0: Fp6.create({ c0: d[0], c1: d[1], c2: d[2] }), c1: Fp6.ZERO })
    const line = Fp12.create({ c0: Fp6.create({ c0: d[0], c1: d[1], c2: Fp2.ZERO }), c1: Fp6.create({ c0: Fp2.ZERO, c1: d[2], c2: Fp2.ZERO }) })
    eq12(op12(8, a, lineArg).v, Fp12.mul(a, line), 'mul by 014')
    // the affine Miller loop's normalized line c0 + c1·v + v·w, passed as B = (c0, c1, …)
    const unit = Fp12.create({ c0: Fp6.create({ c0: d[0], c1: d[1], c2: Fp2.ZERO }), c1: Fp6.create({ c0: Fp2.ZERO, c1: Fp2.ONE, c2: Fp2.ZERO }) })
    eq12(op12(16, a, lineArg).v, Fp12.mul(a, unit), 'mul by normalized line')
    eq12(op12(17, a, lineArg).v, Fp12.mul(a, unit), 'mul by normalized line (aliased)')
    const s = op12(11, a, lineArg).v
    assert.ok(Fp6.eql(s.c0, Fp6.mul(a.c0, Fp6.create({ c0: d[0], c1: d[1], c2: Fp2.ZERO }))), 'fp6 mul by 01')
    assert.ok(Fp6.eql(s.c1, Fp6.mul(a.c1, Fp6.create({ c0: Fp2.ZERO, c1: d[2], c2: Fp2.ZERO }))), 'fp6 mul by 1')
    // a^((p⁶ - 1)(p² + 1)) is in the cyclotomic subgroup
    const t = Fp12.mul(Fp12.conjugate(a), Fp12.inv(a))
    const c = Fp12.mul(Fp12.frobeniusMap(t, 2), t)
    eq12(op12(7, c).v, Fp12.sqr(c), 'cyclotomic square')
    const k = op12(14, c)
    assert.is(k.r, 1, 'karabina decompresses')
    eq12(k.v, Fp12.pow(c, 30n), 'karabina squarings: a^2·a^4·a^8·a^16')
  }
  // g3 = 0 (here a = 1) is refused, and the element is left as it was
  const one = op12(15, Fp12.ONE)
  assert.is(one.r, 0, 'karabina refuses g3 = 0')
  eq12(one.v, Fp12.ONE)
})

test('final exponentiation equals @noble\'s on random elements; f = 1 gives 1', () => {
  for (let i = 0; i < 3; i++) {
    const a = rand12()
    eq12(op12(12, a).v, Fp12.finalExponentiate(a), 'final exp')
  }
  const one = op12(12, Fp12.ONE)
  eq12(one.v, Fp12.ONE)
  assert.is(one.r & 1, 1)
  // f ∈ Fp6 (here -1, 2): the easy part gives 1, whose compressed powers have g3 = 0, so the
  // exponentiations take the uncompressed road
  for (const f of [Fp12.neg(Fp12.ONE), Fp12.add(Fp12.ONE, Fp12.ONE)]) eq12(op12(12, f).v, Fp12.finalExponentiate(f), 'final exp in Fp6')
})

// Points
const randScalar = () => (num(R.bytes(32)) % (Fr.ORDER - 1n)) + 1n
const g1Bytes = (pts) => { const b = new Uint8Array(96 * pts.length); pts.forEach((p, i) => { const a = p.toAffine(); b.set(be(a.x), 96 * i); b.set(be(a.y), 96 * i + 48) }); return b }
const g2Bytes = (pts) => {
  const b = new Uint8Array(192 * pts.length)
  pts.forEach((p, i) => { const a = p.toAffine(); [a.x.c1, a.x.c0, a.y.c1, a.y.c0].forEach((v, j) => b.set(be(v), 192 * i + 48 * j)) })
  return b
}
function pairingOp(op, g1s, g2s) {
  const n = g1s.length
  const p1 = x.alloc(96 * n + 8), p2 = x.alloc(192 * n + 8)
  mem().set(g1Bytes(g1s), p1); mem().set(g2Bytes(g2s), p2)
  const r = x.pairing_op(op, OUT, p1, p2, n)
  return { v: read12(), r }
}

test('e(P, Q) equals @noble\'s pairing for random P, Q and for the generators', () => {
  const pairs = [[G1.BASE, G2.BASE], ...Array.from({ length: 3 }, () => [G1.BASE.multiply(randScalar()), G2.BASE.multiply(randScalar())])]
  for (const [p, q] of pairs) eq12(pairingOp(0, [p], [q]).v, bls12_381.pairing(p, q), 'pairing')
})

test('bilinearity: e(aP, bQ) = e(P, Q)^(ab) = e(abP, Q)', () => {
  const a = randScalar(), b = randScalar()
  const e = pairingOp(0, [G1.BASE.multiply(a)], [G2.BASE.multiply(b)]).v
  eq12(e, pairingOp(0, [G1.BASE.multiply(Fr.mul(a, b))], [G2.BASE]).v)
  eq12(e, Fp12.pow(bls12_381.pairing(G1.BASE, G2.BASE), Fr.mul(a, b)))
})

test('multi-pairing: one Miller loop over n pairs equals the product of the pairings', () => {
  for (const n of [1, 2, 3, 5]) {
    const g1s = Array.from({ length: n }, () => G1.BASE.multiply(randScalar()))
    const g2s = Array.from({ length: n }, () => G2.BASE.multiply(randScalar()))
    const want = g1s.reduce((acc, p, i) => Fp12.mul(acc, bls12_381.pairing(p, g2s[i])), Fp12.ONE)
    eq12(pairingOp(0, g1s, g2s).v, want, `n = ${n}`)
    assert.is(pairingOp(2, g1s, g2s).r, 0)
  }
})

test('affine Miller loop (miller_affine.ts): after the final exponentiation, the product of the pairings', () => {
  for (const n of [1, 2, 7, 8, 9]) {
    const g1s = Array.from({ length: n }, () => G1.BASE.multiply(randScalar()))
    const g2s = Array.from({ length: n }, () => G2.BASE.multiply(randScalar()))
    const want = g1s.reduce((acc, p, i) => Fp12.mul(acc, bls12_381.pairing(p, g2s[i])), Fp12.ONE)
    eq12(pairingOp(3, g1s, g2s).v, want, `n = ${n}`)
    assert.is(pairingOp(2, g1s, g2s).r, 0)
  }
  // the product check takes the affine loop from 8 pairs on: equal points repeat freely
  const a = randScalar(), p = G1.BASE.multiply(randScalar()), q = G2.BASE.multiply(randScalar())
  const g1s = [], g2s = []
  for (let i = 0; i < 5; i++) { g1s.push(p.multiply(a), p.negate()); g2s.push(q, q.multiply(a)) }
  assert.is(pairingOp(2, g1s, g2s).r, 1)
  g1s[3] = G1.BASE
  assert.is(pairingOp(2, g1s, g2s).r, 0)
})

test('product check: e(aP, Q)·e(-P, aQ) = 1, and ≠ 1 when perturbed; n = 0 is 1', () => {
  for (let i = 0; i < 3; i++) {
    const a = randScalar(), p = G1.BASE.multiply(randScalar()), q = G2.BASE.multiply(randScalar())
    assert.is(pairingOp(2, [p.multiply(a), p.negate()], [q, q.multiply(a)]).r, 1)
    assert.is(pairingOp(2, [p.multiply(a + 1n), p.negate()], [q, q.multiply(a)]).r, 0)
    assert.is(pairingOp(2, [p.multiply(a), p.negate(), G1.BASE, G1.BASE.negate()], [q, q.multiply(a), q, q]).r, 1)
  }
  assert.is(pairingOp(2, [], []).r, 1)
})

test('product check over 66 pairs (beyond the static buffer of 64 running points)', () => {
  const a = randScalar(), p = G1.BASE.multiply(randScalar()), q = G2.BASE.multiply(randScalar())
  const pa = p.multiply(a), pn = p.negate(), qa = q.multiply(a)
  const g1s = [], g2s = []
  for (let i = 0; i < 33; i++) { g1s.push(pa, pn); g2s.push(q, qa) }
  assert.is(pairingOp(2, g1s, g2s).r, 1)
  g1s[65] = p
  assert.is(pairingOp(2, g1s, g2s).r, 0)
})

test.run()
