"""Issue 18 item 5: the cases the fuzz suite missed — optional columns left out, file names at and past the limit.

Every template with each optional column absent, one at a time, previews without an exception other
than a Chinese refusal; the parks file without 上级园区代码 (the TypeError of issue 18) loads from the
command line. Upload names of 255 bytes (the file system's limit) are kept under a shortened name,
and longer ones are refused in Chinese at the upload.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import settings
from data import files
from data.importer import ingest
from data.importer.templates import TEMPLATES
from data.warehouse import load
from tests.importer.test_import_fuzz import VALID_ROWS, to_csv, valid_table
from ui.sections import data_admin

CJK = re.compile(r"[\u4e00-\u9fff]")
OPTIONAL = [(d, c.header) for d, t in TEMPLATES.items() for c in t.columns if not c.required]


def without(dataset: str, header: str, folder: Path) -> Path:
    """The dataset's valid file with one column left out."""
    table = valid_table(dataset)
    drop = table.header.index(header)
    table.cells = [[cell for i, cell in enumerate(row) if i != drop] for row in table.cells]
    path = folder / f"{dataset}_无{header}.csv"
    path.write_text(to_csv(table), encoding="utf-8-sig")
    return path


@pytest.fixture
def own_raw(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")


def test_every_template_has_its_optional_columns_listed():
    assert ("parks", "上级园区代码") in OPTIONAL and len({d for d, _ in OPTIONAL}) >= 6


@pytest.mark.parametrize("dataset, header", OPTIONAL, ids=[f"{d}-{h}" for d, h in OPTIONAL])
def test_a_file_without_an_optional_column_is_read_or_refused_in_chinese(dataset, header, warehouse, own_raw,
                                                                        tmp_path):
    path = without(dataset, header, tmp_path)
    result = load.preview(path, file_name=path.name, dataset=dataset)
    assert all(CJK.search(p.message) and p.file == path.name for p in result.problems)
    assert result.problems or len(result.staged) == len(VALID_ROWS[dataset])


def test_the_command_line_loads_parks_without_their_parent(private_warehouse, tmp_path, capsys):
    path = without("parks", "上级园区代码", tmp_path)
    assert load.main([str(path), "--dataset", "parks", "--by", "测试"]) == 0, capsys.readouterr().err
    assert "已导入" in capsys.readouterr().out


def upload_named(name: str, data: bytes = "地区代码,地区名称\n".encode()) -> SimpleNamespace:
    return SimpleNamespace(name=name, getvalue=lambda: data)


@pytest.mark.parametrize("stem_bytes", [files.NAME_MAX - 4, 120])
def test_an_upload_named_up_to_the_limit_is_kept_and_previewed(stem_bytes, warehouse, own_raw, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    name = "数" * (stem_bytes // 3) + "x" * (stem_bytes % 3) + ".csv"
    assert len(name.encode()) == stem_bytes + 4
    path, shown = data_admin._saved_upload(upload_named(name))
    assert shown == name and path.exists() and len(path.name.encode()) <= files.NAME_MAX
    result = load.preview(path, file_name=name)
    assert result.problems and all(CJK.search(p.message) for p in result.problems)
    assert all(len(p.name.encode()) <= files.NAME_MAX for p in settings.RAW_DIR.iterdir())


def test_an_upload_named_past_the_limit_is_refused_in_chinese(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    with pytest.raises(data_admin.UploadRefused, match="文件名过长（300 字节"):
        data_admin._saved_upload(upload_named("名" * 98 + "xx.csv"))
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_the_raw_store_keeps_a_long_named_file(own_raw, tmp_path):
    source = tmp_path / "short.csv"
    source.write_text("a\n", encoding="utf-8")
    kept = ingest.keep_raw(source, settings.RAW_DIR, "长" * 85)
    assert kept.exists() and len(kept.name.encode()) <= files.STORED_NAME_BYTES + 17
