"""The audit log (data/audit): who, when, from where, what — appended, 0600, pruned by age, never truncated."""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import settings
from data import audit, files
from data.accounts import users
from data.actor import Actor

PASSWORD = "长江-大桥-1957"
ADMIN = Actor("管理员甲", "admin", None, "10.0.0.1")


@pytest.fixture(autouse=True)
def log(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(settings, "USERS_PATH", tmp_path / "var" / "users.json")
    monkeypatch.setattr(settings, "AUDIT_PATH", tmp_path / "var" / "audit.jsonl")
    return settings.AUDIT_PATH


def events() -> list[tuple[str, str, str]]:
    return [(e["event"], e["who"], e["address"]) for e in audit.entries()]


def test_sign_ins_and_failures_are_recorded_with_the_client_address(log):
    users.add_user("张三", PASSWORD, "editor")
    assert users.authenticate("张三", PASSWORD, "10.0.0.5") is not None
    users.authenticate("张三", "wrong-password", "10.0.0.66")
    users.authenticate("nobody", "wrong-password", "10.0.0.66")
    assert events()[-3:] == [("sign_in", "张三", "10.0.0.5"), ("sign_in_failed", "张三", "10.0.0.66"),
                             ("sign_in_failed", "nobody", "10.0.0.66")]
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_account_changes_name_the_admin_and_a_non_admin_is_refused_and_recorded(log):
    users.add_user("admin", PASSWORD, "admin")
    users.add_user("张三", PASSWORD, "viewer", by=ADMIN)
    users.set_role("张三", "editor", "420200", by=ADMIN)
    users.set_password("张三", "another-password", by=ADMIN)
    with pytest.raises(users.StoreError, match="管理员"):
        users.remove_user("张三", by=Actor("张三", "editor", "420200", "10.0.0.9"))
    users.remove_user("张三", by=ADMIN)
    found = audit.entries()
    assert [e["event"] for e in found] == ["account_added", "account_added", "role_changed", "password_changed",
                                           "refused", "account_removed"]
    assert found[0]["who"].startswith(users.SERVER_OPERATOR) and found[1]["address"] == "10.0.0.1"
    assert "查看，全省 → 编辑，限市州 420200" in found[2]["detail"] and found[4]["who"] == "张三"


def test_an_entry_is_kept_six_months_and_pruned_after(log):
    old = {"at": (datetime.now() - timedelta(days=audit.RETENTION_DAYS + 2)).isoformat(timespec="seconds"),
           "event": "sign_in", "who": "旧", "address": "", "detail": ""}
    kept = {**old, "at": (datetime.now() - timedelta(days=183)).isoformat(timespec="seconds"), "who": "半年前"}
    log.parent.mkdir(parents=True)
    log.write_text(json.dumps(old) + "\n" + json.dumps(kept) + "\n", encoding="utf-8")
    audit.record("sign_in", "新", "")
    assert [e["who"] for e in audit.entries()] == ["半年前", "新"]
    assert audit.RETENTION_DAYS >= 183


def test_a_failed_prune_leaves_the_log_whole(log, monkeypatch):
    old = {"at": "2020-01-01T00:00:00", "event": "sign_in", "who": "旧", "address": "", "detail": ""}
    log.parent.mkdir(parents=True)
    log.write_text(json.dumps(old) + "\n", encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "write_whole", disk_full)
    audit.record("sign_in", "新", "")  # the action it records is not failed by the prune
    assert [e["who"] for e in audit.entries()] == ["旧", "新"]  # appended before the prune; nothing lost


def test_a_line_cut_short_is_skipped_and_the_next_entry_starts_afresh(log):
    audit.record("sign_in", "甲", "")
    with open(log, "a", encoding="utf-8") as out:
        out.write('{"at": "2026-12-04T06:00:00", "event": "sign_in", "who": "半')  # a write killed halfway
    audit.record("sign_in", "乙", "")
    assert [e["who"] for e in audit.entries()] == ["甲", "乙"]


def test_the_log_lives_beside_the_accounts_not_in_the_warehouse():
    assert settings.AUDIT_PATH.parent == settings.USERS_PATH.parent
    assert settings.AUDIT_PATH.parent != Path(settings.WAREHOUSE_PATH).parent / "raw"
