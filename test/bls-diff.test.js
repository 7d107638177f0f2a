// core.bls against @noble/curves on random keys and messages: valid signatures, wrong
// messages and keys, flipped bits, points on the curve outside the subgroup, the point at
// infinity and wrong lengths; aggregation and hash-to-G2 outputs byte for byte.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { loadCore, rng, hex } from './helpers.js'
import * as wallet from '../dist/runtime/wallet/bls.js'
import { CoreError } from '../dist/runtime/core.js'

const core = await loadCore()
const R = rng(12381)
const L = bls12_381.longSignatures
const { Fp, Fp2 } = bls12_381.fields
const DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
const P = Fp.ORDER

const nobleVerify = (pk, msg, sig) => { try { return L.verify(sig, L.hash(msg, DST), pk) } catch { return false } }
const keys = Array.from({ length: 8 }, () => { const sk = wallet.keyGen(R.bytes(32)); return { sk, pk: wallet.publicKey(sk) } })
const randomMsg = () => R.bytes(R.int(3) === 0 ? 0 : R.int(200))

const be = (n, len) => { const out = new Uint8Array(len); for (let i = len - 1; i >= 0; i--) { out[i] = Number(n & 255n); n >>= 8n } return out }
const big = (bytes) => bytes.reduce((a, v) => (a << 8n) | BigInt(v), 0n)
const G1_INF = (() => { const b = new Uint8Array(48); b[0] = 0xc0; return b })()
const G2_INF = (() => { const b = new Uint8Array(96); b[0] = 0xc0; return b })()

/** A compressed G1 point on y² = x³ + 4 that is (with overwhelming probability) not in G1. */
function g1OffSubgroup() {
  for (;;) {
    const x = big(R.bytes(48)) % P
    const y2 = Fp.add(Fp.mul(Fp.sqr(x), x), 4n)
    let y
    try { y = Fp.sqrt(y2) } catch { continue }
    if (y === undefined || Fp.mul(y, y) !== y2) continue
    const out = be(x, 48)
    out[0] |= 0x80 | (y > (P - 1n) / 2n ? 0x20 : 0)
    return out
  }
}

/** A compressed G2 point on y² = x³ + 4(1 + u) outside G2. */
function g2OffSubgroup() {
  const b2 = Fp2.create({ c0: 4n, c1: 4n })
  for (;;) {
    const x = Fp2.create({ c0: big(R.bytes(48)) % P, c1: big(R.bytes(48)) % P })
    const y2 = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b2)
    let y
    try { y = Fp2.sqrt(y2) } catch { continue }
    if (y === undefined || !Fp2.eql(Fp2.sqr(y), y2)) continue
    const out = new Uint8Array(96)
    out.set(be(x.c1, 48), 0)
    out.set(be(x.c0, 48), 48)
    const half = (P - 1n) / 2n
    const large = y.c1 !== 0n ? y.c1 > half : y.c0 > half
    out[0] |= 0x80 | (large ? 0x20 : 0)
    return out
  }
}

function flip(bytes) {
  const b = bytes.slice()
  b[R.int(b.length)] ^= 1 << R.int(8)
  return b
}

test('off-subgroup generators really make curve points outside the subgroup', () => {
  const pk = g1OffSubgroup(), sig = g2OffSubgroup()
  assert.throws(() => bls12_381.G1.Point.fromBytes(pk))
  assert.throws(() => bls12_381.G2.Point.fromBytes(sig))
})

