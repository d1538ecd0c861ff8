"""Accounts: users, roles, password hashes and the command line that manages them."""
