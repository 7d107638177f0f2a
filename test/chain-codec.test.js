// The version-2 block codec (PROTOCOL.md §16–17): TypeScript (runtime/codec) and the core
// agree byte for byte on hashes, tx roots and every rejection, including the variable-length
// bodies of validator transactions.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256 } from '@noble/hashes/sha2.js'
import { loadCore, rng, hex } from './helpers.js'
import { blockVerdicts } from './chain-helpers.js'
import {
  encodeBlock, decodeBlock, encodeHeader, decodeHeader, txRoot, blockHash, hashHeader, headerSigningMessage,
  signHeader, CERT_BYTES_MAX, HEADER_V2_FIXED_BYTES,
} from '../dist/runtime/codec/block.js'
import { encodeRegister, encodeExit, encodeSlash, decodeTx } from '../dist/runtime/codec/validator-tx.js'
import { encodeTransfer } from '../dist/runtime/codec/tx.js'
import { publicKey, sign } from '../dist/runtime/wallet/ed25519.js'

const core = await loadCore()
const R = rng(77)

function common(r) { return { chainId: r.u32(), nonce: BigInt(r.u32()), from: r.bytes(32), fee: BigInt(r.u32()), sig: r.bytes(64) } }
function randomTx(r) {
  switch (r.int(4)) {
    case 0: return encodeTransfer({ ...common(r), to: r.bytes(32), amount: BigInt(r.u32()) })
    case 1: return encodeRegister({ ...common(r), bond: BigInt(r.u32()), blsPk: r.bytes(48), pop: r.bytes(96), vrfPk: r.bytes(32) })
    case 2: return encodeExit({ ...common(r), validator: r.u32() })
    default: {
      const vote = () => ({ kind: 1 + r.int(2), height: BigInt(r.u32()), block: r.bytes(32), sig: r.bytes(96) })
      return encodeSlash({ ...common(r), validator: r.u32(), voteA: vote(), voteB: vote() })
    }
  }
}
function randomBlock(r, n, certLen = r.int(600)) {
  const txs = Array.from({ length: n }, () => randomTx(r))
  const header = {
    version: 2, chainId: r.u32(), height: BigInt(r.u32()), slot: BigInt(r.u32()), parent: r.bytes(32), proposer: r.u32(),
    vrfProof: r.bytes(80), txRoot: txRoot(txs), stateRoot: r.bytes(32), txCount: n, cert: r.bytes(certLen), sig: r.bytes(64),
  }
  return { header, txs, bytes: encodeBlock(header, txs) }
}

const { ts: tsVerdict, core: coreVerdict } = blockVerdicts(core)

test('v2 header: round trip, 273 + certLen bytes; the block hash leaves out the signature', () => {
  for (const certLen of [0, 1, 462, 5000]) {
    const { header } = randomBlock(R, 0, certLen)
    const bytes = encodeHeader(header)
    assert.is(bytes.length, HEADER_V2_FIXED_BYTES + certLen)
    assert.equal(encodeHeader(decodeHeader(bytes)), bytes)
    assert.is(hex(blockHash(header)), hex(sha256(bytes.subarray(0, bytes.length - 64))))
    assert.is(hex(hashHeader(bytes)), hex(blockHash(header)))
    const other = { ...header, sig: R.bytes(64) }
    assert.is(hex(blockHash(other)), hex(blockHash(header)), 'a signature does not change the hash')
  }
})

test('v2 header signature: "chiron/block/v2" ‖ the hashed bytes, under the account key', () => {
  const seed = R.bytes(32)
  const { header } = randomBlock(R, 0, 10)
  const signed = signHeader(header, seed)
  const msg = headerSigningMessage(header)
  assert.is(new TextDecoder().decode(msg.subarray(0, 15)), 'chiron/block/v2')
  assert.equal(msg.subarray(15), encodeHeader(signed).subarray(0, 209 + 10))
  assert.ok(core.ed25519.verify(signed.sig, msg, publicKey(seed)))
  assert.equal(signed.sig, sign(seed, msg))
})

