// Compiles small scratch AssemblyScript modules in memory for tests and benches that call
// the core's internal functions (not exported by chiron.wasm), with the same runtime and
// memory limits as build/build.js.
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ASC_FLAGS } from './asc-options.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Compiles a scratch AssemblyScript module in memory, with the same options and runtime as
 * build/build.js (our arena runtime, fixed maximum memory), so tests can call the core's
 * internal functions. Import paths in `source` are relative to the repository root, e.g.
 * `import { feMul } from "./assembly/ed25519/field";`. Returns the compiled WebAssembly.Module.
 */
export async function compileScratchModule(source, name = 'scratch-entry.ts') {
  const { default: asc } = await import('assemblyscript/asc')
  let binary = null
  let log = ''
  const { error } = await asc.main([name, '-o', 'out.wasm', ...ASC_FLAGS], {
    readFile: (file, baseDir) => {
      if (file === name) return source
      try { return readFileSync(join(baseDir, file), 'utf8') } catch { return null }
    },
    writeFile: (file, contents) => { if (file.endsWith('.wasm')) binary = contents },
    listFiles: () => [],
    stdout: { write: (s) => { log += s } },
    stderr: { write: (s) => { log += s } },
    baseDir: root,
  })
  if (error) throw new Error(`asc: ${error.message}\n${log}`)
  return new WebAssembly.Module(binary)
}

/** A fresh instance of a scratch module (its only import is a throwing `abort`). */
export function instantiateScratch(module) {
  return new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('abort') } } }).exports
}

/** compileScratchModule, then one instance: its exports. */
export async function compileScratch(source, name) {
  return instantiateScratch(await compileScratchModule(source, name))
}
