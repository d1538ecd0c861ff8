"""From a recognised sheet to records: a long or a wide county table becomes one record per county, indicator, period.

Long: a row per value, with columns for region, indicator, period and value. Wide: a row per
county and a column per indicator, the unit in the header or on the 单位 line, the period in
the header, a 期别 column, the title, the sheet name or the user's --period. Aggregate rows
(全省, 合计, prefecture subtotals) are recognised and left out; units that are not counties
(开发区, 新区) are left out and listed by name. Whatever cannot be placed is refused, with why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from data.importer import parse, targets
from data.importer.column_roles import ROLE_NAMES, WIDE_ROLE_NAMES, column_role, mapping_key
from data.importer.options import Mapping, Options
from data.importer.prepare import Context, Problem
from data.importer.readers import Sheet
from data.importer.sheet_layout import (
    Layout,
    column_letter,
    column_unit,
    context_period,
    find_layout,
    map_unique,
    place,
    region_text,
)

RECORD_COLUMNS = ("region_name", "adcode", "indicator", "period", "value", "unit", "status")


@dataclass
class ColumnPlan:
    """One column as recognised, for the preview."""
    letter: str
    header: str
    role: str  # 地区名称 / 地区代码 / 指标 / 期别 / 数值 / 单位 / 状态 / 忽略 / 指标列
    indicator_id: str | None = None
    file_unit: str = ""
    period: str = ""


@dataclass
class CountyTable:
    records: pd.DataFrame
    rows: pd.Series
    labels: dict[str, str | pd.Series]
    layout: Layout
    kind: str  # 长表 / 宽表
    columns: list[ColumnPlan]
    problems: list[Problem] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # cells refused with their column: row, 列, 地区, 原值, 原因
    aggregates: list[str] = field(default_factory=list)
    non_county: list[str] = field(default_factory=list)
    missing_cells: int = 0
    refused_columns: list[str] = field(default_factory=list)  # headers of columns refused whole
    ignored_columns: list[str] = field(default_factory=list)  # unknown columns left out because others were mapped
    targets: bool = False  # the sheet holds responsibility targets (data/importer/targets), not figures


def is_missing(values: pd.Series) -> pd.Series:
    """Cells that hold no figure (empty, —, …); a footnote-marked one is caught later by the number parser."""
    return values.map(str.strip).isin(parse.MISSING)


def _mapping(options: Options, keys: list[str]) -> Mapping | None:
    """The user's mapping for a column, by any of its names (header, name without unit, letter)."""
    wanted = {mapping_key(k): m for k, m in options.mappings.items()}
    return next((wanted[mapping_key(k)] for k in keys if mapping_key(k) in wanted), None)


def county_table(sheet: Sheet, ctx: Context, options: Options, file_name: str,
                 as_targets: bool | None = None) -> CountyTable | None:
    """The sheet as county records, or None when it has no region column (it is not a county table).

    as_targets: read it as responsibility targets; None: when its title or sheet name says so.
    """
    layout = find_layout(ctx, sheet.cells, merges_known=sheet.merges_known)
    if not layout.data_rows or not layout.header_rows:
        return None
    if as_targets is None:
        as_targets = targets.is_target_sheet(layout.title, sheet.name or "", layout.headers.values())
    reader = _SheetReader(sheet, ctx, options, layout, file_name, as_targets)
    return reader.long() if "value" in reader.roles.values() else reader.wide()


def _cumulative(period: str) -> bool | None:
    if not period:
        return None
    return bool(re.search(r"\d\s*[-—–~～至到]\s*\d|上半年|季度", period))


