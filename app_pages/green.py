"""绿色发展: where are energy intensity and waste use improving, and where are the green factories by tier?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, lists, task

AREA = "green"
GREEN_FIRMS = ("绿色工厂", "绿色供应链管理企业", "能效水效领跑者")


def render() -> None:
    f = filters.current()
    st.title("绿色发展")
    st.caption("方案二（六）：节能降碳改造；综合利用（襄阳、宜昌国家基地，武汉、宜昌、荆门示范城市）；绿色工厂梯度培育。")
    task.standard(f, AREA, default="energy_intensity_change_pct", layers=("国家基地",))
    st.subheader("四、绿色工厂与绿色供应链")
    detail.honour_enterprises(f, GREEN_FIRMS, key="green_firms", title="绿色制造示范企业")
    lists.list_map(f, key="green_lists")  # loaded lists (名单) by county, beside the demo honours
    common.source_note("绿色工厂按国家级、省级、市级梯度统计；单位工业增加值能耗变化为负表示下降。")


render()
