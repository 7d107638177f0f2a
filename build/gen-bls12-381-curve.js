#!/usr/bin/env node
// Writes assembly/bls12_381/curve-constants.generated.ts: the curve constants of BLS12-381
// G1 and G2 that the point, encoding and hash-to-curve code needs. Everything but the
// generators and the 3-isogeny coefficients is computed here with BigInt from the curve
// parameter x; those two come from their standards (the pairing-friendly-curves draft §4.2.1
// and RFC 9380 Appendix E.3) and test/bls-curve-constants.test.js checks them mathematically
// (on the curve, of order r; the isogeny maps E2' into E2) and re-derives this file byte for byte.
//
// Field elements are written as canonical big-endian bytes (Fp: 48 bytes; Fp2: c1 ‖ c0,
// 96 bytes, the Zcash order fp2FromBytes reads), because the in-memory form belongs to
// assembly/bls12_381/fp.ts: the curve files convert them once at module start.
//
//   node build/gen-bls12-381-curve.js          rewrite the file
//   generateBls12381Curve()                   the file's text (used by the test)
import { writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The BLS parameter x (negative); |x| has Hamming weight 6. */
export const X = -0xd201000000010000n
export const P = (X - 1n) ** 2n * (X ** 4n - X ** 2n + 1n) / 3n + X
export const R = X ** 4n - X ** 2n + 1n

const mod = (a, m = P) => ((a % m) + m) % m
function pow(b, e, m = P) {
  let r = 1n
  b = mod(b, m)
  while (e > 0n) { if (e & 1n) r = (r * b) % m; b = (b * b) % m; e >>= 1n }
  return r
}
const inv = (a) => pow(a, P - 2n)

// Fp2 = Fp[u]/(u² + 1), elements [c0, c1].
const f2 = {
  add: (a, b) => [mod(a[0] + b[0]), mod(a[1] + b[1])],
  sub: (a, b) => [mod(a[0] - b[0]), mod(a[1] - b[1])],
  mul: (a, b) => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])],
  neg: (a) => [mod(-a[0]), mod(-a[1])],
  inv(a) { const n = inv(mod(a[0] * a[0] + a[1] * a[1])); return [mod(a[0] * n), mod(-a[1] * n)] },
  pow(a, e) { let r = [1n, 0n]; while (e > 0n) { if (e & 1n) r = f2.mul(r, a); a = f2.mul(a, a); e >>= 1n } return r },
  eq: (a, b) => a[0] === b[0] && a[1] === b[1],
}

// Affine short-Weierstrass arithmetic (y² = x³ + b) over a field given as ops; null = ∞.
function curveOps(F) {
  const add = (p, q) => {
    if (p === null) return q
    if (q === null) return p
    let l
    if (F.eq(p[0], q[0])) {
      if (!F.eq(p[1], q[1]) || F.eq(p[1], F.zero)) return null
      l = F.mul(F.mul(F.three, F.mul(p[0], p[0])), F.inv(F.add(p[1], p[1])))
    } else {
      l = F.mul(F.sub(q[1], p[1]), F.inv(F.sub(q[0], p[0])))
    }
    const x = F.sub(F.sub(F.mul(l, l), p[0]), q[0])
    return [x, F.sub(F.mul(l, F.sub(p[0], x)), p[1])]
  }
  const mul = (p, k) => {
    let r = null
    for (let i = BigInt(k.toString(2).length) - 1n; i >= 0n; i--) {
      r = add(r, r)
      if ((k >> i) & 1n) r = add(r, p)
    }
    return r
  }
  return { add, mul }
}
export const fp1 = { zero: 0n, three: 3n, add: (a, b) => mod(a + b), sub: (a, b) => mod(a - b), mul: (a, b) => mod(a * b), inv, eq: (a, b) => a === b }
export const fp2 = { zero: [0n, 0n], three: [3n, 0n], ...f2 }
export const G1 = curveOps(fp1)
export const G2 = curveOps(fp2)

