"""county_sections: a click reruns the page's county sections only when nothing else on the page read the county."""

import pytest

from ui.frame import county_sections


class Reran(Exception):
    pass


@pytest.fixture
def reruns(monkeypatch):
    """Streamlit's session state and st.rerun / st.fragment, as the module uses them; the st.rerun calls."""
    state: dict = {}
    reruns: list = []

    def rerun(scope="app"):
        reruns.append(scope)
        raise Reran

    monkeypatch.setattr(county_sections.st, "session_state", state)
    monkeypatch.setattr(county_sections.st, "rerun", rerun)
    monkeypatch.setattr(county_sections.st, "fragment", lambda draw, key, run_every: draw)
    monkeypatch.setattr(county_sections, "_requested_page", lambda: state.get("asked for", "growth"))
    return reruns


def a_page(*, outside: bool) -> None:
    """A full run of a page with two county sections, reading the county outside them if told."""
    county_sections.start_full_run()
    county_sections.section("map", county_sections.note_read)
    county_sections.section("trend", county_sections.note_read)
    if outside:
        county_sections.note_read()
    county_sections.end_full_run()


def click() -> None:
    with pytest.raises(Reran):
        county_sections.rerun_after_click()


def test_a_click_reruns_the_sections_of_a_page_that_reads_the_county_only_in_them(reruns):
    a_page(outside=False)
    click()
    assert reruns == [["map", "trend"]]


def test_a_page_that_reads_the_county_elsewhere_is_rerun_whole(reruns):
    a_page(outside=True)
    click()
    assert reruns == ["app"]  # not Streamlit's default, which for a map inside a fragment is that fragment alone


def test_reads_after_the_full_run_do_not_change_the_page_it_drew(reruns):
    """The click callback itself reads the county (to toggle it), and so does a fragment rerun: neither is the
    page's layout."""
    a_page(outside=False)
    county_sections.note_read()  # a callback, before any run
    click()
    assert reruns == [["map", "trend"]]


def test_a_new_full_run_forgets_the_last_pages_sections(reruns):
    a_page(outside=False)
    county_sections.start_full_run()  # another page without sections
    county_sections.end_full_run()
    click()
    assert reruns == ["app"]


def test_a_section_returns_what_it_draws_and_reads_inside_it_are_not_marked(reruns):
    county_sections.start_full_run()
    assert county_sections.section("card", lambda a, key: (a, key), 1, key="k") == (1, "k")
    county_sections.section("nested_read", county_sections.note_read)
    assert county_sections.st.session_state["_county_read_outside"] is False


def test_a_click_that_comes_with_another_page_reruns_that_page_whole(reruns):
    """A callback can fire in the run that opens another page: the last page's sections are not that page's."""
    a_page(outside=False)
    county_sections.st.session_state["asked for"] = "digital"
    click()
    assert reruns == ["app"]
