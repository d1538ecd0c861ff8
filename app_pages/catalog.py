"""指标目录: which indicators are tracked, in which unit, from which source, for which clause of the plan?"""

import streamlit as st

import queries
from ui.sections import common


def render() -> None:
    st.title("指标目录")
    st.markdown("方案每项重点任务对应的指标、单位、统计频率、数据来源与方案条款。")
    catalog = queries.run("common/catalog")
    common.catalog_table(catalog)
    common.source_note("指标目录维护于 data/warehouse/catalog/indicators.csv；用户自定义指标随数据导入加入目录。")


render()
