"""Local user accounts: names, roles, scrypt password hashes and failed-login lockouts, in one JSON file.

The store lives under settings.VAR_DIR (settings.USERS_PATH, env HUBEI_USERS), never in the
warehouse, which is replaced on every load. It is rewritten whole on each change: a temporary
file beside it (mode 0600), flushed to disk, then os.replace — a writer killed halfway leaves
the old store. Changes hold an exclusive lock so two sessions never lose each other's update.
Manage it with `python -m data.accounts add|passwd|role|remove|list`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import settings
from data import files
from data.accounts.passwords import dummy_hash, hash_password, needs_rehash, verify_password

ROLES = ("viewer", "editor", "admin")
ROLE_NAMES = {"viewer": "查看", "editor": "编辑", "admin": "管理员"}
MAX_FAILURES, FAILURE_WINDOW, LOCKOUT = 5, 600, 600  # 5 failures within 10 minutes lock the name for 10
MIN_PASSWORD = 8
STORE_VERSION = 1


class StoreError(Exception):
    """The user store cannot be read or a change is refused; the message is Chinese."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    prefecture: str | None = None  # an editor limited to one prefecture's counties; None = the whole province


def _now() -> float:
    return time.time()


def role_at_least(user_role: str, needed: str) -> bool:
    """True when user_role ranks at or above needed (viewer < editor < admin); an unknown user role never does."""
    if needed not in ROLES:
        raise ValueError(f"unknown role {needed!r}, expected one of {ROLES}")
    return user_role in ROLES and ROLES.index(user_role) >= ROLES.index(needed)


# ---------------------------------------------------------------- the store file

def store_path() -> Path:
    return settings.USERS_PATH


def _read() -> dict:
    path = store_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"version": STORE_VERSION, "users": {}, "failures": {}}
    try:
        store = json.loads(text)
        if not isinstance(store.get("users"), dict):
            raise ValueError("users")
    except (ValueError, AttributeError):
        raise StoreError(f"用户文件“{path}”已损坏，无法读取（可从备份恢复，或删除后重新添加用户）") from None
    store.setdefault("failures", {})
    return store


def _write(store: dict) -> None:
    """Replace the store whole (data/files: temp file, fsync, rename), readable by this account only."""
    text = json.dumps(store, ensure_ascii=False, indent=1, sort_keys=True)
    files.write_whole(store_path(), text.encode("utf-8"), mode=0o600)


@contextlib.contextmanager
def _changing() -> Iterator[dict]:
    """Lock the store, read it, yield it for changes, write it back when the block ends well and changed it."""
    path = store_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        store = _read()
        before = json.dumps(store, sort_keys=True)
        yield store
        if json.dumps(store, sort_keys=True) != before:  # a login that changes nothing writes nothing
            _write(store)


def normalize_name(name: str) -> str:
    """The account name as stored: NFKC, trimmed; refuses empty, long or control-character names."""
    clean = unicodedata.normalize("NFKC", name or "").strip()
    if not clean or len(clean) > 64 or any(unicodedata.category(ch).startswith("C") for ch in clean):
        raise StoreError(f"用户名“{name}”无效：应为 1–64 个字符，不含控制字符")
    return clean


def _user(name: str, record: dict) -> User:
    return User(name, record["role"], record.get("prefecture"))


# ---------------------------------------------------------------- what the app calls

def has_accounts() -> bool:
    """True once at least one account exists (the app then asks everyone to log in)."""
    return bool(_read()["users"])


def users() -> list[User]:
    return [_user(n, r) for n, r in sorted(_read()["users"].items())]


def get(name: str) -> User | None:
    """The account of that name, or None (also for a name no account could have, such as a long e-mail)."""
    try:
        key = normalize_name(name)
    except StoreError:
        return None
    record = _read()["users"].get(key)
    return _user(key, record) if record else None


def locked_for(name: str) -> int:
    """Seconds until this name may try again (0 when it is not locked out)."""
    try:
        key = normalize_name(name)
    except StoreError:
        return 0
    entry = _read()["failures"].get(key) or {}
    return max(0, int(entry.get("locked_until", 0) - _now() + 0.999))


