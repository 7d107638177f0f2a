// The deterministic simulator: N Sans-IO nodes in one process on a seeded clock and network.
// Everything random flows from the seed; events at the same millisecond run in the order they
// were scheduled, so a seed replays exactly. Faults (crashes, restarts, partitions, heals) are
// scheduled events like any other. A node may answer an input with a Promise (its state store
// is asynchronous); the loop awaits it before taking the next event, so events are handled
// strictly one at a time, in order, and an asynchronous node replays as exactly as a
// synchronous one.
import { Heap } from '../node/heap.js'
import type { NodeInput, NodeOutput, NodeReport, SansIoNode } from '../node/io.js'
import { Network, WAN, MESH_DEGREE, type NetworkConfig } from './network.js'
import { Rng } from './rng.js'

export interface SimOptions {
  seed: number
  nodes: number
  network?: NetworkConfig
  /** Makes node `index`; `restarts` counts how often it came back after a crash. */
  makeNode(index: number, restarts: number): SansIoNode
  /** Called for every report a node makes (checkers and metrics subscribe here). */
  onReport?(node: number, report: NodeReport, nowMs: number): void
}

type SimEvent =
  | { kind: 'input', node: number, input: NodeInput, generation: number }
  | { kind: 'timer', node: number, key: string, timerGen: number, generation: number }
  | { kind: 'fault', run: () => void }

interface Scheduled { at: number, seq: number, event: SimEvent }

export interface NodeTraffic { messagesSent: number, bytesSent: number, messagesReceived: number, bytesReceived: number }

