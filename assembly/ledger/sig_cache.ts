// Transactions whose signatures this core instance has already verified, by transaction hash.
//
// A node checks a transfer's signature when it takes the transfer from gossip, again when it
// builds a block holding it and again for every proposal holding it that it applies: about
// five times per transfer on a busy devnet. The cache lets the later checks find the earlier
// verdict. It is keyed by SHA-256 of the whole transaction, which covers the signed body (and
// in it the signer's key and the chain id) and the signature itself, so a hit stands for
// exactly the signature check that was done: only a SHA-256 collision could make it lie, and
// it changes no verdict. Only successes are stored.
//
// 4-way set associative, 2^15 sets (4 MiB), sets chosen by the hash's first bytes; the way
// to overwrite goes round-robin. Someone who grinds transaction hashes into one set can only
// evict entries, which costs the victim a second verification, never a wrong verdict. The
// table lives in memory allocated by the module's start; an all-zero tag marks an empty way
// (fresh wasm memory is zero), so the all-zero hash is never taken or found.
import { equal32, isZero32 } from "../util/bytes32";

const WAYS: usize = 4;
const SETS: usize = 1 << 15;
const TAG_BYTES: usize = 32;
const CACHE: usize = heap.alloc(SETS * WAYS * TAG_BYTES);
let nextWay: usize = 0;

function setOf(hash: usize): usize {
  return CACHE + (<usize>load<u32>(hash) & (SETS - 1)) * WAYS * TAG_BYTES;
}

/** True if the transaction with this 32-byte hash had its signature verified before. */
export function sigCacheHas(hash: usize): bool {
  if (isZero32(hash)) return false;
  let set = setOf(hash);
  for (let w: usize = 0; w < WAYS; w++) {
    if (equal32(set + w * TAG_BYTES, hash)) return true;
  }
  return false;
}

/** Remembers that the transaction with this hash has a valid signature. */
export function sigCacheAdd(hash: usize): void {
  if (isZero32(hash) || sigCacheHas(hash)) return;
  let set = setOf(hash);
  memory.copy(set + nextWay * TAG_BYTES, hash, TAG_BYTES);
  nextWay = (nextWay + 1) & (WAYS - 1);
}
