// A consensus node as a Sans-IO state machine (docs/PROTOCOL.md §19, §20). Inputs are
// gossip, sync requests and responses, timers and peer events, each carrying the time; the
// outputs are messages to send, timers to set and reports. Nothing here touches a network, a
// clock or a random source, so the simulator runs many of these on one seeded clock and a
// failing seed replays exactly.
//
// The node in one breath: at every slot start it draws for the proposer role of its current
// round and, with a seat, claims it (seat-claims.ts) and builds a block on the fork choice's
// tip unless a better claim or block of the round came first; from 800 ms into a block's
// slot a committee member notarizes the best block of the round; votes pool by target and
// aggregate into certificates; a notarized block moves the node to the next round and earns
// a finalize vote from members that notarized nothing else in that round; a finalization
// certificate makes a block and its ancestors final. Every block is judged by the core
// (verifyBlock) before it enters the tree and every certificate by the core (cert-check.ts),
// and no bytes are verified twice: messages are remembered by digest, each voter's committee
// proof is checked once per round, and a proposal no better than a valid one already held is
// judged only if something comes to need it. Sync (§20) fills gaps; a round stalled for a
// slot re-announces its best block and the node's vote for it.
import type { NodeInput, NodeOutput, NodeReport, SansIoNode, Topic } from './io.js'
import type { BlockNode } from './block-tree.js'
import { BlockTree } from './block-tree.js'
import { VotePool, type Target } from './vote-pool.js'
import { Table, TableCache, loadTable, anchorHeight } from './tables.js'
import { aggregateTarget, extendCert } from './aggregate.js'
import { checkCert } from './cert-check.js'
import { committeeDraw, blockPriority, type Draw } from './draws.js'
import { readBlockInfo, type BlockInfo } from './block-info.js'
import { SyncDriver } from './sync.js'
import { Proposer, type Seat } from './proposer.js'
import { Mempool, MEMPOOL_LIMITS } from './mempool.js'
import { TxIntake } from './tx-intake.js'
import { Slashing } from './slashing.js'
import { ClaimBook, CLAIM_PATIENCE_MS, claimInWindow, claimPriority, decodeSeatClaim, encodeSeatClaim, lessPriority } from './seat-claims.js'
import { BLOCK_TXS_DEFAULT, type ConsensusNodeConfig, type NodeCore, type Behaviour, type ValidatorKeys } from './node-config.js'
import type { ResumePoint } from './journal.js'
import { slotAt, slotStartMs, rankWaitMs } from './timing.js'
import { StateTree } from '../state/smt.js'
import { verifyBlock as chainVerifyBlock } from '../chain/block-builder.js'
import { decodeVote, decodeCert, encodeVote, voteMessage } from '../consensus/vote.js'
import {
  NOTARIZE, FINALIZE, PROPOSAL_WAIT_MS, AGGREGATION_WAIT_MS, THRESHOLD, TAU, VOTE_BYTES, epochOf,
} from '../consensus/constants.js'
import { committeeAlpha } from '../consensus/seeds.js'
import { sign as walletBlsSign } from '../wallet/bls.js'
import { toHex, equalBytes } from '../bytes.js'

/** Votes are taken for rounds at most this far above the node's own. */
const VOTE_LOOKAHEAD = 2
/** Blocks waiting for an unknown parent, in all. */
const ORPHANS_MAX = 128
/** Verified certificates waiting for their block, in all. */
const PENDING_CERTS_MAX = 256
/** Proposals whose verification waits until they are needed. */
const DEFERRED_MAX = 64
/** Digests of rejected blocks remembered (so the same bad bytes are never judged twice). */
const REJECTED_MAX = 4096
const EMPTY = new Uint8Array(0)

interface Orphan { bytes: Uint8Array, info: BlockInfo, from: string | null }
interface PendingCert { kind: number, height: number, cert: Uint8Array }

export class ConsensusNode implements SansIoNode {
  /** handle() keeps its own queue (transaction batches last): see handle. */
  readonly queuesInputs = true
  readonly core: NodeCore
  readonly chainId: number
  readonly behaviour: Behaviour
  readonly keys: ValidatorKeys | undefined
  readonly tree: BlockTree
  readonly pool = new VotePool()
  readonly mempool: Mempool
  private readonly tables = new TableCache()
  private readonly sync: SyncDriver
  private readonly proposer: Proposer | null
  private readonly txs: TxIntake
  private readonly slashing = new Slashing()
  private readonly claims = new ClaimBook()
  private readonly genesisTimeMs: number
  private readonly verifyBlock: typeof chainVerifyBlock

  /** Inputs not yet handled: transaction batches apart, as they yield to the rest (handle()). */
  private readonly waiting: Waiting[] = []
  private readonly waitingTxs: Waiting[] = []
  private draining = false
  /** The (round, slot) whose proposal waits for its rank (§19), if any. */
  private rankWait: { height: number, slot: number } | null = null
  private out: NodeOutput[] = []
  private nowMs = 0
  private started = false
  /** The gossip being handled, and whether it was found invalid. */
  private judging: { data: Uint8Array, invalid: boolean } | null = null

  /** Digests of votes and certificates already handled, by height. */
  private readonly seen = new Map<number, Set<string>>()
  /** Digests of blocks already handled, by height. */
  private readonly seenBlocks = new Map<number, Set<string>>()
  private readonly rejected = new Set<string>()
  private readonly orphans = new Map<string, Orphan[]>()
  /** Valid-looking proposals not better than one held for their height: judged only when needed. */
  private readonly deferred = new Map<string, Orphan>()
  private orphanCount = 0
  private readonly pendingCerts = new Map<string, PendingCert[]>()
  private pendingCertCount = 0
  /** Committee seats per round: this node's draw, and every voter's (proof, seats) once checked. */
  private readonly myDraws = new Map<number, Draw | null>()
  private readonly voterSeats = new Map<string, { proof: Uint8Array, seats: number }>()
  /** This node's votes: blocks notarized per height, the block finalized per height. */
  private readonly notarizedBy = new Map<number, Set<string>>()
  private readonly finalizedBy = new Map<number, string[]>()
  /** Lowest priority seen (and relayed) per height. */
  private readonly bestSeen = new Map<number, Ranked>()
  private readonly equivocationNoted = new Set<string>()
  private roundSeen = 0
  /** The slot in which the current round began. */
  private roundSlot = 0
  /** Greatest height of a verified certificate this node has seen. */
  private provenHeight = 0

