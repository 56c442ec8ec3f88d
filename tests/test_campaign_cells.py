"""campaign.xlsx read as the spreadsheet shows it: formulas by the result the application stored
(never lost), merged cells as shown, error values and dates as officials write them, never a crash.

campaign.xlsx is read by its stored values (python-calamine). Two ways a formula's value could vanish
in silence, both tested here:

* a campaign.xlsx written by a program and never opened in Excel or LibreOffice holds formulas with
  no stored result — each such cell is an error at its place (``campaign-formula-without-value``),
  never a unit or setting quietly left out;
* ``xlqms check`` writing the `Cách hiểu` column with openpyxl would save every formula without its
  stored result — a file with formulas is left untouched, and the report says why.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from builders_campaign import build
from openpyxl import load_workbook

from xlqms import layout
from xlqms.campaign import inspect_campaign, read_campaign
from xlqms.check import check_campaign
from xlqms.codes import Code
from xlqms.scaffold import read_units_file


def unsaved(findings) -> dict[tuple[str, str], str]:
    return {(f.location.sheet, f.location.cell): f.message for f in findings
            if f.code == Code.CAMPAIGN_FORMULA_WITHOUT_VALUE.value}


# (what the secretary made with a formula, the rows added, the cell reported)
CASES = [
    ("a unit code", dict(units=[('=TEXT(3999,"00000")', "Xã Ba", "Xã", "12")]), (layout.UNITS_SHEET, "A4")),
    ("a unit name", dict(units=[("03390", '="Xã "&"Hai"', "Xã", "12")]), (layout.UNITS_SHEET, "B4")),
    ("a whole unit row", dict(units=[("=1+1", '="Xã "&"Bốn"', "Xã", "12")]), (layout.UNITS_SHEET, "A4")),
    ("a parent code", dict(units=[("03391", "Xã Năm", "Xã", '="1"&"2"')]), (layout.UNITS_SHEET, "D4")),
    ("the round's name", dict(settings=[("Tên đợt", '="Kết quả năm "&B2')]), (layout.SETTINGS_SHEET, "B5")),
    ("a target", dict(objectives=[(3, "Dịch vụ công", '=">= "&"60%"')]), (layout.OBJECTIVES_SHEET, "C4")),
]


@pytest.mark.parametrize("rows, cell", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_formula_without_a_stored_result_is_an_error_at_its_cell(tmp_path, rows, cell):
    build(tmp_path, **rows)
    inspection = inspect_campaign(tmp_path)
    found = unsaved(inspection.findings)
    assert cell in found, [str(f) for f in inspection.findings]
    assert "Excel hoặc LibreOffice" in found[cell] and "=" in found[cell]
    assert inspection.campaign is None, "a campaign with a cell whose value is unknown is not used"
    same_cell = [f for f in inspection.findings if (f.location.sheet, f.location.cell) == cell]
    assert all(f.code == Code.CAMPAIGN_FORMULA_WITHOUT_VALUE.value for f in same_cell), \
        "the cell is named for what it is, not as a missing code or name"


def test_a_formula_outside_the_tables_is_named_too(tmp_path):
    build(tmp_path, objectives=[(None, None, None, None, None, None, None, None, None, "=1+1")])
    assert (layout.OBJECTIVES_SHEET, "J4") in unsaved(inspect_campaign(tmp_path).findings)


def test_plain_values_raise_nothing(tmp_path):
    build(tmp_path)
    inspection = inspect_campaign(tmp_path)
    assert unsaved(inspection.findings) == {}
    assert inspection.campaign is not None and len(list(inspection.campaign.units)) == 2


def test_check_leaves_a_campaign_with_formulas_as_it_is(tmp_path):
    build(tmp_path, units=[("03390", '="Xã "&"Hai"', "Xã", "12")])
    path = tmp_path / layout.CAMPAIGN_FILE
    before = path.read_bytes()
    report = check_campaign(tmp_path)
    assert not report.written and "công thức" in report.reason and "Đơn vị!B4" in report.reason
    assert path.read_bytes() == before


def test_check_still_writes_a_campaign_without_formulas(tmp_path):
    build(tmp_path)
    report = check_campaign(tmp_path)
    assert report.written, report.reason


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_formulas_saved_by_libreoffice_are_read_and_survive_check(tmp_path):
    """The real case: formulas a spreadsheet application computed and stored. They are read, and
    `xlqms check` does not strip their stored results (before, it rewrote the file with openpyxl and
    the unit whose code is a formula vanished from the campaign at the next command)."""
    source = tmp_path / "src"
    build(source, settings=[("Tên đợt", '="Kết quả năm "&B2')],
          units=[('=TEXT(3999,"00000")', '="Xã "&"Ba"', "Xã", "12")])
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "dot"),
         str(source / layout.CAMPAIGN_FILE)],
        check=True, capture_output=True, timeout=180,
    )
    folder = tmp_path / "dot"
    campaign = read_campaign(folder)
    assert "03999" in campaign.units and campaign.units["03999"].name == "Xã Ba"
    assert campaign.settings.title == "Kết quả năm 2026"
    report = check_campaign(folder)
    assert not report.written and "công thức" in report.reason
    again = read_campaign(folder)
    assert [unit.code for unit in again.units] == [unit.code for unit in campaign.units]
    assert again.settings.title == "Kết quả năm 2026"


# --- what the sheet shows, not cell by cell: merged cells and error values in Đơn vị -------------

def merge(folder, *ranges, sheet=layout.UNITS_SHEET) -> None:
    path = folder / layout.CAMPAIGN_FILE
    book = load_workbook(path)
    for span in ranges:
        book[sheet].merge_cells(span)
    book.save(path)


def test_a_parent_merged_down_over_communes_is_each_ones_parent(tmp_path):
    """Secretaries merge `Mã đơn vị cấp trên` (and `Cấp`) over the communes of one district: read cell
    by cell, every row below the first would be a unit with no parent, a root, in silence."""
    build(tmp_path, units=[("03390", "Xã Hai", "Xã", "12"), ("03391", "Xã Ba", None, None),
                           ("03392", "Xã Bốn", None, None), ("03393", "Xã Năm", "Phường", "03388")])
    merge(tmp_path, "D4:D6", "C4:C6")
    campaign = read_campaign(tmp_path)
    assert [(unit.code, unit.level, unit.parent) for unit in campaign.units][2:] == [
        ("03390", "Xã", "12"), ("03391", "Xã", "12"), ("03392", "Xã", "12"), ("03393", "Phường", "03388")]


def test_a_header_merged_over_two_rows_is_not_a_unit(tmp_path):
    """A two-row header (`Mã đơn vị` merged down into the row below) fills nothing below it."""
    build(tmp_path)
    path = tmp_path / layout.CAMPAIGN_FILE
    book = load_workbook(path)
    book[layout.UNITS_SHEET].insert_rows(2)
    book.save(path)
    merge(tmp_path, "A1:A2", "B1:B2", "C1:C2", "D1:D2")
    inspection = inspect_campaign(tmp_path)
    assert inspection.campaign is not None, [str(f) for f in inspection.findings]
    assert [unit.code for unit in inspection.campaign.units] == ["12", "03388"]


def test_the_units_file_given_to_init_reads_merges_the_same_way(tmp_path):
    build(tmp_path, units=[("03390", "Xã Hai", "Xã", "12"), ("03391", "Xã Ba", "Xã", None)])
    merge(tmp_path, "D4:D5")
    units, _ = read_units_file(tmp_path / layout.CAMPAIGN_FILE)
    assert {unit.code: unit.parent for unit in units}["03391"] == "12"


def test_an_error_value_is_named_where_it_is(tmp_path):
    build(tmp_path, units=[("03390", "Xã Hai", "#N/A", "12"), ("03391", "#REF!", "Xã", "12")])
    inspection = inspect_campaign(tmp_path)
    named = {(f.location.sheet, f.location.cell): f for f in inspection.findings
             if f.code == Code.CAMPAIGN_ERROR_VALUE.value}
    assert set(named) == {(layout.UNITS_SHEET, "C4"), (layout.UNITS_SHEET, "B5")}
    assert "#N/A" in named[(layout.UNITS_SHEET, "C4")].message and not named[(layout.UNITS_SHEET, "C4")].is_error
    assert any(f.code == Code.MISSING_UNIT_NAME.value and f.location.cell == "B5" for f in inspection.findings), \
        "a name that reads as an error value is still a unit without a name"


def test_a_new_code_merged_over_the_old_communes_it_took_in_maps_each_of_them(tmp_path):
    """After a merger of communes, `Mã đơn vị` (new) merged down over the rows of the old codes that
    became it: every old commune maps onto it (read cell by cell, only the first did; the others
    were rows with no new code)."""
    build(tmp_path, units=[("03390", "Xã Hợp Nhất", "Xã", "12")])
    path = tmp_path / layout.CAMPAIGN_FILE
    book = load_workbook(path)
    sheet = book.create_sheet(layout.OLD_UNITS_SHEET)
    sheet.append(layout.OLD_UNIT_COLUMNS)
    for old in ("03391", "03392", "03393"):
        sheet.append((old, "03390" if old == "03391" else None))
    sheet.merge_cells("B2:B4")
    book.save(path)
    inspection = inspect_campaign(tmp_path)
    assert inspection.campaign is not None, [str(f) for f in inspection.findings]
    assert [(s.old, s.new) for s in inspection.campaign.successions] == [
        ("03391", "03390"), ("03392", "03390"), ("03393", "03390")]


# --- Hạn nộp: a date as officials write it; anything else a located error, never a crash ----------

DUE = [
    ("31/07/2026", dt.date(2026, 7, 31)),
    ("31.7.2026", dt.date(2026, 7, 31)),
    ("2026-07-31", dt.date(2026, 7, 31)),
    ("ngày 31 tháng 7 năm 2026", dt.date(2026, 7, 31)),      # Decree 30/2020's way of writing a date
    ("Ngày 05 tháng 01 năm 2027.", dt.date(2027, 1, 5)),
    ("31 tháng 7, năm 2026", dt.date(2026, 7, 31)),
    (46234, dt.date(2026, 7, 31)),                           # an Excel serial in a General cell
    (dt.datetime(2026, 7, 31), dt.date(2026, 7, 31)),
    ("7/31/2026", None),                                     # month first: not a Vietnamese date
    ("31/02/2026", None),
    ("01/01/0001", None),
    (-5, None),                                              # was 25/12/1899, in silence
    (3_000_000, None),                                       # was a crash of every command
    (99_999_999_999, None),
    ("31/07", None),
]


@pytest.mark.parametrize("typed, expected", DUE, ids=[str(typed) for typed, _ in DUE])
def test_the_due_date_is_read_as_written_or_named_at_its_cell(tmp_path, typed, expected):
    build(tmp_path, settings=[("Hạn nộp", typed)])
    inspection = inspect_campaign(tmp_path)
    if expected is None:
        assert inspection.campaign is None
        problem = next(f for f in inspection.findings if f.code == Code.INVALID_DATE.value)
        assert (problem.location.sheet, problem.location.cell) == (layout.SETTINGS_SHEET, "B5")
        assert "31/07/2026" in problem.message
    else:
        assert inspection.campaign is not None, [str(f) for f in inspection.findings]
        assert inspection.campaign.settings.due_date == expected
