// Chiron's deterministic core: the module's exports. Every export is listed, with its
// buffers and return codes, in docs/ABI.md. Each area keeps its exports in its own abi
// file; this file only gathers them.

export { chiron_reset, chiron_alloc, chiron_result_ptr, chiron_result_len } from "./abi";
export * from "./hash/abi";
export * from "./ed25519/abi";
export * from "./codec/abi";
export * from "./state/abi";
export * from "./ledger/abi";
export * from "./bls12_381/abi";
export * from "./vrf/abi";
export * from "./consensus/abi";

/** Version of the ABI described in docs/ABI.md. */
export function chiron_abi_version(): u32 {
  return 1;
}

// Everything the module's start allocated (tables, scratch) survives chiron_reset().
// @ts-ignore: runtime global (assembly/rt/arena.ts)
__arena_mark();
