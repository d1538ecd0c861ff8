"""The audit log: who did what, when and from where — sign-ins, accounts, loads, rollbacks, snapshots, rules.

Kept beside the account store under VAR_DIR (settings.AUDIT_PATH), not in the warehouse, which
every load replaces. One JSON object per line, appended under a lock with O_APPEND and flushed to
disk (fsync) before the action reports success, readable by the service's account only (0600).
A write that fails part-way can leave at most one broken last line, which readers skip; entries
are never rewritten except by the pruning, which keeps RETENTION_DAYS (≥ 6 months) and replaces
the file whole (data/files), so a failed prune leaves the old log.

The client address comes with an Actor (data/actor), or, for writers that take only a name (loads),
from the address the session set for this script run (acting_from).
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timedelta

import settings
from data import files

RETENTION_DAYS = 200  # the issue asks for six months at least
PRUNE_EVERY = timedelta(days=1)
EVENTS = {
    "sign_in": "登录成功", "sign_in_failed": "登录失败", "sign_in_throttled": "登录被延迟",
    "oidc_sign_in": "统一身份认证登录", "account_added": "新增账户", "role_changed": "修改角色",
    "password_changed": "修改密码", "account_removed": "删除账户",
    "loaded": "导入", "rejected": "导入被拒绝", "duplicate": "重复导入", "dry_run": "试导入", "rolled_back": "回滚批次",
    "refused": "越权操作被拒绝", "snapshot_saved": "保存会议快照", "snapshot_removed": "删除会议快照",
    "rules_saved": "保存考核规则新版本",
}
# What a load-log event says, in the order shown (data/warehouse/load); other fields are left out.
FIELDS = {"file_name": "文件", "batch_id": "批次", "rows": "导入行", "rejected": "未导入行", "problems": "问题数"}
_client: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_client", default=None)


def describe(fields: dict) -> str:
    """A load-log event's fields in Chinese: 文件 a.csv；批次 12；导入行 30."""
    return "；".join(f"{label} {fields[key]}" for key, label in FIELDS.items() if fields.get(key) is not None)


def acting_from(address: str | None) -> None:
    """The client address of this script run, for writers that are given only a name."""
    _client.set(address)


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    path = settings.AUDIT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def record(event: str, by, detail: str = "", *, address: str | None = None) -> None:
    """Append one entry and flush it to disk. by: a data.actor.Actor (its address is used), a name, or None."""
    name = getattr(by, "name", by)
    address = getattr(by, "address", None) or address or _client.get()
    entry = {"at": datetime.now().isoformat(timespec="seconds"), "event": event, "who": name or "",
             "address": address or "", "detail": detail}
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    with _locked():
        handle = os.open(settings.AUDIT_PATH, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.fchmod(handle, 0o600)
            size = os.fstat(handle).st_size
            if size and os.pread(handle, 1, size - 1) != b"\n":  # a line cut short: start on a fresh one
                line = b"\n" + line
            os.write(handle, line)
            os.fsync(handle)
        finally:
            os.close(handle)
        try:
            _prune_when_due()
        except OSError as error:  # the entry is on disk; the next entry tries the prune again
            logging.getLogger(__name__).warning("audit log not pruned: %s", error)


def entries() -> list[dict]:
    """Every entry, oldest first (a line that cannot be read — a write cut short — is skipped)."""
    try:
        with open(settings.AUDIT_PATH, encoding="utf-8", errors="replace") as log:
            lines = log.readlines()
    except FileNotFoundError:
        return []
    found = []
    for line in lines:
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict) and "at" in entry:
                found.append(entry)
    return found


def _prune_when_due() -> None:
    """Once the oldest entry is a day past the retention, rewrite the log without the entries past it."""
    oldest = None
    with open(settings.AUDIT_PATH, encoding="utf-8", errors="replace") as log:
        for line in log:  # the first readable line (one cut short is skipped, like entries() does)
            with contextlib.suppress(ValueError, KeyError, TypeError):
                oldest = datetime.fromisoformat(json.loads(line)["at"])
                break
    if oldest is None:
        return
    cutoff = datetime.now() - timedelta(days=RETENTION_DAYS)
    if oldest >= cutoff - PRUNE_EVERY:
        return
    kept = [e for e in entries() if datetime.fromisoformat(e["at"]) >= cutoff]
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept)
    files.write_whole(settings.AUDIT_PATH, text.encode("utf-8"), mode=0o600)
