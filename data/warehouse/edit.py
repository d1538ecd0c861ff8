"""Changing the published warehouse: one writer at a time, on a copy, published only when the change is complete.

Loads, rollbacks, meeting snapshots and assessment weights all write through `working_copy()`:
the app keeps reading the current build until the copy is finished and swapped in
(data/build.publish), so a reader never sees half a change and a killed writer leaves the
old build in place.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb

import settings
from data import files
from data.warehouse import build, current, industry


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One writer at a time: two writers copying the same build would lose one of them on publish."""
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.WAREHOUSE_PATH.with_name(".build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        files.remove_dead_writers_files(settings.WAREHOUSE_PATH, "loading")  # of a killed writer
        yield


class WorkingCopy:
    """A writable copy of the current build; published when the block ends well and .publish is set."""

    def __init__(self):
        current = Path(os.path.realpath(settings.WAREHOUSE_PATH))
        self.path = current.with_name(f".{settings.WAREHOUSE_PATH.name}.{os.getpid()}.loading")
        shutil.copyfile(current, self.path)
        self.con = duckdb.connect(str(self.path))
        self.publish = False

    def close(self, ok: bool) -> None:
        try:
            if ok and self.publish:
                current.refresh(self.con)  # a load or rollback may have changed the county figures
                industry.refresh(self.con)  # or the firm records
            if ok:
                self.con.execute("checkpoint")
            self.con.close()
            if ok and self.publish:
                build.publish(self.path, settings.WAREHOUSE_PATH)
        finally:
            self.path.unlink(missing_ok=True)
            self.path.with_name(self.path.name + ".wal").unlink(missing_ok=True)


@contextlib.contextmanager
def working_copy(*, publish: bool = False) -> Iterator[WorkingCopy]:
    """Lock, copy the current build, yield it; publish it at the end when work.publish is true and nothing raised."""
    with _locked():
        work = WorkingCopy()
        work.publish = publish
        try:
            yield work
        except BaseException:
            work.close(ok=False)
            raise
        work.close(ok=True)
