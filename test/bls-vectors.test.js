// BLS signatures against the standard vectors: every set of ethereum/bls12-381-tests (signing
// through the wallet, everything else through core.bls) and the Wycheproof set of our own
// ciphersuite (bls_sig_g2_pop_verify_test.json: signatures under the POP suite's DST). The
// NUL-DST Wycheproof sets run through the same core code in test/bls-vectors-nul.test.js.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadCore, vectorPath, readVectorJson, hex, unhex } from './helpers.js'
import { CoreError } from '../dist/runtime/core.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'
import * as wallet from '../dist/runtime/wallet/bls.js'

const core = await loadCore()
const ethRoot = vectorPath('bls12-381-sig/eth-bls12-381-tests')

/** The cases of one eth handler: [{ name, input, output }]. */
function ethCases(handler) {
  if (!ethRoot) return []
  const dir = join(ethRoot, handler)
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .map((f) => ({ name: f, ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }))
}
const b = (s) => unhex(s)
const codeOf = (name) => Number(Object.keys(CORE_ERRORS).find((k) => CORE_ERRORS[k].name === name))
const counts = {}
const count = (k) => { counts[k] = (counts[k] ?? 0) + 1 }

test('eth sign: the wallet signs exactly the expected bytes; zero key refused', () => {
  for (const c of ethCases('sign')) {
    const sk = b(c.input.privkey), msg = b(c.input.message)
    if (c.output === null) {
      assert.throws(() => wallet.sign(sk, msg), /secret key/, c.name)
    } else {
      const sig = wallet.sign(sk, msg)
      assert.is(hex(sig), c.output.slice(2), c.name)
      assert.ok(core.bls.verify(wallet.publicKey(sk), msg, sig), `${c.name}: core verifies the wallet's signature`)
    }
    count('sign')
  }
})

test('eth verify', () => {
  for (const c of ethCases('verify')) {
    const { pubkey, message, signature } = c.input
    assert.is(core.bls.verify(b(pubkey), b(message), b(signature)), c.output, c.name)
    count('verify')
  }
})

test('eth aggregate: the sum of signatures, or a CoreError when none is valid to sum', () => {
  for (const c of ethCases('aggregate')) {
    const sigs = c.input.map(b)
    if (c.output === null) {
      assert.throws(() => core.bls.aggregateSignatures(sigs), (e) => e instanceof CoreError, c.name)
    } else {
      assert.is(hex(core.bls.aggregateSignatures(sigs)), c.output.slice(2), c.name)
    }
    count('aggregate')
  }
})

test('eth fast_aggregate_verify', () => {
  for (const c of ethCases('fast_aggregate_verify')) {
    const { pubkeys, message, signature } = c.input
    assert.is(core.bls.fastAggregateVerify(pubkeys.map(b), b(message), b(signature)), c.output, c.name)
    count('fast_aggregate_verify')
  }
})

test('eth aggregate_verify', () => {
  for (const c of ethCases('aggregate_verify')) {
    const { pubkeys, messages, signature } = c.input
    assert.is(core.bls.aggregateVerify(pubkeys.map(b), messages.map(b), b(signature)), c.output, c.name)
    count('aggregate_verify')
  }
})

test('eth batch_verify', () => {
  for (const c of ethCases('batch_verify')) {
    const { pubkeys, messages, signatures } = c.input
    const items = pubkeys.map((pk, i) => ({ pk: b(pk), msg: b(messages[i]), sig: b(signatures[i]) }))
    assert.is(core.bls.batchVerify(items), c.output, c.name)
    count('batch_verify')
  }
})

test('eth deserialization_G1: decoding (KeyValidate, where infinity decodes but is no key)', () => {
  for (const c of ethCases('deserialization_G1')) {
    const pk = b(c.input.pubkey)
    let decodes = false
    if (pk.length === 48) {
      const code = core.wasm.call('test', (x) => x.bls_key_validate(core.wasm.put('test', pk)))
      decodes = code === 0 || code === codeOf('E_BLS_PK_INFINITY')
      assert.is(core.bls.keyValidate(pk), code === 0, c.name)
    }
    assert.is(decodes, c.output, c.name)
    count('deserialization_G1')
  }
})

test('eth deserialization_G2: decoding through Aggregate of one signature', () => {
  for (const c of ethCases('deserialization_G2')) {
    const sig = b(c.input.signature)
    let decodes = true
    try {
      assert.is(hex(core.bls.aggregateSignatures([sig])), hex(sig), `${c.name}: the sum of one is itself`)
    } catch (e) {
      if (!(e instanceof CoreError)) throw e
      decodes = false
    }
    assert.is(decodes, c.output, c.name)
    count('deserialization_G2')
  }
})

test('eth hash_to_G2 (RFC 9380 test DST)', () => {
  const dst = 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_'
  for (const c of ethCases('hash_to_G2')) {
    const out = core.bls.hashToG2(new TextEncoder().encode(c.input.msg), dst)
    const fp2 = (s) => s.split(',').map((h) => h.replace(/^0x/, '').padStart(96, '0'))
    const [x0, x1] = fp2(c.output.x), [y0, y1] = fp2(c.output.y)
    assert.is(hex(out), x1 + x0 + y1 + y0, c.name)
    count('hash_to_G2')
  }
})

test('Wycheproof bls_sig_g2_pop_verify (our ciphersuite)', () => {
  const w = readVectorJson('bls12-381-sig/wycheproof/bls_sig_g2_pop_verify_test.json')
  if (!w) return
  for (const g of w.testGroups) {
    assert.is(g.ciphersuite, 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_')
    const pk = b(g.publicKey.pk)
    for (const t of g.tests) {
      assert.is(core.bls.verify(pk, b(t.msg), b(t.sig)), t.result === 'valid', `tcId ${t.tcId}: ${t.comment}`)
      count('wycheproof pop_verify')
    }
  }
})

test('PopProve / PopVerify: the wallet proves, the core verifies; a proof is not a signature', () => {
  for (let i = 1; i <= 4; i++) {
    const sk = wallet.keyGen(new Uint8Array(32).fill(i))
    const pk = wallet.publicKey(sk), proof = wallet.popProve(sk)
    assert.ok(core.bls.popVerify(pk, proof))
    assert.not.ok(core.bls.verify(pk, pk, proof), 'POP DST differs from the signature DST')
    assert.not.ok(core.bls.popVerify(pk, wallet.sign(sk, pk)))
    count('pop')
  }
})

test('counts', () => {
  console.log('  ' + Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '))
  if (ethRoot) assert.is(counts.verify, 23)
})

test.run()
