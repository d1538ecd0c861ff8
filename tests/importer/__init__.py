"""Importer tests: the corpus of real-looking files, malformed files and the fuzzer."""
