// The wasm ABI's memory protocol (documented in docs/ABI.md).
//
// A call sequence: the host calls chiron_reset(), then chiron_alloc(n) for each input,
// copies its bytes in, calls one export, and reads any variable-length output through
// chiron_result_ptr()/chiron_result_len(). Everything allocated is freed by the next
// chiron_reset(). Inputs are capped so no call can exhaust the fixed maximum memory.
// __arena_reset and __arena_free_bytes are globals of the custom runtime (assembly/rt/arena.ts).

/** The module's fixed maximum memory, in 64 KiB pages (set by build/build.js too). */
export const MEMORY_PAGES_MAX: i32 = 2048;
/** Largest single input; keeps every call's working set far below the maximum. */
export const INPUT_BYTES_MAX: u32 = 16 << 20;

let resultPtr: usize = 0;
let resultLen: u32 = 0;

export function chiron_reset(): void {
  // @ts-ignore: runtime global
  __arena_reset();
  resultPtr = 0;
  resultLen = 0;
}

/** Allocates `len` bytes for an input; 0 when `len` is over the cap. */
export function chiron_alloc(len: u32): usize {
  if (len > INPUT_BYTES_MAX) return 0;
  // @ts-ignore: runtime global
  if (<usize>len + (1 << 20) > __arena_free_bytes(MEMORY_PAGES_MAX)) return 0;
  return __alloc(<usize>len);
}

export function chiron_result_ptr(): usize {
  return resultPtr;
}

export function chiron_result_len(): u32 {
  return resultLen;
}

/** Sets the variable-length output of the current call. */
export function setResult(ptr: usize, len: u32): void {
  resultPtr = ptr;
  resultLen = len;
}

/** Allocates an output buffer of `len` bytes and makes it the call's result. */
export function allocResult(len: u32): usize {
  let ptr = __alloc(<usize>max<u32>(len, 1));
  setResult(ptr, len);
  return ptr;
}
