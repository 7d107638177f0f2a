// The low-level bridge to chiron.wasm: instantiate with only `abort`, copy inputs into the
// module's arena, read results out. Typed APIs (hash.ts, ed25519.ts, ledger.ts) sit on top.
import { CORE_ERRORS } from '../errors.generated.js'

export class CoreError extends Error {
  readonly code: number
  readonly coreName: string
  constructor(fn: string, code: number, detail = '') {
    const e = CORE_ERRORS[code]
    const name = e?.name ?? `E_UNKNOWN_${code}`
    super(`${fn}: ${e?.message ?? 'unknown core error'} (${name})${detail ? ': ' + detail : ''}`)
    this.name = 'CoreError'
    this.code = code
    this.coreName = name
  }
}

/** Raised when the core traps: always a bug in the core, never the caller's input. */
export class CoreTrap extends Error {
  constructor(fn: string, cause: unknown) {
    super(`${fn}: the core trapped (a bug in chiron.wasm): ${(cause as Error)?.message ?? cause}`)
    this.name = 'CoreTrap'
  }
}

export interface CoreExports {
  memory: WebAssembly.Memory
  chiron_reset(): void
  chiron_alloc(len: number): number
  chiron_result_ptr(): number
  chiron_result_len(): number
  chiron_abi_version(): number
  [name: string]: any
}

function abort(msgPtr: number, filePtr: number, line: number, col: number): never {
  throw new WebAssembly.RuntimeError(`abort at ${line}:${col}`)
}

export class CoreWasm {
  readonly module: WebAssembly.Module
  exports!: CoreExports

  constructor(module: WebAssembly.Module) {
    this.module = module
    this.instantiate()
  }

  private instantiate() {
    const instance = new WebAssembly.Instance(this.module, { env: { abort } })
    this.exports = instance.exports as unknown as CoreExports
  }

  /** Runs one call sequence; a trap re-creates the instance so the next call starts clean. */
  call<T>(fn: string, body: (x: CoreExports) => T): T {
    try {
      this.exports.chiron_reset()
      return body(this.exports)
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) {
        this.instantiate()
        throw new CoreTrap(fn, e)
      }
      throw e
    }
  }

  /** Copies `bytes` into a fresh arena buffer and returns its address. */
  put(fn: string, bytes: Uint8Array): number {
    const ptr = this.exports.chiron_alloc(bytes.length)
    if (ptr === 0) throw new RangeError(`${fn}: input of ${bytes.length} bytes is larger than the core accepts`)
    new Uint8Array(this.exports.memory.buffer, ptr, bytes.length).set(bytes)
    return ptr
  }

  /** Allocates an output buffer of `len` bytes. */
  alloc(fn: string, len: number): number {
    const ptr = this.exports.chiron_alloc(len)
    if (ptr === 0) throw new RangeError(`${fn}: output of ${len} bytes is larger than the core allows`)
    return ptr
  }

  /** A copy of `len` bytes at `ptr`. */
  read(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, ptr, len).slice()
  }

  /** A copy of the call's variable-length result. */
  result(): Uint8Array {
    return this.read(this.exports.chiron_result_ptr(), this.exports.chiron_result_len())
  }
}

export function expectBytes(fn: string, what: string, v: unknown, len?: number): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new TypeError(`${fn}: expected ${what} as Uint8Array, got ${v === null ? 'null' : typeof v}`)
  if (len !== undefined && v.length !== len) throw new TypeError(`${fn}: expected ${what} of ${len} bytes, got ${v.length}`)
  return v
}
