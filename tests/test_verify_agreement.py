"""The fuzz matrix of issue 13: every target kind × many inputs typed the way communes type them,
recalculated by LibreOffice, and the three live columns (verdict, value shown, level needed) compared
with what collect records for the same cells (:func:`xlqms.row_expectation.expected_row`).

Each target is put on :data:`ROWS_PER_TARGET` rows of one workbook: ``xlqms verify`` shares a target's
inputs out between its rows, so one recalculated copy checks that many inputs per target.
"""

from __future__ import annotations

import datetime as dt
import shutil
import unicodedata
from collections import Counter
from fractions import Fraction

import pytest
from test_verify import make_campaign

from xlqms.campaign import read_campaign
from xlqms.catalogue import CatalogueEntry
from xlqms.engines.base import Typed
from xlqms.engines.libreoffice import LibreOfficeEngine
from xlqms.entry_rules import ERROR_PREFIX
from xlqms.generate import generate_workbooks
from xlqms.levels import shown_value
from xlqms.numbers import format_number
from xlqms.row_expectation import FORMULA_AS_TEXT
from xlqms.targets import Kind, Target, bounds_of, parse_target
from xlqms.trends import PreviousRoundInfo, PreviousValue, PreviousValues
from xlqms.units import Unit
from xlqms.verify import verify_workbooks
from xlqms.verify_trials import Trial, trials_for

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

ROWS_PER_TARGET = 12

# (target text, periods): every kind the target language reads
TARGETS = (
    ("trên 90%", ""), ("≥ 90%", ""), ("từ 98% trở lên", ""), ("tối thiểu 95%", ""),
    ("dưới 5%", ""), ("không quá 2%", ""), ("≤ 0,5%", ""),
    ("100%", ""), ("đạt 97%", ""), ("99,9%", ""),
    ("14-15%", ""), ("Học sinh lên lớp đạt từ 94% ÷ 97%", ""), ("Tỷ lệ hộ nghèo 3-4%", ""),
    ("Có 3 ÷ 5 mô hình điểm", ""), ("Tỷ lệ hồ sơ trễ hạn khoảng 2%", ""), ("khoảng 5% doanh nghiệp", ""),
    ("Tăng 1% so với năm 2021 (98,6%)", ""), ("tăng 1% tỷ lệ hài lòng so với năm trước", ""),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", ""), ("giảm 10% số vụ tai nạn", ""),
    ("Thu ngân sách tăng 12% so với năm 2024", ""), ("Thu ngân sách bằng 110% so với năm 2024", ""),
    ("Giảm tỷ lệ sinh con thứ ba 0,2‰", ""), ("Tỷ suất sinh thô dưới 12‰", ""),
    ("Tỷ lệ hộ nghèo giảm 1,5% trở lên (còn dưới 6%)", ""), ("Giảm tỷ lệ hộ nghèo xuống còn 12%", ""),
    ("Tăng trưởng giá trị sản xuất 8-9%", ""), ("Chỉ số giá tiêu dùng tăng dưới 4%", ""),
    ("0 hồ sơ trễ hạn", ""), ("Không để xảy ra cháy nổ", ""),
    ("Tạo việc làm cho 50 lao động", ""), ("Tạo việc làm cho 1.200 lao động trở lên", ""), ("> 10 hồ sơ", ""),
    ("1.100 tỷ đồng", ""), ("Tổng thu ngân sách : 210-215 tỷ đồng", ""),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", ""),
    ("Tổng vốn đầu tư đạt 850 tỷ đồng, tăng 10% so với năm 2024", ""),
    ("18/20 chỉ tiêu", ""), ("31/38 trường", ""),
    ("Hoàn thành trước ngày 20/12", ""), ("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", ""),
    ("trên 95%", "Cả năm"), ("Không để xảy ra cháy nổ", "Cả năm"),
    ("Thu ngân sách tăng 12% so với năm 2024 (2.000 tỷ đồng)", ""), ("Giá trị sản xuất tăng 8-10% so với năm 2024", ""),
    ("Tạo thêm việc làm tăng 50 lao động so với năm 2024", ""), ("Tỷ lệ hộ nghèo giảm 0,5% so với năm 2024 (4,2%)", ""),
    ("Tỷ lệ sinh con thứ ba giảm 0,2‰ so với năm 2024 (10,5‰)", ""), ("Số vụ tai nạn giảm 5-10% so với năm 2024", ""),
    ("18/18 chỉ tiêu", ""), ("100% hồ sơ được giải quyết đúng hạn", ""), ("Tối đa 3 vụ vi phạm", ""),
    ("khoảng 2.400 tỷ đồng", ""), ("Thu nhập bình quân đạt 60 triệu đồng/người/năm", ""),
)

