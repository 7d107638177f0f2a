// Turning pooled votes into a certificate (docs/PROTOCOL.md §14), optimistically: every
// vote's VRF proof was checked when it was pooled, so what is left is the BLS signatures.
// Aggregate them all and check the aggregate once (one FastAggregateVerify instead of one
// Verify per vote); only when that fails are the unchecked votes verified one by one through
// the core, the bad ones dropped, and the good ones aggregated again. An aggregate of
// signatures that each verified needs no second check.
import { encodeCert, voteMessage } from '../consensus/vote.js'
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
