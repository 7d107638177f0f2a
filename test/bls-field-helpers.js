// Compiles a scratch AssemblyScript module over assembly/bls12_381/ for the BLS field and
// pairing tests: `import … from "fp"` in the source names assembly/bls12_381/fp.ts.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { root } from './helpers.js'

/** The BLS12-381 base-field modulus. */
export const P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn

export function compileBls(source) {
  const dir = mkdtempSync(join(tmpdir(), 'chiron-bls-'))
  try {
    // asc resolves imports relative to the entry file (absolute specifiers are library paths).
    const rel = (f) => relative(dir, join(root, 'assembly', 'bls12_381', f)).split(sep).join('/')
    const text = source.replace(/from "([a-z0-9_.]+)"/g, (_, f) => `from ${JSON.stringify(rel(f))}`) +
      '\nexport function alloc(n: i32): usize { return heap.alloc(<usize>n); }\n'
    writeFileSync(join(dir, 'entry.ts'), text)
    execFileSync(process.execPath, [join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js'), join(dir, 'entry.ts'),
      '-o', join(dir, 'x.wasm'), '-O3', '--runtime', 'stub', '--enable', 'simd'], { cwd: root, stdio: 'inherit' })
    const mod = new WebAssembly.Module(readFileSync(join(dir, 'x.wasm')))
    return new WebAssembly.Instance(mod, { env: { abort() { throw new Error('abort') } } }).exports
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
