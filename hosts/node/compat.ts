// The one place where the Node host papers over Node 20: js-libp2p 3 expects two things that
// arrived in Node 22 — Promise.withResolvers (Node 22.0) and a global WebSocket (unflagged in
// Node 22.4; @libp2p/websockets dials through it). On Node 22 this does nothing.
// Call installNodeCompat() before creating a libp2p node.

export async function installNodeCompat(): Promise<void> {
  const P = Promise as unknown as { withResolvers?: unknown }
  if (typeof P.withResolvers !== 'function') {
    P.withResolvers = function withResolvers<T>() {
      let resolve!: (v: T | PromiseLike<T>) => void
      let reject!: (e: unknown) => void
      const promise = new Promise<T>((a, b) => { resolve = a; reject = b })
      return { promise, resolve, reject }
    }
  }
  const g = globalThis as unknown as { WebSocket?: unknown }
  if (typeof g.WebSocket !== 'function') g.WebSocket = (await import('ws')).WebSocket
}
