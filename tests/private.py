"""Private warehouses for tests that write: a copy of a built warehouse, published where only the test looks."""

import os
import shutil
from pathlib import Path

import pytest

import settings
from data.warehouse import build


def publish_copy(source: Path, folder: Path) -> Path:
    """A copy of a built warehouse, published under its own link in folder (a copy costs a fraction of a build)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "warehouse.duckdb"
    shutil.copyfile(os.path.realpath(source), folder / "copy.duckdb")
    build.publish(folder / "copy.duckdb", target)
    return target


def publish_private_copy(source: Path, folder: Path, patch: pytest.MonkeyPatch) -> Path:
    """A copy of a built warehouse, published under its own link in folder, with settings pointing at it."""
    target = publish_copy(source, folder)
    patch.setattr(settings, "WAREHOUSE_PATH", target)
    patch.setattr(settings, "VAR_DIR", folder)
    patch.setattr(settings, "RAW_DIR", folder / "raw")
    return target
