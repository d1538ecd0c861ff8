"""Real-world tables must load without hand edits: a corpus of files, each mixing several traits of real ones.

Each file is written here as a statistics office, a prefecture or an operator would send it, and
each test states the records the import must produce (county, indicator, period, value in the
catalog's unit, the 预计 flag) and what it must leave out (aggregates, development zones, blanks).
The checks run through ingest.inspect on a read-only connection: what a load would write.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
import xlwt

import settings
from data.importer import ingest
from data.importer.indicators import NewIndicator
from data.importer.options import Mapping, Options

DAYE, YANGXIN, HSG, XISAI = "420281", "420222", "420202", "420203"
JINGSHAN, JIANLI, YUNYANG, XIANGZHOU, CHANGYANG = "420882", "421088", "420304", "420607", "420528"


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    yield connection
    connection.close()


def records(preview: ingest.Preview) -> dict[tuple, tuple]:
    """(adcode, indicator_id, period) → (value rounded, estimated) of the rows that would load."""
    staged = preview.staged
    return {(a, i, p.date() if hasattr(p, "date") else p): (round(v, 6), bool(e))
            for a, i, p, v, e in zip(staged["adcode"], staged["indicator_id"], staged["period"], staged["value"],
                                     staged["estimated"])}


def xlsx(path: Path, rows: list[list], merges: tuple[str, ...] = (), title: str = "Sheet1",
         percent_cells: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merges:
        ws.merge_cells(cells)
    for cell in percent_cells:
        ws[cell].number_format = "0.0%"
    wb.save(path)
    return path


def test_a_statistics_office_workbook(con, tmp_path):
    """Merged title, 单位 line, two header rows with merged groups, line breaks and units in headers,
    indented names (half- and full-width spaces), province and prefecture subtotals, a development
    zone, footnote marks, 预计, full-width digits, thousands separators, a blank row and 注 lines."""
    path = xlsx(tmp_path / "黄石市2025年1-6月工业.xlsx", [
        ["2025年1-6月黄石市各县（市、区）规模以上工业主要指标"],
        [None, None, None, "单位：亿元"],
        ["地区", "规模以上工业增加值\n增长（%）", None, "规上工业总产值\n（万元）"],
        [None, "本月", "1-6月", "本月"],
        ["全省", 7.1, 6.9, "—"],
        ["黄石市", 8.1, 7.9, "1,234,567"],
        ["  大冶市", "8.5", "8.2[注1]", "876,543.2"],
        ["\u3000阳新县", "预计7.0", "6.9*", "１２３４５"],
        ["   黄石港区", "-0.5", "−1.2", "…"],
        ["黄石经济技术开发区", 9, 9, 1],
        [],
        ["注：1. 增速按可比价格计算。"],
        ["2. 开发区数据不含在各县数据中。"],
    ], merges=("A1:D1", "A3:A4", "B3:C3"))
    preview = ingest.inspect(con, path)
    assert preview.problems == [] and preview.kind == "宽表" and preview.sheet == "Sheet1"
    june = date(2025, 6, 1)
    assert records(preview) == {
        (DAYE, "va_growth_pct", june): (8.5, False), (DAYE, "va_growth_ytd_pct", june): (8.2, False),
        (DAYE, "output_yi", june): (87.65432, False),
        (YANGXIN, "va_growth_pct", june): (7.0, True), (YANGXIN, "va_growth_ytd_pct", june): (6.9, False),
        (YANGXIN, "output_yi", june): (1.2345, False),
        (HSG, "va_growth_pct", june): (-0.5, False), (HSG, "va_growth_ytd_pct", june): (-1.2, False),
    }
    assert preview.aggregates == ["全省", "黄石市"] and preview.non_county == ["黄石经济技术开发区"]
    assert preview.missing_cells == 1 and len(preview.footnotes) == 2
    conversion = preview.units.set_index("indicator_id").loc["output_yi"]
    assert (conversion["file_unit"], conversion["catalog_unit"], conversion["factor"]) == ("万元", "亿元", 1e-4)


def test_a_gbk_tab_separated_long_table_with_old_names_and_codes(con, tmp_path):
    """GBK, tabs, a long table, former names and former codes, 巿 for 市, traditional characters,
    cumulative periods (2025年1-6月, 上半年), units per row (万元, ‰), a status column."""
    lines = ["地区\t地区代码\t指标名称\t期别\t数值\t单位\t状态",
             "京山县\t\t规上工业增加值增速\t2025年1-6月\t5.5\t%\t初步",
             "\t421023\t规上工业增加值增速\t2025年上半年\t6,0\t%\t",
             "鄖陽區\t\t工业用电量增速\t2025年1-6月\t8‰\t\t最终",
             "襄阳区\t\t规上工业总产值（当月）\t2025年6月\t12345\t万元\t",
             "长阳巿\t\t工业税收增速\t2025年1—6月\t-3.1\t%\t"]
    path = tmp_path / "各县上报.txt"
    path.write_bytes("\n".join(lines).replace("6,0", "6.0").replace("长阳巿", "长阳土家族自治县").encode("gb18030"))
    preview = ingest.inspect(con, path)
    assert preview.problems == [] and preview.kind == "长表"
    june = date(2025, 6, 1)
    assert records(preview) == {
        (JINGSHAN, "va_growth_ytd_pct", june): (5.5, False), (JIANLI, "va_growth_ytd_pct", june): (6.0, False),
        (YUNYANG, "electricity_growth_pct", june): (0.8, False), (XIANGZHOU, "output_yi", june): (1.2345, False),
        (CHANGYANG, "tax_growth_pct", june): (-3.1, False),
    }
    assert preview.staged["status"].tolist() == ["初步", "最终", "最终", "最终", "最终"]


def test_a_utf8_bom_csv_with_codes_missing_marks_and_the_period_in_the_title(con, tmp_path):
    """UTF-8 with BOM, a code column (a former code among them), a title with 上半年, percent signs,
    —, - and … for missing, 合计 / 湖北省 / 省直辖县级行政区划 as aggregates, a 排名 column ignored."""
    text = ("湖北省2025年上半年县域5G与数字化情况\n"
            "代码,地区,RedCap升级占比,排名\n"
            "420000,湖北省,35.2%,\n"
            "429000,省直辖县级行政区划,40%,\n"
            "420821,京山县,41.5%,1\n"
            "420281,大冶市,—,2\n"
            "420222,阳新县,-,3\n"
            "420202,黄石港区,…,4\n"
            ",合计,37%,\n")
    path = tmp_path / "数字化.csv"
    path.write_text(text, encoding="utf-8-sig")
    preview = ingest.inspect(con, path, options=Options(mappings={"RedCap升级占比": Mapping("redcap_share_pct")}))
    assert preview.problems == []
    assert records(preview) == {(JINGSHAN, "redcap_share_pct", date(2025, 6, 1)): (41.5, False)}
    assert preview.aggregates == ["湖北省", "省直辖县级行政区划", "合计"] and preview.missing_cells == 3


def test_an_xls_with_a_period_column_and_yearly_indicators(con, tmp_path):
    """A legacy .xls; a wide sheet with a 期别 column; yearly figures (2025年); percent cells stored as
    fractions are read as the sheet shows them only in xlsx, so here the office typed numbers."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("2025年")
    for r, row in enumerate([["地区名称", "期别", "行政村5G通达率(%)", "规上工业企业数（家）", "常住人口（万人）"],
                             ["大冶市", "2025年", 98.5, 402, "84.13"], ["阳新县", "2025", 100, 301, 79.2],
                             ["西塞山区", "2025年度", 100, "88", "—"]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "年报.xls"
    book.save(str(path))
    preview = ingest.inspect(con, path)
    assert [p.text() for p in preview.problems] == [f"文件“年报.xls”工作表“2025年”第 {r} 行「期别（B列）」列："
                                                    "“规上工业企业数”是月度指标，期别应写作 2025年6月，而不是“2025年”"
                                                    for r in (2, 3, 4)]
    year = date(2025, 1, 1)
    assert records(preview) == {(DAYE, "village_5g_pct", year): (98.5, False),
                                (DAYE, "population_wan", year): (84.13, False),
                                (YANGXIN, "village_5g_pct", year): (100.0, False),
                                (YANGXIN, "population_wan", year): (79.2, False),
                                (XISAI, "village_5g_pct", year): (100.0, False)}


def test_percent_formatted_cells_and_a_sheet_chosen_among_several(con, tmp_path):
    """An xlsx whose cells are formatted as % (stored 0.985); the first sheet is a note, the data on
    another, picked by name; 12-digit 统计用区划代码; an indicator column mapped with its unit."""
    path = tmp_path / "多表.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表由市经信局汇总。"])
    ws = wb.create_sheet("5G")
    for row in [["统计用区划代码", "县市区", "5G通达", "技改投资（亿元）"],
                ["420281000000", "大冶", 0.985, 1.5], ["420222000000", "阳新", 1, 2]]:
        ws.append(row)
    ws["C2"].number_format = ws["C3"].number_format = "0.0%"
    wb.create_sheet("备用").append(["空"])
    wb.save(path)
    options = Options(sheet="5G", period="2025年",
                      mappings={"5G通达": Mapping("行政村5G通达率"), "技改投资": Mapping(None)})
    preview = ingest.inspect(con, path, options=options)
    assert preview.problems == [] and preview.sheet == "5G" and preview.sheet_names == ["说明", "5G", "备用"]
    assert records(preview) == {(DAYE, "village_5g_pct", date(2025, 1, 1)): (98.5, False),
                                (YANGXIN, "village_5g_pct", date(2025, 1, 1)): (100.0, False)}


