"""Local user store: hashes that never hold the password, a 0600 file replaced atomically, sign-in delays, the CLI."""

from __future__ import annotations

import base64
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import settings
from data import files
from data.accounts import cli as users_cli
from data.accounts import passwords, throttle, users

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "长江-大桥-1957"


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch) -> Path:
    """A private store in a folder that does not exist yet."""
    path = tmp_path / "var" / "users.json"
    monkeypatch.setattr(settings, "USERS_PATH", path)
    return path


def cli(argv: list[str], monkeypatch, capsys, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = users_cli.main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_right_password_passes_and_a_wrong_one_or_name_fails():
    users.add_user("张三", PASSWORD, "editor", "420200")
    assert users.authenticate("张三", PASSWORD) == users.User("张三", "editor", "420200")
    assert users.authenticate(" 张三 ", PASSWORD) == users.User("张三", "editor", "420200")  # trimmed like the store
    assert users.authenticate("张三", PASSWORD + " ") is None
    assert users.authenticate("张三", "") is None
    assert users.authenticate("李四", PASSWORD) is None
    assert users.authenticate("", PASSWORD) is None


def test_get_finds_an_account_by_any_spelling_the_store_folds_and_none_for_an_impossible_name():
    users.add_user("张三", PASSWORD, "editor", "420200")
    assert users.get(" 张三") == users.User("张三", "editor", "420200")
    assert users.get("李四") is None
    assert users.get("x" * 100 + "@example.com") is None and users.get("\x00") is None and users.get("") is None


def test_the_hash_never_contains_the_password(store):
    users.add_user("admin", PASSWORD, "admin")
    text = store.read_bytes()
    encoded = PASSWORD.encode("utf-8")
    for form in (encoded, encoded.hex().encode(), base64.b64encode(encoded), PASSWORD.encode("unicode_escape")):
        assert form not in text
    stored = json.loads(text)["users"]["admin"]["hash"]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and PASSWORD not in stored


def test_salts_differ_for_the_same_password():
    users.add_user("a", PASSWORD, "viewer")
    users.add_user("b", PASSWORD, "viewer")
    hashes = [json.loads(settings.USERS_PATH.read_text(encoding="utf-8"))["users"][n]["hash"] for n in "ab"]
    salts = [h.split("$")[4] for h in hashes]
    assert hashes[0] != hashes[1] and salts[0] != salts[1]
    assert len(base64.b64decode(salts[0] + "==")) == 16
    assert users.hash_password(PASSWORD) != users.hash_password(PASSWORD)


def test_the_store_file_is_0600_whatever_the_umask(store):
    old = os.umask(0)
    try:
        users.add_user("admin", PASSWORD, "admin")
        assert mode(store) == 0o600
        users.authenticate("admin", "wrong-password")  # a failure rewrites the file
        assert mode(store) == 0o600
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_old_store_and_no_temp_file(store, monkeypatch):
    users.add_user("admin", PASSWORD, "admin")
    before = store.read_bytes()

    def crash(*args):
        raise OSError("disk full")
    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(OSError):
        users.add_user("editor", PASSWORD, "editor")
    assert store.read_bytes() == before
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".part")] == []


CRASH = """
import os, sys
import settings
from data import files
from data.accounts import users
settings.USERS_PATH = __import__("pathlib").Path(sys.argv[1])
def crash(fd):  # the process dies with half the new store written: no cleanup, no rename
    os.ftruncate(fd, os.fstat(fd).st_size // 2)
    os._exit(9)
files.os.fsync = crash
users.add_user("editor", "another-password", "editor")
"""


