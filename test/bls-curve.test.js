// BLS12-381 G1/G2 internals (assembly/bls12_381/{g1,g2,encoding}.ts) on a module compiled in
// memory: the zkcrypto [0..999]G encodings (decode, re-encode byte for byte, equal to [i]G by
// repeated addition), the Ethereum deserialization sets, differential arithmetic against
// @noble/curves, the endomorphism subgroup checks against the naive [r]P = 0 on subgroup
// points, curve points outside the subgroup and small-order points, and every invalid
// encoding rejected with its named error code.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { root, rng, hex, unhex, vectorPath, readVectorJson } from './helpers.js'
import { parseErrors } from '../build/gen-errors.js'
import { loadCurve, G1P, G2P, P, R, g1Bytes, g2Bytes } from './bls-curve-module.js'

const E = Object.fromEntries(parseErrors(readFileSync(join(root, 'assembly', 'errors.ts'), 'utf8')).map((e) => [e.name, e.code]))
const m = await loadCurve()
const x = m.x
const rand = rng(Number(process.env.BLS_CURVE_SEED ?? 381))
const { Fp, Fp2 } = bls12_381.fields
const H1 = 0x396c8c005555e1568c00aaab0000aaabn // G1 cofactor
const H2 = 0x5d543a95414e7f1091d50792876a202cd91de4547085abaa68a205b2e5a7ddfa628f1cb4d9e82ef21537e293a6691ae1616ec6e786f0c70cf1c38e31c7238e5n // G2 cofactor
/** Compressed encodings without noble's subgroup assertion (for points outside it). */
const half = (P - 1n) / 2n
function g1Compressed(pt) {
  const b = g1Bytes(pt).slice(0, 48)
  b[0] |= 0x80 | (pt.toAffine().y > half ? 0x20 : 0)
  return b
}
function g2Compressed(pt) {
  const b = g2Bytes(pt).slice(0, 96)
  const { y } = pt.toAffine()
  b[0] |= 0x80 | ((y.c1 > half || (y.c1 === 0n && y.c0 > half)) ? 0x20 : 0)
  return b
}

const le = (k, n = 32) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(k & 0xffn); k >>= 8n } return o }
const randScalar = () => { let v = 0n; for (const b of rand.bytes(40)) v = (v << 8n) | BigInt(b); return v % R }
const eq = (a, b) => hex(a) === hex(b)

/** A point of E1 (or E2) not in the subgroup: x random until x³ + b is a square. */
function g1OffSubgroup() {
  for (;;) {
    const X = Fp.create(BigInt('0x' + hex(rand.bytes(48))))
    const rhs = Fp.add(Fp.mul(Fp.sqr(X), X), 4n)
    let Y
    try { Y = Fp.sqrt(rhs) } catch { continue }
    if (Fp.eql(Fp.sqr(Y), rhs)) return G1P.fromAffine({ x: X, y: Y })
  }
}
function g2OffSubgroup() {
  for (;;) {
    const X = Fp2.fromBigTuple([Fp.create(BigInt('0x' + hex(rand.bytes(48)))), Fp.create(BigInt('0x' + hex(rand.bytes(48))))])
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(X), X), Fp2.fromBigTuple([4n, 4n]))
    let Y
    try { Y = Fp2.sqrt(rhs) } catch { continue }
    if (Y && Fp2.eql(Fp2.sqr(Y), rhs)) return G2P.fromAffine({ x: X, y: Y })
  }
}

test('zkcrypto [0..999]G: G1 and G2, compressed and uncompressed', () => {
  const dir = vectorPath('bls12-381-sig/zkcrypto-point-encodings')
  if (!dir) return
  for (const [g, file, size, decode, encode, add, gen, pbytes] of [
    [1, 'g1_compressed_valid_test_vectors.dat', 48, x.g1Decompress, x.g1Compress, x.g1Add, x.g1Generator, m.G1],
    [1, 'g1_uncompressed_valid_test_vectors.dat', 96, x.g1DecodeUncompressed, x.g1EncodeUncompressed, x.g1Add, x.g1Generator, m.G1],
    [2, 'g2_compressed_valid_test_vectors.dat', 96, x.g2Decompress, x.g2Compress, x.g2Add, x.g2Generator, m.G2],
    [2, 'g2_uncompressed_valid_test_vectors.dat', 192, x.g2DecodeUncompressed, x.g2EncodeUncompressed, x.g2Add, x.g2Generator, m.G2],
  ]) {
    const data = new Uint8Array(readFileSync(join(dir, file)))
    assert.is(data.length, 1000 * size, file)
    m.reset()
    const acc = m.space(pbytes), G = m.space(pbytes), pt = m.space(pbytes), src = m.space(size), out = m.space(size)
    const zero = g === 1 ? x.g1Zero : x.g2Zero
    const eqf = g === 1 ? x.g1Eq : x.g2Eq
    zero(acc)
    gen(G)
    for (let i = 0; i < 1000; i++) {
      const enc = data.subarray(i * size, (i + 1) * size)
      m.x.memory && new Uint8Array(x.memory.buffer).set(enc, src)
      assert.is(decode(pt, src), 0, `${file} [${i}]G decodes`)
      encode(out, pt)
      assert.ok(eq(m.read(out, size), enc), `${file} [${i}]G re-encodes byte for byte`)
      assert.ok(eqf(pt, acc), `${file}: decoded [${i}]G equals ${i} additions of G`)
      encode(out, acc)
      assert.ok(eq(m.read(out, size), enc), `${file}: encoding of ${i} additions of G`)
      add(acc, acc, G)
    }
  }
})

