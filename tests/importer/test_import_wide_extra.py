"""Wide tables as offices send them: census-style sheets with text columns, symbols in headers, UTF-16 text.

One column is wanted and mapped (by letter, as no header text is out of reach that way); every other column
is either a level of the region hierarchy (省, 市, 县（市、区）) or an unknown column the summary lists by name.
"""

from __future__ import annotations

import os
from datetime import date

import duckdb
import openpyxl
import pytest

import settings
from data.importer import ingest
from data.importer.options import Options, parse_mapping
from data.warehouse import load_report

DAYE, YANGXIN, YUNYANG = "420281", "420222", "420304"
HEADERS = ["省", "市", "县（市、区）", "常住人口\n（人）", "家庭户", "性别比（女=100）", "0-14岁\n占比（%）",
           "城镇化率(%)", "平均受教育年限", "户籍人口", "流动人口", "外省流入", "工业总产值=亿元（2020年）",
           "备注", "民族"]
ROWS = [["湖北省", "黄石市", "大冶市", "  908,266", 280_000, 105.2, 18.1, 55.3, 9.6, 980_000, 12_000, 3_000, "821.5",
         "", "汉族"],
        ["湖北省", "黄石市", "阳新县", "803,238", 240_000, 107.9, 20.2, 41.0, 8.9, 1_100_000, 9_000, 1_000, "１２０.３",
         "", "汉族"],
        ["湖北省", "十堰市", "郧县", "476,000", 150_000, 106.0, 19.4, 38.2, 8.7, 620_000, 5_000, 800, "98",
         "原郧县", "汉族"]]


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    yield connection
    connection.close()


def census_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["第七次人口普查主要数据（2020年）"])
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


def loaded(preview: ingest.Preview) -> dict[tuple, float]:
    staged = preview.staged
    return {(a, i, p.date() if hasattr(p, "date") else p): round(v, 6) for a, i, p, v in
            zip(staged["adcode"], staged["indicator_id"], staged["period"], staged["value"])}


def test_one_column_mapped_by_letter_loads_and_the_rest_are_listed(con, tmp_path):
    """M is the column wanted (its header has = in it) and D is in the catalog; 省/市 are hierarchy, the nine
    unknown columns are listed, not refused."""
    options = Options(mappings=dict(parse_mapping(m) for m in ("M=output_year_yi:亿元", "e=-")))
    preview = ingest.inspect(con, census_xlsx(tmp_path / "普查.xlsx"), options=options)
    assert preview.problems == []
    year = date(2020, 1, 1)
    assert loaded(preview) == {(DAYE, "output_year_yi", year): 821.5, (YANGXIN, "output_year_yi", year): 120.3,
                               (YUNYANG, "output_year_yi", year): 98.0, (DAYE, "population_wan", year): 90.8266,
                               (YANGXIN, "population_wan", year): 80.3238, (YUNYANG, "population_wan", year): 47.6}
    roles = {c.letter: c.role for c in preview.columns}
    assert roles["A"] == roles["B"] == "地区层级（忽略）" and roles["M"] == "指标列" and roles["E"] == "忽略"
    assert [c.rpartition("（")[2] for c in preview.ignored_columns] == \
        [f"{letter}列）" for letter in "FGHIJKLO"]  # E skipped by its letter
    lines = load_report.describe(preview)
    assert any(line.startswith("未映射、已忽略的列：性别比(女=100)（F列）、0-14岁占比(%)（G列）") for line in lines)
    assert not any("股上市" in line for line in lines)


def test_an_unmapped_wide_table_says_to_map_by_letter_never_valid_only(con, tmp_path):
    """Without a mapping the unknown columns are refused; the advice names --map with the letter, not --valid-only."""
    preview = ingest.inspect(con, census_xlsx(tmp_path / "普查.xlsx"))
    refused = [p.column for p in preview.problems]
    assert not any(c.startswith(("省", "市（", "县（市、区）")) for c in refused if c)
    advice = "\n".join(load_report.what_to_do(ingest.RejectedFile(preview.problems, preview)))
    assert "--map E=" in advice and "--valid-only" not in advice


def test_unicode_text_export_loads_like_any_table(con, tmp_path):
    """Excel's/WPS's "Unicode 文本": UTF-16 LE with BOM, tab-separated, saved as .txt."""
    headers = [h.replace("\n", "") for h in HEADERS]
    text = "\r\n".join("\t".join(str(v) for v in row) for row in [["2020年"], headers, *ROWS])
    path = tmp_path / "普查.txt"
    path.write_bytes(text.encode("utf-16"))
    options = Options(mappings=dict([parse_mapping("m=output_year_yi:亿元")]))
    preview = ingest.inspect(con, path, options=options)
    assert preview.problems == [] and len(preview.staged) == 6
    assert loaded(preview)[(YANGXIN, "output_year_yi", date(2020, 1, 1))] == 120.3
