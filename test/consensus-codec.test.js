// The TypeScript mirrors of the consensus encodings (runtime/consensus/): constants against
// assembly/consensus/constants.ts, state keys against their definitions, record, vote and
// certificate codecs (round trips, exact lengths, named errors), and the decoders' verdicts
// against the core's on mutated bytes.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCore, root, rng } from './helpers.js'
import * as C from '../dist/runtime/consensus/constants.js'
import * as K from '../dist/runtime/consensus/keys.js'
import * as Rec from '../dist/runtime/consensus/records.js'
import * as V from '../dist/runtime/consensus/vote.js'
import * as S from '../dist/runtime/consensus/seeds.js'
import { makeTable, makeCert, makeVote } from './consensus-fixtures.js'

const core = await loadCore()
const R = rng(7)
const enc = new TextEncoder()
const cat = (...parts) => { const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length } return out }
const u32 = (v) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v, true); return b }
const u64 = (v) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, v, true); return b }
const codecError = (fn, name) => {
  try { fn() } catch (e) { assert.is(e.coreName, name, e.message); return e }
  assert.unreachable(`expected ${name}`)
}

test('constants agree with assembly/consensus/constants.ts', () => {
  const src = readFileSync(join(root, 'assembly', 'consensus', 'constants.ts'), 'utf8')
  const as = {}
  for (const m of src.matchAll(/^export const ([A-Z_]+): [a-z0-9]+ = (0x[0-9a-f]+|\d+);/gm)) as[m[1]] = BigInt(m[2])
  const names = ['EPOCH_LENGTH', 'TAU', 'THRESHOLD', 'TAU_PROPOSER', 'MIN_BOND', 'MAX_VALIDATORS', 'LEVEL_MIN',
    'LEVEL_START', 'LEVEL_MAX', 'RHO_TARGET', 'KAPPA', 'PROPOSAL_BONUS', 'EPOCH_REWARD', 'SLASH_DIVISOR', 'EXIT_DELAY',
    'SLASH_WINDOW', 'NO_PROPOSER', 'STATUS_ACTIVE', 'STATUS_EXITING', 'STATUS_EXITED', 'NOTARIZE', 'FINALIZE',
    'TIP_BYTES', 'VALIDATOR_BYTES', 'TABLE_HEADER_BYTES', 'TABLE_ENTRY_BYTES', 'VOTE_BYTES', 'VRF_PROOF_BYTES',
    'BLS_PK_BYTES', 'BLS_SIG_BYTES', 'VRF_PK_BYTES', 'CERT_PREFIX_BYTES']
  for (const n of names) {
    assert.ok(n in as, `${n} in the AssemblyScript file`)
    assert.is(BigInt(C[n]), as[n], n)
  }
  assert.is(C.THRESHOLD, Math.ceil(0.72 * C.TAU))
  assert.is(V.VOTE_MESSAGE_BYTES, Number(/VOTE_MESSAGE_BYTES: u32 = (\d+)/.exec(src)[1]))
  assert.is(C.SLOT_MS, 3000); assert.is(C.PROPOSAL_WAIT_MS, 800); assert.is(C.AGGREGATION_WAIT_MS, 600)
})

test('epochOf', () => {
  assert.is(C.epochOf(1), 0n); assert.is(C.epochOf(32n), 0n); assert.is(C.epochOf(33), 1n); assert.is(C.epochOf(65n), 2n)
  assert.is(C.epochStart(2n), 65n)
  assert.throws(() => C.epochOf(0), RangeError)
  assert.throws(() => C.epochOf('1'), TypeError)
  assert.throws(() => C.epochOf(1.5), TypeError)
})

test('state keys are H(domain ‖ little-endian integers)', () => {
  assert.equal(K.tipKey(), core.sha256(enc.encode('chiron/tip')))
  assert.equal(K.validatorKey(0x01020304), core.sha256(cat(enc.encode('chiron/val'), u32(0x01020304))))
  assert.equal(K.tableKey(7n), core.sha256(cat(enc.encode('chiron/table'), u64(7n))))
  assert.equal(K.tableEntryKey(7n, 9), core.sha256(cat(enc.encode('chiron/table'), u64(7n), u32(9))))
  assert.equal(K.slashedKey(9, 1234n), core.sha256(cat(enc.encode('chiron/slashed'), u32(9), u64(1234n))))
  assert.not.equal(K.tableKey(0n), K.tableEntryKey(0n, 0))
  assert.throws(() => K.validatorKey(-1), RangeError)
  assert.throws(() => K.validatorKey(2 ** 32), RangeError)
  assert.throws(() => K.tableKey(1), TypeError)
  assert.throws(() => K.slashedKey(1, -1n), RangeError)
})

