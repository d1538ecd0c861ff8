"""Malformed files: `python -m data.warehouse.load FILE` refuses each whole, says why in Chinese, and changes nothing.

Every case gets its own copy of one small warehouse (a county value, a park, an enterprise and
a growth point). A refusal must exit with 2, name the file (and, for a bad cell, its row and
column as the engine labels them), leave every table and the published link as they were,
leave no working copy behind, keep the upload in the raw store and log a `rejected` event.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import openpyxl
import pytest

import settings
from data.importer import readers
from data.importer.templates import TEMPLATES
from data.warehouse import build, load
from tests.private import publish_private_copy

SNAPSHOT_SQL = {  # every table a load writes to
    "county_value": "select * from county_value order by all",
    "batch": "select * from batch order by all",
    "indicator": "select * from indicator order by all",
    "park": "select * from park order by all",
    "enterprise": "select * from enterprise order by all",
    "enterprise_honour": "select * from enterprise_honour order by all",
    "growth_point": "select * from growth_point order by all",
    "village": "select * from village order by all",
}
CJK = re.compile(r"[\u4e00-\u9fff]")
OK = "420281,大冶市,output_yi,,2025年6月,12,亿元,最终"  # row 2 of every long file: the bad row is row 3
PARK = "P002,阳新工业园,420222,阳新县,综合,,省级,1000,800,115.2,29.8"
FIRM = "91420222MA0000002X,阳新某公司,420222,阳新县,C14,是,115.2,29.8"
PROJECT = "G002,某新项目,420222,阳新县,C14,3,在建,2025-03,115.2,29.8"
VILLAGE = "420222101201,某村,420222,阳新县,某镇,2025,是,5,3"
BASE_ROWS = {  # what the warehouse holds before every case
    "county_values": "420281,大冶市,output_yi,,2025年6月,10,亿元,初步",
    "parks": "P001,大冶经济开发区,420281,大冶市,综合,,省级,1000,800,114.9,30.1",
    "enterprises": "91420281MA0000001X,大冶某公司,420281,大冶市,C13,是,114.9,30.1",
    "growth_points": "G001,某项目,420281,大冶市,C13,5,在建,2025-01,114.9,30.1",
    "villages": "420281100201,某村,420281,大冶市,某镇,2025,否,6,4",
}


def template(dataset: str, *rows: str, drop: tuple[str, ...] = ()) -> str:
    """A file in one of the published templates, without the columns named in drop."""
    keep = [i for i, h in enumerate(TEMPLATES[dataset].headers) if h not in drop]
    lines = [TEMPLATES[dataset].headers, *(r.split(",") for r in rows)]
    return "".join(",".join(line[i] for i in keep) + "\n" for line in lines)


def long(*rows: str) -> str:
    return template("county_values", OK, *rows)


def bad(ind: str = "output_yi,", period: str = "2025年6月", value: str = "3", unit: str = "亿元",
        status: str = "", region: str = "420222,阳新县") -> str:
    """The third row of a long file; ind is '指标代码,指标名称'."""
    return f"{region},{ind},{period},{value},{unit},{status}"


def xlsx(rows: list[list[str]], title: str = "数据") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


GOOD_XLSX = xlsx([TEMPLATES["county_values"].headers, OK.split(",")])
SHEET_XML = "xl/worksheets/sheet1.xml"


@cache
def zip_bomb() -> bytes:
    """A valid xlsx whose sheet XML unpacks past MAX_UNPACKED_BYTES: spaces in a comment, ~0.4 MB packed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb, zipfile.ZipFile(io.BytesIO(GOOD_XLSX)) as good:
        for info in good.infolist():
            if info.filename != SHEET_XML:
                bomb.writestr(info.filename, good.read(info.filename))
        with bomb.open(SHEET_XML, "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><!--')
            for _ in range(readers.MAX_UNPACKED_BYTES // 2**20 + 1):
                sheet.write(b" " * 2**20)
            sheet.write(b"--><sheetData/></worksheet>")
    return out.getvalue()


def claims_huge_size() -> bytes:
    """A small xlsx whose central directory says its sheet XML unpacks to almost 4 GB."""
    data = bytearray(GOOD_XLSX)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46: at + 46 + name_length] == SHEET_XML.encode():
            struct.pack_into("<I", data, at + 24, 0xFFFFFFF0)
        at = data.find(b"PK\x01\x02", at + 46)
    return bytes(data)


def next_month() -> str:
    today = date.today()
    return f"{today.year + 1}年1月" if today.month == 12 else f"{today.year}年{today.month + 1}月"


def cell(row: int, column: str, message: str = "", sheet: str | None = None) -> str:
    """Where the engine reports a bad cell, after the file's name."""
    return (f"工作表“{sheet}”" if sheet else "") + f"第 {row} 行「{column}」列" + (f"：{message}" if message else "")


def whole(message: str) -> str:
    """A problem of the whole file, after the file's name; {name} stands for the file's name."""
    return f"：{message}"


@dataclass(frozen=True)
class Case:
    content: object  # str (written as UTF-8), bytes, or a function returning bytes
    expect: tuple[str, ...] = ()  # each must follow 文件“name” in stderr
    name: str = "county_values.csv"
    args: tuple[str, ...] = ()
    mention: tuple[str, ...] = ()  # each must appear somewhere in stderr
    absent: tuple[str, ...] = ()
    patch: tuple[tuple[str, int], ...] = ()  # data.importer.readers limits lowered for this case

    def data(self) -> bytes:
        content = self.content() if callable(self.content) else self.content
        return content.encode("utf-8") if isinstance(content, str) else content


def case(case_id: str, content, *expect: str, **more):
    return pytest.param(Case(content, expect, **more), id=case_id)


IMPORTABLE = ("不是按县导入的数值指标",)
NOT_FROM_JANUARY = "期别“2025年4-6月”不是从1月起的累计，无法对应月度或累计指标"
WIDE_HEADER = "规上工业总产值(当月)(亿元)"
WIDE = f"{WIDE_HEADER}（B列）"  # how the engine labels that column

CASES = [
    # ---- the file cannot be read as a table
    # UTF-16 with BOM ("Unicode 文本") loads since issue 14: tests/importer/test_import_wide_extra.py.
    case("shift_jis_halfwidth_kana_undecodable", "地区名称,ｱｲｳ,期別\n大冶市,12,2025年6月\n".encode("shift_jis"),
         whole("文件“{name}”的编码无法识别（应为 UTF-8 或 GBK/GB18030）")),
    case("shift_jis_text_decodes_to_gbk_garbage", "地区コード,指標,数値\n大冶市,出力,12\n".encode("shift_jis"),
         whole("没有找到可识别的县（市、区）名称或代码，或导入模板的表头，无法判断这是什么数据")),
    case("undecodable_bytes_csv", b"\xff\xfe\x80\x81abc,\xff\n\x80\x80\n", whole("文件“{name}”的编码无法识别")),
    case("binary_garbage_named_csv", bytes(range(256)) * 8, whole("文件“{name}”不是文本表格（含二进制内容）")),
    case("binary_garbage_named_xlsx", bytes(range(256)) * 8, whole("文件“{name}”不是有效的 xlsx 文件"),
         name="data.xlsx"),
    case("binary_garbage_named_xls", bytes(range(256)) * 8, whole("文件“{name}”无法作为 xls 打开"), name="data.xls"),
    case("csv_text_named_xlsx", long(), whole("文件“{name}”不是有效的 xlsx 文件"), name="data.xlsx"),
    case("csv_text_named_xls", long(), whole("文件“{name}”无法作为 xls 打开"), name="data.xls"),
    case("xlsx_cut_in_half", GOOD_XLSX[: len(GOOD_XLSX) // 2],
         whole("文件“{name}”不是有效的 xlsx 文件（可能已损坏或被截断）"), name="data.xlsx"),
    case("empty_csv", b"", whole("文件“{name}”是空文件")),
    case("empty_xlsx", b"", whole("文件“{name}”是空文件"), name="data.xlsx"),
    case("csv_with_only_a_bom", b"\xef\xbb\xbf", whole("文件“{name}”中没有任何数据")),
    case("xlsx_without_any_cell", xlsx([]), whole("文件“{name}”中没有任何数据"), name="data.xlsx"),
    case("csv_of_empty_cells", ",,,\n,,,\n", whole("没有找到可识别的县（市、区）名称或代码")),
    case("header_without_rows", template("county_values"),
         whole("没有找到可识别的县（市、区）名称或代码，或导入模板的表头，无法判断这是什么数据")),
    case("zip_that_is_not_an_xlsx", _zip({"hello.txt": "hello"}), whole("文件“{name}”无法作为 xlsx 打开"),
         name="data.xlsx"),
    case("zip_bomb_xlsx", zip_bomb, whole("文件“{name}”解压后超过 400 MB，拒绝读取"), name="data.xlsx"),
    case("xlsx_directory_claims_4_gb", claims_huge_size(), whole("文件“{name}”解压后超过 400 MB"), name="data.xlsx"),
    case("pdf_extension", b"%PDF-1.4\n", whole("文件“{name}”的类型“.pdf”不受支持，请使用 xlsx、xls 或 csv"),
         name="data.pdf"),
    case("json_extension", b'{"a": 1}', whole("文件“{name}”的类型“.json”不受支持"), name="data.json"),
    case("no_extension", long(), whole("文件“{name}”的类型“无扩展名”不受支持"), name="county_values"),
    case("over_the_size_limit", long(), whole("文件“{name}”超过"), patch=(("MAX_FILE_BYTES", 64),)),
    # ---- regions
    case("unknown_region_with_suggestion", long(bad(region=",阳新线")),
         cell(3, "地区名称", "无法识别的地区“阳新线”，是否为“阳新县”？")),
    case("unknown_region_without_suggestion", long(bad(region=",火星市")),
         cell(3, "地区名称", "无法识别的地区“火星市”")),
    case("unknown_region_code", long(bad(region="999999,")), cell(3, "地区代码", "无法识别的地区“999999”")),
    case("region_code_and_name_disagree", long(bad(region="420222,大冶市")),
         cell(3, "地区代码", "地区代码与地区名称不是同一个县（市、区）")),
    case("script_tag_as_region_name", long(bad(region=",<script>alert(1)</script>")),
         cell(3, "地区名称", "无法识别的地区“<script>alert(1)</script>”")),
    # ---- indicators
    case("unknown_indicator_name_long", long(bad(ind=",规上工业总产直（当月）")), "第 3 行「",
         mention=("是否为“规上工业总产值（当月）”",)),
    case("unknown_indicator_id_long", long(bad(ind="output_yy,")), "第 3 行「", mention=("指标目录中没有“output_yy”",)),
    case("derived_indicator_name_long", long(bad(ind=",工业“赛马”排名", unit="位")), "第 3 行「", mention=IMPORTABLE),
    case("derived_id_above_scale_net_count", long(bad(ind="above_scale_net_count,", period="2025年", unit="家")),
         "第 3 行「", mention=IMPORTABLE),
    case("category_indicator_long", long(bad(ind="leading_industry,", period="2025年", value="C13", unit="")),
         "第 3 行「", mention=IMPORTABLE),
    case("flag_indicator_long", long(bad(ind="network_programme,", period="2025年", value="1", unit="")),
         "第 3 行「", mention=IMPORTABLE),
    case("unknown_indicator_column_wide_with_suggestion", "地区,规上工业总产直（当月）（亿元）\n大冶市,10\n阳新县,11\n",
         cell(1, "规上工业总产直(当月)(亿元)（B列）",
              "指标目录中没有“规上工业总产直(当月)”，是否为“规上工业总产值（当月）”"),
         args=("--period", "2025年6月")),
    case("unrecognised_indicator_column_wide", f"地区,{WIDE_HEADER},火星指标\n大冶市,10,5\n阳新县,11,6\n",
         cell(1, "火星指标（C列）", "指标目录中没有“火星指标”"), args=("--period", "2025年6月")),
    case("derived_indicator_column_wide", "地区,工业“赛马”排名\n大冶市,1\n阳新县,2\n",
         cell(1, "工业“赛马”排名（B列）", "“工业“赛马”排名”不是按县导入的数值指标"), args=("--period", "2025年6月")),
    # ---- periods
    case("month_13", long(bad(period="2025年13月")), cell(3, "期别（E列）", "无法识别的期别“2025年13月”")),
    case("month_00", long(bad(period="2025-00")), cell(3, "期别（E列）", "无法识别的期别“2025-00”")),
    case("year_1999", long(bad(period="1999年")), cell(3, "期别（E列）", "无法识别的期别“1999年”")),
    case("future_month", long(bad(period=next_month())),
         cell(3, "期别（E列）", "期别晚于当前月份，不能导入未来的数据")),
    case("empty_period", long(bad(period="")), cell(3, "期别（E列）", "期别为空")),
    case("yearly_indicator_given_a_month", long(bad(ind="village_5g_pct,", value="90", unit="%")),
         cell(3, "期别（E列）", "“行政村5G通达率”是年度指标，期别应写作 2025年（或 2025年1-12月），而不是“2025年6月”")),
    case("monthly_indicator_given_a_year", long(bad(period="2025年")),
         cell(3, "期别（E列）", "“规上工业总产值（当月）”是月度指标，期别应写作 2025年6月，而不是“2025年”")),
    case("current_month_indicator_given_1_to_6", long(bad(period="2025年1-6月")),
         cell(3, "期别（E列）", "“规上工业总产值（当月）”是当月值，期别不能是累计的“2025年1—6月”")),
    case("range_april_to_june", long(bad(period="2025年4-6月")), cell(3, "期别（E列）", NOT_FROM_JANUARY)),
    case("wide_table_without_any_period", f"地区,{WIDE_HEADER}\n大冶市,10\n阳新县,11\n", cell(1, WIDE, "无法确定期别")),
    case("wide_table_given_a_bad_period", f"地区,{WIDE_HEADER}\n大冶市,10\n阳新县,11\n",
         cell(2, WIDE, "无法识别的期别“2025年13月”"), args=("--period", "2025年13月")),
    # ---- values
    case("value_text", long(bad(value="abc")), cell(3, "数值（F列）", "“abc”不是数值")),
    case("value_double_dot", long(bad(value="12..3")), cell(3, "数值（F列）", "“12..3”不是数值")),
    case("value_csv_formula", long(bad(value="=1+1")), cell(3, "数值（F列）", "“=1+1”是公式")),
    case("negative_count", long(bad(ind="above_scale_firm_count,", value="-3", unit="家")),
         cell(3, "数值（F列）", "数值小于该指标允许的最小值")),
    case("negative_output", long(bad(value="-5")), cell(3, "数值（F列）", "数值小于该指标允许的最小值")),
    case("growth_below_minus_100", long(bad(ind="va_growth_pct,", value="-150", unit="%")),
         cell(3, "数值（F列）", "数值小于该指标允许的最小值")),
    case("coverage_over_100", long(bad(ind="village_5g_pct,", period="2025年", value="120", unit="%")),
         cell(3, "数值（F列）", "数值超过该指标允许的最大值（比例不能超过100%）")),
    case("unit_that_cannot_convert", long(bad(unit="家")),
         cell(3, "数值（F列）", "单位“家”无法换算为指标的单位“亿元”")),
    case("percent_sign_on_yi_indicator", long(bad(value="3%", unit="")),
         cell(3, "数值（F列）", "单位“%”无法换算为指标的单位“亿元”")),
    case("percent_sign_beside_yi_unit", long(bad(value="3%")), cell(3, "数值（F列）")),
    case("value_overflows_to_infinity", long(bad(value="1e999")), cell(3, "数值（F列）")),
    case("wide_unit_that_cannot_convert", "地区,规上工业总产值（当月）（家）\n大冶市,10\n阳新县,11\n",
         cell(1, "规上工业总产值(当月)(家)（B列）", "单位“家”无法换算为指标的单位“亿元”"),
         args=("--period", "2025年6月")),
    case("xlsx_formula_without_cached_value",
         xlsx([TEMPLATES["county_values"].headers, OK.split(","), bad(value="=1+1").split(",")]),
         cell(3, "数值（F列）", sheet="数据"), name="data.xlsx"),
    case("every_value_missing", template("county_values", OK.replace(",12,", ",—,")), whole("表中没有可导入的数据行")),
    # ---- duplicates and status
    case("same_county_indicator_period_twice", long(OK.replace(",12,", ",13,")),
         cell(3, "数值（F列）", "同一县、指标和期别在本文件中出现了不止一次")),
    case("same_county_by_code_and_by_name", long(",大冶市,output_yi,,2025-06,13,亿元,"),
         cell(3, "数值（F列）", "同一县、指标和期别在本文件中出现了不止一次")),
    case("same_county_twice_in_a_wide_table", f"地区,{WIDE_HEADER}\n大冶市,10\n大冶市,11\n",
         cell(3, WIDE, "同一县、指标和期别在本文件中出现了不止一次"), args=("--period", "2025年6月")),
    case("status_not_preliminary_or_final", long(bad(status="暂定")), "第 3 行「状态",
         mention=("状态应为“初步”或“最终”",), absent=("「status」",)),
    # ---- wide tables
    case("wide_column_without_header", f"地区,{WIDE_HEADER},\n大冶市,10,5\n阳新县,11,6\n",
         cell(1, "（无表头）（C列）", "此列有数据但没有表头，无法判断是哪个指标"), args=("--period", "2025年6月")),
    # ---- template files
    case("parks_missing_park_kind", template("parks", PARK, drop=("园区类型",)), mention=("工业园区", "园区类型"),
         absent=("指标目录中没有“园区代码”",)),
    case("enterprises_missing_industry_code", template("enterprises", FIRM, drop=("行业代码",)),
         mention=("企业名录", "行业代码"), absent=("指标目录中没有“统一社会信用代码”",)),
    case("growth_points_missing_expected_output", template("growth_points", PROJECT, drop=("预计新增产值（亿元）",)),
         mention=("工业增长点", "预计新增产值（亿元）"), absent=("指标目录中没有“项目代码”",)),
    case("parks_missing_a_column_with_dataset_option", template("parks", PARK, drop=("园区类型",)),
         "第 1 行：缺少必填列“园区类型”（模板：工业园区）", args=("--dataset", "parks")),
    case("county_file_with_dataset_parks", long(), whole("没有找到“工业园区”模板的表头，无法判断这是什么数据"),
         args=("--dataset", "parks")),
    case("park_code_already_in_warehouse", template("parks", PARK.replace("P002", "P001")),
         cell(2, "园区代码", "此代码已在数据仓库中")),
    case("park_code_twice_in_file", template("parks", PARK, PARK),
         cell(3, "园区代码", "同一代码在本文件中出现了不止一次")),
    case("park_kind_unknown", template("parks", PARK.replace("综合", "物流")),
         cell(2, "园区类型", "未知的园区类型“物流”")),
    case("park_developed_area_zero", template("parks", PARK.replace(",800,", ",0,")),
         cell(2, "已开发工业用地（亩）", "已开发工业用地面积应为正数")),
    case("village_code_not_12_digits", template("villages", VILLAGE.replace("420222101201", "42022210120")),
         cell(2, "村代码", "村代码应为 12 位数字（统计用区划代码）")),
    case("village_code_of_a_township", template("villages", VILLAGE.replace("420222101201", "420222101000")),
         cell(2, "村代码", "村代码应为 12 位数字（统计用区划代码），末 3 位不能是 000")),
    case("village_code_of_another_county", template("villages", VILLAGE.replace("420222101201", "420281101201")),
         cell(2, "村代码", "村代码的前 6 位与所在县（市、区）的代码不一致")),
    case("village_fibre_over_natural", template("villages", VILLAGE.replace(",5,3", ",3,5")),
         cell(2, "光纤通达自然村数", "光纤通达自然村数超过了自然村数")),
    case("village_code_and_year_twice", template("villages", VILLAGE, VILLAGE),
         cell(3, "村代码", "同一村代码和年份在本文件中出现了不止一次")),
    case("village_already_in_warehouse", template("villages", BASE_ROWS["villages"].replace(",否,", ",是,")),
         cell(2, "村代码", "此村代码和年份已在数据仓库中")),
    case("village_year_in_the_future", template("villages", VILLAGE.replace(",2025,", ",2099,")),
         cell(2, "年份", "年份 2099 晚于今年")),
    case("village_count_not_whole", template("villages", VILLAGE.replace(",5,3", ",5.5,3")),
         cell(2, "自然村数", "应为不小于 0 的整数")),
    case("village_count_negative", template("villages", VILLAGE.replace(",5,3", ",5,-1")),
         cell(2, "光纤通达自然村数", "应为不小于 0 的整数")),
    case("village_5g_not_yes_or_no", template("villages", VILLAGE.replace(",是,", ",有,")),
         cell(2, "是否通5G", "“有”应为“是”或“否”")),
    case("village_year_with_a_month", template("villages", VILLAGE.replace(",2025,", ",2025年6月,")),
         cell(2, "年份", "年份应写作 2025 或 2025年")),
    case("enterprise_already_in_warehouse", template("enterprises", BASE_ROWS["enterprises"]),
         cell(2, "统一社会信用代码", "此代码已在数据仓库中")),
    case("enterprise_industry_code_unknown", template("enterprises", FIRM.replace("C14", "C99")),
         cell(2, "行业代码", "未知的行业代码“C99”")),
    case("above_scale_not_yes_or_no", template("enterprises", FIRM.replace(",是,", ",可能,")),
         cell(2, "是否规上", "“可能”应为“是”或“否”")),
    case("honour_for_unknown_enterprise", template("honours", "91420299MA9999999X,专精特新中小企业,省级,2024"),
         cell(2, "统一社会信用代码", "未知的企业“91420299MA9999999X”")),
    case("honour_tier_not_in_catalog", template("honours", "91420281MA0000001X,专精特新中小企业,国家级,2024"),
         cell(2, "荣誉类型", "荣誉类型与级别的组合不在目录中")),
    case("growth_point_negative_expected_output", template("growth_points", PROJECT.replace(",3,", ",-3,")),
         cell(2, "预计新增产值（亿元）", "预计新增产值应为非负数")),
    case("growth_point_status_unknown", template("growth_points", PROJECT.replace("在建", "规划")),
         cell(2, "状态", "未知的状态“规划”")),
    case("growth_point_start_month_13", template("growth_points", PROJECT.replace("2025-03", "2025-13")),
         cell(2, "投产月份", "无法识别的期别“2025-13”")),
    case("park_values_for_unknown_park", template("park_values", "P999,park_output_yi,2025年,10,亿元"),
         cell(2, "园区代码", "未知的园区代码（请先加载园区名录）“P999”")),
    case("growth_point_report_not_yes_or_no", template("growth_point_reports", "G001,2025年6月,也许"),
         cell(2, "是否报送", "“也许”应为“是”或“否”")),
    # ---- options
    case("sheet_not_in_workbook", GOOD_XLSX, whole("找不到工作表“不存在”，文件中有：数据"), name="data.xlsx",
         args=("--sheet", "不存在")),
    case("map_without_equals", long(), mention=("映射“规上总产值”应写作",), args=("--map", "规上总产值")),
    case("new_with_three_parts", long(), mention=("应写作 名称:单位:方向:领域",), args=("--new", "技改:个:up")),
    case("new_with_unknown_direction", long(), mention=("方向“sideways”",),
         args=("--new", "技改项目数:个:sideways:growth")),
    case("new_with_unknown_area", long(), whole("未知的任务领域“火星”，可选："),
         args=("--new", "技改项目数:个:up:火星")),
    case("new_naming_a_catalog_indicator", long(),
         whole("新指标“规上工业总产值（当月）”与目录中的“规上工业总产值（当月）”同名，请直接映射到该指标"),
         args=("--new", "规上工业总产值（当月）:亿元:up:growth")),
    case("map_to_unknown_indicator", "地区,规上总产值（万元）\n大冶市,5\n阳新县,6\n",
         cell(1, "规上总产值(万元)（B列）", "指标目录中没有“不存在的指标”"),
         args=("--period", "2025年6月", "--map", "规上总产值=不存在的指标")),
    case("map_with_unconvertible_unit", "地区,规上总产值\n大冶市,5\n阳新县,6\n",
         cell(1, "规上总产值（B列）", "单位“家”无法换算为指标的单位“亿元”"),
         args=("--period", "2025年6月", "--map", "规上总产值=output_yi:家")),
]


@pytest.fixture(scope="module")
def base_build(tmp_path_factory) -> Path:
    """One small warehouse, built once: the file every case starts from."""
    folder = tmp_path_factory.mktemp("malformed-base")
    source = folder / "source"
    source.mkdir()
    for dataset, row in BASE_ROWS.items():
        (source / TEMPLATES[dataset].file_name).write_text(template(dataset, row), encoding="utf-8-sig")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(settings, "RAW_DIR", folder / "raw")
        target = build.build(folder / "warehouse.duckdb", source)
    return Path(os.path.realpath(target))


@pytest.fixture
def private_warehouse(base_build, tmp_path, monkeypatch) -> Path:
    """A private copy of the small base build (not the demo), published under its own link."""
    return publish_private_copy(base_build, tmp_path, monkeypatch)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of the tables a load writes, as the published link shows them."""
    con = duckdb.connect(os.path.realpath(warehouse), read_only=True)
    try:
        return {table: con.execute(sql).fetchall() for table, sql in SNAPSHOT_SQL.items()}
    finally:
        con.close()


def leftovers(warehouse: Path) -> list[Path]:
    """Working copies beside the warehouse, whatever name their load gave it."""
    return list(warehouse.parent.glob(".*.loading*"))


def test_there_are_at_least_50_cases():
    assert len({p.id for p in CASES}) == len(CASES) >= 50


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_file_is_refused_and_changes_nothing(case, private_warehouse, tmp_path, monkeypatch, capsys):
    for limit, value in case.patch:
        monkeypatch.setattr(readers, limit, value)
    data = case.data()
    path = tmp_path / "upload" / case.name
    path.parent.mkdir()
    path.write_bytes(data)
    before, link = snapshot(private_warehouse), os.readlink(private_warehouse)
    status = load.main([str(path), *case.args, "--by", "测试"])
    err = capsys.readouterr().err
    assert status == 2, f"accepted (exit {status}):\n{err}"
    assert CJK.search(err) and "Traceback" not in err, err
    assert f"文件“{case.name}”" in err, err
    for item in case.expect:
        assert f"文件“{case.name}”{item.replace('{name}', case.name)}" in err, err
    assert all(item in err for item in case.mention), err
    assert not [item for item in case.absent if item in err], err
    assert os.readlink(private_warehouse) == link and snapshot(private_warehouse) == before
    assert not leftovers(private_warehouse)
    kept = settings.RAW_DIR / f"{hashlib.sha256(data).hexdigest()[:16]}_{case.name}"
    assert kept.read_bytes() == data
    assert not list(settings.RAW_DIR.glob(".*.part"))
    assert load.read_log()[["event", "file_name"]].to_numpy().tolist() == [["rejected", case.name]]


@pytest.mark.parametrize(("option", "says"), [
    (("--map", "规上总产值"), "映射“规上总产值”应写作 列名=指标[:单位]"),
    (("--new", "技改:个:up"), "新指标“技改:个:up”应写作 名称:单位:方向:领域"),
    (("--new", "技改项目数:个:sideways:growth"), "方向“sideways”应为 up（越高越好）、down（越低越好）或 none"),
], ids=["map_without_equals", "new_with_three_parts", "new_with_unknown_direction"])
def test_a_bad_option_spec_is_refused_before_anything_changes(option, says, private_warehouse, tmp_path, capsys):
    path = tmp_path / "county_values.csv"
    path.write_text(long(), encoding="utf-8")
    before, link = snapshot(private_warehouse), os.readlink(private_warehouse)
    assert load.main([str(path), *option]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert os.readlink(private_warehouse) == link and snapshot(private_warehouse) == before
    assert not leftovers(private_warehouse)
