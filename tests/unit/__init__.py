"""Unit tests: pure functions, builders, registry, boundaries, architecture rules."""
