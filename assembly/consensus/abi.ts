// Consensus exports (docs/ABI.md): stateless checks of votes and certificates against a
// table the caller supplies (the node reads it from its state: the header of table(epoch(h))
// and the signers' entries). The host copies every input into the arena and allocates the
// 4-byte output; nothing here allocates. A buffer outside memory is E_CONSENSUS_BUFFER.
import { OK, E_CONSENSUS_BUFFER, E_BAD_LENGTH } from "../errors";
import { TABLE_HEADER_BYTES, TABLE_ENTRY_BYTES } from "./constants";
import { verifyVoteWith, verifyCertWith, certDecode, certDecodedSigners, voteSeats, certSeats } from "./cert";

/** 1 if [ptr, ptr + len) lies inside linear memory. */
function inMemory(ptr: usize, len: u64): bool {
  return <u64>ptr + len <= (<u64>memory.size() << 16);
}

/**
 * consensus_verify_vote(chainId, votePtr, voteLen, hdrPtr, entryPtr, outPtr) → OK (out = the
 * voter's committee seats, u32 LE) or the first failing check of §14 (E_TRUNCATED,
 * E_TRAILING, E_BAD_TAG, E_CERT_BITMAP, E_CERT_NOT_MEMBER, E_CERT_VRF, E_CERT_SIG,
 * E_VALUE_RANGE for a table whose entry outweighs its W) or E_CONSENSUS_BUFFER. hdr is the
 * 44-byte table header, entry the voter's 88-byte entry (all zero: no entry).
 */
export function consensus_verify_vote(chainId: u32, votePtr: usize, voteLen: u32, hdrPtr: usize, entryPtr: usize, outPtr: usize): i32 {
  if (!inMemory(votePtr, <u64>voteLen) || !inMemory(hdrPtr, TABLE_HEADER_BYTES) ||
      !inMemory(entryPtr, TABLE_ENTRY_BYTES) || !inMemory(outPtr, 4)) return E_CONSENSUS_BUFFER;
  let r = verifyVoteWith(chainId, votePtr, <usize>voteLen, hdrPtr, entryPtr);
  if (r != OK) return r;
  store<u32>(outPtr, voteSeats);
  return OK;
}

/**
 * consensus_verify_cert(chainId, certPtr, certLen, hdrPtr, entriesPtr, entriesLen, outPtr) →
 * OK (out = the certificate's seats, u32 LE) or the first failing check of §14 steps 1 and
 * 3–6 (the target is the caller's), E_BAD_LENGTH when entriesLen is not k × 88 for the k
 * signers the bitmap names (checked after step 1), or E_CONSENSUS_BUFFER.
 */
export function consensus_verify_cert(chainId: u32, certPtr: usize, certLen: u32, hdrPtr: usize,
                                      entriesPtr: usize, entriesLen: u32, outPtr: usize): i32 {
  if (!inMemory(certPtr, <u64>certLen) || !inMemory(hdrPtr, TABLE_HEADER_BYTES) ||
      !inMemory(entriesPtr, <u64>entriesLen) || !inMemory(outPtr, 4)) return E_CONSENSUS_BUFFER;
  let r = certDecode(certPtr, <usize>certLen);
  if (r != OK) return r;
  if (<u64>entriesLen != <u64>certDecodedSigners() * <u64>TABLE_ENTRY_BYTES) return E_BAD_LENGTH;
  r = verifyCertWith(chainId, certPtr, <usize>certLen, hdrPtr, entriesPtr);
  if (r != OK) return r;
  store<u32>(outPtr, certSeats);
  return OK;
}
