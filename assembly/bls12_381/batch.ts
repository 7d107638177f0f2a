// Batch verification of many independent (pk, msg, σ) triples with one multi-Miller loop
// and one final exponentiation, by a random linear combination:
//
//   e(−g1, Σ r_i·σ_i) · ∏_j e(Σ_{i: m_i = M_j} r_i·PK_i, H(M_j)) == 1
//
// If any triple fails CoreVerify, the combination holds only when the r_i hit one bad value
// out of 2^125, so accepting the batch is accepting each triple, with error below 2^-125.
// The r_i are NOT from the host: they are derived by hashing every input (Fiat–Shamir), so a
// verdict is a pure function of the inputs and every host agrees on it, while a forger who
// changes any byte of any triple changes every r_i. Because a forger can grind inputs offline
// (2^64 SHA-256 evaluations are within reach of large hash farms), the r_i carry 125 bits,
// not the 64 bits that suffice with secret host randomness.
//
// Each r_i is drawn in endomorphism form, r_i = a_i + b_i·z² with z = |x| and a_i, b_i < 2^63
// (b_i's bit 62 set: r_i ≠ 0; distinct (a, b) give distinct r_i since a < z²). On G2, ψ² acts
// as [x²] = [z²], so r_i·σ_i = a_i·σ_i + b_i·ψ²(σ_i): the signature sum is one MSM over 2n
// points with 64-bit scalars, instead of n points with 128-bit ones (msm_affine.ts). On G1, -φ acts as [z²],
// so r_i·PK_i is a GLV multiplication whose two half-scalars are a_i and b_i: 64 doublings;
// the keys' tables of odd multiples are built together in affine form (glv.ts).
//
// Equal messages share one pairing: their r_i·PK_i are added first, and each distinct
// message is hashed once (groups.ts), all of them together (hashToG2Batch).
//
// Each key still passes KeyValidate and each signature the subgroup check, one by one: a
// batch accepts exactly the triples that CoreVerify (sig.ts) accepts.
import { OK, E_BLS_COUNT } from "../errors";
import { G1_BYTES, G1_AFFINE_BYTES, g1Add, g1Zero } from "./g1";
import { G2_BYTES, G2_AFFINE_BYTES, g2Psi2 } from "./g2";
import { g1MulHalvesCombBatchVartime, G1_COMB_BATCH_BYTES } from "./g1_comb";
import { g2MsmAffineVartime, g2MsmAffineScratchBytes } from "./msm_affine";
import { hashToG2Batch, HASH_BATCH_BYTES } from "./hash_to_g2";
import {
  PK_BYTES, SIG_BYTES, BLS_ITEMS_MAX,
  keyValidate, signatureToPoint, appendPairs, appendPairsScratch, appendSignaturePair, pairsCheck, arenaFits,
} from "./sig";
import { MSG_ENTRY_BYTES, groupMessages, groupScratch } from "./groups";
import { SHA256_CTX_BYTES, sha256CtxInit, sha256CtxUpdate, sha256CtxFinal } from "../hash/sha256";

/** Bytes of each half a_i, b_i of a batch scalar (little-endian). */
export const BATCH_HALF_BYTES: usize = 8;
/** The most the G2 MSM allocates for its buckets (2^13 points, msm.ts). */
const MSM_BUCKET_BYTES_MAX: u64 = (<u64>1 << 13) * <u64>G2_BYTES + 4096;
/** The most the G2 MSM allocates per point for its window digits (i16, at most 33 windows). */
const MSM_DIGIT_BYTES_MAX: u64 = 66;

// "CHIRON-BLS-BATCH-V1": the transcript's domain tag.
const BATCH_TAG = memory.data<u8>([67, 72, 73, 82, 79, 78, 45, 66, 76, 83, 45, 66, 65, 84, 67, 72, 45, 86, 49]);
const BATCH_TAG_LEN: usize = 19;
const CTX = memory.data(<i32>SHA256_CTX_BYTES, 16);
const WORD = memory.data(8, 8);
const SEED = memory.data(36, 8);
const DIGEST = memory.data(32, 16);
const SUM2 = memory.data(<i32>G2_BYTES, 16);

function ctxU32(v: u32): void {
  store<u32>(WORD, v);
  sha256CtxUpdate(CTX, WORD, 4);
}

/**
 * The transcript seed: SHA-256(tag ‖ u32 count ‖ u32 dstLen ‖ dst ‖ for each i: pk_i ‖ σ_i ‖
 * u32 len_i ‖ m_i), with u32 little-endian. Every input byte and every boundary is in it.
 */
function transcriptSeed(out32: usize, pks: usize, sigs: usize, msgTable: usize, count: u32, dst: usize, dstLen: usize): void {
  sha256CtxInit(CTX);
  sha256CtxUpdate(CTX, BATCH_TAG, BATCH_TAG_LEN);
  ctxU32(count);
  ctxU32(<u32>dstLen);
  sha256CtxUpdate(CTX, dst, dstLen);
  for (let i: u32 = 0; i < count; i++) {
    sha256CtxUpdate(CTX, pks + <usize>i * PK_BYTES, PK_BYTES);
    sha256CtxUpdate(CTX, sigs + <usize>i * SIG_BYTES, SIG_BYTES);
    let e = msgTable + <usize>i * MSG_ENTRY_BYTES;
    ctxU32(load<u32>(e, 4));
    sha256CtxUpdate(CTX, <usize>load<u32>(e), <usize>load<u32>(e, 4));
  }
  sha256CtxFinal(CTX, out32);
}

