"""AppTest of the exports: every chart offers PNG and SVG, and 生成会议材料 builds a deck of the filters shown."""

import io
import re

from pptx import Presentation

from tests.app.test_app import open_app


def image_buttons(at) -> list:
    return [b for b in at.get("download_button") if b.proto.label in ("PNG", "SVG")]


def test_every_chart_offers_png_and_svg_made_only_once_its_export_is_opened(warehouse):
    at = open_app("app_pages/growth.py")
    assert not at.exception, at.exception
    charts = at.get("plotly_chart")
    exports = [p.proto.popover.id.rsplit("-", 1)[1] for p in at.get("popover") if p.proto.popover.label == "导出图片"]
    assert len(charts) >= 3 and len(exports) == len(charts)
    assert image_buttons(at) == []  # closed: one element a chart, not five, on every run
    for key in exports:  # as a click on 导出图片 opens it: the popover's state, then a rerun
        at.session_state[key] = True
    at.run()
    assert not at.exception, at.exception
    assert len(image_buttons(at)) == 2 * len(charts)


def test_the_meeting_deck_is_built_for_the_filters_shown(warehouse):
    at = open_app()
    at.selectbox(key="prefecture").select("420200").run()
    next(b for b in at.button if b.label == "生成会议材料").click().run()
    assert not at.exception, at.exception
    (f, choices, snapshot), name, deck = at.session_state["meeting_deck"]
    assert f.prefecture == "420200" and snapshot is None and set(choices) == {"overview"}
    assert name.startswith("会议材料_2026年10月_黄石市") and name.endswith("_演示数据.pptx")
    slides = Presentation(io.BytesIO(deck)).slides
    assert len(slides) == 9  # cover, six 重点任务, 赛马, 目标责任 (no snapshot saved: no 自上次会议以来)
    cover = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "黄石市" in cover and "2026年10月" in cover
    assert [b for b in at.get("download_button") if b.proto.label == "下载会议材料（PPTX）"]


def test_league_catalog_and_profile_tables_offer_csv_and_excel(warehouse):
    for page, tables in (("app_pages/overview.py", 1), ("app_pages/catalog.py", 1), ("app_pages/county.py", 0)):
        at = open_app(page)
        labels = [b.proto.label for b in at.get("download_button")]
        assert labels.count("下载 CSV") >= tables and labels.count("下载 CSV") == labels.count("下载 Excel"), page
    profile = open_app("app_pages/county.py")
    profile.query_params["county"] = "420281"
    profile.run()
    assert [b.proto.label for b in profile.get("download_button")].count("下载 Excel") >= 5  # one per task area


def test_table_files_are_made_on_click_not_on_every_run(warehouse, monkeypatch):
    from ui.files import export

    made = []
    monkeypatch.setattr(export, "to_xlsx_bytes", lambda *a, **k: made.append("xlsx") or b"")
    monkeypatch.setattr(export, "to_csv_bytes", lambda *a, **k: made.append("csv") or b"")
    at = open_app("app_pages/digital.py")  # its village list is the largest table: 23,000 rows
    assert not at.exception, at.exception
    assert [b.proto.label for b in at.get("download_button")].count("下载 Excel") >= 1
    assert made == []


def test_a_long_record_list_lists_its_first_rows_and_says_how_many_there_are(warehouse):
    """The province's villages: the screen lists detail.MAX_LISTED of them and says how many there are."""
    from ui.sections import detail

    at = open_app("app_pages/digital.py")
    assert not at.exception, at.exception
    villages = [d for d in at.dataframe if "村代码" in d.value.columns]
    notes = [c.value for c in at.caption if c.value.startswith("共 ") and "数据来源：省通信管理局" in c.value]
    total = int(re.search(r"共 ([\d,]+) 条", notes[0]).group(1).replace(",", ""))
    assert total > detail.MAX_LISTED and len(villages) == 1 and len(villages[0].value) == detail.MAX_LISTED
    # The downloads hold all `total` rows: tests/browser/test_browser_exports counts the Excel's against this note.
    assert f"表中列出前 {detail.MAX_LISTED:,} 条" in notes[0]
