"""Frame and router: page config, first-run build, demo banner, global filters, navigation, page.run()."""

from pathlib import Path

import streamlit as st

import queries
from ui.frame import access, county_sections, filters, first_run, modes, run_log
from ui.sections import common, meeting

run_started = run_log.started()

ROOT = Path(__file__).parent
st.set_page_config(page_title="湖北省县域工业高质量发展监测", page_icon=str(ROOT / "static" / "favicon.png"),
                   layout="wide")
common.compact_frame()
county_sections.start_full_run()

# Sections list only pages that work. The default page is served at "/" whatever its url_path (and two pages
# may not share one): its hidden twin answers /overview, which people type and old links use.
PAGES = {
    "总览": [st.Page("app_pages/overview.py", title="总览", icon=":material/map:", default=True, url_path="home"),
           st.Page("app_pages/overview.py", title="总览", url_path="overview", visibility="hidden"),
           st.Page("app_pages/onemap.py", title="全省一张图", icon=":material/public:", url_path="onemap")],
    "重点任务": [  # 方案“二、重点任务”(一)—(六)
        st.Page("app_pages/growth.py", title="稳步增长", icon=":material/trending_up:", url_path="growth"),
        st.Page("app_pages/cluster.py", title="产业集聚", icon=":material/hub:", url_path="cluster"),
        st.Page("app_pages/entity.py", title="市场主体", icon=":material/apartment:", url_path="entity"),
        st.Page("app_pages/compete.py", title="企业竞争力", icon=":material/emoji_events:", url_path="compete"),
        st.Page("app_pages/digital.py", title="数字化转型", icon=":material/cell_tower:", url_path="digital"),
        st.Page("app_pages/green.py", title="绿色发展", icon=":material/eco:", url_path="green"),
    ],
    "考核": [st.Page("app_pages/assess.py", title="强县考核", icon=":material/leaderboard:", url_path="assess"),
           st.Page("app_pages/targets.py", title="目标责任", icon=":material/flag:", url_path="targets")],
    "县域": [st.Page("app_pages/county.py", title="县域画像", icon=":material/location_city:", url_path="county")],
    "数据": [st.Page("app_pages/data.py", title="数据管理", icon=":material/upload_file:", url_path="data"),
           st.Page("app_pages/catalog.py", title="指标目录", icon=":material/list_alt:", url_path="catalog"),
           st.Page("app_pages/accounts.py", title="账户管理", icon=":material/manage_accounts:", url_path="accounts")],
}
# expanded=True: with the filters below it, Streamlit folds more than twelve pages behind an English
# "View N more" that hid 县域画像 and the data pages.
navigation = st.navigation(PAGES, expanded=True)
# After st.navigation: the first run's rerun once the warehouse is built must keep the page the visitor asked for
# (before it, a rerun knows no page and opens the overview).
first_run.ensure_warehouse()

filters.remember_link()
info = queries.run("common/warehouse_info").iloc[0]
st.session_state["has_demo"] = bool(info["has_demo"])
filters.county_from_url(set(queries.run("common/regions")["adcode"]))
st.session_state["filters"] = filters.sidebar()
with st.sidebar:
    modes.picker()
    st.markdown("#### 会议材料")
    meeting.deck_button(st.session_state["filters"])
    access.sidebar()
modes.apply()
common.app_header(built_at=info["built_at"], demo=bool(info["has_demo"]))
navigation.run()
county_sections.end_full_run()
filters.drop_unknown_params()  # after the page: its widgets are the parameters it knows
run_log.record(navigation.url_path, run_started, queries.cached_answers())
