// Small byte helpers that work on every platform (no Buffer, no node: modules).

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef')
const hexScratch = new Uint8Array(128)
const ascii = new TextDecoder()

/**
 * Lowercase hex, as a flat string: one decode of the ASCII digits is about twice as fast,
 * used as a Map key, as concatenating pairs (a rope the map must flatten first), and hex
 * keys are on every hot path (state nodes, mempool, block ids).
 */
export function toHex(bytes: Uint8Array): string {
  const n = bytes.length
  const out = n <= 64 ? hexScratch : new Uint8Array(2 * n)
  for (let i = 0; i < n; i++) {
    const b = bytes[i]
    out[2 * i] = HEX_DIGITS[b >> 4]
    out[2 * i + 1] = HEX_DIGITS[b & 15]
  }
  return ascii.decode(out.subarray(0, 2 * n))
}

export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError(`fromHex: expected an even-length hex string, got ${JSON.stringify(String(hex).slice(0, 20))}`)
  }
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return out
}

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let off = 0
  for (const p of parts) { out.set(p, off); off += p.length }
  return out
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i]
  return diff === 0
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
