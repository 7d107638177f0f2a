// The determinism gate: reads a compiled wasm module byte by byte and lists everything in it
// that could make two hosts disagree. The build refuses build/chiron.wasm unless the list is
// empty (build/build.js).
//
// Why each rule (DESIGN.md, "The deterministic core"):
// - f32/f64 anywhere: IEEE 754 leaves NaN payloads and signs to the engine (WebAssembly core
//   spec §4.3.3, "NaN propagation" is nondeterministic), so a float that reaches state or a
//   hash can differ between V8, SpiderMonkey and JavaScriptCore. We reject the value types
//   too, not only the instructions: a float that cannot be computed cannot be stored.
// - 0xFC 0–7 (trunc_sat from floats), float SIMD, relaxed SIMD: the last is
//   implementation-defined by design (relaxed-simd proposal, "Overview").
// - 0xFE atomics, shared memory: threads bring scheduling into the result.
// - Imports: only `env.abort` (AssemblyScript's assertion hook). Anything else is a channel
//   to the host: clock, randomness, storage.
// - The memory is the module's own, unshared, with a fixed maximum, so an allocation fails
//   the same way on every host.
//
// The walker decodes every instruction with its immediates (binary format, spec §5.4, plus
// the SIMD, bulk-memory, reference-types, exception-handling, multi-memory and threads
// proposals). An opcode it does not know is itself a problem: a gate that cannot read an
// instruction cannot vouch for it, so it fails loudly instead of skipping bytes.

const PROBLEMS_MAX = 100 // beyond this the build log stops being useful; a count follows

// Value types (spec §5.3.1; GC proposal abbreviations for reference types).
const VALTYPES = new Map([
  [0x7f, 'i32'], [0x7e, 'i64'], [0x7d, 'f32'], [0x7c, 'f64'], [0x7b, 'v128'],
  [0x70, 'funcref'], [0x6f, 'externref'], [0x6e, 'anyref'], [0x6d, 'eqref'],
  [0x6c, 'i31ref'], [0x6b, 'structref'], [0x6a, 'arrayref'], [0x69, 'exnref'],
  [0x73, 'nullfuncref'], [0x72, 'nullexternref'], [0x71, 'nullref'], [0x74, 'nullexnref'],
])
const REF_NULL_HT = 0x63, REF_HT = 0x64
const isFloatType = (t) => t === 'f32' || t === 'f64'
const isFloatName = (name) => /f32|f64/.test(name)

// ---------------------------------------------------------------------------------------
// Opcode tables. Each entry is [name, immediate kind]. Immediate kinds:
//   ''  none            bt  block type        u32  one LEB index       u32u32  two
//   brtable             mem  memarg           i32 / i64  signed LEB    f32 / f64  raw bytes
//   selectt  vec(valtype)   ht  heap type      trytable               tag / catch  index
//   v128  16 bytes      shuffle  16 lane bytes   lane  one byte       memlane  memarg+lane
// ---------------------------------------------------------------------------------------

function table(defs) {
  const t = new Map()
  for (const [op, name, imm = ''] of defs) t.set(op, { name, imm })
  return t
}

/** Runs `names` (space separated, '-' skips a code) onto consecutive opcodes from `first`. */
function run(first, names, imm = '') {
  return names.split(/\s+/).filter(Boolean).map((n, i) => [first + i, n, imm]).filter((d) => d[1] !== '-')
}

