"""Table exports: CSV and Excel with Chinese headers, the demo mark, and cells that cannot run as formulas."""

from __future__ import annotations

import pandas as pd

from data.spreadsheet import neutralise
from data.spreadsheet import to_xlsx_bytes as _xlsx
from ui.style import labels


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
    notes = [f"数据来源：{source}"] + ([labels.DEMO_NOTE] if demo else [])
    return _xlsx(_marked(frame, demo), title=f"{title}（{labels.DEMO_MARK}）" if demo else title, notes=notes)
