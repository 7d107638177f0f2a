// The consensus constants of docs/PROTOCOL.md §11 and the sizes of §12 and §14. The
// TypeScript mirror is runtime/consensus/constants.ts (a test checks they agree).

/** Heights per epoch (E). */
export const EPOCH_LENGTH: u64 = 32;
/** Expected committee seats per round (τ). */
export const TAU: u32 = 3000;
/** Seats a certificate needs (0.72 τ). */
export const THRESHOLD: u32 = 2160;
/** Expected proposer seats per round. */
export const TAU_PROPOSER: u32 = 12;
/** Smallest bond. */
export const MIN_BOND: u64 = 1000000;
/** Validator records ever created; also the largest certificate bitmap (n). */
export const MAX_VALIDATORS: u32 = 4096;
/** Diligence level, per mille. */
export const LEVEL_MIN: u32 = 100;
export const LEVEL_START: u32 = 500;
export const LEVEL_MAX: u32 = 1000;
/** Work rate (per mille of expected) at which the level holds. */
export const RHO_TARGET: i32 = 750;
/** Level change per epoch per unit of rate (per mille). */
export const KAPPA: i32 = 400;
/** Work credited to the parent's proposer when its notarization certificate is included. */
export const PROPOSAL_BONUS: u64 = 300;
/** Units minted per epoch, shared by work. */
export const EPOCH_REWARD: u64 = 1000000;
/** An equivocating validator loses bond / SLASH_DIVISOR (burned). */
export const SLASH_DIVISOR: u64 = 10;
/** Epochs between an exit and the bond's return. */
export const EXIT_DELAY: u64 = 2;
/** Epochs back that equivocation evidence is accepted. */
export const SLASH_WINDOW: u64 = 2;

/** tip.proposer at genesis. */
export const NO_PROPOSER: u32 = 0xffffffff;

/** Validator record status. */
export const STATUS_ACTIVE: u8 = 1;
export const STATUS_EXITING: u8 = 2;
export const STATUS_EXITED: u8 = 3;

/** Vote kinds. */
export const NOTARIZE: u8 = 1;
export const FINALIZE: u8 = 2;

/** Encoded sizes. */
export const TIP_BYTES: u32 = 64;
export const VALIDATOR_BYTES: u32 = 141;
export const TABLE_HEADER_BYTES: u32 = 44;
export const TABLE_ENTRY_BYTES: u32 = 88;
export const VOTE_BYTES: u32 = 221;
export const VRF_PROOF_BYTES: u32 = 80;
export const BLS_PK_BYTES: u32 = 48;
export const BLS_SIG_BYTES: u32 = 96;
export const VRF_PK_BYTES: u32 = 32;
/** kind ‖ height ‖ block ‖ n: a certificate's fixed prefix. */
export const CERT_PREFIX_BYTES: u32 = 45;
/**
 * Longest certificate: n = MAX_VALIDATORS, every bit set. A v2 header whose certLen is larger
 * cannot carry a valid certificate and is rejected (E_COUNT_RANGE) before anything is copied.
 */
export const CERT_BYTES_MAX: u32 = CERT_PREFIX_BYTES + MAX_VALIDATORS / 8 + BLS_SIG_BYTES + MAX_VALIDATORS * VRF_PROOF_BYTES;
/** "chiron/vote/v1" ‖ u32 ‖ u8 ‖ u64 ‖ [32]. */
export const VOTE_MESSAGE_BYTES: u32 = 59;

/** Expected work per unit of weight share over an epoch: E × (TAU + PROPOSAL_BONUS). */
export const EPOCH_WORK_EXPECTED: u64 = EPOCH_LENGTH * (<u64>TAU + PROPOSAL_BONUS);

/** epoch(h) = (h − 1) / E for h ≥ 1; 0 for h = 0 (genesis, which no table check reaches). */
// @ts-ignore: decorator
@inline export function epochOf(h: u64): u64 {
  return h == 0 ? 0 : (h - 1) / EPOCH_LENGTH;
}
