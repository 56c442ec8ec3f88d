"""generate with a previous round: Kết quả kỳ trước filled per unit, locked, commented; fast path = plain path."""

from __future__ import annotations

import io
from fractions import Fraction

from builders_generate import make_campaign, results_layout
from openpyxl import load_workbook

from xlqms import layout
from xlqms.generate import _build_workbook_plain, build_workbook_bytes, generate_workbooks
from xlqms.trends import Combination, PreviousRoundInfo, PreviousValue, PreviousValues

F = Fraction
UNITS = [("T", "Tỉnh Thử", "Tỉnh", None), ("A", 'Xã "A & B" <thử>', "Xã", "T"), ("B", "Xã Bê", "Xã", "T"),
         ("C", "Xã Xê", "Xã", "T"), ("D", "Xã Đê", "Xã", "T")]
OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("HS", "Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước")]),
    ("2", "Hài lòng", [("HL", "trên 95%")]),
    ("3", "Việc làm", [("VL", "Tăng 10% số lao động có việc làm so với kỳ trước")]),
]
INFO = PreviousRoundInfo("2026-H1-x", 2026, "6 tháng đầu năm", folder="/dot-truoc")
STAMP = "2026-12-01T08:00:00"


def pooled(numerator, denominator, *sources):
    return PreviousValue(100 * F(numerator) / F(denominator), True, F(numerator), F(denominator), sources,
                         Combination.POOLED if len(sources) > 1 else Combination.SAME,
                         source_names=tuple(f"Xã cũ {code} & <{code}>" for code in sources))


PREVIOUS = PreviousValues(INFO, {
    "A": {"HS": pooled(380, 400, "A1", "A2"), "HL": pooled(96, 100, "A1", "A2"),
          "VL": PreviousValue(F(900), False, sources=("A1", "A2"), combination=Combination.SUMMED)},
    "B": {"HS": pooled(1540, 1587, "B"), "HL": pooled(99, 100, "B"), "VL": PreviousValue(F(1200), False, sources=("B",))},
    "C": {"HS": pooled(90, 100, "C")},                      # no previous count: VL stays open for C
    # D: new this round, nothing before
})


def _load(data: bytes):
    return load_workbook(io.BytesIO(data))


def _bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cells(workbook):
    sheet = workbook[layout.RESULTS_SHEET]
    return {(cell.coordinate, cell.value, cell.protection.locked, cell.fill.fgColor.rgb, cell.number_format,
             cell.font.i, cell.comment.text if cell.comment else None)
            for row in sheet.iter_rows() for cell in row}


def test_fast_path_equals_plain_path_with_previous_cells(tmp_path):
    campaign = make_campaign(tmp_path / "dot", UNITS, OBJECTIVES)
    for code in "ABCD":
        unit = campaign.units[code]
        fast_bytes = build_workbook_bytes(campaign, unit, STAMP, previous=PREVIOUS)
        assert b"@@XLQMS" not in fast_bytes and b"-987654321" not in fast_bytes
        fast = _cells(_load(fast_bytes))
        assert fast == _cells(_load(_bytes(_build_workbook_plain(campaign, unit, STAMP, previous=PREVIOUS)))), code


def test_each_unit_gets_its_own_values_locked_and_the_rest_stays_open(tmp_path):
    campaign = make_campaign(tmp_path / "dot", UNITS, OBJECTIVES)
    result = generate_workbooks(campaign, previous=PREVIOUS, generated_at=STAMP)
    assert result.ok
    files = {path.name.split("_", 1)[0]: path for path in result.files}
    expected = {
        "A": {"HS": (95, True), "HL": (96, False), "VL": (900, True)},
        "B": {"HS": (100 * 1540 / 1587, True), "HL": (99, False), "VL": (1200, True)},
        "C": {"HS": (90, True), "HL": None, "VL": None},
        "D": {"HS": None, "HL": None, "VL": None},
    }
    for code, rows in expected.items():
        sheet_name, columns, row_of = results_layout(files[code])
        sheet = load_workbook(files[code])[sheet_name]
        for indicator, cell_expected in rows.items():
            cell = sheet[f"{columns[layout.RESULT_BASELINE]}{row_of[indicator]}"]
            needs_baseline = indicator in ("HS", "VL")
            if cell_expected is None:
                assert cell.value is None and cell.comment is None
                assert cell.protection.locked is not needs_baseline, (code, indicator)   # open for the unit to type
                continue
            value, carried = cell_expected
            assert abs(cell.value - value) < 1e-9 and cell.protection.locked, (code, indicator)
            assert cell.fill.fgColor.rgb.endswith("D9E1F2")
            assert ("Mức cơ sở mang sang" in cell.comment.text) is carried
            assert ("để tham khảo" in cell.comment.text) is not carried
    comment = load_workbook(files["A"])[layout.RESULTS_SHEET][
        f"{results_layout(files['A'])[1][layout.RESULT_BASELINE]}{results_layout(files['A'])[2]['HS']}"].comment.text
    assert "(380/400)" in comment and "A1 Xã cũ A1 & <A1>, A2 Xã cũ A2 & <A2>" in comment
    assert "6 tháng đầu năm 2026" in comment and "2026-H1-x" in comment


def test_without_a_previous_round_nothing_changes(tmp_path):
    campaign = make_campaign(tmp_path / "dot", UNITS, OBJECTIVES)
    alone = build_workbook_bytes(campaign, campaign.units["A"], STAMP)
    empty = build_workbook_bytes(campaign, campaign.units["A"], STAMP, previous=PreviousValues(INFO, {}))
    assert _cells(_load(alone)) == _cells(_load(empty))
    sheet_name, columns, row_of = results_layout(io.BytesIO(alone))
    cell = _load(alone)[sheet_name][f"{columns[layout.RESULT_BASELINE]}{row_of['HS']}"]
    assert cell.value is None and not cell.protection.locked
