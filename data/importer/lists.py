"""Named lists (名单) as published: parks or enterprises identified by name, each row placed and how.

A list has a name column (园区名称 / 企业名称 / 名称 …) and, in any order and spelling, optional 市州,
县（市、区）, 地区, 地址, 类别, 级别, 批次 and 年份 columns; a row holding only a region name (武汉市（5家）)
heads the rows below it. Each row is placed, in this order: the region columns naming a county; an
editor's earlier assignment of the name; the park or enterprise directory already loaded; a county named
inside the name, then inside the address; else it stays at the prefecture a region column, section or
its name gives; else it is listed as unplaced. A region column overrides a name that points elsewhere.
Nothing is dropped: every named row is staged with its outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from data.importer import parse
from data.importer.column_roles import mapping_key
from data.importer.name_match import name_key, places_in, prefecture_of, region_cell, region_exact
from data.importer.options import Options
from data.importer.prepare import Problem
from data.importer.readers import Sheet
from data.importer.sheet_layout import FOOTNOTE_RE, LEADING_MARKS
from geo.registry import normalize

KINDS = {"park": "园区", "enterprise": "企业", "园区": "园区", "企业": "企业"}
KIND_IDS = {"园区": "park", "企业": "enterprise"}
RESOLUTIONS = {"region_column": "地区列", "assigned": "编辑指定", "directory": "名录匹配", "name": "名称中的地名",
               "address": "地址中的地名", "prefecture_only": "仅到市州", "unresolved": "未定位"}
PARK_NAME = re.compile(r"(园区|开发区|高新区|经开区|工业园|产业园|化工园|新区|集聚区|基地|示范区|园)$")
LIST_ROLES = (  # role, pattern on the header without spaces, half-width
    ("park_name", re.compile(r"^(园区|园区名称|开发区名称|园区全称)$")),
    ("enterprise_name", re.compile(r"^(企业|企业名称|企业全称|公司名称|单位名称|企业\(单位\)名称|申报单位|工厂名称|"
                                   r"申报企业|企业名单)$")),  # not 单位 alone: in a table of figures it is the unit
    ("name", re.compile(r"^(名称|全称)$")),
    ("county", re.compile(r"^(所属)?(县|县区|区县|县市区|县\(市、?区\)|县\(市\)|县级)(名称)?$")),
    ("prefecture", re.compile(r"^(所属)?(市|地市|市州|地市州|市\(州\)|市州名称)(名称)?$")),
    ("region", re.compile(r"^(所属|所在)?(地区|地|属地|区域|行政区划|地域)$")),
    ("address", re.compile(r"(地址|住所|所在地)$")),
    ("category", re.compile(r"^(类别|类型|园区类型|园区类别|产业类别|行业|所属行业|领域|主导产业|方向|认定类别)$")),
    ("level", re.compile(r"^(级别|等级|层级|认定级别|园区级别)$")),
    ("list_batch", re.compile(r"^(批次|批|认定批次)$")),
    ("year", re.compile(r"^(年份|年度|认定年份|公布年份|获评年份|认定年度|认定时间|公布时间)$")),
)
STAGED_COLUMNS = ["row_number", "list_name", "kind", "name", "name_key", "adcode", "prefecture_code", "resolution",
                  "region_text", "address", "category", "level", "list_batch", "year"]


class NotAList(Exception):
    """The sheet holds no list this import can read; .problem says why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.text())


@dataclass
class ListSheet:
    """A list as read: the header row, each column's role, the title and the kind (园区 / 企业)."""
    sheet: Sheet
    header_row: int
    roles: dict[str, int]
    title: str
    kind: str


def list_roles(headers: pd.Series) -> dict[str, int]:
    """Role → the first column that has it, from one header row."""
    roles: dict[str, int] = {}
    for column, text in headers.items():
        key = mapping_key(normalize(text))  # 園區名稱 is 园区名称
        role = next((r for r, pattern in LIST_ROLES if pattern.search(key)), None)
        if role and role not in roles:
            roles[role] = int(column)
    return roles


def find_list(sheet: Sheet, kind: str | None, file_name: str) -> ListSheet:
    """The header row (the first of the first 20 rows with a name column), its roles and the list's kind."""
    for row_number in sheet.cells.index[:20]:
        roles = list_roles(sheet.cells.loc[row_number])
        name_roles = [r for r in ("park_name", "enterprise_name", "name") if r in roles]
        if not name_roles:
            continue
        title = " ".join(parse.fold(v) for v in sheet.cells.loc[: row_number - 1].to_numpy().ravel() if parse.fold(v))
        roles["name"] = roles[name_roles[0]]
        found = KINDS.get(kind or "") or _kind_of(name_roles[0], sheet.cells.loc[row_number + 1:, roles["name"]])
        if found is None:
            raise NotAList(Problem(file_name, int(row_number), None, "无法判断名单是园区还是企业，请指定名单类型"
                                   "（命令行 --kind 园区 或 --kind 企业）", sheet.name))
        return ListSheet(sheet, int(row_number), roles, title, found)
    raise NotAList(Problem(file_name, None, None, "没有找到名单的名称列（如“园区名称”“企业名称”“名称”）", sheet.name))


def _kind_of(name_role: str, names: pd.Series) -> str | None:
    """园区 or 企业 from the name column's header, else from what the names end with."""
    if name_role != "name":
        return "园区" if name_role == "park_name" else "企业"
    written = [parse.fold(n) for n in names if parse.fold(n)]
    parks = sum(bool(PARK_NAME.search(n)) for n in written)
    firms = sum(bool(re.search(r"(公司|厂|集团|研究院|中心)$", n)) for n in written)
    if parks > firms and parks * 2 > len(written):
        return "园区"
    if firms > parks and firms * 2 > len(written):
        return "企业"
    return None


