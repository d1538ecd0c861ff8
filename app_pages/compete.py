"""企业竞争力: where are firms innovating (R&D, innovation platforms, 科技副总), building brands and cooperating?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, lists, task

AREA = "compete"
PLATFORMS = ("制造业创新中心", "工业设计中心", "技术创新示范企业")


def render() -> None:
    f = filters.current()
    st.title("企业竞争力")
    st.caption("方案二（四）：支持企业技术创新；加强“三品”建设；支持企业开放合作。")
    task.standard(f, AREA, default="rd_active_share_pct")
    st.subheader("四、创新平台")
    detail.honour_enterprises(f, PLATFORMS, key="compete_firms", title="创新平台企业")
    lists.list_map(f, key="compete_lists")  # loaded lists (名单) by county, beside the demo honours
    common.source_note("创新平台：国家级和省级制造业创新中心、工业设计中心、技术创新示范企业。")


render()
