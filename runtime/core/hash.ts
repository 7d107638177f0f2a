// Hashes in the core: SHA-256, SHA-512 (FIPS 180-4), HMAC (RFC 2104) and
// expand_message_xmd (RFC 9380 §5.3.1). Each function checks its arguments, copies them
// into the core's arena, runs one export and copies the output out.
import { CoreWasm, CoreError, expectBytes } from './wasm.js'
import { CORE_ERRORS } from '../errors.generated.js'

/** RFC 9380 §5.3.1: len_in_bytes ≤ 65535 and ell = ceil(len / b_in_bytes) ≤ 255. */
const XMD_LEN_MAX = 65535
const E_XMD_LEN = Number(Object.keys(CORE_ERRORS).find((code) => CORE_ERRORS[Number(code)].name === 'E_XMD_LEN'))

function check(fn: string, code: number): void {
  if (code !== 0) throw new CoreError(fn, code)
}

function digest(fn: string, exportName: string, w: CoreWasm, data: Uint8Array, outLen: number): Uint8Array {
  expectBytes(fn, 'data', data)
  return w.call(fn, (x) => {
    const inPtr = w.put(fn, data)
    const outPtr = w.alloc(fn, outLen)
    check(fn, x[exportName](inPtr, data.length, outPtr))
    return w.read(outPtr, outLen)
  })
}

/** SHA-256 of `data` (32 bytes). */
export function sha256(w: CoreWasm, data: Uint8Array): Uint8Array {
  return digest('sha256', 'hash_sha256', w, data, 32)
}

/** SHA-512 of `data` (64 bytes). */
export function sha512(w: CoreWasm, data: Uint8Array): Uint8Array {
  return digest('sha512', 'hash_sha512', w, data, 64)
}

function hmac(fn: string, exportName: string, w: CoreWasm, key: Uint8Array, data: Uint8Array, outLen: number): Uint8Array {
  expectBytes(fn, 'key', key)
  expectBytes(fn, 'data', data)
  return w.call(fn, (x) => {
    const keyPtr = w.put(fn, key)
    const msgPtr = w.put(fn, data)
    const outPtr = w.alloc(fn, outLen)
    check(fn, x[exportName](keyPtr, key.length, msgPtr, data.length, outPtr))
    return w.read(outPtr, outLen)
  })
}

/** HMAC-SHA-256(key, data) (32 bytes). */
export function hmacSha256(w: CoreWasm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac('hmacSha256', 'hash_hmac_sha256', w, key, data, 32)
}

/** HMAC-SHA-512(key, data) (64 bytes). */
export function hmacSha512(w: CoreWasm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return hmac('hmacSha512', 'hash_hmac_sha512', w, key, data, 64)
}

function xmd(fn: string, exportName: string, w: CoreWasm, msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
  expectBytes(fn, 'msg', msg)
  expectBytes(fn, 'dst', dst)
  if (typeof lenInBytes !== 'number') throw new TypeError(`${fn}: expected lenInBytes as number, got ${typeof lenInBytes}`)
  if (!Number.isSafeInteger(lenInBytes)) throw new RangeError(`${fn}: expected lenInBytes as an integer, got ${lenInBytes}`)
  // Out-of-range integers reach the core as E_XMD_LEN, the same error the core gives for
  // 0 or > 255·b_in_bytes, without wrapping through the u32 argument.
  if (lenInBytes < 1 || lenInBytes > XMD_LEN_MAX) throw new CoreError(fn, E_XMD_LEN, `got ${lenInBytes}`)
  return w.call(fn, (x) => {
    const msgPtr = w.put(fn, msg)
    const dstPtr = w.put(fn, dst)
    check(fn, x[exportName](msgPtr, msg.length, dstPtr, dst.length, lenInBytes))
    return w.result()
  })
}

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-256: `lenInBytes` (1..8160) bytes. */
export function expandMessageXmd(w: CoreWasm, msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
  return xmd('expandMessageXmd', 'hash_xmd_sha256', w, msg, dst, lenInBytes)
}

/** RFC 9380 §5.3.1 expand_message_xmd with SHA-512: `lenInBytes` (1..16320) bytes. */
export function expandMessageXmdSha512(w: CoreWasm, msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
  return xmd('expandMessageXmdSha512', 'hash_xmd_sha512', w, msg, dst, lenInBytes)
}
