// ECVRF-EDWARDS25519-SHA512-TAI (suite_string 0x03) and ECVRF-EDWARDS25519-SHA512-ELL2
// (suite_string 0x04), RFC 9381 §5 with the parameters of §5.5: edwards25519, SHA-512,
// cofactor 8, cLen = 16, ptLen = qLen = 32, nonces per §5.4.2.2 (RFC 8032 style), keys
// derived from a 32-byte secret as in RFC 8032 §5.1.5. Chiron uses ELL2 (docs/VRF.md).
//
//   prove:   x, prefix from SHA-512(SK); Y = x·B; H = encode_to_curve(Y_string, alpha);
//            Gamma = x·H; k = SHA-512(prefix ‖ H_string) mod L; c = challenge(Y, H, Gamma,
//            k·B, k·H); s = k + c·x mod L; pi = Gamma ‖ c (16 bytes) ‖ s (32 bytes).
//   verify:  Y canonical and not of small order (§5.4.5); Gamma canonical, s < L (§5.4.4);
//            U = s·B - c·Y, V = s·H - c·Gamma; valid iff c = challenge(Y, H, Gamma, U, V).
//   beta:    SHA-512(suite ‖ 0x03 ‖ point_to_string(8·Gamma) ‖ 0x00) (§5.2).
//
// The prover is constant time with respect to the secret key and the nonce: the scalar
// multiplications are geScalarMulBaseCt (x·B, k·B over a static table) and geScalarMulCt
// (x·H, k·H), both masked table scans with a fixed sequence of operations; the scalar arithmetic is
// scalar_ct.ts, encodings go through a fixed inversion chain, and ELL2 is straight-line.
// (TAI's loop count depends on the public key and alpha only, which are public.) The
// verifier handles public data and is variable time.
import {
  OK, E_VRF_INVALID, E_VRF_PUBLIC_KEY, E_VRF_SMALL_ORDER_KEY, E_VRF_GAMMA, E_VRF_S_RANGE, E_VRF_SUITE,
  E_VRF_TAI,
} from "../errors";
import { SHA512_CTX_BYTES, sha512CtxInit, sha512CtxUpdate, sha512CtxFinal } from "../hash/sha512";
import { POINT_BYTES } from "../ed25519/point";
import { feNeg } from "../ed25519/field";
import { scIsCanonicalVartime } from "../ed25519/scalar";
import { mulVartime, mulPairVartime, mulBaseMinusKeyVartime } from "./multiply";
import { keyCacheLookup, keyCacheAdmitVartime } from "./key_cache";
import {
  geToBytes, geToBytesBatch, geToBytesBatchVartime, geFromBytesStrictVartime, geMulByCofactor,
  geIsSmallOrderEncodingVartime, geScalarMulCt, geScalarMulBaseCt,
} from "./curve";
import { hashToCurveEll2 } from "./ell2";
import { geFromBytesStrictX2Vartime } from "./point_x2";
import { scReduce512Ct, scMulAddCt } from "./scalar_ct";

/** suite_string of ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381 §5.5). */
export const VRF_SUITE_TAI: i32 = 3;
/** suite_string of ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381 §5.5), Chiron's suite. */
export const VRF_SUITE_ELL2: i32 = 4;
/** Proof bytes: Gamma (32) ‖ c (16) ‖ s (32). */
export const VRF_PROOF_BYTES: usize = 80;
/** Output (beta) bytes. */
export const VRF_OUTPUT_BYTES: usize = 64;
/** Try-and-increment gives up after this many counters (ctr is one byte). */
const TAI_TRIES_MAX: i32 = 256;

/** "ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_" ‖ 0x04: the ELL2 suite's hash-to-curve DST. */
// @ts-ignore: decorator
@lazy const ELL2_DST: usize = memory.data<u8>([
  0x45, 0x43, 0x56, 0x52, 0x46, 0x5f, 0x65, 0x64, 0x77, 0x61, 0x72, 0x64, 0x73, 0x32, 0x35, 0x35,
  0x31, 0x39, 0x5f, 0x58, 0x4d, 0x44, 0x3a, 0x53, 0x48, 0x41, 0x2d, 0x35, 0x31, 0x32, 0x5f, 0x45,
  0x4c, 0x4c, 0x32, 0x5f, 0x4e, 0x55, 0x5f, 0x04,
]);
const ELL2_DST_BYTES: u32 = 40;

