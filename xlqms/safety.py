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
``packed-workbooks``       error     an archive (.zip with spreadsheets inside, .rar, .7z) sent for a workbook
``unsupported-format``     error     exported, not saved as a workbook: a web page, CSV or XML 2003 under any
                                    name, or an .xlsb (:mod:`xlqms.exported_copy`)
``not-a-spreadsheet``      note      any other file (notes.txt, a PDF, a Word document…) passed over
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

from xlqms import exported_copy
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
RAR_MAGIC = b"Rar!\x1a\x07"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".ods", ".fods")


@dataclass(frozen=True)
class SafetyReport:
    """What the checks found: the container ``kind``, findings, and whether parsing may go on.

    ``kind`` is 'xlsx' (any OOXML zip), 'ods' (zipped, or flat .fods), 'xls', 'encrypted', 'packed' (an
    archive of workbooks), 'export' (see :mod:`xlqms.exported_copy`), 'lock', 'other' or 'broken'.
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
            f"Tệp nặng {_megabytes(size)} MB, vượt giới hạn {MAX_FILE_BYTES // 1048576} MB của một sổ báo cáo: "
            "xlqms không mở. Dùng đúng tệp xlqms đã gửi, xóa ảnh và trang tính thừa rồi gửi lại.",
            file=name,
        )
    return None


def _megabytes(size: int) -> str:
    """Bytes as megabytes the way Vietnamese write numbers: 100,1; 2.048,0."""
    return f"{size / 1048576:,.1f}".translate(str.maketrans(",.", ".,"))


def check_bytes(data: bytes, name: str) -> SafetyReport:
    """Check a returned file's bytes; never raises for anything in the file."""
    try:
        return _check_bytes(data, name)
    except Exception as exc:  # noqa: BLE001 - a file that breaks a check is a broken file
        return SafetyReport("broken", (_corrupt(name, f"{exc.__class__.__name__}: {exc}"),))


def _check_bytes(data: bytes, name: str) -> SafetyReport:
    if is_lock_file(name) and not data.startswith((OLE_MAGIC, ZIP_MAGIC)):
        # a lock file is a few hundred bytes of owner name; a workbook under such a name (saved or sent
        # as "~$bao cao.xlsx") is read like any other, never passed over
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
    if head.startswith((RAR_MAGIC, SEVEN_ZIP_MAGIC)):
        return SafetyReport("packed", (packed_workbooks(name, None),))
    if is_flat_ods(data):
        return _check_flat_ods(data, name)
    export = exported_copy.sniff(data, name, name.lower().endswith(SPREADSHEET_EXTENSIONS))
    if export is not None:
        return SafetyReport("export", (exported_format(name, export),))
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


def packed_workbooks(name: str, members: list[str] | None) -> Finding:
    """The rejection of an archive (.zip, .rar, .7z) sent in place of a workbook: what is inside, if
    known, and that the secretary unpacks it and collects what it holds."""
    if members:
        shown = ", ".join(member.rsplit("/", 1)[-1] for member in members[:5]) + ("…" if len(members) > 5 else "")
        inside = f"chứa {len(members)} sổ bảng tính ({shown})"
    else:
        inside = "(RAR/7z) xlqms không mở được"
    return finding(
        Code.PACKED_WORKBOOKS,
        f"Tệp nén {inside}: xlqms không tự giải nén. Giải nén tệp này vào một thư mục rồi thu nhận thư mục đó "
        "(xlqms collect DIR THƯ_MỤC).",
        file=name,
    )


def exported_format(name: str, kind: str) -> Finding:
    """The rejection of a file exported instead of saved as a workbook (:mod:`xlqms.exported_copy`)."""
    label = exported_copy.LABELS[kind]
    why = ("xlqms không đọc dạng sổ nhị phân" if kind == exported_copy.XLSB else
           "bản xuất này mất phần nhận dạng sổ, định dạng số và các trang khác nên xlqms không lấy số liệu từ đó")
    return finding(
        Code.UNSUPPORTED_FORMAT,
        f"Tệp là {label}, không phải sổ Excel/LibreOffice xlqms đã gửi: {why}. Đề nghị đơn vị mở sổ xlqms đã gửi, "
        "điền và lưu đúng dạng Sổ làm việc Excel (.xlsx) (Tệp › Lưu thành) rồi gửi lại.",
        file=name,
    )


# -- flat OpenDocument (.fods: one XML document, no zip) ----------------------------------------------

_FLAT_ODS_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?document[\s>]")


def is_flat_ods(data: bytes) -> bool:
    """Whether ``data`` is a flat OpenDocument spreadsheet (``office:document`` whose mimetype is a
    spreadsheet's), as LibreOffice saves .fods."""
    head = data[:PROLOG_CHUNK]
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    return _FLAT_ODS_ROOT.search(head) is not None and b"application/vnd.oasis.opendocument.spreadsheet" in head


def _check_flat_ods(data: bytes, name: str) -> SafetyReport:
    chunks = (data[offset:offset + PROLOG_CHUNK] for offset in range(0, len(data), PROLOG_CHUNK))
    if prolog_declares_entities(chunks):
        return SafetyReport("broken", (_entity(name, "tệp"),))
    return SafetyReport("ods")


# -- OLE compound files (.xls, and encrypted OOXML) ---------------------------------------------------

