"""Held-out attacks (fourth round, issue 15): hostile or unlucky returned files.

Each test is one kind of attack on what ``xlqms collect`` reads; every case is a real file's bytes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from builders_ods import ods

from xlqms import annotate, exported_copy
from xlqms.campaign import read_campaign
from xlqms.collect import collect
from xlqms.isolation import TIMEOUT, Limits, _chunks, run_isolated
from xlqms.ods_cells import OdsCells
from xlqms.read import duplicate_sheet_names, read_returned_file
from xlqms.safety import check_bytes, check_size

RESULTS_PART = "xl/worksheets/sheet3.xml"       # Kết quả in a generated workbook
RELATIONSHIPS = "xl/_rels/workbook.xml.rels"
G11 = b'<c r="G11" s="30" t="n"><v>1540</v></c>'  # Tử số of MT01 in the corpus's good.xlsx (unit 00004)


def _rezip(data: bytes, change=None, add: dict[str, bytes] | None = None, drop=()) -> bytes:
    """``data``'s members rewritten: ``change(name, bytes) -> bytes``, members added (in order) or dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            body = source.read(info)
            target.writestr(info.filename, change(info.filename, body) if change else body)
        for name, body in (add or {}).items():
            target.writestr(zipfile.ZipInfo(name), body)
    return out.getvalue()


def _in_part(part: str, old: bytes, new: bytes):
    def change(name: str, body: bytes) -> bytes:
        if name != part:
            return body
        assert old in body, old
        return body.replace(old, new, 1)
    return change


@pytest.fixture
def good(returns_corpus) -> bytes:
    return (returns_corpus["returns"] / "good.xlsx").read_bytes()


@pytest.fixture
def campaign(returns_corpus):
    return read_campaign(returns_corpus["campaign"])


def _read(data: bytes, campaign, name: str = "bao_cao.xlsx"):
    return read_returned_file(data, name, campaign)


# -- a sniffer that took exponential time -------------------------------------------------------------

SNIFFED_HEADS = [
    (b"<!-- c -->" * 400 + b"x", None),                   # 4 KB of comments: exponential with the old pattern
    (b"<!-- c -->" * 40 + b"<html><body>", exported_copy.HTML),
    (b"<!---->" * 500 + b"<table>", exported_copy.HTML),
    (b"<!--" + b"-" * 4000, None),                          # a comment never closed
    (b'\n <?xml version="1.0"?>\n<!-- a --> <!--b-->\n<TABLE border=1>', exported_copy.HTML),
    (b"<?xml " * 800, None),
    (b"\xef\xbb\xbf<!-- x --><meta charset=utf-8>", exported_copy.HTML),
]


@pytest.mark.parametrize("head, kind", SNIFFED_HEADS)
def test_telling_an_export_apart_is_linear_in_the_bytes(head, kind):
    """A few hundred bytes of ``<!-- -->`` before anything else took the HTML sniffer (run on every
    file that is no zip) exponential time: 280 bytes, 27 s; 400 bytes, forever — the worker stuck."""
    started = time.perf_counter()
    assert exported_copy.sniff(head, "bao_cao.xls", True) == kind
    assert check_bytes(head, "bao_cao.xls").findings
    assert time.perf_counter() - started < 0.5


# -- the per-file time limit is per file ---------------------------------------------------------------

def slow_work(context, item):
    """Module-level work: 'regex' backtracks for ever, 'loop' spins in Python, 'sleep' waits; else doubled."""
    if item == "regex":
        re.match(rb"(?:<!--.*?-->\s*)*<html", b"<!-- c -->" * 60 + b"x", re.DOTALL)
    elif item == "loop":
        while True:
            pass
    elif item == "sleep":
        time.sleep(3600)
    return item * 2


def native_work(context, item):
    """Module-level work stuck in native code that never lets Python see a signal."""
    if item == "native":
        hashlib.pbkdf2_hmac("sha256", b"x", b"salt", 2_000_000_000)
    return item * 2


def recorded(context, item, reason):
    return f"{item}:{reason}"


