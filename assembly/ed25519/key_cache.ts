// Decoded public keys for the ed25519 verifiers (verify.ts, batch.ts).
//
// Senders sign many transactions, and every check of one decodes the sender's key A: a
// square root, about 250 squarings, some 6 µs of the 38 µs a signature costs in a batch.
// This cache keeps the x coordinate of -A for recent keys; y comes from the encoding again,
// Z is 1 and T = x·y, so a hit costs one multiplication.
//
// It changes no verdict. A hit needs the exact 32 bytes of a key that decoded before, and
// holds the x that decoding those bytes gave (y ≥ p and a sign bit on x = 0 included), so
// the point, limb for limb, is the one geFromBytesVartime would return. Keys on no curve
// point never enter. 4-way set associative, 2^14 sets chosen by the key's low bytes
// (uniform for honest keys; a crafted collision can only evict), the way to overwrite
// round-robin: 65,536 keys in 4.5 MiB that the module's start allocates, so the arena's
// reset keeps them. Fresh wasm memory is zero, so an all-zero key marks an empty way and is
// never cached (it is decoded every time), and pages no key reached cost the host nothing.
import { feMul, feOne, feCopy, feFromBytes, FE_BYTES } from "./field";
import { geFromBytesVartime } from "./point";
import { equal32, isZero32 } from "../util/bytes32";

const WAYS: usize = 4;
const SETS: usize = 1 << 14;
/** key[32] ‖ x of -A (one field element) */
const ENTRY_BYTES: usize = 32 + FE_BYTES;
const CACHE: usize = heap.alloc(SETS * WAYS * ENTRY_BYTES);
let nextWay: usize = 0;

// The P3 coordinates' offsets (point.ts): X, Y, Z, T.
const X: usize = 0;
const Y: usize = FE_BYTES;
const Z: usize = 2 * FE_BYTES;
const T: usize = 3 * FE_BYTES;

function setOf(pk: usize): usize {
  return CACHE + (<usize>load<u32>(pk) & (SETS - 1)) * WAYS * ENTRY_BYTES;
}

/** The entry holding pk, or 0. */
function lookup(pk: usize): usize {
  if (isZero32(pk)) return 0;
  let set = setOf(pk);
  for (let w: usize = 0; w < WAYS; w++) {
    let e = set + w * ENTRY_BYTES;
    if (equal32(e, pk)) return e;
  }
  return 0;
}

/**
 * Decodes the public key `pk` (32 bytes) into the P3 `h` as -A, exactly as
 * geFromBytesVartime(h, pk, 1) does, from the cache when pk decoded before. Returns 1, or 0
 * when no point has this y.
 */
export function geNegatedKeyVartime(h: usize, pk: usize): i32 {
  let e = lookup(pk);
  if (e != 0) {
    feCopy(h + X, e + 32);
    feFromBytes(h + Y, pk);
    feOne(h + Z);
    feMul(h + T, h + X, h + Y);
    return 1;
  }
  if (!geFromBytesVartime(h, pk, 1)) return 0;
  if (!isZero32(pk)) {
    e = setOf(pk) + nextWay * ENTRY_BYTES;
    nextWay = (nextWay + 1) & (WAYS - 1);
    memory.copy(e, pk, 32);
    feCopy(e + 32, h + X);
  }
  return 1;
}

/** True if pk's decoding is cached (for tests). */
export function keyCached(pk: usize): bool {
  return lookup(pk) != 0;
}
