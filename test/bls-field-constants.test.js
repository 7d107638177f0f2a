// The generated BLS12-381 field files are re-derived from the curve parameter x, byte for
// byte, and the generator's derivations are checked against independent facts.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { root } from './helpers.js'
import { generateFieldConstants, generateMontKernels, P, R_ORDER, PINV, BLS_X } from '../build/gen-bls12-381-field.js'

const dir = join(root, 'assembly', 'bls12_381')

test('constants.generated.ts and mont.generated.ts are what the generator writes', () => {
  assert.is(readFileSync(join(dir, 'constants.generated.ts'), 'utf8'), generateFieldConstants())
  assert.is(readFileSync(join(dir, 'mont.generated.ts'), 'utf8'), generateMontKernels())
})

test('p, r and -p⁻¹ mod 2^28 from x agree with @noble and with their definitions', () => {
  assert.is(P, bls12_381.fields.Fp.ORDER)
  assert.is(R_ORDER, bls12_381.fields.Fr.ORDER)
  assert.is(BLS_X, -bls12_381.params.ateLoopSize)
  assert.ok(bls12_381.params.xNegative)
  assert.is((P * PINV + 1n) % (1n << 28n), 0n)
  assert.is(P % 4n, 3n)
})

test.run()
