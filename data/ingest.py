"""Import engine: read a template file, match regions and codes, check every cell, stage it as one batch.

A file is loaded whole or not at all: every problem is collected first (in Chinese, naming
file, row and column), and only a file without problems is written, inside one transaction.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import datasets, prepare
from data.templates import TEMPLATES

# Constant statements per dataset: table names never come from input.
INSERT_SQL = {
    "county_values": "insert into county_value by name select * from staged",
    "parks": "insert into park by name select * from staged",
    "park_values": "insert into park_value by name select * from staged",
    "enterprises": "insert into enterprise by name select * from staged",
    "enterprise_values": "insert into enterprise_value by name select * from staged",
    "honours": "insert into enterprise_honour by name select * from staged",
    "growth_points": "insert into growth_point by name select * from staged",
    "growth_point_reports": "insert into growth_point_report by name select * from staged",
    "leading_industries": "insert into county_industry by name select * from staged",
}
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass
class LoadResult:
    batch_id: int | None
    dataset: str
    file_name: str
    rows_read: int
    rows_loaded: int
    duplicate_of: int | None = None
    problems: list[prepare.Problem] = field(default_factory=list)


class RejectedFile(Exception):
    """The file was not loaded; .problems lists why, each naming file, row and column."""

    def __init__(self, problems: list[prepare.Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems[:20]))


def read_table(path: Path) -> pd.DataFrame:
    """A csv/tsv/xlsx/xls file as a frame of strings, so codes keep their leading digits."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        return pd.read_excel(path, dtype=str, engine="calamine").fillna("")
    for encoding in ENCODINGS:
        try:
            text = path.read_text(encoding=encoding)
        except UnicodeDecodeError:
            continue
        sep = "\t" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
        return pd.read_csv(path, dtype=str, sep=sep, encoding=encoding, keep_default_na=False)
    raise RejectedFile([prepare.Problem(path.name, None, None, "无法识别文件编码（应为 UTF-8 或 GBK/GB18030）")])


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keep_raw(path: Path, digest: str, raw_dir: Path) -> Path:
    """Copy the file as uploaded into the raw store, named by its checksum; never overwritten."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    kept = raw_dir / f"{digest[:16]}_{path.name}"
    if not kept.exists():
        shutil.copyfile(path, kept)
    return kept


def _previous_load(con: duckdb.DuckDBPyConnection, digest: str, dataset: str) -> int | None:
    row = con.execute(
        "select max(batch_id) from batch where checksum = $c and dataset = $d and outcome = 'loaded'",
        {"c": digest, "d": dataset},
    ).fetchone()
    return row[0] if row else None


def _record_batch(con, dataset, path, digest, raw, loaded_by, rows_read, rows_loaded, is_demo) -> int:
    batch_id = con.execute("select coalesce(max(batch_id), 0) + 1 from batch").fetchone()[0]
    con.execute(
        "insert into batch values ($id, $ds, $fn, $ck, $raw, $by, $at, $read, $loaded, 'loaded', $demo)",
        {"id": batch_id, "ds": dataset, "fn": path.name, "ck": digest, "raw": str(raw), "by": loaded_by,
         "at": datetime.now(), "read": rows_read, "loaded": rows_loaded, "demo": is_demo},
    )
    return batch_id


def load_file(con: duckdb.DuckDBPyConnection, path: Path, dataset: str, *, raw_dir: Path,
              loaded_by: str, is_demo: bool = False) -> LoadResult:
    """Check and load one template file as one batch; raises RejectedFile and writes nothing on any problem."""
    template = TEMPLATES[dataset]
    digest = checksum(path)
    raw = keep_raw(path, digest, raw_dir)
    table = read_table(path)
    previous = _previous_load(con, digest, dataset)
    if previous is not None:
        return LoadResult(None, dataset, path.name, len(table), 0, duplicate_of=previous)
    staged, problems = datasets.prepare(con, table, template, path.name)
    if problems:
        raise RejectedFile(problems)
    con.execute("begin transaction")
    try:
        batch_id = _record_batch(con, dataset, path, digest, raw, loaded_by, len(table), len(staged), is_demo)
        staged["batch_id"] = batch_id
        con.register("staged", staged)
        con.execute(INSERT_SQL[dataset])
        con.unregister("staged")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return LoadResult(batch_id, dataset, path.name, len(table), len(staged))