test('verify: core and noble agree on valid, wrong-message, wrong-key and bit-flipped inputs', () => {
  let n = 0
  for (let i = 0; i < 10; i++) {
    const k = keys[i % keys.length], msg = randomMsg(), sig = wallet.sign(k.sk, msg)
    assert.ok(core.bls.verify(k.pk, msg, sig), 'valid')
    const cases = [
      [k.pk, flip(msg.length ? msg : new Uint8Array(1)), sig],
      [keys[(i + 1) % keys.length].pk, msg, sig],
      [k.pk, msg, flip(sig)],
      [flip(k.pk), msg, sig],
    ]
    for (const [pk, m, s] of cases) { assert.is(core.bls.verify(pk, m, s), nobleVerify(pk, m, s), `case ${n}`); n++ }
  }
  const k = keys[0], msg = new Uint8Array([1, 2, 3]), sig = wallet.sign(k.sk, msg)
  assert.ok(nobleVerify(k.pk, msg, sig))
})

test('verify: off-subgroup, infinity and wrong-length keys and signatures are false', () => {
  const k = keys[0], msg = new Uint8Array([7]), sig = wallet.sign(k.sk, msg)
  for (let i = 0; i < 4; i++) {
    assert.not.ok(core.bls.verify(g1OffSubgroup(), msg, sig))
    assert.not.ok(core.bls.verify(k.pk, msg, g2OffSubgroup()))
  }
  assert.not.ok(core.bls.verify(G1_INF, msg, sig))
  assert.not.ok(core.bls.verify(G1_INF, msg, G2_INF), 'infinity key with infinity signature (KeyValidate)')
  assert.not.ok(core.bls.verify(k.pk, msg, G2_INF))
  for (const n of [0, 47, 49, 96]) assert.not.ok(core.bls.verify(new Uint8Array(n).fill(0x80), msg, sig), `pk of ${n}`)
  for (const n of [0, 48, 95, 97, 192]) assert.not.ok(core.bls.verify(k.pk, msg, new Uint8Array(n).fill(0x80)), `sig of ${n}`)
  assert.not.ok(core.bls.keyValidate(G1_INF))
  assert.ok(core.bls.keyValidate(k.pk))
  assert.not.ok(core.bls.keyValidate(g1OffSubgroup()))
  assert.throws(() => core.bls.verify('pk', msg, sig), TypeError)
  assert.throws(() => core.bls.verify(k.pk, [1], sig), TypeError)
})

test('key cache: keys that share a cache slot with a validated key are still fully checked', () => {
  const nobleValid = (pk) => { try { return !bls12_381.G1.Point.fromBytes(pk).is0() } catch { return false } }
  for (const k of keys) {
    assert.ok(core.bls.keyValidate(k.pk)) // now cached
    for (let i = 0; i < 6; i++) {
      const other = k.pk.slice() // same slot (bytes 44..47 unchanged), different key
      other[1 + R.int(43)] ^= 1 << R.int(8)
      assert.is(core.bls.keyValidate(other), nobleValid(other))
      assert.ok(core.bls.keyValidate(k.pk))
    }
  }
})

test('aggregation: signatures and keys equal noble byte for byte; invalid items are named', () => {
  for (let n = 1; n <= 6; n++) {
    const msgs = Array.from({ length: n }, randomMsg)
    const sigs = msgs.map((m, i) => wallet.sign(keys[i].sk, m))
    const pks = keys.slice(0, n).map((k) => k.pk)
    assert.is(hex(core.bls.aggregateSignatures(sigs)), hex(L.aggregateSignatures(sigs).toBytes(true)))
    assert.is(hex(core.bls.aggregatePublicKeys(pks)), hex(L.aggregatePublicKeys(pks).toBytes(true)))
  }
  const s = wallet.sign(keys[0].sk, new Uint8Array(0))
  assert.is(hex(core.bls.aggregateSignatures([s, G2_INF])), hex(s), 'infinity adds nothing')
  const neg = bls12_381.G2.Point.fromBytes(s).negate().toBytes(true)
  assert.is(hex(core.bls.aggregateSignatures([s, neg])), hex(G2_INF), 'a sum at infinity')
  const bad = (fn, re) => assert.throws(fn, (e) => e instanceof CoreError && re.test(e.message))
  bad(() => core.bls.aggregateSignatures([]), /E_BLS_EMPTY/)
  bad(() => core.bls.aggregatePublicKeys([]), /E_BLS_EMPTY/)
  bad(() => core.bls.aggregateSignatures([s, g2OffSubgroup()]), /E_BLS_NOT_IN_SUBGROUP.*sigs\[1\]/)
  bad(() => core.bls.aggregatePublicKeys([keys[0].pk, G1_INF]), /E_BLS_PK_INFINITY.*pks\[1\]/)
  bad(() => core.bls.aggregatePublicKeys([keys[0].pk, keys[1].pk.subarray(1)]), /E_BLS_LENGTH.*pks\[1\]/)
  assert.throws(() => core.bls.aggregateSignatures('x'), TypeError)
})

