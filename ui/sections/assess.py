"""Sections of the 强县考核 page: which rules, the county and prefecture 赛马 tables, and how a score is made.

Scores come from queries/assess/*.sql (computed in SQL with the chosen version of the rules);
the key-county list and the 三匹配 check are in ui/sections/assess_checks.py, the rules in ui/sections/assess_rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

import queries
from ui.figures import assess_charts, maps, memo
from ui.frame import county_sections, filters
from ui.sections import assess_rules, common, map_clicks
from ui.style import labels

SOURCE = "由本系统按评分细则计算（各指标数据来源见评分细则）"
NO_SNAPSHOT = 0
THIRDS, CUTS = "thirds", "cuts"
TIER_MODES = {THIRDS: "按名次三等分", CUTS: "按分数线"}


@dataclass(frozen=True)
class View:
    """What the page scores: the month, the rules' version, a snapshot to compare with, the tier cut points."""
    period: date
    version: pd.Series  # a row of assess/versions (name: version_id)
    latest: int
    snapshot: pd.Series | None  # a row of snapshot/snapshots (name: snapshot_id)
    cut_high: float | None
    cut_low: float | None

    @property
    def version_id(self) -> int:
        return int(self.version.name)

    def params(self) -> dict:
        """The parameters every score query takes besides the filters."""
        return {"version": self.version_id, "period": self.period, "cut_high": self.cut_high,
                "cut_low": self.cut_low, "snapshot": int(self.snapshot.name) if self.snapshot is not None else None}

    @property
    def period_text(self) -> str:
        return labels.period_label(self.period)

    @property
    def version_text(self) -> str:
        """第2版, or 第1版（非现行） for a version no longer in force."""
        return f"第{self.version_id}版" + ("" if self.version_id == self.latest else "（非现行）")


def controls(f: filters.Filters) -> View:
    """Pickers of the rules' version, the meeting snapshot and the tiers; and which version produced the page."""
    versions = queries.run("assess/versions").set_index("version_id")
    latest = int(versions.index.max())
    snaps = queries.run("snapshot/snapshots").set_index("snapshot_id")
    saved = st.session_state.pop(assess_rules.SAVED, None)
    if saved in versions.index:  # just saved by the editor below: show what it produces
        st.session_state["assess_version"] = saved
        st.toast(f"已保存为第{saved}版评分细则，即时施行。", icon=":material/check_circle:")
    left, middle, right = st.columns([4, 4, 3], vertical_alignment="bottom")
    version_id = left.selectbox("评分细则版本", list(versions.index), key="assess_version", bind=filters.URL,
                                format_func=lambda v: assess_rules.version_label(versions.loc[v], latest),
                                help="选择旧版本可重现当时依据该版本给出的得分")
    snapshot_id = middle.selectbox("与会议快照对比", [NO_SNAPSHOT, *snaps.index], key="assess_snapshot",
                                   bind=filters.URL, format_func=lambda i: "不对比" if i == NO_SNAPSHOT else
                                   f"{snaps.at[i, 'name']}（截至{labels.period_label(snaps.at[i, 'as_of'])}）",
                                   disabled=snaps.empty, help="快照得分按快照保存时施行的评分细则版本计算")
    mode = right.segmented_control("档次划分", list(TIER_MODES), format_func=TIER_MODES.get, default=THIRDS,
                                   key="assess_tiers", bind=filters.URL) or THIRDS
    cut_high = cut_low = None
    if mode == CUTS:
        high, low, _ = st.columns([1, 1, 2])
        cut_high = high.number_input("先进线（分，不低于）", 0.0, 150.0, 65.0, 0.5, key="assess_cut_high",
                                     bind=filters.URL)
        cut_low = low.number_input("后进线（分，低于即后进）", 0.0, 150.0, 55.0, 0.5, key="assess_cut_low",
                                   bind=filters.URL)
        cut_low = min(cut_low, cut_high)
    view = View(f.as_of, versions.loc[version_id], latest,
                snaps.loc[snapshot_id] if snapshot_id != NO_SNAPSHOT else None, cut_high, cut_low)
    _version_notice(view)
    return view