  constructor(readonly config: ConsensusNodeConfig) {
    this.core = config.core as NodeCore
    this.chainId = config.chainId
    this.behaviour = config.behaviour ?? 'honest'
    this.keys = config.keys
    this.genesisTimeMs = config.genesisTimeMs
    this.verifyBlock = config.chain?.verifyBlock ?? chainVerifyBlock
    this.mempool = new Mempool(config.chainId, config.mempoolLimits ?? MEMPOOL_LIMITS)
    const g = config.genesis
    this.tree = new BlockTree({
      id: toHex(g.hash), hash: g.hash, height: 0, slot: 0, parent: null, proposer: 0xffffffff,
      priority: new Uint8Array(32), bytes: EMPTY, postRoot: g.stateRoot, senders: [],
      notarized: true, final: true, notarization: null, finalization: null,
    })
    this.proposer = config.keys ? new Proposer(this.core, config, config.keys) : null
    this.txs = new TxIntake(this.core, config.chainId, config.store, this.tree, this.mempool)
    const node = this
    this.sync = new SyncDriver({
      tree: this.tree,
      get silent() { return node.silent },
      get nowMs() { return node.nowMs },
      output: (o) => { this.out.push(o) },
      timer: (key, atMs) => this.timer(key, atMs),
      note: (text) => this.note(text),
      syncBlock: (bytes, from) => this.onBlock(bytes, from, 'sync'),
      syncCert: (bytes, from) => this.onCert(bytes, from),
      holds: (bytes) => this.tree.has(toHex(readBlockInfo(this.core, bytes)?.hash ?? EMPTY)),
    })
  }

  /**
   * Known to be more than a round behind: no proposing or notarizing until caught up. Only
   * a verified certificate proves it (provenHeight); unverified hints (a vote's or an orphan
   * block's height) may start a sync but never silence the node, or anyone could silence it.
   */
  private get catchingUp(): boolean { return this.sync.applying || this.provenHeight > this.tree.best.height + 1 }

  /** The round the node is in: one above its best notarized block (§19). */
  get round(): number { return this.tree.best.height + 1 }

  /** Where the node is, for a host's status page (read between inputs; no effect). */
  status(nowMs: number): NodeStatus {
    const f = this.tree.final, best = this.tree.best
    return {
      height: best.height, headHash: best.id, round: this.round,
      finalizedHeight: f.height, finalizedHash: f.id, finalizedStateRoot: toHex(f.postRoot),
      slot: slotAt(this.genesisTimeMs, nowMs), validator: this.keys?.index ?? null,
      mempool: this.mempool.size, catchingUp: this.catchingUp, provenHeight: this.provenHeight,
    }
  }

  /** The state at the last final block (reads only; a host serves accounts and merit from it). */
  finalState(): StateTree { return new StateTree(this.config.store, this.tree.final.postRoot) }

  /**
   * Inputs are handled one at a time. Transaction batches wait behind everything else
   * (blocks, votes, certificates, timers, sync), so a node busy checking signatures still
   * votes and finalizes on time; among themselves inputs keep their order.
   */
  handle(input: NodeInput): Promise<NodeOutput[]> {
    return new Promise((resolve, reject) => {
      const isTx = input.type === 'gossip' && input.topic === 'tx'
      ;(isTx ? this.waitingTxs : this.waiting).push({ input, resolve, reject })
      void Promise.resolve().then(() => this.drain()) // started after the caller's turn, as a chained queue would
    })
  }

  private async drain(): Promise<void> {
    if (this.draining) return
    this.draining = true
    try {
      for (let next = this.waiting.shift() ?? this.waitingTxs.shift(); next; next = this.waiting.shift() ?? this.waitingTxs.shift()) {
        try { next.resolve(await this.process(next.input)) } catch (e) { next.reject(e) }
      }
    } finally {
      this.draining = false
    }
  }

  private async process(input: NodeInput): Promise<NodeOutput[]> {
    this.out = []
    this.nowMs = input.nowMs
    this.judging = input.type === 'gossip' ? { data: input.data, invalid: false } : null
    try {
      await this.dispatch(input)
    } catch (e) {
      // a bug, never a verdict on input (bad input is dropped where it is read): say so
      // loudly and keep the node running with what it had
      this.note(`internal error handling ${input.type}: ${(e as Error)?.stack ?? e}`)
    }
    if (input.type === 'gossip' && this.judging?.invalid) this.out.push({ type: 'invalid', topic: input.topic, from: input.from })
    this.judging = null
    const out = this.out
    this.out = []
    return out
  }

  private async dispatch(input: NodeInput): Promise<void> {
    if (!this.started && input.type !== 'start') await this.start()
    switch (input.type) {
      case 'start': await this.start(); break
      case 'timer': await this.onTimer(input.key); break
      case 'gossip':
        this.sync.client.addPeer(input.from)
        await this.onGossip(input.topic, input.data, input.from)
        break
      case 'request': this.sync.onRequest(input.from, input.id, input.data); break
      case 'response': await this.sync.onResponse(input.from, input.id, input.data); break
      case 'peer':
        // a new peer may be ahead (a quiet chain gossips nothing to hint at it): ask it once
        // for what follows the node's best block; an empty answer costs one round trip
        if (input.connected) this.sync.saw(this.tree.best.height + 1, input.peer)
        else this.sync.client.removePeer(input.peer)
        break
    }
  }

  // ---- outputs ----

