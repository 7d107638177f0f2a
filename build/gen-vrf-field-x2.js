#!/usr/bin/env node
// Writes assembly/vrf/field_x2.generated.ts: field multiplication and squaring in
// GF(2^255 - 19) on TWO independent elements at once, in the two low lanes of wasm SIMD
// vectors, for the VRF verifier's paired doubling chains (assembly/vrf/point_x2.ts).
//
// The arithmetic is field.ts's, product for product: 10 signed limbs in radix 2^25.5,
// h_k = Σ f_i·g_j over i + j = k (doubled when i and j are both odd) plus 19× the terms
// with i + j = k + 10, then the same carry chain. Limb k of element A sits in lane 0 and
// of element B in lane 1 of an i32x4 (the loads read the two elements where they are, in
// field.ts's layout); i64x2.extmul_low_i32x4_s forms both lanes' 64-bit products at once.
// Factors that would leave i32 are kept in i32: 19·g_j (|g_j| < 1.65·2^26, so < 2^31)
// and at most 4·f_i; the 38 and 76 of field.ts's squaring become (2 or 4)·f_i times
// 19·f_j. The signed carry c = (h + 2^(b-1)) >> b is taken as an unsigned shift of
// h + 2^(b-1) + 2^62 minus 2^(62-b) (|h| < 2^62), because wasm's i64x2.shr_s has no
// single x64 instruction before AVX-512. Straight-line code, so it is generated.
//
//   node build/gen-vrf-field-x2.js      rewrite the file
//   generateFieldX2()                   its text (test/vrf-parts.test.js re-derives it)
import { writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMBS = [...Array(10).keys()]
const hex = (v) => '0x' + v.toString(16)

const loadPair = (name, a, b) => LIMBS.map((k) =>
  `  let ${name}${k} = v128.load32_lane(${b}, v128.load32_zero(${a}, ${4 * k}), 1, ${4 * k});`)

/** Field.ts's carry chain on i64x2 locals h0..h9. */
function carryChain() {
  const out = []
  for (const bits of [26, 25]) {
    out.push(`  let bias${bits} = i64x2.splat(${hex((1n << 62n) + (1n << BigInt(bits - 1)))});`)
    out.push(`  let unbias${bits} = i64x2.splat(${hex(1n << BigInt(62 - bits))});`)
  }
  out.push('  let c: v128;')
  for (const i of [0, 4, 1, 5, 2, 6, 3, 7, 4, 8, 9, 0]) {
    const bits = i % 2 === 0 ? 26 : 25
    out.push(`  c = i64x2.sub(i64x2.shr_u(i64x2.add(h${i}, bias${bits}), ${bits}), unbias${bits});`)
    if (i === 9) out.push('  h0 = i64x2.add(h0, i64x2.add(i64x2.add(i64x2.shl(c, 4), i64x2.shl(c, 1)), c));')
    else out.push(`  h${i + 1} = i64x2.add(h${i + 1}, c);`)
    out.push(`  h${i} = i64x2.sub(h${i}, i64x2.shl(c, ${bits}));`)
  }
  return out
}

/** The low i32 of each i64 lane of h0..h9, back into limbs (lane 0 to hA, lane 1 to hB). */
const storePair = () => LIMBS.flatMap((k) => [
  `  let o${k} = i32x4.shuffle(h${k}, h${k}, 0, 2, 0, 2);`,
  `  v128.store32_lane(hA, o${k}, 0, ${4 * k});`,
  `  v128.store32_lane(hB, o${k}, 1, ${4 * k});`,
])

/** h_k as a sum of products: the first term assigned, the rest added one per line. */
function sums(terms) {
  const out = []
  for (let k = 0; k < 10; k++) {
    terms[k].forEach(([x, y], n) => {
      const p = `i64x2.extmul_low_i32x4_s(${x}, ${y})`
      out.push(n === 0 ? `  let h${k} = ${p};` : `  h${k} = i64x2.add(h${k}, ${p});`)
    })
  }
  return out
}

const times19 = (x) => `i32x4.add(i32x4.add(i32x4.shl(${x}, 4), i32x4.shl(${x}, 1)), ${x})`

function mulX2() {
  const out = [
    '/** (hA, hB) = (fA·gA, fB·gB) mod p: two feMul in one. Outputs may alias inputs. */',
    'export function feMulX2(hA: usize, hB: usize, fA: usize, fB: usize, gA: usize, gB: usize): void {',
    ...loadPair('f', 'fA', 'fB'),
    ...loadPair('g', 'gA', 'gB'),
  ]
  for (let j = 1; j < 10; j++) out.push(`  let g${j}_19 = ${times19(`g${j}`)};`)
  for (let i = 1; i < 10; i += 2) out.push(`  let f${i}_2 = i32x4.shl(f${i}, 1);`)
  const terms = LIMBS.map(() => [])
  for (let k = 0; k < 10; k++) {
    for (let i = 0; i < 10; i++) {
      let j = k - i
      const wrap = j < 0
      if (wrap) j += 10
      const twice = i % 2 === 1 && j % 2 === 1
      terms[k].push([twice ? `f${i}_2` : `f${i}`, wrap ? `g${j}_19` : `g${j}`])
    }
  }
  out.push(...sums(terms), ...carryChain(), ...storePair(), '}')
  return out.join('\n')
}

function sqX2(name, doc, twice, times = false) {
  const out = [doc, `export function ${name}(hA: usize, hB: usize, fA: usize, fB: usize${times ? ', n: i32' : ''}): void {`, ...loadPair('f', 'fA', 'fB')]
  // feSqTimes: the limbs stay in locals between rounds (narrowed back to i32 lanes).
  if (times) out.push('  for (let round = 0; round < n; round++) {')
  const pre = new Map()
  const scaled = (i, k) => {
    if (k === 1) return `f${i}`
    const name = `f${i}x${k}`
    if (!pre.has(name)) pre.set(name, `  let ${name} = ${k === 19 ? times19(`f${i}`) : `i32x4.shl(f${i}, ${k === 2 ? 1 : 2})`};`)
    return name
  }
  const terms = LIMBS.map(() => [])
  for (let i = 0; i < 10; i++) {
    for (let j = i; j < 10; j++) {
      let k = i + j
      const wrap = k >= 10
      if (wrap) k -= 10
      // f_i·f_j appears twice for i < j, and odd·odd limbs carry one more factor 2.
      const coef = (i === j ? 1 : 2) * (i % 2 === 1 && j % 2 === 1 ? 2 : 1)
      terms[k].push([scaled(i, coef), wrap ? scaled(j, 19) : `f${j}`])
    }
  }
  const body = sums(terms)
  const indent = (lines) => times ? lines.map((l) => '  ' + l) : lines
  out.push(...indent([...pre.values(), ...body]))
  if (twice) for (const k of LIMBS) out.push(`  h${k} = i64x2.add(h${k}, h${k});`)
  out.push(...indent(carryChain()))
  if (times) {
    for (const k of LIMBS) out.push(`    f${k} = i32x4.shuffle(h${k}, h${k}, 0, 2, 0, 2);`)
    out.push('  }')
    for (const k of LIMBS) out.push(`  v128.store32_lane(hA, f${k}, 0, ${4 * k});`, `  v128.store32_lane(hB, f${k}, 1, ${4 * k});`)
  } else out.push(...storePair())
  out.push('}')
  return out.join('\n')
}

export function generateFieldX2() {
  return [
    '// GENERATED by build/gen-vrf-field-x2.js: do not edit. Two field multiplications or',
    '// squarings at once in SIMD lanes 0 and 1 (see the generator for the arithmetic); the',
    '// results equal field.ts\'s feMul, feSq, feSq2 and feSqTimes limb for limb.',
    '',
    mulX2(),
    '',
    sqX2('feSqX2', '/** (hA, hB) = (fA², fB²) mod p: two feSq in one. Outputs may alias inputs. */', false),
    '',
    sqX2('feSq2X2', '/** (hA, hB) = (2fA², 2fB²) mod p: two feSq2 in one. Outputs may alias inputs. */', true),
    '',
    sqX2('feSqTimesX2', '/** (hA, hB) = (fA^(2^n), fB^(2^n)) mod p: two feSqTimes in one (n ≥ 1). Outputs may alias inputs. */', false, true),
    '',
  ].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  writeFileSync(join(root, 'assembly', 'vrf', 'field_x2.generated.ts'), generateFieldX2())
}
