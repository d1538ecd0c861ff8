"""Reading an uploaded file into sheets of text cells: csv/tsv/txt (UTF-8, UTF-16, GBK/GB18030), xlsx and xls.

Every cell becomes text exactly as a person reads it in the spreadsheet, so the checks that
follow see one kind of input whatever the file type: codes keep their leading digits, merged
cells repeat their value over the cells they cover, and a cell formatted as a percentage
reads "12.5%" (its stored value is 0.125).
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

MAX_FILE_BYTES = 50 * 2**20
MAX_UNPACKED_BYTES = 400 * 2**20  # an xlsx is a zip: refuse one that unpacks to more than this
MAX_CELLS = 5_000_000
# Excel allows 16384 columns, but recognising a table costs milliseconds per column (layout, indicator
# names and their suggestions): a 64 KB CSV of 16000 junk columns took a minute. Wide tables have ~100.
MAX_COLUMNS = 1000
ENCODINGS = ("utf-8-sig", "gb18030")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message is Chinese and names the file."""


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None for a text file
    cells: pd.DataFrame  # text cells; index = spreadsheet row number (1-based), columns = 0..n-1
    merges_known: bool = False  # xlsx: merged cells were filled from the file; csv/xls cannot say

    @property
    def label(self) -> str:
        return f"工作表“{self.name}”" if self.name else ""


def read_sheets(path: Path, file_name: str | None = None) -> list[Sheet]:
    """Every visible sheet of the file, as text cells."""
    name = file_name or path.name
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"文件“{name}”是空文件")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"文件“{name}”超过 {MAX_FILE_BYTES // 2**20} MB，请拆分后再导入")
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _read_xlsx(path, name)
    if suffix == ".xls":
        return _read_xls(path, name)
    if suffix in TEXT_SUFFIXES:
        return [Sheet(None, _grid(_text_rows(path, name), name))]
    raise UnreadableFile(f"文件“{name}”的类型“{suffix or '无扩展名'}”不受支持，请使用 xlsx、xls 或 csv")


def _check_size(rows: int, width: int, name: str, sheet: str | None = None) -> None:
    where = f"文件“{name}”" + (f"的工作表“{sheet}”" if sheet else "")
    if rows * width > MAX_CELLS:
        raise UnreadableFile(f"{where}过大（{rows} 行 × {width} 列），请拆分后再导入")
    if width > MAX_COLUMNS:
        raise UnreadableFile(f"{where}过宽（{width} 列，最多 {MAX_COLUMNS} 列），请删去多余的列或拆分后再导入")


def _grid(rows: list[list[str]], name: str) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    if not rows or width == 0:
        raise UnreadableFile(f"文件“{name}”中没有任何数据")
    _check_size(len(rows), width, name)
    padded = [r + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(padded, index=range(1, len(rows) + 1), dtype=object)


def _text_rows(path: Path, name: str) -> list[list[str]]:
    raw = path.read_bytes()
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's and WPS's "Unicode 文本": UTF-16 with BOM, tab-separated
        with contextlib.suppress(UnicodeDecodeError):  # if not UTF-16 after all, the encodings below say so
            raw = raw.decode("utf-16").encode("utf-8")
    if b"\x00" in raw[:4096]:
        raise UnreadableFile(f"文件“{name}”不是文本表格（含二进制内容），请另存为 xlsx 或 csv 后再导入")
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        first = text.split("\n", 5)[:5]
        delimiter = "\t" if sum(s.count("\t") for s in first) > sum(s.count(",") for s in first) else ","
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    raise UnreadableFile(f"文件“{name}”的编码无法识别（应为 UTF-8 或 GBK/GB18030）")


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as the spreadsheet shows it: 420281 not 420281.0, 0.125 formatted as % → 12.5%."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (datetime, date)):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return _number_text(value * 100) + "%"
        return _number_text(value)
    return str(value)


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 10)) if isinstance(value, float) else str(value)


