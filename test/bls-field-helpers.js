// Compiles a scratch AssemblyScript module over assembly/bls12_381/ for the BLS field and
// pairing tests: `import … from "fp"` in the source names assembly/bls12_381/fp.ts.
import { compileScratch } from './helpers.js'

/** The BLS12-381 base-field modulus. */
export const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn

export function compileBls(source) {
  const text = source.replace(/from "([a-z0-9_.]+)"/g, (_, f) => `from ${JSON.stringify(`./assembly/bls12_381/${f}`)}`) +
    '\nexport function alloc(n: i32): usize { return heap.alloc(<usize>n); }\n'
  return compileScratch(text, 'bls-field-entry.ts')
}