def _version_notice(view: View) -> None:
    """Which version of the rules produced every figure below, in one line."""
    row = view.version
    status = "现行" if view.version_id == view.latest else f"非现行，现行为第{view.latest}版"
    st.caption(f"本页得分依据 **第{view.version_id}版评分细则**（{status}；"
               f"{str(row['created_at'])[:16]} 起施行；{labels.literal(row['created_by'])}："
               f"{labels.literal(row['note'])}）")


def tier_note(view: View) -> str:
    if view.cut_high is None:
        return "档次：按筛选范围内名次三等分（同分同档）"
    return f"档次：先进 ≥ {view.cut_high:g} 分，中游 {view.cut_low:g}—{view.cut_high:g} 分，后进 < {view.cut_low:g} 分"


def _league(frame: pd.DataFrame, snapshot: pd.Series | None, *, name: pd.Series) -> pd.DataFrame:
    """The columns both league tables show, with Chinese headers (against the snapshot, when one is chosen)."""
    table = pd.DataFrame({"排名": frame["rank"].astype("Int64"), "名称": name, "得分": frame["value"],
                          "较上月": frame["value"] - frame["prev_value"],
                          "名次变化": [labels.rank_change(r, p) for r, p in zip(frame["rank"], frame["prev_rank"])]})
    if snapshot is not None:
        table["较快照"] = [labels.rank_change(r, p) for r, p in zip(frame["rank"], frame["snapshot_rank"])]
    table["档次"] = frame["tier"].map(labels.TIERS)
    return table


def _for_export(table: pd.DataFrame, frame: pd.DataFrame, snapshot: pd.Series | None, version_text: str,
                extra: dict[str, pd.Series]) -> pd.DataFrame:
    """The table as shown plus what the screen has no room for: the snapshot's scores and the extras."""
    out = table.copy()
    if snapshot is not None:
        out[f"快照“{snapshot['name']}”时得分"] = frame["snapshot_value"].to_numpy()
        out["快照时评分细则"] = f"第{int(frame['snapshot_version'].dropna().iloc[0])}版" \
            if frame["snapshot_version"].notna().any() else ""
    for header, column in extra.items():
        out[header] = column.to_numpy()
    out["评分细则"] = version_text
    return out


# Narrow columns: with a snapshot chosen, seven columns still fit beside the map at 1366 px.
LEAGUE_CONFIG = {
    "排名": st.column_config.NumberColumn(width=40),
    "得分": st.column_config.NumberColumn(format="%.2f", width=52, help="满分100分"),
    "较上月": st.column_config.NumberColumn(format="%+.2f", width=56, help="与上月得分之差（分）"),
    "名次变化": st.column_config.TextColumn("名次", width=44, help="较上月的名次变化"),
    "较快照": st.column_config.TextColumn(width=52, help="较所选会议快照时的名次变化"),
    "档次": st.column_config.TextColumn(width=44),
}


def downloads(table: pd.DataFrame, *, title: str, demo: bool, key: str) -> None:
    """CSV and Excel of a table as shown (made on click), with the 演示数据 mark on demo data."""
    common.table_downloads(table, title=title, source=SOURCE, demo=demo, key=key,
                             note=f"共 {len(table):,} 条" + (f"　{labels.DEMO_MARK}" if demo else ""))


