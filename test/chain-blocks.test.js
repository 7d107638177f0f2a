// Consensus blocks (PROTOCOL.md §16) on a real genesis of validators with ed25519, BLS and
// VRF keys: a chain with real notarization certificates applies, and each fault of a header
// is rejected by the core with its own error name, in the order §16 gives.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, hex } from './helpers.js'
import { makeConsensusChain } from './chain-helpers-v2.js'
import { account, makeLedger, signedTransfer } from './chain-helpers.js'
import { encodeBlock, decodeBlock, signHeader, blockHash, txRoot } from '../dist/runtime/codec/block.js'
import { blockWitnessKeys } from '../dist/runtime/chain/witness-keys.js'
import { verifyBlock } from '../dist/runtime/chain/block-builder.js'
import { encodeGenesisInput } from '../dist/runtime/chain/consensus-genesis.js'
import { tipKey } from '../dist/runtime/consensus/keys.js'
import { encodeTransferBody, transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { sign as edSign } from '../dist/runtime/wallet/ed25519.js'
import { FINALIZE } from '../dist/runtime/consensus/vote.js'
import { genesisSeed, blockSeed } from '../dist/runtime/consensus/seeds.js'
import { decodeTip } from '../dist/runtime/consensus/records.js'
import { StateTree } from '../dist/runtime/state/smt.js'

const core = await loadCore()
const chain = await makeConsensusChain(core, { bonds: [4000000n, 3000000n, 2000000n, 5000000n, 1000000n] })
for (let i = 0; i < 6; i++) await chain.next()

/** A transfer signed for `chainId` by the seed's key. */
function transfer(from, to, { chainId = chain.chainId, nonce = 0n, amount = 1n, fee = 0n } = {}) {
  const body = encodeTransferBody({ chainId, nonce, from: from.pk, to: to.pk, amount, fee })
  const out = new Uint8Array(158)
  out.set(body)
  out.set(edSign(from.seed, transferSigningMessage(body)), 94)
  return out
}

/** The block with header fields changed and signed again by `seed` (default the proposer's). */
function reheader(built, change, seed) {
  const d = decodeBlock(built.bytes)
  const h = signHeader({ ...d.header, ...change }, seed ?? chain.validators[(change.proposer ?? d.header.proposer)].accountSeed)
  return encodeBlock(h, d.txBytes)
}

async function verdict(bytes, c = chain) {
  const v = await c.verify(bytes)
  return v.ok ? 'ok' : `${v.error}@${v.tx}`
}

test('a chain of consensus blocks with real certificates applies; the tip follows it', async () => {
  assert.is(chain.height, 6n)
  const tip = await chain.tip()
  assert.is(tip.height, 6n)
  assert.is(tip.slot, chain.slot)
  assert.is(tip.proposer, chain.blocks[5].header.proposer)
  assert.is(hex(chain.tree.root), hex(chain.blocks[5].postRoot))
  for (const b of chain.blocks) {
    assert.is(b.header.version, 2)
    assert.is(hex(b.hash), hex(blockHash(b.header)))
    assert.is(hex(core.ledger.checkBlock(b.bytes).headerHash), hex(b.hash), 'the core hashes the header without its signature')
  }
  assert.is(chain.blocks[0].header.cert.length, 0, 'block 1 carries no certificate')
  assert.ok(chain.blocks.slice(1).every((b) => b.header.cert.length > 0))
  // The supply is the allocations plus the bonds (no epoch has ended, nothing is minted).
  assert.is(tip.supply, 7n * 100000000n + 15000000n)
  // Each block's seed is H("chiron/seed" ‖ parent's seed ‖ beta of the proposer's proof).
  let seed = genesisSeed(chain.chainId, chain.genesis.input)
  for (const b of chain.blocks) {
    const t = decodeTip(await new StateTree(chain.store, b.postRoot).get(tipKey()))
    seed = blockSeed(seed, core.vrf.proofToHash(b.header.vrfProof))
    assert.is(hex(t.seed), hex(seed), `seed of block ${b.header.height}`)
    assert.equal([t.height, t.slot, t.proposer], [b.header.height, b.header.slot, b.header.proposer])
  }
})

test('the next block with transfers and fees applies; fees go to the proposer account', async () => {
  const [alice, bob] = chain.accounts
  const built = await chain.build({ txs: [transfer(alice, bob, { amount: 5n, fee: 3n })] })
  assert.is(await verdict(built.bytes), 'ok')
  const v = await chain.verify(built.bytes)
  assert.is(hex(v.postRoot), hex(built.postRoot))
})

test('height and slot: E_HEIGHT, E_SLOT', async () => {
  const built = await chain.build()
  assert.is(await verdict(reheader(built, { height: chain.height + 2n })), 'E_HEIGHT@-1')
  assert.is(await verdict(reheader(built, { height: chain.height })), 'E_HEIGHT@-1')
  assert.is(await verdict(reheader(built, { slot: chain.slot })), 'E_SLOT@-1')
  assert.is(await verdict(reheader(built, { slot: chain.slot - 1n })), 'E_SLOT@-1')
})

test('the proposer: no entry, no seat, bad VRF proof, bad signature', async () => {
  const built = await chain.build()
  const h = built.header
  assert.is(await verdict(reheader(built, { proposer: 99 }, chain.validators[0].accountSeed)), 'E_NOT_PROPOSER@-1')
  // A validator without a proposer seat in some slot, with its own valid proof for that slot.
  let found = false
  for (let slot = chain.slot + 1n; slot < chain.slot + 300n && !found; slot++) {
    for (const v of chain.validators) {
      if (await chain.proposerDraw(v.index, h.height, slot)) continue
      const alpha = (await import('../dist/runtime/consensus/seeds.js')).proposerAlpha((await chain.table(0)).seed, h.height, slot)
      const proof = core.vrf.prove(v.vrfSk, alpha)
      assert.is(await verdict(reheader(built, { proposer: v.index, slot, vrfProof: proof })), 'E_NOT_PROPOSER@-1')
      found = true
      break
    }
  }
  assert.ok(found, 'a seatless draw exists within 300 slots')
  // Another validator's proof under the proposer's index, and a proof with a flipped byte.
  const other = (h.proposer + 1) % chain.validators.length
  const otherDraw = await chain.pickProposer(h.height, { eligible: [other] })
  assert.is(await verdict(reheader(built, { slot: otherDraw.slot, vrfProof: otherDraw.proof })), 'E_PROPOSER_VRF@-1')
  const flipped = h.vrfProof.slice(); flipped[70] ^= 1
  assert.is(await verdict(reheader(built, { vrfProof: flipped })), 'E_PROPOSER_VRF@-1')
  // Signature: a flipped bit, another account's key, the zero signature of a draft.
  const badSig = built.bytes.slice(); badSig[209 + h.cert.length + 5] ^= 1
  assert.is(await verdict(badSig), 'E_BLOCK_SIG@-1')
  assert.is(await verdict(reheader(built, {}, chain.validators[other].accountSeed)), 'E_BLOCK_SIG@-1')
  const zero = encodeBlock({ ...h, sig: new Uint8Array(64) }, [])
  assert.is(await verdict(zero), 'E_BLOCK_SIG@-1')
  // Build mode skips exactly the signature and the state root.
  const keys = await blockWitnessKeys(zero, (k) => chain.read(k))
  const w = await chain.tree.buildWitness(keys)
  assert.is(hex(core.ledger.apply(chain.tree.root, zero, w, 'build').root), hex(built.postRoot))
  // A valid signature over a wrong state root: E_STATE_ROOT, last.
  assert.is(await verdict(reheader(built, { stateRoot: new Uint8Array(32).fill(1) })), 'E_STATE_ROOT@-1')
})

test('the parent certificate: missing, for another block, of the wrong kind, too light, at height 1', async () => {
  const h = chain.height
  const built = await chain.build()
  assert.is(await verdict(reheader(built, { cert: new Uint8Array(0) })), 'E_TRUNCATED@-1')
  const other = await chain.certify(h, new Uint8Array(32).fill(5))
  assert.is(await verdict(reheader(built, { cert: other.bytes })), 'E_CERT_TARGET@-1')
  const older = await chain.certify(h - 1n, chain.blocks[chain.blocks.length - 2].hash)
  assert.is(await verdict(reheader(built, { cert: older.bytes })), 'E_CERT_TARGET@-1')
  const fin = await chain.certify(h, chain.parentHash, { kind: FINALIZE })
  assert.is(await verdict(reheader(built, { cert: fin.bytes })), 'E_CERT_TARGET@-1')
  const weak = await chain.certify(h, chain.parentHash, { voters: [4], allowWeak: true })
  assert.is(await verdict(reheader(built, { cert: weak.bytes })), 'E_CERT_WEIGHT@-1')
  const badAgg = chain.cert.slice(); badAgg[100] ^= 1
  const v = await verdict(reheader(built, { cert: badAgg }))
  assert.ok(v.startsWith('E_CERT_') || v.startsWith('E_BLS_'), v)
  // Height 1: any certificate is out of place.
  const fresh = await makeConsensusChain(core, { tag: 2 })
  const first = await fresh.build()
  assert.is(await verdict(first.bytes, fresh), 'ok')
  const withCert = reheader(first, { cert: chain.cert }, fresh.validators[first.header.proposer].accountSeed)
  assert.is(await verdict(withCert, fresh), 'E_CERT_TARGET@-1')
})

test('version 1 blocks on a consensus state: E_CONSENSUS_STATE; version 2 on a ledger state: E_NO_TIP', async () => {
  const [alice, bob] = chain.accounts
  const txs = [transfer(alice, bob)]
  const v1 = encodeBlock({
    chainId: chain.chainId, height: chain.height + 1n, slot: chain.slot + 1n, parent: chain.parentHash,
    proposer: alice.pk, txRoot: txRoot(txs), stateRoot: new Uint8Array(32), txCount: 1,
  }, txs)
  assert.is(await verdict(v1), 'E_CONSENSUS_STATE@-1')
  const a = account(0), b = account(1)
  const L = await makeLedger(core, [[a, 1000n], [b, 1000n]], chain.chainId)
  const v2 = (await chain.build()).bytes
  const r = await verifyBlock({ core, tree: L.tree, block: v2 })
  assert.equal([r.ok, r.error], [false, 'E_NO_TIP'])
  assert.equal(await blockWitnessKeys(v2, (k) => L.tree.get(k)), [tipKey()], 'the core reads only the tip')
  // The ledger chain itself still runs version-1 blocks.
  const { block, witness, change } = await L.build([signedTransfer({ chainId: chain.chainId, from: a, to: b, amount: 2n })])
  assert.is(hex(core.ledger.apply(L.tree.root, block, witness).root), hex(change.root))
})

test('witness keys are exact: one key fewer is E_WITNESS_MISSING, one more is E_WITNESS_SHAPE', async () => {
  const [alice, bob] = chain.accounts
  const built = await chain.build({ txs: [transfer(alice, bob, { amount: 2n })] })
  const keys = await blockWitnessKeys(built.bytes, (k) => chain.read(k))
  const full = await chain.tree.buildWitness(keys)
  assert.is(hex(core.ledger.apply(chain.tree.root, built.bytes, full).root), hex(built.postRoot))
  let missing = 0, shape = 0
  for (let i = 0; i < keys.length; i++) {
    const w = await chain.tree.buildWitness(keys.filter((_, j) => j !== i))
    try { core.ledger.apply(chain.tree.root, built.bytes, w); assert.unreachable(`key ${i} is needed`) } catch (e) {
      if (e.coreName === 'E_WITNESS_MISSING') missing++
      else if (e.coreName === 'E_WITNESS_SHAPE') shape++
      else throw e
    }
  }
  // Dropping a key either leaves its path pruned (missing) or leaves a node no other key
  // needs expanded (the witness is then not canonical for the keys the core reads).
  assert.is(missing + shape, keys.length)
  assert.ok(missing > 0)
  const extra = await chain.tree.buildWitness([...keys, chain.accounts[1].pk.map((x) => x ^ 0x5a)])
  const sameShape = hex(extra) === hex(full)
  if (!sameShape) assert.throws(() => core.ledger.apply(chain.tree.root, built.bytes, extra), (e) => e.coreName === 'E_WITNESS_SHAPE')
})

test('chain_genesis: bad validators are named with their index', async () => {
  const vs = chain.validators.slice(0, 3).map((v) => ({ account: v.account, bond: 1000000n, blsPk: v.blsPk, pop: v.pop, vrfPk: v.vrfPk }))
  const allocs = [{ pk: chain.accounts[0].pk, balance: 10n }]
  const code = (list) => {
    try { core.ledger.chainGenesis(encodeGenesisInput(allocs, list), 1); return 'ok' } catch (e) { return `${e.coreName}@${e.txIndex}` }
  }
  assert.is(code(vs), 'ok')
  assert.is(code([vs[0], { ...vs[1], bond: 999999n }, vs[2]]), 'E_BOND@1')
  assert.is(code([vs[0], vs[1], { ...vs[2], pop: vs[1].pop }]), 'E_POP@2')
  assert.is(code([{ ...vs[0], vrfPk: new Uint8Array(32) }]), 'E_VRF_KEY@0')
  assert.is(code([{ ...vs[0], bond: (1n << 64n) - 1n }]), 'E_GENESIS@0')
  assert.is(code([]), 'E_COUNT_RANGE@-1')
  const input = encodeGenesisInput(allocs, vs)
  assert.throws(() => core.ledger.chainGenesis(input.subarray(0, input.length - 1), 1), (e) => e.coreName === 'E_TRUNCATED')
  assert.throws(() => core.ledger.chainGenesis(Uint8Array.from([...input, 0]), 1), (e) => e.coreName === 'E_TRAILING')
  // The genesis seed commits to the chain id: the same input on another chain is another state.
  assert.is.not(hex(core.ledger.chainGenesis(input, 1).root), hex(core.ledger.chainGenesis(input, 2).root))
})

test.run()
