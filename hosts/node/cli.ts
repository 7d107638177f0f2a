// The `chiron` command line (Node host). Thin: it parses arguments, reads and writes
// files, and prints; the chain logic is runtime/ and the verdicts are the core's.
import { parseArgs } from 'node:util'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Core } from '../../runtime/core.js'
import { generateChain, GEN_LIMITS } from '../../runtime/chain/gen.js'
import { replayChain, ReplayError } from '../../runtime/chain/replay.js'
import { opensslSigner } from './signer.js'
import { UsageError, UserError, intOption } from './cli-args.js'
import { NETWORK_USAGE, cmdInit, cmdNode, cmdDevnet, cmdStatus, cmdTx } from './cli-network.js'

const USAGE = `usage: chiron <command> [options]

commands:
  demo                         generate a small chain and replay it through the core
  gen --seed S --accounts A --blocks B --txs T -o FILE
                               write a deterministic chain of signed transfers
  replay FILE [--quiet] [--json]
                               replay a chain file through the core; print each block's
                               state root, the transaction count and transfers per second
${NETWORK_USAGE}
  help                         this text`

function readChainFile(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path))
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw new UsageError(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.message}`)
  }
}

function progressLine(done: number, total: number, txs: number, ms: number) {
  const rate = ms > 0 ? Math.round(txs / (ms / 1000)) : 0
  process.stderr.write(`\r  ${done}/${total} blocks, ${txs} transfers, ${rate} transfers/s   `)
}

async function cmdGen(args: string[]) {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: false, options: {
    seed: { type: 'string' }, accounts: { type: 'string' }, blocks: { type: 'string' },
    txs: { type: 'string' }, out: { type: 'string', short: 'o' }, 'chain-id': { type: 'string' },
  } })
  void positionals
  const opts = {
    seed: intOption(values, 'seed', 0, 0xffffffff),
    accounts: intOption(values, 'accounts', 1, GEN_LIMITS.accounts),
    blocks: intOption(values, 'blocks', 0, GEN_LIMITS.blocks),
    txs: intOption(values, 'txs', 0, GEN_LIMITS.txs),
    chainId: values['chain-id'] === undefined ? 1 : intOption(values, 'chain-id', 0, 0xffffffff),
  }
  if (!values.out) throw new UsageError('missing -o FILE')
  if (opts.blocks * opts.txs > GEN_LIMITS.totalTxs) throw new UsageError(`--blocks × --txs: expected at most ${GEN_LIMITS.totalTxs} transfers in all, got ${opts.blocks * opts.txs}`)
  const core = await Core.load()
  const t0 = Date.now()
  let last = 0
  const bytes = await generateChain(core, opts, (done) => {
    if (process.stderr.isTTY && Date.now() - last > 250) { last = Date.now(); progressLine(done, opts.blocks, done * opts.txs, Date.now() - t0) }
  }, opensslSigner)
  if (process.stderr.isTTY) process.stderr.write('\n')
  writeFileSync(values.out, bytes)
  console.log(`wrote ${values.out}: ${opts.blocks} blocks × ${opts.txs} transfers among ${opts.accounts} accounts, ${bytes.length} bytes (${Date.now() - t0} ms)`)
}

async function cmdReplay(args: string[]) {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {
    quiet: { type: 'boolean' }, json: { type: 'boolean' },
  } })
  if (positionals.length !== 1) throw new UsageError(`replay: expected one chain file, got ${positionals.length}`)
  const bytes = readChainFile(positionals[0])
  const core = await Core.load()
  const t0 = Date.now()
  let txs = 0, last = Date.now()
  const printBlocks = !values.quiet && !values.json
  const result = await replayChain(core, bytes, {
    onBlock(b) {
      txs += b.txCount
      if (printBlocks) console.log(`block ${b.height}  root ${b.stateRoot}  ${b.txCount} txs  ${b.ms} ms`)
      if (process.stderr.isTTY && !printBlocks && Date.now() - last > 250) { last = Date.now(); progressLine(b.index, b.of, txs, Date.now() - t0) }
    },
  })
  const seconds = result.ms / 1000
  const rate = seconds > 0 ? Math.round(result.txCount / seconds) : 0
  if (values.json) {
    console.log(JSON.stringify({ ...result, transfersPerSecond: rate }))
    return
  }
  if (process.stderr.isTTY && !printBlocks) process.stderr.write('\n')
  console.log(`genesis root ${result.genesisRoot}`)
  console.log(`replayed ${result.blocks.length} blocks, ${result.txCount} transfers in ${result.ms} ms: ${rate} transfers/s`)
  if (result.blocks.length) console.log(`final state root ${result.blocks[result.blocks.length - 1].stateRoot}`)
}

async function cmdDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'chiron-demo-'))
  try {
    const file = join(dir, 'chain.bin')
    console.log('Chiron demo: generating a chain of signed transfers, then replaying it through the wasm core.\n')
    await cmdGen(['--seed', '1', '--accounts', '64', '--blocks', '20', '--txs', '500', '-o', file])
    console.log('')
    await cmdReplay([file])
    console.log('\nReplay it yourself:  chiron gen --seed 7 --accounts 1000 --blocks 100 --txs 1000 -o chain.bin && chiron replay chain.bin')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(argv: string[]) {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case 'gen': return cmdGen(rest)
    case 'replay': return cmdReplay(rest)
    case 'demo': return cmdDemo()
    case 'init': return cmdInit(rest)
    case 'node': return cmdNode(rest)
    case 'devnet': return cmdDevnet(rest)
    case 'status': return cmdStatus(rest)
    case 'tx': return cmdTx(rest)
    case undefined: case 'help': case '--help': case '-h': console.log(USAGE); return
    default: throw new UsageError(`unknown command ${JSON.stringify(cmd)}`)
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof UsageError || (e as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    console.error(`chiron: ${e.message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (e instanceof ReplayError || e instanceof UserError) {
    console.error(`chiron: ${e.message}`)
    process.exit(1)
  }
  console.error(`chiron: ${e?.stack ?? e}`)
  process.exit(1)
})
