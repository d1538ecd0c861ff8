"""Import engine: read a file, recognise its table, check every cell, and write it as one batch.

`inspect` reads and checks without writing anything and returns a Preview: what was recognised
(sheet, layout, columns, indicators, units, periods, regions), the problems (each in Chinese,
naming file, sheet, row and column) and the rows that would load. `write_batch` writes a
preview's rows inside one transaction. Both doors — the 数据管理 page and `python -m data.warehouse.load`
— and the warehouse build go through these two functions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data import files
from data.importer import lists, parse, readers, sheet_choice, targets
from data.importer.datasets import BUILDERS
from data.importer.options import Options
from data.importer.prepare import Checker, Context, Problem
from data.importer.sheet_table import ColumnPlan, CountyTable
from data.importer.templates import TEMPLATES

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
    "villages": "insert into village by name select * from staged",
    "lists": "insert into list_row by name select * from staged",
    targets.DATASET: "insert into responsibility_target by name select * from staged",
}
UNIT_COLUMNS = ["indicator_id", "name", "frequency", "file_unit", "catalog_unit", "factor", "rows"]
# Records with a key of their own: loading one again would clash, so the check says so first.
# Per dataset: the key columns, the Context set of keys already loaded, and the key as the message names it.
RECORD_KEYS = {"parks": (("park_id",), "parks", "代码"), "enterprises": (("enterprise_id",), "enterprises", "代码"),
               "growth_points": (("project_id",), "projects", "代码"),
               "villages": (("village_code", "year"), "villages", "村代码和年份")}


@dataclass
class Preview:
    """What one file would load: recognised structure, problems, valid rows and rejected rows."""
    file_name: str
    checksum: str
    dataset: str | None = None
    sheet: str | None = None
    kind: str = ""  # 模板 / 长表 / 宽表
    rows_read: int = 0
    staged: pd.DataFrame = field(default_factory=pd.DataFrame)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)
    columns: list[ColumnPlan] = field(default_factory=list)
    aggregates: list[str] = field(default_factory=list)
    non_county: list[str] = field(default_factory=list)
    missing_cells: int = 0
    other_sheets: list[str] = field(default_factory=list)
    new_indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    title: str = ""
    footnotes: list[str] = field(default_factory=list)
    units: pd.DataFrame = field(default_factory=pd.DataFrame)  # per indicator and file unit: the conversion
    unmapped: list[str] = field(default_factory=list)  # headers or names the catalog lacks, for the user to map
    ignored_columns: list[str] = field(default_factory=list)  # unknown columns left out because others were mapped
    sheet_names: list[str] = field(default_factory=list)
    duplicate_of: int | None = None  # the batch that already loaded this very file

    @property
    def ok(self) -> bool:
        return not self.problems and len(self.staged) > 0

    def loadable(self, valid_only: bool) -> bool:
        return len(self.staged) > 0 and (not self.problems or (valid_only and self.dataset is not None))


@dataclass
class LoadResult:
    """What a build's load of one complete file did (the page and command line use load.Outcome)."""
    batch_id: int | None
    dataset: str | None
    file_name: str
    rows_read: int
    rows_loaded: int
    duplicate_of: int | None = None


class RejectedFile(Exception):
    """The file was not loaded; .problems lists why, each naming file, row and column."""

    def __init__(self, problems: list[Problem], preview: Preview | None = None):
        self.problems, self.preview = problems, preview
        super().__init__("\n".join(p.text() for p in problems[:20]))


def checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def keep_raw(path: Path, raw_dir: Path, file_name: str | None = None) -> Path:
    """Copy the file as uploaded into the raw store, named by its checksum; never overwritten.

    Written whole (data/files), so a copy cut short never passes for the file.
    """
    raw_dir.mkdir(parents=True, exist_ok=True)
    kept = raw_dir / f"{checksum(path)[:16]}_{files.fit_name(Path(file_name or path.name).name)}"
    if not kept.exists():
        files.copy_whole(path, kept)
    return kept


