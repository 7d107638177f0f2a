// Canonical byte layouts of transactions and block headers (docs/PROTOCOL.md §Encodings).
//
// Every integer is fixed-width little-endian, so each value has exactly one encoding by
// construction; what remains to check is tags, versions, counts and exact total length.
// Values are read in place from the input buffer (no copies): a transaction is a pointer
// to TX_BYTES bytes, a header a pointer to HEADER_BYTES bytes.

// Transaction v1, kind 1 (transfer)
export const TX_VERSION: u8 = 1;
export const TX_KIND_TRANSFER: u8 = 1;
export const TX_OFF_VERSION: usize = 0;   // u8
export const TX_OFF_KIND: usize = 1;      // u8
export const TX_OFF_CHAIN: usize = 2;     // u32 chain id
export const TX_OFF_NONCE: usize = 6;     // u64
export const TX_OFF_FROM: usize = 14;     // [32] sender's ed25519 public key
export const TX_OFF_TO: usize = 46;       // [32] recipient's ed25519 public key
export const TX_OFF_AMOUNT: usize = 78;   // u64
export const TX_OFF_FEE: usize = 86;      // u64
export const TX_OFF_SIG: usize = 94;      // [64] ed25519 signature
export const TX_BODY_BYTES: usize = 94;   // the signed part
export const TX_BYTES: usize = 158;

/** Signatures cover TX_DOMAIN || body, so a transaction signature never verifies as anything else. */
export const TX_DOMAIN: string = "chiron/tx/v1";
export const TX_DOMAIN_BYTES: usize = 12;

// Block header v1
export const HEADER_VERSION: u8 = 1;
export const HDR_OFF_VERSION: usize = 0;  // u8
export const HDR_OFF_CHAIN: usize = 1;    // u32
export const HDR_OFF_HEIGHT: usize = 5;   // u64
export const HDR_OFF_SLOT: usize = 13;    // u64
export const HDR_OFF_PARENT: usize = 21;  // [32] hash of the parent header
export const HDR_OFF_PROPOSER: usize = 53; // [32] proposer's ed25519 public key (receives fees)
export const HDR_OFF_TX_ROOT: usize = 85; // [32]
export const HDR_OFF_STATE_ROOT: usize = 117; // [32] state root after this block
export const HDR_OFF_TX_COUNT: usize = 149; // u32
export const HEADER_BYTES: usize = 153;

/** Most transactions in one block (bounds every per-block loop and buffer). */
export const BLOCK_TXS_MAX: u32 = 20000;
