"""Held-out attacks (third round, issue 15): a tampered record, crafted files, interrupts.

Each test is one kind of attack, made with real files on disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from builders_rounds import make_round
from click.testing import CliRunner

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.check import check_campaign
from xlqms.cli import main
from xlqms.codes import FileState
from xlqms.collect import drop_replaced_corrections
from xlqms.errors import XlqmsError
from xlqms.file_time import saved_before, saved_stamp
from xlqms.folder_paths import removable_correction
from xlqms.journal import FileEntry, append, journal_path, read_journal
from xlqms.merge_extent import oversized_merge
from xlqms.pasted_table import sheet_table
from xlqms.summary import recorded_submissions


def _campaign_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "round"
    corrections = folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR
    corrections.mkdir(parents=True)
    return folder, corrections


# What a hand-edited store may say a replaced correction copy is (relative to the folder, or absolute).
TAMPERED_PATHS = [
    "../victim.txt",
    "{outside}/victim.txt",
    "out/corrections/../../../victim.txt",
    "{outside}/out/corrections/../../victim.txt",
    "out/corrections/..",
    "out/corrections/.",
    "{folder}/campaign.xlsx",
    "{folder}/out/victim.txt",
]


@pytest.mark.parametrize("recorded", TAMPERED_PATHS)
def test_a_replaced_correction_path_outside_out_corrections_is_never_deleted(tmp_path, recorded):
    folder, corrections = _campaign_folder(tmp_path)
    outside = tmp_path / "elsewhere"
    (outside / "out" / "corrections").mkdir(parents=True)
    victims = [tmp_path / "victim.txt", outside / "victim.txt", folder / "campaign.xlsx", folder / "out" / "victim.txt"]
    for victim in victims:
        victim.write_text("keep")
    kept = corrections / "00001_x_can_sua.xlsx"
    kept.write_text("a copy")
    path = recorded.format(outside=outside, folder=folder)
    resolved = path if os.path.isabs(path) else os.path.join(folder, path)
    forgotten = {}
    store = SimpleNamespace(
        folder=folder,
        files=lambda: [SimpleNamespace(checksum="c" * 64, annotated_path=resolved, state=FileState.ACCEPTED)],
        forget_annotations=forgotten.update)
    drop_replaced_corrections(store)
    assert all(victim.read_text() == "keep" for victim in victims)
    assert kept.exists() and corrections.is_dir()
    assert forgotten == {"c" * 64: resolved}          # the record forgets it all the same


def test_a_replaced_correction_copy_in_out_corrections_is_deleted_and_a_link_there_only_unlinked(tmp_path):
    folder, corrections = _campaign_folder(tmp_path)
    copy = corrections / "00002_x_can_sua.xlsx"
    copy.write_text("old copy")
    target = tmp_path / "target.txt"
    target.write_text("keep")
    link = corrections / "00003_x_can_sua.xlsx"
    link.symlink_to(target)
    records = [SimpleNamespace(checksum=str(n) * 64, annotated_path=str(path), state=FileState.ACCEPTED)
               for n, path in ((1, copy), (2, link))]
    drop_replaced_corrections(SimpleNamespace(folder=folder, files=lambda: records, forget_annotations=lambda _: None))
    assert not copy.exists() and not link.is_symlink() and target.read_text() == "keep"


def test_out_corrections_linked_out_of_the_folder_is_not_emptied(tmp_path):
    folder = tmp_path / "round"
    (folder / layout.OUTPUT_DIR).mkdir(parents=True)
    elsewhere = tmp_path / "someone_elses"
    elsewhere.mkdir()
    victim = elsewhere / "00001_x_can_sua.xlsx"
    victim.write_text("keep")
    (folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR).symlink_to(elsewhere, target_is_directory=True)
    recorded = folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR / victim.name
    assert removable_correction(folder, recorded) is None
    records = [SimpleNamespace(checksum="d" * 64, annotated_path=str(recorded), state=FileState.ACCEPTED)]
    drop_replaced_corrections(SimpleNamespace(folder=folder, files=lambda: records, forget_annotations=lambda _: None))
    assert victim.read_text() == "keep"


GOOD = {"kind": "file", "checksum": "a" * 64, "extension": ".xlsx", "name": "x.xlsx", "source": "x.xlsx",
        "size": 1, "mtime_ns": 1, "received_at": "2025-07-11T09:00:00", "collected_at": "2025-07-11T09:00:00"}

# Journal lines edited by hand: each must be read as a damaged line, never as a file to read.
TAMPERED_LINES = [
    json.dumps(dict(GOOD, checksum="../../fresh")),
    json.dumps(dict(GOOD, checksum="/etc/passwd", extension="")),
    json.dumps(dict(GOOD, checksum="b" * 64, extension="/../../x")),
    json.dumps(dict(GOOD, checksum="B" * 64)),
    json.dumps(dict(GOOD, checksum="c" * 64, size=None)),
    "[1, 2]",
    '"a string"',
    json.dumps(dict(GOOD, checksum="d" * 64)).replace('"size":1', '"size":1e400').replace('"size": 1', '"size": 1e400'),
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"kind": "seen", "path": "p", "checksum": "../x", "seen_at": "2025-07-11T09:00:00"}),
]


def test_a_tampered_journal_line_is_damaged_not_followed(tmp_path):
    folder = tmp_path / "round"
    path = journal_path(folder)
    path.parent.mkdir(parents=True)
    offset = json.dumps(dict(GOOD, checksum="e" * 64, received_at="2025-07-11T09:00:00+14:00"))
    path.write_text("\n".join([json.dumps(GOOD), *TAMPERED_LINES, offset]) + "\n", encoding="utf-8")
    contents = read_journal(folder)
    assert [entry.checksum for entry in contents.files] == ["a" * 64, "e" * 64]
    assert contents.damaged_lines == len(TAMPERED_LINES)
    assert contents.files[1].received_at.tzinfo is None     # compares with the other, naive, times
    assert sorted(entry.received_at for entry in contents.files)


def _xlsx_with_times(modified: str, application: str = "Microsoft Excel") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/core.xml", f'<cp:coreProperties><dcterms:modified xsi:type="dcterms:W3CDTF">'
                                              f"{modified}</dcterms:modified></cp:coreProperties>")
        archive.writestr("docProps/app.xml", f"<Properties><Application>{application}</Application></Properties>")
    return buffer.getvalue()


NOW = dt.datetime(2026, 7, 15, 9, 0)

# Save times a sender's file may claim: none is true, none may crash, none decides which save came first.
IMPOSSIBLE_SAVES = [
    "0001-01-01T00:00:00+14:00",       # an offset carrying it before year 1
    "9999-12-31T23:59:59-14:00",       # … or past year 9999
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "1899-12-30T00:00:00",             # Excel's day zero
    "2030-01-01T00:00:00Z",            # a clock years ahead
    "2026-07-17T00:00:00",             # ahead of the collect by more than any time zone
    "2025-07-01T00:00:00+99:99",
    "２０２５-07-01T00:00:00Z",
    "x" * 70_000,
    "2025-13-45T00:00:00",
    "\x1b[31m2025-07-01\x1b[0m",
]


@pytest.mark.parametrize("modified", IMPOSSIBLE_SAVES)
@pytest.mark.parametrize("zone", ["UTC", "Asia/Ho_Chi_Minh", "Pacific/Kiritimati", "Etc/GMT+12"])
def test_an_impossible_save_time_is_no_stamp_and_never_an_error(modified, zone, monkeypatch):
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert saved_stamp(_xlsx_with_times(modified), "xlsx", NOW) is None
        plausible = saved_stamp(_xlsx_with_times("2026-07-01T00:00:00Z"), "xlsx", NOW)
        assert plausible is not None and plausible.shown.year == 2026
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_stamp_within_the_skew_of_the_collect_is_kept_and_compares():
    earlier = saved_stamp(_xlsx_with_times("2026-07-15T20:00:00Z"), "xlsx", NOW)      # a zone ahead of ours
    later = saved_stamp(_xlsx_with_times("2026-07-16T10:00:00Z"), "xlsx", NOW)
    assert earlier is not None and later is not None
    assert saved_before(earlier, later) and not saved_before(later, earlier)


def test_a_core_xml_with_a_damaged_deflate_stream_is_no_stamp():
    data = bytearray(_xlsx_with_times("2026-07-01T00:00:00Z"))
    start = data.find(b"docProps/core.xml") + len(b"docProps/core.xml")
    data[start:start + 4] = b"\xff" * 4          # an invalid deflate block type: zlib.error when read
    assert saved_stamp(bytes(data), "xlsx", NOW) is None


def _custom_props(path: Path, xml: bytes, *, damaged: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("docProps/custom.xml", xml)
    if damaged:
        data = bytearray(path.read_bytes())
        start = data.find(b"docProps/custom.xml") + len(b"docProps/custom.xml")
        data[start:start + 4] = b"\xff" * 4
        path.write_bytes(bytes(data))
    return path


PROPERTY = ('<Properties><property name="xlqms_units_submitted"><vt:lpwstr>{}</vt:lpwstr></property>'
            '</Properties>')


@pytest.mark.parametrize("xml, damaged, expected", [
    (PROPERTY.format(12).encode(), False, 12),
    (PROPERTY.format(12).encode(), True, None),                 # a damaged deflate stream
    (PROPERTY.format("9" * 5000).encode(), False, None),        # past Python's int() digit limit
    (b" " * 200_000_000 + PROPERTY.format(12).encode(), False, None),  # a bomb: never read whole
])
def test_the_submissions_a_consolidated_workbook_recorded_never_fail_on_a_damaged_file(tmp_path, xml, damaged,
                                                                                     expected):
    path = _custom_props(tmp_path / "tong_hop.xlsx", xml, damaged=damaged)
    assert recorded_submissions(path) == expected


@contextlib.contextmanager
def _memory_bound(extra: int = 768 * 1024 * 1024):
    """Address space limited to what the process holds now plus ``extra`` (a regression fails, never
    takes the machine's memory)."""
    with open("/proc/self/statm") as stream:
        held = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (held + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


OBJECTIVES = [("1", "Giải quyết hồ sơ đúng hạn", [("MT01", "100% hồ sơ giải quyết đúng hạn")]),
              ("2", "Hài lòng", [("MT02", "Trên 90% người dân hài lòng")])]


def _with_merges(source: Path, target: Path, sheet: str, refs: list[str]) -> None:
    """``source`` (an .xlsx) copied to ``target`` with the merged ranges of ``sheet`` set to ``refs``."""
    with zipfile.ZipFile(source) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        relations = archive.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet\b[^>]*name="{sheet}"[^>]*>', workbook).group(0)
        rid = re.search(r'r:id="([^"]+)"', rid).group(1)
        relation = re.search(rf'<Relationship\b[^>]*Id="{rid}"[^>]*>', relations).group(0)
        part = "xl/" + re.search(r'Target="/?(?:xl/)?([^"]+)"', relation).group(1)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info.filename)
                if info.filename == part:
                    text = re.sub(r"<mergeCells.*?</mergeCells>", "", data.decode(), flags=re.S)
                    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
                    text = text.replace("</sheetData>", f'</sheetData><mergeCells count="{len(refs)}">{merges}'
                                                        "</mergeCells>", 1)
                    data = text.encode()
                out.writestr(info, data)


# Merged ranges far beyond a sheet's cells, as a paste gone wrong or a hostile campaign.xlsx holds them.
FAR_MERGES = [
    ["A20:XFD1048576"],
    ["Z1:XFD1"] + [f"A{row}:XFD{row}" for row in range(30, 60)],
    ["A20:J30000"],                                       # 300.000 cells: within memory, still past the bound
]


def _round_with_merges(tmp_path, refs):
    """(a round, its copy whose Mục tiêu sheet has the merged ranges ``refs`` more)."""
    plain = tmp_path / "plain"
    make_round(plain, OBJECTIVES)
    merged = tmp_path / "merged"
    merged.mkdir()
    _with_merges(plain / layout.CAMPAIGN_FILE, merged / layout.CAMPAIGN_FILE, layout.OBJECTIVES_SHEET, refs)
    return plain, merged


@pytest.mark.parametrize("refs", FAR_MERGES)
def test_a_merge_far_beyond_the_cells_is_read_as_the_cells_and_never_opened_whole(tmp_path, refs):
    plain, bombed = _round_with_merges(tmp_path, refs)
    before = (bombed / layout.CAMPAIGN_FILE).read_bytes()
    with _memory_bound():
        expected = [(o.number, [i.code for i in o.indicators]) for o in read_campaign(plain).objectives]
        assert [(o.number, [i.code for i in o.indicators]) for o in read_campaign(bombed).objectives] == expected
        report = check_campaign(bombed)
    assert not report.written
    assert f"trang {layout.OBJECTIVES_SHEET} của campaign.xlsx có vùng gộp ô" in report.reason
    assert "bỏ gộp ô (Unmerge)" in report.reason
    assert (bombed / layout.CAMPAIGN_FILE).read_bytes() == before      # nothing the user made is touched


def test_a_sheet_table_cuts_merged_ranges_to_the_cells():
    rows = [["TT", "Mục tiêu", "Chỉ tiêu"], ["1", "A", "100%"]]
    with _memory_bound():
        table = sheet_table(rows, 0, [((1, 0), (1_048_575, 16_383)), ((5, 5), (9, 9)), ((0, 7), (0, 9))])
    assert table.columns == 3 and len(table.rows) == 2
    assert oversized_merge(Path("/nonexistent.xlsx")) is None


@pytest.mark.parametrize("refs", [["$A$20:$B$21"], ["A20:"], ["1A:2B"]])
def test_a_sheet_the_reader_cannot_read_is_bad_input_named_by_file_and_sheet(tmp_path, refs):
    _, broken = _round_with_merges(tmp_path, refs)
    result = CliRunner().invoke(main, ["check", str(broken)])
    assert result.exit_code == 2, result.output
    assert f"Không đọc được trang “{layout.OBJECTIVES_SHEET}” của campaign.xlsx" in result.output
    assert "Traceback" not in result.output and "không mong đợi" not in result.output


# A SIGINT once the command has ended well: the last atexit hook ignores it, so that the interpreter's
# finalization (which puts back the default action of a signal with a Python handler) cannot be killed by
# one arriving then — delivered to a thread that does not block it (a native library's, here a Python one).
_LATE_SIGINT = """
import os, signal, sys, threading, time
from xlqms import stopping
guard = stopping.guard()
ready = threading.Event()
def late():                    # started before the hook: SIGINT is not blocked in this thread
    ready.wait()
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(5)
threading.Thread(target=late, daemon=True).start()
guard.at_exit()                # what runs last at exit, the command having ended well
assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN, signal.getsignal(signal.SIGINT)
signal.signal = lambda *args: None       # stand for finalization, which puts back only Python handlers
ready.set()
time.sleep(0.5)
print("ended well")
"""


def test_a_sigint_after_the_command_ended_well_changes_nothing(tmp_path):
    done = subprocess.run([sys.executable, "-c", _LATE_SIGINT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.returncode, done.stderr[-400:])
    assert done.stdout.strip() == "ended well" and "Traceback" not in done.stderr


# What a cell pasted from Word may hold, as the file stores it (_xHHHH_, which readers decode).
CONTROL_ESCAPES = ["a_x0000_b", "_x001B_[31mđỏ_x001B_[0m", "x_x000B_y_x0007_", "_x009B_31m"]


@pytest.mark.parametrize("escape", CONTROL_ESCAPES)
def test_check_prints_cell_text_as_data_never_a_control_character(tmp_path, escape):
    plain = tmp_path / "plain"
    make_round(plain, [("1", "Mục tiêu thử", [("MT01", "trên 90%")])])
    folder = tmp_path / "pasted"
    folder.mkdir()
    with zipfile.ZipFile(plain / layout.CAMPAIGN_FILE) as source, \
            zipfile.ZipFile(folder / layout.CAMPAIGN_FILE, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/"):
                data = data.replace(b"tr&#234;n 90%", f"trên 90% {escape}".encode())    # as openpyxl wrote it
            out.writestr(info, data)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code in (0, 2), result.output
    assert "trên 90%" in result.output and "\\x" in result.output        # shown escaped, where it was
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.output)


@pytest.mark.parametrize("kind", ["link to a file", "dangling link", "link to a folder"])
def test_a_journal_linked_out_of_the_folder_is_never_written_nor_read(tmp_path, kind):
    folder = tmp_path / "round"
    path = journal_path(folder)
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "someone_elses"
    if kind == "link to a file":
        elsewhere.write_text("# keep\n")
    elif kind == "link to a folder":
        elsewhere.mkdir()
    path.symlink_to(elsewhere)
    entry = FileEntry("a" * 64, ".xlsx", "x.xlsx", "x.xlsx", 1, 1, dt.datetime(2026, 7, 1), dt.datetime(2026, 7, 1))
    with pytest.raises(XlqmsError, match="không phải một tệp thường"):
        append(folder, [entry])
    with pytest.raises(XlqmsError, match="liên kết tới nơi khác"):
        read_journal(folder)
    assert (elsewhere.read_text() == "# keep\n") if kind == "link to a file" else not elsewhere.is_file()