/**
 * a_i, b_i: the first 16 bytes of SHA-256(seed ‖ u32 i) as two little-endian u64, each
 * below 2^63, b_i's bit 62 set. Stored at outA and outB.
 */
function batchHalves(outA: usize, outB: usize, seed: usize, i: u32): void {
  store<u32>(seed, i, 32);
  sha256CtxInit(CTX);
  sha256CtxUpdate(CTX, seed, 36);
  sha256CtxFinal(CTX, DIGEST);
  store<u64>(outA, load<u64>(DIGEST) & ~(<u64>1 << 63));
  store<u64>(outB, (load<u64>(DIGEST, 8) & ~(<u64>1 << 63)) | (<u64>1 << 62));
}

/**
 * Verifies `count` triples: keys (48 bytes each, contiguous), signatures (96 bytes each,
 * contiguous) and a message table (sig.ts). OK iff every triple verifies (count 0 is OK);
 * otherwise the first decoding error in input order, or E_BLS_SIG_INVALID.
 */
export function batchVerify(pks: usize, sigs: usize, msgTable: usize, count: u32, dst: usize, dstLen: usize): i32 {
  if (count == 0) return OK;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  let n = <usize>count;
  let need = <u64>n * <u64>(2 * BATCH_HALF_BYTES + 3 * G2_BYTES + 3 * G1_BYTES + G1_COMB_BATCH_BYTES + HASH_BATCH_BYTES + 8 +
    G1_AFFINE_BYTES + G2_AFFINE_BYTES + 64) +
    <u64>(G1_AFFINE_BYTES + G2_AFFINE_BYTES) + groupScratch(n) + appendPairsScratch(n) +
    MSM_BUCKET_BYTES_MAX + 2 * <u64>n * MSM_DIGIT_BYTES_MAX + <u64>g2MsmAffineScratchBytes(2 * <i32>count, <i32>BATCH_HALF_BYTES);
  if (!arenaFits(need)) return E_BLS_COUNT;

  // Signatures then their ψ² images; a_i then b_i: the MSM's 2n points and 64-bit scalars.
  let halves = heap.alloc(2 * n * BATCH_HALF_BYTES);
  let sigPoints = heap.alloc(2 * n * G2_BYTES);
  let groupOf = heap.alloc(n * 4);
  let leaders = heap.alloc(n * 4);
  let groups = groupMessages(msgTable, count, groupOf, leaders);
  let groupSums = heap.alloc(<usize>groups * G1_BYTES);
  let groupHashes = heap.alloc(<usize>groups * G2_BYTES);
  for (let g: u32 = 0; g < groups; g++) g1Zero(groupSums + <usize>g * G1_BYTES);

  transcriptSeed(SEED, pks, sigs, msgTable, count, dst, dstLen);
  let keyPoints = heap.alloc(n * G1_BYTES);
  for (let i: u32 = 0; i < count; i++) {
    let sigPoint = sigPoints + <usize>i * G2_BYTES;
    let r = signatureToPoint(sigPoint, sigs + <usize>i * SIG_BYTES);
    if (r != OK) return r;
    r = keyValidate(keyPoints + <usize>i * G1_BYTES, pks + <usize>i * PK_BYTES);
    if (r != OK) return r;
    batchHalves(halves + <usize>i * BATCH_HALF_BYTES, halves + (n + <usize>i) * BATCH_HALF_BYTES, SEED, i);
    g2Psi2(sigPoint + n * G2_BYTES, sigPoint);
  }
  // r_i·PK_i = [a_i]PK_i + [b_i](−φ(PK_i)), all keys together (shared inversions).
  let products = heap.alloc(n * G1_BYTES);
  g1MulHalvesCombBatchVartime(products, keyPoints, halves, halves + n * BATCH_HALF_BYTES, <i32>count, heap.alloc(n * G1_COMB_BATCH_BYTES));
  for (let i: u32 = 0; i < count; i++) {
    let sum = groupSums + <usize>load<u32>(groupOf + <usize>i * 4) * G1_BYTES;
    g1Add(sum, sum, products + <usize>i * G1_BYTES);
  }

  let hr = hashToG2Batch(groupHashes, msgTable, leaders, groups, dst, dstLen);
  if (hr != OK) return hr;
  let g1s = heap.alloc((<usize>groups + 1) * G1_AFFINE_BYTES);
  let g2s = heap.alloc((<usize>groups + 1) * G2_AFFINE_BYTES);
  let pairs = appendPairs(g1s, g2s, 0, groupSums, groupHashes, <i32>groups);
  // Σ r_i·σ_i = Σ a_i·σ_i + Σ b_i·ψ²(σ_i) by Pippenger with affine buckets (decoded
  // signatures and their ψ² images have Z = 1: msm_affine.ts).
  g2MsmAffineVartime(SUM2, sigPoints, halves, 2 * <i32>count, <i32>BATCH_HALF_BYTES);
  pairs = appendSignaturePair(g1s, g2s, pairs, SUM2);
  return pairsCheck(g1s, g2s, pairs);
}
