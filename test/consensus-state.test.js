// The consensus rules on the state tree (docs/PROTOCOL.md §12, §15–18), through a scratch
// module of the core's own functions (test/consensus-state-harness.js): genesis, the proposer
// check, the parent certificate and its work credit, validator transactions and epoch
// transitions, each against a BigInt model, each with a witness built from exactly the keys
// runtime/consensus/transition-keys.ts lists (an OK proves the lists exact), and each bad
// input with its named error.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { consensusHarness, OPS } from './consensus-state-harness.js'
import { validatorKeys, makeCert } from './consensus-fixtures.js'
import { keypair, sign as edSign } from '../dist/runtime/wallet/ed25519.js'
import { sign as blsSign } from '../dist/runtime/wallet/bls.js'
import * as C from '../dist/runtime/consensus/constants.js'
import { tipKey, validatorKey, tableKey, tableEntryKey, slashedKey } from '../dist/runtime/consensus/keys.js'
import { decodeTip, decodeValidator, decodeTableHeader, decodeTableEntry, encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import { voteMessage } from '../dist/runtime/consensus/vote.js'
import { genesisSeed, proposerAlpha } from '../dist/runtime/consensus/seeds.js'
import { epochTransitionKeys, parentCertKeys, proposerKeys, validatorTxKeys, accountKeyOf } from '../dist/runtime/consensus/transition-keys.js'
import { nextLevel, tableWeight, rewardShare } from '../dist/runtime/consensus/merit.js'

const core = await loadCore()
const h = await consensusHarness()
const R = rng(11)
const chainId = 9
const enc = new TextEncoder()
const cat = (...parts) => { const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length } return out }
const u32 = (v) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b }
const u64 = (v) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b }
const read = (key) => h.tree.get(key)

// Accounts 0–3 own validators 0–3; account 4 is an outsider.
const accounts = [0, 1, 2, 3, 4, 5].map((i) => keypair(new Uint8Array(32).fill(0x10 + i)))
const vkeys = [0, 1, 2, 3].map((i) => validatorKeys(core, i, 5))
const bonds = [4_000_000n, 3_000_000n, 2_000_000n, 1_000_000n]
const BALANCE = 1_000_000_000n
const allocs = accounts.slice(0, 5).map((a) => ({ pk: a.publicKey, balance: BALANCE }))
const nonces = [0n, 0n, 0n, 0n, 0n, 0n]
const validatorEntry = (i, v = vkeys[i], bond = bonds[i]) => cat(accounts[i].publicKey, u64(bond), v.blsPk, v.pop, v.vrfPk)
const section = (list) => cat(u32(list.length), ...list)
const allocBytes = cat(u32(allocs.length), ...allocs.map((a) => cat(a.pk, u64(a.balance))))

const tip = async () => decodeTip(await read(tipKey()))
const record = async (i) => decodeValidator(await read(validatorKey(i)))
const account = async (i) => {
  const v = await read(accountKeyOf(accounts[i].publicKey))
  if (!v) return { balance: 0n, nonce: 0n }
  const d = new DataView(v.buffer, v.byteOffset, 16)
  return { balance: d.getBigUint64(0, true), nonce: d.getBigUint64(8, true) }
}

test('genesis: bad validator sections are named errors', async () => {
  const good = [0, 1, 2, 3].map((i) => validatorEntry(i))
  const run = async (vals, allocations = allocs) => h.genesis(allocations, vals, chainId, cat(allocBytes, vals))
  assert.equal(await run(section([validatorEntry(0, vkeys[0], 999_999n)])), { result: 'E_BOND', validator: 0 })
  assert.equal(await run(section([good[0], validatorEntry(1, { ...vkeys[1], pop: vkeys[0].pop })])), { result: 'E_POP', validator: 1 })
  const identity = new Uint8Array(32); identity[0] = 1 // the neutral point: small order
  assert.equal(await run(section([validatorEntry(0, { ...vkeys[0], vrfPk: identity })])), { result: 'E_VRF_KEY', validator: 0 })
  const noncanonical = new Uint8Array(32).fill(0xff); noncanonical[31] = 0x7f // y = 2^255 − 1 ≥ p
  assert.equal((await run(section([validatorEntry(0, { ...vkeys[0], vrfPk: noncanonical })]))).result, 'E_VRF_KEY')
  assert.equal((await run(section([]))).result, 'E_COUNT_RANGE')
  assert.equal((await run(cat(u32(C.MAX_VALIDATORS + 1), good[0]))).result, 'E_COUNT_RANGE')
  assert.equal((await run(section(good).subarray(0, 4 + 216 * 4 - 1))).result, 'E_TRUNCATED')
  assert.equal((await run(new Uint8Array(3))).result, 'E_TRUNCATED')
  assert.equal((await run(cat(section(good), new Uint8Array(1)))).result, 'E_TRAILING')
  const rich = [{ pk: accounts[0].publicKey, balance: (1n << 64n) - 2_000_000n }]
  assert.equal((await run(section(good), rich)).result, 'E_GENESIS')
})

