"""What each task-area slide of the 会议材料 shows: the page's indicator (the presenter's choice, else its default;
with an industry, the industry's measures as on the page), its latest period and county frame, and the targets.

Pure (no streamlit), like ui/files/meeting_pack, which draws the slides from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

import queries
from queries import periods
from ui.figures import specs
from ui.style import labels


@dataclass(frozen=True)
class Area:
    """A task-area page as the deck shows it: its title, clause, and the indicator and overlays it maps first."""
    id: str
    title: str
    clause: str
    default: str
    layers: tuple[str, ...] = ()


# The six 重点任务 pages, in their order: ids and clauses of the catalog's areas.csv, defaults of app_pages/<id>.py.
AREAS = (
    Area("growth", "稳步增长", "二(一)", "va_growth_ytd_pct"),
    Area("cluster", "产业集聚", "二(二)", "output_year_yi", ("产业集群",)),
    Area("entity", "市场主体", "二(三)", "srdi_count"),
    Area("compete", "企业竞争力", "二(四)", "rd_active_share_pct"),
    Area("digital", "数字化转型", "二(五)", "village_5g_pct"),
    Area("green", "绿色发展", "二(六)", "energy_intensity_change_pct", ("国家基地",)),
)


@dataclass(frozen=True)
class Choice:
    """What the presenter chose on a task page (its widgets' state): indicator, colouring, overlays; None = default."""
    indicator: str | None = None
    method: str = "quantile"
    layers: tuple[str, ...] | None = None


def describe_scope(params: dict) -> str:
    """The filters in words, as the pages caption them: 全省 / 黄石市 · 县级市 · 强县工程范围."""
    names = queries.run("common/prefectures").set_index("code")["name"]
    prefecture = names.get(params["prefecture"]) if params.get("prefecture") else None
    parts = [p for p in (prefecture, params.get("metro_circle"), params.get("county_type")) if p]
    if params.get("in_scope_only"):
        parts.append("强县工程范围")
    return " · ".join(parts) or "全省"


TARGET_HEADER = ["目标", "现状", "目标值", "期别", "状态"]


def target_state(t: pd.Series) -> str:
    """已达成 / 按进度 / 落后进度 (on the straight path to the target year or not) / 暂无数据."""
    if pd.isna(t["current_value"]):
        return "暂无数据"
    if t["met"]:
        return "已达成"
    if t["kind"] == "net_increase" or pd.isna(t["on_track"]):
        return "未达成"
    return "按进度" if t["on_track"] else "落后进度"


def target_rows(area: str, as_of: date) -> list[list[str]]:
    """One row per target of the area (common/target_progress): name, measure, goal, its period, state."""
    rows = []
    for _, t in queries.run("common/target_progress", area=area, as_of=as_of).iterrows():
        if pd.isna(t["current_value"]):
            current = "—"
        elif t["kind"] == "coverage":
            current = f"{int(t['meeting'])}/{int(t['counted'])} 县（{labels.with_unit(t['current_value'], '%')}）"
        elif t["kind"] == "net_increase":
            current = f"较上年末 {labels.signed(t['current_value'], t['unit'])}"
        else:
            current = labels.with_unit(t["current_value"], t["unit"])
        goal = "持续净增" if t["kind"] == "net_increase" else labels.with_unit(t["target_value"], t["unit"])
        rows.append([t["label"], current, goal, labels.period_label(t["period"], t["frequency"]), target_state(t)])
    return rows


@dataclass
class AreaContent:
    """What one area slide shows."""
    area: Area
    choice: Choice = Choice()
    indicator: pd.Series | None = None
    period: date | None = None
    period_text: str = "—"
    frame: pd.DataFrame | None = None
    targets: tuple = ()
    class_values: tuple[float, ...] | None = None  # the page's classes: cut from every period's values

    @property
    def mapped(self) -> bool:
        return self.frame is not None and bool(self.frame["value"].notna().any())


INDUSTRY_DEFAULT = "ind_output_growth_ytd_pct"  # an area without a measure of its own shows the industry's growth


def area_indicators(area: Area, industry: str | None) -> tuple[pd.DataFrame, str | None]:
    """The area's indicators with county values and its default; with an industry, its measures first (the area's
    own measure, else the industry's growth, the default) as on the page (ui/sections/industry.offer)."""
    indicators = queries.run("common/indicators")
    own = indicators[indicators["area"] == area.id]
    measures = queries.run("common/industry_indicators") if industry else own.iloc[:0]
    if measures.empty:
        return own.set_index("id"), area.default
    mine = measures[measures["area"] == area.id]
    default = mine["id"].iloc[0] if len(mine) else INDUSTRY_DEFAULT
    return pd.concat([measures, own]).set_index("id"), default


def area_content(area: Area, as_of: date, params: dict, choice: Choice = Choice(),
                 industry: str | None = None) -> AreaContent:
    """What one area slide shows: the chosen (else default) indicator's latest period, its county frame, targets."""
    content = AreaContent(area, choice, targets=tuple(target_rows(area.id, as_of)))
    indicators, default = area_indicators(area, industry)
    if indicators.empty:
        return content
    # The page's picker: what the presenter chose, else its default when it has values, else the first indicator.
    wanted = next((i for i in (choice.indicator, default) if i in indicators.index), indicators.index[0])
    content.indicator = indicators.loc[wanted]
    if industry:
        content.indicator["name"] = labels.in_industry(content.indicator["name"], industry_name(industry),
                                                       measure=labels.is_industry_measure(content.indicator))
    period = content.period = periods.period_for(content.indicator, as_of, industry)
    if period is None:
        return content
    content.period_text = labels.period_label(period, content.indicator["frequency"])
    content.frame = queries.run("overview/indicator_by_county", indicator=content.indicator.name, period=period,
                                industry=industry, **params)
    if choice.method != "tiers":  # classed as the page classes it (ui/sections/task.leaders)
        pooled = specs.pooled_class_values(content.indicator, as_of, params | {"industry": industry})
        content.class_values = pooled[0]
    return content


def industry_name(industry: str) -> str:
    return labels.industry_label(industry, queries.run("common/industry_choices").set_index("id"))
