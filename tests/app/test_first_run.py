"""First start: one shared build however many runs ask for it; a build that dies or stalls ends with a message."""

import sys
import threading
import time

import pytest

import settings
from ui.frame import first_run

# A stand-in for `python -m data.warehouse.build`: progress lines, then the warehouse file, then exit.
FAKE_BUILD = """
import sys, time, pathlib
print("PROGRESS 0.50 导入企业", flush=True)
time.sleep(float(sys.argv[1]))
pathlib.Path(sys.argv[2]).write_text("built")
print("PROGRESS 1.00 完成", flush=True)
"""


@pytest.fixture
def fresh_var(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", tmp_path / "warehouse.duckdb")
    monkeypatch.setattr(first_run, "_started", {})
    return tmp_path


def fake(seconds: float, target) -> list[str]:
    return [sys.executable, "-c", FAKE_BUILD, str(seconds), str(target)]


def wait(build: first_run.Build, limit: float = 20) -> None:
    deadline = time.monotonic() + limit
    while not (build.state.done or build.state.error) and time.monotonic() < deadline:
        time.sleep(0.05)


def test_twenty_runs_asking_at_once_share_one_build(fresh_var, monkeypatch):
    monkeypatch.setattr(first_run, "BUILD_COMMAND", fake(1.0, fresh_var / "warehouse.duckdb"))
    builds = []
    threads = [threading.Thread(target=lambda: builds.append(first_run.current_build())) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(b) for b in builds}) == 1
    wait(builds[0])
    assert builds[0].state.done and builds[0].state.fraction == 1.0 and builds[0].state.message == "完成"
    assert first_run.current_build() is builds[0]  # done and present: nobody builds again
    assert (fresh_var / "build.log").read_text(encoding="utf-8").count(" start ") == 1


def test_a_build_that_dies_is_reported_and_the_next_visit_starts_another(fresh_var, monkeypatch):
    monkeypatch.setattr(first_run, "BUILD_COMMAND", [sys.executable, "-c", "print('磁盘已满'); raise SystemExit(3)"])
    failed = first_run.current_build()
    wait(failed)
    assert failed.state.error and "磁盘已满" in failed.state.error and not failed.state.done
    monkeypatch.setattr(first_run, "BUILD_COMMAND", fake(0.1, fresh_var / "warehouse.duckdb"))
    again = first_run.current_build()
    assert again is not failed
    wait(again)
    assert again.state.done


def test_a_build_that_stalls_is_ended_within_the_stall_limit(fresh_var, monkeypatch):
    build = first_run.Build(fake(30, fresh_var / "warehouse.duckdb"), stall_seconds=0.5)
    started = time.monotonic()
    wait(build)
    assert time.monotonic() - started < 5
    assert build.state.error and "没有进展" in build.state.error
    assert not (fresh_var / "warehouse.duckdb").exists()  # the child was killed before it wrote anything


def test_a_build_waits_for_another_process_that_holds_the_lock_then_uses_its_warehouse(fresh_var, monkeypatch):
    import fcntl

    monkeypatch.setattr(first_run, "BUILD_COMMAND", [sys.executable, "-c", "raise SystemExit('must not run')"])
    with open(fresh_var / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another server process building
        build = first_run.current_build()
        time.sleep(0.3)
        assert not build.state.done and "其他服务进程" in build.state.message
        (fresh_var / "warehouse.duckdb").write_text("built by the other process")
    wait(build)
    assert build.state.done and not (fresh_var / "build.log").exists()


def test_a_killed_builds_staging_files_are_removed_by_the_next_build(tmp_path):
    from data import files

    target = tmp_path / "warehouse.duckdb"
    dead = tmp_path / f".{target.name}.999999999.building"
    dead.write_text("half a build")
    (tmp_path / f"{dead.name}.wal").write_text("its log")
    alive = tmp_path / f".{target.name}.1.building"  # pid 1 runs: another build at work
    alive.write_text("in progress")
    files.remove_dead_writers_files(target, "building")
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name]


def test_an_older_demo_warehouse_is_rebuilt_at_the_next_start_and_the_page_opens(tmp_path, monkeypatch):
    """After an update the first run must read an older warehouse's schema version before anything else."""
    import duckdb
    from streamlit.testing.v1 import AppTest

    import queries
    from data.warehouse import build
    from tests.browser.harness import var_env

    for name, value in var_env(tmp_path).items():
        monkeypatch.setenv(name, value)  # the build child reads the environment
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", tmp_path / "warehouse.duckdb")
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    monkeypatch.setattr(first_run, "_started", {})
    build.build(settings.WAREHOUSE_PATH)
    con = duckdb.connect(str(settings.WAREHOUSE_PATH.resolve()))
    con.execute("update meta set value = 'older' where key = 'schema_version'")
    for (name,) in con.execute("select function_name from duckdb_functions() "
                               "where function_type = 'macro' and not internal").fetchall():
        con.execute(f"drop macro if exists {name}")  # an older warehouse lacks this version's macros
    con.close()
    at = AppTest.from_file(str(settings.ROOT / "app.py"), default_timeout=180)
    at.run()
    assert not at.exception, at.exception
    assert queries.run("common/schema_state").iloc[0]["schema_version"] == build.schema_version()
    after_build = element_kinds(at)
    at.run()
    assert element_kinds(at) == after_build  # the page the build ended with is the next run's: nothing moves


def element_kinds(at) -> list[str]:
    """The kinds of the main area's top-level elements, in order (an emptied progress bar is one)."""
    return [node.type for node in at.main.children.values()]
