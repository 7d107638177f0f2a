// The edge-worker host (workerd / Cloudflare Workers module syntax), bundled to
// dist/bundles/worker.js. POST /replay with a chain file's bytes → the replay result as JSON.
// Wiring only: the chain logic is runtime/, the verdicts are the core's.
//
// workerd refuses to compile wasm from bytes at run time, so the core arrives as a wasm
// module binding (`./chiron.wasm`, kept external by esbuild and bound in workerd.capnp) and
// the bundle leaves the embedded base64 copy out (build/build.js).
// @ts-ignore: a wasm module import, resolved by workerd
import chironWasm from './chiron.wasm'
import { Core } from '../../runtime/core.js'
import { replayChain, ReplayError } from '../../runtime/chain/replay.js'

let core: Promise<Core> | undefined

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

async function fetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url)
  if (pathname !== '/replay') return json({ error: `no route ${pathname}: POST /replay with a chain file` }, 404)
  if (request.method !== 'POST') return json({ error: `/replay: expected POST, got ${request.method}` }, 405)
  const bytes = new Uint8Array(await request.arrayBuffer())
  core ??= Core.load(chironWasm as WebAssembly.Module)
  try {
    return json(await replayChain(await core, bytes))
  } catch (e) {
    if (e instanceof ReplayError) return json({ error: e.message }, 400)
    throw e
  }
}

export default { fetch }
