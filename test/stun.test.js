// The STUN server (hosts/node/stun-server.ts): RFC 5769's sample messages, and a real UDP
// exchange on 127.0.0.1 where only a well-formed Binding request is answered.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createSocket } from 'node:dgram'
import { startStunServer, parseBindingRequest, bindingSuccess, crc32, STUN_REQUEST_BYTES_MAX } from '../dist/hosts/node/stun-server.js'

const hex = (s) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g).map((h) => parseInt(h, 16)))
const toHex = (b) => Buffer.from(b).toString('hex')

// RFC 5769 §2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME,
// MESSAGE-INTEGRITY and FINGERPRINT.
const RFC5769_REQUEST = hex(`
  00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
  80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
  00 24 00 04 6e 00 01 ff
  80 29 00 08 93 2f f9 b1 51 26 3b 36
  00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
  00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
  80 28 00 04 e5 7a 3b cf`)
const RFC5769_TXID = hex('b7 e7 a7 01 bc 34 d6 86 fa 87 df ae')

/** Decodes a Binding success response: { txid, address, port, fingerprintOk }. */
function decodeResponse(msg) {
  const v = new DataView(msg.buffer, msg.byteOffset, msg.length)
  assert.is(v.getUint16(0), 0x0101, 'Binding success response')
  assert.is(v.getUint32(4), 0x2112a442, 'magic cookie')
  assert.is(20 + v.getUint16(2), msg.length, 'length field')
  const out = { txid: msg.slice(8, 20) }
  for (let off = 20; off < msg.length;) {
    const type = v.getUint16(off), len = v.getUint16(off + 2)
    if (type === 0x0020) {
      out.port = v.getUint16(off + 6) ^ 0x2112
      const family = v.getUint8(off + 5)
      const addr = msg.slice(off + 8, off + 8 + len - 4).map((b, i) => b ^ msg[4 + i])
      out.address = family === 1 ? [...addr].join('.') : [...Array(8)].map((_, i) => ((addr[2 * i] << 8) | addr[2 * i + 1]).toString(16)).join(':')
    }
    if (type === 0x8028) out.fingerprintOk = v.getUint32(off + 4) === ((crc32(msg.subarray(0, off)) ^ 0x5354554e) >>> 0)
    off += 4 + ((len + 3) & ~3)
  }
  return out
}

test('RFC 5769 §2.1 sample request is a valid Binding request; a corrupted fingerprint is not', () => {
  assert.equal(toHex(parseBindingRequest(RFC5769_REQUEST)), toHex(RFC5769_TXID))
  const bad = RFC5769_REQUEST.slice()
  bad[bad.length - 1] ^= 1
  assert.is(parseBindingRequest(bad), null)
})

test('XOR-MAPPED-ADDRESS matches RFC 5769 §2.2 (IPv4) and §2.3 (IPv6); the response carries a valid FINGERPRINT', () => {
  const v4 = bindingSuccess(RFC5769_TXID, '192.0.2.1', 32853)
  assert.is(toHex(v4.subarray(20, 32)), '002000080001a147e112a643')
  const v6 = bindingSuccess(RFC5769_TXID, '2001:db8:1234:5678:11:2233:4455:6677', 32853)
  assert.is(toHex(v6.subarray(20, 44)), '002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9')
  for (const [msg, address] of [[v4, '192.0.2.1'], [v6, '2001:db8:1234:5678:11:2233:4455:6677']]) {
    const r = decodeResponse(msg)
    assert.equal({ ...r, txid: toHex(r.txid) }, { txid: toHex(RFC5769_TXID), address, port: 32853, fingerprintOk: true })
  }
  // IPv4-mapped IPv6 and "::" compression
  assert.is(decodeResponse(bindingSuccess(RFC5769_TXID, '::ffff:10.1.2.3', 9)).address, '0:0:0:0:0:ffff:a01:203')
  assert.is(decodeResponse(bindingSuccess(RFC5769_TXID, '::1', 9)).address, '0:0:0:0:0:0:0:1')
})

