// Weighted sortition in the core (docs/VRF.md §3): the typed side of sortition_seats,
// committee_seats and sortition_priority. The result is computed by the core in integers
// only; nothing here does arithmetic on the values, so every host gets the same seats bit
// for bit.
import { CoreWasm, CoreError, expectBytes } from './wasm.js'

const U64_MAX = (1n << 64n) - 1n
/** Largest expected number of seats in all (τ). */
export const SORTITION_TAU_MAX = 65536
/** Most seats one validator can win. */
export const SORTITION_SEATS_MAX = 131072

function expectU64(fn: string, what: string, v: unknown): bigint {
  if (typeof v !== 'bigint') throw new TypeError(`${fn}: expected ${what} as bigint, got ${typeof v}`)
  if (v < 0n || v > U64_MAX) throw new RangeError(`${fn}: expected ${what} in [0, 2^64), got ${v}`)
  return v
}

function expectU32(fn: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${fn}: expected ${what} as an integer, got ${typeof v === 'number' ? v : typeof v}`)
  if (v < 0 || v > 0xffffffff) throw new RangeError(`${fn}: expected ${what} in [0, 2^32), got ${v}`)
  return v
}

/** The checked arguments of a seat count, for `fn`. */
function seatArgs(fn: string, beta: Uint8Array, weight: bigint, total: bigint, tau: number): void {
  expectBytes(fn, 'beta', beta, 64)
  expectU64(fn, 'weight', weight)
  expectU64(fn, 'total', total)
  expectU32(fn, 'tau', tau)
}

function seatCall(w: CoreWasm, fn: string, exportName: 'sortition_seats' | 'committee_seats', beta: Uint8Array, weight: bigint, total: bigint, tau: number): number {
  seatArgs(fn, beta, weight, total, tau)
  return w.call(fn, (x) => {
    const betaPtr = w.put(fn, beta)
    const out = w.alloc(fn, 4)
    const code = x[exportName](betaPtr, weight, total, tau, out)
    if (code !== 0) throw new CoreError(fn, code)
    return new DataView(x.memory.buffer).getUint32(out, true)
  })
}

/**
 * Seats won by a validator of weight `weight` out of `total` when `tau` seats are expected
 * in all, for the 64-byte VRF output `beta` (Poisson, §3.1: the proposer draw). Throws a
 * CoreError when total = 0, weight > total or tau > 65536.
 */
export function seats(w: CoreWasm, beta: Uint8Array, weight: bigint, total: bigint, tau: number): number {
  return seatCall(w, 'sortition.seats', 'sortition_seats', beta, weight, total, tau)
}

/**
 * Committee seats (§3.7): weight·tau/total rounded at random from `beta`, so never more
 * than one seat from the mean. Same arguments and errors as `seats`.
 */
export function committeeSeats(w: CoreWasm, beta: Uint8Array, weight: bigint, total: bigint, tau: number): number {
  return seatCall(w, 'sortition.committeeSeats', 'committee_seats', beta, weight, total, tau)
}

/**
 * The 32-byte priority of a proposal that won `seatCount` ≥ 1 seats with output `beta`
 * (compare as big-endian integers: lower wins). Throws a CoreError for 0 seats.
 */
export function priority(w: CoreWasm, beta: Uint8Array, seatCount: number): Uint8Array {
  const fn = 'sortition.priority'
  expectBytes(fn, 'beta', beta, 64)
  expectU32(fn, 'seats', seatCount)
  return w.call(fn, (x) => {
    const betaPtr = w.put(fn, beta)
    const out = w.alloc(fn, 32)
    const code = x.sortition_priority(betaPtr, seatCount, out)
    if (code !== 0) throw new CoreError(fn, code)
    return w.read(out, 32)
  })
}
