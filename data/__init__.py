"""The write side: the warehouse, the importer, accounts and the demo generator; never imports ui."""
