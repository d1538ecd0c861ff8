"""Streamlit sections of the county profile: search, header and headline figures, indicators, parks, firms, projects.

Tables show values as text in each indicator's own format (亿元 one decimal, 家 none), since
one column mixes units; the unit stands in its own column, or in the header where one unit applies.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from ui.figures import charts
from ui.frame import filters, search
from ui.sections import common, lists
from ui.style import labels

SEARCH_KEY = "county_search"
HEADLINE = ("output_year_yi", "va_growth_ytd_pct", "above_scale_firm_count", "srdi_count")
SCOPE_NAME = "强县工程范围"
NETWORK_NAME = "中小城市基础网络完善县"
COMPARATORS = {">=": "≥", ">": ">"}
ROW_PX, HEADER_PX = 35, 38  # st.dataframe row and header heights: tables show every row without scrolling
CATALOG_SOURCES = "各指标数据来源见指标目录"
REGISTER_SOURCE = "省经济和信息化厅（园区、企业荣誉与工业增长点名录）"


def table_height(rows: int, most: int = 12) -> int:
    return HEADER_PX + ROW_PX * max(min(rows, most), 1)


def rank_text(rank: float | None, ranked_count: float | None) -> str:
    """第 3 / 103 among the in-scope counties; counties outside the programme have no place."""
    if rank is None or pd.isna(rank):
        return f"不在{SCOPE_NAME}"
    return f"第 {int(rank)} / {int(ranked_count)}"


def target_text(row: pd.Series) -> str:
    """达标（≥100%） / 未达标（≥1 家） where a coverage target sets a threshold per county, — elsewhere."""
    if pd.isna(row["target_label"]) or pd.isna(row["target_met"]):
        return "—"
    threshold, unit = f"{row['target_threshold']:g}", row["unit"]
    bar = f"{COMPARATORS.get(row['target_comparator'], row['target_comparator'])}" \
          f"{threshold}{unit if unit == '%' else ' ' + unit}"
    return f"{'达标' if row['target_met'] else '未达标'}（{bar}）"


def county_search(regions: pd.DataFrame) -> str | None:
    """A search box over the 103 units (name, short name, pinyin initials, full pinyin); it follows map clicks."""
    options = search.search_labels(regions)
    selected = filters.selected_county()
    # The box follows the selection set anywhere else (a map click); set before the widget is drawn.
    if st.session_state.get(SEARCH_KEY) != selected:
        st.session_state[SEARCH_KEY] = selected if selected in options else None
    st.selectbox("查找县（市、区）", list(options), index=None, key=SEARCH_KEY, format_func=options.get,
                 placeholder="输入县名、简称或拼音，如 大冶 / dy / daye", filter_mode="contains",
                 on_change=lambda: filters.select_county(st.session_state[SEARCH_KEY]),
                 help="也可在任一地图上点击县（市、区）选择")
    return selected if selected in options else None


def county_header(region: pd.Series, profile: pd.DataFrame) -> None:
    """Name, prefecture, type, circle and programme flags; the headline figures with rank and rank change."""
    st.header(region["name"], anchor=False)
    flags = [f":blue-badge[{SCOPE_NAME}]" if region["in_scope"] else f":gray-badge[非{SCOPE_NAME}]"]
    if region["network_programme"]:
        flags.append(f":violet-badge[{NETWORK_NAME}]")
    if region["wehh_core"]:
        flags.append(f":orange-badge[{filters.CORE}]")
    if labels.any_demo(profile):
        flags.append(f":red-badge[:material/science: {labels.DEMO_MARK}]")
    st.markdown(f":gray[{region['prefecture']} · {region['county_type']} · {region['metro_circle']}]　"
                + " ".join(flags))
    headline = profile.set_index("indicator_id").reindex(list(HEADLINE)).dropna(subset=["name"])
    for column, (_, row) in zip(st.columns(max(len(headline), 1)), headline.iterrows()):
        period = labels.period_label(row["period"], row["frequency"])
        column.metric(row["name"], labels.with_unit(row["value"], row["unit"]),
                      delta=labels.places_moved(row["rank"], row["prev_rank"]),
                      delta_description=f"{period} · {rank_text(row['rank'], row['ranked_count'])}",
                      chart_data=list(row["series"]), border=True, height="stretch",
                      help=f"名次：{SCOPE_NAME}内各县（市、区）排名（{labels.DIRECTION[row['direction']]}），"
                           "变化为较上一期；走势为历期数值")


def indicator_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """One task area's indicators as the table shows them (Chinese headers, values in their unit's format)."""
    return pd.DataFrame({
        "指标": [labels.indicator_name(n, u) for n, u in zip(rows["name"], rows["user_defined"])],
        "单位": rows["unit"],
        "期别": [labels.period_label(p, f) for p, f in zip(rows["period"], rows["frequency"])],
        "数值": [labels.number(v, u) for v, u in zip(rows["value"], rows["unit"])],
        "较上期": [labels.signed(v - p, u, with_unit=False)
                for v, p, u in zip(rows["value"], rows["prev_value"], rows["unit"])],
        "全省中位数": [labels.number(v, u) for v, u in zip(rows["province_median"], rows["unit"])],
        "排名": [rank_text(r, n) for r, n in zip(rows["rank"], rows["ranked_count"])],
        "名次变化": [labels.rank_change(r, p) for r, p in zip(rows["rank"], rows["prev_rank"])],
        "目标": [target_text(row) for _, row in rows.iterrows()],
        "走势": [list(s) for s in rows["series"]],
    })


# Widths add up to the main column at 1366 px, so the sparkline stays in view without scrolling.
INDICATOR_COLUMNS = {
    "指标": st.column_config.TextColumn(width=180, pinned=True),
    "单位": st.column_config.TextColumn(width=64),
    "期别": st.column_config.TextColumn(width=80),
    "数值": st.column_config.TextColumn(alignment="right", width=68),
    "较上期": st.column_config.TextColumn(alignment="right", width=60,
                                          help="与上一期相比的增减；百分比指标为百分点"),
    "全省中位数": st.column_config.TextColumn("中位数", alignment="right", width=64,
                                              help="同期全省各县（市、区）的中位数"),
    "排名": st.column_config.TextColumn(width=84, help=f"{SCOPE_NAME}内排名；越低越好的指标按从低到高排"),
    "名次变化": st.column_config.TextColumn("名次", width=48, help="较上一期的名次变化：▲ 上升，▼ 下降"),
    "目标": st.column_config.TextColumn(width=112, help="方案按县设定门槛的覆盖类目标（2027年）：本县是否已达到"),
    "走势": st.column_config.LineChartColumn(width=120, help="本县历期数值"),
}


def indicator_tables(profile: pd.DataFrame, as_of_text: str) -> None:
    """Every indicator with values for the county, one table per task area in the catalog's order."""
    if profile.empty:
        st.info("该县（市、区）暂无指标数据。", icon=":material/info:")
        return
    for (_, area_name), rows in profile.groupby(["area_order", "area_name"], sort=True):
        st.markdown(f"##### {area_name}")
        table = indicator_frame(rows)
        st.dataframe(table, hide_index=True, height=table_height(len(rows), most=len(rows)),
                     column_config=INDICATOR_COLUMNS, key=f"county_area_{rows['area'].iloc[0]}")
        sources = "、".join(dict.fromkeys(rows["source"]))
        line = labels.source_line(sources, f"各指标最新期（截至{as_of_text}）", labels.any_demo(rows))
        common.table_downloads(table.drop(columns=["走势"], errors="ignore"), title=f"{area_name}指标",
                                 source=sources, demo=labels.any_demo(rows),
                                 key=f"county_area_{rows['area'].iloc[0]}_x", note=line)


