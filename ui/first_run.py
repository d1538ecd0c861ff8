"""First start: build the warehouse in a child process when it is missing, with a visible progress bar.

The build runs as `python -m data.build` so the app process never imports the demo generator,
and under a file lock so two first visitors do not build twice.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys

import streamlit as st

import settings


def _build_with_progress() -> None:
    bar = st.progress(0.0, text="首次启动：正在建立数据仓库…")
    process = subprocess.Popen([sys.executable, "-m", "data.build"], cwd=settings.ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("PROGRESS "):
            _, fraction, message = line.rstrip("\n").split(" ", 2)
            bar.progress(float(fraction), text=f"首次启动：{message}…")
    if process.wait() != 0:
        st.error("数据仓库建立失败：\n\n" + "".join(output[-20:]))
        st.stop()
    bar.empty()


def ensure_warehouse() -> None:
    """Make sure a published warehouse exists before any page queries it."""
    if settings.WAREHOUSE_PATH.exists():
        return
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.VAR_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not settings.WAREHOUSE_PATH.exists():
            _build_with_progress()
