"""Per-dataset builders: each turns one checked table of records into the rows of its warehouse table."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.importer import parse, targets
from data.importer.prepare import (
    GROWTH_STATUSES,
    PARK_KINDS,
    VALUE_STATUSES,
    Checker,
    Context,
    member_parser,
    optional_number,
    regions,
)


def _period(text: str) -> parse.Period:
    if not parse.fold(text):
        raise parse.CellError("期别为空：请在表中写明期别，或在导入时指定")
    return parse.to_period(text)


def fit_period(period: parse.Period, frequency: str, measure: str, name: str) -> date:
    """The period's first day as the catalog keeps it; raises when the period cannot hold this indicator."""
    if frequency == "yearly":
        if period.frequency == "yearly" or (period.cumulative and period.start.month == 12):
            return date(period.start.year, 1, 1)
        raise parse.CellError(f"“{name}”是年度指标，期别应写作 2025年（或 2025年1-12月），而不是“{period.label()}”")
    if period.frequency == "yearly":
        raise parse.CellError(f"“{name}”是月度指标，期别应写作 2025年6月，而不是“{period.label()}”")
    if measure == "当月" and period.cumulative:
        raise parse.CellError(f"“{name}”是当月值，期别不能是累计的“{period.label()}”")
    return period.start


def _indicator_ids(chk: Checker, ctx: Context, periods: pd.Series) -> pd.Series:
    """Indicator per record; a name that fits two entries is settled by the period (1-6月 → 累计)."""
    hint = periods.map(lambda p: f"{p.frequency}|{int(p.cumulative)}" if p is not None else "")
    column = "indicator" if "indicator" in chk.table else "indicator_id"
    keys = chk.table[column].fillna("").astype(str) + "\x00" + hint

    def find(key: str) -> str:
        text, period = key.split("\x00")
        frequency, cumulative = period.split("|") if period else (None, None)
        return ctx.lookup.find(text, frequency=frequency, cumulative=None if cumulative is None else cumulative == "1")
    return chk.map_series(keys, column, find)


def values_of(chk: Checker, ctx: Context) -> pd.DataFrame:
    """indicator_id, period, value (in the catalog unit) and estimated per record, every cell checked."""
    periods = chk.map("period", _period)
    indicator = _indicator_ids(chk, ctx, periods)
    _settle_new_frequencies(ctx, indicator, periods)
    meta = ctx.indicators
    known = [i if isinstance(i, str) else "" for i in indicator]  # "" where the indicator was not found
    fitted = chk.map_series(pd.Series([f"{i}\x00{p.label() if p else ''}" for i, p in zip(known, periods)]),
                            "period", lambda k: _fit(ctx, k))
    raw = chk.table["value"].fillna("").astype(str)
    values = chk.map_series(raw, "value", parse.to_number).astype("float64")
    units = chk.table["unit"].fillna("").astype(str) if "unit" in chk.table else pd.Series("", index=raw.index)
    factor = chk.map_series(units + "\x00" + pd.Series(known, index=units.index), "unit", lambda s: _unit(ctx, s))
    signs = raw.map(parse.unit_sign)
    chk.require("value", ~(signs.ne("") & units.map(parse.fold).ne("") & ~units.map(parse.fold).isin(["%", "‰"])),
                "数值带百分号，但这一行的单位不是 %")
    values = values * factor.fillna(1.0).astype("float64")
    low, high = indicator.map(meta["value_min"]).astype("float64"), indicator.map(meta["value_max"]).astype("float64")
    chk.require("value", ~(values < low), "数值小于该指标允许的最小值（如数量、产值不能为负）")
    chk.require("value", ~(values > high), "数值超过该指标允许的最大值（比例不能超过100%）")
    today = date.today().replace(day=1)
    ends = [p.start if p else None for p in periods]
    chk.require("period", pd.Series([e is None or e <= today for e in ends]), "期别晚于当前月份，不能导入未来的数据")
    return pd.DataFrame({"indicator_id": indicator, "period": fitted, "value": values,
                         "estimated": raw.map(parse.is_estimate)})


def _fit(ctx: Context, key: str) -> date | None:
    indicator_id, label = key.split("\x00")
    if not indicator_id or not label:
        return None
    row = ctx.indicators.loc[indicator_id]
    return fit_period(parse.to_period(label), row["frequency"], row["measure"], row["name"])


def _settle_new_frequencies(ctx: Context, indicator: pd.Series, periods: pd.Series) -> None:
    """A user-defined indicator is yearly when every period it comes with is a year."""
    for indicator_id in ctx.lookup.pending:
        mine = periods[indicator == indicator_id].dropna()
        if len(mine) and all(p.frequency == "yearly" for p in mine):
            ctx.lookup.set_frequency(indicator_id, "yearly")