def authenticate(name: str, password: str) -> User | None:
    """The user when name and password match and the name is not locked out, else None (the failure is counted).

    Raises StoreError when the store file is unreadable: a broken store must not look like a wrong password.
    """
    try:
        key = normalize_name(name)
    except StoreError:
        return None
    if locked_for(key):
        return None
    record = _read()["users"].get(key)
    # The hash is checked outside the lock: ~0.1 s each, and logins should not queue behind it.
    ok = verify_password(password or "", record["hash"] if record else dummy_hash()) and record is not None
    with _changing() as store:
        failures = store["failures"]
        _prune(failures)
        record = store["users"].get(key)
        if not ok or record is None:
            _count_failure(failures, key)
            return None
        failures.pop(key, None)
        if needs_rehash(record["hash"]):
            record["hash"] = hash_password(password)
        return _user(key, record)


def _count_failure(failures: dict, key: str) -> None:
    now = _now()
    entry = failures.setdefault(key, {"times": []})
    entry["times"] = [t for t in entry.get("times", []) if now - t < FAILURE_WINDOW] + [now]
    if len(entry["times"]) >= MAX_FAILURES:
        entry["locked_until"], entry["times"] = now + LOCKOUT, []


def _prune(failures: dict) -> None:
    """Forget failures older than the window and lockouts that have ended, so the file does not grow."""
    now = _now()
    for key in list(failures):
        entry = failures[key]
        entry["times"] = [t for t in entry.get("times", []) if now - t < FAILURE_WINDOW]
        if not entry["times"] and entry.get("locked_until", 0) <= now:
            del failures[key]


# ---------------------------------------------------------------- managing accounts

def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"密码太短：至少 {MIN_PASSWORD} 个字符")


def _check_role(role: str, prefecture: str | None) -> None:
    if role not in ROLES:
        raise StoreError(f"未知的角色“{role}”，可选：{'、'.join(ROLES)}")
    if prefecture is not None:
        from geo.registry import prefectures  # the registry is only needed to check a code

        if prefecture not in prefectures():
            raise StoreError(f"未知的市州代码“{prefecture}”，应为 6 位代码，如 420200（黄石市）")


def _existing(store: dict, name: str) -> dict:
    record = store["users"].get(name)
    if record is None:
        raise StoreError(f"没有用户“{name}”")
    return record


def _keeps_an_admin(store: dict, name: str, new_role: str | None) -> None:
    """Refuse to remove or demote the last admin: nobody could manage accounts from the app then."""
    others = [n for n, r in store["users"].items() if r["role"] == "admin" and n != name]
    if store["users"][name]["role"] == "admin" and new_role != "admin" and not others:
        raise StoreError(f"“{name}”是唯一的管理员：请先添加另一位管理员")


def add_user(name: str, password: str, role: str, prefecture: str | None = None) -> User:
    name = normalize_name(name)
    _check_role(role, prefecture)
    _check_password(password)
    with _changing() as store:
        if name in store["users"]:
            raise StoreError(f"用户“{name}”已存在（改密码用 passwd，改角色用 role）")
        store["users"][name] = {"role": role, "prefecture": prefecture, "hash": hash_password(password),
                                "created": datetime.now().isoformat(timespec="seconds")}
    return User(name, role, prefecture)


def set_password(name: str, password: str) -> None:
    """A new password; it also lifts a lockout."""
    name = normalize_name(name)
    _check_password(password)
    with _changing() as store:
        _existing(store, name)["hash"] = hash_password(password)
        store["failures"].pop(name, None)


def set_role(name: str, role: str, prefecture: str | None = None) -> User:
    name = normalize_name(name)
    _check_role(role, prefecture)
    with _changing() as store:
        record = _existing(store, name)
        _keeps_an_admin(store, name, role)
        record["role"], record["prefecture"] = role, prefecture
    return User(name, role, prefecture)


def remove_user(name: str) -> None:
    name = normalize_name(name)
    with _changing() as store:
        _existing(store, name)
        _keeps_an_admin(store, name, None)
        del store["users"][name]
        store["failures"].pop(name, None)
