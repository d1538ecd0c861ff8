"""Issue 18 item 6: one copy per upload, refused and abandoned ones removed in time, a cap per user, files 0600.

On a private copy of the demo warehouse, and (for the file modes) a fresh build in a var folder of its own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import settings
from data.warehouse import load
from tests.app.test_write_limits import daye_file
from ui.sections import data_admin

ROOT = Path(__file__).resolve().parents[2]
OLD = time.time() - 30 * 86400


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def stored(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def upload(path: Path, name: str | None = None) -> tuple[Path, str]:
    return data_admin._saved_upload(SimpleNamespace(name=name or path.name, getvalue=path.read_bytes))


def test_an_upload_is_kept_once_through_preview_and_load(private_warehouse, tmp_path):
    source = daye_file(tmp_path / "in")
    saved, name = upload(source)
    load.preview(saved, file_name=name)
    load.load(saved, loaded_by="测试", file_name=name)
    copies = [p for p in stored(settings.VAR_DIR) if p.read_bytes() == source.read_bytes() and p != source]
    assert copies == [saved] and saved.parent == settings.RAW_DIR


def test_refused_uploads_go_after_the_retention_and_a_loaded_batch_keeps_its_file(private_warehouse, tmp_path):
    loaded, name = upload(daye_file(tmp_path / "a"))
    load.load(loaded, loaded_by="测试", file_name=name)
    refused = tmp_path / "b" / "refused.csv"
    refused.parent.mkdir()
    refused.write_text("不是报表\n", encoding="utf-8")
    refused_copy, _ = upload(refused)
    for path in (loaded, refused_copy):
        os.utime(path, (OLD, OLD))
    fresh = tmp_path / "c.csv"
    fresh.write_text("另一个文件\n", encoding="utf-8")
    upload(fresh)
    assert loaded.exists() and not refused_copy.exists()


def test_one_user_keeps_at_most_the_cap(private_warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "UPLOAD_USER_MB", 2.5)
    paths = []
    for i in range(4):  # 1 MB each: the fourth pushes out the first
        path = tmp_path / f"big{i}.csv"
        path.write_bytes(bytes([48 + i]) * 2**20)
        paths.append(upload(path)[0])
        os.utime(paths[-1], (time.time() - 100 + i, time.time() - 100 + i))
    assert [p.exists() for p in paths] == [False, False, True, True]
    assert sum(p.stat().st_size for p in stored(settings.RAW_DIR)) <= 2.5 * 2**20


def test_a_fresh_build_and_everything_under_var_is_for_the_service_only(tmp_path, monkeypatch):
    """Files 0600, folders 0700, whatever the shell's umask was (022 here gave 0644 before)."""
    var = tmp_path / "var"
    monkeypatch.setattr(settings, "VAR_DIR", var)
    monkeypatch.setattr(settings, "RAW_DIR", var / "raw")
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", var / "warehouse.duckdb")
    monkeypatch.setattr(settings, "AUDIT_PATH", var / "audit.jsonl")
    source = daye_file(tmp_path / "source", "county_values.csv").parent
    previous = os.umask(0o022)  # the shell's usual umask: files 0644 unless the app says otherwise
    try:
        subprocess.run([sys.executable, "-m", "data.warehouse.build", "--source", str(source)], cwd=ROOT, check=True,
                       env={**os.environ, "HUBEI_VAR_DIR": str(var), "HUBEI_WAREHOUSE": str(var / "warehouse.duckdb"),
                            "HUBEI_RAW_DIR": str(var / "raw")}, capture_output=True)
    finally:
        os.umask(previous)
    load.load(daye_file(tmp_path / "next"), loaded_by="测试")
    written = [p for p in var.rglob("*") if not p.is_symlink()]
    assert written and {mode(p) for p in written if p.is_file()} == {0o600}
    assert {mode(p) for p in written if p.is_dir()} | {mode(var)} == {0o700}


def test_an_existing_var_folder_is_closed_on_start(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    subprocess.run([sys.executable, "-c", "import settings"], cwd=ROOT, check=True,
                   env={**os.environ, "HUBEI_VAR_DIR": str(var)})
    assert mode(var) == 0o700
