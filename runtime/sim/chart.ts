// A small dependency-free SVG line chart: stacked panels sharing the x axis, one polyline per
// series, with axis ticks and a legend. Used for the simulator's finality and merit charts.

export interface Series { name: string, points: [number, number][] }
export interface Panel { title: string, yLabel: string, series: Series[] }

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf']

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toPrecision(12)))
  return out
}

export function svgChart(title: string, xLabel: string, panels: Panel[], width = 900, panelHeight = 260): string {
  const left = 70, right = 170, top = 60, gap = 50
  const plotW = width - left - right
  const height = top + panels.length * (panelHeight + gap)
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => pt[0])))
  const xMin = all.length ? Math.min(...all) : 0, xMax = all.length ? Math.max(...all) : 1
  const sx = (x: number) => left + (xMax > xMin ? ((x - xMin) / (xMax - xMin)) * plotW : 0)
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16">${esc(title)}</text>`,
  ]
  panels.forEach((panel, k) => {
    const y0 = top + k * (panelHeight + gap)
    const ys = panel.series.flatMap((s) => s.points.map((pt) => pt[1]))
    const yMin = Math.min(0, ...ys), yMax = ys.length ? Math.max(...ys) * 1.05 || 1 : 1
    const sy = (y: number) => y0 + panelHeight - ((y - yMin) / (yMax - yMin)) * panelHeight
    parts.push(`<text x="${left}" y="${y0 - 8}" font-size="13">${esc(panel.title)}</text>`)
    parts.push(`<rect x="${left}" y="${y0}" width="${plotW}" height="${panelHeight}" fill="none" stroke="#999"/>`)
    for (const t of niceTicks(yMin, yMax)) {
      parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`)
      parts.push(`<text x="${left - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`)
    }
    for (const t of niceTicks(xMin, xMax)) parts.push(`<text x="${sx(t)}" y="${y0 + panelHeight + 16}" text-anchor="middle">${t}</text>`)
    parts.push(`<text transform="translate(16 ${y0 + panelHeight / 2}) rotate(-90)" text-anchor="middle">${esc(panel.yLabel)}</text>`)
    panel.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length]
      const pts = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')
      if (s.points.length) parts.push(`<polyline points="${pts}" fill="none" stroke="${color}" stroke-width="1.5"/>`)
      parts.push(`<rect x="${left + plotW + 12}" y="${y0 + 8 + i * 16}" width="10" height="10" fill="${color}"/>`)
      parts.push(`<text x="${left + plotW + 28}" y="${y0 + 17 + i * 16}">${esc(s.name)}</text>`)
    })
  })
  parts.push(`<text x="${left + plotW / 2}" y="${height - 12}" text-anchor="middle">${esc(xLabel)}</text>`)
  parts.push('</svg>')
  return parts.join('\n')
}