const CORE = table([
  [0x00, 'unreachable'], [0x01, 'nop'], [0x02, 'block', 'bt'], [0x03, 'loop', 'bt'],
  [0x04, 'if', 'bt'], [0x05, 'else'], [0x06, 'try', 'bt'], [0x07, 'catch', 'u32'],
  [0x08, 'throw', 'u32'], [0x09, 'rethrow', 'u32'], [0x0a, 'throw_ref'], [0x0b, 'end'],
  [0x0c, 'br', 'u32'], [0x0d, 'br_if', 'u32'], [0x0e, 'br_table', 'brtable'], [0x0f, 'return'],
  [0x10, 'call', 'u32'], [0x11, 'call_indirect', 'u32u32'], [0x12, 'return_call', 'u32'],
  [0x13, 'return_call_indirect', 'u32u32'], [0x14, 'call_ref', 'u32'],
  [0x15, 'return_call_ref', 'u32'], [0x18, 'delegate', 'u32'], [0x19, 'catch_all'],
  [0x1a, 'drop'], [0x1b, 'select'], [0x1c, 'select', 'selectt'], [0x1f, 'try_table', 'trytable'],
  [0x20, 'local.get', 'u32'], [0x21, 'local.set', 'u32'], [0x22, 'local.tee', 'u32'],
  [0x23, 'global.get', 'u32'], [0x24, 'global.set', 'u32'],
  [0x25, 'table.get', 'u32'], [0x26, 'table.set', 'u32'],
  ...run(0x28, `i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s
    i32.load16_u i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u
    i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16
    i64.store32`, 'mem'),
  [0x3f, 'memory.size', 'u32'], [0x40, 'memory.grow', 'u32'],
  [0x41, 'i32.const', 'i32'], [0x42, 'i64.const', 'i64'],
  [0x43, 'f32.const', 'f32'], [0x44, 'f64.const', 'f64'],
  ...run(0x45, `i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u
    i32.ge_s i32.ge_u i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s
    i64.le_u i64.ge_s i64.ge_u f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne
    f64.lt f64.gt f64.le f64.ge
    i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s
    i32.rem_u i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
    i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s
    i64.rem_u i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr
    f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub
    f32.mul f32.div f32.min f32.max f32.copysign
    f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub
    f64.mul f64.div f64.min f64.max f64.copysign
    i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
    i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s
    i64.trunc_f64_u f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u
    f32.demote_f64 f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u
    f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32
    f64.reinterpret_i64
    i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s`),
  [0xd0, 'ref.null', 'ht'], [0xd1, 'ref.is_null'], [0xd2, 'ref.func', 'u32'],
  [0xd3, 'ref.eq'], [0xd4, 'ref.as_non_null'], [0xd5, 'br_on_null', 'u32'],
  [0xd6, 'br_on_non_null', 'u32'],
])

// 0xFC prefix: saturating truncation (all from floats) and bulk memory / tables.
const MISC = table([
  ...run(0, `i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
    i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`),
  [8, 'memory.init', 'u32u32'], [9, 'data.drop', 'u32'], [10, 'memory.copy', 'u32u32'],
  [11, 'memory.fill', 'u32'], [12, 'table.init', 'u32u32'], [13, 'elem.drop', 'u32'],
  [14, 'table.copy', 'u32u32'], [15, 'table.grow', 'u32'], [16, 'table.size', 'u32'],
  [17, 'table.fill', 'u32'],
])

