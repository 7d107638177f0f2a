// BLS signatures over BLS12-381, minimal-pubkey-size variant (public keys in G1, signatures
// in G2), as draft-irtf-cfrg-bls-signature-05 specifies them and Ethereum uses them:
// ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (§4.2.3).
//
// Every check is ONE pairing-product test with one final exponentiation:
//   CoreVerify (§2.7):           e(PK, H(m)) · e(−g1, σ) == 1
//   CoreAggregateVerify (§2.9):  ∏ e(PK_i, H(m_i)) · e(−g1, σ) == 1
// Pairs with a point at infinity are dropped before the Miller loop (their factor is 1).
//
// The proof-of-possession scheme (§3.3) defines Verify = CoreVerify and AggregateVerify =
// CoreAggregateVerify: unlike the basic scheme (§3.1), it does NOT require the messages to
// be distinct, because proofs of possession already rule out rogue keys. We apply that rule.
// FastAggregateVerify (§3.3.4) sums the keys and runs CoreVerify once; like py_ecc (which
// generated the Ethereum vectors) we also run KeyValidate on each key, so an infinity key
// in the list is rejected even when the sum is not infinity.
//
// Decoding does the subgroup check (encoding.ts): signature_subgroup_check (§2.7 step 3) and
// KeyValidate (§2.5) rely on it. The point at infinity is a valid signature encoding; it is
// an invalid public key (KeyValidate step 2).
//
// Functions take the DST so the NUL-suffix Wycheproof sets exercise the same code; the ABI
// (abi.ts) fixes it to the POP ciphersuite. Messages come as a table of `count` records of
// two little-endian u32 (pointer, length), MSG_ENTRY_BYTES each (groups.ts), built by abi.ts.
import { OK, E_BLS_PK_INFINITY, E_BLS_SIG_INVALID, E_BLS_EMPTY, E_BLS_COUNT } from "../errors";
import { MEMORY_PAGES_MAX } from "../abi";
import { FP2_BYTES } from "./fp2";
import { G1_BYTES, G1_AFFINE_BYTES, g1Add, g1Neg, g1Generator, g1IsZero, g1ToAffine, g1Zero } from "./g1";
import { G2_BYTES, G2_AFFINE_BYTES, g2Add, g2IsZero, g2ToAffine, g2Zero } from "./g2";
import { g1AffineBatch, g2AffineBatch } from "./affine";
import { g1Decompress, g2Decompress, g1Compress, g2Compress } from "./encoding";
import { hashToG2 } from "./hash_to_g2";
import { pairingProductIsOne } from "./pairing";
import { MILLER_AFFINE_PAIR_BYTES } from "./miller_affine";
import { MSG_ENTRY_BYTES, groupMessages, groupScratch } from "./groups";

/** Bytes of a compressed public key (G1) and signature (G2). */
export const PK_BYTES: usize = 48;
export const SIG_BYTES: usize = 96;
/** Most keys, messages or signatures in one call: bounds every loop and the call's memory. */
export const BLS_ITEMS_MAX: u32 = 1 << 16;

/** The signature DST of our ciphersuite (§4.2.3) and the proof-of-possession DST. */
export const DST_SIG: string = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
export const DST_POP: string = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
// ASCII copies in static memory, so hashing never touches a managed string.
const DST_SIG_PTR = memory.data<u8>([
  66, 76, 83, 95, 83, 73, 71, 95, 66, 76, 83, 49, 50, 51, 56, 49, 71, 50, 95, 88, 77, 68, 58, 83,
  72, 65, 45, 50, 53, 54, 95, 83, 83, 87, 85, 95, 82, 79, 95, 80, 79, 80, 95]);
const DST_POP_PTR = memory.data<u8>([
  66, 76, 83, 95, 80, 79, 80, 95, 66, 76, 83, 49, 50, 51, 56, 49, 71, 50, 95, 88, 77, 68, 58, 83,
  72, 65, 45, 50, 53, 54, 95, 83, 83, 87, 85, 95, 82, 79, 95, 80, 79, 80, 95]);
export const DST_LEN: usize = 43;
export function dstSigPtr(): usize { return DST_SIG_PTR; }
export function dstPopPtr(): usize { return DST_POP_PTR; }

