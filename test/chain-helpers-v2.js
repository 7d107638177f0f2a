// A consensus chain for tests (PROTOCOL.md §11–18): a real genesis with validators holding
// ed25519, BLS and VRF keys, proposers drawn by VRF sortition, notarization certificates
// made of real votes, blocks built by runtime/chain/block-builder.js and judged by the core.
// Shared by the chain-, node- and sim- tests: nothing here depends on one test's needs.
//
//   const c = await makeConsensusChain(core, { bonds: [4_000_000n, ...] })
//   const b = await c.next({ txs })      // draw a proposer, build, verify, commit, certify
//   c.tip(), c.record(i), c.table(e)     // decoded state at the head
import { sha256 } from '@noble/hashes/sha2.js'
import { publicKey as edPublicKey } from '../dist/runtime/wallet/ed25519.js'
import { keyGen, publicKey as blsPublicKey, popProve, sign as blsSignWallet } from '../dist/runtime/wallet/bls.js'
import { makeConsensusGenesis } from '../dist/runtime/chain/consensus-genesis.js'
import { buildBlock, verifyBlock } from '../dist/runtime/chain/block-builder.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { tipKey, validatorKey, tableKey, tableEntryKey } from '../dist/runtime/consensus/keys.js'
import { decodeTip, decodeValidator, decodeTableHeader, decodeTableEntry } from '../dist/runtime/consensus/records.js'
import { voteMessage, encodeCert, encodeVote } from '../dist/runtime/consensus/vote.js'
import { proposerAlpha, committeeAlpha } from '../dist/runtime/consensus/seeds.js'
import { TAU, TAU_PROPOSER, THRESHOLD, epochOf } from '../dist/runtime/consensus/constants.js'

const enc = new TextEncoder()

/** Deterministic keys of validator `i` (tag separates independent sets). */
export function validatorIdentity(core, i, tag = 1) {
  const accountSeed = sha256(enc.encode(`chain validator account ${tag}/${i}`))
  const blsSk = keyGen(sha256(enc.encode(`chain validator bls ${tag}/${i}`)))
  const vrfSk = sha256(enc.encode(`chain validator vrf ${tag}/${i}`))
  return {
    index: i, accountSeed, account: edPublicKey(accountSeed),
    blsSk, blsPk: blsPublicKey(blsSk), pop: popProve(blsSk), vrfSk, vrfPk: core.vrf.publicKey(vrfSk),
  }
}

/** A funded account that is not a validator. */
export function userAccount(i, tag = 1) {
  const seed = sha256(enc.encode(`chain user ${tag}/${i}`))
  return { seed, pk: edPublicKey(seed) }
}

/** BLS signatures of one message by several keys (the core's signMany when present). */
export function blsSignAll(core, sks, msg) {
  if (typeof core.bls.signMany === 'function') return core.bls.signMany(sks, msg)
  return sks.map((sk) => blsSignWallet(sk, msg))
}

function lessBytes(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i]
  return false
}

/**
 * A consensus chain at its genesis. Options: bonds (one per validator, index order),
 * users (number of funded non-validator accounts), balance (of each account), chainId, tag,
 * store (the NodeStore the state lives in; a fresh MemoryNodeStore by default).
 */
export async function makeConsensusChain(core, { bonds = [4000000n, 4000000n, 4000000n, 4000000n], users = 2, balance = 100000000n, chainId = 1, tag = 1, store = new MemoryNodeStore() } = {}) {
  const validators = bonds.map((_, i) => validatorIdentity(core, i, tag))
  const accounts = Array.from({ length: users }, (_, i) => userAccount(i, tag))
  const allocations = [
    ...validators.map((v) => ({ pk: v.account, balance })),
    ...accounts.map((a) => ({ pk: a.pk, balance })),
  ]
  const genesis = makeConsensusGenesis(core, {
    chainId, allocations,
    validators: validators.map((v, i) => ({ account: v.account, bond: bonds[i], blsPk: v.blsPk, pop: v.pop, vrfPk: v.vrfPk })),
  })
  const tree = new StateTree(store, new Uint8Array(32))
  await tree.applyWrites(genesis.stateRoot, genesis.writes)
  return new ConsensusChain(core, { chainId, genesis, validators, accounts, store, tree })
}

export class ConsensusChain {
  constructor(core, { chainId, genesis, validators, accounts, store, tree }) {
    Object.assign(this, { core, chainId, genesis, validators, accounts, store, tree })
    this.height = 0n
    this.slot = 0n
    this.parentHash = genesis.hash
    /** The notarization certificate of the head block (empty at genesis). */
    this.cert = new Uint8Array(0)
    this.blocks = []
  }

  read(key) { return this.tree.get(key) }
  async tip() { return decodeTip(await this.read(tipKey())) }
  async record(i) { return decodeValidator(await this.read(validatorKey(i))) }
  async table(e) { return decodeTableHeader(await this.read(tableKey(BigInt(e)))) }
  /** Validator i's entry in table(e), or undefined (weight 0). */
  async entry(e, i) {
    const v = await this.read(tableEntryKey(BigInt(e), i))
    return v === undefined ? undefined : decodeTableEntry(v)
  }
  /** A StateTree at the head, sharing the store (a fork point for tests). */
  fork() { return new StateTree(this.store, this.tree.root) }

