"""Query cases of the named lists (queries/lists/*.sql): counts per county, lists by outcome, a county's members."""

from tests.queries.test_query_cases import DAYE, HSG, NO_FILTER, YANGXIN, run, warehouse

CHIBI = "421281"


def lists_warehouse():
    """Batch 3: a list of three (two in 大冶, one only at 黄石); batch 4 reloads it with 大冶, 阳新 and an
    unplaced row (the newer batch wins); batch 5, rolled back, would have added a second list."""
    con = warehouse([])
    for batch_id, outcome in ((3, "loaded"), (4, "loaded"), (5, "rolled_back")):
        con.execute("insert into batch (batch_id, dataset, file_name, checksum, loaded_by, loaded_at, rows_read, "
                    "rows_loaded, outcome, is_demo) values ($1, 'lists', 'l.xlsx', 'x', 't', now(), 1, 1, $2, false)",
                    [batch_id, outcome])
    rows = [(3, 1, "化工园区", DAYE, "420200", "name"), (3, 2, "化工园区", DAYE, "420200", "region_column"),
            (3, 3, "化工园区", None, "420200", "prefecture_only"),
            (4, 1, "化工园区", DAYE, "420200", "name"), (4, 2, "化工园区", YANGXIN, "420200", "directory"),
            (4, 3, "化工园区", None, None, "unresolved"), (4, 4, "化工园区", CHIBI, "421200", "assigned"),
            (5, 1, "绿色工厂", DAYE, "420200", "name")]
    for batch_id, row, name, adcode, prefecture, how in rows:
        con.execute("insert into list_row (batch_id, row_number, list_name, kind, name, name_key, adcode, "
                    "prefecture_code, resolution, category, year) values ($1, $2, $3, 'park', $4, $4, $5, $6, $7, "
                    "'化工', 2024)", [batch_id, row, name, f"园区{batch_id}{row}", adcode, prefecture, how])
    return con


def case_members_by_county_counts_the_newest_batch_and_ranks_within_filter():
    out = run(lists_warehouse(), "lists/members_by_county", list_name="化工园区",
              **{**NO_FILTER, "prefecture": "420200"}).set_index("adcode")
    assert len(out) == 103 and out["in_filter"].sum() == 6
    assert out.loc[[DAYE, YANGXIN, HSG], "value"].tolist() == [1.0, 1.0, 0.0]
    assert out.loc[DAYE, "rank"] == 1 and out.loc[YANGXIN, "rank"] == 1 and out.loc[HSG, "rank"] == 3
    assert out.loc[CHIBI, "value"] == 1.0 and not out.loc[CHIBI, "in_filter"]


def case_lists_counts_outcomes_and_skips_rolled_back():
    out = run(lists_warehouse(), "lists/lists", prefecture=None)
    assert out[["list_name", "members", "in_county", "prefecture_only", "unresolved", "batch_id"]].values.tolist() \
        == [["化工园区", 4, 3, 0, 1, 4]]
    huangshi = run(lists_warehouse(), "lists/lists", prefecture="420200")
    assert huangshi["members"].tolist() == [3]  # 赤壁 is 咸宁's; the unplaced row may be anyone's


def case_county_members_lists_the_countys_members():
    out = run(lists_warehouse(), "lists/county_members", adcode=DAYE)
    assert out[["list_name", "name", "resolution"]].values.tolist() == [["化工园区", "园区41", "name"]]


def case_member_points_take_the_directorys_point_of_the_same_name_and_county():
    con = lists_warehouse()
    con.execute("insert into park values ('P1', '园区42', $1, '化工', null, null, null, 100, 114.9, 30.1, 1)",
                [YANGXIN])  # 阳新's member, registered with a point
    con.execute("insert into park values ('P2', '园区41', $1, '化工', null, null, null, 100, 115.0, 30.0, 1)",
                [YANGXIN])  # 大冶's member's name, but in another county: not its point
    out = run(con, "lists/member_points", list_name="化工园区", **NO_FILTER)
    assert out[["name", "adcode"]].values.tolist()[:2] == [["园区41", DAYE], ["园区42", YANGXIN]]
    assert out["lon"].isna().tolist()[:2] == [True, False] and out.loc[1, ["lon", "lat"]].tolist() == [114.9, 30.1]
    assert len(out) == 3 and set(out["county"]) == {"大冶市", "阳新县", "赤壁市"}  # placed members only
    assert run(con, "lists/member_points", list_name="化工园区", **{**NO_FILTER, "prefecture": "420200"})[
        "adcode"].tolist() == [DAYE, YANGXIN]


CASES = {"lists/members_by_county": [case_members_by_county_counts_the_newest_batch_and_ranks_within_filter],
         "lists/lists": [case_lists_counts_outcomes_and_skips_rolled_back],
         "lists/county_members": [case_county_members_lists_the_countys_members],
         "lists/member_points": [case_member_points_take_the_directorys_point_of_the_same_name_and_county]}
