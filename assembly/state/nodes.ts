// The node arena: the part of the state tree one call has loaded, as struct-of-arrays in
// call-time memory (docs/STATE.md). A node is an index; its fields live in five parallel
// arrays, so there is no object per node and nothing to collect:
//
//   meta[i]  u8   kind (bits 0–1) and flags (bits 2–4)
//   a[i]     u32  internal: left child index   leaf: address of its 32-byte key
//   b[i]     u32  internal: right child index  leaf: address of its value
//   len[i]   u16  leaf: value length (0..VALUE_BYTES_MAX)
//   hash[i]  32 bytes: the node's hash (all zero for an empty subtree)
//
// Every empty subtree is the one node EMPTY_NODE, so only leaves, internal and pruned
// nodes take room: a tree of n random keys holds about 2.44 n of them.
//
// The arrays are allocated by stateLoad for the witness it decodes, sized exactly by a
// pre-scan, and grow (doubling) only when updates create nodes. They are freed with
// everything else by the next chiron_reset(), so they are valid within one ABI call only.

/** Longest value a leaf may hold. */
export const VALUE_BYTES_MAX: u32 = 1024;
/** Deepest node: a leaf below 256 path bits. Internal nodes are at depth <= 255. */
export const DEPTH_MAX: u32 = 256;
/**
 * Most nodes one call may hold (witness plus created). It bounds memory: 2^18 nodes are
 * 11 MiB of arrays and at most 26 MiB of internal-node writes, so a call with two 16 MiB
 * inputs stays far below the module's 128 MiB. A block touching 3,000 keys of a tree of
 * 10^7 leaves needs about 80,000.
 */
export const NODES_MAX: u32 = 1 << 18;

export const KIND_EMPTY: u8 = 0;
export const KIND_LEAF: u8 = 1;
export const KIND_INTERNAL: u8 = 2;
export const KIND_PRUNED: u8 = 3;
export const KIND_MASK: u8 = 3;
/** On the path of a key read or written in this call. */
export const FLAG_VISITED: u8 = 4;
/** Its hash must be recomputed at commit. */
export const FLAG_DIRTY: u8 = 8;
/** An expanded node of the witness (leaf or internal): canonical use needs it visited. */
export const FLAG_MUST_VISIT: u8 = 16;

export let nodeCount: u32 = 0;
let nodeCap: u32 = 0;
let metaBase: usize = 0;
let aBase: usize = 0;
let bBase: usize = 0;
let lenBase: usize = 0;
let hashBase: usize = 0;

// @ts-ignore: decorator
@inline export function nodeMeta(i: u32): u8 { return load<u8>(metaBase + <usize>i); }
// @ts-ignore: decorator
@inline export function nodeSetMeta(i: u32, m: u8): void { store<u8>(metaBase + <usize>i, m); }
// @ts-ignore: decorator
@inline export function nodeKind(i: u32): u8 { return load<u8>(metaBase + <usize>i) & KIND_MASK; }
// @ts-ignore: decorator
@inline export function nodeA(i: u32): u32 { return load<u32>(aBase + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function nodeB(i: u32): u32 { return load<u32>(bBase + (<usize>i << 2)); }
// @ts-ignore: decorator
@inline export function nodeLen(i: u32): u32 { return <u32>load<u16>(lenBase + (<usize>i << 1)); }
// @ts-ignore: decorator
@inline export function nodeHash(i: u32): usize { return hashBase + (<usize>i << 5); }

// @ts-ignore: decorator
@inline export function nodeSetChild(i: u32, right: bool, child: u32): void {
  store<u32>((right ? bBase : aBase) + (<usize>i << 2), child);
}

// @ts-ignore: decorator
@inline export function nodeSetChildren(i: u32, left: u32, right: u32): void {
  store<u32>(aBase + (<usize>i << 2), left);
  store<u32>(bBase + (<usize>i << 2), right);
}

// @ts-ignore: decorator
@inline export function nodeSetLeaf(i: u32, key: usize, value: usize, len: u32): void {
  store<u32>(aBase + (<usize>i << 2), <u32>key);
  store<u32>(bBase + (<usize>i << 2), <u32>value);
  store<u16>(lenBase + (<usize>i << 1), <u16>len);
}

/**
 * Node 0: the one empty subtree every empty child points at. It is never changed: an
 * insert into an empty subtree makes a new leaf and repoints the parent.
 */
export const EMPTY_NODE: u32 = 0;

/** Empties the arena (but for EMPTY_NODE) with room for `cap` more nodes (cap < NODES_MAX). */
export function nodesInit(cap: u32): void {
  nodeCount = 0;
  nodeCap = 0;
  nodesGrowTo(max<u32>(cap + 1, 16));
  nodeNew(KIND_EMPTY);
}

/** Ensures room for `n` more nodes; false when that would pass NODES_MAX. */
export function nodesReserve(n: u32): bool {
  let need = <u64>nodeCount + <u64>n;
  if (need > <u64>NODES_MAX) return false;
  if (need <= <u64>nodeCap) return true;
  nodesGrowTo(min<u32>(max<u32>(nodeCap << 1, <u32>need), NODES_MAX));
  return true;
}

/** Appends a node of `meta` with a zero hash; room must have been reserved. */
export function nodeNew(meta: u8): u32 {
  let i = nodeCount;
  assert(i < nodeCap);
  nodeCount = i + 1;
  store<u8>(metaBase + <usize>i, meta);
  memory.fill(hashBase + (<usize>i << 5), 0, 32);
  return i;
}

function nodesGrowTo(cap: u32): void {
  let n = <usize>nodeCount;
  let c = <usize>cap;
  let meta = heap.alloc(c);
  let a = heap.alloc(c << 2);
  let b = heap.alloc(c << 2);
  let len = heap.alloc(c << 1);
  let hash = heap.alloc(c << 5);
  if (n != 0) {
    memory.copy(meta, metaBase, n);
    memory.copy(a, aBase, n << 2);
    memory.copy(b, bBase, n << 2);
    memory.copy(len, lenBase, n << 1);
    memory.copy(hash, hashBase, n << 5);
  }
  metaBase = meta; aBase = a; bBase = b; lenBase = len; hashBase = hash;
  nodeCap = cap;
}
