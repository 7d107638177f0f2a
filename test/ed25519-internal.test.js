// The ed25519 core's building blocks, each against BigInt: field arithmetic mod p (with
// non-canonical inputs), scalar reduction and products mod L, the wNAF recoding and the
// lattice split c ≡ d·k (mod L). They are compiled into a small wasm of their own, since
// the module's ABI exposes only whole verifications.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileScratch, rng } from './helpers.js'

const R = rng(25519)
const p = 2n ** 255n - 19n
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const mod = (a, m) => ((a % m) + m) % m

const src = (f) => JSON.stringify(`./assembly/ed25519/${f}`)
const x = await compileScratch(`
import { feFromBytes, feToBytes, feMul, feSq, feSq2, feAdd, feSub, fePow22523 } from ${src('field')};
import { scReduce512, scMul, scAdd, scNegate, scToWnafVartime, scIsCanonicalVartime } from ${src('scalar')};
import { scSplitVartime } from ${src('lattice')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
const F1 = memory.data(40, 8); const F2 = memory.data(40, 8);
export function fe_op(op: i32, out: usize, a: usize, b: usize): void {
  feFromBytes(F1, a); feFromBytes(F2, b);
  if (op == 0) feMul(F1, F1, F2);
  else if (op == 1) feSq(F1, F1);
  else if (op == 2) feSq2(F1, F1);
  else if (op == 3) { feAdd(F1, F1, F2); feMul(F1, F1, F1); }
  else if (op == 4) { feSub(F1, F1, F2); feMul(F1, F1, F1); }
  else if (op == 5) fePow22523(F1, F1);
  feToBytes(out, F1);
}
export function sc_reduce512(out: usize, h: usize): void { scReduce512(out, h); }
export function sc_mul(out: usize, a: usize, aLen: i32, b: usize): void { scMul(out, a, aLen, b); }
export function sc_add(out: usize, a: usize, b: usize): void { scAdd(out, a, b); }
export function sc_negate(s: usize): void { scNegate(s); }
export function sc_canonical(s: usize): i32 { return scIsCanonicalVartime(s); }
export function sc_wnaf(naf: usize, s: usize, w: i32): i32 { return scToWnafVartime(naf, s, w); }
export function sc_split(c: usize, d: usize, k: usize): i32 { return scSplitVartime(c, d, k); }
`)

const le = (b) => b.reduceRight((a, v) => (a << 8n) | BigInt(v), 0n)
const leBytes = (n, len) => Uint8Array.from({ length: len }, (_, i) => Number((n >> BigInt(8 * i)) & 255n))
const buf = Array.from({ length: 4 }, () => x.alloc(256))
const mem = () => new Uint8Array(x.memory.buffer)
const put = (i, n, len = 32) => { mem().set(leBytes(n, len), buf[i]); return buf[i] }
const get = (i, len = 32) => le(mem().slice(buf[i], buf[i] + len))
const randBig = (bits) => le(R.bytes(Math.ceil(bits / 8))) & ((1n << BigInt(bits)) - 1n)

// Field inputs: 255-bit values, including the non-canonical ones p … 2^255 - 1.
const FE_EDGES = [0n, 1n, 2n, 18n, 19n, p - 1n, p, p + 1n, p + 18n, 2n ** 255n - 1n, 2n ** 254n, 2n ** 128n - 1n]
const feInputs = () => [...FE_EDGES, ...Array.from({ length: 200 }, () => randBig(255))]

function feOp(op, a, b = 0n) {
  x.fe_op(op, buf[2], put(0, a), put(1, b))
  return get(2)
}

test('field: mul, sq, 2·sq, sum and difference squared, canonical output, non-canonical input', () => {
  const ins = feInputs()
  for (let i = 0; i < ins.length; i++) {
    const a = ins[i], b = ins[(i * 7 + 3) % ins.length]
    assert.is(feOp(0, a, b), mod(a * b, p), `mul ${a} ${b}`)
    assert.is(feOp(1, a), mod(a * a, p), `sq ${a}`)
    assert.is(feOp(2, a), mod(2n * a * a, p), `sq2 ${a}`)
    assert.is(feOp(3, a, b), mod((a + b) ** 2n, p), `add ${a} ${b}`)
    assert.is(feOp(4, a, b), mod((a - b) ** 2n, p), `sub ${a} ${b}`)
  }
})

