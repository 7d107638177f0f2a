// ECVRF-EDWARDS25519-SHA512-TAI and -ELL2 against RFC 9381 Appendix B.3/B.4 (examples
// 16–21), and the suite's encode_to_curve against RFC 9380's edwards25519 vectors (NU, and
// RO as well), in the core and in the @noble-based reference.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, readVectorJson, hex, unhex } from './helpers.js'
import * as ref from '../dist/runtime/vrf/reference.js'

const core = await loadCore()
const SUITES = { 'ecvrf-edwards25519-sha512-tai': 'tai', 'ecvrf-edwards25519-sha512-ell2': 'ell2' }

for (const [file, suite] of Object.entries(SUITES)) {
  const data = readVectorJson(`ecvrf/rfc9381/${file}.json`)
  test(`RFC 9381 ${suite}: public key, prove, verify and proof_to_hash`, () => {
    if (!data) return
    assert.is(data.vectors.length, 3)
    for (const v of data.vectors) {
      const sk = unhex(v.SK), pk = unhex(v.PK), alpha = unhex(v.alpha), pi = unhex(v.pi)
      const at = `example ${v.example}`
      assert.is(hex(core.vrf.publicKey(sk)), v.PK, at)
      assert.is(hex(core.vrf.prove(sk, alpha, suite)), v.pi, at)
      assert.is(hex(core.vrf.verify(pk, alpha, pi, suite)), v.beta, at)
      assert.is(hex(core.vrf.proofToHash(pi, suite)), v.beta, at)
      // The intermediate H through the exported hash-to-curve (ELL2 only: TAI is not RFC 9380).
      if (suite === 'ell2') {
        const dst = new Uint8Array([...new TextEncoder().encode('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), 4])
        assert.is(hex(core.vrf.hashToCurve(new Uint8Array([...pk, ...alpha]), dst)), v.H, at)
      }
      // The proof is for this suite and this alpha only.
      assert.is(core.vrf.verify(pk, alpha, pi, suite === 'tai' ? 'ell2' : 'tai'), null, at)
      assert.is(core.vrf.verify(pk, new Uint8Array([...alpha, 0]), pi, suite), null, at)
    }
  })
  test(`RFC 9381 ${suite}: the @noble reference agrees`, () => {
    if (!data) return
    for (const v of data.vectors) {
      const sk = unhex(v.SK), pk = unhex(v.PK), alpha = unhex(v.alpha), pi = unhex(v.pi)
      assert.is(hex(ref.publicKey(sk)), v.PK)
      assert.is(hex(ref.encodeToCurve(suite, pk, alpha).toBytes()), v.H)
      assert.is(hex(ref.prove(sk, alpha, suite)), v.pi)
      assert.is(hex(ref.verify(pk, alpha, pi, suite)), v.beta)
    }
  })
}

/** RFC 9380 gives P affine (x, y): the encoding is y little-endian with x's parity in bit 255. */
function encodeAffine(P) {
  const out = new Uint8Array(32)
  let y = BigInt(P.y)
  for (let i = 0; i < 32; i++) { out[i] = Number(y & 255n); y >>= 8n }
  out[31] |= Number(BigInt(P.x) & 1n) << 7
  return out
}

for (const [name, ro] of [['edwards25519_XMD_SHA-512_ELL2_NU_', false], ['edwards25519_XMD_SHA-512_ELL2_RO_', true]]) {
  const data = readVectorJson(`hash-to-curve/cfrg-rfc9380/${name}.json`)
  test(`RFC 9380 ${name} (upstream name has XMD:SHA-512)`, () => {
    if (!data) return
    assert.is(data.vectors.length, 4)
    const dst = new TextEncoder().encode(data.dst)
    for (const v of data.vectors) {
      const msg = new TextEncoder().encode(v.msg)
      assert.is(hex(core.vrf.hashToCurve(msg, dst, ro)), hex(encodeAffine(v.P)), `msg ${JSON.stringify(v.msg.slice(0, 20))}`)
    }
  })
}

test('hashToCurve: a DST of 0 or more than 255 bytes is refused with a named error', () => {
  assert.throws(() => core.vrf.hashToCurve(new Uint8Array(1), new Uint8Array(0)), /E_VRF_DST/)
  assert.throws(() => core.vrf.hashToCurve(new Uint8Array(1), new Uint8Array(256)), /E_VRF_DST/)
  assert.is(core.vrf.hashToCurve(new Uint8Array(1), new Uint8Array(255)).length, 32)
})

test.run()
