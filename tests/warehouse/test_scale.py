"""Scale mode: the bulk door's rules, the firm flows that replay the county stock, and output that sums to it."""

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data.demo import scale
from data.demo.scale_firms import memberships, month_output
from data.importer import bulk, ingest
from data.warehouse import build

DAYE = "420281"


@pytest.fixture
def con():
    """Schema, reference tables and two registered firms."""
    con = build.create(Path(":memory:"))
    for firm in ("A", "B"):
        con.execute("insert into enterprise values ($1, $1, $2, 'C31', true, null, null, 1)", [firm, DAYE])
    return con


def bulk_file(tmp_path: Path, rows: list[tuple], name: str = bulk.BULK_FILE) -> Path:
    """A bulk Parquet file of (enterprise_id, indicator_id, period, value, unit) rows."""
    ids, indicators, periods, values, units = zip(*rows)
    path = tmp_path / name
    pq.write_table(pa.table({"enterprise_id": list(ids), "indicator_id": list(indicators),
                             "period": pa.array(periods, pa.date32()), "value": pa.array(values, pa.float64()),
                             "unit": list(units)}), path)
    return path


GOOD = [("A", "output_yi", date(2025, 6, 1), 1.25, "亿元"), ("B", "output_yi", date(2025, 6, 1), 0.5, None),
        ("A", "firm_revenue_yi", date(2025, 1, 1), 14.0, "亿元")]


def test_a_good_bulk_file_loads_as_one_batch_and_only_once(con, tmp_path):
    path = bulk_file(tmp_path, GOOD)
    result = bulk.load_file(con, path, raw_path=None, loaded_by="t", is_demo=True)
    assert result.rows_loaded == 3
    assert con.execute("select dataset, layout, rows_loaded, is_demo from batch").fetchall() == \
        [("enterprise_values", bulk.LAYOUT, 3, True)]
    assert con.execute("select count(*) from enterprise_value where batch_id = $b",
                       {"b": result.batch_id}).fetchall() == [(3,)]
    again = bulk.load_file(con, path, raw_path=None, loaded_by="t")
    assert again.duplicate_of == result.batch_id and again.rows_loaded == 0


@pytest.mark.parametrize("row, words", [
    (("X", "output_yi", date(2025, 6, 1), 1.0, "亿元"), "企业"),
    (("A", "no_such", date(2025, 6, 1), 1.0, "亿元"), "指标代码"),
    (("A", "output_yi", date(2025, 6, 15), 1.0, "亿元"), "当月1日"),
    (("A", "firm_revenue_yi", date(2025, 6, 1), 1.0, "亿元"), "当年1月1日"),
    (("A", "output_yi", date(date.today().year + 1, 1, 1), 1.0, "亿元"), "未来"),
    (("A", "output_yi", date(2025, 6, 1), -1.0, "亿元"), "范围"),
    (("A", "output_yi", date(2025, 6, 1), 1.0, "万元"), "单位"),
    (("A", "output_yi", date(2025, 6, 1), 2.0, "亿元"), "不止一次"),  # the same key as GOOD's first row
])
def test_a_bulk_file_breaking_a_rule_changes_nothing(con, tmp_path, row, words):
    path = bulk_file(tmp_path, [*GOOD, row])
    with pytest.raises(ingest.RejectedFile) as refused:
        bulk.load_file(con, path, raw_path=None, loaded_by="t")
    assert words in str(refused.value)
    if "不止一次" not in words:
        assert "第 4 行" in str(refused.value)  # a Parquet file has no header row: its rows count from 1
    assert con.execute("select count(*) from enterprise_value").fetchall() == [(0,)]
    assert con.execute("select count(*) from batch").fetchall() == [(0,)]


def test_a_bulk_file_without_its_columns_is_refused(con, tmp_path):
    path = tmp_path / bulk.BULK_FILE
    pq.write_table(pa.table({"enterprise_id": ["A"], "value": [1.0]}), path)
    with pytest.raises(ingest.RejectedFile, match="indicator_id"):
        bulk.load_file(con, path, raw_path=None, loaded_by="t")


def test_the_scale_switch():
    assert scale.resolve("1m") == 1_000_000 and scale.resolve("10M") == 10_000_000
    assert scale.resolve("small") is None
    with pytest.raises(ValueError, match="HUBEI_DEMO_SCALE"):
        scale.resolve("5m")


def test_memberships_follow_the_flows_and_keep_register_firms():
    rng = np.random.default_rng(1)
    new, gone = np.array([3, 0, 1, 2]), np.array([2, 1, 0, 4])
    member = memberships(n_reg=5, start=8, new=new, gone=gone, rng=rng)
    stock = 8 + np.cumsum(new - gone)
    assert (member.sum(axis=0) == stock).all()
    assert member[:5].all()  # there were always other firms to lose
    entered = (member[:, 1:] & ~member[:, :-1]).sum(axis=0)
    left = (~member[:, 1:] & member[:, :-1]).sum(axis=0)
    assert (entered == new[1:]).all() and (left == gone[1:]).all()


def test_month_output_sums_to_the_county_and_keeps_the_line():
    rng = np.random.default_rng(2)
    member = np.ones((6, 3), dtype=bool)
    member[5, 0] = False
    county = np.array([10.0, 12.5, 3.0])
    base = np.full((2, 3), 2.0)  # two register firms
    out = month_output(county, base, np.array([1.0, 2.0, 0.5, 4.0]), member, 2, rng)
    assert np.allclose(out.sum(axis=0), county, atol=1e-9)
    assert (out[2:][member[2:]] >= 0.02).all() and (out[~member] == 0).all()


def test_rows_are_ordered_for_the_zone_maps():
    rows = scale.Rows()
    rows.add(np.array([1, 0]), "output_yi", scale.month_starts()[:2], np.ones((2, 2)), np.ones((2, 2), dtype=bool))
    rows.add(np.array([0]), "firm_revenue_yi", scale.year_starts()[:1], np.ones((1, 1)), np.ones((1, 1), dtype=bool))
    table = rows.table(np.array(["B", "A"], dtype=object), {i: "x" for i in scale.INDICATORS}).to_pandas()
    assert table["indicator_id"].astype(str).tolist() == ["firm_revenue_yi"] + ["output_yi"] * 4
    assert table["enterprise_id"].astype(str).tolist() == ["B", "A", "B", "A", "B"]
