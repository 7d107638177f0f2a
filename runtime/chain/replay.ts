// Replays a chain file through the core the way a full node does: the state lives in a
// node store, and for every block the witness is built from it and the core judges the
// block. Every host runs this same code, so equal roots across hosts mean equal verdicts.
import type { Core } from '../core.js'
import { CoreError } from '../core/wasm.js'
import { decodeBlock } from '../codec/block.js'
import { CodecError } from '../codec/errors.js'
import { decodeChainFile } from './file.js'
import { genesisHash, genesisHeader } from './genesis.js'
import { touchedKeys } from './accounts.js'
import { StateTree } from '../state/smt.js'
import { MemoryNodeStore, type NodeStore } from '../state/store.js'
import { equalBytes, toHex } from '../bytes.js'

export interface ReplayedBlock { height: number, stateRoot: string, txCount: number }
export interface ReplayResult {
  chainId: number
  genesisRoot: string
  blocks: ReplayedBlock[]
  txCount: number
  ms: number
}

export class ReplayError extends Error {
  /** Position of the bad block in the file, from 1; 0 for the file or its genesis. */
  readonly block: number
  readonly reason: string
  constructor(block: number, reason: string) {
    super(block === 0 ? `chain file: ${reason}` : `block ${block}: ${reason}`)
    this.name = 'ReplayError'
    this.block = block
    this.reason = reason
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof CoreError || e instanceof CodecError) return e.message
  throw e // anything else is a bug, not a bad file
}

export async function replayChain(core: Core, chain: Uint8Array, opts: {
  onBlock?: (b: ReplayedBlock & { ms: number, index: number, of: number }) => void
  store?: NodeStore
} = {}): Promise<ReplayResult> {
  const t0 = Date.now()
  let file
  try { file = decodeChainFile(chain) } catch (e) { throw new ReplayError(0, reasonOf(e).replace(/^chain file: /, '')) }
  let genesis
  try { genesis = core.ledger.genesis(file.allocations) } catch (e) { throw new ReplayError(0, 'genesis: ' + reasonOf(e)) }
  const tree = new StateTree(opts.store ?? new MemoryNodeStore(), new Uint8Array(32))
  await tree.applyWrites(genesis.root, genesis.writes)
  let parentHash = genesisHash(genesisHeader(file.chainId, file.allocations, genesis.root))
  let height = 0n
  const blocks: ReplayedBlock[] = []
  let txCount = 0
  for (let i = 0; i < file.blocks.length; i++) {
    const t = Date.now()
    const bytes = file.blocks[i]
    let block
    try { block = decodeBlock(bytes) } catch (e) { throw new ReplayError(i + 1, reasonOf(e)) }
    const h = block.header
    if (h.chainId !== file.chainId) throw new ReplayError(i + 1, `expected chain id ${file.chainId}, got ${h.chainId}`)
    if (h.height !== height + 1n) throw new ReplayError(i + 1, `expected height ${height + 1n}, got ${h.height}`)
    if (!equalBytes(h.parent, parentHash)) throw new ReplayError(i + 1, `parent hash ${toHex(h.parent)} is not the hash of block ${i} (${toHex(parentHash)})`)
    const witness = await tree.buildWitness(touchedKeys(core, block))
    let change
    try { change = core.ledger.apply(tree.root, bytes, witness) } catch (e) { throw new ReplayError(i + 1, reasonOf(e)) }
    await tree.applyWrites(change.root, change.writes)
    parentHash = core.sha256(block.headerBytes)
    height = h.height
    txCount += h.txCount
    const done = { height: Number(h.height), stateRoot: toHex(change.root), txCount: h.txCount }
    blocks.push(done)
    opts.onBlock?.({ ...done, ms: Date.now() - t, index: i + 1, of: file.blocks.length })
  }
  return { chainId: file.chainId, genesisRoot: toHex(genesis.root), blocks, txCount, ms: Date.now() - t0 }
}
