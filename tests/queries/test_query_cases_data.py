"""Query cases of the data-management page (queries/data/*.sql)."""

from tests.queries.test_query_cases import run, warehouse


def case_batches_newest_first_with_outcome():
    con = warehouse([])
    con.execute("update batch set outcome = 'rolled_back', rolled_back_by = '李四', rows_rejected = 2 "
                "where batch_id = 1")
    out = run(con, "data/batches")
    assert out["batch_id"].tolist() == [2, 1]
    first = out.set_index("batch_id").loc[1]
    assert (first["outcome"], first["rolled_back_by"], first["rows_rejected"]) == ("rolled_back", "李四", 2)
    assert out.set_index("batch_id").loc[2, "outcome"] == "loaded"


CASES = {"data/batches": [case_batches_newest_first_with_outcome]}
