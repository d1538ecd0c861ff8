"""账户管理 for admins: the accounts of data/accounts, added, changed and removed in the app (the CLI does the same),
and the audit log (data/audit) with filters and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
import settings
from data import audit
from data.accounts import users
from ui.frame import access
from ui.sections import common

NO_PREFECTURE = "全省"


def _prefectures() -> dict[str, str]:
    frame = queries.run("common/prefectures")
    return {NO_PREFECTURE: NO_PREFECTURE, **dict(zip(frame["code"], frame["name"]))}


def account_list() -> list[users.User]:
    """Every account with its role and the prefecture an editor is limited to."""
    accounts = users.users()
    names = _prefectures()
    st.dataframe(pd.DataFrame({"用户名": [u.name for u in accounts],
                               "角色": [users.ROLE_NAMES[u.role] for u in accounts],
                               "限定市州": [names.get(u.prefecture, u.prefecture) if u.prefecture else NO_PREFECTURE
                                        for u in accounts]}),
                 hide_index=True, width="stretch")
    return accounts


def _role_and_prefecture(key: str) -> tuple[str, str | None]:
    names = _prefectures()
    role = st.selectbox("角色", users.ROLES, format_func=users.ROLE_NAMES.get, key=f"{key}_role")
    prefecture = st.selectbox("限定市州（编辑只可导入该市州的数据）", list(names), format_func=names.get,
                              key=f"{key}_prefecture")
    return role, None if prefecture == NO_PREFECTURE else prefecture


DONE = "account_done"  # session state: the message of the change the last run made


def _done(action, message: str) -> None:
    """Run one change of the store; show its refusal in Chinese, or redraw the list with the message."""
    try:
        action()
    except users.StoreError as refused:
        st.error(str(refused))
    else:
        st.session_state[DONE] = message
        st.rerun()


def last_change() -> None:
    """The message of the change just made (once)."""
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message)


def add_form() -> None:
    with st.form("add_account"):
        st.markdown("**新增账户**")
        name = st.text_input("用户名", max_chars=64)
        password = st.text_input(f"初始密码（至少 {users.MIN_PASSWORD} 位）", type="password", max_chars=256)
        role, prefecture = _role_and_prefecture("add")
        if st.form_submit_button("新增", icon=":material/person_add:"):
            _done(lambda: users.add_user(name, password, role, prefecture, by=access.actor()),
                  f"已新增账户“{name.strip()}”。")


def change_form(accounts: list[users.User]) -> None:
    if not accounts:
        return
    with st.form("change_account"):
        st.markdown("**修改或删除账户**")
        name = st.selectbox("账户", [u.name for u in accounts])
        role, prefecture = _role_and_prefecture("change")
        password = st.text_input("新密码（留空则不改）", type="password", max_chars=256)
        save, remove = st.columns(2)
        if save.form_submit_button("保存修改", icon=":material/save:"):
            _done(lambda: _change(name, role, prefecture, password), f"已修改账户“{name}”。")
        if remove.form_submit_button("删除账户", icon=":material/person_remove:"):
            _done(lambda: users.remove_user(name, by=access.actor()), f"已删除账户“{name}”。")


def _change(name: str, role: str, prefecture: str | None, password: str) -> None:
    users.set_role(name, role, prefecture, by=access.actor())
    if password:
        users.set_password(name, password, by=access.actor())


AUDIT_COLUMNS = {"at": "时间", "event": "事件", "who": "用户", "address": "来源地址", "detail": "详情"}


def _audit_table() -> pd.DataFrame:
    """The audit log, newest first, with Chinese headers and event names."""
    frame = pd.DataFrame(audit.entries(), columns=list(AUDIT_COLUMNS))
    frame["at"] = pd.to_datetime(frame["at"], errors="coerce")
    frame["event"] = frame["event"].map(lambda e: audit.EVENTS.get(e, e))
    frame["address"] = frame["address"].replace("", "本机或未知")  # Streamlit gives no address for loopback
    return frame.iloc[::-1].rename(columns=AUDIT_COLUMNS).reset_index(drop=True)


def audit_log() -> None:
    """Who did what, when and from where; filtered by time, event and user, downloadable as CSV or Excel."""
    table = _audit_table()
    if table.empty:
        st.caption("审计日志暂无记录。")
        return
    first, last = table["时间"].min().date(), table["时间"].max().date()
    left, middle, right = st.columns([2, 3, 2])
    period = left.date_input("时间范围", value=(first, last), min_value=first, max_value=last, key="audit_period")
    kinds = middle.multiselect("事件", sorted(table["事件"].unique()), key="audit_events", placeholder="全部事件")
    who = right.text_input("用户（包含）", key="audit_who", max_chars=64).strip()
    shown = table[table["时间"].dt.date.between(period[0], period[-1])]
    if kinds:
        shown = shown[shown["事件"].isin(kinds)]
    if who:
        shown = shown[shown["用户"].str.contains(who, regex=False)]
    shown = shown.assign(时间=shown["时间"].dt.strftime("%Y-%m-%d %H:%M:%S"))
    st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * len(shown) + 2, 460))
    common.table_downloads(shown, title="审计日志", source=f"看板审计日志（服务器 {settings.AUDIT_PATH.name}）",
                           demo=False, key="audit", note=f"共 {len(shown)} 条（全部 {len(table)} 条，保留 "
                           f"{audit.RETENTION_DAYS} 天）")