  /** Validator i's proposer draw for (height, slot) against table(epoch(height)): null without a seat. */
  async proposerDraw(i, height, slot) {
    const e = epochOf(height)
    const t = await this.table(e)
    const entry = await this.entry(e, i)
    if (entry === undefined) return null
    const alpha = proposerAlpha(t.seed, height, slot)
    const proof = this.core.vrf.prove(this.validators[i].vrfSk, alpha)
    const beta = this.core.vrf.verify(this.validators[i].vrfPk, alpha, proof)
    const seats = this.core.sortition.seats(beta, entry.weight, t.W, TAU_PROPOSER)
    if (seats === 0) return null
    return { index: i, slot, proof, beta, seats, priority: this.core.sortition.priority(beta, seats) }
  }

  /**
   * The best proposal for `height` from the first slot after `fromSlot` in which one of
   * `eligible` (validator indices; default all) draws a seat: the lowest priority wins.
   */
  async pickProposer(height, { fromSlot = this.slot, eligible } = {}) {
    const who = eligible ?? this.validators.map((v) => v.index)
    for (let slot = fromSlot + 1n; slot < fromSlot + 1000n; slot++) {
      let best = null
      for (const i of who) {
        const d = await this.proposerDraw(i, height, slot)
        if (d && (best === null || lessBytes(d.priority, best.priority))) best = d
      }
      if (best) return best
    }
    throw new Error(`pickProposer: nobody of ${who} drew a seat for height ${height} in 1000 slots`)
  }

  /** Validator i's committee proof and seats for round `height` (0 seats without an entry). */
  async committeeDraw(i, height) {
    const e = epochOf(height)
    const t = await this.table(e)
    const entry = await this.entry(e, i)
    const alpha = committeeAlpha(t.seed, height)
    const proof = this.core.vrf.prove(this.validators[i].vrfSk, alpha)
    if (entry === undefined) return { proof, seats: 0 }
    const beta = this.core.vrf.verify(this.validators[i].vrfPk, alpha, proof)
    return { proof, seats: this.core.sortition.committeeSeats(beta, entry.weight, t.W, TAU) }
  }

  /** The BLS signature of validator i on a vote (kind, height, block). */
  signVote(i, kind, height, block) {
    return blsSignAll(this.core, [this.validators[i].blsSk], voteMessage(this.chainId, kind, height, block))[0]
  }

  /** Validator i's 221-byte network vote. */
  async vote(i, kind, height, block) {
    const { proof } = await this.committeeDraw(i, height)
    return encodeVote({ kind, height, block, validator: i, proof, sig: this.signVote(i, kind, height, block) })
  }

  /**
   * A certificate of `kind` for (height, block) signed by every one of `voters` (default
   * all) that draws a committee seat; throws when their seats stay below THRESHOLD unless
   * `allowWeak`. Returns { bytes, signers, seats }.
   */
  async certify(height, block, { kind = 1, voters, allowWeak = false } = {}) {
    const who = (voters ?? this.validators.map((v) => v.index)).slice().sort((a, b) => a - b)
    const signers = [], proofs = []
    let seats = 0
    for (const i of who) {
      const d = await this.committeeDraw(i, height)
      if (d.seats === 0) continue
      signers.push(i); proofs.push(d.proof); seats += d.seats
    }
    if (signers.length === 0 || (seats < THRESHOLD && !allowWeak)) throw new Error(`certify: ${seats} seats at height ${height}, below ${THRESHOLD}`)
    const m = voteMessage(this.chainId, kind, height, block)
    const sig = this.core.bls.aggregateSignatures(blsSignAll(this.core, signers.map((i) => this.validators[i].blsSk), m))
    const t = await this.table(epochOf(height))
    return { bytes: encodeCert({ kind, height, block, n: t.n, signers, sig, proofs }), signers, seats }
  }

  /**
   * Builds the next block (not applied). Options: txs, proposer (a draw from pickProposer;
   * default the best of `proposers`), cert (default the head's certificate), and overrides
   * of height, slot and parentHash for making bad blocks.
   */
  async build({ txs = [], proposer, proposers, cert, height, slot, parentHash, tree } = {}) {
    const h = height ?? this.height + 1n
    const p = proposer ?? await this.pickProposer(h, { eligible: proposers })
    return buildBlock({
      core: this.core, tree: tree ?? this.tree, chainId: this.chainId, parentHash: parentHash ?? this.parentHash,
      height: h, slot: slot ?? p.slot, proposer: p.index, vrfProof: p.proof, cert: cert ?? this.cert,
      txs, accountSk: this.validators[p.index].accountSeed,
    })
  }

  /** Verifies `bytes` at the head (the core in verify mode): { ok, error, tx, ... }. */
  verify(bytes) {
    return verifyBlock({ core: this.core, tree: this.tree, block: bytes })
  }

  /**
   * Verifies and commits a block, then certifies it with `voters` (default all) so the next
   * block can carry the certificate. Throws with the core's error name if it is rejected.
   */
  async commit(built, { voters } = {}) {
    const v = await this.verify(built.bytes)
    if (!v.ok) throw new Error(`commit: the core rejected block ${built.header.height}: ${v.error}@${v.tx}`)
    await this.tree.applyWrites(v.postRoot, v.writes)
    this.height = built.header.height
    this.slot = built.header.slot
    this.parentHash = built.hash
    this.blocks.push(built)
    this.cert = (await this.certify(this.height, built.hash, { voters })).bytes
    return built
  }

  /** build + commit: one round of an honest chain among `proposers` and `voters`. */
  async next({ txs, proposers, voters } = {}) {
    return this.commit(await this.build({ txs, proposers }), { voters })
  }
}
