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

// Transaction kinds 2–4 (docs/PROTOCOL.md §17) share the transfer's first 46 bytes
// (version, kind, chain id, nonce, from) and end with the sender's signature over the rest.
export const TX_KIND_REGISTER: u8 = 2;
export const TX_KIND_EXIT: u8 = 3;
export const TX_KIND_SLASH: u8 = 4;
export const TX_REGISTER_BYTES: usize = 302;
export const TX_EXIT_BYTES: usize = 122;
export const TX_SLASH_BYTES: usize = 396;
/** The shortest kind (exit): a body needs this many bytes before a kind is read. */
export const TX_MIN_BYTES: usize = 122;
export const TX_SIG_BYTES: usize = 64;

/** Encoded length of a transaction of `kind`, 0 for an unknown kind. */
export function txBytesOfKind(kind: u8): usize {
  if (kind == TX_KIND_TRANSFER) return TX_BYTES;
  if (kind == TX_KIND_REGISTER) return TX_REGISTER_BYTES;
  if (kind == TX_KIND_EXIT) return TX_EXIT_BYTES;
  if (kind == TX_KIND_SLASH) return TX_SLASH_BYTES;
  return 0;
}

// Block header v2 (docs/PROTOCOL.md §16): the consensus block. Bytes 0 .. 209 + certLen are
// hashed (the block hash) and signed; the 64-byte signature follows them.
export const HEADER_VERSION_2: u8 = 2;
export const HDR2_OFF_CHAIN: usize = 1;      // u32
export const HDR2_OFF_HEIGHT: usize = 5;     // u64
export const HDR2_OFF_SLOT: usize = 13;      // u64
export const HDR2_OFF_PARENT: usize = 21;    // [32] hash of the parent block
export const HDR2_OFF_PROPOSER: usize = 53;  // u32 validator index
export const HDR2_OFF_VRF_PROOF: usize = 57; // [80] proposer's VRF proof for (height, slot)
export const HDR2_OFF_TX_ROOT: usize = 137;  // [32]
export const HDR2_OFF_STATE_ROOT: usize = 169; // [32]
export const HDR2_OFF_TX_COUNT: usize = 201; // u32
export const HDR2_OFF_CERT_LEN: usize = 205; // u32
export const HDR2_OFF_CERT: usize = 209;     // [certLen] the parent's notarization certificate
export const HDR2_PREFIX_BYTES: usize = 209;
export const HDR2_FIXED_BYTES: usize = 273;  // prefix + signature, no certificate
/** Longest certificate: n = 4096 validators, every bit set (45 + 512 + 96 + 4096 × 80). */
export const CERT_BYTES_MAX: u32 = 328333;

/** Most transactions in one block (bounds every per-block loop and buffer). */
export const BLOCK_TXS_MAX: u32 = 20000;
