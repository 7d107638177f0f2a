// Accounts in the state tree (docs/PROTOCOL.md §Ledger).
//   key   = SHA-256("acct" || ed25519 public key)   (hashing spreads keys evenly in the tree)
//   value = balance:u64 LE || nonce:u64 LE          (exactly 16 bytes)
import { sha256 } from "../hash/sha256";

export const ACCOUNT_VALUE_BYTES: u32 = 16;

// "acct" || pk, assembled in static scratch (start-time memory survives resets).
const keyInput: usize = memory.data(36);

/** Writes the state key of the account whose public key is at `pk` to `out` (32 bytes). */
export function accountKey(out: usize, pk: usize): void {
  store<u32>(keyInput, 0x74636361); // "acct" little-endian
  memory.copy(keyInput + 4, pk, 32);
  sha256(out, keyInput, 36);
}

export function encodeAccount(out: usize, balance: u64, nonce: u64): void {
  store<u64>(out, balance);
  store<u64>(out + 8, nonce);
}
