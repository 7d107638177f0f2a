// The core's one error enum. Every export returns OK or one of these codes; runtime/
// turns them into typed errors (runtime/errors.generated.ts is generated from this file by
// build/gen-errors.js, so the comment after each code is its message: keep it one line).
//
// Ranges: 1–19 ABI, 20–39 hashes, 40–59 ed25519, 60–99 codec, 100–119 state/witness,
// 120–159 ledger. Codes are part of the protocol: never renumber, only append.

export const OK: i32 = 0;

// ABI
export const E_INPUT_TOO_LARGE: i32 = 1; // an input is larger than the ABI allows
export const E_BAD_LENGTH: i32 = 2; // an argument has the wrong length

// hashes
export const E_XMD_LEN: i32 = 20; // expand_message_xmd: len_in_bytes out of range (1..255*b_in_bytes, <= 65535)
export const E_XMD_DST: i32 = 21; // expand_message_xmd: DST is empty
export const E_HASH_BOUNDS: i32 = 22; // hash: a buffer is outside the module's memory or an output overlaps its static data

// ed25519
export const E_SIG_INVALID: i32 = 40; // signature does not verify
export const E_SIG_S_RANGE: i32 = 41; // signature scalar s is not below the group order
export const E_POINT_DECODE: i32 = 42; // point encoding is not a curve point
export const E_BATCH_SIZE: i32 = 43; // batch verification: too many signatures
export const E_ED25519_BUFFER: i32 = 44; // ed25519: a signature, key, message or batch entry lies outside memory

// codec
export const E_TRUNCATED: i32 = 60; // input ends before the value does
export const E_TRAILING: i32 = 61; // bytes remain after the value
export const E_BAD_TAG: i32 = 62; // unknown kind or tag byte
export const E_BAD_VERSION: i32 = 63; // unknown version
export const E_COUNT_RANGE: i32 = 64; // a count or length is larger than allowed
export const E_VALUE_RANGE: i32 = 65; // an integer is outside its allowed range
export const E_NOT_SORTED: i32 = 66; // entries are not in strictly increasing order

// state / witness
export const E_WITNESS_ROOT: i32 = 100; // witness does not hash to the pre-state root
export const E_WITNESS_MISSING: i32 = 101; // witness does not cover a key the block touches
export const E_WITNESS_SHAPE: i32 = 102; // witness is not in canonical form (wrong position, collapsible or unused node)
export const E_WITNESS_DEPTH: i32 = 103; // witness is deeper than the key length allows
export const E_STATE_VALUE_LEN: i32 = 104; // a state value is longer than 1024 bytes
export const E_STATE_NODES: i32 = 105; // the witness and updates need more tree nodes than one call may hold

// ledger
export const E_CHAIN_ID: i32 = 120; // transaction is for another chain
export const E_NONCE: i32 = 121; // transaction nonce is not the account's next nonce
export const E_BALANCE: i32 = 122; // balance too low for amount plus fee
export const E_OVERFLOW: i32 = 123; // an amount would overflow 64 bits
export const E_TX_ROOT: i32 = 124; // header transaction root does not match the body
export const E_STATE_ROOT: i32 = 125; // header state root does not match the result of applying the block
export const E_NO_ACCOUNT: i32 = 126; // sender account does not exist
export const E_TOO_MANY_TXS: i32 = 127; // block has more transactions than allowed
export const E_ZERO_AMOUNT: i32 = 128; // transfer of zero
export const E_GENESIS: i32 = 129; // genesis allocations are invalid (empty, duplicate or zero)
export const E_CONSENSUS_STATE: i32 = 130; // a version-1 (ledger-only) block on a consensus state (the tip record exists)

// BLS12-381 (160–199)
export const E_BLS_LENGTH: i32 = 160; // BLS12-381: a point encoding has the wrong length
export const E_BLS_FLAGS: i32 = 161; // BLS12-381: point encoding flag bits are invalid (compression, infinity or sort)
export const E_BLS_INFINITY_ENCODING: i32 = 162; // BLS12-381: point at infinity must have every bit but the flags zero
export const E_BLS_COORD_RANGE: i32 = 163; // BLS12-381: a point coordinate is not below the field modulus p
export const E_BLS_NOT_ON_CURVE: i32 = 164; // BLS12-381: the point is not on the curve
export const E_BLS_NOT_IN_SUBGROUP: i32 = 165; // BLS12-381: the point is not in the prime-order subgroup
// BLS signatures (180–189)
export const E_BLS_SIG_INVALID: i32 = 180; // BLS: the signature does not verify (pairing check failed)
export const E_BLS_PK_INFINITY: i32 = 181; // BLS: the public key is the point at infinity (KeyValidate)
export const E_BLS_EMPTY: i32 = 182; // BLS: the list of keys, messages or signatures is empty
export const E_BLS_COUNT: i32 = 183; // BLS: a count does not match its list, or is more than one call may hold
export const E_BLS_LIST: i32 = 184; // BLS: a message list is not canonical (a length overruns the buffer or bytes remain)
export const E_BLS_BUFFER: i32 = 185; // BLS: an argument lies outside the module's memory
export const E_BLS_SECRET_KEY: i32 = 186; // BLS: a secret key is not 32 big-endian bytes of a value in 1..r-1

