// Accounts in the state tree (docs/PROTOCOL.md §5).
//   key   = SHA-256("acct" || ed25519 public key)   (hashing spreads keys evenly in the tree)
//   value = balance:u64 LE || nonce:u64 LE          (exactly 16 bytes)
//
// readAccount/writeAccount work on the tree of the current apply call (assembly/state/tree.ts)
// and are shared by every transaction kind: transfers here, validator transactions and
// rewards in assembly/consensus. The result of a read is in the globals below (AS has no
// tuples), valid until the next readAccount.
import { E_BALANCE, E_NONCE, E_NO_ACCOUNT, E_OVERFLOW, E_VALUE_RANGE, OK } from "../errors";
import { sha256 } from "../hash/sha256";
import { stateGet, stateSet, stateFound, stateValueLen, stateValuePtr } from "../state/tree";

export const ACCOUNT_VALUE_BYTES: u32 = 16;

// "acct" || pk, assembled in static scratch (start-time memory survives resets).
const keyInput: usize = memory.data(36);
const keyBuf: usize = memory.data(32);
const valueBuf: usize = memory.data(16);

/** Result of the last readAccount: whether the key was present, and its fields (0 if absent). */
export let accountExists: bool = false;
export let accountBalance: u64 = 0;
export let accountNonce: u64 = 0;

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

/**
 * Reads the account of public key `pk` (32 bytes) into accountExists/Balance/Nonce.
 * OK, E_WITNESS_MISSING (the witness does not cover it) or E_VALUE_RANGE (not 16 bytes).
 */
export function readAccount(pk: usize): i32 {
  accountKey(keyBuf, pk);
  let r = stateGet(keyBuf);
  if (r != OK) return r;
  accountExists = stateFound;
  if (!stateFound) {
    accountBalance = 0;
    accountNonce = 0;
    return OK;
  }
  if (stateValueLen != ACCOUNT_VALUE_BYTES) return E_VALUE_RANGE;
  accountBalance = load<u64>(stateValuePtr);
  accountNonce = load<u64>(stateValuePtr + 8);
  return OK;
}

/** Writes the account of `pk`: OK or a state error (E_WITNESS_MISSING, E_STATE_NODES). */
export function writeAccount(pk: usize, balance: u64, nonce: u64): i32 {
  accountKey(keyBuf, pk);
  encodeAccount(valueBuf, balance, nonce);
  return stateSet(keyBuf, valueBuf, ACCOUNT_VALUE_BYTES);
}

/**
 * Adds `amount` to the balance of `pk` (creating the account if absent; the nonce is kept).
 * E_OVERFLOW if it would not fit in 64 bits. Used for fees, rewards and returned bonds.
 */
export function creditAccount(pk: usize, amount: u64): i32 {
  let r = readAccount(pk);
  if (r != OK) return r;
  let credited = accountBalance + amount;
  if (credited < amount) return E_OVERFLOW;
  return writeAccount(pk, credited, accountNonce);
}

/**
 * The common part of every transaction (§8 step 6, §17): the sender `from` exists
 * (E_NO_ACCOUNT), `nonce` is its nonce (E_NONCE), `amount + fee` fits in 64 bits
 * (E_OVERFLOW) and is within its balance (E_BALANCE). Then the balance drops by
 * `amount + fee` and the nonce rises by one. `amount` is the transfer's amount or the
 * register's bond (0 for exit and slash).
 */
export function chargeSender(from: usize, nonce: u64, amount: u64, fee: u64): i32 {
  let r = readAccount(from);
  if (r != OK) return r;
  if (!accountExists) return E_NO_ACCOUNT;
  if (nonce != accountNonce) return E_NONCE;
  if (accountNonce == U64.MAX_VALUE) return E_OVERFLOW;
  let total = amount + fee;
  if (total < amount) return E_OVERFLOW;
  if (total > accountBalance) return E_BALANCE;
  return writeAccount(from, accountBalance - total, accountNonce + 1);
}
