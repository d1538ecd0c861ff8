"""Geography as data: the 103 county-level units, their names and aliases, and their boundaries."""
