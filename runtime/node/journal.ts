// What a node must not forget across a crash, and where it starts again from.
//
// A node writes through its journal, and waits for the write to be durable, before it acts
// on what it wrote:
// - its own votes, before it sends them: a validator that restarted and forgot a notarize
//   vote could finalize another block of the same round, or forget that it had finalized
//   and notarize again (both are equivocation, §15, and slashable);
// - newly final blocks, before it reports them final: what a host acknowledges as final is
//   on disk, and the store's state nodes for the final state are written in the same batch.
// On restart the node resumes from its own final chain (trusted: it verified every block
// before it wrote it) and the votes it cast above it; everything else it learns again from
// its peers.

/** A final block as the node keeps it: its bytes (the header carries its post-state root). */
export interface FinalBlock {
  height: number
  hash: Uint8Array
  bytes: Uint8Array
  /** Its post-state root (the header's state root). */
  postRoot: Uint8Array
  /** The finalization certificate naming exactly this block, if the node holds one. */
  finalization: Uint8Array | null
  /**
   * Its notarization certificate, if held: the next block must carry the final head's, so a
   * restarted network needs it on disk (the other blocks' are in their children's headers).
   */
  notarization: Uint8Array | null
}

/** One vote this node cast. */
export interface VoteRecord {
  kind: number
  height: number
  block: Uint8Array
}

export interface NodeJournal {
  /** Resolves once the vote is durable. */
  recordVote(vote: VoteRecord): Promise<void>
  /** Resolves once the blocks (in height order, continuing the stored final chain) are durable. */
  recordFinal(blocks: FinalBlock[]): Promise<void>
}

/**
 * Where a node restarts: its final chain's blocks from height 1 up (each header carries its
 * post-state root), the certificates of the last, and the votes it cast above it.
 */
export interface ResumePoint {
  final: Uint8Array[]
  finalization: Uint8Array | null
  /** The notarization certificate of the last, if stored. */
  notarization: Uint8Array | null
  votes: VoteRecord[]
}
