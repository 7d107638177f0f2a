// Batch verification of ed25519 signatures under the same ZIP-215 rule as verify.ts.
//
// For signatures (R_i, s_i) by A_i on M_i with k_i = SHA-512(R_i ‖ A_i ‖ M_i) mod L, each
// single check is [8]([s_i]B - R_i - [k_i]A_i) = 0. The batch checks one random linear
// combination of them:
//
//   [8]( [Σ z_i s_i]B - Σ [z_i]R_i - Σ [z_i k_i]A_i ) = 0
//
// with 128-bit weights z_i. If some single check fails, its term [8](…) is a nonzero point
// of prime order L, and the sum vanishes for at most a 2^-128 fraction of weights; the
// cofactor 8 removes torsion, so a batch never accepts what a single check rejects and
// never rejects what it accepts (the point of ZIP-215; a cofactorless batch would differ).
//
// The weights come from the inputs, not from a random source (the core has none and must
// be deterministic): z_i are SHA-512 outputs over a hash of EVERY input of the combined
// equation (Fiat–Shamir), so they are fixed only once all signatures, keys and messages
// are: finding a failing batch that passes means finding a 2^-128 event by hashing.
//
//   seed = SHA-512("chiron ed25519 batch v1" ‖ n as u32le ‖ for each i: R_i ‖ s_i ‖ A_i ‖ H_i)
//   z_{4j} ‖ z_{4j+1} ‖ z_{4j+2} ‖ z_{4j+3} = SHA-512(seed ‖ j as u32le)  (16 bytes each)
//
// where H_i is the 64-byte SHA-512(R_i ‖ A_i ‖ M_i) (it binds the message).
//
// The sum is one multi-scalar multiplication by Straus' method: every scalar in wNAF, one
// shared chain of at most 253 doublings, 8 cached odd multiples per point, and the static
// odd multiples of B. Per signature that is about 42 additions for A_i (253-bit scalar,
// width 5), 21 for R_i (128-bit weight) and 16 to build the two tables, while the shared
// doublings cost 4 doublings per signature at 64 signatures. Pippenger with 6-bit windows
// over these 129 points would need about 170 additions per signature, so Straus is the
// better method at this size (counted, not measured).
// Larger batches are verified BATCH_CHUNK_MAX signatures at a time, each chunk with its
// own weights. Variable time: every input is public.
import { OK, E_SIG_INVALID, E_SIG_S_RANGE, E_POINT_DECODE, E_BATCH_SIZE } from "../errors";
import { sha512, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal, SHA512_CTX_BYTES } from "../hash/sha512";
import { scIsCanonicalVartime, scReduce512, scMul, scAdd, scToWnafVartime } from "./scalar";
import {
  POINT_BYTES, NIELS_BYTES, geFromBytesVartime, geMixedAdd, geMixedSub, geAdd, geSub, geDouble,
  geP1P1ToP2, geP1P1ToP3, geIdentity, geIsSmallOrderVartime, buildOddMultiplesVartime,
} from "./point";
import { BASE_ODD_MULTIPLES, BASE_WNAF_WIDTH } from "./tables.generated";
import { ed25519Verify, challengeDigest, POINT_WNAF_WIDTH, POINT_TABLE_SIZE } from "./verify";
import { geNegatedKeyVartime } from "./key_cache";

/** Bytes per batch record: sigPtr, pkPtr, msgPtr, msgLen as little-endian u32. */
export const BATCH_ENTRY_BYTES: usize = 16;
/** Most signatures in one combined equation (bounds the static scratch: ~200 KiB). */
export const BATCH_CHUNK_MAX: i32 = 64;

const TABLE_BYTES: i32 = <i32>POINT_BYTES * POINT_TABLE_SIZE;

