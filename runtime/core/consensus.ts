// Votes and certificates in the core (docs/PROTOCOL.md §14): the typed side of
// consensus_verify_vote and consensus_verify_cert (assembly/consensus/abi.ts, docs/ABI.md).
// The caller supplies the table of epoch(height): its 44-byte header and the signers'
// 88-byte entries (runtime/consensus/records.ts encodes them); a signer without an entry is
// passed as `undefined` (or 88 zero bytes), which the core rejects as E_CERT_NOT_MEMBER.
// Arguments of the wrong JS type throw a TypeError; anything merely invalid returns
// { ok: false, error } with the core's error name.
import { CoreWasm, expectBytes } from './wasm.js'
import { CORE_ERRORS } from '../errors.generated.js'

const HEADER_BYTES = 44
const ENTRY_BYTES = 88
/** Most signers a certificate can name (MAX_VALIDATORS). */
const SIGNERS_MAX = 4096

export type ConsensusVerdict = { ok: true, seats: number } | { ok: false, error: string }

function expectChainId(fn: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${fn}: expected chainId as an integer, got ${typeof v === 'number' ? v : typeof v}`)
  if (v < 0 || v > 0xffffffff) throw new RangeError(`${fn}: expected chainId in [0, 2^32), got ${v}`)
  return v
}

function verdict(code: number, seats: () => number): ConsensusVerdict {
  if (code === 0) return { ok: true, seats: seats() }
  return { ok: false, error: CORE_ERRORS[code]?.name ?? `E_UNKNOWN_${code}` }
}

/** §14 checks of a 221-byte vote against the table header and the voter's entry. */
export function verifyVote(w: CoreWasm, chainId: number, vote: Uint8Array, hdr: Uint8Array, entry: Uint8Array | undefined): ConsensusVerdict {
  const fn = 'consensus.verifyVote'
  expectChainId(fn, chainId)
  expectBytes(fn, 'vote', vote)
  expectBytes(fn, 'table header', hdr, HEADER_BYTES)
  if (entry !== undefined) expectBytes(fn, 'table entry', entry, ENTRY_BYTES)
  return w.call(fn, (x) => {
    const votePtr = w.put(fn, vote)
    const hdrPtr = w.put(fn, hdr)
    const entryPtr = entry ? w.put(fn, entry) : w.alloc(fn, ENTRY_BYTES)
    if (!entry) new Uint8Array(x.memory.buffer, entryPtr, ENTRY_BYTES).fill(0)
    const out = w.alloc(fn, 4)
    const code = x.consensus_verify_vote(chainId, votePtr, vote.length, hdrPtr, entryPtr, out)
    return verdict(code, () => new DataView(x.memory.buffer).getUint32(out, true))
  })
}

/**
 * §14 checks (steps 1, 3–6: the target is the caller's) of a certificate against the table
 * header and one entry per signer, in signer order. An `entries` array of another length
 * than the bitmap's signer count gives { ok: false, error: 'E_BAD_LENGTH' }.
 */
export function verifyCert(w: CoreWasm, chainId: number, cert: Uint8Array, hdr: Uint8Array, entries: (Uint8Array | undefined)[]): ConsensusVerdict {
  const fn = 'consensus.verifyCert'
  expectChainId(fn, chainId)
  expectBytes(fn, 'cert', cert)
  expectBytes(fn, 'table header', hdr, HEADER_BYTES)
  if (!Array.isArray(entries)) throw new TypeError(`${fn}: expected entries as an array, got ${entries === null ? 'null' : typeof entries}`)
  for (let i = 0; i < entries.length; i++) if (entries[i] !== undefined) expectBytes(fn, `entries[${i}]`, entries[i], ENTRY_BYTES)
  if (entries.length > SIGNERS_MAX) return { ok: false, error: 'E_BAD_LENGTH' }
  const all = new Uint8Array(entries.length * ENTRY_BYTES)
  entries.forEach((e, i) => { if (e) all.set(e, i * ENTRY_BYTES) })
  return w.call(fn, (x) => {
    const certPtr = w.put(fn, cert)
    const hdrPtr = w.put(fn, hdr)
    const entriesPtr = w.put(fn, all)
    const out = w.alloc(fn, 4)
    const code = x.consensus_verify_cert(chainId, certPtr, cert.length, hdrPtr, entriesPtr, all.length, out)
    return verdict(code, () => new DataView(x.memory.buffer).getUint32(out, true))
  })
}
