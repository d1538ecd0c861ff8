"""数字化转型: are villages reached by 5G and fibre, are 规上 firms transforming, and where are the 5G factories?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, lists, task

AREA = "digital"
DIGITAL_FIRMS = ("5G全连接工厂", "智能工厂/数字化车间", "无人车间")


def render() -> None:
    f = filters.current()
    st.title("数字化转型")
    st.caption("方案二（五）：城乡5G网络建设，行政村5G全覆盖、自然村光纤有效覆盖；数字化园区；规上企业数字化转型全覆盖。")
    task.standard(f, AREA, default="village_5g_pct")
    st.subheader("四、行政村5G与光纤通达")
    detail.villages(f)
    st.subheader("五、中小城市基础网络完善县")
    detail.network_programme()
    st.subheader("六、5G全连接工厂与智能工厂")
    detail.honour_enterprises(f, DIGITAL_FIRMS, key="digital_firms", title="数字化标杆企业")
    lists.list_map(f, key="digital_lists")  # loaded lists (名单) by county, beside the demo honours
    common.source_note("每万人5G基站数以年末常住人口为分母；RedCap升级占比以已建5G基站为分母。")


render()
