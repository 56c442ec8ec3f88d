"""Merged ranges of an .xlsx counted from its sheet parts, without loading the workbook.

openpyxl makes one object per cell a merged range covers: a single range from A1 to XFD1048576
(17 billion cells — a paste gone wrong, or a hostile file) would take every byte of memory before
the file were even open. Before xlqms opens a user's workbook with openpyxl to write into it
(``xlqms check`` writing the `Cách hiểu` column of campaign.xlsx), it counts the cells merged
ranges cover here, reading each sheet part a piece at a time, and refuses past
:data:`MAX_MERGED_CELLS`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string

MAX_MERGED_CELLS = 200_000
"""Cells merged ranges of one workbook may cover (a pasted table merges a few hundred)."""
_CHUNK = 1 << 20
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})"')
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*>')
_RELATION = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*>')


def _attribute(tag: bytes, name: bytes) -> str:
    found = re.search(rb'\s' + name + rb'="([^"]*)"', tag)
    return found.group(1).decode("utf-8", "replace") if found else ""


@dataclass(frozen=True)
class MergeExtent:
    """The merged range that took a workbook past the bound: its sheet (the part's name when the sheet
    cannot be named), its A1 range, and the cells all its merged ranges cover up to it."""

    sheet: str
    range: str
    cells: int


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part (``xl/worksheets/sheet1.xml``) → sheet name, as far as workbook.xml and its links say."""
    try:
        workbook = archive.read("xl/workbook.xml")[:_CHUNK]
        relations = archive.read("xl/_rels/workbook.xml.rels")[:_CHUNK]
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError):
        return {}
    targets = {_attribute(tag, b"Id"): _attribute(tag, b"Target") for tag in _RELATION.findall(relations)}
    names = {}
    for tag in _SHEET.findall(workbook):
        target = targets.get(_attribute(tag, rb"r:id"))
        if target:
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            names[part] = _attribute(tag, b"name")
    return names


def oversized_merge(path, limit: int = MAX_MERGED_CELLS) -> MergeExtent | None:
    """The merged range of the .xlsx at ``path`` past which its merged ranges cover more than ``limit``
    cells, or None (within the bound, or no .xlsx: what cannot be read is left to the reader that opens it).
    Reads the sheet parts a piece at a time (memory stays small whatever they hold)."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None
    with archive:
        names = _sheet_names(archive)
        total = 0
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            try:
                for match in _matches(archive, info):
                    left, top, right, bottom = match
                    columns = abs(column_index_from_string(right.decode().upper())
                                  - column_index_from_string(left.decode().upper())) + 1
                    total += columns * (abs(int(bottom) - int(top)) + 1)
                    if total > limit:
                        ref = f"{left.decode().upper()}{int(top)}:{right.decode().upper()}{int(bottom)}"
                        return MergeExtent(names.get(info.filename, info.filename), ref, total)
            except (OSError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError, EOFError, ValueError):
                continue
    return None


def _matches(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Every merged range's (left, top, right, bottom) in one sheet part, read a piece at a time."""
    tail = b""
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            buffer = tail + chunk
            end = 0
            for match in _MERGE.finditer(buffer):
                yield match.groups()
                end = match.end()
            tail = buffer[max(end, len(buffer) - 512):]
