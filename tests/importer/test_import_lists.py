"""Named lists (名单) as the department receives them: each corpus list and the exact placement of every row.

Each list is written as published (a provincial list of chemical parks by 市州, a green-manufacturing list
with 名称/类别/市州, an honours list with only 企业名称 and 县（市、区）, a list in traditional characters,
a list headed by prefecture sections, a firm list with names only) and each test states, per row, the
county (or None), the prefecture (or None) and how it was placed. test_corpus_counts prints the counts
by outcome that the report gives.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import openpyxl
import pytest

import settings
from data.importer import ingest
from data.importer.name_match import name_key
from data.importer.options import Options
from data.warehouse import list_assignments, load, load_report

HUANGSHI, SHIYAN, JINGZHOU, XIANNING, XIAOGAN, WUHAN = "420200", "420300", "421000", "421200", "420900", "420100"
YICHANG, ENSHI_PREF = "420500", "422800"
DAYE, CHIBI, HANCHUAN, YUNYANG, XIANTAO, QIANJIANG = "420281", "421281", "420984", "420304", "429004", "429005"
QINGSHAN, YILING, SHENNONGJIA, ZHUSHAN, JIANGLING = "420107", "420506", "429021", "420323", "421024"


@pytest.fixture(scope="module")
def con(warehouse):
    connection = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    yield connection
    connection.close()


def write(path: Path, rows: list[list]) -> Path:
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join("" if v is None else str(v) for v in row) for row in rows),
                        encoding="utf-8-sig")
        return path
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def placed(preview: ingest.Preview) -> dict[int, tuple]:
    """Row number → (name, adcode, prefecture code, resolution) of every staged member."""
    staged = preview.staged.astype(object).where(preview.staged.notna(), None)
    return {r: (n, a, p, how) for r, n, a, p, how in
            zip(staged["row_number"], staged["name"], staged["adcode"], staged["prefecture_code"],
                staged["resolution"])}


CHEMICAL_PARKS = [
    ["湖北省化工园区认定名单（2024年）"], ["序号", "市州", "园区名称"],
    [1, "武汉市", "武汉化学工业区"], [2, "黄石市", "大冶市化工园区"], [3, "咸宁市", "赤壁市新材料化工园区"],
    [4, "孝感市", "汉川经济开发区化工园"], [5, "十堰市", "郧县化工园区"], [6, "十堰市", "十堰市化工园区"],
    [7, "仙桃市", "仙桃市化工园"], [8, "潜江", "潜江经济开发区"], [9, "荆州市", "宜昌某某化工园"],
    [10, None, "某某无名化工园区"], ["注：按市州排列。"]]
CHEMICAL_PARKS_PLACED = {
    3: ("武汉化学工业区", QINGSHAN, WUHAN, "directory"), 4: ("大冶市化工园区", DAYE, HUANGSHI, "name"),
    5: ("赤壁市新材料化工园区", CHIBI, XIANNING, "name"), 6: ("汉川经济开发区化工园", HANCHUAN, XIAOGAN, "name"),
    7: ("郧县化工园区", YUNYANG, SHIYAN, "name"), 8: ("十堰市化工园区", None, SHIYAN, "prefecture_only"),
    9: ("仙桃市化工园", XIANTAO, XIANTAO, "region_column"),
    10: ("潜江经济开发区", QIANJIANG, QIANJIANG, "region_column"),
    11: ("宜昌某某化工园", None, JINGZHOU, "prefecture_only"), 12: ("某某无名化工园区", None, None, "unresolved")}

GREEN = [
    ["2024年度湖北省绿色制造名单"], ["名称", "类别", "市州"],
    ["大冶市某某铜业有限公司", "绿色工厂", "黄石市"],
    ["湖北美佳铜业（集团）有限责任公司", "绿色工厂", "黄石市"],  # the directory's 湖北美佳铜业集团有限公司
    ["湖北美佳铜业集团有限公司", "绿色供应链管理企业", "十堰市"],  # the directory says 黄石: the column wins
    ["某某新材料科技有限公司", "绿色工厂", "十堰市"],
    ["宜昌某某化工有限公司", "绿色工厂", "荆州市"],  # named after 宜昌, listed under 荆州
    ["宜昌市夷陵区某某纸业有限公司", "绿色工厂", "荆州市"],  # a county of 宜昌 in the name: still 荆州
    ["江陵县某某电力有限公司", "绿色工厂", "荆州市"],
    ["恩施某某茶业有限公司", "绿色工厂", "恩施州"]]  # 恩施 may be 恩施州 or 恩施市: kept at the prefecture
GREEN_PLACED = {
    3: ("大冶市某某铜业有限公司", DAYE, HUANGSHI, "name"),
    4: ("湖北美佳铜业(集团)有限责任公司", DAYE, HUANGSHI, "directory"),
    5: ("湖北美佳铜业集团有限公司", None, SHIYAN, "prefecture_only"),
    6: ("某某新材料科技有限公司", None, SHIYAN, "prefecture_only"),
    7: ("宜昌某某化工有限公司", None, JINGZHOU, "prefecture_only"),
    8: ("宜昌市夷陵区某某纸业有限公司", None, JINGZHOU, "prefecture_only"),
    9: ("江陵县某某电力有限公司", JIANGLING, JINGZHOU, "name"),
    10: ("恩施某某茶业有限公司", None, ENSHI_PREF, "prefecture_only")}

HONOURS = [
    ["序号", "企业名称", "县（市、区）"], [1, "某某机械有限公司", "大冶市"], [2, "某某汽配有限公司", "郧县"],
    [3, "某某药业有限公司", "神农架林区"], [4, "竹山某某科技有限公司", ""], [5, "某某食品有限公司", ""],
    [6, "某某电子有限公司", "十堰市"]]
HONOURS_PLACED = {
    2: ("某某机械有限公司", DAYE, HUANGSHI, "region_column"), 3: ("某某汽配有限公司", YUNYANG, SHIYAN, "region_column"),
    4: ("某某药业有限公司", SHENNONGJIA, SHENNONGJIA, "region_column"),
    5: ("竹山某某科技有限公司", ZHUSHAN, SHIYAN, "name"), 6: ("某某食品有限公司", None, None, "unresolved"),
    7: ("某某电子有限公司", None, SHIYAN, "prefecture_only")}

TRADITIONAL = [["湖北省化工園區名單"], ["序號", "市州", "園區名稱", "級別"],
               [1, "黃石市", "大冶市化工園區", "省級"], [2, "潛江市", "潛江經濟開發區", "省級"],
               [3, "十堰市", "鄖縣化工園區", "省級"]]
TRADITIONAL_PLACED = {3: ("大冶市化工園區", DAYE, HUANGSHI, "name"),  # names are kept as written
                      4: ("潛江經濟開發區", QIANJIANG, QIANJIANG, "region_column"),
                      5: ("鄖縣化工園區", YUNYANG, SHIYAN, "name")}

SECTIONS = [["专精特新“小巨人”企业名单（第五批）"], ["序号", "企业名称", "企业地址"],
            ["一、武汉市（2家）"], [1, "某某光电股份有限公司", "武汉市东湖新技术开发区某路1号"],
            [2, "某某智能有限公司", "武汉市江夏区某大道8号"],
            ["二、宜昌市（2家）"], [3, "某某化工股份有限公司", "宜昌市夷陵区某路"],
            [4, "枝江某某酒业有限公司", ""]]
SECTIONS_PLACED = {4: ("某某光电股份有限公司", None, WUHAN, "prefecture_only"),
                   5: ("某某智能有限公司", "420115", WUHAN, "address"),
                   7: ("某某化工股份有限公司", YILING, YICHANG, "address"),
                   8: ("枝江某某酒业有限公司", "420583", YICHANG, "name")}

NAMES_ONLY = [["企业名称"], ["大冶宇盛铜业科技有限公司"], ["某某（湖北）科技有限公司"], ["汉川某某纺织有限公司"]]
NAMES_ONLY_PLACED = {2: ("大冶宇盛铜业科技有限公司", DAYE, HUANGSHI, "directory"),
                     3: ("某某(湖北)科技有限公司", None, None, "unresolved"),
                     4: ("汉川某某纺织有限公司", HANCHUAN, XIAOGAN, "name")}

CORPUS = {  # file name, rows, list name, kind recognised, placements
    "chemical_parks": ("化工园区名单.csv", CHEMICAL_PARKS, "湖北省化工园区名单", "园区", CHEMICAL_PARKS_PLACED),
    "green": ("绿色制造名单.xlsx", GREEN, "绿色制造名单", "企业", GREEN_PLACED),
    "honours": ("荣誉企业.xlsx", HONOURS, "省级专精特新", "企业", HONOURS_PLACED),
    "traditional": ("化工園區.xlsx", TRADITIONAL, "化工园区（繁体）", "园区", TRADITIONAL_PLACED),
    "sections": ("小巨人第五批.xlsx", SECTIONS, "小巨人第五批", "企业", SECTIONS_PLACED),
    "names_only": ("企业名单.csv", NAMES_ONLY, "重点企业", "企业", NAMES_ONLY_PLACED),
}


@pytest.mark.parametrize("case", list(CORPUS))
def test_every_row_of_a_published_list_is_placed_as_stated(con, tmp_path, case):
    file_name, rows, list_name, kind, expected = CORPUS[case]
    preview = ingest.inspect(con, write(tmp_path / file_name, rows), options=Options(list_name=list_name))
    assert preview.problems == [] and preview.dataset == "lists" and preview.kind == kind
    assert placed(preview) == expected
    assert set(preview.staged["list_name"]) == {list_name}


def test_the_lists_own_columns_are_kept(con, tmp_path):
    preview = ingest.inspect(con, write(tmp_path / "g.xlsx", GREEN), options=Options(list_name="绿色制造名单"))
    assert list(preview.staged["category"][:2]) == ["绿色工厂", "绿色工厂"] and set(preview.staged["year"]) == {2024}
    preview = ingest.inspect(con, write(tmp_path / "t.xlsx", TRADITIONAL), options=Options(list_name="化工"))
    assert set(preview.staged["level"]) == {"省级"}


def test_an_editors_assignment_places_a_name_unless_a_region_column_says_otherwise(con, tmp_path):
    """The unplaced 某某食品 goes where the editor put it; an assignment into 黄石 does not move a 十堰 row."""
    assigned = {name_key("某某食品有限责任公司"): DAYE, name_key("某某电子有限公司"): DAYE}
    options = Options(list_name="省级专精特新", assigned=assigned)
    rows = placed(ingest.inspect(con, write(tmp_path / "h.xlsx", HONOURS), options=options))
    assert rows[6] == ("某某食品有限公司", DAYE, HUANGSHI, "assigned")
    assert rows[7] == ("某某电子有限公司", None, SHIYAN, "prefecture_only")


def test_a_list_whose_kind_cannot_be_told_asks_for_it(con, tmp_path):
    path = write(tmp_path / "x.csv", [["名称", "市州"], ["某某", "黄石市"], ["某某某", "十堰市"]])
    preview = ingest.inspect(con, path, options=Options(list_name="某名单"))
    assert [p.message for p in preview.problems] == \
        ["无法判断名单是园区还是企业，请指定名单类型（命令行 --kind 园区 或 --kind 企业）"]
    preview = ingest.inspect(con, path, options=Options(list_name="某名单", list_kind="企业"))
    assert preview.problems == [] and list(preview.staged["resolution"]) == ["prefecture_only"] * 2


def test_corpus_counts(con, tmp_path, capsys):
    """The counts by outcome of each corpus list (for the report), matching the placements stated above."""
    for case, (file_name, rows, list_name, _, expected) in CORPUS.items():
        preview = ingest.inspect(con, write(tmp_path / file_name, rows), options=Options(list_name=list_name))
        counts = load_report.list_outcomes(preview.staged)
        assert counts["县"] == sum(a is not None for _, a, _, _ in expected.values())
        assert counts["未定位"] == sum(p is None for _, _, p, _ in expected.values())
        with capsys.disabled():
            print(f"\n{case}: {counts}")


def test_a_list_loads_as_a_batch_the_view_shows_it_and_rollback_takes_it_out(private_warehouse, tmp_path):
    path = write(tmp_path / "化工园区名单.csv", CHEMICAL_PARKS)
    list_assignments.assign_name("某某无名化工园区", CHIBI, by="editor")
    outcome = load.load(path, Options(list_name="湖北省化工园区名单"), loaded_by="editor")
    with duckdb.connect(str(os.path.realpath(settings.WAREHOUSE_PATH)), read_only=True) as con:
        members = con.execute("select name, adcode, resolution from list_member order by row_number").fetchall()
    assert len(members) == 10 and members[-1] == ("某某无名化工园区", CHIBI, "assigned")
    summary = load_report.summary(outcome)
    assert "名单“湖北省化工园区名单”：定位到县（市、区）8 行，仅到市州 2 行，未定位 0 行" in summary
    load.rollback(outcome.batch_id, by="editor")
    with duckdb.connect(str(os.path.realpath(settings.WAREHOUSE_PATH)), read_only=True) as con:
        assert con.execute("select count(*) from list_member").fetchall() == [(0,)]
    list_assignments.undo("某某无名化工园区", by="editor")
    assert list_assignments.current() == {}


@pytest.mark.parametrize("case", ["chemical_parks", "green", "honours"])
def test_a_list_loaded_without_list_says_to_load_it_as_a_list(con, tmp_path, case):
    """Without --list, the issue's three refusals (园区代码 wanted; no template header) now say what to do."""
    file_name, rows, *_ = CORPUS[case]
    preview = ingest.inspect(con, write(tmp_path / file_name, rows))
    assert preview.dataset is None or preview.problems
    assert any("--list 名单名称" in p.message for p in preview.problems)


def test_the_command_line_loads_a_list_and_assigns_and_unassigns_a_name(private_warehouse, tmp_path, capsys):
    path = write(tmp_path / "荣誉企业.xlsx", HONOURS)
    assert load.main(["--assign", "某某食品有限公司=大冶", "--by", "editor"]) == 0
    assert load.main([str(path), "--list", "省级专精特新", "--kind", "企业", "--by", "editor"]) == 0
    out = capsys.readouterr().out
    assert "名单“省级专精特新”：定位到县（市、区）5 行，仅到市州 1 行，未定位 0 行" in out
    assert "定位依据：地区列 3 行、编辑指定 1 行、名称中的地名 1 行" in out
    assert "第 7 行 某某电子有限公司：仅到十堰市" in out
    assert load.main(["--unassign", "某某食品有限责任公司", "--by", "editor"]) == 0  # the same name, however written
    assert list_assignments.current() == {}
    assert load.main(["--unassign", "某某食品有限公司"]) == 2
    assert load.main(["--assign", "某某=不存在县"]) == 2
    assert "县（市、区）须为湖北省的县级单位" in capsys.readouterr().err
