// The Deno host entry (bundled to dist/bundles/deno.js by build/build.js):
//   deno run --allow-read dist/bundles/deno.js replay <chain file>
// prints the replay result as one line of JSON. Wiring only: the chain logic is runtime/,
// the verdicts are the core's.
import { Core } from '../../runtime/core.js'
import { replayChain } from '../../runtime/chain/replay.js'

declare const Deno: {
  args: string[]
  readFile(path: string): Promise<Uint8Array>
  exit(code: number): never
}

const USAGE = 'usage: deno run --allow-read dist/bundles/deno.js replay <chain file>'

async function main(args: string[]): Promise<void> {
  if (args[0] !== 'replay' || args.length !== 2) throw new Error(`expected "replay <chain file>", got ${JSON.stringify(args.join(' '))}\n${USAGE}`)
  let bytes: Uint8Array
  try {
    bytes = await Deno.readFile(args[1])
  } catch (e) {
    throw new Error(`cannot read ${args[1]}: ${(e as Error).message}`)
  }
  const result = await replayChain(await Core.load(), bytes)
  console.log(JSON.stringify(result))
}

main(Deno.args).catch((e) => {
  console.error(`chiron (deno): ${(e as Error)?.message ?? e}`)
  Deno.exit(1)
})
