// The state keys the consensus rules of a version-2 block touch, for building its witness.
// The witness must be canonical (docs/STATE.md): exactly the keys the core reads or writes,
// so each function here mirrors one AssemblyScript function key for key, and names it.
// runtime/chain/witness-keys.ts (CORE-A) unions these with the ledger's keys.
//
// Each function lists the keys of a VALID block's path. An invalid block makes the core stop
// at its first error, which comes before the check that every witness key was used; the
// keys it reached are among these, so a witness built from them yields that same error.
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8 } from '../bytes.js'
import { hashKey } from '../state/store.js'
import { tipKey, validatorKey, tableKey, tableEntryKey, slashedKey } from './keys.js'
import { decodeTip, decodeValidator, decodeTableHeader, decodeTableEntry } from './records.js'
import { decodeCert, NOTARIZE, FINALIZE } from './vote.js'
import {
  EPOCH_LENGTH, EXIT_DELAY, EPOCH_REWARD, SLASH_WINDOW, STATUS_ACTIVE, STATUS_EXITING, NO_PROPOSER, epochOf,
} from './constants.js'
import { nextLevel, tableWeight, rewardShare } from './merit.js'

export type StateRead = (key: Uint8Array) => Promise<Uint8Array | undefined>

const U64_MAX = (1n << 64n) - 1n
const ACCT = utf8('acct')

/** H("acct" ‖ pk): an account's key (PROTOCOL.md §5). */
export function accountKeyOf(pk: Uint8Array): Uint8Array {
  return sha256(concatBytes(ACCT, pk))
}

/** A list of 32-byte keys without repeats, in order of first use. */
export class KeyList {
  private seen = new Set<string>()
  readonly keys: Uint8Array[] = []
  add(key: Uint8Array): void {
    const id = hashKey(key)
    if (!this.seen.has(id)) { this.seen.add(id); this.keys.push(key) }
  }
  addAll(keys: Uint8Array[]): void { for (const k of keys) this.add(k) }
}

async function required(read: StateRead, key: Uint8Array, what: string): Promise<Uint8Array> {
  const v = await read(key)
  if (v === undefined) throw new RangeError(`transition keys: expected ${what} in the state, got none`)
  return v
}

/**
 * Mirrors assembly/consensus/epoch.ts epochTransitionIfDue(height): nothing unless
 * height = e·E + 1 with e ≥ 1; then the tip, table(e − 1)'s header, every record i <
 * tip.validators, entry (e − 1, i) for i < table(e − 1).n, the account of a record whose
 * bond returns or whose reward share is ≥ 1, entry (e + 1, i) for every new entry, and
 * table(e + 1)'s header. `read` reads the parent's post-state.
 */
export async function epochTransitionKeys(height: bigint, read: StateRead): Promise<Uint8Array[]> {
  if (typeof height !== 'bigint') throw new TypeError(`epochTransitionKeys: expected height as bigint, got ${typeof height}`)
  if (height <= EPOCH_LENGTH || (height - 1n) % EPOCH_LENGTH !== 0n) return []
  const e = (height - 1n) / EPOCH_LENGTH
  const out = new KeyList()
  out.add(tipKey())
  const tip = decodeTip(await required(read, tipKey(), 'the tip'))
  out.add(tableKey(e - 1n))
  const prev = decodeTableHeader(await required(read, tableKey(e - 1n), `table ${e - 1n}`))
  const records = []
  let totalWork = 0n
  for (let i = 0; i < tip.validators; i++) {
    out.add(validatorKey(i))
    const r = decodeValidator(await required(read, validatorKey(i), `validator ${i}`))
    records.push(r)
    totalWork += r.work
  }
  const mint = totalWork !== 0n && tip.supply <= U64_MAX - EPOCH_REWARD
  for (let i = 0; i < tip.validators; i++) {
    const r = records[i]
    let { status, level } = r
    if (status === STATUS_EXITING && e >= EXIT_DELAY && e - EXIT_DELAY >= r.exitEpoch) {
      out.add(accountKeyOf(r.account))
      status = 3
    }
    if (i < prev.n) {
      out.add(tableEntryKey(e - 1n, i))
      const v = await read(tableEntryKey(e - 1n, i))
      const w = v === undefined ? 0n : decodeTableEntry(v).weight
      level = nextLevel(level, r.work, w, prev.W)
    }
    if (mint && rewardShare(r.work, totalWork) !== 0n) out.add(accountKeyOf(r.account))
    if (status === STATUS_ACTIVE && tableWeight(r.bond, level) !== 0n) out.add(tableEntryKey(e + 1n, i))
  }
  out.add(tableKey(e + 1n))
  return out.keys
}

