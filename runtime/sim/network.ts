// A seeded WAN-like network between N simulated nodes: each pair of nodes has a fixed base
// latency drawn once (uniform in [latencyMinMs, latencyMaxMs]); every message adds jitter and
// may be lost. Gossip is modelled as a flood with redundancy: a message reaches each peer by
// the fastest of its direct link and `gossipRelays` two-hop paths through random peers, each
// path lost independently — which is what makes gossipsub robust to a lossy link.
// Partitions cut every path that crosses groups.
import { Rng } from './rng.js'

export interface NetworkConfig {
  latencyMinMs: number
  latencyMaxMs: number
  jitterPercent: number
  loss: number
  gossipRelays: number
  /**
   * Peers each node forwards a gossip message to (gossipsub's mesh degree D). Only traffic
   * counting uses it: delivery follows the flood model above.
   */
  meshDegree?: number
}

/** gossipsub's default mesh degree D. */
export const MESH_DEGREE = 8

export const WAN: NetworkConfig = { latencyMinMs: 20, latencyMaxMs: 300, jitterPercent: 10, loss: 0.01, gossipRelays: 2 }

export class Network {
  private readonly base: Uint16Array
  private group: Int32Array
  private readonly rng: Rng

  constructor(readonly size: number, rng: Rng, readonly config: NetworkConfig = WAN) {
    this.rng = rng
    this.base = new Uint16Array(size * size)
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        const ms = rng.between(config.latencyMinMs, config.latencyMaxMs)
        this.base[i * size + j] = ms
        this.base[j * size + i] = ms
      }
    }
    this.group = new Int32Array(size)
  }

  /** Splits the nodes into groups that cannot reach each other; unlisted nodes form group 0. */
  partition(groups: number[][]): void {
    this.group = new Int32Array(this.size)
    groups.forEach((g, k) => { for (const i of g) this.group[i] = k + 1 })
  }

  heal(): void { this.group = new Int32Array(this.size) }

  connected(i: number, j: number): boolean { return this.group[i] === this.group[j] }

  baseLatencyMs(i: number, j: number): number { return this.base[i * this.size + j] }

  /** One hop's delay with jitter, or -1 if lost or cut. */
  hop(i: number, j: number): number {
    if (i === j) return 0
    if (!this.connected(i, j) || this.rng.chance(this.config.loss)) return -1
    const b = this.baseLatencyMs(i, j)
    const jitter = b * this.config.jitterPercent / 100
    return Math.max(1, Math.round(b + (this.rng.unit() * 2 - 1) * jitter))
  }

  /** Delay of a unicast message, or -1 if lost. */
  unicastMs(from: number, to: number): number { return this.hop(from, to) }

  /** Delay until a gossiped message reaches `to`, or -1 if every path lost it. */
  gossipMs(from: number, to: number): number {
    let best = this.hop(from, to)
    for (let r = 0; r < this.config.gossipRelays; r++) {
      const relay = this.rng.between(0, this.size - 1)
      if (relay === from || relay === to) continue
      const a = this.hop(from, relay)
      if (a < 0) continue
      const b = this.hop(relay, to)
      if (b < 0) continue
      if (best < 0 || a + b < best) best = a + b
    }
    return best
  }
}
