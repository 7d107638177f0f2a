// Generates a deterministic chain of signed transfers (`chiron gen`): the same options give
// the same bytes on every host. Blocks are built the way a proposer builds them: the core
// applies the block in 'build' mode and its post-state root goes into the header.
import type { Core } from '../core.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { encodeBlock, encodeHeader, decodeBlock, txRoot, type Header } from '../codec/block.js'
import { encodeTransferBody, transferSigningMessage } from '../codec/tx.js'
import { encodeAllocations, genesisHash, genesisHeader } from './genesis.js'
import { encodeChainFile } from './file.js'
import { touchedKeys } from './accounts.js'
import { StateTree } from '../state/smt.js'
import { MemoryNodeStore } from '../state/store.js'
import { concatBytes, utf8 } from '../bytes.js'
import * as wallet from '../wallet/ed25519.js'

export interface GenOptions { seed: number, accounts: number, blocks: number, txs: number, chainId?: number }

/** Signing is pluggable so the Node CLI can use OpenSSL; the default is the @noble wallet. */
export interface Signer {
  publicKey(seed: Uint8Array): Uint8Array
  sign(seed: Uint8Array, msg: Uint8Array): Uint8Array
}

// accounts: the genesis maximum; totalTxs keeps the chain (built in memory, ~160 bytes a
// transfer) within a few hundred MB.
export const GEN_LIMITS = { accounts: 100_000, blocks: 1_000_000, txs: 20_000, totalTxs: 2_000_000 }
export const GENESIS_BALANCE = 1_000_000_000_000n

function checkInt(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`generateChain: expected ${name} as an integer in ${min}..${max}, got ${v}`)
  }
  return v
}

/** A small deterministic PRNG (xoshiro128**) seeded by SHA-256; not for keys, only choices. */
function prng(seedBytes: Uint8Array) {
  const v = new DataView(sha256(seedBytes).buffer)
  let a = v.getUint32(0), b = v.getUint32(4), c = v.getUint32(8), d = v.getUint32(12)
  const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k))
  return (n: number): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0
    const t = b << 9
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl(d, 11)
    return r % n
  }
}

/** The secret seed of generated account i. */
export function accountSeed(seed: number, i: number): Uint8Array {
  const tail = new Uint8Array(8)
  new DataView(tail.buffer).setUint32(0, seed >>> 0, true)
  new DataView(tail.buffer).setUint32(4, i, true)
  return sha256(concatBytes(utf8('chiron/gen/account'), tail))
}

export async function generateChain(core: Core, opts: GenOptions, onProgress?: (blocksDone: number) => void,
                                    signer: Signer = wallet): Promise<Uint8Array> {
  const seed = checkInt('seed', opts.seed, 0, 0xffffffff)
  const accounts = checkInt('accounts', opts.accounts, 1, GEN_LIMITS.accounts)
  const blockCount = checkInt('blocks', opts.blocks, 0, GEN_LIMITS.blocks)
  const txsPerBlock = checkInt('txs', opts.txs, 0, GEN_LIMITS.txs)
  const chainId = checkInt('chainId', opts.chainId ?? 1, 0, 0xffffffff)
  if (blockCount * txsPerBlock > GEN_LIMITS.totalTxs) {
    throw new RangeError(`generateChain: expected at most ${GEN_LIMITS.totalTxs} transfers in all (blocks × txs), got ${blockCount * txsPerBlock}`)
  }
  const seeds = Array.from({ length: accounts }, (_, i) => accountSeed(seed, i))
  const pks = seeds.map((s) => signer.publicKey(s))
  const nonces = new Array<bigint>(accounts).fill(0n)
  const balances = new Array<bigint>(accounts).fill(GENESIS_BALANCE)
  const allocations = encodeAllocations(pks.map((pk) => ({ pk, balance: GENESIS_BALANCE })))
  const genesis = core.ledger.genesis(allocations)
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))
  await tree.applyWrites(genesis.root, genesis.writes)
  let parent = genesisHash(genesisHeader(chainId, allocations, genesis.root))
  const rand = prng(concatBytes(utf8('chiron/gen/choices'), accountSeed(seed, 0xffffffff)))
  const blocks: Uint8Array[] = []
  for (let height = 1; height <= blockCount; height++) {
    const txBytes: Uint8Array[] = []
    let fees = 0n
    for (let k = 0; k < txsPerBlock; k++) {
      const from = rand(accounts)
      const to = accounts > 1 ? (from + 1 + rand(accounts - 1)) % accounts : from
      const amount = BigInt(1 + rand(1000))
      const fee = BigInt(rand(10))
      if (balances[from] < amount + fee) continue // never happens with the genesis balance; kept honest
      balances[from] -= amount + fee
      balances[to] += amount
      fees += fee
      const body = encodeTransferBody({ chainId, nonce: nonces[from]++, from: pks[from], to: pks[to], amount, fee })
      txBytes.push(concatBytes(body, signer.sign(seeds[from], transferSigningMessage(body))))
    }
    const proposer = rand(accounts)
    const header: Header = {
      chainId, height: BigInt(height), slot: BigInt(height), parent, proposer: pks[proposer],
      txRoot: txRoot(txBytes), stateRoot: new Uint8Array(32), txCount: txBytes.length,
    }
    const draft = encodeBlock(header, txBytes)
    const witness = await tree.buildWitness(touchedKeys(core, decodeBlock(draft)))
    const change = core.ledger.apply(tree.root, draft, witness, 'build')
    header.stateRoot = change.root
    await tree.applyWrites(change.root, change.writes)
    balances[proposer] += fees
    blocks.push(encodeBlock(header, txBytes))
    parent = core.sha256(encodeHeader(header))
    onProgress?.(height)
  }
  return encodeChainFile({ chainId, allocations, blocks })
}
