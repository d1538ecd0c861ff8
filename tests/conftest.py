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

import settings  # noqa: E402  (after the environment above)
from tests.private import publish_private_copy  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def warehouse() -> Path:
    """The demo warehouse, built once (reused when HUBEI_TEST_VAR points at an existing one)."""
    from data.warehouse import build

    if not settings.WAREHOUSE_PATH.exists():
        build.build(settings.WAREHOUSE_PATH)
    return settings.WAREHOUSE_PATH


@pytest.fixture
def private_warehouse(warehouse, tmp_path, monkeypatch) -> Path:
    """A private copy of the demo warehouse, for tests that write to it (loads, versions, snapshots)."""
    return publish_private_copy(warehouse, tmp_path, monkeypatch)


@pytest.fixture(scope="session")
def server(warehouse) -> str:
    """One dashboard server on the session's warehouse, shared by the browser tests that only read."""
    from tests.browser.harness import serve

    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


LAYER_MARKS = {"browser": ("browser",), "warehouse": ("slow",), "importer": ("slow",)}


def pytest_collection_modifyitems(config, items) -> None:
    """Mark tests by their folder: `-m "not browser"` is the quick loop, `-m "not slow and not browser"` quicker."""
    for item in items:
        layer = Path(item.fspath).relative_to(ROOT / "tests").parts[0]
        for mark in LAYER_MARKS.get(layer, ()):
            item.add_marker(mark)


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
