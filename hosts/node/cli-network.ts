// The `chiron` commands that run and talk to nodes: init, node, devnet, status, tx send.
import { parseArgs } from 'node:util'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Core } from '../../runtime/core.js'
import { UsageError, UserError, intOption, hexOption, amountOption, hostPort, multiaddrs, passphrase } from './cli-args.js'
import { runNode, NodeStartError } from './run-node.js'
import { createDevnet, readLayout, readGenesisFile, initDataDir, nodeDir, devnetPorts, DevnetError } from './devnet-layout.js'
import { startDevnet } from './devnet.js'
import { DataDirError } from './level-kv.js'
import { keyGen, publicKey as blsPublicKey, popProve } from '../../runtime/wallet/bls.js'
import { publicKey as edPublicKey, randomSeed, sign as edSign } from '../../runtime/wallet/ed25519.js'
import { decryptKey, KeyFileError } from '../../runtime/wallet/keyfile.js'
import { encodeTransfer, encodeTransferBody, transferSigningMessage } from '../../runtime/codec/tx.js'
import { CorruptStoreError, NODE_CACHE_MAX } from '../../runtime/storage/chain-store.js'
import { NotInitializedError } from '../../runtime/node/stored-node.js'
import { BLOCK_TXS_DEFAULT } from '../../runtime/node/node-config.js'
import { toHex } from '../../runtime/bytes.js'

export const NETWORK_USAGE = `  init --dir D --genesis FILE [--follower] [--passphrase-file F]
                               make a data directory for the network of FILE (a
                               genesis.json), with new validator keys encrypted under the
                               passphrase ($CHIRON_PASSPHRASE or the file's first line) and
                               a libp2p identity; prints the keys' public parts
  node --dir D [--listen MULTIADDR]... [--bootstrap MULTIADDR]... [--http HOST:PORT]
       [--relay-server] [--stun HOST:PORT]... [--stun-server PORT] [--announce MULTIADDR]...
       [--passphrase-file F] [--block-txs N] [--state-cache N] [--verbose]
                               run a node: libp2p, its store, and the status page and API
                               at http://HOST:PORT/ (default 127.0.0.1:7700); it votes and
                               proposes if the genesis names its keys; --state-cache: state
                               tree nodes kept in memory (default 1,000,000, about 250 MB);
                               --block-txs: most transactions in a block it builds
                               (default and most 20,000)
  devnet [--nodes N] [--dir D] [--port P] [--chain-id C] [--init-only] [--minutes M] [--verbose]
                               N validators (default 4) as separate processes on 127.0.0.1;
                               node i serves http://127.0.0.1:(P+i)/status (P default 7700);
                               D (default ./devnet) is created, or reused if it holds one
  status [--node URL] [--json]  a node's status (URL default http://127.0.0.1:7700)
  tx send --key FILE --to HEX --amount N [--fee F] [--node URL] [--wait]
                               sign a transfer with the key file (e.g. a devnet's
                               faucet.key) and send it to a node; --wait until it is final`

function userError(e: unknown): never {
  if (e instanceof DataDirError || e instanceof NodeStartError || e instanceof DevnetError || e instanceof CorruptStoreError || e instanceof NotInitializedError || e instanceof KeyFileError) {
    throw new UserError((e as Error).message)
  }
  throw e
}

export async function cmdInit(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: {
    dir: { type: 'string' }, genesis: { type: 'string' }, follower: { type: 'boolean' }, 'passphrase-file': { type: 'string' },
  } })
  if (!values.dir) throw new UsageError('init: missing --dir D')
  if (!values.genesis) throw new UsageError('init: missing --genesis FILE (a genesis.json, e.g. from chiron devnet --init-only)')
  if (!existsSync(values.genesis)) throw new UsageError(`init: no such genesis file ${values.genesis}`)
  const pass = values.follower ? undefined : passphrase(values)
  if (!values.follower && !pass) throw new UsageError('init: the validator keys need a passphrase: set CHIRON_PASSPHRASE or pass --passphrase-file F (or --follower for a node without keys)')
  try {
    const network = readGenesisFile(values.genesis)
    const core = await Core.load()
    const secrets = values.follower ? undefined : { accountSeed: randomSeed(), blsSk: keyGen(randomSeed()), vrfSk: randomSeed() }
    const peerId = await initDataDir(values.dir, network, secrets, pass)
    console.log(JSON.stringify({
      dir: values.dir, chainId: network.chainId, peerId,
      validator: secrets ? {
        account: toHex(edPublicKey(secrets.accountSeed)), blsPk: toHex(blsPublicKey(secrets.blsSk)),
        pop: toHex(popProve(secrets.blsSk)), vrfPk: toHex(core.vrf.publicKey(secrets.vrfSk)),
      } : null,
    }, null, 1))
  } catch (e) { userError(e) }
}