HISTORY_RESULTS = {"loaded": "已被新批次修订", "rolled_back": "已回滚"}


def value_history(adcode: str, profile: pd.DataFrame) -> None:
    """Where a figure came from: every load of one indicator for this county, revisions and rollbacks included."""
    options = dict(zip(profile["indicator_id"], profile["name"]))
    chosen = st.selectbox("指标", list(options), format_func=options.get, index=None, key="history_indicator",
                          placeholder="选择指标，查看其各期数值的导入与修订记录")
    if chosen is None:
        return
    history = queries.run("county/value_history", adcode=adcode, indicator=chosen)
    meta = profile.set_index("indicator_id").loc[chosen]
    revised = history.groupby("period")["batch_id"].transform("size") > 1
    st.caption(f"共 {history['period'].nunique()} 期，其中 {history.loc[revised, 'period'].nunique()} 期有修订或回滚。"
               "当前值为最新导入且未回滚的批次。")
    st.dataframe(pd.DataFrame({
        "期别": [labels.period_label(p, meta["frequency"]) for p in history["period"]],
        "数值": [labels.with_unit(v, meta["unit"]) for v in history["value"]],
        "状态": history["status"], "预计/估计": history["estimated"].map({True: "是", False: ""}),
        "结果": ["当前值" if c else HISTORY_RESULTS[o] for c, o in zip(history["is_current"], history["outcome"])],
        "批次": history["batch_id"], "文件": history["file_name"], "导入人": history["loaded_by"],
        "导入时间": history["loaded_at"].dt.strftime("%Y-%m-%d %H:%M"),
    }), hide_index=True, width="stretch", height=table_height(len(history)))


