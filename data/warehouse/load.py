"""Loading files into the published warehouse: the engine behind the 数据管理 page and `python -m data.warehouse.load`.

A load copies the current build (data/edit), writes the file into the copy as one batch and publishes the
copy (data/build.publish) only when that succeeded: readers see the old data until the new data
is complete. A rejected file changes nothing. Every file is kept in the raw store as uploaded,
and every attempt — loaded, rejected, skipped as a repeat, rolled back — goes into the load log.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

import settings
from data import audit
from data.actor import Actor, NotPermitted, require_editor
from data.importer import ingest
from data.importer.ingest import Preview
from data.importer.options import BadOption, Options, parse_kind, parse_mapping, parse_new
from data.importer.prepare import Problem
from data.importer.templates import TEMPLATES
from data.spreadsheet import to_xlsx_bytes
from data.warehouse import batch_scope, edit, list_assignments, load_report

Progress = Callable[[float, str], None]
# Records a rollback removes, and the records of other batches that would be left pointing at them.
ROLLBACK_DELETE = {
    "parks": "delete from park where batch_id = $id",
    "park_values": "delete from park_value where batch_id = $id",
    "enterprises": "delete from enterprise where batch_id = $id",
    "enterprise_values": "delete from enterprise_value where batch_id = $id",
    "honours": "delete from enterprise_honour where batch_id = $id",
    "growth_points": "delete from growth_point where batch_id = $id",
    "growth_point_reports": "delete from growth_point_report where batch_id = $id",
    "leading_industries": "delete from county_industry where batch_id = $id",
    "villages": "delete from village where batch_id = $id",
    "lists": "delete from list_row where batch_id = $id",
}
DEPENDENTS = {
    "parks": "select distinct v.batch_id from park_value v join park p using (park_id) "
             "where p.batch_id = $id and v.batch_id <> $id",
    "enterprises": "select distinct x.batch_id from (select enterprise_id, batch_id from enterprise_honour "
                   "union all select enterprise_id, batch_id from enterprise_value) x join enterprise e "
                   "using (enterprise_id) where e.batch_id = $id and x.batch_id <> $id",
    "growth_points": "select distinct r.batch_id from growth_point_report r join growth_point g using (project_id) "
                     "where g.batch_id = $id and r.batch_id <> $id",
}


class LoadRefused(Exception):
    """A load or rollback that cannot go ahead; the message is Chinese."""


@dataclass
class Outcome:
    preview: Preview
    raw_path: Path
    batch_id: int | None = None
    duplicate_of: int | None = None
    rejected_path: Path | None = None
    dry_run: bool = False


def log_path() -> Path:
    return settings.RAW_DIR / "load-log.jsonl"


def _log(event: dict) -> None:
    """Append one attempt to the load log (one JSON object per line; never rewritten)."""
    settings.RAW_DIR.mkdir(parents=True, exist_ok=True)
    with open(log_path(), "a", encoding="utf-8") as log:
        log.write(json.dumps({"at": datetime.now().isoformat(timespec="seconds"), **event}, ensure_ascii=False) + "\n")
    audit.record(event["event"], event.get("by"), audit.describe(event))


def read_log() -> pd.DataFrame:
    if not log_path().exists():
        return pd.DataFrame(columns=["at", "event", "file_name", "by", "batch_id", "problems", "raw_path"])
    with open(log_path(), encoding="utf-8") as log:
        return pd.DataFrame([json.loads(line) for line in log if line.strip()])


def preview(path: Path, options: Options | None = None, *, file_name: str | None = None,
            dataset: str | None = None) -> Preview:
    """What the file would load into the current build; keeps the raw file, changes nothing else."""
    ingest.keep_raw(path, settings.RAW_DIR, file_name)
    options = list_assignments.with_assignments(options or Options())
    con = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    try:
        return ingest.inspect(con, path, file_name=file_name, dataset=dataset, options=options)
    finally:
        con.close()


def load(path: Path, options: Options | None = None, *, loaded_by: str, file_name: str | None = None,
         dataset: str | None = None, dry_run: bool = False, progress: Progress = lambda f, m: None,
         prefecture: str | None = None) -> Outcome:
    """Check the file and, when it may load, write it as one batch and publish (unless dry_run).

    prefecture: the loader may write only that prefecture's counties (an editor limited to one).
    Raises ingest.RejectedFile (with its preview) when it may not load: nothing changes then.
    """
    options = list_assignments.with_assignments(options or Options())
    name = file_name or path.name
    progress(0.05, "保存原始文件")
    raw = ingest.keep_raw(path, settings.RAW_DIR, name)
    with edit.working_copy() as work:
        con = work.con
        progress(0.15, "读取并检查文件")
        checked = ingest.inspect(con, path, file_name=name, dataset=dataset, options=options)
        outcome = Outcome(checked, raw, dry_run=dry_run, duplicate_of=checked.duplicate_of)
        if outcome.duplicate_of is not None:
            _log({"event": "duplicate", "file_name": name, "by": loaded_by, "batch_id": outcome.duplicate_of,
                  "raw_path": str(raw)})
            return outcome
        if prefecture:
            checked.problems += _outside_prefecture(con, checked, prefecture)
        if not checked.loadable(options.valid_only) or (prefecture and checked.problems):
            _log({"event": "rejected", "file_name": name, "by": loaded_by, "problems": len(checked.problems),
                  "raw_path": str(raw)})
            raise ingest.RejectedFile(checked.problems, checked)
        progress(0.6, f"写入 {len(checked.staged)} 行")
        outcome.rejected_path = _keep_rejected(checked, raw) if len(checked.rejected) else None
        outcome.batch_id = ingest.write_batch(con, checked, raw_path=raw, loaded_by=loaded_by, options=options,
                                              rejected_path=outcome.rejected_path)
        work.publish = not dry_run
        progress(0.85, "试运行：不发布" if dry_run else "发布新数据")
    _log({"event": "dry_run" if dry_run else "loaded", "file_name": name, "by": loaded_by,
          "batch_id": None if dry_run else outcome.batch_id, "rows": len(checked.staged),
          "rejected": len(checked.rejected), "raw_path": str(raw)})
    progress(1.0, "完成")
    return outcome


# Datasets keyed by county: a limited editor's file may hold only their prefecture's counties.
PREFECTURE_OF = "select adcode, name, prefecture_code, prefecture from region"


def _outside_prefecture(con, checked: Preview, prefecture: str) -> list[Problem]:
    """Problems for counties outside the loader's prefecture; datasets not keyed by county are refused whole."""
    regions = con.execute(PREFECTURE_OF).df().set_index("adcode")
    own = regions.loc[regions["prefecture_code"] == prefecture, "prefecture"]
    own_name = own.iloc[0] if len(own) else prefecture
    column = next((c for c in ("adcode", "area_code") if c in checked.staged.columns), None)
    if column is None or checked.dataset == "lists":
        return [Problem(checked.file_name, None, None,
                        f"您的账户限定为{own_name}，只能导入按县（市、区）填报的数据；此类数据请由全省编辑导入")]
    outside = sorted(set(checked.staged[column]) - set(own.index) - {prefecture})  # targets: its own row too
    names = {**_prefecture_names(con), **{a: f"{r['name']}（{r['prefecture']}）" for a, r in regions.iterrows()}}
    return [Problem(checked.file_name, None, "地区", f"您的账户限定为{own_name}，不能导入{names.get(a, a)}的数据")
            for a in outside]