test('field: z^((p-5)/8)', () => {
  for (const a of [...FE_EDGES, ...Array.from({ length: 20 }, () => randBig(255))]) {
    const e = (p - 5n) / 8n
    let r = 1n, base = mod(a, p), k = e
    while (k > 0n) { if (k & 1n) r = (r * base) % p; base = (base * base) % p; k >>= 1n }
    assert.is(feOp(5, a), r, `pow ${a}`)
  }
})

test('scalars: 512-bit reduction, products, sums, negation, the s < L check', () => {
  const edges512 = [0n, 1n, L - 1n, L, L + 1n, 2n * L, 2n ** 252n, 2n ** 252n + 1n, L + 2n ** 252n - 1n, 2n ** 253n - 1n,
    2n ** 256n - 1n, 2n ** 512n - 1n, L * L, L * (2n ** 259n - 1n), (2n ** 252n) * L - 1n]
  for (const h of [...edges512, ...Array.from({ length: 300 }, () => randBig(512))]) {
    x.sc_reduce512(buf[2], put(0, h, 64))
    assert.is(get(2), h % L, `reduce ${h}`)
  }
  const scal = [0n, 1n, L - 1n, L - 2n, 2n ** 252n, 2n ** 128n - 1n, ...Array.from({ length: 200 }, () => randBig(256) % L)]
  for (let i = 0; i < scal.length; i++) {
    const a = scal[i], b = scal[(i * 5 + 1) % scal.length], z = randBig(128)
    x.sc_mul(buf[2], put(0, z, 16), 16, put(1, b)); assert.is(get(2), (z * b) % L, `mul16 ${z} ${b}`)
    x.sc_mul(buf[2], put(0, a), 32, put(1, b)); assert.is(get(2), (a * b) % L, `mul32 ${a} ${b}`)
    x.sc_add(buf[2], put(0, a), put(1, b)); assert.is(get(2), (a + b) % L, `add ${a} ${b}`)
    put(0, a); x.sc_negate(buf[0]); assert.is(get(0), mod(-a, L), `negate ${a}`)
  }
  for (const s of [0n, L - 1n, L, L + 1n, 2n ** 253n, 2n ** 256n - 1n, 2n ** 252n, 2n ** 252n - 1n]) {
    assert.is(x.sc_canonical(put(0, s)), s < L ? 1 : 0, `s < L for ${s}`)
  }
})

test('wNAF: digits reconstruct the scalar, odd and bounded, one nonzero per window', () => {
  for (const w of [5, 8]) {
    for (const s of [0n, 1n, L - 1n, 2n ** 253n - 1n, 2n ** 128n - 1n, (1n << 252n) - 1n, ...Array.from({ length: 100 }, () => randBig(253))]) {
      const top = x.sc_wnaf(buf[2], put(0, s), w)
      const naf = new Int8Array(x.memory.buffer, buf[2], 256)
      let v = 0n, last = -1
      for (let i = 255; i >= 0; i--) {
        const d = naf[i]
        if (d !== 0) {
          if (last < 0) last = i
          assert.ok(d & 1, 'odd digit')
          assert.ok(Math.abs(d) < 2 ** (w - 1), 'digit bound')
          for (let j = 1; j < w && i + j < 256; j++) assert.is(naf[i + j], 0, 'sparse')
        }
        v = 2n * v + BigInt(d)
      }
      assert.is(v, s)
      assert.is(top, last)
    }
  }
})

test('lattice split: c ≡ d·k (mod L), |c|, |d| < 2^127, at the edges too', () => {
  const ks = [0n, 1n, 2n, L - 1n, L - 2n, 2n ** 127n - 1n, 2n ** 127n, 2n ** 126n, 2n ** 252n, (L - 1n) / 2n, 2n ** 200n + 12345n,
    ...Array.from({ length: 500 }, () => randBig(256) % L)]
  for (const k of ks) {
    const neg = x.sc_split(buf[2], buf[3], put(0, k))
    const c = get(2), dAbs = get(3)
    const d = neg ? -dAbs : dAbs
    assert.ok(c < 2n ** 127n, `c < 2^127 for k = ${k}`)
    assert.ok(dAbs < 2n ** 127n && dAbs > 0n, `0 < |d| < 2^127 for k = ${k}`)
    assert.is(mod(c - d * k, L), 0n, `c ≡ d·k for k = ${k}`)
  }
})

test.run()
