// Pippenger multi-scalar multiplication on G1 and G2 (assembly/bls12_381/msm.ts) against
// @noble/curves: random sizes across the window-width steps, short and long scalars, and
// the bucket edge cases (repeated points, P and -P, the point at infinity, zero scalars), for
// Jacobian and affine buckets (msm_affine.ts, also its fallback on points with Z ≠ 1);
// and the batch verifier's many G1 multiplications at once (g1_comb.ts).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { rng, hex } from './helpers.js'
import { loadCurve, G1P, G2P, R, g1Bytes, g2Bytes } from './bls-curve-module.js'

const m = await loadCurve()
const x = m.x
const rand = rng(Number(process.env.BLS_MSM_SEED ?? 12))
const le = (k, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(k & 0xffn); k >>= 8n } return o }
const randBig = (bytes) => { let v = 0n; for (const b of rand.bytes(bytes)) v = (v << 8n) | BigInt(b); return v }

for (const [name, Pt, put, out, msm, bytesOf, sizes] of [
  ['G1', G1P, (p) => m.g1(p), (p) => m.g1Out(p), x.g1MsmVartime, g1Bytes, [0, 1, 2, 3, 4, 5, 17, 64, 130]],
  ['G2', G2P, (p) => m.g2(p), (p) => m.g2Out(p), x.g2MsmVartime, g2Bytes, [0, 1, 3, 4, 9, 33, 70]],
  ['G2 (affine buckets)', G2P, (p) => m.g2(p), (p) => m.g2Out(p), x.g2MsmAffineVartime, g2Bytes, [0, 1, 3, 4, 9, 33, 70, 130]],
]) {
  test(`${name} MSM equals Σ [k_i]P_i (@noble/curves)`, () => {
    const len = name === 'G1' ? m.G1 : m.G2
    for (const n of sizes) {
      for (const sb of [32, 8]) {
        m.reset()
        const pts = [], ks = []
        for (let i = 0; i < n; i++) {
          const kind = rand.int(10)
          let p = Pt.BASE.multiply(1n + randBig(16) % (R - 1n))
          if (kind === 0 && i > 0) p = pts[rand.int(i)]                  // repeated point
          if (kind === 1 && i > 0) p = pts[rand.int(i)].negate()         // P and -P
          if (kind === 2) p = Pt.ZERO
          pts.push(p)
          const k = kind === 3 ? 0n : (sb === 32 ? randBig(32) : randBig(sb))
          ks.push(k)
        }
        const base = m.space(len * Math.max(n, 1))
        pts.forEach((p, i) => { const q = put(p); new Uint8Array(x.memory.buffer).copyWithin(base + i * len, q, q + len) })
        const sc = m.put(new Uint8Array(ks.flatMap((k) => [...le(k, sb)])))
        const o = m.space(len)
        msm(o, base, sc, n, sb)
        const want = pts.reduce((acc, p, i) => acc.add(p.multiplyUnsafe(ks[i] % R)), Pt.ZERO)
        assert.is(hex(out(o)), hex(bytesOf(want)), `${name} n=${n} scalarBytes=${sb}`)
      }
    }
  })
}

test('G1: [a_i + b_i·z²]P_i by the cached comb (the batch verifier\'s r_i·PK_i) equals @noble, on misses, hits, repeats and slot collisions', () => {
  const z = 0xd201000000010000n
  // 200 keys fill some of the 4096 slots twice (in one call: the second key gets a private table)
  const keys = Array.from({ length: 200 }, () => G1P.BASE.multiply(1n + randBig(24) % (R - 1n)))
  for (const [n, pick] of [[5, (i) => i], [33, (i) => (i === 7 ? 3 : i)], [200, (i) => i], [200, (i) => 199 - i]]) {
    m.reset()
    const pts = Array.from({ length: n }, (_, i) => keys[pick(i)])
    const as = pts.map((_, i) => (i === 1 ? 0n : randBig(8))), bs = pts.map((_, i) => (i === 2 ? 0n : randBig(8)))
    const base = m.space(m.G1 * n)
    pts.forEach((p, i) => { const q = m.g1(p); new Uint8Array(x.memory.buffer).copyWithin(base + m.G1 * i, q, q + m.G1) })
    const aBuf = m.put(new Uint8Array(as.flatMap((a) => [...le(a, 8)]))), bBuf = m.put(new Uint8Array(bs.flatMap((b) => [...le(b, 8)])))
    const outs = m.space(m.G1 * n), scratch = m.space(x.G1_COMB_BATCH_BYTES.value * n)
    x.g1MulHalvesCombBatchVartime(outs, base, aBuf, bBuf, n, scratch)
    for (let i = 0; i < n; i++) {
      const k = (as[i] + bs[i] * z * z) % R
      assert.is(hex(m.g1Out(outs + m.G1 * i)), hex(g1Bytes(k === 0n ? G1P.ZERO : pts[i].multiply(k))), `n = ${n}, point ${i}`)
    }
  }
})

test('G2 affine buckets: points with Z ≠ 1 take the Jacobian MSM; equal buckets double', () => {
  m.reset()
  const q = G2P.BASE.multiply(7n)
  const pts = [q, q, q, q, q.negate(), G2P.BASE]
  const base = m.space(m.G2 * pts.length)
  pts.forEach((p, i) => { const r = m.g2(p); new Uint8Array(x.memory.buffer).copyWithin(base + m.G2 * i, r, r + m.G2) })
  const ks = [5n, 5n, 5n, 5n, 5n, 3n]
  const sc = m.put(new Uint8Array(ks.flatMap((k) => [...le(k, 8)])))
  const want = hex(g2Bytes(q.multiply(15n).add(G2P.BASE.multiply(3n))))
  const o = m.space(m.G2)
  x.g2MsmAffineVartime(o, base, sc, pts.length, 8)
  assert.is(hex(m.g2Out(o)), want)
  x.g2Dbl(base, base)                              // Z ≠ 1 now: 2q
  x.g2MsmAffineVartime(o, base, sc, pts.length, 8)
  assert.is(hex(m.g2Out(o)), hex(g2Bytes(q.multiply(20n).add(G2P.BASE.multiply(3n)))))
})

test.run()
