// state exports (filled in by its owner)
