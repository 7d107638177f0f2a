// Consensus test fixtures: a validator table with real keys, and votes and certificates
// built in TypeScript (VRF proofs with core.vrf.prove, BLS signatures with
// runtime/wallet/bls.ts), for the consensus-*.test.js files and the fuzz test.
import { keyGen, publicKey as blsPublicKey, sign as blsSign, popProve } from '../dist/runtime/wallet/bls.js'
import { encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import { voteMessage, encodeVote, encodeCert } from '../dist/runtime/consensus/vote.js'
import { committeeAlpha } from '../dist/runtime/consensus/seeds.js'
import { TAU } from '../dist/runtime/consensus/constants.js'

/** Deterministic keys for validator i of fixture `tag`. */
export function validatorKeys(core, i, tag = 1) {
  const ikm = new Uint8Array(32).fill(tag); ikm[0] = i & 0xff; ikm[1] = i >> 8
  const blsSk = keyGen(ikm)
  const vrfSk = new Uint8Array(32).fill(0x40 + tag); vrfSk[0] = i & 0xff; vrfSk[1] = i >> 8
  return { blsSk, blsPk: blsPublicKey(blsSk), pop: popProve(blsSk), vrfSk, vrfPk: core.vrf.publicKey(vrfSk) }
}

/**
 * A table of epoch `e` as the core would hold it: weights[i] = 0 means no entry. Returns the
 * encoded header, each validator's encoded entry (undefined without one), and their keys.
 */
export function makeTable(core, weights, { seed = new Uint8Array(32).fill(7), tag = 1 } = {}) {
  const keys = weights.map((_, i) => validatorKeys(core, i, tag))
  const W = weights.reduce((a, b) => a + b, 0n)
  const entries = weights.map((w, i) => (w > 0n ? encodeTableEntry({ blsPk: keys[i].blsPk, vrfPk: keys[i].vrfPk, weight: w }) : undefined))
  return { n: weights.length, W, seed, weights, keys, entries, hdr: encodeTableHeader({ n: weights.length, W, seed }) }
}

/** The committee proof and seats of validator i for round `height`. */
export function committeeDraw(core, table, i, height) {
  const proof = core.vrf.prove(table.keys[i].vrfSk, committeeAlpha(table.seed, height))
  const beta = core.vrf.verify(table.keys[i].vrfPk, committeeAlpha(table.seed, height), proof)
  const seats = table.weights[i] > 0n ? core.sortition.committeeSeats(beta, table.weights[i], table.W, TAU) : 0
  return { proof, seats }
}

/** A vote of validator i; `over` changes what is signed (kind, height, block, chainId). */
export function makeVote(core, table, i, { chainId, kind, height, block, over = {} }) {
  const { proof, seats } = committeeDraw(core, table, i, height)
  const m = voteMessage(over.chainId ?? chainId, over.kind ?? kind, over.height ?? height, over.block ?? block)
  const sig = blsSign(table.keys[i].blsSk, m)
  return { bytes: encodeVote({ kind, height, block, validator: i, proof, sig }), seats, proof, sig }
}

/** A certificate of `signers` (increasing); `over` changes what is signed. */
export function makeCert(core, table, signers, { chainId, kind, height, block, over = {} }) {
  const m = voteMessage(over.chainId ?? chainId, over.kind ?? kind, over.height ?? height, over.block ?? block)
  const draws = signers.map((i) => committeeDraw(core, table, i, height))
  const sig = core.bls.aggregateSignatures(signers.map((i) => blsSign(table.keys[i].blsSk, m)))
  const bytes = encodeCert({ kind, height, block, n: table.n, signers, sig, proofs: draws.map((d) => d.proof) })
  return { bytes, seats: draws.reduce((a, d) => a + d.seats, 0), draws, sig, entries: signers.map((i) => table.entries[i]) }
}