// 0xFD prefix: fixed-width SIMD (simd proposal, BinarySIMD.md), then relaxed SIMD.
const SIMD = table([
  ...run(0x00, `v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u
    v128.load32x2_s v128.load32x2_u v128.load8_splat v128.load16_splat v128.load32_splat
    v128.load64_splat v128.store`, 'mem'),
  [0x0c, 'v128.const', 'v128'], [0x0d, 'i8x16.shuffle', 'shuffle'],
  ...run(0x0e, 'i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat'),
  ...run(0x15, `i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane
    i16x8.extract_lane_s i16x8.extract_lane_u i16x8.replace_lane i32x4.extract_lane
    i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane f32x4.extract_lane
    f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane`, 'lane'),
  ...run(0x23, `i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s
    i8x16.le_u i8x16.ge_s i8x16.ge_u i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s
    i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u i32x4.eq i32x4.ne i32x4.lt_s
    i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
    f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge
    f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
    v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true`),
  ...run(0x54, `v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane
    v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane`, 'memlane'),
  [0x5c, 'v128.load32_zero', 'mem'], [0x5d, 'v128.load64_zero', 'mem'],
  ...run(0x5e, `f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
    i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s
    i8x16.narrow_i16x8_u f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest i8x16.shl
    i8x16.shr_s i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub
    i8x16.sub_sat_s i8x16.sub_sat_u f64x2.ceil f64x2.floor i8x16.min_s i8x16.min_u
    i8x16.max_s i8x16.max_u f64x2.trunc i8x16.avgr_u i16x8.extadd_pairwise_i8x16_s
    i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
    i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask
    i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u i16x8.extend_low_i8x16_s
    i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
    i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub
    i16x8.sub_sat_s i16x8.sub_sat_u f64x2.nearest i16x8.mul i16x8.min_s i16x8.min_u
    i16x8.max_s i16x8.max_u - i16x8.avgr_u i16x8.extmul_low_i8x16_s
    i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
    i32x4.abs i32x4.neg - i32x4.all_true i32x4.bitmask - - i32x4.extend_low_i16x8_s
    i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
    i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add - - i32x4.sub - - - i32x4.mul i32x4.min_s
    i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s - i32x4.extmul_low_i16x8_s
    i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
    i64x2.abs i64x2.neg - i64x2.all_true i64x2.bitmask - - i64x2.extend_low_i32x4_s
    i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
    i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add - - i64x2.sub - - - i64x2.mul
    i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
    i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u
    i64x2.extmul_high_i32x4_u
    f32x4.abs f32x4.neg - f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min
    f32x4.max f32x4.pmin f32x4.pmax f64x2.abs f64x2.neg - f64x2.sqrt f64x2.add f64x2.sub
    f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
    i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s
    f32x4.convert_i32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero
    f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u`),
  ...run(0x100, `i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
    i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero f32x4.relaxed_madd
    f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd i8x16.relaxed_laneselect
    i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect
    f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max
    i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s
    i32x4.relaxed_dot_i8x16_i7x16_add_s`),
])
const RELAXED_FIRST = 0x100

/** The tables, for the test that checks every entry against V8 and binaryen. */
export const OPCODES = { core: CORE, misc: MISC, simd: SIMD }

// 0xFE prefix: threads. Every one is rejected; decoding them lets the walk go on and report
// the rest of the function.
const ATOMIC_FENCE = 0x03
const isAtomic = (sub) => sub <= 0x02 || (sub >= 0x10 && sub <= 0x4e)

// ---------------------------------------------------------------------------------------
// The byte reader. Every read checks bounds; a malformed module throws Malformed.
// ---------------------------------------------------------------------------------------

class Malformed extends Error {}

