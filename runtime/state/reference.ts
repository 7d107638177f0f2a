// A plain reference of the state tree (docs/STATE.md) on @noble/hashes: the whole map in
// memory, recursion over sorted keys, no storage. It is the test oracle for the core and
// for StateTree, so it favours being obviously right over being fast.
//
//   empty subtree   32 zero bytes
//   leaf            SHA-256(0x00 || key[32] || SHA-256(value))
//   internal        SHA-256(0x01 || left[32] || right[32])
// A subtree holding one leaf is that leaf, at the shallowest depth where its key is alone.
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, toHex } from '../bytes.js'

export const ZERO_HASH = new Uint8Array(32)
export const KEY_BYTES = 32
export const VALUE_BYTES_MAX = 1024

export interface StateEntry { key: Uint8Array, value: Uint8Array }
export interface StateNode { hash: Uint8Array, bytes: Uint8Array }

/** Bit i of a key's path: bit (7 - i % 8) of byte i / 8, MSB first; 1 means right. */
export function keyBit(key: Uint8Array, i: number): number {
  return (key[i >> 3] >> (7 - (i & 7))) & 1
}

export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0x00), key, sha256(value)))
}

export function internalHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(concatBytes(Uint8Array.of(0x01), left, right))
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return 0
}

/** Entries sorted by key, later duplicates winning; keys and values checked. */
export function normalizeEntries(entries: Iterable<StateEntry>): StateEntry[] {
  const byKey = new Map<string, StateEntry>()
  for (const e of entries) {
    if (!(e.key instanceof Uint8Array) || e.key.length !== KEY_BYTES) throw new TypeError(`state reference: expected a 32-byte key, got ${e.key?.length}`)
    if (!(e.value instanceof Uint8Array) || e.value.length > VALUE_BYTES_MAX) throw new TypeError(`state reference: expected a value of at most 1024 bytes, got ${e.value?.length}`)
    byKey.set(toHex(e.key), e)
  }
  return [...byKey.values()].sort((a, b) => compareBytes(a.key, b.key))
}

/** First index in [lo, hi) whose key has bit `depth` set (keys sorted, sharing the prefix). */
function splitAt(keys: Uint8Array[], lo: number, hi: number, depth: number): number {
  let i = lo
  while (i < hi && keyBit(keys[i], depth) === 0) i++
  return i
}

/** The sorted entries' tree, by recursion; `visit` sees every non-empty node made. */
function build(sorted: StateEntry[], keys: Uint8Array[], lo: number, hi: number, depth: number, visit?: (n: StateNode) => void): Uint8Array {
  if (hi === lo) return ZERO_HASH
  if (hi - lo === 1) {
    const { key, value } = sorted[lo]
    const hash = leafHash(key, value)
    visit?.({ hash, bytes: concatBytes(Uint8Array.of(0x00), key, value) })
    return hash
  }
  const mid = splitAt(keys, lo, hi, depth)
  const left = build(sorted, keys, lo, mid, depth + 1, visit)
  const right = build(sorted, keys, mid, hi, depth + 1, visit)
  const hash = internalHash(left, right)
  visit?.({ hash, bytes: concatBytes(Uint8Array.of(0x01), left, right) })
  return hash
}

/** The root of the map. */
export function referenceRoot(entries: Iterable<StateEntry>): Uint8Array {
  const sorted = normalizeEntries(entries)
  return build(sorted, sorted.map((e) => e.key), 0, sorted.length, 0)
}

/** Every node of the map's tree (what a full node's store holds), and its root. */
export function referenceNodes(entries: Iterable<StateEntry>): { root: Uint8Array, nodes: StateNode[] } {
  const sorted = normalizeEntries(entries)
  const nodes: StateNode[] = []
  const root = build(sorted, sorted.map((e) => e.key), 0, sorted.length, 0, (n) => nodes.push(n))
  return { root, nodes }
}

/**
 * The canonical witness covering `keys` (present or absent) in the map's tree: pre-order,
 * a subtree expanded only when some key's path enters it, empty subtrees as 0x00 and
 * every other untouched subtree as 0x03 || hash.
 */
export function referenceWitness(entries: Iterable<StateEntry>, keys: Uint8Array[]): Uint8Array {
  const sorted = normalizeEntries(entries)
  const proved = normalizeEntries(keys.map((key) => ({ key, value: new Uint8Array(0) }))).map((e) => e.key)
  const entryKeys = sorted.map((e) => e.key)
  const out: Uint8Array[] = []
  const walk = (lo: number, hi: number, plo: number, phi: number, depth: number): void => {
    if (hi === lo) { out.push(Uint8Array.of(0x00)); return }
    if (phi === plo) { out.push(Uint8Array.of(0x03), build(sorted, entryKeys, lo, hi, depth)); return }
    if (hi - lo === 1) {
      const { key, value } = sorted[lo]
      out.push(Uint8Array.of(0x01), key, Uint8Array.of(value.length & 0xff, value.length >> 8), value)
      return
    }
    const mid = splitAt(entryKeys, lo, hi, depth)
    const pmid = splitAt(proved, plo, phi, depth)
    out.push(Uint8Array.of(0x02))
    walk(lo, mid, plo, pmid, depth + 1)
    walk(mid, hi, pmid, phi, depth + 1)
  }
  walk(0, sorted.length, 0, proved.length, 0)
  return concatBytes(...out)
}

/** The value of `key` in the map, or undefined. */
export function referenceGet(entries: Iterable<StateEntry>, key: Uint8Array): Uint8Array | undefined {
  const hex = toHex(key)
  let found: Uint8Array | undefined
  for (const e of entries) if (toHex(e.key) === hex) found = e.value
  return found
}