def test_a_new_indicator_named_at_import_and_a_cumulative_monthly_column(con, tmp_path):
    """A column the catalog lacks, defined by the user (unit, direction, area); the header names its
    own period (2025年1-5月) for a 累计 indicator; an 其中： sub-item row."""
    path = tmp_path / "技改.csv"
    path.write_text("地区,技改项目个数,2025年1-5月工业投资增速\n其中：大冶市,12,3.5\n阳新县,8,-2\n", encoding="utf-8")
    new = NewIndicator("技改项目个数", "个", "up", "稳步增长")
    preview = ingest.inspect(con, path, options=Options(period="2025年5月", new_indicators=(new,)))
    assert preview.problems == []
    may = date(2025, 5, 1)
    assert records(preview) == {(DAYE, new.id, may): (12.0, False), (YANGXIN, new.id, may): (8.0, False),
                                (DAYE, "invest_growth_pct", may): (3.5, False),
                                (YANGXIN, "invest_growth_pct", may): (-2.0, False)}
    entry = preview.new_indicators.set_index("id").loc[new.id]
    assert (entry["name"], entry["unit"], entry["area"], entry["user_defined"], entry["frequency"]) == \
        ("技改项目个数", "个", "growth", True, "monthly")


def test_the_published_template_round_trips(con, tmp_path):
    """The long template as the page offers it (填写说明 first, 数据 second, hidden 选项), filled in."""
    from data.importer.templates import TEMPLATES
    from ui.files import template_xlsx

    data = template_xlsx.to_xlsx(TEMPLATES["county_values"], regions=[(DAYE, "大冶市")],
                                 indicators=[("output_yi", "规上工业总产值（当月）", "亿元")])
    path = tmp_path / "模板.xlsx"
    path.write_bytes(data)
    wb = openpyxl.load_workbook(path)
    wb["数据"].append(["420281", "大冶市", "output_yi", "", "2025年6月", "12.5", "亿元", "初步"])
    wb["数据"].append(["", "阳新县", "", "规上工业总产值（当月）", "2025-06", "1,000", "万元", ""])
    wb.save(path)
    preview = ingest.inspect(con, path)
    assert preview.problems == [] and preview.sheet == "数据"
    assert records(preview) == {(DAYE, "output_yi", date(2025, 6, 1)): (12.5, False),
                                (YANGXIN, "output_yi", date(2025, 6, 1)): (0.1, False)}