// Generators (pairing-friendly-curves draft §4.2.1; the Zcash/IETF generators).
export const G1_GEN = [
  0x17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bbn,
  0x08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1n,
]
export const G2_GEN = [
  [0x024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8n,
    0x13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7en],
  [0x0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801n,
    0x0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79ben],
]

// The 3-isogeny E2' → E2 of RFC 9380 Appendix E.3, coefficients k_(i,0..d) as [c0, c1];
// the denominators are monic (their leading 1 is implied and not stored).
const h = (s) => BigInt(s)
const K = (c0, c1) => [h(c0), h(c1)]
export const ISO_XNUM = [
  K('0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6', '0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6'),
  K('0x0', '0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a'),
  K('0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e', '0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d'),
  K('0x171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1', '0x0'),
]
export const ISO_XDEN = [
  K('0x0', '0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63'),
  K('0xc', '0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f'),
]
export const ISO_YNUM = [
  K('0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706', '0x1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706'),
  K('0x0', '0x5c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be'),
  K('0x11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c', '0x8ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f'),
  K('0x124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10', '0x0'),
]
export const ISO_YDEN = [
  K('0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb', '0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb'),
  K('0x0', '0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3'),
  K('0x12', '0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99'),
]

/** Every constant: [name, kind ('fp' | 'fp2' | 'fp2[]'), value, one-line definition]. */
export function curveConstants() {
  const one = [1n, 0n]
  const xi = [1n, 1n] // 1 + u, the sextic non-residue of the tower
  const g2b = f2.mul([4n, 0n], xi)
  // ψ = untwist ∘ Frobenius ∘ twist (Galbraith–Scott): ψ(x, y) = (conj(x)·c1, conj(y)·c2).
  const psiX = f2.inv(f2.pow(xi, (P - 1n) / 3n))
  const psiY = f2.inv(f2.pow(xi, (P - 1n) / 2n))
  // ψ²(x, y) = (x·conj(c1)·c1, y·conj(c2)·c2): both factors lie in Fp (the second is -1).
  const psi2X = f2.mul(psiX, [psiX[0], mod(-psiX[1])])
  const psi2Y = f2.mul(psiY, [psiY[0], mod(-psiY[1])])
  if (psi2X[1] !== 0n || psi2Y[1] !== 0n || psi2Y[0] !== P - 1n) throw new Error('psi² constants')
  // β: the cube root of unity with (β·x, y) = [-x²](x, y) on G1 (Scott, ePrint 2021/1130 §6).
  const omega = pow(2n, (P - 1n) / 3n)
  const lambda = mod(-(X * X), R)
  const want = G1.mul(G1_GEN, lambda)
  const beta = [omega, mod(omega * omega)].find((b) => mod(b * G1_GEN[0]) === want[0] && G1_GEN[1] === want[1])
  if (beta === undefined) throw new Error('beta')
  // Simplified SWU on E2': y² = x³ + A'x + B' (RFC 9380 §8.8.2).
  const A = [0n, 240n], B = [1012n, 1012n], Z = [mod(-2n), mod(-1n)]
  return [
    ['G1_B', 'fp', 4n, 'b of E1: y² = x³ + 4'],
    ['G1_B3', 'fp', 12n, '3·b of E1 (doubling and on-curve checks)'],
    ['G2_B', 'fp2', g2b, "b of E2: y² = x³ + 4(1 + u)"],
    ['G1_GEN_X', 'fp', G1_GEN[0], 'x of the G1 generator (pairing-friendly-curves draft §4.2.1)'],
    ['G1_GEN_Y', 'fp', G1_GEN[1], 'y of the G1 generator'],
    ['G2_GEN_X', 'fp2', G2_GEN[0], 'x of the G2 generator'],
    ['G2_GEN_Y', 'fp2', G2_GEN[1], 'y of the G2 generator'],
    ['G1_BETA', 'fp', beta, 'β, a cube root of unity in Fp with (β·x, y) = [-x²](x, y) on G1 (ePrint 2021/1130)'],
    ['PSI_X', 'fp2', psiX, 'ψ x-factor: 1 / (1 + u)^((p - 1) / 3)'],
    ['PSI_Y', 'fp2', psiY, 'ψ y-factor: 1 / (1 + u)^((p - 1) / 2)'],
    ['PSI2_X', 'fp', psi2X[0], 'ψ² x-factor, in Fp: PSI_X · conj(PSI_X) (a primitive cube root of unity); ψ² negates y'],
    ['SSWU_A', 'fp2', A, "A' of the 3-isogenous curve E2' (RFC 9380 §8.8.2): 240·u"],
    ['SSWU_B', 'fp2', B, "B' of E2': 1012·(1 + u)"],
    ['SSWU_Z', 'fp2', Z, 'Z of the simplified SWU map for E2\' (RFC 9380 §8.8.2): -(2 + u)'],
    ['SQRT_MINUS_5', 'fp', pow(P - 5n, (P + 1n) / 4n), '√-5 = (-5)^((p+1)/4): N(Z) = 5 is not a square, so -5 is; gives √N(g(x2)) from the failed √N(g(x1))'],
    ['ISO_XNUM', 'fp2[]', ISO_XNUM, 'x numerator k_(1,0..3) of the 3-isogeny E2\' → E2 (RFC 9380 Appendix E.3)'],
    ['ISO_XDEN', 'fp2[]', ISO_XDEN, 'x denominator k_(2,0..1); monic, the x² coefficient 1 is implied'],
    ['ISO_YNUM', 'fp2[]', ISO_YNUM, 'y numerator k_(3,0..3)'],
    ['ISO_YDEN', 'fp2[]', ISO_YDEN, 'y denominator k_(4,0..2); monic, the x³ coefficient 1 is implied'],
    ['R_LE', 'le32', R, 'r = x⁴ - x² + 1, the prime order of G1 and G2, 32 bytes little-endian'],
  ].map((c) => { if (c[1] === 'fp2' && c[2] === one) throw new Error(); return c })
}

