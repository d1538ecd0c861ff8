"""data/files: a file is replaced whole or not at all, and temp files of killed writers do not pile up."""

import os
import stat
import subprocess

import pytest

from data import files


def test_the_file_gets_the_bytes_and_the_mode(tmp_path):
    target = tmp_path / "store.json"
    files.write_whole(target, b"old")
    files.write_whole(target, "新".encode(), mode=0o600)
    assert target.read_bytes() == "新".encode() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part(tmp_path, monkeypatch):
    target = tmp_path / "raw.xlsx"
    files.write_whole(target, b"old")

    def disk_full(*args):
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError):
        files.write_whole(target, b"new")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["raw.xlsx"]


def test_parts_of_writers_that_are_gone_are_removed_and_a_running_writers_stay(tmp_path):
    target = tmp_path / "upload.csv"
    gone = subprocess.Popen(["true"])
    gone.wait()
    abandoned = tmp_path / f".upload.csv.{gone.pid}.part"
    running = tmp_path / f".upload.csv.{os.getppid()}.part"  # pytest's parent runs as long as this test does
    other_target = tmp_path / f".other.csv.{gone.pid}.part"
    for part in (abandoned, running, other_target):
        part.write_bytes(b"half")
    files.write_whole(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert not abandoned.exists() and running.exists() and other_target.exists()


def test_a_copy_is_whole_and_a_copy_cut_short_leaves_the_old_file(tmp_path, monkeypatch):
    source, target = tmp_path / "upload.xlsx", tmp_path / "kept.xlsx"
    source.write_bytes(b"x" * 10_000)
    files.copy_whole(source, target)
    assert target.read_bytes() == source.read_bytes()

    def cut_short(src, dst):
        dst.write_bytes(b"x" * 10)
        raise OSError("no space left")

    monkeypatch.setattr(files.shutil, "copyfile", cut_short)
    source.write_bytes(b"y" * 10_000)
    with pytest.raises(OSError):
        files.copy_whole(source, target)
    assert target.read_bytes() == b"x" * 10_000 and sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx",
                                                                                                   "upload.xlsx"]