// @ts-ignore: decorator
@lazy const ctx: usize = memory.data(<i32>SHA512_CTX_BYTES, 16);
// @ts-ignore: decorator
@lazy const digest: usize = memory.data(64, 8);
// @ts-ignore: decorator
@lazy const small: usize = memory.data(8, 8);
// @ts-ignore: decorator
@lazy const pointY: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const pointH: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const pointGamma: usize = memory.data(<i32>POINT_BYTES, 8);
// Four consecutive P3 points for one batch encoding: [H | Gamma], U, V, 8·Gamma.
// @ts-ignore: decorator
@lazy const batch: usize = memory.data(<i32>POINT_BYTES * 4, 8);
// @ts-ignore: decorator
@lazy const encoded: usize = memory.data(32 * 4, 8);
// @ts-ignore: decorator
@lazy const work: usize = memory.data(<i32>POINT_BYTES, 8);
// @ts-ignore: decorator
@lazy const pkBytes: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const hBytes: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const secretX: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const noncePrefix: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const nonceK: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarC: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarS: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarLo: usize = memory.data(32, 8);
// @ts-ignore: decorator
@lazy const scalarHi: usize = memory.data(32, 8);

/** 1 for a suite this module implements. */
export function vrfSuiteKnown(suite: i32): bool {
  return suite == VRF_SUITE_TAI || suite == VRF_SUITE_ELL2;
}

/**
 * ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1): the first ctr in 0..255 for
 * which SHA-512(suite ‖ 0x01 ‖ PK ‖ alpha ‖ ctr ‖ 0x00)[0..32] is a (strict) point
 * encoding gives H = 8·that point. Variable time in (PK, alpha), which are public.
 */
function encodeToCurveTaiVartime(h: usize, pk: usize, alpha: usize, alphaLen: usize): i32 {
  for (let ctr = 0; ctr < TAI_TRIES_MAX; ctr++) {
    sha512CtxInit(ctx);
    store<u8>(small, <u8>VRF_SUITE_TAI);
    store<u8>(small, 0x01, 1);
    sha512CtxUpdate(ctx, small, 2);
    sha512CtxUpdate(ctx, pk, 32);
    sha512CtxUpdate(ctx, alpha, alphaLen);
    store<u8>(small, <u8>ctr, 2);
    store<u8>(small, 0x00, 3);
    sha512CtxUpdate(ctx, small + 2, 2);
    sha512CtxFinal(ctx, digest);
    if (geFromBytesStrictVartime(h, digest)) {
      geMulByCofactor(h, h);
      return OK;
    }
  }
  return E_VRF_TAI;
}

/** H = ECVRF_encode_to_curve(PK_string, alpha) for the suite (known by the caller). */
function encodeToCurve(h: usize, suite: i32, pk: usize, alpha: usize, alphaLen: usize): i32 {
  if (suite == VRF_SUITE_TAI) return encodeToCurveTaiVartime(h, pk, alpha, alphaLen);
  return hashToCurveEll2(h, pk, 32, alpha, alphaLen, ELL2_DST, ELL2_DST_BYTES, 0);
}

/**
 * ECVRF_challenge_generation (RFC 9381 §5.4.3): the first cLen = 16 bytes of SHA-512(suite ‖
 * 0x02 ‖ P1 ‖ … ‖ P5 ‖ 0x00), written to `out` as a 32-byte little-endian scalar (top 16
 * bytes zero). P1 = Y, P2 = H, P3 = Gamma, P4 = U, P5 = V, each 32 bytes.
 */
function challenge(out: usize, suite: i32, y: usize, h: usize, gamma: usize, u: usize, v: usize): void {
  sha512CtxInit(ctx);
  store<u8>(small, <u8>suite);
  store<u8>(small, 0x02, 1);
  sha512CtxUpdate(ctx, small, 2);
  sha512CtxUpdate(ctx, y, 32);
  sha512CtxUpdate(ctx, h, 32);
  sha512CtxUpdate(ctx, gamma, 32);
  sha512CtxUpdate(ctx, u, 32);
  sha512CtxUpdate(ctx, v, 32);
  store<u8>(small, 0x00, 2);
  sha512CtxUpdate(ctx, small + 2, 1);
  sha512CtxFinal(ctx, digest);
  memory.copy(out, digest, 16);
  memory.fill(out + 16, 0, 16);
}

