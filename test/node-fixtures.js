// A small consensus network for the node tests: validators with real keys, a consensus
// genesis made by the chain code, one shared state store, and ConsensusNodes for the
// simulator; plus a funded client account that signs transfers.
import * as assert from 'uvu/assert'
import { keyGen, publicKey as blsPublicKey, popProve } from '../dist/runtime/wallet/bls.js'
import { publicKey as edPublicKey, sign as edSign } from '../dist/runtime/wallet/ed25519.js'
import { makeConsensusGenesis } from '../dist/runtime/chain/consensus-genesis.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { ConsensusNode } from '../dist/runtime/node/consensus-node.js'
import { encodeTransfer, encodeTransferBody, transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { encodeTxBatch } from '../dist/runtime/codec/tx-batch.js'

export const CHAIN_ID = 77
export const BOND = 10_000_000n

const seedOf = (tag, i) => { const s = new Uint8Array(32).fill(tag); s[0] = i & 0xff; s[1] = i >> 8; return s }

/** Keys of validator i: account (ed25519 seed), BLS and VRF secrets. */
export function validator(core, i) {
  const accountSeed = seedOf(0x11, i)
  const blsSk = keyGen(seedOf(0x22, i))
  const vrfSk = seedOf(0x33, i)
  return {
    keys: { index: i, accountSeed, blsSk, vrfSk },
    record: { account: edPublicKey(accountSeed), bond: BOND, blsPk: blsPublicKey(blsSk), pop: popProve(blsSk), vrfPk: core.vrf.publicKey(vrfSk) },
  }
}

/** The client that sends transfers in the tests. */
export const client = { seed: seedOf(0x44, 0) }
client.pk = edPublicKey(client.seed)

export function transfer(nonce, to, amount, fee = 1n) {
  const t = { chainId: CHAIN_ID, nonce, from: client.pk, to, amount, fee }
  return encodeTransfer({ ...t, sig: edSign(client.seed, transferSigningMessage(encodeTransferBody(t))) })
}

/** A `tx` gossip payload (a batch, §20) of the given transfers. */
export const txBatch = (...txs) => encodeTxBatch(txs)

/** n validators (each account funded, so an equivocating proposer can vary its block) and a genesis. */
export function network(core, n) {
  const validators = Array.from({ length: n }, (_, i) => validator(core, i))
  const allocations = [{ pk: client.pk, balance: 1_000_000n }, ...validators.map((v) => ({ pk: v.record.account, balance: 1000n }))]
  const genesis = makeConsensusGenesis(core, { chainId: CHAIN_ID, allocations, validators: validators.map((v) => v.record) })
  return { validators, genesis, store: new MemoryNodeStore() }
}

/** A node factory for the simulator; `behaviours[i]` picks validator i's behaviour. */
export function nodeFactory(core, net, { behaviours = [], genesisTimeMs = 0, wrap = (n) => n } = {}) {
  return (i) => wrap(new ConsensusNode({
    core, chainId: CHAIN_ID, genesis: net.genesis, store: net.store, genesisTimeMs,
    keys: net.validators[i].keys, behaviour: behaviours[i] ?? 'honest',
  }), i)
}

/**
 * Every honest node finalized heights 1, 2, … once each, and all agree on the hash (and, with
 * `stateRoots`, on the state root: a stand-in ledger has none to compare).
 */
export function assertAgreement(finalized, honest, minHeight, { stateRoots = true } = {}) {
  const ref = new Map()
  for (const i of honest) {
    const f = finalized[i]
    assert.ok(f.length >= minHeight, `node ${i} finalized ${f.length} blocks, expected at least ${minHeight}`)
    f.forEach((r, k) => assert.is(r.height, k + 1, `node ${i}: heights in order, once each`))
    for (const r of f) {
      const seen = ref.get(r.height)
      if (seen) {
        assert.is(r.hash, seen.hash, `height ${r.height}`)
        if (stateRoots) assert.is(r.stateRoot, seen.stateRoot)
      } else ref.set(r.height, r)
    }
  }
}
