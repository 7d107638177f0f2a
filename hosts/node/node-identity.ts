// The node's libp2p identity: an ed25519 key kept in the data directory's store, so the
// node keeps its peer id across restarts (peers and bootstrap lists name it). It identifies
// the node on the network and holds no funds, so it is stored unencrypted.
import { ChainStore } from '../../runtime/storage/chain-store.js'

const IDENTITY_KEY_NAME = 'libp2p-identity'

export async function createIdentity(store: ChainStore): Promise<string> {
  const { generateKeyPair, privateKeyToProtobuf } = await import('@libp2p/crypto/keys')
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
  const key = await generateKeyPair('Ed25519')
  await store.putKey(IDENTITY_KEY_NAME, privateKeyToProtobuf(key))
  return peerIdFromPrivateKey(key).toString()
}

export async function loadIdentity(store: ChainStore): Promise<{ privateKey: unknown, peerId: string }> {
  const bytes = await store.getKey(IDENTITY_KEY_NAME)
  if (!bytes) throw new Error('the data directory has no libp2p identity (run chiron init)')
  const { privateKeyFromProtobuf } = await import('@libp2p/crypto/keys')
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
  const privateKey = privateKeyFromProtobuf(bytes)
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey).toString() }
}
