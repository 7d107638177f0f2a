#!/usr/bin/env node
// npm run bench: every benchmark section in one run, printed as Markdown tables with
// ratios against the anchors measured in the same run. Sections: bench/*.bench.js.
//   node bench/run.js [section ...]
import { readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import os from 'node:os'

const dir = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
console.log(`# chiron bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`)
for (const name of readdirSync(dir).filter((n) => n.endsWith('.bench.js')).sort()) {
  if (only.length && !only.some((s) => name.includes(s))) continue
  const mod = await import(join(dir, name))
  await mod.default()
}
