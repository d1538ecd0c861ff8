"""Access: write pages refuse anyone below editor — by URL too — sign-in works, fails and expires."""

import pytest
from streamlit.testing.v1 import AppTest

import settings
from data.accounts import users
from tests.app.test_app import APP, all_text
from ui.frame import access

REFUSED = "本页需要“编辑”权限"


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    """A user store with one editor and one viewer."""
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "users.json")
    users.add_user("编辑甲", "correct-horse-1", "editor")
    users.add_user("viewer1", "correct-horse-2", "viewer")


def data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/data.py")
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    next(t for t in at.text_input if t.label == "用户名").input(name)
    next(t for t in at.text_input if t.label == "密码").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    return at


def can_upload(at: AppTest) -> bool:
    return "一、导入文件" in all_text(at)


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_without_accounts_the_server_itself_may_edit(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "none.json")
    at = data_page()
    assert can_upload(at) and "尚未配置账户" in " ".join(c.value for c in at.caption)


def test_without_accounts_a_remote_browser_only_reads(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "none.json")
    monkeypatch.setattr(settings, "TRUST_LOCAL", False)  # as a browser on another machine
    at = data_page()
    assert not can_upload(at) and REFUSED in warnings(at) and "远程访问为只读" in warnings(at)


def test_with_accounts_nobody_signed_in_is_refused_even_on_the_server(warehouse, accounts):
    at = data_page()
    assert not can_upload(at) and REFUSED in warnings(at)
    assert not [b for b in at.button if b.label == "保存快照"]


def test_an_editor_signs_in_and_loads_under_their_name(warehouse, accounts):
    at = sign_in(data_page(), "编辑甲", "correct-horse-1")
    assert not at.exception and can_upload(at)
    assert "操作人：编辑甲" in " ".join(c.value for c in at.caption)
    assert "已登录：编辑甲（编辑）" in " ".join(c.value for c in at.caption)


@pytest.mark.parametrize("name, password", [("编辑甲", "wrong"), ("nobody", "correct-horse-1"), ("", "")])
def test_a_wrong_sign_in_is_refused(warehouse, accounts, name, password):
    at = sign_in(data_page(), name, password)
    assert not can_upload(at) and any("用户名或密码不正确" in e.value for e in at.error)


def test_a_viewer_is_refused_write_pages(warehouse, accounts):
    at = sign_in(data_page(), "viewer1", "correct-horse-2")
    assert not can_upload(at) and REFUSED in warnings(at)


def test_a_sign_in_expires_when_idle(warehouse, accounts, monkeypatch):
    at = sign_in(data_page(), "编辑甲", "correct-horse-1")
    assert can_upload(at)
    at.session_state[access.SIGNED_IN]["seen"] -= settings.IDLE_MINUTES * 60 + 1
    at.run()
    assert not can_upload(at) and any("登录已过期" in t.value for t in at.toast)


def test_repeated_failures_make_that_browser_wait(warehouse, accounts):
    at = data_page()
    for _ in range(5):
        sign_in(at, "编辑甲", "wrong")
    sign_in(at, "编辑甲", "correct-horse-1")
    assert not can_upload(at) and any("秒后再试" in e.value for e in at.error)


def test_a_stranger_cannot_lock_the_admin_out(warehouse, accounts, monkeypatch):
    """Issue 18 item 3: ten wrong passwords for the admin's name from another browser; the admin still gets in."""
    users.add_user("admin1", "correct-horse-3", "admin")
    client = {"address": "10.0.0.1"}
    monkeypatch.setattr(access, "client_address", lambda: client["address"])
    assert can_upload(sign_in(data_page(), "admin1", "correct-horse-3"))  # the admin's own machine
    client["address"] = "10.0.0.66"
    stranger = data_page()
    for _ in range(10):
        sign_in(stranger, "admin1", "wrong")
    assert any("秒后再试" in e.value for e in stranger.error)
    client["address"] = "10.0.0.1"
    assert can_upload(sign_in(data_page(), "admin1", "correct-horse-3"))


def accounts_page(at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/accounts.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_an_editor_may_not_manage_accounts(warehouse, accounts):
    at = data_page()
    sign_in(at, "编辑甲", "correct-horse-1")
    at.switch_page("app_pages/accounts.py")
    at.run()
    assert "本页需要“管理员”权限" in warnings(at) and not [b for b in at.button if b.label == "新增"]


def test_an_admin_adds_demotes_and_removes_accounts(warehouse, accounts):
    users.add_user("admin1", "correct-horse-3", "admin")
    at = accounts_page()
    sign_in(at, "admin1", "correct-horse-3")
    at.switch_page("app_pages/accounts.py")
    at.run()
    next(t for t in at.text_input if t.label == "用户名").input("新人")  # signed in: the add form's field only
    next(t for t in at.text_input if t.label.startswith("初始密码")).input("long-enough-1")
    at.selectbox(key="add_role").select("editor")
    at.selectbox(key="add_prefecture").select("420200")
    next(b for b in at.button if b.label == "新增").click().run()
    assert not at.exception and any("已新增账户“新人”" in s.value for s in at.success)
    assert users.get("新人") == users.User("新人", "editor", "420200")
    assert users.authenticate("新人", "long-enough-1") is not None
    assert "新人" in at.dataframe[0].value["用户名"].tolist()  # the list is redrawn with the new account
    next(s for s in at.selectbox if s.label == "账户").select("新人")
    at.selectbox(key="change_role").select("viewer")
    next(b for b in at.button if b.label == "保存修改").click().run()
    assert users.get("新人").role == "viewer"
    next(s for s in at.selectbox if s.label == "账户").select("新人")
    next(b for b in at.button if b.label == "删除账户").click().run()
    assert users.get("新人") is None


def test_the_last_admin_cannot_be_removed_from_the_app(warehouse, accounts):
    users.add_user("admin1", "correct-horse-3", "admin")
    at = accounts_page()
    sign_in(at, "admin1", "correct-horse-3")
    at.switch_page("app_pages/accounts.py")
    at.run()
    next(s for s in at.selectbox if s.label == "账户").select("admin1")
    next(b for b in at.button if b.label == "删除账户").click().run()
    assert any("唯一的管理员" in e.value for e in at.error) and users.get("admin1") is not None