def inspect(con: duckdb.DuckDBPyConnection, path: Path, *, file_name: str | None = None,
            dataset: str | None = None, options: Options | None = None) -> Preview:
    """Read, recognise and check a file against the warehouse; writes nothing."""
    options = options or Options()
    name = file_name or path.name
    preview = Preview(name, checksum(path))
    try:
        sheets = readers.read_sheets(path, name)
    except readers.UnreadableFile as error:
        preview.problems.append(Problem(name, None, None, str(error)))
        return preview
    preview.sheet_names = [s.name for s in sheets if s.name]
    if options.list_name:
        return _inspect_list(con, preview, sheets, options)
    dataset, ctx = targets.DATASET if options.as_targets else dataset, Context(con)
    for new in options.new_indicators:
        try:
            ctx.lookup.define(new)
        except parse.CellError as error:
            preview.problems.append(Problem(name, None, None, str(error)))
    try:
        sheet, found_dataset, found, preview.other_sheets = sheet_choice.choose(sheets, ctx, options, dataset, name)
    except sheet_choice.NoTable as missing:
        preview.problems.append(missing.problem)
    else:
        _check(preview, ctx, sheet, found_dataset, found)
        preview.duplicate_of = previous_load(con, preview.checksum, preview.dataset)
    preview.new_indicators = ctx.lookup.new_rows()
    return preview


def _inspect_list(con: duckdb.DuckDBPyConnection, preview: Preview, sheets: list, options: Options) -> Preview:
    """A named list (名单): read, every row placed; only a list that cannot be read is refused."""
    try:
        found = lists.read_list(con, sheets, options, preview.file_name)
    except lists.NotAList as missing:
        preview.problems.append(missing.problem)
        return preview
    preview.dataset, preview.sheet, preview.kind = "lists", found.sheet, found.kind
    preview.title, preview.rows_read, preview.staged = found.title, found.rows_read, found.staged
    preview.duplicate_of = previous_load(con, preview.checksum, preview.dataset)
    return preview


def _check(preview: Preview, ctx: Context, sheet: readers.Sheet, dataset: str, found) -> None:
    preview.dataset, preview.sheet = dataset, sheet.name
    if isinstance(found, CountyTable):
        table, rows, labels = found.records, found.rows, found.labels
        preview.kind, preview.columns = found.kind, found.columns
        preview.aggregates, preview.non_county, preview.missing_cells = found.aggregates, found.non_county, \
            found.missing_cells
        preview.problems += found.problems
        preview.ignored_columns = found.ignored_columns
        preview.title, preview.footnotes = found.layout.title, found.layout.footnotes
        refused = pd.DataFrame(found.refused)
    else:
        (table, rows), labels = found, {c.name: c.header for c in TEMPLATES[dataset].columns}
        preview.kind, refused = "模板", pd.DataFrame()
    preview.rows_read = len(found.layout.data_rows) if isinstance(found, CountyTable) else len(table)
    if table.empty:
        preview.problems.append(Problem(preview.file_name, None, None, "表中没有可导入的数据行", sheet.name))
        return
    chk = Checker(table, preview.file_name, rows=rows, labels=labels, sheet=sheet.name)
    staged = BUILDERS[dataset](chk, ctx)
    _check_new_records(chk, ctx, dataset, staged)
    preview.problems += chk.problems
    bad = sorted(chk.bad)
    preview.staged = staged.drop(index=bad)
    if dataset in sheet_choice.COUNTY_TABLES:
        empty = preview.staged["value"].isna()
        preview.missing_cells += int(empty.sum())
        preview.staged = preview.staged[~empty]
    preview.rejected = pd.concat([refused, _rejected_rows(chk, table, rows, labels, bad)], ignore_index=True)
    preview.units = _unit_conversions(ctx, table, preview.staged)
    refused_columns = found.refused_columns if isinstance(found, CountyTable) else []
    preview.unmapped = _unmapped(preview.columns, refused_columns, table, staged)


def _unmapped(columns: list[ColumnPlan], refused: list[str], table: pd.DataFrame, staged: pd.DataFrame) -> list[str]:
    """What the user may map: indicator columns not found or refused (wide), indicator names not found (long)."""
    headers = [c.header for c in columns if c.role == "指标列" and (c.indicator_id is None or c.header in refused)]
    if "indicator" in table and "indicator_id" in staged:
        headers += [t for t in table.loc[staged["indicator_id"].isna(), "indicator"].map(parse.fold).unique() if t]
    return list(dict.fromkeys(headers))


def _unit_conversions(ctx: Context, table: pd.DataFrame, staged: pd.DataFrame) -> pd.DataFrame:
    """Per indicator and the unit the file wrote it in: the catalog unit, the factor applied and the row count."""
    if "indicator_id" not in staged or staged.empty:
        return pd.DataFrame(columns=UNIT_COLUMNS)
    units = table.get("unit", pd.Series("", index=table.index)).loc[staged.index].map(parse.fold)
    meta = ctx.indicators
    catalog_units = staged["indicator_id"].map(meta["unit"])
    out = pd.DataFrame({"indicator_id": staged["indicator_id"], "file_unit": units.where(units != "", catalog_units),
                        "catalog_unit": catalog_units}).value_counts(sort=False)
    out = out.rename("rows").reset_index()
    out["name"] = out["indicator_id"].map(meta["name"])
    out["frequency"] = out["indicator_id"].map(meta["frequency"])
    out["factor"] = [parse.unit_factor(f, c) for f, c in zip(out["file_unit"], out["catalog_unit"])]
    order = out["indicator_id"].map(meta["sort_order"])
    return out.assign(order=order).sort_values("order").drop(columns="order").reset_index(drop=True)


