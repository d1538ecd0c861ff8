"""`python -m data.accounts add|passwd|role|remove|list`: accounts (data/accounts/users.py) from the shell."""

from __future__ import annotations

import argparse
import getpass
import sys

from data.accounts.users import (
    ROLE_NAMES,
    ROLES,
    SERVER_OPERATOR,
    StoreError,
    User,
    add_user,
    locked_for,
    normalize_name,
    remove_user,
    set_password,
    set_role,
    store_path,
    users,
)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if getpass.getpass("再次输入密码：") != first:
        raise StoreError("两次输入的密码不一致")
    return first


def _operator() -> str:
    """Who changes accounts from the shell, for the audit log: the server account that runs the command."""
    try:
        return f"{SERVER_OPERATOR}（{getpass.getuser()}）"
    except (KeyError, OSError):  # no login name in some containers
        return SERVER_OPERATOR


def _describe(user: User) -> str:
    scope = f"，限市州 {user.prefecture}" if user.prefecture else ""
    return f"{user.name}（{ROLE_NAMES[user.role]}{scope}）"


def _run(args: argparse.Namespace) -> str:
    """Carry out one subcommand; returns what to print."""
    if args.command == "list":
        return _listing()
    name, by = normalize_name(args.name), _operator()
    if args.command == "add":
        return f"已添加用户 {_describe(add_user(name, _read_password(args), args.role, args.prefecture, by=by))}。"
    if args.command == "role":
        return f"已把用户改为 {_describe(set_role(name, args.role, args.prefecture, by=by))}。"
    if args.command == "passwd":
        set_password(name, _read_password(args), by=by)
        return f"已修改用户“{name}”的密码，登录延迟（如有）已解除。"
    remove_user(name, by=by)
    return f"已删除用户“{name}”。"


def _listing() -> str:
    listed = users()
    if not listed:
        return f"还没有用户（{store_path()}）。添加：python -m data.accounts add 用户名 --role admin"
    lines = [f"共 {len(listed)} 个用户（{store_path()}）："]
    for user in listed:
        wait = locked_for(user.name)
        lines.append(f"  {_describe(user)}" + (f"  多次登录失败，其他电脑需等 {wait} 秒再试" if wait else ""))
    return "\n".join(lines)


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data.accounts", description="管理看板的本地用户")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    commands = {c: sub.add_parser(c, help=h) for c, h in (
        ("add", "添加用户"), ("passwd", "修改密码（并解除登录延迟）"), ("role", "修改角色"), ("remove", "删除用户"),
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
