// Replays chain files in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) through hosts/browser/replay.html and dist/bundles/browser.js.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { serveStatic } from './serve.js'

export const CHROMIUM = '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * Opens the replay page; resolves to { replay(bytes) → { result } | { error }, close() }.
 * `close` stops the browser and the server whatever state they are in.
 */
export async function openChromiumReplay(root, { timeoutMs = 60_000 } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser host`)
  }
  let server, browser
  const close = async () => {
    await browser?.close().catch(() => {})
    await server?.close()
  }
  try {
    server = await serveStatic(root, ['dist', 'hosts/browser'])
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: timeoutMs })
    const page = await browser.newPage()
    page.setDefaultTimeout(timeoutMs)
    const errors = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    await page.goto(`${server.url}/hosts/browser/replay.html`)
    await page.waitForFunction(() => window.chironReady === true).catch((e) => {
      throw new Error(`the replay page did not load: ${errors.join('; ') || e.message}`)
    })
    const version = browser.version()
    // page.evaluate has no timeout of its own: a hung page must still end the test.
    const bounded = (promise) => {
      let timer
      const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`chromium: no answer within ${timeoutMs} ms`)), timeoutMs) })
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
    }
    const replay = (bytes) => bounded(page.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      try {
        return { result: await window.chironReplay(bytes) }
      } catch (e) {
        return { error: `${e.name}: ${e.message}` }
      }
    }, Buffer.from(bytes).toString('base64')))
    return { replay, close, version }
  } catch (e) {
    await close()
    throw e
  }
}
