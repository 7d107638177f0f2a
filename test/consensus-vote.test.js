// Votes and certificates through the core's exports (core.consensus.verifyVote/verifyCert,
// docs/PROTOCOL.md §14) against votes and certificates built in TypeScript: every valid form
// accepted with its seats, every bad form rejected with its named error.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore } from './helpers.js'
import { makeTable, makeVote, makeCert, committeeDraw } from './consensus-fixtures.js'
import { sign as blsSign } from '../dist/runtime/wallet/bls.js'
import { encodeVote, decodeVote, encodeCert, voteMessage, encodeBitmap } from '../dist/runtime/consensus/vote.js'
import { encodeTableHeader, encodeTableEntry } from '../dist/runtime/consensus/records.js'
import { committeeAlpha } from '../dist/runtime/consensus/seeds.js'
import { THRESHOLD, MAX_VALIDATORS } from '../dist/runtime/consensus/constants.js'

const core = await loadCore()
const M = 1_000_000n
// Validators 0, 1, 3 hold 90% of the weight: about 2700 seats together, far above THRESHOLD.
const table = makeTable(core, [4n * M, 3n * M, M, 2n * M, 0n])
const ctx = { chainId: 5, kind: 1, height: 9n, block: new Uint8Array(32).fill(3) }
const vote = makeVote(core, table, 1, ctx)
const cert = makeCert(core, table, [0, 1, 3], ctx)
const ok = (seats) => ({ ok: true, seats })
const err = (error) => ({ ok: false, error })
const verifyVote = (bytes, entry = table.entries[1], hdr = table.hdr, chainId = ctx.chainId) => core.consensus.verifyVote(chainId, bytes, hdr, entry)
const verifyCert = (bytes, entries = cert.entries, hdr = table.hdr, chainId = ctx.chainId) => core.consensus.verifyCert(chainId, bytes, hdr, entries)
const flip = (b, i, mask = 1) => { const c = b.slice(); c[i] ^= mask; return c }
const withKind = (b, kind) => { const c = b.slice(); c[0] = kind; return c }

test('a valid vote verifies with the voter\'s seats', () => {
  assert.ok(vote.seats >= 1)
  assert.equal(verifyVote(vote.bytes), ok(vote.seats))
  const fin = makeVote(core, table, 0, { ...ctx, kind: 2 })
  assert.equal(verifyVote(fin.bytes, table.entries[0]), ok(fin.seats))
})

test('vote: wrong length, kind and validator index', () => {
  assert.equal(verifyVote(vote.bytes.subarray(0, 220)), err('E_TRUNCATED'))
  assert.equal(verifyVote(new Uint8Array(0)), err('E_TRUNCATED'))
  const long = new Uint8Array(222); long.set(vote.bytes)
  assert.equal(verifyVote(long), err('E_TRAILING'))
  for (const k of [0, 3, 255]) assert.equal(verifyVote(withKind(vote.bytes, k)), err('E_BAD_TAG'))
  // validator index at or above n (5): the bitmap rule for one signer
  const v = decodeVote(vote.bytes)
  assert.equal(verifyVote(encodeVote({ ...v, validator: 5 })), err('E_CERT_BITMAP'))
  assert.equal(verifyVote(encodeVote({ ...v, validator: 0xffffffff })), err('E_CERT_BITMAP'))
})

test('vote: no entry, a zero entry, an entry heavier than W', () => {
  assert.equal(core.consensus.verifyVote(ctx.chainId, vote.bytes, table.hdr, undefined), err('E_CERT_NOT_MEMBER'))
  assert.equal(verifyVote(vote.bytes, new Uint8Array(88)), err('E_CERT_NOT_MEMBER'))
  const heavy = encodeTableEntry({ blsPk: table.keys[1].blsPk, vrfPk: table.keys[1].vrfPk, weight: table.W + 1n })
  assert.equal(verifyVote(vote.bytes, heavy), err('E_VALUE_RANGE'))
  const zeroW = encodeTableHeader({ n: 5, W: 0n, seed: table.seed })
  assert.equal(verifyVote(vote.bytes, table.entries[1], zeroW), err('E_VALUE_RANGE'))
})

