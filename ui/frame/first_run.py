"""First start: one warehouse build, in a child process, that every visitor watches until the map opens.

Streamlit runs each visitor's script in its own thread and stops it whenever the visitor reloads or clicks
elsewhere, so a build tied to a script run is abandoned (and restarted) by a restless visitor: six page
clicks once started six builds. Here the build belongs to the server process: the first run starts it,
a reader thread follows its progress lines, and every later run of any session attaches to the same build.
Across server processes a file lock lets one build; the others wait for the lock. A build that dies, or
prints nothing for settings.BUILD_STALL_SECONDS, is ended and every waiting visitor gets a message.
The build runs as `python -m data.warehouse.build` so the app process never imports the demo generator.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import streamlit as st

import queries
import settings
from data.warehouse import build

POLL_SECONDS = 0.25
BUILD_COMMAND = [sys.executable, "-m", "data.warehouse.build"]


@dataclass
class BuildState:
    """What a build has said so far: progress, and how it ended."""
    fraction: float = 0.0
    message: str = "等待开始"
    done: bool = False
    error: str | None = None
    output: deque = field(default_factory=lambda: deque(maxlen=20))


class Build:
    """One build of the warehouse in a child process, followed by a daemon thread of this server process."""

    def __init__(self, command: list[str], stall_seconds: float):
        self.command, self.stall_seconds = command, stall_seconds
        self.state = BuildState()
        self.thread = threading.Thread(target=self._run, name="warehouse-build", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        with open(settings.VAR_DIR / ".build.lock", "w") as lock:
            self.state.message = "等待其他服务进程完成建库"
            fcntl.flock(lock, fcntl.LOCK_EX)  # another server process may be building: wait for it
            try:
                if "--force" not in self.command and settings.WAREHOUSE_PATH.exists():
                    self.state.done = True  # that other process built it
                    return
                _log_start(self.command)
                self._follow(subprocess.Popen(self.command, cwd=settings.ROOT, stdout=subprocess.PIPE,
                                              stderr=subprocess.STDOUT, text=True, bufsize=1))
            except OSError as error:
                self.state.error = f"无法启动建库进程：{error}"

    def _follow(self, process: subprocess.Popen) -> None:
        """Read the child's lines into the state; end it when it stalls; record how it ended."""
        lines: deque = deque()
        reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
        reader.start()
        last_heard = time.monotonic()
        while reader.is_alive() or lines:
            while lines:
                last_heard = time.monotonic()
                self._heard(lines.popleft())
            if time.monotonic() - last_heard > self.stall_seconds:
                process.kill()
                process.wait()
                self.state.error = f"建库进程 {self.stall_seconds:.0f} 秒没有进展，已终止。"
                return
            time.sleep(POLL_SECONDS / 2)
        if process.wait() != 0:
            self.state.error = "建库进程失败：\n\n" + "".join(self.state.output)
        else:
            self.state.done = True

    def _heard(self, line: str) -> None:
        self.state.output.append(line)
        if line.startswith("PROGRESS "):
            _, fraction, message = line.rstrip("\n").split(" ", 2)
            self.state.fraction, self.state.message = float(fraction), message


def _log_start(command: list[str]) -> None:
    """One line per build started, so the operator (and a test) can count them."""
    with open(settings.VAR_DIR / "build.log", "a", encoding="utf-8") as log:
        log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} start {' '.join(command[1:])}\n")


_started: dict[str, Build] = {}
_started_lock = threading.Lock()


def current_build(force: bool = False) -> Build:
    """The build every session of this process shares: started by the first to ask; again only after a failure."""
    with _started_lock:
        running = _started.get("build")
        gone = running is not None and running.state.done and not settings.WAREHOUSE_PATH.exists()
        if running is None or running.state.error or gone:
            command = BUILD_COMMAND + (["--force"] if force else [])
            running = _started["build"] = Build(command, settings.BUILD_STALL_SECONDS)
        return running


def _wait_for(running: Build, reason: str) -> None:
    """Show the shared build's progress until it is done; on failure say so and stop this run."""
    bar = st.progress(0.0, text=f"{reason}：正在建立数据仓库…")
    while not (running.state.done or running.state.error):
        bar.progress(min(running.state.fraction, 1.0), text=f"{reason}：{running.state.message}…")
        time.sleep(POLL_SECONDS)
    bar.empty()
    if running.state.error:
        st.error(f"数据仓库建立失败，请联系管理员。{running.state.error}")
        st.button("重试", key="first_run_retry")  # the next run starts a new build (this one failed)
        st.stop()
    # The page from the top: drawn after the emptied bar, every element would sit one place lower than in
    # the next run, which would then remount them all (the maps drawn twice).
    st.rerun()


def ensure_warehouse() -> None:
    """Make sure a published warehouse of this version's schema exists before any page queries it.

    A demo warehouse of an older schema is rebuilt; one holding loaded official data is not
    touched (its raw files rebuild it: python -m data.warehouse.build --source), and the app says so.
    """
    if not settings.WAREHOUSE_PATH.exists():
        _wait_for(current_build(), "首次启动")
        return
    info = queries.run("common/schema_state").iloc[0]  # plain SQL: it must run on any older schema
    if info["schema_version"] == build.schema_version():
        return
    if not bool(info["only_demo"]):
        st.error("数据仓库的表结构来自旧版本，且含已导入的正式数据，未自动重建。请管理员按 README 用原始文件重建："
                 "python -m data.warehouse.build --force --source 目录。")
        st.stop()
    _wait_for(current_build(force=True), "程序已更新")
