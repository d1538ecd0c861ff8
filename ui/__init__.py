"""Presentation: sections and frame over pure figures and files, over the style (colours, labels, formats)."""