test('v2 blocks with every transaction kind: core and TypeScript compute the same hashes and tx root', () => {
  for (const n of [0, 1, 2, 3, 5, 8, 17]) {
    const { header, txs, bytes } = randomBlock(R, n)
    const c = core.ledger.checkBlock(bytes)
    assert.is(hex(c.headerHash), hex(blockHash(header)))
    assert.is(hex(c.txRoot), hex(header.txRoot), `tx root, ${n} txs`)
    assert.equal(c.txHashes.map(hex), txs.map((t) => hex(sha256(t))))
    const d = decodeBlock(bytes)
    assert.equal(d.txs.map((t) => t.kind), txs.map((t) => t[1]))
    assert.equal(encodeBlock(d.header, d.txBytes), bytes)
    for (const t of txs) assert.is(hex(core.ledger.checkTx(t)), hex(sha256(decodeTx(t) && t)))
  }
})

test('v2 rejections: named errors, the same in core and TypeScript', () => {
  const { bytes, txs } = randomBlock(R, 3, 20)
  const h = 273 + 20
  const at = (i, v) => Uint8Array.from(bytes, (b, j) => (j === i ? v : b))
  const certLen = (v) => { const b = bytes.slice(); new DataView(b.buffer).setUint32(205, v, true); return b }
  const cases = {
    'header shorter than 209': [bytes.subarray(0, 200), 'E_TRUNCATED@-1'],
    'no signature': [bytes.subarray(0, 209 + 20 + 10), 'E_TRUNCATED@-1'],
    'certLen above the maximum': [certLen(CERT_BYTES_MAX + 1), 'E_COUNT_RANGE@-1'],
    'certLen 2^32 - 1': [certLen(0xffffffff), 'E_COUNT_RANGE@-1'],
    'certLen past the end': [certLen(CERT_BYTES_MAX), 'E_TRUNCATED@-1'],
    'count above max': [at(203, 1), 'E_TOO_MANY_TXS@-1'],
    'tx 0 version 2': [at(h, 2), 'E_BAD_VERSION@0'],
    'tx 1 kind 5': [at(h + txs[0].length + 1, 5), 'E_BAD_TAG@1'],
    'tx 1 kind 0': [at(h + txs[0].length + 1, 0), 'E_BAD_TAG@1'],
    'trailing byte': [Uint8Array.from([...bytes, 0]), 'E_TRAILING@-1'],
    'last tx cut': [bytes.subarray(0, bytes.length - 1), 'E_TRUNCATED@2'],
    'last tx cut below 122': [bytes.subarray(0, bytes.length - txs[2].length + 100), 'E_TRUNCATED@2'],
  }
  for (const [name, [b, expected]] of Object.entries(cases)) {
    assert.is(coreVerdict(b), expected, `core: ${name}`)
    assert.is(tsVerdict(b), expected, `ts: ${name}`)
  }
})

test('a version-1 block may not carry validator transactions', () => {
  const txs = [encodeExit({ ...common(R), validator: 1 })]
  const h = { chainId: 1, height: 1n, slot: 1n, parent: R.bytes(32), proposer: R.bytes(32), txRoot: txRoot(txs), stateRoot: R.bytes(32), txCount: 1 }
  const b = encodeBlock(h, txs)
  assert.is(coreVerdict(b), 'E_TRUNCATED@0')
  assert.is(tsVerdict(b), 'E_TRUNCATED@0')
  const padded = encodeBlock(h, [Uint8Array.from([...txs[0], ...new Uint8Array(36)])])
  assert.is(coreVerdict(padded), 'E_BAD_TAG@0')
  assert.is(tsVerdict(padded), 'E_BAD_TAG@0')
})

test('mutated and random v2 blocks: core and TypeScript always agree', () => {
  const blocks = [randomBlock(R, 4).bytes, randomBlock(R, 2, 0).bytes, randomBlock(R, 6, 90).bytes]
  for (let i = 0; i < 4000; i++) {
    const bytes = blocks[R.int(blocks.length)]
    let b
    const kind = R.int(5)
    if (kind === 0) { b = R.bytes(R.int(900)); b[0] = 2 }
    else if (kind === 1) { b = bytes.slice(); for (let k = 0; k <= R.int(4); k++) b[R.int(b.length)] ^= 1 << R.int(8) }
    else if (kind === 2) b = bytes.subarray(0, R.int(bytes.length + 1))
    else if (kind === 3) { b = bytes.slice(); b[273 + R.int(b.length - 273) ] = R.int(6) }
    else { b = bytes.slice(); new DataView(b.buffer).setUint32(R.int(2) ? 201 : 205, R.int(3) ? R.int(8) : R.u32(), true) }
    assert.is(coreVerdict(b), tsVerdict(b), `case ${i}`)
  }
})

test.run()
