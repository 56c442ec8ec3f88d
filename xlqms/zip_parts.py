"""Office files (.xlsx, .docx) written from parts already deflated: a template's fixed parts are
compressed once and copied into every file made from it (:mod:`xlqms.generate`, :mod:`xlqms.docx_template`).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections.abc import Iterable

Part = tuple[str, bytes, int, int]
"""(name in the archive, deflated bytes, CRC-32 of the plain bytes, plain size)."""


def deflate(data: bytes) -> bytes:
    """Raw deflate (level 6), as a zip member stores it."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def part(name: str, data: bytes) -> Part:
    """A part from its plain bytes."""
    return name, deflate(data), zlib.crc32(data), len(data)


def zip_stamp(moment: dt.datetime | None = None) -> tuple[int, int]:
    """The (time, date) of zip members, in the zip format's DOS encoding."""
    now = moment or dt.datetime.now()
    return ((now.hour << 11) | (now.minute << 5) | (now.second // 2),
            ((now.year - 1980) << 9) | (now.month << 5) | now.day)


def zip_archive(parts: Iterable[Part], stamp: tuple[int, int]) -> bytes:
    """A zip archive of already-deflated parts (name, compressed, crc32, size)."""
    out = io.BytesIO()
    central = []
    time, date = stamp
    for name, data, crc, size in parts:
        encoded = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 8, time, date, crc, len(data), size,
                              len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 8, time, date, crc,
                                   len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()