  private report(event: NodeReport): void { this.out.push({ type: 'report', event }) }
  private note(text: string): void { this.report({ kind: 'note', text }) }
  private timer(key: string, atMs: number): void { this.out.push({ type: 'timer', key, atMs }) }
  private get silent(): boolean { return this.behaviour === 'withhold' }
  private gossip(topic: Topic, data: Uint8Array): void { if (!this.silent) this.out.push({ type: 'gossip', topic, data }) }
  private relay(topic: Topic, data: Uint8Array): void { if (!this.silent) this.out.push({ type: 'relay', topic, data }) }
  /**
   * Drops bytes found invalid, with a note; if they are the gossip being handled, the host
   * hears so (an 'invalid' output: gossipsub rejects the message and scores its sender down).
   */
  private invalid(data: Uint8Array, text: string): void {
    this.note(text)
    if (this.judging && this.judging.data === data) this.judging.invalid = true
  }

  // ---- lifecycle and time ----

  private async start(): Promise<void> {
    if (this.started) return
    this.started = true
    const g = this.config.genesis
    await new StateTree(this.config.store, new Uint8Array(32)).applyWrites(g.stateRoot, g.writes)
    if (this.config.resume) this.resume(this.config.resume)
    await this.onSlot()
  }

  /**
   * Rebuilds the final chain from the node's own disk (journal.ts) without judging it again:
   * every block there was verified before it was written, and the store holds its state.
   * Votes cast above the final height are restored, so the node never votes against them.
   */
  private resume(r: ResumePoint): void {
    let parent = this.tree.final
    for (const bytes of r.final) {
      const info = readBlockInfo(this.core, bytes)
      if (!info || info.height !== parent.height + 1 || !equalBytes(info.parent, parent.hash)) {
        throw new Error(`resume: the stored final chain breaks at height ${parent.height + 1}`)
      }
      if (info.height >= 2) parent.notarization = info.cert.slice()
      const node: BlockNode = {
        id: toHex(info.hash), hash: info.hash, height: info.height, slot: info.slot, parent, proposer: info.proposer,
        priority: new Uint8Array(32).fill(0xff), bytes, postRoot: info.stateRoot, senders: info.senders,
        notarized: true, final: false, notarization: null, finalization: null,
      }
      this.tree.add(node)
      parent = node
    }
    if (parent !== this.tree.final) {
      if (r.notarization) parent.notarization = r.notarization
      this.tree.finalize(parent, r.finalization)
      this.provenHeight = parent.height
      this.roundSeen = this.round
    }
    for (const v of r.votes) {
      if (v.height <= this.tree.final.height) continue
      const id = toHex(v.block)
      if (v.kind === NOTARIZE) {
        const mine = this.notarizedBy.get(v.height) ?? new Set<string>()
        this.notarizedBy.set(v.height, mine.add(id))
      } else {
        this.finalizedBy.set(v.height, [...(this.finalizedBy.get(v.height) ?? []), id])
      }
    }
  }

  private async onTimer(key: string): Promise<void> {
    if (key === 'slot') await this.onSlot()
    else if (key === 'notarize') await this.tryNotarize()
    else if (key === 'propose') await this.onRankWaited()
    else if (key.startsWith('agg:')) await this.onAggregationTimer(key.slice(4))
    else if (key === 'sync' || key === 'sync-timeout') this.sync.onTimer(key)

  }

  /** The wait by rank is over: propose, if the round and slot are still the ones waited for. */
  private async onRankWaited(): Promise<void> {
    const w = this.rankWait
    this.rankWait = null
    if (w && w.height === this.tree.best.height + 1 && w.slot === slotAt(this.genesisTimeMs, this.nowMs)) await this.maybePropose(w.slot, true)
  }

  /** Slot start (or any later moment of the slot): proposer draw, then the timers. */
  private async onSlot(): Promise<void> {
    const s = slotAt(this.genesisTimeMs, this.nowMs)
    this.timer('slot', slotStartMs(this.genesisTimeMs, s + 1))
    const voteAt = slotStartMs(this.genesisTimeMs, s) + PROPOSAL_WAIT_MS
    if (this.nowMs < voteAt) this.timer('notarize', voteAt)
    if (s >= this.roundSlot + 2) this.reannounce()
    await this.maybePropose(s)
    if (this.nowMs >= voteAt) await this.tryNotarize()
  }

  /**
   * A round that has gone a whole slot without a notarized block may have lost messages (a
   * partition, a lossy link): the node gossips again the best block it holds for the round
   * and its own notarize votes for it. Without this, two sides of a healed partition can
   * each hold on to a best block the other never saw, and only a proposal better than both
   * (ever rarer as the round drags on) would bring them together. Receivers drop what they
   * have seen by its digest.
   */
  private reannounce(): void {
    const h = this.round
    let best: BlockNode | null = null
    for (const b of this.tree.atHeight(h)) if (!best || compareRank(b, best) < 0) best = b
    if (!best) return
    this.gossip('block', best.bytes)
    const mine = this.keys ? this.pool.target(NOTARIZE, h, best.id)?.votes.get(this.keys.index) : undefined
    if (mine) this.gossip('vote', mine.bytes)
  }

  /** `ranked`: the node has waited its rank (§19) for this slot's proposal. */
  private async maybePropose(slot: number, ranked = false): Promise<void> {
    if (!this.proposer || this.silent || this.nowMs < this.genesisTimeMs) return
    const parent = this.tree.best
    if (slot <= parent.slot) return
    const h = parent.height + 1
    const table = await this.tableFor(h, parent)
    if (!table) return
    if (this.catchingUp) return
    const seat = this.proposer.seat(h, slot, table)
    if (!seat) return
    // a double-voter builds at once with any seat, so rounds it sits in have a second block to vote for
    if (this.behaviour !== 'double-vote' && this.holdsBack(h, slot, seat, ranked)) return
    if (this.behaviour === 'claim-withhold') return
    const keys = this.keys as ValidatorKeys
    const state = new StateTree(this.config.store, parent.postRoot)
    const built = await this.proposer.propose(parent, h, slot, table, () => this.notarizationFor(parent), this.mempool, this.blockTxsMax,
      () => this.slashing.transactions(this.core, this.chainId, keys.accountSeed, h, (k) => state.get(k)))
    for (const f of this.proposer.takeFailures()) this.note(f)
    for (const b of built) {
      this.gossip('block', b.bytes)
      if (!b.valid) { this.note(`proposed an invalid block at height ${h} (${this.behaviour})`); continue }
      this.report({ kind: 'proposed', height: h, hash: toHex(b.hash), slot, atMs: this.nowMs })
      await this.onBlock(b.bytes, null, 'self')
    }
  }

