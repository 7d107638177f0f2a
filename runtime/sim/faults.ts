// Which validators a scenario crashes or makes Byzantine, and when the network splits.
//
// Faults are stated as shares of the total bond ("weight" at genesis) and filled greedily
// from a seeded order of the validators without ever exceeding the share, so `--byzantine
// 0.3` means at most 30 % of the weight, never more. Byzantine and crashed sets are disjoint.
//
// Partition syntax (--partition): comma-separated `start:end:share`, times in simulated
// seconds, `share` the fraction of the nodes on the first side (a seeded choice). From
// `start` to `end` no message crosses the split; at `end` the network heals. For example
// `60:120:0.5` splits the nodes 50/50 from second 60 to second 120, and
// `30:60:0.3,90:100:0.5` makes two partitions one after the other.
import type { Behaviour } from '../node/node-config.js'
import { Rng } from './rng.js'

export interface PartitionSpec { startMs: number, endMs: number, share: number }

export const BYZANTINE_BEHAVIOURS: Behaviour[] = ['equivocate', 'double-vote', 'withhold', 'invalid-blocks', 'claim-withhold']

export class SpecError extends Error {}

/** Parses `start:end:share[,...]`; throws SpecError with what was wrong. */
export function parsePartitions(spec: string): PartitionSpec[] {
  const out: PartitionSpec[] = []
  for (const part of spec.split(',')) {
    const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?):(0?\.\d+|0|1(?:\.0*)?)$/.exec(part.trim())
    if (!m) throw new SpecError(`--partition: expected start:end:share (seconds, seconds, a fraction in 0..1), got ${JSON.stringify(part)}`)
    const startMs = Math.round(Number(m[1]) * 1000), endMs = Math.round(Number(m[2]) * 1000), share = Number(m[3])
    if (endMs <= startMs) throw new SpecError(`--partition: expected end after start, got ${JSON.stringify(part)}`)
    if (share <= 0 || share >= 1) throw new SpecError(`--partition: expected a share strictly between 0 and 1, got ${JSON.stringify(part)}`)
    out.push({ startMs, endMs, share })
  }
  out.sort((a, b) => a.startMs - b.startMs)
  for (let i = 1; i < out.length; i++) {
    if (out[i].startMs < out[i - 1].endMs) throw new SpecError('--partition: expected partitions that do not overlap')
  }
  return out
}

export interface FaultPlan {
  /** behaviour of each validator */
  behaviours: Behaviour[]
  crashed: number[]
  byzantine: number[]
}

/**
 * Picks Byzantine validators (up to `byzantine` of the weight, behaviours mixed in turn or
 * all `behaviour`) and then crashed ones (up to `crash` of the weight) from a seeded order.
 */
export function planFaults(rng: Rng, bonds: bigint[], opts: { crash: number, byzantine: number, behaviour?: Behaviour | 'mixed' }): FaultPlan {
  const total = bonds.reduce((a, b) => a + b, 0n)
  const order = rng.shuffle(bonds.map((_, i) => i))
  const behaviours: Behaviour[] = bonds.map(() => 'honest')
  const take = (share: number, taken: Set<number>): number[] => {
    // share as parts per million of the total, in integers (no rounding up past the share)
    const limit = total * BigInt(Math.floor(share * 1_000_000)) / 1_000_000n
    const out: number[] = []
    let sum = 0n
    for (const i of order) {
      if (taken.has(i) || sum + bonds[i] > limit) continue
      sum += bonds[i]
      out.push(i)
      taken.add(i)
    }
    return out.sort((a, b) => a - b)
  }
  const taken = new Set<number>()
  const byzantine = take(opts.byzantine, taken)
  byzantine.forEach((i, k) => {
    behaviours[i] = !opts.behaviour || opts.behaviour === 'mixed' ? BYZANTINE_BEHAVIOURS[k % BYZANTINE_BEHAVIOURS.length] : opts.behaviour
  })
  const crashed = take(opts.crash, taken)
  return { behaviours, crashed, byzantine }
}

/** The nodes on the first side of a partition: `share` of them, in a seeded choice. */
export function partitionSide(rng: Rng, nodes: number, share: number): number[] {
  const order = rng.shuffle(Array.from({ length: nodes }, (_, i) => i))
  return order.slice(0, Math.max(1, Math.min(nodes - 1, Math.round(share * nodes)))).sort((a, b) => a - b)
}
