"""The frame around every page: filters, display modes, first-run build, access control, run log."""
