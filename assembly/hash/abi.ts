// Hash exports of the wasm ABI (docs/ABI.md). Buffers come from chiron_alloc; fixed-size
// digests go to a caller-allocated `outPtr`, expand_message_xmd's variable-length output
// to the call's result (chiron_result_ptr/len). Every export returns OK or an error code.
//
// Pointers are arguments like any other: a buffer that does not lie inside the module's
// memory, or an output that would overwrite the module's static data (tables, contexts),
// is refused with E_HASH_BOUNDS instead of trapping or corrupting later calls.
import { OK, E_HASH_BOUNDS, E_XMD_LEN } from "../errors";
import { allocResult } from "../abi";
import { sha256 } from "./sha256";
import { sha512 } from "./sha512";
import { hmacSha256, hmacSha512 } from "./hmac";
import { expandMessageXmdSha256, expandMessageXmdSha512, XMD_LEN_MAX } from "./xmd";

/** True when [ptr, ptr + len) lies inside the current memory. */
// @ts-ignore: decorator
@inline function readable(ptr: usize, len: u32): bool {
  return <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
}

/** True when [ptr, ptr + len) lies inside the memory and above the static data. */
// @ts-ignore: decorator
@inline function writable(ptr: usize, len: u32): bool {
  return ptr >= __heap_base && readable(ptr, len);
}

/** SHA-256 of in[inLen] into out[32]. OK or E_HASH_BOUNDS. */
export function hash_sha256(inPtr: usize, inLen: u32, outPtr: usize): i32 {
  if (!readable(inPtr, inLen) || !writable(outPtr, 32)) return E_HASH_BOUNDS;
  sha256(outPtr, inPtr, inLen);
  return OK;
}

/** SHA-512 of in[inLen] into out[64]. OK or E_HASH_BOUNDS. */
export function hash_sha512(inPtr: usize, inLen: u32, outPtr: usize): i32 {
  if (!readable(inPtr, inLen) || !writable(outPtr, 64)) return E_HASH_BOUNDS;
  sha512(outPtr, inPtr, inLen);
  return OK;
}

/** HMAC-SHA-256(key[keyLen], msg[msgLen]) into out[32]. OK or E_HASH_BOUNDS. */
export function hash_hmac_sha256(keyPtr: usize, keyLen: u32, msgPtr: usize, msgLen: u32, outPtr: usize): i32 {
  if (!readable(keyPtr, keyLen) || !readable(msgPtr, msgLen) || !writable(outPtr, 32)) return E_HASH_BOUNDS;
  hmacSha256(outPtr, keyPtr, keyLen, msgPtr, msgLen);
  return OK;
}

/** HMAC-SHA-512(key[keyLen], msg[msgLen]) into out[64]. OK or E_HASH_BOUNDS. */
export function hash_hmac_sha512(keyPtr: usize, keyLen: u32, msgPtr: usize, msgLen: u32, outPtr: usize): i32 {
  if (!readable(keyPtr, keyLen) || !readable(msgPtr, msgLen) || !writable(outPtr, 64)) return E_HASH_BOUNDS;
  hmacSha512(outPtr, keyPtr, keyLen, msgPtr, msgLen);
  return OK;
}

/**
 * expand_message_xmd (RFC 9380 §5.3.1) with SHA-256: outLen bytes as the call's result.
 * OK, E_XMD_LEN (outLen 0 or > 8160), E_XMD_DST (empty DST) or E_HASH_BOUNDS.
 */
export function hash_xmd_sha256(msgPtr: usize, msgLen: u32, dstPtr: usize, dstLen: u32, outLen: u32): i32 {
  return xmd(false, msgPtr, msgLen, dstPtr, dstLen, outLen);
}

/**
 * expand_message_xmd (RFC 9380 §5.3.1) with SHA-512: outLen bytes as the call's result.
 * OK, E_XMD_LEN (outLen 0 or > 16320), E_XMD_DST (empty DST) or E_HASH_BOUNDS.
 */
export function hash_xmd_sha512(msgPtr: usize, msgLen: u32, dstPtr: usize, dstLen: u32, outLen: u32): i32 {
  return xmd(true, msgPtr, msgLen, dstPtr, dstLen, outLen);
}

function xmd(wide: bool, msgPtr: usize, msgLen: u32, dstPtr: usize, dstLen: u32, outLen: u32): i32 {
  if (!readable(msgPtr, msgLen) || !readable(dstPtr, dstLen)) return E_HASH_BOUNDS;
  // The length is checked again inside; here it bounds the result buffer before allocating.
  if (outLen == 0 || outLen > XMD_LEN_MAX) return E_XMD_LEN;
  let out = allocResult(outLen);
  return wide
    ? expandMessageXmdSha512(out, outLen, msgPtr, msgLen, dstPtr, dstLen)
    : expandMessageXmdSha256(out, outLen, msgPtr, msgLen, dstPtr, dstLen);
}