def _check_ole(data: bytes, name: str) -> SafetyReport:
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return SafetyReport("encrypted", (password_protected(name),))
    has_workbook = "Workbook".encode("utf-16-le") in data or "Book\0".encode("utf-16-le") in data
    if not has_workbook:
        for stream, label in (("WordDocument", "văn bản Word (.doc)"), ("PowerPoint Document", "bản trình chiếu PowerPoint")):
            if stream.encode("utf-16-le") in data:
                return other_document(name, label)
    findings: list[Finding] = []
    macros = "_VBA_PROJECT".encode("utf-16-le") in data
    if macros:
        findings.append(macros_present(name))
    return SafetyReport("xls", tuple(findings), macros)


def other_document(name: str, label: str) -> SafetyReport:
    """A Word or PowerPoint document sent for a workbook: passed over with a note under its own name,
    rejected (``unsupported-format``) under a spreadsheet's name."""
    if name.lower().endswith(SPREADSHEET_EXTENSIONS):
        return SafetyReport("export", (finding(
            Code.UNSUPPORTED_FORMAT,
            f"Tệp là {label} mang đuôi của bảng tính, không phải sổ báo cáo xlqms đã gửi. Đề nghị đơn vị điền vào sổ "
            "xlqms đã gửi (.xlsx) rồi gửi lại.", file=name),))
    return SafetyReport("other", (finding(
        Code.NOT_A_SPREADSHEET,
        f"Tệp là {label}, không phải bảng tính: bỏ qua, chỉ lưu trữ. Nếu đơn vị gửi báo cáo bằng văn bản này, đề nghị "
        "đơn vị điền kết quả vào sổ xlqms đã gửi (.xlsx) rồi gửi lại.", file=name),))


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
        report = _check_zip(data, name, returned=False)
    except Exception as exc:  # noqa: BLE001 - a file that breaks a check is a broken file
        return SafetyReport("broken", (_corrupt(name, f"{exc.__class__.__name__}: {exc}"),))
    if report.archive is not None:
        report.archive.close()
    return replace(report, archive=None)


def _check_zip(data: bytes, name: str, returned: bool = True) -> SafetyReport:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return SafetyReport("broken", (_corrupt(name, f"mục lục tệp nén không đọc được: {exc}"),))
    report = _check_members(archive, infos, data, name, returned)
    if report.readable:
        return replace(report, archive=archive)
    archive.close()
    return report


def part_key(member: str) -> str:
    """The name a package part is known by: Office packages (OPC, ISO/IEC 29500-2 §6.2.2.3) compare part
    names without regard to case, zip tools on Windows read ``\\`` as ``/``, and a leading ``/`` is the
    package root. Two members with one key are one part given twice."""
    return member.replace("\\", "/").lstrip("/").casefold()


def _check_members(archive: zipfile.ZipFile, infos, data: bytes, name: str, returned: bool = True) -> SafetyReport:
    """The member checks; ``returned`` (a unit's return, not a decision): a package that is not a
    workbook (a zip of workbooks, an .xlsb, a Word document) is said as such."""
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
    keys = Counter(part_key(info.filename) for info in infos)
    if len(keys) < len(infos):
        twice = sorted({info.filename for info in infos if keys[part_key(info.filename)] > 1})
        spelled = " (dưới những tên chỉ khác nhau ở chữ hoa, chữ thường hoặc dấu gạch chéo)" \
            if len(twice) > len({part_key(member) for member in twice}) else ""
        return SafetyReport("broken", (_corrupt(
            name, f"thành phần {', '.join(twice[:3])} có hai lần{spelled}: Excel và xlqms có thể đọc hai nội dung "
                  "khác nhau"),))
    is_ods = "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names)
    is_ooxml = "[Content_Types].xml" in names
    if returned and not is_ods and not is_ooxml:
        packed = [info.filename for info in infos
                  if not info.is_dir() and info.filename.lower().endswith(SPREADSHEET_EXTENSIONS)
                  and not is_lock_file(info.filename.rsplit("/", 1)[-1])]
        if packed:
            return SafetyReport("packed", (packed_workbooks(name, packed),))
        if not name.lower().endswith(SPREADSHEET_EXTENSIONS):
            return SafetyReport("other", (finding(
                Code.NOT_A_SPREADSHEET, "Tệp nén không chứa bảng tính nào (xlsx, xls, ods): bỏ qua, chỉ lưu trữ.",
                file=name),))
        return SafetyReport("broken", (_corrupt(name, "không phải sổ Excel hay LibreOffice"),))
    if returned and is_ooxml and any(n.lower().endswith("workbook.bin") for n in names):
        return SafetyReport("export", (exported_format(name, exported_copy.XLSB),))
    lowered = {n.lower() for n in names}
    if returned and is_ooxml and not any(n.startswith("xl/") for n in lowered):
        for part, label in (("word/document.xml", "văn bản Word (.docx)"),
                            ("ppt/presentation.xml", "bản trình chiếu PowerPoint")):
            if part in lowered:
                return other_document(name, label)
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
        return _entity(name, info.filename)
    return None


def _entity(name: str, where: str) -> Finding:
    return finding(
        Code.XML_ENTITY_DECLARATION,
        f"Tệp chứa khai báo DOCTYPE/ENTITY trong {where} — Excel và LibreOffice không tạo ra điều này; "
        "xlqms không đọc để bảo vệ máy. Đề nghị đơn vị gửi lại đúng sổ báo cáo.",
        file=name,
    )
