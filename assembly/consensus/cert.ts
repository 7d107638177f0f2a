// Votes and certificates (docs/PROTOCOL.md §14).
//
//   m    = "chiron/vote/v1" ‖ u32(chainId) ‖ kind:u8 ‖ u64(height) ‖ block[32]
//   vote = kind:u8 ‖ height:u64 ‖ block[32] ‖ validator:u32 ‖ proof[80] ‖ sig[96]   (221 bytes)
//   cert = kind:u8 ‖ height:u64 ‖ block[32] ‖ n:u32 ‖ bitmap[ceil(n/8)] ‖ sig[96] ‖ k × proof[80]
//
// Checks in the spec's order, T being the table of epoch(height) given as its 44-byte header
// and the signers' 88-byte entries (a zero entry, weight 0, is "no entry"):
//   1 exact length (E_TRUNCATED, E_TRAILING), kind 1 or 2 (E_BAD_TAG)
//   2 the target (kind, height, block) the context asks (E_CERT_TARGET) — applyParentCert only
//   3 n = T.n ≤ MAX_VALIDATORS, no bit at or above n, k ≥ 1 (E_CERT_BITMAP)
//   4 per signer in index order: an entry (E_CERT_NOT_MEMBER), its committee VRF proof
//     (E_CERT_VRF), at least one seat (E_CERT_NOT_MEMBER)
//   5 seats ≥ THRESHOLD (E_CERT_WEIGHT) — certificates only
//   6 FastAggregateVerify of the signers' keys on m (a vote: Verify) (E_CERT_SIG)
// k counts every set bit of the bitmap bytes, padding bits included, so step 1's length is
// defined before step 3 looks at the padding. Step 3 bounds k by MAX_VALIDATORS before any
// per-signer work, so every loop and static table below is bounded by MAX_VALIDATORS.
import {
  OK, E_TRUNCATED, E_TRAILING, E_BAD_TAG, E_CERT_TARGET, E_CERT_BITMAP, E_CERT_NOT_MEMBER,
  E_CERT_VRF, E_CERT_WEIGHT, E_CERT_SIG, E_VALUE_RANGE, E_OVERFLOW,
} from "../errors";
import { vrfVerify, VRF_SUITE_ELL2 } from "../vrf/ecvrf";
import { committeeSeats } from "../vrf/sortition";
import { blsVerify, fastAggregateVerify, dstSigPtr, DST_LEN } from "../bls12_381/sig";
import {
  MAX_VALIDATORS, TAU, THRESHOLD, NOTARIZE, FINALIZE, VOTE_BYTES, VRF_PROOF_BYTES, BLS_SIG_BYTES,
  CERT_PREFIX_BYTES, TABLE_ENTRY_BYTES, VOTE_MESSAGE_BYTES, PROPOSAL_BONUS, NO_PROPOSER, epochOf,
} from "./constants";
import { committeeAlpha, COMMITTEE_ALPHA_BYTES } from "./seeds";
import {
  headerN, headerW, headerSeed, entryBlsPk, entryVrfPk, entryWeight, readTableHeader, tableHeader,
  readTableEntry, readValidator, writeValidator, validatorFound, valWork, setValWork, tipProposer,
} from "./records";

// ---- results of the last check (AS has no tuples) -------------------------------------------

/** Kind, height and block of the last decoded vote or certificate. */
export let certKind: u8 = 0;
export let certHeight: u64 = 0;
/** Points into the caller's certificate or vote bytes. */
export let certBlock: usize = 0;
/** Seats of the last verified certificate (sum over signers) or vote. */
export let certSeats: u32 = 0;
export let voteSeats: u32 = 0;
/** Number of signers of the last certificate and, per signer j, its index and seats. */
export let certSignerCount: u32 = 0;
const signerIndex = memory.data(<i32>MAX_VALIDATORS * 4);
const signerSeats = memory.data(<i32>MAX_VALIDATORS * 4);

export function certSignerIndex(j: u32): u32 { return load<u32>(signerIndex + (<usize>j << 2)); }
export function certSignerSeats(j: u32): u32 { return load<u32>(signerSeats + (<usize>j << 2)); }

// Decoded layout of the last certificate.
let certN: u32 = 0;
let certBitmap: usize = 0;
let certBitmapBytes: usize = 0;
let certSig: usize = 0;
let certProofs: usize = 0;
let certBitsSet: u32 = 0;

// Scratch: the VRF input and output, the signed message, the signers' keys side by side.
const alpha = memory.data(<i32>COMMITTEE_ALPHA_BYTES);
const beta = memory.data(64);
const message = memory.data(<i32>VOTE_MESSAGE_BYTES);
const keys = memory.data(<i32>MAX_VALIDATORS * 48, 16);
// The signers' table entries for applyParentCert, read from the state.
const entries = memory.data(<i32>MAX_VALIDATORS * <i32>TABLE_ENTRY_BYTES, 16);
const VOTE_DOMAIN = memory.data<u8>([ // "chiron/vote/v1"
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x76, 0x6f, 0x74, 0x65, 0x2f, 0x76, 0x31]);

