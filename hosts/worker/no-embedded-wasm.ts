// Stands in for runtime/wasm.generated.ts in the worker bundle (build/build.js): the worker
// gets chiron.wasm as a module binding, and workerd would refuse to compile the embedded
// base64 copy anyway, so the bundle carries none. Core.load() without a module fails here.
export const CHIRON_WASM_BASE64 = ''
