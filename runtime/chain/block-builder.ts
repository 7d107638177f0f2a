// Building and verifying version-2 blocks (docs/PROTOCOL.md §16) against a full node's state.
//
// A proposer cannot know its block's state root before applying it, and the header
// signature covers that root. So buildBlock applies a draft (zero root, zero signature) in
// the core's build mode, which skips exactly those two checks and nothing else, puts the
// root into the header and signs it with the proposer's account key. The post-state does
// not depend on the root or the signature fields (seed_b comes from the VRF proof), so the
// draft's result is the signed block's.
import type { Core } from '../core.js'
import { CoreError } from '../core/wasm.js'
import { ApplyError } from '../core/ledger.js'
import { CodecError } from '../codec/errors.js'
import {
  blockHash, decodeBlock, encodeBlock, isV2, signHeader, txRoot, type HeaderV2,
} from '../codec/block.js'
import type { StateTree } from '../state/smt.js'
import { blockWitnessKeys } from './witness-keys.js'

export interface BuildBlockOptions {
  core: Core
  /** The state after the parent block (its root is the parent's state root). */
  tree: StateTree
  chainId: number
  parentHash: Uint8Array
  height: bigint
  slot: bigint
  /** The proposer's validator index. */
  proposer: number
  /** The proposer's VRF proof for the proposer draw of (height, slot) (80 bytes). */
  vrfProof: Uint8Array
  /** The parent's notarization certificate (empty at height 1). */
  cert: Uint8Array
  /** Encoded transactions of any kind, applied in this order. */
  txs: Uint8Array[]
  /** The ed25519 seed of the proposer's account key (signs the header). */
  accountSk: Uint8Array
}

export interface BuiltBlock {
  bytes: Uint8Array
  hash: Uint8Array
  header: HeaderV2
  postRoot: Uint8Array
  /** Tree nodes to store: tree.applyWrites(postRoot, writes). */
  writes: Uint8Array
}

/**
 * Builds, applies (build mode) and signs a block on `tree`'s state. Does not change the
 * tree. Throws the core's ApplyError when the block cannot be valid (its txIndex names a
 * bad transaction, which the caller can drop and build again).
 */
export async function buildBlock(o: BuildBlockOptions): Promise<BuiltBlock> {
  const draft: HeaderV2 = {
    version: 2, chainId: o.chainId, height: o.height, slot: o.slot, parent: o.parentHash,
    proposer: o.proposer, vrfProof: o.vrfProof, txRoot: txRoot(o.txs), stateRoot: new Uint8Array(32),
    txCount: o.txs.length, cert: o.cert, sig: new Uint8Array(64),
  }
  const draftBytes = encodeBlock(draft, o.txs)
  const keys = await blockWitnessKeys(decodeBlock(draftBytes), (k) => o.tree.get(k))
  const witness = await o.tree.buildWitness(keys)
  const change = o.core.ledger.apply(o.tree.root, draftBytes, witness, 'build')
  const header = signHeader({ ...draft, stateRoot: change.root }, o.accountSk)
  return { bytes: encodeBlock(header, o.txs), hash: blockHash(header), header, postRoot: change.root, writes: change.writes }
}

export type VerifyResult =
  | { ok: true, postRoot: Uint8Array, writes: Uint8Array, hash: Uint8Array }
  /** `error` is the core's error name; `tx` the offending transaction's index (-1: the block). */
  | { ok: false, error: string, tx: number }

/**
 * Judges a block (any version) on `tree`'s state (the parent's post-state): decodes it,
 * builds the witness of exactly the keys it touches, and has the core apply it. Does not
 * change the tree. The caller checks what the core cannot see (that `parent` is the block
 * it meant, timing) and stores the writes: tree.applyWrites(postRoot, writes).
 */
export async function verifyBlock(o: { core: Core, tree: StateTree, block: Uint8Array }): Promise<VerifyResult> {
  let block
  try {
    block = decodeBlock(o.block)
  } catch (e) {
    if (e instanceof CodecError) return { ok: false, error: e.coreName, tx: (e as CodecError & { txIndex?: number }).txIndex ?? -1 }
    throw e
  }
  const keys = await blockWitnessKeys(block, (k) => o.tree.get(k))
  const witness = await o.tree.buildWitness(keys)
  try {
    const change = o.core.ledger.apply(o.tree.root, o.block, witness, 'verify')
    const hash = isV2(block.header) ? blockHash(block.header) : o.core.sha256(block.headerBytes)
    return { ok: true, postRoot: change.root, writes: change.writes, hash }
  } catch (e) {
    if (e instanceof ApplyError) return { ok: false, error: e.coreName, tx: e.txIndex }
    if (e instanceof CoreError) return { ok: false, error: e.coreName, tx: -1 }
    throw e
  }
}
