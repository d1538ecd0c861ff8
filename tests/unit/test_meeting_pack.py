"""会议材料 deck: a 16:9 cover, six task-area slides with map, league table, targets, sources and demo mark, the
赛马, and what moved since a meeting snapshot; the presenter's choices on the pages shape the maps."""

import ast
import csv
import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

import queries
from queries import periods
from ui.figures import specs
from ui.files import figure_export, meeting_pack, meeting_race, meeting_targets
from ui.files.slides import FONT
from ui.style import labels

ROOT = Path(__file__).resolve().parents[2]
ALL = dict(prefecture=None, metro_circle=None, county_type=None, in_scope_only=False)


@pytest.fixture(scope="module")
def as_of(warehouse) -> date:
    return pd.Timestamp(queries.run("common/months")["period"].max()).date()


@pytest.fixture(scope="module")
def built(as_of):
    """One deck for the module (the province, the latest month), with the progress it reported."""
    calls = []
    deck = meeting_pack.build_deck(as_of, ALL, progress=lambda fraction, message: calls.append((fraction, message)))
    figure_export.stop()
    return Presentation(io.BytesIO(deck)), calls, deck


@pytest.fixture(scope="module")
def slides(built):
    return list(built[0].slides)


def texts(slide) -> list[str]:
    """The text of every text box and table cell on a slide."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_deck_is_16_9_with_a_cover_the_six_task_areas_and_the_race(built, slides):
    prs = built[0]
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(slides) == 1 + 6 + 2  # no snapshot chosen: no 自上次会议以来 slide
    titles = [texts(s)[0] for s in slides[1:]]
    assert titles == [f"{i}. {name}" for i, name in enumerate(
        ["稳步增长", "产业集聚", "市场主体", "企业竞争力", "数字化转型", "绿色发展", "强县考核 · 赛马",
         "目标责任 · 序时进度"], start=1)]


def test_the_race_slide_ranks_the_leading_counties_and_every_prefecture(slides, as_of):
    county_table, prefecture_table = (rows(t) for t in tables(slides[7]))
    scores = queries.run("assess/score_by_county", version=int(queries.run("assess/versions")["version_id"].iloc[0]),
                         period=as_of, snapshot=None, cut_high=None, cut_low=None, **ALL)
    best = scores.sort_values("rank").head(meeting_race.RACE_TOP)
    assert [r[0] for r in county_table[1:]] == [str(int(r)) for r in best["rank"]]
    assert [r[2] for r in county_table[1:]] == [labels.number(v, "分") for v in best["value"]]
    assert len(prefecture_table) == 1 + 17


def test_the_presenters_choices_shape_the_area_slides(as_of):
    content = meeting_pack.area_content(meeting_pack.AREAS[0], as_of, ALL,
                                        meeting_pack.Choice("output_yi", "tiers", ("都市圈",)))
    assert content.indicator.name == "output_yi"
    unknown = meeting_pack.area_content(meeting_pack.AREAS[0], as_of, ALL, meeting_pack.Choice("no_such_id"))
    assert unknown.indicator.name == meeting_pack.AREAS[0].default


def test_an_area_slides_map_is_classed_over_every_period_as_the_page_is(as_of):
    content = meeting_pack.area_content(meeting_pack.AREAS[0], as_of, ALL)
    pooled, note = specs.pooled_class_values(content.indicator, as_of, ALL | {"industry": None})
    assert pooled and content.class_values == pooled and "各期图例一致" in note
    assert len(pooled) > content.frame["value"].notna().sum()  # more than the month shown
    tiers = meeting_pack.area_content(meeting_pack.AREAS[0], as_of, ALL, meeting_pack.Choice(method="tiers"))
    assert tiers.class_values is None  # tiers are by rank: nothing to pool


def test_with_an_industry_each_area_slide_maps_the_industry_as_its_page_does(as_of):
    by_id = {area.id: area for area in meeting_pack.AREAS}
    share = meeting_pack.area_content(by_id["cluster"], as_of, ALL, industry="auto")
    assert share.indicator.name == "ind_output_share_pct"  # the area's own measure, as the page's default
    assert share.indicator["name"] == "汽车（C36）：产值占本县比重（累计）"
    assert share.frame["value"].notna().sum() == 103 and share.period_text == "2026年10月"
    growth = meeting_pack.area_content(by_id["digital"], as_of, ALL, industry="auto")
    assert growth.indicator.name == "ind_output_growth_ytd_pct"  # no measure of its own: the industry's growth
    chosen = meeting_pack.area_content(by_id["growth"], as_of, ALL, meeting_pack.Choice("va_growth_ytd_pct"),
                                       industry="auto")
    assert chosen.indicator["name"].endswith("（全部行业）")  # a county statistic the industry does not cut
    assert meeting_pack.describe_scope(ALL) + " · " + meeting_pack.industry_name("auto") == "全省 · 汽车（C36）"


def test_a_snapshot_adds_what_moved_since_the_last_meeting(private_warehouse, as_of):
    from data.warehouse import snapshots

    snapshot_id = snapshots.save("2026年3月推进会", date(2026, 3, 1), by="测试")
    snapshot = queries.run("snapshot/snapshots").set_index("snapshot_id").loc[snapshot_id]
    deck = Presentation(io.BytesIO(meeting_pack.build_deck(as_of, ALL, snapshot=snapshot)))
    since = list(deck.slides)[-1]
    assert texts(since)[0] == "9. 自上次会议以来" and "2026年3月推进会" in texts(since)[1]
    table = rows(tables(since)[0])
    assert table[0] == meeting_race.SINCE_HEADER and len(table) > 1
    for row in table[1:]:
        content = meeting_pack.area_content(next(a for a in meeting_pack.AREAS if a.title == row[0]), as_of, ALL)
        frame = queries.run("snapshot/indicator_vs_snapshot", indicator=content.indicator.name,
                            period=content.period, snapshot=snapshot_id, **ALL)
        moved = (frame["rank_then"] - frame["rank"]).dropna()
        assert row[2:4] == [str(int((moved > 0).sum())), str(int((moved < 0).sum()))]


def test_the_targets_slide_counts_each_indicators_counties_by_pace(slides, as_of):
    (table,) = (rows(t) for t in tables(slides[8]))
    assert table[0] == meeting_targets.HEADER and len(table) == 1 + 5  # the demo's five indicators
    growth = next(r for r in table[1:] if r[0].startswith("规上工业增加值增速（累计） · 2026年"))
    frame = queries.run("targets/pace_by_county", indicator="va_growth_ytd_pct", year=2026, as_of=as_of,
                        version=None, **ALL)
    counts = frame["status"].value_counts()
    assert growth[1:4] == ["103", str(counts["达到序时进度"]), str(counts["落后序时进度"])]
    worst = frame.sort_values("gap").iloc[0]
    assert growth[-1].startswith(f"{worst['short_name']}（")  # furthest behind first
    output = next(r for r in table[1:] if r[0].startswith("规上工业总产值（全年）"))
    assert output[0].endswith("2025年") and output[6] == "0"  # 2026's total is not out: the newest year with figures


def test_cover_names_the_deck_period_as_of_date_and_demo(slides, as_of):
    info = queries.run("common/warehouse_info").iloc[0]
    cover = "\n".join(texts(slides[0]))
    assert meeting_pack.DECK_TITLE in cover and "全省" in cover
    assert f"期别：{labels.period_label(as_of)}" in cover
    assert figure_export.as_of_text(info["built_at"]) in cover
    assert labels.DEMO_NOTE in cover


def test_every_slide_carries_the_demo_mark(slides):
    for slide in slides:
        marks = [s for s in slide.shapes if s.name == "demo-mark"]
        assert [m.text_frame.text for m in marks] == [labels.DEMO_MARK]
        assert labels.DEMO_NOTE in texts(slide)[-1]  # the footer, last on the slide


def test_each_area_slide_has_its_map_picture_and_league_table(slides, as_of):
    for area, slide in zip(meeting_pack.AREAS, slides[1:]):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, area.id
        assert pictures[0].image.content_type == "image/png" and pictures[0].image.size == tuple(
            px * meeting_pack.MAP_SCALE for px in meeting_pack.MAP_PX)
        league = rows(tables(slide)[0])
        assert league[0][:2] == ["排名", "县（市、区）"]
        indicator = queries.run("common/indicators").set_index("id").loc[area.default]
        assert f"（{indicator['unit']}）" in league[0][2]
        frame = queries.run("overview/indicator_by_county", indicator=area.default,
                            period=periods.latest_period(area.default, as_of), **ALL)
        ranked = frame[frame["value"].notna()].sort_values("rank")
        first, last = ranked.iloc[0], ranked.iloc[-1]
        assert league[1][0] == "1" and league[1][1].startswith(first["short_name"])
        assert league[1][2] == labels.number(first["value"], indicator["unit"])
        assert league[-1][0] == str(int(last["rank"])) and league[-1][1].startswith(last["short_name"])
        assert len(league) == 1 + 2 * meeting_pack.LEAGUE_EACH + 1 and league[6][0] == "…"
        assert indicator["source"] in texts(slide)[-1] and "数据截至" in texts(slide)[-1]


def test_each_area_slide_shows_its_targets(slides, as_of):
    for area, slide in zip(meeting_pack.AREAS, slides[1:]):
        targets = queries.run("common/target_progress", area=area.id, as_of=as_of)
        if targets.empty:
            assert meeting_pack.NO_TARGET_NOTE in texts(slide) and len(tables(slide)) == 1, area.id
            continue
        table = rows(tables(slide)[1])
        assert table[0] == meeting_pack.TARGET_HEADER
        assert [r[0] for r in table[1:]] == list(targets["label"])
        assert {r[4] for r in table[1:]} <= {"已达成", "按进度", "落后进度", "未达成", "暂无数据"}


def test_every_run_names_the_font_every_windows_and_wps_machine_has_for_latin_and_east_asian_text(slides):
    assert FONT == "Microsoft YaHei"  # 微软雅黑: the deck opens at the meeting without a substitute font
    for slide in slides:
        runs = slide.shapes._spTree.findall(".//" + qn("a:rPr"))
        assert runs
        for r_pr in runs:
            assert r_pr.find(qn("a:latin")).get("typeface") == FONT
            assert r_pr.find(qn("a:ea")).get("typeface") == FONT


def test_progress_is_reported_from_0_to_1_once_per_slide(built):
    calls = built[1]
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    assert len(calls) == 1 + 6 + 2 + 1  # cover, areas, 赛马, 目标责任, done
    assert "赛马" in calls[7][1]
    assert all(area.title in message for area, (_, message) in zip(meeting_pack.AREAS, calls[1:]))


def test_areas_follow_the_catalog_and_the_pages_defaults():
    with open(ROOT / "data" / "warehouse" / "catalog" / "areas.csv", encoding="utf-8") as f:
        catalog = [r for r in csv.DictReader(f)][:6]
    assert [(a.id, a.title, a.clause) for a in meeting_pack.AREAS] == [(r["id"], r["name"], r["clause"])
                                                                     for r in catalog]
    for area in meeting_pack.AREAS:
        page = ast.parse((ROOT / "app_pages" / f"{area.id}.py").read_text(encoding="utf-8"))
        call = next(n for n in ast.walk(page) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "standard")
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords}
        assert (kwargs["default"], kwargs.get("layers", ())) == (area.default, area.layers)


def test_a_filtered_league_lists_every_county_of_the_filter(warehouse, as_of):
    huangshi = dict(ALL, prefecture="420200")
    assert meeting_pack.describe_scope(huangshi) == "黄石市"
    content = meeting_pack.area_content(meeting_pack.AREAS[0], as_of, huangshi)
    _, league = meeting_pack.league_rows(content.frame, content.indicator["unit"])
    in_filter = content.frame[content.frame["in_filter"]]
    assert len(league) == len(in_filter) <= 2 * meeting_pack.LEAGUE_EACH
    assert all(row[1].endswith("（黄石）") for row in league) and league[0][0] == "1"
    core = dict(ALL, metro_circle="武鄂黄黄", in_scope_only=True)
    assert meeting_pack.describe_scope(core) == "武鄂黄黄 · 强县工程范围"


def test_a_slide_without_data_or_demo_says_so_and_carries_no_mark(warehouse):
    prs = Presentation()
    content = meeting_pack.AreaContent(meeting_pack.AREAS[3])
    meeting_pack.area_slide(prs, content, number=4, scope="全省", as_of_line="数据截至2026年12月1日", demo=False)
    slide = prs.slides[0]
    words = "\n".join(texts(slide))
    assert "尚无已加载的县域数据" in words and meeting_pack.NO_TARGET_NOTE in words
    assert labels.DEMO_MARK not in words and not [s for s in slide.shapes if s.name == "demo-mark"]


@pytest.mark.skipif(not (shutil.which("libreoffice") and shutil.which("pdftotext")),
                    reason="optional: apt-get install libreoffice-impress-nogui poppler-utils")
def test_libreoffice_renders_every_slide_in_the_cjk_font(built, tmp_path):
    """The deck through LibreOffice to PDF: eight pages, each with its title and the demo mark, one CJK family
    (LibreOffice, without 微软雅黑, substitutes a CJK face for its East Asian text)."""
    (tmp_path / "deck.pptx").write_bytes(built[2])
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "deck.pptx")],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "deck.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    assert len([p for p in pages if p.strip()]) == 9
    for page, title in zip(pages, [meeting_pack.DECK_TITLE] + [a.title for a in meeting_pack.AREAS]):
        flat = "".join(page.split())  # LibreOffice spaces CJK from Latin text; compare without spaces
        assert "".join(title.split()) in flat and labels.DEMO_MARK in flat
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    # Without 微软雅黑 (a Linux machine), LibreOffice draws the Chinese in the CJK face fontconfig offers (a TTC's
    # faces are embedded under the collection's first name, NotoSansCJKjp-…) and Latin text in its own fallback.
    assert any("NotoSansCJK" in n for n in names), names
    assert all("NotoSansCJK" in n or "DejaVuSans" in n for n in names), names