class Reader {
  constructor(bytes, pos, end) { this.b = bytes; this.pos = pos; this.end = end }
  fail(what) { throw new Malformed(`${what} at offset ${hex(this.pos)}`) }
  eof() { return this.pos >= this.end }
  byte() {
    if (this.pos >= this.end) this.fail('unexpected end')
    return this.b[this.pos++]
  }
  bytes(n) {
    if (n > this.end - this.pos) this.fail(`${n} bytes run past the end`)
    const out = this.b.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }
  /** Unsigned LEB128 of at most `bits` bits (spec §5.2.2); numbers up to 2^53 stay exact. */
  uleb(bits = 32) {
    const start = this.pos
    const maxLen = Math.ceil(bits / 7)
    let value = 0, scale = 1
    for (let i = 0; i < maxLen; i++) {
      const b = this.byte()
      value += (b & 0x7f) * scale
      scale *= 128
      if ((b & 0x80) === 0) {
        // The last byte may only carry bits that fit in `bits`.
        if (i === maxLen - 1 && (b >> (bits - 7 * i)) !== 0) { this.pos = start; this.fail(`u${bits} out of range`) }
        return value
      }
    }
    this.pos = start
    this.fail(`u${bits} LEB128 longer than ${maxLen} bytes`)
  }
  u32() { return this.uleb(32) }
  /** Signed LEB128 of `bits` bits: only checks the form (the gate never needs the value). */
  sleb(bits) {
    const start = this.pos
    const maxLen = Math.ceil(bits / 7)
    for (let i = 0; i < maxLen; i++) {
      const b = this.byte()
      if ((b & 0x80) === 0) {
        if (i === maxLen - 1) {
          // Unused high bits of the last byte must all equal the sign bit.
          const used = bits - 7 * i
          const rest = b >> (used - 1)
          if (rest !== 0 && rest !== (0x7f >> (used - 1))) { this.pos = start; this.fail(`s${bits} out of range`) }
        }
        return
      }
    }
    this.pos = start
    this.fail(`s${bits} LEB128 longer than ${maxLen} bytes`)
  }
  /** A block type's s33 type index (spec §5.4.1), as a number; negative means malformed. */
  typeIndex33() {
    const start = this.pos
    let value = 0, scale = 1
    for (let i = 0; i < 5; i++) {
      const b = this.byte()
      value += (b & 0x7f) * scale
      scale *= 128
      if ((b & 0x80) === 0) return (b & 0x40) ? value - scale : value
    }
    this.pos = start
    this.fail('s33 LEB128 longer than 5 bytes')
  }
  name() {
    const len = this.u32()
    const raw = this.bytes(len)
    try { return new TextDecoder('utf-8', { fatal: true }).decode(raw) } catch { this.fail('name is not UTF-8') }
  }
}

const hex = (n) => '0x' + n.toString(16)

// ---------------------------------------------------------------------------------------
// The gate.
// ---------------------------------------------------------------------------------------

/**
 * Returns the problems that make `bytes` unfit as the deterministic core; an empty list
 * means the module passes. `memoryPagesMax` is the largest memory maximum allowed (64 KiB
 * pages).
 */
export function gateWasm(bytes, opts = {}) {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`gateWasm: expected the module as Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`)
  }
  const memoryPagesMax = opts.memoryPagesMax
  if (!Number.isInteger(memoryPagesMax) || memoryPagesMax <= 0) {
    throw new TypeError(`gateWasm: expected opts.memoryPagesMax as a positive integer, got ${memoryPagesMax}`)
  }
  const gate = new Gate(bytes, memoryPagesMax)
  try {
    gate.module()
  } catch (e) {
    if (!(e instanceof Malformed)) throw e
    gate.problem(`malformed module: ${e.message}`)
  }
  return gate.report()
}

// Section ids (spec §5.5.2) with their required order; tag (13) sits between memory and
// global, datacount (12) between element and code.
const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global',
  'export', 'start', 'element', 'code', 'data', 'datacount', 'tag']
const SECTION_ORDER = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 }

class Gate {
  constructor(bytes, memoryPagesMax) {
    this.bytes = bytes
    this.memoryPagesMax = memoryPagesMax
    this.problems = []     // { text, fn?, type? }: fn and type resolve to names at the end
    this.types = []        // [{ params: string[], results: string[] }]
    this.importedFuncs = 0
    this.funcTypes = []    // type index of each defined function
    this.typeOfFunc = []   // type index of every function in the index space, imports first
    this.memories = 0
    this.funcNames = new Map()
  }

  problem(text, fn, type) { this.problems.push({ text, fn, type }) }

  report() {
    const lines = this.problems.slice(0, PROBLEMS_MAX).map(({ text, fn, type }) => {
      if (type !== undefined) return `${text}${this.usersOf(type)}`
      if (fn === undefined) return text
      return `${this.functionName(fn)} ${text}`
    })
    if (this.problems.length > PROBLEMS_MAX) lines.push(`… and ${this.problems.length - PROBLEMS_MAX} more problems`)
    return lines
  }

