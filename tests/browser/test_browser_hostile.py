"""Hostile text in chromium: names from uploaded files, snapshot names and links are shown as text, never run.

A private warehouse gets a user-defined indicator, a file and a snapshot whose names are HTML
and script; the pages that show them must display the characters and run nothing: no script
sets window.__pwned, no <img> from the data reaches the DOM.
"""

from datetime import date
from urllib.parse import quote

import pytest

import settings
from data.importer.options import Options, parse_new
from data.warehouse import load, snapshots
from tests.browser.harness import SETTLED, Browser, full_screenshot, serve, var_env
from tests.private import publish_copy

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=2</script>"
INDICATOR = f"{IMG}技改数"
FILE_NAME = f"{SCRIPT}报表.csv"
SNAPSHOT = "<b onmouseover=window.__pwned=3>推进会"

RAN = "() => window.__pwned !== undefined || !!document.querySelector('img[src=\"x\"]') || " \
      "!!document.querySelector('b[onmouseover]')"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, warehouse):
    var = tmp_path_factory.mktemp("hostile")
    target = publish_copy(warehouse, var)
    upload = var / "upload.csv"
    upload.write_text(f"地区,{INDICATOR}\n大冶市,7\n阳新县,3\n", encoding="utf-8")
    saved = (settings.WAREHOUSE_PATH, settings.VAR_DIR, settings.RAW_DIR)
    settings.WAREHOUSE_PATH, settings.VAR_DIR, settings.RAW_DIR = target, var, var / "raw"
    try:
        load.load(upload, Options(period="2026年10月", new_indicators=(parse_new(f"{INDICATOR}:个:up:growth"),)),
                  loaded_by=SCRIPT, file_name=FILE_NAME)
        snapshots.save(SNAPSHOT, date(2026, 10, 1), by=IMG)
    finally:
        settings.WAREHOUSE_PATH, settings.VAR_DIR, settings.RAW_DIR = saved
    with serve(env={**var_env(var), "HUBEI_WAREHOUSE": str(target)}) as url:
        yield url


def picked_indicator() -> str:
    """The indicator picker's label for the hostile indicator, as a bound selectbox writes it in the link."""
    return quote(f"稳步增长 · {INDICATOR}（自定义）（个）")


@pytest.mark.parametrize("view, shows", [
    # The hostile indicator mapped, its league table, and the comparison with the hostile snapshot.
    (f"/growth?growth_indicator={picked_indicator()}&growth_snapshot={quote(SNAPSHOT + '（截至2026年10月）')}",
     (INDICATOR, f"自“{SNAPSHOT}”以来")),
    ("/data", ()),  # the batch log (file name, loaded by) is a canvas table: nothing to parse as HTML
    (f"/?county={quote(SCRIPT)}&prefecture={quote(IMG)}", ("总览",)),
])
def test_hostile_names_are_shown_as_text(hostile_server, artifacts, view, shows):
    with Browser() as browser:
        page, _log = browser.open(hostile_server + view)
        try:
            page.get_by_text("演示数据").first.wait_for(timeout=90_000)
            page.wait_for_function(SETTLED, timeout=120_000)
            page.wait_for_timeout(1500)  # figures render after the script ends
            name = view.split("?")[0].strip("/") or "overview"
            full_screenshot(page, artifacts / "screenshots" / f"hostile-{name}-{len(view)}.png")
            assert not page.evaluate(RAN), "text from a file ran as HTML or script"
            text = page.evaluate("() => document.body.innerText")
            assert all(shown in text for shown in shows), [shown for shown in shows if shown not in text]
        finally:
            page.close()
