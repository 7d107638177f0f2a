// A long consensus chain written straight into a node's data directory, for the sync bench:
// 4 validators, every block built by the chain code, judged by the core and certified by
// real votes (test/chain-helpers-v2.js), then stored through the node's own journal as a
// final chain. A follower node started on that directory serves it like any node that
// lived through it.
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { makeConsensusChain } from '../test/chain-helpers-v2.js'
import { LevelKv } from '../dist/hosts/node/level-kv.js'
import { createIdentity } from '../dist/hosts/node/node-identity.js'
import { ChainStore } from '../dist/runtime/storage/chain-store.js'
import { KvJournal } from '../dist/runtime/storage/node-journal.js'
import { SLOT_MS } from '../dist/runtime/consensus/constants.js'

const BATCH = 256

/**
 * Writes a chain of `blocks` empty blocks into `dir`/db; returns the network record (the
 * genesis time is put far enough in the past that every block's slot has begun).
 */
export async function writeSyncChain(core, { dir, blocks, onProgress = () => {} }) {
  mkdirSync(dir, { recursive: true })
  const kv = await LevelKv.open(join(dir, 'db'))
  try {
    const store = new ChainStore(kv)
    const c = await makeConsensusChain(core, { store, users: 0, chainId: 1 })
    const { journal } = await KvJournal.open(store)
    let pending = []
    for (let h = 1; h <= blocks; h++) {
      const b = await c.next({})
      pending.push({ height: h, hash: b.hash, bytes: b.bytes, postRoot: c.tree.root, finalization: null, notarization: null })
      if (h === blocks) {
        const head = pending[pending.length - 1]
        head.notarization = c.cert
        head.finalization = (await c.certify(BigInt(h), b.hash, { kind: 2 })).bytes
      }
      if (pending.length === BATCH || h === blocks) {
        await journal.recordFinal(pending)
        pending = []
        onProgress(h)
      }
    }
    const network = { chainId: 1, genesisTimeMs: BigInt(Date.now() - (Number(c.slot) + 20) * SLOT_MS), genesisInput: c.genesis.input }
    await store.saveNetwork(network)
    await createIdentity(store)
    return network
  } finally {
    await kv.close()
  }
}
