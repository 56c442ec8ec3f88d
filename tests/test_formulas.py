"""The live verdict formula agrees with xlqms.targets.evaluate — checked by LibreOffice itself.

The table below covers every target form (thresholds, bare percent, bare counts, ranges, N/M
ratios, changes in points / relative / absolute with the baseline in the text or in Kết quả kỳ
trước, change ranges, qualitative) and every status, including the floating-point traps at
equality (98,6 + 1 = 99,6; 5,0 − 0,8 = 4,2; 120 × 0,9 = 108).
"""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import pytest
from builders_generate import make_campaign, results_layout

from xlqms import layout
from xlqms.formulas import RowCells, _number, verdict_formula
from xlqms.statuses import Status
from xlqms.submission import Entry
from xlqms.targets import evaluate, parse_target

CELLS = RowCells("E9", "F9", "G9", "H9")

# (target text, periods, [(numerator, denominator, value, baseline), …]); None = blank.
CASES = [
    ("trên 90%", (), [(None, None, 97.04, None), (1540, 1587, None, None), (None, None, 90, None),
                      (None, None, None, None), (5, 0, 95, None), (5, 0, None, None), (None, 10, 95, None)]),
    ("trên 95%", (), [(2, 3, None, None), (None, None, 95.7, None), (1, 1, 10, None)]),
    ("trên 85%", (), [(5, 15, None, None), (9, 9, None, None)]),
    ("100%", (), [(162, 168, None, None), (None, None, 100, None), (168, 168, None, None)]),
    ("≥ 98%", (), [(None, None, 98, None), (None, None, 97.99, None), (49, 50, None, None)]),
    ("dưới 5%", (), [(None, None, 4.9, None), (None, None, 5, None), (1, 20, None, None)]),
    ("≤ 2%", (), [(None, None, 2, None), (None, None, 2.01, None)]),
    ("không quá 3 vụ", (), [(None, None, 3, None), (None, None, 4, None), (3, 10, None, None)]),
    ("từ 50% trở lên", (), [(None, None, 50, None), (1, 3, None, None)]),
    ("18/18 chỉ tiêu", (), [(None, None, 10, None), (None, None, 18, None), (18, 18, None, None), (17, 18, 18, None)]),
    ("31/38 trường", (), [(None, None, 31, None), (62, 76, None, None), (None, None, 30, None), (30, 38, None, None)]),
    ("900 lao động", (), [(None, None, 950, None), (None, None, 900, None), (None, None, 899, None),
                          (950, 1000, None, None)]),
    ("1.100 tỷ đồng", (), [(None, None, 1100, None), (None, None, 1100.5, None), (None, None, 0, None)]),
    ("14-15%", (), [(None, None, 14, None), (None, None, 15.2, None), (None, None, 13.9, None), (None, None, 15, None),
                    (3, 20, None, None)]),
    ("Tăng 1% so với năm 2021 (98,6%)", (), [(None, None, 99.7, None), (None, None, 99.5, None),
                                              (None, None, 99.6, None), (996, 1000, None, None)]),
    ("Tỷ lệ hồ sơ trước hạn tăng 1% so với năm 2023", (), [(None, None, 99.6, 98.6), (None, None, 99.7, None),
                                                         (None, None, 99.5, 98.6), (None, None, None, 98.6)]),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", (), [(None, None, 4.1, 5.0), (None, None, 3.8, 5.0), (None, None, 4.5, 5.0),
                               (None, None, 4.2, 5.0), (None, None, 4.0, 5.0), (None, None, 4.1, None)]),
    ("giảm 10% số vụ", (), [(None, None, 108, 120), (None, None, 109, 120), (100, 200, None, 120),
                            (None, None, 50, None)]),
    ("Tăng 10% doanh thu so với năm 2025", (), [(None, None, 220, 200), (None, None, 219.99, 200)]),
    ("tăng 5 lao động so với năm 2025", (), [(None, None, 105, 100), (None, None, 104, 100)]),
    ("tăng 0,5-1% tỷ lệ hồ sơ trực tuyến", (), [(None, None, 90.5, 90), (None, None, 91.5, 90), (None, None, 90.4, 90),
                                               (None, None, 91, 90)]),
    ("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", (),
     [(None, None, "Đạt", None), (None, None, "Không đạt", None), (None, None, None, None),
      (None, None, "đạt", None), (None, None, 5, None), (1, 1, "Đạt", None), (None, None, "  không   đạt ", None)]),
    ("trên 90% (đánh giá cả năm)", ("Cả năm",), [(None, None, 95, None), (None, None, None, None)]),
]
FRAME = ("trên 95%", (), [(None, None, "Đạt", None)])   # text in a number row: Thiếu số liệu


