"""目标责任: does each county keep pace with the targets handed down to it?

方案三(二)：压实工作责任。各地对标责任目标，做好任务分解；各市（州）统筹辖区内各县（市、区），明确发展目标和时序进度要求。
"""

import streamlit as st

from ui.frame import county_sections, filters
from ui.sections import common, targets


def render() -> None:
    f = filters.current()
    st.title("目标责任")
    st.caption("方案三(二)：压实工作责任，各地对标责任目标，做好任务分解；明确发展目标、重点任务和时序进度要求。")
    view = targets.controls()
    if view is None:
        return
    if f.industry:  # targets are handed down per county, not per industry: never a silent ignore
        st.info(f"责任目标按县（市、区）下达，没有分行业目标：所选行业（{f.industry_name}）不影响本页。",
                icon=":material/info:")
    frame = targets.pace(f, view)
    targets.summary(frame)
    left, right = st.columns([3, 2])
    with left:
        county_sections.section("targets_map_section", targets.pace_map, frame, view)
    with right:
        targets.league(frame, view)
    st.caption(targets.PACE_NOTE)

    county_sections.section("targets_selected", targets.selected_county_targets, f.as_of)

    with st.expander("目标版本记录：每次导入的文件、导入人和覆盖范围"):
        targets.versions()
    common.source_note("目标以各市州分解下达、经数据管理导入的为准；完成情况由本系统按序时进度规则计算，仅供调度参考。")


render()
