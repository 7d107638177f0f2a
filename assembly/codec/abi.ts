// codec exports (filled in by its owner)
