// Typed calls into the core's ledger and codec exports (docs/ABI.md).
import { CoreError, CoreWasm, expectBytes } from './wasm.js'

export class ApplyError extends CoreError {
  /** Index of the offending transaction, or -1 when the block as a whole is at fault. */
  readonly txIndex: number
  constructor(fn: string, code: number, txIndex: number) {
    super(fn, code, txIndex >= 0 ? `transaction ${txIndex}` : 'block')
    this.name = 'ApplyError'
    this.txIndex = txIndex
  }
}

export interface StateChange {
  root: Uint8Array
  /** Tree nodes to store (encoding in docs/STATE.md). */
  writes: Uint8Array
}

export interface BlockCheck {
  /** The block hash: version 1 hashes the whole header, version 2 leaves out the signature. */
  headerHash: Uint8Array
  txRoot: Uint8Array
  txHashes: Uint8Array[]
}

export interface LedgerApi {
  /** The genesis state from encoded allocations. */
  genesis(allocs: Uint8Array): StateChange
  /**
   * The consensus genesis state (docs/PROTOCOL.md §18) from input = allocations ‖ validators.
   * A failure naming a validator carries its index in `txIndex` (-1: none in particular).
   */
  chainGenesis(input: Uint8Array, chainId: number): StateChange
  /**
   * Applies a version-1 or version-2 block; 'build' skips the header's state root check and
   * (version 2) the header signature, both of which cover the root a proposer is computing.
   */
  apply(preRoot: Uint8Array, block: Uint8Array, witness: Uint8Array, mode?: 'verify' | 'build'): StateChange
  /** Decodes a transaction of any kind (1–4) as the core does; returns its hash. */
  checkTx(tx: Uint8Array): Uint8Array
  /**
   * Decodes each transaction (any kind) as the core does and verifies all their signatures
   * as apply would; returns their hashes. The core remembers the signatures it verified, so
   * a block holding these transactions later skips them. A failure names the first bad
   * transaction in `txIndex`.
   */
  verifyTxs(txs: Uint8Array[]): Uint8Array[]
  /** Decodes a block as the core does; returns its hashes. */
  checkBlock(block: Uint8Array): BlockCheck
}

function splitRoot(out: Uint8Array): StateChange {
  return { root: out.slice(0, 32), writes: out.subarray(32) }
}

function errorIndex(w: CoreWasm): number {
  const r = w.result()
  return r.length === 4 ? new DataView(r.buffer, r.byteOffset, 4).getInt32(0, true) : -1
}

export function ledgerApi(w: CoreWasm): LedgerApi {
  return {
    genesis(allocs) {
      const fn = 'ledger.genesis'
      expectBytes(fn, 'allocations', allocs)
      return w.call(fn, (x) => {
        const p = w.put(fn, allocs)
        const code = x.ledger_genesis(p, allocs.length)
        if (code !== 0) throw new CoreError(fn, code)
        return splitRoot(w.result())
      })
    },
    chainGenesis(input, chainId) {
      const fn = 'ledger.chainGenesis'
      expectBytes(fn, 'genesis input', input)
      if (!Number.isInteger(chainId) || chainId < 0 || chainId > 0xffffffff) throw new TypeError(`${fn}: expected chainId as a u32, got ${chainId}`)
      return w.call(fn, (x) => {
        const p = w.put(fn, input)
        const code = x.chain_genesis(p, input.length, chainId)
        if (code !== 0) throw new ApplyError(fn, code, errorIndex(w))
        return splitRoot(w.result())
      })
    },
    apply(preRoot, block, witness, mode = 'verify') {
      const fn = 'ledger.apply'
      expectBytes(fn, 'pre-state root', preRoot, 32)
      expectBytes(fn, 'block', block)
      expectBytes(fn, 'witness', witness)
      if (mode !== 'verify' && mode !== 'build') throw new TypeError(`${fn}: expected mode 'verify' or 'build', got ${mode}`)
      return w.call(fn, (x) => {
        const r = w.put(fn, preRoot), b = w.put(fn, block), wi = w.put(fn, witness)
        const code = x.ledger_apply(r, b, block.length, wi, witness.length, mode === 'verify' ? 0 : 1)
        if (code !== 0) throw new ApplyError(fn, code, errorIndex(w))
        return splitRoot(w.result())
      })
    },
    checkTx(tx) {
      const fn = 'ledger.checkTx'
      expectBytes(fn, 'transaction', tx)
      return w.call(fn, (x) => {
        const code = x.codec_check_tx(w.put(fn, tx), tx.length)
        if (code !== 0) throw new CoreError(fn, code)
        return w.result()
      })
    },
    verifyTxs(txs) {
      const fn = 'ledger.verifyTxs'
      if (!Array.isArray(txs)) throw new TypeError(`${fn}: expected an array of transactions`)
      let total = 0
      for (const [i, tx] of txs.entries()) { expectBytes(fn, `transaction ${i}`, tx); total += tx.length }
      const all = new Uint8Array(total)
      const lens = new Uint8Array(4 * txs.length)
      const lensView = new DataView(lens.buffer)
      let off = 0
      for (const [i, tx] of txs.entries()) { all.set(tx, off); off += tx.length; lensView.setUint32(4 * i, tx.length, true) }
      return w.call(fn, (x) => {
        const code = x.ledger_verify_txs(w.put(fn, lens), txs.length, w.put(fn, all), all.length)
        if (code !== 0) throw new ApplyError(fn, code, errorIndex(w))
        const out = w.result() // a copy already: the hashes are views into it
        const hashes: Uint8Array[] = []
        for (let o = 0; o < out.length; o += 32) hashes.push(out.subarray(o, o + 32))
        return hashes
      })
    },
    checkBlock(block) {
      const fn = 'ledger.checkBlock'
      expectBytes(fn, 'block', block)
      return w.call(fn, (x) => {
        const code = x.codec_check_block(w.put(fn, block), block.length)
        if (code !== 0) throw new ApplyError(fn, code, errorIndex(w))
        const out = w.result()
        const txHashes: Uint8Array[] = []
        for (let off = 64; off < out.length; off += 32) txHashes.push(out.subarray(off, off + 32))
        return { headerHash: out.slice(0, 32), txRoot: out.slice(32, 64), txHashes }
      })
    },
  }
}
