// The committed assembly/ed25519/tables.generated.ts is exactly what
// build/gen-ed25519-tables.js derives from the curve's definition, and its base-point
// table matches an independent implementation (@noble/curves).
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { root } from './helpers.js'
import { generateEd25519Tables, BASE_WNAF_WIDTH } from '../build/gen-ed25519-tables.js'

const file = readFileSync(join(root, 'assembly', 'ed25519', 'tables.generated.ts'), 'utf8')
const P = ed25519.Point, p = P.Fp.ORDER

test('tables.generated.ts is re-derived byte for byte', () => {
  assert.is(file, generateEd25519Tables())
})

/** The value of a radix-2^25.5 limb array (signed limbs, as in assembly/ed25519/field.ts). */
function limbValue(limbs) {
  let v = 0n
  for (let i = 0; i < 10; i++) v += BigInt(limbs[i]) << BigInt(Math.ceil(25.5 * i))
  return ((v % p) + p) % p
}

test('constants and odd multiples of B and 2^128·B agree with @noble/curves', () => {
  const arrays = [...file.matchAll(/memory\.data<i32>\(\[([^\]]*)\]/g)].map((m) => m[1].split(',').map((s) => s.replace(/\/\/.*$/gm, '').trim()).filter(Boolean).map(Number))
  const [d, d2, sqrtm1, table, table128] = arrays
  assert.is(limbValue(d), P.CURVE().d)
  assert.is(limbValue(d2), (2n * P.CURVE().d) % p)
  assert.is((limbValue(sqrtm1) ** 2n) % p, p - 1n)
  const count = 1 << (BASE_WNAF_WIDTH - 2)
  assert.is(table.length, count * 30)
  assert.is(table128.length, count * 30)
  for (const [rows, base, name] of [[table, 1n, 'B'], [table128, 1n << 128n, '2^128·B']]) {
    for (let i = 0; i < count; i++) {
      const { x, y } = P.BASE.multiply(BigInt(2 * i + 1) * base).toAffine()
      const row = rows.slice(30 * i, 30 * i + 30)
      assert.is(limbValue(row.slice(0, 10)), (y + x) % p, `${2 * i + 1}·${name}: y+x`)
      assert.is(limbValue(row.slice(10, 20)), (y - x + p) % p, `${2 * i + 1}·${name}: y-x`)
      assert.is(limbValue(row.slice(20, 30)), (2n * P.CURVE().d * x * y) % p, `${2 * i + 1}·${name}: 2dxy`)
      for (let j = 0; j < 30; j++) assert.ok(Math.abs(row[j]) <= 2 ** 25 + 19, 'limbs are balanced')
    }
  }
})

test.run()
