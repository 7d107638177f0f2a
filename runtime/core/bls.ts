// BLS signatures in the core, ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (the
// Ethereum one: public keys 48-byte compressed G1, signatures 96-byte compressed G2): the
// typed side of the bls_* exports (assembly/bls12_381/abi.ts, docs/ABI.md).
//
// Verify functions return false for anything that does not verify, including keys and
// signatures of the wrong length or encoding; only arguments of the wrong JS type throw
// (TypeError). Aggregation of invalid inputs throws a CoreError that names the bad item.
// Signing (bls_sign, bls_sign_batch) runs in the core in constant time in the secret key
// (assembly/bls12_381/sign.ts): a key that is not 32 bytes is a TypeError, one whose value
// is 0 or ≥ r a CoreError E_BLS_SECRET_KEY. The core's copy of a key is zeroed after use.
import { CoreWasm, CoreError, expectBytes } from './wasm.js'
import { CORE_ERRORS } from '../errors.generated.js'

export const BLS_PK_BYTES = 48
export const BLS_SIG_BYTES = 96
export const BLS_HASH_TO_G2_BYTES = 192
/** Most items per call sequence (the core's BLS_ITEMS_MAX). */
const CALL_ITEMS_MAX = 1 << 16
/** Keys per signing call sequence (the core needs about 450 bytes of working memory per key). */
const SIGN_CALL_KEYS_MAX = 4096
export const BLS_SK_BYTES = 32
/** Triples per batch call sequence: about 7 MB of working memory in the core. */
const BATCH_CALL_ITEMS_MAX = 4096
/** Bytes of messages per batch call sequence, so a huge batch never exhausts the arena. */
const BATCH_CALL_BYTES_MAX = 8 << 20

export interface BlsBatchItem { pk: Uint8Array, msg: Uint8Array, sig: Uint8Array }

const codeOf = (name: string): number => {
  for (const k in CORE_ERRORS) if (CORE_ERRORS[k].name === name) return Number(k)
  throw new Error(`bls: no core error named ${name}`)
}

const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

function expectList(fn: string, what: string, v: unknown, len?: number): Uint8Array[] {
  if (!Array.isArray(v)) throw new TypeError(`${fn}: expected ${what} as an array of Uint8Array, got ${describe(v)}`)
  for (let i = 0; i < v.length; i++) expectBytes(fn, `${what}[${i}]`, v[i])
  return v
}

/** The ABI's message list: for each message a little-endian u32 length, then its bytes. */
export function encodeMessageList(msgs: Uint8Array[]): Uint8Array {
  let len = 0
  for (const m of msgs) len += 4 + m.length
  const out = new Uint8Array(len)
  const dv = new DataView(out.buffer)
  let at = 0
  for (const m of msgs) {
    dv.setUint32(at, m.length, true)
    out.set(m, at + 4)
    at += 4 + m.length
  }
  return out
}

function concat(items: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(items.length * size)
  for (let i = 0; i < items.length; i++) out.set(items[i], i * size)
  return out
}

const allLength = (items: Uint8Array[], size: number) => items.every((b) => b.length === size)

/** Verify: true iff `sig` is a valid signature of `msg` under `pk`. */
export function verify(w: CoreWasm, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  const fn = 'bls.verify'
  expectBytes(fn, 'pk', pk)
  expectBytes(fn, 'msg', msg)
  expectBytes(fn, 'sig', sig)
  if (pk.length !== BLS_PK_BYTES || sig.length !== BLS_SIG_BYTES) return false
  return w.call(fn, (x) => x.bls_verify(w.put(fn, pk), w.put(fn, msg), msg.length, w.put(fn, sig)) === 0)
}

/** PopVerify: true iff `proof` proves possession of the secret key of `pk`. */
export function popVerify(w: CoreWasm, pk: Uint8Array, proof: Uint8Array): boolean {
  const fn = 'bls.popVerify'
  expectBytes(fn, 'pk', pk)
  expectBytes(fn, 'proof', proof)
  if (pk.length !== BLS_PK_BYTES || proof.length !== BLS_SIG_BYTES) return false
  return w.call(fn, (x) => x.bls_pop_verify(w.put(fn, pk), w.put(fn, proof)) === 0)
}

/** KeyValidate: true iff `pk` is a compressed G1 point in the subgroup and not infinity. */
export function keyValidate(w: CoreWasm, pk: Uint8Array): boolean {
  const fn = 'bls.keyValidate'
  expectBytes(fn, 'pk', pk)
  if (pk.length !== BLS_PK_BYTES) return false
  return w.call(fn, (x) => x.bls_key_validate(w.put(fn, pk)) === 0)
}

