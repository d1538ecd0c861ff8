"""Exports in chromium: a chart's PNG drawn on the server on click, and the 会议材料 deck with its progress bar."""

import io
import re
from pathlib import Path

import pytest
from pptx import Presentation

from tests.browser.harness import Browser, screenshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def save_download(page, button, folder: Path) -> Path:
    """Click a download button and save the file the browser receives under its suggested name."""
    with page.expect_download(timeout=60_000) as download:
        button.click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_a_chart_downloads_as_png(server, browser, artifacts, tmp_path):
    page, _log = browser.open(server + "/growth")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=90_000)
        page.get_by_role("button", name="导出图片").first.click()
        page.get_by_text("服务器按原样绘制").first.wait_for(timeout=30_000)
        screenshot(page, artifacts / "screenshots" / "export-popover.png")
        path = save_download(page, page.get_by_role("button", name="PNG", exact=True).first, tmp_path)
    finally:
        page.close()
    assert path.name.endswith("_演示数据.png") and path.read_bytes().startswith(PNG_SIGNATURE)
    assert path.stat().st_size > 50_000  # a drawn chart at scale 2, not an empty canvas


def test_the_meeting_deck_downloads_from_the_sidebar(server, browser, artifacts, tmp_path):
    page, _log = browser.open(server + "/")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=90_000)
        page.get_by_role("button", name="生成会议材料").click()
        page.get_by_text("准备会议材料").or_(page.get_by_text("：地图、排行与目标")).first.wait_for(timeout=30_000)
        save = page.get_by_role("button", name="下载会议材料（PPTX）")
        save.wait_for(timeout=180_000)
        path = save_download(page, save, tmp_path)
    finally:
        page.close()
    slides = Presentation(io.BytesIO(path.read_bytes())).slides
    assert path.name.startswith("会议材料_2026年10月_全省") and len(slides) == 9  # cover, 6 tasks, 赛马, 目标责任


def test_the_village_list_downloads_as_excel_on_click(server, browser, tmp_path):
    import openpyxl

    page, _log = browser.open(server + "/digital")
    try:
        page.get_by_text("行政村5G与光纤通达").first.wait_for(timeout=90_000)
        # The row of the village list's buttons: its caption counts the rows and names the source.
        buttons = page.locator('[data-testid="stHorizontalBlock"]').filter(
            has_text=re.compile(r"共 [\d,]+ 条　数据来源：省通信管理局")).first
        buttons.wait_for(timeout=90_000)
        rows = int(re.search(r"共 ([\d,]+) 条", buttons.inner_text()).group(1).replace(",", ""))
        path = save_download(page, buttons.get_by_role("button", name="下载 Excel"), tmp_path)
    finally:
        page.close()
    sheet = openpyxl.load_workbook(path, read_only=True).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert path.name.startswith("行政村5G与光纤通达_") and any("演示数据" in c for c in cells)
    village_rows = [row for row in sheet.iter_rows(values_only=True)
                    if row and re.fullmatch(r"\d{12}", str(row[-1] or ""))]  # 村代码, the last column
    assert len(village_rows) == rows


def test_an_import_template_downloads_on_click(server, browser, tmp_path):
    import openpyxl

    page, _log = browser.open(server + "/data")
    try:
        page.get_by_text("四、下载导入模板").wait_for(timeout=90_000)
        path = save_download(page, page.get_by_role("button", name="县域指标（宽表）"), tmp_path)
    finally:
        page.close()
    assert path.name == "导入模板_县域指标（宽表）.xlsx"
    assert "填写说明" in openpyxl.load_workbook(path, read_only=True).sheetnames
