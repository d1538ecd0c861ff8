"""Detail sections of the task-area pages: the records behind the figures, filtered and exportable."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from ui.figures import charts, maps, memo, points
from ui.frame import county_sections, filters
from ui.sections import common
from ui.style import labels, theme


def in_industry(f: filters.Filters) -> str:
    """A records map's title names the sidebar's industry when one is chosen: 汽车（C36）："""
    return f"{f.industry_name}：" if f.industry else ""


# Rows a record table lists on screen. The province's 23,000 villages made a grid nobody scrolls, and every click
# on the page sent them again: 2.8 MB and the Arrow conversion of every row, per run.
MAX_LISTED = 1000


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a reader expects them: months as 2025年6月, yes/no as 是/否, decimals rounded to two places."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series) or column.endswith("_month"):
            out[column] = pd.to_datetime(series).map(lambda p: "" if pd.isna(p) else labels.period_label(p))
        elif pd.api.types.is_bool_dtype(series) or column in ("reported", "above_scale"):
            out[column] = series.map({True: "是", False: "否"}).fillna("")
        elif pd.api.types.is_float_dtype(series):
            out[column] = series.round(2)
    return out


def only_selected(key: str) -> str | None:
    """When a county is selected, let the user narrow the records to it; returns its adcode or None.

    The switch is a county section: a click names the new county on it without rerunning the page. Once it is
    on, what follows depends on the county, and reading it here makes a click rerun the page whole."""
    county_sections.section(f"{key}_switch", _only_selected_switch, key)
    return filters.selected_county() if st.session_state.get(key) else None


def _only_selected_switch(key: str) -> None:
    adcode = filters.selected_county()
    if adcode is not None:
        name = filters.county_names().get(adcode, adcode)
        st.toggle(f"仅看已选县：{name}", key=key, bind=filters.URL, on_change=county_sections.full_rerun)


def records(frame: pd.DataFrame, columns: dict[str, str], *, key: str, title: str, source: str) -> None:
    """A table with Chinese headers (units in them) and CSV / Excel downloads carrying the demo mark. The screen
    lists the first MAX_LISTED rows; the downloads hold every row."""
    demo = labels.any_demo(frame)
    table = _records_table(frame, columns)
    listed = table.head(MAX_LISTED)
    st.dataframe(listed, hide_index=True, height=min(420, 38 + 35 * max(len(listed), 1)), width="stretch")
    note = f"共 {len(table):,} 条　数据来源：{source}" + (f"　{labels.DEMO_MARK}" if demo else "")
    if len(table) > MAX_LISTED:
        note += f"　表中列出前 {MAX_LISTED:,} 条，全部见下载文件"  # any list: no village-only hint
    common.table_downloads(table, title=title, source=source, demo=demo, key=key, note=note)


@memo.table  # the same rows give the same table: not reformatted on every click
def _records_table(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    return readable(frame[list(columns)]).rename(columns=columns)


def points_with_counts(frame: pd.DataFrame, fig, *, key: str, count_title: str) -> None:
    """A point map with, beside it, the county counts of the same points (so the two always agree)."""
    left, right = st.columns([11, 9])
    with left:
        common.clickable_map(fig, key=f"{key}_points", outline=False)  # the counts beside name the counties
    with right:
        st.markdown(f"**{count_title}**")
        st.dataframe(_county_counts(frame), hide_index=True, height=common.LEAGUE_HEIGHT, width="stretch")


@memo.table  # the same points give the same counts: not grouped again on every run
def _county_counts(frame: pd.DataFrame) -> pd.DataFrame:
    counts = frame.groupby(["county", "prefecture"], as_index=False).size().sort_values("size", ascending=False)
    return counts.rename(columns={"county": "县（市、区）", "prefecture": "市州", "size": "个数"})


def growth_points(f: filters.Filters) -> None:
    """工业增长点: point map by tracking level, the month's reporting check, and the project list."""
    month = f.as_of
    frame = queries.run("detail/growth_points", period=month, industry=f.industry, adcode=only_selected("growth_only"),
                        **f.query_params())
    if frame.empty:
        st.info(f"筛选范围内{labels.period_label(month)}没有在库的工业增长点项目。")
        return
    month_text = labels.period_label(month)
    hover = labels.hover_lines(frame["project_name"], frame["county"] + " · " + frame["status"],
                               "预计新增产值 " + frame["expected_output_yi"].map(lambda v: labels.with_unit(v, "亿元")))
    fig = points.point_map(frame, category="level", hover=hover, size=frame["expected_output_yi"], size_unit="亿元",
                           title=f"{in_industry(f)}工业增长点分布 · {month_text}", period_text=month_text,
                           source="省经信厅",
                           demo=labels.any_demo(frame), focus=_focus(f),
                           colours=theme.GROWTH_LEVEL_COLOURS)
    points_with_counts(frame, fig, key="growth", count_title="各县增长点项目数")
    st.markdown(f"**月度监测覆盖：{month_text}未报送的项目**")
    reporting = queries.run("detail/growth_point_reporting_by_county", period=month, **f.query_params())
    behind = reporting[reporting["unreported"] > 0]
    complete = len(reporting) - len(behind)
    st.caption(f"{complete}/{len(reporting)} 个县（市、区）当月全部报送；下表列出有未报送项目的县。")
    records(behind, {"county": "县（市、区）", "prefecture": "市州", "projects": "在库项目（个）",
                     "reported": "已报送（个）", "unreported": "未报送（个）", "reported_pct": "报送率（%）"},
            key="growth_reporting", title=f"增长点月度报送_{month_text}", source="省经信厅")
    st.markdown("**项目清单**")
    records(frame, {"project_name": "项目名称", "county": "县（市、区）", "prefecture": "市州", "industry": "行业",
                    "expected_output_yi": "预计新增产值（亿元）", "level": "跟踪层级", "status": "状态",
                    "start_month": "投产月份", "reported": f"{month_text}已报送"},
            key="growth_projects", title=f"工业增长点_{month_text}", source="省经信厅")


