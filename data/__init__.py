"""The write side: schema, catalog, demo generator, importers, publish."""
