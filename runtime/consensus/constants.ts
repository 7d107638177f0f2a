// The consensus constants of docs/PROTOCOL.md §11, mirrored from assembly/consensus/constants.ts
// (test/consensus-codec.test.js checks that the two agree). Heights, slots, epochs, bonds and
// amounts are u64 on the chain: bigint here. Counts and per-mille values fit a number.

/** Slot length (node rule: slot s starts at genesisTimeMs + s × SLOT_MS). */
export const SLOT_MS = 3000
/** How long after a slot's start a committee member waits for proposals before notarizing (§19). */
export const PROPOSAL_WAIT_MS = 800
/** How long a non-proposer waits for a certificate before aggregating the votes itself (§19). */
export const AGGREGATION_WAIT_MS = 600

/** Heights per epoch (E). */
export const EPOCH_LENGTH = 32n
/** Expected committee seats per round (τ). */
export const TAU = 3000
/** Seats a certificate needs (0.72 τ). */
export const THRESHOLD = 2160
/** Expected proposer seats per round. */
export const TAU_PROPOSER = 12
/** Smallest bond. */
export const MIN_BOND = 1_000_000n
/** Validator records ever created (also the largest bitmap length n). */
export const MAX_VALIDATORS = 4096
/** Diligence level bounds and start, per mille. */
export const LEVEL_MIN = 100
export const LEVEL_START = 500
export const LEVEL_MAX = 1000
/** Work rate (per mille of expected) at which the level holds. */
export const RHO_TARGET = 750
/** Level change per epoch per unit of rate (per mille). */
export const KAPPA = 400
/** Work credited to the proposer of a block whose notarization certificate was included. */
export const PROPOSAL_BONUS = 300
/** Units minted per epoch, shared by work. */
export const EPOCH_REWARD = 1_000_000n
/** An equivocating validator loses bond / SLASH_DIVISOR (burned). */
export const SLASH_DIVISOR = 10n
/** Epochs between an exit and the bond's return. */
export const EXIT_DELAY = 2n
/** Epochs back that equivocation evidence is accepted. */
export const SLASH_WINDOW = 2n

/** tip.proposer at genesis: no block has been proposed yet. */
export const NO_PROPOSER = 0xffffffff

/** Validator record status (§12). */
export const STATUS_ACTIVE = 1
export const STATUS_EXITING = 2
export const STATUS_EXITED = 3

/** Vote kinds (§14). */
export const NOTARIZE = 1
export const FINALIZE = 2

/** Encoded sizes (§12, §14). */
export const TIP_BYTES = 64
export const VALIDATOR_BYTES = 141
export const TABLE_HEADER_BYTES = 44
export const TABLE_ENTRY_BYTES = 88
export const VOTE_BYTES = 221
export const VRF_PROOF_BYTES = 80
export const BLS_PK_BYTES = 48
export const BLS_SIG_BYTES = 96
export const VRF_PK_BYTES = 32
/** kind ‖ height ‖ block ‖ n: the fixed part of a certificate before its bitmap. */
export const CERT_PREFIX_BYTES = 45

/** epoch(h) = (h − 1) / E for h ≥ 1 (§11). */
export function epochOf(h: bigint | number): bigint {
  const fn = 'epochOf'
  let v: bigint
  if (typeof h === 'bigint') v = h
  else if (typeof h === 'number' && Number.isSafeInteger(h)) v = BigInt(h)
  else throw new TypeError(`${fn}: expected a height as bigint or safe integer, got ${typeof h === 'number' ? h : typeof h}`)
  if (v < 1n || v > 0xffffffffffffffffn) throw new RangeError(`${fn}: expected a height in [1, 2^64), got ${v}`)
  return (v - 1n) / EPOCH_LENGTH
}

/** The first height of epoch e: e·E + 1 (where the epoch transition runs for e ≥ 1). */
export function epochStart(e: bigint): bigint {
  if (typeof e !== 'bigint') throw new TypeError(`epochStart: expected an epoch as bigint, got ${typeof e}`)
  if (e < 0n) throw new RangeError(`epochStart: expected an epoch ≥ 0, got ${e}`)
  return e * EPOCH_LENGTH + 1n
}
