// A cache of validated VRF public keys with a fixed-base table of each, for the verifier.
//
// In consensus the same validators' VRF keys are verified in every slot. Verification
// computes U = s·B - c·Y (RFC 9381 §5.3 step 6); with a comb table of Y like the fixed-base
// tables of B (multiply.ts, mulBaseMinusKeyVartime), c·Y costs additions only and U needs
// 7 doublings, so a recurring key skips both its decoding (a square root and the
// small-order check) and the 128-doubling chain U needs otherwise.
//
// The cache changes no verdict and no output. A hit needs the exact 32 bytes of a key that
// passed validate_key (§5.4.5) before, and its table holds exactly the multiples of the
// point decoding would give, so U is the same point either way. Keys that fail validation
// never enter it. It is direct-mapped (the slot is chosen by the key's low bytes, uniform
// for honest keys; a crafted collision can only evict) and lives in memory the module's
// start allocates, so chiron_reset() keeps it.
//
// Admission: a key gets a table on its SECOND sighting. The first only writes its 32 bytes
// to a small direct-mapped "seen" array (indexed by other bytes of the key), so verifying
// a stream of fresh keys costs a 32-byte copy, not a table build. A slot holding a table
// keeps it against a colliding key while it has credit: a new table starts with one, each
// hit adds one (up to KEY_CREDIT_MAX) and each colliding miss takes one. Two keys that
// share a slot therefore do not rebuild tables in turn; the slot stays with one of them.
//
// Entry layout: key (32) ‖ state u32 (0 empty, 2 table ready) ‖ credit u32 ‖ 8 spare ‖
// table. The table has rows i = 0..15 holding j·2^(8i)·Y for j = 1..8, then 2^128·Y alone
// (c < 2^128, so its top signed radix-16 digit is 0 or 1), as Niels points (y+x, y-x,
// 2dxy) of 120 bytes: 129 points, 15,480 bytes.
import { feAdd, feSub, feMul, feCopy } from "../ed25519/field";
import {
  POINT_BYTES, NIELS_BYTES, geDouble, geAdd, geToCached, geP1P1ToP2, geP1P1ToP3,
} from "../ed25519/point";
import { FE_D2 } from "../ed25519/tables.generated";
import { feInvertVartime } from "./inv_vartime";

/** Full rows of a key table: c < 2^128 has 33 signed radix-16 digits; row i serves digits 2i and 2i+1. */
export const KEY_ROWS: i32 = 16;
/** Multiples per row: 1·P … 8·P. */
export const KEY_ROW_WIDTH: i32 = 8;
/** Niels points of a table: the full rows and 2^128·Y for digit 32. */
const KEY_POINTS: i32 = KEY_ROWS * KEY_ROW_WIDTH + 1;
/** Bytes of one key's table: 15,480. */
export const KEY_TABLE_BYTES: usize = <usize>KEY_POINTS * NIELS_BYTES;
const KEY_HEADER_BYTES: usize = 48;
/** Bytes of one cache entry (key, state, credit, table): 15,528. */
export const KEY_ENTRY_BYTES: usize = KEY_HEADER_BYTES + KEY_TABLE_BYTES;
/** Entries (a power of two): 256 × 15,528 = 3,975,168 bytes. */
export const KEY_CACHE_ENTRIES: usize = 256;
/** Entries of the "seen" array: 1024 × 32 = 32,768 bytes (the whole cache: 4,007,936 bytes). */
export const KEY_SEEN_ENTRIES: usize = 1024;
const KEY_CREDIT_MAX: u32 = 3;

const STATE_EMPTY: u32 = 0;
const STATE_TABLE: u32 = 2;

// Both start empty (all zero) without a fill: the start function allocates them from
// memory nothing has written yet, and fresh wasm memory is zero. Untouched pages cost
// the host nothing until a key is cached in them.
const KEY_CACHE: usize = heap.alloc(KEY_CACHE_ENTRIES * KEY_ENTRY_BYTES);
const KEY_SEEN: usize = heap.alloc(KEY_SEEN_ENTRIES * 32);

/** The "seen" entry of a key (bytes 4..7, independent of the slot's bytes). */
function keySeenEntry(pk: usize): usize {
  return KEY_SEEN + (<usize>load<u32>(pk, 4) & (KEY_SEEN_ENTRIES - 1)) * 32;
}

/** The slot of a 32-byte key (its low bytes; a crafted collision only evicts). */
export function keyCacheSlot(pk: usize): usize {
  return KEY_CACHE + (<usize>load<u32>(pk) & (KEY_CACHE_ENTRIES - 1)) * KEY_ENTRY_BYTES;
}

/**
 * 2 if pk's slot holds pk's table, 1 if pk is only recorded as seen, 0 if neither (for
 * tests).
 */
export function keyCacheState(pk: usize): i32 {
  let e = keyCacheSlot(pk);
  if (load<u32>(e, 32) == STATE_TABLE && memory.compare(e, pk, 32) == 0) return 2;
  return memory.compare(keySeenEntry(pk), pk, 32) == 0 ? 1 : 0;
}

/** The table of pk if its slot holds it (a hit: the key was validated before), else 0. */
export function keyCacheLookup(pk: usize): usize {
  let e = keyCacheSlot(pk);
  if (load<u32>(e, 32) != STATE_TABLE || memory.compare(e, pk, 32) != 0) return 0;
  let credit = load<u32>(e, 36);
  if (credit < KEY_CREDIT_MAX) store<u32>(e, credit + 1, 36);
  return e + KEY_HEADER_BYTES;
}

