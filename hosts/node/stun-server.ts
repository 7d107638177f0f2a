// A minimal STUN server (RFC 5389) for WebRTC's ICE: it answers a Binding request with the
// address and port the request came from, so a node behind a NAT learns its public mapping
// (its "server-reflexive candidate", RFC 8445 §5.1.1.2) and can offer it to a peer. Chiron's
// public nodes run one (`chiron node --stun-server PORT`) so home nodes need no third-party
// STUN service.
//
// A STUN message (RFC 5389 §6) is a 20-byte header and TLV attributes:
//   type u16 | length u16 (attribute bytes, a multiple of 4) | magic cookie 0x2112A442 | txid 12 bytes
// Only a Binding request (type 0x0001) with the magic cookie, a consistent length and well-formed
// attributes gets an answer: a Binding success response (0x0101) with the same transaction id,
// one XOR-MAPPED-ADDRESS (§15.2: port XOR the cookie's high 16 bits, an IPv4 address XOR the
// cookie, an IPv6 address XOR the cookie and the transaction id) and a FINGERPRINT (§15.5).
// Everything else — other methods, responses, indications, RFC 3489 messages without the
// cookie, truncated or oversized datagrams — is dropped without a reply. The server keeps no
// per-client state; a global token bucket bounds how many replies it sends per second, so it
// cannot be turned into a high-rate reflector.
import { createSocket, type RemoteInfo } from 'node:dgram'
import { isIPv6 } from 'node:net'

export const STUN_MAGIC_COOKIE = 0x2112a442
export const STUN_BINDING_REQUEST = 0x0001
export const STUN_BINDING_SUCCESS = 0x0101
export const STUN_ATTR_XOR_MAPPED_ADDRESS = 0x0020
export const STUN_ATTR_FINGERPRINT = 0x8028
/** RFC 5389 §7.1: without path MTU knowledge a message should fit in 576-byte IPv4 datagrams (548 bytes of UDP payload). */
export const STUN_REQUEST_BYTES_MAX = 548
/** Replies per second across all clients (a token bucket refilled continuously). */
export const STUN_REPLIES_PER_SECOND_MAX = 2000
const HEADER_BYTES = 20
const FINGERPRINT_XOR = 0x5354554e // "STUN" (§15.5)

// CRC-32 (ISO 3309, the polynomial FINGERPRINT uses), table built once at module start.
const CRC_TABLE = new Uint32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  CRC_TABLE[n] = c >>> 0
}

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/**
 * Checks a datagram as a Binding request. Returns its 12-byte transaction id, or null for
 * anything that must not be answered. The attribute walk is bounded by the datagram size
 * (at most STUN_REQUEST_BYTES_MAX / 4 attributes).
 */
export function parseBindingRequest(msg: Uint8Array): Uint8Array | null {
  if (msg.length < HEADER_BYTES || msg.length > STUN_REQUEST_BYTES_MAX) return null
  const view = new DataView(msg.buffer, msg.byteOffset, msg.length)
  const type = view.getUint16(0), length = view.getUint16(2)
  // The two top bits of a STUN message are zero (§6); that and the cookie tell STUN apart
  // from the other protocols that may share a port.
  if (type !== STUN_BINDING_REQUEST) return null
  if (view.getUint32(4) !== STUN_MAGIC_COOKIE) return null
  if (length % 4 !== 0 || HEADER_BYTES + length !== msg.length) return null
  let off = HEADER_BYTES
  while (off < msg.length) {
    if (off + 4 > msg.length) return null
    const attrType = view.getUint16(off), attrLength = view.getUint16(off + 2)
    const next = off + 4 + ((attrLength + 3) & ~3)
    if (next > msg.length) return null
    if (attrType === STUN_ATTR_FINGERPRINT) {
      // FINGERPRINT must be the last attribute and match the CRC of everything before it,
      // with the header's length already counting it (§15.5).
      if (attrLength !== 4 || next !== msg.length) return null
      if (view.getUint32(off + 4) !== ((crc32(msg.subarray(0, off)) ^ FINGERPRINT_XOR) >>> 0)) return null
    }
    off = next
  }
  return msg.slice(8, 20)
}

/** The Binding success response telling the client its mapped address (family from `address`). */
export function bindingSuccess(txid: Uint8Array, address: string, port: number): Uint8Array {
  const v6 = isIPv6(address)
  const addrBytes = v6 ? ipv6Bytes(address) : Uint8Array.from(address.split('.').map(Number))
  const xorAttrBytes = 4 + addrBytes.length
  const out = new Uint8Array(HEADER_BYTES + 4 + xorAttrBytes + 8)
  const view = new DataView(out.buffer)
  view.setUint16(0, STUN_BINDING_SUCCESS)
  view.setUint16(2, out.length - HEADER_BYTES)
  view.setUint32(4, STUN_MAGIC_COOKIE)
  out.set(txid, 8)
  let off = HEADER_BYTES
  view.setUint16(off, STUN_ATTR_XOR_MAPPED_ADDRESS)
  view.setUint16(off + 2, xorAttrBytes)
  view.setUint8(off + 5, v6 ? 0x02 : 0x01)
  view.setUint16(off + 6, port ^ (STUN_MAGIC_COOKIE >>> 16))
  // The XOR key is the cookie followed by the transaction id: bytes 4..20 of the header.
  for (let i = 0; i < addrBytes.length; i++) out[off + 8 + i] = addrBytes[i] ^ out[4 + i]
  off += 4 + xorAttrBytes
  view.setUint16(off, STUN_ATTR_FINGERPRINT)
  view.setUint16(off + 2, 4)
  view.setUint32(off + 4, (crc32(out.subarray(0, off)) ^ FINGERPRINT_XOR) >>> 0)
  return out
}

function ipv6Bytes(address: string): Uint8Array {
  // An IPv4-mapped tail ("::ffff:1.2.3.4") is two 16-bit groups.
  let text = address.split('%')[0]
  const v4 = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number)
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16)
  }
  const [head, tail] = text.split('::')
  const h = head ? head.split(':') : [], t = tail !== undefined && tail !== '' ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t]
  const out = new Uint8Array(16)
  groups.forEach((g, i) => { const v = parseInt(g, 16); out[2 * i] = v >> 8; out[2 * i + 1] = v & 0xff })
  return out
}

export interface StunServer {
  /** The UDP port the server is bound to (useful when started on port 0). */
  port: number
  close(): Promise<void>
}

/** Starts a STUN server on UDP host:port (host defaults to all IPv4 interfaces). */
export async function startStunServer({ host = '0.0.0.0', port }: { host?: string, port: number }): Promise<StunServer> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`startStunServer: expected a port 0..65535, got ${port}`)
  const socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4' })
  let tokens = STUN_REPLIES_PER_SECOND_MAX, refilledMs = Date.now()
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const txid = parseBindingRequest(new Uint8Array(msg.buffer, msg.byteOffset, msg.length))
    if (txid === null) return
    const nowMs = Date.now()
    tokens = Math.min(STUN_REPLIES_PER_SECOND_MAX, tokens + ((nowMs - refilledMs) * STUN_REPLIES_PER_SECOND_MAX) / 1000)
    refilledMs = nowMs
    if (tokens < 1) return
    tokens -= 1
    socket.send(bindingSuccess(txid, from.address, from.port), from.port, from.address)
  })
  // A send to an unreachable client surfaces here; the server keeps serving others.
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(port, host, () => { socket.off('error', reject); resolve() })
  })
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  }
}