def county_league(f: filters.Filters, view: View) -> pd.DataFrame:
    """The county 赛马: tier map and league table, exports and the biggest movers; returns the scores."""
    frame = queries.run("assess/score_by_county", **view.params(), **f.query_params())
    demo = labels.any_demo(frame)
    spec = maps.MapSpec(title="强县工程考核得分（县域）", unit="分", period_text=view.period_text,
                        source=f"{SOURCE}，第{view.version_id}版", demo=demo, method="tiers")
    table, export, moved = _county_rows(frame, view.snapshot, view.version_text)
    left, right = st.columns([11, 9])
    with left:
        county_sections.section("assess_map_section", common.county_map, frame, spec, key="assess_map")
    with right:
        st.markdown(f"**县域赛马排行** · {f.describe()} · {view.period_text}")
        st.dataframe(table, hide_index=True, height=common.LEAGUE_HEIGHT, key="assess_league",
                     column_config=LEAGUE_CONFIG | {"县（市、区）": st.column_config.TextColumn(width=104)})
    downloads(export, title=f"县域赛马_{view.period_text}", demo=demo, key="assess_league")
    common.source_note(f"{tier_note(view)}。得分在全省103个县（市、区）间计算，不随筛选改变；名次为筛选范围内名次。"
                         f"{labels.source_line(SOURCE, view.period_text, demo)}")
    _movers(moved, view, demo)
    return frame


