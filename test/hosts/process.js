// Child processes for host tests: bounded in time, output collected, always stoppable.
import { spawn } from 'node:child_process'

/**
 * Runs a command to completion; resolves to { code, stdout, stderr, ms }. Killed with
 * SIGKILL after `timeoutMs` (the result then says so in `stderr` and `code` is null).
 */
export function run(cmd, args, { cwd, env, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now()
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = '', stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    const timer = setTimeout(() => { stderr += `\n${cmd}: killed after ${timeoutMs} ms`; child.kill('SIGKILL') }, timeoutMs)
    child.on('error', (e) => { clearTimeout(timer); reject(e) })
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: Date.now() - t0 }) })
  })
}

/** Stops a long-running child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
export function stop(child, graceMs = 2000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('close', () => { clearTimeout(timer); resolve() })
    child.kill('SIGTERM')
  })
}
