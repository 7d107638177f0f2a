// Turning pooled votes into a certificate (docs/PROTOCOL.md §14), optimistically: every
// vote's VRF proof was checked when it was pooled, so what is left is the BLS signatures.
// Aggregate them all and check the aggregate once (one FastAggregateVerify instead of one
// Verify per vote); only when that fails are the unchecked votes verified one by one through
// the core, the bad ones dropped, and the good ones aggregated again. An aggregate of
// signatures that each verified needs no second check.
import { encodeCert, voteMessage, type Cert } from '../consensus/vote.js'
import { THRESHOLD } from '../consensus/constants.js'
import type { Table } from './tables.js'
import type { Target, VotePool, PooledVote } from './vote-pool.js'
import type { NodeCore } from './node-config.js'

export interface AggregateOutcome {
  /** The certificate, or null if the good votes do not reach THRESHOLD seats. */
  cert: Uint8Array | null
  /** Validators whose votes turned out bad (dropped from the pool). */
  dropped: number[]
}

function aggregateOf(core: NodeCore, votes: PooledVote[]): Uint8Array | null {
  try {
    return core.bls.aggregateSignatures(votes.map((v) => v.sig))
  } catch {
    return null // a signature that does not even decode: found below, one by one
  }
}

function encode(t: Target, table: Table, votes: PooledVote[], sig: Uint8Array): Uint8Array {
  return encodeCert({
    kind: t.kind, height: BigInt(t.height), block: t.block, n: table.n,
    signers: votes.map((v) => v.validator), sig, proofs: votes.map((v) => v.proof),
  })
}

/** A certificate from every vote `t` holds (THRESHOLD seats or more), or null. */
export function aggregateTarget(core: NodeCore, chainId: number, pool: VotePool, t: Target, table: Table): AggregateOutcome {
  const dropped: number[] = []
  if (t.seats < THRESHOLD) return { cert: null, dropped }
  let votes = t.sorted()
  const sig = aggregateOf(core, votes)
  if (sig) {
    const allChecked = votes.every((v) => v.checked)
    const msg = voteMessage(chainId, t.kind, BigInt(t.height), t.block)
    if (allChecked || core.bls.fastAggregateVerify(votes.map((v) => table.blsPk(v.validator)), msg, sig)) {
      for (const v of votes) v.checked = true
      return { cert: encode(t, table, votes, sig), dropped }
    }
  }
  for (const v of votes) {
    if (v.checked) continue
    const entry = table.entry(v.validator)
    const r = entry ? core.consensus.verifyVote(chainId, v.bytes, table.header, entry) : { ok: false }
    if (r.ok) v.checked = true
    else { pool.drop(t, v.validator); dropped.push(v.validator) }
  }
  if (t.seats < THRESHOLD) return { cert: null, dropped }
  votes = t.sorted()
  const again = aggregateOf(core, votes)
  return { cert: again ? encode(t, table, votes, again) : null, dropped }
}

/**
 * A held certificate extended by the votes it lacks (a proposer's rebuilt parent
 * certificate, §19): the held aggregate plus the missing signatures, so only those few are
 * decoded, then one FastAggregateVerify over the union. If that fails, the extra votes are
 * checked one by one, the bad ones dropped, and the good ones added (valid parts make a valid
 * sum). Null when there is nothing to add or nothing good to add.
 */
export function extendCert(core: NodeCore, chainId: number, pool: VotePool, t: Target, held: Cert, table: Table): Uint8Array | null {
  if (held.n !== table.n) return null
  const inHeld = new Set(held.signers)
  let extra = t.sorted().filter((v) => !inHeld.has(v.validator) && table.entry(v.validator))
  if (extra.length === 0) return null
  const build = (votes: PooledVote[], sig: Uint8Array): Uint8Array => {
    const proofOf = new Map<number, Uint8Array>(held.signers.map((s, j) => [s, held.proofs[j]]))
    for (const v of votes) proofOf.set(v.validator, v.proof)
    const signers = [...proofOf.keys()].sort((a, b) => a - b)
    return encodeCert({ kind: held.kind, height: held.height, block: held.block, n: held.n, signers, sig, proofs: signers.map((s) => proofOf.get(s) as Uint8Array) })
  }
  const sum = (votes: PooledVote[]): Uint8Array | null => {
    try { return core.bls.aggregateSignatures([held.sig, ...votes.map((v) => v.sig)]) } catch { return null }
  }
  const sig = sum(extra)
  if (sig) {
    const signers = [...new Set([...held.signers, ...extra.map((v) => v.validator)])].sort((a, b) => a - b)
    const msg = voteMessage(chainId, held.kind, held.height, held.block)
    if (extra.every((v) => v.checked) || core.bls.fastAggregateVerify(signers.map((i) => table.blsPk(i)), msg, sig)) {
      for (const v of extra) v.checked = true
      return build(extra, sig)
    }
  }
  for (const v of extra) {
    if (v.checked) continue
    if (core.consensus.verifyVote(chainId, v.bytes, table.header, table.entry(v.validator) as Uint8Array).ok) v.checked = true
    else pool.drop(t, v.validator)
  }
  extra = extra.filter((v) => v.checked)
  const again = extra.length === 0 ? null : sum(extra)
  return again ? build(extra, again) : null
}
