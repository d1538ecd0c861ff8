"""Query cases: given rows, expected rows, one case per query file."""
