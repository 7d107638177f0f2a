// Replays a chain file on Deno (the npm package's binary) through dist/bundles/deno.js.
import { join } from 'node:path'
import { run } from './process.js'

/** Resolves to { code, result (parsed JSON or null), stderr, ms } for one `replay <file>`. */
export async function replayOnDeno(root, chainFile, { denoDir, timeoutMs = 60_000 } = {}) {
  const deno = join(root, 'node_modules', '.bin', 'deno')
  const r = await run(deno, ['run', '--allow-read', join(root, 'dist', 'bundles', 'deno.js'), 'replay', chainFile], {
    cwd: root, timeoutMs,
    env: { NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...(denoDir ? { DENO_DIR: denoDir } : {}) },
  })
  let result = null
  if (r.code === 0) {
    try { result = JSON.parse(r.stdout) } catch { throw new Error(`deno printed no JSON:\n${r.stdout}\n${r.stderr}`) }
  }
  return { code: r.code, result, stderr: r.stderr, ms: r.ms }
}
