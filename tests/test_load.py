"""Command-line load: a good file becomes visible whole, a bad one changes nothing and says why in Chinese."""

from datetime import date
from pathlib import Path

import pytest

import queries
import settings
from data import build, load
from data.templates import TEMPLATES

HEADER = ",".join(TEMPLATES["county_values"].headers)


def county_file(folder: Path, *rows: str, name: str = "county_values.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def daye_output() -> float:
    frame = queries.run("common/county_trend", indicator="output_yi", adcode="420281", as_of=date(2026, 1, 1))
    return float(frame["value"].iloc[-1])


@pytest.fixture
def warehouse_with_one_value(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "warehouse.duckdb"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", target)
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    build.build(target, county_file(tmp_path / "base", "420281,大冶市,output_yi,,2025年6月,10,亿元,初步").parent)
    return target


def test_a_revision_is_loaded_and_published(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "in", "420281,大冶市,output_yi,,2025年6月,12.5,亿元,最终",
                       " 阳新县 ,,规上工业总产值（当月）,,2025-06,\"1,234.5\",亿元,")
    assert load.main([str(path), "--by", "测试"]) == 0
    assert "读取 2 行，导入 2 行，已导入，批次 2" in capsys.readouterr().out
    assert daye_output() == 12.5  # the newest batch wins; the old value stays in county_value


def test_a_bad_file_changes_nothing_and_names_file_row_and_column(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "bad", "420281,大冶市,output_yi,,2025年6月,99,亿元,最终",
                       ",大冶县城,output_yi,,2025年6月,1,亿元,", "420281,,output_yi,,2025年13月,abc,亿元,",
                       name="county_values.bad.csv")
    assert load.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "未导入，数据仓库未改变" in err
    assert "文件“county_values.bad.csv”第 3 行「地区名称」列：无法识别的地区“大冶县城”" in err
    assert "第 4 行「期别」列" in err and "第 4 行「数值」列：“abc”不是数值" in err
    assert daye_output() == 10.0
    assert not list(tmp_path.glob(".*loading"))
    assert any(p.name.endswith("county_values.bad.csv") for p in (tmp_path / "raw").iterdir())  # raw file kept


def test_the_same_file_twice_is_loaded_once(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "twice", "420281,大冶市,output_yi,,2025年6月,20,亿元,最终")
    assert load.main([str(path)]) == 0
    assert load.main([str(path)]) == 0
    assert "已加载过，未重复导入" in capsys.readouterr().out
    batches = queries.run("common/warehouse_info").iloc[0]["batches"]
    assert batches == 2 and daye_output() == 20.0


def test_a_dry_run_publishes_nothing(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "dry", "420281,大冶市,output_yi,,2025年6月,30,亿元,最终")
    assert load.main([str(path), "--dry-run"]) == 0
    assert "试运行，未发布" in capsys.readouterr().out and daye_output() == 10.0


def test_an_unknown_dataset_is_refused(warehouse_with_one_value, tmp_path):
    with pytest.raises(SystemExit, match="无法从文件名"):
        load.main([str(county_file(tmp_path / "x", "", name="数据.csv"))])