  /**
   * Proposing by rank (§19): true if the seat holder waits (a 'propose' timer is set) or
   * gives up the round: it holds a block of the round from an earlier slot, or a better one.
   * At its first call for a slot it claims the seat (unless a claim ahead of it is known)
   * and waits by its priority; then it builds only if no such block is held and no claim
   * ahead of it (better in its slot, or of an earlier slot) is still within its patience.
   */
  private holdsBack(h: number, slot: number, seat: Seat, ranked: boolean): boolean {
    // a block of an earlier slot of the round needs votes, not a rival (re-announcing
    // brings it to those that missed it; the committee is the same in every slot)
    if (this.tree.atHeight(h).some((b) => b.slot < slot || lessPriority(b.priority, seat.priority))) return true
    const claimed = this.claims.ahead(h, slot, seat.priority)
    let until = claimed ? claimed.atMs + CLAIM_PATIENCE_MS : 0
    if (!ranked) {
      if (!claimed && this.claims.offer(h, slot, seat.priority, this.nowMs)) {
        this.gossip('seat', encodeSeatClaim({ height: h, slot, proposer: (this.keys as ValidatorKeys).index, proof: seat.draw.proof }))
      }
      until = Math.max(until, this.nowMs + rankWaitMs(seat.priority))
    }
    if (until <= this.nowMs) return false
    this.rankWait = { height: h, slot }
    this.timer('propose', until)
    return true
  }

  private get blockTxsMax(): number { return this.config.blockTxsMax ?? BLOCK_TXS_DEFAULT }

  /**
   * The parent's notarization certificate for a proposal, rebuilt from every notarize vote
   * held (more signers, more work credited, §15); the held certificate when the votes do
   * not reach the threshold or the rebuilt aggregate fails.
   */
  private async notarizationFor(parent: BlockNode): Promise<Uint8Array> {
    if (parent.height === 0) return EMPTY
    const held = parent.notarization ?? EMPTY
    const t = this.pool.target(NOTARIZE, parent.height, parent.id)
    if (!t || (held.length !== 0 && signerCount(held) >= t.votes.size)) return held
    const table = await this.tableFor(parent.height, parent)
    if (!table) return held
    if (held.length === 0) return t.seats >= THRESHOLD ? aggregateTarget(this.core, this.chainId, this.pool, t, table).cert ?? held : held
    let cert
    try { cert = decodeCert(held) } catch { return held }
    return extendCert(this.core, this.chainId, this.pool, t, cert, table) ?? held
  }

  // ---- tables ----

  /**
   * The table for round `height`, read from the state of `via` (a block at or above the
   * table's anchor + 1 on the chain in question; the fork choice's tip by default).
   */
  private async tableFor(height: number, via: BlockNode = this.tree.best): Promise<Table | null> {
    const epoch = epochOf(height)
    const ah = anchorHeight(epoch)
    let anchorId: string
    let src = via
    if (epoch < 2n) {
      src = this.tree.finalAt(0) as BlockNode
      anchorId = src.id
    } else {
      if (src.height < ah + 1) return null
      const anchor = this.tree.ancestorAt(src, ah)
      if (!anchor) return null
      anchorId = anchor.id
    }
    const cached = this.tables.get(epoch, anchorId)
    if (cached) return cached
    const state = new StateTree(this.config.store, src.postRoot)
    const t = await loadTable((k) => state.get(k), epoch)
    if (t) this.tables.set(epoch, anchorId, t)
    return t
  }

  /** Lookback (§19): votes in epoch e ≥ 2 only once the block at (e − 1)·E is final. */
  private lookbackOk(height: number): boolean {
    const e = epochOf(height)
    return e < 2n || this.tree.final.height >= anchorHeight(e)
  }

  // ---- gossip ----

  private async onGossip(topic: Topic, data: Uint8Array, from: string): Promise<void> {
    if (!(data instanceof Uint8Array)) return
    if (topic === 'block') await this.onBlock(data, from, 'gossip')
    else if (topic === 'vote') await this.onVote(data, from)
    else if (topic === 'cert') await this.onCert(data, from)
    else if (topic === 'tx') await this.onTx(data)
    else if (topic === 'seat') await this.onSeatClaim(data, from)
  }

  private remember(map: Map<number, Set<string>>, height: number, digest: string): boolean {
    let set = map.get(height)
    if (!set) map.set(height, set = new Set())
    if (set.has(digest)) return false
    set.add(digest)
    return true
  }

  /** Un-remembers a message that could not be judged yet (its table is not known): it may come again. */
  private forget(height: number, digest: string): void { this.seen.get(height)?.delete(digest) }

  /**
   * A block from gossip, sync or this node's own proposer. Returns true if it is (now) in
   * the tree. Blocks whose parent is unknown wait (bounded) and trigger a sync.
   */
  private async onBlock(bytes: Uint8Array, from: string | null, via: 'gossip' | 'sync' | 'self' | 'orphan' | 'deferred'): Promise<boolean> {
    const info = readBlockInfo(this.core, bytes)
    if (!info || info.chainId !== this.chainId || info.height < 1) {
      this.invalid(bytes, `dropped a block that is not a version-2 block of chain ${this.chainId}`)
      return false
    }
    const id = toHex(info.hash)
    if (this.tree.has(id)) return true
    if (info.height <= this.tree.final.height) return false
    const digest = toHex(this.core.sha256(bytes))
    if (this.rejected.has(digest)) return false
    if ((via === 'gossip' || via === 'sync' || via === 'self') && !this.remember(this.seenBlocks, info.height, digest)) return false
    const parentId = toHex(info.parent)
    if (!this.tree.has(parentId)) await this.undefer(parentId)
    const parent = this.tree.get(parentId)
    if (!parent) {
      this.addOrphan({ bytes, info, from })
      this.sync.saw(info.height - 1, from)
      return false
    }
    const needed = this.orphans.has(id) || this.pendingCerts.has(id)
    if (via === 'gossip' && !needed && await this.notBetter(info, parent)) {
      this.defer({ bytes, info, from })
      return false
    }
    const node = await this.apply(bytes, info, parent, digest, via === 'self')
    if (!node) return false
    if (this.isBestSeen(node) && via === 'gossip') this.relay('block', bytes)
    await this.afterBlock(node, info)
    return true
  }