test('records: round trips and exact lengths', () => {
  const tip = { height: 5n, slot: 9n, seed: R.bytes(32), supply: 10n ** 18n, validators: 3, proposer: C.NO_PROPOSER }
  const tipBytes = Rec.encodeTip(tip)
  assert.is(tipBytes.length, C.TIP_BYTES)
  assert.equal(Rec.decodeTip(tipBytes), tip)
  assert.equal(tipBytes.subarray(0, 8), u64(5n))
  assert.equal(tipBytes.subarray(60, 64), u32(C.NO_PROPOSER))
  const val = { account: R.bytes(32), blsPk: R.bytes(48), vrfPk: R.bytes(32), bond: 123456789n, level: 500, work: 77n, status: 2, exitEpoch: 4n }
  const valBytes = Rec.encodeValidator(val)
  assert.is(valBytes.length, C.VALIDATOR_BYTES)
  assert.equal(Rec.decodeValidator(valBytes), val)
  assert.is(valBytes[132], 2)
  const hdr = { n: 4, W: 99n, seed: R.bytes(32) }
  assert.equal(Rec.decodeTableHeader(Rec.encodeTableHeader(hdr)), hdr)
  assert.is(Rec.encodeTableHeader(hdr).length, C.TABLE_HEADER_BYTES)
  const entry = { blsPk: R.bytes(48), vrfPk: R.bytes(32), weight: 2n ** 63n }
  assert.equal(Rec.decodeTableEntry(Rec.encodeTableEntry(entry)), entry)
  for (const [fn, len] of [[Rec.decodeTip, 64], [Rec.decodeValidator, 141], [Rec.decodeTableHeader, 44], [Rec.decodeTableEntry, 88]]) {
    codecError(() => fn(new Uint8Array(len - 1)), 'E_VALUE_RANGE')
    codecError(() => fn(new Uint8Array(len + 1)), 'E_VALUE_RANGE')
    codecError(() => fn(new Uint8Array(0)), 'E_VALUE_RANGE')
    assert.throws(() => fn([1, 2]), TypeError)
  }
  assert.throws(() => Rec.encodeTip({ ...tip, seed: R.bytes(31) }), RangeError)
  assert.throws(() => Rec.encodeTip({ ...tip, height: 5 }), RangeError)
  assert.throws(() => Rec.encodeValidator(null), TypeError)
})

test('vote message and VRF inputs', () => {
  const block = R.bytes(32)
  const m = V.voteMessage(0xa1b2c3d4, 2, 300n, block)
  assert.is(m.length, 59)
  assert.equal(m, cat(enc.encode('chiron/vote/v1'), u32(0xa1b2c3d4), new Uint8Array([2]), u64(300n), block))
  assert.throws(() => V.voteMessage(1, 3, 1n, block), RangeError)
  const seed = R.bytes(32)
  assert.equal(S.committeeAlpha(seed, 7n), cat(enc.encode('chiron/committee'), seed, u64(7n)))
  assert.equal(S.proposerAlpha(seed, 7n, 9n), cat(enc.encode('chiron/propose'), seed, u64(7n), u64(9n)))
  const beta = R.bytes(64)
  assert.equal(S.blockSeed(seed, beta), core.sha256(cat(enc.encode('chiron/seed'), seed, beta)))
  assert.equal(S.genesisSeed(3, block), core.sha256(cat(enc.encode('chiron/genesis-seed'), u32(3), block)))
})

test('votes: round trip and decoding errors', () => {
  const v = { kind: 1, height: 2n ** 40n, block: R.bytes(32), validator: 4095, proof: R.bytes(80), sig: R.bytes(96) }
  const b = V.encodeVote(v)
  assert.is(b.length, C.VOTE_BYTES)
  assert.equal(V.decodeVote(b), v)
  codecError(() => V.decodeVote(b.subarray(0, 220)), 'E_TRUNCATED')
  codecError(() => V.decodeVote(cat(b, new Uint8Array(1))), 'E_TRAILING')
  const bad = b.slice(); bad[0] = 3
  codecError(() => V.decodeVote(bad), 'E_BAD_TAG')
  bad[0] = 0
  codecError(() => V.decodeVote(bad.subarray(0, 100)), 'E_TRUNCATED') // length before kind
  assert.throws(() => V.encodeVote({ ...v, kind: 0 }), RangeError)
  assert.throws(() => V.encodeVote({ ...v, proof: R.bytes(79) }), RangeError)
  assert.throws(() => V.decodeVote('x'), TypeError)
})