NFD = unicodedata.normalize


def _f(value) -> float:
    return float(value)


def typed_numbers() -> list[Trial]:
    """Numbers and number texts in every form a commune types them (Kết quả)."""
    values: list[object] = [
        97.04, "97,04", "97.04", "1.540", "1,540", " 95 ", "95%", "95 %", "95\u00a0%", "９５", "95.", ",5",
        "-0", -0.0, "1e2", "1/2", "9/10", "0,5", "0.5", "1.540,5", "1 540", "12,", "+5", "5‰", "5 ‰", "95%%",
        "95,7 %", "−3", "-5", -5, 0, "0", 1e15, 10 ** 20, 1e-7, 0.1 + 0.2, 1286 / 1278 * 100, 14.999999,
        89.995, 90.004999, 99.99999, "97,04%", "１２３４", "9５", "95 5", "TRUE", "#N/A", "= 5", "'95",
        "95\n", "\t95", "95\u200b", "٩٥", "1.5", "1,5", "1,50", "01", "0095", ".5", "5.",
        Typed(0.95, "0%"), Typed(0.95, "0.00%"), Typed(0.9704, "0.00%"), Typed(0.999, "0%"),
        Typed(1.2, "0%"), Typed(-0.1, "0%"), Typed(0, "0%"), Typed(95, "0.00"), Typed(1540, "#,##0"),
        Typed(dt.datetime(2026, 10, 9), "dd/mm/yyyy"), Typed(dt.datetime(2026, 2, 1), "d/m"),
        Typed(dt.time(9, 30), "hh:mm"), Typed("=95", formula=True), Typed("=0.1+0.2", formula=True),
        Typed('="95,5"', formula=True), Typed("=NA()", formula=True),
        "50 lao động", "1.250 người", "97,04 %.", "khoảng 95", "> 95", "95-96", "~95", "95,0", "0095,50",
        "1540 / 1587", "1.540/1.587", "1540/1587 hồ sơ", "18/18", "0/0", "5/0", "1,5/2", "17/18 ", "-1/2",
        "95,5,5", "9.5.5", "1.54", "1.5400", "12.345.678", "12 345 678,9", "95\u202f%", "95 ‰", "%95", "+ 95",
        # what collect reads since returns2, aligned on the sheet (issues 13, 14)
        "’95", "''95", " '95,5", "'1.540", "'Đạt", "'", "'=5",
        "=95", "=-5", "=+95,5", "=1.540", "=0", "=00", "=0095", "=05.5", "=\u00a095", "=95\u200b", "=５", "= 95 ",
        "=1540/1587*100", "=1540/1587", "=(1+2)*3", "=A1", "=SUM(1;2)", "=95%", "=", "=- 5",
        "1,540,000", "1,540.5", "+1,540.5", "1,540,000.25", "1 540,000", "１,５４０", "12,345", "1,540.", "1,54,000",
        "\u0661,\u0665\u0664\u0660",
        "0,540", "-1,540", "1,540%", "tăng 1,540",
        Typed(97.04, "dd/mm/yyyy"), Typed(1, "dd/mm/yyyy"), Typed(18263.5, "dd/mm/yyyy"), Typed(18264, "dd/mm/yyyy"),
        Typed(95, "d/m"), Typed(0.5, "dd/mm/yyyy"),
    ]
    return [Trial(value=value, note="số gõ theo nhiều kiểu") for value in values]


def pass_fail_words() -> list[Trial]:
    words: list[object] = ["Đạt", "đạt", "ĐẠT", "Dat", "Đạt ", NFD("NFD", "Đạt"), NFD("NFD", "Không đạt"),
                           "không đạt", "KHÔNG ĐẠT", "Không  đạt", "Không Đạt.", "x", "X", "-", "không", "có",
                           "Chưa đạt", "Hoàn thành", "Đạt!", "Đạt.", "đạt yêu cầu", "Vượt", "\u00a0Đạt\u00a0",
                           "Ðạt", True, False, 1, 0, "1", "0"]
    return [Trial(value=word, note="chữ Đạt / Không đạt") for word in words]


