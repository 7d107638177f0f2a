// Helpers to build genesis states, signed transfers and blocks for ledger tests, signing with
// @noble/curves directly (independent of runtime/wallet).
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { encodeTransferBody, transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { encodeBlock, decodeBlock, txRoot } from '../dist/runtime/codec/block.js'
import { encodeAllocations } from '../dist/runtime/chain/genesis.js'
import { touchedKeys } from '../dist/runtime/chain/accounts.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { CodecError } from '../dist/runtime/codec/errors.js'
import { CoreError } from '../dist/runtime/core.js'

export function account(i) {
  const seed = sha256(new TextEncoder().encode(`test account ${i}`))
  return { seed, pk: ed25519.getPublicKey(seed) }
}

export function signedTransfer({ chainId = 1, nonce = 0n, from, to, amount = 1n, fee = 0n }) {
  const body = encodeTransferBody({ chainId, nonce, from: from.pk, to: to.pk, amount, fee })
  const sig = ed25519.sign(transferSigningMessage(body), from.seed)
  const out = new Uint8Array(158)
  out.set(body)
  out.set(sig, 94)
  return out
}

/** A ledger with a genesis state and a node store, that builds and applies blocks. */
export async function makeLedger(core, balances, chainId = 1) {
  const allocations = encodeAllocations(balances.map(([acct, balance]) => ({ pk: acct.pk, balance })))
  const g = core.ledger.genesis(allocations)
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))
  await tree.applyWrites(g.root, g.writes)
  let height = 0n
  return {
    tree, chainId, allocations,
    /** A block with a zero state root and its witness, made without the core. */
    async draft(txs, { proposer } = {}) {
      const header = {
        chainId, height: height + 1n, slot: height + 1n, parent: new Uint8Array(32),
        proposer: (proposer ?? balances[0][0]).pk, txRoot: txRoot(txs), stateRoot: new Uint8Array(32),
        txCount: txs.length,
      }
      const block = encodeBlock(header, txs)
      const witness = await tree.buildWitness(touchedKeys(core, decodeBlock(block)))
      return { header, block, witness }
    },
    /** Builds a block (state root from the core in build mode) without applying it. */
    async build(txs, opts = {}) {
      const { header, block: draft, witness } = await this.draft(txs, opts)
      const change = core.ledger.apply(tree.root, draft, witness, 'build')
      header.stateRoot = change.root
      return { block: encodeBlock(header, txs), witness, change }
    },
    async witnessFor(block) {
      return tree.buildWitness(touchedKeys(core, decodeBlock(block)))
    },
    async commit(change) {
      await tree.applyWrites(change.root, change.writes)
      height++
    },
  }
}

/** The verdict of each block decoder, TypeScript's and the core's: 'ok' or the error name with the transaction index. */
export function blockVerdicts(core) {
  return {
    ts(bytes) {
      try { decodeBlock(bytes); return 'ok' } catch (e) {
        if (!(e instanceof CodecError)) throw e
        return `${e.coreName}@${e.txIndex}`
      }
    },
    core(bytes) {
      try { core.ledger.checkBlock(bytes); return 'ok' } catch (e) {
        if (!(e instanceof CoreError)) throw e
        return `${e.coreName}@${e.txIndex}`
      }
    },
  }
}
