// Checking a certificate (docs/PROTOCOL.md §14) without verifying any bytes twice. A node has
// usually checked every signer's committee proof already, when the signer's vote arrived
// (through the core's VRF verification), so for a certificate whose proofs are all ones it
// checked, what is left is the bitmap length, the seat sum and one FastAggregateVerify in the
// core. Any signer whose proof this node has not checked sends the whole certificate to
// core.consensus.verifyCert, which runs every step of §14 itself. Either way the verdicts
// are the core's: the fast path only reuses earlier core verdicts on the same bytes.
import { THRESHOLD } from '../consensus/constants.js'
import { voteMessage, type Cert } from '../consensus/vote.js'
import type { Table } from './tables.js'
import type { NodeCore, VerifyResult } from './node-config.js'

/** Seats of a signer's committee proof, as this node checked it earlier, or undefined. */
export type KnownSeats = (height: number, validator: number, proof: Uint8Array) => number | undefined

export function checkCert(core: NodeCore, chainId: number, bytes: Uint8Array, c: Cert, table: Table, known: KnownSeats): VerifyResult {
  const h = Number(c.height)
  let seats = 0
  let allKnown = c.n === table.n
  for (let j = 0; allKnown && j < c.signers.length; j++) {
    const s = known(h, c.signers[j], c.proofs[j])
    if (s === undefined || s === 0 || !table.entry(c.signers[j])) allKnown = false
    else seats += s
  }
  if (allKnown) {
    if (seats < THRESHOLD) return { ok: false, error: 'E_CERT_WEIGHT' }
    const pks = c.signers.map((i) => table.blsPk(i))
    return core.bls.fastAggregateVerify(pks, voteMessage(chainId, c.kind, c.height, c.block), c.sig)
      ? { ok: true, seats }
      : { ok: false, error: 'E_CERT_SIG' }
  }
  const entries: (Uint8Array | undefined)[] = c.signers.map((i) => table.entry(i))
  return core.consensus.verifyCert(chainId, bytes, table.header, entries)
}
