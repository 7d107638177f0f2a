// Hashes: SHA-256 and SHA-512 throughput of the core against @noble/hashes and node:crypto
// (OpenSSL, native, SHA-NI where the CPU has it), on 64 B, 1 KiB and 1 MiB inputs; and the
// state tree's hot path, the 65-byte node hash, per second.
//
// "core" is the public API (core.sha256(bytes): copy in, hash, copy out); "core raw" calls
// the export on bytes already in the core's memory, i.e. the wasm alone; "core sha256Node"
// is the internal node hash called in a loop inside wasm (a module compiled here from the
// same sources), which is what the state tree pays per node.
import crypto from 'node:crypto'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { compileScratch } from '../build/scratch.js'
import { measure, table } from './lib.js'


async function loadCore() {
  const { Core } = await import('../dist/runtime/core.js')
  return Core.load()
}

/** A module whose one export hashes `count` 65-byte nodes with the core's sha256Node. */
async function compileNodeLoop() {
  const entry = 'hash-bench-entry.ts'
  const source = `
import { sha256Node } from "./assembly/hash/sha256";
export { chiron_reset, chiron_alloc } from "./assembly/abi";
export function nodes(out: usize, a: usize, b: usize, count: u32): void {
  for (let i: u32 = 0; i < count; i++) sha256Node(out, 1, a, b);
}
// @ts-ignore: runtime global
__arena_mark();
`
  return compileScratch(source, entry)
}

const mbps = (bytes, ns) => (bytes * 1e3 / ns)
const fmt = (v) => v >= 100 ? v.toFixed(0) : v.toFixed(1)
const ratio = (a, b) => (a / b).toFixed(2) + '×'

export default async function bench() {
  const core = await loadCore()
  const x = core.wasm.exports
  const rows = []
  for (const [name, coreFn, rawExport, nobleFn, nodeAlg, outLen] of [
    ['SHA-256', (d) => core.sha256(d), 'hash_sha256', sha256, 'sha256', 32],
    ['SHA-512', (d) => core.sha512(d), 'hash_sha512', sha512, 'sha512', 64],
  ]) {
    for (const [label, size] of [['64 B', 64], ['1 KiB', 1024], ['1 MiB', 1 << 20]]) {
      const data = crypto.randomBytes(size)
      const u8 = new Uint8Array(data)
      const opts = size >= 1 << 20 ? { samples: 7, sampleMs: 300 } : { samples: 9, sampleMs: 150 }
      const tCore = measure(() => coreFn(u8), opts)
      // The raw export: input placed once, no copies and no wrapper.
      x.chiron_reset()
      const ip = x.chiron_alloc(size), op = x.chiron_alloc(outLen)
      new Uint8Array(x.memory.buffer, ip, size).set(u8)
      const tRaw = measure(() => x[rawExport](ip, size, op), opts)
      const tNoble = measure(() => nobleFn(u8), opts)
      const tNode = measure(() => crypto.createHash(nodeAlg).update(data).digest(), opts)
      rows.push({
        hash: name, input: label,
        'core MB/s': fmt(mbps(size, tCore)), 'core raw MB/s': fmt(mbps(size, tRaw)),
        '@noble MB/s': fmt(mbps(size, tNoble)), 'node:crypto MB/s': fmt(mbps(size, tNode)),
        'core / @noble': ratio(tNoble, tCore), 'core / node:crypto': ratio(tNode, tCore),
      })
    }
  }
  table('Hashes: SHA-256 and SHA-512 throughput (MB/s; ratios > 1× mean the core is faster)', rows)

  const node = new Uint8Array(crypto.randomBytes(65))
  const loop = await compileNodeLoop()
  loop.chiron_reset()
  const a = loop.chiron_alloc(32), b = loop.chiron_alloc(32), out = loop.chiron_alloc(32)
  const batch = 1000
  const tLoop = measure(() => loop.nodes(out, a, b, batch)) / batch
  x.chiron_reset()
  const ip = x.chiron_alloc(65), op = x.chiron_alloc(32)
  new Uint8Array(x.memory.buffer, ip, 65).set(node)
  const tRaw = measure(() => x.hash_sha256(ip, 65, op))
  const tCore = measure(() => core.sha256(node))
  const tNoble = measure(() => sha256(node))
  const tNode = measure(() => crypto.createHash('sha256').update(node).digest())
  const perSec = (ns) => (1e9 / ns / 1e6).toFixed(2) + ' M/s'
  table('Hashes: 65-byte Merkle node (tag || a[32] || b[32]) hashes per second', [
    { path: 'core sha256Node, in-wasm loop', 'hashes/s': perSec(tLoop), 'ns/hash': tLoop.toFixed(0), 'vs @noble': ratio(tNoble, tLoop), 'vs node:crypto': ratio(tNode, tLoop) },
    { path: 'core raw export hash_sha256(65 B)', 'hashes/s': perSec(tRaw), 'ns/hash': tRaw.toFixed(0), 'vs @noble': ratio(tNoble, tRaw), 'vs node:crypto': ratio(tNode, tRaw) },
    { path: 'core.sha256(65 B) (API, copies)', 'hashes/s': perSec(tCore), 'ns/hash': tCore.toFixed(0), 'vs @noble': ratio(tNoble, tCore), 'vs node:crypto': ratio(tNode, tCore) },
    { path: '@noble/hashes sha256(65 B)', 'hashes/s': perSec(tNoble), 'ns/hash': tNoble.toFixed(0), 'vs @noble': '1.00×', 'vs node:crypto': ratio(tNode, tNoble) },
    { path: 'node:crypto sha256(65 B)', 'hashes/s': perSec(tNode), 'ns/hash': tNode.toFixed(0), 'vs @noble': ratio(tNoble, tNode), 'vs node:crypto': '1.00×' },
  ])
}