def _prefecture_names(con) -> dict[str, str]:
    """Prefecture code → name, and the province's code → 全省 (responsibility targets name both)."""
    return {code: name for code, name in con.execute("select code, name from prefecture").fetchall()} | \
        {"420000": "全省"}


def _keep_rejected(checked: Preview, raw: Path) -> Path:
    """The rows left out when only the valid rows load, with the reason on each row, beside the raw file."""
    path = raw.with_name(raw.stem + "_未导入行.xlsx")
    path.write_bytes(rejected_xlsx(checked))
    return path


def rejected_xlsx(checked: Preview) -> bytes:
    return to_xlsx_bytes(checked.rejected, title=f"未导入的行：{checked.file_name}",
                         notes=[f"共 {len(checked.rejected)} 行未导入，原因见“原因”列；修改后可单独再导入。"])


def rollback(batch_id: int, *, by: str | Actor) -> str:
    """Take one batch back out of the current data; the raw file and the log stay. Returns its dataset.

    by: a plain name is the server's operator; an Actor limited to a prefecture may take back only a
    batch whose rows all lie in it (data/warehouse/batch_scope), checked here, inside the write lock.
    """
    try:
        actor = require_editor(by, "回滚批次")
    except NotPermitted as refused:
        raise LoadRefused(str(refused)) from None
    with edit.working_copy() as work:
        con, work.publish = work.con, True
        found = con.execute("select dataset, outcome from batch where batch_id = $id", {"id": batch_id}).fetchall()
        if not found:
            raise LoadRefused(f"没有第 {batch_id} 批")
        dataset, outcome = found[0]
        if outcome != "loaded":
            raise LoadRefused(f"第 {batch_id} 批已回滚过，无需再回滚")
        if batch_scope.limited(actor) and not batch_scope.batches_inside(con, actor.prefecture, batch_id):
            audit.record("refused", actor, f"回滚第 {batch_id} 批（含限定市州 {actor.prefecture} 以外的数据）")
            raise LoadRefused(f"第 {batch_id} 批含本市州以外的数据（或不按县填报），您的账户限定为一个市州，"
                              "不能回滚；请由全省编辑回滚")
        if dataset in DEPENDENTS:
            users = [r[0] for r in con.execute(DEPENDENTS[dataset], {"id": batch_id}).fetchall()]
            if users:
                listed = "、".join(map(str, sorted(users)))
                raise LoadRefused(f"第 {batch_id} 批的名录被第 {listed} 批引用，请先回滚那些批次")
        if dataset in ROLLBACK_DELETE:  # county values stay as history; the current view skips rolled-back batches
            con.execute(ROLLBACK_DELETE[dataset], {"id": batch_id})
        con.execute("update batch set outcome = 'rolled_back', rolled_back_at = $at, rolled_back_by = $by "
                    "where batch_id = $id", {"at": datetime.now(), "by": actor.name, "id": batch_id})
    _log({"event": "rolled_back", "batch_id": batch_id, "by": actor.name})
    return dataset


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    try:
        if args.log:
            print(load_report.log_table(read_log()))
            return 0
        if args.assign or args.unassign:  # an editor's placements of list names, remembered for later lists
            print(list_assignments.from_command_line(args.assign, args.unassign, by=args.by))
            return 0
        if args.rollback is not None:
            by = Actor(args.by, "editor", args.prefecture) if args.prefecture else args.by
            dataset = rollback(args.rollback, by=by)
            print(f"第 {args.rollback} 批（{load_report.dataset_title(dataset)}）已回滚，当前数据已不含该批。")
            return 0
        if args.file is None or not args.file.exists():
            print(f"找不到文件：{args.file}", file=sys.stderr)
            return 2
        options = _options(args)
        outcome = load(args.file, options, loaded_by=args.by, dataset=args.dataset, dry_run=args.dry_run,
                       prefecture=args.prefecture)
    except ingest.RejectedFile as rejected:
        print(load_report.rejected(rejected), file=sys.stderr)
        return 2
    except (LoadRefused, BadOption) as refused:
        print(str(refused), file=sys.stderr)
        return 2
    print(load_report.summary(outcome))
    return 0