export async function cmdNode(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: {
    dir: { type: 'string' }, listen: { type: 'string', multiple: true }, bootstrap: { type: 'string', multiple: true },
    http: { type: 'string' }, 'relay-server': { type: 'boolean' }, stun: { type: 'string', multiple: true },
    'stun-server': { type: 'string' }, announce: { type: 'string', multiple: true },
    'passphrase-file': { type: 'string' }, verbose: { type: 'boolean' }, 'block-txs': { type: 'string' },
    'state-cache': { type: 'string' },
  } })
  if (!values.dir) throw new UsageError('node: missing --dir D')
  const blockTxsMax = intOption(values, 'block-txs', 1, BLOCK_TXS_DEFAULT, BLOCK_TXS_DEFAULT)
  const stateCacheNodes = intOption(values, 'state-cache', 10_000, 100_000_000, NODE_CACHE_MAX)
  const http = hostPort(values.http ?? '127.0.0.1:7700', 'http')
  const listen = multiaddrs(values.listen, 'listen')
  const stun = (values.stun ?? []).map((s) => { hostPort(s, 'stun'); return s })
  const stunPort = values['stun-server'] === undefined ? null : intOption(values, 'stun-server', 1, 65535)
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`)
  let stunServer: { close(): void } | null = null
  if (stunPort !== null) {
    const { startStunServer } = await import('./stun-server.js')
    stunServer = await startStunServer({ host: '0.0.0.0', port: stunPort })
    log(`STUN server on udp port ${stunPort}`)
  }
  let node
  try {
    node = await runNode({
      dir: values.dir, passphrase: passphrase(values), http, log, verbose: values.verbose, blockTxsMax, stateCacheNodes,
      p2p: {
        listen: listen.length ? listen : ['/ip4/127.0.0.1/tcp/0'], bootstrap: multiaddrs(values.bootstrap, 'bootstrap'),
        relayServer: values['relay-server'] ?? false, stun, announce: multiaddrs(values.announce, 'announce'),
      },
    })
  } catch (e) { stunServer?.close(); userError(e) }
  const stop = async (signal: string) => {
    log(`${signal}: stopping`)
    await node.stop()
    stunServer?.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

export async function cmdDevnet(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: {
    nodes: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, 'chain-id': { type: 'string' },
    'init-only': { type: 'boolean' }, minutes: { type: 'string' }, verbose: { type: 'boolean' }, 'passphrase-file': { type: 'string' },
  } })
  const dir = values.dir ?? 'devnet'
  const port = intOption(values, 'port', 1024, 65000, 7700)
  const pass = passphrase(values) ?? 'devnet'
  let layout
  try {
    layout = readLayout(dir)
    if (layout) {
      if (values.nodes !== undefined && intOption(values, 'nodes', 1, 64) !== layout.nodes) {
        throw new UsageError(`devnet: ${dir} holds a devnet of ${layout.nodes} nodes; pass --nodes ${layout.nodes} or another --dir`)
      }
      console.log(`devnet in ${dir}: ${layout.nodes} nodes, chain ${layout.chainId} (restarting from their stores)`)
    } else {
      const nodes = intOption(values, 'nodes', 1, 64, 4)
      const chainId = intOption(values, 'chain-id', 0, 0xffffffff, 1)
      const core = await Core.load()
      layout = await createDevnet(core, { dir, nodes, chainId, passphrase: pass })
      console.log(`devnet in ${dir}: ${nodes} validators, chain ${chainId}, faucet account ${layout.faucet}`)
      if (!passphrase(values)) console.log('keys are encrypted with the passphrase "devnet" (set CHIRON_PASSPHRASE for another): devnet keys are for testing only')
    }
  } catch (e) { userError(e) }
  if (port + 2 * layout.nodes > 65535) throw new UsageError(`--port: ${port} leaves no room for ${2 * layout.nodes} ports`)
  if (values['init-only']) return
  const minutes = values.minutes === undefined ? null : intOption(values, 'minutes', 1, 100_000)
  const run = startDevnet(layout, { port, passphrase: pass, print: (l) => console.log(l), verbose: values.verbose })
  console.log(`send a transfer: chiron tx send --node http://127.0.0.1:${devnetPorts(layout, port, 0).http} --key ${join(dir, 'faucet.key')} --to <32-byte hex> --amount 5 --wait`)
  let stopped = false
  const stop = async (why: string) => {
    if (stopped) return
    stopped = true
    console.log(`${why}: stopping the devnet (its data stays in ${dir}; run the same command to resume)`)
    await run.stop()
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  if (minutes !== null) setTimeout(() => void stop(`${minutes} min`), minutes * 60_000).unref()
  await run.done
  if (!stopped) throw new UserError('every devnet node exited; see their logs under ' + dir)
}

