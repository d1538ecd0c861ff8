"""Where things are in a statistics sheet: title, unit line, header rows, region column, data rows, footnotes.

Real tables from statistics offices put a title and 单位：万元 above the header, spread the
header over several rows with merged cells, indent county names under prefecture subtotals and
end with 注： lines. This module finds those parts; sheet_table turns them into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.importer import parse
from data.importer.options import Options
from data.importer.prepare import Context
from data.importer.readers import Sheet
from data.importer.templates import Template
from geo.registry import resolve_prefecture

FOOTNOTE_RE = re.compile(r"^(注|备注|说明|附注|资料来源|数据来源|填报|制表|审核|负责人|联系人|[*＊※])")
AGGREGATE_RE = re.compile(r"^(全省|湖北|湖北省|全省合计|全省总计|合计|总计|小计|全市|全州|全区|全县|市本级|市直|"
                          r"省直管.*|省直辖.*|.*都市圈|其中)$")
NON_COUNTY_RE = re.compile(r"(开发区|高新区|新区|经开区|试验区|示范区|园区|管委会|保税区|新城|产业园|工业园|功能区)$")
LEADING_MARKS = re.compile(r"^(其中[:：]|[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)")


@dataclass
class Layout:
    """The parts of one sheet, by spreadsheet row number (1-based) and column position (0-based)."""
    region_col: int | None
    code_col: int | None
    title: str = ""
    unit_units: list[str] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    data_rows: list[int] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    headers: dict[int, list[str]] = field(default_factory=dict)  # column → header parts, top to bottom


def column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def region_text(text: str) -> str:
    """A region cell without its outline marks: '其中：大冶市' and '（一）大冶市' name 大冶市."""
    return LEADING_MARKS.sub("", parse.fold(text)).strip()


def place(ctx: Context, text: str) -> tuple[str, str | None]:
    """What a row's region cell names: ('county', adcode), ('aggregate'|'non_county'|'other'|'blank', None)."""
    raw = region_text(text)
    if not raw:
        return "blank", None
    adcode = ctx.region(raw)
    if adcode:
        return "county", adcode
    if AGGREGATE_RE.match(raw) or resolve_prefecture(raw):
        return "aggregate", None
    if NON_COUNTY_RE.search(raw):
        return "non_county", None
    return "other", None


def map_unique(series: pd.Series, fn) -> pd.Series:
    """fn applied once per distinct value: county tables repeat the same names thousands of times."""
    return series.map({v: fn(v) for v in series.unique()})