const be48 = (v) => v.toString(16).padStart(96, '0').match(/../g).map((b) => '0x' + b)
const fp2Bytes = (v) => [...be48(v[1]), ...be48(v[0])] // c1 ‖ c0 (Zcash order)
const le32 = (v) => be48(v).reverse().slice(0, 32)

function bytesOf(kind, value) {
  if (kind === 'fp') return be48(value)
  if (kind === 'fp2') return fp2Bytes(value)
  if (kind === 'fp2[]') return value.flatMap(fp2Bytes)
  if (kind === 'le32') return le32(value)
  throw new Error(kind)
}

export function generateBls12381Curve() {
  let out = `// Generated by build/gen-bls12-381-curve.js: do not edit (re-derived by test/bls-curve-constants.test.js).
//
// BLS12-381 curve constants as canonical big-endian bytes (Fp: 48 bytes; Fp2: c1 ‖ c0, 96
// bytes), each a pointer into static data. x = -0x${(-X).toString(16)}, p and r are defined from it
// in the generator. The curve files turn these into field elements once, at module start.

/** |x| of the BLS parameter x = -0x${(-X).toString(16)} (x is negative). */
export const X_ABS: u64 = 0x${(-X).toString(16)};
`
  for (const [name, kind, value, doc] of curveConstants()) {
    const bytes = bytesOf(kind, value)
    const lines = []
    for (let i = 0; i < bytes.length; i += 16) lines.push('  ' + bytes.slice(i, i + 16).join(', ') + ',')
    out += `
/** ${doc} */
// @ts-ignore: decorator
@lazy export const ${name}_BYTES: usize = memory.data<u8>([
${lines.join('\n')}
]);
`
    if (kind === 'fp2[]') out += `export const ${name}_LEN: i32 = ${value.length};\n`
  }
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  writeFileSync(join(root, 'assembly', 'bls12_381', 'curve-constants.generated.ts'), generateBls12381Curve())
}
