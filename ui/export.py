"""Table exports: CSV and Excel with Chinese headers, the demo mark, and cells that cannot run as formulas."""

from __future__ import annotations

import io

import pandas as pd

from ui import labels

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula (=, +, -, @) with an apostrophe."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def _marked(frame: pd.DataFrame, demo: bool) -> pd.DataFrame:
    """With demo data, every row says so: a file cut from its sheet still carries the mark."""
    out = neutralise(frame)
    if demo:
        out.insert(0, "数据性质", labels.DEMO_MARK)
    return out


def to_csv_bytes(frame: pd.DataFrame, *, demo: bool) -> bytes:
    """UTF-8 with BOM, so Excel and WPS open the Chinese headers correctly."""
    return _marked(frame, demo).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, *, title: str, source: str, demo: bool) -> bytes:
    """One sheet: a title row, the table, then the source (and the demo note) under it."""
    buffer = io.BytesIO()
    table = _marked(frame, demo)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, startrow=2, sheet_name="数据")
        sheet = writer.sheets["数据"]
        sheet.cell(row=1, column=1, value=f"{title}（{labels.DEMO_MARK}）" if demo else title)
        foot = len(table) + 5
        sheet.cell(row=foot, column=1, value=f"数据来源：{source}")
        if demo:
            sheet.cell(row=foot + 1, column=1, value=labels.DEMO_NOTE)
    return buffer.getvalue()
