"""The servers' script-run log (ui/run_log): one line per finished run, nothing when it is not configured."""

from streamlit.testing.v1 import AppTest

import settings
from tests.test_app import APP
from ui import run_log


def test_nothing_is_written_without_a_log(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", None)
    run_log.record("growth", run_log.started())
    assert list(tmp_path.iterdir()) == []


def test_each_record_is_one_line_of_page_and_seconds(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", tmp_path / "runs.log")
    run_log.record("growth", run_log.started() - 1.5)
    run_log.record("", run_log.started())
    (first, seconds), (second, _) = run_log.read(tmp_path / "runs.log")
    assert first == "growth" and 1.5 <= seconds < 5
    assert second == "/"  # the default page has an empty path


def test_every_finished_page_run_is_logged(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", tmp_path / "runs.log")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/growth.py")
    at.run()
    assert not at.exception
    pages = [page for page, seconds in run_log.read(tmp_path / "runs.log") if seconds > 0]
    assert pages[-1] == "growth" and len(pages) == 2
