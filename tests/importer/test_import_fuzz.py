"""Importer fuzz: seeded malformed files over every template load cleanly or are refused in Chinese, never crash.

SEED (env HUBEI_FUZZ_SEED overrides it) draws one sub-seed per case, and a case's file is a function of
its kind, dataset and sub-seed alone: a failure prints all three, and `pytest tests/importer/test_import_fuzz.py
-k <case id>` rebuilds the same file. Each case starts from a valid file of its dataset — the CSV
layout of data/importer/templates.py, or the workbook ui/files/template_xlsx.py publishes with the rows filled in,
or the wide county workbook — and damages it: wrong encodings and BOMs, truncated and bit-flipped
xlsx, broken zip members, zip bombs, sheets past the readers' limits (lowered for the case, so the
file stays small), formulas with and without saved results, binary garbage, wrong cell types,
negative counts, shares over 100 %, future periods, duplicate rows and random cell mutations.

Every fifth case goes through data.warehouse.load.load on its own copy of a small warehouse: when refused,
the published link and every table's row count and checksum stay as they were, no working copy is
left and the log says `rejected`. The other cases go through data.warehouse.load.preview (the same reading and
checks without the copy, write and publish — several times cheaper) on one shared warehouse, which
must never change. Either way the upload is kept whole in the raw store; the only exceptions allowed
are ingest.RejectedFile and load.LoadRefused; every problem is Chinese and names the file; a problem
that is not about the whole file names its row or column, and a refused file whose fault is one cell
names a row and a column. Named regression tests at the end pin the bugs the fuzzing found.

Cost: 240 cases (48 loads, 192 previews) plus the baselines and regressions take about 80 s of CPU
for the whole module on these 2-core machines; building a warehouse copy, the write and the publish
make a load several times a preview, which is why most cases preview.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import re
import shutil
import struct
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

import duckdb
import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import settings
from data.importer import ingest, readers
from data.importer.options import Options
from data.importer.templates import TEMPLATES
from data.warehouse import build, load
from geo.registry import regions
from ui.files import template_xlsx

SEED = int(os.environ.get("HUBEI_FUZZ_SEED", "20261202"))
CASES_N = 240
LOAD_EVERY = 5
CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = date.today()
NEXT_MONTH = f"{TODAY.year + 1}年1月" if TODAY.month == 12 else f"{TODAY.year}年{TODAY.month + 1}月"

BASE_ROWS = {  # what the warehouse holds before every case: the records the valid files refer to
    "county_values": "420281,大冶市,output_yi,,2025年6月,10,亿元,初步",
    "parks": "P001,大冶经济开发区,420281,大冶市,综合,,省级,1000,800,114.9,30.1",
    "enterprises": "91420281MA0000001X,大冶某公司,420281,大冶市,C13,是,114.9,30.1",
    "growth_points": "G001,某项目,420281,大冶市,C13,5,在建,2025-01,114.9,30.1",
    "villages": "420281100201,某村,420281,大冶市,某镇,2025,否,6,4",
}
VALID_ROWS = {  # a valid file of each dataset, in its template's column order
    "county_values": ["420281,大冶市,output_yi,,2025年6月,12.5,亿元,最终",
                      ",阳新县,,规上工业总产值（当月）,2025-05,8,亿元,初步",
                      "420222,,above_scale_firm_count,,202506,35,家,",
                      "420281,大冶市,va_growth_pct,,2025年6月,7.5,%,最终",
                      "420281,大冶市,village_5g_pct,,2025年,96.5,%,最终",
                      "420222,阳新县,output_year_yi,,2024年,300,亿元,最终"],
    "parks": ["P002,阳新工业园,420222,阳新县,综合,,省级,1000,800,115.2,29.8",
              "P003,大冶化工园,420281,大冶市,化工,P001,省级,500,300,,"],
    "park_values": ["P001,park_output_yi,2025年,10,亿元", "P001,park_tax_yi,2024年,1.5,亿元"],
    "enterprises": ["91420222MA0000002X,阳新某公司,420222,阳新县,C14,是,115.2,29.8",
                    "91420281MA0000003X,大冶某厂,,大冶市,C34,否,,"],
    "enterprise_values": ["91420281MA0000001X,firm_revenue_yi,2025年,3,亿元",
                          "91420281MA0000001X,firm_revenue_yi,2024年,2.5,亿元"],
    "honours": ["91420281MA0000001X,专精特新中小企业,省级,2024", "91420281MA0000001X,创新型中小企业,省级,2023"],
    "growth_points": ["G002,某新项目,420222,阳新县,C14,3,在建,2025-03,115.2,29.8",
                      "G003,另一项目,,大冶市,C13,1.5,投产,,,"],
    "growth_point_reports": ["G001,2025年6月,是", "G001,2025-05,否"],
    "leading_industries": ["420281,大冶市,2025,1,C13", "420222,阳新县,2025,1,C14"],
    "responsibility_targets": ["420281,大冶市,va_growth_ytd_pct,,2026年,8,%",
                               ",阳新县,,规上工业总产值（全年）,2026,380,亿元",
                               ",黄石市,above_scale_firm_count,,2026年,1500,家",
                               ",全省,,规上工业企业净增数,2027,700,家"],
    "villages": ["420222101201,某村,420222,阳新县,某镇,2025,是,5,3",
                 "420222101202,另一村,420222,阳新县,某镇,2025,否,4,0"],
}
# The wide county workbook (one row per county, one column per yearly indicator): a few columns keep it cheap.
WIDE = "county_values_wide"
WIDE_INDICATORS = [("output_year_yi", "规上工业总产值（全年）", "亿元"), ("village_5g_pct", "行政村5G通达率", "%"),
                   ("new_above_scale_count", "新增入规企业数", "家"), ("population_wan", "常住人口", "万人")]
WIDE_ROWS = 4
DATASETS = [*TEMPLATES, WIDE]
REGIONS = [(r.adcode, r.name) for r in regions()]


@cache
def catalog_indicators() -> list[tuple[str, str, str]]:
    with open(settings.CATALOG_DIR / "indicators.csv", encoding="utf-8") as f:
        return [(r["id"], r["name"], r["unit"]) for r in csv.DictReader(f) if r["kind"] != "derived"]


# ---------------------------------------------------------------- valid files


@dataclass
class Table:
    """A file's content as a grid of text cells (row 0 is the header), to damage before it is written."""
    dataset: str
    cells: list[list[str]]

    @property
    def header(self) -> list[str]:
        return self.cells[0]


def valid_table(dataset: str) -> Table:
    if dataset == WIDE:
        header = ["地区代码", "地区名称", "期别", *(f"{n}（{u}）" for _, n, u in WIDE_INDICATORS)]
        rows = [[code, name, "2025年", *(str(10 + i + j) for j in range(len(WIDE_INDICATORS)))]
                for i, (code, name) in enumerate(REGIONS[:WIDE_ROWS])]
        return Table(dataset, [header, *rows])
    return Table(dataset, [list(TEMPLATES[dataset].headers), *(r.split(",") for r in VALID_ROWS[dataset])])


