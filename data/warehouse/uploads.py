"""Uploads in the raw store: kept once, owned, and removed when no batch needs them any more.

The page saves an upload straight into the raw store under the name data/importer/ingest.keep_raw
gives it (<sha256[:16]>_<name>), so the preview and the load find it there and copy nothing: one
copy per file, not two. Who uploaded which file is kept beside it (raw/.uploads.json). A raw file
that a batch points at (its file, or its rows left out) stays as long as the batch. Any other —
refused at preview or load, or abandoned — is removed UPLOAD_RETENTION_DAYS after it was last
uploaded, and one user's such files are capped at UPLOAD_USER_MB: their oldest go first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

import settings
from data import files

# Raw files a batch needs: its upload and the Excel of its rows left out (loaded or rolled back, both kept).
NEEDED = "select raw_path from batch where raw_path is not null union select rejected_path from batch " \
         "where rejected_path is not null"
KEPT_ALWAYS = {"load-log.jsonl", ".uploads.json", ".uploads.json.lock"}


def _index_path() -> Path:
    return settings.RAW_DIR / ".uploads.json"


@contextlib.contextmanager
def _owners() -> Iterator[dict]:
    """The owner index, locked, written back whole (0600) when the block ends well."""
    settings.RAW_DIR.mkdir(parents=True, exist_ok=True)
    with open(settings.RAW_DIR / ".uploads.json.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            owners = json.loads(_index_path().read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            owners = {}
        yield owners
        files.write_whole(_index_path(), json.dumps(owners, ensure_ascii=False).encode("utf-8"), mode=0o600)


def keep_upload(data: bytes, name: str, by: str) -> Path:
    """The upload in the raw store, written once (0600); a new upload sweeps and applies the owner's cap."""
    path = settings.RAW_DIR / f"{hashlib.sha256(data).hexdigest()[:16]}_{files.fit_name(Path(name).name)}"
    with _owners() as owners:
        if path.exists():
            os.utime(path)  # uploaded again: its retention starts again
        else:
            files.write_whole(path, data, mode=0o600)
        owners[path.name] = {"by": by, "at": time.time()}
        _sweep(owners, keep=path.name, by=by)
    return path


def _needed() -> set[str] | None:
    """Names of the raw files the published warehouse's batches point at."""
    try:
        con = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    except duckdb.Error:
        return None  # no warehouse to ask: remove nothing
    try:
        return {Path(p).name for (p,) in con.execute(NEEDED).fetchall()}
    finally:
        con.close()


def _sweep(owners: dict, *, keep: str, by: str) -> None:
    """Remove unneeded raw files past the retention, then by's oldest unneeded ones beyond the cap."""
    needed = _needed()
    if needed is None:
        return
    spare = [p for p in settings.RAW_DIR.iterdir() if p.is_file() and p.name not in needed | KEPT_ALWAYS
             and p.name != keep and not p.name.startswith(".")]
    cutoff = time.time() - settings.UPLOAD_RETENTION_DAYS * 86400
    legacy = settings.VAR_DIR / "uploads"  # the second copy every upload used to leave
    for path in [p for p in spare if p.stat().st_mtime < cutoff] + list(legacy.glob("*") if legacy.is_dir() else []):
        _remove(path, owners)
    mine = sorted((p for p in spare if p.exists() and owners.get(p.name, {}).get("by") == by),
                  key=lambda p: p.stat().st_mtime)
    total = sum(p.stat().st_size for p in mine) + (settings.RAW_DIR / keep).stat().st_size
    while mine and total > settings.UPLOAD_USER_MB * 2**20:
        oldest = mine.pop(0)
        total -= oldest.stat().st_size
        _remove(oldest, owners)


def _remove(path: Path, owners: dict) -> None:
    path.unlink(missing_ok=True)
    owners.pop(path.name, None)
