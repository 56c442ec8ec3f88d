"""Hostile-file checks, run on a returned file's bytes BEFORE any spreadsheet parser sees them.

Every check is cheap (no full decompression): the file's first bytes tell its kind, a zip's
central directory gives member count, declared sizes and compression ratios, and the prolog of
each XML member (however long: it is read until the root element starts) reveals DOCTYPE/ENTITY
declarations. A sheet's extent is NOT judged here: a ``<dimension>`` is only a hint (often wrong,
sometimes far too large); the reader bounds its work by the cells actually present
(:mod:`xlqms.sheet_cells`), after the file is identified, so that every rejection names the unit.
Problems come back as findings with stable codes:

=========================  ========  ===========================================================
code                       severity  meaning
=========================  ========  ===========================================================
``file-too-large``         error     more than :data:`MAX_FILE_BYTES`
``empty-file``             error     zero bytes
``corrupt-file``           error     a zip (xlsx/ods) whose directory or members are broken, or name a member twice
``zip-bomb``               error     too many members, or declared sizes / ratios past the caps
``xml-entity-declaration`` error     an XML member declares a DOCTYPE or ENTITY (entity bomb)
``password-protected``     error     an encrypted workbook (OLE container with EncryptionInfo)
``macros-present``         warning   VBA / Basic macros inside: values are read, never run
``lock-file``              note      an Office/LibreOffice lock file (``~$…``, ``.~lock.…#``)
``not-a-spreadsheet``      note      any other file (notes.txt, a PDF…) passed over
=========================  ========  ===========================================================
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from xlqms.findings import Code, Finding, finding

MAX_FILE_BYTES = 20 * 1024 * 1024            # a unit workbook is ~20–60 KB
MAX_ZIP_MEMBERS = 2_000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024   # sum of the declared sizes of every member
MAX_MEMBER_RATIO = 200                       # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024                    # small members may compress as well as they like
XML_PEEK_BYTES = 512                          # inflated first; more only while the XML prolog goes on
PROLOG_CHUNK = 64 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".ods", ".fods")


@dataclass(frozen=True)
class SafetyReport:
    """What the checks found: the container ``kind``, findings, and whether parsing may go on.

    ``kind`` is 'xlsx' (any OOXML zip), 'ods', 'xls', 'encrypted', 'lock', 'other' or 'broken'.
    ``readable`` is False when a finding stops the file (an error) or when it is no spreadsheet.
    """

    kind: str
    findings: tuple[Finding, ...] = ()
    macros: bool = False
    archive: zipfile.ZipFile | None = field(default=None, compare=False, repr=False)
    """The zip as opened for the checks (a readable xlsx/ods), for the reader to use: not read twice."""

    @property
    def readable(self) -> bool:
        return self.kind in ("xlsx", "ods", "xls") and not any(f.is_error for f in self.findings)

    @property
    def skipped(self) -> bool:
        return self.kind in ("lock", "other")


def is_lock_file(name: str) -> bool:
    """Office (``~$book.xlsx``) and LibreOffice (``.~lock.book.xlsx#``) lock files."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def check_size(name: str, size: int) -> Finding | None:
    """A finding when a file is too large to open at all (checked from its size alone)."""
    if size > MAX_FILE_BYTES:
        return finding(
            Code.FILE_TOO_LARGE,
            f"Tệp nặng {size / 1048576:.1f} MB, vượt giới hạn {MAX_FILE_BYTES // 1048576} MB của một sổ báo cáo: "
            "xlqms không mở. Dùng đúng tệp xlqms đã gửi, xóa ảnh và trang tính thừa rồi gửi lại.",
            file=name,
        )
    return None


def check_bytes(data: bytes, name: str) -> SafetyReport:
    """Check a returned file's bytes; never raises for anything in the file."""
    try:
        return _check_bytes(data, name)
    except Exception as exc:  # noqa: BLE001 - a file that breaks a check is a broken file
        return SafetyReport("broken", (_corrupt(name, f"{exc.__class__.__name__}: {exc}"),))


def _check_bytes(data: bytes, name: str) -> SafetyReport:
    if is_lock_file(name):
        return SafetyReport("lock", (finding(
            Code.LOCK_FILE, "Tệp khóa của Excel/LibreOffice (tạo ra khi đang mở một sổ), không phải báo cáo: bỏ qua.",
            file=name,
        ),))
    too_large = check_size(name, len(data))
    if too_large:
        return SafetyReport("broken", (too_large,))
    if not data:
        return SafetyReport("broken", (finding(Code.EMPTY_FILE, "Tệp rỗng (0 byte). Đề nghị đơn vị gửi lại tệp.", file=name),))
    head = data[:8]
    if head.startswith(OLE_MAGIC):
        return _check_ole(data, name)
    if head.startswith(ZIP_MAGIC) or head.startswith(EMPTY_ZIP_MAGIC):
        return _check_zip(data, name)
    if name.lower().endswith(SPREADSHEET_EXTENSIONS):
        return SafetyReport("broken", (finding(
            Code.CORRUPT_FILE,
            "Tệp có đuôi của bảng tính nhưng nội dung không phải bảng tính (hỏng hoặc đổi tên). "
            "Đề nghị đơn vị mở lại sổ bằng Excel/LibreOffice, lưu và gửi lại.",
            file=name,
        ),))
    return SafetyReport("other", (finding(
        Code.NOT_A_SPREADSHEET, "Không phải bảng tính (xlsx, xls, ods): bỏ qua, chỉ lưu trữ.", file=name,
    ),))


# -- OLE compound files (.xls, and encrypted OOXML) ---------------------------------------------------

def _check_ole(data: bytes, name: str) -> SafetyReport:
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return SafetyReport("encrypted", (password_protected(name),))
    findings: list[Finding] = []
    macros = "_VBA_PROJECT".encode("utf-16-le") in data
    if macros:
        findings.append(macros_present(name))
    return SafetyReport("xls", tuple(findings), macros)


def password_protected(name: str) -> Finding:
    return finding(
        Code.PASSWORD_PROTECTED,
        "Tệp có đặt mật khẩu nên không đọc được. Đề nghị đơn vị gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) "
        "rồi gửi lại.",
        file=name,
    )


def macros_present(name: str) -> Finding:
    return finding(
        Code.MACROS_PRESENT,
        "Tệp có chứa macro: xlqms chỉ đọc số liệu, không chạy macro. Đề nghị đơn vị dùng tệp .xlsx xlqms đã gửi.",
        file=name,
    )


# -- zip containers (.xlsx, .xlsm, .ods) ---------------------------------------------------------------

def _corrupt(name: str, detail: str) -> Finding:
    return finding(
        Code.CORRUPT_FILE,
        f"Tệp bị hỏng hoặc không trọn vẹn ({detail}). Đề nghị đơn vị mở sổ bằng Excel/LibreOffice, lưu lại và gửi lại.",
        file=name,
    )


def _count(number: int) -> str:
    """A whole number as Vietnamese write it (1.540)."""
    return f"{number:,}".replace(",", ".")


def _bomb(name: str, detail: str) -> Finding:
    return finding(
        Code.ZIP_BOMB,
        f"Tệp nén bất thường ({detail}): xlqms không giải nén để bảo vệ máy. Đề nghị đơn vị gửi lại đúng sổ báo cáo.",
        file=name,
    )


def check_package(data: bytes, name: str) -> SafetyReport:
    """The zip checks of :func:`check_bytes` for an Office package of any size that is not a return
    (a decision .docx for ``init --from``): members, sizes, ratios, DOCTYPE/ENTITY. Never raises."""
    try:
        report = _check_zip(data, name)
    except Exception as exc:  # noqa: BLE001 - a file that breaks a check is a broken file
        return SafetyReport("broken", (_corrupt(name, f"{exc.__class__.__name__}: {exc}"),))
    if report.archive is not None:
        report.archive.close()
    return replace(report, archive=None)


def _check_zip(data: bytes, name: str) -> SafetyReport:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return SafetyReport("broken", (_corrupt(name, f"mục lục tệp nén không đọc được: {exc}"),))
    report = _check_members(archive, infos, data, name)
    if report.readable:
        return replace(report, archive=archive)
    archive.close()
    return report


def _check_members(archive: zipfile.ZipFile, infos, data: bytes, name: str) -> SafetyReport:
    if len(infos) > MAX_ZIP_MEMBERS:
        return SafetyReport("broken", (_bomb(name, f"{_count(len(infos))} thành phần"),))
    total = 0
    for info in infos:
        total += info.file_size
        if info.header_offset + info.compress_size > len(data):
            return SafetyReport("broken", (_corrupt(name, f"thành phần {info.filename} bị cắt cụt"),))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
            return SafetyReport("broken", (_bomb(
                name, f"{info.filename} nén {_count(info.file_size // max(info.compress_size, 1))} lần"),))
        if info.flag_bits & 0x1:
            return SafetyReport("encrypted", (password_protected(name),))
    if total > MAX_UNCOMPRESSED_BYTES:
        return SafetyReport("broken", (_bomb(name, f"giải nén ra {_count(total // 1048576)} MB"),))
    names = {info.filename for info in infos}
    if len(names) < len(infos):
        twice = sorted(member for member, count in Counter(info.filename for info in infos).items() if count > 1)
        return SafetyReport("broken", (_corrupt(
            name, f"thành phần {', '.join(twice[:3])} có hai lần: Excel và xlqms có thể đọc hai nội dung khác nhau"),))
    is_ods = "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names)
    is_ooxml = "[Content_Types].xml" in names
    if not is_ods and not is_ooxml:
        return SafetyReport("broken", (_corrupt(name, "không phải sổ Excel hay LibreOffice"),))
    findings: list[Finding] = []
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        problem = _peek_xml(archive, data, info, name)
        if problem:
            return SafetyReport("broken", (problem,))
    macros = any(n.lower().endswith("vbaproject.bin") or n.startswith("Basic/") for n in names) \
        or name.lower().endswith((".xlsm", ".xltm"))
    if macros:
        findings.append(macros_present(name))
    return SafetyReport("ods" if is_ods else "xlsx", tuple(findings), macros)


def _read_head(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, size: int) -> bytes:
    """The first ``size`` bytes of a member, inflating only what is needed (no CRC check)."""
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        header = data[info.header_offset:info.header_offset + 30]
        if len(header) == 30 and header[:4] == ZIP_MAGIC:
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            start = info.header_offset + 30 + name_length + extra_length
            raw = data[start:start + min(info.compress_size, size * 4 + 1024)]
            if info.compress_type == zipfile.ZIP_STORED:
                return raw[:size]
            try:
                return zlib.decompressobj(-15).decompress(raw, size)
            except zlib.error as exc:
                raise zipfile.BadZipFile(str(exc)) from exc
    with archive.open(info) as stream:
        return stream.read(size)


def _member_chunks(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, first: int) -> Iterator[bytes]:
    """A member's bytes, inflated a piece at a time (``first`` bytes, then more as asked): cheap when
    only its start is needed. Raises zipfile.BadZipFile for a broken stream."""
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        header = data[info.header_offset:info.header_offset + 30]
        if len(header) == 30 and header[:4] == ZIP_MAGIC:
            name_length, extra_length = struct.unpack("<HH", header[26:30])
            start = info.header_offset + 30 + name_length + extra_length
            raw = data[start:start + info.compress_size]
            if info.compress_type == zipfile.ZIP_STORED:
                for offset in range(0, len(raw), max(first, PROLOG_CHUNK)):
                    yield raw[offset:offset + max(first, PROLOG_CHUNK)]
                return
            inflater = zlib.decompressobj(-15)
            size = first
            pending = raw
            try:
                while pending:
                    piece = inflater.decompress(pending, size)
                    pending = inflater.unconsumed_tail
                    if piece:
                        yield piece
                    elif not pending:
                        break
                    size = PROLOG_CHUNK
            except zlib.error as exc:
                raise zipfile.BadZipFile(str(exc)) from exc
            return
    with archive.open(info) as stream:
        size = first
        while True:
            piece = stream.read(size)
            if not piece:
                return
            yield piece
            size = PROLOG_CHUNK


_WHITESPACE = " \t\r\n\ufeff"
_PLAIN_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^<>]*\?>)?\s*<[A-Za-z_]")


