"""Look of every figure and table: colours (theme) and Chinese names and number formats (labels)."""
