// ed25519 verification in the core with the ZIP-215 rules (docs/PROTOCOL.md §3): the
// typed side of the exports ed25519_verify and ed25519_verify_batch. Arguments of the
// wrong type throw a TypeError; a signature, key or message that is merely wrong (bad
// length, non-point, s ≥ L, failed equation) makes the result false.
import { CoreWasm, expectBytes } from './wasm.js'

export interface Ed25519BatchItem { sig: Uint8Array, msg: Uint8Array, pk: Uint8Array }

/** Signatures per call sequence: a multiple of the core's chunk (64) so the split never
 *  changes which signatures share a combined equation. */
const BATCH_CALL_ITEMS_MAX = 4096
/** Bytes of messages per call sequence, so a huge batch never exhausts the arena. */
const BATCH_CALL_BYTES_MAX = 8 << 20
const CORE_CHUNK = 64

/** True iff `sig` (64 bytes) is a valid signature of `msg` by `pk` (32 bytes). */
export function verify(w: CoreWasm, sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean {
  const fn = 'ed25519.verify'
  expectBytes(fn, 'sig', sig)
  expectBytes(fn, 'msg', msg)
  expectBytes(fn, 'pk', pk)
  if (sig.length !== 64 || pk.length !== 32) return false
  return w.call(fn, (x) => {
    const sigPtr = w.put(fn, sig)
    const msgPtr = w.put(fn, msg)
    const pkPtr = w.put(fn, pk)
    return x.ed25519_verify(sigPtr, msgPtr, msg.length, pkPtr) === 0
  })
}

function checkItems(fn: string, items: unknown): Ed25519BatchItem[] {
  if (!Array.isArray(items)) throw new TypeError(`${fn}: expected items as an array of { sig, msg, pk }, got ${items === null ? 'null' : typeof items}`)
  for (let i = 0; i < items.length; i++) {
    const it = items[i]
    if (typeof it !== 'object' || it === null) throw new TypeError(`${fn}: expected items[${i}] as { sig, msg, pk }, got ${it === null ? 'null' : typeof it}`)
    expectBytes(fn, `items[${i}].sig`, it.sig)
    expectBytes(fn, `items[${i}].msg`, it.msg)
    expectBytes(fn, `items[${i}].pk`, it.pk)
  }
  return items
}

/** True iff every item verifies (exactly the signatures `verify` accepts); [] is true. */
export function verifyBatch(w: CoreWasm, items: Ed25519BatchItem[]): boolean {
  const fn = 'ed25519.verifyBatch'
  checkItems(fn, items)
  for (const it of items) if (it.sig.length !== 64 || it.pk.length !== 32) return false
  let start = 0
  while (start < items.length) {
    let end = start, bytes = 0
    while (end < items.length && end - start < BATCH_CALL_ITEMS_MAX &&
      (end === start || bytes + items[end].msg.length <= BATCH_CALL_BYTES_MAX)) {
      bytes += items[end].msg.length
      end++
    }
    // Cut at a chunk boundary when the group spans more than one chunk.
    if (end < items.length && end - start > CORE_CHUNK) end -= (end - start) % CORE_CHUNK
    if (!verifyGroup(w, fn, items, start, end)) return false
    start = end
  }
  return true
}

function verifyGroup(w: CoreWasm, fn: string, items: Ed25519BatchItem[], start: number, end: number): boolean {
  return w.call(fn, (x) => {
    const n = end - start
    const records = new Uint32Array(4 * n)
    for (let i = 0; i < n; i++) {
      const it = items[start + i]
      records[4 * i] = w.put(fn, it.sig)
      records[4 * i + 1] = w.put(fn, it.pk)
      records[4 * i + 2] = w.put(fn, it.msg)
      records[4 * i + 3] = it.msg.length
    }
    const bytes = new Uint8Array(records.buffer)
    // Records are little-endian u32 (wasm memory order); fix them up on a big-endian host.
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 0) {
      const dv = new DataView(records.buffer)
      for (let i = 0; i < records.length; i++) dv.setUint32(4 * i, records[i], true)
    }
    const entriesPtr = w.put(fn, bytes)
    return x.ed25519_verify_batch(entriesPtr, n) === 0
  })
}
