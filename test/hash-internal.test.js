// The hash module's internal AssemblyScript API (what other areas of the core call, not
// exported by chiron.wasm): streamed SHA-256/512 on random chunkings, the 65-byte Merkle
// node hash, and that the one-shot hashes, HMAC and expand_message_xmd never disturb a
// streamed hash in progress (each keeps its own static context), plus the documented
// output/input overlaps. A small test module is compiled in memory from a virtual entry
// that re-exports those functions, with the same compiler flags as build/build.js.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { hmac } from '@noble/hashes/hmac.js'
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js'
import { compileScratch, rng, hex } from './helpers.js'

const ENTRY = 'hash-internal-entry.ts'
const ENTRY_SOURCE = `
import { sha256, sha256Init, sha256Update, sha256Final, sha256Node } from "./assembly/hash/sha256";
import { sha512, sha512Init, sha512Update, sha512Final } from "./assembly/hash/sha512";
import { hmacSha256, hmacSha512 } from "./assembly/hash/hmac";
import { expandMessageXmdSha256, expandMessageXmdSha512 } from "./assembly/hash/xmd";
export { chiron_reset, chiron_alloc } from "./assembly/abi";
export function s256(out: usize, p: usize, n: usize): void { sha256(out, p, n); }
export function s256Init(): void { sha256Init(); }
export function s256Update(p: usize, n: usize): void { sha256Update(p, n); }
export function s256Final(out: usize): void { sha256Final(out); }
export function s256Node(out: usize, tag: u8, a: usize, b: usize): void { sha256Node(out, tag, a, b); }
export function s512(out: usize, p: usize, n: usize): void { sha512(out, p, n); }
export function s512Init(): void { sha512Init(); }
export function s512Update(p: usize, n: usize): void { sha512Update(p, n); }
export function s512Final(out: usize): void { sha512Final(out); }
export function hmac256(out: usize, k: usize, kn: usize, m: usize, mn: usize): void { hmacSha256(out, k, kn, m, mn); }
export function hmac512(out: usize, k: usize, kn: usize, m: usize, mn: usize): void { hmacSha512(out, k, kn, m, mn); }
export function xmd256(out: usize, n: u32, m: usize, mn: u32, d: usize, dn: u32): i32 { return expandMessageXmdSha256(out, n, m, mn, d, dn); }
export function xmd512(out: usize, n: u32, m: usize, mn: u32, d: usize, dn: u32): i32 { return expandMessageXmdSha512(out, n, m, mn, d, dn); }
// @ts-ignore: runtime global (assembly/rt/arena.ts)
__arena_mark();
`

const compile = () => compileScratch(ENTRY_SOURCE, ENTRY)

const x = await compile()
const R = rng(Number(process.env.HASH_SEED ?? 11))
x.chiron_reset()
const ARENA_BYTES = 1 << 20
const base = x.chiron_alloc(ARENA_BYTES)
const mem = () => new Uint8Array(x.memory.buffer)
/** Bump allocation inside one arena buffer; `reset()` frees them all. */
let top = base
const reset = () => { top = base }
function put(bytes) { const p = top; mem().set(bytes, p); top += (bytes.length + 15) & ~15; return p }
function space(n) { return put(new Uint8Array(n)) }
const read = (p, n) => mem().slice(p, p + n)

/** Streams `data` into (init, update, final) in random chunks; `between` runs between chunks. */
function streamed(kind, data, between = () => {}) {
  const [init, update, final, outLen] = kind === 256
    ? [x.s256Init, x.s256Update, x.s256Final, 32] : [x.s512Init, x.s512Update, x.s512Final, 64]
  const p = put(data), out = space(outLen)
  init()
  for (let at = 0; at < data.length;) {
    const n = Math.min(data.length - at, R.int(4) === 0 ? R.int(400) : R.int(140))
    update(p + at, n)
    at += n
    between()
  }
  final(out)
  return read(out, outLen)
}

test('streamed SHA-256 and SHA-512 on random chunkings match one-shot @noble/hashes', () => {
  for (let i = 0; i < 400; i++) {
    reset()
    const data = R.bytes(i < 300 ? i : R.int(5000))
    assert.is(hex(streamed(256, data)), hex(sha256(data)), `sha256 ${data.length}`)
    assert.is(hex(streamed(512, data)), hex(sha512(data)), `sha512 ${data.length}`)
  }
})

test('sha256Node(out, tag, a, b) = SHA-256(tag || a || b), out may be a or b', () => {
  for (let i = 0; i < 300; i++) {
    reset()
    const tag = i % 256, a = R.bytes(32), b = R.bytes(32)
    const expected = hex(sha256(Uint8Array.of(tag, ...a, ...b)))
    const pa = put(a), pb = put(b), out = space(32)
    x.s256Node(out, tag, pa, pb)
    assert.is(hex(read(out, 32)), expected)
    x.s256Node(pb, tag, pa, pb)
    assert.is(hex(read(pb, 32)), expected, 'out = b')
  }
})

test('one-shot hashes, node hashes, HMAC and xmd do not disturb a streamed hash', () => {
  for (let i = 0; i < 40; i++) {
    reset()
    const data = R.bytes(R.int(3000))
    const other = put(R.bytes(300)), o = space(8192)
    const noise = () => {
      const n = R.int(300)
      x.s256(o, other, n); x.s512(o, other, n)
      x.s256Node(o, 1, other, other + 32)
      x.hmac256(o, other, R.int(150), other, n); x.hmac512(o, other, R.int(150), other, n)
      x.xmd256(o, 1 + R.int(500), other, n, other, 1 + R.int(299))
      x.xmd512(o, 1 + R.int(500), other, n, other, 1 + R.int(299))
    }
    assert.is(hex(streamed(256, data, noise)), hex(sha256(data)), `sha256 ${data.length}`)
    assert.is(hex(streamed(512, data, noise)), hex(sha512(data)), `sha512 ${data.length}`)
  }
})

test('outputs may overlap inputs where documented', () => {
  for (let i = 0; i < 100; i++) {
    reset()
    const msg = R.bytes(R.int(300)), key = R.bytes(R.int(200)), dst = R.bytes(1 + R.int(300))
    let p = put(msg)
    x.s256(p, p, msg.length)
    assert.is(hex(read(p, 32)), hex(sha256(msg)), 'sha256 in place')
    p = put(msg)
    x.s512(p, p, msg.length)
    assert.is(hex(read(p, 64)), hex(sha512(msg)), 'sha512 in place')
    let pk = put(key), pm = put(msg)
    x.hmac256(pk, pk, key.length, pm, msg.length)
    assert.is(hex(read(pk, 32)), hex(hmac(sha256, key, msg)), 'hmacSha256 out = key')
    pk = put(key); pm = put(msg)
    x.hmac512(pm, pk, key.length, pm, msg.length)
    assert.is(hex(read(pm, 64)), hex(hmac(sha512, key, msg)), 'hmacSha512 out = msg')
    const n = 1 + R.int(400)
    const pd = put(dst)
    pm = put(msg); space(n)
    assert.is(x.xmd256(pm, n, pm, msg.length, pd, dst.length), 0)
    assert.is(hex(read(pm, n)), hex(expand_message_xmd(msg, dst, n, sha256)), 'xmd256 out = msg')
    pm = put(msg); space(n)
    assert.is(x.xmd512(pm, n, pm, msg.length, pd, dst.length), 0)
    assert.is(hex(read(pm, n)), hex(expand_message_xmd(msg, dst, n, sha512)), 'xmd512 out = msg')
  }
})

test.run()
