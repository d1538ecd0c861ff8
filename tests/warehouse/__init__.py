"""Warehouse tests: build, demo data, loads, rollbacks, snapshots, assessment."""
