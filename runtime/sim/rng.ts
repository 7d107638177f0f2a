// The simulator's only source of randomness: xoshiro128** seeded from one 32-bit seed through
// splitmix32, so a printed seed replays a run exactly. Child streams are derived by label so
// adding a random draw in one part of the simulator does not shift every other part.

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    const sm = splitmix32(seed)
    this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm()
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
  }

  /** A uniformly random u32. */
  u32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d; this.c ^= t
    this.d = rotl(this.d, 11)
    return r
  }

  /** Uniform in [0, 1) with 32 bits of resolution (simulation only; never consensus). */
  unit(): number { return this.u32() / 4294967296 }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number { return lo + Math.floor(this.unit() * (hi - lo + 1)) }

  chance(p: number): boolean { return this.unit() < p }

  /** An independent stream named by `label`. */
  child(label: string): Rng {
    let h = this.u32()
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0
    return new Rng(h)
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.unit() * (i + 1))
      ;[items[i], items[j]] = [items[j], items[i]]
    }
    return items
  }
}

function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)) }
