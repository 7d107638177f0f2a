// Fuzz: random and mutated witnesses (and update lists) into state_verify and
// state_update. Every call returns OK or a named error; none traps. Bounded, seeded.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { loadCore, rng } from './helpers.js'
import { verifyProof, update, encodeUpdates } from '../dist/runtime/core/state.js'
import { referenceRoot, referenceWitness } from '../dist/runtime/state/reference.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const w = (await loadCore()).wasm
const seed = 0xf022
const r = rng(seed)
console.log(`seed=${seed}`)

const seen = new Map()
function outcome(fn) {
  try { fn(); return 'OK' } catch (e) {
    assert.is(e.name, 'CoreError', e.message)
    assert.ok(CORE_ERRORS[e.code], `unnamed code ${e.code}`)
    return e.coreName
  }
}
function tally(name) { seen.set(name, (seen.get(name) ?? 0) + 1) }

function mutate(bytes) {
  const b = Array.from(bytes)
  const edits = 1 + r.int(4)
  for (let i = 0; i < edits; i++) {
    const op = r.int(6)
    const at = b.length ? r.int(b.length) : 0
    if (op === 0 && b.length) b[at] ^= 1 << r.int(8)
    else if (op === 1 && b.length) b[at] = r.int(256)
    else if (op === 2) b.splice(at, 0, r.int(4)) // insert a likely tag
    else if (op === 3 && b.length) b.splice(at, 1 + r.int(8))
    else if (op === 4 && b.length) b[at] = r.int(4)
    else b.splice(at, 0, ...r.bytes(1 + r.int(40)))
  }
  return Uint8Array.from(b)
}

const entries = []
for (let i = 0; i < 60; i++) entries.push({ key: r.bytes(32), value: r.bytes(r.int(30)) })
const root = referenceRoot(entries)

test('random bytes into state_verify and state_update', () => {
  for (let i = 0; i < 1500; i++) {
    const wit = r.bytes(r.int(200))
    if (i % 3 === 0 && wit.length) wit[0] = r.int(4)
    const key = r.bytes(32)
    tally(outcome(() => verifyProof(w, root, key, wit)))
    tally(outcome(() => update(w, root, wit, [{ key, value: r.bytes(r.int(8)) }])))
  }
})

test('mutated valid witnesses into state_verify and state_update', () => {
  for (let i = 0; i < 1500; i++) {
    const keys = []
    const n = 1 + r.int(4)
    for (let k = 0; k < n; k++) keys.push(r.int(2) ? entries[r.int(entries.length)].key : r.bytes(32))
    const wit = mutate(referenceWitness(entries, keys))
    tally(outcome(() => verifyProof(w, root, keys[0], wit)))
    tally(outcome(() => update(w, root, wit, keys.map((key) => ({ key, value: r.bytes(r.int(8)) })))))
  }
})

test('random and mutated update lists', () => {
  const keys = [entries[0].key, entries[1].key, r.bytes(32)]
  const wit = referenceWitness(entries, keys)
  const good = encodeUpdates('fuzz', keys.map((key) => ({ key, value: r.bytes(5) })))
  for (let i = 0; i < 1500; i++) {
    const body = i % 4 === 0 ? r.bytes(r.int(120)) : mutate(good)
    tally(outcome(() => w.call('fuzz', (x) => {
      const code = x.state_update(w.put('fuzz', root), w.put('fuzz', wit), wit.length, w.put('fuzz', body), body.length)
      if (code !== 0) { const e = new Error('code'); e.name = 'CoreError'; e.code = code; e.coreName = CORE_ERRORS[code]?.name; throw e }
    })))
  }
})

test('outcomes cover the witness errors', () => {
  console.log([...seen].map(([k, v]) => `${k}: ${v}`).join(', '))
  for (const name of ['OK', 'E_WITNESS_SHAPE', 'E_WITNESS_ROOT', 'E_WITNESS_MISSING']) assert.ok(seen.get(name) > 0, name)
})

test.run()
