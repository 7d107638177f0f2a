// BLS12-381 curve internals (assembly/bls12_381/{g1,g2,encoding,sqrt,glv,msm,msm_affine,hash_to_g2}.ts),
// compiled into a scratch module as the internal tests do: hash to G2 and its parts, point
// decompression with and without the subgroup check, the subgroup checks alone, the
// aggregation of 128 decoded public keys (127 mixed additions), scalar multiplication with
// and without the endomorphisms, and Pippenger against one multiplication per point. Anchor
// in the same run: @noble/curves for hash to G2 and G2 decompression.
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { measure, fmtNs, table } from './lib.js'
import { loadCurve, G1P, G2P } from '../test/bls-curve-module.js'

const le = (k, n) => { const o = new Uint8Array(n); for (let i = 0; i < n; i++) { o[i] = Number(k & 0xffn); k >>= 8n } return o }

export default async function run() {
  const m = await loadCurve()
  const x = m.x
  const enc = new TextEncoder()
  const dstBytes = enc.encode('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_')
  const msgBytes = enc.encode('a 32-byte message to be signed..')
  const dst = m.put(dstBytes), msg = m.put(msgBytes)
  const o2 = m.space(m.G2), o1 = m.space(m.G1)
  const u = m.space(2 * x.FP2_BYTES.value)
  x.hashToFieldFp2(u, msg, msgBytes.length, dst, dstBytes.length)
  const sig = G2P.BASE.multiply(0x1234567890abcdefn * 977n)
  const pk = G1P.BASE.multiply(0xfedcba987654321n * 1013n)
  const sigC = m.put(sig.toBytes(true)), pkC = m.put(pk.toBytes(true))
  const sigP = m.space(m.G2), pkP = m.space(m.G1)
  x.g2Decompress(sigP, sigC)
  x.g1Decompress(pkP, pkC)
  // 128 decoded public keys, contiguous.
  const keys = m.space(128 * m.G1)
  for (let i = 0; i < 128; i++) {
    const src = m.put(G1P.BASE.multiply(BigInt(i) * 7919n + 3n).toBytes(true))
    x.g1Decompress(keys + i * m.G1, src)
  }
  const k32 = m.put(le(0x1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809n, 32))
  // MSM inputs: 64 decoded signatures with 8-byte scalars (batch verification's shape).
  const sigs = m.space(64 * m.G2)
  for (let i = 0; i < 64; i++) x.g2Decompress(sigs + i * m.G2, m.put(G2P.BASE.multiply(BigInt(i) * 104729n + 5n).toBytes(true)))
  const sc8 = m.put(new Uint8Array(64 * 8).map((_, i) => (i * 151 + 17) & 0xff))
  const sc32 = m.put(new Uint8Array(128 * 32).map((_, i) => (i * 197 + 29) & 0x7f))

  const opt = { samples: 7, sampleMs: 120 }
  const h2c = measure(() => x.hashToG2(o2, msg, msgBytes.length, dst, dstBytes.length), opt)
  const h2cNoble = measure(() => bls12_381.G2.hashToCurve(msgBytes, { DST: dstBytes }), { samples: 5 })
  const dec2 = measure(() => x.g2Decompress(o2, sigC), opt)
  const sigBytes = sig.toBytes(true)
  const dec2Noble = measure(() => G2P.fromBytes(sigBytes), { samples: 5 })
  const aggregate = measure(() => {
    x.g1Copy(o1, keys)
    for (let i = 1; i < 128; i++) x.g1Add(o1, o1, keys + i * m.G1)
  }, opt)
  const mul1 = measure(() => x.g1MulVartime(o1, pkP, k32, 32), opt)
  const glv1 = measure(() => x.g1MulSubgroupVartime(o1, pkP, k32, 32), opt)
  const mul2 = measure(() => x.g2MulVartime(o2, sigP, k32, 32), opt)
  const gls2 = measure(() => x.g2MulSubgroupVartime(o2, sigP, k32, 32), opt)
  const msm64 = measure(() => x.g2MsmVartime(o2, sigs, sc8, 64, 8), { samples: 5 })
  const msmAffine64 = measure(() => x.g2MsmAffineVartime(o2, sigs, sc8, 64, 8), { samples: 5 })
  const naive64 = measure(() => { for (let i = 0; i < 64; i++) x.g2MulVartime(o2, sigs + i * m.G2, sc8 + i * 8, 8) }, { samples: 5 })
  const msm128 = measure(() => x.g1MsmVartime(o1, keys, sc32, 128, 32), { samples: 5 })
  const naive128 = measure(() => { for (let i = 0; i < 128; i++) x.g1MulSubgroupVartime(o1, keys + i * m.G1, sc32 + i * 32, 32) }, { samples: 5 })

  const rows = [
    { op: 'hashToG2 (RFC 9380 RO)', core: fmtNs(h2c), note: `@noble/curves ${fmtNs(h2cNoble)} (${(h2cNoble / h2c).toFixed(1)}× core)` },
    { op: '  hash_to_field (expand_message_xmd + 4 reductions)', core: fmtNs(measure(() => x.hashToFieldFp2(u, msg, msgBytes.length, dst, dstBytes.length), opt)), note: '' },
    { op: '  map_to_curve (SSWU + 3-isogeny), one u', core: fmtNs(measure(() => x.mapToG2Unclear(o2, u), opt)), note: '' },
    { op: '  clear_cofactor (ψ, two [x] chains)', core: fmtNs(measure(() => x.g2ClearCofactor(o2, sigP), opt)), note: '' },
    { op: 'g2Decompress (with subgroup check)', core: fmtNs(dec2), note: `@noble/curves ${fmtNs(dec2Noble)} (${(dec2Noble / dec2).toFixed(1)}× core)` },
    { op: '  g2DecompressNoSubgroupCheck', core: fmtNs(measure(() => x.g2DecompressNoSubgroupCheck(o2, sigC), opt)), note: '' },
    { op: '  g2InSubgroup (ψ(P) = [x]P)', core: fmtNs(measure(() => x.g2InSubgroup(sigP), opt)), note: '' },
    { op: 'g1Decompress (with subgroup check)', core: fmtNs(measure(() => x.g1Decompress(o1, pkC), opt)), note: '' },
    { op: '  g1DecompressNoSubgroupCheck', core: fmtNs(measure(() => x.g1DecompressNoSubgroupCheck(o1, pkC), opt)), note: '' },
    { op: '  g1InSubgroup (φ(P) = [-x²]P)', core: fmtNs(measure(() => x.g1InSubgroup(pkP), opt)), note: '' },
    { op: 'aggregate 128 decoded G1 keys (127 mixed additions)', core: fmtNs(aggregate), note: `${fmtNs(aggregate / 127)} per addition` },
    { op: 'G1 [k]P, 32-byte k: wNAF', core: fmtNs(mul1), note: '' },
    { op: 'G1 [k]P, 32-byte k: GLV (φ)', core: fmtNs(glv1), note: `${(mul1 / glv1).toFixed(2)}× faster than wNAF` },
    { op: 'G2 [k]P, 32-byte k: wNAF', core: fmtNs(mul2), note: '' },
    { op: 'G2 [k]P, 32-byte k: GLS (ψ)', core: fmtNs(gls2), note: `${(mul2 / gls2).toFixed(2)}× faster than wNAF` },
    { op: 'G2 MSM, 64 points × 8-byte scalars (Pippenger)', core: fmtNs(msm64), note: `${(naive64 / msm64).toFixed(2)}× faster than 64 wNAF multiplications (${fmtNs(naive64)})` },
    { op: 'G2 MSM, 64 points × 8-byte scalars, affine buckets (msm_affine.ts)', core: fmtNs(msmAffine64), note: `${(msm64 / msmAffine64).toFixed(2)}× faster than Jacobian buckets` },
    { op: 'G1 MSM, 128 points × 32-byte scalars (Pippenger)', core: fmtNs(msm128), note: `${(naive128 / msm128).toFixed(2)}× faster than 128 GLV multiplications (${fmtNs(naive128)})` },
  ]
  table('BLS12-381 curve internals', rows)
}

if (process.argv[1] && process.argv[1].endsWith('bls-curve.bench.js')) await run()
