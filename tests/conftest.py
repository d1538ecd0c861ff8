"""Test setup: one demo warehouse per test session, built through the real build path into a temp folder."""

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Point settings at a private var folder before anything imports it.
_VAR = Path(os.environ.get("HUBEI_TEST_VAR") or tempfile.mkdtemp(prefix="hubei-test-"))
os.environ["HUBEI_VAR_DIR"] = str(_VAR)
os.environ["HUBEI_WAREHOUSE"] = str(_VAR / "warehouse.duckdb")
os.environ["HUBEI_RAW_DIR"] = str(_VAR / "raw")

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def warehouse() -> Path:
    """The demo warehouse, built once (reused when HUBEI_TEST_VAR points at an existing one)."""
    import settings
    from data import build

    if not settings.WAREHOUSE_PATH.exists():
        build.build(settings.WAREHOUSE_PATH)
    return settings.WAREHOUSE_PATH


@pytest.fixture(scope="session")
def server(warehouse) -> str:
    """One dashboard server on the session's warehouse, shared by the browser tests that only read."""
    from tests.browser import serve

    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_sessionstart(session) -> None:
    session.config.started_at = time.time()


def pytest_terminal_summary(terminalreporter, config) -> None:
    """List the screenshots this run wrote (pytest -q hides the tests' output; under xdist they ran elsewhere)."""
    folder = ARTIFACTS / "screenshots"
    started = getattr(config, "started_at", 0)
    shots = sorted(p for p in folder.glob("*.png") if p.stat().st_mtime >= started) if folder.is_dir() else []
    if shots:
        terminalreporter.section("screenshots")
        for shot in shots:
            terminalreporter.write_line(str(shot.relative_to(ROOT)))
