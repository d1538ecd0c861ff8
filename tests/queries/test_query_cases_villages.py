"""Query cases of the village records (queries/detail/villages.sql)."""

from tests.queries.test_query_cases import DAYE, HSG, JIANGAN, NO_FILTER, run, warehouse

HUANGSHI_ONLY = {**NO_FILTER, "prefecture": "420200"}


def village_warehouse():
    con = warehouse([])
    for code, name, adcode, year, has_5g, natural, fibre in [
        ("420281101201", "甲村", DAYE, 2025, True, 5, 5), ("420281101202", "乙村", DAYE, 2025, False, 4, 4),
        ("420281101203", "丙村", DAYE, 2025, True, 6, 2), ("420281101201", "甲村", DAYE, 2024, False, 5, 1),
        ("420202001201", "丁村", HSG, 2025, True, 2, 2), ("420102001201", "戊村", JIANGAN, 2025, False, 1, 0)]:
        con.execute("insert into village values ($1, $2, $3, '某镇', $4, $5, $6, $7, 1)",
                    [code, name, adcode, year, has_5g, natural, fibre])
    return con


def case_villages_of_the_filter_one_year_and_the_gaps():
    con = village_warehouse()
    out = run(con, "detail/villages", year=2025, adcode=None, gaps_only=False, **HUANGSHI_ONLY)
    assert out["village_name"].tolist() == ["丁村", "甲村", "乙村", "丙村"]  # 江岸 is outside 黄石; 2024 is not listed
    assert out.set_index("village_name").loc["丙村", "fibre_pct"] == 33.3 and out["is_demo"].all()  # 2 of 6, to 0.1
    gaps = run(con, "detail/villages", year=2025, adcode=DAYE, gaps_only=True, **HUANGSHI_ONLY)
    assert gaps["village_name"].tolist() == ["乙村", "丙村"]  # no 5G; fibre short of its natural villages
    older = run(con, "detail/villages", year=2024, adcode=None, gaps_only=False, **NO_FILTER)
    assert older[["village_name", "has_5g", "fibre_natural_villages"]].values.tolist() == [["甲村", False, 1]]


CASES = {"detail/villages": [case_villages_of_the_filter_one_year_and_the_gaps]}