def _focus(f: filters.Filters) -> pd.Series:
    """The adcodes the filters keep, or an empty series when they keep all (the map then shows all of Hubei)."""
    regions = queries.run("common/regions_in_filter", **f.query_params())
    kept = regions.loc[regions["in_filter"], "adcode"]
    return kept if len(kept) < len(regions) else pd.Series(dtype=str)


def _latest_year(indicator_id: str, f: filters.Filters):
    """The latest complete year of an indicator at the as-of month, or None with a notice on the page."""
    year = filters.latest_period(indicator_id, f.as_of)
    if year is None:
        st.info(f"截至{labels.period_label(f.as_of)}尚无完整年度数据。", icon=":material/info:")
    return year


def parks(f: filters.Filters) -> None:
    """Parks as points sized by output, the 亩均 ranking, and the chemical parks' compliance."""
    year = _latest_year("park_output_yi", f)
    if year is None:
        return
    frame = queries.run("detail/parks", period=year, adcode=only_selected("parks_only"), **f.query_params())
    year_text = labels.period_label(year, "yearly")
    hover = labels.hover_lines(frame["park_name"], frame["county"] + " · " + frame["park_kind"] + "园区",
                               "产值 " + frame["output_yi"].map(lambda v: labels.with_unit(v, "亿元")))
    fig = points.point_map(frame, category="park_kind", hover=hover, size=frame["output_yi"], size_unit="亿元",
                           title=f"工业园区分布（点的大小为产值） · {year_text}", period_text=year_text,
                           source="省经信厅", demo=labels.any_demo(frame), focus=_focus(f),
                           colours=theme.PARK_KIND_COLOURS)
    points_with_counts(frame, fig, key="parks", count_title="各县园区数")
    st.markdown(f"**亩产论英雄：园区亩均产值排名 · {year_text}**")
    records(frame, {"park_name": "园区", "county": "县（市、区）", "park_kind": "类型", "park_level": "级别",
                    "developed_area_mu": "已开发工业用地（亩）", "output_yi": "产值（亿元）", "tax_yi": "税收（亿元）",
                    "output_per_mu_wan": "亩均产值（万元/亩）", "tax_per_mu_wan": "亩均税收（万元/亩）"},
            key="parks_list", title=f"工业园区亩均效益_{year_text}", source="省经信厅")
    chemical = frame[frame["park_kind"] == "化工"].sort_values("chem_output_yi", ascending=False).copy()
    chemical["gap_to_1000_yi"] = (1000 - chemical["chem_output_yi"]).clip(lower=0)
    st.markdown(f"**化工园区：产值、距千亿差距与规范管理（7大方面） · {year_text}**")
    records(chemical, {"park_name": "化工园区", "county": "县（市、区）", "parent_park_id": "主园区代码（一区多园）",
                       "chem_output_yi": "产值（亿元）", "gap_to_1000_yi": "距1000亿元（亿元）",
                       "compliance_score": "规范管理达标项（满分7）"},
            key="chem_parks", title=f"化工园区_{year_text}", source="省经信厅")


