// apply(pre_state_root, witness, block) → (post_state_root, writes) | error
//
// The whole state transition of a block (docs/PROTOCOL.md §8, §16). It is all or nothing:
// the state lives in the witness-backed tree of this call only, and writes leave the core
// only when every check passed, so a bad transaction rejects the whole block.
//
// Order of checks (it decides which error a block with several faults reports):
//  1. decoding of the header and every transaction (codec/block.ts);
//  2. the header's transaction root;
//  3. each transaction's chain id, then all signatures (batch; on failure the first bad one;
//     signatures.ts skips those this instance verified before);
//  4. the witness against the pre-state root;
//  then by header version:
//  v1 (ledger-only): the state has no tip record (E_CONSENSUS_STATE: a version-1 block can
//     never bypass the consensus rules of a consensus chain); transfers in order; the
//     proposer's account is read and credited with the fees;
//  v2 (§16): the tip (E_NO_TIP, E_HEIGHT, E_SLOT); the epoch transition when due; the
//     proposer (table entry, VRF, seat, header signature); the parent's certificate and its
//     work credit; transactions of every kind in order; fees to the proposer's account; the
//     new tip (height, slot, seed_b = H("chiron/seed" ‖ seed ‖ beta), proposer);
//  last: the post-state root, compared with the header's unless building.
//
// Build mode (a proposer filling in its header) skips exactly two checks: the state-root
// comparison and the header signature, both of which cover the root it is computing.
import {
  E_CHAIN_ID, E_BLOCK_SIG, E_CONSENSUS_STATE, E_HEIGHT, E_OVERFLOW, E_SLOT,
  E_STATE_ROOT, E_TX_ROOT, E_ZERO_AMOUNT, OK,
} from "../errors";
import {
  HDR_OFF_CHAIN, HDR_OFF_PROPOSER, HDR_OFF_STATE_ROOT, HDR2_OFF_CERT, HDR2_OFF_CERT_LEN,
  HDR2_OFF_HEIGHT, HDR2_OFF_PARENT, HDR2_OFF_PROPOSER, HDR2_OFF_SLOT, HDR2_OFF_STATE_ROOT,
  HDR2_OFF_TX_ROOT, HDR_OFF_TX_ROOT, HEADER_VERSION_2, TX_KIND_EXIT,
  TX_KIND_REGISTER, TX_KIND_SLASH, TX_KIND_TRANSFER, TX_OFF_AMOUNT, TX_OFF_CHAIN, TX_OFF_FEE,
  TX_OFF_FROM, TX_OFF_KIND, TX_OFF_NONCE, TX_OFF_TO,
} from "../codec/layout";
import { blockHeaderLen, blockTx, blockTxCount, blockTxLen, blockVersion, checkBlock, decodeErrorTx } from "../codec/block";
import { hashTxs, merkleRoot } from "../codec/txroot";
import { TX_LIST_ENTRY_BYTES, sigErrorTx, verifyTxSignatures } from "./signatures";
import { stateCommit, stateFound, stateGet, stateLoad } from "../state/tree";
import { accountBalance, accountNonce, chargeSender, readAccount, writeAccount } from "./account";
import { tipKey } from "../consensus/keys";
import {
  readTip, writeTip, tipHeight, tipSlot, tipSeed, setTipHeight, setTipSlot, setTipProposer,
} from "../consensus/records";
import { epochTransitionIfDue } from "../consensus/epoch";
import { checkProposer, proposerAccount } from "../consensus/proposer";
import { applyParentCert } from "../consensus/cert";
import { applyRegister, applyExit, applySlash, validatorTxFee } from "../consensus/validator_txs";
import { blockSeed } from "../consensus/seeds";

/** Index of the transaction the last error refers to (-1: the block as a whole). */
export let applyErrorTx: i32 = -1;

const rootBuf: usize = memory.data(32);
const keyBuf: usize = memory.data(32);
const beta: usize = memory.data(64);

