// ECVRF prove and verify: the core (ELL2, Chiron's suite, and TAI) against the @noble-based
// reference (runtime/vrf/reference.ts) and @roamin/ecvrf, the fastest ECVRF package on npm
// that ran here (it is ECVRF-SECP256K1-SHA256-TAI on elliptic, draft 05: no npm package we
// could run implements the edwards25519 suites), all in this process; plus a core ed25519
// verify as the yardstick and the cost of one sortition.
// Targets: core verify at most 2× a core ed25519 verify, and at least 5× faster than @noble.
import crypto from 'node:crypto'
import { createRequire } from 'node:module'
import { ed25519 } from '@noble/curves/ed25519.js'
import { Core } from '../dist/runtime/core.js'
import * as ref from '../dist/runtime/vrf/reference.js'
import { performance } from 'node:perf_hooks'
import { measure, fmtNs, table } from './lib.js'

const require = createRequire(import.meta.url)
const roamin = require('@roamin/ecvrf')
const KEYS = 16

/**
 * Per-op times of a and b, interleaved in short blocks and each the minimum over the
 * blocks: on a machine shared with other work the minimum is the stable estimate of the
 * unloaded cost, and interleaving exposes both to the same conditions.
 */
function pairedMin(a, b, rounds = 150, ops = 10) {
  let ta = Infinity, tb = Infinity
  for (let r = 0; r < rounds; r++) {
    let t = performance.now()
    for (let i = 0; i < ops; i++) a()
    ta = Math.min(ta, ((performance.now() - t) * 1e6) / ops)
    t = performance.now()
    for (let i = 0; i < ops; i++) b()
    tb = Math.min(tb, ((performance.now() - t) * 1e6) / ops)
  }
  return [ta, tb]
}

