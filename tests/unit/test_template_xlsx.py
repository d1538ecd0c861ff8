"""Excel import templates: every template opens with its instructions, exact headers, drop-downs and text codes."""

import csv
import importlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from data.importer import parse
from data.importer.templates import TEMPLATES, Column, Template
from geo.registry import regions
from ui.files import template_xlsx

ROOT = Path(__file__).resolve().parents[2]
# Codes keep leading zeros and periods stay text (Excel turns a typed 2025-06 into a date) only in text cells.
CODE_HEADERS = {"地区代码", "统一社会信用代码", "行业代码", "园区代码", "上级园区代码", "项目代码", "期别", "投产月份",
                "村代码", "目标年份"}
RANGE = re.compile(r"^'?(?P<sheet>[^'!]+)'?!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+):\$(?P<c2>[A-Z]+)\$(?P<r2>\d+)$")
# A period-looking token: 2025年6月, 2025-06, 202506, 2025年, and anything longer such as 2025年1-6月.
PERIOD_TOKEN = re.compile(r"(?<![\dA-Za-z])20\d{2}[年\-/.]?\d{0,2}(?:[-—–]\d{1,2})?月?(?![\dA-Za-z])")


def _catalog() -> list[dict[str, str]]:
    with open(ROOT / "data" / "warehouse" / "catalog" / "indicators.csv", encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["kind"] != "derived"]


REGIONS = [(r.adcode, r.name) for r in regions()]
INDICATORS = [(r["id"], r["name"], r["unit"]) for r in _catalog()]


def _examples(template: Template) -> list[list[str]]:
    """Two rows per template: plain text, then values Excel likes to rewrite (leading zeros, dates, decimals)."""
    plain = [f"{c.header}甲" for c in template.columns]
    tricky = ["" if not c.required else ("007", "2025-06", "1.50", "0042")[i % 4]
              for i, c in enumerate(template.columns)]
    return [plain, tricky]


def _expected_lists(template: Template) -> dict[str, list[str]]:
    """Header → the values its drop-down must offer, taken from the importer's own sets where it has them."""
    from data.importer import prepare  # the importer's accepted values, not this module's copy of them

    yes_no = {"是", "否"}
    fixed = {"园区类型": prepare.PARK_KINDS, "是否规上": yes_no, "是否报送": yes_no, "是否通5G": yes_no,
             "状态": prepare.VALUE_STATUSES if template.dataset == "county_values" else prepare.GROWTH_STATUSES}
    lists = {"地区名称": [n for _, n in REGIONS], "指标名称": [n for _, n, _ in INDICATORS],
             "指标代码": [i for i, _, _ in INDICATORS]}
    return {h: lists.get(h) or sorted(fixed[h]) for h in template.headers if h in lists or h in fixed}


def _open(template: Template):
    return load_workbook(io.BytesIO(template_xlsx.to_xlsx(
        template, regions=REGIONS, indicators=INDICATORS, examples=_examples(template))))


def _instruction_rows(ws) -> list[tuple]:
    """The rows of the column table on 填写说明, below its 列名 / 必填 / 说明 / 示例 header."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[:4] == ("列名", "必填", "说明", "示例"))
    return [r for r in rows[start + 1:] if r[0]]


def _validations(ws) -> dict[str, object]:
    """Column letter → its data validation (each template column has at most one)."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for cells in str(dv.sqref).split():
            letter = re.match(r"[A-Z]+", cells).group()
            assert letter not in out, f"two validations on column {letter}"
            out[letter] = dv
    return out


def _range_values(wb, formula: str) -> list[str]:
    m = RANGE.match(formula)
    assert m and m["c1"] == m["c2"], formula
    ws = wb[m["sheet"]]
    return [ws[f"{m['c1']}{r}"].value for r in range(int(m["r1"]), int(m["r2"]) + 1)]


