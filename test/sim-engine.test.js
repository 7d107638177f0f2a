// The simulator's engine with a toy node (flood a tick every second): exact replay from a
// seed, latency within the model's bounds, partitions, crashes and restarts, loss, stats, chart.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Simulator } from '../dist/runtime/sim/simulator.js'
import { summarize, percentile } from '../dist/runtime/sim/stats.js'
import { svgChart } from '../dist/runtime/sim/chart.js'
import { WAN } from '../dist/runtime/sim/network.js'

/** Gossips "index:tick" every 1000 ms; records what it hears. */
function toyFactory(log) {
  return (index, restarts) => ({
    handle(input) {
      const out = []
      if (input.type === 'start') {
        log.push(`${input.nowMs} ${index} start ${restarts}`)
        out.push({ type: 'timer', key: 'tick', atMs: input.nowMs + 1000 })
      } else if (input.type === 'timer') {
        const data = new TextEncoder().encode(`${index}:${input.nowMs}`)
        out.push({ type: 'gossip', topic: 'tx', data }, { type: 'timer', key: 'tick', atMs: input.nowMs + 1000 })
      } else if (input.type === 'gossip') {
        log.push(`${input.nowMs} ${index} got ${new TextDecoder().decode(input.data)} from ${input.from}`)
      }
      return out
    },
  })
}

async function run(seed, setup = () => {}, nodes = 8, untilMs = 10_000, network, asyncNodes = false) {
  const log = []
  const make = toyFactory(log)
  const makeNode = asyncNodes
    ? (i, r) => { const n = make(i, r); return { async handle(input) { await null; return n.handle(input) } } }
    : make
  const sim = new Simulator({ seed, nodes, makeNode, network })
  setup(sim)
  await sim.run(untilMs)
  return { sim, log }
}

test('a seed replays exactly; another seed differs', async () => {
  const a = (await run(7)).log.join('\n'), b = (await run(7)).log.join('\n'), c = (await run(8)).log.join('\n')
  assert.is(a, b)
  assert.is.not(a, c)
})

test('nodes answering with a Promise replay exactly the same events as synchronous ones', async () => {
  const a = (await run(7)).log.join('\n')
  const b = (await run(7, () => {}, 8, 10_000, undefined, true)).log.join('\n')
  assert.is(a, b)
})

test('gossip delay stays within the WAN model (one or two hops, jitter included)', async () => {
  const { log } = await run(3, () => {}, 8, 10_000, { ...WAN, loss: 0 })
  let n = 0
  for (const line of log) {
    const m = /^(\d+) (\d+) got (\d+):(\d+) from/.exec(line)
    if (!m) continue
    const delay = Number(m[1]) - Number(m[4])
    assert.ok(delay >= Math.floor(WAN.latencyMinMs * 0.9) && delay <= Math.ceil(2 * WAN.latencyMaxMs * 1.1) + 1, `delay ${delay}`)
    n++
  }
  assert.is(n, 8 * 7 * 9) // every node hears every other node's ticks at 1..9 s (the 10 s ones may still be in flight)
})

test('a partition cuts every path across groups until it heals', async () => {
  const { log } = await run(5, (sim) => {
    sim.at(2500, () => sim.network.partition([[0, 1, 2, 3], [4, 5, 6, 7]]))
    sim.at(6500, () => sim.network.heal())
  }, 8, 10_000, { ...WAN, loss: 0 })
  const side = (i) => (i < 4 ? 0 : 1)
  for (const line of log) {
    const m = /^(\d+) (\d+) got (\d+):(\d+) from/.exec(line)
    if (!m) continue
    const sent = Number(m[4])
    if (sent >= 3000 && sent <= 6000) assert.is(side(Number(m[2])), side(Number(m[3])), line)
  }
  assert.ok(log.some((l) => / 0 got 5:7000 /.test(l)), 'after the heal messages cross again')
})

test('a crashed node hears nothing and sends nothing; a restart makes a fresh node', async () => {
  const { sim, log } = await run(9, (sim) => {
    sim.at(2500, () => sim.crash(3))
    sim.at(5500, () => sim.restart(3))
  }, 6, 9_000, { ...WAN, loss: 0 })
  const during = log.filter((l) => { const t = Number(l.split(' ')[0]); return t > 2500 && t < 5500 })
  assert.not.ok(during.some((l) => / 3 got /.test(l) || / got 3:/.test(l)))
  assert.ok(log.includes('5500 3 start 1'))
  assert.ok(log.some((l) => / got 3:6500 /.test(l)))
  assert.ok(sim.isUp(3))
})

test('loss drops about the configured share of direct messages', async () => {
  const { log } = await run(11, () => {}, 10, 20_000, { ...WAN, loss: 0.3, gossipRelays: 0 })
  const got = log.filter((l) => / got /.test(l)).length
  const sent = 10 * 9 * 19
  const share = got / sent
  assert.ok(share > 0.62 && share < 0.78, `delivered share ${share}`)
})

test('traffic is counted per node', async () => {
  const { sim } = await run(1, () => {}, 4, 3_500)
  assert.ok(sim.traffic.every((t) => t.messagesSent === 3 * 3 && t.bytesSent > 0))
})

test('stats: nearest-rank percentiles; chart: one polyline per series', () => {
  const s = summarize([5, 1, 4, 2, 3, 10, 9, 8, 7, 6])
  assert.equal([s.median, s.p90, s.p99, s.max], [5, 9, 10, 10])
  assert.ok(Number.isNaN(percentile([], 50)))
  const svg = svgChart('t', 'minutes', [
    { title: 'finality', yLabel: 'ms', series: [{ name: 'p50', points: [[0, 1], [1, 2]] }, { name: 'p99', points: [[0, 3], [1, 5]] }] },
    { title: 'merit', yLabel: 'weight', series: [{ name: 'v0', points: [[0, 10], [1, 9]] }] },
  ])
  assert.ok(svg.startsWith('<svg'))
  assert.is((svg.match(/<polyline/g) || []).length, 3)
})

test.run()
