"""The protocol client of bench.ws_load drives a real server as the frontend would: pages, filters, map clicks."""

import asyncio

import pytest

from bench.ws_client import ProtocolError, Session


def test_a_session_opens_filters_and_clicks_like_a_browser(server):
    async def act():
        async with Session(server) as session:
            await session.open("")
            assert session.runs == 1 and len(session.widgets.maps[0][1]) == 103
            assert "growth" in session.pages and "市州" in session.widgets.selectboxes
            await session.choose("市州", "黄石市")
            await session.click_county("420281")
            assert any("已选：大冶市" in text for text in session.widgets.texts)
            await session.open("growth")
            assert any("已选：大冶市" in text for text in session.widgets.texts)  # the selection follows
            with pytest.raises(ProtocolError, match="no option"):
                await session.choose("市州", "不存在的市")

    asyncio.run(act())


def test_a_county_click_sends_only_the_sections_that_show_the_county(server):
    """稳步增长: the click reruns the map's section, the trend and the lines under the secondary maps, not the
    sidebar, the targets or the other charts; the county is there, and the filters still work after it. A click
    on another page before it changes nothing of this: the client forgets widgets no longer shown, as the
    frontend does, and a map callback that fires as another page opens reruns that page whole, not the last
    page's sections (county_sections.rerun_after_click)."""
    async def act():
        async with Session(server) as session:
            await session.open("")  # the overview's own map: its id changes with the outline
            await session.click_county("420222")
            await session.open("growth")
            page = session.drawn
            await session.click_county("420281")
            assert 0 < session.drawn < page / 2, (session.drawn, page)
            assert any("已选：大冶市" in text for text in session.widgets.texts)
            await session.choose("市州", "黄石市")
            assert session.drawn > page / 2

    asyncio.run(act())


def test_stale_map_selections_never_keep_the_server_rerunning(server):
    """A map's widget ID changes with its selection outline, so clicks leave selections under old IDs; a client
    that sends them back (as this one does) once made two of them select their counties in turn, forever."""
    async def act():
        async with Session(server, timeout=20) as session:
            await session.open("digital")
            for adcode in ("420281", "420222", "420281"):  # A, then B, then A again, on the page's first map
                await session.click_county(adcode)
            before = session.runs
            await session.choose("市州", "黄石市")
            assert session.runs - before <= 2

    asyncio.run(act())