  functionName(fn) {
    const name = this.funcNames.get(fn)
    return `function ${fn}${name ? ` (${name})` : ''}`
  }

  /** Which functions a signature with a problem belongs to, so the message leads to code. */
  usersOf(type) {
    const users = []
    this.typeOfFunc.forEach((t, fn) => { if (t === type) users.push(fn) })
    if (users.length === 0) return ''
    const shown = users.slice(0, 5).map((fn) => this.functionName(fn)).join(', ')
    return ` [used by ${shown}${users.length > 5 ? ` and ${users.length - 5} more` : ''}]`
  }

  module() {
    const r = new Reader(this.bytes, 0, this.bytes.length)
    const magic = r.bytes(4), version = r.bytes(4)
    if (magic[0] !== 0 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) r.fail('not a wasm module (bad magic)')
    if (version[0] !== 1 || version[1] !== 0 || version[2] !== 0 || version[3] !== 0) r.fail('unsupported wasm version')
    let lastOrder = 0
    let sawCode = false
    while (!r.eof()) {
      const idOffset = r.pos
      const id = r.byte()
      const size = r.u32()
      const start = r.pos
      if (size > r.end - start) r.fail(`section ${id} of ${size} bytes runs past the end`)
      const s = new Reader(this.bytes, start, start + size)
      if (id !== 0) {
        const order = SECTION_ORDER[id]
        if (order === undefined) { r.pos = idOffset; r.fail(`unknown section id ${id}`) }
        if (order <= lastOrder) { r.pos = idOffset; r.fail(`${SECTION_NAMES[id]} section out of order or repeated`) }
        lastOrder = order
      }
      this.section(id, s)
      if (id !== 0 && !s.eof()) s.fail(`${SECTION_NAMES[id]} section has trailing bytes`)
      if (id === 10) sawCode = true
      r.pos = start + size
    }
    if (!sawCode && this.funcTypes.length > 0) r.fail('function section without a code section')
    if (this.memories === 0) this.problem('memory: the module defines no memory (the core must own one, with a maximum)')
  }

  section(id, s) {
    switch (id) {
      case 0: return this.customSection(s)
      case 1: return this.typeSection(s)
      case 2: return this.importSection(s)
      case 3: return this.functionSection(s)
      case 4: return this.vec(s, () => this.tableType(s))
      case 5: return this.memorySection(s)
      case 6: return this.globalSection(s)
      case 7: return this.vec(s, () => { s.name(); s.byte(); s.u32() })
      case 8: return void s.u32()
      case 9: return this.elementSection(s)
      case 10: return this.codeSection(s)
      case 11: return this.dataSection(s)
      case 12: return void s.u32()
      case 13: return this.vec(s, () => this.tagType(s, 'tag'))
    }
  }

  vec(s, each) {
    const n = s.u32()
    for (let i = 0; i < n; i++) each(i)
    return n
  }

  /** Reads a value type; reports f32/f64 with `where` as the place it was found. */
  valtype(s, where, fn, type) {
    const at = s.pos
    const b = s.byte()
    if (b === REF_NULL_HT || b === REF_HT) { s.sleb(33); return 'ref' }
    const t = VALTYPES.get(b)
    if (t === undefined) { s.pos = at; s.fail(`unknown value type ${hex(b)}`) }
    if (isFloatType(t)) this.problem(`${where}: ${t} value type at offset ${hex(at)} (floats are not deterministic)`, fn, type)
    return t
  }

  customSection(s) {
    const name = s.name()
    if (name === 'name') {
      // Function names only make messages readable; a broken name section is not our
      // business (engines ignore it too), so stop quietly at the first surprise.
      try { this.nameSection(s) } catch (e) { if (!(e instanceof Malformed)) throw e }
    }
    s.pos = s.end
  }

  nameSection(s) {
    while (!s.eof()) {
      const sub = s.byte(), size = s.u32()
      const end = s.pos + size
      if (sub === 1) this.vec(s, () => { const idx = s.u32(); this.funcNames.set(idx, s.name()) })
      s.pos = end
    }
  }