/**
 * Mirrors assembly/consensus/cert.ts applyParentCert(chainId, cert, height, parent): nothing
 * at height 1; above, table(epoch(height − 1))'s header, each signer's entry, each signer's
 * record, and the record of the parent's proposer (`parentProposer` = tip.proposer, the
 * parent block's proposer index; NO_PROPOSER after genesis adds nothing). A certificate that
 * does not decode yields no keys (the core stops before reading any).
 */
export function parentCertKeys(cert: Uint8Array, height: bigint, parentProposer: number): Uint8Array[] {
  if (typeof height !== 'bigint') throw new TypeError(`parentCertKeys: expected height as bigint, got ${typeof height}`)
  if (height <= 1n) return []
  let signers: number[]
  try { signers = decodeCert(cert).signers } catch { return [] }
  const e = epochOf(height - 1n)
  const out = new KeyList()
  out.add(tableKey(e))
  for (const i of signers) out.add(tableEntryKey(e, i))
  for (const i of signers) out.add(validatorKey(i))
  if (parentProposer !== NO_PROPOSER) out.add(validatorKey(parentProposer))
  return out.keys
}

/**
 * Mirrors assembly/consensus/proposer.ts checkProposer: table(epoch(height))'s header, the
 * proposer's entry in it and the proposer's record (the account that signs the block).
 */
export function proposerKeys(height: bigint, proposer: number): Uint8Array[] {
  if (typeof height !== 'bigint') throw new TypeError(`proposerKeys: expected height as bigint, got ${typeof height}`)
  const e = epochOf(height)
  return [tableKey(e), tableEntryKey(e, proposer), validatorKey(proposer)]
}

/**
 * Mirrors assembly/consensus/validator_txs.ts for one encoded validator transaction (kinds
 * 2–4) applied at `height`. `tip.validators` is the record count before this transaction; a
 * register increments it, so pass the same object through a block's transactions in order.
 *   register: the sender's account, record(tip.validators)
 *   exit:     the sender's account, record(validator) if validator < tip.validators
 *   slash:    the sender's account; when the evidence's form and age pass, entry
 *             (epoch(h), validator), record(validator) and slashed(validator, h)
 * Transfers (kind 1) and unknown kinds yield [] (the ledger's keys are CORE-A's).
 */
export function validatorTxKeys(tx: Uint8Array, height: bigint, tip: { validators: number }): Uint8Array[] {
  const fn = 'validatorTxKeys'
  if (!(tx instanceof Uint8Array)) throw new TypeError(`${fn}: expected tx as Uint8Array, got ${typeof tx}`)
  if (typeof height !== 'bigint') throw new TypeError(`${fn}: expected height as bigint, got ${typeof height}`)
  if (tx.length < 46) return []
  const view = new DataView(tx.buffer, tx.byteOffset, tx.byteLength)
  const kind = tx[1]
  const sender = accountKeyOf(tx.subarray(14, 46))
  if (kind === 2 && tx.length === 302) {
    const keys = [sender, validatorKey(tip.validators)]
    tip.validators++
    return keys
  }
  if (kind === 3 && tx.length === 122) {
    const v = view.getUint32(46, true)
    return v < tip.validators ? [sender, validatorKey(v)] : [sender]
  }
  if (kind === 4 && tx.length === 396) {
    const v = view.getUint32(54, true)
    const a = 58, b = 58 + 137
    const kindA = tx[a], kindB = tx[b]
    const h = view.getBigUint64(a + 1, true)
    const blockA = tx.subarray(a + 9, a + 41), blockB = tx.subarray(b + 9, b + 41)
    const cmp = compareBytes(blockA, blockB)
    const kindsOk = (kindA === NOTARIZE || kindA === FINALIZE) && (kindB === NOTARIZE || kindB === FINALIZE) &&
      (kindA === FINALIZE || kindB === FINALIZE)
    const formOk = h !== 0n && view.getBigUint64(b + 1, true) === h && kindsOk && cmp !== 0 &&
      (kindA < kindB || (kindA === kindB && cmp < 0))
    if (!formOk || epochOf(h) + SLASH_WINDOW < epochOf(height)) return [sender]
    return [sender, tableEntryKey(epochOf(h), v), validatorKey(v), slashedKey(v, h)]
  }
  return []
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  return 0
}