test('certificates: round trip, bitmap layout and decoding errors', () => {
  const signers = [0, 3, 8, 9, 17]
  const c = { kind: 2, height: 77n, block: R.bytes(32), n: 18, signers, sig: R.bytes(96), proofs: signers.map(() => R.bytes(80)) }
  const b = V.encodeCert(c)
  assert.is(b.length, 45 + 3 + 96 + 5 * 80)
  assert.equal(V.decodeCert(b), c)
  assert.equal(b.subarray(45, 48), new Uint8Array([0b00001001, 0b00000011, 0b00000010]))
  assert.equal(V.bitmapSigners(V.encodeBitmap(18, signers)), signers)
  codecError(() => V.decodeCert(b.subarray(0, b.length - 1)), 'E_TRUNCATED')
  codecError(() => V.decodeCert(b.subarray(0, 44)), 'E_TRUNCATED')
  codecError(() => V.decodeCert(cat(b, new Uint8Array(1))), 'E_TRAILING')
  const kind = b.slice(); kind[0] = 7
  codecError(() => V.decodeCert(kind), 'E_BAD_TAG')
  // a padding bit (bit 18 = bit 2 of byte 2) plus one more proof: the length holds, the rule fails
  const pad = cat(b, R.bytes(80)); pad[47] |= 0b100
  codecError(() => V.decodeCert(pad), 'E_CERT_BITMAP')
  const empty = cat(b.subarray(0, 45), new Uint8Array(3), c.sig)
  codecError(() => V.decodeCert(empty), 'E_CERT_BITMAP')
  const n = C.MAX_VALIDATORS + 8
  const big = cat(b.subarray(0, 41), u32(n), V.encodeBitmap(n, [1]), c.sig, R.bytes(80))
  codecError(() => V.decodeCert(big), 'E_CERT_BITMAP')
  assert.throws(() => V.encodeCert({ ...c, signers: [3, 0] }), RangeError)
  assert.throws(() => V.encodeCert({ ...c, signers: [0, 18] }), RangeError)
  assert.throws(() => V.encodeCert({ ...c, signers: [], proofs: [] }), RangeError)
  assert.throws(() => V.encodeCert({ ...c, proofs: c.proofs.slice(1) }), RangeError)
  assert.throws(() => V.encodeCert({ ...c, n: C.MAX_VALIDATORS + 1 }), RangeError)
})

test('decoders name the same errors as the core on mutated bytes', () => {
  const table = makeTable(core, [3_000_000n, 3_000_000n, 3_000_000n, 1_000_000n])
  const ctx = { chainId: 1, kind: 1, height: 3n, block: R.bytes(32) }
  const cert = makeCert(core, table, [0, 1, 2], ctx), vote = makeVote(core, table, 0, ctx)
  const STEP1 = new Set(['E_TRUNCATED', 'E_TRAILING', 'E_BAD_TAG'])
  const mutate = (b) => {
    const c = b.slice()
    switch (R.int(4)) {
      case 0: c[R.int(c.length)] ^= 1 << R.int(8); return c
      case 1: return c.subarray(0, R.int(c.length))
      case 2: return cat(c, R.bytes(1 + R.int(100)))
      default: c[R.int(46)] = R.int(256); return c
    }
  }
  let compared = 0
  for (let i = 0; i < 300; i++) {
    const b = mutate(cert.bytes)
    let tsError = null
    try { V.decodeCert(b) } catch (e) { tsError = e.coreName }
    if (tsError && STEP1.has(tsError)) {
      // the core stops at step 1 before it looks at the entries
      assert.equal(core.consensus.verifyCert(1, b, table.hdr, []), { ok: false, error: tsError })
      compared++
    }
    const vb = mutate(vote.bytes)
    let vError = null
    try { V.decodeVote(vb) } catch (e) { vError = e.coreName }
    const r = core.consensus.verifyVote(1, vb, table.hdr, table.entries[0])
    if (vError) { assert.equal(r, { ok: false, error: vError }); compared++ }
    else assert.ok(r.ok === true || !STEP1.has(r.error))
  }
  assert.ok(compared > 100)
})

test.run()