def _options(args: argparse.Namespace) -> Options:
    """The options the command line gives; a bad one refuses the file as a load would (kept, logged)."""
    try:
        return Options(sheet=args.sheet, period=args.period, valid_only=args.valid_only,
                       mappings=dict(parse_mapping(m) for m in args.map),
                       new_indicators=tuple(parse_new(n) for n in args.new),
                       list_name=args.list, list_kind=parse_kind(args.kind))
    except BadOption as refused:
        raw = ingest.keep_raw(args.file, settings.RAW_DIR)
        _log({"event": "rejected", "file_name": args.file.name, "by": args.by, "problems": 1, "raw_path": str(raw)})
        raise LoadRefused(f"文件“{args.file.name}”未导入，数据仓库未改变：{refused}") from None


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data.warehouse.load",
                                     description="把统计报表或模板文件导入数据仓库")
    parser.add_argument("file", type=Path, nargs="?", help="xlsx / xls / csv 文件")
    parser.add_argument("--dataset", choices=list(TEMPLATES), help="数据集（缺省按表头判断）")
    parser.add_argument("--sheet", help="工作表名称（缺省：第一个可识别的工作表）")
    parser.add_argument("--period", help="期别，表中未写明时使用，如 2025年6月、2025年1-6月、2025年")
    parser.add_argument("--map", action="append", default=[], metavar="列=指标[:单位]",
                        help="把一列映射到目录中的指标（代码或中文名），可带文件所用单位；列=- 表示忽略该列")
    parser.add_argument("--new", action="append", default=[], metavar="名称:单位:方向:领域",
                        help="定义目录中没有的指标，如 技改项目数:个:up:growth")
    parser.add_argument("--list", metavar="名单名称", help="按名称导入园区或企业名单（如 湖北省化工园区名单）")
    parser.add_argument("--kind", metavar="园区|企业", help="名单类型（缺省按表头和名称判断）")
    parser.add_argument("--assign", action="append", default=[], metavar="名称=县（市、区）",
                        help="把名单中未定位的名称指定到县（市、区），以后的名单和导入同样使用")
    parser.add_argument("--unassign", action="append", default=[], metavar="名称", help="撤销对一个名称的指定")
    parser.add_argument("--valid-only", action="store_true", help="只导入检查通过的行，其余行另存为 Excel")
    parser.add_argument("--dry-run", action="store_true", help="只检查，不发布")
    parser.add_argument("--by", default=getpass.getuser(), help="操作人（记入批次与日志）")
    parser.add_argument("--rollback", type=int, metavar="批次", help="回滚一个批次")
    parser.add_argument("--log", action="store_true", help="列出导入日志")
    parser.add_argument("--prefecture", metavar="代码", help="按限定市州的编辑执行：只导入、只回滚该市州的数据")
    return parser


if __name__ == "__main__":
    sys.exit(main())