test('hashToG2: the 192-byte uncompressed point equals noble for random messages and DSTs', () => {
  for (let i = 0; i < 6; i++) {
    const msg = randomMsg(), dst = i % 2 ? DST : 'CHIRON-TEST-DST-' + i
    assert.is(hex(core.bls.hashToG2(msg, dst)), hex(L.hash(msg, dst).toBytes(false)))
  }
  const longDst = R.bytes(300) // RFC 9380 §5.3.3: an oversize DST is hashed first
  assert.is(hex(core.bls.hashToG2(new Uint8Array([1, 2, 3]), longDst)), hex(L.hash(new Uint8Array([1, 2, 3]), longDst).toBytes(false)))
  assert.throws(() => core.bls.hashToG2(new Uint8Array(1), new Uint8Array(0)), (e) => e instanceof CoreError, 'empty DST')
})

test('fastAggregateVerify and aggregateVerify agree with noble', () => {
  for (let n = 1; n <= 4; n++) {
    const msg = randomMsg(), ks = keys.slice(0, n)
    const agg = L.aggregateSignatures(ks.map((k) => wallet.sign(k.sk, msg))).toBytes(true)
    const pks = ks.map((k) => k.pk)
    assert.ok(core.bls.fastAggregateVerify(pks, msg, agg))
    assert.not.ok(core.bls.fastAggregateVerify(pks.slice(1), msg, agg), 'missing signer')
    assert.not.ok(core.bls.fastAggregateVerify([...pks, G1_INF], msg, agg), 'infinity key in the list')
    assert.not.ok(core.bls.fastAggregateVerify([], msg, G2_INF), 'no keys')
    const msgs = ks.map(randomMsg)
    if (n > 1) msgs[1] = msgs[0] // a repeated message is allowed under the POP scheme
    const agg2 = L.aggregateSignatures(ks.map((k, i) => wallet.sign(k.sk, msgs[i]))).toBytes(true)
    const noble = L.verifyBatch(agg2, ks.map((k, i) => ({ message: L.hash(msgs[i], DST), publicKey: k.pk })))
    assert.ok(noble)
    assert.is(core.bls.aggregateVerify(pks, msgs, agg2), noble)
    const changed = msgs.slice()
    changed[n - 1] = flip(msgs[n - 1].length ? msgs[n - 1] : new Uint8Array(1))
    assert.not.ok(core.bls.aggregateVerify(pks, changed, agg2), 'a changed message')
    assert.not.ok(core.bls.aggregateVerify(pks, msgs.slice(1), agg2), 'count mismatch')
    assert.not.ok(core.bls.aggregateVerify([], [], G2_INF), 'empty')
  }
})

