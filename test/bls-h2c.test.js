// RFC 9380 hash to G2 (assembly/bls12_381/hash_to_g2.ts) on a module compiled in memory:
// every BLS12381G2_XMD:SHA-256_SSWU_{RO,NU}_ vector of RFC 9380 Appendix J.10 (u values,
// Q0/Q1 = map_to_curve(u) before cofactor clearing, and P), the Wycheproof
// bls_hash_to_g2_test set, the Ethereum hash_to_G2 set, the Fp2 square root on squares and
// non-squares, random messages and DSTs against @noble/curves, and the batch form.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { rng, hex, unhex, vectorPath, readVectorJson } from './helpers.js'
import { loadCurve, G2P, fp2Bytes, g2Bytes } from './bls-curve-module.js'

const m = await loadCurve()
const x = m.x
const FP2 = x.FP2_BYTES.value
const rand = rng(Number(process.env.BLS_H2C_SEED ?? 9380))
const enc = new TextEncoder()
const { Fp, Fp2 } = bls12_381.fields

/** "c0,c1" hex → 96 bytes c1 ‖ c0. */
const fp2Hex = (s) => { const [c0, c1] = s.split(',').map(BigInt); return fp2Bytes(c0, c1) }
const pointHex = (pt) => hex(new Uint8Array([...fp2Hex(pt.x), ...fp2Hex(pt.y)]))
function outFp2(p) { const d = m.space(96); x.fp2ToBytes(d, p); return hex(m.read(d, 96)) }

function hashTo(fn, msg, dst) {
  const o = m.space(m.G2)
  assert.is(fn(o, m.put(msg), msg.length, m.put(dst), dst.length), 0)
  return o
}

for (const suite of ['RO', 'NU']) {
  test(`RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_${suite}_ vectors: u, Q, P`, () => {
    const v = readVectorJson(`hash-to-curve/cfrg-rfc9380/BLS12381G2_XMD_SHA-256_SSWU_${suite}_.json`)
    if (!v) return
    const dst = enc.encode(v.dst)
    assert.ok(v.vectors.length >= 4)
    for (const t of v.vectors) {
      m.reset()
      const msg = enc.encode(t.msg)
      if (suite === 'RO') {
        const u = m.space(2 * FP2)
        assert.is(x.hashToFieldFp2(u, m.put(msg), msg.length, m.put(dst), dst.length), 0)
        assert.is(outFp2(u), hex(fp2Hex(t.u[0])), `u0 of ${JSON.stringify(t.msg).slice(0, 20)}`)
        assert.is(outFp2(u + FP2), hex(fp2Hex(t.u[1])), 'u1')
        for (const [i, q] of [[0, t.Q0], [1, t.Q1]]) {
          const o = m.space(m.G2)
          x.mapToG2Unclear(o, u + i * FP2)
          assert.is(hex(m.g2Out(o)), pointHex(q), `Q${i}`)
        }
      } else {
        const u = m.space(FP2)
        x.fp2FromBytes(u, m.put(fp2Hex(t.u[0])))
        const o = m.space(m.G2)
        x.mapToG2Unclear(o, u)
        assert.is(hex(m.g2Out(o)), pointHex(t.Q), 'Q')
      }
      const o = hashTo(suite === 'RO' ? x.hashToG2 : x.encodeToG2, msg, dst)
      assert.is(hex(m.g2Out(o)), pointHex(t.P), 'P')
    }
  })
}

test('Wycheproof bls_hash_to_g2_test', () => {
  const v = readVectorJson('hash-to-curve/wycheproof/bls_hash_to_g2_test.json')
  if (!v) return
  let n = 0
  for (const g of v.testGroups) {
    const dst = enc.encode(g.dst)
    for (const t of g.tests) {
      m.reset()
      const o = hashTo(x.hashToG2, unhex(t.msg), dst)
      const c = m.space(96)
      x.g2Compress(c, o)
      assert.is(hex(m.read(c, 96)) === t.expected, t.result === 'valid', `tcId ${t.tcId}`)
      n++
    }
  }
  assert.ok(n >= 26)
})