def ratio_pairs() -> list[Trial]:
    pairs = [(1540, 1587), (1286, 1278), (5, None), (None, 5), (5, 0), (0, 0), (0, 5), ("abc", 10), (10, "abc"),
             ("1.540", "1.587"), ("1540", "1587"), (" 9 ", "10"), (-1, 10), (10, -1), (9.5, 10), (18, 20),
             (17, 20), (19, 20), (20, 20), (31, 38), (30, 38), (1, 3), (2, 3), (99, 100), (999, 1000),
             (Typed(0.5, "0%"), 1), (1, Typed(1, "0%")), ("1,5", "2"), (10 ** 12, 10 ** 12 + 1),
             (Typed(dt.datetime(2026, 9, 10), "dd/mm/yyyy"), 10)]
    pairs += [("1,540", "1,587"), ("95%", "100"), ("９", "１０"), ("\u00a09\u00a0", "10"), ("-5", "10"), ("0", "0"),
              ("   ", "10"), (True, 1), ("1 540", "1 587"), ("9.", "10."), (",5", "1"), ("1e1", "20"), ("0,5", "0,5"),
              (Typed("=1/0", formula=True), 10), (9, Typed(10, "0.00")), (1540, "1.587 hồ sơ"), (Typed(0.9, "0%"), 100),
              ("'9", "'10"), ("=9", "=10"), ("=9", "10"), ("=18/2", 10), (9, "=5+5"), ("1,540", 1587), (1540, "1,587"),
              ("1,540,000", "2,000,000"), ("1,540.5", 1587), (Typed(9, "dd/mm/yyyy"), Typed(10, "dd/mm/yyyy")),
              ("=0095", 100)]
    trials = [Trial(numerator=n, denominator=d, note="Tử số / Mẫu số") for n, d in pairs]
    trials += [Trial(numerator=9, denominator=10, value=value, note="Tử số / Mẫu số và Kết quả")
               for value in (90, 50, "abc", "Đạt", -1)]
    return trials


def boundary_numbers(target: Target) -> list[Trial]:
    """Each level exactly, a hair either side, float-edge spellings of it, and 2-decimal rounding edges."""
    base = _baseline(target)
    bounds = bounds_of(target, base)
    if bounds is None:
        return []
    levels = {bounds.level} | ({bounds.exceed_level} if bounds.exceed_level is not None else set())
    trials = []
    baseline = None if base is None or target.baseline is not None else _f(base)
    for level in sorted(levels):
        for delta in (0, Fraction(1, 100), Fraction(-1, 100), Fraction(1, 10 ** 6), Fraction(-1, 10 ** 6),
                      Fraction(5, 1000), Fraction(-5, 1000), Fraction(4, 1000), Fraction(-4, 1000),
                      Fraction(1, 10 ** 12), Fraction(-1, 10 ** 12)):
            number = level + delta
            if number < 0:
                continue
            trials.append(Trial(value=_f(number), baseline=baseline, note="quanh mức"))
            trials.append(Trial(value=format_number(number, 12), baseline=baseline, note="quanh mức, chữ"))
    return trials


def baseline_variants(target: Target) -> list[Trial]:
    """Kết quả kỳ trước typed, carried, as text, with the % key, wrong."""
    if not (target.needs_baseline and target.baseline is None):
        return []
    base = _baseline(target)
    assert base is not None
    bounds = bounds_of(target, base)
    assert bounds is not None
    level = _f(bounds.level)
    shown = format_number(base, 4)
    variants: list[object] = [_f(base), shown, f"{shown}%", Typed(_f(base), "0.00"), Typed(_f(base / 100), "0.00%"),
                              None, -1, "abc", 0, Typed(dt.datetime(2025, 6, 30), "dd/mm/yyyy"), "98.6", 1e15,
                              10 ** 20, 10 ** 25 + 7, 123456789.123456, "1.234.567.890.123,4567", 0.1 + 0.2, 99999999999.99996,
                              f"'{shown}", f"={shown}", "=90+0,5", "1,200", "1,200.5", "90,500", Typed(_f(base), "dd/mm/yyyy")]
    return [Trial(value=value, baseline=variant, note="Kết quả kỳ trước")
            for variant in variants for value in (level, level - 0.01, level + 0.01)]


