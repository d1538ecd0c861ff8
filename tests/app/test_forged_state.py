"""Issue 18 item 7: forged widget state and the organisation's sign-in (OIDC) with HUBEI_TRUST_LOCAL=0.

A forged widget value reaches the server as session state; these tests put such values where the
page would read them and check that the write functions refuse anyway (the role and prefecture
are taken from the signed-in account on the server, never from a widget). The OIDC tests use
AppTest's simulated st.user and a secrets [auth] section; no identity provider is contacted.
"""

import pytest
from streamlit.testing.v1 import AppTest

import queries
import settings
from data import audit
from data.accounts import users
from data.warehouse import batch_scope
from tests.app.test_access import can_upload
from tests.app.test_app import APP
from tests.app.test_write_limits import data_page, demo_batch, limited  # noqa: F401  (the fixture)

AUTH = {"redirect_uri": "https://dash.example/oauth2callback", "cookie_secret": "x" * 32, "client_id": "dashboard",
        "client_secret": "secret", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


def loaded(batch_id: int) -> bool:
    batches = queries.run("data/batches").set_index("batch_id")
    return batches.at[batch_id, "outcome"] == "loaded"


def test_a_forged_rollback_choice_is_refused_where_it_is_written(limited, monkeypatch):  # noqa: F811
    """The page offers a limited editor only their batches; with that filter gone (as when the browser sends a
    batch it was never offered), choosing another prefecture's batch and clicking 回滚 still changes nothing."""
    monkeypatch.setattr(batch_scope, "may_roll_back", lambda actor: None)  # the offer no longer filters
    at = data_page("黄石编辑", "correct-horse-1")
    outside = demo_batch()
    at.selectbox(key="rollback_batch").select(outside).run()
    next(b for b in at.button if b.label == "回滚").click().run()
    assert any("本市州以外" in e.value for e in at.error) and loaded(outside)
    assert [e["event"] for e in audit.entries()][-1] == "refused"


def test_a_viewer_session_with_forged_editor_state_changes_nothing(limited, monkeypatch):  # noqa: F811
    users.add_user("viewer1", "correct-horse-5", "viewer")
    at = data_page("viewer1", "correct-horse-5")
    for key, value in {"rollback_batch": limited, "operator": "冒充", "upload_round": 0}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception and loaded(limited) and not [b for b in at.button if b.label == "回滚"]


def oidc_page(user: dict, page: str = "app_pages/data.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = user
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def intranet(warehouse, tmp_path, monkeypatch):
    """As on the intranet: behind a proxy, HUBEI_TRUST_LOCAL=0; one local account named by its e-mail."""
    monkeypatch.setattr(settings, "TRUST_LOCAL", False)
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "users.json")
    monkeypatch.setattr(settings, "AUDIT_PATH", tmp_path / "audit.jsonl")


def test_without_sign_in_nobody_is_trusted_and_the_oidc_button_is_offered(intranet):
    at = oidc_page({"is_logged_in": False})
    assert not can_upload(at) and "单位统一身份认证登录" in [b.label for b in at.button]


def test_an_oidc_identity_gets_the_role_of_its_local_account_and_is_audited(intranet):
    users.add_user("zhang@hbeitc.example", "correct-horse-6", "editor")
    at = oidc_page({"is_logged_in": True, "email": "zhang@hbeitc.example"})
    assert can_upload(at)
    at.run()
    assert [e["event"] for e in audit.entries()].count("oidc_sign_in") == 1  # once, not on every run


def test_an_oidc_identity_without_a_local_account_only_reads(intranet):
    at = oidc_page({"is_logged_in": True, "email": "stranger@example.com"})
    assert not can_upload(at) and "已登录：stranger@example.com（查看）" in " ".join(c.value for c in at.caption)


def test_the_oidc_button_needs_the_auth_section(warehouse):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert "单位统一身份认证登录" not in [b.label for b in at.button]
