// HMAC (RFC 2104, FIPS 198-1) over SHA-256 and SHA-512:
//   HMAC(K, m) = H((K0 ⊕ opad) || H((K0 ⊕ ipad) || m))
// where K0 is the key padded with zeros to the hash's block size, or H(K) padded when the
// key is longer than a block; ipad = 0x36 and opad = 0x5c repeated.
//
// Each hash has its own static context and key block here, so HMAC does not disturb a
// streamed sha256Init/Update/Final or sha512Init/Update/Final (the statics make HMAC
// itself not re-entrant). `out` may overlap the key or the message: both are read in full
// before the tag is written.
import {
  SHA256_CTX_BYTES, sha256, sha256CtxInit, sha256CtxUpdate, sha256CtxFinal,
} from "./sha256";
import {
  SHA512_CTX_BYTES, sha512, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal,
} from "./sha512";

// @ts-ignore: decorator
@lazy const CTX256: usize = memory.data(<i32>SHA256_CTX_BYTES, 16);
// @ts-ignore: decorator
@lazy const CTX512: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
/** K0 ⊕ ipad, then K0 ⊕ opad: one block of the larger hash (SHA-512, 128 bytes). */
// @ts-ignore: decorator
@lazy const KEY_BLOCK: usize = memory.data(128, 16);
/** The inner hash. */
// @ts-ignore: decorator
@lazy const INNER: usize = memory.data(64, 16);

/** Writes K0 (`blockLen` bytes) into KEY_BLOCK; keys longer than a block are hashed first. */
// @ts-ignore: decorator
@inline function keyBlock(key: usize, keyLen: usize, blockLen: usize, wide: bool): void {
  let used = keyLen;
  if (keyLen > blockLen) {
    if (wide) { sha512(KEY_BLOCK, key, keyLen); used = 64; }
    else { sha256(KEY_BLOCK, key, keyLen); used = 32; }
  } else {
    memory.copy(KEY_BLOCK, key, keyLen);
  }
  memory.fill(KEY_BLOCK + used, 0, blockLen - used);
}

/** XORs every byte of KEY_BLOCK[0..blockLen] with `pad` (a byte repeated in a u64). */
// @ts-ignore: decorator
@inline function xorKeyBlock(blockLen: usize, pad: u64): void {
  for (let i: usize = 0; i < blockLen; i += 8) store<u64>(KEY_BLOCK + i, load<u64>(KEY_BLOCK + i) ^ pad);
}

/** out[32] = HMAC-SHA-256(key[keyLen], msg[msgLen]). */
export function hmacSha256(out: usize, key: usize, keyLen: usize, msg: usize, msgLen: usize): void {
  keyBlock(key, keyLen, 64, false);
  xorKeyBlock(64, 0x3636363636363636);
  sha256CtxInit(CTX256);
  sha256CtxUpdate(CTX256, KEY_BLOCK, 64);
  sha256CtxUpdate(CTX256, msg, msgLen);
  sha256CtxFinal(CTX256, INNER);
  xorKeyBlock(64, 0x3636363636363636 ^ 0x5c5c5c5c5c5c5c5c);
  sha256CtxInit(CTX256);
  sha256CtxUpdate(CTX256, KEY_BLOCK, 64);
  sha256CtxUpdate(CTX256, INNER, 32);
  sha256CtxFinal(CTX256, out);
}

/** out[64] = HMAC-SHA-512(key[keyLen], msg[msgLen]). */
export function hmacSha512(out: usize, key: usize, keyLen: usize, msg: usize, msgLen: usize): void {
  keyBlock(key, keyLen, 128, true);
  xorKeyBlock(128, 0x3636363636363636);
  sha512CtxInit(CTX512);
  sha512CtxUpdate(CTX512, KEY_BLOCK, 128);
  sha512CtxUpdate(CTX512, msg, msgLen);
  sha512CtxFinal(CTX512, INNER);
  xorKeyBlock(128, 0x3636363636363636 ^ 0x5c5c5c5c5c5c5c5c);
  sha512CtxInit(CTX512);
  sha512CtxUpdate(CTX512, KEY_BLOCK, 128);
  sha512CtxUpdate(CTX512, INNER, 64);
  sha512CtxFinal(CTX512, out);
}
