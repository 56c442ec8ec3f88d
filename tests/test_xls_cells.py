"""The .xls reader: FORMAT records numbered in the built-in range, conditional formats xlrd cannot parse."""

from __future__ import annotations

import struct

import pytest
from conftest import load_fixture_module

from xlqms.number_formats import DATE, PERCENT, PLAIN
from xlqms.xls_cells import CONDITIONAL_FORMATS, UNDEFINED_RECORD, XlsCells, renamed_records

conditions = load_fixture_module("build_conditions")
record = conditions._record
CONDFMT, CF = CONDITIONAL_FORMATS

# (FORMAT id, its code or None for a built-in no record defines, value stored, kind, value read)
CELLS = [
    (51, "[$-42A]#,##0.##", 1540.0, PLAIN, 1540.0),     # Gnumeric numbers its own formats from 50
    (50, "[$-42A]General", 950.0, PLAIN, 950.0),
    (52, "0.00%", 0.9704, PERCENT, 0.9704),
    (53, "dd/mm/yyyy", 950.0, DATE, "1902-08-07"),
    (164, "0.0%", 0.965, PERCENT, 0.965),               # Excel numbers them from 164
    (10, None, 0.965, PERCENT, 0.965),                  # built-in percent
    (14, None, 950.0, DATE, "1902-08-07"),              # built-in date
    (55, None, 950.0, DATE, "1902-08-07"),              # an East Asian built-in date id no record redefines
    (0, None, 97.04, PLAIN, 97.04),
]


def conditional_format(blocks: int) -> bytes:
    """A CF record (MS-XLS §2.4.42) with a number-format block (flag bit 25, ``ifmt`` 10) and one
    formula token (a number): the kind Excel 2000+ and Gnumeric write and xlrd cannot parse."""
    formula = b"\x1f" + struct.pack("<d", 0.9)
    flags = 0x003FFF80 | (blocks << 25)
    body = struct.pack("<BBHHI", 1, 5, len(formula), 0, flags) + b"\x00\x00" + struct.pack("<H", 10)
    return record(CF, body + formula)


def workbook(cells=CELLS, sheet_extra: bytes = b"") -> bytes:
    """A BIFF5 workbook, one sheet ``Kết quả`` with one number a row, each under its own XF and FORMAT."""
    globals_ = record(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC))
    globals_ += record(0x0042, struct.pack("<H", 1258))                        # CODEPAGE
    font = struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + bytes([5]) + b"Arial"
    globals_ += b"".join(record(0x0031, font) for _ in range(4))
    for number, code, *_ in cells:
        if code is not None:
            globals_ += record(0x041E, struct.pack("<HB", number, len(code)) + code.encode("ascii"))
    globals_ += b"".join(record(0x00E0, struct.pack("<HHHBBBBII", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0))
                         for _ in range(15))
    for number, *_ in cells:
        globals_ += record(0x00E0, struct.pack("<HHHBBBBII", 0, number, 0x0001, 0x20, 0, 0, 0, 0, 0))
    sheet = record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC))
    sheet += record(0x0200, struct.pack("<HHHHH", 0, len(cells), 0, 1, 0))
    for row, (_number, _code, value, *_) in enumerate(cells):
        sheet += record(0x0203, struct.pack("<HHHd", row, 0, 15 + row, value))
    sheet += sheet_extra + record(0x000A, b"")
    name = conditions.to_cp1258("Kết quả")
    bound_length = 4 + 6 + len(name) + 1
    offset = len(globals_) + bound_length + 4
    bound = record(0x0085, struct.pack("<IBB", offset, 0, 0) + bytes([len(name)]) + name)
    stream = globals_ + bound + record(0x000A, b"") + sheet
    return conditions.compound_file("Book", stream.ljust(max(len(stream), 4096) + 8, b"\0"))


def read(data: bytes):
    return XlsCells(data).read_sheets(["Kết quả"])["Kết quả"]


@pytest.mark.parametrize("row", range(len(CELLS)))
def test_a_format_record_decides_for_its_id_even_in_the_built_in_range(row):
    number, code, _stored, kind, expected = CELLS[row]
    sheet = read(workbook())
    value = sheet.value(row, 0)
    assert sheet.format_of(row, 0) == kind, (number, code)
    assert (value.date().isoformat() if kind == DATE else value) == pytest.approx(expected)


@pytest.mark.parametrize("blocks", [0, 1])
def test_conditional_formats_never_stop_the_reading(blocks):
    rules = conditional_format(blocks) * 2     # in BIFF5, where xlrd refuses even a CONDFMT
    sheet = read(workbook(sheet_extra=record(CONDFMT, b"\x02\x00\x01\x00" + b"\x00" * 16) + rules))
    assert sheet.value(2, 0) == pytest.approx(0.9704) and sheet.format_of(2, 0) == PERCENT


@pytest.mark.parametrize("stream, expected", [
    (b"", None),
    (record(0x0203, b"x" * 6), None),
    (record(CF, b"ab"), record(UNDEFINED_RECORD, b"ab")),
    (record(CONDFMT, b"ab") + record(CF, b"c"), record(UNDEFINED_RECORD, b"ab") + record(UNDEFINED_RECORD, b"c")),
    (record(0x0203, b"\xb1\x01\x02\x00") + record(CF, b""),         # the id inside a body is data
     record(0x0203, b"\xb1\x01\x02\x00") + record(UNDEFINED_RECORD, b"")),
    (record(CF, b"") + b"\xb1",                                     # a cut tail is left as it is
     record(UNDEFINED_RECORD, b"") + b"\xb1"),
])
def test_renamed_records(stream, expected):
    assert renamed_records(stream, CONDITIONAL_FORMATS, UNDEFINED_RECORD) == expected
