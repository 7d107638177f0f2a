// The Node.js flags of a `chiron node` process that chiron itself starts (`chiron devnet`,
// the tests' and benches' devnets). A node under load keeps each block's transactions,
// witness and tree nodes alive for seconds, so much of what it allocates outlives V8's
// default young generation (16 MiB semi-spaces) and is copied, promoted and later
// compacted. With 32 MiB semi-spaces a loaded 4-node devnet spends about 4 % less CPU per
// finalized transfer (BENCHMARKS.md). V8 sizes the heap only at start, so the flag must be
// on the command line; a node started by hand takes it from NODE_OPTIONS (README).
export const NODE_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=32']
