"""市场主体: which counties still lack a 专精特新 or 单项冠军 enterprise, and is the pipeline of firms growing?"""

import streamlit as st

from ui.frame import filters
from ui.sections import common, detail, task

AREA = "entity"
# The top of the pyramid as points (about 750 firms); the thousands of 专精特新 SMEs are in the maps and counts.
QUALITY_SMES = ("制造业单项冠军", "专精特新“小巨人”")  # highest first: a firm shows its top honour


def render() -> None:
    f = filters.current()
    st.title("市场主体")
    st.caption("方案二（三）：做强龙头企业；健全优质企业梯度培育，专精特新和单项冠军县域全覆盖；"
               "推进个转企、企升规、规改股、股上市。")
    task.standard(f, AREA, default="srdi_count")
    st.subheader("四、梯度与成长")
    detail.pyramid_and_funnel(f)
    st.subheader("五、优质企业名录")
    detail.honour_enterprises(f, QUALITY_SMES, key="entity_firms", title="单项冠军及专精特新“小巨人”企业")
    common.source_note("梯度：创新型中小企业 → 专精特新中小企业 → 专精特新“小巨人” → 制造业单项冠军"
                         "（按认定年份累计）。")


render()
