"""产业集聚: which counties build 主导产业 and 千亿 scale, and how well do their parks use land (亩产论英雄)?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, lists, task

AREA = "cluster"


def render() -> None:
    f = filters.current()
    st.title("产业集聚")
    st.caption("方案二（二）：壮大主导产业、培育千亿工业强县与百亿级企业；促进产业协同；提升园区能级与化工园区规范管理。")
    task.standard(f, AREA, default="output_year_yi", layers=("产业集群",))
    st.subheader("四、千亿工业强县与主导产业")
    detail.thousand_yi_distance(f)
    detail.leading_industries(f)
    st.subheader("五、工业园区")
    detail.parks(f)
    lists.list_map(f, key="cluster_lists")  # loaded lists (名单) by county, beside the demo honours
    common.source_note("亩均产值、亩均税收按园区已开发工业用地面积计算；化工园区按“一区多园”列出主园区代码。")


render()
