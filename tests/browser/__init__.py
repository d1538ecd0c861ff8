"""Browser tests: real chromium through playwright against a running server."""
