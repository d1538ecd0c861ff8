"""An editor's placements of list names the import could not place in a county: name → county, who, when.

Kept as an append-only JSON-lines file under VAR_DIR, not in the warehouse: the warehouse file is replaced
on every publish and rebuilt from the source files, while an assignment is an editor's decision that no
file holds. The log keeps who assigned and who undid what; the latest line per name wins, and an undo
line (adcode null) takes the name back out. Later lists and loads read the current placements.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd

import settings
from data.importer.name_match import name_key
from data.importer.options import BadOption, Options
from geo.registry import resolve

COLUMNS = ["name", "name_key", "adcode", "by", "at"]


def path() -> Path:
    return settings.VAR_DIR / "list_assignments.jsonl"


def _append(entry: dict) -> None:
    path().parent.mkdir(parents=True, exist_ok=True)
    with open(path(), "a", encoding="utf-8") as log:
        log.write(json.dumps({"at": datetime.now().isoformat(timespec="seconds"), **entry}, ensure_ascii=False) + "\n")


def assign_name(name: str, adcode: str, *, by: str) -> None:
    """Remember that this name (however it is written: its key) is in this county."""
    _append({"name": name, "name_key": name_key(name), "adcode": adcode, "by": by})


def undo(name: str, *, by: str) -> None:
    """Forget the placement of this name; lists loaded later leave it unplaced again."""
    _append({"name": name, "name_key": name_key(name), "adcode": None, "by": by})


def table() -> pd.DataFrame:
    """The placements in force, one row per name key: name as assigned, adcode, who and when."""
    if not path().exists():
        return pd.DataFrame(columns=COLUMNS)
    with open(path(), encoding="utf-8") as log:
        entries = [json.loads(line) for line in log if line.strip()]
    latest = pd.DataFrame(entries, columns=COLUMNS).drop_duplicates("name_key", keep="last")
    return latest[latest["adcode"].notna()].reset_index(drop=True)


def current() -> dict[str, str]:
    """Name key → adcode of the placements in force."""
    found = table()
    return dict(zip(found["name_key"], found["adcode"]))


def with_assignments(options: Options) -> Options:
    """The options of a list load with the editors' placements in force; other loads unchanged."""
    return replace(options, assigned=current()) if options.list_name else options


def from_command_line(assign: list[str], unassign: list[str], *, by: str) -> str:
    """`--assign 名称=县（市、区）` and `--unassign 名称`: record them and say what was done, in Chinese."""
    lines = []
    for text in assign:
        name, _, county = (part.strip() for part in text.partition("="))
        adcode = resolve(county) if county else None
        if not name or adcode is None:
            raise BadOption(f"指定“{text}”应写作 名称=县（市、区），且县（市、区）须为湖北省的县级单位")
        assign_name(name, adcode, by=by)
        lines.append(f"已指定：{name} → {county}（以后导入的名单同样使用）")
    for name in unassign:
        if name_key(name) not in current():
            raise BadOption(f"“{name}”没有指定过，无需撤销")
        undo(name, by=by)
        lines.append(f"已撤销指定：{name}")
    return "\n".join(lines)
