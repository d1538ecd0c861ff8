"""First start as restless visitors live it: tabs, reloads and page clicks while the warehouse builds; one build."""

import threading
import time
from pathlib import Path

import pytest

from tests.browser.harness import Browser, full_screenshot, map_county_count, serve, var_env


def build_children(server_pid: int) -> set[int]:
    """Pids of `python -m data.warehouse.build` processes whose parent is the server."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == server_pid and b"data.warehouse.build" in cmdline:
            found.add(int(proc.name))
    return found


class BuildWatch:
    """Collects every build child the server starts, until stopped."""

    def __init__(self, server_pid: int):
        self.seen: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(server_pid,), daemon=True)
        self._thread.start()

    def _watch(self, server_pid: int) -> None:
        while not self._stop.is_set():
            self.seen |= build_children(server_pid)
            time.sleep(0.05)

    def stop(self) -> set[int]:
        self._stop.set()
        self._thread.join()
        return self.seen


def server_pid_of(url: str) -> int:
    port = url.rsplit(":", 1)[1].encode()
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"streamlit" in cmdline and port in cmdline:
                return int(proc.name)
    raise RuntimeError("no server process")


@pytest.fixture
def empty_var(tmp_path):
    return var_env(tmp_path), tmp_path


def test_restless_first_visitors_start_exactly_one_build_and_all_land_on_the_map(empty_var, artifacts):
    env, var = empty_var
    with serve(env=env) as url, Browser() as browser:
        watch = BuildWatch(server_pid_of(url))
        first, _ = browser.open(url + "/")
        first.get_by_text("正在建立数据仓库").or_(first.get_by_text("首次启动")).first.wait_for(timeout=30_000)
        for path in ("/growth", "/cluster", "/entity", "/digital", "/green", "/overview"):
            first.goto(url + path, wait_until="commit")  # a visitor clicking through pages mid-build
            first.wait_for_timeout(300)
        others = [browser.open(url + path)[0] for path in ("/", "/growth")]
        others[0].reload(wait_until="commit")
        for page in [first, *others]:
            page.locator("path.choroplethlocation").first.wait_for(timeout=180_000)
            assert map_county_count(page) == 103
        # Each on the page it asked for, once the build is done (not sent to the overview).
        others[1].get_by_role("heading", name="稳步增长").wait_for(timeout=30_000)
        assert others[1].url.endswith("/growth")
        full_screenshot(first, artifacts / "screenshots" / "first-run-landed.png")
        started = watch.stop()
    assert len(started) == 1, f"{len(started)} builds started"
    leftovers = [p.name for p in var.iterdir() if p.name.endswith((".building", ".wal"))]
    assert leftovers == []
    assert (var / "build.log").read_text(encoding="utf-8").count(" start ") == 1


def test_overview_has_its_own_address(server, artifacts):
    with Browser() as browser:
        page, _ = browser.open(server + "/overview")
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_role("heading", name="总览").count() >= 1
