// The node's HTTP interface, for people and scripts on the same machine:
//   GET  /status          JSON: height, finalizedHeight, finalizedHash, peers, slot, …
//   GET  /                a status page (status-page.ts) that polls /status
//   GET  /account/<hex>   JSON: balance and nonce of an account at the last final block
//   POST /tx              a transaction (raw bytes, or hex text): judged by the node, then
//                         gossiped; JSON { verdict, hash }
//   POST /txs             a transaction batch (§20 encoding, raw bytes): judged and gossiped
//                         as one message; JSON { verdict, admitted }
// Every bad request gets a 4xx with a JSON { error } that says what was wrong.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import { STATUS_PAGE } from './status-page.js'

export const TX_BYTES_MAX = 64 * 1024

export interface NodeApi {
  status(): Promise<Record<string, unknown>>
  account(pk: Uint8Array): Promise<{ balance: bigint, nonce: bigint }>
  submitTx(bytes: Uint8Array): Promise<{ verdict: string, hash: string }>
  submitBatch(bytes: Uint8Array): Promise<{ verdict: string }>
}

/** The largest batch body: TX_BATCH_MAX transactions of TX_IN_BATCH_BYTES_MAX bytes. */
export const TX_BATCH_BODY_MAX = 3 + 1024 * (2 + 1024)

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message) }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) : String(body)
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' })
  res.end(text)
}

function parseHex(text: string, what: string, bytes?: number): Uint8Array {
  const s = text.trim().replace(/^0x/, '')
  if (!/^([0-9a-fA-F]{2})*$/.test(s)) throw new HttpError(400, `${what}: expected hex, got ${JSON.stringify(text.slice(0, 80))}`)
  if (bytes !== undefined && s.length !== bytes * 2) throw new HttpError(400, `${what}: expected ${bytes} bytes, got ${s.length / 2}`)
  return Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16))
}

async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req) {
    size += (c as Buffer).length
    if (size > limit) throw new HttpError(413, `request body over ${limit} bytes`)
    chunks.push(c as Buffer)
  }
  return new Uint8Array(Buffer.concat(chunks))
}

/** 200 for a transaction judged (accepted or ignored), 400 refused, 503 busy or no room in the mempool (try again later). */
function answerVerdict(res: ServerResponse, r: { verdict: string }, what: string): void {
  if (r.verdict === 'reject') return send(res, 400, { ...r, error: `the node refused the ${what} (see its log)` })
  if (r.verdict === 'busy') return send(res, 503, { ...r, error: 'the node is busy: try again shortly' })
  send(res, 200, r)
}

async function route(api: NodeApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const path = url.pathname
  if (req.method === 'GET' && path === '/status') return send(res, 200, await api.status())
  if (req.method === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, STATUS_PAGE, 'text/html')
  if (req.method === 'GET' && path.startsWith('/account/')) {
    const a = await api.account(parseHex(decodeURIComponent(path.slice(9)), 'account', 32))
    return send(res, 200, { balance: a.balance.toString(), nonce: a.nonce.toString() })
  }
  if (path === '/tx') {
    if (req.method !== 'POST') throw new HttpError(405, 'POST a transaction to /tx')
    const body = await readBody(req, 2 * TX_BYTES_MAX + 2)
    const raw = (req.headers['content-type'] ?? '').startsWith('application/octet-stream') ? body : parseHex(new TextDecoder().decode(body), 'transaction')
    if (raw.length === 0 || raw.length > TX_BYTES_MAX) throw new HttpError(400, `transaction: expected 1..${TX_BYTES_MAX} bytes, got ${raw.length}`)
    return answerVerdict(res, await api.submitTx(raw), 'transaction')
  }
  if (path === '/txs') {
    if (req.method !== 'POST') throw new HttpError(405, 'POST a transaction batch to /txs')
    return answerVerdict(res, await api.submitBatch(await readBody(req, TX_BATCH_BODY_MAX)), 'batch')
  }
  throw new HttpError(404, `no such endpoint: ${req.method} ${path}`)
}

/** Serves `api` on host:port; rejects with a clear error when the port is taken. */
export function serveHttp(api: NodeApi, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    route(api, req, res).catch((e) => {
      if (e instanceof HttpError) send(res, e.status, { error: e.message })
      else send(res, 500, { error: `internal error: ${(e as Error).message}` })
    })
  })
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(new Error(e.code === 'EADDRINUSE' ? `HTTP port ${port} on ${host} is in use` : `cannot serve HTTP on ${host}:${port}: ${e.message}`))
    })
    server.listen(port, host, () => resolve(server))
  })
}