/** out[59] = m, the message a vote of (kind, height, block) signs on chain chainId. */
export function voteMessage(out: usize, chainId: u32, kind: u8, height: u64, block: usize): void {
  memory.copy(out, VOTE_DOMAIN, 14);
  store<u32>(out + 14, chainId);
  store<u8>(out + 18, kind);
  store<u64>(out + 19, height);
  memory.copy(out + 27, block, 32);
}

// ---- step 1 -------------------------------------------------------------------------------

/** Step 1 for a certificate: sets the decoded layout and certKind/Height/Block. */
export function certDecode(cert: usize, certLen: usize): i32 {
  if (<u64>certLen < <u64>CERT_PREFIX_BYTES) return E_TRUNCATED;
  certN = load<u32>(cert, 41);
  let bitmapBytes = (<u64>certN + 7) >> 3;
  let fixed = <u64>CERT_PREFIX_BYTES + bitmapBytes + <u64>BLS_SIG_BYTES;
  if (<u64>certLen < fixed) return E_TRUNCATED;
  certBitmap = cert + <usize>CERT_PREFIX_BYTES;
  certBitmapBytes = <usize>bitmapBytes;
  let k: u32 = 0;
  for (let b: usize = 0; b < certBitmapBytes; b++) k += popcnt<u32>(<u32>load<u8>(certBitmap + b));
  let need = fixed + <u64>k * <u64>VRF_PROOF_BYTES;
  if (<u64>certLen < need) return E_TRUNCATED;
  if (<u64>certLen > need) return E_TRAILING;
  let kind = load<u8>(cert);
  if (kind != NOTARIZE && kind != FINALIZE) return E_BAD_TAG;
  certKind = kind;
  certHeight = load<u64>(cert, 1);
  certBlock = cert + 9;
  certSig = certBitmap + certBitmapBytes;
  certProofs = certSig + <usize>BLS_SIG_BYTES;
  certBitsSet = k;
  return OK;
}

/** The number of signers (set bits) of the last decoded certificate. */
export function certDecodedSigners(): u32 { return certBitsSet; }

// ---- step 3 -------------------------------------------------------------------------------

/** Step 3 against the table's n; fills the signer index table. */
function certCheckBitmap(tableN: u32): i32 {
  if (certN > MAX_VALIDATORS || certN != tableN) return E_CERT_BITMAP;
  let tail = certN & 7;
  if (tail != 0 && (<u32>load<u8>(certBitmap + certBitmapBytes - 1) >> tail) != 0) return E_CERT_BITMAP;
  if (certBitsSet == 0) return E_CERT_BITMAP;
  let j: u32 = 0;
  for (let b: usize = 0; b < certBitmapBytes; b++) {
    let byte = <u32>load<u8>(certBitmap + b);
    while (byte != 0) {
      let bit = ctz<u32>(byte);
      store<u32>(signerIndex + (<usize>j << 2), (<u32>b << 3) | bit);
      j++;
      byte &= byte - 1;
    }
  }
  certSignerCount = j;
  return OK;
}

// ---- step 4 -------------------------------------------------------------------------------

/**
 * Step 4 for one signer: its entry (88 bytes) and committee proof for round `height` under
 * table header hdr44. The seats it draws, or 0 with `signerError` set.
 */
let signerError: i32 = OK;
function signerSeatsFor(hdr44: usize, entry88: usize, proof: usize): u32 {
  let weight = entryWeight(entry88);
  if (weight == 0) { signerError = E_CERT_NOT_MEMBER; return 0; }
  let total = headerW(hdr44);
  // A table's weights sum to its W; a larger one means a corrupt table, not a bad vote.
  if (weight > total) { signerError = E_VALUE_RANGE; return 0; }
  if (vrfVerify(beta, entryVrfPk(entry88), alpha, COMMITTEE_ALPHA_BYTES, proof, VRF_SUITE_ELL2) != OK) {
    signerError = E_CERT_VRF;
    return 0;
  }
  let seats = committeeSeats(beta, weight, total, TAU);
  if (seats == 0) { signerError = E_CERT_NOT_MEMBER; return 0; }
  signerError = OK;
  return seats;
}

/** Steps 3–6 of a decoded certificate against hdr44 and its signers' entries (k × 88). */
function certVerifyDecoded(chainId: u32, hdr44: usize, entries88: usize): i32 {
  let r = certCheckBitmap(headerN(hdr44));
  if (r != OK) return r;
  committeeAlpha(alpha, headerSeed(hdr44), certHeight);
  let k = certSignerCount;
  let seats: u32 = 0;
  for (let j: u32 = 0; j < k; j++) {
    let entry = entries88 + <usize>j * <usize>TABLE_ENTRY_BYTES;
    let s = signerSeatsFor(hdr44, entry, certProofs + <usize>j * <usize>VRF_PROOF_BYTES);
    if (s == 0) return signerError;
    store<u32>(signerSeats + (<usize>j << 2), s);
    seats += s; // ≤ MAX_VALIDATORS × SORTITION_SEATS_MAX = 2^29: no overflow
    memory.copy(keys + <usize>j * 48, entryBlsPk(entry), 48);
  }
  if (seats < THRESHOLD) return E_CERT_WEIGHT;
  voteMessage(message, chainId, certKind, certHeight, certBlock);
  if (fastAggregateVerify(keys, k, message, VOTE_MESSAGE_BYTES, certSig, dstSigPtr(), DST_LEN) != OK) return E_CERT_SIG;
  certSeats = seats;
  return OK;
}

