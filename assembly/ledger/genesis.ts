// Genesis: the initial state from a list of allocations (docs/PROTOCOL.md §9), and the
// consensus genesis that follows them with validators (§18).
//   allocations = count:u32 LE, then count × (public key[32] || balance:u64 LE),
//   sorted by public key, strictly increasing (one encoding per set); 1 ≤ count ≤
//   GENESIS_ACCOUNTS_MAX (bounded by the nodes one call may hold, assembly/state/nodes.ts);
//   every balance ≥ 1; the sum fits in 64 bits, so no later balance can overflow.
import { E_COUNT_RANGE, E_GENESIS, E_NOT_SORTED, E_TRAILING, E_TRUNCATED, OK } from "../errors";
import { stateCommit, stateLoad, stateSet } from "../state/tree";
import { ACCOUNT_VALUE_BYTES, accountKey, encodeAccount } from "./account";
import { consensusGenesis, genesisErrorValidator } from "../consensus/genesis";

export const GENESIS_ACCOUNTS_MAX: u32 = 100000;
const ALLOC_BYTES: usize = 40;

const emptyWitness: usize = memory.data<u8>([0x00]);
const zeroRoot: usize = memory.data(32);
const keyBuf: usize = memory.data(32);
const valueBuf: usize = memory.data(16);

/** Sum of the balances written by the last writeAllocations. */
let allocatedSupply: u64 = 0;
/** Length of the allocations section read by the last writeAllocations. */
let allocationsLen: usize = 0;
/** Validator index the last chainGenesis error refers to (-1: none in particular). */
export let genesisErrorIndex: i32 = -1;

/**
 * Checks and writes the allocations at the start of allocs[len] into the loaded (empty)
 * tree. With `exact`, nothing may follow them (E_TRAILING); otherwise the section's
 * length is left in allocationsLen. The total is left in allocatedSupply.
 */
function writeAllocations(allocs: usize, len: usize, exact: bool): i32 {
  if (len < 4) return E_TRUNCATED;
  let count = load<u32>(allocs);
  if (count == 0 || count > GENESIS_ACCOUNTS_MAX) return E_COUNT_RANGE;
  let need: usize = 4 + <usize>count * ALLOC_BYTES;
  if (len < need) return E_TRUNCATED;
  if (exact && len > need) return E_TRAILING;
  allocationsLen = need;
  let supply: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let entry = allocs + 4 + <usize>i * ALLOC_BYTES;
    if (i > 0 && memory.compare(entry - ALLOC_BYTES, entry, 32) >= 0) return E_NOT_SORTED;
    let balance = load<u64>(entry + 32);
    if (balance == 0) return E_GENESIS;
    supply += balance;
    if (supply < balance) return E_GENESIS;
    accountKey(keyBuf, entry);
    encodeAccount(valueBuf, balance, 0);
    let r = stateSet(keyBuf, valueBuf, ACCOUNT_VALUE_BYTES);
    if (r != OK) return r;
  }
  allocatedSupply = supply;
  return OK;
}

/** The ledger-only genesis (§9): accounts only. */
export function genesisState(allocs: usize, len: usize, outRoot: usize): i32 {
  let r = stateLoad(zeroRoot, emptyWitness, 1);
  if (r != OK) return r;
  r = writeAllocations(allocs, len, true);
  if (r != OK) return r;
  return stateCommit(outRoot);
}

/**
 * The consensus genesis (§18) of chain `chainId` from input[len] = allocations ‖ validators:
 * the accounts as genesisState writes them, then the validator records, the tip and the
 * tables of epochs 0 and 1 (assembly/consensus/genesis.ts). A validator's error names it
 * in genesisErrorIndex.
 */
export function chainGenesis(input: usize, len: usize, chainId: u32, outRoot: usize): i32 {
  genesisErrorIndex = -1;
  let r = stateLoad(zeroRoot, emptyWitness, 1);
  if (r != OK) return r;
  r = writeAllocations(input, len, false);
  if (r != OK) return r;
  let at = allocationsLen;
  r = consensusGenesis(input + at, len - at, chainId, input, len, allocatedSupply);
  if (r != OK) {
    genesisErrorIndex = genesisErrorValidator;
    return r;
  }
  return stateCommit(outRoot);
}