def prolog_declares_entities(chunks: Iterable[bytes]) -> bool:
    """Whether an XML document's prolog — everything before its root element, however long
    (whitespace, comments, processing instructions) — holds a DOCTYPE or ENTITY declaration.

    Reads only as far as the root element's start; UTF-8 and UTF-16 (with or without a BOM).
    Characters that cannot stand before the root are passed over, so nothing hides behind them.
    """
    iterator = iter(chunks)
    head = next(iterator, b"")
    if not head:
        return False
    if _PLAIN_PROLOG.match(head):      # the usual case: a declaration, then the root element
        return False
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    elif b"\x00" in head[:4]:
        encoding = "utf-16-be" if head[:1] == b"\x00" else "utf-16-le"
    else:
        encoding = "utf-8"
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    text = decoder.decode(head)
    closing = ""                 # inside a comment or instruction: what ends it
    while True:
        if closing:
            end = text.find(closing)
            if end < 0:
                text = text[-(len(closing) - 1):]
            else:
                text, closing = text[end + len(closing):], ""
                continue
        else:
            text = text.lstrip(_WHITESPACE)
            if text.startswith("<?"):
                text, closing = text[2:], "?>"
                continue
            if text.startswith("<!--"):
                text, closing = text[4:], "-->"
                continue
            if text.startswith("<!") and len(text) >= 9:
                return text[2:9].upper() == "DOCTYPE" or text[2:8].upper() == "ENTITY"
            if text.startswith("<") and len(text) >= 4 and not text.startswith("<!"):
                return False                          # the root element: the prolog is over
            if text and not text.startswith("<"):
                later = text.find("<")
                text = text[later:] if later >= 0 else ""
                continue
        piece = next(iterator, None)
        if piece is None:
            return text.upper().startswith(("<!DOCTYPE", "<!ENTITY"))
        text += decoder.decode(piece)


def _peek_xml(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, name: str) -> Finding | None:
    try:
        declares = prolog_declares_entities(_member_chunks(archive, data, info, XML_PEEK_BYTES))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        return _corrupt(name, f"thành phần {info.filename}: {exc}")
    if declares:
        return finding(
            Code.XML_ENTITY_DECLARATION,
            f"Tệp chứa khai báo DOCTYPE/ENTITY trong {info.filename} — Excel và LibreOffice không tạo ra điều này; "
            "xlqms không đọc để bảo vệ máy. Đề nghị đơn vị gửi lại đúng sổ báo cáo.",
            file=name,
        )
    return None
