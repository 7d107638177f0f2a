// Grouping of equal messages, so a verification hashes each distinct message to G2 once and
// pays one Miller-loop pair per distinct message: Σ_i e(P_i, H(m)) = e(Σ_i P_i, H(m)) when
// every m_i = m (bilinearity in the G1 argument).
//
// Messages come as a table of `count` records of two little-endian u32 (pointer, length).
// Groups are found through an open-addressing table keyed by each message's SHA-256, with a
// byte comparison on every candidate, so grouping is exact and linear in the input size.
// Group g's first message (its leader) is the first occurrence in input order.
import { SHA256_CTX_BYTES, sha256CtxInit, sha256CtxUpdate, sha256CtxFinal } from "../hash/sha256";

/** One message-table record: u32 pointer, u32 length. */
export const MSG_ENTRY_BYTES: usize = 8;

const CTX = memory.data(<i32>SHA256_CTX_BYTES, 16);

function tableSlots(count: usize): usize {
  let slots: usize = 4;
  while (slots < 2 * count) slots <<= 1;
  return slots;
}

/** Scratch bytes groupMessages allocates for `count` messages. */
export function groupScratch(count: usize): u64 {
  return <u64>count * 36 + <u64>tableSlots(count) * 4 + 64;
}

function sameMessage(msgTable: usize, i: u32, j: u32): bool {
  let a = msgTable + <usize>i * MSG_ENTRY_BYTES, b = msgTable + <usize>j * MSG_ENTRY_BYTES;
  let len = load<u32>(a, 4);
  if (len != load<u32>(b, 4)) return false;
  return memory.compare(<usize>load<u32>(a), <usize>load<u32>(b), <usize>len) == 0;
}

/**
 * Groups `count` messages: groupOf[i] (u32) is message i's group and leaders[g] (u32) the
 * index of group g's first message. Returns the number of groups.
 */
export function groupMessages(msgTable: usize, count: u32, groupOf: usize, leaders: usize): u32 {
  let n = <usize>count;
  let slots = tableSlots(n);
  let digests = heap.alloc(n * 32);
  let table = heap.alloc(slots * 4);
  memory.fill(table, 0, slots * 4);
  let groups: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let e = msgTable + <usize>i * MSG_ENTRY_BYTES;
    let digest = digests + <usize>i * 32;
    sha256CtxInit(CTX);
    sha256CtxUpdate(CTX, <usize>load<u32>(e), <usize>load<u32>(e, 4));
    sha256CtxFinal(CTX, digest);
    // Linear probing; a slot holds group index + 1. The table is at most half full.
    let slot = <usize>load<u32>(digest) & (slots - 1);
    for (let probe: usize = 0; probe < slots; probe++) {
      let v = load<u32>(table + slot * 4);
      if (v == 0) {
        store<u32>(table + slot * 4, groups + 1);
        store<u32>(leaders + <usize>groups * 4, i);
        store<u32>(groupOf + <usize>i * 4, groups);
        groups++;
        break;
      }
      let leader = load<u32>(leaders + <usize>(v - 1) * 4);
      if (memory.compare(digests + <usize>leader * 32, digest, 32) == 0 && sameMessage(msgTable, leader, i)) {
        store<u32>(groupOf + <usize>i * 4, v - 1);
        break;
      }
      slot = (slot + 1) & (slots - 1);
    }
  }
  return groups;
}