def test_unit_lines_with_several_units_apply_only_where_they_fit(con, tmp_path):
    """单位：万元、% over a table with an amount and a rate: each column takes the unit it can be in."""
    path = xlsx(tmp_path / "资金.xlsx", [["2025年省级制造业高质量发展资金安排"], ["单位：万元、%"],
                                        ["县（市、区）", "省级制造业高质量发展资金", "有研发活动企业占比"],
                                        ["大冶市", "1,200", "45.5"]])
    preview = ingest.inspect(con, path)
    assert preview.problems == []
    assert records(preview) == {(DAYE, "hq_fund_wan", date(2025, 1, 1)): (1200.0, False),
                                (DAYE, "rd_active_share_pct", date(2025, 1, 1)): (45.5, False)}


def test_an_operators_village_list(con, tmp_path):
    """An operator's village list in the villages template, under a title row: 是/否 and Y, full-width
    digits, codes typed as numbers, the county by its short name or its 12-digit code. It is for 2024,
    a year the demo warehouse holds no villages for, so every row is new."""
    path = xlsx(tmp_path / "行政村通达.xlsx", [
        ["2024年末行政村5G及自然村光纤通达情况（中国电信湖北分公司）"],
        ["村代码", "行政村名称", "地区代码", "地区名称", "乡镇", "年份", "是否通5G", "自然村数", "光纤通达自然村数"],
        ["420281101201", "铜山口村", "", "大冶", "金山店镇", "2024年", "是", "６", "5"],
        [420281101202, "张家湾村", "", "大冶市", " 金山店镇 ", 2024, "否", 4, 0],
        ["420281001001", "东岳社区", "420281000000", "", "东岳路街道", "2024", "Y", "1", "1"],
    ])
    preview = ingest.inspect(con, path)
    assert preview.problems == [] and preview.dataset == "villages" and preview.rows_read == 3
    assert preview.staged.to_dict("records") == [
        {"village_code": "420281101201", "village_name": "铜山口村", "adcode": DAYE, "township": "金山店镇",
         "year": 2024, "has_5g": True, "natural_villages": 6, "fibre_natural_villages": 5},
        {"village_code": "420281101202", "village_name": "张家湾村", "adcode": DAYE, "township": "金山店镇",
         "year": 2024, "has_5g": False, "natural_villages": 4, "fibre_natural_villages": 0},
        {"village_code": "420281001001", "village_name": "东岳社区", "adcode": DAYE, "township": "东岳路街道",
         "year": 2024, "has_5g": True, "natural_villages": 1, "fibre_natural_villages": 1}]
