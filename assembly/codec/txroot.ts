// The transaction root: a binary Merkle tree over the transactions' SHA-256 hashes.
// Level by level, pairs hash as SHA-256(0x01 || left || right); an odd last node moves up
// unchanged (safe because the header also commits to the count). No transactions: 32 zeros.
import { sha256, sha256Node } from "../hash/sha256";
import { blockTx, blockTxLen } from "./block";

/** Writes the hash of every transaction of the checked `block` to `hashes` (count × 32 bytes). */
export function hashTxs(block: usize, count: u32, hashes: usize): void {
  for (let i: u32 = 0; i < count; i++) sha256(hashes + (<usize>i << 5), blockTx(block, i), blockTxLen(i));
}

/** Reduces `count` hashes at `level` (overwritten) to the root, written to `out`. */
export function merkleRoot(out: usize, level: usize, count: u32): void {
  if (count == 0) {
    memory.fill(out, 0, 32);
    return;
  }
  let n = count;
  while (n > 1) {
    let half = n >> 1;
    for (let i: u32 = 0; i < half; i++) {
      let l = level + (<usize>(2 * i) << 5);
      sha256Node(level + (<usize>i << 5), 0x01, l, l + 32);
    }
    if (n & 1) memory.copy(level + (<usize>half << 5), level + (<usize>(n - 1) << 5), 32);
    n = half + (n & 1);
  }
  memory.copy(out, level, 32);
}