test('Ethereum hash_to_G2 set', () => {
  const dir = vectorPath('bls12-381-sig/eth-bls12-381-tests/hash_to_G2')
  if (!dir) return
  const dst = enc.encode('QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_')
  const files = readdirSync(dir)
  assert.is(files.length, 3)
  for (const name of files) {
    const v = JSON.parse(readFileSync(join(dir, name), 'utf8'))
    m.reset()
    const o = hashTo(x.hashToG2, enc.encode(v.input.msg), dst)
    assert.is(hex(m.g2Out(o)), pointHex(v.output), name)
  }
})

test('Fp2 square roots: squares, non-squares, the base field and zero', () => {
  for (let i = 0; i < 60; i++) {
    m.reset()
    const kind = i % 4
    const r = () => Fp.create(BigInt('0x' + hex(rand.bytes(48))))
    let a = Fp2.fromBigTuple([r(), kind === 2 ? 0n : r()])
    if (kind === 3 && i < 8) a = Fp2.ZERO
    let square = true
    if (kind === 1) { a = Fp2.sqr(a) } else { try { Fp2.sqrt(a) } catch { square = false } }
    const pa = m.put(fp2Bytes(a.c0, a.c1)), ia = m.space(FP2), o = m.space(FP2), sq = m.space(FP2)
    x.fp2FromBytes(ia, pa)
    const ok = x.fp2SqrtVartime(o, ia)
    assert.is(!!ok, square, `square? ${i}`)
    if (ok) { x.fp2Sqr(sq, o); assert.ok(x.fp2Eq(sq, ia)) }
  }
})

test('√(U/V) without inversion: squares, non-squares, and U/V in Fp', () => {
  const r = () => Fp.create(BigInt('0x' + hex(rand.bytes(48))))
  const isSquare = (v) => { try { const q = Fp2.sqrt(v); return Fp2.eql(Fp2.sqr(q), v) } catch { return false } }
  for (let i = 0; i < 60; i++) {
    m.reset()
    const V = Fp2.fromBigTuple([r(), r()])
    let U = Fp2.fromBigTuple([r(), r()])
    if (i % 3 === 0) U = Fp2.mul(Fp2.sqr(Fp2.fromBigTuple([r(), r()])), V)          // U/V a square
    if (i % 5 === 1) U = Fp2.mul(Fp2.fromBigTuple([r(), 0n]), V)                    // U/V ∈ Fp
    const want = isSquare(Fp2.div(U, V))
    const pu = m.space(FP2), pv = m.space(FP2), y = m.space(FP2), t = m.space(FP2)
    x.fp2FromBytes(pu, m.put(fp2Bytes(U.c0, U.c1)))
    x.fp2FromBytes(pv, m.put(fp2Bytes(V.c0, V.c1)))
    const ok = x.sqrtRatioVartime(y, pu, pv, 0)
    assert.is(!!ok, want, `square? ${i}`)
    if (ok) { x.fp2Sqr(t, y); x.fp2Mul(t, t, pv); assert.ok(x.fp2Eq(t, pu), 'y²·V = U') }
  }
})

test('a^((p-3)/4) by sliding window equals the BigInt power', () => {
  const e = (Fp.ORDER - 3n) / 4n
  for (let i = 0; i < 10; i++) {
    m.reset()
    const a = i === 0 ? 1n : i === 1 ? 0n : Fp.create(BigInt('0x' + hex(rand.bytes(48))))
    const pa = m.space(x.FP_BYTES.value), po = m.space(48)
    x.fpFromBytes(pa, m.put(unhex(a.toString(16).padStart(96, '0'))))
    x.fpPowP34(pa, pa)
    x.fpToBytes(po, pa)
    assert.is(hex(m.read(po, 48)), Fp.pow(a, e).toString(16).padStart(96, '0'))
  }
})

test('map_to_curve then clear_cofactor at the exceptional u (Z²u⁴ + Zu² = 0: u = 0) and random u agrees with @noble/curves', () => {
  const r = () => Fp.create(BigInt('0x' + hex(rand.bytes(48))))
  const us = [[0n, 0n], [1n, 0n], [0n, 1n], ...Array.from({ length: 12 }, () => [r(), r()])]
  for (const [c0, c1] of us) {
    m.reset()
    const u = m.space(FP2), o = m.space(m.G2)
    x.fp2FromBytes(u, m.put(fp2Bytes(c0, c1)))
    x.mapToG2Unclear(o, u)
    x.g2ClearCofactor(o, o)                     // noble's mapToCurve clears the cofactor
    assert.is(hex(m.g2Out(o)), hex(g2Bytes(bls12_381.G2.mapToCurve([c0, c1]))), `u = (${c0}, ${c1})`)
  }
})

