// BLS signing in the core (bls_sign, bls_sign_batch; assembly/bls12_381/sign.ts and
// g2_const_time.ts): byte-identical to @noble/curves and the wallet on random keys and
// messages and on the edge keys 1, 2, r − 1; one message under many keys; bad keys as named
// errors; and, on a scratch module, the complete projective formulas and the comb on their
// exceptional inputs (infinity, P + P, P + (−P), scalars 0, r, r − 1, 2^256 − 1).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { loadCore, rng, hex, compileScratch } from './helpers.js'
import { g2Bytes } from './bls-curve-module.js'
import * as wallet from '../dist/runtime/wallet/bls.js'
import { CoreError } from '../dist/runtime/core.js'

const core = await loadCore()
const R = rng(186)
const L = bls12_381.longSignatures
const G2P = bls12_381.G2.Point
const ORDER = bls12_381.fields.Fr.ORDER
const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'

const be32 = (v) => { const o = new Uint8Array(32); for (let i = 31; i >= 0; i--) { o[i] = Number(v & 0xffn); v >>= 8n } return o }
const big = (b) => b.reduce((a, v) => (a << 8n) | BigInt(v), 0n)
const nobleSign = (sk, msg) => L.sign(L.hash(msg, DST), sk).toBytes(true)
const randomKey = () => be32(1n + big(R.bytes(40)) % (ORDER - 1n))
const randomMsg = () => R.bytes(R.int(4) === 0 ? 0 : R.int(300))

test('sign: byte-identical to @noble and the wallet on random keys and messages', () => {
  for (let i = 0; i < 24; i++) {
    const sk = i % 3 === 0 ? wallet.keyGen(R.bytes(32)) : randomKey()
    const msg = randomMsg()
    const sig = core.bls.sign(sk, msg)
    assert.is(hex(sig), hex(nobleSign(sk, msg)), `item ${i}`)
    if (i < 4) {
      assert.is(hex(sig), hex(wallet.sign(sk, msg)))
      assert.ok(core.bls.verify(wallet.publicKey(sk), msg, sig))
    }
  }
})

test('sign: edge keys 1, 2, r − 1 and keys with leading zero bytes', () => {
  const msg = new TextEncoder().encode('edge')
  for (const k of [1n, 2n, ORDER - 1n, ORDER - 2n, 0xffn, 1n << 128n, (1n << 254n) + 12345n]) {
    assert.is(hex(core.bls.sign(be32(k), msg)), hex(nobleSign(be32(k), msg)), `k = ${k}`)
  }
})

test('signMany: one message, many keys, the same bytes as sign; [] gives []', () => {
  const msg = randomMsg()
  const sks = Array.from({ length: 9 }, (_, i) => (i === 4 ? be32(1n) : randomKey()))
  const sigs = core.bls.signMany(sks, msg)
  assert.is(sigs.length, sks.length)
  for (let i = 0; i < sks.length; i++) assert.is(hex(sigs[i]), hex(nobleSign(sks[i], msg)), `key ${i}`)
  assert.equal(core.bls.signMany([], msg), [])
  assert.is(hex(core.bls.signMany([sks[2]], msg)[0]), hex(sigs[2]))
  // The signatures aggregate and verify as a committee's would.
  const pks = sks.map((sk) => wallet.publicKey(sk))
  assert.ok(core.bls.fastAggregateVerify(pks, msg, core.bls.aggregateSignatures(sigs)))
})

test('sign: keys out of range are E_BLS_SECRET_KEY; wrong types and lengths are TypeErrors', () => {
  const msg = new Uint8Array([1, 2, 3])
  for (const k of [0n, ORDER, ORDER + 1n, (1n << 256n) - 1n]) {
    try { core.bls.sign(be32(k), msg); assert.unreachable(`k = ${k}`) } catch (e) {
      assert.instance(e, CoreError)
      assert.is(e.coreName, 'E_BLS_SECRET_KEY')
    }
  }
  assert.throws(() => core.bls.sign(new Uint8Array(31).fill(1), msg), TypeError)
  assert.throws(() => core.bls.sign(new Uint8Array(33).fill(1), msg), TypeError)
  assert.throws(() => core.bls.sign([1, 2, 3], msg), TypeError)
  assert.throws(() => core.bls.sign(be32(5n), 'text'), TypeError)
  assert.throws(() => core.bls.signMany(be32(5n), msg), TypeError)
  assert.throws(() => core.bls.signMany([be32(5n), new Uint8Array(32), new Uint8Array(30)], msg), TypeError)
  const sks = [randomKey(), randomKey(), randomKey(), be32(ORDER), randomKey(), be32(0n)]
  try { core.bls.signMany(sks, msg); assert.unreachable() } catch (e) {
    assert.instance(e, CoreError)
    assert.is(e.coreName, 'E_BLS_SECRET_KEY')
    assert.ok(e.message.includes('sks[3]'), e.message)
  }
  // The core is still fine afterwards.
  assert.is(hex(core.bls.sign(sks[0], msg)), hex(nobleSign(sks[0], msg)))
})

