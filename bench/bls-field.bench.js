// BLS12-381 field and pairing internals (assembly/bls12_381/): the cost of fpMul, fpSqr,
// fp2Mul, fp12 operations, the Miller loop over 1 and 2 pairs, the final exponentiation and
// one pairing, compiled into a scratch module as the internal tests do. It also measures
// the Fp representation choice: the committed 14 × 28-bit kernel (one Karatsuba level,
// product-scanning Montgomery reduction) against a 12 × 32-bit CIOS kernel, the classical
// saturated form, written below.
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { measure, fmtNs, table } from './lib.js'
import { compileBls } from '../test/bls-field-helpers.js'

// 12 × 32-bit limbs, CIOS Montgomery (Koç–Acar–Kaliski 1996) with R = 2^384: the
// alternative representation, for the comparison only.
function cios12() {
  const P = bls12_381.fields.Fp.ORDER
  const limbs = Array.from({ length: 12 }, (_, i) => (P >> BigInt(32 * i)) & 0xffffffffn)
  const pinv = (1n << 32n) - (() => { let r = 1n; for (let i = 0; i < 31; i++) r = (r * r * P) % (1n << 32n); return r })()
  const L = ['export function mul32(o: usize, a: usize, b: usize): void {']
  for (let i = 0; i < 12; i++) L.push(`  let b${i}: u64 = <u64>load<u32>(b, ${4 * i});`)
  for (let i = 0; i < 13; i++) L.push(`  let t${i}: u64 = 0;`)
  L.push('  let c: u64, m: u64, ai: u64, u: u64;')
  for (let i = 0; i < 12; i++) {
    L.push(`  ai = <u64>load<u32>(a, ${4 * i}); c = 0;`)
    for (let j = 0; j < 12; j++) L.push(`  u = t${j} + ai * b${j} + c; t${j} = u & 0xffffffff; c = u >> 32;`)
    L.push('  t12 += c;')
    L.push(`  m = (t0 * ${pinv % (1n << 32n)}) & 0xffffffff;`)
    L.push(`  u = t0 + m * ${limbs[0]}; c = u >> 32;`)
    for (let j = 1; j < 12; j++) L.push(`  u = t${j} + m * ${limbs[j]} + c; t${j - 1} = u & 0xffffffff; c = u >> 32;`)
    L.push('  u = t12 + c; t11 = u & 0xffffffff; t12 = u >> 32;')
  }
  // final conditional subtraction
  L.push('  let s: i64 = 0;')
  for (let i = 0; i < 12; i++) L.push(`  s += <i64>t${i} - ${limbs[i]}; let d${i}: i64 = s & 0xffffffff; s >>= 32;`)
  L.push('  s += <i64>t12; let keep: i64 = s >> 63;')
  for (let i = 0; i < 12; i++) L.push(`  store<u32>(o, <u32>((<i64>t${i} & keep) | (d${i} & ~keep)), ${4 * i});`)
  L.push('}')
  return L.join('\n')
}

const x = await compileBls(`
import { fpMul, fpSqr, fpAdd, fpInv, fpOne, fpFromU64 } from "fp";
import { fpInvVartime } from "inv";
import { fp2Mul, fp2Sqr, fp2FromU64 } from "fp2";
import { fp12Mul, fp12Sqr, fp12CyclotomicSqr, fp12One } from "fp12";
import { millerLoopMulti, finalExponentiation, pairingProductIsOne } from "pairing";
import { millerLoopMultiAffine } from "miller_affine";
import { fpFromBytes } from "fp";
import { fp2FromBytes } from "fp2";
const A = memory.data(672, 8); const B = memory.data(672, 8);
${cios12()}
export function setup(): void {
  for (let i: usize = 0; i < 12; i++) { fpFromU64(A + i * 56, 0x123456789 + i); fpFromU64(B + i * 56, 0x987654321 * (i + 3)); }
}
export function loopFpMul(n: i32): void { for (let i = 0; i < n; i++) fpMul(A, A, B); }
export function loopFpSqr(n: i32): void { for (let i = 0; i < n; i++) fpSqr(A, A); }
export function loopFpAdd(n: i32): void { for (let i = 0; i < n; i++) fpAdd(A, A, B); }
export function loopMul32(n: i32): void { for (let i = 0; i < n; i++) mul32(A, A, B); }
export function loopFp2Mul(n: i32): void { for (let i = 0; i < n; i++) fp2Mul(A, A, B); }
export function loopFp2Sqr(n: i32): void { for (let i = 0; i < n; i++) fp2Sqr(A, A); }
export function loopFp12Mul(n: i32): void { for (let i = 0; i < n; i++) fp12Mul(A, A, B); }
export function loopFp12Sqr(n: i32): void { for (let i = 0; i < n; i++) fp12Sqr(A, A); }
export function loopCycSqr(n: i32): void { for (let i = 0; i < n; i++) fp12CyclotomicSqr(A, A); }
export function loopFpInv(n: i32): void { for (let i = 0; i < n; i++) fpInv(A, A); }
export function loopFpInvVartime(n: i32): void { for (let i = 0; i < n; i++) fpInvVartime(A, A); }
export function loadPairs(g1: usize, g2: usize, g1Bytes: usize, g2Bytes: usize, n: i32): void {
  for (let i: usize = 0; i < <usize>n; i++) {
    fpFromBytes(g1 + i * 112, g1Bytes + i * 96);
    fpFromBytes(g1 + i * 112 + 56, g1Bytes + i * 96 + 48);
    fp2FromBytes(g2 + i * 224, g2Bytes + i * 192);
    fp2FromBytes(g2 + i * 224 + 112, g2Bytes + i * 192 + 96);
  }
}
export function miller(g1: usize, g2: usize, n: i32): void { millerLoopMulti(A, g1, g2, n); }
export function finalExp(): void { finalExponentiation(B, A); }
export function pairing(g1: usize, g2: usize): void { millerLoopMulti(A, g1, g2, 1); finalExponentiation(A, A); }
export function product(g1: usize, g2: usize, n: i32): i32 { return <i32>pairingProductIsOne(g1, g2, n); }
// 64 pairs (the two above, repeated): the projective loop and the affine one of batch verification
const G1M = memory.data(112 * 64, 8); const G2M = memory.data(224 * 64, 8);
export function fill64(g1: usize, g2: usize): void {
  for (let i: usize = 0; i < 64; i++) { memory.copy(G1M + i * 112, g1 + (i & 1) * 112, 112); memory.copy(G2M + i * 224, g2 + (i & 1) * 224, 224); }
  // @ts-ignore: runtime global (assembly/rt/arena.ts)
  __arena_mark();
}
export function miller64(): void { millerLoopMulti(A, G1M, G2M, 64); }
export function millerAffine64(): void {
  millerLoopMultiAffine(A, G1M, G2M, 64);
  // @ts-ignore: runtime global: frees the loop's per-pair state
  __arena_reset();
}
`)