def stray_baselines(target: Target) -> list[Trial]:
    """Kết quả kỳ trước typed on a row that does not ask for it, or wrong."""
    return [Trial(value=95, baseline=baseline, note="Kết quả kỳ trước không cần")
            for baseline in ("abc", -1, 90.5, "90,5", Typed(dt.datetime(2025, 1, 1), "dd/mm/yyyy"), "   ")]


def changes_typed(target: Target) -> list[Trial]:
    if target.kind is not Kind.CHANGE:
        return [Trial(value=text, note="mức tăng giảm") for text in ("tăng 7,4%", "giảm 1 điểm %")]
    assert target.low is not None
    amount = format_number(target.low, 4)
    texts = [f"tăng {amount}%", f"giảm {amount}%", f"tăng {amount} điểm %", f"giảm {amount} điểm",
             f"Tăng  {amount} %", f"TĂNG THÊM {amount}%", NFD("NFD", f"giảm {amount} điểm phần trăm"),
             f"tăng {amount}", f"tăng {amount}‰", f"giảm {amount} điểm ‰", "tăng", "tăng abc", "tăng -1%",
             f"tăng {format_number(target.low + Fraction(1, 100), 4)}%", f"giảm {format_number(target.low * 2, 4)}%",
             f"tăng {format_number(target.low / 2, 4)}%", f"giảm{amount}%", f"tăng {amount}%.", "tăng 1.540"]
    return [Trial(value=text, note="mức tăng giảm đạt được") for text in texts]


def _baseline(target: Target) -> Fraction | None:
    if target.baseline is not None:
        return target.baseline
    if not target.needs_baseline:
        return None
    return Fraction("90.5") if target.measures_percent or target.measures_per_mille else Fraction(1200)


def fuzz_trials(target: Target) -> list[Trial]:
    trials = [*trials_for(target), *typed_numbers(), *pass_fail_words(), *ratio_pairs(), *boundary_numbers(target),
              *baseline_variants(target), *stray_baselines(target), *changes_typed(target)]
    unique: dict[tuple, Trial] = {}
    for trial in trials:
        unique.setdefault(trial.key(), trial)
    return list(unique.values())


def test_the_fuzz_matrix_covers_every_kind_with_many_inputs():
    targets = [parse_target(text) for text, _ in TARGETS]
    assert {target.kind for target in targets} == set(Kind)
    assert all(len(fuzz_trials(target)) >= 150 for target in targets)


@pytest.mark.parametrize("text, value, baseline, shown", [
    ("≥ 90%", Fraction("89.995"), None, Fraction("89.995")),
    ("≥ 90%", Fraction("89.9999"), None, Fraction("89.9999")),
    ("≥ 90%", Fraction("89.99999"), None, Fraction("89.9999")),
    ("trên 90%", Fraction("90.004"), None, Fraction("90.004")),
    ("trên 90%", Fraction("90.00001"), None, Fraction("90.0001")),
    ("trên 90%", Fraction(1540 * 100, 1587), None, Fraction("97.04")),
    ("14-15%", Fraction("15.004"), None, Fraction("15.004")),
    ("dưới 5%", Fraction("4.996"), None, Fraction("4.996")),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", Fraction("91.496"), Fraction("90.5"), Fraction("91.496")),
    ("0 hồ sơ trễ hạn", Fraction(1, 1000), None, Fraction(1, 1000)),
    ("Kết quả kiểm tra đạt yêu cầu", Fraction("1.005"), None, Fraction("1.01")),
])
def test_the_value_shown_never_rounds_onto_or_across_a_level(text, value, baseline, shown):
    assert shown_value(parse_target(text), value, baseline) == shown


