// Fuzz: random and mutated bytes into every export of the core, for a bounded time. The
// core must never trap; every call returns OK or one of the named codes of assembly/errors.ts.
// The table below must list every export, so a new export without fuzzing fails this test.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'
import { CoreError } from '../dist/runtime/core.js'
import { generateChain } from '../dist/runtime/chain/gen.js'
import { decodeChainFile } from '../dist/runtime/chain/file.js'
import { decodeBlock } from '../dist/runtime/codec/block.js'
import { transferSigningMessage } from '../dist/runtime/codec/tx.js'
import { touchedKeys } from '../dist/runtime/chain/accounts.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { makeTable, makeVote, makeCert, validatorKeys } from './consensus-fixtures.js'
import { encodeGenesisInput } from '../dist/runtime/chain/consensus-genesis.js'
import { blockWitnessKeys } from '../dist/runtime/chain/witness-keys.js'
import { signTxBody } from '../dist/runtime/codec/validator-tx.js'
import { encodeTransferBody } from '../dist/runtime/codec/tx.js'
import { makeConsensusChain } from './chain-helpers-v2.js'

const core = await loadCore()
const R = rng(Number(process.env.FUZZ_SEED ?? 99))
const msPerExport = Number(process.env.FUZZ_MS ?? 1500)
console.log(`fuzz seed=${process.env.FUZZ_SEED ?? 99}, ${msPerExport} ms per export`)

// Valid inputs to mutate: a small chain, its genesis, each block with its witness.
const chain = decodeChainFile(await generateChain(core, { seed: 3, accounts: 12, blocks: 4, txs: 12 }))
const corpus = { allocations: chain.allocations, blocks: [], witnesses: [], roots: [] }
{
  const g = core.ledger.genesis(chain.allocations)
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))
  await tree.applyWrites(g.root, g.writes)
  for (const b of chain.blocks) {
    const w = await tree.buildWitness(touchedKeys(core, decodeBlock(b)))
    corpus.blocks.push(b); corpus.witnesses.push(w); corpus.roots.push(tree.root)
    const c = core.ledger.apply(tree.root, b, w)
    await tree.applyWrites(c.root, c.writes)
  }
}

// Consensus blocks (version 2, real certificates) with their witnesses, next to the ledger's.
{
  const c = await makeConsensusChain(core, { tag: 7 })
  const [from, to] = c.accounts
  for (let i = 0; i < 3; i++) {
    const txs = i === 2 ? [signTxBody(encodeTransferBody({ chainId: c.chainId, nonce: 0n, from: from.pk, to: to.pk, amount: 5n, fee: 1n }), from.seed)] : []
    const built = await c.build({ txs })
    corpus.blocks.push(built.bytes); corpus.roots.push(c.tree.root)
    corpus.witnesses.push(await c.tree.buildWitness(await blockWitnessKeys(built.bytes, (k) => c.read(k))))
    await c.commit(built)
  }
}

// A consensus genesis input (allocations ‖ validators) with real keys, for chain_genesis.
const chainGenesisInput = encodeGenesisInput(
  [{ pk: new Uint8Array(32).fill(1), balance: 5000000n }],
  [0, 1].map((i) => { const k = validatorKeys(core, i, 9); return { account: new Uint8Array(32).fill(2 + i), bond: 1000000n, blsPk: k.blsPk, pop: k.pop, vrfPk: k.vrfPk } }),
)

function mutate(bytes) {
  const b = bytes.slice()
  switch (R.int(5)) {
    case 0: for (let k = 0; k <= R.int(3); k++) if (b.length) b[R.int(b.length)] ^= 1 << R.int(8); return b
    case 1: return b.subarray(0, R.int(b.length + 1))
    case 2: { const out = new Uint8Array(b.length + 1 + R.int(64)); out.set(b); out.set(R.bytes(out.length - b.length), b.length); return out }
    case 3: if (b.length) b.fill(R.int(2) ? 0xff : 0, R.int(b.length)); return b
    default: return R.bytes(R.int(1 + Math.min(4096, bytes.length * 2)))
  }
}

