"""Who may do what: viewer (browse, export), editor (load data, snapshots, assessment rules), admin (accounts).

Three ways in, checked in this order:
- a local account (data/accounts/users.py, `python -m data.accounts add …`), signed in with the sidebar form;
- the organisation's OIDC sign-in through Streamlit's own st.login, when `[auth]` is configured in
  .streamlit/secrets.toml; the signed-in e-mail gets the role of the local account of that name,
  else viewer;
- nobody signed in: viewer — except, while no account exists at all, a browser on the server
  itself (Streamlit reports no IP for localhost), which may edit so the first setup can be done.
A sign-in lasts SESSION_HOURS and ends after IDLE_MINUTES without a click.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

import settings
from data import audit
from data.accounts import users
from data.actor import Actor

SIGNED_IN = "signed_in"  # session state: {"name", "role", "prefecture", "since", "seen"}
LOCAL_OPERATOR = "本机管理员"
OIDC_RECORDED = "oidc_recorded"  # session state: the OIDC identity whose sign-in is in the audit log


@dataclass(frozen=True)
class Access:
    name: str | None  # None: nobody signed in
    role: str
    prefecture: str | None = None
    how: str = "guest"  # account / oidc / local / guest


def _local_request() -> bool:
    """Streamlit gives no address for a loopback connection; a remote one is an IPv4 or IPv6 string.

    (Streamlit's AppTest reports a mock object, not a string: it runs on this machine.)
    """
    ip = st.context.ip_address  # never a header: a browser must not talk its way into local trust
    return settings.TRUST_LOCAL and not (isinstance(ip, str) and ip)


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all: Streamlit raises rather than answer False
        return False


def _from_session() -> Access | None:
    """The local account signed in on this session, until it expires."""
    entry = st.session_state.get(SIGNED_IN)
    if not entry:
        return None
    now = time.time()
    if now - entry["since"] > settings.SESSION_HOURS * 3600 or now - entry["seen"] > settings.IDLE_MINUTES * 60:
        del st.session_state[SIGNED_IN]
        st.toast("登录已过期，请重新登录。", icon=":material/lock_clock:")
        return None
    entry["seen"] = now
    account = users.get(entry["name"])  # the store as it is now: a role changed or removed since sign-in counts
    if account is None:
        del st.session_state[SIGNED_IN]
        return None
    return Access(account.name, account.role, account.prefecture, "account")


def _from_oidc() -> Access | None:
    if not _oidc_configured() or not st.user.get("is_logged_in"):  # AppTest gives no is_logged_in at all
        return None
    name = str(st.user.get("email") or st.user.get("name") or "")
    account = users.get(name) if name else None
    if st.session_state.get(OIDC_RECORDED) != name:  # once per session and identity, not on every click
        st.session_state[OIDC_RECORDED] = name
        audit.record("oidc_sign_in", name, users.ROLE_NAMES[account.role] if account else "查看（无本地账户）")
    return Access(name, account.role if account else "viewer", account.prefecture if account else None, "oidc")


def current() -> Access:
    """Who is using this session and with which role (and, for the audit log, from which address)."""
    audit.acting_from(client_address())
    found = _from_session() or _from_oidc()
    if found:
        return found
    if not users.has_accounts() and _local_request():
        return Access(LOCAL_OPERATOR, "admin", None, "local")
    return Access(None, "viewer")


def can_edit() -> bool:
    return users.role_at_least(current().role, "editor")


def client_address() -> str | None:
    """The browser's address: the proxy's header when settings.CLIENT_HEADER names one, else Streamlit's.

    None on the server itself (Streamlit gives no address for loopback) and in AppTest (a mock object).
    """
    if settings.CLIENT_HEADER:
        forwarded = st.context.headers.get(settings.CLIENT_HEADER) or ""
        return forwarded.split(",")[0].strip()[:64] or None  # the first hop is the browser; the proxy appends
    ip = st.context.ip_address
    return ip if isinstance(ip, str) and ip else None


def actor(name: str | None = None) -> Actor:
    """The session's user as the write side checks it; name: the operator typed in on the server itself."""
    who = current()
    return Actor(name or who.name or "访客", who.role, who.prefecture, client_address())


def may_change_province() -> bool:
    """Rules and snapshots every user sees: an admin, or an editor not limited to one prefecture."""
    who = current()
    return who.role == "admin" or (who.role == "editor" and who.prefecture is None)


def current_user() -> str:
    """The name written into load logs, snapshots and rule versions."""
    return current().name or "访客"


def require(role: str = "editor") -> Access:
    """Stop the page here unless the session has the role (pages reached by URL included)."""
    access = current()
    if users.role_at_least(access.role, role):
        return access
    needed = users.ROLE_NAMES[role]
    st.warning(f"本页需要“{needed}”权限。请在左侧栏登录；" +
               ("尚未配置任何账户，远程访问为只读，设置方法见 README“账户与权限”。" if not users.has_accounts()
                else "如无账户，请联系管理员开通。"), icon=":material/lock:")
    st.stop()


def sign_in(name: str, password: str) -> str | None:
    """Check the password and start the session; returns the refusal in Chinese, or None."""
    try:
        user = users.authenticate(name, password, client_address())
    except (users.StoreError, users.Throttled) as error:
        return str(error)
    if user is None:
        return "用户名或密码不正确。"
    now = time.time()
    st.session_state[SIGNED_IN] = {"name": user.name, "role": user.role, "prefecture": user.prefecture,
                                   "since": now, "seen": now}
    return None


def sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)


def sidebar() -> None:
    """Who is signed in, with sign-in and sign-out, at the foot of the sidebar."""
    access = current()
    role_name = users.ROLE_NAMES.get(access.role, access.role)
    if access.how == "local":
        st.caption(f"本机访问，尚未配置账户：{role_name}权限。远程访问为只读，设置管理员见 README。")
    elif access.name:
        st.caption(f"已登录：{access.name}（{role_name}）")
        if access.how == "oidc":
            st.button("退出登录", key="sign_out", on_click=st.logout, type="tertiary")
        else:
            st.button("退出登录", key="sign_out", on_click=sign_out, type="tertiary")
        return
    if access.how == "guest" and (users.has_accounts() or _oidc_configured()):
        _sign_in_form()


def _sign_in_form() -> None:
    with st.expander("登录（编辑与管理）", icon=":material/login:"):
        if _oidc_configured():
            st.button("单位统一身份认证登录", key="oidc_login", on_click=st.login)
        with st.form("sign_in", border=False):
            name = st.text_input("用户名", max_chars=64)
            password = st.text_input("密码", type="password", max_chars=256)
            if st.form_submit_button("登录"):
                refusal = sign_in(name, password)
                if refusal:
                    st.error(refusal)
                else:
                    st.rerun()
