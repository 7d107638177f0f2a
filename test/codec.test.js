// The TypeScript codec (runtime/codec) and the core's decoder agree byte for byte: on valid
// blocks they compute the same hashes and tx root, and on malformed bytes they reject with
// the same error name and transaction index.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256 } from '@noble/hashes/sha2.js'
import { loadCore, rng, hex } from './helpers.js'
import { blockVerdicts } from './chain-helpers.js'
import { encodeTransfer, decodeTransfer, encodeTransferBody, TX_BYTES } from '../dist/runtime/codec/tx.js'
import { encodeBlock, decodeBlock, encodeHeader, decodeHeader, txRoot, HEADER_BYTES } from '../dist/runtime/codec/block.js'
import { decodeTx } from '../dist/runtime/codec/validator-tx.js'

const core = await loadCore()
const R = rng(2024)

function randomTransfer(r) {
  return {
    chainId: r.u32(), nonce: BigInt(r.u32()) * 4294967296n + BigInt(r.u32()), from: r.bytes(32), to: r.bytes(32),
    amount: BigInt(r.u32()), fee: BigInt(r.u32() & 0xffff), sig: r.bytes(64),
  }
}

function randomBlock(r, n) {
  const txs = Array.from({ length: n }, () => encodeTransfer(randomTransfer(r)))
  const header = {
    chainId: r.u32(), height: BigInt(r.u32()), slot: BigInt(r.u32()), parent: r.bytes(32), proposer: r.bytes(32),
    txRoot: txRoot(txs), stateRoot: r.bytes(32), txCount: n,
  }
  return { header, txs, bytes: encodeBlock(header, txs) }
}

const { ts: tsVerdict, core: coreVerdict } = blockVerdicts(core)

test('transfer: encode → decode round trip, 158 bytes, body is the first 94', () => {
  for (let i = 0; i < 50; i++) {
    const t = randomTransfer(R)
    const bytes = encodeTransfer(t)
    assert.is(bytes.length, TX_BYTES)
    assert.equal(encodeTransfer(decodeTransfer(bytes)), bytes)
    assert.equal(bytes.subarray(0, 94), encodeTransferBody(t))
    assert.is(hex(core.ledger.checkTx(bytes)), hex(sha256(bytes)))
  }
})

test('header: encode → decode round trip, 153 bytes', () => {
  const { header } = randomBlock(R, 3)
  const bytes = encodeHeader(header)
  assert.is(bytes.length, HEADER_BYTES)
  assert.equal(encodeHeader(decodeHeader(bytes)), bytes)
})

test('encoders refuse out-of-range values', () => {
  const t = randomTransfer(R)
  assert.throws(() => encodeTransfer({ ...t, amount: 1n << 64n }), /u64/)
  assert.throws(() => encodeTransfer({ ...t, amount: -1n }), /u64/)
  assert.throws(() => encodeTransfer({ ...t, chainId: 2 ** 32 }), /u32/)
  assert.throws(() => encodeTransfer({ ...t, from: new Uint8Array(31) }), /32 bytes/)
})

test('valid blocks: core and TypeScript compute the same header hash, tx root and tx hashes', () => {
  for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33, 100]) {
    const { header, txs, bytes } = randomBlock(R, n)
    const c = core.ledger.checkBlock(bytes)
    assert.is(hex(c.headerHash), hex(sha256(bytes.subarray(0, HEADER_BYTES))))
    assert.is(hex(c.txRoot), hex(header.txRoot), `tx root, ${n} txs`)
    assert.equal(c.txHashes.map(hex), txs.map((t) => hex(sha256(t))))
    const d = decodeBlock(bytes)
    assert.equal(encodeBlock(d.header, d.txBytes), bytes)
  }
})

test('non-canonical blocks: named errors, the same in core and TypeScript', () => {
  const { bytes } = randomBlock(R, 3)
  const cases = {
    'trailing byte': [Uint8Array.from([...bytes, 0]), 'E_TRAILING@-1'],
    'truncated last tx': [bytes.subarray(0, bytes.length - 1), 'E_TRUNCATED@2'],
    'truncated header': [bytes.subarray(0, 100), 'E_TRUNCATED@-1'],
    empty: [new Uint8Array(0), 'E_TRUNCATED@-1'],
    'header version 3': [Uint8Array.from(bytes, (b, i) => (i === 0 ? 3 : b)), 'E_BAD_VERSION@-1'],
    'header version 0': [Uint8Array.from(bytes, (b, i) => (i === 0 ? 0 : b)), 'E_BAD_VERSION@-1'],
    'tx 1 version 0': [Uint8Array.from(bytes, (b, i) => (i === HEADER_BYTES + TX_BYTES ? 0 : b)), 'E_BAD_VERSION@1'],
    'tx 2 kind 9': [Uint8Array.from(bytes, (b, i) => (i === HEADER_BYTES + 2 * TX_BYTES + 1 ? 9 : b)), 'E_BAD_TAG@2'],
    'count says 4': [Uint8Array.from(bytes, (b, i) => (i === 149 ? 4 : b)), 'E_TRUNCATED@3'],
    'count says 2': [Uint8Array.from(bytes, (b, i) => (i === 149 ? 2 : b)), 'E_TRAILING@-1'],
    'count above max': [Uint8Array.from(bytes, (b, i) => (i === 151 ? 1 : b)), 'E_TOO_MANY_TXS@-1'],
  }
  for (const [name, [b, expected]] of Object.entries(cases)) {
    assert.is(coreVerdict(b), expected, `core: ${name}`)
    assert.is(tsVerdict(b), expected, `ts: ${name}`)
  }
})

test('standalone transactions: length first, then version and kind', () => {
  const t = encodeTransfer(randomTransfer(R))
  const verdict = (b) => { try { core.ledger.checkTx(b); return 'ok' } catch (e) { return e.coreName } }
  const tsv = (b) => { try { decodeTx(b); return 'ok' } catch (e) { return e.coreName } }
  for (const [b, expected] of [
    [t.subarray(0, 157), 'E_TRUNCATED'], [Uint8Array.from([...t, 1]), 'E_TRAILING'],
    [Uint8Array.from(t, (x, i) => (i === 0 ? 7 : x)), 'E_BAD_VERSION'], [Uint8Array.from(t, (x, i) => (i === 1 ? 9 : x)), 'E_BAD_TAG'],
    [Uint8Array.from(t, (x, i) => (i === 1 ? 2 : x)), 'E_TRUNCATED'], // a register is 302 bytes
    [Uint8Array.from(t, (x, i) => (i === 1 ? 3 : x)), 'E_TRAILING'], // an exit is 122 bytes
    [new Uint8Array(0), 'E_TRUNCATED'],
  ]) {
    assert.is(verdict(b), expected)
    assert.is(tsv(b), expected)
  }
})

test('mutated and random blocks: core and TypeScript always agree', () => {
  const { bytes } = randomBlock(R, 4)
  let agreed = 0
  for (let i = 0; i < 3000; i++) {
    let b
    const kind = R.int(4)
    if (kind === 0) b = R.bytes(R.int(800))
    else if (kind === 1) { b = bytes.slice(); for (let k = 0; k <= R.int(4); k++) b[R.int(b.length)] ^= 1 << R.int(8) }
    else if (kind === 2) b = bytes.subarray(0, R.int(bytes.length + 1))
    else { b = new Uint8Array(bytes.length + 1 + R.int(200)); b.set(bytes); b[149] = R.int(8) }
    assert.is(coreVerdict(b), tsVerdict(b), `case ${i}`)
    agreed++
  }
  assert.is(agreed, 3000)
})

test.run()