/** AggregateVerify (POP scheme: messages may repeat); false for empty or unequal lists. */
export function aggregateVerify(w: CoreWasm, pks: Uint8Array[], msgs: Uint8Array[], sig: Uint8Array): boolean {
  const fn = 'bls.aggregateVerify'
  expectList(fn, 'pks', pks)
  expectList(fn, 'msgs', msgs)
  expectBytes(fn, 'sig', sig)
  if (pks.length === 0 || pks.length !== msgs.length || pks.length > CALL_ITEMS_MAX) return false
  if (sig.length !== BLS_SIG_BYTES || !allLength(pks, BLS_PK_BYTES)) return false
  const list = encodeMessageList(msgs)
  return w.call(fn, (x) =>
    x.bls_aggregate_verify(w.put(fn, concat(pks, BLS_PK_BYTES)), pks.length, w.put(fn, list), list.length, w.put(fn, sig)) === 0)
}

/** FastAggregateVerify: every key signed the same `msg`; false for an empty list. */
export function fastAggregateVerify(w: CoreWasm, pks: Uint8Array[], msg: Uint8Array, sig: Uint8Array): boolean {
  const fn = 'bls.fastAggregateVerify'
  expectList(fn, 'pks', pks)
  expectBytes(fn, 'msg', msg)
  expectBytes(fn, 'sig', sig)
  if (pks.length === 0 || pks.length > CALL_ITEMS_MAX) return false
  if (sig.length !== BLS_SIG_BYTES || !allLength(pks, BLS_PK_BYTES)) return false
  return w.call(fn, (x) =>
    x.bls_fast_aggregate_verify(w.put(fn, concat(pks, BLS_PK_BYTES)), pks.length, w.put(fn, msg), msg.length, w.put(fn, sig)) === 0)
}

function checkItems(fn: string, items: unknown): BlsBatchItem[] {
  if (!Array.isArray(items)) throw new TypeError(`${fn}: expected items as an array of { pk, msg, sig }, got ${describe(items)}`)
  for (let i = 0; i < items.length; i++) {
    const it = items[i]
    if (typeof it !== 'object' || it === null) throw new TypeError(`${fn}: expected items[${i}] as { pk, msg, sig }, got ${describe(it)}`)
    expectBytes(fn, `items[${i}].pk`, it.pk)
    expectBytes(fn, `items[${i}].msg`, it.msg)
    expectBytes(fn, `items[${i}].sig`, it.sig)
  }
  return items
}

/**
 * True iff every (pk, msg, sig) verifies, checked together with one multi-pairing whose
 * random coefficients the core derives from all the inputs; [] is true.
 */
export function batchVerify(w: CoreWasm, items: BlsBatchItem[]): boolean {
  const fn = 'bls.batchVerify'
  checkItems(fn, items)
  for (const it of items) if (it.pk.length !== BLS_PK_BYTES || it.sig.length !== BLS_SIG_BYTES) return false
  let start = 0
  while (start < items.length) {
    let end = start, bytes = 0
    while (end < items.length && end - start < BATCH_CALL_ITEMS_MAX &&
      (end === start || bytes + items[end].msg.length <= BATCH_CALL_BYTES_MAX)) {
      bytes += items[end].msg.length
      end++
    }
    const group = items.slice(start, end)
    const list = encodeMessageList(group.map((it) => it.msg))
    const ok = w.call(fn, (x) => x.bls_batch_verify(
      w.put(fn, concat(group.map((it) => it.pk), BLS_PK_BYTES)),
      w.put(fn, concat(group.map((it) => it.sig), BLS_SIG_BYTES)),
      group.length, w.put(fn, list), list.length) === 0)
    if (!ok) return false
    start = end
  }
  return true
}

/**
 * Runs an aggregation export over `items` (fixed `size` bytes each) in chunks; on an error
 * finds the first bad item (one-item calls) so the CoreError can name it.
 */
function aggregate(w: CoreWasm, fn: string, what: string, exp: string, items: Uint8Array[], size: number): Uint8Array {
  expectList(fn, what, items)
  if (items.length === 0) throw new CoreError(fn, codeOf('E_BLS_EMPTY'), `no ${what}`)
  for (let i = 0; i < items.length; i++) {
    if (items[i].length !== size) throw new CoreError(fn, codeOf('E_BLS_LENGTH'), `${what}[${i}] has ${items[i].length} bytes, expected ${size}`)
  }
  const run = (list: Uint8Array[]) => w.call(fn, (x) => {
    const code = x[exp](w.put(fn, concat(list, size)), list.length)
    return { code, out: code === 0 ? w.result() : undefined }
  })
  const partial: Uint8Array[] = []
  for (let start = 0; start < items.length; start += CALL_ITEMS_MAX) {
    const chunk = items.slice(start, start + CALL_ITEMS_MAX)
    const r = run(chunk)
    if (r.code !== 0) {
      for (let i = 0; i < chunk.length; i++) {
        const one = run([chunk[i]])
        if (one.code !== 0) throw new CoreError(fn, one.code, `${what}[${start + i}]`)
      }
      throw new CoreError(fn, r.code)
    }
    partial.push(r.out!)
  }
  if (partial.length === 1) return partial[0]
  return aggregateSums(w, fn, exp, partial, size)
}