const be = (n) => { const b = new Uint8Array(48); for (let i = 47; i >= 0; i--) { b[i] = Number(n & 255n); n >>= 8n } return b }

export default async function run() {
  x.setup()
  const N = 1000
  const per = (fn, n = N) => measure(() => fn(n)) / n
  const G1 = bls12_381.G1.Point, G2 = bls12_381.G2.Point
  const p = G1.BASE.multiply(12345n), q = G2.BASE.multiply(6789n)
  const g1b = new Uint8Array(192), g2b = new Uint8Array(384)
  for (const [i, pt] of [p.multiply(3n), p.negate()].entries()) { const a = pt.toAffine(); g1b.set(be(a.x), 96 * i); g1b.set(be(a.y), 96 * i + 48) }
  for (const [i, pt] of [q, q.multiply(3n)].entries()) { const a = pt.toAffine(); [a.x.c1, a.x.c0, a.y.c1, a.y.c0].forEach((v, j) => g2b.set(be(v), 192 * i + 48 * j)) }
  // pairs (3P, Q) and (-P, 3Q): the product is 1, the Miller loop output is not (with (P, 3Q)
  // and (-P, 3Q) it would be 1 after the easy part, and the hard part would be skipped)
  const mem = () => new Uint8Array(x.memory.buffer)
  const ib1 = x.alloc(192), ib2 = x.alloc(384), g1 = x.alloc(224), g2 = x.alloc(448)
  mem().set(g1b, ib1); mem().set(g2b, ib2)
  x.loadPairs(g1, g2, ib1, ib2, 2)
  if (x.product(g1, g2, 2) !== 1) throw new Error('bls-field bench: product check failed')
  const fpMul = per(x.loopFpMul)
  const row = (op, ns, ratio = (ns / fpMul).toFixed(2)) => ({ op, time: fmtNs(ns), ratio })
  const rows = [
    row('fpMul (14 × 28-bit limbs, Karatsuba + product-scanning Montgomery)', fpMul),
    row('Montgomery mul, 12 × 32-bit CIOS (the alternative representation)', per(x.loopMul32)),
    row('fpSqr', per(x.loopFpSqr)),
    row('fpAdd', per(x.loopFpAdd)),
    row('fp2Mul', per(x.loopFp2Mul)),
    row('fp2Sqr', per(x.loopFp2Sqr)),
    row('fp12Mul', per(x.loopFp12Mul, 100)),
    row('fp12Sqr', per(x.loopFp12Sqr, 100)),
    row('fp12CyclotomicSqr', per(x.loopCycSqr, 100)),
    row('fpInv (Fermat, fixed time)', per(x.loopFpInv, 10)),
    row('fpInvVartime (safegcd)', per(x.loopFpInvVartime, 100)),
  ]
  const ml1 = measure(() => x.miller(g1, g2, 1)), ml2 = measure(() => x.miller(g1, g2, 2))
  const fe = measure(() => x.finalExp()), pair = measure(() => x.pairing(g1, g2)), prod = measure(() => x.product(g1, g2, 2))
  x.fill64(g1, g2)
  const ml64 = measure(() => x.miller64(), { samples: 5 }) / 64, mla64 = measure(() => x.millerAffine64(), { samples: 5 }) / 64
  const nobleP = measure(() => bls12_381.pairing(p, q), { samples: 5 })
  rows.push(
    row('Miller loop, 1 pair', ml1),
    row('Miller loop, 2 pairs', ml2),
    row('Miller loop, 64 pairs, per pair (projective)', ml64),
    row('Miller loop, 64 pairs, per pair (affine, shared inversions: miller_affine.ts)', mla64, `${(mla64 / ml64).toFixed(2)}× projective`),
    row('final exponentiation', fe),
    row('one pairing (core)', pair),
    row('pairingProductIsOne, 2 pairs', prod, `${(prod / pair).toFixed(2)}× one pairing`),
    row('one pairing (@noble/curves)', nobleP, `${(nobleP / pair).toFixed(1)}× core`),
  )
  table('BLS12-381 field and pairing internals (ratio: × fpMul unless said)', rows)
}

if (process.argv[1] && process.argv[1].endsWith('bls-field.bench.js')) await run()
