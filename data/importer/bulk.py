"""Bulk door for enterprise values: a Parquet file checked and loaded by DuckDB as one batch, for millions of rows.

The template importer (data/importer/ingest.py) parses and checks in pandas and Python; at the scale of the
enterprise-month table (1–10 M rows) that is minutes to hours and gigabytes (bench.scale measures
it). A bulk file is the machine-written sibling of the 企业指标 template: columns enterprise_id,
indicator_id, period (a DATE, the first day of the month or, for a yearly indicator, of the year),
value (DOUBLE, in the catalog unit), unit (optional). It is checked with the importer's rules,
each a column of one SQL pass: the enterprise is in the register, the indicator in the catalog,
the period fits the indicator's frequency and is not in the future, the value lies in the
catalog's range, the unit is the catalog's; also no key twice. What the template path does and
this one does not: indicator names and aliases (ids only), unit conversion, period text, 预计
flags, and loading the valid rows only — a bulk file loads whole or not at all (RejectedFile).
Like every load it is one batch (kept raw, checksum, rows) inside one transaction, and a file
loaded before is not loaded again.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb

from data.importer import ingest
from data.importer.prepare import Problem

BULK_FILE = "enterprise_values.parquet"
DATASET = "enterprise_values"
LAYOUT = "批量（Parquet）"
COLUMNS = {"enterprise_id": "VARCHAR", "indicator_id": "VARCHAR", "period": "DATE", "value": "DOUBLE"}
SHOWN = 5  # example rows per broken rule

# One pass: per rule, whether a row breaks it. Constant SQL; the file path and today are bound.
CHECK_SQL = """
with rows as (
    select
        b.file_row_number + 1 as row_number,
        e.enterprise_id is null as unknown_firm,
        i.id is null as unknown_indicator,
        b.period is null or day(b.period) <> 1 or (i.frequency = 'yearly' and month(b.period) <> 1) as bad_period,
        coalesce(b.period > $today, false) as future,
        coalesce(b.value < i.value_min or b.value > i.value_max, false) as out_of_range,
        coalesce(b.unit <> i.unit, false) as wrong_unit
    from read_parquet($path, file_row_number = true) as b
    left join enterprise as e on b.enterprise_id = e.enterprise_id
    left join indicator as i on b.indicator_id = i.id
)
select
    count(*) as rows_read,
    count(*) filter (where unknown_firm) as unknown_firm,
    count(*) filter (where unknown_indicator) as unknown_indicator,
    count(*) filter (where bad_period) as bad_period,
    count(*) filter (where future) as future,
    count(*) filter (where out_of_range) as out_of_range,
    count(*) filter (where wrong_unit) as wrong_unit,
    (list(row_number order by row_number) filter (where unknown_firm))[1:5] as unknown_firm_rows,
    (list(row_number order by row_number) filter (where unknown_indicator))[1:5] as unknown_indicator_rows,
    (list(row_number order by row_number) filter (where bad_period))[1:5] as bad_period_rows,
    (list(row_number order by row_number) filter (where future))[1:5] as future_rows,
    (list(row_number order by row_number) filter (where out_of_range))[1:5] as out_of_range_rows,
    (list(row_number order by row_number) filter (where wrong_unit))[1:5] as wrong_unit_rows
from rows
"""
DUPLICATE_SQL = """
select count(*) from (
    select enterprise_id, indicator_id, period from read_parquet($path)
    group by enterprise_id, indicator_id, period having count(*) > 1
)
"""
SCHEMA_SQL = "select column_name, column_type from (describe select * from read_parquet($path))"
BATCH_SQL = """
insert into batch (batch_id, dataset, file_name, checksum, raw_path, loaded_by, loaded_at, rows_read,
    rows_loaded, outcome, is_demo, layout, options)
values ($batch_id, $dataset, $file_name, $checksum, $raw_path, $loaded_by, $loaded_at, $rows, $rows,
    'loaded', $is_demo, $layout, $options)
