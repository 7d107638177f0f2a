// The state tree in the core (docs/STATE.md): one-key proofs for light clients and bare
// updates. Both check the witness completely (canonical form, depth, root); a bad proof
// throws a CoreError naming its code (E_WITNESS_ROOT, E_WITNESS_MISSING, ...).
import { CoreWasm, CoreError, expectBytes } from './wasm.js'

const VALUE_BYTES_MAX = 1024

export interface StateUpdate { key: Uint8Array, value: Uint8Array }

/**
 * Verifies that `witness` proves `key` present (found, with its value) or absent under
 * `root`. Throws CoreError when the proof is invalid.
 */
export function verifyProof(w: CoreWasm, root: Uint8Array, key: Uint8Array, witness: Uint8Array): { found: boolean, value: Uint8Array | undefined } {
  const fn = 'state.verifyProof'
  expectBytes(fn, 'root', root, 32)
  expectBytes(fn, 'key', key, 32)
  expectBytes(fn, 'witness', witness)
  return w.call(fn, (x) => {
    const rootPtr = w.put(fn, root)
    const keyPtr = w.put(fn, key)
    const witnessPtr = w.put(fn, witness)
    const code = x.state_verify(rootPtr, keyPtr, witnessPtr, witness.length)
    if (code !== 0) throw new CoreError(fn, code)
    const out = w.result()
    return out[0] === 1 ? { found: true, value: out.subarray(1) } : { found: false, value: undefined }
  })
}

/** updates = count:u32 LE, then key[32] || len:u16 LE || value per update. */
export function encodeUpdates(fn: string, updates: StateUpdate[]): Uint8Array {
  if (!Array.isArray(updates)) throw new TypeError(`${fn}: expected an array of updates, got ${updates === null ? 'null' : typeof updates}`)
  let len = 4
  for (const u of updates) {
    expectBytes(fn, 'update key', u?.key, 32)
    expectBytes(fn, 'update value', u.value)
    if (u.value.length > VALUE_BYTES_MAX) throw new TypeError(`${fn}: expected a value of at most ${VALUE_BYTES_MAX} bytes, got ${u.value.length}`)
    len += 34 + u.value.length
  }
  const out = new Uint8Array(len)
  const view = new DataView(out.buffer)
  view.setUint32(0, updates.length, true)
  let pos = 4
  for (const u of updates) {
    out.set(u.key, pos)
    view.setUint16(pos + 32, u.value.length, true)
    out.set(u.value, pos + 34)
    pos += 34 + u.value.length
  }
  return out
}

/**
 * Applies `updates` (in order; a later update of a key wins) to the state `witness`
 * proves under `root`; the witness must cover exactly the updated keys. Returns the new
 * root and the writes for StateTree.applyWrites.
 */
export function update(w: CoreWasm, root: Uint8Array, witness: Uint8Array, updates: StateUpdate[]): { root: Uint8Array, writes: Uint8Array } {
  const fn = 'state.update'
  expectBytes(fn, 'root', root, 32)
  expectBytes(fn, 'witness', witness)
  const body = encodeUpdates(fn, updates)
  return w.call(fn, (x) => {
    const rootPtr = w.put(fn, root)
    const witnessPtr = w.put(fn, witness)
    const updatesPtr = w.put(fn, body)
    const code = x.state_update(rootPtr, witnessPtr, witness.length, updatesPtr, body.length)
    if (code !== 0) throw new CoreError(fn, code)
    const out = w.result()
    return { root: out.slice(0, 32), writes: out.slice(32) }
  })
}
