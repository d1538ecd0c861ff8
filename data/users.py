"""Local user accounts: names, roles, scrypt password hashes and failed-login lockouts, in one JSON file.

The store lives under settings.VAR_DIR (settings.USERS_PATH, env HUBEI_USERS), never in the
warehouse, which is replaced on every load. It is rewritten whole on each change: a temporary
file beside it (mode 0600), flushed to disk, then os.replace — a writer killed halfway leaves
the old store. Changes hold an exclusive lock so two sessions never lose each other's update.
Manage it with `python -m data.users add|passwd|role|remove|list`.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import functools
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import settings

ROLES = ("viewer", "editor", "admin")
ROLE_NAMES = {"viewer": "查看", "editor": "编辑", "admin": "管理员"}
# scrypt cost: 16 MiB and ~0.1 s per hash on these machines. Stored with every hash, so raising
# them later re-hashes each password at its owner's next successful login.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32
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


# ---------------------------------------------------------------- password hashes

def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """'scrypt$n=16384,r=8,p=1$<salt>$<key>' with a fresh random salt (base64)."""
    salt = secrets.token_bytes(SALT_BYTES)
    salt_text, key_text = (base64.b64encode(b).decode("ascii") for b in (salt, _scrypt(password, salt, n, r, p)))
    return f"scrypt$n={n},r={r},p={p}${salt_text}${key_text}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * n * r * p + 2**20)


def _parse_hash(encoded: str) -> tuple[dict[str, int], bytes, bytes]:
    scheme, params, salt, key = encoded.split("$")
    if scheme != "scrypt":
        raise ValueError(scheme)
    values = {k: int(v) for k, v in (item.split("=") for item in params.split(","))}
    return values, base64.b64decode(salt), base64.b64decode(key)


def verify_password(password: str, encoded: str) -> bool:
    """Whether password matches the stored hash (compared in constant time); a malformed hash never matches."""
    try:
        params, salt, key = _parse_hash(encoded)
        candidate = _scrypt(password, salt, params["n"], params["r"], params["p"])
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(candidate, key)


def needs_rehash(encoded: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        params = _parse_hash(encoded)[0]
    except (ValueError, KeyError):
        return True
    return any(params.get(k, 0) < v for k, v in (("n", SCRYPT_N), ("r", SCRYPT_R), ("p", SCRYPT_P)))


@functools.cache
def _dummy_hash() -> str:
    """Checked for names without an account, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_hex(16))


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
    """Replace the store whole: a temp file (0600) in the same folder, fsync, rename, fsync the folder."""
    path = store_path()
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            os.fchmod(out.fileno(), 0o600)  # O_CREAT's mode does not apply to a temp file a killed writer left
            out.write(json.dumps(store, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)  # the rename itself survives a power cut
    finally:
        os.close(folder)


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
    ok = verify_password(password or "", record["hash"] if record else _dummy_hash()) and record is not None
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


# ---------------------------------------------------------------- command line

def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise StoreError("两次输入的密码不一致")
    return first


def _describe(user: User) -> str:
    scope = f"，限市州 {user.prefecture}" if user.prefecture else ""
    return f"{user.name}（{ROLE_NAMES[user.role]}{scope}）"


def _run(args: argparse.Namespace) -> str:
    """Carry out one subcommand; returns what to print."""
    if args.command == "list":
        return _listing()
    name = normalize_name(args.name)
    if args.command == "add":
        return f"已添加用户 {_describe(add_user(name, _read_password(args), args.role, args.prefecture))}。"
    if args.command == "role":
        return f"已把用户改为 {_describe(set_role(name, args.role, args.prefecture))}。"
    if args.command == "passwd":
        set_password(name, _read_password(args))
        return f"已修改用户“{name}”的密码，登录锁定（如有）已解除。"
    remove_user(name)
    return f"已删除用户“{name}”。"


def _listing() -> str:
    listed = users()
    if not listed:
        return f"还没有用户（{store_path()}）。添加：python -m data.users add 用户名 --role admin"
    lines = [f"共 {len(listed)} 个用户（{store_path()}）："]
    for user in listed:
        wait = locked_for(user.name)
        lines.append(f"  {_describe(user)}" + (f"  登录已锁定，{(wait + 59) // 60} 分钟后解除" if wait else ""))
    return "\n".join(lines)


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data.users", description="管理看板的本地用户")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    commands = {c: sub.add_parser(c, help=h) for c, h in (
        ("add", "添加用户"), ("passwd", "修改密码（并解除登录锁定）"), ("role", "修改角色"), ("remove", "删除用户"),
        ("list", "列出用户"))}
    for command in ("add", "passwd", "role", "remove"):
        commands[command].add_argument("name", help="用户名")
    commands["add"].add_argument("--role", required=True, choices=ROLES, help="viewer 查看、editor 编辑、admin 管理员")
    commands["role"].add_argument("role", choices=ROLES, help="新角色")
    for command in ("add", "role"):
        commands[command].add_argument("--prefecture", metavar="代码", help="只管一个市州（6 位代码，如 420200）")
    for command in ("add", "passwd"):
        commands[command].add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    try:
        print(_run(args))
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
