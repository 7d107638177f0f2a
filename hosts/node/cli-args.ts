// Argument checks shared by the `chiron` commands: every bad argument is a UsageError that
// says which option, what was expected and what was given.
import { readFileSync } from 'node:fs'

export class UsageError extends Error {}

/** An error the user can act on (printed without a stack; exit code 1). */
export class UserError extends Error {}

export function intOption(values: Record<string, unknown>, name: string, min: number, max: number, fallback?: number): number {
  const raw = values[name]
  if (raw === undefined) {
    if (fallback !== undefined) return fallback
    throw new UsageError(`missing --${name}`)
  }
  const s = String(raw)
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) throw new UsageError(`--${name}: expected an integer in ${min}..${max}, got ${JSON.stringify(s)}`)
  return Number(s)
}

export function hexOption(values: Record<string, unknown>, name: string, bytes: number): Uint8Array {
  const raw = values[name]
  if (raw === undefined) throw new UsageError(`missing --${name}`)
  const s = String(raw).replace(/^0x/, '')
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(s)) throw new UsageError(`--${name}: expected ${bytes} bytes of hex, got ${JSON.stringify(String(raw))}`)
  return Uint8Array.from(s.match(/../g) as string[], (h) => parseInt(h, 16))
}

export function amountOption(values: Record<string, unknown>, name: string, fallback?: bigint): bigint {
  const raw = values[name]
  if (raw === undefined) {
    if (fallback !== undefined) return fallback
    throw new UsageError(`missing --${name}`)
  }
  const s = String(raw)
  if (!/^\d+$/.test(s) || BigInt(s) >= 1n << 64n) throw new UsageError(`--${name}: expected an integer in 0..2^64-1, got ${JSON.stringify(s)}`)
  return BigInt(s)
}

/** host:port, with the port in 1..65535 (0 lets the system choose, where allowed). */
export function hostPort(raw: string, name: string, allowZero = false): { host: string, port: number } {
  const m = /^(.+):(\d+)$/.exec(raw)
  const port = m ? Number(m[2]) : NaN
  if (!m || !(port <= 65535 && (port >= 1 || (allowZero && port === 0)))) throw new UsageError(`--${name}: expected HOST:PORT, got ${JSON.stringify(raw)}`)
  return { host: m[1], port }
}

export function multiaddrs(raw: unknown, name: string): string[] {
  const list = raw === undefined ? [] : (raw as string[])
  for (const a of list) if (!a.startsWith('/')) throw new UsageError(`--${name}: expected a multiaddr such as /ip4/127.0.0.1/tcp/7704, got ${JSON.stringify(a)}`)
  return list
}

/** The passphrase for validator keys: --passphrase-file, else $CHIRON_PASSPHRASE. */
export function passphrase(values: Record<string, unknown>): string | undefined {
  const file = values['passphrase-file']
  if (file !== undefined) {
    let text
    try { text = readFileSync(String(file), 'utf8') } catch (e) { throw new UsageError(`--passphrase-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) }
    const first = text.split(/\r?\n/)[0]
    if (!first) throw new UsageError(`--passphrase-file: ${file} is empty`)
    return first
  }
  const env = process.env.CHIRON_PASSPHRASE
  return env ? env : undefined
}