const vals = section([0, 1, 2, 3].map((i) => validatorEntry(i)))
const genesisInput = cat(allocBytes, vals)
const supply0 = BALANCE * 5n + bonds.reduce((a, b) => a + b)

test('genesis: records, tip and the tables of epochs 0 and 1', async () => {
  assert.equal(await h.genesis(allocs, vals, chainId, genesisInput), { result: 'OK', validator: -1 })
  const seed = genesisSeed(chainId, genesisInput)
  assert.equal(await tip(), { height: 0n, slot: 0n, seed, supply: supply0, validators: 4, proposer: C.NO_PROPOSER })
  const W = bonds.reduce((a, b) => a + b) / 2n
  for (const e of [0n, 1n]) {
    assert.equal(decodeTableHeader(await read(tableKey(e))), { n: 4, W, seed })
    for (let i = 0; i < 4; i++) {
      assert.equal(decodeTableEntry(await read(tableEntryKey(e, i))), { blsPk: vkeys[i].blsPk, vrfPk: vkeys[i].vrfPk, weight: bonds[i] / 2n })
    }
  }
  for (let i = 0; i < 4; i++) {
    assert.equal(await record(i), { account: accounts[i].publicKey, blsPk: vkeys[i].blsPk, vrfPk: vkeys[i].vrfPk, bond: bonds[i], level: 500, work: 0n, status: 1, exitEpoch: 0n })
  }
  assert.is(await read(tableKey(2n)), undefined)
  assert.equal(await account(0), { balance: BALANCE, nonce: 0n })
})

/** The table of epoch e as the harness's verifyCert-style fixtures expect it. */
async function tableOf(e) {
  const hdr = decodeTableHeader(await read(tableKey(e)))
  const weights = [], entries = []
  for (let i = 0; i < hdr.n; i++) {
    const v = await read(tableEntryKey(e, i))
    weights.push(v ? decodeTableEntry(v).weight : 0n); entries.push(v)
  }
  return { n: hdr.n, W: hdr.W, seed: hdr.seed, weights, entries, keys: vkeys, hdr: encodeTableHeader(hdr) }
}

/** A v2 header (PROTOCOL.md §16) signed by `signer` (an account seed). */
function headerV2({ height, slot, proposer, proof, cert = new Uint8Array(0), signer }) {
  const body = cat(new Uint8Array([2]), u32(chainId), u64(height), u64(slot), new Uint8Array(32).fill(1), u32(proposer), proof,
    new Uint8Array(32), new Uint8Array(32), u32(0), u32(cert.length), cert)
  return cat(body, edSign(signer, cat(enc.encode('chiron/block/v2'), body)))
}

/** A slot in which validator i wins at least `min` proposer seats (or none, with min = 0). */
function proposerSlot(table, i, height, wantSeats) {
  for (let s = 1n; s < 500n; s++) {
    const alpha = proposerAlpha(table.seed, height, s)
    const proof = core.vrf.prove(vkeys[i].vrfSk, alpha)
    const beta = core.vrf.verify(vkeys[i].vrfPk, alpha, proof)
    const seats = core.sortition.seats(beta, table.weights[i], table.W, C.TAU_PROPOSER)
    if (wantSeats ? seats >= 1 : seats === 0) return { slot: s, proof, beta, seats }
  }
  throw new Error('no such slot')
}