def honour_enterprises(f: filters.Filters, honours: tuple[str, ...], *, key: str, title: str) -> None:
    """Enterprises holding these honours: points by honour, county counts beside, and the list."""
    latest = _latest_year("srdi_count", f)  # honour lists follow the yearly figures
    if latest is None:
        return
    year = latest.year
    frame = queries.run("detail/enterprises_with_honours", honours=honours, year=year, industry=f.industry,
                        adcode=only_selected(f"{key}_only"), **f.query_params())
    if frame.empty:
        st.info("筛选范围内没有相关企业。")
        return
    hover = labels.hover_lines(frame["enterprise_name"], frame["county"] + " · " + frame["industry"].fillna(""),
                               frame["honours"])
    fig = points.point_map(frame, category="category", hover=hover, title=f"{in_industry(f)}{title} · 截至{year}年",
                           period_text=f"截至{year}年", source="工业和信息化部、省经信厅",
                           demo=labels.any_demo(frame), focus=_focus(f))
    points_with_counts(frame, fig, key=key, count_title=f"各县{title}数")
    records(frame, {"enterprise_name": "企业", "county": "县（市、区）", "prefecture": "市州", "industry": "行业",
                    "honours": "荣誉（级别，认定年份）", "revenue_yi": "营业收入（亿元）"},
            key=f"{key}_list", title=f"{title}_截至{year}年", source="工业和信息化部、省经信厅")


def leading_industries(f: filters.Filters) -> None:
    """主导产业 as a categorical map: each county's first leading industry (the six commonest, the rest 其他)."""
    year = _latest_year("output_year_yi", f)
    if year is None:
        return
    frame = queries.run("cluster/leading_industry_by_county", year=year.year)
    top = list(frame["category"].value_counts().index[:len(theme.COMPARE_COLOURS)])
    frame["category"] = frame["category"].where(frame["category"].isin(top) | frame["category"].isna(), "其他行业")
    colours = dict(zip(top, theme.COMPARE_COLOURS)) | {"其他行业": theme.OTHER_CATEGORY}
    spec = maps.MapSpec(title="各县第一主导产业（GB/T 4754-2017）", unit="",
                        period_text=labels.period_label(year, "yearly"), source="各县（市、区）",
                        demo=labels.any_demo(frame))
    common.category_map(frame, spec, colours, key="cluster_leading")


def pyramid_and_funnel(f: filters.Filters) -> None:
    """The honour pyramid and the 个转企 funnel for the counties in the filter (or, if asked, the selected county)."""
    adcode = only_selected("entity_only")
    year = _latest_year("srdi_count", f)
    if year is None:
        return
    scope = filters.county_names().get(adcode, f.describe())
    pyramid = queries.run("entity/honour_pyramid", year=year.year, adcode=adcode, **f.query_params())
    steps = queries.run("entity/growth_funnel", period=year, adcode=adcode, **f.query_params())
    year_text = labels.period_label(year, "yearly")
    left, right = st.columns(2)
    with left:
        fig = charts.funnel(pyramid, label="honour", value="firm_count", reverse=True, unit="家",
                            title=f"优质企业梯度 · {scope}", period_text=f"截至{year_text}",
                            source="工业和信息化部、省经信厅", demo=labels.any_demo(pyramid))
        common.show_figure(fig, key="entity_pyramid")
    with right:
        fig = charts.funnel(steps, label="step", value="firm_count", unit="家", period_text=year_text,
                            title=f"个转企 → 企升规 → 规改股 → 股上市 · {scope}",
                            source="省市场监管局、省统计局", demo=labels.any_demo(steps))
        common.show_figure(fig, key="entity_funnel")