  /**
   * A proposal no better than a valid one already held for its height cannot be voted for,
   * so it is judged only if something needs it later: a certificate naming it, a child, a
   * sync. In a round with a dozen proposers this saves most block verifications.
   */
  private async notBetter(info: BlockInfo, parent: BlockNode): Promise<boolean> {
    const best = this.bestSeen.get(info.height)
    if (!best) return false
    const table = await this.tableFor(info.height, parent)
    const p = table ? blockPriority(this.core, table, info.proposer, info.vrfProof) : null
    return p !== null && compareRank({ priority: p, id: toHex(info.hash) }, best) >= 0
  }

  private defer(o: Orphan): void {
    if (this.deferred.size >= DEFERRED_MAX) this.deferred.delete(this.deferred.keys().next().value as string)
    this.deferred.set(toHex(o.info.hash), o)
  }

  /** Judges a deferred block now that something needs it. */
  private async undefer(id: string): Promise<void> {
    const d = this.deferred.get(id)
    if (!d) return
    this.deferred.delete(id)
    await this.onBlock(d.bytes, d.from, 'deferred')
  }

  /** Judges a block on its parent's state and stores its writes; null if the core refused it. */
  private async apply(bytes: Uint8Array, info: BlockInfo, parent: BlockNode, digest: string, own: boolean): Promise<BlockNode | null> {
    const state = new StateTree(this.config.store, parent.postRoot)
    let r
    const mine = own ? this.proposer?.built.get(toHex(info.hash)) : undefined
    if (mine) {
      r = { ok: true as const, postRoot: mine.postRoot, writes: mine.writes } // built here by the core: judged once already
    } else {
      r = await this.verifyBlock({ core: this.core, tree: state, block: bytes })
    }
    if (!r.ok) {
      this.reject(digest)
      this.invalid(bytes, `rejected block ${toHex(info.hash)} at height ${info.height}: ${r.error}`)
      return null
    }
    await state.applyWrites(r.postRoot, r.writes)
    const table = await this.tableFor(info.height, parent)
    const priority = table ? blockPriority(this.core, table, info.proposer, info.vrfProof) : null
    const node: BlockNode = {
      id: toHex(info.hash), hash: info.hash, height: info.height, slot: info.slot, parent, proposer: info.proposer,
      priority: priority ?? new Uint8Array(32).fill(0xff), bytes, postRoot: r.postRoot, senders: info.senders,
      notarized: false, final: false, notarization: null, finalization: null,
    }
    this.tree.add(node)
    return node
  }

  private reject(digest: string): void {
    if (this.rejected.size >= REJECTED_MAX) this.rejected.delete(this.rejected.values().next().value as string)
    this.rejected.add(digest)
  }

  /** Relay rule: a proposal is forwarded only if it is the best this node has seen for its round. */
  private isBestSeen(b: BlockNode): boolean {
    const prev = this.bestSeen.get(b.height)
    if (prev && compareRank(b, prev) >= 0) return false
    this.bestSeen.set(b.height, { priority: b.priority, id: b.id })
    return true
  }

  /** What a new block in the tree changes: its parent is notarized; waiting certs and orphans. */
  private async afterBlock(b: BlockNode, info: BlockInfo): Promise<void> {
    const parent = b.parent as BlockNode
    if (parent.height > 0) await this.onNotarized(parent, info.cert.slice())
    const certs = this.pendingCerts.get(b.id)
    if (certs) {
      this.pendingCerts.delete(b.id)
      this.pendingCertCount -= certs.length
      for (const c of certs) {
        if (c.kind === NOTARIZE) await this.onNotarized(b, c.cert)
        else await this.onFinalized(b, c.cert)
      }
    }
    const waiting = this.orphans.get(b.id)
    if (waiting) {
      this.orphans.delete(b.id)
      this.orphanCount -= waiting.length
      for (const o of waiting) await this.onBlock(o.bytes, o.from, 'orphan')
    }
    if (b.height === this.round) await this.tryNotarize()
  }

  private addOrphan(o: Orphan): void {
    if (this.orphanCount >= ORPHANS_MAX) return
    const key = toHex(o.info.parent)
    const list = this.orphans.get(key) ?? []
    list.push(o)
    this.orphans.set(key, list)
    this.orphanCount++
  }

  // ---- notarization, finality, rounds ----

  private async onNotarized(b: BlockNode, cert: Uint8Array | null): Promise<void> {
    const before = this.tree.best
    const first = this.tree.markNotarized(b, cert)
    this.pool.ensure(NOTARIZE, b.height, b.hash, b.id).certified = true
    if (!first) return
    this.report({ kind: 'notarized', height: b.height, hash: b.id, slot: b.slot, atMs: this.nowMs })
    // finalize votes belong to the round the node is in (or the one it just left), not to
    // blocks it learns were notarized long ago while catching up
    if (b.height >= before.height) await this.maybeFinalizeVote(b)
    await this.afterBestMoved(before)
  }

