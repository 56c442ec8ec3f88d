"""Hostile files become findings before any parser sees them."""

from __future__ import annotations

import io
import zipfile

import pytest

from xlqms import safety
from xlqms.campaign import read_campaign
from xlqms.read import read_returned_file
from xlqms.safety import check_bytes


def codes(report):
    return [finding.code for finding in report.findings]


def test_good_workbook_is_readable(returns_corpus):
    report = check_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes(), "good.xlsx")
    assert report.kind == "xlsx" and report.readable and report.findings == ()


def test_the_zip_opened_for_the_checks_is_the_one_read(returns_corpus):
    """A readable workbook's report carries its open zip for the reader (read once); a refused one none."""
    campaign = read_campaign(returns_corpus["campaign"])
    data = (returns_corpus["returns"] / "good.xlsx").read_bytes()
    report = check_bytes(data, "good.xlsx")
    assert isinstance(report.archive, zipfile.ZipFile) and report == check_bytes(data, "good.xlsx")
    first = read_returned_file(data, "good.xlsx", campaign, report)
    again = read_returned_file(data, "good.xlsx", campaign, report)     # the reader did not close it
    assert first.verdict == "clean" and again == first == read_returned_file(data, "good.xlsx", campaign)
    for name in ("truncated.xlsx", "zip_bomb.xlsx", "xml_bomb.xlsx"):
        assert check_bytes((returns_corpus["returns"] / name).read_bytes(), name).archive is None


@pytest.mark.parametrize("name, code", [
    ("truncated.xlsx", "corrupt-file"),
    ("zip_bomb.xlsx", "zip-bomb"),
    ("xml_bomb.xlsx", "xml-entity-declaration"),
    ("password_protected.xlsx", "password-protected"),
])
def test_hostile_files_are_errors(returns_corpus, name, code):
    report = check_bytes((returns_corpus["returns"] / name).read_bytes(), name)
    assert codes(report) == [code]
    assert not report.readable
    assert report.findings[0].is_error and report.findings[0].location.file == name


def test_macros_are_a_warning_and_still_readable(returns_corpus):
    report = check_bytes((returns_corpus["returns"] / "macros.xlsm").read_bytes(), "macros.xlsm")
    assert codes(report) == ["macros-present"] and report.readable and report.macros


@pytest.mark.parametrize("name, data, code, kind", [
    ("~$good.xlsx", b"\x0bNguyen Van A", "lock-file", "lock"),
    (".~lock.good.xlsx#", b",Nguyen,host,26.11.2026", "lock-file", "lock"),
    ("notes.txt", "ghi chú".encode(), "not-a-spreadsheet", "other"),
    ("renamed_pdf.xlsx", b"%PDF-1.4 ...", "corrupt-file", "broken"),
    ("empty.xlsx", b"", "empty-file", "broken"),
])
def test_passed_over_and_broken(name, data, code, kind):
    report = check_bytes(data, name)
    assert codes(report) == [code] and report.kind == kind and not report.readable


def test_file_too_large(monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 10)
    assert codes(check_bytes(b"PK\x03\x04" + b"x" * 20, "big.xlsx")) == ["file-too-large"]


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in members.items():
            archive.writestr(name, payload)
    return out.getvalue()


def test_a_dimension_is_a_hint_never_a_rejection():
    """An oversized <dimension> says nothing of the cells present: the reader bounds its work by the cells."""
    sheet = b'<?xml version="1.0"?><worksheet><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>'
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": sheet})
    report = check_bytes(data, "big.xlsx")
    assert codes(report) == [] and report.readable


def test_too_many_members(monkeypatch):
    monkeypatch.setattr(safety, "MAX_ZIP_MEMBERS", 3)
    data = _zip({"[Content_Types].xml": b"<Types/>", **{f"x{i}.bin": b"" for i in range(5)}})
    assert codes(check_bytes(data, "many.xlsx")) == ["zip-bomb"]


def test_declared_size_cap(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1000)
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/a.bin": b"a" * 5000})
    assert codes(check_bytes(data, "big.xlsx")) == ["zip-bomb"]


def test_utf16_doctype_is_found():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16-le")
    data = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": xml})
    assert codes(check_bytes(data, "u16.xlsx")) == ["xml-entity-declaration"]


def test_zip_that_is_no_workbook():
    assert codes(check_bytes(_zip({"readme.txt": b"hello"}), "archive.xlsx")) == ["corrupt-file"]


def test_a_zip_naming_a_member_twice_is_refused(returns_corpus, tmp_path):
    """Two members of one name: zipfile reads the last, another application may read the first — what
    xlqms records would not be what the secretary sees."""
    source = returns_corpus["returns"] / "good.xlsx"
    target = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            copy.writestr(info.filename, original.read(info))
            if info.filename.startswith("xl/worksheets/"):
                with pytest.warns(UserWarning):
                    copy.writestr(info.filename, original.read(info).replace(b"<v>", b"<v>9"))
    report = check_bytes(target.getvalue(), "twice.xlsx")
    assert codes(report) == ["corrupt-file"] and not report.readable
    assert "hai lần" in report.findings[0].message