def network_programme() -> None:
    """The 22 counties of the small and medium city network programme (襄阳、宜昌、十堰、随州、荆门 …)."""
    regions = queries.run("common/regions")
    inside = "中小城市基础网络完善县"
    frame = regions.assign(category=regions["network_programme"].map({True: inside, False: "其他县（市、区）"}))
    # The plan does not publish the 22 names: geo/registry/regions.csv holds a stand-in list, marked demo
    # until the official list replaces it.
    spec = maps.MapSpec(title="中小城市基础网络完善：22个县（市、区）", unit="", period_text="2024—2027年",
                        source="省通信管理局（名单在地区名录中维护，现为示例名单）", demo=True)
    colours = {inside: theme.PRIMARY, "其他县（市、区）": theme.FILTERED_OUT}
    common.category_map(frame, spec, colours, key="digital_programme")


def thousand_yi_distance(f: filters.Filters) -> None:
    """千亿工业强县: the largest counties against 1000亿元, with the gap and the years it takes at their pace."""
    year = _latest_year("output_year_yi", f)
    if year is None:
        return
    frame = queries.run("cluster/thousand_yi_distance", period=year, **f.query_params())
    if frame.empty:
        return
    frame["label"] = [labels.county_with_prefecture(n, p) for n, p in zip(frame["name"], frame["prefecture"])]
    frame["value"] = frame["output_yi"]
    frame["note"] = [labels.distance_note(gap, growth, years) for gap, growth, years in
                     zip(frame["gap_yi"], frame["growth_pct"], frame["years_to_1000"])]
    year_text = labels.period_label(year, "yearly")
    fig = charts.distance_to_line(frame, line=1000, title=f"千亿工业强县：距1000亿元 · {f.describe()}", unit="亿元",
                                  period_text=year_text, source="省统计局", demo=labels.any_demo(frame))
    common.show_figure(fig, key="cluster_thousand")


def _village_summary(every: pd.DataFrame, place: str, year_text: str) -> None:
    """One line of totals over the records: the same shares as the county figures of 行政村5G and 自然村光纤通达率."""
    reached, natural = int(every["has_5g"].sum()), int(every["natural_villages"].sum())
    fibre = int(every["fibre_natural_villages"].sum())
    demo = f"　:red-badge[:material/science: {labels.DEMO_MARK}]" if labels.any_demo(every) else ""
    st.markdown(f"**{place} · {year_text}**：行政村 {len(every):,} 个，通5G {reached:,} 个"
                f"（{100 * reached / len(every):.1f}%）；自然村 {natural:,} 个，光纤通达 {fibre:,} 个"
                f"（{100 * fibre / max(natural, 1):.1f}%）{demo}")
    st.caption("按行政村逐村汇总：行政村5G通达率 = 通5G的行政村 ÷ 行政村数；"
               "自然村光纤通达率 = 光纤有效覆盖的自然村 ÷ 自然村数。")


def villages(f: filters.Filters) -> None:
    """The administrative villages behind the coverage figures: 5G reached, fibre over their natural villages."""
    year = _latest_year("village_5g_pct", f)
    if year is None:
        return
    adcode = only_selected("villages_only")
    gaps = st.toggle("只看未通5G或光纤未全覆盖的行政村", key="villages_gaps", bind=filters.URL)
    params = {"year": year.year, "adcode": adcode, **f.query_params()}
    every = queries.run("detail/villages", gaps_only=False, **params)
    if every.empty:
        st.info("所选范围内没有行政村记录。", icon=":material/info:")
        return
    year_text = labels.period_label(year, "yearly")
    _village_summary(every, f.describe() if adcode is None else every["county"].iloc[0], year_text)
    shown = queries.run("detail/villages", gaps_only=True, **params) if gaps else every
    if shown.empty:
        st.success("所选范围内的行政村均已通5G，所辖自然村均已光纤通达。", icon=":material/check_circle:")
        return
    records(shown, {"village_name": "行政村", "township": "乡镇", "county": "县（市、区）", "prefecture": "市州",
                    "has_5g": "通5G", "natural_villages": "自然村（个）",
                    "fibre_natural_villages": "光纤通达自然村（个）", "fibre_pct": "自然村光纤通达率（%）",
                    "village_code": "村代码"},
            key="villages_list", title=f"行政村5G与光纤通达_{year_text}", source="省通信管理局、基础电信企业")