/** beta = SHA-512(suite ‖ 0x03 ‖ point_to_string(8·Gamma) ‖ 0x00) (RFC 9381 §5.2 step 4). */
function betaFromEncoded(out: usize, suite: i32, gammaTimes8: usize): void {
  sha512CtxInit(ctx);
  store<u8>(small, <u8>suite);
  store<u8>(small, 0x03, 1);
  sha512CtxUpdate(ctx, small, 2);
  sha512CtxUpdate(ctx, gammaTimes8, 32);
  store<u8>(small, 0x00, 2);
  sha512CtxUpdate(ctx, small + 2, 1);
  sha512CtxFinal(ctx, out);
}

/**
 * x (clamped, RFC 8032 §5.1.5) and the nonce prefix from the 32-byte secret `sk`, and
 * pkBytes = point_to_string(x·B). Constant time.
 */
function expandSecret(sk: usize): void {
  sha512CtxInit(ctx);
  sha512CtxUpdate(ctx, sk, 32);
  sha512CtxFinal(ctx, digest);
  memory.copy(secretX, digest, 32);
  memory.copy(noncePrefix, digest + 32, 32);
  store<u8>(secretX, load<u8>(secretX) & 248);
  store<u8>(secretX, (load<u8>(secretX, 31) & 127) | 64, 31);
  memory.fill(digest, 0, 64);
  geScalarMulBaseCt(work, secretX);
  geToBytes(pkBytes, work);
}

/** out (32 bytes) = the VRF public key of the 32-byte secret sk (an ed25519 public key). */
export function vrfPublicKey(out: usize, sk: usize): void {
  expandSecret(sk);
  memory.copy(out, pkBytes, 32);
  memory.fill(secretX, 0, 32);
  memory.fill(noncePrefix, 0, 32);
}

/**
 * ECVRF_prove (RFC 9381 §5.1): out (80 bytes) = pi for the 32-byte secret sk and
 * alpha[alphaLen]. Returns OK, E_VRF_SUITE or E_VRF_TAI (TAI found no point: probability
 * 2^-256). Constant time with respect to sk.
 */
export function vrfProve(out: usize, sk: usize, alpha: usize, alphaLen: usize, suite: i32): i32 {
  if (!vrfSuiteKnown(suite)) return E_VRF_SUITE;
  expandSecret(sk);
  let rc = encodeToCurve(pointH, suite, pkBytes, alpha, alphaLen);
  if (rc != OK) return rc;
  geToBytes(hBytes, pointH);
  // k = SHA-512(prefix ‖ h_string) mod L (§5.4.2.2).
  sha512CtxInit(ctx);
  sha512CtxUpdate(ctx, noncePrefix, 32);
  sha512CtxUpdate(ctx, hBytes, 32);
  sha512CtxFinal(ctx, digest);
  scReduce512Ct(nonceK, digest);
  // Gamma = x·H, U = k·B, V = k·H, encoded together.
  geScalarMulCt(batch, secretX, pointH);
  geScalarMulBaseCt(batch + POINT_BYTES, nonceK);
  geScalarMulCt(batch + 2 * POINT_BYTES, nonceK, pointH);
  geToBytesBatch(encoded, batch, 3);
  challenge(scalarC, suite, pkBytes, hBytes, encoded, encoded + 32, encoded + 64);
  scMulAddCt(scalarS, scalarC, secretX, nonceK); // s = c·x + k mod L
  memory.copy(out, encoded, 32);
  memory.copy(out + 32, scalarC, 16);
  memory.copy(out + 48, scalarS, 32);
  memory.fill(secretX, 0, 32);
  memory.fill(noncePrefix, 0, 32);
  memory.fill(nonceK, 0, 32);
  memory.fill(digest, 0, 64);
  return OK;
}

/**
 * ECVRF_decode_proof (RFC 9381 §5.4.4) into pointGamma, scalarC and scalarS: Gamma must be
 * a canonical point encoding (E_VRF_GAMMA), s below L (E_VRF_S_RANGE).
 */
function decodeProof(proof: usize): i32 {
  if (!geFromBytesStrictVartime(pointGamma, proof)) return E_VRF_GAMMA;
  return decodeScalars(proof);
}

/** The scalar half of decodeProof: s below L (E_VRF_S_RANGE), c and s into scalarC, scalarS. */
function decodeScalars(proof: usize): i32 {
  if (!scIsCanonicalVartime(proof + 48)) return E_VRF_S_RANGE;
  memory.copy(scalarC, proof + 32, 16);
  memory.fill(scalarC + 16, 0, 16);
  memory.copy(scalarS, proof + 48, 32);
  return OK;
}

