// The page a node serves at /: head, finalized height, finality latency, peers and the
// validators' merit, refreshed from /status every second. Self-contained (no external
// scripts, styles or fonts), so it works on a machine without a network.
export const STATUS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chiron node</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body { font: 15px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 56em; padding: 0 1em; color: #1c2430 }
h1 { font-size: 1.4em } h2 { font-size: 1.1em; margin-top: 1.6em }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(11em, 1fr)); gap: .8em }
.card { border: 1px solid #d5dbe3; border-radius: 6px; padding: .6em .8em }
.card b { display: block; font-size: 1.5em } .muted { color: #5d6b7c; font-size: .85em }
table { border-collapse: collapse; width: 100% } td, th { text-align: left; padding: .25em .5em; border-bottom: 1px solid #e5e9ef }
code { font-size: .85em } #err { color: #b3261e }
</style></head><body>
<h1>Chiron node <span class="muted" id="who"></span></h1>
<div id="err"></div>
<div class="grid">
  <div class="card"><span class="muted">head height</span><b id="height">…</b></div>
  <div class="card"><span class="muted">finalized height</span><b id="fin">…</b></div>
  <div class="card"><span class="muted">finality latency (median)</span><b id="lat">…</b></div>
  <div class="card"><span class="muted">peers</span><b id="peers">…</b></div>
  <div class="card"><span class="muted">slot</span><b id="slot">…</b></div>
</div>
<p class="muted">finalized hash <code id="hash"></code></p>
<h2>Peers</h2><table><thead><tr><th>peer</th><th>address</th><th>path</th></tr></thead><tbody id="peerRows"></tbody></table>
<h2>Validators' merit</h2>
<table><thead><tr><th>#</th><th>account</th><th>bond</th><th>level (‰)</th><th>work this epoch</th><th>status</th></tr></thead><tbody id="vals"></tbody></table>
<script>
const $ = (id) => document.getElementById(id)
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
async function tick() {
  try {
    const s = await (await fetch('/status', { cache: 'no-store' })).json()
    $('err').textContent = ''
    $('who').textContent = (s.validator === null ? 'follower' : 'validator ' + s.validator) + (s.syncing ? ' · syncing' : '')
    $('height').textContent = s.height
    $('fin').textContent = s.finalizedHeight
    $('lat').textContent = s.finalityLatencyMs === null ? '–' : (s.finalityLatencyMs / 1000).toFixed(2) + ' s'
    $('peers').textContent = s.peers.length
    $('slot').textContent = s.slot
    $('hash').textContent = s.finalizedHash
    $('peerRows').innerHTML = s.peers.map((p) => '<tr><td><code>' + esc(p.id.slice(-12)) + '</code></td><td><code>' + esc(p.addr) + '</code></td><td>' + (p.direct ? 'direct' : 'relayed') + '</td></tr>').join('')
    $('vals').innerHTML = s.validators.map((v) => '<tr><td>' + v.index + '</td><td><code>' + esc(v.account.slice(0, 16)) + '…</code></td><td>' + esc(v.bond) + '</td><td>' + v.level + '</td><td>' + esc(v.work) + '</td><td>' + esc(v.status) + '</td></tr>').join('')
  } catch (e) { $('err').textContent = 'cannot reach the node: ' + e.message }
}
tick(); setInterval(tick, 1000)
</script></body></html>
`