def _check_new_records(chk: Checker, ctx: Context, dataset: str, staged: pd.DataFrame) -> None:
    if dataset not in RECORD_KEYS:
        return
    columns, known, what = RECORD_KEYS[dataset]
    keys = staged[columns[0]] if len(columns) == 1 else \
        pd.Series(list(zip(*(staged[c] for c in columns))), index=staged.index)
    chk.require(columns[0], ~keys.isin(getattr(ctx, known)),
                f"此{what}已在数据仓库中（修改已导入的名录请先回滚原批次，再导入新的文件）")
    chk.require(columns[0], ~keys.duplicated(), f"同一{what}在本文件中出现了不止一次")


def _rejected_rows(chk: Checker, table, rows, labels, bad: list[int]) -> pd.DataFrame:
    """The rejected records as the user wrote them, with the row number and the reason."""
    if not bad:
        return pd.DataFrame()
    out = table.iloc[bad].copy()
    out.columns = [labels.get(c, c) if isinstance(labels.get(c, c), str) else c for c in out.columns]
    out.insert(0, "原因", [chk.bad[b] for b in bad])
    out.insert(0, "行号", rows.iloc[bad].to_numpy())
    return out.reset_index(drop=True)


def previous_load(con: duckdb.DuckDBPyConnection, digest: str, dataset: str) -> int | None:
    row = con.execute(
        "select max(batch_id) from batch where checksum = $c and dataset = $d and outcome = 'loaded'",
        {"c": digest, "d": dataset},
    ).fetchall()
    return row[0][0] if row else None


def write_batch(con: duckdb.DuckDBPyConnection, preview: Preview, *, raw_path: Path | None, loaded_by: str,
                is_demo: bool = False, options: Options | None = None, rejected_path: Path | None = None) -> int:
    """Write the preview's valid rows (and its new indicators) as one batch, in one transaction."""
    options = options or Options()
    con.execute("begin transaction")
    try:
        batch_id = con.execute("select coalesce(max(batch_id), 0) + 1 from batch").fetchall()[0][0]
        _insert(con, "insert into batch by name select * from staged", pd.DataFrame([{
            "batch_id": batch_id, "dataset": preview.dataset, "file_name": preview.file_name,
            "checksum": preview.checksum, "raw_path": str(raw_path) if raw_path else None, "loaded_by": loaded_by,
            "loaded_at": datetime.now(), "rows_read": preview.rows_read, "rows_loaded": len(preview.staged),
            "outcome": "loaded", "is_demo": is_demo, "sheet": preview.sheet, "layout": preview.kind,
            "rows_rejected": len(preview.rejected), "options": options_json(options),
            "rejected_path": str(rejected_path) if rejected_path else None}]))
        if len(preview.new_indicators):
            _insert(con, "insert into indicator by name select * from staged", preview.new_indicators)
        _insert(con, INSERT_SQL[preview.dataset], preview.staged.assign(batch_id=batch_id))
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return batch_id


def _insert(con: duckdb.DuckDBPyConnection, sql: str, frame: pd.DataFrame) -> None:
    con.register("staged", frame)
    try:
        con.execute(sql)
    finally:
        con.unregister("staged")


def options_json(options: Options) -> str:
    """What the user told the import (an editor's placements of list names included), as kept with the batch."""
    return json.dumps(asdict(options), ensure_ascii=False)


def load_file(con: duckdb.DuckDBPyConnection, path: Path, dataset: str, *, raw_path: Path | None,
              loaded_by: str, is_demo: bool = False) -> LoadResult:
    """Check and load one complete file as one batch (the build's path); raises RejectedFile on any problem."""
    preview = inspect(con, path, dataset=dataset)
    if preview.duplicate_of is not None:
        return LoadResult(None, dataset, preview.file_name, preview.rows_read, 0, duplicate_of=preview.duplicate_of)
    if not preview.ok:
        raise RejectedFile(preview.problems or [Problem(preview.file_name, None, None, "没有可导入的数据")], preview)
    batch_id = write_batch(con, preview, raw_path=raw_path, loaded_by=loaded_by, is_demo=is_demo)
    return LoadResult(batch_id, dataset, preview.file_name, preview.rows_read, len(preview.staged))
