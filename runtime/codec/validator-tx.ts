// Every transaction kind (docs/PROTOCOL.md §6, §17): transfer (1), register (2), exit (3) and
// slash (4). They share one framing,
//
//   version:u8 (1) ‖ kind:u8 ‖ chainId:u32 ‖ nonce:u64 ‖ from[32] ‖ fields of the kind ‖ sig[64]
//
// and one signature rule: the sender signs "chiron/tx/v1" ‖ every byte before the signature.
// A kind fixes the length, so a version-2 block body is a sequence of transactions read one
// by one. readTx checks in the core's order (assembly/codec/block.ts): at least TX_MIN_BYTES
// (the shortest kind) before the version and kind are read, then the version
// (E_BAD_VERSION), the kind (E_BAD_TAG), and the kind's exact length (E_TRUNCATED).
import { ByteReader, ByteWriter } from './bytes-io.js'
import { CodecError } from './errors.js'
import { TX_BYTES, TX_DOMAIN, TX_KIND_TRANSFER, TX_VERSION, readTransferFields, type Transfer } from './tx.js'
import { concatBytes } from '../bytes.js'
import { sign as ed25519Sign } from '../wallet/ed25519.js'

export const TX_KIND_REGISTER = 2
export const TX_KIND_EXIT = 3
export const TX_KIND_SLASH = 4
export const REGISTER_TX_BYTES = 302
export const EXIT_TX_BYTES = 122
export const SLASH_TX_BYTES = 396
/** The shortest transaction (an exit): this many bytes are needed before the kind is read. */
export const TX_MIN_BYTES = EXIT_TX_BYTES
/** kind ‖ height ‖ block ‖ sig: a vote inside slash evidence (the network vote without validator and proof). */
export const EVIDENCE_VOTE_BYTES = 137
const SIG_BYTES = 64

/** Encoded length of a transaction of `kind` (0 for an unknown kind). */
export function txBytesOfKind(kind: number): number {
  switch (kind) {
    case TX_KIND_TRANSFER: return TX_BYTES
    case TX_KIND_REGISTER: return REGISTER_TX_BYTES
    case TX_KIND_EXIT: return EXIT_TX_BYTES
    case TX_KIND_SLASH: return SLASH_TX_BYTES
    default: return 0
  }
}

interface Common {
  chainId: number
  nonce: bigint
  from: Uint8Array   // sender's ed25519 public key (32); pays the fee
  fee: bigint
  sig: Uint8Array    // ed25519 signature (64)
}

export interface Register extends Common {
  bond: bigint        // ≥ MIN_BOND, leaves the sender's balance
  blsPk: Uint8Array   // 48-byte compressed G1 key
  pop: Uint8Array     // 96-byte proof of possession of blsPk
  vrfPk: Uint8Array   // 32-byte ECVRF-EDWARDS25519 key
}

export interface Exit extends Common {
  validator: number   // record index; `from` must be its account
}

export interface EvidenceVote {
  kind: number        // 1 notarize, 2 finalize
  height: bigint
  block: Uint8Array   // 32
  sig: Uint8Array     // 96-byte BLS signature of the vote message (§14)
}

export interface Slash extends Common {
  validator: number
  voteA: EvidenceVote
  voteB: EvidenceVote
}

/** A decoded transaction of any kind. */
export type Tx =
  | ({ kind: 1 } & Transfer)
  | ({ kind: 2 } & Register)
  | ({ kind: 3 } & Exit)
  | ({ kind: 4 } & Slash)

type Unsigned<T> = Omit<T, 'sig'>

function common(w: ByteWriter, kind: number, t: { chainId: number, nonce: bigint, from: Uint8Array }): ByteWriter {
  return w.u8(TX_VERSION).u8(kind).u32(t.chainId).u64(t.nonce).bytes(t.from, 32)
}

export function encodeRegisterBody(t: Unsigned<Register>): Uint8Array {
  return common(new ByteWriter(REGISTER_TX_BYTES - SIG_BYTES), TX_KIND_REGISTER, t)
    .u64(t.bond).u64(t.fee).bytes(t.blsPk, 48).bytes(t.pop, 96).bytes(t.vrfPk, 32).finish()
}

export function encodeExitBody(t: Unsigned<Exit>): Uint8Array {
  return common(new ByteWriter(EXIT_TX_BYTES - SIG_BYTES), TX_KIND_EXIT, t).u32(t.validator).u64(t.fee).finish()
}

function evidenceVote(w: ByteWriter, v: EvidenceVote): ByteWriter {
  return w.u8(v.kind).u64(v.height).bytes(v.block, 32).bytes(v.sig, 96)
}

export function encodeSlashBody(t: Unsigned<Slash>): Uint8Array {
  const w = common(new ByteWriter(SLASH_TX_BYTES - SIG_BYTES), TX_KIND_SLASH, t).u64(t.fee).u32(t.validator)
  return evidenceVote(evidenceVote(w, t.voteA), t.voteB).finish()
}

