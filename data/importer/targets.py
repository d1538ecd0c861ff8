"""Responsibility targets (方案三(二) 任务分解): the year's targets of each county, prefecture and the province.

Prefectures send them as wide tables (a row per county, a column per indicator: 规上工业增加值增速目标（%）),
often with their own subtotal row and a 全省 row, sometimes beside the actual figures (目标 / 完成 under one
indicator). Read as a county table in target mode, such a sheet keeps its prefecture and province rows as
targets of those areas, reads an indicator from a header without its target words, ignores the columns of
actual figures when target columns are marked, and takes the year from the title, a 年份 column or the
header. The long template (地区, 指标, 目标年份, 目标值) is read the same way.
"""

from __future__ import annotations

import re

import pandas as pd

from data.importer import parse
from data.importer.column_roles import mapping_key
from data.importer.prepare import Checker, Context, region_parser
from geo.registry import normalize, resolve_prefecture

DATASET = "responsibility_targets"
PROVINCE_CODE = "420000"
PROVINCE_NAMES = {"全省", "湖北", "湖北省", "全省合计", "全省总计"}
# A title that says the sheet holds targets. A 目标完成情况 table also has targets, but mostly figures:
# it is read as figures unless the user says otherwise.
TARGET_TITLE = re.compile(r"目标任务|任务分解|责任目标|目标分解|预期目标|目标值|考核目标")
TARGET_WORDS = re.compile(r"(?:全年|年度|(?<!\d)年)?(预期|责任|计划|考核)?(目标值?|任务数?)")
ACTUAL_WORDS = re.compile(r"完成|实际|实绩|进度|差距|差值|完成率|增减|比上年|同比|排名|位次")
TARGET_ROLES = (  # the long template's own headers, checked before the county table's roles
    ("period", re.compile(r"^(目标年份|目标年度|年份|年度)$")),
    ("value", re.compile(r"^(目标值|目标|目标任务|责任目标|任务)$")),
)
TEMPLATE_HEADER = re.compile(r"^(目标年份|目标年度|目标值)$")
YEARS = range(2020, 2036)
HINT = ("这像是目标任务分解表：请作为责任目标导入（数据管理页打开“这是责任目标（任务分解）表”，"
        "命令行 --dataset responsibility_targets）")


def is_target_sheet(title: str, sheet_name: str, headers) -> bool:
    """Whether a sheet holds targets by what it says: its title or name (目标任务分解), or the template's
    目标年份 / 目标值 headers."""
    said = any(TARGET_TITLE.search(parse.fold(t)) and "完成情况" not in parse.fold(t) for t in (title, sheet_name))
    return said or any(TEMPLATE_HEADER.match(mapping_key("".join(parts))) for parts in headers)


def target_role(parts: list[str]) -> str | None:
    header = mapping_key("".join(parts))
    return next((role for role, pattern in TARGET_ROLES if pattern.match(header)), None)


def header_kind(parts: list[str]) -> tuple[list[str], str]:
    """A wide column's header parts without their target words, and whether they mark a target, an actual
    figure (完成, 实际, 完成率 …) or neither."""
    marked = [p for p in parts if TARGET_WORDS.search(parse.fold(p))]
    kept = [TARGET_WORDS.sub("", parse.fold(p)) for p in parts]
    if marked:
        return [p for p in kept if p], "target"
    if any(ACTUAL_WORDS.search(parse.fold(p)) for p in parts):
        return kept, "actual"
    return kept, "plain"


def area_of(ctx: Context, text: str) -> tuple[str, str] | None:
    """(code, level) of the area a region cell names: a county, a prefecture or the province; None otherwise."""
    raw = parse.fold(text)
    if not raw:
        return None
    if adcode := ctx.region(raw):
        return adcode, "county"
    if normalize(raw) in PROVINCE_NAMES or raw == PROVINCE_CODE:
        return PROVINCE_CODE, "province"
    if code := resolve_prefecture(raw):
        return code, "prefecture"
    return None


def _areas(chk: Checker, ctx: Context) -> pd.DataFrame:
    """area_code and area_level per row, from 地区代码 where given, else 地区名称 (the county check's message)."""
    names = chk.table.get("region_name", pd.Series("", index=chk.table.index)).fillna("").astype(str)
    codes = chk.table.get("adcode", pd.Series("", index=chk.table.index)).fillna("").astype(str)
    text = codes.where(codes.str.strip().ne(""), names)
    county = region_parser(ctx)

    def resolve(cell: str) -> tuple[str, str]:
        return area_of(ctx, cell) or (county(cell), "county")  # the county parser names the closest match
    found = chk.map_series(text, "region_name", resolve)
    chk.require("region_name", text.str.strip().ne(""), "地区名称和地区代码都为空")
    return pd.DataFrame({"area_code": found.map(lambda a: a[0] if a else None),
                         "area_level": found.map(lambda a: a[1] if a else None)}, index=chk.table.index)


def _year(text: str) -> int:
    period = parse.to_period(text) if not re.fullmatch(r"\s*20\d{2}\s*", text) else None
    year = period.start.year if period else int(text)
    if year not in YEARS:
        raise parse.CellError(f"目标年份“{text}”不在 {YEARS.start}—{YEARS.stop - 1} 年之间")
    return year


def _target_year(text: str) -> int:
    if not parse.fold(text):
        raise parse.CellError("目标年份为空：请在标题、表头或“年份”列写明（如 2025年），或在导入时指定期别")
    return _year(parse.fold(text))


def responsibility_targets(chk: Checker, ctx: Context) -> pd.DataFrame:
    """One row per area, indicator and year: the target in the catalog unit, every cell checked."""
    frame = _areas(chk, ctx)
    column = "indicator" if "indicator" in chk.table else "indicator_id"
    # A year's target of an indicator kept both monthly and for the year to date is the year's: 累计.
    frame["indicator_id"] = chk.map(column, lambda t: ctx.lookup.find(t, cumulative=True, target=True))
    frame["year"] = chk.map("period", _target_year).astype("Int64")
    raw = chk.table["value"].fillna("").astype(str)
    values = chk.map_series(raw, "value", parse.to_number).astype("float64")
    units = chk.table["unit"].fillna("").astype(str) if "unit" in chk.table else pd.Series("", index=raw.index)
    catalog = frame["indicator_id"].map(ctx.indicators["unit"]).fillna("")
    factor = chk.map_series(units + "\x00" + catalog, "unit",
                            lambda s: parse.unit_factor(*s.split("\x00")) if s.split("\x00")[1] else 1.0)
    frame["value"] = values * factor.fillna(1.0).astype("float64")
    low = frame["indicator_id"].map(ctx.indicators["value_min"]).astype("float64")
    high = frame["indicator_id"].map(ctx.indicators["value_max"]).astype("float64")
    chk.require("value", ~(frame["value"] < low), "目标值小于该指标允许的最小值（如数量、产值不能为负）")
    chk.require("value", ~(frame["value"] > high), "目标值超过该指标允许的最大值（比例不能超过100%）")
    key = frame[["area_code", "indicator_id", "year"]]
    repeated = key.notna().all(axis=1) & key.duplicated(keep="first")
    chk.require("value", ~repeated, "同一地区、指标和年份的目标在本文件中出现了不止一次")
    frame["row_seq"] = frame.index.astype("int64")
    return frame