def test_a_writer_killed_mid_write_leaves_the_old_store(store):
    users.add_user("admin", PASSWORD, "admin")
    before = store.read_bytes()
    proc = subprocess.run([sys.executable, "-c", CRASH, str(store)], cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == 9, proc.stderr.decode()
    left = [p for p in store.parent.iterdir() if p.name.endswith(".part")]
    assert left and left[0].stat().st_size < len(before) + 200  # the half-written temp file the crash left
    assert store.read_bytes() == before
    assert users.authenticate("admin", PASSWORD) is not None and users.get("editor") is None
    users.add_user("editor", PASSWORD, "editor")  # the next writer is not confused by the leftover
    assert users.get("editor") == users.User("editor", "editor") and mode(store) == 0o600
    assert not left[0].exists()  # and removes it: the process that wrote it is gone


@pytest.fixture
def clock(monkeypatch) -> list[float]:
    now = [1_000_000.0]
    monkeypatch.setattr(users, "_now", lambda: now[0])
    return now


def fail(name: str, client: str | None, times: int) -> None:
    for _ in range(times):
        assert users.authenticate(name, "wrong-password", client) is None


def test_failures_from_one_client_make_it_wait_longer_and_longer(clock):
    users.add_user("张三", PASSWORD, "viewer")
    fail("张三", "10.0.0.66", throttle.FREE)
    waits = []
    for _ in range(6):
        with pytest.raises(users.Throttled) as throttled:
            users.authenticate("张三", PASSWORD, "10.0.0.66")  # even the right password waits its turn
        waits.append(throttled.value.seconds)
        clock[0] += throttled.value.seconds
        fail("张三", "10.0.0.66", 1)
    assert waits == [2, 4, 8, 16, 32, 64] and "秒后再试" in str(throttled.value)
    clock[0] += 3600 + 128
    assert users.authenticate("张三", PASSWORD, "10.0.0.66") is not None  # forgotten after an hour


def test_a_stranger_cannot_lock_an_account_out(clock):
    """Issue 18 item 3: a hundred failures from an anonymous browser; the owner's machine gets straight in."""
    users.add_user("admin", PASSWORD, "admin")
    assert users.authenticate("admin", PASSWORD, "10.0.0.1") is not None  # the admin's own machine, known
    failures = 0
    while failures < 100:
        try:
            fail("admin", "10.0.0.66", 1)
            failures += 1
        except users.Throttled as throttled:
            clock[0] += throttled.seconds
    assert 0 < users.locked_for("admin") <= throttle.NAME_CAP  # another machine waits half a minute at most
    with pytest.raises(users.Throttled) as throttled:
        users.authenticate("admin", PASSWORD, "10.0.0.2")
    assert throttled.value.seconds <= throttle.NAME_CAP
    assert users.authenticate("admin", PASSWORD, "10.0.0.1") is not None  # the admin's own machine: at once
    assert users.authenticate("admin", PASSWORD, "10.0.0.2") is not None  # and the name's delay is over


def test_a_client_guessing_many_names_is_held_back(clock):
    fail("a", "10.0.0.66", 1)
    fail("b", "10.0.0.66", 1)
    fail("c", "10.0.0.66", 1)
    with pytest.raises(users.Throttled):
        users.authenticate("d", "wrong-password", "10.0.0.66")
    assert users.authenticate("d", "wrong-password", "10.0.0.7") is None  # another client is not held


def test_a_success_starts_the_name_again_and_a_new_password_ends_its_delays(clock):
    users.add_user("张三", PASSWORD, "viewer")
    fail("张三", "10.0.0.5", 2)
    assert users.authenticate("张三", PASSWORD, "10.0.0.5") is not None
    fail("张三", "10.0.0.6", 2)
    assert users.locked_for("张三") == 0  # the count started again after the success
    fail("张三", "10.0.0.7", 1)
    assert users.locked_for("张三") > 0
    users.set_password("张三", "a-new-password")
    assert users.locked_for("张三") == 0


def test_names_without_an_account_are_delayed_alike(clock):
    """Otherwise the delays would tell which names exist."""
    fail("nobody", None, throttle.FREE)
    assert users.locked_for("nobody") == 2


def test_parallel_guesses_are_counted_before_they_are_checked(monkeypatch):
    """Issue 18 item 4: 30 guesses at once; only the free ones reach the password check."""
    users.add_user("张三", PASSWORD, "viewer")
    checked, real = [], users.verify_password
    monkeypatch.setattr(users, "verify_password", lambda p, h: checked.append(1) or real(p, h))
    outcomes: list[object] = []

    def guess() -> None:
        try:
            outcomes.append(users.authenticate("张三", "wrong-password", "10.0.0.66"))
        except users.Throttled as throttled:
            outcomes.append(throttled)

    threads = [threading.Thread(target=guess) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == throttle.FREE and outcomes.count(None) == throttle.FREE
    assert sum(isinstance(o, users.Throttled) for o in outcomes) == 30 - throttle.FREE


@pytest.mark.parametrize("old", [lambda: passwords.scrypt_hash(PASSWORD),  # every account before Argon2id
                                 lambda: passwords.scrypt_hash(PASSWORD, n=2**12),
                                 lambda: PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)],
                         ids=["scrypt", "weaker-scrypt", "weaker-argon2id"])
def test_an_older_hash_still_signs_in_and_becomes_argon2id(store, old):
    users.add_user("admin", PASSWORD, "admin")
    data = json.loads(store.read_text(encoding="utf-8"))
    data["users"]["admin"]["hash"] = old()
    store.write_text(json.dumps(data), encoding="utf-8")
    assert users.needs_rehash(data["users"]["admin"]["hash"])
    assert users.authenticate("admin", "wrong-password") is None  # the old hash still refuses a wrong one
    assert users.authenticate("admin", PASSWORD) is not None
    upgraded = json.loads(store.read_text(encoding="utf-8"))["users"]["admin"]["hash"]
    assert upgraded.startswith("$argon2id$v=19$m=19456,t=2,p=1$") and not users.needs_rehash(upgraded)
    assert users.authenticate("admin", PASSWORD) is not None


def test_a_malformed_hash_never_matches():
    for encoded in ("", "plain", "md5$x$y$z", "scrypt$n=16384$abc$def", "scrypt$n=x,r=8,p=1$AAAA$AAAA",
                    "$argon2id$v=19$m=19456,t=2,p=1$AAAA", "$argon2id$garbage"):
        assert users.verify_password(PASSWORD, encoded) is False


def test_a_corrupt_store_is_an_error_not_a_wrong_password(store, monkeypatch, capsys):
    store.parent.mkdir(parents=True)
    store.write_text('{"users": {"admin": ', encoding="utf-8")
    with pytest.raises(users.StoreError, match="已损坏"):
        users.authenticate("admin", PASSWORD)
    status, _, err = cli(["list"], monkeypatch, capsys)
    assert status == 2 and "已损坏" in err


@pytest.mark.parametrize(("role", "needed", "ok"), [
    ("viewer", "viewer", True), ("viewer", "editor", False), ("editor", "editor", True), ("editor", "admin", False),
    ("admin", "viewer", True), ("admin", "admin", True), ("root", "viewer", False), ("", "viewer", False),
])
def test_role_at_least(role, needed, ok):
    assert users.role_at_least(role, needed) is ok


def test_role_at_least_refuses_an_unknown_needed_role():
    with pytest.raises(ValueError):
        users.role_at_least("admin", "superuser")
    assert users.ROLES == ("viewer", "editor", "admin")


def test_has_accounts(store):
    assert not users.has_accounts() and not store.exists()
    users.add_user("admin", PASSWORD, "admin")
    assert users.has_accounts()


def test_concurrent_changes_are_not_lost():
    names = [f"user{i}" for i in range(6)]
    threads = [threading.Thread(target=users.add_user, args=(n, PASSWORD, "viewer")) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [u.name for u in users.users()] == names


def test_the_store_path_is_under_var_and_overridable():
    code = "import settings; print(settings.USERS_PATH)"
    env = {k: v for k, v in os.environ.items() if k != "HUBEI_USERS"}
    default = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "HUBEI_VAR_DIR": "/srv/hubei"},
                             capture_output=True, text=True, check=True).stdout.strip()
    assert default == "/srv/hubei/users.json"
    chosen = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**env, "HUBEI_USERS": "/etc/hubei/u.json"},
                            capture_output=True, text=True, check=True).stdout.strip()
    assert chosen == "/etc/hubei/u.json"


