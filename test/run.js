#!/usr/bin/env node
// Runs every test/**/*.test.js in its own process (two at a time: this machine has two
// cores), streams each file's output when it finishes, and ends with one summary line
// "N passed, N failed, N skipped". A file that crashes or exits non-zero counts as failed.
//   node test/run.js [substring ...]   only files whose path contains a substring
import { spawn } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import os from 'node:os'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const fileTimeoutMs = 10 * 60 * 1000

function listTests(dir) {
  const out = []
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...listTests(path))
    else if (name.endsWith('.test.js')) out.push(path)
  }
  return out
}

function runFile(file) {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { out += d })
    const timer = setTimeout(() => { out += `\n${relative(root, file)}: killed after ${fileTimeoutMs} ms\n`; child.kill('SIGKILL') }, fileTimeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      const num = (label) => [...out.matchAll(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'gm'))].reduce((s, m) => s + Number(m[1]), 0)
      const total = num('Total'), passed = num('Passed'), skipped = num('Skipped')
      let failed = total - passed - skipped
      if (code !== 0 && failed === 0) failed = 1
      resolve({ file, out, code, passed, failed, skipped, ms: Date.now() - t0 })
    })
  })
}

async function main() {
  const filters = process.argv.slice(2)
  const files = listTests(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  const queue = [...files]
  const results = []
  const workers = Math.max(1, Math.min(2, os.availableParallelism?.() ?? 2))
  await Promise.all(Array.from({ length: workers }, async () => {
    while (queue.length) {
      const r = await runFile(queue.shift())
      results.push(r)
      process.stdout.write(`\n=== ${relative(root, r.file)} (${r.ms} ms) ${r.failed ? 'FAILED' : 'ok'}\n${r.out.trimEnd()}\n`)
    }
  }))
  const sum = (k) => results.reduce((s, r) => s + r[k], 0)
  const failedFiles = results.filter((r) => r.failed)
  if (failedFiles.length) console.log(`\nfailed files: ${failedFiles.map((r) => relative(root, r.file)).join(', ')}`)
  console.log(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`)
  process.exit(sum('failed') > 0 || results.length === 0 ? 1 : 0)
}

main()