export default async function () {
  const core = await Core.load()
  const items = []
  for (let i = 0; i < KEYS; i++) {
    const sk = crypto.randomBytes(32), alpha = crypto.randomBytes(64)
    const pk = core.vrf.publicKey(sk)
    items.push({ sk, pk, alpha, ell2: core.vrf.prove(sk, alpha, 'ell2'), tai: core.vrf.prove(sk, alpha, 'tai') })
  }
  let n = 0
  const next = () => items[n++ & (KEYS - 1)]
  const check = (ok) => { if (!ok) throw new Error('vrf bench: a valid proof was rejected') }

  const sigs = items.map((it) => ({ msg: it.alpha, pk: ed25519.getPublicKey(it.sk), sig: ed25519.sign(it.alpha, it.sk) }))
  const edVerify = measure(() => { const s = sigs[n++ & (KEYS - 1)]; check(core.ed25519.verify(s.sig, s.msg, s.pk)) })
  const coreVerify = measure(() => { const it = next(); check(core.vrf.verify(it.pk, it.alpha, it.ell2)) })
  const coreVerifyTai = measure(() => { const it = next(); check(core.vrf.verify(it.pk, it.alpha, it.tai, 'tai')) })
  const coreProve = measure(() => { const it = next(); core.vrf.prove(it.sk, it.alpha) }, { samples: 7 })
  const coreProveTai = measure(() => { const it = next(); core.vrf.prove(it.sk, it.alpha, 'tai') }, { samples: 7 })
  const nobleVerify = measure(() => { const it = next(); check(ref.verify(it.pk, it.alpha, it.ell2)) }, { samples: 5 })
  const nobleProve = measure(() => { const it = next(); ref.prove(it.sk, it.alpha) }, { samples: 5 })
  const kp = roamin.keygen(), alphaHex = Buffer.from(items[0].alpha).toString('hex'), piHex = roamin.prove(kp.secretKey, alphaHex)
  const roaminVerify = measure(() => check(roamin.verify(kp.publicKey, piHex, alphaHex)), { samples: 5, sampleMs: 100 })
  const roaminProve = measure(() => roamin.prove(kp.secretKey, alphaHex), { samples: 5, sampleMs: 100 })

  const betas = items.map((it) => core.vrf.proofToHash(it.ell2))
  const W = 10n ** 15n
  const seatsSmall = measure(() => core.sortition.seats(betas[n++ & (KEYS - 1)], 3n * 10n ** 12n, W, 1000)) // λ = 3
  const seatsWhale = measure(() => core.sortition.seats(betas[n++ & (KEYS - 1)], 3n * 10n ** 14n, W, 1000), { samples: 7 }) // λ = 300
  const priority = measure(() => core.sortition.priority(betas[n++ & (KEYS - 1)], 3))

  const [edMin, vrfMin] = pairedMin(
    () => { const s = sigs[n++ & (KEYS - 1)]; check(core.ed25519.verify(s.sig, s.msg, s.pk)) },
    () => { const it = next(); check(core.vrf.verify(it.pk, it.alpha, it.ell2)) })
  const [, nobleMin] = pairedMin(() => {}, () => { const it = next(); check(ref.verify(it.pk, it.alpha, it.ell2)) }, 8, 3)

  const x = (a, b) => (a / b).toFixed(2) + '×'
  table('ECVRF-EDWARDS25519-SHA512 (RFC 9381), 64-byte alpha', [
    { what: 'core verify, ELL2 (Chiron)', time: fmtNs(coreVerify), 'noble ÷ this': x(nobleVerify, coreVerify), 'this ÷ core ed25519 verify': x(coreVerify, edVerify) },
    { what: 'core verify, TAI', time: fmtNs(coreVerifyTai), 'noble ÷ this': x(nobleVerify, coreVerifyTai), 'this ÷ core ed25519 verify': x(coreVerifyTai, edVerify) },
    { what: '@noble reference verify, ELL2', time: fmtNs(nobleVerify), 'noble ÷ this': '1.00×', 'this ÷ core ed25519 verify': x(nobleVerify, edVerify) },
    { what: '@roamin/ecvrf verify (secp256k1 TAI)', time: fmtNs(roaminVerify), 'noble ÷ this': x(nobleVerify, roaminVerify), 'this ÷ core ed25519 verify': x(roaminVerify, edVerify) },
    { what: 'core ed25519 verify (yardstick)', time: fmtNs(edVerify), 'noble ÷ this': x(nobleVerify, edVerify), 'this ÷ core ed25519 verify': '1.00×' },
    { what: 'core prove, ELL2 (constant time)', time: fmtNs(coreProve), 'noble ÷ this': x(nobleProve, coreProve), 'this ÷ core ed25519 verify': x(coreProve, edVerify) },
    { what: 'core prove, TAI', time: fmtNs(coreProveTai), 'noble ÷ this': x(nobleProve, coreProveTai), 'this ÷ core ed25519 verify': x(coreProveTai, edVerify) },
    { what: '@noble reference prove, ELL2', time: fmtNs(nobleProve), 'noble ÷ this': '1.00×', 'this ÷ core ed25519 verify': x(nobleProve, edVerify) },
    { what: '@roamin/ecvrf prove (secp256k1 TAI)', time: fmtNs(roaminProve), 'noble ÷ this': x(nobleProve, roaminProve), 'this ÷ core ed25519 verify': x(roaminProve, edVerify) },
  ])
  table('sortition in the core (typed API)', [
    { what: 'seats, λ = 3', time: fmtNs(seatsSmall) },
    { what: 'seats, λ = 300 (a whale: 30% of the weight, τ = 1000)', time: fmtNs(seatsWhale) },
    { what: 'priority, 3 seats', time: fmtNs(priority) },
  ])
  table('target ratios, interleaved (minimum per-op time over blocks)', [
    { what: 'core ed25519 verify', time: fmtNs(edMin) },
    { what: 'core VRF verify (ELL2)', time: fmtNs(vrfMin) },
    { what: '@noble reference VRF verify', time: fmtNs(nobleMin) },
  ])
  console.log(`\ntargets: core verify ÷ core ed25519 verify ≤ 2× (${x(vrfMin, edMin)}), noble ÷ core verify ≥ 5× (${x(nobleMin, vrfMin)})`)
}
