// The ledger in the core: genesis rules, transfers, and rejection of every bad block whole,
// with its reason and the offending transaction's index.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, hex } from './helpers.js'
import { account, signedTransfer, makeLedger } from './chain-helpers.js'
import { encodeAllocations } from '../dist/runtime/chain/genesis.js'
import { tipKey } from '../dist/runtime/consensus/keys.js'
import { accountKey, decodeAccount } from '../dist/runtime/chain/accounts.js'
import { CoreError } from '../dist/runtime/core.js'

const core = await loadCore()
const [alice, bob, carol, dave] = [0, 1, 2, 3].map(account)
const MAX = (1n << 64n) - 1n

function codeOf(fn) {
  try { fn(); return 'ok' } catch (e) {
    if (!(e instanceof CoreError)) throw e
    return e.txIndex === undefined ? e.coreName : `${e.coreName}@${e.txIndex}`
  }
}

async function balanceOf(ledger, acct) {
  const v = await ledger.tree.get(accountKey(core, acct.pk))
  return v ? decodeAccount(v) : undefined
}

test('genesis: allocations must be sorted, non-empty, non-zero and within 64 bits', () => {
  const ok = encodeAllocations([{ pk: alice.pk, balance: 5n }, { pk: bob.pk, balance: 7n }])
  assert.is(core.ledger.genesis(ok).root.length, 32)
  const swapped = ok.slice()
  swapped.set(ok.subarray(44, 84), 4)
  swapped.set(ok.subarray(4, 44), 44)
  assert.is(codeOf(() => core.ledger.genesis(swapped)), 'E_NOT_SORTED')
  const dup = encodeAllocations([{ pk: alice.pk, balance: 5n }, { pk: alice.pk, balance: 5n }])
  assert.is(codeOf(() => core.ledger.genesis(dup)), 'E_NOT_SORTED')
  assert.is(codeOf(() => core.ledger.genesis(encodeAllocations([]))), 'E_COUNT_RANGE')
  assert.is(codeOf(() => core.ledger.genesis(encodeAllocations([{ pk: alice.pk, balance: 0n }]))), 'E_GENESIS')
  assert.is(codeOf(() => core.ledger.genesis(encodeAllocations([{ pk: alice.pk, balance: MAX }, { pk: bob.pk, balance: 1n }]))), 'E_GENESIS')
  assert.is(codeOf(() => core.ledger.genesis(ok.subarray(0, 50))), 'E_TRUNCATED')
  assert.is(codeOf(() => core.ledger.genesis(Uint8Array.from([...ok, 0]))), 'E_TRAILING')
  assert.is(codeOf(() => core.ledger.genesis(new Uint8Array(2))), 'E_TRUNCATED')
  // the root does not depend on the order the caller listed them in
  const a = core.ledger.genesis(encodeAllocations([{ pk: bob.pk, balance: 7n }, { pk: alice.pk, balance: 5n }]))
  assert.is(hex(a.root), hex(core.ledger.genesis(ok).root))
})

test('transfers move amount and fee; the proposer earns the fees; nonces advance', async () => {
  const L = await makeLedger(core, [[alice, 1000n], [bob, 50n]])
  const txs = [
    signedTransfer({ from: alice, to: bob, amount: 100n, fee: 3n, nonce: 0n }),
    signedTransfer({ from: alice, to: carol, amount: 10n, fee: 2n, nonce: 1n }),
    signedTransfer({ from: bob, to: alice, amount: 150n, fee: 0n, nonce: 0n }),
    signedTransfer({ from: carol, to: carol, amount: 4n, fee: 1n, nonce: 0n }),
  ]
  const { block, witness } = await L.build(txs, { proposer: dave })
  const change = core.ledger.apply(L.tree.root, block, witness)
  await L.commit(change)
  assert.equal(await balanceOf(L, alice), { balance: 1000n - 103n - 12n + 150n, nonce: 2n })
  assert.equal(await balanceOf(L, bob), { balance: 50n + 100n - 150n, nonce: 1n })
  assert.equal(await balanceOf(L, carol), { balance: 10n - 1n, nonce: 1n })
  assert.equal(await balanceOf(L, dave), { balance: 6n, nonce: 0n })
})

test('a block without fees creates no proposer account', async () => {
  const L = await makeLedger(core, [[alice, 10n]])
  const { block, witness } = await L.build([signedTransfer({ from: alice, to: bob, amount: 1n })], { proposer: dave })
  await L.commit(core.ledger.apply(L.tree.root, block, witness))
  assert.is(await balanceOf(L, dave), undefined)
  const empty = await L.build([], { proposer: dave })
  await L.commit(core.ledger.apply(L.tree.root, empty.block, empty.witness))
  assert.is(await balanceOf(L, dave), undefined)
})

