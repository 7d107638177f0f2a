// Witness decoding (docs/STATE.md §Witness): a pre-order walk of the pruned tree that
// covers a set of keys, one tag byte per node:
//
//   0x00                               empty subtree
//   0x01 key[32] len:u16 LE value[len] leaf (len <= 1024)
//   0x02 <left> <right>                internal node
//   0x03 hash[32]                      pruned subtree (hash not all zero)
//
// Two passes. witnessScan checks the byte-level grammar (tags, lengths, truncation,
// trailing bytes, depth, zero pruned hashes) with an explicit stack and counts the nodes,
// so the arena is sized once. witnessDecode then builds the arena recursively — the scan
// has bounded the recursion to DEPTH_MAX — checking the tree-level rules (no collapsible
// internal node, every leaf under its own key's path) and hashing every node once.
import { OK, E_WITNESS_DEPTH, E_WITNESS_SHAPE } from "../errors";
import { sha256, sha256Node } from "../hash/sha256";
import { isZero32 } from "../util/bytes32";
import {
  DEPTH_MAX, VALUE_BYTES_MAX, EMPTY_NODE, KIND_EMPTY, KIND_LEAF, KIND_INTERNAL, KIND_PRUNED,
  FLAG_MUST_VISIT, nodeNew, nodeKind, nodeHash, nodeSetLeaf, nodeSetMeta, nodeSetChildren,
} from "./nodes";

const TAG_EMPTY: u8 = 0x00;
const TAG_LEAF: u8 = 0x01;
const TAG_INTERNAL: u8 = 0x02;
const TAG_PRUNED: u8 = 0x03;
/** Tag, key and length before a leaf's value. */
const LEAF_HEAD_BYTES: usize = 35;

/** Children still to read of each open internal node, by depth (scan). */
const pending: usize = memory.data(DEPTH_MAX + 1);
/** The path bits of the node being decoded, MSB first (decode). */
const path: usize = memory.data(32);
/** SHA-256 of a leaf's value (decode). */
const valueHash: usize = memory.data(32);

/** Count of non-empty nodes found by the last successful witnessScan. */
export let scanNodes: u32 = 0;

/** Checks the grammar of `len` bytes at `w`; OK sets scanNodes. */
export function witnessScan(w: usize, len: usize): i32 {
  let pos: usize = 0;
  let depth: u32 = 0; // open internal nodes = depth of the next node
  let count: u32 = 0;
  // Every node takes at least one byte, so `len` bounds the loop.
  while (true) {
    if (pos >= len) return E_WITNESS_SHAPE; // truncated
    let tag = load<u8>(w + pos);
    // Empty subtrees share one node (EMPTY_NODE) and are not counted.
    if (tag != TAG_EMPTY) count++;
    if (tag == TAG_INTERNAL) {
      // Its children would sit at depth + 1 > DEPTH_MAX.
      if (depth >= DEPTH_MAX) return E_WITNESS_DEPTH;
      store<u8>(pending + <usize>depth, 2);
      depth++;
      pos++;
      continue;
    }
    if (tag == TAG_EMPTY) {
      pos++;
    } else if (tag == TAG_LEAF) {
      if (len - pos < LEAF_HEAD_BYTES) return E_WITNESS_SHAPE;
      let valueLen = <usize>load<u16>(w + pos + 33);
      if (valueLen > <usize>VALUE_BYTES_MAX) return E_WITNESS_SHAPE;
      if (len - pos - LEAF_HEAD_BYTES < valueLen) return E_WITNESS_SHAPE;
      pos += LEAF_HEAD_BYTES + valueLen;
    } else if (tag == TAG_PRUNED) {
      if (len - pos < 33) return E_WITNESS_SHAPE;
      // The empty subtree has one encoding, 0x00.
      if (isZero32(w + pos + 1)) return E_WITNESS_SHAPE;
      pos += 33;
    } else {
      return E_WITNESS_SHAPE;
    }
    // A subtree is complete: close every internal node whose right child it was.
    while (depth > 0) {
      let p = pending + <usize>(depth - 1);
      let left = load<u8>(p) - 1;
      store<u8>(p, left);
      if (left != 0) break;
      depth--;
    }
    if (depth == 0) break;
  }
  if (pos != len) return E_WITNESS_SHAPE; // trailing bytes
  scanNodes = count;
  return OK;
}

