// hash exports (filled in by its owner)
