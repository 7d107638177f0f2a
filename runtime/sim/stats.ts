// Summary statistics for simulation reports (nearest-rank percentiles, no interpolation, so
// the figures are values that actually occurred).

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

export interface Summary { count: number, median: number, p90: number, p99: number, max: number }

export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b)
  return { count: s.length, median: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN }
}