def _cell(cells: pd.Series, roles: dict[str, int], role: str) -> str:
    return parse.fold(cells[roles[role]]) if role in roles else ""


def _vocabulary(cells: pd.Series, roles: dict[str, int], role: str) -> str | None:
    """A 类别 / 级别 / 批次 cell in simplified characters (省級 is 省级), or None when empty."""
    return normalize(_cell(cells, roles, role)) or None


def _section(values: list[str], aliases: dict[str, str]) -> tuple[str | None, str | None] | None:
    """A row holding only a region name (一、武汉市（5家）) heads the rows below it; None when it does not."""
    if len(values) != 1:
        return None
    text = re.sub(r"[（(][^）)]*[）)]$", "", LEADING_MARKS.sub("", values[0])).strip()
    adcode, prefecture = region_exact(text, aliases)
    return (adcode, prefecture) if adcode or prefecture else None


def read_rows(found: ListSheet, aliases: dict[str, str]) -> pd.DataFrame:
    """One record per named row: name, region text and codes from the region cells, address and the list's own
    columns; section rows give their region to the rows below; reading stops at the first footnote (注：…)."""
    cells, roles = found.sheet.cells, found.roles
    section: tuple[str | None, str | None] = (None, None)
    records = []
    for row_number, row in cells.loc[found.header_row + 1:].iterrows():
        values = [parse.fold(v) for v in row if parse.fold(v)]
        if values and FOOTNOTE_RE.match(values[0]):
            break
        if (heading := _section(values, aliases)) is not None:
            section = heading
            continue
        name = _cell(row, roles, "name")
        if not name:
            continue
        regions = [_cell(row, roles, r) for r in ("county", "region", "prefecture") if _cell(row, roles, r)]
        records.append({"row_number": int(row_number), "name": name, "region_text": " ".join(regions) or None,
                        "region_cells": regions, "section": section, "address": _cell(row, roles, "address") or None,
                        "category": _vocabulary(row, roles, "category"), "level": _vocabulary(row, roles, "level"),
                        "list_batch": _vocabulary(row, roles, "list_batch"),
                        "year": parse.year_in(_cell(row, roles, "year") + "年") or parse.year_in(found.title)})
    return pd.DataFrame(records)


def directory(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, str]:
    """Name key → adcode of the parks or enterprises already loaded; a key two counties share is left out."""
    sql = "select park_name, adcode from park" if kind == "园区" else \
        "select enterprise_name, adcode from enterprise"
    found: dict[str, set[str]] = {}
    for name, adcode in con.execute(sql).fetchall():
        found.setdefault(name_key(name), set()).add(adcode)
    return {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}


def place(record: dict, aliases: dict[str, str], known: dict[str, str],
          assigned: dict[str, str]) -> tuple[str | None, str | None, str]:
    """(adcode, prefecture code, resolution) of one row, in the order the module docstring gives."""
    county, prefecture = None, None
    for text in record["region_cells"]:
        found, found_prefecture = region_cell(text, aliases)
        county, prefecture = county or found, prefecture or found_prefecture
    if county is None and prefecture is None:
        county, prefecture = record["section"]
    if county:
        return county, prefecture_of()[county], "region_column"
    agrees = lambda code: prefecture is None or prefecture_of().get(code) == prefecture  # noqa: E731
    key = name_key(record["name"])
    for found, how in ((assigned.get(key), "assigned"), (known.get(key), "directory")):
        if found and agrees(found):
            return found, prefecture_of()[found], how
    named_prefectures: set[str] = set()
    for text, how in ((record["name"], "name"), (record["address"] or "", "address")):
        counties, prefectures = places_in(text)
        counties = {c for c in counties if agrees(c)}
        if len(counties) == 1:
            found = counties.pop()
            return found, prefecture_of()[found], how
        named_prefectures |= prefectures
    if prefecture is None and len(named_prefectures) == 1:
        prefecture = named_prefectures.pop()
    return (None, prefecture, "prefecture_only") if prefecture else (None, None, "unresolved")


@dataclass
class ReadList:
    """A list read and placed: the sheet, the title, the kind and one staged row per member."""
    sheet: str | None
    title: str
    kind: str
    rows_read: int
    staged: pd.DataFrame


def read_list(con: duckdb.DuckDBPyConnection, sheets: list[Sheet], options: Options, file_name: str) -> ReadList:
    """The named sheet, else the first that holds a list, read and every row placed; raises NotAList."""
    sheet_name, kind = options.sheet, options.list_kind
    candidates = [s for s in sheets if sheet_name is None or s.name == sheet_name]
    if not candidates:
        raise NotAList(Problem(file_name, None, None, f"找不到工作表“{sheet_name}”"))
    first_problem = None
    for sheet in candidates:
        try:
            found = find_list(sheet, kind, file_name)
        except NotAList as missing:
            first_problem = first_problem or missing
            continue
        aliases = dict(con.execute("select alias, adcode from region_alias").fetchall())
        rows = read_rows(found, aliases)
        if rows.empty:
            raise NotAList(Problem(file_name, found.header_row, None, "名单中没有任何名称", sheet.name))
        known = directory(con, found.kind)
        placed = [place(r, aliases, known, options.assigned) for r in rows.to_dict("records")]
        staged = rows.assign(list_name=options.list_name.strip(), kind=KIND_IDS[found.kind],
                             name_key=rows["name"].map(name_key), adcode=[p[0] for p in placed],
                             prefecture_code=[p[1] for p in placed], resolution=[p[2] for p in placed])
        staged["year"] = staged["year"].astype("Int64")
        return ReadList(sheet.name, found.title, found.kind, len(rows), staged[STAGED_COLUMNS])
    raise first_problem