  typeSection(s) {
    this.vec(s, (i) => {
      const at = s.pos
      const form = s.byte()
      if (form !== 0x60) { s.pos = at; s.fail(`type ${i}: only function types are supported, got form ${hex(form)}`) }
      const params = [], results = []
      this.vec(s, () => params.push(this.valtype(s, `type ${i} (function signature) parameter`, undefined, i)))
      this.vec(s, () => results.push(this.valtype(s, `type ${i} (function signature) result`, undefined, i)))
      this.types.push({ params, results })
    })
  }

  importSection(s) {
    this.vec(s, () => {
      const at = s.pos
      const module = s.name(), field = s.name()
      const kind = s.byte()
      const what = `import "${module}"."${field}"`
      switch (kind) {
        case 0x00: { // function
          const typeIdx = s.u32()
          this.importedFuncs++
          this.typeOfFunc.push(typeIdx)
          if (module === 'env' && field === 'abort') this.checkAbortType(typeIdx, what)
          else this.problem(`${what} (function) at offset ${hex(at)}: the core may import only env.abort`)
          break
        }
        case 0x01: this.tableType(s); this.problem(`${what} (table) at offset ${hex(at)}: the core imports no tables`); break
        case 0x02: this.limits(s); this.problem(`${what} (memory) at offset ${hex(at)}: the memory must be defined by the module, not imported`); break
        case 0x03: this.valtype(s, what); s.byte(); this.problem(`${what} (global) at offset ${hex(at)}: the core imports no globals`); break
        case 0x04: this.tagType(s, what); this.problem(`${what} (tag) at offset ${hex(at)}: the core imports no tags`); break
        default: s.pos = at; s.fail(`${what}: unknown import kind ${hex(kind)}`)
      }
    })
  }

  /** AssemblyScript's abort(message: i32, file: i32, line: i32, column: i32): void. */
  checkAbortType(typeIdx, what) {
    const t = this.types[typeIdx]
    const ok = t && t.results.length === 0 && t.params.length === 4 && t.params.every((p) => p === 'i32')
    if (!ok) this.problem(`${what}: expected the signature (i32, i32, i32, i32) -> (), got type ${typeIdx}`)
  }

  functionSection(s) {
    this.vec(s, () => {
      const t = s.u32()
      if (t >= this.types.length) s.fail(`function type index ${t} out of range`)
      this.funcTypes.push(t)
      this.typeOfFunc.push(t)
    })
  }

  tableType(s) {
    const at = s.pos
    if (this.bytes[at] === 0x40) { // table with an initialiser: 0x40 0x00 reftype limits expr
      s.byte()
      if (s.byte() !== 0x00) s.fail('table: bad initialiser form')
      this.valtype(s, 'table')
      this.limits(s)
      this.expr(s, `table at offset ${hex(at)} initialiser`)
      return
    }
    this.valtype(s, 'table')
    this.limits(s)
  }

  tagType(s, where) {
    if (s.byte() !== 0x00) s.fail(`${where}: unknown tag attribute`)
    const t = s.u32()
    if (t >= this.types.length) s.fail(`${where}: type index ${t} out of range`)
  }

  /** Limits (spec §5.3.7) with the threads (shared), memory64 and page-size flag bits. */
  limits(s) {
    const at = s.pos
    const flags = s.byte()
    if (flags > 0x0f) { s.pos = at; s.fail(`unknown limits flags ${hex(flags)}`) }
    const is64 = (flags & 0x04) !== 0
    const min = s.uleb(is64 ? 64 : 32)
    const max = (flags & 0x01) ? s.uleb(is64 ? 64 : 32) : undefined
    const pageSizeLog2 = (flags & 0x08) ? s.u32() : undefined
    return { at, min, max, shared: (flags & 0x02) !== 0, is64, pageSizeLog2 }
  }