test('every bad transaction rejects the whole block, names its index, changes nothing', async () => {
  const L = await makeLedger(core, [[alice, 1000n], [bob, 5n]])
  const good = signedTransfer({ from: alice, to: bob, amount: 1n, nonce: 0n })
  const good2 = signedTransfer({ from: alice, to: bob, amount: 1n, nonce: 1n })
  const badSig = good2.slice(); badSig[130] ^= 1
  const sHigh = good2.slice(); sHigh.set(new Uint8Array(32).fill(0xff), 126)
  const cases = [
    ['wrong nonce', [good, signedTransfer({ from: alice, to: bob, nonce: 5n })], 'E_NONCE@1'],
    ['replayed transaction', [good, good], 'E_NONCE@1'],
    ['balance too low', [good, signedTransfer({ from: bob, to: alice, amount: 6n, fee: 1n })], 'E_BALANCE@1'],
    ['unknown sender', [good, signedTransfer({ from: carol, to: alice, amount: 1n })], 'E_NO_ACCOUNT@1'],
    ['zero amount', [good, signedTransfer({ from: alice, to: bob, amount: 0n, nonce: 1n })], 'E_ZERO_AMOUNT@1'],
    ['amount + fee overflows', [good, signedTransfer({ from: alice, to: bob, amount: MAX, fee: 1n, nonce: 1n })], 'E_OVERFLOW@1'],
    ['other chain', [good, signedTransfer({ chainId: 2, from: alice, to: bob, nonce: 1n })], 'E_CHAIN_ID@1'],
    ['bad signature', [good, badSig], 'E_SIG_INVALID@1'],
    ['s not below L', [good, sHigh], 'E_SIG_S_RANGE@1'],
  ]
  const rootBefore = hex(L.tree.root)
  for (const [name, txs, expected] of cases) {
    const { block, witness } = await L.draft(txs)
    assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, witness)), expected, name)
    assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, witness, 'build')), expected, name + ' (build)')
  }
  assert.is(hex(L.tree.root), rootBefore)
})

test('header faults: tx root, state root, witness root', async () => {
  const L = await makeLedger(core, [[alice, 1000n]])
  const txs = [signedTransfer({ from: alice, to: bob, amount: 2n, fee: 1n })]
  const { block, witness } = await L.build(txs)
  const wrongTxRoot = block.slice(); wrongTxRoot[90] ^= 1
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, wrongTxRoot, witness)), 'E_TX_ROOT@-1')
  const wrongState = block.slice(); wrongState[120] ^= 1
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, wrongState, witness)), 'E_STATE_ROOT@-1')
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, wrongState, witness, 'build')), 'ok')
  const otherRoot = new Uint8Array(32).fill(9)
  assert.is(codeOf(() => core.ledger.apply(otherRoot, block, witness)), 'E_WITNESS_ROOT@-1')
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, witness.subarray(0, witness.length - 1))).split('@')[0].startsWith('E_'), true)
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, witness)), 'ok')
})

test('the witness must cover exactly the touched keys', async () => {
  const L = await makeLedger(core, [[alice, 1000n], [bob, 1000n], [carol, 1000n]])
  const { block } = await L.build([signedTransfer({ from: alice, to: bob, amount: 2n })], { proposer: alice })
  // The tip key is part of every version-1 witness: the block proves the state has no tip record.
  const noTip = await L.tree.buildWitness([accountKey(core, alice.pk)])
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, noTip)), 'E_WITNESS_MISSING@-1')
  const tooSmall = await L.tree.buildWitness([tipKey()])
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, tooSmall)), 'E_WITNESS_MISSING@0')
  const tooBig = await L.tree.buildWitness([tipKey(), ...[alice, bob, carol].map((a) => accountKey(core, a.pk))])
  assert.is(codeOf(() => core.ledger.apply(L.tree.root, block, tooBig)), 'E_WITNESS_SHAPE@-1')
})

test('bad arguments: TypeError for wrong types, named errors for bad values', async () => {
  const L = await makeLedger(core, [[alice, 1000n]])
  const { block, witness } = await L.build([])
  assert.throws(() => core.ledger.apply('x', block, witness), TypeError)
  assert.throws(() => core.ledger.apply(new Uint8Array(31), block, witness), TypeError)
  assert.throws(() => core.ledger.apply(L.tree.root, [1, 2], witness), TypeError)
  assert.throws(() => core.ledger.apply(L.tree.root, block, witness, 'fast'), TypeError)
  assert.throws(() => core.ledger.genesis(null), TypeError)
})

test.run()