test('proposer: a drawn proposer with a signed header passes, every bad one is named', async () => {
  const t0 = await tableOf(0n)
  const win = proposerSlot(t0, 0, 1n, true)
  const good = headerV2({ height: 1n, slot: win.slot, proposer: 0, proof: win.proof, signer: accounts[0].seed })
  const run = (header, keys = proposerKeys(1n, 0)) => h.run(OPS.proposer, keys, { chainId, buf: header })
  const r = await run(good)
  assert.is(r.result, 'OK')
  assert.equal(r.extra, win.beta)
  assert.is(r.proposerSeats, win.seats)
  assert.is((await run(headerV2({ height: 1n, slot: win.slot, proposer: 7, proof: win.proof, signer: accounts[0].seed }), proposerKeys(1n, 7))).result, 'E_NOT_PROPOSER')
  const lose = proposerSlot(t0, 3, 1n, false)
  assert.is((await run(headerV2({ height: 1n, slot: lose.slot, proposer: 3, proof: lose.proof, signer: accounts[3].seed }), proposerKeys(1n, 3))).result, 'E_NOT_PROPOSER')
  const badProof = win.proof.slice(); badProof[40] ^= 1
  assert.is((await run(headerV2({ height: 1n, slot: win.slot, proposer: 0, proof: badProof, signer: accounts[0].seed }))).result, 'E_PROPOSER_VRF')
  assert.is((await run(headerV2({ height: 1n, slot: win.slot + 1n, proposer: 0, proof: win.proof, signer: accounts[0].seed }))).result, 'E_PROPOSER_VRF')
  assert.is((await run(headerV2({ height: 1n, slot: win.slot, proposer: 0, proof: win.proof, signer: accounts[1].seed }))).result, 'E_BLOCK_SIG')
  const badSig = good.slice(); badSig[good.length - 40] ^= 1
  assert.is((await run(badSig)).result, 'E_BLOCK_SIG')
  assert.is((await run(good.subarray(0, good.length - 1))).result, 'E_TRUNCATED')
  assert.is((await run(cat(good, new Uint8Array(1)))).result, 'E_TRAILING')
  const hugeCert = good.slice(); new DataView(hugeCert.buffer).setUint32(205, 400_000, true)
  assert.is((await run(hugeCert)).result, 'E_COUNT_RANGE')
  assert.is((await run(headerV2({ height: 33n * 32n, slot: 1n, proposer: 0, proof: win.proof, signer: accounts[0].seed }), proposerKeys(33n * 32n, 0))).result, 'E_NO_TABLE')
})

const parent = new Uint8Array(32).fill(0xab)
const bonusTo = 2

test('parent certificate: checks the target and credits work (signers\' seats, the proposal bonus)', async () => {
  const t0 = await tableOf(0n)
  const ctx = { chainId, kind: 1, height: 1n, block: parent }
  const cert = makeCert(core, t0, [0, 1, 2], ctx)
  assert.ok(cert.seats >= C.THRESHOLD)
  const run = (bytes, height, keys = parentCertKeys(bytes, height, bonusTo)) => h.run(OPS.parentCert, keys, { chainId, buf: bytes, height, extra: parent })
  // height 1 carries no certificate
  assert.is((await run(new Uint8Array(0), 1n)).result, 'OK')
  assert.equal(parentCertKeys(new Uint8Array(0), 1n, 0), [])
  assert.is((await run(cert.bytes, 1n, [])).result, 'E_CERT_TARGET')
  assert.is((await run(new Uint8Array(0), 2n, [])).result, 'E_TRUNCATED')
  // the wrong kind, height or block
  assert.is((await run(makeCert(core, t0, [0, 1, 2], { ...ctx, kind: 2 }).bytes, 2n)).result, 'E_CERT_TARGET')
  assert.is((await run(makeCert(core, t0, [0, 1, 2], { ...ctx, height: 2n }).bytes, 2n)).result, 'E_CERT_TARGET')
  assert.is((await run(makeCert(core, t0, [0, 1, 2], { ...ctx, block: new Uint8Array(32) }).bytes, 2n)).result, 'E_CERT_TARGET')
  assert.is((await run(makeCert(core, t0, [1, 2], ctx).bytes, 2n)).result, 'E_CERT_WEIGHT')
  assert.is((await run(makeCert(core, t0, [0, 1, 2], { ...ctx, over: { chainId: 1 } }).bytes, 2n)).result, 'E_CERT_SIG')
  // valid, with tip.proposer = validator 2 (the parent's proposer)
  assert.is(await h.setTip({ height: 1n, slot: 5n, proposer: bonusTo }), 'OK')
  const r = await run(cert.bytes, 2n)
  assert.is(r.result, 'OK')
  assert.is(r.certSeats, cert.seats)
  for (let j = 0; j < 3; j++) assert.is((await record(j)).work, BigInt(cert.draws[j].seats) + (j === bonusTo ? 300n : 0n))
  assert.is((await record(3)).work, 0n)
})

