// Validator keys at rest: secret bytes encrypted under a passphrase.
//   "CHKY" || version:u8 (1) || log2(N):u8 || r:u8 || p:u8 || salt[16] || iv[12] || AES-256-GCM(secret) || tag[16]
// The key is scrypt(passphrase, salt, N, r, p) (@noble/hashes); encryption is WebCrypto's
// AES-GCM, so the same file opens on every host. The header is authenticated as GCM's
// additional data: changing any byte of the file makes decryption fail.
import { scrypt } from '@noble/hashes/scrypt.js'
import { concatBytes, equalBytes, utf8 } from '../bytes.js'

const MAGIC = utf8('CHKY')
const VERSION = 1
const HEADER_BYTES = 4 + 4 + 16 + 12
export const KEYFILE_DEFAULTS = { logN: 15, r: 8, p: 1 }

export class KeyFileError extends Error {
  constructor(message: string) { super(message); this.name = 'KeyFileError' }
}

async function aesKey(passphrase: string, salt: Uint8Array, logN: number, r: number, p: number): Promise<CryptoKey> {
  const raw = scrypt(utf8(passphrase.normalize('NFKC')), salt, { N: 2 ** logN, r, p, dkLen: 32 })
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
}

export async function encryptKey(secret: Uint8Array, passphrase: string, opts = KEYFILE_DEFAULTS): Promise<Uint8Array> {
  if (!(secret instanceof Uint8Array)) throw new TypeError(`encryptKey: expected the secret as Uint8Array, got ${typeof secret}`)
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new TypeError('encryptKey: expected a non-empty passphrase')
  if (!Number.isInteger(opts.logN) || opts.logN < 10 || opts.logN > 20) throw new RangeError(`encryptKey: expected logN in 10..20, got ${opts.logN}`)
  const salt = crypto.getRandomValues(new Uint8Array(16))
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const header = concatBytes(MAGIC, Uint8Array.of(VERSION, opts.logN, opts.r, opts.p), salt, iv)
  const key = await aesKey(passphrase, salt, opts.logN, opts.r, opts.p)
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: header }, key, secret))
  return concatBytes(header, sealed)
}

export async function decryptKey(file: Uint8Array, passphrase: string): Promise<Uint8Array> {
  if (!(file instanceof Uint8Array)) throw new TypeError(`decryptKey: expected the key file as Uint8Array, got ${typeof file}`)
  if (file.length < HEADER_BYTES + 16) throw new KeyFileError(`key file: expected at least ${HEADER_BYTES + 16} bytes, got ${file.length}`)
  if (!equalBytes(file.subarray(0, 4), MAGIC)) throw new KeyFileError('key file: expected the magic "CHKY" (not a Chiron key file)')
  const [version, logN, r, p] = file.subarray(4, 8)
  if (version !== VERSION) throw new KeyFileError(`key file: expected version ${VERSION}, got ${version}`)
  if (logN < 10 || logN > 20 || r < 1 || p < 1) throw new KeyFileError(`key file: scrypt parameters out of range (logN ${logN}, r ${r}, p ${p})`)
  const header = file.subarray(0, HEADER_BYTES)
  const key = await aesKey(passphrase, file.subarray(8, 24), logN, r, p)
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: file.subarray(24, 36), additionalData: header }, key, file.subarray(HEADER_BYTES)))
  } catch {
    throw new KeyFileError('key file: wrong passphrase, or the file is damaged')
  }
}
