"""The cache bounded by memory that the query cache and the figure memo share."""

import numpy as np
import pandas as pd

from queries import bounded


def test_a_read_keeps_a_value_and_the_least_recently_used_goes_first():
    cache = bounded.BoundedCache(300, size_of=lambda value: 100)
    for key in "abc":
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # a is now the most recently used
    cache.put("d", "D")
    assert cache.get("b") is bounded.MISSING and [cache.get(k) for k in "acd"] == ["A", "C", "D"]
    assert len(cache) == 3 and cache.held_bytes() == 300


def test_none_is_a_value_and_a_value_over_the_budget_is_not_kept():
    cache = bounded.BoundedCache(100, size_of=lambda value: 1000 if value == "large" else 10)
    cache.put("nothing", None)
    assert cache.get("nothing") is None
    cache.put("large", "large")
    assert cache.get("large") is bounded.MISSING and cache.held_bytes() <= 100


def test_text_and_rows_count_in_a_frames_estimate():
    short = pd.DataFrame({"name": ["大冶"] * 100, "value": np.zeros(100)})
    long = pd.DataFrame({"name": ["黄石市大冶市规模以上工业企业"] * 100, "value": np.zeros(100)})
    assert bounded.estimated_bytes(long) > bounded.estimated_bytes(short) > 100 * 8
    assert bounded.estimated_bytes(pd.concat([short] * 10)) > 5 * bounded.estimated_bytes(short)
    assert bounded.estimated_bytes({"rows": [short, short]}) > 2 * bounded.estimated_bytes(short)


class Connection:  # what queries._cached asks of DuckDB's connection and cursor
    def cursor(self):
        return self

    def close(self):
        pass


def test_the_query_cache_answers_again_from_memory_and_asks_again_once_dropped(monkeypatch):
    import queries

    asked = []
    monkeypatch.setattr(queries, "execute", lambda con, name, **params: asked.append(name) or pd.DataFrame({"n": [1]}))
    monkeypatch.setattr(queries, "connection", Connection)
    cache = bounded.BoundedCache(10**6, bounded.estimated_bytes)
    monkeypatch.setattr(queries, "_answers", cache)
    version = ("warehouse.duckdb", 1)
    queries._cached("common/regions", (), version)
    queries._cached("common/regions", (), version)
    assert asked == ["common/regions"]
    cache.budget_bytes = 0  # nothing fits any more: the next answer is asked for again
    cache.clear()
    queries._cached("common/regions", (), version)
    queries._cached("common/regions", (), version)
    assert asked == ["common/regions"] * 3


def test_a_callers_change_to_an_answer_never_reaches_the_cache(warehouse):
    import queries

    first = queries.run("common/regions")
    names = first["name"].tolist()
    first.loc[0, "name"] = "改过的名字"
    first["added"] = 1
    first.drop(columns="adcode", inplace=True)
    again = queries.run("common/regions")
    assert again["name"].tolist() == names and "added" not in again and "adcode" in again


def test_a_newly_published_build_is_seen_at_once(tmp_path, monkeypatch):
    import queries

    first, second = tmp_path / "warehouse-1.duckdb", tmp_path / "warehouse-2.duckdb"
    first.write_bytes(b"1")
    second.write_bytes(b"2")
    link = tmp_path / "warehouse.duckdb"
    link.symlink_to(first)
    monkeypatch.setattr(queries.settings, "WAREHOUSE_PATH", link)
    assert queries.warehouse_version()[0] == str(first) == queries.warehouse_version()[0]
    swapped = tmp_path / "swap"
    swapped.symlink_to(second)
    swapped.replace(link)  # as data.warehouse publishes: the link swapped in one step
    assert queries.warehouse_version()[0] == str(second)


def test_the_link_is_resolved_once_per_published_build_not_on_every_query(tmp_path, monkeypatch):
    import os

    import queries

    build = tmp_path / "warehouse-1.duckdb"
    build.write_bytes(b"1")
    link = tmp_path / "warehouse.duckdb"
    link.symlink_to(build)
    monkeypatch.setattr(queries.settings, "WAREHOUSE_PATH", link)
    resolved = []
    real_realpath = os.path.realpath
    monkeypatch.setattr(queries.os.path, "realpath", lambda p: resolved.append(p) or real_realpath(p))
    versions = {queries.warehouse_version() for _ in range(20)}
    assert versions == {(str(build), build.stat().st_mtime_ns)} and len(resolved) == 1
    rewritten = tmp_path / "plain.duckdb"  # a plain file rewritten in place is a new version too
    rewritten.write_bytes(b"1")
    monkeypatch.setattr(queries.settings, "WAREHOUSE_PATH", rewritten)
    before = queries.warehouse_version()
    os.utime(rewritten, ns=(before[1] + 10**9, before[1] + 10**9))
    assert queries.warehouse_version() == (str(rewritten), before[1] + 10**9)


def test_a_per_build_lookup_is_made_once_per_build_and_again_for_a_new_one(tmp_path, monkeypatch):
    import queries

    builds = [tmp_path / "warehouse-1.duckdb", tmp_path / "warehouse-2.duckdb"]
    for build in builds:
        build.write_bytes(b"1")
    link = tmp_path / "warehouse.duckdb"
    link.symlink_to(builds[0])
    monkeypatch.setattr(queries.settings, "WAREHOUSE_PATH", link)
    made = []

    @queries.per_build
    def names() -> dict[str, str]:
        made.append(queries.warehouse_version()[0])
        return {"420281": f"大冶市（{len(made)}）"}

    assert [names() for _ in range(5)] == [{"420281": "大冶市（1）"}] * 5
    swapped = tmp_path / "swap"
    swapped.symlink_to(builds[1])
    swapped.replace(link)  # publish: the link swapped in one step
    assert names() == {"420281": "大冶市（2）"}
    assert made == [str(builds[0]), str(builds[1])]
