"""Import engine: read a file, recognise its table, check every cell, stage it as one batch."""
