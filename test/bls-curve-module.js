// A small wasm module compiled in memory from the BLS12-381 curve files (g1, g2, encoding,
// msm, msm_affine, sqrt, hash_to_g2) for the internal tests of test/bls-curve*.test.js and test/bls-h2c*.test.js,
// with the same compiler flags as build/build.js, plus tiny memory helpers and the
// conversions between its point bytes and @noble/curves points.
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { compileScratch } from './helpers.js'

const ENTRY = 'bls-curve-entry.ts'
const ENTRY_SOURCE = `
export * from "./assembly/bls12_381/g1";
export {
  G2_BYTES, G2_AFFINE_BYTES, g2Zero, g2Generator, g2Copy, g2IsZero, g2Neg, g2Dbl, g2Add, g2Sub,
  g2Eq, g2ToAffine, g2FromAffine, g2IsOnCurve, g2MulByXAbsVartime, g2Psi, g2Psi2,
  g2InSubgroup, g2MulVartime,
} from "./assembly/bls12_381/g2";
export * from "./assembly/bls12_381/encoding";
export * from "./assembly/bls12_381/msm";
export * from "./assembly/bls12_381/glv";
export {
  hashToG2, encodeToG2, hashToFieldFp2, mapToG2Unclear, g2ClearCofactor, sswuToIsoCurve, isoMap,
  hashToG2Batch,
} from "./assembly/bls12_381/hash_to_g2";
export { g2MsmAffineVartime } from "./assembly/bls12_381/msm_affine";
export { g1MulHalvesCombBatchVartime, G1_COMB_BATCH_BYTES } from "./assembly/bls12_381/g1_comb";
export { fpSqrtVartime, fp2SqrtVartime, sqrtRatioVartime, fpPowP34 } from "./assembly/bls12_381/sqrt";
export { FP_BYTES, fpToBytes, fpFromBytes } from "./assembly/bls12_381/fp";
export { FP2_BYTES, fp2ToBytes, fp2FromBytes, fp2Sqr, fp2Mul, fp2Eq } from "./assembly/bls12_381/fp2";
export { chiron_reset, chiron_alloc } from "./assembly/abi";
// @ts-ignore: runtime global (assembly/rt/arena.ts)
__arena_mark();
`

const compile = () => compileScratch(ENTRY_SOURCE, ENTRY)

export const P = bls12_381.fields.Fp.ORDER
export const R = bls12_381.fields.Fr.ORDER
export const G1P = bls12_381.G1.Point
export const G2P = bls12_381.G2.Point

export async function loadCurve() {
  const x = await compile()
  x.chiron_reset()
  const ARENA_BYTES = 8 << 20
  const base = x.chiron_alloc(ARENA_BYTES)
  const mem = () => new Uint8Array(x.memory.buffer)
  let top = base
  const m = {
    x,
    G1: x.G1_BYTES.value, G2: x.G2_BYTES.value,
    reset() { top = base },
    put(bytes) { const p = top; mem().set(bytes, p); top += (bytes.length + 15) & ~15; return p },
    space(n) { return m.put(new Uint8Array(n)) },
    read: (p, n) => mem().slice(p, p + n),
    /** A G1 point in module memory from a noble point (through the uncompressed encoding). */
    g1(point) {
      const o = m.space(m.G1)
      const e = x.g1DecodeUncompressedNoSubgroupCheck(o, m.put(g1Bytes(point)))
      if (e !== 0) throw new Error(`g1 decode ${e}`)
      return o
    },
    g2(point) {
      const o = m.space(m.G2)
      const e = x.g2DecodeUncompressedNoSubgroupCheck(o, m.put(g2Bytes(point)))
      if (e !== 0) throw new Error(`g2 decode ${e}`)
      return o
    },
    g1Out(p) { const d = m.space(96); x.g1EncodeUncompressed(d, p); return m.read(d, 96) },
    g2Out(p) { const d = m.space(192); x.g2EncodeUncompressed(d, p); return m.read(d, 192) },
  }
  return m
}

const be48 = (v) => { const o = new Uint8Array(48); for (let i = 47; i >= 0; i--) { o[i] = Number(v & 0xffn); v >>= 8n } return o }
const cat = (...a) => { const o = new Uint8Array(a.reduce((n, b) => n + b.length, 0)); let k = 0; for (const b of a) { o.set(b, k); k += b.length } return o }
export const fpBytes = be48
export const fp2Bytes = (c0, c1) => cat(be48(c1), be48(c0))
/** Uncompressed encodings of noble points, also of points outside the subgroup (no checks). */
export function g1Bytes(pt) {
  if (pt.is0()) { const o = new Uint8Array(96); o[0] = 0x40; return o }
  const { x, y } = pt.toAffine()
  return cat(be48(x), be48(y))
}
export function g2Bytes(pt) {
  if (pt.is0()) { const o = new Uint8Array(192); o[0] = 0x40; return o }
  const { x, y } = pt.toAffine()
  return cat(fp2Bytes(x.c0, x.c1), fp2Bytes(y.c0, y.c1))
}
