// BLS12-381 Fp and Fp2 (assembly/bls12_381/fp.ts, fp2.ts) against BigInt and @noble/curves:
// random and edge values (0, 1, p - 1, encodings ≥ p), Montgomery round trips, inversion,
// square roots of squares and non-squares, sgn0. The field code is compiled into a small
// wasm of its own, since the module's ABI exposes only whole BLS operations.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { compileBls, P } from './bls-field-helpers.js'
import { rng } from './helpers.js'

const R = rng(381)
const { Fp, Fp2 } = bls12_381.fields
const mod = (a) => ((a % P) + P) % P
const x = await compileBls(`
import { fpMul, fpSqr, fpAdd, fpSub, fpNeg, fpDbl, fpInv, fpSqrt, fpIsSquare, fpSgn0, fpFromBytes, fpToBytes, fpFromU64, fpEq, fpIsZero, fpCmov } from "fp";
import { fp2AddLazy, fp2Mul, fp2Sqr, fp2Add, fp2Sub, fp2Neg, fp2Dbl, fp2Inv, fp2Sqrt, fp2IsSquare, fp2Sgn0, fp2FromBytes, fp2ToBytes, fp2MulByNonResidue, fp2Conj, fp2MulByFp, fp2FrobeniusMap, fp2Eq, fp2Cmov } from "fp2";
import { fpInvVartime } from "inv";
import { fp2InvVartime } from "fp2";
import { gsR0MinusKernel, gsR1PlusKernel, gsXiR1PlusKernel } from "mont.generated";
const A = memory.data(112, 8); const B = memory.data(112, 8); const C = memory.data(112, 8);
const K = memory.data(560, 8);
// Granger–Scott kernels on four Fp2 inputs (bytes c1 ‖ c0 each, 96 bytes apart)
export function gs_op(op: i32, out: usize, src: usize): void {
  for (let i: usize = 0; i < 4; i++) fp2FromBytes(K + i * 112, src + i * 96);
  if (op == 0) gsR0MinusKernel(K + 448, K, K + 112, K + 224);
  else if (op == 1) gsR1PlusKernel(K + 448, K, K + 112, K + 224, K + 336);
  else gsXiR1PlusKernel(K + 448, K, K + 112, K + 224, K + 336);
  fp2ToBytes(out, K + 448);
}
// op codes: byte inputs at a, b (48 bytes each), result bytes at out; returns a flag
export function fp_op(op: i32, out: usize, a: usize, b: usize): i32 {
  let ok = <i32>fpFromBytes(A, a) | (<i32>fpFromBytes(B, b) << 1);
  let r: i32 = 0;
  if (op == 0) fpMul(C, A, B);
  else if (op == 1) fpSqr(C, A);
  else if (op == 2) fpAdd(C, A, B);
  else if (op == 3) fpSub(C, A, B);
  else if (op == 4) fpNeg(C, A);
  else if (op == 5) fpDbl(C, A);
  else if (op == 6) fpInv(C, A);
  else if (op == 7) r = <i32>fpSqrt(C, A);
  else if (op == 8) { r = <i32>fpIsSquare(A); fpMul(C, A, A); }
  else if (op == 9) { r = <i32>fpSgn0(A); fpMul(C, A, A); }
  else if (op == 10) { r = <i32>fpEq(A, B) | (<i32>fpIsZero(A) << 1); fpMul(C, A, A); }
  else if (op == 11) { fpMul(C, A, A); fpCmov(C, B, 1); fpCmov(C, A, 0); }
  else if (op == 12) fpFromU64(C, load<u64>(a));
  // aliasing: output over an input
  else if (op == 14) fpInvVartime(C, A);
  else if (op == 13) { fpMul(A, A, B); fpMul(C, A, A); fpSqr(C, C); fpAdd(C, C, C); fpSub(C, C, A); }
  fpToBytes(out, C);
  return r | (ok << 4);
}
export function fp2_op(op: i32, out: usize, a: usize, b: usize, f: usize): i32 {
  let ok = <i32>fp2FromBytes(A, a) | (<i32>fp2FromBytes(B, b) << 1);
  let r: i32 = 0;
  if (op == 0) fp2Mul(C, A, B);
  else if (op == 1) fp2Sqr(C, A);
  else if (op == 2) fp2Add(C, A, B);
  else if (op == 3) fp2Sub(C, A, B);
  else if (op == 4) fp2Neg(C, A);
  else if (op == 5) fp2Dbl(C, A);
  else if (op == 6) fp2Inv(C, A);
  else if (op == 7) r = <i32>fp2Sqrt(C, A);
  else if (op == 8) { r = <i32>fp2IsSquare(A); fp2Mul(C, A, A); }
  else if (op == 9) { r = <i32>fp2Sgn0(A); fp2Mul(C, A, A); }
  else if (op == 10) fp2MulByNonResidue(C, A);
  else if (op == 11) fp2Conj(C, A);
  else if (op == 12) { fpFromBytes(B, f); fp2MulByFp(C, A, B); }
  else if (op == 13) fp2FrobeniusMap(C, A, 1);
  else if (op == 14) { r = <i32>fp2Eq(A, B); fp2Mul(A, A, B); fp2Sqr(A, A); fp2Mul(C, A, A); fp2Cmov(C, B, 0); }
  // lazy sums as product inputs: (a + b)·(a + a) and (a + b)²
  else if (op == 15) { fp2AddLazy(C, A, B); fp2AddLazy(B, A, A); fp2Mul(C, C, B); }
  else if (op == 16) { fp2AddLazy(C, A, B); fp2Sqr(C, C); }
  else if (op == 17) fp2InvVartime(C, A);
  fp2ToBytes(out, C);
  return r | (ok << 4);
}
`)