// Scratch for the fixed-size operations (never held across calls).
const PK_POINT = memory.data(<i32>G1_BYTES, 16);
const SIG_POINT = memory.data(<i32>G2_BYTES, 16);
const MSG_POINT = memory.data(<i32>G2_BYTES, 16);
const PAIR_G1 = memory.data(2 * <i32>G1_AFFINE_BYTES, 16);
const PAIR_G2 = memory.data(2 * <i32>G2_AFFINE_BYTES, 16);
// −g1 in affine form, computed on first use (module start state survives resets).
const NEG_G1_AFFINE = memory.data(<i32>G1_AFFINE_BYTES, 16);
const NEG_G1 = memory.data(<i32>G1_BYTES, 16);
let negG1Ready = false;

/** Address of −g1 (affine), the fixed G1 side of the signature pair. */
export function negG1Affine(): usize {
  if (!negG1Ready) {
    g1Generator(NEG_G1);
    g1Neg(NEG_G1, NEG_G1);
    g1ToAffine(NEG_G1_AFFINE, NEG_G1);
    negG1Ready = true;
  }
  return NEG_G1_AFFINE;
}

/** True if a call may still allocate `bytes` (plus 1 MiB of slack) below the memory maximum. */
export function arenaFits(bytes: u64): bool {
  // @ts-ignore: runtime global (assembly/rt/arena.ts)
  let free = <u64>__arena_free_bytes(MEMORY_PAGES_MAX);
  return bytes + (1 << 20) <= free;
}

// A direct-mapped cache of keys that passed KeyValidate: the 48 encoded bytes and the decoded
// point. Decoding a key costs a square root and a subgroup check (about 40 Miller-loop steps'
// worth); validator keys recur in every certificate, so FastAggregateVerify over a known set
// is then a few additions. The cache changes no verdict: a hit needs the exact 48 bytes of a
// key that was fully validated before, and it holds exactly the point decoding would give.
// It lives in memory allocated by the module's start, so chiron_reset() keeps it.
const KEY_CACHE_ENTRIES: usize = 4096;
const KEY_ENTRY_BYTES: usize = (PK_BYTES + G1_BYTES + 15) & ~15;
const KEY_CACHE: usize = heap.alloc(KEY_CACHE_ENTRIES * KEY_ENTRY_BYTES);
memory.fill(KEY_CACHE, 0, KEY_CACHE_ENTRIES * KEY_ENTRY_BYTES);

function keyCacheEntry(pk48: usize): usize {
  // The low bytes of x: uniform for honest keys; a crafted collision only evicts.
  return KEY_CACHE + (<usize>load<u32>(pk48, 44) & (KEY_CACHE_ENTRIES - 1)) * KEY_ENTRY_BYTES;
}

/**
 * KeyValidate (§2.5): decode `pk48` with the subgroup check into the G1 point `o`;
 * E_BLS_PK_INFINITY for the identity, or the decoder's error.
 */
export function keyValidate(o: usize, pk48: usize): i32 {
  let e = keyCacheEntry(pk48);
  // An empty entry is all zeros; every valid key has the compression flag 0x80 set.
  if ((load<u8>(e) & 0x80) != 0 && memory.compare(e, pk48, PK_BYTES) == 0) {
    memory.copy(o, e + PK_BYTES, G1_BYTES);
    return OK;
  }
  let r = g1Decompress(o, pk48);
  if (r != OK) return r;
  if (g1IsZero(o)) return E_BLS_PK_INFINITY;
  memory.copy(e, pk48, PK_BYTES);
  memory.copy(e + PK_BYTES, o, G1_BYTES);
  return OK;
}

/** Decodes a signature (subgroup-checked, infinity allowed) into the G2 point `o`. */
export function signatureToPoint(o: usize, sig96: usize): i32 {
  return g2Decompress(o, sig96);
}

/**
 * Appends the pair (−g1, σ) after `n` pairs unless σ is infinity; the new pair count.
 * `sig` is a G2 point already decoded.
 */
export function appendSignaturePair(g1s: usize, g2s: usize, n: i32, sig: usize): i32 {
  if (!g2ToAffine(g2s + <usize>n * G2_AFFINE_BYTES, sig)) return n;
  memory.copy(g1s + <usize>n * G1_AFFINE_BYTES, negG1Affine(), G1_AFFINE_BYTES);
  return n + 1;
}

/** Appends (P, Q) after `n` pairs unless either is infinity; the new pair count. */
export function appendPair(g1s: usize, g2s: usize, n: i32, p: usize, q: usize): i32 {
  if (g1IsZero(p) || g2IsZero(q)) return n;
  g1ToAffine(g1s + <usize>n * G1_AFFINE_BYTES, p); // free for decoded points (Z = 1)
  g2ToAffine(g2s + <usize>n * G2_AFFINE_BYTES, q);
  return n + 1;
}