test('Ethereum deserialization_G1 / deserialization_G2 sets', () => {
  const base = vectorPath('bls12-381-sig/eth-bls12-381-tests')
  if (!base) return
  let n = 0
  for (const [dirName, key, decode, pbytes] of [
    ['deserialization_G1', 'pubkey', x.g1Decode, m.G1], ['deserialization_G2', 'signature', x.g2Decode, m.G2]]) {
    for (const name of readdirSync(join(base, dirName))) {
      const v = JSON.parse(readFileSync(join(base, dirName, name), 'utf8'))
      const bytes = unhex(v.input[key])
      m.reset()
      const code = decode(m.space(pbytes), m.put(bytes), bytes.length)
      assert.is(code === 0, v.output, `${dirName}/${name}: code ${code}`)
      n++
    }
  }
  assert.is(n, 26)
})

test('group law and scalar multiplication agree with @noble/curves (random points, scalars)', () => {
  for (let i = 0; i < 12; i++) {
    m.reset()
    const a = randScalar(), b = randScalar(), k = randScalar()
    for (const [Pt, put, out, add, sub, dbl, neg, mul, len] of [
      [G1P, m.g1, m.g1Out, x.g1Add, x.g1Sub, x.g1Dbl, x.g1Neg, x.g1MulVartime, m.G1],
      [G2P, m.g2, m.g2Out, x.g2Add, x.g2Sub, x.g2Dbl, x.g2Neg, x.g2MulVartime, m.G2]]) {
      const A = Pt.BASE.multiply(a), B = Pt.BASE.multiply(b)
      const pa = put(A), pb = put(B), o = m.space(len)
      const bytesOf = Pt === G1P ? g1Bytes : g2Bytes
      add(o, pa, pb); assert.ok(eq(out(o), bytesOf(A.add(B))), 'add (mixed)')
      dbl(o, pa); add(o, o, pb); add(o, o, o); assert.ok(eq(out(o), bytesOf(A.double().add(B).double())), 'add (Jacobian), doubling through add')
      sub(o, pa, pb); assert.ok(eq(out(o), bytesOf(A.subtract(B))), 'sub')
      sub(o, pa, pa); assert.ok(eq(out(o), bytesOf(Pt.ZERO)), 'P - P = 0')
      neg(o, pa); assert.ok(eq(out(o), bytesOf(A.negate())), 'neg')
      for (const n of [32, 16, 8, 1, 64]) {
        const kk = n === 64 ? k * R + k : k & ((1n << BigInt(8 * n)) - 1n)
        mul(o, pa, m.put(le(kk, n)), n)
        assert.ok(eq(out(o), bytesOf(A.multiply(kk % R === 0n ? 1n : kk % R)) ) || kk % R === 0n, `mul ${n} bytes`)
      }
      mul(o, pa, m.put(le(R)), 32); assert.ok(eq(out(o), bytesOf(Pt.ZERO)), '[r]P = 0')
      mul(o, pa, m.put(new Uint8Array(0)), 0); assert.ok(eq(out(o), bytesOf(Pt.ZERO)), '[]P = 0')
      mul(o, pa, m.put(new Uint8Array(0)), -5); assert.ok(eq(out(o), bytesOf(Pt.ZERO)), "negative length: 0")
      mul(o, pa, m.put(le(k, 80)), 80); assert.ok(eq(out(o), bytesOf(A.multiply(k))), 'long scalar (bitwise path)')
    }
  }
})