  memorySection(s) {
    this.vec(s, (i) => {
      const m = this.limits(s)
      this.memories++
      const where = `memory ${i} at offset ${hex(m.at)}`
      if (this.memories > 1) this.problem(`${where}: the core has exactly one memory`)
      if (m.shared) this.problem(`${where}: shared memory is not allowed (threads)`)
      if (m.is64) this.problem(`${where}: memory64 is not allowed (not every host supports it)`)
      if (m.pageSizeLog2 !== undefined) this.problem(`${where}: custom page sizes are not allowed`)
      if (m.max === undefined) this.problem(`${where}: no maximum; the memory must have one (at most ${this.memoryPagesMax} pages)`)
      else if (m.max > this.memoryPagesMax) this.problem(`${where}: maximum of ${m.max} pages is above the allowed ${this.memoryPagesMax}`)
    })
  }

  globalSection(s) {
    this.vec(s, (i) => {
      this.valtype(s, `global ${i}`)
      const mut = s.byte()
      if (mut > 1) s.fail(`global ${i}: bad mutability ${mut}`)
      this.expr(s, `global ${i} initialiser`)
    })
  }

  elementSection(s) {
    this.vec(s, (i) => {
      const where = `element segment ${i}`
      const flags = s.u32()
      if (flags > 7) s.fail(`${where}: unknown flags ${flags}`)
      const passiveOrDeclared = (flags & 1) !== 0, explicitTable = (flags & 2) !== 0, exprs = (flags & 4) !== 0
      if (!passiveOrDeclared && explicitTable) s.u32()
      if (!passiveOrDeclared) this.expr(s, `${where} offset`)
      if (passiveOrDeclared || explicitTable) {
        if (exprs) this.valtype(s, where)
        else if (s.byte() !== 0x00) s.fail(`${where}: unknown element kind`)
      }
      if (exprs) this.vec(s, () => this.expr(s, `${where} item`))
      else this.vec(s, () => s.u32())
    })
  }

  dataSection(s) {
    this.vec(s, (i) => {
      const flags = s.u32()
      if (flags > 2) s.fail(`data segment ${i}: unknown flags ${flags}`)
      if (flags === 2) s.u32()
      if (flags !== 1) this.expr(s, `data segment ${i} offset`)
      s.bytes(s.u32())
    })
  }

  codeSection(s) {
    const n = this.vec(s, (i) => {
      if (i >= this.funcTypes.length) s.fail('more function bodies than functions')
      const fn = this.importedFuncs + i
      const size = s.u32()
      const start = s.pos
      if (size > s.end - start) s.fail(`function ${fn} body runs past the section`)
      const body = new Reader(this.bytes, start, start + size)
      this.functionBody(body, fn)
      s.pos = start + size
    })
    if (n !== this.funcTypes.length) s.fail(`${this.funcTypes.length} functions but ${n} bodies`)
  }

  functionBody(r, fn) {
    try {
      let locals = 0
      this.vec(r, () => {
        const count = r.u32()
        locals += count
        if (locals > 50000) r.fail('more than 50000 locals') // the limit engines share
        this.valtype(r, 'local', fn)
      })
      this.instructions(r, fn, `at offset`)
      if (!r.eof()) r.fail('code after the final end')
    } catch (e) {
      if (!(e instanceof Malformed)) throw e
      // The walk cannot go on inside this body, but other bodies can still be checked.
      this.problem(`cannot be read: ${e.message}`, fn)
    }
  }

  /** A constant expression (global, element and data initialisers) walked like a body. */
  expr(s, where) {
    this.instructions(s, undefined, `${where} at offset`)
  }