export class Simulator {
  nowMs = 0
  readonly rng: Rng
  readonly network: Network
  readonly traffic: NodeTraffic[]
  private readonly nodes: (SansIoNode | null)[]
  private readonly generation: number[]   // bumps on crash: stale deliveries are dropped
  private readonly restarts: number[]
  private readonly timerGens: Map<string, number>[]
  private readonly queue = new Heap<Scheduled>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq))
  private seq = 0
  private timerSeq = 0
  eventsRun = 0

  constructor(readonly options: SimOptions) {
    this.rng = new Rng(options.seed)
    this.network = new Network(options.nodes, this.rng.child('network'), options.network ?? WAN)
    this.nodes = Array.from({ length: options.nodes }, (_, i) => options.makeNode(i, 0))
    this.generation = new Array(options.nodes).fill(0)
    this.restarts = new Array(options.nodes).fill(0)
    this.timerGens = Array.from({ length: options.nodes }, () => new Map())
    this.traffic = Array.from({ length: options.nodes }, () => ({ messagesSent: 0, bytesSent: 0, messagesReceived: 0, bytesReceived: 0 }))
    for (let i = 0; i < options.nodes; i++) this.deliver(i, { type: 'start', nowMs: 0 }, 0)
  }

  isUp(i: number): boolean { return this.nodes[i] !== null }

  private schedule(at: number, event: SimEvent): void {
    this.queue.push({ at, seq: this.seq++, event })
  }

  private deliver(node: number, input: NodeInput, delayMs: number): void {
    this.schedule(this.nowMs + delayMs, { kind: 'input', node, input, generation: this.generation[node] })
  }

  /** Hands node `node` an input from outside the network (a client) `delayMs` from now. */
  inject(node: number, input: NodeInput, delayMs = 0): void { this.deliver(node, input, delayMs) }

  /** Schedules a fault (or any host action) at an absolute time. */
  at(timeMs: number, run: () => void): void { this.schedule(timeMs, { kind: 'fault', run }) }

  crash(i: number): void {
    this.nodes[i] = null
    this.generation[i]++
    this.timerGens[i].clear()
  }

  restart(i: number): void {
    if (this.nodes[i]) return
    this.restarts[i]++
    this.generation[i]++
    this.nodes[i] = this.options.makeNode(i, this.restarts[i])
    this.deliver(i, { type: 'start', nowMs: this.nowMs }, 0)
  }

  /**
   * Runs until simulated time `untilMs` (inclusive) or until nothing is left to do. Each
   * node's answer is awaited before the next event, so nothing interleaves.
   */
  async run(untilMs: number): Promise<void> {
    for (;;) {
      const next = this.queue.pop()
      if (!next) break
      if (next.at > untilMs) { this.queue.push(next); break }
      this.nowMs = next.at
      this.eventsRun++
      const e = next.event
      if (e.kind === 'fault') { e.run(); continue }
      if (e.generation !== this.generation[e.node]) continue
      const node = this.nodes[e.node]
      if (!node) continue
      let input: NodeInput
      if (e.kind === 'timer') {
        if (this.timerGens[e.node].get(e.key) !== e.timerGen) continue // superseded
        this.timerGens[e.node].delete(e.key)
        input = { type: 'timer', nowMs: this.nowMs, key: e.key }
      } else {
        input = { ...e.input, nowMs: this.nowMs } as NodeInput
      }
      const answer = node.handle(input)
      const outputs = answer instanceof Promise ? await answer : answer
      // a fault scheduled meanwhile cannot run (the loop is ours), but keep the invariant
      // explicit: outputs of a node that is no longer this generation are dropped
      if (e.generation !== this.generation[e.node]) continue
      for (const out of outputs) this.perform(e.node, out)
    }
    this.nowMs = Math.max(this.nowMs, untilMs)
  }

  private perform(from: number, out: NodeOutput): void {
    switch (out.type) {
      case 'gossip': {
        // delivered to every peer along the network's flood model; counted as gossipsub
        // would send it: one copy to each of `meshDegree` peers
        this.countSent(from, this.meshCopies(), out.data.length)
        for (let to = 0; to < this.nodes.length; to++) {
          if (to === from) continue
          const d = this.network.gossipMs(from, to)
          if (d < 0) continue
          this.countReceived(to, out.data.length)
          this.deliver(to, { type: 'gossip', nowMs: 0, from: String(from), topic: out.topic, data: out.data }, d)
        }
        return
      }
      case 'relay':
        // the flood model above already carries every message along relays; a relay only
        // costs the forwarding node its copies
        this.countSent(from, this.meshCopies(), out.data.length)
        return
      case 'request':
      case 'respond': {
        const to = Number(out.to)
        this.countSent(from, 1, out.data?.length ?? 0)
        const d = this.network.unicastMs(from, to)
        if (d < 0) return
        this.countReceived(to, out.data?.length ?? 0)
        const input: NodeInput = out.type === 'request'
          ? { type: 'request', nowMs: 0, from: String(from), id: out.id, data: out.data }
          : { type: 'response', nowMs: 0, from: String(from), id: out.id, data: out.data }
        this.deliver(to, input, d)
        return
      }
      case 'timer': {
        // a fresh number every time, so a superseded timer can never pass for a later one
        const g = ++this.timerSeq
        this.timerGens[from].set(out.key, g)
        this.schedule(Math.max(out.atMs, this.nowMs), { kind: 'timer', node: from, key: out.key, timerGen: g, generation: this.generation[from] })
        return
      }
      case 'report':
        this.options.onReport?.(from, out.event, this.nowMs)
        return
      case 'invalid':
        // the flood model has no peer scores: an invalid message simply goes no further
        return
      case 'full':
        // the simulated clients do not offer transactions again
        return
    }
  }

  private meshCopies(): number { return Math.min(this.network.config.meshDegree ?? MESH_DEGREE, this.nodes.length - 1) }

  private countSent(from: number, copies: number, bytes: number): void {
    this.traffic[from].messagesSent += copies
    this.traffic[from].bytesSent += copies * bytes
  }

  private countReceived(to: number, bytes: number): void {
    if (!this.nodes[to]) return
    this.traffic[to].messagesReceived++
    this.traffic[to].bytesReceived += bytes
  }
}
