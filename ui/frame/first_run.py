"""First start: build the warehouse in a child process when it is missing, with a visible progress bar.

The build runs as `python -m data.warehouse.build` so the app process never imports the demo generator,
and under a file lock so two first visitors do not build twice.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys

import streamlit as st

import queries
import settings
from data.warehouse import build


def _build_with_progress(reason: str = "首次启动", force: bool = False) -> None:
    bar = st.progress(0.0, text=f"{reason}：正在建立数据仓库…")
    command = [sys.executable, "-m", "data.warehouse.build"] + (["--force"] if force else [])
    process = subprocess.Popen(command, cwd=settings.ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for line in process.stdout:
        output.append(line)
        if line.startswith("PROGRESS "):
            _, fraction, message = line.rstrip("\n").split(" ", 2)
            bar.progress(float(fraction), text=f"{reason}：{message}…")
    if process.wait() != 0:
        st.error("数据仓库建立失败：\n\n" + "".join(output[-20:]))
        st.stop()
    bar.empty()


def ensure_warehouse() -> None:
    """Make sure a published warehouse of this version's schema exists before any page queries it.

    A demo warehouse of an older schema is rebuilt; one holding loaded official data is not
    touched (its raw files rebuild it: python -m data.warehouse.build --source), and the app says so.
    """
    if settings.WAREHOUSE_PATH.exists():
        _ensure_current()
        return
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.VAR_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not settings.WAREHOUSE_PATH.exists():
            _build_with_progress()


def _ensure_current() -> None:
    info = queries.run("common/warehouse_info").iloc[0]
    if info["schema_version"] == build.schema_version():
        return
    if not bool(info["only_demo"]):
        st.error("数据仓库的表结构来自旧版本，且含已导入的正式数据，未自动重建。请管理员按 README 用原始文件重建："
                 "python -m data.warehouse.build --force --source 目录。")
        st.stop()
    with open(settings.VAR_DIR / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if queries.run("common/warehouse_info").iloc[0]["schema_version"] != build.schema_version():
            _build_with_progress("程序已更新", force=True)