  /**
   * Walks instructions until the `end` that closes the outermost block. `fn` is the function
   * index for messages (undefined in constant expressions, whose `where` names the place).
   */
  instructions(r, fn, where) {
    let depth = 0
    for (;;) {
      const at = r.pos
      const op = r.byte()
      const place = `${where} ${hex(at)}`
      if (op === 0xfc || op === 0xfd || op === 0xfe) { this.prefixed(r, op, fn, place, at); continue }
      if (op === 0xfb) { r.pos = at; r.fail('GC instruction (0xFB prefix): not supported by the gate') }
      const ins = CORE.get(op)
      if (ins === undefined) { r.pos = at; r.fail(`unknown opcode ${hex(op)}`) }
      if (isFloatName(ins.name)) this.problem(`${place}: ${ins.name} (${hex(op)}) is a float instruction`, fn)
      this.immediate(r, ins.imm, fn, place)
      if (ins.imm === 'bt' || ins.imm === 'trytable') depth++
      else if (ins.name === 'end' || ins.name === 'delegate') {
        if (depth === 0) return
        depth--
      }
    }
  }

  prefixed(r, prefix, fn, place, at) {
    const sub = r.u32()
    const code = `${hex(prefix)} ${sub}`
    if (prefix === 0xfe) {
      if (sub === ATOMIC_FENCE) r.byte()
      else if (isAtomic(sub)) this.memarg(r)
      else { r.pos = at; r.fail(`unknown opcode ${code}`) }
      this.problem(`${place}: atomic instruction (${code}) is not allowed (threads)`, fn)
      return
    }
    const ins = (prefix === 0xfc ? MISC : SIMD).get(sub)
    if (ins === undefined) { r.pos = at; r.fail(`unknown opcode ${code}`) }
    if (prefix === 0xfd && sub >= RELAXED_FIRST) this.problem(`${place}: ${ins.name} (${code}) is relaxed SIMD (results vary by host)`, fn)
    else if (isFloatName(ins.name)) this.problem(`${place}: ${ins.name} (${code}) is a float instruction`, fn)
    this.immediate(r, ins.imm, fn, place)
  }

  memarg(r) {
    const align = r.u32()
    if (align & 0x40) r.u32() // multi-memory: a memory index follows
    r.uleb(64)                // offset (64 bits wide under memory64)
  }

  immediate(r, imm, fn, place) {
    switch (imm) {
      case '': return
      case 'u32': r.u32(); return
      case 'u32u32': r.u32(); r.u32(); return
      case 'i32': r.sleb(32); return
      case 'i64': r.sleb(64); return
      case 'f32': r.bytes(4); return
      case 'f64': r.bytes(8); return
      case 'mem': this.memarg(r); return
      case 'lane': r.byte(); return
      case 'memlane': this.memarg(r); r.byte(); return
      case 'v128': r.bytes(16); return
      case 'shuffle': r.bytes(16); return
      case 'ht': r.sleb(33); return
      case 'bt': this.blockType(r, fn, place); return
      case 'brtable': this.vec(r, () => r.u32()); r.u32(); return
      case 'selectt': this.vec(r, () => this.valtype(r, `${place}: select`, fn)); return
      case 'trytable':
        this.blockType(r, fn, place)
        this.vec(r, () => {
          const kind = r.byte()
          if (kind > 3) r.fail(`try_table: unknown catch kind ${kind}`)
          if (kind < 2) r.u32() // tag index
          r.u32()               // label
        })
        return
    }
    throw new Error(`gate: no decoder for immediate kind '${imm}'`)
  }

  /** Block type (spec §5.4.1): 0x40 empty, a value type, or a type index as s33. */
  blockType(r, fn, place) {
    const b = this.bytes[r.pos]
    if (b === 0x40) { r.byte(); return }
    if (VALTYPES.has(b) || b === REF_NULL_HT || b === REF_HT) { this.valtype(r, `${place}: block type`, fn); return }
    // A type index: its signature was checked (floats included) in the type section.
    const at = r.pos
    const t = r.typeIndex33()
    if (t < 0 || t >= this.types.length) { r.pos = at; r.fail(`block type index ${t} out of range`) }
  }
}
