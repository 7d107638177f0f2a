// The browser host entry (bundled to dist/bundles/browser.js by build/build.js): `replay`
// runs a chain file through the core in the page. Wiring only: the chain logic is
// runtime/, the verdicts are the core's. hosts/browser/replay.html is a page around it.
import { Core } from '../../runtime/core.js'
import { replayChain, type ReplayResult } from '../../runtime/chain/replay.js'

let core: Promise<Core> | undefined

/** Replays a chain file's bytes; rejects with a ReplayError for a bad file. */
export async function replay(bytes: Uint8Array): Promise<ReplayResult> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`replay: expected the chain file as Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`)
  core ??= Core.load()
  return replayChain(await core, bytes)
}

export { Core }
