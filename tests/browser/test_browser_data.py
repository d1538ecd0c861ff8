"""Browser test of 数据管理: a real statistics table uploaded, checked, mapped and loaded in chromium.

The server runs on a private warehouse (its own HUBEI_VAR_DIR), so the load does not change the
data the other browser tests look at. The table mixes the traits of real ones: a merged title,
a 单位 line, a two-row header, indented names under a prefecture subtotal, a development zone,
a misspelt county, a column whose periods do not fit, footnotes.
"""

import re

import openpyxl
import pytest

import queries
import settings
from tests.browser.harness import Browser, full_screenshot, serve_own_warehouse
from tests.browser.test_browser import assert_local_and_clean


def huangshi_table(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "6月"
    ws.append(["2025年1-6月黄石市各县（市、区）规模以上工业主要指标"])
    ws.merge_cells("A1:E1")
    ws.append(["", "", "", "", "单位：万元、%"])
    ws.append(["地区", "规上工业增加值增速", None, "工业总产值\n（全年）", "备注"])
    ws.append([None, "本月", "累计", None, None])
    for cells in ("B3:C3", "A3:A4", "D3:D4"):
        ws.merge_cells(cells)
    for row in (["黄石市", 8.1, 7.9, "1,234,567", ""], ["  大冶市", "8.5", "8.2[注1]", "8,765,432", ""],
                ["\u3000阳新县", "预计7.0", "6.9*", "—", ""], ["　黄石港区", "12.5%", "11.0", "100000", ""],
                ["黄石经济技术开发区", 9, 9, 1, ""], ["大冶县城", 1, 1, 1, ""], [],
                ["注：1. 增速按可比价计算。"], ["2. 数据来源：市统计局。"]):
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def private_server(tmp_path_factory, warehouse):
    var = tmp_path_factory.mktemp("data-page")
    with serve_own_warehouse(var, warehouse) as url:
        yield url, var


def uploader_button_text(page) -> str:
    """What the uploader's button shows: its English label is hidden and a Chinese one drawn after it."""
    return page.locator('[data-testid="stFileUploaderDropzone"] button p').first.evaluate(
        "p => getComputedStyle(p).fontSize === '0px' ? getComputedStyle(p, '::after').content.replaceAll('\"', '') "
        ": p.textContent")


def choose(page, label: str, option: str) -> None:
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def test_a_statistics_table_is_checked_mapped_and_loaded(private_server, artifacts, tmp_path, monkeypatch):
    url, var = private_server
    shots = artifacts / "screenshots"
    with Browser() as browser:
        page, log = browser.open(url + "/data")
        try:
            page.get_by_text("四、下载导入模板").wait_for(timeout=90_000)
            assert uploader_button_text(page) == "选择文件"  # Streamlit's own "Upload" is replaced
            page.get_by_label("操作人").fill("测试员")
            page.keyboard.press("Enter")
            page.wait_for_timeout(2000)  # the rerun after the name redraws the uploader
            page.locator("input[type=file]").set_input_files(str(huangshi_table(tmp_path / "黄石6月.xlsx")))
            page.get_by_text("发现 4 处问题").wait_for(timeout=60_000)
            for seen in ("汇总行（不作为县导入）：黄石市", "非县级单位（未导入）：黄石经济技术开发区",
                         "未识别的地区：“大冶县城”，是否为“大冶市”？", "标注“预计/估计”的数值：1 个（已记录标记）"):
                assert page.get_by_text(seen, exact=True).count() == 1, seen
            full_screenshot(page, shots / "data-preview.png")
            page.get_by_text("调整各列对应的指标").click()
            page.wait_for_timeout(1500)
            choose(page, "工业总产值", "忽略此列")
            page.get_by_text("发现 1 处问题").wait_for(timeout=60_000)
            page.get_by_text("只导入检查通过的行").first.click()
            page.wait_for_timeout(2000)
            page.get_by_role("button", name="确认导入 6 行").click()
            done = page.get_by_text(re.compile(r"^已导入 6 行，批次 \d+。$"))
            done.wait_for(timeout=60_000)
            shown_batch = int(re.search(r"批次 (\d+)", done.inner_text()).group(1))
            page.get_by_role("button", name="下载（Excel，含原因）").wait_for(timeout=30_000)
            full_screenshot(page, shots / "data-loaded.png")
        finally:
            page.close()
    assert_local_and_clean(log)
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", var / "warehouse.duckdb")
    batch = queries.run("data/batches").iloc[0]
    assert (batch["batch_id"], batch["loaded_by"], batch["rows_loaded"], batch["rows_rejected"]) == \
        (shown_batch, "测试员", 6, 2)
    assert batch["file_name"] == "黄石6月.xlsx" and batch["layout"] == "宽表" and not batch["is_demo"]
    assert list((var / "raw").glob("*_黄石6月.xlsx")) and list((var / "raw").glob("*_未导入行.xlsx"))