test('vote: invalid VRF proofs (corrupt, another seed, another height, another key)', () => {
  const v = decodeVote(vote.bytes)
  for (const i of [0, 33, 40, 79]) assert.equal(verifyVote(encodeVote({ ...v, proof: flip(v.proof, i) })), err('E_CERT_VRF'), `byte ${i}`)
  const otherSeed = core.vrf.prove(table.keys[1].vrfSk, committeeAlpha(new Uint8Array(32).fill(8), ctx.height))
  assert.equal(verifyVote(encodeVote({ ...v, proof: otherSeed })), err('E_CERT_VRF'))
  const otherHeight = core.vrf.prove(table.keys[1].vrfSk, committeeAlpha(table.seed, ctx.height + 1n))
  assert.equal(verifyVote(encodeVote({ ...v, proof: otherHeight })), err('E_CERT_VRF'))
  assert.equal(verifyVote(vote.bytes, table.entries[0]), err('E_CERT_VRF')) // validator 0's VRF key
  // a table whose seed differs from the one the proof used
  const hdr = encodeTableHeader({ n: 5, W: table.W, seed: new Uint8Array(32).fill(9) })
  assert.equal(verifyVote(vote.bytes, table.entries[1], hdr), err('E_CERT_VRF'))
})

test('vote: a valid proof that draws no seat', () => {
  // weight 1 out of 10^12: Poisson(3·10^-9) seats, zero for this key
  const tiny = makeTable(core, [1n, 1_000_000_000_000n], { tag: 2 })
  const v = makeVote(core, tiny, 0, ctx)
  assert.is(v.seats, 0)
  assert.equal(core.consensus.verifyVote(ctx.chainId, v.bytes, tiny.hdr, tiny.entries[0]), err('E_CERT_NOT_MEMBER'))
})

test('vote: signatures over anything else fail', () => {
  for (const over of [{ kind: 2 }, { height: 10n }, { block: new Uint8Array(32).fill(4) }, { chainId: 6 }]) {
    const v = makeVote(core, table, 1, { ...ctx, over })
    assert.equal(verifyVote(v.bytes), err('E_CERT_SIG'), JSON.stringify(Object.keys(over)))
  }
  assert.equal(verifyVote(vote.bytes, table.entries[1], table.hdr, 6), err('E_CERT_SIG'))
  const v = decodeVote(vote.bytes)
  assert.equal(verifyVote(encodeVote({ ...v, sig: flip(v.sig, 95) })), err('E_CERT_SIG'))
  assert.equal(verifyVote(encodeVote({ ...v, sig: new Uint8Array(96) })), err('E_CERT_SIG'))
  // the right signature under another validator's BLS key
  const entry = encodeTableEntry({ blsPk: table.keys[0].blsPk, vrfPk: table.keys[1].vrfPk, weight: table.weights[1] })
  assert.equal(verifyVote(vote.bytes, entry), err('E_CERT_SIG'))
})

test('a valid certificate verifies with the sum of its signers\' seats', () => {
  assert.ok(cert.seats >= THRESHOLD)
  assert.equal(verifyCert(cert.bytes), ok(cert.seats))
  const fin = makeCert(core, table, [0, 1, 2, 3], { ...ctx, kind: 2 })
  assert.equal(verifyCert(fin.bytes, fin.entries), ok(fin.seats))
})

test('cert: wrong length and kind', () => {
  assert.equal(verifyCert(cert.bytes.subarray(0, cert.bytes.length - 1)), err('E_TRUNCATED'))
  assert.equal(verifyCert(cert.bytes.subarray(0, 44)), err('E_TRUNCATED'))
  assert.equal(verifyCert(cert.bytes.subarray(0, 46 + 96)), err('E_TRUNCATED'))
  const long = new Uint8Array(cert.bytes.length + 1); long.set(cert.bytes)
  assert.equal(verifyCert(long), err('E_TRAILING'))
  for (const k of [0, 3]) assert.equal(verifyCert(withKind(cert.bytes, k)), err('E_BAD_TAG'))
  // a huge n: the bitmap alone would be larger than the input
  const huge = cert.bytes.slice(); new DataView(huge.buffer).setUint32(41, 0xffffffff, true)
  assert.equal(verifyCert(huge), err('E_TRUNCATED'))
})

