"""Spreadsheets this project writes for people to open: cells that cannot run as formulas, a title and notes."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would read as a formula (=, +, -, @) with an apostrophe."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def to_xlsx_bytes(frame: pd.DataFrame, *, title: str, notes: list[str], sheet: str = "数据") -> bytes:
    """One sheet: a title row, the table (formulas neutralised), then the notes under it."""
    buffer = io.BytesIO()
    table = neutralise(frame)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, startrow=2, sheet_name=sheet)
        ws = writer.sheets[sheet]
        ws.cell(row=1, column=1, value=title)
        for offset, note in enumerate(notes):
            ws.cell(row=len(table) + 5 + offset, column=1, value=note)
    return buffer.getvalue()