/**
 * Scratch bytes appendPairs and then the pairing check allocate for `count` pairs (plus the
 * signature pair): the shared-inversion prefixes, and the Miller loop's per-pair state
 * (pairing.ts: one G2 point per pair beyond its static room; miller_affine.ts:
 * MILLER_AFFINE_PAIR_BYTES per pair).
 */
export function appendPairsScratch(count: usize): u64 {
  return <u64>count * <u64>FP2_BYTES + (<u64>count + 1) * <u64>max(G2_BYTES, MILLER_AFFINE_PAIR_BYTES) + 64;
}

/**
 * Appends the pairs (P_i, Q_i), i < count (G1_BYTES and G2_BYTES apart), after `n` pairs,
 * with one inversion per group for the affine forms; pairs with infinity are dropped.
 */
export function appendPairs(g1s: usize, g2s: usize, n: i32, ps: usize, qs: usize, count: i32): i32 {
  if (count == 0) return n;
  let a1 = g1s + <usize>n * G1_AFFINE_BYTES, a2 = g2s + <usize>n * G2_AFFINE_BYTES;
  let prefix = heap.alloc(<usize>count * FP2_BYTES);
  g1AffineBatch(a1, ps, count, prefix);
  g2AffineBatch(a2, qs, count, prefix);
  let k = n;
  for (let i = 0; i < count; i++) {
    if (g1IsZero(ps + <usize>i * G1_BYTES) || g2IsZero(qs + <usize>i * G2_BYTES)) continue;
    if (k != n + i) { // compact over a dropped pair
      memory.copy(g1s + <usize>k * G1_AFFINE_BYTES, a1 + <usize>i * G1_AFFINE_BYTES, G1_AFFINE_BYTES);
      memory.copy(g2s + <usize>k * G2_AFFINE_BYTES, a2 + <usize>i * G2_AFFINE_BYTES, G2_AFFINE_BYTES);
    }
    k++;
  }
  return k;
}

/** ∏ e(P_i, Q_i) == 1 over the n pairs (an empty product is 1). */
export function pairsCheck(g1s: usize, g2s: usize, n: i32): i32 {
  if (n == 0) return OK;
  return pairingProductIsOne(g1s, g2s, n) ? OK : E_BLS_SIG_INVALID;
}

/**
 * CoreVerify (§2.7) of `sig96` on the message under `pk48` with the given DST: OK,
 * E_BLS_SIG_INVALID, E_BLS_PK_INFINITY or a decoding error.
 */
export function coreVerify(pk48: usize, msg: usize, msgLen: usize, sig96: usize, dst: usize, dstLen: usize): i32 {
  let r = signatureToPoint(SIG_POINT, sig96);
  if (r != OK) return r;
  r = keyValidate(PK_POINT, pk48);
  if (r != OK) return r;
  r = hashToG2(MSG_POINT, msg, msgLen, dst, dstLen);
  if (r != OK) return r;
  let n = appendPair(PAIR_G1, PAIR_G2, 0, PK_POINT, MSG_POINT);
  n = appendSignaturePair(PAIR_G1, PAIR_G2, n, SIG_POINT);
  return pairsCheck(PAIR_G1, PAIR_G2, n);
}

/** Verify of the POP ciphersuite. */
export function blsVerify(pk48: usize, msg: usize, msgLen: usize, sig96: usize): i32 {
  return coreVerify(pk48, msg, msgLen, sig96, DST_SIG_PTR, DST_LEN);
}

/** PopVerify (§3.3.3): CoreVerify of the 48-byte key itself under the POP DST. */
export function blsPopVerify(pk48: usize, proof96: usize): i32 {
  return coreVerify(pk48, pk48, PK_BYTES, proof96, DST_POP_PTR, DST_LEN);
}

/**
 * CoreAggregateVerify (§2.9): `count` keys (48 bytes each, contiguous) and a message
 * table of `count` records; messages may repeat (POP scheme, §3.3).
 */