// Per-signature scratch, for one chunk.
// @ts-ignore: decorator
@lazy const tablesA: usize = memory.data(BATCH_CHUNK_MAX * TABLE_BYTES, 8);
// @ts-ignore: decorator
@lazy const tablesR: usize = memory.data(BATCH_CHUNK_MAX * TABLE_BYTES, 8);
// @ts-ignore: decorator
@lazy const nafsA: usize = memory.data(BATCH_CHUNK_MAX * 256, 8);
// @ts-ignore: decorator
@lazy const nafsR: usize = memory.data(BATCH_CHUNK_MAX * 256, 8);
// @ts-ignore: decorator
@lazy const digests: usize = memory.data(BATCH_CHUNK_MAX * 64, 8);
// @ts-ignore: decorator
@lazy const weights: usize = memory.data(BATCH_CHUNK_MAX * 16 + 64, 8);
// Single scratch.
// @ts-ignore: decorator
@lazy const nafB: usize = memory.data(256, 8);
// @ts-ignore: decorator
@lazy const seedCtx: usize = memory.data(<i32>SHA512_CTX_BYTES, 8);
// @ts-ignore: decorator
@lazy const seed: usize = memory.data(68, 8);
// @ts-ignore: decorator
@lazy const scalarK: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarT: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarZ: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const sumS: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const point: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const acc: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const sum: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const res: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const domain: usize = memory.data<u8>([
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x20, 0x65, 0x64, 0x32, 0x35, 0x35, 0x31, 0x39, 0x20, 0x62,
  0x61, 0x74, 0x63, 0x68, 0x20, 0x76, 0x31, // "chiron ed25519 batch v1"
]);
const DOMAIN_BYTES: usize = 23;

/**
 * OK iff every one of the `count` signatures described at `entries` (records of
 * BATCH_ENTRY_BYTES: sigPtr, pkPtr, msgPtr, msgLen) verifies under ZIP-215, exactly as
 * ed25519Verify would; count 0 is OK. Otherwise E_SIG_S_RANGE or E_POINT_DECODE for the
 * first malformed signature or key, else E_SIG_INVALID; E_BATCH_SIZE for count < 0.
 */
export function ed25519VerifyBatch(entries: usize, count: i32): i32 {
  if (count < 0) return E_BATCH_SIZE;
  if (count == 1) return ed25519Verify(load<u32>(entries), load<u32>(entries, 8), load<u32>(entries, 12), load<u32>(entries, 4));
  for (let start = 0; start < count; start += BATCH_CHUNK_MAX) {
    let n = min(count - start, BATCH_CHUNK_MAX);
    let rc = verifyChunk(entries + <usize>start * BATCH_ENTRY_BYTES, n);
    if (rc != OK) return rc;
  }
  return OK;
}

/** Decodes, hashes and tabulates n <= BATCH_CHUNK_MAX signatures, then checks them together. */
function verifyChunk(entries: usize, n: i32): i32 {
  // Decode -A_i and -R_i into their tables of odd multiples; hash the challenges.
  for (let i = 0; i < n; i++) {
    let e = entries + <usize>i * BATCH_ENTRY_BYTES;
    let sig = <usize>load<u32>(e), pk = <usize>load<u32>(e, 4);
    if (!scIsCanonicalVartime(sig + 32)) return E_SIG_S_RANGE;
    if (!geNegatedKeyVartime(point, pk)) return E_POINT_DECODE;
    buildOddMultiplesVartime(tablesA + <usize>(i * TABLE_BYTES), POINT_TABLE_SIZE, point, sum, res);
    if (!geFromBytesVartime(point, sig, 1)) return E_POINT_DECODE;
    buildOddMultiplesVartime(tablesR + <usize>(i * TABLE_BYTES), POINT_TABLE_SIZE, point, sum, res);
    challengeDigest(digests + <usize>(i << 6), sig, pk, <usize>load<u32>(e, 8), <usize>load<u32>(e, 12));
  }
  deriveWeights(entries, n);
  // Scalars: z_i·k_i for -A_i, z_i for -R_i, Σ z_i s_i for B; all in wNAF.
  memory.fill(sumS, 0, 32);
  memory.fill(scalarZ, 0, 32);
  let top = -1;
  for (let i = 0; i < n; i++) {
    let sig = <usize>load<u32>(entries + <usize>i * BATCH_ENTRY_BYTES);
    let z = weights + <usize>(i << 4);
    memory.copy(scalarZ, z, 16);
    scReduce512(scalarK, digests + <usize>(i << 6));
    scMul(scalarT, z, 16, scalarK);
    top = max(top, scToWnafVartime(nafsA + <usize>(i << 8), scalarT, POINT_WNAF_WIDTH));
    top = max(top, scToWnafVartime(nafsR + <usize>(i << 8), scalarZ, POINT_WNAF_WIDTH));
    scMul(scalarT, z, 16, sig + 32);
    scAdd(sumS, sumS, scalarT);
  }
  top = max(top, scToWnafVartime(nafB, sumS, BASE_WNAF_WIDTH));
  straus(res, n, top);
  return geIsSmallOrderVartime(res, sum, acc) ? OK : E_SIG_INVALID;
}