# Under a Vietnamese locale (LibreOffice turns 1,5 into text as "1,5" there): one target of each kind.
VIETNAMESE_LOCALE_TARGETS = ("trên 90%", "14-15%", "Tăng 1% so với năm 2021 (98,6%)",
                             "tăng 1% tỷ lệ hài lòng so với năm trước", "Thu ngân sách bằng 110% so với năm 2024",
                             "Tạo việc làm cho 1.200 lao động trở lên", "31/38 trường", "0 hồ sơ trễ hạn",
                             "Hoàn thành trước ngày 20/12", "Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu")


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("locale", [None, "vi-VN"])
def test_the_sheet_shows_what_collect_records_on_every_kind_and_input(tmp_path, locale):
    targets = [(text, periods) for text, periods in TARGETS if locale is None or text in VIETNAMESE_LOCALE_TARGETS]
    catalogue = tuple(CatalogueEntry(f"Mục tiêu {index}", ((text, periods),) * ROWS_PER_TARGET)
                      for index, (text, periods) in enumerate(targets, start=1))
    folder = make_campaign(tmp_path / "dot", catalogue, units=[Unit("X01", "Xã Một", "Xã")])
    with LibreOfficeEngine(locale=locale) as engine:
        report = verify_workbooks(folder, engine=engine, trials=fuzz_trials)
    by_kind = Counter(check.kind for check in report.checks for _ in range(check.trials))
    assert set(by_kind) == {kind.value for kind in Kind}
    assert report.trials >= 150 * len(targets)
    assert not report.findings, [f.describe() for f in report.findings]
    lines = [f"{m.column} {m.cell} “{m.target}”: {m.entered_text()} → {m.shown} | cần {m.expected}"
             for m in report.mismatches]
    assert not lines, f"{len(lines)} chỗ không khớp:\n" + "\n".join(lines)
    # the one expected difference this matrix types: a formula as text only collect computes — listed, the
    # sheet showing its error and never a verdict
    assert report.differences
    assert {m.note for m in report.differences} == {FORMULA_AS_TEXT}
    assert all(m.shown.startswith(ERROR_PREFIX) and "công thức gõ dạng chữ" in m.shown for m in report.differences)
    assert all(m.entered_text().count("“=") >= 1 for m in report.differences)


CARRIED_TARGETS = ("tăng 1% tỷ lệ hài lòng so với năm trước", "giảm 10% số vụ tai nạn",
                   "Thu ngân sách bằng 110% so với năm 2024", "Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm",
                   "Giảm tỷ lệ sinh con thứ ba 0,2‰", "trên 90%")


@pytest.mark.libreoffice
@needs_soffice
def test_a_baseline_carried_from_the_previous_round_is_the_one_both_sides_use(tmp_path):
    """Kết quả kỳ trước filled from the previous round (locked): the sheet judges with the carried number
    whatever the cell is made to hold (typed over after unprotecting), as the export does; two units of one
    shape get their own numbers (the fast path's stand-ins)."""
    catalogue = tuple(CatalogueEntry(f"Mục tiêu {index}", ((text, ""),) * 6)
                      for index, text in enumerate(CARRIED_TARGETS, start=1))
    folder = make_campaign(tmp_path / "dot", catalogue,
                           units=[Unit("X01", "Xã Một", "Xã"), Unit("X02", "Xã Hai", "Xã")])
    campaign = read_campaign(folder)
    info = PreviousRoundInfo("2024-FY-thu", 2024, "Cả năm")
    values = {}
    for unit, shift in (("X01", Fraction(0)), ("X02", Fraction(3, 10))):
        values[unit] = {indicator.code: PreviousValue(
            (Fraction("90.5") if indicator.target.measures_percent else Fraction(1200)) + shift,
            percent=indicator.target.measures_percent) for indicator in campaign.indicators}
    out = tmp_path / "books"
    generate_workbooks(campaign, out_dir=out, force=True, previous=PreviousValues(info, values))

    def trials(target: Target) -> list[Trial]:
        return [trial for trial in fuzz_trials(target) if trial.note in ("quanh mức", "Kết quả kỳ trước", "để trống")
                or trial.baseline is not None]

    report = verify_workbooks(folder, workbooks_dir=out, trials=trials)
    assert len(report.workbooks) == 2 and report.trials > 500
    lines = [f"{m.workbook} {m.column} {m.cell} “{m.target}”: {m.entered_text()} → {m.shown} | cần {m.expected}"
             for m in report.mismatches]
    assert not lines, f"{len(lines)} chỗ không khớp:\n" + "\n".join(lines[:60])
