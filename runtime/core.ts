// Core: the typed API over chiron.wasm (names as in DESIGN.md's "Public API").
// Each area's calls live in runtime/core/<area>.ts; this class only gathers them.
import { CoreWasm } from './core/wasm.js'
import * as hash from './core/hash.js'
import * as ed25519 from './core/ed25519.js'
import * as ledger from './core/ledger.js'
import * as state from './core/state.js'
import * as bls from './core/bls.js'
import * as vrf from './core/vrf.js'
import * as sortition from './core/sortition.js'
import * as consensus from './core/consensus.js'
import { CHIRON_WASM_BASE64 } from './wasm.generated.js'
import { base64ToBytes } from './bytes.js'

export { CoreError, CoreTrap } from './core/wasm.js'

export type WasmSource = WebAssembly.Module | Uint8Array | ArrayBuffer

/**
 * Compiles the core. Synchronous compilation where the platform allows it (Node, Deno, web
 * workers): on Node 20 an idle process's asynchronous WebAssembly.compile was seen to never
 * settle now and then, leaving the process asleep in its event loop. A browser's main thread
 * refuses synchronous compilation of modules over 4 KB with a RangeError; there the
 * asynchronous path is the only one.
 */
async function compileModule(bytes: BufferSource): Promise<WebAssembly.Module> {
  try {
    return new WebAssembly.Module(bytes)
  } catch (err) {
    if (err instanceof WebAssembly.CompileError) throw err
    return WebAssembly.compile(bytes)
  }
}

export class Core {
  readonly wasm: CoreWasm

  readonly ed25519: {
    /** ZIP-215 verification; false for any invalid signature, key or encoding. */
    verify(sig: Uint8Array, msg: Uint8Array, pk: Uint8Array): boolean
    /** True only if every signature is valid (accepts exactly what verify accepts). */
    verifyBatch(items: { sig: Uint8Array, msg: Uint8Array, pk: Uint8Array }[]): boolean
  }

  readonly ledger: ledger.LedgerApi

  readonly state: {
    /** Checks a one-key witness (inclusion or exclusion proof) against a state root. */
    verifyProof(root: Uint8Array, key: Uint8Array, witness: Uint8Array): { found: boolean, value: Uint8Array | undefined }
    /** Applies key/value updates to the state proved by `witness`; the new root and writes. */
    update(root: Uint8Array, witness: Uint8Array, updates: state.StateUpdate[]): { root: Uint8Array, writes: Uint8Array }
  }