# Cell elements of SpreadsheetML, with or without a namespace prefix (<c r="A1">, <c/>, <x:c ...>).
CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>")


def _check_zip(path: Path, name: str) -> bool:
    """Refuse a broken or oversized xlsx before openpyxl reads it; True when its sheets hold formulas.

    Counting the cells first matters: openpyxl holds every cell in memory (~0.7 KB each), and a
    100 KB file of empty cells unpacks to millions of them.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                raise UnreadableFile(f"文件“{name}”解压后超过 {MAX_UNPACKED_BYTES // 2**20} MB，拒绝读取")
            sheets = [i for i in archive.infolist() if i.filename.startswith("xl/worksheets/")]
            scans = [_scan_sheet(archive, i) for i in sheets]
    except UnreadableFile:
        raise
    # A damaged archive fails in many ways: bad headers, a corrupt deflate stream (zlib.error), an
    # unknown compression method (NotImplementedError), an encrypted member (RuntimeError), a short read.
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, ValueError):
        raise UnreadableFile(f"文件“{name}”不是有效的 xlsx 文件（可能已损坏或被截断）") from None
    cells = sum(c for c, _ in scans)
    if cells > MAX_CELLS:
        raise UnreadableFile(f"文件“{name}”过大（{cells} 个单元格），请拆分后再导入")
    return any(f for _, f in scans)


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, bool]:
    """(cells, has formulas) of one sheet's XML, read in chunks: it may unpack to hundreds of MB."""
    cells, formulas, tail = 0, False, b""
    with archive.open(info) as member:
        while chunk := member.read(2**20):
            block = tail + chunk  # a tag cut by the chunk boundary is counted once, in the block it completes
            cells += sum(block.count(t) - tail.count(t) for t in CELL_TAGS)
            formulas = formulas or b"<f>" in block or b"<f " in block
            tail = block[-8:]
    return cells, formulas


def _read_xlsx(path: Path, name: str) -> list[Sheet]:
    import openpyxl  # merged cells and number formats need openpyxl; calamine reports neither

    has_formulas = _check_zip(path, name)
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        # A formula's saved result is what the sheet shows; without one the formula text stands in,
        # so the check can say so instead of reading an empty cell.
        formulas = openpyxl.load_workbook(path, data_only=False) if has_formulas else None
    except Exception as error:  # openpyxl raises many types for a broken file
        raise UnreadableFile(f"文件“{name}”无法作为 xlsx 打开：{type(error).__name__}") from None
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        _check_size(ws.max_row, ws.max_column, name, ws.title)  # one stray cell at XFD1048576 spans 17e9
        rows = [[cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
        if formulas is not None:
            _unsaved_formulas(rows, formulas[ws.title])
        for merged in ws.merged_cells.ranges:  # a merged cell's value covers its whole range
            value = rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    rows[r][c] = value
        if any(any(row) for row in rows):
            sheets.append(Sheet(ws.title, _grid(rows, name), merges_known=True))
    if not sheets:
        raise UnreadableFile(f"文件“{name}”中没有任何数据")
    return sheets


def _unsaved_formulas(rows: list[list[str]], ws) -> None:
    for r, row in enumerate(ws.iter_rows()):
        for c, cell in enumerate(row):
            if r < len(rows) and c < len(rows[r]) and rows[r][c] == "" and str(cell.value or "").startswith("="):
                rows[r][c] = str(cell.value)


def _read_xls(path: Path, name: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [(s, book.get_sheet_by_name(s).to_python()) for s in book.sheet_names]
    except Exception as error:  # calamine raises its own error types for broken files
        raise UnreadableFile(f"文件“{name}”无法作为 xls 打开：{type(error).__name__}") from None
    out = [Sheet(s, _grid([[cell_text(v) for v in row] for row in rows], name))
           for s, rows in sheets if any(any(v not in ("", None) for v in row) for row in rows)]
    if not out:
        raise UnreadableFile(f"文件“{name}”中没有任何数据")
    return out
