// Seeds and VRF inputs (docs/PROTOCOL.md §13), mirrored from assembly/consensus/seeds.ts.
import { sha256 } from '@noble/hashes/sha2.js'
import { ByteWriter } from '../codec/bytes-io.js'
import { utf8 } from '../bytes.js'

const GENESIS_SEED = utf8('chiron/genesis-seed')
const SEED = utf8('chiron/seed')
const PROPOSE = utf8('chiron/propose')
const COMMITTEE = utf8('chiron/committee')

/** H("chiron/genesis-seed" ‖ u32(chainId) ‖ genesis input): the seed of epochs 0 and 1. */
export function genesisSeed(chainId: number, genesisInput: Uint8Array): Uint8Array {
  return sha256(new ByteWriter(23 + genesisInput.length).bytes(GENESIS_SEED).u32(chainId).bytes(genesisInput).finish())
}

/** seed_b = H("chiron/seed" ‖ seed_parent ‖ beta_b), beta_b the proposer's 64-byte VRF output. */
export function blockSeed(parentSeed: Uint8Array, beta: Uint8Array): Uint8Array {
  return sha256(new ByteWriter(107).bytes(SEED).bytes(parentSeed, 32).bytes(beta, 64).finish())
}

/** alpha = "chiron/propose" ‖ T.seed ‖ u64(h) ‖ u64(s): the proposer draw of round h in slot s. */
export function proposerAlpha(tableSeed: Uint8Array, height: bigint, slot: bigint): Uint8Array {
  return new ByteWriter(62).bytes(PROPOSE).bytes(tableSeed, 32).u64(height).u64(slot).finish()
}

/** alpha = "chiron/committee" ‖ T.seed ‖ u64(h): the committee draw of round h. */
export function committeeAlpha(tableSeed: Uint8Array, height: bigint): Uint8Array {
  return new ByteWriter(56).bytes(COMMITTEE).bytes(tableSeed, 32).u64(height).finish()
}
