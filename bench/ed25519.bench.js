// ed25519 verification: the core (single, and batches of 64 per signature) against
// @noble/curves and node:crypto (OpenSSL), all in this process on the same signatures.
// Targets: core single at least 5× faster than @noble and within 2.5× of OpenSSL; a batch
// of 64 at most 0.6× the per-signature cost of single verification.
// The core caches decoded public keys (assembly/ed25519/key_cache.ts), so its rows come
// twice: COLD, every signature by a key it never saw (fresh signatures, measured once
// each), and WARM, the same 64 keys again and again (a sender's later transactions).
import crypto from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { ed25519 } from '@noble/curves/ed25519.js'
import { Core } from '../dist/runtime/core.js'
import { measure, fmtNs, table } from './lib.js'

const BATCH = 64
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export default async function () {
  const core = await Core.load()
  const items = []
  for (let i = 0; i < BATCH; i++) {
    const seed = crypto.randomBytes(32), msg = crypto.randomBytes(128)
    items.push({ sig: ed25519.sign(msg, seed), msg, pk: ed25519.getPublicKey(seed) })
  }
  const keyObjects = items.map((it) => crypto.createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, it.pk]), format: 'der', type: 'spki' }))
  let n = 0
  const next = () => items[n++ & (BATCH - 1)]
  const check = (ok) => { if (!ok) throw new Error('ed25519 bench: a valid signature was rejected') }

  // The typed API (copies into the arena included), and the raw export alone.
  const coreSingle = measure(() => { const it = next(); check(core.ed25519.verify(it.sig, it.msg, it.pk)) })
  const w = core.wasm
  const rawPtrs = w.call('bench', () => items.map((it) => [w.put('b', it.sig), w.put('b', it.msg), it.msg.length, w.put('b', it.pk)]))
  const coreRaw = measure(() => { const r = rawPtrs[n++ & (BATCH - 1)]; check(w.exports.ed25519_verify(r[0], r[1], r[2], r[3]) === 0) })
  const coreBatch = measure(() => check(core.ed25519.verifyBatch(items)), { samples: 7 }) / BATCH
  const coldSingle = measureFresh(freshItems(10 * 120), 120, (it) => check(core.ed25519.verify(it.sig, it.msg, it.pk)))
  const coldBatch = measureFresh(chunk(freshItems(10 * 8 * BATCH), BATCH), 8, (b) => check(core.ed25519.verifyBatch(b))) / BATCH
  const noble = measure(() => { const it = next(); check(ed25519.verify(it.sig, it.msg, it.pk)) }, { samples: 5 })
  const openssl = measure(() => { const i = n++ & (BATCH - 1); check(crypto.verify(null, items[i].msg, keyObjects[i], items[i].sig)) })

  const x = (a, b) => (a / b).toFixed(2) + '×'
  table('ed25519 verify (ZIP-215), 128-byte messages', [
    { what: 'core verify (typed API), COLD', 'per signature': fmtNs(coldSingle), 'noble ÷ this': x(noble, coldSingle), 'this ÷ OpenSSL': x(coldSingle, openssl), 'this ÷ core single': '1.00×' },
    { what: 'core verify (typed API), WARM', 'per signature': fmtNs(coreSingle), 'noble ÷ this': x(noble, coreSingle), 'this ÷ OpenSSL': x(coreSingle, openssl), 'this ÷ core single': x(coreSingle, coldSingle) },
    { what: 'core ed25519_verify (raw export), WARM', 'per signature': fmtNs(coreRaw), 'noble ÷ this': x(noble, coreRaw), 'this ÷ OpenSSL': x(coreRaw, openssl), 'this ÷ core single': x(coreRaw, coldSingle) },
    { what: `core verifyBatch of ${BATCH}, COLD`, 'per signature': fmtNs(coldBatch), 'noble ÷ this': x(noble, coldBatch), 'this ÷ OpenSSL': x(coldBatch, openssl), 'this ÷ core single': x(coldBatch, coldSingle) },
    { what: `core verifyBatch of ${BATCH}, WARM`, 'per signature': fmtNs(coreBatch), 'noble ÷ this': x(noble, coreBatch), 'this ÷ OpenSSL': x(coreBatch, openssl), 'this ÷ core single': x(coreBatch, coldSingle) },
    { what: '@noble/curves ed25519.verify', 'per signature': fmtNs(noble), 'noble ÷ this': '1.00×', 'this ÷ OpenSSL': x(noble, openssl), 'this ÷ core single': x(noble, coldSingle) },
    { what: 'node:crypto verify (OpenSSL)', 'per signature': fmtNs(openssl), 'noble ÷ this': x(noble, openssl), 'this ÷ OpenSSL': '1.00×', 'this ÷ core single': x(openssl, coldSingle) },
  ])
  console.log(`\ntargets (COLD): noble ÷ core single ≥ 5× (${x(noble, coldSingle)}), core single ÷ OpenSSL ≤ 2.5× (${x(coldSingle, openssl)}), batch ÷ single ≤ 0.6× (${x(coldBatch, coldSingle)})`)
}

/** n signatures (128-byte messages), each by a key of its own, made with node:crypto. */
function freshItems(n) {
  const out = []
  for (let i = 0; i < n; i++) {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
    const msg = crypto.randomBytes(128)
    out.push({ sig: crypto.sign(null, msg, privateKey), msg, pk: Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url') })
  }
  return out
}

function chunk(items, n) {
  const out = []
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n))
  return out
}

/**
 * Median ns per op of fn over samples of `perSample` inputs each, every input used once; the
 * first sample only warms up (other inputs of the same kind, so the timed ones stay unseen).
 */
function measureFresh(inputs, perSample, fn) {
  const per = []
  for (let k = 0; (k + 1) * perSample <= inputs.length; k++) {
    const part = inputs.slice(k * perSample, (k + 1) * perSample)
    const s = performance.now()
    for (const it of part) fn(it)
    if (k > 0) per.push(((performance.now() - s) * 1e6) / part.length)
  }
  per.sort((a, b) => a - b)
  return per[per.length >> 1]
}
