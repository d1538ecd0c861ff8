"""Warehouse build: schema, reference data, then every source file through the importer; published atomically.

Run as `python -m data.warehouse.build [--force] [--source DIR]`. Without --source it loads the seeded
demo set, written in the import templates so it takes the same path as official files. The
new warehouse is built beside the old one and published only when complete (see publish), so
a reader never sees half a build and a failed build leaves the old warehouse in place.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

import settings
from data import files
from data.importer import bulk, ingest
from data.importer.templates import LOAD_ORDER, TEMPLATES
from data.warehouse import current, industry
from geo import registry

CATALOG_DIR = settings.CATALOG_DIR
SCHEMA_DIR = settings.SCHEMA_DIR
# Tables users write in the app (meeting snapshots, assessment rules): no source file holds them,
# so a rebuild copies them from the warehouse it replaces. Parents before children.
KEPT_SELECT = {"snapshot": "select * from snapshot", "snapshot_value": "select * from snapshot_value",
               "assessment_version": "select * from assessment_version",
               "assessment_rule": "select * from assessment_rule"}
# The schema seeds assessment version 1; the old build's own version 1 replaces it (what was in force stays).
KEPT_INSERT = {"snapshot": "insert into snapshot by name select * from kept",
               "snapshot_value": "insert into snapshot_value by name select * from kept",
               "assessment_version": "insert or replace into assessment_version by name select * from kept",
               "assessment_rule": "insert or replace into assessment_rule by name select * from kept"}


@functools.cache  # the app asks on every run; the files change only with a new release (and a restart)
def schema_version() -> str:
    """A fingerprint of the schema and the catalog: a warehouse built from others is out of date."""
    digest = hashlib.sha256()
    for part in sorted(SCHEMA_DIR.glob("*.sql")) + sorted(CATALOG_DIR.glob("*.csv")):
        digest.update(part.name.encode() + part.read_bytes())
    return digest.hexdigest()[:16]
Progress = Callable[[float, str], None]

# Reference tables: (table, source frame builder). Constant table names only.
REFERENCE_SQL = {
    "area": "insert into area by name select * from staged",
    "prefecture": "insert into prefecture by name select * from staged",
    "region": "insert into region by name select * from staged",
    "region_alias": "insert into region_alias by name select * from staged",
    "industry": "insert into industry by name select * from staged",
    "industry_choice": "insert into industry_choice by name select * from staged",
    "industry_member": "insert into industry_member by name select * from staged",
    "indicator": "insert into indicator by name select * from staged",
    "indicator_alias": "insert into indicator_alias by name select * from staged",
    "honour_indicator": "insert into honour_indicator by name select * from staged",
    "target": "insert into target by name select * from staged",
}


def _catalog(name: str) -> pd.DataFrame:
    return pd.read_csv(CATALOG_DIR / name, dtype=str, keep_default_na=False)


def industry_choices(divisions: pd.DataFrame, groups: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The industry filter's choices (the plan's industries, then every division) and the divisions each sums."""
    named = groups.assign(kind="产业")[["id", "name", "kind", "clause", "note"]]
    own = pd.DataFrame({"id": divisions["code"], "name": divisions["name"], "kind": "大类", "clause": None,
                        "note": None})
    choices = pd.concat([named, own], ignore_index=True).reset_index(names="sort_order")
    members = pd.concat([groups.assign(division=groups["divisions"].str.split()).explode("division")
                         [["id", "division"]],
                         pd.DataFrame({"id": divisions["code"], "division": divisions["code"]})])
    return {"industry_choice": choices, "industry_member": members.rename(columns={"id": "industry_id"})}


def reference_frames() -> dict[str, pd.DataFrame]:
    """The dimension tables, from the registry and the catalog CSVs."""
    prefectures = pd.DataFrame(registry.prefectures().values())
    prefectures["wehh_core"] = prefectures["wehh_core"] == "true"
    targets = _catalog("targets.csv")
    for column in ("threshold", "value"):
        targets[column] = pd.to_numeric(targets[column].replace("", None))
    indicators = _catalog("indicators.csv").reset_index(names="sort_order")
    for column in ("value_min", "value_max"):
        indicators[column] = pd.to_numeric(indicators[column].replace("", None))
    return {
        "area": _catalog("areas.csv").astype({"sort_order": int}),
        "prefecture": prefectures,
        "region": pd.DataFrame([asdict(r) for r in registry.regions()]),
        "region_alias": pd.DataFrame(registry.alias_rows(), columns=["alias", "adcode"]),
        "industry": _catalog("industries.csv"),
        **industry_choices(_catalog("industries.csv"), _catalog("industry_groups.csv")),
        "indicator": indicators,
        "indicator_alias": _catalog("indicator_aliases.csv"),
        "honour_indicator": _catalog("honours.csv"),
        "target": targets.astype({"year": int}),
    }


def create(path: Path) -> duckdb.DuckDBPyConnection:
    """A new warehouse file with the schema and reference tables."""
    con = duckdb.connect(str(path))
    for part in sorted(SCHEMA_DIR.glob("*.sql")):
        con.execute(part.read_text(encoding="utf-8"))
    for table, frame in reference_frames().items():
        con.register("staged", frame)
        con.execute(REFERENCE_SQL[table])
        con.unregister("staged")
    return con