  private async onFinalized(b: BlockNode, cert: Uint8Array): Promise<void> {
    const before = this.tree.best
    this.pool.ensure(FINALIZE, b.height, b.hash, b.id).certified = true
    const fresh = this.tree.finalize(b, cert)
    if (fresh === null) {
      this.note(`SAFETY: finalization certificate for ${b.id} at height ${b.height} conflicts with the final chain`)
      return
    }
    if (fresh.length !== 0 && this.config.journal) {
      await this.config.journal.recordFinal(fresh.map((x) => ({ height: x.height, hash: x.hash, bytes: x.bytes, postRoot: x.postRoot, finalization: x === b ? cert : null, notarization: x.notarization })))
    }
    for (const x of fresh) {
      this.report({ kind: 'finalized', height: x.height, hash: x.id, slot: x.slot, atMs: this.nowMs, stateRoot: toHex(x.postRoot), txs: x.senders.length })
    }
    if (fresh.length !== 0) this.prune()
    await this.afterBestMoved(before)
  }

  /** Forgets what lies at or below the final height (blocks are pruned by the tree itself). */
  private prune(): void {
    const f = this.tree.final.height
    this.pool.pruneBelow(f)
    for (const m of [this.seen, this.seenBlocks]) for (const h of m.keys()) if (h < f) m.delete(h)
    for (const m of [this.myDraws, this.notarizedBy, this.finalizedBy, this.bestSeen]) for (const h of m.keys()) if (h < f) m.delete(h)
    this.claims.pruneBelow(f)
    for (const k of this.voterSeats.keys()) if (Number(k.slice(0, k.indexOf(':'))) < f) this.voterSeats.delete(k)
    for (const [k, list] of this.orphans) {
      if (list[0].info.height <= f) { this.orphans.delete(k); this.orphanCount -= list.length }
    }
    for (const [k, d] of this.deferred) if (d.info.height <= f) this.deferred.delete(k)
    for (const [k, list] of this.pendingCerts) {
      if (list[0].height <= f) { this.pendingCerts.delete(k); this.pendingCertCount -= list.length }
    }
    this.tables.pruneBelow(epochOf(Math.max(1, f)) - 1n)
  }

  /** After the fork choice may have moved: a new round starts (propose, vote), the mempool follows. */
  private async afterBestMoved(before: BlockNode): Promise<void> {
    const best = this.tree.best
    if (best === before) return
    await this.txs.follow(before, best)
    if (this.round > this.roundSeen) {
      this.roundSeen = this.round
      this.roundSlot = slotAt(this.genesisTimeMs, this.nowMs)
      const s = slotAt(this.genesisTimeMs, this.nowMs)
      await this.maybePropose(s)
      await this.tryNotarize()
    }
  }

  // ---- voting ----

  private async myDraw(height: number): Promise<Draw | null> {
    if (!this.keys) return null
    if (this.myDraws.has(height)) return this.myDraws.get(height) as Draw | null
    const table = await this.tableFor(height)
    if (!table) return null
    const d = committeeDraw(this.core, this.keys.vrfSk, this.keys.index, table, height)
    const draw = d && d.seats > 0 ? d : null
    this.myDraws.set(height, draw)
    return draw
  }

  /** Notarize (§19): the best valid block of the round, from 800 ms into its slot. */
  private async tryNotarize(): Promise<void> {
    if (!this.keys || this.silent || this.catchingUp) return
    const h = this.round
    if (!this.lookbackOk(h)) return
    if ((this.finalizedBy.get(h) ?? []).length !== 0) return
    const ready = this.tree.atHeight(h).filter((b) => this.nowMs >= slotStartMs(this.genesisTimeMs, b.slot) + PROPOSAL_WAIT_MS)
    if (ready.length === 0) return
    const mine = this.notarizedBy.get(h) ?? new Set<string>()
    let targets: BlockNode[]
    if (this.behaviour === 'double-vote') {
      targets = ready.filter((b) => !mine.has(b.id))
    } else {
      let best = ready[0]
      for (const b of ready) if (compareRank(b, best) < 0) best = b
      let lowest: BlockNode | null = null
      for (const id of mine) {
        const m = this.tree.get(id)
        if (m && (!lowest || compareRank(m, lowest) < 0)) lowest = m
      }
      targets = !mine.has(best.id) && (!lowest || compareRank(best, lowest) < 0) ? [best] : []
    }
    for (const b of targets) {
      if (!(await this.castVote(NOTARIZE, b))) return
      mine.add(b.id)
      this.notarizedBy.set(h, mine)
    }
  }

  /** Finalize (§19): a member that notarized no other block of the round finalizes the notarized one. */
  private async maybeFinalizeVote(b: BlockNode): Promise<void> {
    if (!this.keys || this.silent || this.catchingUp || b.height <= this.tree.final.height || !this.lookbackOk(b.height)) return
    const done = this.finalizedBy.get(b.height) ?? []
    if (this.behaviour === 'double-vote') {
      for (const x of [b, ...this.tree.atHeight(b.height).filter((y) => y !== b)]) {
        if (done.includes(x.id)) continue
        if (await this.castVote(FINALIZE, x)) done.push(x.id)
      }
      this.finalizedBy.set(b.height, done)
      return
    }
    if (done.length !== 0) return
    const mine = this.notarizedBy.get(b.height)
    if (mine && [...mine].some((id) => id !== b.id)) return
    if (await this.castVote(FINALIZE, b)) this.finalizedBy.set(b.height, [b.id])
    // having finalized, the node never notarizes another block at this height (tryNotarize checks)
  }

  /** Signs, pools and gossips a vote; false if this node has no seat in the round. */
  private async castVote(kind: number, b: BlockNode): Promise<boolean> {
    const keys = this.keys as ValidatorKeys
    const draw = await this.myDraw(b.height)
    if (!draw) return false
    const msg = voteMessage(this.chainId, kind, BigInt(b.height), b.hash)
    const sig = this.core.bls.sign ? this.core.bls.sign(keys.blsSk, msg) : walletBlsSign(keys.blsSk, msg)
    const bytes = encodeVote({ kind, height: BigInt(b.height), block: b.hash, validator: keys.index, proof: draw.proof, sig })
    this.remember(this.seen, b.height, toHex(this.core.sha256(bytes)))
    this.voterSeats.set(`${b.height}:${keys.index}`, { proof: draw.proof, seats: draw.seats })
    const r = this.pool.add(kind, b.height, b.hash, b.id, { validator: keys.index, bytes, sig, proof: draw.proof, seats: draw.seats, checked: true })
    await this.config.journal?.recordVote({ kind, height: b.height, block: b.hash })
    this.gossip('vote', bytes)
    if (r.added) await this.maybeAggregate(r.target)
    return true
  }