/**
 * Checks §14 steps 1 and 3–6 of the certificate cert[certLen] against table header hdr44
 * and the signers' entries (k × 88 bytes in signer order; zero weight = no entry). Sets
 * certSeats, certKind, certHeight, certBlock, certSignerCount and the per-signer tables.
 * Step 2 (the target) is the caller's.
 */
export function verifyCertWith(chainId: u32, cert: usize, certLen: usize, hdr44: usize, entries88: usize): i32 {
  certSeats = 0;
  certSignerCount = 0;
  let r = certDecode(cert, certLen);
  if (r != OK) return r;
  return certVerifyDecoded(chainId, hdr44, entries88);
}

/**
 * Checks a vote vote[voteLen] against table header hdr44 and the voter's entry (88 bytes):
 * as a certificate with one signer, without the weight step, with Verify. Sets voteSeats
 * and certKind/certHeight/certBlock.
 */
export function verifyVoteWith(chainId: u32, vote: usize, voteLen: usize, hdr44: usize, entry88: usize): i32 {
  voteSeats = 0;
  if (voteLen < <usize>VOTE_BYTES) return E_TRUNCATED;
  if (voteLen > <usize>VOTE_BYTES) return E_TRAILING;
  let kind = load<u8>(vote);
  if (kind != NOTARIZE && kind != FINALIZE) return E_BAD_TAG;
  certKind = kind;
  certHeight = load<u64>(vote, 1);
  certBlock = vote + 9;
  let validator = load<u32>(vote, 41);
  let proof = vote + 45;
  let sig = proof + <usize>VRF_PROOF_BYTES;
  if (validator >= headerN(hdr44) || validator >= MAX_VALIDATORS) return E_CERT_BITMAP;
  committeeAlpha(alpha, headerSeed(hdr44), certHeight);
  let s = signerSeatsFor(hdr44, entry88, proof);
  if (s == 0) return signerError;
  voteMessage(message, chainId, kind, certHeight, certBlock);
  if (blsVerify(entryBlsPk(entry88), message, VOTE_MESSAGE_BYTES, sig) != OK) return E_CERT_SIG;
  voteSeats = s;
  return OK;
}

/**
 * §16 step 4 inside apply, after readTip: at height 1 the block carries no certificate
 * (certLen = 0, else E_CERT_TARGET); above, cert must be the notarization certificate of
 * (height − 1, parentHash) (E_CERT_TARGET) and pass §14 against table(epoch(height − 1)),
 * read from the state with each signer's entry. Then each signer's record gains its seats
 * as work, and the parent's proposer (tip.proposer) gains PROPOSAL_BONUS (§15).
 *
 * State keys, in order (runtime/consensus/transition-keys.ts parentCertKeys mirrors them):
 * table(epoch(height − 1)); for each signer i < T.n in index order the entry (e, i) — only
 * once the bitmap passes step 3; then each signer's record; then record tip.proposer.
 */
export function applyParentCert(chainId: u32, cert: usize, certLen: usize, height: u64, parentHash: usize): i32 {
  certSeats = 0;
  certSignerCount = 0;
  if (height <= 1) return certLen == 0 ? OK : E_CERT_TARGET;
  let r = certDecode(cert, certLen);
  if (r != OK) return r;
  if (certKind != NOTARIZE || certHeight != height - 1 || memory.compare(certBlock, parentHash, 32) != 0) return E_CERT_TARGET;
  let e = epochOf(height - 1);
  r = readTableHeader(e);
  if (r != OK) return r;
  r = certCheckBitmap(headerN(tableHeader));
  if (r != OK) return r;
  let k = certSignerCount;
  for (let j: u32 = 0; j < k; j++) {
    r = readTableEntry(e, certSignerIndex(j), entries + <usize>j * <usize>TABLE_ENTRY_BYTES);
    if (r != OK) return r;
  }
  r = certVerifyDecoded(chainId, tableHeader, entries);
  if (r != OK) return r;
  for (let j: u32 = 0; j < k; j++) {
    r = addWork(certSignerIndex(j), <u64>certSignerSeats(j));
    if (r != OK) return r;
  }
  if (tipProposer != NO_PROPOSER) return addWork(tipProposer, PROPOSAL_BONUS);
  return OK;
}

/** record(i).work += amount. */
function addWork(i: u32, amount: u64): i32 {
  let r = readValidator(i);
  if (r != OK) return r;
  // An entry or a proposal implies the record: its absence is a corrupt state.
  if (!validatorFound) return E_VALUE_RANGE;
  let work = valWork() + amount;
  if (work < amount) return E_OVERFLOW;
  setValWork(work);
  return writeValidator(i);
}
