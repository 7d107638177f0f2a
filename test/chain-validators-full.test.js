// E_VALIDATORS_FULL (PROTOCOL.md §17): a register when MAX_VALIDATORS records exist. The
// genesis holds 4096 validators sharing one set of keys (nothing forbids it, and one PoP
// and one VRF key keep the test to one core genesis); block 1 needs no certificate.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore } from './helpers.js'
import { validatorIdentity, userAccount } from './chain-helpers-v2.js'
import { makeConsensusGenesis } from '../dist/runtime/chain/consensus-genesis.js'
import { buildBlock } from '../dist/runtime/chain/block-builder.js'
import { signRegister } from '../dist/runtime/codec/validator-tx.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { proposerAlpha, genesisSeed } from '../dist/runtime/consensus/seeds.js'
import { MAX_VALIDATORS, TAU_PROPOSER, MIN_BOND } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()

test('register on a full validator set: E_VALIDATORS_FULL', async () => {
  const v = validatorIdentity(core, 0, 5)
  const user = userAccount(0, 5)
  const validators = Array.from({ length: MAX_VALIDATORS }, () => ({ account: v.account, bond: MIN_BOND, blsPk: v.blsPk, pop: v.pop, vrfPk: v.vrfPk }))
  const t0 = Date.now()
  const g = makeConsensusGenesis(core, { chainId: 1, allocations: [{ pk: user.pk, balance: 10n * MIN_BOND }], validators })
  console.log(`genesis of ${MAX_VALIDATORS} validators: ${Date.now() - t0} ms`)
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))
  await tree.applyWrites(g.stateRoot, g.writes)
  // Every validator has the same VRF key and weight, so one draw per slot decides for all.
  const seed = genesisSeed(1, g.input)
  const W = BigInt(MAX_VALIDATORS) * MIN_BOND / 2n
  let slot = 1n, proof
  for (;; slot++) {
    proof = core.vrf.prove(v.vrfSk, proposerAlpha(seed, 1n, slot))
    if (core.sortition.seats(core.vrf.proofToHash(proof), MIN_BOND / 2n, W, TAU_PROPOSER) > 0) break
  }
  const k = validatorIdentity(core, 1, 5)
  const reg = (bond) => signRegister({ chainId: 1, nonce: 0n, from: user.pk, bond, fee: 0n, blsPk: k.blsPk, pop: k.pop, vrfPk: k.vrfPk }, user.seed)
  const build = (txs) => buildBlock({ core, tree, chainId: 1, parentHash: g.hash, height: 1n, slot, proposer: 7, vrfProof: proof, cert: new Uint8Array(0), txs, accountSk: v.accountSeed })
  await build([]) // the proposer is valid
  try { await build([reg(MIN_BOND)]); assert.unreachable('a 4097th record') } catch (e) {
    assert.equal([e.coreName, e.txIndex], ['E_VALIDATORS_FULL', 0])
  }
  try { await build([reg(MIN_BOND - 1n)]); assert.unreachable() } catch (e) {
    assert.is(e.coreName, 'E_BOND', 'the bond is checked first')
  }
})

test.run()
