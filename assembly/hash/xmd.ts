// expand_message_xmd (RFC 9380 §5.3.1): stretches (msg, DST) into len_in_bytes uniform
// bytes with a Merkle–Damgård hash H of output size b_in_bytes and block size s_in_bytes.
//
//   ell       = ceil(len_in_bytes / b_in_bytes)      must be ≤ 255, len_in_bytes ≤ 65535
//   DST_prime = DST || I2OSP(len(DST), 1)
//   b_0       = H(Z_pad[s_in_bytes] || msg || I2OSP(len_in_bytes, 2) || 0x00 || DST_prime)
//   b_1       = H(b_0 || 0x01 || DST_prime)
//   b_i       = H((b_0 ⊕ b_(i-1)) || I2OSP(i, 1) || DST_prime)        for i = 2..ell
//   output    = the first len_in_bytes bytes of b_1 || ... || b_ell
//
// A DST longer than 255 bytes is first replaced by H("H2C-OVERSIZE-DST-" || DST)
// (§5.3.3). An empty DST is refused (§3.1: tags MUST have nonzero length).
//
// Uses its own static hash contexts and scratch, so it does not disturb a streamed
// sha256Init/Update/Final or sha512Init/Update/Final, nor HMAC; not re-entrant. `out` may
// overlap `msg` (read in full for b_0 before any output is written) but not `dst`.
import { OK, E_XMD_LEN, E_XMD_DST } from "../errors";
import { sha256CtxInit, sha256CtxUpdate, sha256CtxFinal } from "./sha256";
import { SHA512_CTX_BYTES, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal } from "./sha512";

/** The largest len_in_bytes the RFC allows for any hash (I2OSP(len_in_bytes, 2)). */
export const XMD_LEN_MAX: u32 = 65535;

/** One context for either hash (a SHA-512 context is the larger). */
// @ts-ignore: decorator
@lazy const CTX: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
/** Zero bytes: Z_pad (s_in_bytes ≤ 128). */
// @ts-ignore: decorator
@lazy const ZEROS: usize = memory.data(128, 16);
/** b_0, b_(i-1) (later b_0 ⊕ b_(i-1)) and the hashed oversize DST. */
// @ts-ignore: decorator
@lazy const B0: usize = memory.data(64, 16);
// @ts-ignore: decorator
@lazy const BI: usize = memory.data(64, 16);
// @ts-ignore: decorator
@lazy const DST_HASH: usize = memory.data(64, 16);
/** Short byte strings fed to H: I2OSP(len_in_bytes, 2) || 0x00, a counter, len(DST). */
// @ts-ignore: decorator
@lazy const SMALL: usize = memory.data(8, 8);
// "H2C-OVERSIZE-DST-" in ASCII (17 bytes).
// @ts-ignore: decorator
@lazy const OVERSIZE_PREFIX: usize = memory.data<u8>([
  0x48, 0x32, 0x43, 0x2d, 0x4f, 0x56, 0x45, 0x52, 0x53, 0x49, 0x5a, 0x45, 0x2d, 0x44, 0x53, 0x54, 0x2d,
]);

// One body for both hashes: `wide` selects SHA-512 (b = 64, s = 128) over SHA-256 (32, 64).
// @ts-ignore: decorator
@inline function hInit(wide: bool): void {
  if (wide) sha512CtxInit(CTX); else sha256CtxInit(CTX);
}
// @ts-ignore: decorator
@inline function hUpdate(wide: bool, p: usize, len: usize): void {
  if (wide) sha512CtxUpdate(CTX, p, len); else sha256CtxUpdate(CTX, p, len);
}
// @ts-ignore: decorator
@inline function hFinal(wide: bool, out: usize): void {
  if (wide) sha512CtxFinal(CTX, out); else sha256CtxFinal(CTX, out);
}

/** Absorbs DST_prime = DST || I2OSP(len(DST), 1). */
// @ts-ignore: decorator
@inline function updateDstPrime(wide: bool, dst: usize, dstLen: u32): void {
  hUpdate(wide, dst, dstLen);
  store<u8>(SMALL + 4, <u8>dstLen);
  hUpdate(wide, SMALL + 4, 1);
}

function expand(wide: bool, out: usize, outLen: u32, msg: usize, msgLen: u32, dst: usize, dstLen: u32): i32 {
  let hashLen: u32 = wide ? 64 : 32;
  let blockLen: u32 = wide ? 128 : 64;
  if (outLen == 0 || outLen > 255 * hashLen || outLen > XMD_LEN_MAX) return E_XMD_LEN;
  if (dstLen == 0) return E_XMD_DST;
  if (dstLen > 255) {
    hInit(wide);
    hUpdate(wide, OVERSIZE_PREFIX, 17);
    hUpdate(wide, dst, dstLen);
    hFinal(wide, DST_HASH);
    dst = DST_HASH;
    dstLen = hashLen;
  }
  // b_0
  hInit(wide);
  hUpdate(wide, ZEROS, blockLen);
  hUpdate(wide, msg, msgLen);
  store<u8>(SMALL, <u8>(outLen >> 8));
  store<u8>(SMALL + 1, <u8>outLen);
  store<u8>(SMALL + 2, 0);
  hUpdate(wide, SMALL, 3);
  updateDstPrime(wide, dst, dstLen);
  hFinal(wide, B0);
  // b_1 .. b_ell; BI holds b_(i-1) ⊕ b_0 when it is hashed (b_0 ⊕ "nothing" for i = 1).
  memory.copy(BI, B0, hashLen);
  let ell = (outLen + hashLen - 1) / hashLen;
  for (let i: u32 = 1; i <= ell; i++) {
    hInit(wide);
    hUpdate(wide, BI, hashLen);
    store<u8>(SMALL + 3, <u8>i);
    hUpdate(wide, SMALL + 3, 1);
    updateDstPrime(wide, dst, dstLen);
    hFinal(wide, BI);
    let offset = (i - 1) * hashLen;
    memory.copy(out + offset, BI, min<u32>(hashLen, outLen - offset));
    for (let j: usize = 0; j < <usize>hashLen; j += 8) store<u64>(BI + j, load<u64>(BI + j) ^ load<u64>(B0 + j));
  }
  return OK;
}

/** out[outLen] = expand_message_xmd with SHA-256. OK, E_XMD_LEN or E_XMD_DST. */
export function expandMessageXmdSha256(out: usize, outLen: u32, msg: usize, msgLen: u32, dst: usize, dstLen: u32): i32 {
  return expand(false, out, outLen, msg, msgLen, dst, dstLen);
}

/** out[outLen] = expand_message_xmd with SHA-512. OK, E_XMD_LEN or E_XMD_DST. */
export function expandMessageXmdSha512(out: usize, outLen: u32, msg: usize, msgLen: u32, dst: usize, dstLen: u32): i32 {
  return expand(true, out, outLen, msg, msgLen, dst, dstLen);
}
