"""全省一张图: everything on one map — counties coloured (and optionally raised) by any indicator, with parks,
green factories and growth points over them — for leadership to browse and presenters to zoom."""

import streamlit as st

import queries
from ui.frame import filters
from ui.sections import common, onemap


def render() -> None:
    f = filters.current()
    st.title("全省一张图")
    st.caption("县域着色与点图层叠加在一张可缩放、可三维倾斜的地图上；县域分级与各任务页的地图一致。")
    colour, raised, layers = onemap.controls(f, queries.run("common/indicators"))
    onemap.one_map(f, colour, raised, layers)
    common.source_note("点图层为各园区、绿色工厂与工业增长点的登记位置；名单图层中与已导入园区或企业同名同县的取其登记位置，"
                       "其余置于所在县内示意（仅到市州或未定位的不显示）；行政村尚无坐标，未作点图层。")


render()
