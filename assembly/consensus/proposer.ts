// The proposer check of a version-2 block (docs/PROTOCOL.md §16 step 3).
//
// Header v2: version:u8 ‖ chainId:u32 ‖ height:u64 ‖ slot:u64 ‖ parent[32] ‖ proposer:u32 ‖
// vrfProof[80] ‖ txRoot[32] ‖ stateRoot[32] ‖ txCount:u32 ‖ certLen:u32 ‖ cert[certLen] ‖
// sig[64]. The block hash covers bytes 0 .. 209 + certLen; the signature is the proposer's
// account key's ed25519 signature (ZIP-215, §3) of "chiron/block/v2" ‖ those bytes.
import {
  OK, E_TRUNCATED, E_TRAILING, E_COUNT_RANGE, E_NOT_PROPOSER, E_PROPOSER_VRF, E_BLOCK_SIG, E_VALUE_RANGE,
} from "../errors";
import { vrfVerify, VRF_SUITE_ELL2 } from "../vrf/ecvrf";
import { sortitionSeats } from "../vrf/sortition";
import { ed25519Verify } from "../ed25519/verify";
import { TAU_PROPOSER, TABLE_ENTRY_BYTES, CERT_BYTES_MAX, epochOf } from "./constants";
import { proposerAlpha, PROPOSER_ALPHA_BYTES } from "./seeds";
import {
  readTableHeader, tableHeader, headerN, headerW, headerSeed, readTableEntry, entryWeight,
  entryVrfPk, readValidator, validatorFound, valAccount,
} from "./records";

export const HDR2_OFF_VERSION: usize = 0;
export const HDR2_OFF_CHAIN: usize = 1;
export const HDR2_OFF_HEIGHT: usize = 5;
export const HDR2_OFF_SLOT: usize = 13;
export const HDR2_OFF_PARENT: usize = 21;
export const HDR2_OFF_PROPOSER: usize = 53;
export const HDR2_OFF_VRF_PROOF: usize = 57;
export const HDR2_OFF_TX_ROOT: usize = 137;
export const HDR2_OFF_STATE_ROOT: usize = 169;
export const HDR2_OFF_TX_COUNT: usize = 201;
export const HDR2_OFF_CERT_LEN: usize = 205;
export const HDR2_OFF_CERT: usize = 209;
/** A v2 header without its certificate: 209 bytes signed and hashed, plus the 64-byte signature. */
export const HDR2_FIXED_BYTES: usize = 273;

const BLOCK_DOMAIN = memory.data<u8>([ // "chiron/block/v2"
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x62, 0x6c, 0x6f, 0x63, 0x6b, 0x2f, 0x76, 0x32]);
const BLOCK_DOMAIN_BYTES: usize = 15;

const alpha = memory.data(<i32>PROPOSER_ALPHA_BYTES);
const entry = memory.data(<i32>TABLE_ENTRY_BYTES);

/** The proposer's account key (32 bytes) after a successful checkProposer: it gets the fees. */
export const proposerAccount: usize = memory.data(32);
/** Proposer seats won by the last checked header (≥ 1 after OK). */
export let proposerSeats: u32 = 0;

/**
 * §16 step 3 for the v2 header at `header` (headerLen bytes, signature included): the
 * proposer has an entry in table(epoch(height)) (E_NOT_PROPOSER), its VRF proof verifies
 * for the proposer draw of (height, slot) (E_PROPOSER_VRF) and wins at least one seat with
 * τ = TAU_PROPOSER (E_NOT_PROPOSER), and the header signature verifies under the validator
 * record's account (E_BLOCK_SIG). Writes the VRF output to betaOut64 (for seed_b) and the
 * account to proposerAccount. chainId is the header's, checked by the caller.
 *
 * The signature is checked last, after every state read: on E_BLOCK_SIG, betaOut64 and
 * proposerAccount are already valid and every key has been read, so a proposer building its
 * own block (which it signs only once it knows the state root) may treat E_BLOCK_SIG as a pass.
 *
 * State keys, in order (runtime/consensus/transition-keys.ts proposerKeys mirrors them):
 * table(e); the entry (e, proposer) if proposer < T.n; record(proposer) once the draw passed.
 */
export function checkProposer(chainId: u32, header: usize, headerLen: usize, betaOut64: usize): i32 {
  proposerSeats = 0;
  if (headerLen < HDR2_FIXED_BYTES) return E_TRUNCATED;
  let certLen = <u64>load<u32>(header + HDR2_OFF_CERT_LEN);
  if (certLen > <u64>CERT_BYTES_MAX) return E_COUNT_RANGE;
  let need = <u64>HDR2_FIXED_BYTES + certLen;
  if (<u64>headerLen < need) return E_TRUNCATED;
  if (<u64>headerLen > need) return E_TRAILING;
  let height = load<u64>(header + HDR2_OFF_HEIGHT);
  let slot = load<u64>(header + HDR2_OFF_SLOT);
  let proposer = load<u32>(header + HDR2_OFF_PROPOSER);
  let e = epochOf(height);
  let r = readTableHeader(e);
  if (r != OK) return r;
  if (proposer >= headerN(tableHeader)) return E_NOT_PROPOSER;
  r = readTableEntry(e, proposer, entry);
  if (r != OK) return r;
  let weight = entryWeight(entry);
  let total = headerW(tableHeader);
  if (weight == 0) return E_NOT_PROPOSER;
  if (weight > total) return E_VALUE_RANGE;
  proposerAlpha(alpha, headerSeed(tableHeader), height, slot);
  if (vrfVerify(betaOut64, entryVrfPk(entry), alpha, PROPOSER_ALPHA_BYTES, header + HDR2_OFF_VRF_PROOF, VRF_SUITE_ELL2) != OK) {
    return E_PROPOSER_VRF;
  }
  let seats = sortitionSeats(betaOut64, weight, total, TAU_PROPOSER);
  if (seats == 0) return E_NOT_PROPOSER;
  r = readValidator(proposer);
  if (r != OK) return r;
  if (!validatorFound) return E_VALUE_RANGE; // an entry implies its record
  memory.copy(proposerAccount, valAccount(), 32);
  let signedLen = <usize>HDR2_OFF_CERT + <usize>certLen;
  // The signed message is the domain then the header bytes: one copy, freed by the next reset.
  let msg = heap.alloc(BLOCK_DOMAIN_BYTES + signedLen);
  memory.copy(msg, BLOCK_DOMAIN, BLOCK_DOMAIN_BYTES);
  memory.copy(msg + BLOCK_DOMAIN_BYTES, header, signedLen);
  let ok = ed25519Verify(header + signedLen, msg, BLOCK_DOMAIN_BYTES + signedLen, proposerAccount) == OK;
  heap.free(msg);
  if (!ok) return E_BLOCK_SIG;
  proposerSeats = seats;
  return OK;
}