// The model of §16's epoch transition, from the state before it.
async function modelTransition(height) {
  const e = (height - 1n) / 32n
  const t = await tip()
  const prev = decodeTableHeader(await read(tableKey(e - 1n)))
  const recs = []
  for (let i = 0; i < t.validators; i++) recs.push(await record(i))
  const totalWork = recs.reduce((a, r) => a + r.work, 0n)
  const mint = totalWork > 0n && t.supply + C.EPOCH_REWARD < 1n << 64n
  const credits = new Map(), entries = new Map()
  let minted = 0n, W = 0n
  const after = recs.map((r, i) => {
    const n = { ...r }
    if (n.status === 2 && e >= n.exitEpoch + 2n) { credits.set(i, (credits.get(i) ?? 0n) + n.bond); n.bond = 0n; n.status = 3 }
    return n
  })
  for (let i = 0; i < after.length; i++) {
    const n = after[i]
    if (i < prev.n) {
      const v = await read(tableEntryKey(e - 1n, i))
      n.level = nextLevel(n.level, n.work, v ? decodeTableEntry(v).weight : 0n, prev.W)
    }
    if (mint) { const rw = rewardShare(n.work, totalWork); if (rw) { credits.set(i, (credits.get(i) ?? 0n) + rw); minted += rw } }
    n.work = 0n
    const w = tableWeight(n.bond, n.level)
    if (n.status === 1 && w > 0n) { entries.set(i, w); W += w }
  }
  return { e, after, credits, entries, W, supply: t.supply + minted, seed: t.seed, n: t.validators }
}

async function checkTransition(height) {
  const model = await modelTransition(height)
  const balances = []
  for (let i = 0; i < model.n; i++) balances.push((await account(i)).balance)
  const keys = await epochTransitionKeys(height, read)
  assert.is((await h.run(OPS.epoch, keys, { height })).result, 'OK', `transition at ${height}`)
  for (let i = 0; i < model.n; i++) {
    assert.equal(await record(i), model.after[i], `record ${i}`)
    assert.is((await account(i)).balance, balances[i] + (model.credits.get(i) ?? 0n), `account ${i}`)
    const v = await read(tableEntryKey(model.e + 1n, i))
    assert.is(v ? decodeTableEntry(v).weight : 0n, model.entries.get(i) ?? 0n, `entry ${i}`)
  }
  assert.equal(decodeTableHeader(await read(tableKey(model.e + 1n))), { n: model.n, W: model.W, seed: model.seed })
  assert.is((await tip()).supply, model.supply)
  return model
}

test('epoch transition: not due is a no-op with no keys', async () => {
  for (const height of [1n, 2n, 32n, 34n]) {
    assert.equal(await epochTransitionKeys(height, read), [])
    const before = h.tree.root
    assert.is((await h.run(OPS.epoch, [], { height })).result, 'OK')
    assert.equal(h.tree.root, before)
  }
})

test('epoch transition at height 33: levels, rewards, table 2', async () => {
  const model = await checkTransition(33n)
  assert.ok(model.credits.size >= 3) // three signers earned a share
  assert.is((await record(3)).level, 200) // idle: rate 0, so the level drops by (0 − 750)·400/1000 = 300
})

