"""The sheets of an import template workbook: bold header rows, fitted widths, text columns, list drop-downs.

Generic openpyxl dressing; ui/files/template_xlsx.py decides what goes on them.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ui.style import theme

INSTRUCTIONS, DATA, OPTIONS = "填写说明", "数据", "选项"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor=theme.SEQUENTIAL[0].lstrip("#"))


@dataclass(frozen=True)
class Choice:
    """One drop-down: the list it offers and whether other entries are refused or only warned about."""
    values: tuple[str, ...]
    strict: bool
    prompt: str
    error: str


def _width(text: str) -> int:
    """Display width in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def header_row(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def fit_columns(ws: Worksheet, columns: list[list[str]], cap: int = 60) -> None:
    """Column widths from the longest text in each column, capped so a long note wraps off-screen, not the sheet."""
    for i, texts in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(cap, max(8, *map(_width, texts)) + 2)


def instructions_sheet(wb: Workbook, title: str, rules: list[str], table: list[list[str]]) -> None:
    """The 填写说明 sheet: title, numbered rules, then one row per column of the data sheet."""
    ws = wb.active
    ws.title = INSTRUCTIONS
    ws["A1"] = f"导入模板：{title}"
    ws["A1"].font = Font(bold=True, size=14, color=theme.PRIMARY.lstrip("#"))
    for i, rule in enumerate(rules, start=1):
        ws.cell(row=i + 2, column=1, value=f"{i}. {rule}")  # overflows into the empty cells to its right
    first = len(rules) + 4
    header_row(ws, first, ["列名", "必填", "说明", "示例"])
    for offset, row in enumerate(table, start=1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=first + offset, column=col, value=value)
    fit_columns(ws, [[h, *(r[i] for r in table)] for i, h in enumerate(["列名", "必填", "说明", "示例"])])


def validation(options: Worksheet, slot: int, header: str, choice: Choice) -> DataValidation:
    """Write the list into column `slot` of the options sheet and return a validation that refers to it."""
    letter = get_column_letter(slot)
    options.cell(row=1, column=slot, value=header)
    for row, value in enumerate(choice.values, start=2):
        options.cell(row=row, column=slot, value=value)
    # A range on a sheet, not an inline list: Excel caps inline lists at 255 characters.
    formula = f"{quote_sheetname(OPTIONS)}!${letter}$2:${letter}${len(choice.values) + 1}"
    return DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                          showErrorMessage=True, errorStyle="stop" if choice.strict else "warning",
                          errorTitle=f"{header}不在列表中", error=choice.error,
                          showInputMessage=True, promptTitle=header, prompt=choice.prompt)


def data_sheet(ws: Worksheet, headers: list[str], rows: list[list[str]], text_cols: set[int],
                lists: dict[int, tuple[str, ...]] | None = None, freeze: str = "A2") -> None:
    """Header row (bold, filled, frozen), then the rows as given; text columns keep codes as typed."""
    header_row(ws, 1, headers)
    ws.freeze_panes = freeze
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value if value != "" else None)
            if c in text_cols:
                cell.number_format = "@"
    for c in text_cols:
        ws.column_dimensions[get_column_letter(c)].number_format = "@"  # cells typed in later
    # Widths follow the examples and the drop-down values, so a chosen indicator name is readable.
    fit_columns(ws, [[h, *(str(r[i]) for r in rows[:200] if i < len(r)), *(lists or {}).get(i + 1, ())]
                      for i, h in enumerate(headers)], cap=40)


def to_bytes(wb: Workbook) -> bytes:
    wb.save(buffer := io.BytesIO())
    return buffer.getvalue()
