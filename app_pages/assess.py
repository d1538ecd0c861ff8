"""强县考核: how do the counties and prefectures stand in the 强县工程 assessment and the industrial 赛马,
which counties are on the key-county list, and where do value added, electricity and tax disagree?

方案三(一) asks for 考核目标任务和评分细则; 二(一)1 for the 赛马 (能进能出、动态调整) and the 三匹配 check.
"""

import streamlit as st

from ui.frame import filters
from ui.sections import assess, assess_checks, assess_rules, common


def render() -> None:
    f = filters.current()
    st.title("强县考核")
    st.caption("方案三(一)：发挥强县工程考核作用，制定考核目标任务和评分细则，以考核促进县域工业高质量发展；"
               "二(一)1：完善工业经济“赛马”比拼机制，坚持能进能出、动态调整，突出“三匹配”监测。")
    view = assess.controls(f)

    st.subheader("一、县域赛马")
    scores = assess.county_league(f, view)

    st.subheader("二、得分构成")
    assess.explain(view, scores)

    st.subheader("三、市州赛马")
    assess.prefecture_league(f, view)

    st.subheader("四、重点县名单（能进能出）")
    assess_checks.key_counties(view)

    st.subheader("五、三匹配核查")
    assess_checks.three_match(f)

    st.subheader("六、评分细则与版本记录")
    assess_rules.rules_table(view.version_id, view.version_text)
    with st.expander("版本记录：每次调整的时间、制定人和说明"):
        assess_rules.version_record(view.version_id)
    assess_rules.editing(view.latest)
    common.source_note("考核得分与名次由本系统按所选版本的评分细则计算，仅供调度参考；正式考核结果以省经信厅发布为准。")


render()
