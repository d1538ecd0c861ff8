"""The servers' script-run log (ui/run_log): one line per finished run, nothing when it is not configured."""

import time

from streamlit.testing.v1 import AppTest

import queries
import settings
from tests.app.test_app import APP
from ui.frame import run_log


def test_nothing_is_written_without_a_log(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", None)
    run_log.record("growth", run_log.started(), 0)
    assert list(tmp_path.iterdir()) == []


def test_each_record_is_one_line_of_time_page_seconds_and_cache_size(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", tmp_path / "runs.log")
    before = time.time()
    run_log.record("growth", run_log.started() - 1.5, 17)
    run_log.record("", run_log.started(), 18)
    first, second = run_log.read(tmp_path / "runs.log")
    assert first.page == "growth" and 1.5 <= first.seconds < 5 and first.cached_queries == 17
    assert before - 0.001 <= first.ended <= second.ended <= time.time() + 0.001  # written to the millisecond
    assert second.page == "/"  # the default page has an empty path


def test_every_finished_page_run_is_logged(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "RUN_LOG", tmp_path / "runs.log")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page("app_pages/growth.py")
    at.run()
    assert not at.exception
    runs = [run for run in run_log.read(tmp_path / "runs.log") if run.seconds > 0]
    assert runs[-1].page == "growth" and len(runs) == 2
    assert 0 < runs[0].cached_queries <= runs[1].cached_queries == queries.cached_answers()
