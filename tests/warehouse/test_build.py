"""Warehouse build and publish: a new build is what readers see next, the old one stays until then."""

import os
from datetime import date
from pathlib import Path

import pytest

import queries
import settings
from data.importer.templates import TEMPLATES
from data.warehouse import build


def county_file(folder: Path, value: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    template = TEMPLATES["county_values"]
    path = folder / template.file_name
    path.write_text(",".join(template.headers) + "\n" + f"420281,大冶市,output_yi,,2025年6月,{value},亿元,最终\n",
                    encoding="utf-8-sig")
    return folder


@pytest.fixture
def private_warehouse(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "warehouse.duckdb"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", target)
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    return target


def current_value() -> float:
    frame = queries.run("common/county_trend", indicator="output_yi", adcode="420281", as_of=date(2026, 1, 1))
    return float(frame["value"].iloc[-1])


def test_a_new_build_is_what_readers_see_next(private_warehouse, tmp_path):
    build.build(private_warehouse, county_file(tmp_path / "a", "11.5"))
    assert current_value() == 11.5
    build.build(private_warehouse, county_file(tmp_path / "b", "22.5"))
    assert current_value() == 22.5  # the reader opened the new build, not DuckDB's cached old one
    assert private_warehouse.is_symlink()


def test_only_the_newest_builds_stay_on_disk(private_warehouse, tmp_path):
    for i in range(4):
        build.build(private_warehouse, county_file(tmp_path / f"s{i}", str(i)))
    versions = sorted(p.name for p in tmp_path.glob("warehouse-*.duckdb"))
    assert len(versions) == 2 and os.readlink(private_warehouse) == versions[-1]


def test_a_failed_build_keeps_the_published_one(private_warehouse, tmp_path):
    build.build(private_warehouse, county_file(tmp_path / "good", "7"))
    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the old build in place
        build.build(private_warehouse, county_file(tmp_path / "bad", "不是数字"))
    assert current_value() == 7.0
    assert not list(tmp_path.glob(".*building"))
