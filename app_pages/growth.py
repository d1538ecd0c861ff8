"""稳步增长: is county industry growing as the plan asks (运行调度: value added, output, power, tax, investment),
and are the 工业增长点 delivering and reported every month?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, task

AREA = "growth"


def render() -> None:
    f = filters.current()
    st.title("稳步增长")
    st.caption("方案二（一）：抓细抓实运行调度，突出“四重点三匹配”监测；盯紧盯牢工业增长点，月度动态监测全覆盖。")
    task.standard(f, AREA, default="va_growth_ytd_pct")
    st.subheader("四、工业增长点")
    detail.growth_points(f)
    common.source_note("增长点跟踪层级：省级抓预增产值过10亿元、市级过亿元、县级过2000万元的项目。")


render()
