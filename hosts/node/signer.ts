// ed25519 signing through node:crypto (OpenSSL): the platform's fast signer for `chiron gen`.
// Signing is not consensus code; the core verifies every signature either way.
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto'
import type { Signer } from '../../runtime/chain/gen.js'

// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410 §7), followed by the 32-byte seed.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

// Parsing a key costs more than signing with it, so key objects are kept per seed.
const keys = new Map<string, KeyObject>()

function keyOf(seed: Uint8Array): KeyObject {
  const id = Buffer.from(seed).toString('hex')
  let key = keys.get(id)
  if (!key) {
    key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' })
    keys.set(id, key)
  }
  return key
}

export const opensslSigner: Signer = {
  publicKey(seed) {
    const der = createPublicKey(keyOf(seed)).export({ format: 'der', type: 'spki' })
    return new Uint8Array(der.subarray(der.length - 32))
  },
  sign(seed, msg) {
    return new Uint8Array(cryptoSign(null, msg, keyOf(seed)))
  },
}
