"""Issue 18: what the browser is never shown, and what the server keeps on disk (items 5 and 6)."""

import tomllib

from tests.browser.harness import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_browsers_never_see_tracebacks():
    """Streamlit's default ("full") sends the exception, its message and the traceback with server paths."""
    assert CONFIG["client"]["showErrorDetails"] == "none"
