// Re-derives assembly/bls12_381/curve-constants.generated.ts byte for byte from
// build/gen-bls12-381-curve.js, and checks the constants mathematically: p and r from x,
// the generators (on the curves, of order r, equal to @noble/curves'), β and ψ acting as
// [-x²] on G1 and [x] on G2, ψ² as [x²], the SSWU parameters of RFC 9380 §6.6.2 and §8.8.2,
// and the 3-isogeny mapping points of E2' onto E2.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { root, rng } from './helpers.js'
import {
  generateBls12381Curve, curveConstants, X, P, R, G1, G2, fp2, G1_GEN, G2_GEN,
  ISO_XNUM, ISO_XDEN, ISO_YNUM, ISO_YDEN,
} from '../build/gen-bls12-381-curve.js'

const C = Object.fromEntries(curveConstants().map(([name, , value]) => [name, value]))
const { Fp, Fp2 } = bls12_381.fields
const rand = rng(77)
const mod = (a) => ((a % P) + P) % P

test('the committed file is exactly what the generator writes', () => {
  const file = readFileSync(join(root, 'assembly', 'bls12_381', 'curve-constants.generated.ts'), 'utf8')
  assert.is(file, generateBls12381Curve())
})

test('p and r from x; the generators', () => {
  assert.is(P, Fp.ORDER)
  assert.is(R, bls12_381.fields.Fr.ORDER)
  const g1 = bls12_381.G1.Point.BASE.toAffine(), g2 = bls12_381.G2.Point.BASE.toAffine()
  assert.equal(G1_GEN, [g1.x, g1.y])
  assert.equal(G2_GEN, [[g2.x.c0, g2.x.c1], [g2.y.c0, g2.y.c1]])
  assert.is(mod(G1_GEN[1] ** 2n - G1_GEN[0] ** 3n - C.G1_B), 0n)
  assert.is(C.G1_B3, 3n * C.G1_B)
  const lhs = fp2.mul(G2_GEN[1], G2_GEN[1])
  const rhs = fp2.add(fp2.mul(fp2.mul(G2_GEN[0], G2_GEN[0]), G2_GEN[0]), C.G2_B)
  assert.equal(lhs, rhs)
  assert.is(G1.mul(G1_GEN, R), null)
  assert.is(G2.mul(G2_GEN, R), null)
})

test('β: a cube root of unity with φ = [-x²] on G1; ψ = [x] and ψ² = [x²] on G2', () => {
  assert.is(mod(C.G1_BETA ** 3n), 1n)
  assert.not.equal(C.G1_BETA, 1n)
  const Q = G1.mul(G1_GEN, 12345n)
  assert.equal([mod(C.G1_BETA * Q[0]), Q[1]], G1.mul(Q, ((-(X * X)) % R + R) % R))
  const conj = (a) => [a[0], mod(-a[1])]
  const psi = (p) => [fp2.mul(conj(p[0]), C.PSI_X), fp2.mul(conj(p[1]), C.PSI_Y)]
  const S = G2.mul(G2_GEN, 6789n)
  assert.equal(psi(S), G2.mul(S, ((X % R) + R) % R))
  assert.equal(psi(psi(S)), [fp2.mul(S[0], [C.PSI2_X, 0n]), fp2.neg(S[1])])
  assert.equal(psi(psi(S)), G2.mul(S, (X * X) % R))
  assert.is(mod(C.PSI2_X ** 3n), 1n)
})

test('SSWU parameters (RFC 9380 §6.6.2, §8.8.2)', () => {
  const A = C.SSWU_A, B = C.SSWU_B, Z = C.SSWU_Z
  assert.equal(A, [0n, 240n])
  assert.equal(B, [1012n, 1012n])
  assert.equal(Z, [P - 2n, P - 1n])
  const F = (v) => Fp2.fromBigTuple(v)
  const isSquare = (v) => { try { const r = Fp2.sqrt(v); return Fp2.eql(Fp2.sqr(r), v) } catch { return false } }
  // Of the §6.6.2 criteria for Z, the ones cheap to check: Z is a non-square, Z ≠ -1, and
  // g(B/(Z·A)) is a square.
  assert.is(isSquare(F(Z)), false)
  assert.not.equal(Z, [P - 1n, 0n])
  assert.is(mod(Z[0] * Z[0] + Z[1] * Z[1]), 5n)
  assert.is(mod(C.SQRT_MINUS_5 ** 2n), P - 5n)
  const x0 = fp2.mul(B, fp2.inv(fp2.mul(Z, A)))
  const gx0 = fp2.add(fp2.add(fp2.mul(fp2.mul(x0, x0), x0), fp2.mul(A, x0)), B)
  assert.ok(isSquare(F(gx0)))
})

test('the 3-isogeny maps points of E2\' onto E2', () => {
  const A = C.SSWU_A, B = C.SSWU_B
  const poly = (k, xv, monic) => {
    let acc = monic ? [1n, 0n] : [0n, 0n]
    const coeffs = [...k]
    if (!monic) acc = coeffs.pop()
    for (let i = coeffs.length - 1; i >= 0; i--) acc = fp2.add(fp2.mul(acc, xv), coeffs[i])
    return acc
  }
  let n = 0
  while (n < 5) {
    const xv = [mod(BigInt('0x' + Buffer.from(rand.bytes(48)).toString('hex'))), mod(BigInt(rand.u32()))]
    const g = fp2.add(fp2.add(fp2.mul(fp2.mul(xv, xv), xv), fp2.mul(A, xv)), B)
    let y
    try { y = Fp2.sqrt(Fp2.fromBigTuple(g)) } catch { continue }
    if (!y) continue
    y = [y.c0, y.c1]
    const X2 = fp2.mul(poly(ISO_XNUM, xv, false), fp2.inv(poly(ISO_XDEN, xv, true)))
    const Y2 = fp2.mul(y, fp2.mul(poly(ISO_YNUM, xv, false), fp2.inv(poly(ISO_YDEN, xv, true))))
    assert.equal(fp2.mul(Y2, Y2), fp2.add(fp2.mul(fp2.mul(X2, X2), X2), C.G2_B))
    n++
  }
})

test.run()
