"""Local user accounts: names, roles, password hashes and sign-in throttling, in one JSON file.

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
from data import audit, files
from data.accounts import throttle
from data.accounts.passwords import dummy_hash, hash_password, needs_rehash, verify_password
from data.actor import ROLE_NAMES, ROLES, Actor, NotPermitted, require_admin, role_at_least  # noqa: F401

MIN_PASSWORD = 8
SERVER_OPERATOR = "服务器命令行"  # who changes accounts with python -m data.accounts (the server's own shell)
STORE_VERSION = 1


class StoreError(Exception):
    """The user store cannot be read or a change is refused; the message is Chinese."""


class Throttled(Exception):
    """Too many failed sign-ins from this client or for this name: try again in .seconds (Chinese message)."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(f"登录失败次数过多，请 {seconds} 秒后再试。")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    prefecture: str | None = None  # an editor limited to one prefecture's counties; None = the whole province


def _now() -> float:
    return time.time()


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
    """Seconds a stranger's client waits before trying this name again (0: none); its own clients never wait."""
    try:
        key = normalize_name(name)
    except StoreError:
        return 0
    entry = _read()["failures"].get(throttle.keys(key, throttle.UNKNOWN_CLIENT)["name"]) or {}
    return max(0, int(entry.get("until", 0) - _now() + 0.999))


def authenticate(name: str, password: str, client: str | None = None) -> User | None:
    """The user when name and password match, else None; Throttled while this client must wait (data/accounts/throttle).

    client: the browser's address (None: unknown). Raises StoreError when the store file is unreadable:
    a broken store must not look like a wrong password.
    """
    try:
        key = normalize_name(name)
    except StoreError:
        return None
    address, client = client, client or throttle.UNKNOWN_CLIENT
    try:
        stored = _count_attempt(key, client)
    except Throttled as throttled:
        audit.record("sign_in_throttled", key, f"需等 {throttled.seconds} 秒", address=address)
        raise
    # The hash is checked outside the lock: ~0.1 s each, and sign-ins should not queue behind it.
    if not verify_password(password or "", stored or dummy_hash()) or stored is None:
        audit.record("sign_in_failed", key, "" if stored else "无此账户", address=address)
        return None
    with _changing() as store:
        record = store["users"].get(key)
        if record is None or record["hash"] != stored:  # removed, or a new password set meanwhile
            return None
        audit.record("sign_in", key, ROLE_NAMES.get(record["role"], record["role"]), address=address)
        throttle.succeeded(store["failures"], key, client)
        if client != throttle.UNKNOWN_CLIENT:
            known = [c for c in record.get("clients", []) if c != client] + [client]
            record["clients"] = known[-throttle.KNOWN_CLIENTS:]
        if needs_rehash(stored):
            record["hash"] = hash_password(password)
        return _user(key, record)


def _count_attempt(key: str, client: str) -> str | None:
    """Check the wait and count the attempt as failed, in one locked step; the account's hash (None: no account)."""
    with _changing() as store:
        table, now = store["failures"], _now()
        throttle.prune(table, now)
        record = store["users"].get(key)
        known = client != throttle.UNKNOWN_CLIENT and client in (record or {}).get("clients", [])
        wait = throttle.wait(table, key, client, now, known_client=known)
        if wait:
            raise Throttled(wait)
        throttle.count(table, key, client, now)
        return record["hash"] if record else None


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


def _admin(by: str | Actor | None, what: str) -> Actor:
    """Accounts are changed by an admin (an Actor from the app, checked here) or on the server (a name, or None)."""
    try:
        return require_admin(by or SERVER_OPERATOR, what)
    except NotPermitted as refused:
        raise StoreError(str(refused)) from None


def _scope(role: str, prefecture: str | None) -> str:
    return f"{ROLE_NAMES[role]}，{'限市州 ' + prefecture if prefecture else '全省'}"


def add_user(name: str, password: str, role: str, prefecture: str | None = None, *,
             by: str | Actor | None = None) -> User:
    actor = _admin(by, "新增账户")
    name = normalize_name(name)
    _check_role(role, prefecture)
    _check_password(password)
    with _changing() as store:
        if name in store["users"]:
            raise StoreError(f"用户“{name}”已存在（改密码用 passwd，改角色用 role）")
        store["users"][name] = {"role": role, "prefecture": prefecture, "hash": hash_password(password),
                                "created": datetime.now().isoformat(timespec="seconds")}
    audit.record("account_added", actor, f"{name}（{_scope(role, prefecture)}）")
    return User(name, role, prefecture)


def set_password(name: str, password: str, *, by: str | Actor | None = None) -> None:
    """A new password; it also ends the name's sign-in delays."""
    actor = _admin(by, "修改密码")
    name = normalize_name(name)
    _check_password(password)
    with _changing() as store:
        _existing(store, name)["hash"] = hash_password(password)
        throttle.forget_name(store["failures"], name)
    audit.record("password_changed", actor, name)


def set_role(name: str, role: str, prefecture: str | None = None, *, by: str | Actor | None = None) -> User:
    actor = _admin(by, "修改角色")
    name = normalize_name(name)
    _check_role(role, prefecture)
    with _changing() as store:
        record = _existing(store, name)
        _keeps_an_admin(store, name, role)
        before = _scope(record["role"], record.get("prefecture"))
        record["role"], record["prefecture"] = role, prefecture
    if before != _scope(role, prefecture):
        audit.record("role_changed", actor, f"{name}：{before} → {_scope(role, prefecture)}")
    return User(name, role, prefecture)


def remove_user(name: str, *, by: str | Actor | None = None) -> None:
    actor = _admin(by, "删除账户")
    name = normalize_name(name)
    with _changing() as store:
        _existing(store, name)
        _keeps_an_admin(store, name, None)
        del store["users"][name]
        throttle.forget_name(store["failures"], name)
    audit.record("account_removed", actor, name)
