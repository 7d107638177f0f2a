// A tiny static file server for host tests: GET only, 127.0.0.1 on a free port, and only
// files under the given folders of the repository (the browser page and the bundles).
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join, normalize, sep, extname } from 'node:path'

const TYPES = { '.js': 'text/javascript', '.html': 'text/html; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' }

/** Serves `root`'s files under `folders` (e.g. ['dist', 'hosts/browser']); resolves to { url, close }. */
export function serveStatic(root, folders) {
  const allowed = folders.map((f) => join(root, f) + sep)
  const server = createServer(async (req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname)))
    if (req.method !== 'GET' || !allowed.some((a) => path.startsWith(a))) {
      res.writeHead(req.method === 'GET' ? 404 : 405).end()
      return
    }
    try {
      const body = await readFile(path)
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()) }),
      })
    })
  })
}
