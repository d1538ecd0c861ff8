"""A county click reruns only the sections that show the county (ui.frame.county_sections), on every page that can.

A page that reads the selected county outside its county sections is rerun whole on a click, which is correct but
costs the server the whole page (bench.click_cpu): these pages must not, with a county selected."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP

DAYE = "420281"
# Every page with a county map; 县域画像 is the selected county's page and 全省一张图 is a deck.gl map: whole.
SECTIONED = ["overview", "growth", "cluster", "entity", "compete", "digital", "green", "assess", "targets"]


def opened_with_county(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.session_state["selected_county"] = DAYE
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", SECTIONED)
def test_the_page_reads_the_selected_county_only_in_its_county_sections(warehouse, page):
    at = opened_with_county(page)
    assert at.session_state["_county_sections"], "no county section: a click reruns the page whole"
    assert at.session_state["_county_read_outside"] is False


def test_once_the_records_are_narrowed_to_the_county_a_click_reruns_the_page_whole(warehouse):
    """稳步增长's 仅看已选县 switch narrows the project list to the selected county: the list is no county section,
    so with the switch on a click on another county must rerun the page (and the list follows)."""
    at = opened_with_county("growth")
    switch = at.toggle(key="growth_only")
    assert "大冶" in switch.label
    switch.set_value(True).run()
    assert at.session_state["_county_read_outside"] is True
