// ed25519 exports (docs/ABI.md). The host copies every buffer into the arena first
// (chiron_alloc), so the buffers are the caller's; nothing here allocates. A pointer that
// lies outside the module's memory returns E_ED25519_BUFFER instead of trapping.
import { ed25519Verify } from "./verify";
import { ed25519VerifyBatch, BATCH_ENTRY_BYTES } from "./batch";
import { E_ED25519_BUFFER, E_BATCH_SIZE } from "../errors";

/** 1 if [ptr, ptr + len) lies inside linear memory. */
function inMemory(ptr: usize, len: u64): bool {
  return <u64>ptr + len <= (<u64>memory.size() << 16);
}

/**
 * ed25519_verify(sigPtr, msgPtr, msgLen, pkPtr) → OK, E_SIG_S_RANGE, E_POINT_DECODE,
 * E_SIG_INVALID or E_ED25519_BUFFER. sig is 64 bytes, pk 32 bytes (ZIP-215 rules).
 */
export function ed25519_verify(sigPtr: usize, msgPtr: usize, msgLen: u32, pkPtr: usize): i32 {
  if (!inMemory(sigPtr, 64) || !inMemory(pkPtr, 32) || !inMemory(msgPtr, <u64>msgLen)) return E_ED25519_BUFFER;
  return ed25519Verify(sigPtr, msgPtr, <usize>msgLen, pkPtr);
}

/**
 * ed25519_verify_batch(entriesPtr, count) → OK iff all `count` signatures verify (count 0
 * is OK). Entries are `count` records of four little-endian u32: sigPtr, pkPtr, msgPtr,
 * msgLen. Errors: the first failing entry's code as in ed25519_verify (a batch that fails
 * only the combined equation returns E_SIG_INVALID), E_BATCH_SIZE when the records
 * themselves do not fit in memory, E_ED25519_BUFFER when an entry points outside memory.
 */
export function ed25519_verify_batch(entriesPtr: usize, count: u32): i32 {
  if (!inMemory(entriesPtr, <u64>count * <u64>BATCH_ENTRY_BYTES)) return E_BATCH_SIZE;
  for (let i: usize = 0; i < <usize>count; i++) {
    let e = entriesPtr + i * BATCH_ENTRY_BYTES;
    if (!inMemory(<usize>load<u32>(e), 64) || !inMemory(<usize>load<u32>(e, 4), 32) ||
      !inMemory(<usize>load<u32>(e, 8), <u64>load<u32>(e, 12))) return E_ED25519_BUFFER;
  }
  return ed25519VerifyBatch(entriesPtr, <i32>count);
}
