"""The warehouse: schema, catalog, build, load, edit and publish, assessment rules and snapshots."""