test('validator transactions: register', async () => {
  const nk = validatorKeys(core, 4, 5)
  const regTx = (o = {}) => cat(new Uint8Array([1, 2]), u32(chainId), u64(o.nonce ?? nonces[4]), (o.from ?? accounts[4]).publicKey,
    u64(o.bond ?? 5_000_000n), u64(o.fee ?? 7n), nk.blsPk, o.pop ?? nk.pop, o.vrfPk ?? nk.vrfPk, new Uint8Array(64))
  const run = async (tx, height = 40n) => h.run(OPS.register, validatorTxKeys(tx, height, { validators: (await tip()).validators }), { chainId, buf: tx, height })
  assert.is((await run(regTx({ bond: 999_999n }))).result, 'E_BOND')
  assert.is((await run(regTx({ nonce: 3n }))).result, 'E_NONCE')
  assert.is((await run(regTx({ bond: BALANCE }))).result, 'E_BALANCE')
  assert.is((await run(regTx({ from: accounts[5] }))).result, 'E_NO_ACCOUNT')
  assert.is((await run(regTx({ pop: vkeys[0].pop }))).result, 'E_POP')
  const identity = new Uint8Array(32); identity[0] = 1
  assert.is((await run(regTx({ vrfPk: identity }))).result, 'E_VRF_KEY')
  assert.is(await h.setTip({ validators: C.MAX_VALIDATORS }), 'OK')
  assert.is((await run(regTx())).result, 'E_VALIDATORS_FULL')
  assert.is(await h.setTip({ validators: 4 }), 'OK')
  const supplyBefore = (await tip()).supply
  const tx = regTx()
  const r = await run(tx)
  assert.equal([r.result, r.fee], ['OK', 7n])
  nonces[4]++
  assert.is((await tip()).validators, 5)
  assert.equal(await record(4), { account: accounts[4].publicKey, blsPk: nk.blsPk, vrfPk: nk.vrfPk, bond: 5_000_000n, level: 500, work: 0n, status: 1, exitEpoch: 0n })
  assert.equal(await account(4), { balance: BALANCE - 5_000_007n, nonce: 1n })
  assert.is((await tip()).supply, supplyBefore) // the bond moves from the balance into the record
})

test('validator transactions: exit', async () => {
  const exitTx = (v, from, nonce, fee = 3n) => cat(new Uint8Array([1, 3]), u32(chainId), u64(nonce), accounts[from].publicKey, u32(v), u64(fee), new Uint8Array(64))
  const run = async (tx, height = 40n) => h.run(OPS.exit, validatorTxKeys(tx, height, { validators: (await tip()).validators }), { chainId, buf: tx, height })
  assert.is((await run(exitTx(3, 0, nonces[0]))).result, 'E_NOT_OWNER')
  assert.is((await run(exitTx(99, 3, nonces[3]))).result, 'E_NOT_OWNER')
  assert.is((await run(exitTx(3, 3, nonces[3] + 1n))).result, 'E_NONCE')
  const r = await run(exitTx(3, 3, nonces[3]))
  assert.equal([r.result, r.fee], ['OK', 3n])
  nonces[3]++
  assert.equal([(await record(3)).status, (await record(3)).exitEpoch], [2, 1n])
  assert.is((await run(exitTx(3, 3, nonces[3]))).result, 'E_VALIDATOR_STATE')
})

function evidenceVote(i, kind, height, block, signChain = chainId) {
  return cat(new Uint8Array([kind]), u64(height), block, blsSign(vkeys[i].blsSk, voteMessage(signChain, kind, height, block)))
}
const X = new Uint8Array(32).fill(0x11), Y = new Uint8Array(32).fill(0x22)
const slashTx = (v, a, b, nonce = nonces[0], fee = 5n) => cat(new Uint8Array([1, 4]), u32(chainId), u64(nonce), accounts[0].publicKey, u64(fee), u32(v), a, b, new Uint8Array(64))

