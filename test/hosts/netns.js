// A small NAT laboratory made of Linux network namespaces, for tests of nodes behind NAT.
//
//                 pub (100.64.0.1 on bridge br0: the "internet")
//               /                                   \
//   nat-a: wan 100.64.0.2, lan 10.1.0.1     nat-b: wan 100.64.0.3, lan 10.2.0.1
//   (nft masquerade lan→wan; from wan only  (the same)
//    replies to established flows)
//              |                                     |
//   home-a: eth0 10.1.0.2 (default via nat-a) home-b: eth0 10.2.0.2 (default via nat-b)
//
// Every interface and address exists only inside the namespaces made here: the veth pairs
// are created inside them (never in the caller's namespace), no namespace has a route to
// anything but these links, and IPv6 is off in all of them. Names carry the creating
// process's id ("chn-<pid>-home-a"), so parallel runs do not collide and a later run can
// remove what a killed run left behind. remove() deletes everything; it is also run on
// process exit and on SIGINT/SIGTERM.
import { execFileSync, spawn } from 'node:child_process'

export const LAB_PREFIX = 'chn-'
const NAMES = ['pub', 'nat-a', 'home-a', 'nat-b', 'home-b']
export const PUB_IP = '100.64.0.1'
export const HOME_IPS = { 'home-a': '10.1.0.2', 'home-b': '10.2.0.2' }

function run(cmd, args, input) {
  return execFileSync(cmd, args, { input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 10_000 }).toString()
}

function tryRun(cmd, args) {
  try { run(cmd, args); return null } catch (err) { return String(err.stderr || err.message).trim().split('\n')[0] }
}

