// apply(pre_state_root, witness, block) → (post_state_root, writes) | error
//
// The whole state transition of a block (docs/PROTOCOL.md §Ledger). It is all or nothing:
// the state lives in the witness-backed tree of this call only, and writes leave the core
// only when every check passed, so a bad transaction rejects the whole block.
//
// Order of checks (it decides which error a block with several faults reports):
//  1. decoding of the header and every transaction (codec/block.ts);
//  2. the header's transaction root;
//  3. each transaction's chain id, then all signatures (batch; on failure the first bad one);
//  4. the witness against the pre-state root;
//  5. transactions in order: sender exists, nonce, amount > 0, amount + fee ≤ balance,
//     no overflow; then the proposer's account is read and credited with the fees;
//  6. commit: the post-state root, compared with the header's unless building.
import {
  E_CHAIN_ID, E_OVERFLOW, E_SIG_INVALID, E_STATE_ROOT,
  E_TX_ROOT, E_ZERO_AMOUNT, OK,
} from "../errors";
import {
  HDR_OFF_CHAIN, HDR_OFF_PROPOSER, HDR_OFF_STATE_ROOT, HDR_OFF_TX_COUNT, HDR_OFF_TX_ROOT,
  TX_BODY_BYTES, TX_DOMAIN, TX_DOMAIN_BYTES, TX_OFF_AMOUNT, TX_OFF_CHAIN, TX_OFF_FEE,
  TX_OFF_FROM, TX_OFF_NONCE, TX_OFF_SIG, TX_OFF_TO,
} from "../codec/layout";
import { blockTx, checkBlock, decodeErrorTx } from "../codec/block";
import { hashTxs, merkleRoot } from "../codec/txroot";
import { ed25519Verify } from "../ed25519/verify";
import { ed25519VerifyBatch } from "../ed25519/batch";
import { stateCommit, stateLoad } from "../state/tree";
import { accountBalance, accountNonce, chargeSender, readAccount, writeAccount } from "./account";

/** Index of the transaction the last error refers to (-1: the block as a whole). */
export let applyErrorTx: i32 = -1;

const rootBuf: usize = memory.data(32);

function fail(code: i32, tx: i32): i32 {
  applyErrorTx = tx;
  return code;
}

/** Checks the header's transaction root against the body. */
function checkTxRoot(block: usize, count: u32): i32 {
  let hashes = __alloc(max<usize>(<usize>count << 5, 32));
  hashTxs(block, count, hashes);
  merkleRoot(rootBuf, hashes, count);
  return memory.compare(rootBuf, block + HDR_OFF_TX_ROOT, 32) == 0 ? OK : E_TX_ROOT;
}

/** Verifies every signature; on failure names the first bad transaction. */
function checkSignatures(block: usize, count: u32): i32 {
  if (count == 0) return OK;
  // Signed message of each transaction: TX_DOMAIN || body, laid out one after another.
  let msgBytes = TX_DOMAIN_BYTES + TX_BODY_BYTES;
  let msgs = __alloc(<usize>count * msgBytes);
  let entries = __alloc(<usize>count << 4);
  let domain = changetype<usize>(String.UTF8.encode(TX_DOMAIN));
  for (let i: u32 = 0; i < count; i++) {
    let tx = blockTx(block, i);
    let msg = msgs + <usize>i * msgBytes;
    memory.copy(msg, domain, TX_DOMAIN_BYTES);
    memory.copy(msg + TX_DOMAIN_BYTES, tx, TX_BODY_BYTES);
    let e = entries + (<usize>i << 4);
    store<u32>(e, <u32>(tx + TX_OFF_SIG));
    store<u32>(e + 4, <u32>(tx + TX_OFF_FROM));
    store<u32>(e + 8, <u32>msg);
    store<u32>(e + 12, <u32>msgBytes);
  }
  if (ed25519VerifyBatch(entries, <i32>count) == OK) return OK;
  for (let i: u32 = 0; i < count; i++) {
    let e = entries + (<usize>i << 4);
    let r = ed25519Verify(load<u32>(e), load<u32>(e + 8), load<u32>(e + 12), load<u32>(e + 4));
    if (r != OK) return fail(r, <i32>i);
  }
  // The batch and single rules accept exactly the same signatures (ZIP-215), so a batch
  // failure always has a first bad signature; reaching here would be a core bug.
  return fail(E_SIG_INVALID, -1);
}

function applyTransfer(tx: usize, index: i32): i32 {
  let amount = load<u64>(tx + TX_OFF_AMOUNT);
  if (amount == 0) return fail(E_ZERO_AMOUNT, index);
  let r = chargeSender(tx + TX_OFF_FROM, load<u64>(tx + TX_OFF_NONCE), amount, load<u64>(tx + TX_OFF_FEE));
  if (r != OK) return fail(r, index);
  // Read the recipient after the sender is written, so a transfer to oneself is exact.
  let to = tx + TX_OFF_TO;
  r = readAccount(to);
  if (r != OK) return fail(r, index);
  let credited = accountBalance + amount;
  if (credited < amount) return fail(E_OVERFLOW, index);
  r = writeAccount(to, credited, accountNonce);
  if (r != OK) return fail(r, index);
  return OK;
}

/**
 * Applies `block` to the state proved by `witness` under `preRoot`. On OK the new root is
 * in `outRoot` and the writes are ready (stateWritesPtr/Len). With `checkStateRoot` false
 * (a proposer filling in its header) the header's state root is not compared.
 */
export function applyBlock(preRoot: usize, block: usize, blockLen: usize, witness: usize,
                           witnessLen: usize, checkStateRoot: bool, outRoot: usize): i32 {
  applyErrorTx = -1;
  let r = checkBlock(block, blockLen);
  if (r != OK) return fail(r, decodeErrorTx);
  let count = load<u32>(block + HDR_OFF_TX_COUNT);
  r = checkTxRoot(block, count);
  if (r != OK) return fail(r, -1);
  let chain = load<u32>(block + HDR_OFF_CHAIN);
  for (let i: u32 = 0; i < count; i++) {
    if (load<u32>(blockTx(block, i) + TX_OFF_CHAIN) != chain) return fail(E_CHAIN_ID, <i32>i);
  }
  r = checkSignatures(block, count);
  if (r != OK) return r;
  r = stateLoad(preRoot, witness, <u32>witnessLen);
  if (r != OK) return fail(r, -1);
  let fees: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let tx = blockTx(block, i);
    r = applyTransfer(tx, <i32>i);
    if (r != OK) return r;
    let fee = load<u64>(tx + TX_OFF_FEE);
    fees += fee;
    if (fees < fee) return fail(E_OVERFLOW, <i32>i);
  }
  // The proposer's account is always read (so the witness always covers it) and credited
  // only when there are fees, so blocks without fees create no empty accounts.
  let proposer = block + HDR_OFF_PROPOSER;
  r = readAccount(proposer);
  if (r != OK) return fail(r, -1);
  if (fees > 0) {
    let credited = accountBalance + fees;
    if (credited < fees) return fail(E_OVERFLOW, -1);
    r = writeAccount(proposer, credited, accountNonce);
    if (r != OK) return fail(r, -1);
  }
  r = stateCommit(outRoot);
  if (r != OK) return fail(r, -1);
  if (checkStateRoot && memory.compare(outRoot, block + HDR_OFF_STATE_ROOT, 32) != 0) return fail(E_STATE_ROOT, -1);
  return OK;
}
