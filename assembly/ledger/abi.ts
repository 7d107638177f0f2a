// ledger exports (filled in by its owner)
