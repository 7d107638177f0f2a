// The state tree of one call: a compact sparse Merkle tree over SHA-256 (docs/STATE.md),
// loaded from a witness, read and written by key, then committed to a new root plus the
// nodes the store must add.
//
// Lifecycle, all inside one ABI call (the arena is freed by the next chiron_reset()):
//   stateLoad(root, witness)  decode, hash every node once, compare with the root
//   stateGet / stateSet       walk the key's path, marking it visited (and dirty for a set)
//   stateCommit(outRoot)      canonical use, rehash the dirty nodes once, prepare writes
// The witness buffer must stay unchanged until the commit: leaves point into it.
import { OK, E_WITNESS_MISSING, E_WITNESS_ROOT, E_WITNESS_SHAPE, E_STATE_VALUE_LEN, E_STATE_NODES } from "../errors";
import { sha256, sha256Node } from "../hash/sha256";
import {
  NODES_MAX, VALUE_BYTES_MAX, KIND_EMPTY, KIND_LEAF, KIND_INTERNAL, KIND_PRUNED, KIND_MASK,
  FLAG_VISITED, FLAG_DIRTY, FLAG_MUST_VISIT, nodeCount, nodesInit, nodesReserve, nodeNew,
  nodeMeta, nodeSetMeta, nodeKind, nodeA, nodeB, nodeLen, nodeHash, nodeSetLeaf, nodeSetChildren,
  nodeSetChild, EMPTY_NODE,
} from "./nodes";
import { witnessScan, witnessDecode, scanNodes, decodedRoot } from "./witness";

export { VALUE_BYTES_MAX } from "./nodes";

/** Whether the last stateGet found its key. */
export let stateFound: bool = false;
/** The value stateGet found: valid until the next stateSet of that key. */
export let stateValuePtr: usize = 0;
export let stateValueLen: u32 = 0;

export function stateFoundGet(): bool { return stateFound; }
export function stateValuePtrGet(): usize { return stateValuePtr; }
export function stateValueLenGet(): u32 { return stateValueLen; }

let loaded: bool = false;
let rootIndex: u32 = 0;
/** Nodes [0, witnessNodes) came from the witness; later ones were created by sets. */
let witnessNodes: u32 = 0;
let writesPtr: usize = 0;
let writesLen: u32 = 0;
/** Where the last walk ended: depth, parent (or NO_PARENT at the root), side. */
let walkDepth: u32 = 0;
let walkParent: u32 = 0;
let walkRight: bool = false;
const NO_PARENT: u32 = 0xffffffff;
/** Room for stateSet's new nodes beyond the witness, before the arena first grows. */
const CREATE_SLACK: u32 = 1024;

export const STATE_WRITES_HEADROOM: usize = 32;

const scratchHash: usize = memory.data(32);
const valueHash: usize = memory.data(32);

/**
 * Decodes `witness` and verifies it against `root` (32 bytes), replacing any state loaded
 * before. OK, or E_WITNESS_SHAPE / E_WITNESS_DEPTH / E_WITNESS_ROOT / E_STATE_NODES.
 */
export function stateLoad(root: usize, witness: usize, witnessLen: u32): i32 {
  loaded = false;
  writesPtr = 0;
  writesLen = 0;
  stateFound = false;
  stateValuePtr = 0;
  stateValueLen = 0;
  let r = witnessScan(witness, <usize>witnessLen);
  if (r != OK) return r;
  // One more node: EMPTY_NODE.
  if (scanNodes >= NODES_MAX) return E_STATE_NODES;
  nodesInit(min<u32>(scanNodes + max<u32>(scanNodes >> 2, CREATE_SLACK), NODES_MAX - 1));
  r = witnessDecode(witness);
  if (r != OK) return r;
  rootIndex = decodedRoot;
  witnessNodes = nodeCount;
  if (memory.compare(nodeHash(rootIndex), root, 32) != 0) return E_WITNESS_ROOT;
  loaded = true;
  return OK;
}

/**
 * Looks `key` (32 bytes) up: OK with stateFound/stateValuePtr/stateValueLen set, or
 * E_WITNESS_MISSING when the witness pruned the key's path.
 */
export function stateGet(key: usize): i32 {
  assertLoaded();
  stateFound = false;
  stateValuePtr = 0;
  stateValueLen = 0;
  let t = walk(key, 0);
  let kind = nodeKind(t);
  if (kind == KIND_PRUNED) return E_WITNESS_MISSING;
  if (kind == KIND_LEAF && keysEqual(nodeA(t), key)) {
    stateFound = true;
    stateValuePtr = <usize>nodeB(t);
    stateValueLen = nodeLen(t);
  }
  return OK;
}

/**
 * Inserts or updates `key` → value (copied). OK, E_WITNESS_MISSING, E_STATE_VALUE_LEN
 * (valueLen > 1024) or E_STATE_NODES.
 */
