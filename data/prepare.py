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

from data import parse
from data.templates import Template
from geo.registry import normalize

MAX_ROWS_PER_PROBLEM = 5
PARK_KINDS = {"综合", "化工"}
GROWTH_STATUSES = {"在建", "投产", "达效"}
VALUE_STATUSES = {"初步", "最终"}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # row number as the user sees it in a spreadsheet (header is row 1)
    column: str | None
    message: str

    def text(self) -> str:
        where = f"文件“{self.file}”"
        if self.row is not None:
            where += f"第 {self.row} 行"
        if self.column:
            where += f"「{self.column}」列"
        return f"{where}：{self.message}"


class Context:
    """What the checks compare against: the warehouse's aliases, catalog and known records."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.aliases = dict(con.execute("select alias, adcode from region_alias").fetchall())
        self.indicators = con.execute("select * from indicator").df().set_index("id")
        # Folded like the cells (NFKC turns （） into ()), so a name matches however its brackets were typed.
        self.indicator_by_name = {parse.fold(n): i for i, n in self.indicators["name"].items()}
        self.industries = {r[0] for r in con.execute("select code from industry").fetchall()}
        self.honours = {(h, t) for h, t in con.execute("select honour, tier from honour_indicator").fetchall()}
        self.parks = {r[0] for r in con.execute("select park_id from park").fetchall()}
        self.enterprises = {r[0] for r in con.execute("select enterprise_id from enterprise").fetchall()}
        self.projects = {r[0] for r in con.execute("select project_id from growth_point").fetchall()}


class Checker:
    """Collects problems while mapping columns of one file."""

    def __init__(self, table: pd.DataFrame, template: Template, file_name: str):
        self.table, self.template, self.file = table, template, file_name
        self.problems: list[Problem] = []
        self.headers = {c.name: c.header for c in template.columns}

    def fail(self, rows: pd.Index, column: str | None, message: str) -> None:
        header = self.headers.get(column, column)
        for row in list(rows)[:MAX_ROWS_PER_PROBLEM]:
            self.problems.append(Problem(self.file, int(row) + 2, header, message))
        if len(rows) > MAX_ROWS_PER_PROBLEM:
            more = len(rows) - MAX_ROWS_PER_PROBLEM
            self.problems.append(Problem(self.file, None, header, f"同类问题另有 {more} 行"))

    def map(self, column: str, parser: Callable[[str], object]) -> pd.Series:
        """Parse each distinct value of a column once; failures become problems on every row they occur."""
        return self.map_series(self.table[column], column, parser)

    def map_series(self, series: pd.Series, column: str, parser: Callable[[str], object]) -> pd.Series:
        """Like map, for a series derived from the table (problems are reported under column)."""
        series = series.fillna("").astype(str)
        parsed: dict[str, object] = {}
        for value in series.unique():
            try:
                parsed[value] = parser(value)
            except parse.CellError as error:
                self.fail(series.index[series == value], column, str(error))
                parsed[value] = None
        return series.map(parsed)

    def require(self, column: str, ok: pd.Series, message: str) -> None:
        bad = ok.index[~ok.fillna(False).astype(bool)]
        if len(bad):
            self.fail(bad, column, message)


def missing_columns(table: pd.DataFrame, template: Template, file_name: str) -> list[Problem]:
    have = set(table.columns)
    return [Problem(file_name, 1, c.header, f"缺少必填列“{c.header}”（模板：{template.title}）")
            for c in template.columns if c.required and c.header not in have]


def region_parser(ctx: Context) -> Callable[[str], str]:
    def resolve(text: str) -> str:
        adcode = ctx.aliases.get(normalize(text))
        if adcode:
            return adcode
        near = difflib.get_close_matches(normalize(text), ctx.aliases.keys(), n=1, cutoff=0.6)
        hint = f"，是否为“{near[0]}”？" if near else ""
        raise parse.CellError(f"无法识别的地区“{parse.fold(text)}”{hint}")
    return resolve


def regions(chk: Checker, ctx: Context) -> pd.Series:
    """Adcode per row: from 地区代码 when the file has it, else from 地区名称."""
    use_code = "adcode" in chk.table and chk.table["adcode"].astype(str).str.strip().ne("").all()
    return chk.map("adcode" if use_code else "region_name", region_parser(ctx))


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