function fail(code: i32, tx: i32): i32 {
  applyErrorTx = tx;
  return code;
}

/** SHA-256 of every transaction of the block (count × 32 bytes), left by checkTxRoot. */
let txHashes: usize = 0;

/** Checks the header's transaction root (at `txRootOff`) against the body. */
function checkTxRoot(block: usize, count: u32, txRootOff: usize): i32 {
  let bytes = max<usize>(<usize>count << 5, 32);
  txHashes = __alloc(bytes);
  hashTxs(block, count, txHashes);
  let level = __alloc(bytes); // merkleRoot overwrites its input
  memory.copy(level, txHashes, <usize>count << 5);
  merkleRoot(rootBuf, level, count);
  return memory.compare(rootBuf, block + txRootOff, 32) == 0 ? OK : E_TX_ROOT;
}

/** Verifies every signature (signatures.ts); on failure names the first bad transaction. */
function checkSignatures(block: usize, count: u32): i32 {
  let list = __alloc(max<usize>(<usize>count * TX_LIST_ENTRY_BYTES, 8));
  for (let i: u32 = 0; i < count; i++) {
    store<u32>(list + <usize>i * TX_LIST_ENTRY_BYTES, <u32>blockTx(block, i));
    store<u32>(list + <usize>i * TX_LIST_ENTRY_BYTES, <u32>blockTxLen(i), 4);
  }
  let r = verifyTxSignatures(list, txHashes, count);
  return r == OK ? OK : fail(r, sigErrorTx);
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

/** Reads the account `pk` (always, so every witness covers it) and credits the fees when not zero. */
function payFees(pk: usize, fees: u64): i32 {
  let r = readAccount(pk);
  if (r != OK) return fail(r, -1);
  if (fees == 0) return OK;
  let credited = accountBalance + fees;
  if (credited < fees) return fail(E_OVERFLOW, -1);
  r = writeAccount(pk, credited, accountNonce);
  if (r != OK) return fail(r, -1);
  return OK;
}

/** Transactions of a version-1 block: transfers (the decoder allowed no other kind). */
function applyV1(block: usize, count: u32): i32 {
  // The tip record marks a consensus state; a ledger-only block must not touch one.
  tipKey(keyBuf);
  let r = stateGet(keyBuf);
  if (r != OK) return fail(r, -1);
  if (stateFound) return fail(E_CONSENSUS_STATE, -1);
  let fees: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let tx = blockTx(block, i);
    r = applyTransfer(tx, <i32>i);
    if (r != OK) return r;
    let fee = load<u64>(tx + TX_OFF_FEE);
    fees += fee;
    if (fees < fee) return fail(E_OVERFLOW, <i32>i);
  }
  return payFees(block + HDR_OFF_PROPOSER, fees);
}

/** One transaction of any kind in a version-2 block; its fee is left in txFee. */
let txFee: u64 = 0;
function applyTx(tx: usize, chainId: u32, height: u64): i32 {
  let kind = load<u8>(tx + TX_OFF_KIND);
  if (kind == TX_KIND_TRANSFER) {
    txFee = load<u64>(tx + TX_OFF_FEE);
    return applyTransfer(tx, -1);
  }
  let r: i32;
  if (kind == TX_KIND_REGISTER) r = applyRegister(tx, height);
  else if (kind == TX_KIND_EXIT) r = applyExit(tx, height);
  else {
    assert(kind == TX_KIND_SLASH); // the decoder admits kinds 1–4 only
    r = applySlash(tx, chainId, height);
  }
  txFee = validatorTxFee;
  return r;
}