let wBase: usize = 0;
let wPos: usize = 0;

/**
 * Decodes a witness that witnessScan accepted into the arena (which has room for
 * scanNodes more nodes). OK sets decodedRoot to the root's node index.
 */
export function witnessDecode(w: usize): i32 {
  wBase = w;
  wPos = 0;
  memory.fill(path, 0, 32);
  let r = decodeNode(0);
  if (r < 0) return -r;
  decodedRoot = <u32>r;
  return OK;
}

export let decodedRoot: u32 = 0;

/** Decodes the node at wPos (depth `depth`); its index, or minus an error code. */
function decodeNode(depth: u32): i32 {
  let p = wBase + wPos;
  let tag = load<u8>(p);
  if (tag == TAG_EMPTY) {
    wPos += 1;
    return <i32>EMPTY_NODE;
  }
  if (tag == TAG_PRUNED) {
    wPos += 33;
    let i = nodeNew(KIND_PRUNED);
    memory.copy(nodeHash(i), p + 1, 32);
    return <i32>i;
  }
  if (tag == TAG_LEAF) {
    let key = p + 1;
    let valueLen = <u32>load<u16>(p + 33);
    wPos += LEAF_HEAD_BYTES + <usize>valueLen;
    if (!keyOnPath(key, depth)) return -E_WITNESS_SHAPE;
    let i = nodeNew(KIND_LEAF | FLAG_MUST_VISIT);
    nodeSetLeaf(i, key, p + LEAF_HEAD_BYTES, valueLen);
    sha256(valueHash, p + LEAF_HEAD_BYTES, <usize>valueLen);
    sha256Node(nodeHash(i), 0x00, key, valueHash);
    return <i32>i;
  }
  // TAG_INTERNAL (the scan admits nothing else), at depth <= 255.
  wPos += 1;
  let i = nodeNew(KIND_INTERNAL | FLAG_MUST_VISIT);
  let byte = path + <usize>(depth >> 3);
  let bit = <u8>(<u32>0x80 >> (depth & 7));
  store<u8>(byte, load<u8>(byte) & ~bit);
  let l = decodeNode(depth + 1);
  if (l < 0) return l;
  store<u8>(byte, load<u8>(byte) | bit);
  let r = decodeNode(depth + 1);
  if (r < 0) return r;
  store<u8>(byte, load<u8>(byte) & ~bit);
  // A subtree with fewer than two leaves is an empty node or that leaf itself.
  let kl = nodeKind(<u32>l);
  let kr = nodeKind(<u32>r);
  if (kl == KIND_EMPTY && (kr == KIND_EMPTY || kr == KIND_LEAF)) return -E_WITNESS_SHAPE;
  if (kr == KIND_EMPTY && kl == KIND_LEAF) return -E_WITNESS_SHAPE;
  nodeSetMeta(i, KIND_INTERNAL | FLAG_MUST_VISIT);
  nodeSetChildren(i, <u32>l, <u32>r);
  sha256Node(nodeHash(i), 0x01, nodeHash(<u32>l), nodeHash(<u32>r));
  return <i32>i;
}

/** Whether the first `depth` bits of `key` equal the current path. */
function keyOnPath(key: usize, depth: u32): bool {
  let whole = <usize>(depth >> 3);
  if (whole != 0 && memory.compare(key, path, whole) != 0) return false;
  let rest = depth & 7;
  if (rest == 0) return true;
  let mask = <u8>(0xff00 >> rest);
  return ((load<u8>(key + whole) ^ load<u8>(path + whole)) & mask) == 0;
}