def _place_counts(ctx: Context, cells: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Per column: cells naming a county by name, and cells naming one by code."""
    by_name, by_code = {}, {}
    for column in cells.columns:
        kind = map_unique(cells[column], lambda v: ("code" if re.fullmatch(r"\d{6}(\d{6})?", parse.fold(v)) else
                                                    "name") if place(ctx, v)[0] == "county" else "")
        by_name[column], by_code[column] = int((kind == "name").sum()), int((kind == "code").sum())
    return pd.Series(by_name), pd.Series(by_code)


def _distinct(row: pd.Series) -> set[str]:
    return {v for v in row.map(parse.fold) if v}


def find_layout(ctx: Context, cells: pd.DataFrame, *, merges_known: bool = False) -> Layout:
    """Locate the region column, the header rows above the first region and the footnotes below the data."""
    by_name, by_code = _place_counts(ctx, cells)
    region_col = int(by_name.idxmax()) if by_name.max() > 0 else None
    code_col = int(by_code.idxmax()) if by_code.max() > 0 and by_code.idxmax() != region_col else None
    layout = Layout(region_col, code_col)
    key_col = region_col if region_col is not None else code_col
    if key_col is None:
        return layout
    stripped = cells.apply(lambda c: c.astype(str).str.strip())
    nonblank = stripped.ne("")
    kinds = map_unique(cells[key_col], lambda v: place(ctx, v)[0])
    candidates = kinds.index[~kinds.isin(["blank", "other"]) & (nonblank.sum(axis=1) > 1)]
    first_data = next((r for r in candidates if len(_distinct(cells.loc[r])) > 1), None)
    if first_data is None:
        return layout
    top = cells.loc[: first_data - 1]
    _split_top(top[nonblank.loc[: first_data - 1].any(axis=1)], layout)
    _split_bottom(cells, stripped, nonblank, first_data, layout)
    layout.headers = compose_headers(cells, layout, fill_groups=not merges_known)
    return layout


def _split_top(top: pd.DataFrame, layout: Layout) -> None:
    """Rows above the data: leading one-value rows are titles, a 单位： cell is the unit line, the rest the header."""
    header_started = False
    for row_number, row in top.iterrows():
        values = _distinct(row)
        units = [u for v in values for u in parse.units_of_line(v)]
        if units:
            layout.unit_units = units
            values = {v for v in values if not parse.units_of_line(v)}
        if not header_started and len(values) <= 1:
            layout.title = " ".join(filter(None, [layout.title, *values]))
            continue
        header_started = True
        layout.header_rows.append(int(row_number))


def _split_bottom(cells, stripped, nonblank, first_data: int, layout: Layout) -> None:
    """Data rows from first_data until the first footnote row (注：…); every row after it is a footnote too."""
    rest, filled = stripped.loc[first_data:].to_numpy(dtype=object), nonblank.loc[first_data:].to_numpy()
    first_cell = pd.Series(rest[np.arange(len(rest)), filled.argmax(axis=1)], index=stripped.loc[first_data:].index)
    notes = first_cell.index[first_cell.str.match(FOOTNOTE_RE)]
    end = notes[0] if len(notes) else None
    body = nonblank.loc[first_data: end - 1 if end is not None else None].any(axis=1)
    layout.data_rows = [int(r) for r in body.index[body]]
    if end is not None:
        tail = cells.loc[end:]
        layout.footnotes = [" ".join(_ordered(row)) for _, row in tail[nonblank.loc[end:].any(axis=1)].iterrows()]


def _ordered(row: pd.Series) -> list[str]:
    seen: list[str] = []
    for value in row.map(parse.fold):
        if value and value not in seen:
            seen.append(value)
    return seen


def compose_headers(cells: pd.DataFrame, layout: Layout, *, fill_groups: bool) -> dict[int, list[str]]:
    """Header parts per column, top to bottom.

    A merged group header (规上工业总产值 over 本月 and 累计) arrives from a CSV or xls with only its
    first cell filled: with fill_groups, an empty upper cell over a filled lower one continues
    the group to its left. xlsx merged cells were filled by the reader, so there it stays off.
    """
    rows = [cells.loc[r].map(lambda v: parse.fold(v)).tolist() for r in layout.header_rows]
    keys = {layout.region_col, layout.code_col}
    for upper in range(len(rows) - 1 if fill_groups else 0):
        current = ""
        for column in range(len(rows[upper])):
            below = any(rows[lower][column] for lower in range(upper + 1, len(rows)))
            if rows[upper][column]:
                current = rows[upper][column]
            elif current and below and column not in keys:
                rows[upper][column] = current
    headers = {}
    for column in cells.columns:
        parts: list[str] = []
        for row in rows:
            if row[column] and (not parts or parts[-1] != row[column]):
                parts.append(row[column])
        headers[int(column)] = parts
    return headers


def _folded_headers(template: Template) -> tuple[set[str], dict[str, str]]:
    """The template's required headers and header → internal name, folded like the cells (（亩） → (亩))."""
    required = {parse.fold(c.header) for c in template.columns if c.required}
    return required, {parse.fold(c.header): c.name for c in template.columns}


def _template_header_row(sheet: Sheet, template: Template) -> tuple[int, int] | None:
    """(row number, headers matched) of the first of the sheet's first rows that carries every required header."""
    required, names = _folded_headers(template)
    for row_number in sheet.cells.index[:20]:
        row = set(sheet.cells.loc[row_number].map(parse.fold))
        if required <= row:
            return int(row_number), len(row & set(names))
    return None


def template_near_miss(sheet: Sheet, template: Template) -> tuple[int, int, list[str]] | None:
    """(row, headers matched, required headers missing) when a header row carries the template's own key
    (its first column that is not a region column) and one more of its headers, but lacks required ones."""
    required, names = _folded_headers(template)
    key = next(parse.fold(c.header) for c in template.columns if c.header not in ("地区代码", "地区名称"))
    for row_number in sheet.cells.index[:20]:
        row = set(sheet.cells.loc[row_number].map(parse.fold))
        if key in row and len(row & set(names)) >= 2 and not required <= row:
            missing = [c.header for c in template.columns if c.required and parse.fold(c.header) not in row]
            return int(row_number), len(row & set(names)), missing
    return None


def template_score(sheet: Sheet, template: Template) -> int:
    """How many of the template's headers the sheet's header row carries (0 if a required one is missing)."""
    found = _template_header_row(sheet, template)
    return found[1] if found else 0


def template_table(sheet: Sheet, template: Template) -> tuple[pd.DataFrame, pd.Series]:
    """A sheet in one of the published templates: its header row (titles above it allowed) and records below."""
    header_row, _ = _template_header_row(sheet, template)
    _, names = _folded_headers(template)
    row = sheet.cells.loc[header_row].map(parse.fold)
    body = sheet.cells.loc[header_row + 1:]
    body = body[body.map(str.strip).ne("").any(axis=1)]
    body = body[~body[body.columns[0]].map(parse.fold).str.match(r"^(注|说明|备注)[:：]")]
    named = {c: names[h] for c, h in row.items() if h in names}
    table = body[list(named)].rename(columns=named)
    return table.reset_index(drop=True), pd.Series(body.index, dtype="int64")


def context_period(layout: Layout, sheet: Sheet, options: Options) -> tuple[str | None, int | None]:
    """The period the whole sheet is about (title, sheet name, then --period) and the year it names."""
    for text in (options.period, parse.find_period_text(layout.title), parse.find_period_text(sheet.name or "")):
        if text:
            year = parse.year_in(text) or parse.year_in(layout.title) or parse.year_in(sheet.name or "")
            return text, year
    return None, parse.year_in(layout.title)


def column_unit(header_unit: str, layout: Layout, catalog_unit: str | None) -> str:
    """The unit a column is written in: its header, else a single 单位 line, else the catalog's own."""
    if header_unit:
        return header_unit
    if len(layout.unit_units) == 1 and catalog_unit:
        try:
            parse.unit_factor(layout.unit_units[0], catalog_unit)
            return layout.unit_units[0]
        except parse.CellError:  # 单位：万元 above a table that also has a % column
            return ""
    return ""