/** The exact bytes the sender signs, for a body of any kind: "chiron/tx/v1" ‖ body. */
export function txSigningMessage(body: Uint8Array): Uint8Array {
  if (!(body instanceof Uint8Array)) throw new TypeError(`txSigningMessage: expected body as Uint8Array, got ${typeof body}`)
  const len = txBytesOfKind(body[1]) - SIG_BYTES
  if (len < 0 || body.length !== len) throw new RangeError(`txSigningMessage: expected a body of its kind's length ${Math.max(len, 0)}, got ${body.length}`)
  return concatBytes(TX_DOMAIN, body)
}

/** body ‖ the ed25519 signature of txSigningMessage(body) under the sender's seed. */
export function signTxBody(body: Uint8Array, seed: Uint8Array): Uint8Array {
  return concatBytes(body, ed25519Sign(seed, txSigningMessage(body)))
}

export function encodeRegister(t: Register): Uint8Array { return concatBytes(encodeRegisterBody(t), sig64(t.sig)) }
export function encodeExit(t: Exit): Uint8Array { return concatBytes(encodeExitBody(t), sig64(t.sig)) }
export function encodeSlash(t: Slash): Uint8Array { return concatBytes(encodeSlashBody(t), sig64(t.sig)) }

export function signRegister(t: Unsigned<Register>, seed: Uint8Array): Uint8Array { return signTxBody(encodeRegisterBody(t), seed) }
export function signExit(t: Unsigned<Exit>, seed: Uint8Array): Uint8Array { return signTxBody(encodeExitBody(t), seed) }
/** Orders the two votes as the core requires (see orderEvidence) and signs. */
export function signSlash(t: Unsigned<Slash>, seed: Uint8Array): Uint8Array {
  const [voteA, voteB] = orderEvidence(t.voteA, t.voteB)
  return signTxBody(encodeSlashBody({ ...t, voteA, voteB }), seed)
}

function sig64(sig: Uint8Array): Uint8Array {
  if (!(sig instanceof Uint8Array) || sig.length !== SIG_BYTES) throw new RangeError(`encode: expected a ${SIG_BYTES}-byte signature, got ${sig instanceof Uint8Array ? sig.length : typeof sig}`)
  return sig
}

/**
 * Slash evidence has one encoding per pair: vote A's (kind ‖ block) sorts bytewise before
 * vote B's (§17). Returns the two votes in that order.
 */
export function orderEvidence(a: EvidenceVote, b: EvidenceVote): [EvidenceVote, EvidenceVote] {
  if (a.kind !== b.kind) return a.kind < b.kind ? [a, b] : [b, a]
  for (let i = 0; i < 32; i++) if (a.block[i] !== b.block[i]) return a.block[i] < b.block[i] ? [a, b] : [b, a]
  return [a, b]
}

function readEvidenceVote(r: ByteReader): EvidenceVote {
  return { kind: r.u8(), height: r.u64(), block: r.bytesView(32), sig: r.bytesView(96) }
}

/**
 * Reads one transaction of any kind from `r` (a version-2 block body or a standalone
 * transaction), in the core's order of checks.
 */
export function readTx(r: ByteReader): Tx {
  const start = r.pos
  r.need(TX_MIN_BYTES)
  const version = r.bytes[start]
  if (version !== TX_VERSION) throw new CodecError('E_BAD_VERSION', `transaction: expected version ${TX_VERSION}, got ${version} at offset ${start}`)
  const kind = r.bytes[start + 1]
  const len = txBytesOfKind(kind)
  if (len === 0) throw new CodecError('E_BAD_TAG', `transaction: expected kind 1..4, got ${kind} at offset ${start + 1}`)
  r.need(len)
  r.pos += 2
  if (kind === TX_KIND_TRANSFER) return { kind: 1, ...readTransferFields(r) }
  const chainId = r.u32(), nonce = r.u64(), from = r.bytesView(32)
  if (kind === TX_KIND_REGISTER) {
    const bond = r.u64(), fee = r.u64(), blsPk = r.bytesView(48), pop = r.bytesView(96), vrfPk = r.bytesView(32)
    return { kind: 2, chainId, nonce, from, bond, fee, blsPk, pop, vrfPk, sig: r.bytesView(64) }
  }
  if (kind === TX_KIND_EXIT) {
    const validator = r.u32(), fee = r.u64()
    return { kind: 3, chainId, nonce, from, validator, fee, sig: r.bytesView(64) }
  }
  const fee = r.u64(), validator = r.u32(), voteA = readEvidenceVote(r), voteB = readEvidenceVote(r)
  return { kind: 4, chainId, nonce, from, fee, validator, voteA, voteB, sig: r.bytesView(64) }
}

/** Decodes one standalone transaction of any kind (as the core's codec_check_tx). */
export function decodeTx(bytes: Uint8Array): Tx {
  const r = new ByteReader(bytes, 'transaction')
  const t = readTx(r)
  r.end()
  return t
}

/** The bytes the sender signed, from an encoded transaction of any kind. */
export function txBody(tx: Uint8Array): Uint8Array {
  return tx.subarray(0, tx.length - SIG_BYTES)
}