const be = (n) => { const b = new Uint8Array(48); for (let i = 47; i >= 0; i--) { b[i] = Number(n & 255n); n >>= 8n } return b }
const num = (b) => b.reduce((a, v) => (a << 8n) | BigInt(v), 0n)
const mem = () => new Uint8Array(x.memory.buffer)
const IN_A = x.alloc(96), IN_B = x.alloc(96), IN_F = x.alloc(48), OUT = x.alloc(96)
const rand = () => num(R.bytes(48)) % P

function fpOp(op, a, b = 0n) {
  mem().set(be(a), IN_A); mem().set(be(b), IN_B)
  const r = x.fp_op(op, OUT, IN_A, IN_B)
  return { v: num(mem().slice(OUT, OUT + 48)), r: r & 15, ok: r >> 4 }
}
const EDGES = [0n, 1n, 2n, P - 1n, P - 2n, (P - 1n) / 2n, (P + 1n) / 2n, 2n ** 380n, 2n ** 28n - 1n, 2n ** 28n]
const inputs = () => [...EDGES, ...Array.from({ length: 150 }, rand)]

test('fp: mul, sqr, add, sub, neg, dbl against BigInt (edges and random)', () => {
  const ins = inputs()
  for (let i = 0; i < ins.length; i++) {
    const a = ins[i], b = ins[(i * 13 + 5) % ins.length]
    assert.is(fpOp(0, a, b).v, mod(a * b), `mul ${a} ${b}`)
    assert.is(fpOp(1, a).v, mod(a * a), `sqr ${a}`)
    assert.is(fpOp(2, a, b).v, mod(a + b), `add ${a} ${b}`)
    assert.is(fpOp(3, a, b).v, mod(a - b), `sub ${a} ${b}`)
    assert.is(fpOp(4, a).v, mod(-a), `neg ${a}`)
    assert.is(fpOp(5, a).v, mod(2n * a), `dbl ${a}`)
    assert.is(fpOp(13, a, b).v, mod(2n * (a * b) ** 4n - a * b), `aliasing ${a} ${b}`)
  }
})

test('fp: inversion (0 → 0), eq, isZero, cmov, fromU64', () => {
  for (const a of [...EDGES, ...Array.from({ length: 20 }, rand)]) {
    assert.is(fpOp(6, a).v, a === 0n ? 0n : Fp.inv(a), `inv ${a}`)
    assert.is(fpOp(10, a, a).r, 1 | (a === 0n ? 2 : 0))
    assert.is(fpOp(10, a, mod(a + 1n)).r, a === 0n ? 2 : 0)
    assert.is(fpOp(11, a, 7n).v, 7n)
  }
})

