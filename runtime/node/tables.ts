// The validator tables a node checks votes, certificates and its own draws against
// (docs/PROTOCOL.md §12–13). A table lives in the state tree; reading one is n + 1 state
// reads, so a node reads each table once and keeps it.
//
// Which state to read it from: table(e) is written by the epoch transition at height
// (e − 1)·E + 1 from the state of the block at (e − 1)·E (its "anchor"), so every block at
// or above (e − 1)·E + 1 that descends from one anchor holds the same table(e). Epochs 0 and
// 1 come from genesis. The lookback rule (§19) makes the anchor final before anyone votes
// in epoch e, so in the honest case one epoch has one table; the cache is keyed by the
// anchor's hash all the same, so a node that is shown two competing anchors never mixes
// their tables.
import { tableKey, tableEntryKey } from '../consensus/keys.js'
import { TABLE_HEADER_BYTES, TABLE_ENTRY_BYTES, EPOCH_LENGTH } from '../consensus/constants.js'

export class Table {
  readonly n: number
  readonly W: bigint
  readonly seed: Uint8Array
  private readonly view: DataView

  constructor(readonly epoch: bigint, readonly header: Uint8Array, readonly entries: (Uint8Array | undefined)[]) {
    this.view = new DataView(header.buffer, header.byteOffset, header.byteLength)
    this.n = this.view.getUint32(0, true)
    this.W = this.view.getBigUint64(4, true)
    this.seed = header.subarray(12, 44)
  }

  /** The 88-byte entry of validator i, or undefined (weight 0). */
  entry(i: number): Uint8Array | undefined { return i < this.entries.length ? this.entries[i] : undefined }

  weight(i: number): bigint {
    const e = this.entry(i)
    return e ? new DataView(e.buffer, e.byteOffset, 88).getBigUint64(80, true) : 0n
  }

  blsPk(i: number): Uint8Array { return (this.entry(i) as Uint8Array).subarray(0, 48) }
  vrfPk(i: number): Uint8Array { return (this.entry(i) as Uint8Array).subarray(48, 80) }
}

/** Most validator records a table can name: a table larger than this is refused (§11 MAX_VALIDATORS). */
const TABLE_N_MAX = 4096

/** Reads table(e) through `read` (a state tree's get); null if the state has no such table. */
export async function loadTable(read: (key: Uint8Array) => Promise<Uint8Array | undefined>, epoch: bigint): Promise<Table | null> {
  const header = await read(tableKey(epoch))
  if (!header || header.length !== TABLE_HEADER_BYTES) return null
  const n = new DataView(header.buffer, header.byteOffset, header.byteLength).getUint32(0, true)
  if (n > TABLE_N_MAX) return null
  const reads: Promise<Uint8Array | undefined>[] = []
  for (let i = 0; i < n; i++) reads.push(read(tableEntryKey(epoch, i)))
  const entries = await Promise.all(reads)
  for (let i = 0; i < n; i++) if (entries[i] && entries[i]!.length !== TABLE_ENTRY_BYTES) entries[i] = undefined
  return new Table(epoch, header, entries)
}

/** The height of the anchor of table(e): (e − 1)·E for e ≥ 2, genesis (0) for epochs 0 and 1. */
export function anchorHeight(epoch: bigint): number {
  return epoch < 2n ? 0 : Number((epoch - 1n) * EPOCH_LENGTH)
}

/** Tables by (epoch, anchor hash); bounded: old epochs are dropped once finality passes them. */
export class TableCache {
  private readonly byKey = new Map<string, Table>()

  get(epoch: bigint, anchorId: string): Table | undefined { return this.byKey.get(`${epoch}:${anchorId}`) }

  set(epoch: bigint, anchorId: string, t: Table): void { this.byKey.set(`${epoch}:${anchorId}`, t) }

  /** Drops tables of epochs below `epoch`. */
  pruneBelow(epoch: bigint): void {
    for (const [k, t] of this.byKey) if (t.epoch < epoch) this.byKey.delete(k)
  }
}