const pick = (list) => list[R.int(list.length)]
const randomOr = (valid) => (R.int(3) === 0 ? R.bytes(R.int(600)) : mutate(valid))

// Each export: how to make its arguments. Buffers are placed with chiron_alloc as the ABI requires.
const ABI = {
  bls_verify: () => { const m = R.bytes(R.int(100)); return [['buf', R.bytes(48).map((v, i) => (i ? v : 0x80 | (v & 0x2f)))], ['buf', m], ['len', m], ['buf', R.bytes(96).map((v, i) => (i ? (i === 48 ? v & 0x0f : v) : 0x80 | (v & 0x2f)))]] },
  bls_pop_verify: () => [['buf', R.bytes(48).map((v, i) => (i ? v : 0x80 | (v & 0x2f)))], ['buf', R.bytes(96).map((v, i) => (i ? (i === 48 ? v & 0x0f : v) : 0x80 | (v & 0x2f)))]],
  bls_key_validate: () => [['buf', R.int(4) ? R.bytes(48).map((v, i) => (i ? v : 0x80 | (v & 0x2f))) : R.bytes(48)]],
  bls_fast_aggregate_verify: () => { const n = R.int(4), m = R.bytes(R.int(64)); return [['buf', R.bytes(48 * n + 1)], ['int', R.int(10) === 0 ? R.u32() : n], ['buf', m], ['len', m], ['buf', R.bytes(96)]] },
  // a message list of n empty messages is 4n zero bytes; mutated, it exercises the list checks
  bls_aggregate_verify: () => { const n = R.int(4), l = randomOr(new Uint8Array(4 * n)); return [['buf', R.bytes(48 * n + 1)], ['int', R.int(10) === 0 ? R.u32() : n], ['buf', l], ['len', l], ['buf', R.bytes(96)]] },
  bls_batch_verify: () => { const n = R.int(4), l = randomOr(new Uint8Array(4 * n)); return [['buf', R.bytes(48 * n + 1)], ['buf', R.bytes(96 * n + 1)], ['int', R.int(10) === 0 ? R.u32() : n], ['buf', l], ['len', l]] },
  bls_aggregate_signatures: () => { const n = R.int(4); return [['buf', R.bytes(96 * n + 1).map((v, i) => (i % 96 ? (i % 96 === 48 ? v & 0x0f : v) : 0x80 | (v & 0x2f)))], ['int', R.int(10) === 0 ? R.u32() : n]] },
  bls_aggregate_public_keys: () => { const n = R.int(4); return [['buf', R.bytes(48 * n + 1).map((v, i) => (i % 48 ? v : 0x80 | (v & 0x2f)))], ['int', R.int(10) === 0 ? R.u32() : n]] },
  bls_hash_to_g2: () => { const m = R.bytes(R.int(300)), d = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['buf', d], ['len', d]] },
  bls_sign: () => { const m = R.bytes(R.int(200)), k = R.int(4) ? R.bytes(32) : new Uint8Array(32).fill(R.int(2) ? 0xff : 0); return [['buf', k], ['buf', m], ['len', m]] },
  bls_sign_batch: () => { const n = R.int(4), m = R.bytes(R.int(100)); return [['int', R.int(10) === 0 ? R.u32() : n], ['buf', R.bytes(32 * n + 1)], ['buf', m], ['len', m]] },
  codec_check_tx: () => { const t = randomOr(pick(corpus.blocks).subarray(153, 311)); return [['buf', t], ['len', t]] },
  codec_check_block: () => { const b = randomOr(pick(corpus.blocks)); return [['buf', b], ['len', b]] },
  ed25519_verify: () => {
    if (R.int(2)) { const m = R.bytes(R.int(200)); return [['buf', R.bytes(64)], ['buf', m], ['len', m], ['buf', R.bytes(32)]] }
    // a real transaction signature with one of its parts mutated
    const tx = pick(corpus.blocks).subarray(153, 311)
    const parts = [tx.slice(94, 158), transferSigningMessage(tx.subarray(0, 94)), tx.slice(14, 46)]
    const k = R.int(3)
    parts[k] = mutate(parts[k])
    const fixed = (b, n) => { const o = new Uint8Array(n); o.set(b.subarray(0, n)); return o }
    return [['buf', fixed(parts[0], 64)], ['buf', parts[1]], ['len', parts[1]], ['buf', fixed(parts[2], 32)]]
  },
  ed25519_verify_batch: () => { const n = R.int(40); return [['entries', n], ['int', R.int(10) === 0 ? R.u32() : n]] },
  hash_sha256: () => { const m = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['out', 32]] },
  hash_sha512: () => { const m = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['out', 64]] },
  hash_hmac_sha256: () => { const k = R.bytes(R.int(200)), m = R.bytes(R.int(200)); return [['buf', k], ['len', k], ['buf', m], ['len', m], ['out', 32]] },
  hash_hmac_sha512: () => { const k = R.bytes(R.int(200)), m = R.bytes(R.int(200)); return [['buf', k], ['len', k], ['buf', m], ['len', m], ['out', 64]] },
  hash_xmd_sha256: () => { const m = R.bytes(R.int(100)), d = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['buf', d], ['len', d], ['int', R.int(3) ? R.int(9000) : R.u32()]] },
  hash_xmd_sha512: () => { const m = R.bytes(R.int(100)), d = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['buf', d], ['len', d], ['int', R.int(3) ? R.int(17000) : R.u32()]] },
  ledger_genesis: () => { const a = randomOr(corpus.allocations); return [['buf', a], ['len', a]] },
  chain_genesis: () => { const a = randomOr(chainGenesisInput); return [['buf', a], ['len', a], ['int', R.int(4) ? 1 : R.u32()]] },
  ledger_apply: () => {
    const i = R.int(corpus.blocks.length)
    const which = R.int(3)
    const root = which === 0 ? mutate(corpus.roots[i]).subarray(0, 32) : corpus.roots[i]
    const fullRoot = new Uint8Array(32); fullRoot.set(root)
    const b = which === 1 ? randomOr(corpus.blocks[i]) : corpus.blocks[i]
    const w = which === 2 ? randomOr(corpus.witnesses[i]) : corpus.witnesses[i]
    return [['buf', fullRoot], ['buf', b], ['len', b], ['buf', w], ['len', w], ['int', R.int(4) ? R.int(2) : R.u32()]]
  },
  ledger_verify_txs: () => {
    // a block's transactions with their lengths, either part mutated; sometimes a wild count
    const b = pick(corpus.blocks), n = 1 + R.int(4)
    const txs = b.subarray(153, 153 + 158 * n)
    const lens = new Uint8Array(4 * n)
    for (let i = 0; i < n; i++) new DataView(lens.buffer).setUint32(4 * i, 158, true)
    const which = R.int(3)
    const l = which === 0 ? mutate(lens) : lens, t = which === 1 ? randomOr(txs) : txs
    return [['buf', l], ['int', R.int(10) === 0 ? R.u32() : n], ['buf', t], ['len', t]]
  },
  state_verify: () => { const w = randomOr(pick(corpus.witnesses)); return [['buf', pick(corpus.roots)], ['buf', R.bytes(32)], ['buf', w], ['len', w]] },
  state_update: () => {
    const w = randomOr(pick(corpus.witnesses))
    const u = R.bytes(R.int(300)); if (u.length >= 4) new DataView(u.buffer).setUint32(0, R.int(6), true)
    return [['buf', pick(corpus.roots)], ['buf', w], ['len', w], ['buf', u], ['len', u]]
  },
  // VRF: a valid (pk, alpha, proof) per suite, mutated one part at a time; suites 3 and 4 mostly, any i32 sometimes.
  ...(() => {
    const fixed = (b, n) => { const o = new Uint8Array(n); o.set(b.subarray(0, n)); return o }
    const suite = () => (R.int(8) ? 3 + R.int(2) : R.u32() | 0)
    const valid = [3, 4].map((s) => { const sk = R.bytes(32), alpha = R.bytes(R.int(50)); return { s, pk: core.vrf.publicKey(sk), alpha, pi: core.vrf.prove(sk, alpha, s === 3 ? 'tai' : 'ell2') } })
    return {
      vrf_public_key: () => [['buf', R.bytes(32)], ['out', 32]],
      vrf_prove: () => { const a = R.bytes(R.int(300)); return [['buf', R.bytes(32)], ['buf', a], ['len', a], ['int', suite()], ['out', 80]] },
      vrf_verify: () => {
        const v = pick(valid), k = R.int(3)
        const pk = fixed(k === 0 ? randomOr(v.pk) : v.pk, 32), a = k === 1 ? randomOr(v.alpha) : v.alpha, pi = fixed(k === 2 ? randomOr(v.pi) : v.pi, 80)
        return [['buf', pk], ['buf', a], ['len', a], ['buf', pi], ['int', R.int(6) ? v.s : suite()], ['out', 64]]
      },
      vrf_proof_to_hash: () => [['buf', fixed(randomOr(pick(valid).pi), 80)], ['int', suite()], ['out', 64]],
      vrf_hash_to_curve: () => { const m = R.bytes(R.int(300)), d = R.bytes(R.int(300)); return [['buf', m], ['len', m], ['buf', d], ['len', d], ['int', R.int(3) ? R.int(2) : R.u32() | 0], ['out', 32]] },
      sortition_seats: () => {
        const big = () => (BigInt(R.u32()) << 32n) | BigInt(R.u32())
        const total = R.int(4) ? big() : BigInt(R.int(3)), weight = R.int(4) ? (total * BigInt(R.int(1001))) / 1000n : big()
        return [['buf', R.bytes(64)], ['int', weight], ['int', total], ['int', R.int(4) ? R.int(70000) : R.u32()], ['out', 4]]
      },
      committee_seats: () => {
        const big = () => (BigInt(R.u32()) << 32n) | BigInt(R.u32())
        const total = R.int(4) ? big() : BigInt(R.int(3)), weight = R.int(4) ? (total * BigInt(R.int(1001))) / 1000n : big()
        return [['buf', R.bytes(64)], ['int', weight], ['int', total], ['int', R.int(4) ? R.int(70000) : R.u32()], ['out', 4]]
      },
      sortition_priority: () => [['buf', R.bytes(64)], ['int', R.int(4) ? R.int(200) : R.u32()], ['out', 32]],
    }
  })(),
  // Consensus: a valid vote and certificate against a real table, one part mutated at a time.
  ...(() => {
    const fixed = (b, n) => { const o = new Uint8Array(n); o.set(b.subarray(0, n)); return o }
    const t = makeTable(core, [4000000n, 3000000n, 1000000n, 2000000n])
    const ctx = { chainId: 5, kind: 1, height: 9n, block: new Uint8Array(32).fill(3) }
    const v = makeVote(core, t, 1, ctx), c = makeCert(core, t, [0, 1, 3], ctx)
    const entries = new Uint8Array(88 * 3); c.entries.forEach((e, i) => entries.set(e, 88 * i))
    const chainId = () => (R.int(6) ? ctx.chainId : R.u32())
    return {
      consensus_verify_vote: () => {
        const k = R.int(3), vote = k === 0 ? randomOr(v.bytes) : v.bytes
        const hdr = fixed(k === 1 ? randomOr(t.hdr) : t.hdr, 44), entry = fixed(k === 2 ? randomOr(t.entries[1]) : t.entries[1], 88)
        return [['int', chainId()], ['buf', vote], ['len', vote], ['buf', hdr], ['buf', entry], ['out', 4]]
      },
      consensus_verify_cert: () => {
        const k = R.int(3), cert = k === 0 ? randomOr(c.bytes) : c.bytes
        const hdr = fixed(k === 1 ? randomOr(t.hdr) : t.hdr, 44), es = k === 2 ? randomOr(entries) : entries
        return [['int', chainId()], ['buf', cert], ['len', cert], ['buf', hdr], ['buf', es], ['len', es], ['out', 4]]
      },
    }
  })(),
}