test('fp: variable-time (safegcd) inversion agrees with Fermat on edges, powers of two and random values', () => {
  const special = [2n ** 380n, 2n ** 381n - P, (P - 1n) / 2n, (P + 1n) / 2n, P - 2n, 3n, 2n ** 30n, 2n ** 30n - 1n]
  for (let k = 0n; k < 381n; k += 13n) special.push(2n ** k % P, P - 2n ** k % P)
  for (const a of [...EDGES, ...special, ...Array.from({ length: 300 }, rand)]) {
    assert.is(fpOp(14, a).v, fpOp(6, a).v, `inv ${a}`)
  }
  for (const v of [0n, 1n, 2n ** 64n - 1n, 2n ** 56n, 0xd201000000010000n]) {
    const b = new Uint8Array(48); new DataView(b.buffer).setBigUint64(0, v, true)
    mem().set(b, IN_A); mem().set(be(0n), IN_B)
    x.fp_op(12, OUT, IN_A, IN_B)
    assert.is(num(mem().slice(OUT, OUT + 48)), v)
  }
})

test('fp: square roots, non-squares, isSquare, sgn0', () => {
  let nonSquares = 0
  for (const a of [...EDGES, ...Array.from({ length: 30 }, rand)]) {
    const isSq = a === 0n || Fp.pow(a, (P - 1n) / 2n) === 1n
    const s = fpOp(7, a)
    assert.is(s.r, isSq ? 1 : 0, `sqrt flag ${a}`)
    if (isSq) assert.is(mod(s.v * s.v), a)
    else nonSquares++
    assert.is(fpOp(8, a).r, isSq ? 1 : 0)
    assert.is(fpOp(9, a).r, Number(a & 1n))
  }
  assert.ok(nonSquares > 5)
})

test('fp: fromBytes rejects values ≥ p, toBytes is canonical big-endian', () => {
  for (const v of [P, P + 1n, 2n ** 381n - 1n, 2n ** 384n - 1n, P + 2n ** 300n]) assert.is(fpOp(0, v, 1n).ok & 1, 0, `reject ${v}`)
  for (const v of [0n, P - 1n]) assert.is(fpOp(0, v, 1n).ok, 3)
  const a = rand()
  assert.is(fpOp(0, a, 1n).v, a)
})

// Fp2 elements as [c0, c1]; bytes are c1 ‖ c0.
const be2 = ([c0, c1]) => { const b = new Uint8Array(96); b.set(be(c1), 0); b.set(be(c0), 48); return b }
const num2 = (b) => [num(b.slice(48)), num(b.slice(0, 48))]
const rand2 = () => [rand(), rand()]
const f2 = ([c0, c1]) => Fp2.fromBigTuple([c0, c1])
const t2 = (e) => [e.c0, e.c1]
function fp2Op(op, a, b = [0n, 0n], f = 0n) {
  mem().set(be2(a), IN_A); mem().set(be2(b), IN_B); mem().set(be(f), IN_F)
  const r = x.fp2_op(op, OUT, IN_A, IN_B, IN_F)
  return { v: num2(mem().slice(OUT, OUT + 96)), r: r & 15, ok: r >> 4 }
}
const EDGES2 = [[0n, 0n], [1n, 0n], [0n, 1n], [P - 1n, 0n], [0n, P - 1n], [P - 1n, P - 1n], [1n, 1n]]

test('fp2: arithmetic against @noble Fp2 (edges and random)', () => {
  const ins = [...EDGES2, ...Array.from({ length: 60 }, rand2)]
  for (let i = 0; i < ins.length; i++) {
    const a = ins[i], b = ins[(i * 7 + 3) % ins.length]
    const A = f2(a), B = f2(b)
    assert.equal(fp2Op(0, a, b).v, t2(Fp2.mul(A, B)), 'mul')
    assert.equal(fp2Op(1, a).v, t2(Fp2.sqr(A)), 'sqr')
    assert.equal(fp2Op(2, a, b).v, t2(Fp2.add(A, B)), 'add')
    assert.equal(fp2Op(3, a, b).v, t2(Fp2.sub(A, B)), 'sub')
    assert.equal(fp2Op(4, a).v, t2(Fp2.neg(A)), 'neg')
    assert.equal(fp2Op(5, a).v, t2(Fp2.add(A, A)), 'dbl')
    assert.equal(fp2Op(6, a).v, Fp2.is0(A) ? [0n, 0n] : t2(Fp2.inv(A)), 'inv')
    assert.equal(fp2Op(17, a).v, fp2Op(6, a).v, 'inv vartime')
    assert.equal(fp2Op(10, a).v, t2(Fp2.mul(A, f2([1n, 1n]))), 'mul by 1 + u')
    assert.equal(fp2Op(11, a).v, [a[0], mod(-a[1])], 'conj')
    assert.equal(fp2Op(13, a).v, t2(Fp2.frobeniusMap(A, 1)), 'frobenius')
    const f = rand()
    assert.equal(fp2Op(12, a, b, f).v, [mod(a[0] * f), mod(a[1] * f)], 'mul by Fp')
    const AB2 = Fp2.sqr(Fp2.mul(A, B))
    assert.equal(fp2Op(14, a, b).v, t2(Fp2.mul(AB2, AB2)), 'aliasing')
    assert.is(fp2Op(14, a, a).r, 1)
    const S = Fp2.add(A, B)
    assert.equal(fp2Op(15, a, b).v, t2(Fp2.mul(S, Fp2.add(A, A))), 'lazy sums into mul')
    assert.equal(fp2Op(16, a, b).v, t2(Fp2.sqr(S)), 'lazy sum into sqr')
    assert.is(fp2Op(14, a, [mod(a[0] + 1n), a[1]]).r, 0)
  }
})

