// A scratch module over the consensus rules' internal functions (assembly/consensus/) with the
// state tree of one call, and a JS harness that drives it against runtime/state's StateTree:
// each operation loads a witness built from exactly the keys the TS mirrors list
// (runtime/consensus/transition-keys.ts), runs one rule, writes the tip, and commits. The
// commit rejects a witness with an unused node and a read outside the witness fails, so an
// OK proves the key lists exact.
import { compileScratch } from './helpers.js'
import { StateTree } from '../dist/runtime/state/smt.js'
import { MemoryNodeStore } from '../dist/runtime/state/store.js'
import { tipKey } from '../dist/runtime/consensus/keys.js'
import { CORE_ERRORS } from '../dist/runtime/errors.generated.js'

const SOURCE = `
import { OK } from "./assembly/errors";
import { stateLoad, stateCommit, stateWritesPtr, stateWritesLen } from "./assembly/state/tree";
import { writeAccount } from "./assembly/ledger/account";
import {
  readTip, writeTip, setTipHeight, setTipSlot, setTipProposer, setTipValidators, readValidator,
  writeValidator, setValWork, setValStatus, setValExitEpoch,
} from "./assembly/consensus/records";
import { consensusGenesis, genesisErrorValidator } from "./assembly/consensus/genesis";
import { epochTransitionIfDue } from "./assembly/consensus/epoch";
import { applyParentCert, certSeats } from "./assembly/consensus/cert";
import { checkProposer, proposerSeats } from "./assembly/consensus/proposer";
import { applyRegister, applyExit, applySlash, validatorTxFee } from "./assembly/consensus/validator_txs";

const zeroRoot = memory.data(32);
const emptyWitness = memory.data<u8>([0]);

export function reset(): void { __arena_reset(); }
export function alloc(n: u32): usize { return __alloc(<usize>max<u32>(n, 1)); }
export function writesPtr(): usize { return stateWritesPtr(); }
export function writesLen(): u32 { return stateWritesLen(); }
export function fee(): u64 { return validatorTxFee; }
export function seatsOfCert(): u32 { return certSeats; }
export function seatsOfProposer(): u32 { return proposerSeats; }
export function genesisError(): i32 { return genesisErrorValidator; }

/** allocs: count × (pk[32] ‖ balance:u64); then the validators section. */
export function genesis(allocs: usize, count: u32, vals: usize, valsLen: u32, chainId: u32, input: usize, inputLen: u32, outRoot: usize): i32 {
  let r = stateLoad(zeroRoot, emptyWitness, 1);
  if (r != OK) return r;
  let supply: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let a = allocs + <usize>i * 40;
    supply += load<u64>(a, 32);
    r = writeAccount(a, load<u64>(a, 32), 0);
    if (r != OK) return r;
  }
  r = consensusGenesis(vals, valsLen, chainId, input, inputLen, supply);
  if (r != OK) return r;
  return stateCommit(outRoot);
}

function begin(root: usize, wit: usize, witLen: u32): i32 {
  let r = stateLoad(root, wit, witLen);
  if (r != OK) return r;
  return readTip();
}
function end(r: i32, outRoot: usize): i32 {
  if (r != OK) return r;
  r = writeTip();
  if (r != OK) return r;
  return stateCommit(outRoot);
}

/** op: 0 epoch transition, 1 parent certificate, 2 proposer, 3 register, 4 exit, 5 slash. */
export function run(op: i32, root: usize, wit: usize, witLen: u32, chainId: u32, buf: usize, bufLen: u32,
                    height: u64, extra: usize, outRoot: usize): i32 {
  let r = begin(root, wit, witLen);
  if (r != OK) return r;
  if (op == 0) r = epochTransitionIfDue(height);
  else if (op == 1) r = applyParentCert(chainId, buf, bufLen, height, extra);
  else if (op == 2) r = checkProposer(chainId, buf, bufLen, extra);
  else if (op == 3) r = applyRegister(buf, height);
  else if (op == 4) r = applyExit(buf, height);
  else if (op == 5) r = applySlash(buf, chainId, height);
  return end(r, outRoot);
}

/** Test setup only: tip fields (a field of 0xFFFFFFFFFFFFFFFF is left as it is). */
export function setTip(root: usize, wit: usize, witLen: u32, height: u64, slot: u64, proposer: u64, validators: u64, outRoot: usize): i32 {
  let r = begin(root, wit, witLen);
  if (r != OK) return r;
  if (height != U64.MAX_VALUE) setTipHeight(height);
  if (slot != U64.MAX_VALUE) setTipSlot(slot);
  if (proposer != U64.MAX_VALUE) setTipProposer(<u32>proposer);
  if (validators != U64.MAX_VALUE) setTipValidators(<u32>validators);
  return end(OK, outRoot);
}

/** Test setup only: a record's work, status and exit epoch. */
export function setRecord(root: usize, wit: usize, witLen: u32, i: u32, work: u64, status: u32, exitEpoch: u64, outRoot: usize): i32 {
  let r = begin(root, wit, witLen);
  if (r != OK) return r;
  r = readValidator(i);
  if (r != OK) return r;
  setValWork(work);
  setValStatus(<u8>status);
  setValExitEpoch(exitEpoch);
  r = writeValidator(i);
  return end(r, outRoot);
}

// @ts-ignore: runtime global
__arena_mark();
`