/** Adds chunk sums; a public-key sum may be infinity, which KeyValidate would reject. */
function aggregateSums(w: CoreWasm, fn: string, exp: string, sums: Uint8Array[], size: number): Uint8Array {
  const r = w.call(fn, (x) => {
    if (exp === 'bls_aggregate_signatures') return { code: x[exp](w.put(fn, concat(sums, size)), sums.length) }
    return { code: x.bls_aggregate_public_keys(w.put(fn, concat(sums, size)), sums.length) }
  })
  if (r.code === 0) return w.result()
  // A partial key sum at infinity: add the remaining sums without it.
  const rest = sums.filter((s) => (s[0] & 0x40) === 0)
  if (rest.length === 0) return sums[0]
  return aggregateSums(w, fn, exp, rest, size)
}

/** Aggregate: the 96-byte compressed sum of signatures (each decoded and subgroup-checked). */
export function aggregateSignatures(w: CoreWasm, sigs: Uint8Array[]): Uint8Array {
  return aggregate(w, 'bls.aggregateSignatures', 'sigs', 'bls_aggregate_signatures', sigs, BLS_SIG_BYTES)
}

/** The 48-byte compressed sum of public keys (each must pass KeyValidate). */
export function aggregatePublicKeys(w: CoreWasm, pks: Uint8Array[]): Uint8Array {
  return aggregate(w, 'bls.aggregatePublicKeys', 'pks', 'bls_aggregate_public_keys', pks, BLS_PK_BYTES)
}

/**
 * RFC 9380 hash_to_curve BLS12381G2_XMD:SHA-256_SSWU_RO_ under `dst` (bytes or an ASCII
 * string): the 192-byte uncompressed point.
 */
export function hashToG2(w: CoreWasm, msg: Uint8Array, dst: Uint8Array | string): Uint8Array {
  const fn = 'bls.hashToG2'
  expectBytes(fn, 'msg', msg)
  const d = typeof dst === 'string' ? new TextEncoder().encode(dst) : expectBytes(fn, 'dst', dst)
  return w.call(fn, (x) => {
    const code = x.bls_hash_to_g2(w.put(fn, msg), msg.length, w.put(fn, d), d.length)
    if (code !== 0) throw new CoreError(fn, code)
    return w.result()
  })
}

/** Zeroes `len` bytes of the core's memory at `ptr` (the copy of a secret key). */
function wipe(w: CoreWasm, ptr: number, len: number) {
  new Uint8Array(w.exports.memory.buffer, ptr, len).fill(0)
}

/** Sign (CoreSign): the 96-byte compressed signature [sk]·H(msg), sk 32 bytes big-endian in 1..r-1. */
export function sign(w: CoreWasm, sk: Uint8Array, msg: Uint8Array): Uint8Array {
  const fn = 'bls.sign'
  expectBytes(fn, 'sk', sk, BLS_SK_BYTES)
  expectBytes(fn, 'msg', msg)
  return w.call(fn, (x) => {
    const skPtr = w.put(fn, sk)
    const code = x.bls_sign(skPtr, w.put(fn, msg), msg.length)
    wipe(w, skPtr, BLS_SK_BYTES)
    if (code !== 0) throw new CoreError(fn, code)
    return w.result()
  })
}

/**
 * The signatures of one message under each key (in order), hashing the message once: the
 * same bytes as sign(sks[i], msg) for each i. [] gives [].
 */
export function signMany(w: CoreWasm, sks: Uint8Array[], msg: Uint8Array): Uint8Array[] {
  const fn = 'bls.signMany'
  expectList(fn, 'sks', sks)
  for (let i = 0; i < sks.length; i++) expectBytes(fn, `sks[${i}]`, sks[i], BLS_SK_BYTES)
  expectBytes(fn, 'msg', msg)
  const out: Uint8Array[] = []
  for (let start = 0; start < sks.length; start += SIGN_CALL_KEYS_MAX) {
    const chunk = sks.slice(start, start + SIGN_CALL_KEYS_MAX)
    const all = concat(chunk, BLS_SK_BYTES)
    const sigs = w.call(fn, (x) => {
      const ptr = w.put(fn, all)
      all.fill(0)
      const code = x.bls_sign_batch(chunk.length, ptr, w.put(fn, msg), msg.length)
      wipe(w, ptr, chunk.length * BLS_SK_BYTES)
      if (code === codeOf('E_BLS_SECRET_KEY')) {
        const bad = new DataView(w.result().buffer).getUint32(0, true)
        throw new CoreError(fn, code, `sks[${start + bad}]`)
      }
      if (code !== 0) throw new CoreError(fn, code)
      return w.result()
    })
    for (let i = 0; i < chunk.length; i++) out.push(sigs.slice(i * BLS_SIG_BYTES, (i + 1) * BLS_SIG_BYTES))
  }
  return out
}
