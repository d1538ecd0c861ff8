"""Meeting snapshots: saved whole, named once, unchanged by later loads and revisions, carried through rebuilds."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import queries
import settings
from data.importer.templates import TEMPLATES
from data.warehouse import build, load, snapshots

HEADER = ",".join(TEMPLATES["county_values"].headers)
DAYE, YANGXIN = "420281", "420222"


def county_file(folder: Path, *rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "county_values.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


@pytest.fixture
def warehouse(tmp_path, monkeypatch) -> Path:
    """大冶 and 阳新 with 产值 for May and June 2025, and 大冶's 2024 GDP."""
    target = tmp_path / "warehouse.duckdb"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", target)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    source = county_file(tmp_path / "base",
                         "420281,大冶市,output_yi,,2025年5月,9,亿元,最终",
                         "420281,大冶市,output_yi,,2025年6月,10,亿元,最终",
                         "420222,阳新县,output_yi,,2025年6月,12,亿元,最终",
                         "420281,大冶市,gdp_yi,,2024年,700,亿元,最终")
    build.build(target, source.parent)
    return target


def saved_values(snapshot_id: int) -> pd.DataFrame:
    return queries.run("snapshot/indicator_vs_snapshot", indicator="output_yi", period=date(2025, 6, 1),
                       snapshot=snapshot_id, prefecture="420200", metro_circle=None, county_type=None,
                       in_scope_only=False).set_index("adcode")


def test_a_snapshot_keeps_the_latest_period_complete_at_its_month(warehouse):
    snapshot_id = snapshots.save("2025年6月推进会", date(2025, 6, 1), by="测试")
    listed = queries.run("snapshot/snapshots")
    assert listed[["snapshot_id", "name", "created_by", "indicators"]].values.tolist() == [
        [snapshot_id, "2025年6月推进会", "测试", 2]]  # 产值 (June) and GDP (2024, complete since December)
    out = saved_values(snapshot_id)
    assert out.loc[DAYE, "value_then"] == 10 and out.loc[DAYE, "period_then"] == pd.Timestamp(2025, 6, 1)


def test_a_snapshot_of_may_does_not_see_june_or_an_unfinished_year(warehouse):
    snapshot_id = snapshots.save("5月", date(2025, 5, 1), by="测试")
    out = saved_values(snapshot_id)
    assert out.loc[DAYE, "value_then"] == 9 and pd.isna(out.loc[YANGXIN, "value_then"])
    assert queries.run("snapshot/snapshots")["indicators"].tolist() == [2]  # the 2024 GDP was complete by May 2025


def test_later_revisions_change_the_figures_but_not_the_snapshot(warehouse, tmp_path):
    snapshot_id = snapshots.save("推进会", date(2025, 6, 1), by="测试")
    revision = county_file(tmp_path / "rev", "420281,大冶市,output_yi,,2025年6月,15,亿元,最终")
    load.load(revision, loaded_by="测试")
    out = saved_values(snapshot_id)
    assert (out.loc[DAYE, "value"], out.loc[DAYE, "value_then"]) == (15, 10)
    assert (out.loc[DAYE, "rank"], out.loc[DAYE, "rank_then"]) == (1, 2)  # 大冶 overtook 阳新 (12)
    assert (out.loc[YANGXIN, "rank"], out.loc[YANGXIN, "rank_then"]) == (2, 1)


def test_a_rebuild_carries_snapshots_over(warehouse, tmp_path):
    snapshot_id = snapshots.save("推进会", date(2025, 6, 1), by="测试")
    build.build(warehouse, county_file(tmp_path / "again", "420281,大冶市,output_yi,,2025年6月,11,亿元,最终").parent)
    out = saved_values(snapshot_id)
    assert (out.loc[DAYE, "value"], out.loc[DAYE, "value_then"], out.loc[YANGXIN, "value_then"]) == (11, 10, 12)


@pytest.mark.parametrize("name, message", [
    ("", "请填写快照名称"), ("  ", "请填写快照名称"), ("会\n议", "控制字符"), ("长" * 41, "最多 40 个字"),
])
def test_bad_names_are_refused_in_chinese(warehouse, name, message):
    with pytest.raises(snapshots.SnapshotRefused, match=message):
        snapshots.save(name, date(2025, 6, 1), by="测试")
    assert queries.run("snapshot/snapshots").empty


def test_a_name_is_used_once_and_the_refusal_publishes_nothing(warehouse):
    snapshots.save("推进会", date(2025, 6, 1), by="测试")
    published = warehouse.resolve()
    with pytest.raises(snapshots.SnapshotRefused, match="已有名为“推进会”的快照"):
        snapshots.save(" 推进会 ", date(2025, 5, 1), by="测试")
    assert warehouse.resolve() == published


def test_a_month_without_data_saves_nothing(warehouse):
    with pytest.raises(snapshots.SnapshotRefused, match="尚无任何县域数据"):
        snapshots.save("太早", date(2020, 1, 1), by="测试")
    assert queries.run("snapshot/snapshots").empty


def test_remove(warehouse):
    keep, gone = snapshots.save("一", date(2025, 6, 1), by="测试"), snapshots.save("二", date(2025, 6, 1), by="测试")
    snapshots.remove(gone, by="测试")
    assert queries.run("snapshot/snapshots")["snapshot_id"].tolist() == [keep]
    with pytest.raises(snapshots.SnapshotRefused, match="没有编号"):
        snapshots.remove(gone, by="测试")