@memo.table  # the same scores give the same rows: not rebuilt on every run of the page
def _county_rows(frame: pd.DataFrame, snapshot: pd.Series | None,
                 version_text: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The county league as shown, as exported, and each ranked county's places moved (label, moved): against the
    snapshot when one is chosen, else the month before."""
    shown = frame[frame["in_filter"] & frame["value"].notna()]
    names = pd.Series([labels.county_with_prefecture(n, p) for n, p in zip(shown["short_name"], shown["prefecture"])],
                      index=shown.index)
    table = _league(shown, snapshot, name=names).rename(columns={"名称": "县（市、区）"})
    scored = {"市州": shown["prefecture"], "计分指标数": shown["scored"].astype(str) + "/" + shown["rules"].astype(str)}
    moved = pd.DataFrame({"label": names, "moved": shown["prev_rank" if snapshot is None else "snapshot_rank"]
                          - shown["rank"]})
    return table, _for_export(table, shown, snapshot, version_text, scored), moved


def _movers(moved: pd.DataFrame, view: View, demo: bool) -> None:
    """Biggest gains and losses of places, against the snapshot when one is chosen, else the month before."""
    against = "上月" if view.snapshot is None else f"快照“{view.snapshot['name']}”"
    fig = assess_charts.movers(moved, against=against, period_text=view.period_text, demo=demo)
    if fig is None:
        st.caption(f"较{against}无名次变化。")
        return
    common.show_figure(fig, key="assess_movers")


def prefecture_league(f: filters.Filters, view: View) -> None:
    """The prefecture 赛马: the mean of each prefecture's county scores, on a map and in a table."""
    frame = queries.run("assess/score_by_prefecture", **view.params(), **f.query_params())
    if frame.empty:
        st.info("筛选范围内没有市州。", icon=":material/info:")
        return
    demo = labels.any_demo(frame)
    by_county = _prefecture_scores_by_county(frame, queries.run("common/regions"),
                                             queries.run("common/regions_in_filter", **f.query_params()))
    spec = maps.MapSpec(title="强县工程考核得分（市州）", unit="分", period_text=view.period_text,
                        source=f"{SOURCE}，第{view.version_id}版", demo=demo, method="tiers")
    table = _league(frame, view.snapshot, name=frame["prefecture"].map(labels.short_prefecture)).rename(
        columns={"名称": "市州"}).assign(领先县=frame["leader"].to_numpy())
    left, right = st.columns([11, 9])
    with left:
        common.clickable_map(maps.choropleth(by_county, spec), key="assess_prefecture_map", outline=False)
    with right:
        st.markdown(f"**市州赛马排行** · {f.describe()} · {view.period_text}")
        st.dataframe(table, hide_index=True, height=common.LEAGUE_HEIGHT, key="assess_prefecture_league",
                     column_config=LEAGUE_CONFIG | {
                         "市州": st.column_config.TextColumn(width=64),
                         "领先县": st.column_config.TextColumn(width=64, help="市州内得分最高的县（市、区）")})
    downloads(_for_export(table, frame, view.snapshot, view.version_text, {"参与平均的县数": frame["counties"]}),
              title=f"市州赛马_{view.period_text}", demo=demo, key="assess_prefecture")
    common.source_note(f"市州得分为其筛选范围内各县（市、区）得分的平均（仙桃、潜江、天门、神农架为其本身得分）；"
                         f"{tier_note(view)}。")


@memo.table  # three merges on every run of the page were a tenth of its warm CPU
def _prefecture_scores_by_county(scores: pd.DataFrame, counties: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Each county coloured by its prefecture's score (the map of prefectures is drawn with the county shapes)."""
    counties = counties.merge(regions[["adcode", "in_filter"]], on="adcode")
    by_county = counties.merge(scores.drop(columns="prefecture"), on="prefecture_code", how="left")
    # The hover reads name, then prefecture: here the prefecture, then the county under the pointer.
    return by_county.assign(name=by_county["prefecture"], prefecture="（" + by_county["name"] + "）")


def explain(view: View, scores: pd.DataFrame) -> None:
    """A county's score taken apart: each indicator's value, points, weight and contribution, summing to it. A
    county section: a click on a map explains the clicked county, and choosing one here selects it."""
    county_sections.section("assess_explain_section", _explain, view, scores)


def _explain(view: View, scores: pd.DataFrame) -> None:
    ranked, names = _ranked_by_adcode(scores)
    if ranked.empty:
        st.info("筛选范围内没有可计分的县。", icon=":material/info:")
        return
    options = list(names)
    if filters.selected_county() in names:  # a click on any map picks the county explained here
        st.session_state["assess_explain"] = filters.selected_county()
    elif st.session_state.get("assess_explain") not in names:
        st.session_state["assess_explain"] = options[0]
    adcode = st.selectbox("县（市、区）", options, format_func=names.get, key="assess_explain", width=320,
                          on_change=lambda: map_clicks.choose(st.session_state["assess_explain"]),
                          help="也可在地图上点击县")
    row = ranked.loc[adcode]
    parts = queries.run("assess/score_explain", version=view.version_id, period=view.period, adcode=adcode)
    a, b, c, d = st.columns(4)
    a.metric("综合得分", f"{row['value']:.2f} 分")
    b.metric("筛选范围内排名", f"{int(row['rank'])} / {int(row['ranked_count'])}",
             delta=labels.places_moved(row["rank"], row["prev_rank"]))
    c.metric("较上月", labels.signed(row["value"] - row["prev_value"], "分", places=2))
    d.metric("档次", labels.TIERS.get(row["tier"], "—"))
    table = assess_rules.explain_table(parts)
    st.dataframe(table, hide_index=True, width="stretch", height=38 + 35 * len(table), placeholder="—",
                 column_config=assess_rules.EXPLAIN_CONFIG)
    downloads(table, title=f"得分构成_{names[adcode]}_{view.period_text}", demo=labels.any_demo(parts),
              key="assess_explain")
    common.source_note("综合得分 = Σ 单项得分 × 有效权重；"
                         "有效权重 = 权重 ÷ 该县有数据指标的权重合计（无数据的指标不计分）。"
                         "单项得分先按计分方法算出，再限定在保底分与封顶分之间；贡献取两位小数，合计即综合得分。"
                         f"依据{view.version_text}评分细则。")


@memo.table  # asked on every run and every county click: the same scores give the same choices
def _ranked_by_adcode(scores: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """The scored counties in the filter by adcode, and adcode → name in their order."""
    ranked = scores[scores["in_filter"] & scores["value"].notna()]
    return ranked.set_index("adcode"), dict(zip(ranked["adcode"], ranked["name"]))