class _SheetReader:
    """Turns one recognised sheet into records, collecting what it left out and why."""

    def __init__(self, sheet: Sheet, ctx: Context, options: Options, layout: Layout, file_name: str,
                 as_targets: bool):
        self.sheet, self.ctx, self.options, self.layout, self.file_name = sheet, ctx, options, layout, file_name
        self.as_targets = as_targets
        key_columns = (layout.region_col, layout.code_col)
        self.roles = {c: (as_targets and targets.target_role(p)) or column_role(p)
                      for c, p in layout.headers.items() if c not in key_columns}
        self.period_text, self.year = context_period(layout, sheet, options)
        self.table = CountyTable(pd.DataFrame(columns=RECORD_COLUMNS), pd.Series(dtype="int64"), {}, layout, "", [],
                                 targets=as_targets)
        keys = [(layout.code_col, "地区代码"), (layout.region_col, "地区名称")]
        self.table.columns = [ColumnPlan(column_letter(c), "·".join(layout.headers.get(c, [])), role)
                              for c, role in keys if c is not None]
        self.pieces: list[tuple[pd.DataFrame, pd.Series, str]] = []  # records, value labels, period label
        self.status_label = "状态"

    def label(self, column: int) -> str:
        return f"{'·'.join(self.layout.headers.get(column, [])) or '（无表头）'}（{column_letter(column)}列）"

    def with_year(self, text: str | None) -> str | None:
        if text and self.year and not re.search(r"\d{4}", text):
            return f"{self.year}年{text}"
        return text

    def county_rows(self, fill_down: bool) -> pd.DataFrame:
        """The data rows that name a county (or a name still to be checked), with region text and code."""
        layout = self.layout
        cells = self.sheet.cells.loc[layout.data_rows]
        names = cells[layout.region_col] if layout.region_col is not None else pd.Series("", index=cells.index)
        codes = cells[layout.code_col] if layout.code_col is not None else pd.Series("", index=cells.index)
        if fill_down:  # a long table names its county once above a block of rows (merged cells, in a CSV)
            unnamed = map_unique(names, parse.fold).eq("") & map_unique(codes, parse.fold).eq("")
            names = names.where(~unnamed, None).ffill().fillna("")
        kinds = map_unique(names.where(names.map(str.strip).ne(""), codes), lambda v: place(self.ctx, v)[0])
        if self.as_targets:  # a prefecture's or the province's row holds that area's target
            areas = map_unique(names, lambda v: targets.area_of(self.ctx, region_text(v)))
            kinds = kinds.where(~(kinds.eq("aggregate") & areas.notna()), "area")
        self.table.aggregates = list(dict.fromkeys(names[kinds == "aggregate"].map(parse.fold)))
        self.table.non_county = list(dict.fromkeys(names[kinds == "non_county"].map(parse.fold)))
        keep = kinds.isin(["county", "other", "blank", "area"])
        return pd.DataFrame({"region_name": map_unique(names[keep], region_text), "adcode": codes[keep]})

    def refuse_column(self, column: int, reason: str) -> None:
        """A column that cannot load: one problem at its header, and each of its cells among the rejected rows."""
        layout = self.layout
        self.table.problems.append(Problem(self.file_name, layout.header_rows[-1], self.label(column), reason,
                                           self.sheet.name, whole_column=True))
        self.table.refused_columns.append("·".join(layout.headers.get(column, [])))
        region = layout.region_col if layout.region_col is not None else layout.code_col
        for r in layout.data_rows:
            value = self.sheet.cells.at[r, column]
            if parse.fold(value):
                self.table.refused.append({"行号": r, "列": self.label(column), "地区": self.sheet.cells.at[r, region],
                                           "原值": value, "原因": reason})

    def add(self, records: pd.DataFrame, value_label: str, period_label: str) -> None:
        """Keep the records that hold a figure; count the empty cells (—, …) left out."""
        missing = is_missing(records["value"])
        self.table.missing_cells += int(missing.sum())
        kept = records[~missing]
        self.pieces.append((kept, pd.Series(value_label, index=kept.index), period_label))

    def finish(self, kind: str) -> CountyTable:
        """Stack the pieces; each value cell keeps its column's label, each period the place it came from."""
        table = self.table
        table.kind = kind
        if self.pieces:
            records = pd.concat([p for p, _, _ in self.pieces])
            table.rows = pd.Series(records.index, dtype="int64").reset_index(drop=True)
            table.records = records.reset_index(drop=True)[list(RECORD_COLUMNS)]
            values = pd.concat([v for _, v, _ in self.pieces]).reset_index(drop=True)
            periods = pd.concat([pd.Series(p, index=v.index) for _, v, p in self.pieces]).reset_index(drop=True)
            table.labels = {"value": values, "unit": values, "indicator": values, "period": periods,
                            "region_name": "地区名称", "adcode": "地区代码", "status": self.status_label}
        return table

    # ---------------------------------------------------------------- wide: a column per indicator

    def wide(self) -> CountyTable:
        base = self.county_rows(fill_down=False)
        period_col = next((c for c, r in self.roles.items() if r == "period"), None)
        for column, role in self.roles.items():
            plan = self.plan_column(column, role)
            self.table.columns.append(plan)
            if plan.role != "指标列" or plan.indicator_id is None:
                continue
            found = self.column_period(plan, column, period_col, base.index)
            if found is None:
                self.refuse_column(column, "无法确定期别：请在标题或表头写明（如 2025年1-6月），或在导入时指定期别")
                continue
            values = self.sheet.cells.loc[base.index, column]
            records = base.assign(indicator=plan.indicator_id, value=values, period=found[0], status="",
                                  unit=[parse.unit_sign(v) or plan.file_unit for v in values])
            self.add(records, self.label(column), found[1])
        return self.finish("宽表")

    def column_period(self, plan: ColumnPlan, column: int, period_col: int | None, rows: pd.Index):
        """(period per row, where it came from): the header, a 期别 column, else the sheet's own period."""
        if plan.period:
            return self.with_year(plan.period), self.label(column)
        if period_col is not None:
            return [self.with_year(p) for p in self.sheet.cells.loc[rows, period_col]], self.label(period_col)
        if self.period_text:
            return self.for_measure(self.with_year(self.period_text), plan), self.label(column)
        return None

    def for_measure(self, period: str, plan: ColumnPlan) -> str:
        """A 当月 column under a title that says 1-6月 holds June alone: the sheet's period, narrowed to its month."""
        if self.ctx.indicators.at[plan.indicator_id, "measure"] != "当月":
            return period
        try:
            parsed = parse.to_period(period)
        except parse.CellError:
            return period
        return f"{parsed.start.year}年{parsed.start.month}月" if parsed.cumulative else period

    def plan_column(self, column: int, role: str | None) -> ColumnPlan:
        """What one column of a wide table is: an indicator with its unit and period, or a column to skip."""
        parts = self.layout.headers.get(column, [])
        plan = ColumnPlan(column_letter(column), "·".join(parts), WIDE_ROLE_NAMES.get(role, "忽略"))
        if role is not None:
            return plan
        if not parts:
            if self.sheet.cells.loc[self.layout.data_rows, column].map(parse.fold).ne("").any():
                self.refuse_column(column, "此列有数据但没有表头，无法判断是哪个指标")
            return plan
        if self.as_targets:
            parts, kind = targets.header_kind(parts)
            if kind == "actual":  # 完成 / 实际 / 完成率 beside 目标: figures, not targets
                self.table.ignored_columns.append(f"{plan.header}（{plan.letter}列，实际完成数）")
                return replace(plan, role="实际完成数（忽略）")
        named = [parse.split_unit(p) for p in parts]
        name = "".join(n for n, _ in named)
        mapping = _mapping(self.options, [plan.header, "".join(parts), name, plan.letter, plan.letter.lower()])
        if mapping is not None and mapping.indicator is None:
            return plan  # the user chose to skip this column
        plan.role, plan.period = "指标列", parse.find_period_text(name) or ""
        try:
            plan.indicator_id = self.ctx.lookup.find(mapping.indicator if mapping else name,  # a year's target: 累计
                                                     cumulative=True if self.as_targets else _cumulative(plan.period),
                                                     target=self.as_targets)
            catalog_unit = self.ctx.indicators.at[plan.indicator_id, "unit"]
            header_unit = next((u for _, u in reversed(named) if u), "")
            plan.file_unit = (mapping.unit if mapping else "") or column_unit(header_unit, self.layout, catalog_unit)
            parse.unit_factor(plan.file_unit, catalog_unit)
        except parse.CellError as error:
            plan.indicator_id = None
            if is_missing(self.sheet.cells.loc[self.layout.data_rows, column]).all():  # nothing to load from it:
                return replace(plan, role="忽略")  # the wide template says to leave unused columns empty
            if mapping is None and self.options.mappings:  # the user named the columns wanted: the rest are extra
                self.table.ignored_columns.append(f"{plan.header}（{plan.letter}列）")
                return replace(plan, role="未映射（忽略）")
            hint = targets.HINT if not self.as_targets and targets.header_kind(parts)[1] == "target" else \
                "可在导入时把此列映射到目录中的指标，或新建指标，或忽略此列"
            self.refuse_column(column, f"{error}（{hint}）")
        return plan

    # ---------------------------------------------------------------- long: a row per value

    def long(self) -> CountyTable:
        base = self.county_rows(fill_down=True)
        cells = self.sheet.cells.loc[base.index]
        by_role: dict[str, list[int]] = {}
        for column, role in self.roles.items():
            by_role.setdefault(role or "unknown", []).append(column)
            self.table.columns.append(ColumnPlan(column_letter(column), "·".join(self.layout.headers[column]),
                                                 ROLE_NAMES[role]))
        if "indicator" not in by_role:
            self.table.problems.append(Problem(self.file_name, self.layout.header_rows[-1], None,
                                               "长表缺少“指标名称”或“指标代码”列", self.sheet.name))
            return self.finish("长表")
        indicator = pd.Series("", index=cells.index)
        for column in reversed(by_role["indicator"]):  # 指标代码 before 指标名称 where a row has both
            indicator = cells[column].where(cells[column].map(str.strip).ne(""), indicator)
        mapped = map_unique(indicator, lambda t: _mapping(self.options, [t]))
        keep = ~mapped.map(lambda m: m is not None and m.indicator is None)  # rows of a skipped indicator
        first = {role: columns[0] for role, columns in by_role.items()}
        if "status" in first:
            self.status_label = self.label(first["status"])
        records = base.assign(indicator=[m.indicator if m else t for t, m in zip(indicator, mapped)],
                              value=cells[first["value"]],
                              status=cells[first["status"]] if "status" in first else "")
        records["period"] = cells[first["period"]].map(self.with_year) if "period" in first \
            else self.with_year(self.period_text) or ""
        records["unit"] = self.long_units(cells, first, mapped, records["value"])
        value_label = self.label(first["value"])
        self.add(records[keep], value_label, self.label(first["period"]) if "period" in first else value_label)
        return self.finish("长表")

    def long_units(self, cells, first: dict[str, int], mapped: pd.Series, values: pd.Series) -> list[str]:
        """Per row: the unit the user mapped, else the 单位 column, else a % sign on the number, else the 单位 line."""
        units = cells[first["unit"]].map(parse.fold) if "unit" in first else pd.Series("", index=cells.index)
        line = self.layout.unit_units[0] if len(self.layout.unit_units) == 1 else ""
        return [(m.unit if m else "") or u or parse.unit_sign(v) or line for m, u, v in zip(mapped, units, values)]