def parks_table(parks: pd.DataFrame) -> None:
    """The county's parks with the latest year's output, tax and output per mu."""
    if parks.empty:
        st.caption("暂无园区记录。")
        return
    table = pd.DataFrame({
        "园区": parks["park_name"], "类型": parks["park_kind"], "级别": parks["park_level"],
        "所属主园区": parks["parent_park_name"].fillna("—"),
        "已开发面积（亩）": parks["developed_area_mu"], "产值（亿元）": parks["output_yi"],
        "税收（亿元）": parks["tax_yi"], "亩均产值（万元/亩）": parks["output_per_mu_wan"],
    })
    if parks["parent_park_name"].isna().all():
        table = table.drop(columns="所属主园区")
    st.dataframe(table, hide_index=True, height=table_height(len(table)), key="county_parks", column_config={
        "已开发面积（亩）": st.column_config.NumberColumn(format="%,.0f"),
        "产值（亿元）": st.column_config.NumberColumn(format="%,.1f"),
        "税收（亿元）": st.column_config.NumberColumn(format="%,.1f"),
        "亩均产值（万元/亩）": st.column_config.NumberColumn(format="%,.1f"),
    })
    period = labels.period_label(parks["period"].max(), "yearly")
    st.caption(labels.source_line(REGISTER_SOURCE, period, labels.any_demo(parks)))


def enterprises_table(firms: pd.DataFrame, as_of_text: str) -> None:
    """The county's enterprises with honours, then, apart from them, its members of every loaded list (名单)."""
    _honoured_firms(firms, as_of_text)
    adcode = filters.selected_county()  # the county the page shows (its search box follows the selection)
    if adcode:
        st.markdown("**已导入名单中的本县成员**")
        lists.county_members(adcode)