  readonly bls: {
    /** Verify (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, min-pk); false for any invalid input. */
    verify(pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean
    /** AggregateVerify of one aggregate signature over (pk_i, msg_i) pairs; messages may repeat (POP scheme). */
    aggregateVerify(pks: Uint8Array[], msgs: Uint8Array[], sig: Uint8Array): boolean
    /** FastAggregateVerify: every key signed `msg`. */
    fastAggregateVerify(pks: Uint8Array[], msg: Uint8Array, sig: Uint8Array): boolean
    /** True only if every item verifies (one multi-pairing, coefficients derived from the inputs); [] is true. */
    batchVerify(items: bls.BlsBatchItem[]): boolean
    /** The 96-byte compressed sum of signatures; throws a CoreError naming an invalid one. */
    aggregateSignatures(sigs: Uint8Array[]): Uint8Array
    /** The 48-byte compressed sum of public keys (each KeyValidated); throws a CoreError naming an invalid one. */
    aggregatePublicKeys(pks: Uint8Array[]): Uint8Array
    /** PopVerify: `proof` proves possession of the secret key of `pk`. */
    popVerify(pk: Uint8Array, proof: Uint8Array): boolean
    /** KeyValidate: a subgroup point that is not infinity. */
    keyValidate(pk: Uint8Array): boolean
    /** RFC 9380 BLS12381G2_XMD:SHA-256_SSWU_RO_ under `dst`: the 192-byte uncompressed point. */
    hashToG2(msg: Uint8Array, dst: Uint8Array | string): Uint8Array
    /** Sign (POP ciphersuite): the 96-byte signature; `sk` 32 bytes big-endian in 1..r-1; constant time in `sk`. */
    sign(sk: Uint8Array, msg: Uint8Array): Uint8Array
    /** sign(sks[i], msg) for every key, hashing `msg` once (a committee signing one vote). */
    signMany(sks: Uint8Array[], msg: Uint8Array): Uint8Array[]
  }

  readonly vrf: {
    /** ECVRF_prove (RFC 9381): the 80-byte proof; constant time in `sk` (32-byte secret). Suite 'ell2' (Chiron's) or 'tai'. */
    prove(sk: Uint8Array, alpha: Uint8Array, suite?: vrf.VrfSuite): Uint8Array
    /** ECVRF_verify with key validation: the 64-byte output beta, or null for any invalid key, proof or encoding. */
    verify(pk: Uint8Array, alpha: Uint8Array, proof: Uint8Array, suite?: vrf.VrfSuite): Uint8Array | null
    /** ECVRF_proof_to_hash of a proof that decodes (null otherwise); does not verify it. */
    proofToHash(proof: Uint8Array, suite?: vrf.VrfSuite): Uint8Array | null
    /** The 32-byte VRF public key of a 32-byte secret. */
    publicKey(sk: Uint8Array): Uint8Array
    /** RFC 9380 edwards25519_XMD:SHA-512_ELL2_NU_ (or _RO_ when `ro`) under `dst`: a 32-byte point encoding. */
    hashToCurve(msg: Uint8Array, dst: Uint8Array, ro?: boolean): Uint8Array
  }

  readonly sortition: {
    /** Seats won (docs/VRF.md §3.1): Poisson(weight·tau/total) drawn from beta in exact integers (the proposer draw). */
    seats(beta: Uint8Array, weight: bigint, total: bigint, tau: number): number
    /** Committee seats (docs/VRF.md §3.7): weight·tau/total rounded at random from beta. */
    committeeSeats(beta: Uint8Array, weight: bigint, total: bigint, tau: number): number
    /** Priority of a proposal with `seats` ≥ 1 seats: 32 bytes, lower (big-endian) wins. */
    priority(beta: Uint8Array, seats: number): Uint8Array
  }

  readonly consensus: {
    /** §14 checks of a vote against the table header (44 bytes) and the voter's entry (88 bytes; undefined: none). */
    verifyVote(chainId: number, vote: Uint8Array, hdr: Uint8Array, entry: Uint8Array | undefined): consensus.ConsensusVerdict
    /** §14 checks (steps 1, 3–6) of a certificate against the table header and one entry per signer, in signer order. */
    verifyCert(chainId: number, cert: Uint8Array, hdr: Uint8Array, entries: (Uint8Array | undefined)[]): consensus.ConsensusVerdict
  }

  private constructor(wasm: CoreWasm) {
    this.wasm = wasm
    this.ed25519 = {
      verify: (sig, msg, pk) => ed25519.verify(wasm, sig, msg, pk),
      verifyBatch: (items) => ed25519.verifyBatch(wasm, items),
    }
    this.bls = {
      verify: (pk, msg, sig) => bls.verify(wasm, pk, msg, sig),
      aggregateVerify: (pks, msgs, sig) => bls.aggregateVerify(wasm, pks, msgs, sig),
      fastAggregateVerify: (pks, msg, sig) => bls.fastAggregateVerify(wasm, pks, msg, sig),
      batchVerify: (items) => bls.batchVerify(wasm, items),
      aggregateSignatures: (sigs) => bls.aggregateSignatures(wasm, sigs),
      aggregatePublicKeys: (pks) => bls.aggregatePublicKeys(wasm, pks),
      popVerify: (pk, proof) => bls.popVerify(wasm, pk, proof),
      keyValidate: (pk) => bls.keyValidate(wasm, pk),
      hashToG2: (msg, dst) => bls.hashToG2(wasm, msg, dst),
      sign: (sk, msg) => bls.sign(wasm, sk, msg),
      signMany: (sks, msg) => bls.signMany(wasm, sks, msg),
    }
    this.ledger = ledger.ledgerApi(wasm)
    this.vrf = {
      prove: (sk, alpha, suite = 'ell2') => vrf.prove(wasm, sk, alpha, suite),
      verify: (pk, alpha, proof, suite = 'ell2') => vrf.verify(wasm, pk, alpha, proof, suite),
      proofToHash: (proof, suite = 'ell2') => vrf.proofToHash(wasm, proof, suite),
      publicKey: (sk) => vrf.publicKey(wasm, sk),
      hashToCurve: (msg, dst, ro = false) => vrf.hashToCurve(wasm, msg, dst, ro),
    }
    this.sortition = {
      seats: (beta, weight, total, tau) => sortition.seats(wasm, beta, weight, total, tau),
      committeeSeats: (beta, weight, total, tau) => sortition.committeeSeats(wasm, beta, weight, total, tau),
      priority: (beta, seats) => sortition.priority(wasm, beta, seats),
    }
    this.consensus = {
      verifyVote: (chainId, vote, hdr, entry) => consensus.verifyVote(wasm, chainId, vote, hdr, entry),
      verifyCert: (chainId, cert, hdr, entries) => consensus.verifyCert(wasm, chainId, cert, hdr, entries),
    }
    this.state = {
      verifyProof: (root, key, witness) => state.verifyProof(wasm, root, key, witness),
      update: (root, witness, updates) => state.update(wasm, root, witness, updates),
    }
  }

  /**
   * Instantiates the core. With no argument the embedded build/chiron.wasm is used; hosts
   * that must not compile wasm from bytes at run time (workerd) pass a WebAssembly.Module.
   */
  static async load(source?: WasmSource): Promise<Core> {
    let module: WebAssembly.Module
    if (source instanceof WebAssembly.Module) module = source
    else module = await compileModule(source ?? base64ToBytes(CHIRON_WASM_BASE64))
    return new Core(new CoreWasm(module))
  }

  sha256(data: Uint8Array): Uint8Array { return hash.sha256(this.wasm, data) }
  sha512(data: Uint8Array): Uint8Array { return hash.sha512(this.wasm, data) }
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array { return hash.hmacSha256(this.wasm, key, data) }
  hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array { return hash.hmacSha512(this.wasm, key, data) }
  /** RFC 9380 §5.3.1 expand_message_xmd with SHA-256. */
  expandMessageXmd(msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
    return hash.expandMessageXmd(this.wasm, msg, dst, lenInBytes)
  }
  /** RFC 9380 §5.3.1 expand_message_xmd with SHA-512. */
  expandMessageXmdSha512(msg: Uint8Array, dst: Uint8Array, lenInBytes: number): Uint8Array {
    return hash.expandMessageXmdSha512(this.wasm, msg, dst, lenInBytes)
  }
}