/**
 * After pk (decoded to the P3 y) passed validate_key and missed: records it as seen, or on
 * its second sighting builds its table and returns it (else 0). Tables are a function of
 * the key alone, so whether one is built never changes a verdict.
 */
export function keyCacheAdmitVartime(pk: usize, y: usize): usize {
  let e = keyCacheSlot(pk);
  if (load<u32>(e, 32) == STATE_TABLE) {
    // Not pk (that would have been a hit): a colliding key spends the resident's credit.
    let credit = load<u32>(e, 36);
    if (credit > 0) { store<u32>(e, credit - 1, 36); return 0; }
  }
  let seen = keySeenEntry(pk);
  if (memory.compare(seen, pk, 32) != 0) {
    memory.copy(seen, pk, 32);
    return 0;
  }
  store<u32>(e, STATE_EMPTY, 32); // no half-built table is ever marked ready
  memory.copy(e, pk, 32);
  keyTableBuildVartime(e + KEY_HEADER_BYTES, y);
  store<u32>(e, 1, 36);
  store<u32>(e, STATE_TABLE, 32);
  return e + KEY_HEADER_BYTES;
}

// @ts-ignore: decorator
@lazy const buildPoints: usize = memory.data(<i32>POINT_BYTES * KEY_POINTS, 16);
// @ts-ignore: decorator
@lazy const buildProd: usize = memory.data(40 * KEY_POINTS, 16);
// @ts-ignore: decorator
@lazy const buildP1: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const buildP2: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const buildCached: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const buildInv: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const buildZi: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const buildX: usize = memory.data(40, 8);
// @ts-ignore: decorator
@lazy const buildY: usize = memory.data(40, 8);

/** buildPoints[k] (P3) = 2·buildPoints[j]. */
function doubleInto(k: i32, j: i32): void {
  geDouble(buildP1, buildPoints + POINT_BYTES * <usize>j);
  geP1P1ToP3(buildPoints + POINT_BYTES * <usize>k, buildP1);
}

/** buildPoints[k] (P3) = buildPoints[j] + buildPoints[base]. */
function addInto(k: i32, j: i32, base: i32): void {
  geToCached(buildCached, buildPoints + POINT_BYTES * <usize>base);
  geAdd(buildP1, buildPoints + POINT_BYTES * <usize>j, buildCached);
  geP1P1ToP3(buildPoints + POINT_BYTES * <usize>k, buildP1);
}

/**
 * table (KEY_TABLE_BYTES) = j·2^(8i)·Y for i < KEY_ROWS, j = 1..8, then 2^128·Y, as Niels
 * points, for the P3 y. Per row three additions and four doublings give 2P … 8P; five more
 * doublings of 8P give the next row's P. All 129 points are made affine with one inversion
 * (Montgomery's trick). Variable time (public key).
 */
export function keyTableBuildVartime(table: usize, y: usize): void {
  memory.copy(buildPoints, y, POINT_BYTES);
  for (let i = 0; i < KEY_ROWS; i++) {
    let b = i * KEY_ROW_WIDTH; // P = buildPoints[b], jP = buildPoints[b + j - 1]
    doubleInto(b + 1, b);     // 2P
    addInto(b + 2, b + 1, b); // 3P
    doubleInto(b + 3, b + 1); // 4P
    addInto(b + 4, b + 3, b); // 5P
    doubleInto(b + 5, b + 2); // 6P
    addInto(b + 6, b + 5, b); // 7P
    doubleInto(b + 7, b + 3); // 8P
    // 2^8·P = 2^5·(8P), the next row's P (after the last row: 2^128·Y): five doublings.
    geDouble(buildP1, buildPoints + POINT_BYTES * <usize>(b + 7));
    for (let d = 0; d < 4; d++) {
      geP1P1ToP2(buildP2, buildP1);
      geDouble(buildP1, buildP2);
    }
    geP1P1ToP3(buildPoints + POINT_BYTES * <usize>(b + KEY_ROW_WIDTH), buildP1);
  }
  pointsToNielsVartime(table, buildPoints, KEY_POINTS);
}

/**
 * out[k] (Niels) = the P3 points[k] for k < count ≤ 129, with one inversion: prod_k =
 * Z_0·…·Z_k, then walk back from 1/prod to each 1/Z_k (Montgomery's trick). Variable time.
 */
export function pointsToNielsVartime(out: usize, points: usize, count: i32): void {
  feCopy(buildProd, points + 80);
  for (let k = 1; k < count; k++) {
    feMul(buildProd + 40 * <usize>k, buildProd + 40 * <usize>(k - 1), points + POINT_BYTES * <usize>k + 80);
  }
  feInvertVartime(buildInv, buildProd + 40 * <usize>(count - 1));
  for (let k = count - 1; k >= 0; k--) {
    let p = points + POINT_BYTES * <usize>k;
    if (k > 0) {
      feMul(buildZi, buildInv, buildProd + 40 * <usize>(k - 1));
      feMul(buildInv, buildInv, p + 80);
    } else {
      feCopy(buildZi, buildInv);
    }
    feMul(buildX, p, buildZi);
    feMul(buildY, p + 40, buildZi);
    let n = out + NIELS_BYTES * <usize>k;
    feAdd(n, buildY, buildX);
    feSub(n + 40, buildY, buildX);
    feMul(n + 80, buildX, buildY);
    feMul(n + 80, n + 80, FE_D2);
  }
}
