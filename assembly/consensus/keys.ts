// State keys of the consensus records (docs/PROTOCOL.md §12): SHA-256 of a domain string and
// little-endian integers. Each function writes the 32-byte key to `out`; the preimage is
// assembled in static scratch (the functions are not re-entrant, and need not be).
// Mirror: runtime/consensus/keys.ts.
import { sha256 } from "../hash/sha256";

// "chiron/tip", "chiron/val", "chiron/table", "chiron/slashed" in ASCII.
const TIP = memory.data<u8>([0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x74, 0x69, 0x70]);
const VAL = memory.data<u8>([0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x76, 0x61, 0x6c]);
const TABLE = memory.data<u8>([0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x74, 0x61, 0x62, 0x6c, 0x65]);
const SLASHED = memory.data<u8>([0x63, 0x68, 0x69, 0x72, 0x6f, 0x6e, 0x2f, 0x73, 0x6c, 0x61, 0x73, 0x68, 0x65, 0x64]);
const preimage = memory.data(32);

/** H("chiron/tip") */
export function tipKey(out: usize): void {
  sha256(out, TIP, 10);
}

/** H("chiron/val" ‖ u32(i)) */
export function validatorKey(out: usize, i: u32): void {
  memory.copy(preimage, VAL, 10);
  store<u32>(preimage + 10, i);
  sha256(out, preimage, 14);
}

/** H("chiron/table" ‖ u64(e)): the header of the table of epoch e. */
export function tableKey(out: usize, e: u64): void {
  memory.copy(preimage, TABLE, 12);
  store<u64>(preimage + 12, e);
  sha256(out, preimage, 20);
}

/** H("chiron/table" ‖ u64(e) ‖ u32(i)): validator i's entry in the table of epoch e. */
export function tableEntryKey(out: usize, e: u64, i: u32): void {
  memory.copy(preimage, TABLE, 12);
  store<u64>(preimage + 12, e);
  store<u32>(preimage + 20, i);
  sha256(out, preimage, 24);
}

/** H("chiron/slashed" ‖ u32(i) ‖ u64(h)) */
export function slashedKey(out: usize, i: u32, h: u64): void {
  memory.copy(preimage, SLASHED, 14);
  store<u32>(preimage + 14, i);
  store<u64>(preimage + 18, h);
  sha256(out, preimage, 26);
}
