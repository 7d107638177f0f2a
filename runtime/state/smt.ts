// StateTree: a full node's view of the state tree (docs/STATE.md) over a NodeStore. It
// builds the witnesses the core verifies (one per block, and one-key proofs for light
// clients), reads values, and stores the nodes the core reports after an update.
//
// Witnesses are built in two phases so a slow, asynchronous store is read in as few
// round trips as the tree is deep: first every node the keys' paths enter is fetched
// level by level (one Promise.all per depth), then the pre-order bytes are written
// synchronously from those nodes.
import type { NodeStore, StoredNode } from './store.js'
import { toHex, equalBytes } from '../bytes.js'
import { keyBit, leafHash, internalHash } from './reference.js'

const KEY_BYTES = 32
const VALUE_BYTES_MAX = 1024
/** Internal nodes sit at depth <= 255, leaves at depth <= 256. */
const DEPTH_MAX = 256
const TAG_NODE_LEAF = 0x00
const TAG_NODE_INTERNAL = 0x01

type TreeNode =
  | { leaf: true, key: Uint8Array, value: Uint8Array }
  | { leaf: false, left: Uint8Array, right: Uint8Array }

/** A subtree a witness covers: its hash, the sorted keys [lo, hi) entering it, its node. */
interface Cover { hash: Uint8Array, lo: number, hi: number, node?: TreeNode, left?: Cover, right?: Cover }