test('GLV (G1) and GLS (G2) multiplication of subgroup points equal [k mod r]P', () => {
  const Z = 0xd201000000010000n
  const ks = [0n, 1n, 2n, R - 1n, R, R + 5n, 2n * R + 1n, (1n << 256n) - 1n, Z, Z * Z, Z ** 3n - 1n, Z ** 3n, R - Z]
  for (let i = 0; i < 10; i++) ks.push(randScalar(), BigInt('0x' + hex(rand.bytes(32))))
  for (const [i, k] of ks.entries()) {
    m.reset()
    for (const n of [32, i % 5 === 0 ? 20 : 32, 40]) {
      const kk = k & ((1n << BigInt(8 * Math.min(n, 40))) - 1n)
      const km = kk % R
      const base1 = G1P.BASE.multiply(1n + BigInt(i)), base2 = G2P.BASE.multiply(1n + BigInt(i))
      const o1 = m.space(m.G1), o2 = m.space(m.G2), sc = m.put(le(kk, n))
      x.g1MulSubgroupVartime(o1, m.g1(base1), sc, n)
      x.g2MulSubgroupVartime(o2, m.g2(base2), sc, n)
      assert.is(hex(m.g1Out(o1)), hex(g1Bytes(km === 0n ? G1P.ZERO : base1.multiply(km))), `G1 GLV k=${k} n=${n}`)
      assert.is(hex(m.g2Out(o2)), hex(g2Bytes(km === 0n ? G2P.ZERO : base2.multiply(km))), `G2 GLS k=${k} n=${n}`)
    }
  }
})

test('subgroup checks: endomorphism test equals the naive [r]P = 0', () => {
  const naive = (mul, isZero, p, len) => { const o = m.space(len); mul(o, p, m.put(le(R)), 32); return isZero(o) }
  const cases = []
  for (let i = 0; i < 6; i++) {
    cases.push([1, G1P.BASE.multiply(randScalar()), true], [2, G2P.BASE.multiply(randScalar()), true])
    cases.push([1, g1OffSubgroup(), false], [2, g2OffSubgroup(), false])
  }
  // Small-order points: [r·h/ℓ]Q has order ℓ for a prime ℓ | h (G1: 3; G2: 13 divides h2).
  for (const [g, pt, inG] of cases) {
    m.reset()
    const [put, inSub, isOn, mul, isZero, len] = g === 1
      ? [m.g1, x.g1InSubgroup, x.g1IsOnCurve, x.g1MulVartime, x.g1IsZero, m.G1]
      : [m.g2, x.g2InSubgroup, x.g2IsOnCurve, x.g2MulVartime, x.g2IsZero, m.G2]
    const p = put(pt)
    assert.ok(isOn(p))
    assert.is(!!inSub(p), inG, `G${g} endomorphism test`)
    assert.is(!!naive(mul, isZero, p, len), inG, `G${g} naive test`)
  }
  // Points of small order ℓ: multiply an off-subgroup point by #E/ℓ (G1, ℓ = 3) or by #E/ℓ²
  // (G2, ℓ = 13: its 13-torsion is 13 × 13, so #E/13 kills every point).
  for (const [g, off, mult, ell] of [[1, g1OffSubgroup, R * H1 / 3n, 3n], [2, g2OffSubgroup, R * H2 / 169n, 13n]]) {
    m.reset()
    const [put, inSub, mul, isZero, len] = g === 1
      ? [m.g1, x.g1InSubgroup, x.g1MulVartime, x.g1IsZero, m.G1]
      : [m.g2, x.g2InSubgroup, x.g2MulVartime, x.g2IsZero, m.G2]
    let found = 0
    for (let t = 0; t < 8 && found < 2; t++) {
      const p = put(off()), o = m.space(len)
      mul(o, p, m.put(le(mult, 128)), 128)
      if (isZero(o)) continue
      found++
      mul(p, o, m.put(le(ell, 1)), 1)
      assert.ok(isZero(p), `G${g}: order ${ell}`)
      assert.not.ok(inSub(o), `G${g}: point of order ${ell} is not in the subgroup`)
    }
    assert.ok(found > 0, `G${g}: made a point of order ${ell}`)
  }
})

