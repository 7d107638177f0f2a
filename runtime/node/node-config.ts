// What a ConsensusNode is made from (the contract between the node, the simulator and the
// hosts), and the part of the core it calls. Taking the core as this narrow interface lets a
// simulator hand every node one shared core (or a memoising wrapper around it: verdicts
// depend only on the bytes) without the node knowing.
import type { Core } from '../core.js'
import type { NodeStore } from '../state/store.js'
import type { MEMPOOL_LIMITS } from './mempool.js'
import type { buildBlock, verifyBlock } from '../chain/block-builder.js'
import type { ConsensusGenesis } from '../chain/consensus-genesis.js'
import type { NodeJournal, ResumePoint } from './journal.js'
import { BLOCK_TXS_MAX } from './block-info.js'

/**
 * Most transactions a node puts into one block unless told otherwise: as many as the
 * protocol allows. Blocks come one per slot, so the cap bounds throughput (10,000 a block
 * is 3,333 a second); a chain loaded near that rate could never catch up after a round that
 * failed, and a devnet offered 4,000 transfers a second finalized 2,323 a second with
 * blocks of 10,000 against 3,057 with 20,000 (BENCHMARKS.md).
 */
export const BLOCK_TXS_DEFAULT = BLOCK_TXS_MAX

/**
 * How the node behaves. Everything but 'honest' exists for the simulator's Byzantine runs:
 * - 'equivocate': as a proposer, builds two different valid blocks for its slot and
 *   gossips both;
 * - 'double-vote': notarizes every block of a round it sees and finalizes every notarized
 *   one, plus the other blocks of that round (equivocation in votes, §15); as a proposer it
 *   builds at once with any seat, ignoring better claims and blocks, so that rounds it sits
 *   in have two blocks;
 * - 'withhold': sends nothing: no proposals, votes, certificates or relays, and answers
 *   sync requests with nothing (it still follows the chain);
 * - 'invalid-blocks': proposes blocks with a wrong state root (re-signed, so only the root
 *   is wrong) or a bad signature, alternately;
 * - 'claim-withhold': claims its proposer seats (§19) and never builds the blocks.
 */
export type Behaviour = 'honest' | 'equivocate' | 'double-vote' | 'withhold' | 'invalid-blocks' | 'claim-withhold'

export interface ValidatorKeys {
  /** Validator record index. */
  index: number
  /** ed25519 seed of the record's account (signs blocks). */
  accountSeed: Uint8Array
  /** BLS secret key (32 bytes, big-endian). */
  blsSk: Uint8Array
  /** VRF secret key (32 bytes). */
  vrfSk: Uint8Array
}

export interface ConsensusNodeConfig {
  core: Core
  chainId: number
  /** makeConsensusGenesis's result; the node uses its hash, state root and writes. */
  genesis: Pick<ConsensusGenesis, 'hash' | 'stateRoot' | 'writes'>
  /** Content-addressed state nodes; may be shared by many nodes (writes are idempotent). */
  store: NodeStore
  genesisTimeMs: number
  keys?: ValidatorKeys
  behaviour?: Behaviour
  mempoolLimits?: typeof MEMPOOL_LIMITS
  /** Most transactions this node puts into one block (default BLOCK_TXS_DEFAULT, the protocol's 20,000). */
  blockTxsMax?: number
  /**
   * The block builder and verifier (default: runtime/chain/block-builder.ts). A simulator
   * may pass wrappers that memoise verdicts across its nodes: a verdict depends only on the
   * parent's state root and the block's bytes.
   */
  chain?: { buildBlock?: typeof buildBlock, verifyBlock?: typeof verifyBlock }
  /** Durable record of votes and final blocks (journal.ts); none in the simulator. */
  journal?: NodeJournal
  /** The final chain and votes a restarted node resumes from (its `store` holds their state). */
  resume?: ResumePoint
}

export type VerifyResult = { ok: true, seats: number } | { ok: false, error: string }

/** The calls the node makes into the core. */
export type NodeCore = Core & {
  consensus: {
    verifyVote(chainId: number, vote: Uint8Array, hdr: Uint8Array, entry: Uint8Array): VerifyResult
    verifyCert(chainId: number, cert: Uint8Array, hdr: Uint8Array, entries: Uint8Array[]): VerifyResult
  }
  bls: Core['bls'] & { sign?(sk: Uint8Array, msg: Uint8Array): Uint8Array }
}