function isZeroHash(h: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (h[i] !== 0) return false
  return true
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/** Node bytes: 0x00 || key[32] || value[0..1024] (leaf) or 0x01 || left[32] || right[32]. */
function parseNode(fn: string, hash: Uint8Array, bytes: Uint8Array): TreeNode {
  if (bytes.length === 65 && bytes[0] === TAG_NODE_INTERNAL) {
    return { leaf: false, left: bytes.subarray(1, 33), right: bytes.subarray(33, 65) }
  }
  if (bytes.length >= 33 && bytes.length <= 33 + VALUE_BYTES_MAX && bytes[0] === TAG_NODE_LEAF) {
    return { leaf: true, key: bytes.subarray(1, 33), value: bytes.subarray(33) }
  }
  throw new Error(`${fn}: expected a tree node under ${toHex(hash)}, got ${bytes.length} bytes with tag ${bytes[0]}`)
}

function nodeHash(n: TreeNode): Uint8Array {
  return n.leaf ? leafHash(n.key, n.value) : internalHash(n.left, n.right)
}

/** First index in [lo, hi) whose key has bit `depth` set: keys sorted and sharing the bits above. */
function splitKeys(keys: Uint8Array[], lo: number, hi: number, depth: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (keyBit(keys[mid], depth) === 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function expectKey(fn: string, key: unknown): Uint8Array {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${fn}: expected key as Uint8Array, got ${key === null ? 'null' : typeof key}`)
  if (key.length !== KEY_BYTES) throw new TypeError(`${fn}: expected key of 32 bytes, got ${key.length}`)
  return key
}

function expectHash(fn: string, what: string, h: unknown): Uint8Array {
  if (!(h instanceof Uint8Array)) throw new TypeError(`${fn}: expected ${what} as Uint8Array, got ${h === null ? 'null' : typeof h}`)
  if (h.length !== 32) throw new TypeError(`${fn}: expected ${what} of 32 bytes, got ${h.length}`)
  return h
}

/** A growable byte buffer for witness output. */
class ByteWriter {
  buf: Uint8Array
  len = 0
  constructor(capacity: number) { this.buf = new Uint8Array(Math.max(64, capacity)) }
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n))
    next.set(this.buf.subarray(0, this.len))
    this.buf = next
  }
  byte(b: number): void { this.room(1); this.buf[this.len++] = b }
  bytes(b: Uint8Array): void { this.room(b.length); this.buf.set(b, this.len); this.len += b.length }
  u16(v: number): void { this.room(2); this.buf[this.len++] = v & 0xff; this.buf[this.len++] = v >>> 8 }
  finish(): Uint8Array { return this.buf.slice(0, this.len) }
}

export class StateTree {
  readonly store: NodeStore
  #root: Uint8Array

  constructor(store: NodeStore, root: Uint8Array) {
    if (store === null || typeof store !== 'object' || typeof store.get !== 'function' || typeof store.putMany !== 'function') {
      throw new TypeError(`StateTree: expected a NodeStore, got ${store === null ? 'null' : typeof store}`)
    }
    this.store = store
    this.#root = expectHash('StateTree', 'root', root).slice()
  }

  /** The current root (a copy). */
  get root(): Uint8Array { return this.#root.slice() }

  async #node(fn: string, hash: Uint8Array): Promise<TreeNode> {
    const bytes = await this.store.get(hash)
    if (bytes === undefined) throw new Error(`${fn}: expected node ${toHex(hash)} in the store, got nothing`)
    return parseNode(fn, hash, bytes)
  }

  #getLevel(hashes: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    if (this.store.getMany) return this.store.getMany(hashes)
    return Promise.all(hashes.map((h) => this.store.get(h)))
  }

  /** The value under `key`, or undefined. */
  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    const fn = 'StateTree.get'
    expectKey(fn, key)
    let hash = this.#root
    for (let depth = 0; depth <= DEPTH_MAX; depth++) {
      if (isZeroHash(hash)) return undefined
      const node = await this.#node(fn, hash)
      if (node.leaf) return equalBytes(node.key, key) ? node.value.slice() : undefined
      hash = keyBit(key, depth) === 0 ? node.left : node.right
    }
    throw new Error(`${fn}: expected a tree at most ${DEPTH_MAX} deep, got a deeper path (corrupt store)`)
  }

  /**
   * The values under `keys` (undefined where absent), in the keys' order. One walk for all:
   * paths are followed level by level together, so the nodes near the root that most keys
   * share are read once (a block's worth of accounts costs a few times fewer node reads
   * than as many get() calls).
   */
  async getMany(keys: Uint8Array[]): Promise<(Uint8Array | undefined)[]> {
    const fn = 'StateTree.getMany'
    if (!Array.isArray(keys)) throw new TypeError(`${fn}: expected an array of keys, got ${keys === null ? 'null' : typeof keys}`)
    const order = keys.map((k, i) => ({ k: expectKey(fn, k), i })).sort((a, b) => compareBytes(a.k, b.k))
    const sorted = order.map((o) => o.k)
    const out: (Uint8Array | undefined)[] = new Array(keys.length).fill(undefined)
    await this.#expand(fn, { hash: this.#root, lo: 0, hi: sorted.length }, sorted, (c, leaf) => {
      for (let j = c.lo; j < c.hi; j++) if (equalBytes(leaf.key, sorted[j])) out[order[j].i] = leaf.value.slice()
    })
    return out
  }

  /**
   * Expands `top` along the paths of `sorted` (sorted keys), level by level with one store
   * round trip per depth: every subtree some key enters gets its node and, if internal,
   * its two children (with the keys entering each); `onLeaf` sees each leaf reached.
   */
  async #expand(fn: string, top: Cover, sorted: Uint8Array[], onLeaf?: (c: Cover, leaf: TreeNode & { leaf: true }) => void): Promise<void> {
    let level: Cover[] = isZeroHash(top.hash) || top.lo === top.hi ? [] : [top]
    for (let depth = 0; level.length !== 0; depth++) {
      if (depth > DEPTH_MAX) throw new Error(`${fn}: expected a tree at most ${DEPTH_MAX} deep, got a deeper path (corrupt store)`)
      const found = await this.#getLevel(level.map((c) => c.hash))
      const next: Cover[] = []
      for (let i = 0; i < level.length; i++) {
        const c = level[i]
        const bytes = found[i]
        if (bytes === undefined) throw new Error(`${fn}: expected node ${toHex(c.hash)} in the store, got nothing`)
        const node = parseNode(fn, c.hash, bytes)
        c.node = node
        if (node.leaf) { onLeaf?.(c, node); continue }
        const mid = splitKeys(sorted, c.lo, c.hi, depth)
        const left: Cover = { hash: node.left, lo: c.lo, hi: mid }
        const right: Cover = { hash: node.right, lo: mid, hi: c.hi }
        c.left = left
        c.right = right
        if (left.lo !== left.hi && !isZeroHash(left.hash)) next.push(left)
        if (right.lo !== right.hi && !isZeroHash(right.hash)) next.push(right)
      }
      level = next
    }
  }

  /**
   * The minimal canonical witness for exactly `keys` (duplicates ignored, order free):
   * every subtree some key's path enters is expanded, empty subtrees are 0x00 and every
   * other subtree is pruned to its hash.
   */
  async buildWitness(keys: Uint8Array[]): Promise<Uint8Array> {
    const fn = 'StateTree.buildWitness'
    if (!Array.isArray(keys)) throw new TypeError(`${fn}: expected an array of keys, got ${keys === null ? 'null' : typeof keys}`)
    const sorted = keys.map((k) => expectKey(fn, k)).slice().sort(compareBytes)
    const unique: Uint8Array[] = []
    for (const k of sorted) if (unique.length === 0 || !equalBytes(unique[unique.length - 1], k)) unique.push(k)

    const top: Cover = { hash: this.#root, lo: 0, hi: unique.length }
    await this.#expand(fn, top, unique)

    const out = new ByteWriter(unique.length * 600 + 64)
    const emit = (c: Cover): void => {
      if (isZeroHash(c.hash)) { out.byte(0x00); return }
      const node = c.node
      if (node === undefined) { out.byte(0x03); out.bytes(c.hash); return }
      if (node.leaf) {
        out.byte(0x01); out.bytes(node.key); out.u16(node.value.length); out.bytes(node.value)
        return
      }
      out.byte(0x02)
      emit(c.left!)
      emit(c.right!)
    }
    emit(top)
    return out.finish()
  }

  /** The inclusion or exclusion proof of `key`: the witness of that one key. */
  async prove(key: Uint8Array): Promise<Uint8Array> {
    expectKey('StateTree.prove', key)
    return this.buildWitness([key])
  }

  /**
   * Stores the nodes of the core's writes (count:u32 LE, then hash[32] || len:u32 LE ||
   * node bytes each) and moves to `newRoot`, which must be the current root (nothing
   * changed) or among the writes. With verifyHashes each node's hash is recomputed
   * (SHA-256 in JS; the core already computed them, so this guards the path between).
   */
  async applyWrites(newRoot: Uint8Array, writes: Uint8Array, opts: { verifyHashes?: boolean } = {}): Promise<void> {
    const fn = 'StateTree.applyWrites'
    expectHash(fn, 'newRoot', newRoot)
    if (!(writes instanceof Uint8Array)) throw new TypeError(`${fn}: expected writes as Uint8Array, got ${writes === null ? 'null' : typeof writes}`)
    if (writes.length < 4) throw new Error(`${fn}: expected writes of at least 4 bytes, got ${writes.length}`)
    // One copy, then views into it: a buffer per node would cost more in GC than the rest.
    writes = writes.slice()
    const view = new DataView(writes.buffer, writes.byteOffset, writes.byteLength)
    const count = view.getUint32(0, true)
    const nodes: StoredNode[] = []
    let rootWritten = false
    let pos = 4
    for (let k = 0; k < count; k++) {
      if (writes.length - pos < 36) throw new Error(`${fn}: expected node ${k} of ${count} at byte ${pos}, got the end of the writes`)
      const hash = writes.subarray(pos, pos + 32)
      const len = view.getUint32(pos + 32, true)
      pos += 36
      if (writes.length - pos < len) throw new Error(`${fn}: expected ${len} node bytes at byte ${pos}, got ${writes.length - pos}`)
      const bytes = writes.subarray(pos, pos + len)
      pos += len
      const node = parseNode(fn, hash, bytes)
      if (opts.verifyHashes && !equalBytes(nodeHash(node), hash)) {
        throw new Error(`${fn}: expected node ${k} to hash to ${toHex(hash)}, got ${toHex(nodeHash(node))}`)
      }
      if (!rootWritten && equalBytes(hash, newRoot)) rootWritten = true
      nodes.push({ hash, bytes })
    }
    if (pos !== writes.length) throw new Error(`${fn}: expected ${pos} bytes of writes, got ${writes.length} (trailing bytes)`)
    if (!rootWritten && !equalBytes(newRoot, this.#root)) {
      throw new Error(`${fn}: expected the new root ${toHex(newRoot)} among the writes or equal to the current root, got neither`)
    }
    if (nodes.length !== 0) await this.store.putMany(nodes)
    this.#root = newRoot.slice()
  }
}
