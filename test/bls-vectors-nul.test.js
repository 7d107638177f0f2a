// The Wycheproof BLS sets of the basic scheme (BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_):
// the same CoreVerify / CoreAggregateVerify code as the POP exports, given the NUL DST. The
// module's ABI fixes the POP DST, so these run on a small wasm compiled from
// assembly/bls12_381/sig.ts with an entry that passes the DST through.
//
// The basic scheme's AggregateVerify also requires distinct messages (draft-irtf-cfrg-bls-
// signature-05 §3.1.1); no case here repeats a message, and the test asserts that, so the
// POP rule (no distinctness check) gives the same verdicts.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { compileScratch, readVectorJson, unhex, hex } from './helpers.js'

const basic = readVectorJson('bls12-381-sig/wycheproof/bls_sig_g2_basic_verify_test.json')
const agg = readVectorJson('bls12-381-sig/wycheproof/bls_sig_g2_aggregate_verify_test.json')
const DST = new TextEncoder().encode('BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_')

let x = null
if (basic && agg) {
  const src = (f) => JSON.stringify(`./assembly/${f}`)
  x = await compileScratch(`
import { coreVerify, coreAggregateVerify } from ${src('bls12_381/sig')};
export function alloc(n: i32): usize { return heap.alloc(<usize>n); }
export function reset(): void {
  // @ts-ignore: runtime global
  __arena_reset();
}
export function core_verify(pk: usize, msg: usize, msgLen: i32, sig: usize, dst: usize, dstLen: i32): i32 {
  return coreVerify(pk, msg, <usize>msgLen, sig, dst, <usize>dstLen);
}
export function core_aggregate_verify(pks: usize, table: usize, n: u32, sig: usize, dst: usize, dstLen: i32): i32 {
  return coreAggregateVerify(pks, table, n, sig, dst, <usize>dstLen);
}
// @ts-ignore: runtime global
__arena_mark();
`)
}

const put = (bytes) => { const p = x.alloc(Math.max(1, bytes.length)); new Uint8Array(x.memory.buffer, p, bytes.length).set(bytes); return p }
/** Fixed-length buffer: the ABI takes 48/96-byte keys and signatures, so other lengths are invalid before any call. */
const fixed = (bytes, len) => bytes.length === len

function verifyNul(pk, msg, sig) {
  if (!fixed(pk, 48) || !fixed(sig, 96)) return false
  x.reset()
  return x.core_verify(put(pk), put(msg), msg.length, put(sig), put(DST), DST.length) === 0
}

function aggregateVerifyNul(pks, msgs, sig) {
  if (pks.length !== msgs.length || pks.length === 0) return false
  if (!pks.every((p) => fixed(p, 48)) || !fixed(sig, 96)) return false
  x.reset()
  const all = new Uint8Array(48 * pks.length)
  pks.forEach((p, i) => all.set(p, 48 * i))
  const table = new Uint32Array(2 * msgs.length)
  msgs.forEach((m, i) => { table[2 * i] = put(m); table[2 * i + 1] = m.length })
  return x.core_aggregate_verify(put(all), put(new Uint8Array(table.buffer)), pks.length, put(sig), put(DST), DST.length) === 0
}

test('Wycheproof bls_sig_g2_basic_verify (NUL DST)', () => {
  if (!x) return
  let n = 0
  for (const g of basic.testGroups) {
    assert.is(g.ciphersuite, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_')
    const pk = unhex(g.publicKey.pk)
    for (const t of g.tests) {
      assert.is(verifyNul(pk, unhex(t.msg), unhex(t.sig)), t.result === 'valid', `tcId ${t.tcId}: ${t.comment}`)
      n++
    }
  }
  console.log(`  basic_verify: ${n} cases`)
  assert.ok(n >= 66)
})

test('Wycheproof bls_sig_g2_aggregate_verify (NUL DST)', () => {
  if (!x) return
  let n = 0
  for (const g of agg.testGroups) {
    for (const t of g.tests) {
      const msgs = t.messages.map(unhex)
      assert.is(new Set(msgs.map(hex)).size, msgs.length, `tcId ${t.tcId}: messages are distinct`)
      assert.is(aggregateVerifyNul(t.pubkeys.map(unhex), msgs, unhex(t.sig)), t.result === 'valid', `tcId ${t.tcId}: ${t.comment}`)
      n++
    }
  }
  console.log(`  aggregate_verify: ${n} cases`)
  assert.ok(n >= 15)
})

test.run()