async function getJson(url: string, what: string): Promise<any> {
  let r
  try {
    r = await fetch(url, { signal: AbortSignal.timeout(5000) })
  } catch (e) {
    throw new UserError(`cannot reach ${url} (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}): is a node running there?`)
  }
  const body = await r.json().catch(() => null)
  if (!r.ok) throw new UserError(`${what}: ${r.status} ${body?.error ?? r.statusText}`)
  return body
}

function nodeUrl(values: Record<string, unknown>): string {
  const raw = String(values.node ?? 'http://127.0.0.1:7700').replace(/\/+$/, '')
  if (!/^https?:\/\/[^/]+$/.test(raw)) throw new UsageError(`--node: expected a URL such as http://127.0.0.1:7700, got ${JSON.stringify(raw)}`)
  return raw
}

export async function cmdStatus(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: { node: { type: 'string' }, json: { type: 'boolean' } } })
  const s = await getJson(`${nodeUrl(values)}/status`, 'status')
  if (values.json) { console.log(JSON.stringify(s, null, 1)); return }
  console.log(`chain ${s.chainId}  ${s.validator === null ? 'follower' : `validator ${s.validator}`}${s.syncing ? '  (syncing)' : ''}`)
  console.log(`head ${s.height} ${s.headHash.slice(0, 16)}  finalized ${s.finalizedHeight} ${s.finalizedHash.slice(0, 16)}  slot ${s.slot}`)
  console.log(`finality ${s.finalityLatencyMs === null ? '–' : `${(s.finalityLatencyMs / 1000).toFixed(2)} s`}  peers ${s.peers.length}  mempool ${s.mempool}`)
  for (const v of s.validators) console.log(`  validator ${v.index}  level ${v.level}‰  bond ${v.bond}  work ${v.work}  ${v.status}`)
}

export async function cmdTx(args: string[]): Promise<void> {
  const [sub, ...rest] = args
  if (sub !== 'send') throw new UsageError(`tx: expected "send", got ${JSON.stringify(sub ?? '')}`)
  const { values } = parseArgs({ args: rest, strict: true, options: {
    node: { type: 'string' }, key: { type: 'string' }, to: { type: 'string' }, amount: { type: 'string' }, fee: { type: 'string' },
    wait: { type: 'boolean' }, 'passphrase-file': { type: 'string' },
  } })
  const url = nodeUrl(values)
  if (!values.key) throw new UsageError('tx send: missing --key FILE')
  const to = hexOption(values, 'to', 32)
  const amount = amountOption(values, 'amount')
  const fee = amountOption(values, 'fee', 1n)
  let file
  try { file = new Uint8Array(readFileSync(values.key)) } catch (e) { throw new UsageError(`--key: cannot read ${values.key}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
  const pass = passphrase(values) ?? (existsSync(join(values.key, '..', 'devnet.json')) ? 'devnet' : undefined)
  if (!pass) throw new UsageError('tx send: the key file needs its passphrase: set CHIRON_PASSPHRASE or pass --passphrase-file F')
  let seed
  try { seed = await decryptKey(file, pass) } catch (e) { userError(e) }
  if (seed.length !== 32) throw new UserError(`${values.key} holds ${seed.length} bytes, not an ed25519 seed`)
  const from = edPublicKey(seed)
  const status = await getJson(`${url}/status`, 'status')
  const account = await getJson(`${url}/account/${toHex(from)}`, 'account')
  // the next nonce after the final state's; transfers still pending from this key are not counted
  const nonce = BigInt(account.nonce)
  const body = { chainId: status.chainId as number, nonce, from, to, amount, fee }
  const tx = encodeTransfer({ ...body, sig: edSign(seed, transferSigningMessage(encodeTransferBody(body))) })
  let r
  try {
    r = await fetch(`${url}/tx`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: tx, signal: AbortSignal.timeout(10_000) })
  } catch (e) { throw new UserError(`cannot reach ${url}: ${(e as Error).message}`) }
  const verdict = await r.json().catch(() => ({ error: r.statusText }))
  if (!r.ok || verdict.verdict !== 'accept') throw new UserError(`the node did not take the transfer: ${verdict.error ?? `verdict ${verdict.verdict}`} (nonce ${nonce}, balance ${account.balance})`)
  console.log(`sent ${verdict.hash}: ${amount} from ${toHex(from)} to ${toHex(to)} (nonce ${nonce}, fee ${fee})`)
  if (!values.wait) return
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const a = await getJson(`${url}/account/${toHex(from)}`, 'account')
    if (BigInt(a.nonce) > nonce) {
      const s = await getJson(`${url}/status`, 'status')
      console.log(`final at height ≤ ${s.finalizedHeight} (${s.finalizedHash.slice(0, 16)})`)
      return
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new UserError('the transfer was not final within 60 s')
}