test('validator transactions: slash', async () => {
  const run = async (tx, height = 45n) => h.run(OPS.slash, validatorTxKeys(tx, height, { validators: (await tip()).validators }), { chainId, buf: tx, height })
  const hv = 35n // epoch 1: validator 2 has an entry in table 1
  const A = evidenceVote(2, 1, hv, Y), B = evidenceVote(2, 2, hv, X)
  assert.is((await run(slashTx(2, B, A))).result, 'E_SLASH_EVIDENCE') // order: (1 ‖ Y) sorts first
  assert.is((await run(slashTx(2, evidenceVote(2, 1, hv, X), evidenceVote(2, 1, hv, Y)))).result, 'E_SLASH_EVIDENCE') // two notarize votes
  assert.is((await run(slashTx(2, evidenceVote(2, 2, hv, X), evidenceVote(2, 2, hv, X)))).result, 'E_SLASH_EVIDENCE') // one block
  assert.is((await run(slashTx(2, evidenceVote(2, 1, hv, Y), evidenceVote(2, 2, hv + 1n, X)))).result, 'E_SLASH_EVIDENCE') // two heights
  assert.is((await run(slashTx(2, A, evidenceVote(2, 2, hv, X, chainId + 1)))).result, 'E_SLASH_EVIDENCE') // a bad signature
  assert.is((await run(slashTx(1, A, B))).result, 'E_SLASH_EVIDENCE') // another validator's key
  const bad = A.slice(); bad[0] = 3
  assert.is((await run(slashTx(2, bad, B))).result, 'E_SLASH_EVIDENCE')
  assert.is((await run(slashTx(2, evidenceVote(2, 1, 0n, Y), evidenceVote(2, 2, 0n, X)))).result, 'E_SLASH_EVIDENCE')
  assert.is((await run(slashTx(2, A, B), 4n * 32n + 1n)).result, 'E_SLASH_STALE') // epoch 4 > 1 + 2
  assert.is((await run(slashTx(2, A, B, nonces[0] + 1n))).result, 'E_NONCE')
  const before = { rec: await record(2), supply: (await tip()).supply }
  const r = await run(slashTx(2, A, B), 3n * 32n + 1n) // epoch 3 = 1 + SLASH_WINDOW: still in time
  assert.equal([r.result, r.fee], ['OK', 5n])
  nonces[0]++
  const burned = before.rec.bond / 10n
  assert.equal(await record(2), { ...before.rec, level: C.LEVEL_MIN, bond: before.rec.bond - burned })
  assert.is((await tip()).supply, before.supply - burned)
  assert.equal(await read(slashedKey(2, hv)), new Uint8Array([1]))
  assert.is((await run(slashTx(2, A, B))).result, 'E_ALREADY_SLASHED')
  // an exited record cannot be slashed
  const rec = await record(2)
  assert.is(await h.setRecord(2, validatorKey(2), { work: rec.work, status: 3, exitEpoch: 0n }), 'OK')
  assert.is((await run(slashTx(2, evidenceVote(2, 1, hv + 1n, Y), evidenceVote(2, 2, hv + 1n, X)))).result, 'E_VALIDATOR_STATE')
  assert.is(await h.setRecord(2, validatorKey(2), { work: rec.work, status: rec.status, exitEpoch: rec.exitEpoch }), 'OK')
})

test('epoch transitions 65 and 97: the exit completes and the bond returns', async () => {
  await checkTransition(65n)
  assert.is((await record(3)).status, 2) // 2 < exitEpoch 1 + EXIT_DELAY
  assert.is(await read(tableEntryKey(3n, 3)), undefined)
  assert.ok(await read(tableEntryKey(3n, 4))) // the validator registered in epoch 1
  const before = (await account(3)).balance
  const m = await checkTransition(97n)
  assert.equal([(await record(3)).status, (await record(3)).bond], [3, 0n])
  assert.ok((await account(3)).balance - before >= bonds[3])
  assert.is(m.credits.get(3) ?? 0n, (await account(3)).balance - before)
})

test('epoch transitions with random work: the model, key for key', async () => {
  for (let round = 0; round < 6; round++) {
    const height = BigInt(4 + round) * 32n + 1n
    const n = (await tip()).validators
    for (let i = 0; i < n; i++) {
      const rec = await record(i)
      const work = [0n, BigInt(R.int(200)), BigInt(R.int(5000)), BigInt(R.u32()) * 1000n][R.int(4)]
      assert.is(await h.setRecord(i, validatorKey(i), { work, status: rec.status, exitEpoch: rec.exitEpoch }), 'OK')
    }
    await checkTransition(height)
  }
})

test('witness keys are exact: keys left out are E_WITNESS_MISSING, one too many E_WITNESS_SHAPE', async () => {
  const height = 10n * 32n + 1n
  const keys = await epochTransitionKeys(height, read)
  const records = new Set([0, 1, 2, 3, 4].map((i) => String(validatorKey(i))))
  const r = await h.run(OPS.epoch, keys.filter((k) => !records.has(String(k))), { height })
  assert.is(r.result, 'E_WITNESS_MISSING')
  // one key too many: the commit rejects the unused witness node
  const extra = await h.run(OPS.epoch, [...keys, tableEntryKey(0n, 0)], { height }) // present, untouched
  assert.is(extra.result, 'E_WITNESS_SHAPE')
})

test.run()
