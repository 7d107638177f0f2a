// What the simulator checks and measures from the nodes' reports.
//
// Safety: the first honest node to report a finalized block at a height fixes that height;
// any honest node that ever reports a different block there (a fresh restart included) is a
// safety violation, with both hashes and both nodes recorded. Forks: heights at which honest
// nodes saw more than one block notarized. Latency: from the start of a block's slot to each
// honest node's report of it, except reports a node makes while catching up after its own
// (re)start on blocks whose slot began before it (that is sync time, not consensus time).
import type { NodeReport } from '../node/io.js'
import { SLOT_MS } from '../consensus/constants.js'

export interface SafetyViolation { height: number, hash: string, otherHash: string, node: number, otherNode: number, atMs: number }

export interface LatencySample { slot: number, height: number, node: number, ms: number }

export class Checker {
  /** height → the first finalized block reported there by an honest node */
  readonly finalized = new Map<number, { hash: string, slot: number, node: number, stateRoot: string }>()
  readonly notarized = new Map<number, Set<string>>()
  readonly violations: SafetyViolation[] = []
  readonly finality: LatencySample[] = []
  readonly notarization: LatencySample[] = []
  readonly notes = new Map<string, number>()
  /** highest finalized height per node */
  readonly finalHeight: number[]
  private readonly startedMs: number[]

  constructor(nodes: number, readonly honest: (node: number) => boolean, readonly genesisTimeMs = 0) {
    this.finalHeight = new Array(nodes).fill(0)
    this.startedMs = new Array(nodes).fill(0)
  }

  /** A node (re)started at `nowMs`: a fresh node reports the chain again from height 1. */
  started(node: number, nowMs: number): void {
    this.startedMs[node] = nowMs
    this.finalHeight[node] = 0
  }

  onReport(node: number, r: NodeReport, nowMs: number): void {
    if (r.kind === 'note') {
      // counted by kind: the text up to a colon, hashes and numbers blanked out
      const kind = r.text.split(':')[0].replace(/\b[0-9a-f]{16,}\b/g, '#').replace(/\d+/g, 'N').trim()
      this.notes.set(kind, (this.notes.get(kind) ?? 0) + 1)
      return
    }
    if (!this.honest(node) || r.kind === 'proposed') return
    const slotStart = this.genesisTimeMs + r.slot * SLOT_MS
    const sample = { slot: r.slot, height: r.height, node, ms: r.atMs - slotStart }
    const live = slotStart >= this.startedMs[node]
    if (r.kind === 'notarized') {
      let set = this.notarized.get(r.height)
      if (!set) this.notarized.set(r.height, (set = new Set()))
      set.add(r.hash)
      if (live) this.notarization.push(sample)
      return
    }
    // finalized
    this.finalHeight[node] = Math.max(this.finalHeight[node], r.height)
    const first = this.finalized.get(r.height)
    if (!first) this.finalized.set(r.height, { hash: r.hash, slot: r.slot, node, stateRoot: r.stateRoot })
    else if (first.hash !== r.hash) {
      this.violations.push({ height: r.height, hash: first.hash, otherHash: r.hash, node: first.node, otherNode: node, atMs: nowMs })
    }
    if (live) this.finality.push(sample)
  }

  /** Heights with more than one notarized block. */
  get forks(): number {
    let n = 0
    for (const s of this.notarized.values()) if (s.size > 1) n++
    return n
  }
}