def expected_status(text, periods, numerator, denominator, value, baseline) -> Status:
    """What xlqms says for a row typed like this (the way collect reads it: xlqms.submission.Entry)."""
    target = parse_target(text)

    def exact(number):
        return None if number is None or isinstance(number, str) else Fraction(repr(float(number)))

    passed = None
    if isinstance(value, str):
        from xlqms.targets import parse_qualitative
        passed = parse_qualitative(value)
    entry = Entry("X", exact(numerator), exact(denominator), exact(value), passed, exact(baseline))
    return evaluate(target, entry.reading, baseline=entry.baseline, due=not periods)


def test_formula_uses_only_portable_functions():
    for text, _, _ in CASES:
        formula = verdict_formula(parse_target(text), CELLS)
        assert formula.startswith("=")
        functions = set(re.findall(r"([A-Z]+)\(", formula))
        assert functions <= {"IF", "AND", "OR", "ISNUMBER", "ROUND", "TRIM"}, (text, functions)
        assert formula.count("(") == formula.count(")")


def test_not_due_is_a_constant():
    assert verdict_formula(parse_target("trên 90%"), CELLS, due=False) == '="Chưa đánh giá"'


def test_change_without_baseline_reads_the_baseline_cell():
    assert "ISNUMBER(H9)" in verdict_formula(parse_target("giảm 10% số vụ"), CELLS)
    assert "H9" not in verdict_formula(parse_target("Tăng 1% so với năm 2021 (98,6%)"), CELLS)


@pytest.mark.parametrize("value, literal", [
    (Fraction("98.6"), "98.6"), (Fraction(1100), "1100"), (Fraction(1, 3), "(1/3)"),
    (Fraction("0.05"), "0.05"), (Fraction("-2.5"), "-2.5"), (Fraction(3100, 38), "(1550/19)"),
])
def test_number_literals_are_exact(value, literal):
    assert _number(value) == literal


def test_case_table_covers_every_status():
    seen = {expected_status(text, periods, *row) for text, periods, rows in CASES for row in rows}
    assert seen == set(Status)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_computes_the_same_verdict_as_xlqms(tmp_path):
    from python_calamine import CalamineWorkbook

    from xlqms.engines.base import FillJob
    from xlqms.engines.libreoffice import LibreOfficeEngine
    from xlqms.generate import generate_workbooks

    cases = CASES + [FRAME]
    depth = max(len(rows) for _, _, rows in cases)
    units = [("T", "Tỉnh Thử", "Tỉnh", None)] + [(f"X{index:02d}", f"Xã Thử {index}", "Xã", "T") for index in range(depth)]
    objectives = [(str(number), f"Mục tiêu {number}", [(f"C{number:02d}", text, (), periods)])
                  for number, (text, periods, _) in enumerate(cases, start=1)]
    campaign = make_campaign(tmp_path / "dot", units, objectives)
    result = generate_workbooks(campaign, unit_codes=[code for code, *_ in units[1:]])
    assert not result.findings and len(result.rows) == depth

    jobs, expectations = [], []
    for index, path in enumerate(result.files):
        sheet, columns, rows = results_layout(path)
        inputs, expected = {}, {}
        for number, (text, periods, table) in enumerate(cases, start=1):
            if index >= len(table):
                continue
            code = f"C{number:02d}"
            row = rows[code]
            for header, value in zip((layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE,
                                      layout.RESULT_BASELINE), table[index]):
                if value is not None:
                    inputs[(sheet, f"{columns[header]}{row}")] = value
            expected[f"{columns[layout.RESULT_VERDICT]}{row}"] = (text, table[index],
                                                                  expected_status(text, periods, *table[index]))
        jobs.append(FillJob(path, tmp_path / "computed" / path.name, inputs))
        expectations.append((sheet, expected))

    with LibreOfficeEngine(profile_dir=tmp_path / "profile") as engine:
        computed = engine.fill_and_recalculate(jobs)

    checked = 0
    mismatches = []
    for path, (sheet, expected) in zip(computed, expectations):
        book = CalamineWorkbook.from_path(str(path))
        grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        book.close()
        for ref, (text, row, status) in expected.items():
            match = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            column = sum((ord(char) - 64) * 26 ** power for power, char in enumerate(reversed(match.group(1)))) - 1
            shown = grid[int(match.group(2)) - 1][column]
            checked += 1
            if shown != status.label:
                mismatches.append((text, row, shown, status.label))
    assert not mismatches
    assert checked == sum(len(rows) for _, _, rows in cases)