def test_cli_round_trip(store, monkeypatch, capsys):
    assert cli(["list"], monkeypatch, capsys)[1].startswith("还没有用户")
    status, out, _ = cli(["add", "张三", "--role", "admin", "--password-stdin"], monkeypatch, capsys, PASSWORD + "\n")
    assert status == 0 and out.strip() == "已添加用户 张三（管理员）。"
    status, out, _ = cli(["add", "李四", "--role", "editor", "--prefecture", "420200", "--password-stdin"],
                         monkeypatch, capsys, "li-si-password\n")
    assert status == 0 and "李四（编辑，限市州 420200）" in out
    assert users.authenticate("李四", "li-si-password") == users.User("李四", "editor", "420200")
    status, out, _ = cli(["list"], monkeypatch, capsys)
    assert status == 0 and "共 2 个用户" in out and "张三（管理员）" in out and "李四（编辑，限市州 420200）" in out
    assert cli(["role", "李四", "viewer"], monkeypatch, capsys)[:2] == (0, "已把用户改为 李四（查看）。\n")
    assert users.get("李四") == users.User("李四", "viewer")
    status, out, _ = cli(["passwd", "李四", "--password-stdin"], monkeypatch, capsys, "new-password-1\n")
    assert status == 0 and "已修改用户“李四”的密码" in out
    assert users.authenticate("李四", "li-si-password") is None and users.authenticate("李四", "new-password-1")
    assert cli(["remove", "李四"], monkeypatch, capsys)[:2] == (0, "已删除用户“李四”。\n")
    assert users.get("李四") is None and mode(store) == 0o600


