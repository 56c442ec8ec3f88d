"""Reading returned workbooks: identity from inside the file, rows by code, values as typed."""

from __future__ import annotations

import shutil
from fractions import Fraction

import pytest
from openpyxl import Workbook

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.read import read_returned_file, read_returned_path
from xlqms.spreadsheet import write_text

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def campaign(returns_corpus):
    return read_campaign(returns_corpus["campaign"])


def read(returns_corpus, campaign, name):
    return read_returned_path(returns_corpus["returns"] / name, campaign)


def codes(result):
    return sorted(f.code for f in result.findings)


def test_good_file_values(returns_corpus, campaign):
    result = read(returns_corpus, campaign, "good.xlsx")
    assert (result.verdict, result.unit_code, result.identity.source) == ("clean", "00004", "sheet")
    assert result.findings == ()
    entries = result.entries
    assert (entries["MT01"].numerator, entries["MT01"].denominator) == (1540, 1587)
    assert entries["MT02"].value == Fraction("98.5")
    assert entries["MT03"].passed is True
    assert (entries["MT04"].value, entries["MT04"].baseline) == (Fraction("99.7"), Fraction("98.6"))
    assert entries["MT05"].value == 950 and entries["MT05"].explanation == "Vượt kế hoạch"
    assert entries["MT06"].is_blank
    assert entries["MT02"].cells[layout.RESULT_VALUE] == "I12"


def test_renamed_file_is_identified_from_inside(returns_corpus, campaign):
    result = read(returns_corpus, campaign, "bao cao xa Dong Hung (1).xlsx")
    assert (result.verdict, result.unit_code) == ("clean", "00007")


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("name, unit", [("resaved_libreoffice.xlsx", "00010"), ("returned.ods", "00013"),
                                        ("returned.xls", "00016")])
def test_libreoffice_returns(returns_corpus, campaign, name, unit):
    result = read(returns_corpus, campaign, name)
    assert (result.verdict, result.unit_code) == ("clean", unit), result.findings
    assert result.entries["MT01"].numerator == 1540 and result.entries["MT02"].value == Fraction("98.5")
    assert result.entries["MT03"].passed is True and result.entries["MT06"].is_blank


@pytest.mark.parametrize("name, code, claimed", [
    ("other_period.xlsx", "period-mismatch", "00004"),
    ("other_campaign.xlsx", "campaign-mismatch", "00007"),
    ("stranger_unit.xlsx", "unknown-unit", "99999"),
    ("old_template.xlsx", "template-version-mismatch", "00049"),
    ("not_a_unit_workbook.xlsx", "not-a-unit-workbook", ""),
    ("truncated.xlsx", "corrupt-file", ""),
    ("zip_bomb.xlsx", "zip-bomb", ""),
    ("xml_bomb.xlsx", "xml-entity-declaration", "00004"),   # identified from its custom properties
    ("password_protected.xlsx", "password-protected", ""),
])
def test_rejected_files_say_why(returns_corpus, campaign, name, code, claimed):
    result = read(returns_corpus, campaign, name)
    assert result.verdict == "rejected" and code in codes(result)
    assert result.claimed_unit == claimed and result.entries == {}


@pytest.mark.parametrize("name, expected", [
    ("numerator_exceeds_denominator.xlsx", ["numerator-exceeds-denominator"]),
    ("row_deleted.xlsx", ["indicator-row-missing"]),
    ("code_changed.xlsx", ["indicator-row-missing", "unknown-indicator"]),
    ("not_a_number.xlsx", ["not-a-number", "qualitative-value-invalid"]),
])
def test_value_errors_need_correction(returns_corpus, campaign, name, expected):
    result = read(returns_corpus, campaign, name)
    assert result.verdict == "errors" and codes(result) == expected
    flagged = {f.indicator for f in result.findings if f.is_error}
    assert set(result.clean_entries).isdisjoint(flagged)
    assert result.clean_entries  # the rows without errors stay usable


def test_percent_as_text_and_fraction(returns_corpus, campaign):
    text = read(returns_corpus, campaign, "percent_as_text.xlsx")
    assert text.verdict == "clean" and text.findings == ()
    assert text.entries["MT01"].value == Fraction("96.5") and text.entries["MT05"].value == 1540
    fraction = read(returns_corpus, campaign, "percent_as_fraction.xlsx")
    assert fraction.verdict == "clean" and codes(fraction) == ["percent-as-fraction"] * 2
    assert fraction.entries["MT01"].value == Fraction("96.5") and fraction.entries["MT02"].value == 100
    assert fraction.needs_review


