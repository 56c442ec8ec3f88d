"""The live verdict of a Kết quả row is the verdict collect records — checked by LibreOffice itself.

Pure tests check the formulas as text (portable functions only, balanced, within Excel's limits,
exact literals). The LibreOffice test is the issue's own: a table of target kinds × typed inputs
(text numbers, the % key, a date, NFD Đạt, Tử số > Mẫu số, 0/0, over 100%, an achieved change…),
typed through the engines module into generated workbooks, recalculated by LibreOffice, then the
same files collected and exported: the verdict column shows the export's verdict, and where collect
records an error it shows that error and no verdict.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest
from builders_generate import results_layout
from openpyxl.utils import column_index_from_string
from python_calamine import CalamineWorkbook

from xlqms import entry_rules, layout
from xlqms import formula_values as fv
from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.catalogue import CatalogueEntry
from xlqms.codes import lookup
from xlqms.collect import collect
from xlqms.engines.base import FillJob, Typed
from xlqms.export import write_export
from xlqms.formulas import AMBIGUOUS, FORMULA, HELPERS, RowCells, number_literal, row_formulas
from xlqms.levels import level_text
from xlqms.statuses import Status
from xlqms.targets import parse_target
from xlqms.typed_text import SHOWN_AS_DATE_BELOW
from xlqms.units import Unit

CELLS = RowCells("G12", "H12", "I12", "J12")
TARGETS = [
    "trên 90%", "≥ 98%", "dưới 5%", "14-15%", "Tỷ lệ hộ nghèo 3-4%", "18/18 chỉ tiêu", "31/38 trường",
    "900 lao động", "1.100 tỷ đồng", "Tăng 1% so với năm 2021 (98,6%)", "tăng 1% tỷ lệ hài lòng so với năm trước",
    "Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "giảm 10% số vụ tai nạn", "Giảm tỷ lệ sinh con thứ ba 0,2‰",
    "Chỉ số giá tiêu dùng tăng dưới 4%", "0 hồ sơ trễ hạn", "Thu ngân sách bằng 110% so với năm 2024",
    "Tăng trưởng kinh tế 6,5-7%", "Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", "Hoàn thành trước ngày 20/12",
    # readings of the held-out round: a zero in %, a level against the period without 'so với', a share
    # with a count that qualifies it
    "Tỷ lệ hồ sơ trễ hạn 0%", "Thu ngân sách bằng 110% cùng kỳ", "Tỷ lệ hộ có thu nhập trên 100 triệu đồng/năm đạt 30%",
]
PORTABLE = {"IF", "AND", "OR", "NOT", "ISNUMBER", "ISTEXT", "ISLOGICAL", "ISERROR", "LEN", "LEFT", "RIGHT", "MID", "FIND",
            "TRIM", "LOWER", "SUBSTITUTE", "REPT", "MAX", "MOD", "INT", "ROUND", "ABS", "CELL", "IFERROR",
            "_xlfn.NUMBERVALUE", "CHAR", "SUM"}


def formulas_of(text: str, due: bool = True):
    result = row_formulas(parse_target(text), CELLS, lambda name: f"Z{HELPERS.index(name) + 20}", "$Z$10", due)
    return [*result.helpers.values(), result.verdict, result.value] + ([result.level] if result.level.startswith("=") else [])


def outside_strings(formula: str) -> str:
    return re.sub(r'"(?:[^"]|"")*"', '""', formula)


def nesting(formula: str) -> int:
    depth = deepest = 0
    for char in outside_strings(formula):
        depth += char == "("
        depth -= char == ")"
        deepest = max(deepest, depth)
    return deepest


@pytest.mark.parametrize("text", TARGETS)
def test_formulas_are_portable_and_within_excel_limits(text):
    for formula in formulas_of(text):
        bare = outside_strings(formula)
        assert formula.startswith("=")
        assert bare.count("(") == bare.count(")"), formula[:200]
        assert not re.search(r"\b(?:OR|AND)\(\)", bare)
        assert set(re.findall(r"([A-Z_.a-z]+)\(", bare)) <= PORTABLE, formula[:200]
        assert len(formula) < 8192            # Excel's longest formula
        assert nesting(formula) < 64          # Excel's deepest nesting
        assert all(len(literal) <= 255 for literal in re.findall(r'"((?:[^"]|"")*)"', formula))


def test_a_row_not_due_is_checked_then_shows_chua_danh_gia():
    result = row_formulas(parse_target("trên 90%"), CELLS, lambda name: f"Z{HELPERS.index(name) + 20}", "$Z$10",
                          due=False)
    assert result.verdict.endswith('"Chưa đánh giá"))')
    assert "Lỗi: Tử số lớn hơn Mẫu số" in result.helpers["r.e"]


def test_values_and_levels_are_compared_at_nine_decimals_as_collect_compares_them():
    verdict = row_formulas(parse_target("31/38 trường"), CELLS, lambda name: name, "$Z$10").verdict
    assert "ROUND(100*r.rn/r.rd,9)>=ROUND((1550/19),9)" in verdict     # 100·N/D ≥ 3100/38
    verdict = row_formulas(parse_target("Tăng 1% so với năm 2021 (98,6%)"), CELLS, lambda name: name, "$Z$10").verdict
    assert "ROUND(100*r.rn/r.rd,9)>=ROUND(99.6,9)" in verdict


@pytest.mark.parametrize("value, literal", [
    (Fraction("98.6"), "98.6"), (Fraction(1100), "1100"), (Fraction(1, 3), "(1/3)"),
    (Fraction("0.05"), "0.05"), (Fraction("-2.5"), "-2.5"), (Fraction(3100, 38), "(1550/19)"),
])
def test_number_literals_are_exact(value, literal):
    assert number_literal(value) == literal


@pytest.mark.parametrize("text, level", [
    ("trên 90%", "> 90%"), ("≥ 98%", "≥ 98%"), ("14-15%", "từ 14% đến 15%"), ("18/18 chỉ tiêu", "≥ 18/18 (100%)"),
    ("Tăng 1% so với năm 2021 (98,6%)", "≥ 99,6% (98,6% + 1 điểm)"), ("900 lao động", "≥ 900 lao động (Vượt khi > 900)"),
    ("Tỷ lệ hộ nghèo 3-4%", "≤ 4% (Vượt khi < 3%)"), ("0 hồ sơ trễ hạn", "Bằng 0 (không để xảy ra)"),
    ("Hoàn thành trước ngày 20/12", "Hoàn thành trước ngày 20/12"), ("giảm 10% số vụ tai nạn", "≤ Kết quả kỳ trước − 10%"),
])
def test_the_level_needed_reads_as_officials_write_it(text, level):
    assert level_text(parse_target(text)) == level


# --- LibreOffice, then collect and export on the same files ----------------------------------------

NFD = unicodedata.normalize("NFD", "Đạt")
INPUT_HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)
INPUTS = [   # (Tử số, Mẫu số, Kết quả, Kết quả kỳ trước), typed into every row of one unit's workbook
    (None, None, None, 90.5),
    (None, None, 0, 90.5),
    (None, None, -5, 90.5),
    (None, None, "85,3", 90.5),
    (None, None, "1.540", 120),
    (None, None, "96,5\u00a0%", 90.5),
    (None, None, Typed(0.99, "0%"), 90.5),
    (None, None, Typed(0.965, "0.00%"), 5),
    (None, None, "99,6", None),
    (None, None, 950, 120),
    (None, None, 150, 90.5),
    (None, None, 10 ** 15, 90.5),
    (None, None, NFD, None),
    (None, None, "KHÔNG ĐẠT", None),
    (None, None, "17", None),
    (None, None, "tăng 1,2 điểm %", None),
    (None, None, "giảm 0,9%", 5),
    (None, None, Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy"), 90.5),
    (1540, 1587, None, 90.5),
    (1286, 1278, None, 90.5),
    (5, 0, None, 90.5),
    (0, 0, None, 90.5),
    (0, 0, 4.1, 5),
    ("1.540", "1.587", None, "98,6"),
    (17, None, None, 90.5),
]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_sheet_shows_what_collect_and_export_record(tmp_path):
    from xlqms.engines.libreoffice import LibreOfficeEngine
    from xlqms.generate import generate_workbooks

    folder = tmp_path / "dot"
    folder.mkdir()
    units = [Unit("T", "Tỉnh Thử", "Tỉnh")] + [Unit(f"X{index:02d}", f"Xã Thử {index}", "Xã", "T")
                                               for index in range(len(INPUTS))]
    catalogue = [CatalogueEntry(f"Mục tiêu {number}", ((text, ""),)) for number, text in enumerate(TARGETS, start=1)]
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE, Settings(year=2026, period="6 tháng đầu năm",
                            campaign_id="2026-H1-live"), units, catalogue)
    campaign = read_campaign(folder)
    result = generate_workbooks(campaign, unit_codes=[unit.code for unit in units[1:]])
    assert not result.findings and len(result.rows) == len(INPUTS)

    jobs, places = [], {}
    for path, inputs in zip(result.files, INPUTS):
        sheet, columns, rows = results_layout(path)
        filled = {}
        for row in rows.values():
            for header, value in zip(INPUT_HEADERS, inputs):
                if value is not None:
                    filled[(sheet, f"{columns[header]}{row}")] = value
        jobs.append(FillJob(path, tmp_path / "inbox" / path.name, filled))
        places[path.name.split("_")[0]] = (sheet, columns, rows, inputs)
    with LibreOfficeEngine(profile_dir=tmp_path / "profile") as engine:
        assert all(isinstance(out, Path) for out in engine.fill_and_recalculate_each(jobs))

    report = collect(folder, [tmp_path / "inbox"])       # xlqms collect
    assert len(report.outcomes) == len(INPUTS) and all(o.unit_code for o in report.outcomes)
    write_export(folder, "json", out=tmp_path / "export.json")   # xlqms export --format json
    exported = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    statuses = {(unit["code"], indicator["code"]): indicator["status"]
                for unit in exported["units"] for objective in unit["objectives"] for indicator in objective["indicators"]}
    errors: dict[tuple[str, str], list] = {}
    for outcome in report.outcomes:
        for item in outcome.findings:
            if item.is_error and item.indicator:
                errors.setdefault((outcome.unit_code, item.indicator), []).append(item)

    labels = {status.value: status.label for status in Status}
    checked, wrong, shown_errors = 0, [], 0
    for outcome in report.outcomes:
        sheet, columns, rows, inputs = places[outcome.unit_code]
        grid = CalamineWorkbook.from_path(outcome.path).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for code, row in rows.items():
            shown = grid[row - 1][column_index_from_string(columns[layout.RESULT_VERDICT]) - 1]
            found = errors.get((outcome.unit_code, code))
            if found:
                header = next((h for h in INPUT_HEADERS if f"{columns[h]}{row}" == found[0].location.cell), None)
                expected = entry_rules.error_text(lookup(found[0].code), header)
                shown_errors += 1
            else:
                expected = labels[statuses[(outcome.unit_code, code)]]
            checked += 1
            if shown != expected:
                wrong.append(f"{outcome.unit_code} {code} inputs={inputs}: the sheet shows {shown!r}, "
                             f"collect → export: {expected!r}")
    assert checked == len(INPUTS) * len(TARGETS)
    assert shown_errors > 40          # the table reaches collect's errors, not only verdicts
    assert not wrong, "\n".join(wrong)
    assert set(statuses.values()) >= {"met", "not_met", "exceeded", "no_data"}




# -- the readings collect added (returns2), written once and applied by the formulas too ---------------

@pytest.mark.parametrize("text, ambiguous_in", [
    ("Tạo việc làm cho 50 lao động", {"n", "d", "v", "b"}),        # a count: 1,540 is ambiguous everywhere
    ("trên 90%", {"n", "d"}),                                      # a percent column reads 1,540 as 1,54
    ("tăng 1% tỷ lệ hài lòng so với năm trước", {"n", "d"}),
    ("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", {"n", "d", "b"}),   # Kết quả takes Đạt / Không đạt
])
def test_each_input_cell_applies_the_shared_readings(text, ambiguous_in):
    result = row_formulas(parse_target(text), CELLS, lambda name: f"[{name}]", "$Z$10")
    for prefix, cell in zip("ndvb", (CELLS.numerator, CELLS.denominator, CELLS.value, CELLS.baseline)):
        helpers = result.helpers
        assert helpers[f"{prefix}.s"].startswith(f"=IF(ISTEXT({cell})")                       # spaces first
        assert "'" in helpers[f"{prefix}.a"] and "\u2019" in helpers[f"{prefix}.a"]      # the apostrophe
        assert helpers[f"{prefix}.t"].count(f"[{prefix}.a]") == 1                         # read after it
        assert f"<{SHOWN_AS_DATE_BELOW})" in helpers[f"{prefix}.k"]                      # a number shown as a date
        assert f"{FORMULA}" in helpers[f"{prefix}.k"] and f"[{prefix}.f]" in helpers[f"{prefix}.k"]
        assert (f"[{prefix}.e]={fv.text(fv.AMBIGUOUS)},{AMBIGUOUS}" in helpers[f"{prefix}.k"]) is (prefix in ambiguous_in)
    verdict_and_error = result.helpers["r.e"]
    assert entry_rules.formula_text_error(layout.RESULT_VALUE).replace('"', '""') in verdict_and_error

