// Validator transactions (PROTOCOL.md §17) inside consensus blocks: register, exit and slash
// apply with their effects on records, balances, the tip and the slashing mark, and each of
// their errors is named with the transaction's index. Also: the TypeScript encoders, decoder
// and signing helpers against the core's decoder.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, hex } from './helpers.js'
import { makeConsensusChain, validatorIdentity } from './chain-helpers-v2.js'
import {
  signRegister, signExit, signSlash, decodeTx, encodeSlash, encodeSlashBody, orderEvidence, txSigningMessage,
  REGISTER_TX_BYTES, EXIT_TX_BYTES, SLASH_TX_BYTES,
} from '../dist/runtime/codec/validator-tx.js'
import { encodeTransferBody, transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { sign as edSign } from '../dist/runtime/wallet/ed25519.js'
import { accountKeyOf } from '../dist/runtime/consensus/transition-keys.js'
import { slashedKey } from '../dist/runtime/consensus/keys.js'
import { NOTARIZE, FINALIZE } from '../dist/runtime/consensus/vote.js'
import { LEVEL_MIN, LEVEL_START, STATUS_ACTIVE, STATUS_EXITING } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()
const chain = await makeConsensusChain(core, { bonds: [4000000n, 4000000n, 4000000n, 4000000n], users: 3 })
for (let i = 0; i < 3; i++) await chain.next()
const [alice, bob, carol] = chain.accounts

async function balanceOf(pk) {
  const v = await chain.read(accountKeyOf(pk))
  if (v === undefined) return { balance: 0n, nonce: 0n }
  const d = new DataView(v.buffer, v.byteOffset, 16)
  return { balance: d.getBigUint64(0, true), nonce: d.getBigUint64(8, true) }
}

/** The core's verdict on a block of `txs` at the head (build mode: all checks but root and signature). */
async function verdict(txs) {
  try { await chain.build({ txs }); return 'ok' } catch (e) {
    if (!e.coreName) throw e
    return `${e.coreName}@${e.txIndex}`
  }
}

function register(from, keys, { nonce = 0n, bond = 2000000n, fee = 7n, chainId = chain.chainId, ...over } = {}) {
  return signRegister({ chainId, nonce, from: from.pk, bond, fee, blsPk: keys.blsPk, pop: keys.pop, vrfPk: keys.vrfPk, ...over }, from.seed)
}

function exit(from, validator, { nonce = 0n, fee = 2n } = {}) {
  return signExit({ chainId: chain.chainId, nonce, from: from.pk, validator, fee }, from.seed)
}

function transfer(from, to, { nonce = 0n, amount = 1n, fee = 0n } = {}) {
  const body = encodeTransferBody({ chainId: chain.chainId, nonce, from: from.pk, to: to.pk, amount, fee })
  const out = new Uint8Array(158); out.set(body); out.set(edSign(from.seed, transferSigningMessage(body)), 94)
  return out
}

/** Slash evidence: validator v's votes of (kindA, blockA) and (kindB, blockB) at height h. */
function evidence(v, h, [kindA, blockA], [kindB, blockB], signer = v) {
  return [
    { kind: kindA, height: h, block: blockA, sig: chain.signVote(signer, kindA, h, blockA) },
    { kind: kindB, height: h, block: blockB, sig: chain.signVote(signer, kindB, h, blockB) },
  ]
}

function slash(from, validator, [voteA, voteB], { nonce = 0n, fee = 1n, keepOrder = false } = {}) {
  const t = { chainId: chain.chainId, nonce, from: from.pk, fee, validator, voteA, voteB }
  if (!keepOrder) return signSlash(t, from.seed)
  const body = encodeSlashBody(t)
  return Uint8Array.from([...body, ...edSign(from.seed, txSigningMessage(body))])
}

// ---- encodings ----------------------------------------------------------------------------

test('validator transactions: exact lengths, round trips, the core decodes them alike', () => {
  const k = validatorIdentity(core, 50)
  const [a, b] = evidence(0, 2n, [FINALIZE, chain.blocks[1].hash], [NOTARIZE, new Uint8Array(32).fill(1)])
  const txs = [register(alice, k), exit(bob, 1), slash(carol, 0, [a, b])]
  assert.equal(txs.map((t) => t.length), [REGISTER_TX_BYTES, EXIT_TX_BYTES, SLASH_TX_BYTES])
  for (const t of txs) {
    const d = decodeTx(t)
    assert.is(d.kind, t[1])
    assert.ok(core.ed25519.verify(d.sig, txSigningMessage(t.subarray(0, t.length - 64)), d.from))
    core.ledger.checkTx(t)
  }
  const s = decodeTx(txs[2])
  assert.equal([s.voteA.kind, s.voteB.kind], [NOTARIZE, FINALIZE], 'signSlash orders the evidence: (kind ‖ block) of A first')
  assert.equal(encodeSlash(s), txs[2])
  assert.equal(orderEvidence(b, a), [b, a])
})

// ---- register -----------------------------------------------------------------------------

test('register: a new record at index tip.validators, bond and fee paid, not in any table yet', async () => {
  const k = validatorIdentity(core, 60)
  const before = await balanceOf(alice.pk)
  const built = await chain.build({ txs: [register(alice, k)] })
  const proposerAccount = chain.validators[built.header.proposer].account
  const feesBefore = await balanceOf(proposerAccount)
  await chain.commit(built)
  const tip = await chain.tip()
  assert.is(tip.validators, 5)
  const rec = await chain.record(4)
  assert.equal([hex(rec.account), hex(rec.blsPk), hex(rec.vrfPk)], [hex(alice.pk), hex(k.blsPk), hex(k.vrfPk)])
  assert.equal([rec.bond, rec.level, rec.work, rec.status], [2000000n, LEVEL_START, 0n, STATUS_ACTIVE])
  const after = await balanceOf(alice.pk)
  assert.equal([before.balance - after.balance, after.nonce], [2000000n + 7n, 1n])
  assert.is((await balanceOf(proposerAccount)).balance - feesBefore.balance, 7n)
  assert.is(await chain.entry(0, 4), undefined, 'it enters the first table made after it registered')
  assert.is(await chain.entry(1, 4), undefined)
  assert.is(tip.supply, 7n * 100000000n + 16000000n, 'the bond stays in the supply')
})

test('register: E_BOND, E_BALANCE, E_POP, E_VRF_KEY, E_NONCE, E_NO_ACCOUNT, E_CHAIN_ID', async () => {
  const k = validatorIdentity(core, 61)
  const other = validatorIdentity(core, 62)
  const n = (await balanceOf(bob.pk)).nonce
  assert.is(await verdict([register(bob, k, { nonce: n })]), 'ok')
  assert.is(await verdict([register(bob, k, { nonce: n, bond: 999999n })]), 'E_BOND@0')
  assert.is(await verdict([register(bob, k, { nonce: n, bond: 100000000n })]), 'E_BALANCE@0')
  assert.is(await verdict([register(bob, k, { nonce: n, pop: other.pop })]), 'E_POP@0')
  assert.is(await verdict([register(bob, k, { nonce: n, blsPk: other.blsPk })]), 'E_POP@0')
  assert.is(await verdict([register(bob, k, { nonce: n, vrfPk: new Uint8Array(32) })]), 'E_VRF_KEY@0')
  const smallOrder = new Uint8Array(32); smallOrder[0] = 1 // the identity point
  assert.is(await verdict([register(bob, k, { nonce: n, vrfPk: smallOrder })]), 'E_VRF_KEY@0')
  assert.is(await verdict([register(bob, k, { nonce: n + 1n })]), 'E_NONCE@0')
  const stranger = { seed: new Uint8Array(32).fill(3) }
  stranger.pk = (await import('../dist/runtime/wallet/ed25519.js')).publicKey(stranger.seed)
  assert.is(await verdict([register(stranger, k)]), 'E_NO_ACCOUNT@0')
  assert.is(await verdict([transfer(bob, carol, { nonce: n }), register(bob, k, { nonce: n + 1n, chainId: 9 })]), 'E_CHAIN_ID@1')
  // Two registrations in one block get consecutive indices.
  const built = await chain.build({ txs: [register(bob, k, { nonce: n }), register(carol, other, { nonce: (await balanceOf(carol.pk)).nonce })] })
  await chain.commit(built)
  assert.is((await chain.tip()).validators, 7)
  assert.is(hex((await chain.record(6)).account), hex(carol.pk))
})

// ---- exit ---------------------------------------------------------------------------------

test('exit: status 2 with the exit epoch; E_NOT_OWNER, E_VALIDATOR_STATE', async () => {
  const v3 = { pk: chain.validators[3].account, seed: chain.validators[3].accountSeed }
  const n = (await balanceOf(v3.pk)).nonce
  assert.is(await verdict([exit(v3, 2, { nonce: n })]), 'E_NOT_OWNER@0')
  assert.is(await verdict([exit(v3, 99, { nonce: n })]), 'E_NOT_OWNER@0')
  assert.is(await verdict([exit(alice, 3, { nonce: (await balanceOf(alice.pk)).nonce })]), 'E_NOT_OWNER@0')
  await chain.next({ txs: [exit(v3, 3, { nonce: n })] })
  const rec = await chain.record(3)
  assert.equal([rec.status, rec.exitEpoch, rec.bond], [STATUS_EXITING, 0n, 4000000n])
  assert.is(await verdict([exit(v3, 3, { nonce: n + 1n })]), 'E_VALIDATOR_STATE@0')
  // Still in the tables of epochs 0 and 1: it keeps voting and proposing until they end.
  assert.ok(await chain.entry(1, 3))
})

// ---- slash --------------------------------------------------------------------------------

test('slash: an equivocation is punished once, provably (record and mark); then E_ALREADY_SLASHED', async () => {
  const h = 2n
  const real = chain.blocks[1].hash, fake = new Uint8Array(32).fill(0xee)
  const ev = evidence(1, h, [FINALIZE, real], [NOTARIZE, fake])
  const before = await chain.record(1)
  const supplyBefore = (await chain.tip()).supply
  await chain.next({ txs: [slash(alice, 1, ev, { nonce: (await balanceOf(alice.pk)).nonce })] })
  const after = await chain.record(1)
  assert.equal([after.level, after.bond], [LEVEL_MIN, before.bond - before.bond / 10n])
  assert.is((await chain.tip()).supply, supplyBefore - before.bond / 10n, 'the slashed part is burned')
  const mark = await chain.read(slashedKey(1, h))
  assert.equal(mark, Uint8Array.of(1), 'slashed(1, 2) is in the state: anyone can prove the punishment')
  // Any other evidence of the same (validator, height) is refused.
  const again = evidence(1, h, [FINALIZE, real], [FINALIZE, fake])
  assert.is(await verdict([slash(bob, 1, again, { nonce: (await balanceOf(bob.pk)).nonce })]), 'E_ALREADY_SLASHED@0')
  // Another height is another offence.
  const other = evidence(1, 3n, [FINALIZE, chain.blocks[2].hash], [NOTARIZE, fake])
  assert.is(await verdict([slash(bob, 1, other, { nonce: (await balanceOf(bob.pk)).nonce })]), 'ok')
})

test('slash: malformed or unproven evidence is E_SLASH_EVIDENCE', async () => {
  const h = 3n
  const real = chain.blocks[2].hash, fake = new Uint8Array(32).fill(0xdd), fake2 = new Uint8Array(32).fill(0xde)
  const n = (await balanceOf(carol.pk)).nonce
  const v = (ev, opts = {}) => verdict([slash(carol, 2, ev, { nonce: n, ...opts })])
  assert.is(await v(evidence(2, h, [FINALIZE, real], [NOTARIZE, fake])), 'ok')
  assert.is(await v(evidence(2, h, [NOTARIZE, real], [NOTARIZE, fake])), 'E_SLASH_EVIDENCE@0', 'two notarize votes are allowed')
  assert.is(await v(evidence(2, h, [FINALIZE, real], [NOTARIZE, real])), 'E_SLASH_EVIDENCE@0', 'same block')
  assert.is(await v(evidence(2, h, [NOTARIZE, fake], [FINALIZE, real]), { keepOrder: true }), 'ok')
  assert.is(await v(evidence(2, h, [FINALIZE, real], [NOTARIZE, fake]), { keepOrder: true }), 'E_SLASH_EVIDENCE@0', 'order')
  assert.is(await v(evidence(2, h, [FINALIZE, fake2], [FINALIZE, fake]), { keepOrder: true }), 'E_SLASH_EVIDENCE@0', 'order of blocks')
  const [a, b] = evidence(2, h, [FINALIZE, real], [NOTARIZE, fake])
  assert.is(await v([a, { ...b, height: h + 1n }]), 'E_SLASH_EVIDENCE@0', 'two heights')
  assert.is(await v([a, { ...b, kind: 3 }]), 'E_SLASH_EVIDENCE@0', 'kind 3')
  assert.is(await v(evidence(2, h, [FINALIZE, real], [NOTARIZE, fake], 0)), 'E_SLASH_EVIDENCE@0', 'signed by another validator')
  assert.is(await v(evidence(2, 0n, [FINALIZE, real], [NOTARIZE, fake])), 'E_SLASH_EVIDENCE@0', 'height 0')
  assert.is(await verdict([slash(carol, 40, evidence(2, h, [FINALIZE, real], [NOTARIZE, fake]), { nonce: n })]), 'E_SLASH_EVIDENCE@0', 'no such validator')
})

test.run()