/** Why this machine cannot run the lab (a sentence), or null when it can. */
export function labUnsupportedReason() {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`
  if (tryRun('ip', ['-V']) !== null) return 'the ip command (iproute2) is not installed'
  if (tryRun('nft', ['--version']) !== null) return 'the nft command (nftables) is not installed'
  const probe = `${LAB_PREFIX}${process.pid}-probe`
  const err = tryRun('ip', ['netns', 'add', probe])
  if (err !== null) return `this machine does not allow network namespaces (ip netns add: ${err})`
  tryRun('ip', ['netns', 'del', probe])
  return null
}

/** Deletes namespaces a previous run left behind (their creating process is gone), with what still runs in them. */
function removeStale() {
  let list = ''
  try { list = run('ip', ['netns', 'list']) } catch { return }
  for (const line of list.split('\n')) {
    const m = line.match(new RegExp(`^(${LAB_PREFIX}(\\d+)-[a-z-]+)`))
    if (!m || Number(m[2]) === process.pid) continue
    let alive = true
    try { process.kill(Number(m[2]), 0) } catch { alive = false }
    if (alive) continue
    // Processes the dead run started in its namespaces (a killed test cannot stop them).
    let pids = ''
    try { pids = run('ip', ['netns', 'pids', m[1]]) } catch { /* none */ }
    for (const pid of pids.split('\n').filter(Boolean)) { try { process.kill(Number(pid), 'SIGKILL') } catch { /* gone */ } }
    tryRun('ip', ['netns', 'del', m[1]])
  }
}

// mapping: '' keeps a flow's source port where it can (Linux's default: one mapping per
// local port, whatever the destination, as most home routers behave: hole punching works);
// 'fully-random' picks a new random port for every new flow, a "symmetric" NAT (RFC 4787
// address-and-port-dependent mapping) that defeats hole punching.
const natRules = (mapping) => `
table ip chiron_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "wan" masquerade ${mapping}
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    ct state established,related accept
    iifname "lan" oifname "wan" accept
  }
  chain input {
    type filter hook input priority filter; policy drop;
    ct state established,related accept
    iifname { "lo", "lan" } accept
  }
}
`

/**
 * Builds the lab. Returns { ns(name) → namespace name, spawnIn(name, cmd, args, options),
 * setNatMapping(kind), remove() }. Throws (after removing what it made) if a step fails.
 */
export function createNatLab() {
  removeStale()
  const ns = (name) => `${LAB_PREFIX}${process.pid}-${name}`
  const children = new Set()
  let removed = false
  const remove = () => {
    if (removed) return
    removed = true
    for (const child of children) { try { child.kill('SIGKILL') } catch { /* already gone */ } }
    for (const name of NAMES) tryRun('ip', ['netns', 'del', ns(name)])
  }
  const onSignal = (sig) => { remove(); process.exit(sig === 'SIGINT' ? 130 : 143) }
  process.once('exit', remove)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  const ip = (name, ...args) => run('ip', ['-n', ns(name), ...args])
  const sysctl = (name, key, value) => run('ip', ['netns', 'exec', ns(name), 'sh', '-c', `echo ${value} > /proc/sys/${key.replaceAll('.', '/')}`])
  try {
    for (const name of NAMES) {
      run('ip', ['netns', 'add', ns(name)])
      ip(name, 'link', 'set', 'lo', 'up')
      sysctl(name, 'net.ipv6.conf.all.disable_ipv6', 1)
      sysctl(name, 'net.ipv6.conf.default.disable_ipv6', 1)
    }
    ip('pub', 'link', 'add', 'br0', 'type', 'bridge')
    ip('pub', 'addr', 'add', `${PUB_IP}/24`, 'dev', 'br0')
    ip('pub', 'link', 'set', 'br0', 'up')
    for (const [side, wanIp] of [['a', '100.64.0.2'], ['b', '100.64.0.3']]) {
      const nat = `nat-${side}`, home = `home-${side}`, net = side === 'a' ? '10.1.0' : '10.2.0'
      ip('pub', 'link', 'add', `to-${nat}`, 'type', 'veth', 'peer', 'name', 'wan', 'netns', ns(nat))
      ip('pub', 'link', 'set', `to-${nat}`, 'master', 'br0', 'up')
      ip(nat, 'addr', 'add', `${wanIp}/24`, 'dev', 'wan')
      ip(nat, 'link', 'set', 'wan', 'up')
      ip(nat, 'link', 'add', 'lan', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns(home))
      ip(nat, 'addr', 'add', `${net}.1/24`, 'dev', 'lan')
      ip(nat, 'link', 'set', 'lan', 'up')
      sysctl(nat, 'net.ipv4.ip_forward', 1)
      run('ip', ['netns', 'exec', ns(nat), 'nft', '-f', '-'], natRules(''))
      ip(home, 'addr', 'add', `${net}.2/24`, 'dev', 'eth0')
      ip(home, 'link', 'set', 'eth0', 'up')
      ip(home, 'route', 'add', 'default', 'via', `${net}.1`)
    }
  } catch (err) {
    remove()
    throw new Error(`creating the NAT lab failed: ${String(err.stderr || err.message).trim()}`)
  }

  /** Starts a process inside one of the lab's namespaces; remove() kills it if still running. */
  const spawnIn = (name, cmd, args, options = {}) => {
    const child = spawn('ip', ['netns', 'exec', ns(name), cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...options })
    children.add(child)
    child.on('exit', () => children.delete(child))
    return child
  }
  /** Switches both NAT routers to 'port-preserving' or 'symmetric' mapping (new flows only). */
  const setNatMapping = (kind) => {
    for (const nat of ['nat-a', 'nat-b']) {
      run('ip', ['netns', 'exec', ns(nat), 'nft', 'delete', 'table', 'ip', 'chiron_nat'])
      run('ip', ['netns', 'exec', ns(nat), 'nft', '-f', '-'], natRules(kind === 'symmetric' ? 'fully-random' : ''))
    }
  }
  return { ns, spawnIn, remove, setNatMapping, run: (name, cmd, args) => run('ip', ['netns', 'exec', ns(name), cmd, ...args]) }
}