def to_csv(table: Table, delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table.cells)
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    """The published workbook of the dataset (填写说明, 数据 with drop-downs, hidden 选项) holding the table's rows."""
    if table.dataset == WIDE:
        book = openpyxl.load_workbook(io.BytesIO(template_xlsx.to_wide_xlsx(
            regions=REGIONS[:WIDE_ROWS], indicators=WIDE_INDICATORS, period_label="2025年")))
        sheet = book[template_xlsx.DATA]
        for r, row in enumerate(table.cells, start=1):
            for c, value in enumerate(row, start=1):
                sheet.cell(r, c).value = cell_value(value)
        return save(book)
    template = TEMPLATES[table.dataset]
    rows = [row + [""] * (len(template.columns) - len(row)) for row in table.cells[1:]]
    data = template_xlsx.to_xlsx(template, regions=REGIONS, indicators=catalog_indicators(),
                                 examples=[[ILLEGAL_CHARACTERS_RE.sub("", v) for v in row[: len(template.columns)]]
                                           for row in rows])
    if table.header == template.headers and all(len(r) <= len(template.columns) for r in table.cells):
        return stable(data)
    book = openpyxl.load_workbook(io.BytesIO(data))  # a damaged header or extra cells: write the grid as it is
    sheet = book[template_xlsx.DATA]
    width = max(len(template.columns), *(len(r) for r in table.cells))
    for r, row in enumerate(table.cells, start=1):
        for c in range(1, width + 1):
            sheet.cell(r, c).value = cell_value(row[c - 1]) if c <= len(row) else None
    return save(book)


def save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return stable(out.getvalue())


STAMP = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*")


def stable(data: bytes) -> bytes:
    """The same workbook bytes on every run: openpyxl stamps the time into docProps and the zip entries,
    and a damage at a byte offset must hit the same byte when the case runs again."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            content = old.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = STAMP.sub(rb"\g<1>2025-01-01T00:00:00Z", content)
            new.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def cell_value(value: str) -> str | None:
    """A cell as openpyxl may write it: control characters cannot be stored in an xlsx at all."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if value != "" else None


def file_name(dataset: str, suffix: str) -> str:
    return f"{dataset}{suffix}"


# ---------------------------------------------------------------- damage

@dataclass
class Built:
    """One fuzz file: its name and bytes, and what is known about its fault."""
    name: str
    data: bytes
    cell: tuple[int, str] | None = None  # (spreadsheet row, header) of the one damaged cell
    patch: dict[str, int] = field(default_factory=dict)  # data.importer.readers limits lowered for this case
    options: Options = field(default_factory=Options)
    note: str = ""


NASTY = ["", " ", "\t", "—", "N/A", "#N/A", "NULL", "None", "nan", "inf", "-inf", "NaN", "0", "-0", "-1", "-3.5",
         "1e308", "-1e308", "1e999", "9" * 400, "１２３", "12,345.6", "1,2", "12..3", "12.3[注1]", "预计12", "12%",
         "150%", "‰", "<script>alert(1)</script>", "'; drop table park; --", "=1+1", "=SUM(A1:A3)", "@SUM(A1)",
         "+1", "🏭", "\u202e大冶市", "\u200b大冶市", "大冶市\u200b", "大冶", "黄石市", "合计", "全省", "注：数据为初步",
         "开发区", "X" * 5000, "a\nb", '"quoted"', "2025年13月", "2025-00", "1899-12-31", "0000", "2099年",
         NEXT_MONTH, "2025年1-6月", "上半年", "True", "是", "否", "√", "C99", "C13", "P001", "P999", "G001",
         "420281", "420222", "999999", "420281000000", "4202811", "42028", "省级", "国家级", "化工", "在建", "最终",
         "初步", "暂定", "亿元", "万元", "家", "%", "个", "\x1b[31m红\x1b[0m", "١٢٣", "Ⅻ", "½", "2²", "1e-320"]


def text_bytes(rng: random.Random, table: Table) -> tuple[str, bytes, str]:
    """The table as CSV or TSV text, UTF-8 with or without a BOM."""
    delimiter, suffix = rng.choice([(",", ".csv"), ("\t", ".tsv"), (",", ".txt")])
    text = to_csv(table, delimiter)
    return suffix, text.encode("utf-8-sig" if rng.random() < 0.5 else "utf-8"), text


def as_file(rng: random.Random, table: Table, *, xlsx_share: float = 0.5) -> tuple[str, bytes]:
    if rng.random() < xlsx_share:
        return ".xlsx", to_xlsx(table)
    suffix, data, _ = text_bytes(rng, table)
    return suffix, data


def data_cell(rng: random.Random, table: Table) -> tuple[int, int]:
    return rng.randrange(1, len(table.cells)), rng.randrange(len(table.header))


def mutate_cell(rng, dataset):
    table = valid_table(dataset)
    r, c = data_cell(rng, table)
    table.cells[r][c] = rng.choice(NASTY)
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, cell=(r + 1, table.header[c]), note=repr(table.cells[r][c]))


def mutate_many(rng, dataset):
    table = valid_table(dataset)
    for _ in range(rng.randint(2, 6)):
        r, c = data_cell(rng, table)
        table.cells[r][c] = rng.choice(NASTY)
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data)


def mutate_header(rng, dataset):
    table = valid_table(dataset)
    c = rng.randrange(len(table.header))
    how = rng.choice(["rename", "blank", "duplicate", "swap", "junk_suffix", "fullwidth"])
    if how == "rename":
        table.header[c] = rng.choice(NASTY) or "列"
    elif how == "blank":
        table.header[c] = ""
    elif how == "duplicate":
        table.header[c] = table.header[(c + 1) % len(table.header)]
    elif how == "swap":
        d = rng.randrange(len(table.header))
        for row in table.cells:
            row[c], row[d] = row[d], row[c]
    elif how == "junk_suffix":
        table.header[c] += rng.choice(["*", " ", "（必填）", "\n"])
    else:
        table.header[c] = table.header[c].replace("(", "（").replace(")", "）")
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, note=how)


