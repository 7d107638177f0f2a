// Seeds and VRF inputs (docs/PROTOCOL.md §13). Mirror: runtime/consensus/seeds.ts.
//   genesis seed  H("chiron/genesis-seed" ‖ u32(chainId) ‖ genesis input)
//   block seed    H("chiron/seed" ‖ seed_parent ‖ beta)
//   proposer α    "chiron/propose" ‖ T.seed ‖ u64(h) ‖ u64(s)       (62 bytes)
//   committee α   "chiron/committee" ‖ T.seed ‖ u64(h)              (56 bytes)
import { SHA256_CTX_BYTES, sha256CtxInit, sha256CtxUpdate, sha256CtxFinal } from "../hash/sha256";

const GENESIS_SEED = memory.data<u8>([ // "chiron/genesis-seed"
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x67, 0x65, 0x6e, 0x65, 0x73, 0x69, 0x73, 0x2d, 0x73,
  0x65, 0x65, 0x64]);
const SEED = memory.data<u8>([0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x73, 0x65, 0x65, 0x64]); // "chiron/seed"
const PROPOSE = memory.data<u8>([ // "chiron/propose"
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x70, 0x72, 0x6f, 0x70, 0x6f, 0x73, 0x65]);
const COMMITTEE = memory.data<u8>([ // "chiron/committee"
  0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x63, 0x6f, 0x6d, 0x6d, 0x69, 0x74, 0x74, 0x65, 0x65]);

export const PROPOSER_ALPHA_BYTES: usize = 62;
export const COMMITTEE_ALPHA_BYTES: usize = 56;

const ctx = memory.data(<i32>SHA256_CTX_BYTES, 16);
const chainIdBuf = memory.data(4);

/** out[32] = the genesis seed. */
export function genesisSeed(out: usize, chainId: u32, input: usize, inputLen: usize): void {
  store<u32>(chainIdBuf, chainId);
  sha256CtxInit(ctx);
  sha256CtxUpdate(ctx, GENESIS_SEED, 19);
  sha256CtxUpdate(ctx, chainIdBuf, 4);
  sha256CtxUpdate(ctx, input, inputLen);
  sha256CtxFinal(ctx, out);
}

/** out[32] = seed_b from the parent's seed (32) and the proposer's VRF output beta (64); out may be parentSeed. */
export function blockSeed(out: usize, parentSeed: usize, beta: usize): void {
  sha256CtxInit(ctx);
  sha256CtxUpdate(ctx, SEED, 11);
  sha256CtxUpdate(ctx, parentSeed, 32);
  sha256CtxUpdate(ctx, beta, 64);
  sha256CtxFinal(ctx, out);
}

/** out[62] = the proposer draw's alpha for round h in slot s under the table seed. */
export function proposerAlpha(out: usize, tableSeed: usize, h: u64, s: u64): void {
  memory.copy(out, PROPOSE, 14);
  memory.copy(out + 14, tableSeed, 32);
  store<u64>(out + 46, h);
  store<u64>(out + 54, s);
}

/** out[56] = the committee draw's alpha for round h under the table seed. */
export function committeeAlpha(out: usize, tableSeed: usize, h: u64): void {
  memory.copy(out, COMMITTEE, 16);
  memory.copy(out + 16, tableSeed, 32);
  store<u64>(out + 48, h);
}
