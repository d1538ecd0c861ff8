"""Checking toolkit for imports: problems, the lookup context and a column-wise checker.

Each cell parser runs once per distinct value (a county table repeats the same region,
indicator and period thousands of times), and a failure is reported with the rows it affects.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from data.importer import parse
from data.importer.indicators import IndicatorLookup
from geo.registry import normalize

MAX_ROWS_PER_PROBLEM = 5
PARK_KINDS = {"综合", "化工"}
GROWTH_STATUSES = {"在建", "投产", "达效"}
VALUE_STATUSES = {"初步", "最终"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # row number as the user sees it in the spreadsheet
    column: str | None  # the column's header as written in the file, with its letter where known
    message: str
    sheet: str | None = None
    whole_column: bool = False  # the column cannot load at all (a mapping fixes it, not --valid-only)

    def text(self) -> str:
        where = f"文件“{self.file}”"
        if self.sheet:
            where += f"工作表“{self.sheet}”"
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}"


class Context:
    """What the checks compare against: the warehouse's aliases, catalog and known records."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.aliases = dict(con.execute("select alias, adcode from region_alias").fetchall())
        self.region_names = dict(con.execute("select adcode, name from region").fetchall())
        self.lookup = IndicatorLookup(con)
        self.industries = {r[0] for r in con.execute("select code from industry").fetchall()}
        self.honours = {(h, t) for h, t in con.execute("select honour, tier from honour_indicator").fetchall()}
        self.parks = {r[0] for r in con.execute("select park_id from park").fetchall()}
        self.enterprises = {r[0] for r in con.execute("select enterprise_id from enterprise").fetchall()}
        self.projects = {r[0] for r in con.execute("select project_id from growth_point").fetchall()}
        self.villages = set(con.execute("select village_code, year from village").fetchall())

    @property
    def indicators(self) -> pd.DataFrame:
        return self.lookup.indicators

    def region(self, text: str) -> str | None:
        """The adcode a name or code stands for (12-digit 统计用区划代码 included), or None."""
        key = normalize(text)
        if len(key) == 12 and key.isdigit() and key.endswith("000000"):
            key = key[:6]
        return self.aliases.get(key)


class Checker:
    """Collects problems while mapping the columns of one table.

    table: one row per record to stage (RangeIndex); rows: the spreadsheet row of each record;
    labels: per internal column, the header the user sees (a string, or a Series per record
    when one table column gathers cells from several file columns, as in a wide table).
    """

    def __init__(self, table: pd.DataFrame, file_name: str, *, rows: pd.Series,
                 labels: dict[str, str | pd.Series], sheet: str | None = None):
        self.table, self.file, self.sheet = table, file_name, sheet
        self.rows, self.labels = rows, labels
        self.problems: list[Problem] = []
        self.bad: dict[int, str] = {}  # record position → first reason it was rejected

    def _label(self, column: str | None, position: int) -> str | None:
        label = self.labels.get(column, column)
        return label.iloc[position] if isinstance(label, pd.Series) else label

    def fail(self, positions, column: str | None, message: str) -> None:
        positions = list(positions)
        for p in positions:
            self.bad.setdefault(int(p), f"{self._label(column, int(p)) or ''}：{message}".lstrip("："))
        shown = sorted({(int(self.rows.iloc[p]), self._label(column, p)) for p in positions})
        for row, label in shown[:MAX_ROWS_PER_PROBLEM]:
            self.problems.append(Problem(self.file, row, label, message, self.sheet))
        if len(shown) > MAX_ROWS_PER_PROBLEM:
            self.problems.append(Problem(self.file, None, self._label(column, positions[0]),
                                         f"同类问题另有 {len(shown) - MAX_ROWS_PER_PROBLEM} 处：{message}", self.sheet))

    def map(self, column: str, parser: Callable[[str], object]) -> pd.Series:
        """Parse each distinct value of a column once; failures become problems on every row they occur."""
        return self.map_series(self.table[column], column, parser)

    def map_series(self, series: pd.Series, column: str, parser: Callable[[str], object]) -> pd.Series:
        """Like map, for a series derived from the table (problems are reported under column)."""
        series = series.fillna("").astype(str)
        parsed: dict[str, object] = {}
        codes, uniques = pd.factorize(series)
        for code, value in enumerate(uniques):
            try:
                parsed[value] = parser(value)
            except parse.CellError as error:
                self.fail(pd.Index(range(len(series)))[codes == code], column, str(error))
                parsed[value] = None
        return series.map(parsed)

    def require(self, column: str, ok: pd.Series, message: str) -> None:
        bad = [i for i, good in enumerate(ok.fillna(False).astype(bool)) if not good]
        if bad:
            self.fail(bad, column, message)


def region_parser(ctx: Context) -> Callable[[str], str]:
    def resolve(text: str) -> str:
        adcode = ctx.region(text)
        if adcode:
            return adcode
        near = difflib.get_close_matches(normalize(text), [a for a in ctx.aliases if not a.isdigit()], n=1,
                                         cutoff=0.6)
        hint = f"，是否为“{ctx.region_names[ctx.aliases[near[0]]]}”？" if near else ""
        raise parse.CellError(f"无法识别的地区“{parse.fold(text)}”{hint}")
    return resolve


def regions(chk: Checker, ctx: Context) -> pd.Series:
    """Adcode per row: from 地区代码 where the row has one, else from 地区名称; the two must agree."""
    names = chk.table.get("region_name", pd.Series("", index=chk.table.index)).fillna("").astype(str)
    codes = chk.table.get("adcode", pd.Series("", index=chk.table.index)).fillna("").astype(str)
    has_code = codes.str.strip().ne("")
    resolve = region_parser(ctx)

    def optional(text: str) -> str | None:
        return resolve(text) if text.strip() else None
    by_code = chk.map_series(codes.where(has_code, ""), "adcode", optional)
    by_name = chk.map_series(names, "region_name", optional)
    chk.require("region_name", names.str.strip().ne("") | has_code, "地区名称和地区代码都为空")
    clash = has_code & by_code.notna() & by_name.notna() & (by_code != by_name)
    chk.require("adcode", ~clash, "地区代码与地区名称不是同一个县（市、区）")
    return by_code.where(has_code, by_name)


def member_parser(allowed: set[str], what: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        value = parse.fold(text)
        if value not in allowed:
            raise parse.CellError(f"未知的{what}“{value}”")
        return value
    return check


def optional_number(chk: Checker, column: str) -> pd.Series:
    if column not in chk.table:
        return pd.Series(None, index=chk.table.index, dtype="float64")
    return chk.map(column, parse.to_number).astype("float64")
