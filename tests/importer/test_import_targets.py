"""Responsibility targets (方案三(二) 任务分解) as prefectures send them: wide tables with their own subtotal and
全省 rows, target words in the headers, 目标 beside 完成, the long and wide templates; every load a version, a
rollback bringing the one before back, and an editor limited to a prefecture writing only its own targets."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

import settings
from data.actor import Actor
from data.importer import ingest, targets
from data.importer.options import Options
from data.importer.templates import TEMPLATES
from data.warehouse import batch_scope, load, load_report
from tests.importer.test_import_lists import write
from ui.files import template_xlsx

DAYE, YANGXIN, XIALU, HUANGSHI, JIANGAN = "420281", "420222", "420204", "420200", "420102"
HUANGSHI_TABLE = [  # as 黄石市经信局 would send it: title, unit line, its own row, a 合计 row, a footnote
    ["黄石市2026年县域工业主要指标目标任务分解表"],
    ["单位：%、家、亿元"],
    ["序号", "县（市、区）", "规上工业增加值增速目标（%）", "工业投资增速（%）", "规上工业企业数（家）",
     "规上工业总产值（亿元）", "规上工业企业净增数"],
    ["", "黄石市", "7.5", "10", "1500", "3200", "60"],
    ["1", "大冶市", "8", "12", "420", "1100", "20"],
    ["2", "阳新县", "7", "9", "210", "380", "10"],
    ["3", "下陆区", "6.5", "8", "150", "420", "5"],
    ["", "合计", "", "", "780", "1900", "35"],
    ["注：各县目标由市经信局分解下达"],
]
BESIDE_ACTUALS = [  # 目标 / 完成 under each indicator; the title says 完成情况, so the user says it holds targets
    ["2025年各县目标完成情况"],
    ["县（市、区）", "规上工业增加值增速", "规上工业增加值增速", "规上工业企业数", "规上工业企业数", "完成率"],
    ["", "目标", "完成", "目标", "完成", ""],
    ["全省", "7", "6.8", "17000", "16500", ""],
    ["大冶市", "8", "7.1", "420", "401", "95%"],
    ["阳新县", "7", "7.4", "210", "215", "102%"],
]


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    yield connection
    connection.close()


def rows_of(preview: ingest.Preview) -> set[tuple]:
    return {(a, lv, i, int(y), v) for a, lv, i, y, v in
            preview.staged[["area_code", "area_level", "indicator_id", "year", "value"]].itertuples(index=False)}


def test_a_prefectures_wide_table_is_read_as_targets_with_its_own_row(con, tmp_path):
    preview = ingest.inspect(con, write(tmp_path / "黄石目标.xlsx", HUANGSHI_TABLE))
    assert preview.ok, [p.text() for p in preview.problems]
    assert preview.dataset == targets.DATASET and preview.kind == "宽表"
    rows = rows_of(preview)
    assert (HUANGSHI, "prefecture", "va_growth_ytd_pct", 2026, 7.5) in rows  # the year's growth is 累计
    assert (DAYE, "county", "output_year_yi", 2026, 1100.0) in rows  # 总产值 of a year: the yearly total
    assert (XIALU, "county", "above_scale_net_count", 2026, 5.0) in rows  # derived, yet a target may name it
    assert (DAYE, "county", "invest_growth_pct", 2026, 12.0) in rows  # no 目标 in its header: the title says so
    assert len(rows) == 4 * 5 and preview.aggregates == ["合计"]  # 合计 is no area
    assert "目标地区：县（市、区） 3 个、市州 1 个；目标年份：2026年" in load_report.describe(preview)


def test_targets_beside_actual_figures_keep_the_targets_only(con, tmp_path):
    path = write(tmp_path / "完成情况.csv", BESIDE_ACTUALS)
    preview = ingest.inspect(con, path, options=Options(as_targets=True))
    assert preview.ok, [p.text() for p in preview.problems]
    assert rows_of(preview) == {("420000", "province", "va_growth_ytd_pct", 2025, 7.0),
                                (DAYE, "county", "va_growth_ytd_pct", 2025, 8.0),
                                (YANGXIN, "county", "va_growth_ytd_pct", 2025, 7.0),
                                ("420000", "province", "above_scale_firm_count", 2025, 17000.0),
                                (DAYE, "county", "above_scale_firm_count", 2025, 420.0),
                                (YANGXIN, "county", "above_scale_firm_count", 2025, 210.0)}
    assert any("完成" in c and "实际完成数" in c for c in preview.ignored_columns)
    as_figures = ingest.inspect(con, path)  # not told: read as figures, and the message says what to do
    assert not as_figures.ok and any(targets.HINT in p.message for p in as_figures.problems)


def test_the_long_and_the_wide_template_round_trip(con, tmp_path):
    long = template_xlsx.to_xlsx(TEMPLATES[targets.DATASET], regions=[(DAYE, "大冶市")],
                                 indicators=[("va_growth_ytd_pct", "规上工业增加值增速（累计）", "%")],
                                 examples=[[DAYE, "大冶市", "va_growth_ytd_pct", "", "2026", "8.0", "%"],
                                           ["", "黄石市", "", "规上工业总产值（全年）", "2026年", "320", "亿元"]])
    preview = ingest.inspect(con, write_bytes(tmp_path / "long.xlsx", long))
    assert preview.ok, [p.text() for p in preview.problems]
    assert rows_of(preview) == {(DAYE, "county", "va_growth_ytd_pct", 2026, 8.0),
                                (HUANGSHI, "prefecture", "output_year_yi", 2026, 320.0)}
    wide = template_xlsx.to_wide_xlsx(regions=[(DAYE, "大冶市"), (YANGXIN, "阳新县")], period_label="2027年",
                                      indicators=[("va_growth_ytd_pct", "规上工业增加值增速（累计）", "%")],
                                      targets=True)
    path = write_bytes(tmp_path / "wide.xlsx", wide)
    sheet = fill_first_column(path, ["7.5", ""])  # 阳新 left empty: nothing staged for it
    preview = ingest.inspect(con, sheet)
    assert preview.ok, [p.text() for p in preview.problems]
    assert rows_of(preview) == {(DAYE, "county", "va_growth_ytd_pct", 2027, 7.5)}


def test_bad_cells_are_named_by_row_and_column(con, tmp_path):
    table = [row[:] for row in HUANGSHI_TABLE[:7]]
    table[4][3] = "十二"  # 大冶's investment growth
    table[5][1] = "阳新新县"  # no such county
    table[0][0] = "黄石市2046年县域工业主要指标目标任务分解表"
    preview = ingest.inspect(con, write(tmp_path / "bad.csv", table))
    texts = [p.text() for p in preview.problems]
    assert any("第 5 行" in t and "工业投资增速" in t for t in texts), texts
    assert any("阳新新县" in t and "是否为“阳新县”" in t for t in texts), texts
    assert any("2046" in t and "2020—2035" in t for t in texts), texts
    twice = [*HUANGSHI_TABLE[:5], HUANGSHI_TABLE[4]]
    texts = [p.text() for p in ingest.inspect(con, write(tmp_path / "twice.csv", twice)).problems]
    assert any("第 6 行" in t and "出现了不止一次" in t for t in texts), texts


def test_each_load_is_a_version_and_a_rollback_brings_the_one_before_back(private_warehouse, tmp_path):
    first = load.load(write(tmp_path / "v1.csv", HUANGSHI_TABLE), loaded_by="editor")
    revised = [row[:] for row in HUANGSHI_TABLE]
    revised[4][2] = "8.5"  # 大冶's growth target raised
    second = load.load(write(tmp_path / "v2.csv", revised), loaded_by="editor")
    assert in_force(DAYE) == 8.5 and second.batch_id > first.batch_id
    load.rollback(second.batch_id, by="editor")
    assert in_force(DAYE) == 8.0  # the first version is in force again; the second stays on record
    with connect() as con:
        assert con.execute("select count(*) from responsibility_target where batch_id = $1",
                           [second.batch_id]).fetchall() == [(20,)]


def test_an_editor_limited_to_a_prefecture_writes_and_rolls_back_only_its_own_targets(private_warehouse, tmp_path):
    before = in_force(DAYE)  # the demo's own target
    own = load.load(write(tmp_path / "huangshi.csv", HUANGSHI_TABLE), loaded_by="黄石编辑", prefecture=HUANGSHI)
    assert in_force(DAYE) == 8.0 != before
    with connect() as con:
        inside = batch_scope.batches_inside(con, HUANGSHI)
        demo = con.execute("select batch_id from batch where dataset = $1 and is_demo", [targets.DATASET]).fetchall()
    assert own.batch_id in inside and demo[0][0] not in inside  # the demo's file holds every prefecture and 全省
    province = [*HUANGSHI_TABLE[:3], ["", "全省", "7", "9", "17000", "40000", "700"], HUANGSHI_TABLE[4]]
    with pytest.raises(ingest.RejectedFile) as refused:
        load.load(write(tmp_path / "province.csv", province), loaded_by="黄石编辑", prefecture=HUANGSHI)
    assert any("不能导入全省的数据" in p.message for p in refused.value.problems)
    wuhan = [*HUANGSHI_TABLE[:3], ["", "江岸区", "7", "9", "50", "70", "2"]]
    with pytest.raises(ingest.RejectedFile) as refused:
        load.load(write(tmp_path / "wuhan.csv", wuhan), loaded_by="黄石编辑", prefecture=HUANGSHI)
    assert any("江岸区（武汉市）" in p.message for p in refused.value.problems)
    load.rollback(own.batch_id, by=Actor("黄石编辑", "editor", HUANGSHI))
    assert in_force(DAYE) == before


def connect():
    return duckdb.connect(str(os.path.realpath(settings.WAREHOUSE_PATH)), read_only=True)


def in_force(adcode: str) -> float | None:
    with connect() as con:
        found = con.execute("select value from responsibility_target_as_of(null) where area_code = $1 and "
                            "indicator_id = 'va_growth_ytd_pct' and year = 2026", [adcode]).fetchall()
    return found[0][0] if found else None


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def fill_first_column(path: Path, values: list[str]) -> Path:
    """The wide template's first indicator column filled down its data rows."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["数据"]
    for row, value in enumerate(values, start=2):
        ws.cell(row=row, column=4, value=value)
    wb.save(path)
    return path