/** A certificate with an arbitrary bitmap, n and proofs (the TS encoder refuses bad forms). */
function rawCert({ kind = 1, height = ctx.height, block = ctx.block, n, bitmap, sig = cert.sig, proofs }) {
  const out = new Uint8Array(45 + bitmap.length + 96 + 80 * proofs.length)
  const v = new DataView(out.buffer)
  out[0] = kind; v.setBigUint64(1, height, true); out.set(block, 9); v.setUint32(41, n, true)
  out.set(bitmap, 45); out.set(sig, 45 + bitmap.length)
  proofs.forEach((p, i) => out.set(p, 45 + bitmap.length + 96 + 80 * i))
  return out
}
const proofs = cert.draws.map((d) => d.proof)

test('cert: bitmap rules (n, padding bits, empty)', () => {
  assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), proofs })), ok(cert.seats))
  // n other than the table's
  assert.equal(verifyCert(rawCert({ n: 6, bitmap: encodeBitmap(6, [0, 1, 3]), proofs })), err('E_CERT_BITMAP'))
  assert.equal(verifyCert(rawCert({ n: 4, bitmap: encodeBitmap(4, [0, 1, 3]), proofs })), err('E_CERT_BITMAP'))
  assert.equal(verifyCert(rawCert({ n: 13, bitmap: encodeBitmap(13, [0, 1, 3]), proofs })), err('E_CERT_BITMAP'))
  // a padding bit (bit 5, 6 or 7 of the one byte) set: one more proof keeps the length exact
  for (const bit of [5, 7]) {
    const bitmap = encodeBitmap(5, [0, 1, 3]); bitmap[0] |= 1 << bit
    assert.equal(verifyCert(rawCert({ n: 5, bitmap, proofs: [...proofs, proofs[0]] }), [...cert.entries, table.entries[0]]), err('E_CERT_BITMAP'))
  }
  // no signer at all
  assert.equal(verifyCert(rawCert({ n: 5, bitmap: new Uint8Array(1), proofs: [] }), []), err('E_CERT_BITMAP'))
  // n = T.n above MAX_VALIDATORS: refused before any per-signer work
  const n = MAX_VALIDATORS + 1
  const big = encodeTableHeader({ n, W: table.W, seed: table.seed })
  assert.equal(verifyCert(rawCert({ n, bitmap: encodeBitmap(n, [0, 1, 3]), proofs }), cert.entries, big), err('E_CERT_BITMAP'))
})

test('cert: entries must match the signers', () => {
  assert.equal(verifyCert(cert.bytes, cert.entries.slice(0, 2)), err('E_BAD_LENGTH'))
  assert.equal(verifyCert(cert.bytes, [...cert.entries, table.entries[2]]), err('E_BAD_LENGTH'))
  // a signer without a table entry (validator 4 has weight 0)
  const c = makeCert(core, table, [0, 1, 3, 4], ctx)
  assert.equal(verifyCert(c.bytes, c.entries), err('E_CERT_NOT_MEMBER'))
  assert.equal(verifyCert(cert.bytes, [cert.entries[0], undefined, cert.entries[2]]), err('E_CERT_NOT_MEMBER'))
})

