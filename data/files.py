"""Files written whole or not at all: the raw store, saved uploads, the user store.

A reader (or a later run) sees either the old file or the complete new one, never a part: the bytes
go to a hidden temp file beside the target, are flushed to disk, and are renamed over the target;
the rename is flushed too, so it survives a power cut. A writer killed halfway leaves only its temp
file, which the next write of the same target removes once the process that wrote it is gone.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

# The file systems here allow 255 bytes per name. A stored name (raw store, uploads) gets a 17-byte checksum
# prefix, and the temp file of a whole write (.<name>.<pid>.part) and a raw file's _未导入行.xlsx add more.
NAME_MAX = 255
STORED_NAME_BYTES = 160


def fit_name(name: str, budget: int = STORED_NAME_BYTES) -> str:
    """The name cut to budget UTF-8 bytes (whole characters), keeping a short extension: safe to store under."""
    if len(name.encode("utf-8")) <= budget:
        return name
    stem, suffix = os.path.splitext(name)
    suffix = suffix if len(suffix.encode("utf-8")) <= 16 else ""
    return stem.encode("utf-8")[:budget - len(suffix.encode("utf-8"))].decode("utf-8", "ignore") + suffix


def write_whole(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace path with data, whole; the file gets mode (0600: the service's account only, like all of var/)."""

    def fill(partial: Path) -> None:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode), "wb") as out:
            os.fchmod(out.fileno(), mode)  # O_CREAT's mode is filtered by the umask
            out.write(data)

    _replace(path, fill)


def copy_whole(source: Path, path: Path) -> None:
    """Replace path with a copy of source, whole."""
    _replace(path, lambda partial: shutil.copyfile(source, partial))


def _replace(path: Path, fill: Callable[[Path], None]) -> None:
    remove_dead_writers_files(path, "part")
    partial = _part_name(path, os.getpid())
    try:
        fill(partial)
        with open(partial, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _part_name(path: Path, pid: int) -> Path:
    return path.with_name(f".{path.name}.{pid}.part")


def remove_dead_writers_files(target: Path, kind: str) -> None:
    """Work files beside target named `.<target name>.<pid>.<kind>` (and their `.wal`) whose writer was killed.

    The temp files of this module (part), the working copies of a load (loading) and the staging file of a
    build (building) all carry their writer's pid, so a later writer can tell a dead one's leftovers from a
    live one's work.
    """
    prefix = f".{target.name}."
    for stray in target.parent.glob(f"{prefix}*.{kind}*"):
        pid, _, rest = stray.name.removeprefix(prefix).partition(".")
        if rest in (kind, f"{kind}.wal") and pid.isdigit() and not process_running(int(pid)):
            stray.unlink(missing_ok=True)


def process_running(pid: int) -> bool:
    """Whether a process with this pid runs (someone else's counts): a temp file's writer still at work."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
