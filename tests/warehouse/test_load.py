"""Command-line load: a good file becomes visible whole, a bad one changes nothing and says why in Chinese.

Also: the same file twice loads once, a dry run publishes nothing, valid rows only leaves the
rejected rows in an Excel file with their reasons, a batch can be rolled back, and every
attempt is in the load log.
"""

from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import queries
import settings
from data.importer import ingest
from data.importer.templates import TEMPLATES
from data.warehouse import build, load

HEADER = ",".join(TEMPLATES["county_values"].headers)


def county_file(folder: Path, *rows: str, name: str = "county_values.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def daye_output() -> float:
    frame = queries.run("common/county_trend", indicator="output_yi", adcode="420281", as_of=date(2026, 1, 1))
    return float(frame.loc[frame["period"] == pd.Timestamp(2025, 6, 1), "value"].iloc[0])


def batches() -> int:
    return int(queries.run("common/warehouse_info").iloc[0]["batches"])


@pytest.fixture
def warehouse_with_one_value(tmp_path, monkeypatch) -> Path:
    target = tmp_path / "warehouse.duckdb"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", target)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    build.build(target, county_file(tmp_path / "base", "420281,大冶市,output_yi,,2025年6月,10,亿元,初步").parent)
    return target


def test_a_revision_is_loaded_and_published(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "in", "420281,大冶市,output_yi,,2025年6月,12.5,亿元,最终",
                       " 阳新县 ,,规上工业总产值（当月）,,2025-06,\"1,234.5\",万元,")
    assert load.main([str(path), "--by", "测试"]) == 0
    out = capsys.readouterr().out
    assert "已导入 2 行，批次 2" in out and "万元 → 亿元 ×0.0001" in out
    assert daye_output() == 12.5  # the newest batch wins; the old value stays in county_value
    yangxin = queries.run("common/county_trend", indicator="output_yi", adcode="420222", as_of=date(2026, 1, 1))
    assert yangxin["value"].iloc[-1] == pytest.approx(0.12345)


def test_a_bad_file_changes_nothing_and_names_file_row_and_column(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "bad", "420281,大冶市,output_yi,,2025年6月,99,亿元,最终",
                       ",大冶县城,output_yi,,2025年6月,1,亿元,", "420281,,output_yi,,2025年13月,abc,亿元,",
                       name="county_values.bad.csv")
    assert load.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert "未导入，数据仓库未改变" in err
    assert "文件“county_values.bad.csv”第 3 行「地区名称」列：无法识别的地区“大冶县城”，是否为“大冶市”？" in err
    assert "第 4 行「期别（E列）」列：无法识别的期别“2025年13月”" in err
    assert "第 4 行「数值（F列）」列：“abc”不是数值" in err
    assert daye_output() == 10.0 and batches() == 1
    assert not list(tmp_path.glob(".*loading"))
    assert any(p.name.endswith("county_values.bad.csv") for p in (tmp_path / "raw").iterdir())  # raw file kept
    assert load.read_log()["event"].tolist() == ["rejected"]


def test_the_same_file_twice_is_loaded_once(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "twice", "420281,大冶市,output_yi,,2025年6月,20,亿元,最终")
    assert load.main([str(path)]) == 0
    assert load.main([str(path)]) == 0
    assert "已加载过，未重复导入" in capsys.readouterr().out
    assert batches() == 2 and daye_output() == 20.0


def test_a_dry_run_publishes_nothing(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "dry", "420281,大冶市,output_yi,,2025年6月,30,亿元,最终")
    assert load.main([str(path), "--dry-run"]) == 0
    assert "试运行，未发布" in capsys.readouterr().out and daye_output() == 10.0 and batches() == 1


def test_valid_rows_only_keeps_the_rejected_rows_with_reasons(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "mixed", "420281,大冶市,output_yi,,2025年6月,40,亿元,最终",
                       ",大冶县城,output_yi,,2025年6月,1,亿元,", "420222,阳新县,output_yi,,2025年6月,-5,亿元,")
    assert load.main([str(path), "--valid-only"]) == 0
    out = capsys.readouterr().out
    assert "已导入 1 行" in out and "未导入 2 行" in out and daye_output() == 40.0
    kept = next((tmp_path / "raw").glob("*_未导入行.xlsx"))
    sheet = openpyxl.load_workbook(kept).active
    rows = list(sheet.iter_rows(min_row=3, max_row=5, values_only=True))
    assert rows[0][:2] == ("行号", "原因")
    assert {r[0] for r in rows[1:]} == {3, 4}
    reasons = " ".join(r[1] for r in rows[1:])
    assert "无法识别的地区“大冶县城”" in reasons and "小于该指标允许的最小值" in reasons


def test_a_rolled_back_batch_leaves_the_current_view_and_stays_in_the_log(warehouse_with_one_value, tmp_path, capsys):
    path = county_file(tmp_path / "r", "420281,大冶市,output_yi,,2025年6月,50,亿元,最终")
    assert load.main([str(path)]) == 0 and daye_output() == 50.0
    assert load.main(["--rollback", "2", "--by", "李四"]) == 0
    assert daye_output() == 10.0  # the earlier batch is current again
    assert load.main(["--rollback", "2"]) == 2 and "已回滚过" in capsys.readouterr().err
    assert load.main([str(path)]) == 0 and daye_output() == 50.0  # a rolled-back file may load again
    assert load.main(["--log"]) == 0
    log = capsys.readouterr().out
    assert "已回滚" in log and "李四" in log and log.count("已导入") == 3


def test_a_wide_table_with_a_mapping_and_a_new_indicator(warehouse_with_one_value, tmp_path, capsys):
    path = tmp_path / "宽表.csv"
    path.write_text("地区,规上总产值（万元）,技改项目数,排名\n大冶市,\"123,400\",7,1\n阳新县,5000,3,2\n",
                    encoding="utf-8")
    argv = [str(path), "--period", "2025年6月", "--map", "规上总产值=规上工业总产值（当月）",
            "--new", "技改项目数:个:up:growth"]
    assert load.main(argv) == 0
    out = capsys.readouterr().out
    assert "新建指标：技改项目数" in out and "万元 → 亿元" in out
    assert daye_output() == pytest.approx(12.34)
    indicators = queries.run("common/indicators").set_index("name")
    assert indicators.at["技改项目数", "user_defined"] and indicators.at["技改项目数", "unit"] == "个"


def test_an_unrecognised_file_is_refused_with_a_reason(warehouse_with_one_value, tmp_path, capsys):
    path = tmp_path / "说明.csv"
    path.write_text("这不是数据表\n只是说明文字\n", encoding="utf-8")
    assert load.main([str(path)]) == 2
    assert "无法判断这是什么数据" in capsys.readouterr().err and batches() == 1


def test_a_batch_others_depend_on_is_rolled_back_only_after_them(warehouse_with_one_value, tmp_path, capsys):
    def write(name: str, *rows: str) -> str:
        path = tmp_path / f"{name}.csv"
        path.write_text(",".join(TEMPLATES[name].headers) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return str(path)
    assert load.main([write("parks", "P1,大冶园,420281,大冶市,综合,,省级,1000,800,,")]) == 0
    assert load.main([write("park_values", "P1,park_output_yi,2025年,12.5,亿元")]) == 0
    assert load.main(["--rollback", "2"]) == 2 and "被第 3 批引用，请先回滚那些批次" in capsys.readouterr().err
    assert load.main(["--rollback", "3"]) == 0 and load.main(["--rollback", "2"]) == 0
    batches = queries.run("data/batches").set_index("batch_id")["outcome"]
    assert batches.to_dict() == {3: "rolled_back", 2: "rolled_back", 1: "loaded"}
    assert load.main([write("park_values", "P1,park_output_yi,2025年,1,亿元")]) == 2  # the park is gone


def test_an_editor_limited_to_a_prefecture_loads_only_its_counties(warehouse_with_one_value, tmp_path):
    inside = county_file(tmp_path / "in", "420281,大冶市,output_yi,,2025年7月,11,亿元,最终")
    load.load(inside, loaded_by="黄石编辑", prefecture="420200")
    mixed = county_file(tmp_path / "mixed", "420281,大冶市,output_yi,,2025年8月,12,亿元,最终",
                        "420102,江岸区,output_yi,,2025年8月,99,亿元,最终", name="mixed.csv")
    with pytest.raises(ingest.RejectedFile) as refused:
        load.load(mixed, loaded_by="黄石编辑", prefecture="420200")
    assert "您的账户限定为黄石市，不能导入江岸区（武汉市）的数据" in str(refused.value)
    assert batches() == 2  # the base and the file inside 黄石 only
    assert list((settings.RAW_DIR).glob("*_mixed.csv"))  # the refused upload is kept


def test_a_limited_editor_cannot_load_records_not_keyed_by_county(warehouse_with_one_value, tmp_path):
    path = tmp_path / "honours.csv"
    path.write_text(",".join(TEMPLATES["honours"].headers) + "\n91420281MA4KXXXX0X,专精特新,省级,2025\n",
                    encoding="utf-8")
    with pytest.raises(ingest.RejectedFile, match="只能导入按县（市、区）填报的数据"):
        load.load(path, loaded_by="黄石编辑", prefecture="420200", dataset="honours")
