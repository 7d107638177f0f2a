// 32-byte words in memory (hashes, keys): equality and the all-zero test, four u64 loads each.

/** True if the 32 bytes at a and b are equal. */
// @ts-ignore: decorator
@inline export function equal32(a: usize, b: usize): bool {
  return load<u64>(a) == load<u64>(b) && load<u64>(a, 8) == load<u64>(b, 8) &&
    load<u64>(a, 16) == load<u64>(b, 16) && load<u64>(a, 24) == load<u64>(b, 24);
}

/** True if the 32 bytes at a are all zero. */
// @ts-ignore: decorator
@inline export function isZero32(a: usize): bool {
  return (load<u64>(a) | load<u64>(a, 8) | load<u64>(a, 16) | load<u64>(a, 24)) == 0;
}
