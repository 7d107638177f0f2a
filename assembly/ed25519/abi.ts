// ed25519 exports (filled in by its owner)