def load_sources(con, source_dir: Path, *, is_demo: bool, progress: Progress) -> int:
    """Load every template file found in source_dir, in dependency order; returns rows loaded."""
    rows = 0
    present = [d for d in LOAD_ORDER if (source_dir / TEMPLATES[d].file_name).exists()]
    for step, dataset in enumerate(present):
        progress(0.2 + 0.75 * step / max(len(present), 1), f"导入{TEMPLATES[dataset].title}")
        path = source_dir / TEMPLATES[dataset].file_name
        result = ingest.load_file(con, path, dataset, raw_path=ingest.keep_raw(path, settings.RAW_DIR),
                                  loaded_by="demo" if is_demo else "build", is_demo=is_demo)
        rows += result.rows_loaded
    return rows


def _write_meta(con, *, is_demo: bool, seconds: float, rows: int) -> None:
    meta = {"built_at": datetime.now().isoformat(timespec="seconds"), "is_demo": str(is_demo).lower(),
            "build_seconds": f"{seconds:.1f}", "rows_loaded": str(rows), "schema_version": schema_version()}
    con.executemany("insert into meta values ($1, $2)", list(meta.items()))


def build(target: Path, source_dir: Path | None = None, progress: Progress = lambda f, m: None,
          scale: str | None = None) -> Path:
    """Build a warehouse at target from source_dir (None: the seeded demo, at scale or HUBEI_DEMO_SCALE); publish it."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    files.remove_dead_writers_files(target, "building")  # left by a build that was killed
    staging = target.with_name(f".{target.name}.{os.getpid()}.building")
    staging.unlink(missing_ok=True)
    try:
        progress(0.05, "建立表结构与指标目录")
        con = create(staging)
        with tempfile.TemporaryDirectory() as scratch:
            is_demo = source_dir is None
            if is_demo:
                progress(0.1, "生成演示数据")
                from data.demo import scale as demo_scale  # build time only: the app never imports it
                from data.demo import write_demo_files

                source_dir = Path(scratch)
                write_demo_files(source_dir, seed=settings.DEMO_SEED, scale=demo_scale.resolve(scale))
            rows = load_sources(con, source_dir, is_demo=is_demo, progress=progress)
            rows += bulk.load_dir(con, source_dir, settings.RAW_DIR, loaded_by="demo" if is_demo else "build",
                                  is_demo=is_demo, progress=progress)  # a bulk Parquet file (scale demo)
        progress(0.96, "按行业汇总企业产值")
        industry.refresh(con)
        progress(0.97, "保留会议快照等用户数据")
        carry_over(con, target)
        current.refresh(con)  # after carry_over: the kept rule versions are scored too
        _write_meta(con, is_demo=is_demo, seconds=time.perf_counter() - started, rows=rows)
        con.execute("checkpoint")
        con.close()
        publish(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    progress(1.0, "完成")
    return target


def carry_over(con, previous: Path) -> None:
    """Copy the user-written tables from the warehouse being replaced, in the columns both schemas share."""
    if not previous.exists():
        return
    try:
        old = duckdb.connect(os.path.realpath(previous), read_only=True)
    except duckdb.Error as error:  # an unreadable old build has nothing to give; the rebuild goes on
        print(f"旧数据仓库无法打开，未保留其会议快照：{error}", file=sys.stderr)
        return
    try:
        for table, select in KEPT_SELECT.items():
            if not _columns(old, table):  # a build from before the table existed
                continue
            kept = old.execute(select).df()
            kept = kept[[c for c in kept.columns if c in set(_columns(con, table))]]
            con.register("kept", kept)
            con.execute(KEPT_INSERT[table])
            con.unregister("kept")
    finally:
        old.close()


def _columns(con, table: str) -> list[str]:
    rows = con.execute("select column_name from duckdb_columns() where table_name = $t order by column_index",
                       {"t": table}).fetchall()
    return [r[0] for r in rows]


def publish(built: Path, target: Path, keep: int = 2) -> Path:
    """Make a finished build current: a new versioned file, and target (a symlink) swapped to it atomically.

    Each build gets its own file name because DuckDB hands out the already-open database for a
    path it knows: a reader reopening the same name would keep seeing the old build. Readers
    open the link's real path. The newest `keep` versions stay on disk for readers still on them.
    """
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
    versioned = target.with_name(f"{target.stem}-{stamp}{target.suffix}")
    os.replace(built, versioned)
    link = target.with_name(f".{target.name}.{os.getpid()}.link")
    link.unlink(missing_ok=True)
    os.symlink(versioned.name, link)
    os.replace(link, target)
    for old in sorted(target.parent.glob(f"{target.stem}-*{target.suffix}"))[:-keep]:
        old.unlink(missing_ok=True)
    return versioned


def _print_progress(fraction: float, message: str) -> None:
    # The app reads these lines to drive its progress bar.
    print(f"PROGRESS {fraction:.2f} {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="建立县域工业数据仓库")
    parser.add_argument("--force", action="store_true", help="即使仓库已存在也重建")
    parser.add_argument("--source", type=Path, help="按模板整理的数据文件目录（缺省：演示数据）")
    parser.add_argument("--target", type=Path, default=settings.WAREHOUSE_PATH)
    parser.add_argument("--scale", choices=["small", "1m", "10m"], help="演示数据规模（缺省：HUBEI_DEMO_SCALE或small）")
    args = parser.parse_args(argv)
    if args.target.exists() and not args.force:
        print(f"仓库已存在：{args.target}（重建请加 --force）")
        return 0
    try:
        build(args.target, args.source, progress=_print_progress, scale=args.scale)
    except ingest.RejectedFile as rejected:
        print(f"导入失败，未发布新仓库：\n{rejected}", file=sys.stderr)
        return 2
    print(f"仓库已发布：{args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