const IGNORED = new Set(['memory', 'chiron_reset', 'chiron_alloc', 'chiron_result_ptr', 'chiron_result_len', 'chiron_abi_version'])

function callRaw(name, spec) {
  const x = core.wasm.exports
  return core.wasm.call(name, () => {
    const args = []
    for (const [kind, v] of spec) {
      if (kind === 'buf') args.push(core.wasm.put(name, v))
      else if (kind === 'len') args.push(v.length)
      else if (kind === 'out') args.push(core.wasm.alloc(name, v))
      else if (kind === 'int') args.push(v)
      else if (kind === 'entries') {
        // count entries of [sigPtr, pkPtr, msgPtr, msgLen]; mostly valid buffers, some wild pointers
        const e = core.wasm.alloc(name, 16 * v + 1)
        const view = new DataView(x.memory.buffer)
        for (let i = 0; i < v; i++) {
          const wild = R.int(10) === 0
          const sig = core.wasm.put(name, R.bytes(64)), pk = core.wasm.put(name, R.bytes(32)), msg = core.wasm.put(name, R.bytes(R.int(100)))
          view.setUint32(e + 16 * i, wild ? R.u32() : sig, true)
          view.setUint32(e + 16 * i + 4, pk, true)
          view.setUint32(e + 16 * i + 8, msg, true)
          view.setUint32(e + 16 * i + 12, wild ? R.u32() : R.int(100), true)
        }
        args.push(e)
      }
    }
    return x[name](...args)
  })
}