def _honoured_firms(firms: pd.DataFrame, as_of_text: str) -> None:
    """The county's enterprises with honours: industry, the honours in words, latest revenue."""
    if firms.empty:
        st.caption("暂无获评企业。")
        return
    st.markdown(f"共 **{len(firms)}** 家企业获评荣誉，按最近年度营业收入排序。")
    table = pd.DataFrame({
        "企业": firms["enterprise_name"],
        "行业": firms["industry_code"].fillna("") + " " + firms["industry_name"].fillna(""),
        "荣誉（层级，年份）": firms["honours"], "荣誉数": firms["honour_count"],
        "营业收入（亿元）": firms["revenue_yi"],
    })
    st.dataframe(table, hide_index=True, height=table_height(len(table)), key="county_enterprises", column_config={
        "企业": st.column_config.TextColumn(width=200, pinned=True),
        "行业": st.column_config.TextColumn(width=180),
        "荣誉（层级，年份）": st.column_config.TextColumn(width=320, help="各项荣誉，最新获评在前"),
        "荣誉数": st.column_config.NumberColumn(width=56),
        "营业收入（亿元）": st.column_config.NumberColumn(format="%,.2f", width=104),
    })
    period = labels.period_label(firms["revenue_period"].max(), "yearly")
    st.caption(labels.source_line(REGISTER_SOURCE, f"荣誉截至{as_of_text}；营业收入 {period}", labels.any_demo(firms)))


def growth_points_table(projects: pd.DataFrame) -> None:
    """The county's growth-point projects with the level that tracks each, status and start-up month."""
    if projects.empty:
        st.caption("暂无工业增长点项目。")
        return
    st.markdown(f"共 **{len(projects)}** 个项目，预计新增产值合计 "
                f"**{labels.with_unit(projects['expected_output_yi'].sum(), '亿元')}**。")
    table = pd.DataFrame({
        "项目": projects["project_name"],
        "行业": projects["industry_code"].fillna("") + " " + projects["industry_name"].fillna(""),
        "预计新增产值（亿元）": projects["expected_output_yi"],
        "跟踪层级": projects["tracking_level"].fillna("—"), "状态": projects["status"],
        "投产月份": [labels.period_label(m) for m in projects["start_month"]],
    })
    st.dataframe(table, hide_index=True, height=table_height(len(table)), key="county_growth_points",
                 column_config={"项目": st.column_config.TextColumn(width=240, pinned=True),
                                "行业": st.column_config.TextColumn(width=220),
                                "预计新增产值（亿元）": st.column_config.NumberColumn(format="%,.2f"),
                                "跟踪层级": st.column_config.TextColumn(
                                    help="方案二(一)2：预增产值过10亿元省级、过亿元市级、过2000万元县级协调服务")})
    st.caption(labels.source_line(REGISTER_SOURCE, "项目库当前状态", labels.any_demo(projects)))


MIX_SHOWN = 8  # industries on the mix chart; the rest are summed as 其他


def industry_mix(mix: pd.DataFrame, key: str) -> None:
    """The county's leading industries by share of its 规上 output 1–N月 (the firm records' sum)."""
    if mix.empty:
        st.info("尚未导入该县规上企业的月度产值，无法按行业汇总。", icon=":material/info:")
        return
    top = mix.head(MIX_SHOWN).assign(label=lambda d: d["division"] + " " + d["name"])
    rest = mix.iloc[MIX_SHOWN:]
    if len(rest):
        top = pd.concat([top, pd.DataFrame([{"label": f"其他{len(rest)}个行业", "share_pct": rest["share_pct"].sum(),
                                             "output_ytd_yi": rest["output_ytd_yi"].sum(),
                                             "firm_count": rest["firm_count"].sum()}])], ignore_index=True)
    top["note"] = [f"{labels.number(s, '%')}%（{labels.with_unit(v, '亿元')}，{int(n)}家）"
                   for s, v, n in zip(top["share_pct"], top["output_ytd_yi"], top["firm_count"])]
    month = pd.Timestamp(mix["period"].iloc[0])
    span = f"{month.year}年1—{month.month}月" if month.month > 1 else f"{month.year}年1月"
    fig = charts.share_bars(top, label="label", share="share_pct", note="note",
                            title=f"行业结构：各行业占本县规上工业总产值比重（{span}）", period_text=span,
                            source="企业名录与企业月度产值（本系统按行业汇总）", demo=labels.any_demo(mix))
    common.show_figure(fig, key=key)
