"""账户管理: who may browse, edit and manage — for admins; the command `python -m data.accounts` does the same."""

import streamlit as st

from ui.frame import access
from ui.sections import accounts as account_sections
from ui.sections import common


def render() -> None:
    st.title("账户管理")
    access.require("admin")
    st.caption("查看：浏览与导出；编辑：导入数据、保存会议快照、修改考核规则；管理员：另可管理账户。")
    account_sections.last_change()
    accounts = account_sections.account_list()
    left, right = st.columns(2)
    with left:
        account_sections.add_form()
    with right:
        account_sections.change_form(accounts)
    st.subheader("审计日志")
    st.caption("登录与失败、账户与角色变更、导入、回滚、会议快照、考核规则版本：谁、何时、从何处、做了什么。")
    account_sections.audit_log()
    common.source_note("账户保存在服务器的 var/users.json（口令以 Argon2id 加盐散列保存）；"
                         "也可在服务器上用命令 python -m data.accounts 管理。")


render()