export function stateSet(key: usize, value: usize, valueLen: u32): i32 {
  assertLoaded();
  if (valueLen > VALUE_BYTES_MAX) return E_STATE_VALUE_LEN;
  let t = walk(key, FLAG_DIRTY);
  let meta = nodeMeta(t);
  let kind = meta & KIND_MASK;
  if (kind == KIND_PRUNED) return E_WITNESS_MISSING;
  if (kind == KIND_EMPTY) {
    if (!nodesReserve(1)) return E_STATE_NODES;
    let copy = copyEntry(key, value, valueLen);
    let fresh = nodeNew(KIND_LEAF | FLAG_DIRTY);
    nodeSetLeaf(fresh, copy, copy + 32, valueLen);
    if (walkParent == NO_PARENT) rootIndex = fresh;
    else nodeSetChild(walkParent, walkRight, fresh);
    return OK;
  }
  let other = <usize>nodeA(t);
  if (keysEqual(other, key)) {
    let copy = copyEntry(key, value, valueLen);
    nodeSetLeaf(t, copy, copy + 32, valueLen);
    nodeSetMeta(t, meta | FLAG_DIRTY);
    return OK;
  }
  return splitLeaf(t, key, value, valueLen);
}

/**
 * Replaces leaf `t` (at walkDepth, another key) by the subtree holding both leaves: a
 * chain of internal nodes (with empty siblings) down to the first bit where the keys
 * differ, whose two children are the leaves.
 */
function splitLeaf(t: u32, key: usize, value: usize, valueLen: u32): i32 {
  let d = walkDepth;
  let other = <usize>nodeA(t);
  let at = firstDifferentBit(key, other);
  // Both keys share the path bits above the leaf's position.
  assert(at >= d && at < 256);
  if (!nodesReserve(at - d + 2)) return E_STATE_NODES;
  // The old leaf moves down unchanged: its hash does not depend on its position (but a
  // leaf set earlier in this call has no hash yet, so its dirt moves with it).
  let moved = nodeNew(KIND_LEAF | (nodeMeta(t) & FLAG_DIRTY));
  nodeSetLeaf(moved, other, <usize>nodeB(t), nodeLen(t));
  memory.copy(nodeHash(moved), nodeHash(t), 32);
  let copy = copyEntry(key, value, valueLen);
  let fresh = nodeNew(KIND_LEAF | FLAG_DIRTY);
  nodeSetLeaf(fresh, copy, copy + 32, valueLen);
  let cur = t;
  for (let k = d; k < at; k++) {
    let next = nodeNew(KIND_INTERNAL | FLAG_DIRTY);
    makeInternal(cur);
    if (bitAt(key, k)) nodeSetChildren(cur, EMPTY_NODE, next);
    else nodeSetChildren(cur, next, EMPTY_NODE);
    cur = next;
  }
  makeInternal(cur);
  if (bitAt(key, at)) nodeSetChildren(cur, moved, fresh);
  else nodeSetChildren(cur, fresh, moved);
  return OK;
}

// @ts-ignore: decorator
@inline function makeInternal(i: u32): void {
  nodeSetMeta(i, (nodeMeta(i) & ~KIND_MASK) | KIND_INTERNAL | FLAG_DIRTY);
}

/**
 * Checks canonical use (every expanded node of the witness lay on the path of a key read
 * or written), recomputes the changed hashes, writes the new root to `outRoot` (32 bytes)
 * and prepares the writes (stateWritesPtr/Len): the nodes whose hashes are new since the
 * load or the previous commit. OK or E_WITNESS_SHAPE.
 */
export function stateCommit(outRoot: usize): i32 {
  assertLoaded();
  let r = stateCheckUse();
  if (r != OK) return r;
  emitList = heap.alloc(<usize>nodeCount << 2);
  emitCount = 0;
  emitBytes = 4;
  rehash(rootIndex);
  writesPtr = heap.alloc(STATE_WRITES_HEADROOM + emitBytes) + STATE_WRITES_HEADROOM;
  writesLen = <u32>emitBytes;
  store<u32>(writesPtr, emitCount);
  let p = writesPtr + 4;
  for (let k: u32 = 0; k < emitCount; k++) {
    p = writeNode(p, load<u32>(emitList + (<usize>k << 2)));
  }
  assert(p == writesPtr + emitBytes);
  memory.copy(outRoot, nodeHash(rootIndex), 32);
  return OK;
}

/** OK when every expanded witness node (leaf or internal) was visited, else E_WITNESS_SHAPE. */
export function stateCheckUse(): i32 {
  for (let i: u32 = 0; i < witnessNodes; i++) {
    let m = nodeMeta(i);
    if ((m & (FLAG_MUST_VISIT | FLAG_VISITED)) == FLAG_MUST_VISIT) return E_WITNESS_SHAPE;
  }
  return OK;
}

/**
 * The writes of the last commit: count:u32 LE, then hash[32] || len:u32 LE || node bytes
 * per node. The STATE_WRITES_HEADROOM bytes before stateWritesPtr() belong to the caller,
 * so root[32] || writes can be returned as one result without a copy.
 */