test('fp2: square roots of squares and non-squares, isSquare, sgn0, byte order and range', () => {
  let non = 0
  for (const a of [...EDGES2, ...Array.from({ length: 25 }, rand2)]) {
    const A = f2(a)
    const isSq = Fp2.is0(A) || Fp2.eql(Fp2.pow(A, (P * P - 1n) / 2n), Fp2.ONE)
    const s = fp2Op(7, a)
    assert.is(s.r, isSq ? 1 : 0, `sqrt flag ${a}`)
    if (isSq) assert.equal(t2(Fp2.sqr(f2(s.v))), t2(A))
    else non++
    assert.is(fp2Op(8, a).r, isSq ? 1 : 0)
    const sgn = Number(a[0] & 1n) | (a[0] === 0n ? Number(a[1] & 1n) : 0)
    assert.is(fp2Op(9, a).r, sgn)
    // squares of random elements always have roots
    const sq = t2(Fp2.sqr(A))
    assert.is(fp2Op(7, sq).r, 1)
  }
  assert.ok(non > 3)
  // base-field elements (a1 = 0) are all squares in Fp2: squares and non-squares of Fp, and 0
  for (let i = 0; i < 6; i++) {
    const r = rand()
    for (const a of [[mod(r * r), 0n], [mod(-r * r), 0n], [0n, mod(r * r)], [0n, 0n]]) {
      const s = fp2Op(7, a)
      assert.is(s.r, 1, `sqrt of ${a}`)
      assert.equal(t2(Fp2.sqr(f2(s.v))), a)
    }
  }
  assert.is(fp2Op(0, [P, 0n], [1n, 0n]).ok & 1, 0)
  assert.is(fp2Op(0, [0n, P], [1n, 0n]).ok & 1, 0)
  assert.is(fp2Op(0, [P - 1n, P - 1n], [1n, 0n]).ok, 3)
})

test('cyclotomic-squaring kernels at the extremes of their ranges (every input 0 or p - 1)', () => {
  const src = x.alloc(384)
  const xi = ([a0, a1]) => [mod(a0 - a1), mod(a0 + a1)]
  const add = (a, b) => [mod(a[0] + b[0]), mod(a[1] + b[1])], sub = (a, b) => [mod(a[0] - b[0]), mod(a[1] - b[1])]
  const lin = (k, a, b) => [mod(k * a[0] + b[0]), mod(k * a[1] + b[1])]
  const vals = [0n, P - 1n]
  for (let m = 0; m < 256; m++) {
    const ins = [0, 1, 2, 3].map((j) => [vals[(m >> (2 * j)) & 1], vals[(m >> (2 * j + 1)) & 1]])
    mem().set(Uint8Array.from([...be2(ins[0]), ...be2(ins[1]), ...be2(ins[2]), ...be2(ins[3])]), src)
    const run = (op) => { x.gs_op(op, OUT, src); return num2(mem().slice(OUT, OUT + 96)) }
    const [a, b, c, d] = ins
    assert.equal(run(0), lin(3n, add(a, xi(b)), [mod(-2n * c[0]), mod(-2n * c[1])]), `3(A + ξB) - 2z ${m}`)
    const r1 = sub(sub(a, b), c)
    assert.equal(run(1), lin(3n, r1, [mod(2n * d[0]), mod(2n * d[1])]), `3(S - A - B) + 2z ${m}`)
    assert.equal(run(2), lin(3n, xi(r1), [mod(2n * d[0]), mod(2n * d[1])]), `3ξ(S - A - B) + 2z ${m}`)
  }
})

test.run()
