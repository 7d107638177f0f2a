// VRF and sortition exports (docs/ABI.md, docs/VRF.md). The host copies every input into
// the arena (chiron_alloc) and allocates every output buffer; nothing here allocates. A
// buffer outside the module's memory returns E_VRF_BUFFER instead of trapping. `suite` is
// the RFC 9381 suite_string: 3 = ECVRF-EDWARDS25519-SHA512-TAI, 4 = ...-ELL2 (Chiron's).
import { OK, E_VRF_BUFFER, E_SORTITION_WEIGHT, E_SORTITION_TAU, E_SORTITION_SEATS } from "../errors";
import { vrfProve, vrfVerify, vrfProofToHash, vrfPublicKey } from "./ecvrf";
import { hashToCurveEll2 } from "./ell2";
import { geToBytes } from "./curve";
import { POINT_BYTES } from "../ed25519/point";
import { sortitionSeats, committeeSeats, sortitionPriority, SORTITION_TAU_MAX, SORTITION_SEATS_MAX } from "./sortition";

/** 1 if [ptr, ptr + len) lies inside linear memory. */
function inMemory(ptr: usize, len: u64): bool {
  return <u64>ptr + len <= (<u64>memory.size() << 16);
}

/** vrf_public_key(skPtr, outPtr) → OK or E_VRF_BUFFER; out = 32-byte public key of the 32-byte secret. */
export function vrf_public_key(skPtr: usize, outPtr: usize): i32 {
  if (!inMemory(skPtr, 32) || !inMemory(outPtr, 32)) return E_VRF_BUFFER;
  vrfPublicKey(outPtr, skPtr);
  return OK;
}

/**
 * vrf_prove(skPtr, alphaPtr, alphaLen, suite, outPtr) → OK, E_VRF_SUITE, E_VRF_TAI or
 * E_VRF_BUFFER; out = the 80-byte proof pi. Constant time with respect to sk.
 */
export function vrf_prove(skPtr: usize, alphaPtr: usize, alphaLen: u32, suite: i32, outPtr: usize): i32 {
  if (!inMemory(skPtr, 32) || !inMemory(alphaPtr, <u64>alphaLen) || !inMemory(outPtr, 80)) return E_VRF_BUFFER;
  return vrfProve(outPtr, skPtr, alphaPtr, <usize>alphaLen, suite);
}

/**
 * vrf_verify(pkPtr, alphaPtr, alphaLen, proofPtr, suite, outPtr) → OK (out = the 64-byte
 * beta), E_VRF_PUBLIC_KEY, E_VRF_SMALL_ORDER_KEY, E_VRF_GAMMA, E_VRF_S_RANGE, E_VRF_INVALID,
 * E_VRF_SUITE, E_VRF_TAI or E_VRF_BUFFER. pk is 32 bytes, proof 80.
 */
export function vrf_verify(pkPtr: usize, alphaPtr: usize, alphaLen: u32, proofPtr: usize, suite: i32, outPtr: usize): i32 {
  if (!inMemory(pkPtr, 32) || !inMemory(alphaPtr, <u64>alphaLen) || !inMemory(proofPtr, 80) || !inMemory(outPtr, 64)) return E_VRF_BUFFER;
  return vrfVerify(outPtr, pkPtr, alphaPtr, <usize>alphaLen, proofPtr, suite);
}

/**
 * vrf_proof_to_hash(proofPtr, suite, outPtr) → OK (out = 64-byte beta), E_VRF_GAMMA,
 * E_VRF_S_RANGE, E_VRF_SUITE or E_VRF_BUFFER. Does not verify the proof.
 */
export function vrf_proof_to_hash(proofPtr: usize, suite: i32, outPtr: usize): i32 {
  if (!inMemory(proofPtr, 80) || !inMemory(outPtr, 64)) return E_VRF_BUFFER;
  return vrfProofToHash(outPtr, proofPtr, suite);
}

// @ts-ignore: decorator
@lazy const h2cPoint: usize = memory.data(<i32>POINT_BYTES, 8);

/**
 * vrf_hash_to_curve(msgPtr, msgLen, dstPtr, dstLen, ro, outPtr) → OK, E_VRF_DST or
 * E_VRF_BUFFER; out = the 32-byte encoding of RFC 9380 edwards25519_XMD:SHA-512_ELL2_NU_
 * encode_to_curve (ro = 0) or _RO_ hash_to_curve (ro ≠ 0) of msg under dst (1..255 bytes).
 */
export function vrf_hash_to_curve(msgPtr: usize, msgLen: u32, dstPtr: usize, dstLen: u32, ro: i32, outPtr: usize): i32 {
  if (!inMemory(msgPtr, <u64>msgLen) || !inMemory(dstPtr, <u64>dstLen) || !inMemory(outPtr, 32)) return E_VRF_BUFFER;
  let rc = hashToCurveEll2(h2cPoint, 0, 0, msgPtr, <usize>msgLen, dstPtr, dstLen, ro != 0 ? 1 : 0);
  if (rc != OK) return rc;
  geToBytes(outPtr, h2cPoint);
  return OK;
}

/**
 * sortition_seats(betaPtr, weight, total, tau, outPtr) → OK (out = seats as a little-endian
 * u32), E_SORTITION_WEIGHT (total = 0 or weight > total), E_SORTITION_TAU (tau > 65536) or
 * E_VRF_BUFFER. beta is 64 bytes; weight and total are u64 (BigInt on the JS side).
 */
export function sortition_seats(betaPtr: usize, weight: u64, total: u64, tau: u32, outPtr: usize): i32 {
  let rc = seatArgsCheck(betaPtr, weight, total, tau, outPtr);
  if (rc == OK) store<u32>(outPtr, sortitionSeats(betaPtr, weight, total, tau));
  return rc;
}

/** The argument checks both seat rules share: OK or the error to return. */
function seatArgsCheck(betaPtr: usize, weight: u64, total: u64, tau: u32, outPtr: usize): i32 {
  if (!inMemory(betaPtr, 64) || !inMemory(outPtr, 4)) return E_VRF_BUFFER;
  if (total == 0 || weight > total) return E_SORTITION_WEIGHT;
  if (tau > SORTITION_TAU_MAX) return E_SORTITION_TAU;
  return OK;
}

/**
 * committee_seats(betaPtr, weight, total, tau, outPtr): as sortition_seats, for the
 * committee rule of docs/VRF.md §3.7 (λ = weight·tau/total rounded at random).
 */
export function committee_seats(betaPtr: usize, weight: u64, total: u64, tau: u32, outPtr: usize): i32 {
  let rc = seatArgsCheck(betaPtr, weight, total, tau, outPtr);
  if (rc == OK) store<u32>(outPtr, committeeSeats(betaPtr, weight, total, tau));
  return rc;
}

/**
 * sortition_priority(betaPtr, seats, outPtr) → OK (out = the 32-byte priority, lower
 * wins), E_SORTITION_SEATS (seats = 0 or above 131072) or E_VRF_BUFFER.
 */
export function sortition_priority(betaPtr: usize, seats: u32, outPtr: usize): i32 {
  if (!inMemory(betaPtr, 64) || !inMemory(outPtr, 32)) return E_VRF_BUFFER;
  if (seats == 0 || seats > SORTITION_SEATS_MAX) return E_SORTITION_SEATS;
  sortitionPriority(outPtr, betaPtr, seats);
  return OK;
}
