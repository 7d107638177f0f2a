// The validators and genesis of a simulated chain: every key is derived from the run's seed
// (so a seed names the whole network), bonds are equal by default or spread over 1..10 × the
// base bond, and each validator account and a few client accounts are funded (the clients
// send the light transaction load).
import type { Core } from '../core.js'
import { keyGen, publicKey as blsPublicKey, popProve } from '../wallet/bls.js'
import { publicKey as edPublicKey } from '../wallet/ed25519.js'
import { makeConsensusGenesis, type ConsensusGenesis } from '../chain/consensus-genesis.js'
import type { ValidatorKeys } from '../node/node-config.js'
import { Rng } from './rng.js'

/** Bond of every validator with equal bonds; unequal bonds are 1..10 times this. */
export const BASE_BOND = 10_000_000n
/** Balance of each validator's account and each client account at genesis. */
export const ACCOUNT_BALANCE = 1_000_000_000n

export interface SimValidator { keys: ValidatorKeys, bond: bigint }
export interface SimClient { seed: Uint8Array, pk: Uint8Array }
export interface SimNetwork {
  chainId: number
  validators: SimValidator[]
  clients: SimClient[]
  genesis: ConsensusGenesis
}

function bytes32(rng: Rng): Uint8Array {
  const out = new Uint8Array(32)
  const dv = new DataView(out.buffer)
  for (let i = 0; i < 32; i += 4) dv.setUint32(i, rng.u32(), true)
  return out
}

interface KeyMaterial { keys: ValidatorKeys, account: Uint8Array, blsPk: Uint8Array, pop: Uint8Array, vrfPk: Uint8Array }

/**
 * Public keys and proofs of possession cost milliseconds each (the BLS ones are computed in
 * JavaScript), so runs in one process that share a key seed share them: they are a pure
 * function of the secrets. Bounded; the oldest are dropped first.
 */
const keyCache = new Map<string, KeyMaterial>()
const KEY_CACHE_MAX = 20_000

function keyMaterial(core: Core, index: number, accountSeed: Uint8Array, blsIkm: Uint8Array, vrfSk: Uint8Array): KeyMaterial {
  const id = `${index}:${accountSeed.join(',')}:${blsIkm.join(',')}:${vrfSk.join(',')}`
  const known = keyCache.get(id)
  if (known) return known
  const blsSk = keyGen(blsIkm)
  const m = { keys: { index, accountSeed, blsSk, vrfSk }, account: edPublicKey(accountSeed), blsPk: blsPublicKey(blsSk), pop: popProve(blsSk), vrfPk: core.vrf.publicKey(vrfSk) }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string)
  keyCache.set(id, m)
  return m
}

/**
 * The network of a run. Keys come from `keySeed` (default: the run's seed), bonds from the
 * run's seed; tests that sweep many seeds fix `keySeed` so key generation is paid once.
 */
export function makeSimNetwork(core: Core, opts: { seed: number, keySeed?: number, nodes: number, unequalBonds?: boolean, clients?: number, chainId?: number }): SimNetwork {
  const rng = new Rng(opts.keySeed ?? opts.seed).child('validators')
  const bondRng = new Rng(opts.seed).child('bonds')
  const chainId = opts.chainId ?? 7000
  const validators: SimValidator[] = []
  const records = []
  for (let i = 0; i < opts.nodes; i++) {
    const m = keyMaterial(core, i, bytes32(rng), bytes32(rng), bytes32(rng))
    const bond = opts.unequalBonds ? BASE_BOND * BigInt(bondRng.between(1, 10)) : BASE_BOND
    validators.push({ keys: m.keys, bond })
    records.push({ account: m.account, bond, blsPk: m.blsPk, pop: m.pop, vrfPk: m.vrfPk })
  }
  const clients: SimClient[] = []
  for (let i = 0; i < (opts.clients ?? 16); i++) {
    const seed = bytes32(rng)
    clients.push({ seed, pk: edPublicKey(seed) })
  }
  const allocations = [
    ...clients.map((c) => ({ pk: c.pk, balance: ACCOUNT_BALANCE })),
    ...records.map((r) => ({ pk: r.account, balance: ACCOUNT_BALANCE })),
  ]
  const genesis = makeConsensusGenesis(core, { chainId, allocations, validators: records })
  return { chainId, validators, clients, genesis }
}