test('map_to_curve without cofactor clearing lands outside G2: decoding rejects it', () => {
  const dst = enc.encode('QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_')
  for (let i = 0; i < 8; i++) {
    m.reset()
    const msg = rand.bytes(20)
    const u = m.space(2 * FP2), q = m.space(m.G2), c = m.space(96), d = m.space(192)
    x.hashToFieldFp2(u, m.put(msg), msg.length, m.put(dst), dst.length)
    x.mapToG2Unclear(q, u)
    assert.ok(x.g2IsOnCurve(q))
    assert.not.ok(x.g2InSubgroup(q))
    x.g2Compress(c, q)
    x.g2EncodeUncompressed(d, q)
    assert.is(x.g2Decompress(m.space(m.G2), c), 165, 'E_BLS_NOT_IN_SUBGROUP')
    assert.is(x.g2DecodeUncompressed(m.space(m.G2), d), 165, 'E_BLS_NOT_IN_SUBGROUP')
    assert.is(x.g2DecompressNoSubgroupCheck(m.space(m.G2), c), 0)
    x.g2ClearCofactor(q, q)
    assert.ok(x.g2InSubgroup(q))
  }
})

test('random messages and DSTs agree with @noble/curves (RO and NU)', () => {
  for (let i = 0; i < 16; i++) {
    m.reset()
    const msg = rand.bytes(rand.int(i === 0 ? 1 : 300))
    const dst = rand.bytes(1 + rand.int(i === 1 ? 300 : 60))
    const ro = hashTo(x.hashToG2, msg, dst)
    assert.is(hex(m.g2Out(ro)), hex(g2Bytes(bls12_381.G2.hashToCurve(msg, { DST: dst }))), 'RO')
    const nu = hashTo(x.encodeToG2, msg, dst)
    assert.is(hex(m.g2Out(nu)), hex(g2Bytes(bls12_381.G2.encodeToCurve(msg, { DST: dst }))), 'NU')
    assert.ok(x.g2InSubgroup(ro) && x.g2InSubgroup(nu))
  }
  m.reset()
  assert.is(x.hashToG2(m.space(m.G2), m.put(enc.encode('abc')), 3, m.put(new Uint8Array(1)), 0), 21, 'empty DST → E_XMD_DST')
})

test('hashToG2Batch: the points of hashToG2, message by message, in input or leader order', () => {
  m.reset()
  const dst = enc.encode('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_')
  const msgs = Array.from({ length: 9 }, (_, i) => (i === 4 ? new Uint8Array(0) : rand.bytes(1 + rand.int(80))))
  msgs[6] = msgs[2]
  const table = m.space(8 * msgs.length)
  const view = new DataView(x.memory.buffer)
  msgs.forEach((msg, i) => { const p = m.put(msg.length ? msg : new Uint8Array(1)); view.setUint32(table + 8 * i, p, true); view.setUint32(table + 8 * i + 4, msg.length, true) })
  const d = m.put(dst)
  const outs = m.space(m.G2 * msgs.length)
  assert.is(x.hashToG2Batch(outs, table, 0, msgs.length, d, dst.length), 0)
  msgs.forEach((msg, i) => assert.is(hex(m.g2Out(outs + m.G2 * i)), hex(g2Bytes(bls12_381.G2.hashToCurve(msg, { DST: dst }))), `message ${i}`))
  // leaders: records 8, 0, 3
  const leaders = m.put(new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0]))
  const outs2 = m.space(m.G2 * 3)
  assert.is(x.hashToG2Batch(outs2, table, leaders, 3, d, dst.length), 0)
  ;[8, 0, 3].forEach((k, i) => assert.is(hex(m.g2Out(outs2 + m.G2 * i)), hex(m.g2Out(outs + m.G2 * k))))
  assert.is(x.hashToG2Batch(outs2, table, 0, 2, d, 0), 21, 'empty DST → E_XMD_DST')
})

test.run()