/** z_0 … z_{n-1} (16 bytes each) into `weights`, from every input of the chunk. */
function deriveWeights(entries: usize, n: i32): void {
  sha512CtxInit(seedCtx);
  sha512CtxUpdate(seedCtx, domain, DOMAIN_BYTES);
  store<u32>(seed, <u32>n);
  sha512CtxUpdate(seedCtx, seed, 4);
  for (let i = 0; i < n; i++) {
    let e = entries + <usize>i * BATCH_ENTRY_BYTES;
    sha512CtxUpdate(seedCtx, <usize>load<u32>(e), 64);      // R ‖ s
    sha512CtxUpdate(seedCtx, <usize>load<u32>(e, 4), 32);   // A
    sha512CtxUpdate(seedCtx, digests + <usize>(i << 6), 64); // SHA-512(R ‖ A ‖ M)
  }
  sha512CtxFinal(seedCtx, seed);
  for (let j = 0; j < (n + 3) >> 2; j++) {
    store<u32>(seed + 64, <u32>j);
    sha512(weights + <usize>(j << 6), seed, 68);
  }
}

/**
 * r (P1P1) = Σ [a_i](-A_i) + Σ [z_i](-R_i) + [Σ z_i s_i]B from the wNAFs and tables of the
 * chunk: one doubling per bit position, one addition per nonzero digit.
 */
function straus(r: usize, n: i32, top: i32): void {
  geIdentity(acc);
  geDouble(r, acc);
  for (let pos = top; pos >= 0; pos--) {
    geDouble(r, acc);
    for (let i = 0; i < n; i++) {
      let da = <i32>load<i8>(nafsA + (<usize>i << 8) + <usize>pos);
      if (da != 0) {
        geP1P1ToP3(sum, r);
        let t = tablesA + <usize>(i * TABLE_BYTES);
        if (da > 0) geAdd(r, sum, t + POINT_BYTES * <usize>(da >> 1));
        else geSub(r, sum, t + POINT_BYTES * <usize>((-da) >> 1));
      }
      let dr = <i32>load<i8>(nafsR + (<usize>i << 8) + <usize>pos);
      if (dr != 0) {
        geP1P1ToP3(sum, r);
        let t = tablesR + <usize>(i * TABLE_BYTES);
        if (dr > 0) geAdd(r, sum, t + POINT_BYTES * <usize>(dr >> 1));
        else geSub(r, sum, t + POINT_BYTES * <usize>((-dr) >> 1));
      }
    }
    let db = <i32>load<i8>(nafB + <usize>pos);
    if (db != 0) {
      geP1P1ToP3(sum, r);
      if (db > 0) geMixedAdd(r, sum, BASE_ODD_MULTIPLES + NIELS_BYTES * <usize>(db >> 1));
      else geMixedSub(r, sum, BASE_ODD_MULTIPLES + NIELS_BYTES * <usize>((-db) >> 1));
    }
    if (pos > 0) geP1P1ToP2(acc, r);
  }
}