def _unit(ctx: Context, pair: str) -> float:
    unit, indicator_id = pair.split("\x00")
    if indicator_id not in ctx.indicators.index:
        return 1.0
    return parse.unit_factor(unit, ctx.indicators.at[indicator_id, "unit"])


def county_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = values_of(chk, ctx)
    frame.insert(0, "adcode", regions(chk, ctx))
    status = chk.table["status"] if "status" in chk.table else pd.Series("", index=frame.index)
    frame["status"] = status.fillna("").map(parse.fold).replace("", "最终")
    chk.require("status", frame["status"].isin(VALUE_STATUSES), "状态应为“初步”或“最终”")
    key = frame[["adcode", "indicator_id", "period"]]
    repeated = key.notna().all(axis=1) & key.duplicated(keep="first")
    chk.require("value", ~repeated, "同一县、指标和期别在本文件中出现了不止一次")
    frame["row_seq"] = frame.index.astype("int64")
    return frame


def _once(chk: Checker, frame: pd.DataFrame, keys: list[str], column: str, what: str) -> None:
    """Refuse the second and later rows with the same key: loaded twice, they would count twice."""
    key = frame[keys]
    repeated = key.notna().all(axis=1) & key.duplicated(keep="first")
    chk.require(column, ~repeated, f"同一{what}在本文件中出现了不止一次")


def _no_formulas(chk: Checker, *columns: str) -> None:
    """Text columns: a formula whose result the file did not save would load as its text (=A1&"园")."""
    for column in columns:
        if column in chk.table:
            texts = chk.table[column].fillna("").map(parse.fold)
            chk.require(column, ~texts.str.match(r"=.+"),
                        "单元格是公式，文件中没有它的计算结果：请在 Excel 中打开并保存，或改为文字后再导入")


def _optional_text(chk: Checker, column: str) -> pd.Series:
    """An optional text column, empty cells as None; all None when the file leaves the column out."""
    if column not in chk.table:
        return pd.Series(None, index=chk.table.index, dtype="object")
    return chk.table[column].replace("", None)


def parks(chk: Checker, ctx: Context) -> pd.DataFrame:
    _no_formulas(chk, "park_id", "park_name", "parent_park_id", "park_level")
    frame = chk.table[["park_id", "park_name"]].copy()
    frame["adcode"] = regions(chk, ctx)
    frame["park_kind"] = chk.map("park_kind", member_parser(PARK_KINDS, "园区类型"))
    frame["parent_park_id"] = _optional_text(chk, "parent_park_id")
    frame["park_level"] = _optional_text(chk, "park_level")
    for column in ("planned_area_mu", "developed_area_mu", "lon", "lat"):
        frame[column] = optional_number(chk, column)
    chk.require("developed_area_mu", frame["developed_area_mu"] > 0, "已开发工业用地面积应为正数")
    return frame


def _record_values(chk: Checker, ctx: Context, key: str, known: set[str], what: str) -> pd.DataFrame:
    frame = pd.DataFrame({key: chk.map(key, member_parser(known, what))})
    values = values_of(chk, ctx)
    frame = frame.join(values[["indicator_id", "period", "value"]])
    _once(chk, frame, [key, "indicator_id", "period"], "value", "对象、指标和期别")
    return frame


def park_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    return _record_values(chk, ctx, "park_id", ctx.parks, "园区代码（请先加载园区名录）")


def enterprise_values(chk: Checker, ctx: Context) -> pd.DataFrame:
    return _record_values(chk, ctx, "enterprise_id", ctx.enterprises, "企业（请先加载企业名录）")


def enterprises(chk: Checker, ctx: Context) -> pd.DataFrame:
    _no_formulas(chk, "enterprise_id", "enterprise_name")
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
    frame["year_awarded"] = chk.map("year_awarded", _year).astype("Int64")
    _once(chk, frame, ["enterprise_id", "honour", "tier", "year_awarded"], "honour", "企业、荣誉、级别和年份")
    return frame


def growth_points(chk: Checker, ctx: Context) -> pd.DataFrame:
    _no_formulas(chk, "project_id", "project_name")
    frame = chk.table[["project_id", "project_name"]].copy()
    frame["adcode"] = regions(chk, ctx)
    frame["industry_code"] = chk.map("industry_code", member_parser(ctx.industries, "行业代码"))
    frame["expected_output_yi"] = chk.map("expected_output_yi", parse.to_number).astype("float64")
    chk.require("expected_output_yi", frame["expected_output_yi"] >= 0, "预计新增产值应为非负数")
    frame["status"] = chk.map("status", member_parser(GROWTH_STATUSES, "状态"))
    months = chk.map_series(_optional_text(chk, "start_month"), "start_month",
                            lambda s: parse.to_period(s) if parse.fold(s) else None)
    frame["start_month"] = months.map(lambda p: p.start if p else None)
    frame["lon"], frame["lat"] = optional_number(chk, "lon"), optional_number(chk, "lat")
    return frame