export function coreAggregateVerify(pks: usize, msgTable: usize, count: u32, sig96: usize, dst: usize, dstLen: usize): i32 {
  if (count == 0) return E_BLS_EMPTY;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  let n = <usize>count;
  let need = <u64>(n + 1) * <u64>(G1_AFFINE_BYTES + G2_AFFINE_BYTES + G1_BYTES + G2_BYTES + 72) +
    groupScratch(n) + appendPairsScratch(n);
  if (!arenaFits(need)) return E_BLS_COUNT;
  let r = signatureToPoint(SIG_POINT, sig96);
  if (r != OK) return r;
  // Equal messages (allowed by the POP scheme) share one hash and one pair: Σ PK_i per message.
  let groupOf = heap.alloc(n * 4);
  let leaders = heap.alloc(n * 4);
  let groups = groupMessages(msgTable, count, groupOf, leaders);
  let keySums = heap.alloc(<usize>groups * G1_BYTES);
  let hashPoints = heap.alloc(<usize>groups * G2_BYTES);
  for (let g: u32 = 0; g < groups; g++) g1Zero(keySums + <usize>g * G1_BYTES);
  for (let i: u32 = 0; i < count; i++) {
    r = keyValidate(PK_POINT, pks + <usize>i * PK_BYTES);
    if (r != OK) return r;
    let sum = keySums + <usize>load<u32>(groupOf + <usize>i * 4) * G1_BYTES;
    g1Add(sum, sum, PK_POINT);
  }
  for (let g: u32 = 0; g < groups; g++) {
    let e = msgTable + <usize>load<u32>(leaders + <usize>g * 4) * MSG_ENTRY_BYTES;
    r = hashToG2(hashPoints + <usize>g * G2_BYTES, <usize>load<u32>(e), <usize>load<u32>(e, 4), dst, dstLen);
    if (r != OK) return r;
  }
  let g1s = heap.alloc((<usize>groups + 1) * G1_AFFINE_BYTES);
  let g2s = heap.alloc((<usize>groups + 1) * G2_AFFINE_BYTES);
  let pairs = appendPairs(g1s, g2s, 0, keySums, hashPoints, <i32>groups);
  pairs = appendSignaturePair(g1s, g2s, pairs, SIG_POINT);
  return pairsCheck(g1s, g2s, pairs);
}

/**
 * FastAggregateVerify (§3.3.4): KeyValidate each of the `count` keys, add them, CoreVerify
 * the sum (which must not be infinity) on one message.
 */
export function fastAggregateVerify(pks: usize, count: u32, msg: usize, msgLen: usize, sig96: usize, dst: usize, dstLen: usize): i32 {
  if (count == 0) return E_BLS_EMPTY;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  let r = signatureToPoint(SIG_POINT, sig96);
  if (r != OK) return r;
  r = aggregateKeys(AGG_POINT, pks, count);
  if (r != OK) return r;
  if (g1IsZero(AGG_POINT)) return E_BLS_PK_INFINITY;
  r = hashToG2(MSG_POINT, msg, msgLen, dst, dstLen);
  if (r != OK) return r;
  let n = appendPair(PAIR_G1, PAIR_G2, 0, AGG_POINT, MSG_POINT);
  n = appendSignaturePair(PAIR_G1, PAIR_G2, n, SIG_POINT);
  return pairsCheck(PAIR_G1, PAIR_G2, n);
}

const AGG_POINT = memory.data(<i32>G1_BYTES, 16);
const AGG_G2_POINT = memory.data(<i32>G2_BYTES, 16);

/** o = Σ of `count` validated keys (KeyValidate on each); the sum itself may be infinity. */
export function aggregateKeys(o: usize, pks: usize, count: u32): i32 {
  g1Zero(o);
  for (let i: u32 = 0; i < count; i++) {
    let r = keyValidate(PK_POINT, pks + <usize>i * PK_BYTES);
    if (r != OK) return r;
    g1Add(o, o, PK_POINT);
  }
  return OK;
}

/**
 * Aggregate (§2.8) of `count` signatures into `out96` (compressed). Every signature is
 * decoded with the subgroup check; an empty list is E_BLS_EMPTY.
 */
export function aggregateSignatures(out96: usize, sigs: usize, count: u32): i32 {
  if (count == 0) return E_BLS_EMPTY;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  g2Zero(AGG_G2_POINT);
  for (let i: u32 = 0; i < count; i++) {
    let r = signatureToPoint(SIG_POINT, sigs + <usize>i * SIG_BYTES);
    if (r != OK) return r;
    g2Add(AGG_G2_POINT, AGG_G2_POINT, SIG_POINT);
  }
  g2Compress(out96, AGG_G2_POINT);
  return OK;
}

/**
 * The sum of `count` public keys (each passing KeyValidate) into `out48` (compressed); an
 * empty list is E_BLS_EMPTY. The sum may be infinity, which no verify accepts as a key.
 */
export function aggregatePublicKeys(out48: usize, pks: usize, count: u32): i32 {
  if (count == 0) return E_BLS_EMPTY;
  if (count > BLS_ITEMS_MAX) return E_BLS_COUNT;
  let r = aggregateKeys(AGG_POINT, pks, count);
  if (r != OK) return r;
  g1Compress(out48, AGG_POINT);
  return OK;
}
