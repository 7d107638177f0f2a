// Benchmark helpers: medians over repeated samples, never a single timing.
import { performance } from 'node:perf_hooks'

/** Median ns per op of `fn`, over `samples` samples of about `sampleMs` each. */
export function measure(fn, { samples = 9, sampleMs = 150, warmupMs = 200 } = {}) {
  let ops = 1
  const t0 = performance.now()
  while (performance.now() - t0 < warmupMs) fn()
  // size a sample so it lasts about sampleMs
  for (;;) {
    const s = performance.now()
    for (let i = 0; i < ops; i++) fn()
    const dt = performance.now() - s
    if (dt >= sampleMs / 4) { ops = Math.max(1, Math.round(ops * sampleMs / dt)); break }
    ops *= 2
  }
  const per = []
  for (let k = 0; k < samples; k++) {
    const s = performance.now()
    for (let i = 0; i < ops; i++) fn()
    per.push(((performance.now() - s) * 1e6) / ops)
  }
  per.sort((a, b) => a - b)
  return per[per.length >> 1]
}

export function fmtNs(ns) {
  if (ns >= 1e6) return (ns / 1e6).toFixed(2) + ' ms'
  if (ns >= 1e3) return (ns / 1e3).toFixed(1) + ' µs'
  return ns.toFixed(0) + ' ns'
}

export function table(title, rows) {
  console.log(`\n## ${title}\n`)
  const cols = Object.keys(rows[0])
  console.log('| ' + cols.join(' | ') + ' |')
  console.log('|' + cols.map(() => '---').join('|') + '|')
  for (const r of rows) console.log('| ' + cols.map((c) => r[c]).join(' | ') + ' |')
}
