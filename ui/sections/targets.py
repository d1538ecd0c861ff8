"""目标责任 sections: each county's own targets (方案三(二) 任务分解) — attainment and pace maps, the league
table, one county's targets beside its prefecture's and the province's, and the versions loaded.

The pace rules (序时进度) are the schema's (42_target_pace.sql); these sections only pick and draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

import queries
from ui.figures import maps
from ui.frame import filters
from ui.sections import common
from ui.style import labels, theme

# Status → colour, in legend order: reached, on pace, behind, missed; then no figure yet.
STATUS_COLOURS = {"全年完成": theme.TARGET_MET, "达到序时进度": theme.TARGET_OPEN,
                  "落后序时进度": theme.TARGET_BEHIND, "全年未完成": theme.TARGET_MISSED,
                  "暂无当年数据": theme.NO_DATA, "未下达目标": theme.OTHER_CATEGORY,
                  labels.FILTERED_OUT_LABEL: theme.FILTERED_OUT}
# The league table's short forms: five columns must fit beside the map at 1366 px.
SHORT_STATUS = {"达到序时进度": "达到进度", "落后序时进度": "落后进度", "暂无当年数据": "暂无数据"}
COLOURINGS = ("完成情况", "与序时进度差距", "完成率")
SOURCE = "目标：各市州分解下达的责任目标（数据管理导入）；实际：指标目录所列来源"
PACE_NOTE = ("序时进度：增速类目标按全年目标本身衡量；累计量按全年目标×已过月数/12；期末存量按上年末至目标的直线；"
             "年度指标在全年数据发布后衡量。能耗等越低越好的指标，低于目标即为完成。")


@dataclass(frozen=True)
class View:
    indicator_id: str
    name: str
    unit: str
    year: int
    version: int | None  # a targets batch; None: the newest
    version_text: str
    colouring: str


def controls() -> View | None:
    """Indicator, year, version and colouring pickers over the targets in force; None when none are loaded."""
    versions = queries.run("targets/versions")
    loaded = versions[versions["outcome"] == "loaded"]
    if loaded.empty:
        st.info("尚未导入责任目标。请在“数据管理”页下载“责任目标（宽表）”模板，按县（市、区）填写后导入；"
                "各市州报来的目标任务分解表也可直接导入。", icon=":material/info:")
        return None
    pick, year_col, version_col, colour_col = st.columns([4, 2, 3, 3], vertical_alignment="bottom")
    texts = {None: f"最新（第 {int(loaded['version'].iloc[0])} 版）"} | {
        int(v): f"第 {int(v)} 版（{pd.Timestamp(t):%Y-%m-%d}）" for v, t in zip(loaded["version"], loaded["loaded_at"])}
    version = version_col.selectbox("目标版本", list(texts), format_func=lambda v: texts.get(v, v),
                                    key="targets_version")
    choices = queries.run("targets/choices", version=version)
    names = dict(zip(choices["indicator_id"], choices["name"]))
    indicator_id = pick.selectbox("指标", list(names), format_func=names.get, key="targets_indicator")
    years = sorted(choices.loc[choices["indicator_id"] == indicator_id, "year"].astype(int), reverse=True)
    year = year_col.selectbox("目标年份", years, format_func=lambda y: f"{y}年", key="targets_year")
    colouring = colour_col.selectbox("着色", COLOURINGS, key="targets_colouring")
    unit = choices.loc[choices["indicator_id"] == indicator_id, "unit"].iloc[0]
    return View(indicator_id, names[indicator_id], unit, year, version, texts[version], colouring)


def pace(f: filters.Filters, view: View) -> pd.DataFrame:
    return queries.run("targets/pace_by_county", indicator=view.indicator_id, year=view.year, as_of=f.as_of,
                       version=view.version, **f.query_params())


def summary(frame: pd.DataFrame) -> None:
    """How many counties in the filter stand where: one metric per status."""
    kept = frame[frame["in_filter"] & frame["status"].notna()]
    counts = kept["status"].value_counts()
    shown = [s for s in STATUS_COLOURS if s in counts]
    for slot, status in zip(st.columns(max(len(shown), 1) + 1), ["下达目标的县", *shown]):
        slot.metric(status, f"{len(kept) if status == '下达目标的县' else int(counts[status])} 个")


def _period_text(frame: pd.DataFrame) -> str:
    measured = frame.dropna(subset=["period"])
    if measured.empty:
        return "尚无当年实际数据"
    return f"实际截至{labels.period_label(measured['period'].max(), measured['frequency'].iloc[0])}"


def _detail(frame: pd.DataFrame, unit: str) -> pd.Series:
    """Per county, the hover line: target, figure and its period, gap to pace."""
    lines = []
    for row in frame.itertuples():
        if pd.isna(row.target):
            lines.append("未下达目标")
            continue
        actual = f"实际 {labels.with_unit(row.actual, unit)}（{labels.period_label(row.period, row.frequency)}）" \
            if pd.notna(row.actual) else "暂无当年数据"
        gap = f"；较序时进度 {labels.signed(row.gap, unit)}" if pd.notna(row.gap) else ""
        lines.append(f"目标 {labels.with_unit(row.target, unit)}；{actual}{gap}")
    return pd.Series(lines, index=frame.index)


def pace_map(frame: pd.DataFrame, view: View) -> None:
    """The county map in the chosen colouring; a click selects the county for every page."""
    title = f"{view.name}：{view.year}年责任目标{view.colouring}"
    spec = maps.MapSpec(title=title, unit="", period_text=_period_text(frame),
                        source=f"{SOURCE}（{view.version_text}）", demo=labels.any_demo(frame))
    if view.colouring == "完成情况":
        category = frame["status"].fillna("未下达目标").where(frame["in_filter"], labels.FILTERED_OUT_LABEL)
        shown = frame.assign(category=category, detail=_detail(frame, view.unit))
        common.clickable_map(maps.category_choropleth(shown, spec, STATUS_COLOURS), key="targets_map")
        return
    column, unit = ("gap", labels.change_unit(view.unit)) if view.colouring == "与序时进度差距" else \
        ("completion_pct", "%")
    if frame["actual"].notna().sum() == 0:
        st.info(f"尚无{view.year}年{view.name}的实际数据，无法计算{view.colouring}；可改看“完成情况”或上一年。")
        return
    if frame[column].notna().sum() == 0:
        st.info(f"{view.name}是增速类目标，不计完成率；可改看“与序时进度差距”。")
        return
    ranked = frame.assign(value=frame[column], ranked_count=int(frame["rank"].notna().sum()))
    spec = maps.MapSpec(**{**spec.__dict__, "unit": unit, "diverging": column == "gap"})
    common.county_map(ranked, spec, key=f"targets_map_{column}")


def league(frame: pd.DataFrame, view: View) -> None:
    """Counties in the filter with a target, best against pace first, with CSV and Excel."""
    shown = frame[frame["in_filter"] & frame["target"].notna()].sort_values(["rank", "adcode"], na_position="last")
    unit, rate = view.unit, shown["completion_pct"].isna().all()  # a rate's pace is its target itself
    table = pd.DataFrame({
        "排名": shown["rank"].astype("Int64"),
        common.COUNTY_HEADER: [labels.county_with_prefecture(n, p)
                               for n, p in zip(shown["short_name"], shown["prefecture"])],
        labels.with_unit_title("目标", unit): shown["target"],
        labels.with_unit_title("实际", unit): shown["actual"],
        "完成率（%）": shown["completion_pct"],
        labels.with_unit_title("较进度", labels.change_unit(unit)): shown["gap"],
        "状态": shown["status"],
    })
    if rate:
        table = table.drop(columns="完成率（%）")
    # On screen five columns fit beside the map at 1366 px: the order is the rank, and an amount shows its
    # completion rate rather than its gap to pace (the downloads keep every column).
    shown_columns = [c for c in table.columns[1:] if not (c == table.columns[-2] and not rate)]
    places = labels.decimals(unit)
    number = st.column_config.NumberColumn(format=f"%,.{places}f", width=56)
    on_screen = table[shown_columns].assign(状态=table["状态"].replace(SHORT_STATUS))
    st.dataframe(on_screen, hide_index=True, height=common.LEAGUE_HEIGHT, key="targets_league",
                 column_config={**{c: number for c in table.columns[2:4]},
                                table.columns[-2]: st.column_config.NumberColumn(format=f"%+,.{places}f", width=64),
                                "完成率（%）": st.column_config.NumberColumn(format="%.1f", width=60),
                                common.COUNTY_HEADER: st.column_config.TextColumn(width=100),
                                "状态": st.column_config.TextColumn(width=80)})
    common.table_downloads(table, title=f"{view.name}{view.year}年责任目标完成情况", source=SOURCE,
                           demo=labels.any_demo(shown), key="targets_league")


def selected_county_targets(as_of) -> None:
    """The selected county's targets under their heading; nothing without a county."""
    adcode = filters.selected_county()
    if adcode:
        st.subheader("已选县（市、区）的责任目标")
        county_targets(adcode, as_of)


