// A consensus node on a store: what every host does to run a node from its data directory,
// in one place, so the Node, Deno, browser and worker hosts differ only in their KvStore.
//
// The store holds the network record (chain id, genesis time, genesis input), the validator
// secrets encrypted under a passphrase, the final chain and the node's votes (journal.ts).
// Opening it rebuilds the genesis with the core, finds this node's validator record by its
// BLS key, and resumes the final chain from disk.
import type { Core } from '../core.js'
import type { KvStore } from '../storage/kv.js'
import { ChainStore, CorruptStoreError, type NetworkRecord } from '../storage/chain-store.js'
import { KvJournal } from '../storage/node-journal.js'
import { ConsensusNode } from './consensus-node.js'
import type { ConsensusNodeConfig, ValidatorKeys } from './node-config.js'
import { consensusGenesisFromInput, genesisInputValidators, type ConsensusGenesis } from '../chain/consensus-genesis.js'
import { publicKey as blsPublicKey } from '../wallet/bls.js'
import { encryptKey, decryptKey } from '../wallet/keyfile.js'
import { StateTree } from '../state/smt.js'
import { tipKey, validatorKey } from '../consensus/keys.js'
import { decodeTip, decodeValidator, type ValidatorRecord } from '../consensus/records.js'
import { concatBytes, equalBytes } from '../bytes.js'

/** The secrets of a validator: its account's ed25519 seed, its BLS and VRF secret keys. */
export interface ValidatorSecrets {
  accountSeed: Uint8Array
  blsSk: Uint8Array
  vrfSk: Uint8Array
}

const VALIDATOR_KEY_NAME = 'validator'

export class NotInitializedError extends Error {
  constructor(message: string) { super(message); this.name = 'NotInitializedError' }
}

/** Writes the network record and (if given) the validator secrets encrypted under `passphrase`. */
export async function initStore(kv: KvStore, network: NetworkRecord, secrets?: ValidatorSecrets, passphrase?: string, keyfileOpts?: { logN: number, r: number, p: number }): Promise<void> {
  const store = new ChainStore(kv)
  if (await store.network()) throw new Error('this data directory is initialized already')
  if (secrets) {
    if (!passphrase) throw new TypeError('initStore: expected a passphrase for the validator keys')
    const file = await encryptKey(concatBytes(secrets.accountSeed, secrets.blsSk, secrets.vrfSk), passphrase, keyfileOpts)
    await store.putKey(VALIDATOR_KEY_NAME, file)
  }
  await store.saveNetwork(network)
}

/** True if the store holds validator secrets (a passphrase is then needed to run it). */
export async function hasValidatorKeys(kv: KvStore): Promise<boolean> {
  return (await new ChainStore(kv).getKey(VALIDATOR_KEY_NAME)) !== undefined
}

/** Decrypts the validator secrets (KeyFileError on a wrong passphrase). */
export async function readValidatorSecrets(kv: KvStore, passphrase: string): Promise<ValidatorSecrets | null> {
  const file = await new ChainStore(kv).getKey(VALIDATOR_KEY_NAME)
  if (!file) return null
  const raw = await decryptKey(file, passphrase)
  if (raw.length !== 96) throw new CorruptStoreError(`validator key file holds ${raw.length} bytes, expected 96`)
  return { accountSeed: raw.slice(0, 32), blsSk: raw.slice(32, 64), vrfSk: raw.slice(64, 96) }
}

export interface StoredNode {
  node: ConsensusNode
  store: ChainStore
  network: NetworkRecord
  genesis: ConsensusGenesis
  /** This node's validator index in the genesis, or null (a node that follows the chain). */
  validatorIndex: number | null
}

/** Opens the node kept in `kv`; `secrets` make it a validator if the genesis names its BLS key. */
export async function openStoredNode(opts: {
  core: Core, kv: KvStore, secrets?: ValidatorSecrets | null,
  tune?: Pick<ConsensusNodeConfig, 'behaviour' | 'blockTxsMax' | 'mempoolLimits'>,
  /** State tree nodes kept in memory (default NODE_CACHE_MAX). */
  cacheNodes?: number,
}): Promise<StoredNode> {
  const store = new ChainStore(opts.kv, opts.cacheNodes)
  const network = await store.network()
  if (!network) throw new NotInitializedError('the data directory holds no network record (run chiron init first)')
  let genesis: ConsensusGenesis
  let validators
  try {
    genesis = consensusGenesisFromInput(opts.core, network.chainId, network.genesisInput)
    validators = genesisInputValidators(network.genesisInput)
  } catch (e) {
    throw new CorruptStoreError(`the stored genesis is not valid: ${(e as Error).message}`)
  }
  let keys: ValidatorKeys | undefined
  let validatorIndex: number | null = null
  if (opts.secrets) {
    const pk = blsPublicKey(opts.secrets.blsSk)
    const i = validators.findIndex((v) => equalBytes(v.blsPk, pk))
    if (i >= 0) {
      validatorIndex = i
      keys = { index: i, ...opts.secrets }
    }
  }
  const { journal, resume } = await KvJournal.open(store)
  const node = new ConsensusNode({
    core: opts.core, chainId: network.chainId, genesis, store, genesisTimeMs: Number(network.genesisTimeMs),
    keys, journal, resume, ...opts.tune,
  })
  return { node, store, network, genesis, validatorIndex }
}

/** Every validator record in `state` (merit: bond, level, this epoch's work, status). */
export async function readValidators(state: StateTree): Promise<ValidatorRecord[]> {
  const tip = await state.get(tipKey())
  if (!tip) return []
  const n = decodeTip(tip).validators
  const out: ValidatorRecord[] = []
  for (let i = 0; i < n; i++) {
    const v = await state.get(validatorKey(i))
    if (v) out.push(decodeValidator(v))
  }
  return out
}