def test_cli_reads_the_password_twice_with_getpass(monkeypatch, capsys):
    typed = iter([PASSWORD, PASSWORD, PASSWORD, "something-else"])
    monkeypatch.setattr(users_cli.getpass, "getpass", lambda prompt="": next(typed))
    assert cli(["add", "admin", "--role", "admin"], monkeypatch, capsys)[0] == 0
    assert users.authenticate("admin", PASSWORD) is not None
    status, _, err = cli(["passwd", "admin"], monkeypatch, capsys)
    assert status == 2 and "两次输入的密码不一致" in err


@pytest.mark.parametrize(("argv", "stdin", "says"), [
    (["add", "张三", "--role", "viewer", "--password-stdin"], "another-pw\n", "用户“张三”已存在"),
    (["add", "李四", "--role", "viewer", "--password-stdin"], "short\n", "密码太短：至少 8 个字符"),
    (["add", "李四", "--role", "editor", "--prefecture", "999999", "--password-stdin"], PASSWORD,
     "未知的市州代码“999999”"),
    (["add", "\x07bell", "--role", "viewer", "--password-stdin"], PASSWORD, "用户名"),
    (["passwd", "王五", "--password-stdin"], PASSWORD, "没有用户“王五”"),
    (["role", "王五", "admin"], "", "没有用户“王五”"),
    (["remove", "张三"], "", "“张三”是唯一的管理员：请先添加另一位管理员"),
    (["role", "张三", "editor"], "", "“张三”是唯一的管理员"),
], ids=["duplicate", "short_password", "unknown_prefecture", "control_character", "passwd_unknown", "role_unknown",
        "remove_last_admin", "demote_last_admin"])
def test_cli_refusals_exit_2_in_chinese_and_change_nothing(argv, stdin, says, store, monkeypatch, capsys):
    users.add_user("张三", PASSWORD, "admin")
    before = store.read_bytes()
    status, out, err = cli(argv, monkeypatch, capsys, stdin)
    assert status == 2 and says in err and out == ""
    assert store.read_bytes() == before


def test_cli_runs_as_a_module(store):
    env = {**os.environ, "HUBEI_USERS": str(store)}
    command = [sys.executable, "-m", "data.accounts", "add", "admin", "--role", "admin", "--password-stdin"]
    proc = subprocess.run(command,
                          cwd=ROOT, env=env, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "已添加用户 admin（管理员）" in proc.stdout, proc.stderr
    assert users.authenticate("admin", PASSWORD) is not None
