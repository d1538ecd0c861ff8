"""Command-line load of a template file into the published warehouse: all of it, atomically, or nothing.

Run: `python -m data.load FILE [--dataset NAME] [--dry-run] [--by NAME]`. The current build is
copied, the file is checked and loaded into the copy as one batch, and the copy is published
(data/build.publish) only when the load succeeded, so readers see the old data until the new
data is complete. Rejected files change nothing and exit with status 2; every problem names
the file, row and column.
"""

from __future__ import annotations

import argparse
import fcntl
import getpass
import os
import shutil
import sys
from pathlib import Path

import duckdb

import settings
from data import build, ingest
from data.templates import TEMPLATES


def dataset_of(path: Path, named: str | None) -> str:
    """The template a file follows: named on the command line, or known from its file name (parks.csv → parks)."""
    if named:
        if named not in TEMPLATES:
            raise SystemExit(f"未知的数据集“{named}”，可选：{'、'.join(TEMPLATES)}")
        return named
    stem = path.stem.split(".")[0]
    if stem in TEMPLATES:
        return stem
    raise SystemExit(f"无法从文件名“{path.name}”判断数据集，请用 --dataset 指定（{'、'.join(TEMPLATES)}）")


def load(path: Path, dataset: str, *, loaded_by: str, dry_run: bool = False) -> ingest.LoadResult:
    """Load one file into a copy of the current build and publish the copy (unless dry_run).

    Loads take the build lock: two at once would both copy the same build, and the second
    publish would drop the first one's batch.
    """
    with open(settings.WAREHOUSE_PATH.with_name(".build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _load_locked(path, dataset, loaded_by=loaded_by, dry_run=dry_run)


def _load_locked(path: Path, dataset: str, *, loaded_by: str, dry_run: bool) -> ingest.LoadResult:
    current = Path(os.path.realpath(settings.WAREHOUSE_PATH))
    staging = current.with_name(f".{settings.WAREHOUSE_PATH.name}.{os.getpid()}.loading")
    shutil.copyfile(current, staging)
    try:
        con = duckdb.connect(str(staging))
        try:
            result = ingest.load_file(con, path, dataset, raw_dir=settings.RAW_DIR, loaded_by=loaded_by)
            con.execute("checkpoint")
        finally:
            con.close()
        if not dry_run and result.batch_id is not None:
            build.publish(staging, settings.WAREHOUSE_PATH)
        return result
    finally:
        staging.unlink(missing_ok=True)


def summary(result: ingest.LoadResult, dry_run: bool) -> str:
    if result.duplicate_of is not None:
        return f"文件“{result.file_name}”与第 {result.duplicate_of} 批内容相同，已加载过，未重复导入。"
    verb = "检查通过（试运行，未发布）" if dry_run else f"已导入，批次 {result.batch_id}"
    return f"{result.file_name}：读取 {result.rows_read} 行，导入 {result.rows_loaded} 行，{verb}。"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把按模板整理的数据文件导入数据仓库")
    parser.add_argument("file", type=Path)
    parser.add_argument("--dataset", help="模板数据集名称（缺省按文件名判断）")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不发布")
    parser.add_argument("--by", default=getpass.getuser(), help="导入人（记入批次）")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"找不到文件：{args.file}", file=sys.stderr)
        return 2
    try:
        result = load(args.file, dataset_of(args.file, args.dataset), loaded_by=args.by, dry_run=args.dry_run)
    except ingest.RejectedFile as rejected:
        print(f"未导入，数据仓库未改变。发现 {len(rejected.problems)} 处问题：", file=sys.stderr)
        for problem in rejected.problems:
            print(f"  - {problem.text()}", file=sys.stderr)
        return 2
    print(summary(result, args.dry_run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