// The formulas and the comb on a scratch module: exceptional cases included.
const x = await compileScratch(`
export {
  G2_PROJ_BYTES, G2_COMB_TABLE_BYTES, g2ProjDblConstTime, g2ProjAddAffineConstTime, g2CombTable,
  g2MulCombConstTime,
} from "./assembly/bls12_381/g2_const_time";
export { G2_BYTES, G2_AFFINE_BYTES, g2ToAffine } from "./assembly/bls12_381/g2";
export { g2DecodeUncompressedNoSubgroupCheck, g2EncodeUncompressed } from "./assembly/bls12_381/encoding";
export { chiron_reset, chiron_alloc } from "./assembly/abi";
import { FP2_BYTES, fp2IsZero, fp2One, fp2Inv, fp2Mul } from "./assembly/bls12_381/fp2";
import { G2_BYTES, g2Zero } from "./assembly/bls12_381/g2";
import { g2EncodeUncompressed } from "./assembly/bls12_381/encoding";
const J = memory.data(<i32>G2_BYTES, 16);
const ZI = memory.data(<i32>FP2_BYTES, 16);
/** Jacobian → projective (X·Z, Y, Z³); (0 : 1 : 0) for infinity. */
export function toProj(o: usize, a: usize): void {
  fp2Mul(ZI, a + 2 * FP2_BYTES, a + 2 * FP2_BYTES);
  fp2Mul(o + 2 * FP2_BYTES, ZI, a + 2 * FP2_BYTES);
  fp2Mul(o, a, a + 2 * FP2_BYTES);
  memory.copy(o + FP2_BYTES, a + FP2_BYTES, FP2_BYTES);
  if (fp2IsZero(a + 2 * FP2_BYTES)) { memory.fill(o, 0, 3 * FP2_BYTES); fp2One(o + FP2_BYTES); }
}
/** Uncompressed encoding of a projective point. */
export function projOut(dst: usize, p: usize): void {
  if (fp2IsZero(p + 2 * FP2_BYTES)) { g2Zero(J); g2EncodeUncompressed(dst, J); return; }
  fp2Inv(ZI, p + 2 * FP2_BYTES);
  fp2Mul(J, p, ZI);
  fp2Mul(J + FP2_BYTES, p + FP2_BYTES, ZI);
  fp2One(J + 2 * FP2_BYTES);
  g2EncodeUncompressed(dst, J);
}
`, 'bls-sign-entry.ts')
x.chiron_reset()
const base = x.chiron_alloc(1 << 20)
let top = base
const mem = () => new Uint8Array(x.memory.buffer)
const put = (b) => { const p = top; mem().set(b, p); top += (b.length + 15) & ~15; return p }
const space = (n) => put(new Uint8Array(n))
const PROJ = x.G2_PROJ_BYTES.value, AFF = x.G2_AFFINE_BYTES.value
function proj(point) {
  const j = space(x.G2_BYTES.value)
  assert.is(x.g2DecodeUncompressedNoSubgroupCheck(j, put(g2Bytes(point))), 0)
  const o = space(PROJ)
  x.toProj(o, j)
  return o
}
function affine(point) {
  const j = space(x.G2_BYTES.value)
  assert.is(x.g2DecodeUncompressedNoSubgroupCheck(j, put(g2Bytes(point))), 0)
  return j // (x, y, 1): the first AFF bytes are the affine point
}
const out = (p) => { const d = space(192); x.projOut(d, p); return hex(mem().slice(d, d + 192)) }
const want = (point) => hex(g2Bytes(point))

test('complete formulas: doubling and mixed addition, infinity and equal or opposite points', () => {
  const P = G2P.BASE.multiply(big(R.bytes(20)) + 1n)
  const Q = G2P.BASE.multiply(big(R.bytes(20)) + 1n)
  const o = space(PROJ)
  x.g2ProjDblConstTime(o, proj(G2P.ZERO)); assert.is(out(o), want(G2P.ZERO))
  x.g2ProjDblConstTime(o, proj(P)); assert.is(out(o), want(P.double()))
  const p = proj(P)
  x.g2ProjDblConstTime(p, p); assert.is(out(p), want(P.double()), 'aliased')
  x.g2ProjAddAffineConstTime(o, proj(G2P.ZERO), affine(Q)); assert.is(out(o), want(Q))
  x.g2ProjAddAffineConstTime(o, proj(Q), affine(Q)); assert.is(out(o), want(Q.double()))
  x.g2ProjAddAffineConstTime(o, proj(Q.negate()), affine(Q)); assert.is(out(o), want(G2P.ZERO))
  x.g2ProjAddAffineConstTime(o, proj(P), affine(Q)); assert.is(out(o), want(P.add(Q)))
  // A projective input with Z ≠ 1 (the doubling's output).
  const d = space(PROJ)
  x.g2ProjDblConstTime(d, proj(P))
  x.g2ProjAddAffineConstTime(o, d, affine(Q)); assert.is(out(o), want(P.double().add(Q)))
})

test('comb: [k]Q for k = 0, 1, r − 1, r, 2^256 − 1 and random k', () => {
  const Q = G2P.BASE.multiply(big(R.bytes(24)) + 1n)
  const table = space(x.G2_COMB_TABLE_BYTES.value)
  x.g2CombTable(table, affine(Q))
  const o = space(PROJ)
  const ks = [0n, 1n, 2n, ORDER - 1n, ORDER, (1n << 256n) - 1n, 1n << 255n, (1n << 64n) - 1n]
  for (let i = 0; i < 8; i++) ks.push(big(R.bytes(32)))
  for (const k of ks) {
    x.g2MulCombConstTime(o, table, put(be32(k)))
    const m = k % ORDER
    assert.is(out(o), want(m === 0n ? G2P.ZERO : Q.multiply(m)), `k = ${k}`)
  }
})

test.run()
