"""县域画像: how is one county doing — each indicator against the province median, its target and its rank?

And which parks, honoured enterprises and growth-point projects stand behind those figures.
"""

import streamlit as st

import queries
from ui.frame import filters
from ui.sections import common, profile, targets
from ui.style import labels


def render() -> None:
    f = filters.current()
    as_of_text = labels.period_label(f.as_of)
    title, box = st.columns([3, 2], vertical_alignment="bottom")
    title.title("县域画像")
    regions = queries.run("common/regions")
    with box:
        adcode = profile.county_search(regions)
    if adcode is None:
        st.info("在上方输入县名或拼音，或在任一地图上点击县（市、区），查看该县画像。", icon=":material/touch_app:")
        return
    region = regions.set_index("adcode").loc[adcode]
    indicators = queries.run("county/indicator_profile", adcode=adcode, as_of=f.as_of)
    profile.county_header(region, indicators)

    st.subheader("各项指标")
    st.caption(f"每项指标取截至{as_of_text}的最新一期；排名为{profile.SCOPE_NAME}内名次，中位数为全省103个县（市、区）。")
    profile.indicator_tables(indicators, as_of_text)

    with st.expander("数值的导入与修订记录"):
        profile.value_history(adcode, indicators)

    st.subheader("责任目标（本县、所在市州与全省）")
    targets.county_targets(adcode, f.as_of)
    st.subheader("行业结构")
    profile.industry_mix(queries.run("county/industry_mix", adcode=adcode, as_of=f.as_of), key="county_mix")
    st.subheader("重点园区")
    profile.parks_table(queries.run("county/parks", adcode=adcode, as_of=f.as_of))
    st.subheader("获评企业")
    profile.enterprises_table(queries.run("county/honoured_enterprises", adcode=adcode, as_of=f.as_of), as_of_text)
    st.subheader("工业增长点")
    profile.growth_points_table(queries.run("county/growth_points", adcode=adcode))

    common.source_note(labels.source_line(f"省统计局、省经济和信息化厅等（{profile.CATALOG_SOURCES}）",
                                            f"截至{as_of_text}", bool(st.session_state.get("has_demo"))))


render()
