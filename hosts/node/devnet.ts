// `chiron devnet`: N validators of one devnet, each a separate `chiron node` process on
// 127.0.0.1, with a running summary of what they agree on. Each node logs to D/node-<i>/node.log.
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, closeSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { devnetPorts, nodeDir, type DevnetLayout } from './devnet-layout.js'
import { NODE_PROCESS_FLAGS } from './node-flags.js'

const CHIRON_BIN = fileURLToPath(new URL('../../../bin/chiron.js', import.meta.url))

export interface DevnetRun {
  /** Resolves when every node has exited. */
  done: Promise<void>
  stop(): Promise<void>
}

interface NodeStatus { height: number, finalizedHeight: number, finalizedHash: string, peers: unknown[], finalityLatencyMs: number | null, slot: number }

export function startDevnet(layout: DevnetLayout, opts: { port: number, passphrase: string, print(line: string): void, verbose?: boolean }): DevnetRun {
  const { nodes } = layout
  const children: (ChildProcess | null)[] = []
  const exited: Promise<void>[] = []
  let stopping = false
  for (let i = 0; i < nodes; i++) {
    const { http, p2p } = devnetPorts(layout, opts.port, i)
    const bootstrap = layout.peerIds.flatMap((id, j) => (j === i ? [] : ['--bootstrap', `/ip4/127.0.0.1/tcp/${devnetPorts(layout, opts.port, j).p2p}/p2p/${id}`]))
    const log = openSync(join(nodeDir(layout.dir, i), 'node.log'), 'a')
    const args = [...NODE_PROCESS_FLAGS, CHIRON_BIN, 'node', '--dir', nodeDir(layout.dir, i), '--listen', `/ip4/127.0.0.1/tcp/${p2p}`, ...bootstrap, '--http', `127.0.0.1:${http}`]
    if (opts.verbose) args.push('--verbose')
    const child = spawn(process.execPath, args, { stdio: ['ignore', log, log], env: { ...process.env, CHIRON_PASSPHRASE: opts.passphrase } })
    closeSync(log)
    children.push(child)
    exited.push(new Promise((resolve) => child.on('exit', (code, signal) => {
      children[i] = null
      if (stopping) { resolve(); return }
      // the log file is written by the child: give its last lines a moment to land
      setTimeout(() => {
        opts.print(`node ${i} exited (${signal ?? `code ${code}`}); the end of its log:`)
        for (const line of tail(join(nodeDir(layout.dir, i), 'node.log'), 8)) opts.print(`  | ${line}`)
        resolve()
      }, 200)
    })))
    opts.print(`node ${i}: http://127.0.0.1:${http}/status  (libp2p tcp ${p2p}, log ${join(nodeDir(layout.dir, i), 'node.log')})`)
  }

  // the summary: one line whenever the agreed final height moves, or nodes disagree
  let last = ''
  const poll = setInterval(async () => {
    const statuses = await Promise.all(Array.from({ length: nodes }, (_, i) => fetchStatus(devnetPorts(layout, opts.port, i).http)))
    const up = statuses.filter((s): s is NodeStatus => s !== null)
    if (up.length === 0) return
    const fin = Math.min(...up.map((s) => s.finalizedHeight))
    const cols = statuses.map((s, i) => (s ? `n${i} h${s.height} f${s.finalizedHeight} p${s.peers.length}` : `n${i} down`)).join('  ')
    const lat = up.map((s) => s.finalityLatencyMs).filter((x): x is number => x !== null)
    const line = `slot ${Math.max(...up.map((s) => s.slot))}  finalized by all: ${fin}  ${lat.length ? `finality ${(median(lat) / 1000).toFixed(2)} s  ` : ''}| ${cols}`
    const key = `${fin}|${statuses.map((s) => (s ? s.finalizedHeight : 'x')).join(',')}`
    if (key !== last) { last = key; opts.print(line) }
  }, 1000)
  poll.unref()

  const done = Promise.all(exited).then(() => { clearInterval(poll) })
  return {
    done,
    async stop() {
      stopping = true
      for (const c of children) c?.kill('SIGTERM')
      const killer = setTimeout(() => { for (const c of children) c?.kill('SIGKILL') }, 5000)
      await done
      clearTimeout(killer)
    },
  }
}

async function fetchStatus(port: number): Promise<NodeStatus | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(900) })
    return r.ok ? await r.json() as NodeStatus : null
  } catch {
    return null
  }
}

function median(xs: number[]): number { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1] }

function tail(file: string, n: number): string[] {
  try { return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n) } catch { return [] }
}