def county_targets(adcode: str, as_of) -> None:
    """One county's targets in force, each beside its prefecture's and the province's, its figure and pace."""
    frame = queries.run("targets/county_targets", adcode=adcode, as_of=as_of)
    if frame.empty:
        st.caption("该县（市、区）尚无已导入的责任目标。")
        return
    table = pd.DataFrame({
        "年份": frame["year"].map(lambda y: f"{int(y)}年"),
        "指标": frame["name"],
        "本县目标": [labels.with_unit(v, u) for v, u in zip(frame["target"], frame["unit"])],
        "所在市州目标": [labels.with_unit(v, u) if pd.notna(v) else "—"
                         for v, u in zip(frame["prefecture_target"], frame["unit"])],
        "全省目标": [labels.with_unit(v, u) if pd.notna(v) else "—"
                     for v, u in zip(frame["province_target"], frame["unit"])],
        "实际": [f"{labels.with_unit(v, u)}（{labels.period_label(p, q)}）" if pd.notna(v) else "—"
                 for v, u, p, q in zip(frame["actual"], frame["unit"], frame["period"], frame["frequency"])],
        "状态": frame["status"],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    common.table_downloads(table, title="责任目标", source=SOURCE, demo=labels.any_demo(frame),
                           key=f"county_targets_{adcode}")


def versions() -> None:
    """Every load of targets: the version, file, who and when, what it covers, in force or rolled back."""
    frame = queries.run("targets/versions")
    table = pd.DataFrame({
        "版本": frame["version"].map(lambda v: f"第 {int(v)} 版"),
        "文件": frame["file_name"], "导入人": frame["loaded_by"],
        "导入时间": frame["loaded_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "状态": frame["outcome"].map({"loaded": "有效", "rolled_back": "已回滚"}),
        "县": frame["counties"], "市州": frame["prefectures"],
        "含全省": frame["has_province"].map({True: "是", False: "否"}),
        "指标数": frame["indicators"], "年份": frame["years"],
    })
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("同一县、指标和年份以最新一版为准；回滚某一版后，上一版的目标恢复有效。导入与回滚在“数据管理”页。")