export function stateWritesPtr(): usize { return writesPtr; }
export function stateWritesLen(): u32 { return writesLen; }

let emitList: usize = 0;
let emitCount: u32 = 0;
let emitBytes: usize = 0;

/** Recomputes the hashes of dirty node `i` and its dirty descendants, children first. */
function rehash(i: u32): void {
  let m = nodeMeta(i);
  if ((m & FLAG_DIRTY) == 0) return;
  nodeSetMeta(i, m & ~FLAG_DIRTY);
  let kind = m & KIND_MASK;
  let bytes: usize;
  if (kind == KIND_INTERNAL) {
    let l = nodeA(i);
    let r = nodeB(i);
    rehash(l);
    rehash(r);
    sha256Node(scratchHash, 0x01, nodeHash(l), nodeHash(r));
    bytes = 65;
  } else {
    assert(kind == KIND_LEAF);
    let len = nodeLen(i);
    sha256(valueHash, <usize>nodeB(i), <usize>len);
    sha256Node(scratchHash, 0x00, <usize>nodeA(i), valueHash);
    bytes = 33 + <usize>len;
  }
  let h = nodeHash(i);
  if (memory.compare(scratchHash, h, 32) == 0) return;
  memory.copy(h, scratchHash, 32);
  store<u32>(emitList + (<usize>emitCount << 2), i);
  emitCount++;
  emitBytes += 36 + bytes;
}

/** hash[32] || len:u32 LE || node bytes, at p; returns the end. */
function writeNode(p: usize, i: u32): usize {
  memory.copy(p, nodeHash(i), 32);
  if (nodeKind(i) == KIND_INTERNAL) {
    store<u32>(p + 32, 65);
    store<u8>(p + 36, 0x01);
    memory.copy(p + 37, nodeHash(nodeA(i)), 32);
    memory.copy(p + 69, nodeHash(nodeB(i)), 32);
    return p + 101;
  }
  let len = nodeLen(i);
  store<u32>(p + 32, 33 + len);
  store<u8>(p + 36, 0x00);
  memory.copy(p + 37, <usize>nodeA(i), 32);
  memory.copy(p + 69, <usize>nodeB(i), <usize>len);
  return p + 69 + <usize>len;
}

/**
 * Follows `key` from the root to the first node that is not internal (at most 257
 * nodes: internal nodes sit at depth <= 255), marking the path visited and with
 * `flags`; sets walkDepth to that node's depth.
 */
function walk(key: usize, flags: u8): u32 {
  let i = rootIndex;
  let d: u32 = 0;
  let parent = NO_PARENT;
  let right = false;
  while (true) {
    let m = nodeMeta(i);
    if ((m & KIND_MASK) != KIND_INTERNAL) {
      if (i != EMPTY_NODE) nodeSetMeta(i, m | FLAG_VISITED);
      break;
    }
    nodeSetMeta(i, m | FLAG_VISITED | flags);
    parent = i;
    right = bitAt(key, d);
    i = right ? nodeB(i) : nodeA(i);
    d++;
    assert(d <= 256);
  }
  walkDepth = d;
  walkParent = parent;
  walkRight = right;
  return i;
}

// @ts-ignore: decorator
@inline function bitAt(key: usize, i: u32): bool {
  return ((load<u8>(key + <usize>(i >> 3)) >> (7 - (i & 7))) & 1) != 0;
}

// @ts-ignore: decorator
@inline function keysEqual(a: usize, b: usize): bool {
  return ((load<u64>(a) ^ load<u64>(b)) | (load<u64>(a, 8) ^ load<u64>(b, 8)) |
    (load<u64>(a, 16) ^ load<u64>(b, 16)) | (load<u64>(a, 24) ^ load<u64>(b, 24))) == 0;
}

/** Index of the first bit where two different keys differ (MSB first). */
function firstDifferentBit(a: usize, b: usize): u32 {
  for (let j: u32 = 0; j < 32; j++) {
    let x = <u32>(load<u8>(a + <usize>j) ^ load<u8>(b + <usize>j));
    if (x != 0) return (j << 3) + clz<u32>(x) - 24;
  }
  return 256;
}

/** A call-time copy of key[32] || value: the caller may reuse its buffers. */
function copyEntry(key: usize, value: usize, len: u32): usize {
  let p = heap.alloc(32 + <usize>len);
  memory.copy(p, key, 32);
  memory.copy(p + 32, value, <usize>len);
  return p;
}

/**
 * stateGet/Set/Commit need a stateLoad earlier in the same ABI call: the arena lives in
 * call-time memory. A reset rewinds the heap below it, which this catches (a bug, so it
 * aborts rather than returning a code).
 */
function assertLoaded(): void {
  let top = heap.alloc(0);
  heap.free(top);
  assert(loaded && top > nodeHash(0));
}
