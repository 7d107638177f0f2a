// Runs the edge worker on workerd (the npm package's binary) with hosts/worker/workerd.capnp,
// on 127.0.0.1 at a free port the server reports itself (--control-fd), and POSTs chains.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { stop } from './process.js'

/**
 * Starts workerd in `cwd`; resolves to { replay(bytes) → { status, body }, close() } once it
 * listens. `close` always stops the process.
 */
export async function startWorkerd(root, cwd, { timeoutMs = 30_000 } = {}) {
  const workerd = join(root, 'node_modules', '.bin', 'workerd')
  const config = join(root, 'hosts', 'worker', 'workerd.capnp')
  const child = spawn(workerd, ['serve', config, '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'],
    { cwd, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => { log += d })
  child.stderr.on('data', (d) => { log += d })
  const close = () => stop(child)
  try {
    const port = await new Promise((resolve, reject) => {
      let control = ''
      const timer = setTimeout(() => reject(new Error(`workerd did not listen within ${timeoutMs} ms:\n${log}`)), timeoutMs)
      child.stdio[3].on('data', (d) => {
        control += d
        const lines = control.split('\n')
        control = lines.pop() // a partial line waits for the rest
        for (const line of lines) {
          let msg
          try { msg = JSON.parse(line) } catch { continue }
          if (msg.event === 'listen' && msg.socket === 'http') { clearTimeout(timer); resolve(msg.port) }
        }
      })
      child.on('error', (e) => { clearTimeout(timer); reject(e) })
      child.on('close', (code) => { clearTimeout(timer); reject(new Error(`workerd exited with ${code}:\n${log}`)) })
    })
    const replay = async (bytes) => {
      const res = await fetch(`http://127.0.0.1:${port}/replay`, { method: 'POST', body: bytes, signal: AbortSignal.timeout(timeoutMs) })
      return { status: res.status, body: await res.json() }
    }
    return { replay, close, log: () => log }
  } catch (e) {
    await close()
    throw e
  }
}