test('invalid encodings: every flag combination, x ≥ p, off curve, off subgroup, lengths', () => {
  const k = randScalar()
  const sets = [
    [1, 48, x.g1Decode, m.G1, G1P.BASE.multiply(k).toBytes(true), g1Compressed(g1OffSubgroup())],
    [1, 96, x.g1Decode, m.G1, G1P.BASE.multiply(k).toBytes(false), g1Bytes(g1OffSubgroup())],
    [2, 96, x.g2Decode, m.G2, G2P.BASE.multiply(k).toBytes(true), g2Compressed(g2OffSubgroup())],
    [2, 192, x.g2Decode, m.G2, G2P.BASE.multiply(k).toBytes(false), g2Bytes(g2OffSubgroup())],
  ]
  for (const [g, size, decode, len, valid, offSub] of sets) {
    m.reset()
    const compressed = size === (g === 1 ? 48 : 96)
    const dec = (b) => decode(m.space(len), m.put(b), b.length)
    assert.is(dec(valid), 0)
    // Flags over all 8 combinations on a valid point's coordinates and on infinity's zeros.
    for (let f = 0; f < 8; f++) {
      const flags = f << 5
      const p = valid.slice(); p[0] = (p[0] & 0x1f) | flags
      const C = !!(f & 4), I = !!(f & 2), S = !!(f & 1)
      const code = dec(p)
      if (C !== compressed || (!compressed && S) || (I && S)) assert.is(code, E.E_BLS_FLAGS, `G${g}/${size} flags ${f.toString(2)}`)
      else if (I) assert.is(code, E.E_BLS_INFINITY_ENCODING, `G${g}/${size} infinity with coordinates`)
      else assert.ok(code === 0 || (compressed && code === 0), `G${g}/${size} flags ${f.toString(2)}: ${code}`)
      const z = new Uint8Array(size); z[0] = flags
      const zc = dec(z)
      if (C !== compressed || (!compressed && S) || (I && S)) assert.is(zc, E.E_BLS_FLAGS)
      else if (I) assert.is(zc, 0, 'infinity')
      else if (compressed) assert.ok(zc === E.E_BLS_NOT_ON_CURVE || zc === E.E_BLS_NOT_IN_SUBGROUP || zc === 0, `x = 0: ${zc}`)
      else assert.is(zc, E.E_BLS_NOT_ON_CURVE, '(0, 0) is not on the curve')
    }
    // Infinity with one stray bit anywhere.
    for (let i = 0; i < 8; i++) {
      const z = new Uint8Array(size); z[0] = compressed ? 0xc0 : 0x40
      const bit = i === 0 ? 7 : rand.int(size * 8 - 3) + 3
      z[bit >> 3] |= 0x80 >> (bit & 7)
      assert.is(dec(z), E.E_BLS_INFINITY_ENCODING)
    }
    // The sign bit flips y: still valid (the negated point) when compressed.
    if (compressed) {
      const p = valid.slice(); p[0] ^= 0x20
      assert.is(dec(p), 0)
    }
    // Each coordinate ≥ p: p itself and p + small, in every field slot.
    const slots = size / 48
    for (let s = 0; s < slots; s++) {
      for (const v of [P, P + 1n, (1n << 381n) - 1n]) {
        const p = valid.slice()
        const vb = unhex(v.toString(16).padStart(96, '0'))
        if (s === 0) vb[0] |= p[0] & 0xe0
        p.set(vb, s * 48)
        assert.is(dec(p), E.E_BLS_COORD_RANGE, `G${g}/${size} slot ${s} ≥ p`)
      }
    }
    // Not on the curve.
    if (compressed) {
      let hits = 0
      for (let t = 0; t < 40 && hits < 3; t++) {
        const b = rand.bytes(size); b[0] = (b[0] & 0x0f) | 0x80
        const c = dec(b)
        if (c === E.E_BLS_NOT_ON_CURVE) hits++
        else assert.ok(c === 0 || c === E.E_BLS_NOT_IN_SUBGROUP || c === E.E_BLS_COORD_RANGE, `random x: ${c}`)
      }
      assert.ok(hits > 0)
    } else {
      const p = valid.slice(); p[size - 1] ^= 1
      assert.is(dec(p), E.E_BLS_NOT_ON_CURVE)
    }
    // On the curve, not in the subgroup.
    assert.is(dec(offSub), E.E_BLS_NOT_IN_SUBGROUP, `G${g}/${size} off subgroup`)
    // Wrong lengths.
    for (const n of [0, 1, size - 1, size + 1, 2 * size + 1]) assert.is(dec(new Uint8Array(n).fill(0xc0)), n === 2 * size && g === 1 && size === 48 ? 0 : E.E_BLS_LENGTH)
  }
  m.reset()
  const o1 = m.space(m.G1), o2 = m.space(m.G2)
  assert.is(x.g1DecompressNoSubgroupCheck(o1, m.put(g1Compressed(g1OffSubgroup()))), 0)
  assert.is(x.g1DecodeUncompressedNoSubgroupCheck(o1, m.put(g1Bytes(g1OffSubgroup()))), 0)
  assert.is(x.g2DecompressNoSubgroupCheck(o2, m.put(g2Compressed(g2OffSubgroup()))), 0)
  assert.is(x.g2DecodeUncompressedNoSubgroupCheck(o2, m.put(g2Bytes(g2OffSubgroup()))), 0)
})

test('no trap on random bytes of every length', () => {
  for (let i = 0; i < 300; i++) {
    m.reset()
    const n = [48, 96, 192][i % 3]
    const b = rand.bytes(n)
    if (i & 4) b[0] = (b[0] & 0x1f) | (rand.int(8) << 5)
    const c1 = x.g1Decode(m.space(m.G1), m.put(b), n)
    const c2 = x.g2Decode(m.space(m.G2), m.put(b), n)
    assert.ok(c1 === 0 || (c1 >= 160 && c1 <= 165))
    assert.ok(c2 === 0 || (c2 >= 160 && c2 <= 165))
  }
})

test.run()
