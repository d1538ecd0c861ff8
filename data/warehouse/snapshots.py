"""Meeting snapshots (会议快照): what a progress meeting saw, saved under a name and kept in the warehouse.

A snapshot copies, per indicator, the county values of its latest period complete at the
snapshot's month (a year counts once its December is reached), as loaded at that moment.
Later loads and revisions leave the copy alone, and rebuilds carry it over (data/build),
so "since the last meeting" compares against exactly what the meeting was shown.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

from data import audit
from data.actor import Actor, NotPermitted, require_province_wide
from data.warehouse import edit

MAX_NAME = 40

NEXT_ID = "select coalesce(max(snapshot_id), 0) + 1 from snapshot"
SAME_NAME = "select snapshot_id from snapshot where name = $name"
INSERT_SNAPSHOT = """
insert into snapshot (snapshot_id, name, as_of, created_at, created_by, note)
values ($id, $name, $as_of, $created_at, $created_by, $note)
"""
# The latest period of each indicator complete at the snapshot's month, every county with a value in it.
INSERT_VALUES = """
insert into snapshot_value (snapshot_id, adcode, indicator_id, period, value, is_demo)
with latest as (
    select indicator_id, max(period) as period
    from county_value_current
    where period_end <= $as_of
    group by indicator_id
)
select $id, v.adcode, v.indicator_id, v.period, v.value, v.is_demo
from county_value_current as v
inner join latest as l on v.indicator_id = l.indicator_id and v.period = l.period
"""
DELETE = ("delete from snapshot_value where snapshot_id = $id", "delete from snapshot where snapshot_id = $id")


class SnapshotRefused(Exception):
    """A snapshot that cannot be saved or removed; the message is Chinese."""


def clean_name(name: str) -> str:
    """The name as stored: trimmed, NFC, no control characters, at most MAX_NAME characters."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise SnapshotRefused("请填写快照名称，例如“2026年11月推进会”。")
    if any(unicodedata.category(c).startswith("C") for c in name):
        raise SnapshotRefused("快照名称不能含换行或控制字符。")
    if len(name) > MAX_NAME:
        raise SnapshotRefused(f"快照名称最多 {MAX_NAME} 个字，现为 {len(name)} 个字。")
    return name


def _permitted(by: str | Actor, what: str) -> Actor:
    """Snapshots are seen by every user: a province-wide editor or an admin only (data/actor)."""
    try:
        return require_province_wide(by, what)
    except NotPermitted as refused:
        raise SnapshotRefused(str(refused)) from None


def save(name: str, as_of: date, *, by: str | Actor, note: str | None = None) -> int:
    """Save the current figures at the month as_of under name; returns the snapshot's id."""
    actor = _permitted(by, "保存会议快照")
    name = clean_name(name)
    with edit.working_copy(publish=True) as work:
        con = work.con
        if con.execute(SAME_NAME, {"name": name}).fetchall():
            raise SnapshotRefused(f"已有名为“{name}”的快照，请换一个名称。")
        snapshot_id = con.execute(NEXT_ID).fetchall()[0][0]
        con.execute(INSERT_SNAPSHOT, {"id": snapshot_id, "name": name, "as_of": as_of,
                                      "created_at": datetime.now().replace(microsecond=0),
                                      "created_by": actor.name, "note": note or None})
        con.execute(INSERT_VALUES, {"id": snapshot_id, "as_of": as_of})
        if not con.execute("select count(*) from snapshot_value where snapshot_id = $id",
                           {"id": snapshot_id}).fetchall()[0][0]:
            raise SnapshotRefused(f"截至{as_of.year}年{as_of.month}月尚无任何县域数据，快照未保存。")
    audit.record("snapshot_saved", actor, f"第 {snapshot_id} 号“{name}”，截至{as_of.year}年{as_of.month}月")
    return snapshot_id


def remove(snapshot_id: int, *, by: str | Actor) -> None:
    """Delete one snapshot and its values."""
    actor = _permitted(by, "删除会议快照")
    with edit.working_copy(publish=True) as work:
        if not work.con.execute("select 1 from snapshot where snapshot_id = $id", {"id": snapshot_id}).fetchall():
            raise SnapshotRefused(f"没有编号为 {snapshot_id} 的快照。")
        for statement in DELETE:
            work.con.execute(statement, {"id": snapshot_id})
    audit.record("snapshot_removed", actor, f"第 {snapshot_id} 号")