@pytest.mark.parametrize("slow", ["regex", "loop", "sleep"])
def test_a_slow_file_is_stopped_at_its_own_limit_and_its_chunk_goes_on(slow):
    """Before: a chunk of n files had n times the limit, the slow file ran all of it, then ran again
    alone (a 400-byte file cost 91 s of a collect; one in a chunk of 32, over 16 minutes)."""
    items = ["a", slow, "b", "c"]
    started = time.perf_counter()
    results = list(run_isolated(slow_work, None, items, 1, chunk_size=4, fallback=recorded,
                                limits=Limits(file_seconds=1.0)))
    assert results == ["aa", f"{slow}:{TIMEOUT}", "bb", "cc"]
    assert time.perf_counter() - started < 4.0


@pytest.mark.slow     # a worker stuck in native code, ended by its own watchdog
def test_a_file_stuck_in_native_code_is_stopped_too():
    """The alarm cannot interrupt native code: the worker's watchdog ends it within 2 × 1 s + 5 s, long
    before pebble's timeout on the chunk (21 s), and the file alone is then a timeout."""
    items = ["native"] + [f"f{number}" for number in range(19)]
    started = time.perf_counter()
    results = list(run_isolated(native_work, None, items, 1, chunk_size=20, fallback=recorded,
                                limits=Limits(file_seconds=1.0)))
    assert results == [f"native:{TIMEOUT}"] + [item * 2 for item in items[1:]]
    assert time.perf_counter() - started < 16


# -- one part, two names -------------------------------------------------------------------------------

@pytest.mark.parametrize("second_name", [
    "xl/Worksheets/Sheet3.xml",          # case: Office compares part names without case
    "XL/WORKSHEETS/SHEET3.XML",
    "xl\\worksheets\\sheet3.xml",         # backslashes: read as '/' by zip tools on Windows
    "/xl/worksheets/sheet3.xml",          # a leading '/': the package root
])
def test_a_part_given_twice_under_another_spelling_is_refused(good, campaign, second_name):
    """The reader picked one copy (here the hidden one, with other figures): what xlqms records could
    differ from what the secretary sees in Excel."""
    hidden = zipfile.ZipFile(io.BytesIO(good)).read(RESULTS_PART).replace(G11, G11.replace(b"1540", b"1"))
    data = _rezip(good, add={second_name: hidden})
    report = check_bytes(data, "bao_cao.xlsx")
    assert [f.code for f in report.findings] == ["corrupt-file"] and not report.readable
    assert "hai lần" in report.findings[0].message and second_name in report.findings[0].message
    result = _read(data, campaign)
    assert result.verdict == "rejected" and result.unit_code == "00004"     # still named by its unit


def test_parts_of_distinct_names_are_not_twice(good):
    data = _rezip(good, add={"xl/worksheets/sheet30.xml": b"<worksheet/>", "customXml/item1.xml": b"<a/>"})
    assert check_bytes(data, "bao_cao.xlsx").readable


# -- two sheets of one name ----------------------------------------------------------------------------

def _second_sheet(good: bytes, title: str, body: bytes) -> bytes:
    sheet = (f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="{title}" '
             'sheetId="70" state="hidden" r:id="rId70"/></sheets>').encode()
    relation = (b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                b'Target="/xl/worksheets/sheet70.xml" Id="rId70"/></Relationships>')

    def change(name: str, data: bytes) -> bytes:
        if name == "xl/workbook.xml":
            return data.replace(b"</sheets>", sheet, 1)
        if name == RELATIONSHIPS:
            return data.replace(b"</Relationships>", relation, 1)
        return data
    return _rezip(good, change, add={"xl/worksheets/sheet70.xml": body})


@pytest.mark.parametrize("title", ["Kết quả", "KẾT QUẢ", unicodedata.normalize("NFD", "Kết quả"), "Kết  quả"])
def test_two_sheets_of_one_name_are_refused(good, campaign, title):
    """A hidden second “Kết quả” (other figures) was read instead of the visible one."""
    hidden = zipfile.ZipFile(io.BytesIO(good)).read(RESULTS_PART).replace(G11, G11.replace(b"1540", b"1"))
    result = _read(_second_sheet(good, title, hidden), campaign)
    assert result.verdict == "rejected" and [f.code for f in result.findings] == ["corrupt-file"]
    assert result.findings[0].location.sheet == "Kết quả" and result.unit_code == "00004"
    assert "hai trang cùng tên" in result.findings[0].message


