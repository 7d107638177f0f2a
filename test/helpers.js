// Shared test helpers: the built core, vectors from ../shared/vectors, a seeded PRNG.
import { existsSync, readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const vectorsRoot = join(root, '..', 'shared', 'vectors')

/** Path of a vector file or folder under ../shared/vectors, or null (and a note) when absent. */
export function vectorPath(rel) {
  const p = join(vectorsRoot, rel)
  if (existsSync(p)) return p
  console.log(`vectors: ${rel} not found (../shared/vectors is absent on this machine): skipping`)
  return null
}

export function readVectorJson(rel) {
  const p = vectorPath(rel)
  return p ? JSON.parse(readFileSync(p, 'utf8')) : null
}

export async function loadCore() {
  const { Core } = await import('../dist/runtime/core.js')
  return Core.load()
}

/** xoshiro128** seeded from a 32-bit seed: reproducible random bytes for property tests. */
export function rng(seed) {
  let a = seed >>> 0 || 1, b = 0x9e3779b9, c = 0x243f6a88, d = 0xb7e15162
  const next = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl(d, 11)
    return r
  }
  for (let i = 0; i < 16; i++) next()
  return {
    u32: next,
    int: (n) => next() % n,
    bytes(n) { const out = new Uint8Array(n); for (let i = 0; i < n; i++) out[i] = next() & 0xff; return out },
  }
}
function rotl(x, k) { return (x << k) | (x >>> (32 - k)) }

export const hex = (b) => Buffer.from(b).toString('hex')
export const unhex = (s) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex'))

export { compileScratchModule, instantiateScratch, compileScratch } from '../build/scratch.js'