def growth_point_reports(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = pd.DataFrame({"project_id": chk.map("project_id", member_parser(ctx.projects, "项目代码"))})
    frame["period"] = chk.map("period", _month).map(lambda p: p.start if p else None)
    frame["reported"] = chk.map("reported", parse.to_bool)
    _once(chk, frame, ["project_id", "period"], "period", "项目和月份")
    return frame


def _month(text: str) -> parse.Period:
    """A report's month: one month (2025年6月), not a year or a 1—N月 span, and not a month to come."""
    period = parse.to_period(text)
    if period.frequency != "monthly" or period.cumulative:
        raise parse.CellError(f"报送期别应为一个月份，如 2025年6月，而不是“{period.label()}”")
    if period.start > date.today().replace(day=1):
        raise parse.CellError("期别晚于当前月份，不能导入未来的数据")
    return period


def leading_industries(chk: Checker, ctx: Context) -> pd.DataFrame:
    frame = pd.DataFrame({"adcode": regions(chk, ctx)})
    frame["year"] = chk.map("year", _year).astype("Int64")
    frame["rank"] = _whole(chk, "rank", minimum=1)
    frame["industry_code"] = chk.map("industry_code", member_parser(ctx.industries, "行业代码"))
    _once(chk, frame, ["adcode", "year", "rank"], "rank", "县、年份和序号")
    return frame


def _year(text: str) -> int:
    """A whole year (2025 or 2025年), not later than this one."""
    if not parse.fold(text):
        raise parse.CellError("年份为空")
    try:
        period = parse.to_period(text)
    except parse.CellError:
        period = None  # its message would list the ways to write a month
    if period is None or period.frequency != "yearly":
        raise parse.CellError(f"年份应写作 2025 或 2025年，而不是“{parse.fold(text)}”")
    if period.start.year > date.today().year:
        raise parse.CellError(f"年份 {period.start.year} 晚于今年，不能导入未来的数据")
    return period.start.year


MAX_INTEGER = 2**31 - 1  # the warehouse keeps counts, years and ranks as 32-bit integers


def _whole(chk: Checker, column: str, minimum: int = 0) -> pd.Series:
    """A count column: every cell a whole number, none below minimum (nor past what the warehouse holds)."""
    values = chk.map(column, parse.to_number).astype("float64")
    whole = (values >= minimum) & (values == values.round()) & (values <= MAX_INTEGER)
    chk.require(column, values.isna() | whole, f"应为不小于 {minimum} 的整数" +
                ("" if not (values > MAX_INTEGER).any() else f"（不超过 {MAX_INTEGER}）"))
    chk.require(column, values.notna(), "不能为空")
    return values.where(whole).astype("Int64")  # a refused 5.5 becomes missing, not a failed cast


def villages(chk: Checker, ctx: Context) -> pd.DataFrame:
    """Administrative villages: 5G reached, and how many of their natural villages fibre reaches."""
    _no_formulas(chk, "village_name", "township")
    frame = pd.DataFrame({"village_code": chk.table["village_code"].map(parse.fold),
                          "village_name": chk.table["village_name"].map(parse.fold)})
    frame["adcode"] = regions(chk, ctx)
    frame["township"] = chk.table["township"].map(parse.fold)
    frame["year"] = chk.map("year", _year).astype("Int64")
    frame["has_5g"] = chk.map("has_5g", parse.to_bool)
    frame["natural_villages"] = _whole(chk, "natural_villages")
    frame["fibre_natural_villages"] = _whole(chk, "fibre_natural_villages")
    # The last three digits 000 name a township (or, 000000, the county), not a village.
    chk.require("village_code", frame["village_code"].str.fullmatch(r"\d{9}(?!000)\d{3}"),
                "村代码应为 12 位数字（统计用区划代码），末 3 位不能是 000")
    same_county = frame["adcode"].isna() | (frame["village_code"].str[:6] == frame["adcode"])
    chk.require("village_code", same_county, "村代码的前 6 位与所在县（市、区）的代码不一致")
    chk.require("village_name", frame["village_name"].ne(""), "行政村名称不能为空")
    chk.require("township", frame["township"].ne(""), "乡镇不能为空")
    more = (frame["fibre_natural_villages"] > frame["natural_villages"]).fillna(False)
    chk.require("fibre_natural_villages", ~more, "光纤通达自然村数超过了自然村数")
    return frame


BUILDERS = {
    targets.DATASET: targets.responsibility_targets,
    "county_values": county_values, "parks": parks, "park_values": park_values,
    "enterprises": enterprises, "enterprise_values": enterprise_values, "honours": honours,
    "growth_points": growth_points, "growth_point_reports": growth_point_reports,
    "leading_industries": leading_industries, "villages": villages,
}

