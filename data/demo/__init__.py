"""Seeded demo data generator: writes plausible, internally consistent files in the import templates.

The demo enters the warehouse through the same importer as official files, so every build
exercises the path users depend on. Same seed, same bytes. Nothing at run time imports this package.
"""

from .build import DEFAULT_SEED, write_demo_files

__all__ = ["DEFAULT_SEED", "write_demo_files"]