def test_regions_are_the_103_units():
    assert len(REGIONS) == 103 and len(INDICATORS) > 50


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_sheets_headers_and_instructions(template):
    wb = _open(template)
    assert wb.sheetnames == ["填写说明", "数据", "选项"]
    assert wb["选项"].sheet_state == "hidden"
    assert wb["填写说明"].sheet_state == wb["数据"].sheet_state == "visible"
    ws = wb["数据"]
    assert [c.value for c in ws[1]] == template.headers
    assert ws.freeze_panes == "A2" and all(c.font.bold and c.fill.fill_type == "solid" for c in ws[1])
    assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])
    table = _instruction_rows(wb["填写说明"])
    assert [r[0] for r in table] == template.headers
    assert [r[1] for r in table] == ["是" if c.required else "否" for c in template.columns]
    assert all(r[2] for r in table), "every column needs a description"
    assert template.title in wb["填写说明"]["A1"].value


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_drop_downs_offer_exactly_the_given_lists(template):
    wb = _open(template)
    ws = wb["数据"]
    letters = {c.value: c.column_letter for c in ws[1]}
    found = _validations(ws)
    expected = _expected_lists(template)
    assert set(found) == {letters[h] for h in expected}, "a drop-down is missing or on the wrong column"
    for header, values in expected.items():
        dv = found[letters[header]]
        assert dv.type == "list" and dv.error and dv.errorTitle and dv.prompt and dv.showErrorMessage
        assert str(dv.sqref) == f"{letters[header]}2:{letters[header]}5000"
        offered = _range_values(wb, dv.formula1)
        assert (offered if header in ("地区名称", "指标名称", "指标代码") else sorted(offered)) == values
    if "地区名称" in letters:
        assert len(_range_values(wb, found[letters["地区名称"]].formula1)) == 103
        # The importer resolves 大冶 as well as 大冶市: the drop-down may warn but must not refuse.
        assert found[letters["地区名称"]].errorStyle != "stop"


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_code_columns_are_text(template):
    ws = _open(template)["数据"]
    codes = [c for c in ws[1] if c.value in CODE_HEADERS]
    for cell in codes:
        assert ws.column_dimensions[cell.column_letter].number_format == "@", cell.value
        assert ws.cell(row=3, column=cell.column).number_format == "@", cell.value
    others = [c for c in ws[1] if c.value not in CODE_HEADERS]
    assert all(ws.column_dimensions[c.column_letter].number_format != "@" for c in others)


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_examples_read_back_unchanged(template):
    data = template_xlsx.to_xlsx(template, regions=REGIONS, indicators=INDICATORS, examples=_examples(template))
    frame = pd.read_excel(io.BytesIO(data), sheet_name="数据", dtype=str).fillna("")
    assert list(frame.columns) == template.headers
    assert frame.to_numpy().tolist() == _examples(template)


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_the_importers_reader_sees_the_data_sheet_as_text(template, tmp_path):
    readers = pytest.importorskip("data.importer.readers")
    path = tmp_path / f"{template.dataset}.xlsx"
    path.write_bytes(template_xlsx.to_xlsx(template, regions=REGIONS, indicators=INDICATORS,
                                           examples=_examples(template)))
    sheets = {s.name: s for s in readers.read_sheets(path)}
    assert set(sheets) == {"填写说明", "数据"}, "the hidden option lists must not reach the importer"
    assert sheets["数据"].cells.to_numpy().tolist() == [template.headers, *_examples(template)]


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=lambda t: t.dataset)
def test_every_period_written_in_the_instructions_parses(template):
    ws = _open(template)["填写说明"]
    texts = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
    tokens = {t for text in texts for t in PERIOD_TOKEN.findall(text)}
    if "期别" in template.headers:
        assert {"2025年6月", "2025年1-6月", "2025年"} <= tokens
    for token in tokens:
        parse.to_period(token)  # raises on a spelling the importer does not accept


def test_wide_template_prefills_every_county():
    indicators = [(r["id"], r["name"], r["unit"]) for r in _catalog() if r["frequency"] == "yearly"]
    data = template_xlsx.to_wide_xlsx(regions=REGIONS, indicators=indicators, period_label="2025年")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["填写说明", "数据"]
    ws = wb["数据"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["地区代码", "地区名称", "期别"] and len(headers) == 3 + len(indicators)
    for header, (_, name, unit) in zip(headers[3:], indicators):
        assert header.startswith(name) and header.endswith(f"（{unit}）")
    assert ws.max_row == 1 + 103
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, ws.max_row + 1))
    assert ws.column_dimensions["A"].number_format == "@"
    frame = pd.read_excel(io.BytesIO(data), sheet_name="数据", dtype=str)
    assert frame["地区代码"].tolist() == [a for a, _ in REGIONS]
    assert frame["地区名称"].tolist() == [n for _, n in REGIONS] and set(frame["期别"]) == {"2025年"}
    assert frame[headers[3:]].isna().all().all()
    assert [r[0] for r in _instruction_rows(wb["填写说明"])] == headers


def test_undocumented_column_raises():
    bad = Template("x", "测试", "x.csv", (Column("adcode", "地区代码"), Column("no_such_column", "无说明")))
    with pytest.raises(KeyError, match="no_such_column"):
        template_xlsx.to_xlsx(bad, regions=REGIONS, indicators=INDICATORS)
    with pytest.raises(KeyError, match="no_such_column"):
        template_xlsx.check_notes([bad])


def test_a_new_template_without_descriptions_fails_at_import(monkeypatch):
    bad = Template("x", "测试", "x.csv", (Column("no_such_column", "无说明"),))
    monkeypatch.setitem(TEMPLATES, "x", bad)
    try:
        with pytest.raises(KeyError, match="no_such_column"):
            importlib.reload(template_xlsx)
    finally:
        monkeypatch.undo()
        importlib.reload(template_xlsx)


def test_cli_writes_every_template(tmp_path):
    template_xlsx.main([str(tmp_path), "--period", "2025年"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"{d}.xlsx" for d in TEMPLATES] + ["county_values_wide.xlsx"])
    wide = pd.read_excel(tmp_path / "county_values_wide.xlsx", sheet_name="数据", dtype=str)
    frequency = {r["name"]: r["frequency"] for r in _catalog()}
    # One 期别 per row: every wide column must be an indicator of that period's frequency.
    names = [re.sub(r"（[^（）]*）$", "", h) for h in wide.columns[3:]]
    assert names and {frequency[n] for n in names} == {parse.to_period("2025年").frequency}
    wb = load_workbook(tmp_path / "county_values.xlsx")
    assert len(_range_values(wb, _validations(wb["数据"])["B"].formula1)) == 103