test('aggregateVerify groups equal messages: same verdicts as fastAggregateVerify', () => {
  const msg = new Uint8Array([9, 9]), other = new Uint8Array([9])
  const pks = keys.map((k) => k.pk)
  const agg = L.aggregateSignatures(keys.map((k) => wallet.sign(k.sk, msg))).toBytes(true)
  assert.ok(core.bls.aggregateVerify(pks, pks.map(() => msg), agg))
  assert.ok(core.bls.fastAggregateVerify(pks, msg, agg))
  // one key's message differs in length only (same first byte): a separate group, so false
  assert.not.ok(core.bls.aggregateVerify(pks, pks.map((_, i) => (i === 3 ? other : msg)), agg))
  const mixed = keys.map((k, i) => (i % 2 ? other : msg))
  const aggMixed = L.aggregateSignatures(keys.map((k, i) => wallet.sign(k.sk, mixed[i]))).toBytes(true)
  assert.ok(core.bls.aggregateVerify(pks, mixed, aggMixed))
  assert.not.ok(core.bls.aggregateVerify(pks, mixed.map((m, i) => mixed[(i + 1) % mixed.length]), aggMixed))
})

test('batchVerify: all valid is true; any one bad item makes it false; equal messages grouped', () => {
  const items = []
  for (let i = 0; i < 12; i++) {
    const k = keys[i % keys.length], msg = i % 3 === 0 ? new Uint8Array([42]) : randomMsg()
    items.push({ pk: k.pk, msg, sig: wallet.sign(k.sk, msg) })
  }
  assert.ok(core.bls.batchVerify(items))
  assert.ok(core.bls.batchVerify([]))
  for (let t = 0; t < 5; t++) {
    const j = R.int(items.length)
    const bad = items.slice()
    const which = t % 4
    if (which === 0) bad[j] = { ...items[j], msg: flip(items[j].msg.length ? items[j].msg : new Uint8Array(1)) }
    if (which === 1) bad[j] = { ...items[j], sig: items[(j + 1) % items.length].sig }
    if (which === 2) bad[j] = { ...items[j], pk: G1_INF }
    if (which === 3) bad[j] = { ...items[j], sig: g2OffSubgroup() }
    assert.not.ok(core.bls.batchVerify(bad), `bad item ${j} (${which})`)
  }
  // Swapping two signatures keeps the multiset of signatures: a sum check alone would pass.
  const swapped = items.slice()
  swapped[1] = { ...items[1], sig: items[2].sig }
  swapped[2] = { ...items[2], sig: items[1].sig }
  assert.not.ok(core.bls.batchVerify(swapped))
  assert.throws(() => core.bls.batchVerify([{ pk: keys[0].pk, msg: 'x', sig: items[0].sig }]), TypeError)
})

test('large counts: 65536 keys in one aggregate, batches split across calls; never a trap', () => {
  const k = keys[0], msg = new Uint8Array([5]), sig = wallet.sign(k.sk, msg)
  const n = 1 << 16
  const sigN = bls12_381.G2.Point.fromBytes(sig).multiply(BigInt(n)).toBytes(true)
  const pks = Array(n).fill(k.pk)
  assert.ok(core.bls.fastAggregateVerify(pks, msg, sigN))
  assert.ok(core.bls.aggregateVerify(pks, Array(n).fill(msg), sigN))
  assert.not.ok(core.bls.aggregateVerify([...pks, k.pk], Array(n + 1).fill(msg), sigN), 'over the per-call limit')
  assert.is(hex(core.bls.aggregatePublicKeys(pks)), hex(bls12_381.G1.Point.fromBytes(k.pk).multiply(BigInt(n)).toBytes(true)))
  const items = Array(4100).fill({ pk: k.pk, msg, sig })
  assert.ok(core.bls.batchVerify(items))
  assert.not.ok(core.bls.batchVerify([...items, { pk: k.pk, msg, sig: sigN }]))
})

test('wallet keyGen is the IETF KeyGen (same keys as blst)', async () => {
  const blst = (await import('@chainsafe/blst')).default
  for (let i = 0; i < 4; i++) {
    const ikm = R.bytes(32 + R.int(32))
    assert.is(hex(wallet.keyGen(ikm)), hex(blst.SecretKey.fromKeygen(ikm).toBytes()))
  }
  assert.throws(() => wallet.keyGen(new Uint8Array(31)), RangeError)
})

test.run()
