"""Who is acting on the write side, and what their role lets them change: one check for the page and the engine.

The warehouse's writers (rollback, meeting snapshots, assessment rules) take an Actor and refuse
here, where the change is written, not only where the page draws the form: a forged widget value
or a page reached by URL meets the same check. A plain name instead of an Actor is an operator on
the server (command line, scripts, tests) and acts province-wide. data.accounts ranks the roles
the same way (it imports them from here).
"""

from __future__ import annotations

from dataclasses import dataclass

from data import audit

ROLES = ("viewer", "editor", "admin")
ROLE_NAMES = {"viewer": "查看", "editor": "编辑", "admin": "管理员"}


class NotPermitted(Exception):
    """The actor's role or prefecture does not allow this change; the message is Chinese."""


@dataclass(frozen=True)
class Actor:
    name: str
    role: str  # viewer / editor / admin
    prefecture: str | None = None  # an editor limited to one prefecture; None = the whole province
    address: str | None = None  # the client's address where Streamlit gives it, for the audit log


def role_at_least(user_role: str, needed: str) -> bool:
    """True when user_role ranks at or above needed (viewer < editor < admin); an unknown user role never does."""
    if needed not in ROLES:
        raise ValueError(f"unknown role {needed!r}, expected one of {ROLES}")
    return user_role in ROLES and ROLES.index(user_role) >= ROLES.index(needed)


def as_actor(by: str | Actor) -> Actor:
    """An Actor as given; a plain name is the server's operator, province-wide."""
    return by if isinstance(by, Actor) else Actor(by, "admin")


def require_editor(by: str | Actor, what: str) -> Actor:
    return _require(by, what, "editor")


def require_admin(by: str | Actor, what: str) -> Actor:
    return _require(by, what, "admin")


def _require(by: str | Actor, what: str, role: str) -> Actor:
    actor = as_actor(by)
    if not role_at_least(actor.role, role):
        _refuse(actor, what, f"{what}需要“{ROLE_NAMES[role]}”权限，未执行。")
    return actor


def _refuse(actor: Actor, what: str, message: str):
    """Every refusal is in the audit log: a forged request leaves its trace."""
    audit.record("refused", actor, f"{what}（角色 {actor.role}，市州 {actor.prefecture or '全省'}）")
    raise NotPermitted(message)


def require_province_wide(by: str | Actor, what: str) -> Actor:
    """Changes every county sees (rules, snapshots) need an admin or an editor not limited to one prefecture."""
    actor = require_editor(by, what)
    if actor.role != "admin" and actor.prefecture is not None:
        _refuse(actor, what, f"{what}影响全省，需要全省编辑或管理员权限；您的账户限定为一个市州，未执行。")
    return actor