  private async onVote(bytes: Uint8Array, from: string): Promise<void> {
    if (bytes.length !== VOTE_BYTES) { this.invalid(bytes, `dropped a vote of ${bytes.length} bytes from ${from}`); return }
    let v
    try { v = decodeVote(bytes) } catch (e) { this.invalid(bytes, `dropped a vote from ${from}: ${(e as Error).message}`); return }
    if (v.height > BigInt(Number.MAX_SAFE_INTEGER)) return
    const h = Number(v.height)
    if (h < Math.max(1, this.tree.final.height) || h > this.round + VOTE_LOOKAHEAD) {
      if (h > this.round + VOTE_LOOKAHEAD) this.sync.saw(h - 1, from)
      return
    }
    const digest = toHex(this.core.sha256(bytes))
    if (!this.remember(this.seen, h, digest)) return
    const table = await this.tableFor(h)
    if (!table) { this.forget(h, digest); this.sync.saw(h - 1, from); return }
    const seats = this.voterSeatsOf(table, h, v.validator, v.proof)
    if (seats === 0) { this.invalid(bytes, `dropped a vote from ${from}: validator ${v.validator} has no committee seat at height ${h}`); return }
    const blockId = toHex(v.block)
    const pooled = { validator: v.validator, bytes, sig: v.sig, proof: v.proof, seats, checked: false }
    // Only a validator's first vote of a kind in a round is taken on trust (its signature is
    // checked in aggregate). A committee proof is public once its owner has voted, so anyone
    // could pair it with other blocks and a forged signature; checking every later vote at
    // once keeps such forgeries from being forwarded or from using up the owner's places in
    // the pool (VOTE_TARGETS_MAX), which would shut out its genuine later votes.
    if (this.pool.votesBy(v.kind, h, v.validator) !== 0 && !this.pool.target(v.kind, h, blockId)?.votes.has(v.validator)) {
      if (!this.core.consensus.verifyVote(this.chainId, bytes, table.header, table.entry(v.validator) as Uint8Array).ok) {
        this.invalid(bytes, `dropped a forged vote of validator ${v.validator} at height ${h}`)
        return
      }
      pooled.checked = true
    }
    let r = this.pool.add(v.kind, h, v.block, blockId, pooled)
    if (!r.added && r.reason === 'conflict' && r.target && r.existing) {
      // two different votes with one (kind, height, block, validator): at most one signature
      // is genuine; check both, keep the good one
      const entry = table.entry(v.validator) as Uint8Array
      const newOk = this.core.consensus.verifyVote(this.chainId, bytes, table.header, entry).ok
      const oldOk = r.existing.checked || this.core.consensus.verifyVote(this.chainId, r.existing.bytes, table.header, entry).ok
      if (oldOk) r.existing.checked = true
      if (!newOk || oldOk) { this.invalid(bytes, `dropped a forged vote of validator ${v.validator} at height ${h}`); return }
      this.pool.drop(r.target, v.validator)
      pooled.checked = true
      r = this.pool.add(v.kind, h, v.block, blockId, pooled)
    }
    if (!r.added) return
    this.relay('vote', bytes)
    if (r.equivocation) {
      const k = `${h}:${v.validator}`
      if (!this.equivocationNoted.has(k) && this.signaturesHold(h, v.validator, table)) {
        this.equivocationNoted.add(k)
        this.note(`equivocation: validator ${v.validator} signed a finalize vote and a vote for another block at height ${h}`)
        this.slashing.record(this.pool, h, v.validator)
      }
    }
    await this.maybeAggregate(r.target)
  }

  /**
   * Checks every vote `validator` has pooled at height `h` (dropping bad ones); true if all
   * hold, so an equivocation note rests on signatures, not on a forger's word.
   */
  private signaturesHold(h: number, validator: number, table: Table): boolean {
    let ok = true
    for (const t of this.pool.atHeight(h)) {
      const v = t.votes.get(validator)
      if (!v || v.checked) continue
      if (this.core.consensus.verifyVote(this.chainId, v.bytes, table.header, table.entry(validator) as Uint8Array).ok) v.checked = true
      else { this.pool.drop(t, validator); ok = false }
    }
    return ok
  }

  /** Committee seats a vote's proof gives (0: not a member or a bad proof); checked once per (height, validator). */
  private voterSeatsOf(table: Table, h: number, validator: number, proof: Uint8Array): number {
    const key = `${h}:${validator}`
    const known = this.voterSeats.get(key)
    if (known) return equalBytes(known.proof, proof) ? known.seats : 0
    const entry = table.entry(validator)
    if (!entry) return 0
    const beta = this.core.vrf.verify(table.vrfPk(validator), committeeAlpha(table.seed, BigInt(h)), proof)
    const seats = beta ? this.core.sortition.committeeSeats(beta, table.weight(validator), table.W, TAU) : 0
    if (beta) this.voterSeats.set(key, { proof: proof.slice(), seats })
    return seats
  }

  // ---- aggregation and certificates ----

  private async maybeAggregate(t: Target): Promise<void> {
    if (t.certified || t.seats < THRESHOLD || this.silent) return
    const b = this.tree.get(t.blockId)
    if (this.keys && b && b.proposer === this.keys.index) { await this.aggregate(t); return }
    if (t.timerSet) return
    t.timerSet = true
    this.timer(`agg:${t.key}`, this.nowMs + AGGREGATION_WAIT_MS)
  }

  private async onAggregationTimer(key: string): Promise<void> {
    const [kind, height, blockId] = key.split(':')
    const t = this.pool.target(Number(kind), Number(height), blockId)
    if (t && !t.certified && t.seats >= THRESHOLD) await this.aggregate(t)
  }

