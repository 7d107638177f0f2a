// The determinism gate (placeholder interface; the full opcode walker replaces this).
export function gateWasm(bytes, opts = {}) {
  return []
}