/**
 * ECVRF_proof_to_hash (RFC 9381 §5.2): out (64 bytes) = beta of the 80-byte proof, after
 * decoding it (OK, E_VRF_GAMMA, E_VRF_S_RANGE or E_VRF_SUITE). As the RFC warns, only
 * meaningful for a proof that verifies.
 */
export function vrfProofToHash(out: usize, proof: usize, suite: i32): i32 {
  if (!vrfSuiteKnown(suite)) return E_VRF_SUITE;
  let rc = decodeProof(proof);
  if (rc != OK) return rc;
  geMulByCofactor(work, pointGamma);
  geToBytes(encoded, work);
  betaFromEncoded(out, suite, encoded);
  return OK;
}

/** P3 r = -p. */
function geNegate(r: usize, p: usize): void {
  memory.copy(r, p, POINT_BYTES);
  feNeg(r, r);
  feNeg(r + 120, r + 120);
}

/**
 * ECVRF_verify (RFC 9381 §5.3) with validate_key: returns OK and writes beta (64 bytes) to
 * `out`, or E_VRF_PUBLIC_KEY, E_VRF_SMALL_ORDER_KEY, E_VRF_GAMMA, E_VRF_S_RANGE,
 * E_VRF_SUITE, E_VRF_TAI or E_VRF_INVALID. Variable time (public inputs).
 */
export function vrfVerify(out: usize, pk: usize, alpha: usize, alphaLen: usize, proof: usize, suite: i32): i32 {
  if (!vrfSuiteKnown(suite)) return E_VRF_SUITE;
  // A cached key passed the two checks below before (key_cache.ts); only then is it cached.
  let keyTable = keyCacheLookup(pk);
  if (keyTable == 0) {
    // Y and Gamma decoded together (their square roots' exponentiations paired); the
    // verdicts come in the order of RFC 9381 §5.3: the key, then the proof.
    let decoded = geFromBytesStrictX2Vartime(pointY, pk, pointGamma, proof);
    if ((decoded & 1) == 0) return E_VRF_PUBLIC_KEY;
    if (geIsSmallOrderEncodingVartime(pk)) return E_VRF_SMALL_ORDER_KEY; // 8·Y = identity
    if ((decoded & 2) == 0) return E_VRF_GAMMA;
  } else if (!geFromBytesStrictVartime(pointGamma, proof)) {
    return E_VRF_GAMMA;
  }
  let rc = decodeScalars(proof);
  if (rc != OK) return rc;
  rc = encodeToCurve(pointH, suite, pk, alpha, alphaLen);
  if (rc != OK) return rc;
  if (keyTable == 0) keyTable = keyCacheAdmitVartime(pk, pointY);
  geNegate(batch, pointGamma);
  if (keyTable != 0) {
    // U = s·B - c·Y from the static comb of B and the key's comb: additions and 7 doublings.
    mulBaseMinusKeyVartime(batch + POINT_BYTES, scalarS, scalarC, keyTable);
    // V = c·(-Gamma) + s·H.
    mulVartime(batch + 2 * POINT_BYTES, scalarC, batch, scalarS, pointH, 0, 0);
  } else {
    // U = c·(-Y) + s·B, s split into 128-bit halves over the static tables of B and
    // 2^128·B, and V = c·(-Gamma) + s·H: two chains, paired where both run.
    memory.fill(scalarLo, 0, 32);
    memory.fill(scalarHi, 0, 32);
    memory.copy(scalarLo, scalarS, 16);
    memory.copy(scalarHi, scalarS + 16, 16);
    geNegate(pointY, pointY);
    mulPairVartime(batch + POINT_BYTES, batch + 2 * POINT_BYTES, scalarC, pointY, scalarLo, scalarHi, batch, scalarS, pointH);
  }
  geMulByCofactor(batch + 3 * POINT_BYTES, pointGamma);
  memory.copy(batch, pointH, POINT_BYTES);
  geToBytesBatchVartime(encoded, batch, 4); // H, U, V, 8·Gamma
  challenge(digest, suite, pk, encoded, proof, encoded + 32, encoded + 64);
  if (load<u64>(digest) != load<u64>(proof, 32) || load<u64>(digest, 8) != load<u64>(proof, 40)) return E_VRF_INVALID;
  betaFromEncoded(out, suite, encoded + 96);
  return OK;
}