// VRF (RFC 9381) and sortition
export const E_VRF_INVALID: i32 = 200; // VRF proof does not verify
export const E_VRF_PUBLIC_KEY: i32 = 201; // VRF public key is not a canonical encoding of a curve point
export const E_VRF_SMALL_ORDER_KEY: i32 = 202; // VRF public key has small order (RFC 9381 §5.4.5)
export const E_VRF_GAMMA: i32 = 203; // VRF proof: Gamma is not a canonical encoding of a curve point
export const E_VRF_S_RANGE: i32 = 204; // VRF proof: scalar s is not below the group order
export const E_VRF_SUITE: i32 = 205; // unknown VRF suite (3 = TAI, 4 = ELL2)
export const E_VRF_DST: i32 = 206; // hash-to-curve: DST is empty or longer than 255 bytes
export const E_VRF_TAI: i32 = 207; // VRF try-and-increment found no curve point in 256 tries
export const E_VRF_BUFFER: i32 = 208; // VRF/sortition: an argument lies outside the module's memory
export const E_SORTITION_WEIGHT: i32 = 210; // sortition: total weight is 0 or the weight exceeds it
export const E_SORTITION_TAU: i32 = 211; // sortition: expected seats above the maximum (65536)
export const E_SORTITION_SEATS: i32 = 212; // sortition: priority of zero seats or more than the maximum

// consensus (220–259; docs/PROTOCOL.md §11–18)
export const E_NO_TIP: i32 = 220; // consensus: the state has no tip record (a version-2 block on a ledger-only state)
export const E_HEIGHT: i32 = 221; // consensus: block height is not the tip's height plus one
export const E_SLOT: i32 = 222; // consensus: block slot is not after the tip's slot
export const E_NOT_PROPOSER: i32 = 223; // consensus: the proposer has no table entry or draws no proposer seat
export const E_PROPOSER_VRF: i32 = 224; // consensus: the proposer's VRF proof does not verify for this height and slot
export const E_BLOCK_SIG: i32 = 225; // consensus: the block signature does not verify under the proposer's account key
export const E_CERT_TARGET: i32 = 226; // consensus: the certificate is not for the kind, height and block the context asks
export const E_CERT_BITMAP: i32 = 227; // consensus: certificate bitmap length, padding bits or signer count is wrong
export const E_CERT_NOT_MEMBER: i32 = 228; // consensus: a signer has no table entry or draws no committee seat
export const E_CERT_VRF: i32 = 229; // consensus: a signer's committee VRF proof does not verify
export const E_CERT_WEIGHT: i32 = 230; // consensus: the signers' seats add up to less than THRESHOLD
export const E_CERT_SIG: i32 = 231; // consensus: the vote or aggregate BLS signature does not verify
export const E_BOND: i32 = 232; // consensus: bond below MIN_BOND
export const E_POP: i32 = 233; // consensus: BLS key invalid or its proof of possession does not verify
export const E_VRF_KEY: i32 = 234; // consensus: VRF key does not decode or has small order
export const E_VALIDATORS_FULL: i32 = 235; // consensus: MAX_VALIDATORS records already exist
export const E_NOT_OWNER: i32 = 236; // consensus: no such validator record, or it belongs to another account
export const E_VALIDATOR_STATE: i32 = 237; // consensus: the validator's status does not allow this transaction
export const E_SLASH_EVIDENCE: i32 = 238; // consensus: the two votes do not prove an equivocation by this validator
export const E_SLASH_STALE: i32 = 239; // consensus: the equivocation is older than SLASH_WINDOW epochs
export const E_ALREADY_SLASHED: i32 = 240; // consensus: the validator was already slashed for this height
export const E_NO_TABLE: i32 = 241; // consensus: the validator table of the epoch is missing from the state
export const E_CONSENSUS_BUFFER: i32 = 242; // consensus: an argument lies outside the module's memory
