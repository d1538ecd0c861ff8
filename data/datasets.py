"""Per-dataset builders: each turns one checked template table into the rows of its warehouse table."""

from __future__ import annotations

import duckdb
import pandas as pd

from data import parse
from data.prepare import (
    GROWTH_STATUSES,
    PARK_KINDS,
    VALUE_STATUSES,
    Checker,
    Context,
    Problem,
    member_parser,
    missing_columns,
    optional_number,
    regions,
)
from data.templates import Template


def _indicator_parser(ctx: Context):
    def find(text: str) -> str:
        key = parse.fold(text)
        indicator_id = key if key in ctx.indicators.index else ctx.indicator_by_name.get(key)
        if indicator_id is None:
            raise parse.CellError(f"指标目录中没有“{key}”")
        if ctx.indicators.at[indicator_id, "kind"] == "derived":
            raise parse.CellError(f"“{key}”由系统根据其他指标计算，不能直接导入")
        return indicator_id
    return find


def _indicators(chk: Checker, ctx: Context) -> pd.Series:
    use_id = "indicator_id" in chk.table and chk.table["indicator_id"].astype(str).str.strip().ne("").all()
    return chk.map("indicator_id" if use_id else "indicator_name", _indicator_parser(ctx))


def _values(chk: Checker, ctx: Context, indicator: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Period start and value (converted to the catalog unit), checking period against frequency."""
    periods = chk.map("period", parse.to_period)
    known = indicator.notna() & periods.notna()
    freq = indicator[known].map(ctx.indicators["frequency"])
    chk.require("period", (periods[known].map(lambda p: p.frequency) == freq).reindex(periods.index, fill_value=True),
                "期别与指标的统计频率不符（月度指标写作 2025年6月，年度指标写作 2025年）")
    values = chk.map("value", parse.to_number).astype("float64")
    if "unit" in chk.table:
        pairs = chk.table["unit"].fillna("").astype(str) + "\x00" + indicator.fillna("").astype(str)
        factor = chk.map_series(pairs, "unit", lambda s: _unit(ctx, s))
        values = values * factor.fillna(1.0).astype("float64")
    return periods.map(lambda p: p.start if p else None), values


def _unit(ctx: Context, pair: str) -> float:
    unit, indicator_id = pair.split("\x00")
    if indicator_id not in ctx.indicators.index:
        return 1.0
    return parse.unit_factor(unit, ctx.indicators.at[indicator_id, "unit"])


def county_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    indicator = _indicators(chk, ctx)
    periods, values = _values(chk, ctx, indicator)
    status = chk.table["status"].replace("", "最终") if "status" in chk.table else "最终"
    frame = pd.DataFrame({"adcode": regions(chk, ctx), "indicator_id": indicator, "period": periods,
                          "value": values, "status": status})
    chk.require("status", frame["status"].isin(VALUE_STATUSES), "状态应为“初步”或“最终”")
    frame["row_seq"] = frame.index.astype("int64")
    return frame


def parks(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = chk.table[["park_id", "park_name"]].copy()
    frame["adcode"] = regions(chk, ctx)
    frame["park_kind"] = chk.map("park_kind", member_parser(PARK_KINDS, "园区类型"))
    frame["parent_park_id"] = chk.table.get("parent_park_id", "").replace("", None)
    frame["park_level"] = chk.table.get("park_level", "").replace("", None)
    for column in ("planned_area_mu", "developed_area_mu", "lon", "lat"):
        frame[column] = optional_number(chk, column)
    chk.require("developed_area_mu", frame["developed_area_mu"] > 0, "已开发工业用地面积应为正数")
    return frame


def _record_values(chk: Checker, ctx: Context, key: str, known: set[str], what: str) -> pd.DataFrame:
    frame = pd.DataFrame({key: chk.map(key, member_parser(known, what))})
    frame["indicator_id"] = chk.map("indicator_id", _indicator_parser(ctx))
    frame["period"], frame["value"] = _values(chk, ctx, frame["indicator_id"])
    return frame


def park_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    return _record_values(chk, ctx, "park_id", ctx.parks, "园区代码（请先加载园区名录）")


def enterprise_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    return _record_values(chk, ctx, "enterprise_id", ctx.enterprises, "企业（请先加载企业名录）")


def enterprises(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = chk.table[["enterprise_id", "enterprise_name"]].copy()
    frame["adcode"] = regions(chk, ctx)
    frame["industry_code"] = chk.map("industry_code", member_parser(ctx.industries, "行业代码"))
    frame["above_scale"] = chk.map("above_scale", parse.to_bool) if "above_scale" in chk.table else None
    frame["lon"], frame["lat"] = optional_number(chk, "lon"), optional_number(chk, "lat")
    return frame


def honours(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = pd.DataFrame({"enterprise_id": chk.map("enterprise_id", member_parser(ctx.enterprises, "企业"))})
    frame["honour"], frame["tier"] = chk.table["honour"].map(parse.fold), chk.table["tier"].map(parse.fold)
    chk.require("honour", pd.Series([(h, t) in ctx.honours for h, t in zip(frame["honour"], frame["tier"])]),
                "荣誉类型与级别的组合不在目录中")
    frame["year_awarded"] = chk.map("year_awarded", parse.to_number).astype("Int64")
    return frame


def growth_points(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = chk.table[["project_id", "project_name"]].copy()
    frame["adcode"] = regions(chk, ctx)
    frame["industry_code"] = chk.map("industry_code", member_parser(ctx.industries, "行业代码"))
    frame["expected_output_yi"] = chk.map("expected_output_yi", parse.to_number).astype("float64")
    chk.require("expected_output_yi", frame["expected_output_yi"] >= 0, "预计新增产值应为非负数")
    frame["status"] = chk.map("status", member_parser(GROWTH_STATUSES, "状态"))
    months = chk.map("start_month", lambda s: parse.to_period(s) if parse.fold(s) else None)
    frame["start_month"] = months.map(lambda p: p.start if p else None)
    frame["lon"], frame["lat"] = optional_number(chk, "lon"), optional_number(chk, "lat")
    return frame


def growth_point_reports(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = pd.DataFrame({"project_id": chk.map("project_id", member_parser(ctx.projects, "项目代码"))})
    frame["period"] = chk.map("period", parse.to_period).map(lambda p: p.start if p else None)
    frame["reported"] = chk.map("reported", parse.to_bool)
    return frame


def leading_industries(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = pd.DataFrame({"adcode": regions(chk, ctx)})
    frame["year"] = chk.map("year", parse.to_number).astype("Int64")
    frame["rank"] = chk.map("rank", parse.to_number).astype("Int64")
    frame["industry_code"] = chk.map("industry_code", member_parser(ctx.industries, "行业代码"))
    return frame


BUILDERS = {
    "county_values": county_values, "parks": parks, "park_values": park_values,
    "enterprises": enterprises, "enterprise_values": enterprise_values, "honours": honours,
    "growth_points": growth_points, "growth_point_reports": growth_point_reports,
    "leading_industries": leading_industries,
}


def prepare(con: duckdb.DuckDBPyConnection, table: pd.DataFrame, template: Template,
            file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed rows ready to insert, and the problems found (empty when the file is clean)."""
    problems = missing_columns(table, template, file_name)
    if problems:
        return pd.DataFrame(), problems
    table = table.rename(columns=template.rename_map()).reset_index(drop=True)
    chk = Checker(table, template, file_name)
    staged = BUILDERS[template.dataset](chk, Context(con))
    return staged, chk.problems
