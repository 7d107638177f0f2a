// The votes a node holds, grouped by what they vote for: (kind, height, block). A vote is
// pooled once its committee VRF proof checked out (it names a member and how many seats it
// has); its BLS signature is checked optimistically, in aggregate, when the seats reach the
// threshold (aggregate.ts). The pool is bounded: votes only for heights the node still
// cares about, and per validator, height and kind at most VOTE_TARGETS_MAX blocks (several
// notarize votes in one round are legal, §15; an unbounded number is only ever an attack).

export const VOTE_TARGETS_MAX = 4

export interface PooledVote {
  validator: number
  bytes: Uint8Array      // the 221-byte vote
  sig: Uint8Array        // 96
  proof: Uint8Array      // 80
  seats: number
  /** The signature is known good (checked alone, or part of an aggregate that verified). */
  checked: boolean
}

export class Target {
  readonly votes = new Map<number, PooledVote>()
  seats = 0
  /** A certificate for this target is held (received, or aggregated here). */
  certified = false
  /** The aggregation timer was set (others wait AGGREGATION_WAIT_MS for a certificate). */
  timerSet = false
  constructor(readonly kind: number, readonly height: number, readonly block: Uint8Array, readonly blockId: string) {}

  get key(): string { return targetKey(this.kind, this.height, this.blockId) }

  add(v: PooledVote): void {
    this.votes.set(v.validator, v)
    this.seats += v.seats
  }

  remove(validator: number): void {
    const v = this.votes.get(validator)
    if (!v) return
    this.votes.delete(validator)
    this.seats -= v.seats
  }

  /** The votes in validator index order (the order of a certificate). */
  sorted(): PooledVote[] {
    return [...this.votes.values()].sort((a, b) => a.validator - b.validator)
  }
}

export function targetKey(kind: number, height: number, blockId: string): string {
  return `${kind}:${height}:${blockId}`
}

export type AddResult =
  | { added: true, target: Target, equivocation: boolean }
  | { added: false, reason: 'duplicate' | 'conflict' | 'too-many-targets', target?: Target, existing?: PooledVote }

export class VotePool {
  private readonly targets = new Map<string, Target>()
  private readonly byHeight = new Map<number, Target[]>()
  /** height → validator → the blocks it voted for, per kind (index kind − 1). */
  private readonly blocksOf = new Map<number, Map<number, [string[], string[]]>>()

  private votedBy(height: number, validator: number): [string[], string[]] {
    let byValidator = this.blocksOf.get(height)
    if (!byValidator) this.blocksOf.set(height, byValidator = new Map())
    let lists = byValidator.get(validator)
    if (!lists) byValidator.set(validator, lists = [[], []])
    return lists
  }

  target(kind: number, height: number, blockId: string): Target | undefined {
    return this.targets.get(targetKey(kind, height, blockId))
  }

  /** The target, created if missing. */
  ensure(kind: number, height: number, block: Uint8Array, blockId: string): Target {
    const k = targetKey(kind, height, blockId)
    let t = this.targets.get(k)
    if (!t) {
      t = new Target(kind, height, block, blockId)
      this.targets.set(k, t)
      let list = this.byHeight.get(height)
      if (!list) this.byHeight.set(height, list = [])
      list.push(t)
    }
    return t
  }

  /**
   * Pools a vote whose VRF proof was checked. `equivocation` says the validator has now
   * signed, at this height, a finalize vote and another vote for a different block (§15).
   */
  add(kind: number, height: number, block: Uint8Array, blockId: string, v: PooledVote): AddResult {
    const existing = this.target(kind, height, blockId)?.votes.get(v.validator)
    if (existing) {
      return sameBytes(existing.bytes, v.bytes)
        ? { added: false, reason: 'duplicate', existing }
        : { added: false, reason: 'conflict', existing, target: this.target(kind, height, blockId) }
    }
    const voted = this.votedBy(height, v.validator)
    const blocks = voted[kind - 1]
    if (blocks.length >= VOTE_TARGETS_MAX) return { added: false, reason: 'too-many-targets' }
    blocks.push(blockId)
    const t = this.ensure(kind, height, block, blockId)
    t.add(v)
    return { added: true, target: t, equivocation: equivocates(voted) }
  }

  /** How many blocks `validator` has votes of `kind` pooled for at `height`. */
  votesBy(kind: number, height: number, validator: number): number {
    return this.blocksOf.get(height)?.get(validator)?.[kind - 1].length ?? 0
  }

  /** Forgets a vote whose signature turned out bad. */
  drop(t: Target, validator: number): void {
    t.remove(validator)
    const blocks = this.blocksOf.get(t.height)?.get(validator)?.[t.kind - 1]
    const i = blocks ? blocks.indexOf(t.blockId) : -1
    if (i >= 0) (blocks as string[]).splice(i, 1)
  }

  /** Targets at `height`. */
  atHeight(height: number): Target[] { return this.byHeight.get(height) ?? [] }

  /** Forgets everything below `height`. */
  pruneBelow(height: number): void {
    for (const [h, list] of this.byHeight) {
      if (h >= height) continue
      for (const t of list) this.targets.delete(t.key)
      this.byHeight.delete(h)
    }
    for (const h of this.blocksOf.keys()) if (h < height) this.blocksOf.delete(h)
  }

  get size(): number { return this.targets.size }
}

/** A finalize vote for one block and any vote for another, at one height (§15)? */
function equivocates([notar, fin]: [string[], string[]]): boolean {
  if (fin.length === 0) return false
  if (fin.length > 1) return true
  return notar.some((b) => b !== fin[0])
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