def test_sheet_names_compared_as_excel_does():
    assert duplicate_sheet_names(["Kết quả", "Mục tiêu", "kết quả", "_xlqms", "KẾT QUẢ"]) == ["Kết quả"]
    assert duplicate_sheet_names(["Kết quả", "Kết quả (2)", "Mục tiêu"]) == []


def test_an_ods_with_two_tables_of_one_name_keeps_both_names():
    row = '<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    data = ods(row + '</table:table><table:table table:name="kết quả">' + row)
    book = OdsCells(data)
    assert duplicate_sheet_names(book.sheet_names) == ["Kết quả"]


# -- one cell, two values ------------------------------------------------------------------------------

CELL_TWICE = [
    # (what is done to Kết quả, the cell named)
    (G11, G11 + G11.replace(b"1540", b"7"), "G11"),                                        # two <c r="G11">
    (b'<row r="11"', b'<row r="11"><c r="G11" s="30"><v>7</v></c></row><row r="11"', "G11"),   # two rows 11
    (G11, G11 + b'<c s="30"><v>7</v></c>', "H11"),        # a cell without r lands on H11, given again after it
]


@pytest.mark.parametrize("old, new, cell", CELL_TWICE)
def test_a_cell_given_two_values_is_refused_at_that_cell(good, campaign, old, new, cell):
    """Silently the last one won: which one Excel shows is not known, so neither is taken."""
    result = _read(_rezip(good, _in_part(RESULTS_PART, old, new)), campaign)
    assert result.verdict == "rejected" and result.unit_code == "00004"
    problem = result.findings[-1]
    assert problem.code == "corrupt-file" and (problem.location.sheet, problem.location.cell) == ("Kết quả", cell)


def test_a_cell_given_twice_with_one_value_is_read(good, campaign):
    result = _read(_rezip(good, _in_part(RESULTS_PART, G11, G11 + G11)), campaign)
    assert result.verdict == "clean"


# -- a file that breaks after the checks is still named by its unit ----------------------------------

BOMB = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>')


def _sheet_renamed_with_dtd(good: bytes) -> bytes:
    """Kết quả moved to a member the checks do not peek at (not .xml), with a DOCTYPE in it."""
    body = zipfile.ZipFile(io.BytesIO(good)).read(RESULTS_PART)
    return _rezip(good, _in_part(RELATIONSHIPS, b"/xl/worksheets/sheet3.xml", b"/xl/worksheets/sheet3.dat"),
                  add={"xl/worksheets/sheet3.dat": BOMB + body}, drop=(RESULTS_PART,))


def _stored_with_a_bad_crc(good: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    data = out.getvalue()
    at = data.index(G11)
    return data[:at] + G11.replace(b"1540", b"9999") + data[at + len(G11):]   # same length, other bytes: CRC fails


BROKEN_AFTER_THE_CHECKS = {
    "dtd-in-another-member": _sheet_renamed_with_dtd,
    "bad-crc": _stored_with_a_bad_crc,
    "deep-nesting": lambda good: _rezip(good, _in_part(
        RESULTS_PART, G11, b'<c r="G11" t="inlineStr"><is>' + b"<r>" * 100_000 + b"<t>1</t>" + b"</r>" * 100_000
        + b"</is></c>")),
}


@pytest.mark.parametrize("kind", sorted(BROKEN_AFTER_THE_CHECKS))
def test_a_file_unreadable_after_the_checks_names_its_unit(good, campaign, kind):
    data = BROKEN_AFTER_THE_CHECKS[kind](good)
    assert check_bytes(data, "bao_cao.xlsx").readable           # the cheap checks pass it on
    result = _read(data, campaign)
    assert result.verdict == "rejected" and result.unit_code == "00004"
    assert result.findings[-1].code == "unreadable-file" and result.findings[-1].location.file == "bao_cao.xlsx"


# -- the annotated copy never costs the reading ----------------------------------------------------------

def _with_extra_sheet(good: bytes, sheet_xml: bytes) -> bytes:
    data = _second_sheet(good, "Danh sách", sheet_xml)
    return _rezip(data, _in_part(RESULTS_PART, G11, G11.replace(b"1540", b"-5")))     # a value error: a copy is made


def _rows(count: int) -> bytes:
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c></row>' % (n, n, n, n, n)
                    for n in range(1, count + 1))
    return b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows \
        + b"</sheetData></worksheet>"