test('malformed and non-request messages are not answered', () => {
  const header = (type, length, cookie = 0x2112a442) => {
    const m = new Uint8Array(20 + length)
    const v = new DataView(m.buffer)
    v.setUint16(0, type); v.setUint16(2, length); v.setUint32(4, cookie)
    return m
  }
  assert.ok(parseBindingRequest(header(0x0001, 0)), 'a bare Binding request is valid')
  assert.is(parseBindingRequest(header(0x0001, 0, 0x2112a443)), null, 'wrong magic cookie (or RFC 3489)')
  assert.is(parseBindingRequest(header(0x0101, 0)), null, 'a response')
  assert.is(parseBindingRequest(header(0x0011, 0)), null, 'an indication')
  assert.is(parseBindingRequest(header(0x4001, 0)), null, 'top bits set')
  assert.is(parseBindingRequest(header(0x0001, 0).subarray(0, 19)), null, 'short header')
  const lying = header(0x0001, 8); new DataView(lying.buffer).setUint16(2, 12)
  assert.is(parseBindingRequest(lying), null, 'length field beyond the datagram')
  assert.is(parseBindingRequest(header(0x0001, 6).subarray(0, 26)), null, 'length not a multiple of 4')
  const overrun = header(0x0001, 8); new DataView(overrun.buffer).setUint16(22, 40)
  assert.is(parseBindingRequest(overrun), null, 'attribute running past the end')
  assert.is(parseBindingRequest(header(0x0001, STUN_REQUEST_BYTES_MAX - 16)), null, 'oversized')
  const fpNotLast = new Uint8Array(RFC5769_REQUEST.length + 8)
  fpNotLast.set(RFC5769_REQUEST)
  fpNotLast.set(RFC5769_REQUEST.subarray(40, 48), RFC5769_REQUEST.length) // a PRIORITY after FINGERPRINT
  new DataView(fpNotLast.buffer).setUint16(2, 0x58 + 8)
  assert.is(parseBindingRequest(fpNotLast), null, 'FINGERPRINT not last')
})

test('a real UDP Binding request on 127.0.0.1 gets the client\'s address and port; junk gets nothing', async () => {
  const server = await startStunServer({ host: '127.0.0.1', port: 0 })
  const client = createSocket('udp4')
  try {
    await new Promise((r) => client.bind(0, '127.0.0.1', r))
    const replies = []
    client.on('message', (m) => replies.push(new Uint8Array(m)))
    const send = (bytes) => new Promise((r) => client.send(bytes, server.port, '127.0.0.1', r))
    await send(Uint8Array.of(1, 2, 3))
    await send(new Uint8Array(2000))
    const wrongCookie = RFC5769_REQUEST.slice(); wrongCookie[4] ^= 0xff
    await send(wrongCookie)
    await send(RFC5769_REQUEST)
    const end = Date.now() + 3000
    while (replies.length < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20))
    await new Promise((r) => setTimeout(r, 100))
    assert.is(replies.length, 1, 'exactly one reply, to the valid request')
    const r = decodeResponse(replies[0])
    assert.equal(toHex(r.txid), toHex(RFC5769_TXID))
    assert.equal([r.address, r.port, r.fingerprintOk], ['127.0.0.1', client.address().port, true])
  } finally {
    client.close()
    await server.close()
  }
})

test('startStunServer rejects a bad port and a port in use', async () => {
  let threw = false
  try { await startStunServer({ port: 70000 }) } catch (err) { threw = err instanceof TypeError }
  assert.ok(threw, 'a TypeError for port 70000')
  const a = await startStunServer({ host: '127.0.0.1', port: 0 })
  let inUse = false
  try { const b = await startStunServer({ host: '127.0.0.1', port: a.port }); await b.close() } catch (err) { inUse = /EADDRINUSE/.test(String(err)) }
  await a.close()
  assert.ok(inUse, 'binding a port in use fails with EADDRINUSE')
})

test.run()
