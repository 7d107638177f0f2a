// The consensus genesis (docs/PROTOCOL.md §18): the genesis input, the state the core makes
// of it, and the version-2 genesis header whose hash block 1 names as its parent.
//
//   input = allocations (§9) ‖ count:u32 ‖ count × (account[32] ‖ bond:u64 ‖ blsPk[48] ‖
//           pop[96] ‖ vrfPk[32])
//
// Validators keep the order given: validator i of the list is record i and bit i of every
// certificate bitmap.
import { sha256 } from '@noble/hashes/sha2.js'
import type { Core } from '../core.js'
import { ByteReader, ByteWriter } from '../codec/bytes-io.js'
import { CodecError } from '../codec/errors.js'
import { blockHash, NO_PROPOSER, type HeaderV2 } from '../codec/block.js'
import { encodeAllocations, decodeAllocations, type Allocation } from './genesis.js'
import { concatBytes } from '../bytes.js'

export interface GenesisValidator {
  account: Uint8Array  // ed25519 public key: signs the validator's blocks, receives rewards and bond
  bond: bigint         // ≥ MIN_BOND
  blsPk: Uint8Array    // 48 bytes
  pop: Uint8Array      // 96-byte proof of possession of blsPk
  vrfPk: Uint8Array    // 32 bytes
}

export interface ConsensusGenesis {
  chainId: number
  /** The genesis input (allocations ‖ validators): the core's input and the header's tx root preimage. */
  input: Uint8Array
  header: HeaderV2
  /** The genesis block hash: block 1's parent. */
  hash: Uint8Array
  stateRoot: Uint8Array
  /** Tree nodes to store (StateTree.applyWrites(stateRoot, writes)). */
  writes: Uint8Array
}

/** Bytes of one validator in the genesis input. */
export const GENESIS_VALIDATOR_BYTES = 216

/** The validators of an encoded genesis input, in record order (throws CodecError if malformed). */
export function genesisInputValidators(input: Uint8Array): GenesisValidator[] {
  if (input.length < 4) throw new CodecError('E_TRUNCATED', 'genesis input: expected at least 4 bytes')
  const allocBytes = 4 + 40 * new DataView(input.buffer, input.byteOffset, input.byteLength).getUint32(0, true)
  decodeAllocations(input.subarray(0, Math.min(allocBytes, input.length)))
  const r = new ByteReader(input.subarray(allocBytes), 'genesis validators')
  const n = r.u32()
  r.need(n * GENESIS_VALIDATOR_BYTES)
  const out: GenesisValidator[] = []
  for (let i = 0; i < n; i++) {
    out.push({ account: r.bytesView(32).slice(), bond: r.u64(), blsPk: r.bytesView(48).slice(), pop: r.bytesView(96).slice(), vrfPk: r.bytesView(32).slice() })
  }
  r.end()
  return out
}

/** input = encoded allocations ‖ validators, in the order given. */
export function encodeGenesisInput(allocations: Allocation[], validators: GenesisValidator[]): Uint8Array {
  const w = new ByteWriter(4 + GENESIS_VALIDATOR_BYTES * validators.length).u32(validators.length)
  for (const v of validators) w.bytes(v.account, 32).u64(v.bond).bytes(v.blsPk, 48).bytes(v.pop, 96).bytes(v.vrfPk, 32)
  return concatBytes(encodeAllocations(allocations), w.finish())
}

/** Height 0 (§18): zero parent, proof and signature, proposer 0xFFFFFFFF, tx root = H(input). */
export function consensusGenesisHeader(chainId: number, input: Uint8Array, stateRoot: Uint8Array): HeaderV2 {
  return {
    version: 2, chainId, height: 0n, slot: 0n, parent: new Uint8Array(32), proposer: NO_PROPOSER,
    vrfProof: new Uint8Array(80), txRoot: sha256(input), stateRoot, txCount: 0, cert: new Uint8Array(0),
    sig: new Uint8Array(64),
  }
}

/**
 * Runs the core's chain_genesis on the encoded input. Throws the core's ApplyError (its
 * txIndex names a failing validator) when the core rejects the input.
 */
export function makeConsensusGenesis(core: Core, opts: {
  chainId: number, allocations: Allocation[], validators: GenesisValidator[],
}): ConsensusGenesis {
  return consensusGenesisFromInput(core, opts.chainId, encodeGenesisInput(opts.allocations, opts.validators))
}

/** The genesis of an encoded input (as a network record keeps it); throws as makeConsensusGenesis. */
export function consensusGenesisFromInput(core: Core, chainId: number, input: Uint8Array): ConsensusGenesis {
  const opts = { chainId }
  const g = core.ledger.chainGenesis(input, opts.chainId)
  const header = consensusGenesisHeader(opts.chainId, input, g.root)
  return { chainId: opts.chainId, input, header, hash: blockHash(header), stateRoot: g.root, writes: g.writes }
}