test('cert: invalid VRF proofs and a signer that draws no seat', () => {
  for (const j of [0, 2]) {
    const ps = proofs.slice(); ps[j] = flip(ps[j], 50)
    assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), proofs: ps })), err('E_CERT_VRF'))
  }
  const ps = proofs.slice()
  ps[1] = core.vrf.prove(table.keys[1].vrfSk, committeeAlpha(new Uint8Array(32).fill(8), ctx.height))
  assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), proofs: ps })), err('E_CERT_VRF'))
  ps[1] = core.vrf.prove(table.keys[1].vrfSk, committeeAlpha(table.seed, ctx.height - 1n))
  assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), proofs: ps })), err('E_CERT_VRF'))
  // proofs in the wrong order are other keys' proofs
  assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), proofs: [proofs[1], proofs[0], proofs[2]] })), err('E_CERT_VRF'))
  const tiny = makeTable(core, [1n, 500_000_000_000n, 500_000_000_000n], { tag: 2 })
  const c = makeCert(core, tiny, [0, 1, 2], ctx)
  assert.is(c.draws[0].seats, 0)
  assert.equal(core.consensus.verifyCert(ctx.chainId, c.bytes, tiny.hdr, c.entries), err('E_CERT_NOT_MEMBER'))
})

test('cert: too little weight', () => {
  const c = makeCert(core, table, [1, 2], ctx) // 40% of the weight: about 1200 seats
  assert.ok(c.seats >= 1 && c.seats < THRESHOLD)
  assert.equal(verifyCert(c.bytes, c.entries), err('E_CERT_WEIGHT'))
  const one = makeCert(core, table, [0], ctx)
  assert.equal(verifyCert(one.bytes, one.entries), err('E_CERT_WEIGHT'))
})

test('cert: aggregate signatures over anything else fail', () => {
  for (const over of [{ kind: 2 }, { height: 10n }, { block: new Uint8Array(32).fill(4) }, { chainId: 6 }]) {
    const c = makeCert(core, table, [0, 1, 3], { ...ctx, over })
    assert.equal(verifyCert(c.bytes), err('E_CERT_SIG'), JSON.stringify(Object.keys(over)))
  }
  assert.equal(verifyCert(cert.bytes, cert.entries, table.hdr, 6), err('E_CERT_SIG'))
  // the aggregate of two of the three signers, and of the three plus a fourth
  const m = voteMessage(ctx.chainId, 1, ctx.height, ctx.block)
  const sigs = [0, 1, 3, 2].map((i) => blsSign(table.keys[i].blsSk, m))
  for (const sig of [core.bls.aggregateSignatures(sigs.slice(0, 2)), core.bls.aggregateSignatures(sigs), sigs[0], flip(cert.sig, 90), new Uint8Array(96)]) {
    assert.equal(verifyCert(rawCert({ n: 5, bitmap: encodeBitmap(5, [0, 1, 3]), sig, proofs })), err('E_CERT_SIG'))
  }
})

test('typed API: wrong JS types throw a TypeError', () => {
  assert.throws(() => core.consensus.verifyVote('5', vote.bytes, table.hdr, table.entries[1]), TypeError)
  assert.throws(() => core.consensus.verifyVote(5, Array.from(vote.bytes), table.hdr, table.entries[1]), TypeError)
  assert.throws(() => core.consensus.verifyVote(5, vote.bytes, table.hdr.subarray(1), table.entries[1]), TypeError)
  assert.throws(() => core.consensus.verifyVote(5, vote.bytes, table.hdr, new Uint8Array(87)), TypeError)
  assert.throws(() => core.consensus.verifyCert(5, cert.bytes, table.hdr, 'x'), TypeError)
  assert.throws(() => core.consensus.verifyCert(5, cert.bytes, table.hdr, [null]), TypeError)
  assert.throws(() => core.consensus.verifyCert(1.5, cert.bytes, table.hdr, cert.entries), TypeError)
})

test('the TS seats agree with the core\'s for many rounds', () => {
  for (let h = 1n; h <= 12n; h++) {
    for (const i of [0, 2]) {
      const { seats } = committeeDraw(core, table, i, h)
      const v = makeVote(core, table, i, { ...ctx, height: h })
      assert.equal(verifyVote(v.bytes, table.entries[i]), seats ? ok(seats) : err('E_CERT_NOT_MEMBER'))
    }
  }
})

test.run()
