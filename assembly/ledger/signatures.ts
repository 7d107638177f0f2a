// Transaction signatures: each transaction is signed over TX_DOMAIN ‖ the bytes before its
// signature, by the key at TX_OFF_FROM (docs/PROTOCOL.md §3). Those the signature cache
// (sig_cache.ts) vouches for are skipped; the rest are verified as one batch, and on a
// failure one by one to name the first bad transaction. Successes go into the cache.
import { E_SIG_INVALID, OK } from "../errors";
import { TX_DOMAIN, TX_DOMAIN_BYTES, TX_OFF_FROM, TX_SIG_BYTES } from "../codec/layout";
import { ed25519Verify } from "../ed25519/verify";
import { ed25519VerifyBatch } from "../ed25519/batch";
import { sigCacheAdd, sigCacheHas } from "./sig_cache";

/** Index of the transaction the last failure of verifyTxSignatures refers to (-1: none). */
export let sigErrorTx: i32 = -1;

/** Bytes per record of the list verifyTxSignatures takes: txPtr, txLen as little-endian u32. */
export const TX_LIST_ENTRY_BYTES: usize = 8;

/**
 * Verifies the signatures of `count` decoded transactions listed at `txs` (records of
 * TX_LIST_ENTRY_BYTES) whose SHA-256 hashes are at `hashes` (32 bytes each). OK, or the
 * first bad one's error with its index in sigErrorTx.
 */
export function verifyTxSignatures(txs: usize, hashes: usize, count: u32): i32 {
  sigErrorTx = -1;
  // The transactions the cache does not vouch for (`which`: their indices), then their
  // signed messages one after another.
  let which = __alloc(max<usize>(<usize>count << 2, 4));
  let total: usize = 0;
  let unverified: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    if (sigCacheHas(hashes + (<usize>i << 5))) continue;
    total += TX_DOMAIN_BYTES + <usize>load<u32>(txs + <usize>i * TX_LIST_ENTRY_BYTES, 4) - TX_SIG_BYTES;
    store<u32>(which + (<usize>unverified << 2), i);
    unverified++;
  }
  if (unverified == 0) return OK;
  let msgs = __alloc(total);
  let entries = __alloc(<usize>unverified << 4);
  let domain = changetype<usize>(String.UTF8.encode(TX_DOMAIN));
  let msg = msgs;
  for (let n: u32 = 0; n < unverified; n++) {
    let rec = txs + <usize>load<u32>(which + (<usize>n << 2)) * TX_LIST_ENTRY_BYTES;
    let tx = <usize>load<u32>(rec);
    let body = <usize>load<u32>(rec, 4) - TX_SIG_BYTES;
    let msgBytes = TX_DOMAIN_BYTES + body;
    memory.copy(msg, domain, TX_DOMAIN_BYTES);
    memory.copy(msg + TX_DOMAIN_BYTES, tx, body);
    let e = entries + (<usize>n << 4);
    store<u32>(e, <u32>(tx + body));
    store<u32>(e + 4, <u32>(tx + TX_OFF_FROM));
    store<u32>(e + 8, <u32>msg);
    store<u32>(e + 12, <u32>msgBytes);
    msg += msgBytes;
  }
  let r = ed25519VerifyBatch(entries, <i32>unverified);
  if (r != OK) {
    for (let k: u32 = 0; k < unverified; k++) {
      let e = entries + (<usize>k << 4);
      r = ed25519Verify(load<u32>(e), load<u32>(e + 8), load<u32>(e + 12), load<u32>(e + 4));
      if (r != OK) {
        sigErrorTx = <i32>load<u32>(which + (<usize>k << 2));
        return r;
      }
    }
    // The batch and single rules accept exactly the same signatures (ZIP-215), so a batch
    // failure always has a first bad signature; reaching here would be a core bug.
    return E_SIG_INVALID;
  }
  for (let k: u32 = 0; k < unverified; k++) sigCacheAdd(hashes + (<usize>load<u32>(which + (<usize>k << 2)) << 5));
  return OK;
}
