// A local devnet's directory: one genesis for N validators, N node data directories and a
// funded "faucet" account for sending transactions.
//
//   D/devnet.json     chain id, node count, peer ids, the faucet's public key
//   D/genesis.json    the network record (chain id, genesis time, genesis input as hex)
//   D/faucet.key      the faucet's ed25519 seed, encrypted (runtime/wallet/keyfile.ts)
//   D/node-<i>/db     node i's store: network record, encrypted validator keys, identity
//
// Ports are not stored: node i serves HTTP on P + i and libp2p (TCP) on P + N + i for the
// --port P given at each start, so a devnet can move.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Core } from '../../runtime/core.js'
import { LevelKv } from './level-kv.js'
import { createIdentity } from './node-identity.js'
import { ChainStore, type NetworkRecord } from '../../runtime/storage/chain-store.js'
import { initStore, type ValidatorSecrets } from '../../runtime/node/stored-node.js'
import { encodeGenesisInput, makeConsensusGenesis } from '../../runtime/chain/consensus-genesis.js'
import { keyGen, publicKey as blsPublicKey, popProve } from '../../runtime/wallet/bls.js'
import { publicKey as edPublicKey, randomSeed } from '../../runtime/wallet/ed25519.js'
import { encryptKey } from '../../runtime/wallet/keyfile.js'
import { fromHex, toHex } from '../../runtime/bytes.js'
import type { Allocation } from '../../runtime/chain/genesis.js'

export const DEVNET_BOND = 10_000_000n
export const FAUCET_BALANCE = 1_000_000_000_000_000n
const VALIDATOR_BALANCE = 1_000_000n

export interface DevnetLayout {
  dir: string
  chainId: number
  nodes: number
  peerIds: string[]
  faucet: string
}

export class DevnetError extends Error {}

export const nodeDir = (dir: string, i: number) => join(dir, `node-${i}`)

export function devnetPorts(layout: Pick<DevnetLayout, 'nodes'>, port: number, i: number): { http: number, p2p: number } {
  return { http: port + i, p2p: port + layout.nodes + i }
}

/** Reads D/devnet.json, or null if D holds no devnet. */
export function readLayout(dir: string): DevnetLayout | null {
  const file = join(dir, 'devnet.json')
  if (!existsSync(file)) return null
  let j
  try { j = JSON.parse(readFileSync(file, 'utf8')) } catch (e) { throw new DevnetError(`${file} is not valid JSON: ${(e as Error).message}`) }
  if (!Number.isInteger(j?.nodes) || !Array.isArray(j.peerIds) || j.peerIds.length !== j.nodes || typeof j.faucet !== 'string') {
    throw new DevnetError(`${file} is damaged (expected nodes, peerIds and faucet)`)
  }
  return { dir, chainId: j.chainId, nodes: j.nodes, peerIds: j.peerIds, faucet: j.faucet }
}

/** Reads D/genesis.json (written by createDevnet; also what `chiron init --genesis` takes). */
export function readGenesisFile(file: string): NetworkRecord {
  let j
  try { j = JSON.parse(readFileSync(file, 'utf8')) } catch (e) { throw new DevnetError(`cannot read the genesis file ${file}: ${(e as Error).message}`) }
  if (!Number.isInteger(j?.chainId) || j.chainId < 0 || j.chainId > 0xffffffff) throw new DevnetError(`${file}: expected chainId as an integer in 0..2^32-1`)
  if (!Number.isSafeInteger(j.genesisTimeMs) || j.genesisTimeMs < 0) throw new DevnetError(`${file}: expected genesisTimeMs as a non-negative integer`)
  if (typeof j.genesisInput !== 'string' || !/^([0-9a-f]{2})+$/.test(j.genesisInput)) throw new DevnetError(`${file}: expected genesisInput as lower-case hex`)
  return { chainId: j.chainId, genesisTimeMs: BigInt(j.genesisTimeMs), genesisInput: fromHex(j.genesisInput) }
}

export function writeGenesisFile(file: string, n: NetworkRecord): void {
  writeFileSync(file, JSON.stringify({ chainId: n.chainId, genesisTimeMs: Number(n.genesisTimeMs), genesisInput: toHex(n.genesisInput) }, null, 1) + '\n')
}

/** Initializes one data directory: the store with the network record, keys and an identity. */
export async function initDataDir(dir: string, network: NetworkRecord, secrets: ValidatorSecrets | undefined, passphrase: string | undefined): Promise<string> {
  if (existsSync(join(dir, 'db'))) throw new DevnetError(`${dir} is initialized already`)
  mkdirSync(dir, { recursive: true })
  const kv = await LevelKv.open(join(dir, 'db'))
  try {
    await initStore(kv, network, secrets, passphrase)
    return await createIdentity(new ChainStore(kv))
  } finally {
    await kv.close()
  }
}

/** Creates a devnet of `nodes` validators in `dir` (which must not hold one). */
export async function createDevnet(core: Core, opts: {
  dir: string, nodes: number, chainId: number, passphrase: string, genesisDelayMs?: number,
  /** More funded accounts (benchmarks' senders, say). */
  extraAllocations?: Allocation[]
}): Promise<DevnetLayout> {
  const { dir, nodes, chainId, passphrase } = opts
  if (readLayout(dir)) throw new DevnetError(`${dir} holds a devnet already`)
  mkdirSync(dir, { recursive: true })
  const secrets: ValidatorSecrets[] = Array.from({ length: nodes }, () => ({ accountSeed: randomSeed(), blsSk: keyGen(randomSeed()), vrfSk: randomSeed() }))
  const faucetSeed = randomSeed()
  const validators = secrets.map((s) => ({ account: edPublicKey(s.accountSeed), bond: DEVNET_BOND, blsPk: blsPublicKey(s.blsSk), pop: popProve(s.blsSk), vrfPk: core.vrf.publicKey(s.vrfSk) }))
  const allocations = [{ pk: edPublicKey(faucetSeed), balance: FAUCET_BALANCE }, ...validators.map((v) => ({ pk: v.account, balance: VALIDATOR_BALANCE })), ...(opts.extraAllocations ?? [])]
  makeConsensusGenesis(core, { chainId, allocations, validators }) // the core's verdict on it, before anything is written
  const start = Date.now() + (opts.genesisDelayMs ?? 4000)
  const network: NetworkRecord = { chainId, genesisTimeMs: BigInt(Math.ceil(start / 1000) * 1000), genesisInput: encodeGenesisInput(allocations, validators) }
  writeGenesisFile(join(dir, 'genesis.json'), network)
  writeFileSync(join(dir, 'faucet.key'), await encryptKey(faucetSeed, passphrase))
  const peerIds: string[] = []
  for (let i = 0; i < nodes; i++) peerIds.push(await initDataDir(nodeDir(dir, i), network, secrets[i], passphrase))
  const layout = { dir, chainId, nodes, peerIds, faucet: toHex(edPublicKey(faucetSeed)) }
  writeFileSync(join(dir, 'devnet.json'), JSON.stringify({ chainId, nodes, peerIds, faucet: layout.faucet }, null, 1) + '\n')
  return layout
}
