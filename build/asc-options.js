// The compiler options of the core, shared by build/build.js and build/scratch.js so a
// test's scratch module is compiled exactly like build/chiron.wasm.
export const MEMORY_PAGES_MAX = 2048 // must equal MEMORY_PAGES_MAX in assembly/abi.ts

// Assertions stay on (no --noAssert): the consensus core keeps its checks.
export const ASC_FLAGS = [
  '-O3',
  '--runtime', './assembly/rt/arena',
  '--maximumMemory', String(MEMORY_PAGES_MAX),
  '--enable', 'simd',
  '--disable', 'mutable-globals',
]