HUGE_MERGE = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>'
              b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')


@pytest.mark.parametrize("sheet_xml, why", [(_rows(200_000), "quá lớn"), (HUGE_MERGE, "A1:XFD1048576")])
def test_no_copy_of_a_workbook_too_large_for_it(good, tmp_path, sheet_xml, why):
    """openpyxl holds every cell: a copy of such a workbook took the worker past its memory, and the
    worker's death lost the reading (unit, errors) of a file that only needed correcting."""
    written, note = annotate.annotate_workbook(_with_extra_sheet(good, sheet_xml), "xlsx", [], tmp_path / "copy.xlsx")
    assert written is None and note.code == "annotation-unavailable" and why in note.message
    assert not (tmp_path / "copy.xlsx").exists()


@pytest.mark.slow     # real workers, a 1.2-million-cell sheet
def test_a_correction_with_a_huge_other_sheet_is_recorded(collect_round, good, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bao_cao.xlsx").write_bytes(_with_extra_sheet(good, _rows(600_000)))
    report = collect(collect_round, [inbox])
    (outcome,) = report.outcomes
    assert outcome.unit_code == "00004" and outcome.state.value == "needs_correction"
    assert {"negative-value", "annotation-unavailable"} <= {f.code for f in outcome.findings}


def test_collect_over_a_stalling_export_finishes_in_time(collect_round, good, tmp_path):
    """The whole run, with the real worker pool: the 400-byte page of comments costs nothing now."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "00000_bao_cao.xls").write_bytes(b"<!-- c -->" * 40 + b"x")
    (inbox / "good.xlsx").write_bytes(good)
    started = time.perf_counter()
    report = collect(collect_round, [inbox])
    assert time.perf_counter() - started < 20
    states = {Path(outcome.path).name: outcome for outcome in report.outcomes}
    assert states["good.xlsx"].state.value == "accepted"
    assert [f.code for f in states["00000_bao_cao.xls"].findings] == ["corrupt-file"]


@pytest.mark.parametrize("size, shown", [(104_921_129, "100,1 MB"), (21_500_000, "20,5 MB"), (2 * 1024 ** 3, "2.048,0 MB")])
def test_a_file_too_large_is_said_in_vietnamese_numbers(size, shown):
    """It said “100.1 MB” (an English decimal point) to Vietnamese officials."""
    problem = check_size("bao_cao.xlsx", size)
    assert problem is not None and problem.code == "file-too-large" and f"nặng {shown}" in problem.message


# -- a number only Python reads as one -------------------------------------------------------------------

@pytest.mark.parametrize("stored", ["3_80", "1_540", "٣٨٠", "1_5e2"])
def test_a_stored_number_excel_would_not_read_is_not_taken_as_one(good, campaign, stored):
    """``float()`` read ``<v>3_80</v>`` as 380 and Arabic-Indic digits as digits: a figure Excel never shows.
    (Full-width digits stored as text are read as typed text is, mapped to ASCII: xlqms.numbers.)"""
    cell = G11.replace(b"1540", stored.encode())
    result = _read(_rezip(good, _in_part(RESULTS_PART, G11, cell)), campaign)
    problem = next(f for f in result.findings if f.location.cell == "G11")
    assert problem.code == "not-a-number" and problem.is_error and result.verdict == "errors"


def test_an_ods_value_excel_would_not_read_is_read_as_its_text():
    row = ('<table:table-row><table:table-cell office:value-type="float" office:value="3_80"><text:p>3_80</text:p>'
           '</table:table-cell><table:table-cell office:value-type="float" office:value="380"/></table:table-row>')
    sheet = OdsCells(ods(row)).read_sheets(["Kết quả"])["Kết quả"]
    assert sheet.rows[0][:2] == ["3_80", 380.0]


# -- a workbook under a lock file's name -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["~$03390_Xa_Binh_Lu.xlsx", ".~lock.bao_cao.xlsx#", "~$bao cao.xls"])
def test_a_workbook_named_like_a_lock_file_is_read(good, campaign, name):
    """It was passed over as a lock file (exit 0): the unit's return silently missing from the round."""
    result = _read(good, campaign, name)
    assert result.verdict == "clean" and result.unit_code == "00004"


@pytest.mark.parametrize("name, data", [
    ("~$bao_cao.xlsx", b"\x0bNguyen Van A" + b"\x00" * 40 + b"N\x00g\x00u\x00y\x00e\x00n\x00" + b" " * 100),
    (".~lock.bao_cao.xlsx#", b"Nguyen Van A,may-tinh/nguyen,may-tinh,30.11.2026 09:12,file:///home/nguyen/.config;\n"),
])
def test_a_real_lock_file_is_still_passed_over(campaign, name, data):
    result = _read(data, campaign, name)
    assert result.verdict == "skipped" and [f.code for f in result.findings] == ["lock-file"]


# -- many large files: memory bounded by bytes, not by count --------------------------------------------

@pytest.mark.parametrize("weights, size, limit, expected", [
    ([1] * 7, 3, 100, [[1, 1, 1], [1, 1, 1], [1]]),                  # by count, as before
    ([8, 8, 8, 8, 8], 32, 16, [[8, 8], [8, 8], [8]]),                  # by weight: 16 MB of 8 MB files
    ([19, 1, 1, 20, 2], 32, 16, [[19], [1, 1], [20], [2]]),            # a heavy file is a chunk of its own
    ([0, 0, 0], 2, 16, [[0, 0], [0]]),
])
def test_chunks_are_bounded_by_weight_and_count(weights, size, limit, expected):
    assert [list(chunk) for chunk in _chunks(weights, size, lambda weight: weight, limit)] == expected


def _peak_rss_kb(command: list[str]) -> tuple[int, int]:
    """(exit code, the highest resident size in KB of the command's own process, sampled every 20 ms)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            with open(f"/proc/{process.pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.02)
    return process.returncode, peak


@pytest.mark.slow     # 480 MB of returns on disk
def test_many_large_returns_keep_collect_under_its_memory_bound(collect_round, good, tmp_path):
    """100 returns of 8 MB (a scanned signature pasted in) took collect's own process to 650–800 MB:
    a chunk's 32 files came back to it whole, several chunks at a time."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(60):
        (inbox / f"bao_cao_{number:02d}.xlsx").write_bytes(
            _rezip(good, add={"xl/media/image1.png": os.urandom(8 * 1024 * 1024)}))
    xlqms = shutil.which("xlqms", path=str(Path(sys.executable).parent))
    code, peak = _peak_rss_kb([xlqms, "collect", str(collect_round), str(inbox)])
    assert code in (0, 4) and peak < 400 * 1024, peak


# -- a web page saved as .xls that declares no encoding -------------------------------------------------

def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese software writes it: precomposed where the code page has the letter,
    the tone mark as a combining character where it has not."""
    def fits(char: str) -> bool:
        try:
            char.encode("cp1258")
        except UnicodeEncodeError:
            return False
        return True
    def split_tone(char: str) -> str:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(mark for mark in parts if mark in "\u0300\u0301\u0303\u0309\u0323")
        return unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in tones)) + tones
    return "".join(char if fits(char) else split_tone(char) for char in text).encode("cp1258")


LABELS = "<table><tr><td>Mã đơn vị:</td><td>00004</td><td>Kỳ báo cáo:</td><td>6 tháng đầu năm</td></tr></table>"


@pytest.mark.parametrize("page", [
    f"<html><body>{LABELS}</body></html>".encode(),                                # UTF-8, no charset said
    _cp1258(f"<html><body>{LABELS}</body></html>"),                                # Windows-1258, no charset said
    f'<html><head><meta charset="utf-8"></head><body>{LABELS}</body></html>'.encode(),
    _cp1258(f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head>'
            f"<body>{LABELS}</body></html>"),
])
def test_a_web_page_export_is_named_by_its_unit_whatever_its_encoding(campaign, page):
    """Without a declared charset the page was read as Latin-1: “Mã đơn vị” never matched, the unit unnamed."""
    result = _read(page, campaign, "bao_cao_xa.xls")
    assert result.verdict == "rejected" and [f.code for f in result.findings] == ["unsupported-format"]
    assert result.unit_code == "00004"
