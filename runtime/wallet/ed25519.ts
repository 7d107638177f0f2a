// ed25519 keys and signing (RFC 8032 §5.1.5–5.1.6) for the wallet, on @noble/curves.
// Signing uses secrets, so it stays here in audited constant-time TypeScript and never
// enters the core; the core only verifies (runtime/core/ed25519.ts, ZIP-215 rules).
// A key is its 32-byte seed (RFC 8032's "private key"); the public key derives from it.
import { ed25519 } from '@noble/curves/ed25519.js'

export interface Ed25519Keypair { seed: Uint8Array, publicKey: Uint8Array }

function expectSeed(fn: string, seed: unknown): Uint8Array {
  if (!(seed instanceof Uint8Array)) throw new TypeError(`${fn}: expected seed as Uint8Array, got ${seed === null ? 'null' : typeof seed}`)
  if (seed.length !== 32) throw new TypeError(`${fn}: expected seed of 32 bytes, got ${seed.length}`)
  return seed
}

/** A fresh random 32-byte seed from the platform's CSPRNG (Web Crypto). */
export function randomSeed(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32))
}

/** The 32-byte public key A = [s]B of `seed` (RFC 8032 §5.1.5). */
export function publicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(expectSeed('ed25519.publicKey', seed))
}

/** The keypair of `seed` (the seed is copied). */
export function keypair(seed: Uint8Array): Ed25519Keypair {
  expectSeed('ed25519.keypair', seed)
  return { seed: seed.slice(), publicKey: ed25519.getPublicKey(seed) }
}

/** The deterministic 64-byte signature R ‖ s of `msg` under `seed` (RFC 8032 §5.1.6). */
export function sign(seed: Uint8Array, msg: Uint8Array): Uint8Array {
  expectSeed('ed25519.sign', seed)
  if (!(msg instanceof Uint8Array)) throw new TypeError(`ed25519.sign: expected msg as Uint8Array, got ${msg === null ? 'null' : typeof msg}`)
  return ed25519.sign(msg, seed)
}