export const OPS = { epoch: 0, parentCert: 1, proposer: 2, register: 3, exit: 4, slash: 5 }
const NAME = (code) => (code === 0 ? 'OK' : CORE_ERRORS[code]?.name ?? `E_UNKNOWN_${code}`)

export async function consensusHarness() {
  const x = await compileScratch(SOURCE, 'consensus-state-entry.ts')
  const mem = () => new Uint8Array(x.memory.buffer)
  const put = (b) => { const p = x.alloc(b.length); mem().set(b, p); return p }
  const tree = new StateTree(new MemoryNodeStore(), new Uint8Array(32))

  async function commit(code, outRoot) {
    if (code !== 0) return NAME(code)
    const root = mem().slice(outRoot, outRoot + 32)
    const writes = mem().slice(x.writesPtr(), x.writesPtr() + x.writesLen())
    await tree.applyWrites(root, writes)
    return 'OK'
  }

  return {
    tree,
    exports: x,
    /** Genesis: allocations [{pk, balance}], the validators section bytes, the whole genesis input. */
    async genesis(allocs, valsSection, chainId, input) {
      x.reset()
      const a = new Uint8Array(40 * allocs.length)
      allocs.forEach(({ pk, balance }, i) => { a.set(pk, 40 * i); new DataView(a.buffer).setBigUint64(40 * i + 32, balance, true) })
      const out = x.alloc(32)
      const code = x.genesis(put(a), allocs.length, put(valsSection), valsSection.length, chainId, put(input), input.length, out)
      return { result: await commit(code, out), validator: x.genesisError() }
    },
    /** Runs one rule with a witness of `keys` (the tip key is added). */
    async run(op, keys, { chainId = 0, buf = new Uint8Array(0), height = 0n, extra = new Uint8Array(64) } = {}) {
      x.reset()
      const wit = await tree.buildWitness([tipKey(), ...keys])
      const root = put(tree.root), w = put(wit), b = put(buf), e = put(extra), out = x.alloc(32)
      const code = x.run(op, root, w, wit.length, chainId, b, buf.length, height, e, out)
      const extraOut = mem().slice(e, e + extra.length)
      return { result: await commit(code, out), extra: extraOut, fee: BigInt.asUintN(64, x.fee()), certSeats: x.seatsOfCert(), proposerSeats: x.seatsOfProposer() }
    },
    async setTip({ height, slot, proposer, validators }) {
      x.reset()
      const wit = await tree.buildWitness([tipKey()])
      const keep = 0xffffffffffffffffn
      const out = x.alloc(32)
      const code = x.setTip(put(tree.root), put(wit), wit.length, height ?? keep, slot ?? keep, proposer === undefined ? keep : BigInt(proposer), validators === undefined ? keep : BigInt(validators), out)
      return commit(code, out)
    },
    async setRecord(i, key, { work, status, exitEpoch }) {
      x.reset()
      const wit = await tree.buildWitness([tipKey(), key])
      const out = x.alloc(32)
      const code = x.setRecord(put(tree.root), put(wit), wit.length, i, work, status, exitEpoch, out)
      return commit(code, out)
    },
  }
}