def shape(rng, dataset):
    """Rows or columns added, removed or moved: title rows, 注 lines, blank rows, extra or missing columns."""
    table = valid_table(dataset)
    how = rng.choice(["title", "notes", "blank_rows", "extra_column", "drop_column", "short_row", "long_row",
                      "header_only", "reverse_rows"])
    width = len(table.header)
    if how == "title":
        table.cells.insert(0, [f"{TODAY.year}年全省{dataset}"] + [""] * (width - 1))
    elif how == "notes":
        table.cells += [["注：本表数据为初步统计"] + [""] * (width - 1), ["填报人：张三"] + [""] * (width - 1)]
    elif how == "blank_rows":
        for _ in range(rng.randint(1, 4)):
            table.cells.insert(rng.randrange(1, len(table.cells) + 1), [""] * width)
    elif how == "extra_column":
        for i, row in enumerate(table.cells):
            row.append("备注" if i == 0 else rng.choice(NASTY))
    elif how == "drop_column":
        c = rng.randrange(width)
        for row in table.cells:
            del row[c]
    elif how == "short_row":
        r = rng.randrange(1, len(table.cells))
        table.cells[r] = table.cells[r][: rng.randrange(width)]
    elif how == "long_row":
        table.cells[rng.randrange(1, len(table.cells))] += ["多余"] * rng.randint(1, 5)
    elif how == "header_only":
        table.cells = table.cells[:1]
    else:
        table.cells[1:] = table.cells[:0:-1]
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, note=how)


def duplicate_row(rng, dataset):
    table = valid_table(dataset)
    r = rng.randrange(1, len(table.cells))
    table.cells.insert(rng.randrange(r + 1, len(table.cells) + 1), list(table.cells[r]))
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, note=f"row {r + 1} twice")


COUNT_COLUMNS = {"parks": ("developed_area_mu", "planned_area_mu"), "growth_points": ("expected_output_yi",),
                 "villages": ("natural_villages", "fibre_natural_villages"), "leading_industries": ("rank",)}
PERIOD_COLUMNS = {"county_values": "period", "park_values": "period", "enterprise_values": "period",
                  "growth_point_reports": "period", "honours": "year_awarded", "leading_industries": "year",
                  "villages": "year"}


def column_of(dataset: str, name: str) -> int:
    return [c.name for c in TEMPLATES[dataset].columns].index(name)


def set_value(table: Table, r: int, column: str, value: str) -> int:
    c = column_of(table.dataset, column)
    table.cells[r][c] = value
    return c


def negative_count(rng, dataset):
    table = valid_table(dataset)
    r = rng.randrange(1, len(table.cells))
    value = rng.choice(["-1", "-3", "-0.5", "-1e6", "－2"])
    if dataset == WIDE:
        c = rng.randrange(3, len(table.header))
        table.cells[r][c] = value
    elif dataset in COUNT_COLUMNS:
        c = set_value(table, r, rng.choice(COUNT_COLUMNS[dataset]), value)
    elif dataset in ("county_values", "park_values", "enterprise_values"):
        c = set_value(table, r, "value", value)
    else:
        return mutate_cell(rng, dataset)
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, cell=(r + 1, table.header[c]), note=value)


def over_100(rng, dataset):
    table = valid_table(dataset)
    r = rng.randrange(1, len(table.cells))
    value = rng.choice(["100.1", "120", "150%", "1000", "100.0001"])
    if dataset == WIDE:
        c = 4  # 行政村5G通达率（%）
    elif dataset == "county_values":
        set_value(table, r, "indicator_id", rng.choice(["village_5g_pct", "digital_transform_pct"]))
        set_value(table, r, "indicator_name", "")
        set_value(table, r, "period", "2025年")
        set_value(table, r, "unit", "%")
        c = set_value(table, r, "value", value)
    else:
        return mutate_cell(rng, dataset)
    table.cells[r][c] = value
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, cell=(r + 1, table.header[c]), note=value)


def future_period(rng, dataset):
    table = valid_table(dataset)
    r = rng.randrange(1, len(table.cells))
    if dataset == WIDE:
        c, value = 2, rng.choice([f"{TODAY.year + 1}年", "2099年"])
    elif dataset in PERIOD_COLUMNS:
        column = PERIOD_COLUMNS[dataset]
        yearly = column != "period" or dataset in ("park_values", "enterprise_values") or \
            table.cells[r][column_of(dataset, "period")].endswith("年")
        value = rng.choice([f"{TODAY.year + 1}", "2099"] if column != "period" else
                           [f"{TODAY.year + 1}年", "2099年"] if yearly else [NEXT_MONTH, "2099年1月", "2099-12"])
        c = set_value(table, r, column, value)
    else:
        return mutate_cell(rng, dataset)
    table.cells[r][c] = value
    suffix, data = as_file(rng, table)
    return Built(file_name(dataset, suffix), data, cell=(r + 1, table.header[c]), note=value)


def wrong_type_xlsx(rng, dataset):
    """A real typed cell where text is expected, or the other way round: numbers, booleans, dates, errors."""
    table = valid_table(dataset)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    sheet = book[template_xlsx.DATA]
    r, c = data_cell(rng, table)
    value = rng.choice([420281, 420281.0, 420281.5, 3.7, -2, 0, 10**20, 1e-9, True, False, datetime(2025, 6, 1),
                        date(2099, 1, 1), datetime(1900, 1, 1), "#DIV/0!", "#REF!", 0.125])
    sheet.cell(r + 1, c + 1).value = value
    if rng.random() < 0.3:
        sheet.cell(r + 1, c + 1).number_format = rng.choice(["0.0%", "yyyy-mm", "@", "0.00E+00", '"¥"#,##0'])
    return Built(file_name(dataset, ".xlsx"), save(book), cell=(r + 1, table.header[c]), note=repr(value))


def formula(rng, dataset):
    """A formula in a data cell: without a saved result (as openpyxl writes it), or with one (as Excel does)."""
    table = valid_table(dataset)
    r, c = data_cell(rng, table)
    text = rng.choice(["=1+1", "=SUM(A1:A3)", "=1/0", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0",
                       "=A2", "=NOW()", '="420"&"281"'])
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    book[template_xlsx.DATA].cell(r + 1, c + 1).value = text
    data = save(book)
    cached = rng.random() < 0.5
    if cached:  # the result Excel would have saved: the cell's own valid value
        data = with_cached_results(data, table.cells[r][c])
    return Built(file_name(dataset, ".xlsx"), data, cell=(r + 1, table.header[c]),
                 note=f"{text} {'with' if cached else 'without'} a saved result")


def with_cached_results(data: bytes, value: str) -> bytes:
    """Give every formula of the workbook a saved string result, as Excel writes it."""
    def rewrite(xml: bytes) -> bytes:
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
        return re.sub(rb'<c r="([A-Z]+\d+)"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                      lambda m: b'<c r="' + m[1] + b'" t="str"><f>' + m[3] + b"</f><v>" + escaped + b"</v>",
                      xml)
    return rezip(data, {n: rewrite for n in zip_names(data) if n.startswith("xl/worksheets/")})


def zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def rezip(data: bytes, change: dict, drop: tuple[str, ...] = (), add: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            content = old.read(info.filename)
            content = change[info.filename](content) if info.filename in change else content
            new.writestr(zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
        for name, content in (add or {}).items():
            new.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def encoding(rng, dataset):
    table = valid_table(dataset)
    text = to_csv(table, rng.choice([",", "\t"]))
    how = rng.choice(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1_mojibake",
                      "cp1252_bytes", "shift_jis", "big5", "bom_then_gbk", "double_bom", "utf-8_flipped_byte",
                      "nul_bytes", "utf-7", "cr_only", "mixed_encodings"])
    if how in ("gbk", "gb18030") or how.startswith("utf-16") or how in ("utf-32", "utf-7"):
        data = text.encode(how)
    elif how == "latin-1_mojibake":
        data = text.encode("utf-8").decode("latin-1").encode("utf-8")
    elif how == "cp1252_bytes":
        data = text.encode("utf-8").replace("县".encode(), "é".encode("cp1252"))
    elif how in ("shift_jis", "big5"):
        data = text.encode(how, errors="replace")
    elif how == "bom_then_gbk":
        data = b"\xef\xbb\xbf" + text.encode("gbk")
    elif how == "double_bom":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8")
    elif how == "utf-8_flipped_byte":
        raw = bytearray(text.encode("utf-8"))
        multibyte = [i for i, b in enumerate(raw) if b >= 0x80]
        raw[rng.choice(multibyte)] ^= 1 << rng.randrange(8)
        data = bytes(raw)
    elif how == "nul_bytes":
        raw = bytearray(text.encode("utf-8"))
        raw.insert(rng.randrange(len(raw)), 0)
        data = bytes(raw)
    elif how == "cr_only":
        data = text.replace("\n", "\r").encode("utf-8")
    else:
        half = len(table.cells) // 2
        data = to_csv(Table(dataset, table.cells[:half]), ",").encode("utf-8") + \
            to_csv(Table(dataset, table.cells[half:]), ",").encode("gbk")
    return Built(file_name(dataset, ".csv"), data, note=how)


def truncated_xlsx(rng, dataset):
    data = to_xlsx(valid_table(dataset))
    cut = rng.randrange(1, len(data))
    return Built(file_name(dataset, ".xlsx"), data[:cut], note=f"cut at {cut} of {len(data)}")


def bitflip_xlsx(rng, dataset):
    data = bytearray(to_xlsx(valid_table(dataset)))
    how = rng.choice(["flip", "zeros", "swap_blocks"])
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    elif how == "zeros":
        at = rng.randrange(len(data))
        data[at: at + rng.randint(1, 512)] = bytes(min(512, len(data) - at))
    else:
        a, b, n = rng.randrange(len(data) // 2), rng.randrange(len(data) // 2, len(data)), rng.randint(4, 256)
        data[a: a + n], data[b: b + n] = data[b: b + n], data[a: a + n]
    return Built(file_name(dataset, ".xlsx"), bytes(data), note=how)


def zip_header_fields(rng, dataset):
    """Central-directory fields an archiver can get wrong: flags (encrypted), method, sizes, CRC, name length."""
    data = bytearray(to_xlsx(valid_table(dataset)))
    entries = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    at = rng.choice(entries)
    how = rng.choice(["encrypted", "method", "size_small", "size_huge", "crc", "local_method", "name_length"])
    if how == "encrypted":
        struct.pack_into("<H", data, at + 8, struct.unpack_from("<H", data, at + 8)[0] | 1)
    elif how == "method":
        struct.pack_into("<H", data, at + 10, rng.choice([1, 6, 12, 14, 98, 99]))
    elif how == "size_small":
        struct.pack_into("<I", data, at + 24, rng.randrange(0, 64))
    elif how == "size_huge":
        struct.pack_into("<I", data, at + 24, 0xFFFFFFF0)
    elif how == "crc":
        struct.pack_into("<I", data, at + 16, rng.getrandbits(32))
    elif how == "local_method":
        local = struct.unpack_from("<I", data, at + 42)[0]
        struct.pack_into("<H", data, local + 8, 99)
    else:
        struct.pack_into("<H", data, at + 28, rng.randrange(0, 300))
    return Built(file_name(dataset, ".xlsx"), bytes(data), note=how)


def broken_members(rng, dataset):
    """A valid zip whose parts are wrong: XML cut short, parts missing, a non-xlsx zip, junk parts."""
    data = to_xlsx(valid_table(dataset))
    sheets = [n for n in zip_names(data) if n.startswith("xl/worksheets/sheet")]
    how = rng.choice(["sheet_xml_cut", "drop_content_types", "drop_workbook", "drop_sheet", "drop_styles",
                      "garbage_shared_strings", "xml_entity_bomb", "external_entity", "not_an_xlsx"])
    if how == "sheet_xml_cut":
        data = rezip(data, {rng.choice(sheets): lambda x: x[: rng.randrange(1, len(x))]})
    elif how.startswith("drop_"):
        part = {"drop_content_types": "[Content_Types].xml", "drop_workbook": "xl/workbook.xml",
                "drop_sheet": rng.choice(sheets), "drop_styles": "xl/styles.xml"}[how]
        data = rezip(data, {}, drop=(part,))
    elif how == "garbage_shared_strings":
        data = rezip(data, {}, add={"xl/sharedStrings.xml": bytes(rng.getrandbits(8) for _ in range(500))})
    elif how == "xml_entity_bomb":
        bomb = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' +
                "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) +
                ']><x>&i;</x>')
        data = rezip(data, {sheets[-1]: lambda x: bomb.encode()})
    elif how == "external_entity":
        data = rezip(data, {sheets[-1]: lambda x: b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM '
                                                  b'"file:///etc/passwd">]><worksheet>&e;</worksheet>'})
    else:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("readme.txt", "hello")
        data = out.getvalue()
    return Built(file_name(dataset, ".xlsx"), data, note=how)


def zip_bomb(rng, dataset):
    """A member that unpacks past the limit (lowered for the case): the sheet, or a part nobody reads."""
    limit = 2**20
    data = to_xlsx(valid_table(dataset))
    sheets = [n for n in zip_names(data) if n.startswith("xl/worksheets/sheet")]
    where = rng.choice([rng.choice(sheets), "xl/media/image1.png", "docProps/custom.xml"])
    filler = b" " * (limit + rng.randrange(1, limit))
    if where in sheets:
        data = rezip(data, {where: lambda x: x.replace(b"<sheetData", b"<!--" + filler + b"--><sheetData", 1)})
    else:
        data = rezip(data, {}, add={where: filler})
    return Built(file_name(dataset, ".xlsx"), data, patch={"MAX_UNPACKED_BYTES": limit}, note=where)


def huge_sheet(rng, dataset):
    """More cells than the readers take (the limit lowered for the case), in CSV or in the xlsx data sheet."""
    limit = 2000
    table = valid_table(dataset)
    how = rng.choice(["rows", "columns", "far_cell"] if rng.random() < 0.6 else ["csv_rows", "csv_columns"])
    if how in ("csv_rows", "csv_columns"):
        if how == "csv_rows":
            table.cells += [list(table.cells[1]) for _ in range(limit // len(table.header) + 1)]
        else:
            table.cells[1] += ["1"] * limit
        return Built(file_name(dataset, ".csv"), to_csv(table).encode("utf-8"), patch={"MAX_CELLS": limit}, note=how)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    sheet = book[template_xlsx.DATA]
    if how == "rows":
        for i in range(limit // len(table.header) + 1):
            sheet.append(table.cells[1 + i % (len(table.cells) - 1)])
    elif how == "columns":
        for c in range(len(table.header) + 1, len(table.header) + limit + 2):
            sheet.cell(2, c).value = "1"
    else:
        sheet.cell(rng.randint(60, 5000), rng.randint(60, 16384)).value = "x"
    return Built(file_name(dataset, ".xlsx"), save(book), patch={"MAX_CELLS": limit}, note=how)


def oversized_file(rng, dataset):
    suffix, data = as_file(rng, valid_table(dataset))
    return Built(file_name(dataset, suffix), data, patch={"MAX_FILE_BYTES": rng.randrange(16, len(data))})


def garbage(rng, dataset):
    size = rng.choice([1, 2, 7, 100, 4096, 65536])
    body = bytes(rng.getrandbits(8) for _ in range(size))
    prefix = rng.choice([b"", b"PK\x03\x04", b"PK\x05\x06" + bytes(18), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                         b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xef\xbb\xbf", b"<html>", b"\x1f\x8b\x08"])
    suffix = rng.choice([".csv", ".xlsx", ".xls", ".xlsm", ".tsv", ".txt", ".CSV", ".XLSX"])
    return Built(file_name(dataset, suffix), prefix + body, note=f"{prefix[:8]!r} + {size} random bytes")


def sheets_and_cells(rng, dataset):
    """Workbook structure: the data sheet hidden, renamed, moved, many sheets, merged cells, a title row."""
    table = valid_table(dataset)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    sheet = book[template_xlsx.DATA]
    how = rng.choice(["hide_data", "rename_data", "data_first", "many_sheets", "merge_cells", "title_row",
                      "delete_instructions", "empty_data_sheet"])
    if how == "hide_data":
        sheet.sheet_state = "hidden"
    elif how == "rename_data":
        sheet.title = rng.choice(["Sheet1", "2025年6月", "数据 (2)", "'引号'", "x" * 31])
    elif how == "data_first":
        book.move_sheet(sheet, offset=-book.index(sheet))
    elif how == "many_sheets":
        for i in range(rng.randint(5, 30)):
            book.create_sheet(f"附表{i}").append([cell_value(rng.choice(NASTY)) for _ in range(3)])
    elif how == "merge_cells":
        r, c = data_cell(rng, table)
        sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=min(r + 2, len(table.cells)),
                          end_column=min(c + 2, len(table.header)))
    elif how == "title_row":
        sheet.insert_rows(1)
        sheet.cell(1, 1).value = "2025年全省汇总表"
    elif how == "delete_instructions":
        del book[template_xlsx.INSTRUCTIONS]
    else:
        sheet.delete_rows(2, len(table.cells))
    return Built(file_name(dataset, ".xlsx"), save(book), note=how)


def bad_options(rng, dataset):
    """A valid file with options a user can get wrong: a period that cannot be, a sheet that is not there."""
    suffix, data = as_file(rng, valid_table(dataset))
    option = rng.choice([Options(period=rng.choice(["2025年13月", "明年", NEXT_MONTH, "2099年", ""])),
                         Options(sheet=rng.choice(["不存在", "", "选项", "填写说明"])), Options(valid_only=True)])
    return Built(file_name(dataset, suffix), data, options=option, note=repr(option))


KINDS = {  # kind → (builder, share of the cases)
    "cell": (mutate_cell, 7), "cells": (mutate_many, 2), "header": (mutate_header, 2), "shape": (shape, 2),
    "duplicate": (duplicate_row, 2), "negative": (negative_count, 1), "over100": (over_100, 1),
    "future": (future_period, 1), "types": (wrong_type_xlsx, 2), "formula": (formula, 2),
    "encoding": (encoding, 2), "truncated": (truncated_xlsx, 2), "bitflip": (bitflip_xlsx, 2),
    "zipfields": (zip_header_fields, 1), "members": (broken_members, 1), "bomb": (zip_bomb, 1),
    "huge": (huge_sheet, 1), "oversized": (oversized_file, 1), "garbage": (garbage, 1),
    "sheets": (sheets_and_cells, 1), "options": (bad_options, 1),
}


@dataclass(frozen=True)
class Spec:
    case_id: str
    kind: str
    dataset: str
    seed: int
    mode: str  # load / preview

    def build(self) -> Built:
        return KINDS[self.kind][0](random.Random(self.seed), self.dataset)


def specs() -> list[Spec]:
    """CASES_N cases: kinds in their shares, datasets in turn within each kind, a sub-seed each."""
    rng = random.Random(SEED)
    weights = [share for _, share in KINDS.values()]
    out, turn = [], {k: rng.randrange(len(DATASETS)) for k in KINDS}
    for i in range(CASES_N):
        kind = rng.choices(list(KINDS), weights)[0]
        dataset = DATASETS[turn[kind] % len(DATASETS)]
        turn[kind] += 1
        mode = "load" if i % LOAD_EVERY == 0 else "preview"
        out.append(Spec(f"{i:03d}-{kind}-{dataset}-{mode}", kind, dataset, rng.getrandbits(32), mode))
    return out


SPECS = specs()


# ---------------------------------------------------------------- the warehouse and what a case may change

TABLES_SQL = ("select table_name from information_schema.tables where table_type = 'BASE TABLE' "
              "order by table_name")
CHECKSUM_SQL = "select count(*), coalesce(sum(hash(t)), 0) from t"  # run on each table as the relation t


def fingerprint(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Per table of the published build: its row count and a checksum of every row."""
    con = duckdb.connect(os.path.realpath(warehouse), read_only=True)
    try:
        names = [r[0] for r in con.execute(TABLES_SQL).fetchall()]
        return {name: con.table(name).query("t", CHECKSUM_SQL).fetchall()[0] for name in names}
    finally:
        con.close()


def file_digest(warehouse: Path) -> str:
    """The SHA-256 of the bytes of the build the link points at."""
    return hashlib.sha256(Path(os.path.realpath(warehouse)).read_bytes()).hexdigest()


def base_template(dataset: str, row: str) -> str:
    return ",".join(TEMPLATES[dataset].headers) + "\n" + row + "\n"


@pytest.fixture(scope="module")
def base_build(tmp_path_factory) -> Path:
    """One small warehouse, built once: the build every case starts from."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    source = folder / "source"
    source.mkdir()
    for dataset, row in BASE_ROWS.items():
        (source / TEMPLATES[dataset].file_name).write_text(base_template(dataset, row), encoding="utf-8-sig")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "RAW_DIR", folder / "raw")
        target = build.build(folder / "warehouse.duckdb", source)
    return Path(os.path.realpath(target))


def publish_copy(base: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, folder / "copy.duckdb")
    build.publish(folder / "copy.duckdb", folder / "warehouse.duckdb")
    return folder / "warehouse.duckdb"


@pytest.fixture(scope="module")
def base_state(base_build) -> tuple[str, dict]:
    """The base build's SHA-256 and table fingerprint: every warehouse a case starts from is a copy of it."""
    return file_digest(base_build), fingerprint(base_build)


@pytest.fixture(scope="module")
def shared_warehouse(base_build, tmp_path_factory) -> Path:
    """The preview cases' warehouse: one copy for all of them, since a preview must never write."""
    return publish_copy(base_build, tmp_path_factory.mktemp("fuzz-shared"))


@pytest.fixture
def point_at(monkeypatch, tmp_path):
    """Point settings at a warehouse, with a raw store of this test's own."""
    def point(warehouse: Path) -> Path:
        monkeypatch.setattr(settings, "WAREHOUSE_PATH", warehouse)
        monkeypatch.setattr(settings, "VAR_DIR", warehouse.parent)
        monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
        return warehouse
    return point


# ---------------------------------------------------------------- running one file, and what must hold

# A problem that names neither row nor column must be about the whole file (or sheet, or option).
WHOLE_FILE = re.compile(
    "是空文件|超过 \\d+ MB|类型“.*”不受支持|没有任何数据|过大|过宽|不是文本表格|编码无法识别|解压后超过|"
    "不是有效的 xlsx|无法作为 xlsx? 打开|没有找到.*无法判断这是什么数据|找不到工作表|表中没有可导入的数据行")


@dataclass
class Result:
    refused: bool
    problems: list
    loaded: bool = False


def run(built: Built, mode: str, folder: Path) -> Result:
    """Write the file and load or preview it; only the importer's own refusals may come out of it."""
    path = folder / "upload" / built.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(built.data)
    try:
        if mode == "load":
            outcome = load.load(path, built.options, loaded_by="fuzz", file_name=built.name)
            return Result(False, outcome.preview.problems, loaded=outcome.batch_id is not None)
        preview = load.preview(path, built.options, file_name=built.name)
        return Result(not preview.loadable(built.options.valid_only), preview.problems)
    except ingest.RejectedFile as rejected:
        return Result(True, rejected.problems)
    except load.LoadRefused as refused:
        return Result(True, [refused])


def problem_faults(built: Built, result: Result) -> list[str]:
    """What is wrong with the problems reported: not Chinese, not naming the file, a cell fault not located."""
    faults = []
    for p in result.problems:
        if isinstance(p, load.LoadRefused):
            if not CJK.search(str(p)) or built.name not in str(p):
                faults.append(f"LoadRefused without Chinese or the file: {p}")
            continue
        text = p.text()
        if p.file != built.name or not CJK.search(p.message) or f"文件“{built.name}”" not in text:
            faults.append(f"not Chinese or not naming the file: {text}")
        if p.row is None and p.column is None and not WHOLE_FILE.search(p.message):
            faults.append(f"neither row nor column for a problem that is not about the whole file: {text}")
    located = [p for p in result.problems if getattr(p, "row", None) is not None and getattr(p, "column", None)]
    whole = [p for p in result.problems if not isinstance(p, load.LoadRefused) and WHOLE_FILE.search(p.message)]
    if built.cell and result.refused and not located and not whole:
        faults.append(f"one damaged cell {built.cell}, but no problem names a row and a column")
    if result.refused and not result.problems:
        faults.append("refused without a problem")
    return faults


def raw_kept(built: Built) -> bool:
    kept = settings.RAW_DIR / f"{hashlib.sha256(built.data).hexdigest()[:16]}_{built.name}"
    return kept.exists() and kept.read_bytes() == built.data and not list(settings.RAW_DIR.glob(".*.part"))


def leftovers(warehouse: Path) -> list[str]:
    return [p.name for p in warehouse.parent.glob(".*.loading*")]


def test_there_are_at_least_200_cases_over_every_dataset():
    assert len({s.case_id for s in SPECS}) == len(SPECS) >= 200
    assert {s.dataset for s in SPECS} == set(DATASETS)
    assert {s.kind for s in SPECS} == set(KINDS)
    assert sum(s.mode == "load" for s in SPECS) >= 40


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_every_valid_file_loads(dataset, form, base_build, base_state, point_at, tmp_path):
    """The fuzz starts from files that load: a refusal below is the damage's doing, not the baseline's.
    The CSV is loaded; the workbook, which reads into the same rows, is previewed (cheaper)."""
    warehouse = point_at(publish_copy(base_build, tmp_path / "var"))
    table = valid_table(dataset)
    built = Built(file_name(dataset, "." + form), to_xlsx(table) if form == "xlsx" else to_csv(table).encode())
    result = run(built, "load" if form == "csv" else "preview", tmp_path)
    assert not result.refused and not result.problems, [p.text() for p in result.problems]
    assert result.loaded == (form == "csv")
    if form == "csv":
        assert fingerprint(warehouse)["batch"][0] == base_state[1]["batch"][0] + 1


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.case_id)
def test_a_damaged_file_loads_cleanly_or_is_refused_and_changes_nothing(spec, base_build, base_state,
                                                                        shared_warehouse, point_at, tmp_path,
                                                                        monkeypatch):
    where = f"fuzz seed {SEED}, case {spec.case_id}, sub-seed {spec.seed}"
    print(where)
    built = spec.build()
    for limit, value in built.patch.items():
        monkeypatch.setattr(readers, limit, value)
    warehouse = point_at(publish_copy(base_build, tmp_path / "var") if spec.mode == "load" else shared_warehouse)
    # Every warehouse starts as a copy of the base build (base_state: its bytes' SHA-256 and each
    # table's row count and checksum). After a refusal or a preview the link and the bytes are the
    # same; after a refused load each table's count and checksum are too.
    link = os.readlink(warehouse)
    try:
        result = run(built, spec.mode, tmp_path)
    except Exception as error:
        raise AssertionError(f"{where} ({built.name}, {built.note}): {type(error).__name__}: {error}") from error
    context = f"{where} ({built.name}, {built.note}):\n" + "\n".join(
        p.text() if hasattr(p, "text") else str(p) for p in result.problems[:12])
    assert problem_faults(built, result) == [], context
    assert raw_kept(built), f"{where}: the upload is not whole in the raw store"
    assert not leftovers(warehouse), context
    if result.refused or spec.mode == "preview":
        assert os.readlink(warehouse) == link and file_digest(warehouse) == base_state[0], context
    if spec.mode == "load" and result.refused:
        assert fingerprint(warehouse) == base_state[1], context
        assert load.read_log()["event"].iloc[-1] == "rejected", context


# ---------------------------------------------------------------- regressions: what the fuzzing found

def refusal(built: Built, base_build: Path, folder: Path, point_at, mode: str = "preview") -> list[str]:
    """Preview (or load) a file that must be refused, check it changed nothing, return its problems' texts."""
    warehouse = point_at(publish_copy(base_build, folder / "var"))
    before, link = file_digest(warehouse), os.readlink(warehouse)
    tables = fingerprint(warehouse) if mode == "load" else None
    result = run(built, mode, folder)
    texts = [p.text() for p in result.problems]
    assert result.refused and problem_faults(built, result) == [], texts
    assert os.readlink(warehouse) == link and file_digest(warehouse) == before
    assert mode == "preview" or fingerprint(warehouse) == tables
    assert raw_kept(built) and not leftovers(warehouse)
    return texts


def member_entry(data: bytes, name: str) -> tuple[int, int]:
    """(central directory entry, local header) offsets of one zip member."""
    for m in re.finditer(rb"PK\x01\x02", data):
        length = struct.unpack_from("<H", data, m.start() + 28)[0]
        if data[m.start() + 46: m.start() + 46 + length] == name.encode():
            return m.start(), struct.unpack_from("<I", data, m.start() + 42)[0]
    raise KeyError(name)


def damaged_sheet_member(how: str) -> bytes:
    """The parks workbook with its data sheet's zip member damaged in one way."""
    data = bytearray(to_xlsx(valid_table("parks")))
    sheet = next(n for n in zip_names(bytes(data)) if n.startswith("xl/worksheets/sheet2"))
    central, local = member_entry(bytes(data), sheet)
    if how == "encrypted":  # general-purpose flag bit 0, in both headers
        for at in (central + 8, local + 6):
            struct.pack_into("<H", data, at, struct.unpack_from("<H", data, at)[0] | 1)
    elif how == "unknown_method":
        struct.pack_into("<H", data, central + 10, 99)
        struct.pack_into("<H", data, local + 8, 99)
    else:  # the deflate stream itself: bytes in the middle of the compressed data
        start = local + 30 + sum(struct.unpack_from("<HH", data, local + 26))
        size = struct.unpack_from("<I", data, central + 20)[0]
        for i in range(start + size // 3, start + size // 3 + 16):
            data[i] ^= 0x5A
    return bytes(data)


@pytest.mark.parametrize("how", ["encrypted", "unknown_method", "corrupt_deflate"])
def test_regression_a_damaged_sheet_member_is_refused_not_a_crash(how, base_build, point_at, tmp_path):
    """Found by cases 023 and 184 (zlib.error out of readers._check_zip); the encrypted member and the
    unknown compression method raised RuntimeError and NotImplementedError from the same place."""
    texts = refusal(Built("parks.xlsx", damaged_sheet_member(how)), base_build, tmp_path, point_at)
    assert any("不是有效的 xlsx 文件（可能已损坏或被截断）" in t for t in texts), texts


@pytest.mark.parametrize(("dataset", "column", "value", "says"), [
    ("leading_industries", "rank", "-1e308", "应为不小于 1 的整数"),
    ("leading_industries", "rank", "1.5", "应为不小于 1 的整数"),
    ("leading_industries", "rank", "1e20", "应为不小于 1 的整数（不超过 2147483647）"),
    ("leading_industries", "rank", "0", "应为不小于 1 的整数"),
    ("leading_industries", "rank", "-2", "应为不小于 1 的整数"),
    ("leading_industries", "year", "2024.5", "年份应写作 2025 或 2025年"),
    ("leading_industries", "year", "", "年份为空"),
    ("honours", "year_awarded", "2024.5", "年份应写作 2025 或 2025年"),
    ("honours", "year_awarded", "-1", "年份应写作 2025 或 2025年，而不是“-1”"),
    ("villages", "natural_villages", "3e9", "应为不小于 0 的整数（不超过 2147483647）"),
], ids=["rank_huge_negative", "rank_not_whole", "rank_past_int64", "rank_zero", "rank_negative", "year_not_whole",
        "year_empty", "honour_year_not_whole", "honour_year_negative", "village_count_past_int32"])
def test_regression_a_bad_whole_number_is_refused_not_a_failed_cast(dataset, column, value, says, base_build,
                                                                     point_at, tmp_path):
    """Found by case 183 (TypeError: cannot safely cast non-equivalent float64 to int64): years and ranks
    went through astype("Int64") unchecked, and a count past 2**31 would have failed the INTEGER insert."""
    table = valid_table(dataset)
    set_value(table, 2, column, value)
    mode = "load" if dataset == "villages" else "preview"  # past 2**31 it failed only at the insert
    texts = refusal(Built(file_name(dataset, ".csv"), to_csv(table).encode()), base_build, tmp_path, point_at, mode)
    header = TEMPLATES[dataset].headers[column_of(dataset, column)]
    assert any(f"第 3 行「{header}」列" in t and says in t for t in texts), texts


@pytest.mark.parametrize(("dataset", "column", "value", "says"), [
    ("leading_industries", "year", str(TODAY.year + 1), f"年份 {TODAY.year + 1} 晚于今年"),
    ("honours", "year_awarded", "2099", "年份 2099 晚于今年"),
    ("growth_point_reports", "period", NEXT_MONTH, "期别晚于当前月份，不能导入未来的数据"),
    ("growth_point_reports", "period", "2025年", "报送期别应为一个月份，如 2025年6月，而不是“2025年”"),
    ("growth_point_reports", "period", "2025年1-6月", "报送期别应为一个月份"),
], ids=["leading_industry_next_year", "honour_2099", "report_next_month", "report_for_a_year", "report_for_a_span"])
def test_regression_a_future_or_wrong_kind_of_period_is_refused(dataset, column, value, says, base_build, point_at,
                                                                tmp_path):
    """Found by case 002 (a leading industry for next year loaded): the README promises future periods are
    refused, and only county, park and enterprise values and villages checked it."""
    table = valid_table(dataset)
    set_value(table, 1, column, value)
    texts = refusal(Built(file_name(dataset, ".csv"), to_csv(table).encode()), base_build, tmp_path, point_at)
    header = TEMPLATES[dataset].headers[column_of(dataset, column)]
    assert any(f"第 2 行「{header}」列" in t and says in t for t in texts), texts


@pytest.mark.parametrize(("dataset", "what"), [
    ("park_values", "同一对象、指标和期别"), ("enterprise_values", "同一对象、指标和期别"),
    ("honours", "同一企业、荣誉、级别和年份"), ("growth_point_reports", "同一项目和月份"),
    ("leading_industries", "同一县、年份和序号"),
])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_regression_a_duplicate_row_is_refused(dataset, what, form, base_build, point_at, tmp_path):
    """Found by cases 005, 030, 035, 038 and 055: a row given twice loaded twice (an honour or a report
    counted twice); only county values and the record lists with a key of their own were checked."""
    table = valid_table(dataset)
    table.cells.append(list(table.cells[1]))
    data = to_xlsx(table) if form == "xlsx" else to_csv(table).encode()
    texts = refusal(Built(file_name(dataset, "." + form), data), base_build, tmp_path, point_at,
                    "load" if form == "csv" else "preview")
    assert any("第 4 行「" in t and f"{what}在本文件中出现了不止一次" in t for t in texts), texts


@pytest.mark.parametrize("how", ["far_cell", "rows"])
def test_regression_a_sheet_over_the_cell_limit_is_refused_as_too_big(how, base_build, point_at, tmp_path,
                                                                      monkeypatch):
    """Found by cases 024, 073 and 115: an xlsx sheet past MAX_CELLS was skipped in silence, and the file
    was then refused for “没有找到可识别的…” (or its 填写说明 sheet read instead)."""
    monkeypatch.setattr(readers, "MAX_CELLS", 2000)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(valid_table("parks"))))
    sheet = book[template_xlsx.DATA]
    if how == "far_cell":  # one stray cell: a sheet of 5000 × 16384 that openpyxl would fill in on reading
        sheet.cell(5000, 16384).value = "x"
    else:
        for _ in range(300):
            sheet.append(VALID_ROWS["parks"][0].split(","))
    texts = refusal(Built("parks.xlsx", save(book)), base_build, tmp_path, point_at)
    assert any("过大" in t for t in texts) and not any("没有找到" in t for t in texts), texts


def test_regression_millions_of_empty_cells_are_refused_before_openpyxl_reads_them(base_build, point_at, tmp_path):
    """A 60 KB xlsx whose sheet holds 5.1 million empty cells (<c/>): openpyxl would need minutes and
    gigabytes for it; the cells are counted in the zip first, at the real limit."""
    row = b"<row>" + b"<c/>" * 1000 + b"</row>"
    rows = row * (readers.MAX_CELLS // 1000 + 100)
    data = to_xlsx(valid_table("parks"))
    sheet = next(n for n in zip_names(data) if n.startswith("xl/worksheets/sheet2"))
    data = rezip(data, {sheet: lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)})
    assert len(data) < 200_000
    started = time.process_time()
    texts = refusal(Built("parks.xlsx", data), base_build, tmp_path, point_at)
    assert time.process_time() - started < 10
    assert any("过大（" in t and "个单元格" in t for t in texts), texts


def test_regression_thousands_of_columns_are_refused_at_once(base_build, point_at, tmp_path):
    """A 64 KB CSV of 16000 columns took a minute to recognise (milliseconds per column, well within
    MAX_CELLS); the readers now refuse more than MAX_COLUMNS columns."""
    width = 16000
    text = "地区," + ",".join(f"x{i}" for i in range(width)) + "\n大冶市," + ",".join("1" * width) + "\n"
    started = time.process_time()
    texts = refusal(Built("wide.csv", text.encode()), base_build, tmp_path, point_at)
    assert time.process_time() - started < 10
    assert any(f"过宽（{width + 1} 列，最多 {readers.MAX_COLUMNS} 列）" in t for t in texts), texts


@pytest.mark.parametrize(("dataset", "column"), [("parks", "park_name"), ("enterprises", "enterprise_name"),
                                                 ("growth_points", "project_id"), ("villages", "township")])
def test_regression_a_formula_in_a_text_column_is_refused(dataset, column, base_build, point_at, tmp_path):
    """A formula without a saved result loaded its own text as a name (=A1&"园"); a number column said so."""
    table = valid_table(dataset)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table)))
    book[template_xlsx.DATA].cell(2, column_of(dataset, column) + 1).value = '=A1&"园"'
    texts = refusal(Built(file_name(dataset, ".xlsx"), save(book)), base_build, tmp_path, point_at)
    header = TEMPLATES[dataset].headers[column_of(dataset, column)]
    assert any(f"第 2 行「{header}」列：单元格是公式，文件中没有它的计算结果" in t for t in texts), texts


