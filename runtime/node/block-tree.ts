// The block tree of a node: every valid block it has applied, which of them are notarized
// and final, and the fork choice (docs/PROTOCOL.md §19).
//
// - A block enters the tree only after the core accepted it on its parent's state, so every
//   block here is valid and its parent is notarized (a block at height ≥ 2 carries its
//   parent's notarization certificate, which the core checked).
// - Fork choice: the notarized block of greatest height that descends from the last final
//   block; equal heights go to the lower priority (32 bytes, big-endian, §3a).
// - Finality: a finalization certificate for a block makes it and all its ancestors final;
//   a final block is never reverted, so blocks that do not descend from it are dropped.
export interface BlockNode {
  id: string                 // hex of the block hash
  hash: Uint8Array           // 32
  height: number
  slot: number
  parent: BlockNode | null   // null for genesis
  proposer: number           // validator index (0xFFFFFFFF at genesis)
  priority: Uint8Array       // 32; zero at genesis
  bytes: Uint8Array          // the block as gossiped (empty for genesis)
  postRoot: Uint8Array       // state root after the block
  senders: Uint8Array[]      // senders of its transactions (the mempool follows them)
  notarized: boolean
  final: boolean
  notarization: Uint8Array | null   // a notarization certificate (null for genesis or until one is held)
  finalization: Uint8Array | null   // the finalization certificate naming exactly this block, if held
}

export function comparePriority(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/** true if a is preferred to b by the fork choice. */
function preferred(a: BlockNode, b: BlockNode): boolean {
  if (a.height !== b.height) return a.height > b.height
  const c = comparePriority(a.priority, b.priority)
  return c !== 0 ? c < 0 : a.id < b.id
}

export class BlockTree {
  private readonly byId = new Map<string, BlockNode>()
  /** Blocks above the final block, by height (the only ones fork choice looks at). */
  private readonly above = new Map<number, BlockNode[]>()
  /** The final chain, index = height. */
  private readonly finalChain: BlockNode[] = []
  final: BlockNode
  best: BlockNode

  constructor(genesis: BlockNode) {
    genesis.notarized = true
    genesis.final = true
    this.byId.set(genesis.id, genesis)
    this.finalChain.push(genesis)
    this.final = genesis
    this.best = genesis
  }

  get(id: string): BlockNode | undefined { return this.byId.get(id) }
  has(id: string): boolean { return this.byId.has(id) }
  get size(): number { return this.byId.size }

  /** Adds a block whose parent is in the tree (the caller checked it with the core). */
  add(b: BlockNode): void {
    if (this.byId.has(b.id)) return
    if (!b.parent || !this.byId.has(b.parent.id)) throw new Error(`BlockTree.add: expected the parent of ${b.id} in the tree, got none`)
    this.byId.set(b.id, b)
    let list = this.above.get(b.height)
    if (!list) this.above.set(b.height, list = [])
    list.push(b)
  }

  /** Blocks above the final block at `height`. */
  atHeight(height: number): BlockNode[] { return this.above.get(height) ?? [] }

  /** The ancestor of `b` at `height` (b itself when equal), or null when height > b.height. */
  ancestorAt(b: BlockNode, height: number): BlockNode | null {
    if (height > b.height) return null
    if (height <= this.final.height && this.descends(b, this.final)) return this.finalChain[height]
    let x: BlockNode | null = b
    while (x && x.height > height) x = x.parent
    return x
  }

  /** Does `b` descend from (or equal) `a`? */
  descends(b: BlockNode, a: BlockNode): boolean {
    let x: BlockNode | null = b
    while (x && x.height > a.height) x = x.parent
    return x === a
  }

  /**
   * Marks `b` notarized with certificate `cert` (kept if it has none yet). Returns true the
   * first time. Fork choice moves to `b` if it is preferred and descends from the final block.
   */
  markNotarized(b: BlockNode, cert: Uint8Array | null): boolean {
    if (cert && !b.notarization) b.notarization = cert
    if (b.notarized) return false
    b.notarized = true
    if (preferred(b, this.best) && this.descends(b, this.final)) this.best = b
    return true
  }

  /**
   * Finalizes `b` and its ancestors. Returns the newly final blocks in height order, or null
   * if `b` conflicts with the final chain (two conflicting finalization certificates: a
   * safety failure the caller reports; nothing changes).
   */
  finalize(b: BlockNode, cert: Uint8Array | null): BlockNode[] | null {
    if (cert && !b.finalization) b.finalization = cert
    if (b.final) return []
    if (!this.descends(b, this.final)) return null
    const fresh: BlockNode[] = []
    for (let x: BlockNode | null = b; x && !x.final; x = x.parent) fresh.push(x)
    fresh.reverse()
    for (const x of fresh) {
      x.final = true
      this.markNotarized(x, null)
      this.finalChain[x.height] = x
    }
    this.final = b
    this.prune()
    return fresh
  }

  /** Drops blocks that can no longer be on the chain and recomputes the fork choice. */
  private prune(): void {
    const f = this.final
    const heights = [...this.above.keys()].sort((a, b) => a - b)
    let best = f
    for (const h of heights) {
      const list = this.above.get(h) as BlockNode[]
      if (h <= f.height) {
        for (const x of list) if (!x.final) this.byId.delete(x.id)
        this.above.delete(h)
        continue
      }
      // parents were visited first (lower height): "parent still in the tree" means "descends from f"
      const kept: BlockNode[] = []
      for (const x of list) {
        const p = x.parent as BlockNode
        if (p === f || (p.height > f.height && this.byId.get(p.id) === p)) kept.push(x)
        else this.byId.delete(x.id)
      }
      if (kept.length === 0) { this.above.delete(h); continue }
      this.above.set(h, kept)
      for (const x of kept) if (x.notarized && preferred(x, best)) best = x
    }
    this.best = best
  }

  /** The final block at `height`, if the final chain reaches it. */
  finalAt(height: number): BlockNode | undefined { return height <= this.final.height ? this.finalChain[height] : undefined }

  /**
   * Up to `count` blocks of the node's chain (final chain, then the fork choice's branch)
   * from `from` on, in height order.
   */
  chainFrom(from: number, count: number): BlockNode[] {
    const out: BlockNode[] = []
    const branch: BlockNode[] = []
    for (let x: BlockNode | null = this.best; x && x.height > this.final.height; x = x.parent) branch.push(x)
    branch.reverse()
    for (let h = Math.max(1, from); out.length < count; h++) {
      const b = h <= this.final.height ? this.finalChain[h] : branch[h - this.final.height - 1]
      if (!b) break
      out.push(b)
    }
    return out
  }
}