  private async aggregate(t: Target): Promise<void> {
    const table = await this.tableFor(t.height)
    if (!table) return
    const r = aggregateTarget(this.core, this.chainId, this.pool, t, table)
    for (const v of r.dropped) this.note(`dropped a vote of validator ${v} at height ${t.height}: bad signature`)
    if (!r.cert) return
    this.remember(this.seen, t.height, toHex(this.core.sha256(r.cert)))
    this.gossip('cert', r.cert)
    await this.onCertVerified(t.kind, t.height, t.block, r.cert, null)
  }

  private async onCert(bytes: Uint8Array, from: string | null): Promise<void> {
    let c
    try { c = decodeCert(bytes) } catch (e) { this.invalid(bytes, `dropped a certificate from ${from}: ${(e as Error).message}`); return }
    if (c.height > BigInt(Number.MAX_SAFE_INTEGER) || c.height < 1n) return
    const h = Number(c.height)
    const blockId = toHex(c.block)
    const known = this.tree.get(blockId)
    if (known && (c.kind === NOTARIZE ? known.notarized : known.final)) return
    if (h <= this.tree.final.height) return
    if (this.pool.target(c.kind, h, blockId)?.certified) return
    const digest = toHex(this.core.sha256(bytes))
    if (!this.remember(this.seen, h, digest)) return
    const table = await this.tableFor(h)
    if (!table) { this.forget(h, digest); this.sync.saw(h, from); return }
    const r = checkCert(this.core, this.chainId, bytes, c, table, (hh, i, proof) => {
      const k = this.voterSeats.get(`${hh}:${i}`)
      return k && equalBytes(k.proof, proof) ? k.seats : undefined
    })
    if (!r.ok) { this.invalid(bytes, `dropped a certificate from ${from}: ${r.error}`); return }
    this.relay('cert', bytes)
    await this.onCertVerified(c.kind, h, c.block, bytes, from)
  }

  private async onCertVerified(kind: number, h: number, block: Uint8Array, cert: Uint8Array, from: string | null): Promise<void> {
    const blockId = toHex(block)
    if (h > this.provenHeight) this.provenHeight = h
    this.pool.ensure(kind, h, block, blockId).certified = true
    if (!this.tree.has(blockId)) await this.undefer(blockId)
    const b = this.tree.get(blockId)
    if (b) {
      if (kind === NOTARIZE) await this.onNotarized(b, cert)
      else await this.onFinalized(b, cert)
      return
    }
    if (this.pendingCertCount < PENDING_CERTS_MAX) {
      const list = this.pendingCerts.get(blockId) ?? []
      list.push({ kind, height: h, cert })
      this.pendingCerts.set(blockId, list)
      this.pendingCertCount++
    }
    this.sync.saw(h, from)
  }

  // ---- seat claims ----

  /**
   * A proposer's claim of its seat (§19, §20): checked (the VRF proof gives the seat and its
   * priority), remembered as the best of its (round, slot) if it is, and then forwarded.
   * A claim outside the node's window (another round, a far slot) is ignored, not judged.
   */
  private async onSeatClaim(bytes: Uint8Array, from: string): Promise<void> {
    const c = decodeSeatClaim(bytes)
    if (typeof c === 'string') { this.invalid(bytes, `dropped a seat claim from ${from}: ${c}`); return }
    if (!claimInWindow(c, this.round, slotAt(this.genesisTimeMs, this.nowMs))) return
    const digest = toHex(this.core.sha256(bytes))
    if (!this.remember(this.seen, c.height, digest)) return
    const table = await this.tableFor(c.height)
    if (!table) { this.forget(c.height, digest); return }
    const priority = claimPriority(this.core, table, c)
    if (typeof priority === 'string') { this.invalid(bytes, `dropped a seat claim from ${from}: ${priority}`); return }
    if (this.claims.offer(c.height, c.slot, priority, this.nowMs)) this.relay('seat', bytes)
  }

  // ---- transactions ----

  private async onTx(bytes: Uint8Array): Promise<void> {
    const v = await this.txs.offerBatch(bytes)
    if (v.relay) this.relay('tx', bytes)
    else if (v.invalid) this.invalid(bytes, v.invalid)
    if (v.full) this.out.push({ type: 'full', topic: 'tx' })
  }
}

interface Ranked { priority: Uint8Array, id: string }

interface Waiting { input: NodeInput, resolve: (out: NodeOutput[]) => void, reject: (e: unknown) => void }

export interface NodeStatus {
  /** Height and hash of the fork choice's tip (the best notarized block). */
  height: number
  headHash: string
  round: number
  finalizedHeight: number
  finalizedHash: string
  finalizedStateRoot: string
  slot: number
  /** This node's validator index, or null for a node that only follows. */
  validator: number | null
  mempool: number
  catchingUp: boolean
  /** Greatest height of a verified certificate seen: how far the chain is known to reach. */
  provenHeight: number
}

/**
 * The order in which a node prefers the proposals of one round: lower priority first, and
 * between equal priorities (only the twin blocks of an equivocating proposer have them) the
 * lower block hash. Without the tie-break, honest nodes that saw different twins first would
 * split their notarize votes for good, since a twin is never strictly lower than the other;
 * with it they all move to the same twin.
 */
function compareRank(a: Ranked, b: Ranked): number {
  for (let i = 0; i < 32; i++) if (a.priority[i] !== b.priority[i]) return a.priority[i] - b.priority[i]
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Number of signers of an encoded certificate (set bits of its bitmap). */
function signerCount(cert: Uint8Array): number {
  if (cert.length < 45) return 0
  const n = new DataView(cert.buffer, cert.byteOffset, cert.byteLength).getUint32(41, true)
  const end = Math.min(cert.length, 45 + Math.ceil(n / 8))
  let k = 0
  for (let i = 45; i < end; i++) for (let x = cert[i]; x; x &= x - 1) k++
  return k
}