@pytest.mark.parametrize("how", ["empty_template", "header_damaged"])
def test_regression_the_instructions_sheet_is_not_read_as_data(how, base_build, point_at, tmp_path):
    """Found by cases 014, 025, 071 and 090: when the 数据 sheet could not be used, the 填写说明 sheet was
    read as a county table and the problems named its 列名/必填/说明 columns as unknown indicators."""
    table = valid_table("county_values" if how == "empty_template" else "parks")
    if how == "empty_template":
        table.cells = table.cells[:1]
    else:
        table.header[column_of("parks", "park_kind")] = "类型"
    texts = refusal(Built(file_name(table.dataset, ".xlsx"), to_xlsx(table)), base_build, tmp_path, point_at)
    assert not any("填写说明" in t for t in texts), texts
    if how == "header_damaged":
        assert any("第 1 行：缺少必填列“园区类型”（模板：工业园区）" in t for t in texts), texts
    from data.importer import sheet_choice
    assert sheet_choice.INSTRUCTIONS == template_xlsx.INSTRUCTIONS


def test_regression_the_published_wide_template_loads_with_its_unusable_columns_left_empty(base_build, point_at,
                                                                                          tmp_path):
    """The wide county template (python -m ui.files.template_xlsx) carries every yearly indicator, 主导产业 and
    产业集群 (category indicators the county import refuses) among them, and says to leave unused columns
    empty; a filled-in template was refused for those two empty columns."""
    catalog = catalog_indicators()
    with open(settings.CATALOG_DIR / "indicators.csv", encoding="utf-8") as f:
        yearly = {r["id"] for r in csv.DictReader(f) if r["frequency"] == "yearly" and r["kind"] != "derived"}
    indicators = [c for c in catalog if c[0] in yearly]
    assert {"leading_industry", "industrial_cluster"} <= {i for i, _, _ in indicators}
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx.to_wide_xlsx(
        regions=REGIONS[:3], indicators=indicators, period_label="2025年")))
    sheet = book[template_xlsx.DATA]
    column = 4 + [i for i, _, _ in indicators].index("output_year_yi")
    for r in (2, 3, 4):
        sheet.cell(r, column).value = str(100 + r)
    warehouse = point_at(publish_copy(base_build, tmp_path / "var"))
    result = run(Built("county_values_wide.xlsx", save(book)), "load", tmp_path)
    assert result.loaded and not result.problems, [p.text() for p in result.problems]
    con = duckdb.connect(os.path.realpath(warehouse), read_only=True)
    try:
        loaded = con.execute("select count(*) from county_value where indicator_id = 'output_year_yi' "
                             "and period = date '2025-01-01'").fetchall()[0][0]
    finally:
        con.close()
    assert loaded == 3