test('the fuzz table covers every export of the core', () => {
  const exported = Object.keys(core.wasm.exports).filter((n) => !IGNORED.has(n))
  assert.equal(exported.filter((n) => !(n in ABI)), [], 'exports without a fuzz entry')
  assert.equal(Object.keys(ABI).filter((n) => !exported.includes(n)), [], 'fuzz entries without an export')
})

for (const name of Object.keys(ABI)) {
  test(`${name}: random and mutated inputs never trap, always a named code`, () => {
    if (!(name in core.wasm.exports)) return // reported by the coverage test above
    const until = Date.now() + msPerExport
    let calls = 0
    const codes = new Map()
    while (Date.now() < until) {
      const code = callRaw(name, ABI[name]())
      assert.ok(code in CORE_ERRORS, `${name} returned ${code}, which is not a named code`)
      codes.set(code, (codes.get(code) ?? 0) + 1)
      calls++
    }
    const seen = [...codes].map(([c, n]) => `${CORE_ERRORS[c].name}×${n}`).join(' ')
    console.log(`  ${name}: ${calls} calls: ${seen}`)
    assert.ok(calls > 20)
  })
}

test('typed API: garbage in gives false or a CoreError, never a trap', () => {
  for (let i = 0; i < 300; i++) {
    const b = R.bytes(R.int(400))
    assert.type(core.ed25519.verify(b.subarray(0, 64), b, b.subarray(0, 32)), 'boolean')
    assert.ok(core.vrf.verify(b.subarray(0, 32), b, b.subarray(0, 80)) === null)
    assert.ok(core.vrf.proofToHash(b.subarray(0, 80)) === null || core.vrf.proofToHash(b.subarray(0, 80)).length === 64)
    for (const fn of [() => core.ledger.checkBlock(b), () => core.ledger.genesis(b), () => core.ledger.apply(new Uint8Array(32), b, b)]) {
      try { fn() } catch (e) { assert.instance(e, CoreError) }
    }
  }
})

test.run()