"""
INSERT_SQL = """
insert into enterprise_value (enterprise_id, indicator_id, period, value, batch_id)
select enterprise_id, indicator_id, period, value, $batch_id from read_parquet($path)
"""
RULES = {  # rule → the problem in the words of the template importer
    "unknown_firm": ("统一社会信用代码", "企业（请先加载企业名录）不在数据仓库中"),
    "unknown_indicator": ("指标代码", "指标代码不在指标目录中（批量文件只认指标代码）"),
    "bad_period": ("期别", "期别应为该指标的期初日期：月度指标为当月1日，年度指标为当年1月1日"),
    "future": ("期别", "期别晚于当前月份，不能导入未来的数据"),
    "out_of_range": ("数值", "数值超出该指标允许的范围（如数量、产值不能为负，比例不能超过100%）"),
    "wrong_unit": ("单位", "单位与指标目录不一致（批量文件不换算单位）"),
}


def check(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[int, list[Problem]]:
    """Rows read and every problem of a bulk file, each naming its first rows; writes nothing."""
    name = path.name
    params = {"path": str(path)}
    schema = dict(con.execute(SCHEMA_SQL, params).fetchall())
    missing = [c for c, kind in COLUMNS.items() if not schema.get(c, "").startswith(kind)]
    if missing:
        return 0, [Problem(name, None, c, f"批量文件缺少“{c}”列，或类型不是 {COLUMNS[c]}") for c in missing]
    if "unit" not in schema:
        return 0, [Problem(name, None, "unit", "批量文件缺少“unit”列（可为空值）")]
    cursor = con.execute(CHECK_SQL, {**params, "today": date.today().replace(day=1)})
    found = dict(zip([d[0] for d in cursor.description], cursor.fetchall()[0]))
    problems = []
    for rule, (column, message) in RULES.items():
        if found[rule]:
            problems += [Problem(name, int(row), column, message) for row in found[f"{rule}_rows"][:SHOWN]]
            if found[rule] > SHOWN:
                problems.append(Problem(name, None, column, f"同类问题另有 {found[rule] - SHOWN} 处：{message}"))
    duplicates = con.execute(DUPLICATE_SQL, params).fetchall()[0][0]
    if duplicates:
        problems.append(Problem(name, None, None, f"同一企业、指标和期别在本文件中出现了不止一次（{duplicates} 组）"))
    return int(found["rows_read"]), problems


def load_file(con: duckdb.DuckDBPyConnection, path: Path, *, raw_path: Path | None, loaded_by: str,
              is_demo: bool = False) -> ingest.LoadResult:
    """Check and load one bulk file as one batch; raises ingest.RejectedFile on any problem."""
    digest = ingest.checksum(path)
    before = ingest.previous_load(con, digest, DATASET)
    if before is not None:
        return ingest.LoadResult(None, DATASET, path.name, 0, 0, duplicate_of=before)
    rows, problems = check(con, path)
    if problems or not rows:
        raise ingest.RejectedFile(problems or [Problem(path.name, None, None, "没有可导入的数据")])
    con.execute("begin transaction")
    try:
        batch_id = con.execute("select coalesce(max(batch_id), 0) + 1 from batch").fetchall()[0][0]
        con.execute(BATCH_SQL, {
            "batch_id": batch_id, "dataset": DATASET, "file_name": path.name, "checksum": digest,
            "raw_path": str(raw_path) if raw_path else None, "loaded_by": loaded_by, "loaded_at": datetime.now(),
            "rows": rows, "is_demo": is_demo, "layout": LAYOUT, "options": json.dumps({"bulk": True})})
        con.execute(INSERT_SQL, {"path": str(path), "batch_id": batch_id})
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return ingest.LoadResult(batch_id, DATASET, path.name, rows, rows)


def load_dir(con: duckdb.DuckDBPyConnection, source_dir: Path, raw_dir: Path, *, loaded_by: str,
             is_demo: bool, progress=lambda fraction, message: None) -> int:
    """Load the bulk file of source_dir, if there is one (after the register it refers to); returns rows loaded."""
    path = Path(source_dir) / BULK_FILE
    if not path.exists():
        return 0
    progress(0.95, "批量导入企业指标（Parquet）")
    return load_file(con, path, raw_path=ingest.keep_raw(path, raw_dir), loaded_by=loaded_by,
                     is_demo=is_demo).rows_loaded
