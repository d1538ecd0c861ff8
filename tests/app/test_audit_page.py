"""The audit log on 账户管理: loads, rollbacks, snapshots, rule versions, sign-ins; for admins, filtered, exported."""

from datetime import date

import pytest

import queries
import settings
from data.accounts import users
from data.actor import Actor
from data.warehouse import assessment, load, snapshots
from tests.app.test_access import accounts_page, sign_in
from tests.app.test_write_limits import daye_file
from tests.private import publish_private_copy

EDITOR = Actor("全省编辑", "editor", None, "10.0.0.8")


@pytest.fixture
def history(private_warehouse, tmp_path, monkeypatch):
    """An admin, and a load, a rollback, a snapshot and a rule version by a province-wide editor."""
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "users.json")
    monkeypatch.setattr(settings, "AUDIT_PATH", tmp_path / "audit.jsonl")
    users.add_user("admin1", "correct-horse-3", "admin")
    load.load(daye_file(tmp_path), loaded_by=EDITOR.name)
    load.rollback(int(queries.run("data/batches")["batch_id"].max()), by=EDITOR)
    snapshots.save("推进会", date(2025, 6, 1), by=EDITOR)
    rules = assessment.default_rules()
    rules.loc[0, "weight"] += 1
    rules.loc[1, "weight"] -= 1
    assessment.save_version(rules, note="调整", by=EDITOR)
    return tmp_path


def test_an_admin_sees_every_kind_of_change_with_who_and_where(history, monkeypatch):
    (history / "rebuilt").mkdir()
    publish_private_copy(settings.WAREHOUSE_PATH, history / "rebuilt", monkeypatch)  # the warehouse replaced
    at = accounts_page()
    sign_in(at, "admin1", "correct-horse-3")
    at.switch_page("app_pages/accounts.py")
    at.run()
    log = next(d.value for d in at.dataframe if "事件" in d.value.columns)
    assert {"新增账户", "导入", "回滚批次", "保存会议快照", "保存考核规则新版本", "登录成功"} <= set(log["事件"])
    assert set(log.loc[log["事件"] != "新增账户", "用户"]) >= {"全省编辑", "admin1"}
    assert "10.0.0.8" in set(log["来源地址"])
    assert log.loc[log["事件"] == "导入", "详情"].iloc[0].startswith("文件 daye.csv；批次 ")
    assert {b.label for b in at.get("download_button")} >= {"下载 CSV", "下载 Excel"}
    at.multiselect(key="audit_events").select("回滚批次").run()
    log = next(d.value for d in at.dataframe if "事件" in d.value.columns)
    assert set(log["事件"]) == {"回滚批次"} and len(log) == 1


def test_an_editor_cannot_see_the_audit_log(history):
    users.add_user("编辑乙", "correct-horse-4", "editor")
    at = accounts_page()
    sign_in(at, "编辑乙", "correct-horse-4")
    at.switch_page("app_pages/accounts.py")
    at.run()
    assert not [d for d in at.dataframe if "事件" in d.value.columns]