def test_macros_are_read_with_a_warning(returns_corpus, campaign):
    result = read(returns_corpus, campaign, "macros.xlsm")
    assert result.verdict == "clean" and codes(result) == ["macros-present"] and result.entries["MT02"].value


def test_identity_from_visible_cells_is_a_warning(returns_corpus, campaign):
    result = read(returns_corpus, campaign, "lost_identity.xlsx")
    assert (result.verdict, result.unit_code, result.identity.source) == ("clean", "00046", "visible")
    # the hidden parts, signature included, are gone: the file is also unsigned (held for review)
    assert codes(result) == ["identity-from-visible-cells", "identity-unsigned"]


@pytest.mark.parametrize(("period", "rejected"), [
    ("6 tháng đầu năm", False), ("6 tháng đầu năm 2026", False), ("6 tháng đầu năm năm 2026", False),
    ("6 tháng đầu năm 2025", True), ("H1 2027", True), ("Cả năm 2026", True), ("Quý I năm 2026", True),
])
def test_a_year_written_in_the_visible_period_is_the_files_year(returns_corpus, campaign, build_returns, period,
                                                               rejected):
    """A workbook known by its visible cells only (hidden identity lost) whose “Kỳ báo cáo:” carries a
    year: a file of another year is of another round (period-mismatch), never taken as this year's."""
    def visible_period(book, sheet, rows, columns):
        build_returns.strip_identity(book, sheet, rows, columns)
        label = next(cell for row in sheet.iter_rows(max_row=9) for cell in row
                     if cell.value == layout.VISIBLE_PERIOD_LABEL)
        target = next(cell for cell in sheet[label.row][label.column:] if cell.value not in (None, ""))
        target.value = period

    blank = build_returns.Blanks(campaign)("00046")
    result = read_returned_file(build_returns.fill(blank, build_returns.GOOD, visible_period), "x.xlsx", campaign)
    assert result.identity.source == "visible"
    assert ("period-mismatch" in codes(result)) is rejected and (result.verdict == "rejected") is rejected, codes(result)


def test_visible_identity_below_the_header_outside_the_input_columns_is_still_seen(returns_corpus, campaign,
                                                                                   build_returns):
    """Kết quả is read below its header in the input columns only; identity from the visible cells still sees
    every column of the first rows (the sheet is read again, whole, for it)."""
    def move_unit_code_label(book, sheet, rows, columns):
        build_returns.strip_identity(book, sheet, rows, columns)
        label = next(cell for row in sheet.iter_rows(max_row=9) for cell in row
                     if cell.value == layout.VISIBLE_UNIT_CODE_LABEL)
        value = sheet.cell(label.row, label.column + 1).value
        label.value = sheet.cell(label.row, label.column + 1).value = None
        footer = max(rows.values()) + 6      # below the signature lines, within the first rows searched
        sheet.cell(footer, columns[layout.RESULT_CODE] - 1, layout.VISIBLE_UNIT_CODE_LABEL)
        sheet.cell(footer, columns[layout.RESULT_CODE] + 1, value)

    data = build_returns.fill(build_returns.Blanks(campaign)("00046"), build_returns.GOOD, move_unit_code_label)
    result = read_returned_file(data, "x.xlsx", campaign)
    assert (result.verdict, result.unit_code, result.identity.source) == ("clean", "00046", "visible")
    assert codes(result) == ["identity-from-visible-cells", "identity-unsigned"]


def test_identity_from_names_and_properties_when_the_sheet_is_gone(returns_corpus, campaign, build_returns):
    def drop_sheet(book, sheet, rows, columns):
        del book[layout.IDENTITY_SHEET]

    data = build_returns.fill(build_returns.Blanks(campaign)("00043"), build_returns.GOOD, drop_sheet)
    result = read_returned_file(data, "x.xlsx", campaign)
    assert (result.verdict, result.unit_code, result.identity.source) == ("clean", "00043", "properties")
    assert result.findings == ()


def test_formula_injection_stays_text(returns_corpus, campaign):
    result = read(returns_corpus, campaign, "formula_injection.xlsx")
    explanation = result.entries["MT05"].explanation
    assert explanation.startswith("=HYPERLINK(")
    cell = Workbook().active["A1"]
    write_text(cell, explanation)
    assert cell.data_type == "s"


@pytest.mark.parametrize("name", ["~$good.xlsx", "notes.txt"])
def test_passed_over_with_a_note(returns_corpus, campaign, name):
    result = read(returns_corpus, campaign, name)
    assert result.verdict == "skipped" and all(f.severity.value == "note" for f in result.findings)


def test_garbage_never_raises(campaign):
    for data in (b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, b"\x00" * 10):
        result = read_returned_file(data, "bad.xls", campaign)
        assert result.verdict == "rejected" and result.findings[0].is_error