/** §16 steps 1–7 of a version-2 block, after §8's steps 1–5. */
function applyV2(block: usize, count: u32, chainId: u32, buildMode: bool): i32 {
  // 1. the tip
  let r = readTip();
  if (r != OK) return fail(r, -1);
  let height = load<u64>(block + HDR2_OFF_HEIGHT);
  let slot = load<u64>(block + HDR2_OFF_SLOT);
  if (tipHeight == U64.MAX_VALUE || height != tipHeight + 1) return fail(E_HEIGHT, -1);
  if (slot <= tipSlot) return fail(E_SLOT, -1);
  // 2. the epoch transition, before anything reads a table
  r = epochTransitionIfDue(height);
  if (r != OK) return fail(r, -1);
  // 3. the proposer. checkProposer verifies the header signature last, after every state
  // read and after writing beta and proposerAccount, so a builder (who signs only once it
  // knows the root) can take E_BLOCK_SIG as a pass and touch exactly the verifier's keys.
  r = checkProposer(chainId, block, blockHeaderLen, beta);
  if (r == E_BLOCK_SIG && buildMode) r = OK;
  if (r != OK) return fail(r, -1);
  // 4. the parent's notarization certificate; work for its signers and the parent's proposer
  let certLen = <usize>load<u32>(block + HDR2_OFF_CERT_LEN);
  r = applyParentCert(chainId, block + HDR2_OFF_CERT, certLen, height, block + HDR2_OFF_PARENT);
  if (r != OK) return fail(r, -1);
  // 5. transactions in order
  let fees: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    r = applyTx(blockTx(block, i), chainId, height);
    if (r != OK) return fail(r, <i32>i);
    fees += txFee;
    if (fees < txFee) return fail(E_OVERFLOW, <i32>i);
  }
  // 6. fees to the proposer's account (checkProposer left it in proposerAccount)
  r = payFees(proposerAccount, fees);
  if (r != OK) return r;
  // 7. the new tip (supply and validators were kept current by steps 2 and 5)
  setTipHeight(height);
  setTipSlot(slot);
  blockSeed(tipSeed, tipSeed, beta);
  setTipProposer(load<u32>(block + HDR2_OFF_PROPOSER));
  r = writeTip();
  if (r != OK) return fail(r, -1);
  return OK;
}

/**
 * Applies `block` to the state proved by `witness` under `preRoot`. On OK the new root is
 * in `outRoot` and the writes are ready (stateWritesPtr/Len). With `checkStateRoot` false
 * (a proposer filling in its header) neither the header's state root nor (version 2) its
 * signature is checked.
 */
export function applyBlock(preRoot: usize, block: usize, blockLen: usize, witness: usize,
                           witnessLen: usize, checkStateRoot: bool, outRoot: usize): i32 {
  applyErrorTx = -1;
  let r = checkBlock(block, blockLen);
  if (r != OK) return fail(r, decodeErrorTx);
  let count = blockTxCount;
  let v2 = blockVersion == HEADER_VERSION_2;
  r = checkTxRoot(block, count, v2 ? HDR2_OFF_TX_ROOT : HDR_OFF_TX_ROOT);
  if (r != OK) return fail(r, -1);
  let chain = load<u32>(block + HDR_OFF_CHAIN);
  for (let i: u32 = 0; i < count; i++) {
    if (load<u32>(blockTx(block, i) + TX_OFF_CHAIN) != chain) return fail(E_CHAIN_ID, <i32>i);
  }
  r = checkSignatures(block, count);
  if (r != OK) return r;
  r = stateLoad(preRoot, witness, <u32>witnessLen);
  if (r != OK) return fail(r, -1);
  r = v2 ? applyV2(block, count, chain, !checkStateRoot) : applyV1(block, count);
  if (r != OK) return r;
  r = stateCommit(outRoot);
  if (r != OK) return fail(r, -1);
  let stateRootOff = v2 ? HDR2_OFF_STATE_ROOT : HDR_OFF_STATE_ROOT;
  if (checkStateRoot && memory.compare(outRoot, block + stateRootOff, 32) != 0) return fail(E_STATE_ROOT, -1);
  return OK;
}
