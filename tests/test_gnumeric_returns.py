"""Returns that went through Gnumeric, a second real spreadsheet writer (its own OOXML, BIFF8 and ODF
exporters, not LibreOffice's nor openpyxl's), read exactly as the commune meant.

The unit workbooks of a small round are filled the way a commune types (numbers, 97,04% in a percent
cell, text numbers "85,3" and "1.540", a ratio, Đạt/Không đạt, a date typed by mistake, a blank row,
a two-line Vietnamese Thuyết minh), then re-saved with ``ssconvert`` to .xlsx (both OOXML flavours),
.xls and .ods, with and without ``--recalc``, and collected. What Gnumeric 1.12 changes in the files:
custom document properties are dropped (every format); in .xlsx, hidden and very hidden sheets come
back visible and the workbook structure protection is gone; every number of an .ods is ``float``
with its percent/date format in the cell style; custom .xls formats are numbered from 50 and its
conditional formats carry number-format blocks. The _xlqms sheet and the defined names are kept.
Skipped only when ``ssconvert`` is not installed (``apt-get install gnumeric``); slow (~6 s)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.codes import FileState
from xlqms.collect import collect
from xlqms.read import read_returned_path
from xlqms.store import Store

SSCONVERT = shutil.which("ssconvert")
pytestmark = [pytest.mark.skipif(SSCONVERT is None, reason="Gnumeric (ssconvert) is not installed"),
              pytest.mark.slow]

V, N, D, B, E = (layout.RESULT_VALUE, layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_BASELINE,
                 layout.RESULT_EXPLANATION)
EXPLANATION = "Vượt kế hoạch,\ndo tuyển thêm lao động ở xã Đông Hưng"
TYPED = {                                                   # as a commune types them
    "MT01": {N: 1540, D: 1587},                             # a ratio
    "MT02": {V: 0.9704},                                    # 97,04% typed into a percent cell
    "MT03": {V: "Đạt"},
    "MT04": {V: "85,3", B: "84,1"},                         # text numbers, decimal comma
    "MT05": {V: "1.540", E: EXPLANATION},                   # text number, thousands dot; two lines
}                                                           # MT06 (yearly) left blank
TYPED_PLAIN = {**TYPED, "MT02": {V: 97.04}, "MT03": {V: "Không đạt"}, "MT04": {V: 99.7, B: 98.6}}
TYPED_DATE = {**TYPED, "MT02": {V: dt.datetime(2026, 10, 9)}}   # "9/10" turned into a date

RECORDED = {"MT01": ("numerator", 1540), "MT02": ("value", Fraction("97.04")), "MT03": ("passed", True),
            "MT04": ("value", Fraction("85.3")), "MT05": ("value", 1540)}
RECORDED_PLAIN = {**RECORDED, "MT03": ("passed", False), "MT04": ("value", Fraction("99.7"))}
RECORDED_DATE = {key: value for key, value in RECORDED.items() if key != "MT02"}

XLSX, XLSX2007, XLS, ODS = ("Gnumeric_Excel:xlsx2", "xlsx"), ("Gnumeric_Excel:xlsx", "xlsx"), \
    ("Gnumeric_Excel:excel_biff8", "xls"), ("Gnumeric_OpenCalc:odf", "ods")
PERCENT_READ = {"percent-as-fraction": {"I12"}}
UNSIGNED = {**PERCENT_READ, "identity-from-visible-cells": {None}, "identity-unsigned": {None}}
DATE_NOT_MARKED = {"date-in-value": {"I12"}, "annotation-unavailable": {None}}   # marked copies are .xlsx only

# file (its unit first): (values typed, change before Gnumeric, exporter, --recalc, state, values recorded,
#                         findings {code: cells})
PLAN = {
    "00004": (TYPED, None, XLSX, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00007": (TYPED, None, XLSX, True, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00010": (TYPED, None, XLSX2007, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00013": (TYPED, None, XLS, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00016": (TYPED, None, XLS, True, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00019": (TYPED, None, ODS, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00022": (TYPED, None, ODS, True, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00025": (TYPED_PLAIN, None, XLSX, False, FileState.ACCEPTED, RECORDED_PLAIN, {}),
    "00028": (TYPED_PLAIN, None, XLS, False, FileState.ACCEPTED, RECORDED_PLAIN, {}),
    "00031": (TYPED_PLAIN, None, ODS, False, FileState.ACCEPTED, RECORDED_PLAIN, {}),
    "00034": (TYPED_DATE, None, XLSX, False, FileState.NEEDS_CORRECTION, RECORDED_DATE, {"date-in-value": {"I12"}}),
    "00037": (TYPED_DATE, None, XLS, False, FileState.NEEDS_CORRECTION, RECORDED_DATE, DATE_NOT_MARKED),
    "00040": (TYPED_DATE, None, ODS, False, FileState.NEEDS_CORRECTION, RECORDED_DATE, DATE_NOT_MARKED),
    # the hidden sheet lost before Gnumeric (which then drops the properties): the names are left
    "00043": (TYPED, "no_sheet", ODS, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    "00046": (TYPED, "no_sheet", XLS, False, FileState.ACCEPTED, RECORDED, PERCENT_READ),
    # every hidden part lost: the visible labels, with a warning; no signature to check, so the file is
    # held and never used, even though the unit has no other (it may be another unit's relabelled)
    "00049": (TYPED, "strip", XLSX, False, FileState.HELD, RECORDED, UNSIGNED),
    # … and it never replaces the unit's signed file (00004 sent one above): held
    "00004 again": (TYPED_PLAIN, "strip", ODS, False, FileState.HELD, RECORDED_PLAIN,
                    {"identity-from-visible-cells": {None}, "identity-unsigned": {None}}),
}
FORGED = ("00022", "00025", "Xã Ea Kar")     # 00022's workbook made to claim 00025, then through Gnumeric


def ssconvert(source, target, exporter: str, recalc: bool) -> None:
    command = [SSCONVERT, *(["--recalc"] if recalc else []), "-T", exporter, str(source), str(target)]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0 and target.exists(), done.stderr.decode(errors="replace")[-2000:]


def without_sheet(book, sheet, rows, columns):
    del book[layout.IDENTITY_SHEET]


@pytest.fixture(scope="module")
def gnumeric_round(tmp_path_factory, build_returns):
    """{'folder': the round, 'files': {unit: returned file}, 'forged': file, 'report': the collect report}."""
    base = tmp_path_factory.mktemp("gnumeric")
    folder = base / "round"
    campaign = build_returns.make_campaign(folder)
    blank = build_returns.Blanks(campaign)
    changes = {None: None, "no_sheet": without_sheet, "strip": build_returns.strip_identity}

    def percent_cell(book, sheet, rows, columns):
        if isinstance(sheet.cell(rows["MT02"], columns[V]).value, float) and \
                sheet.cell(rows["MT02"], columns[V]).value < 1:
            sheet.cell(rows["MT02"], columns[V]).number_format = "0.00%"

    def tweak_of(change):
        def tweak(book, sheet, rows, columns):
            percent_cell(book, sheet, rows, columns)
            if changes[change]:
                changes[change](book, sheet, rows, columns)
        return tweak

    typed, returned = base / "typed", base / "returned"
    typed.mkdir()
    returned.mkdir()
    files = {}
    for label, (values, change, (exporter, extension), recalc, *_) in PLAN.items():
        unit = label.split()[0]
        source = typed / f"{label}.xlsx"
        source.write_bytes(build_returns.fill(blank(unit), values, tweak_of(change)))
        files[label] = returned / f"bao_cao_{label.replace(' ', '_')}_gnumeric{'_recalc' if recalc else ''}.{extension}"
        ssconvert(source, files[label], exporter, recalc)
    owner, claimed, name = FORGED
    source = typed / "forged.xlsx"
    source.write_bytes(build_returns.fill(blank(owner), TYPED, build_returns.forge_identity(claimed, name)))
    forged = returned / "bao_cao_gnumeric_forged.xlsx"
    ssconvert(source, forged, *XLSX[:1], False)
    report = collect(folder, [returned], workers=0)
    return {"folder": folder, "campaign": read_campaign(folder), "files": files, "forged": forged, "report": report}


def outcome_of(gnumeric_round, path):
    (found,) = [item for item in gnumeric_round["report"].outcomes if item.name == path.name]
    return found


@pytest.mark.parametrize("label", sorted(PLAN))
def test_a_gnumeric_return_is_recorded_as_typed(gnumeric_round, label):
    values, _change, _exporter, _recalc, state, recorded, codes = PLAN[label]
    unit = label.split()[0]
    path = gnumeric_round["files"][label]
    outcome = outcome_of(gnumeric_round, path)
    found: dict[str, set] = {}
    for item in outcome.findings:
        found.setdefault(item.code, set()).add(item.location.cell)
        assert item.location.file == path.name and item.message
    assert (outcome.unit_code, outcome.state, found) == (unit, state, codes), \
        [item.describe() for item in outcome.findings]
    with Store(gnumeric_round["folder"]) as store:
        entries = store.entries(outcome.checksum) if state == FileState.HELD else \
            store.accepted_submissions()[unit].entries
    for code, (field, value) in recorded.items():
        assert getattr(entries[code], field) == value, (code, field, entries[code])
    assert entries["MT01"].denominator == 1587
    assert "MT06" not in entries or entries["MT06"].value is None
    if "MT02" in recorded and values["MT02"][V] < 1:
        assert entries["MT02"].percent_sign            # read as a percent cell, not guessed
    if values is TYPED:
        assert entries["MT05"].explanation == EXPLANATION


@pytest.mark.parametrize("unit", ["00004", "00013", "00019", "00043", "00046"])
def test_the_identity_is_whole_and_its_signature_checks(gnumeric_round, unit):
    """Gnumeric keeps the _xlqms sheet (made visible) and the defined names; where the sheet was lost
    before, the names give the whole signed identity (an .ods as well as an .xls)."""
    result = read_returned_path(gnumeric_round["files"][unit], gnumeric_round["campaign"])
    assert result.identity.source == ("properties" if PLAN[unit][1] == "no_sheet" else "sheet")
    assert result.identity.unit_code == unit and len(result.identity.get(layout.ID_SIGNATURE)) == 64
    assert not {"identity-unsigned", "identity-forged", "identity-from-visible-cells"} & {
        f.code for f in result.findings}


def test_a_forged_identity_stays_forged_through_gnumeric(gnumeric_round):
    owner, claimed, _name = FORGED
    outcome = outcome_of(gnumeric_round, gnumeric_round["forged"])
    assert outcome.state == FileState.REJECTED and outcome.unit_code is None
    (item,) = [f for f in outcome.findings if f.code == "identity-forged"]
    assert owner in item.message
    with Store(gnumeric_round["folder"]) as store:
        assert store.accepted_submissions()[claimed].entries["MT04"].value == Fraction("99.7")   # untouched


def test_a_return_with_every_hidden_part_lost_tells_the_secretary_what_to_do(gnumeric_round):
    outcome = outcome_of(gnumeric_round, gnumeric_round["files"]["00004 again"])
    (visible,) = [f for f in outcome.findings if f.code == "identity-from-visible-cells"]
    (unsigned,) = [f for f in outcome.findings if f.code == "identity-unsigned"]
    assert "00004" in visible.message and "Kiểm tra lại đúng đơn vị" in visible.message
    assert "giữ lại chờ xem" in unsigned.message


def test_every_return_was_taken_in(gnumeric_round):
    assert len(gnumeric_round["report"].outcomes) == len(PLAN) + 1


def test_a_gnumeric_xlsx_with_errors_gets_its_marked_copy(gnumeric_round):
    outcome = outcome_of(gnumeric_round, gnumeric_round["files"]["00034"])
    marked = Path(outcome.annotated_path or "")
    assert marked.is_file() and marked.is_relative_to(gnumeric_round["folder"])
    assert read_returned_path(marked, gnumeric_round["campaign"]).unit_code == "00034"
