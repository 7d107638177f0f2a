// Real `chiron node` processes for the host tests: a devnet layout made by the CLI, nodes
// started and killed one by one, their status read over HTTP. Every process is killed and
// every directory removed by stopAll(); nothing outlives the test.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, readFileSync, openSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root } from '../helpers.js'
import { run } from './process.js'
import { NODE_PROCESS_FLAGS } from '../../dist/hosts/node/node-flags.js'

export const CHIRON = join(root, 'bin/chiron.js')
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** A base port unlikely to be taken (test files run two at a time). */
export function basePort() { return 20_000 + Math.floor(Math.random() * 20_000) }

export async function chiron(args, opts = {}) {
  return run(process.execPath, [CHIRON, ...args], { cwd: root, env: { CHIRON_PASSPHRASE: 'devnet', ...opts.env }, timeoutMs: opts.timeoutMs ?? 60_000 })
}

export class Devnet {
  constructor(nodes, { genesisDelayMs } = {}) {
    this.nodes = nodes
    this.dir = mkdtempSync(join(tmpdir(), 'chiron-devnet-'))
    this.port = basePort()
    this.children = new Map()
    this.extra = []
    this.genesisDelayMs = genesisDelayMs
  }

  /** Makes the devnet with the CLI; or in this process, with `create` (createDevnet and its options). */
  async init(create) {
    if (create) {
      await create(this.dir)
    } else {
      const r = await chiron(['devnet', '--nodes', String(this.nodes), '--dir', this.dir, '--port', String(this.port), '--init-only'])
      if (r.code !== 0) throw new Error(`devnet --init-only failed: ${r.stderr}`)
    }
    this.layout = JSON.parse(readFileSync(join(this.dir, 'devnet.json'), 'utf8'))
    return this
  }

  httpPort(i) { return this.port + i }
  p2pPort(i) { return this.port + 64 + i }
  addr(i) { return `/ip4/127.0.0.1/tcp/${this.p2pPort(i)}/p2p/${this.peerId(i)}` }
  peerId(i) { return i < this.nodes ? this.layout.peerIds[i] : this.extra[i - this.nodes].peerId }
  nodeDir(i) { return i < this.nodes ? join(this.dir, `node-${i}`) : this.extra[i - this.nodes].dir }

  /** Adds a data directory for a node without validator keys (it follows the chain). */
  async addFollower() {
    const dir = join(this.dir, `follower-${this.extra.length}`)
    const r = await chiron(['init', '--dir', dir, '--genesis', join(this.dir, 'genesis.json'), '--follower'])
    if (r.code !== 0) throw new Error(`init --follower failed: ${r.stderr}`)
    this.extra.push({ dir, peerId: JSON.parse(r.stdout).peerId })
    return this.nodes + this.extra.length - 1
  }

  /** Starts node i (`chiron node`), bootstrapping to the given nodes (default: every other validator). */
  start(i, { bootstrap, args = [] } = {}) {
    const peers = bootstrap ?? Array.from({ length: this.nodes }, (_, j) => j).filter((j) => j !== i)
    const log = openSync(join(this.nodeDir(i), 'node.log'), 'a')
    // CHIRON_NODE_FLAGS: flags for the node processes' Node.js (e.g. --cpu-prof, when profiling a bench)
    const flags = process.env.CHIRON_NODE_FLAGS ? process.env.CHIRON_NODE_FLAGS.split(' ') : []
    const child = spawn(process.execPath, [...NODE_PROCESS_FLAGS, ...flags, CHIRON, 'node', '--dir', this.nodeDir(i), '--listen', `/ip4/127.0.0.1/tcp/${this.p2pPort(i)}`,
      ...peers.flatMap((j) => ['--bootstrap', typeof j === 'string' ? j : this.addr(j)]), '--http', `127.0.0.1:${this.httpPort(i)}`, '--verbose', ...args],
    { cwd: root, env: { ...process.env, CHIRON_PASSPHRASE: 'devnet' }, stdio: ['ignore', log, log] })
    closeSync(log)
    this.children.set(i, child)
    return child
  }

  /** CPU seconds (user + system) the given running nodes have used, from /proc; null where there is none. */
  cpuSeconds(nodes) {
    let total = 0
    for (const i of nodes) {
      const c = this.children.get(i)
      if (!c) return null
      try {
        const fields = readFileSync(`/proc/${c.pid}/stat`, 'utf8').split(') ')[1].split(' ')
        total += (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (100 per second on Linux)
      } catch { return null }
    }
    return total
  }

  /** Kills node i with `signal`; one that outlives `graceMs` gets SIGKILL. */
  kill(i, signal = 'SIGKILL', graceMs = 3000) {
    const c = this.children.get(i)
    if (!c) return Promise.resolve()
    this.children.delete(i)
    if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), graceMs)
      c.once('close', () => { clearTimeout(t); resolve() })
      c.kill(signal)
    })
  }

  alive(i) { const c = this.children.get(i); return !!c && c.exitCode === null && c.signalCode === null }

  log(i) { try { return readFileSync(join(this.nodeDir(i), 'node.log'), 'utf8') } catch { return '' } }

  async status(i) {
    try {
      const r = await fetch(`http://127.0.0.1:${this.httpPort(i)}/status`, { signal: AbortSignal.timeout(2000) })
      return r.ok ? await r.json() : null
    } catch { return null }
  }

  async get(i, path) {
    const r = await fetch(`http://127.0.0.1:${this.httpPort(i)}${path}`, { signal: AbortSignal.timeout(5000) })
    return { status: r.status, body: await r.json() }
  }

  /** Polls until `cond(statuses)` holds (statuses of `nodes`, null for a node that is down). */
  async waitFor(nodes, cond, { timeoutMs = 60_000, what = 'condition' } = {}) {
    const end = Date.now() + timeoutMs
    let last = []
    while (Date.now() < end) {
      last = await Promise.all(nodes.map((i) => this.status(i)))
      if (cond(last)) return last
      await sleep(500)
    }
    const tails = nodes.map((i) => `--- node ${i}, last lines of its log:\n${this.log(i).split('\n').slice(-25).join('\n')}`).join('\n')
    throw new Error(`timed out waiting for ${what}; last statuses: ${JSON.stringify(last.map((s) => s && { h: s.height, f: s.finalizedHeight, p: s.peers.length }))}\n${tails}`)
  }

  async stopAll() {
    await Promise.all([...this.children.keys()].map((i) => this.kill(i, 'SIGTERM')))
    rmSync(this.dir, { recursive: true, force: true })
  }
}
