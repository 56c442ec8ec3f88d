"""Files stopped before their cells are read — by the safety checks, as an export or an archive, or by an
error — and what can still be said of them: the unit they show, and why they could not be read, in
Vietnamese (:mod:`xlqms.read` builds the rejection).

* :func:`exported_identity`: the unit a web page, XML 2003 or CSV export shows (the visible labels of
  Kết quả, or the guide's unit line);
* :func:`packed_identity`: the unit of the first workbook inside a zip sent in place of one;
* :func:`unreadable`: the ``unreadable-file`` finding, with :func:`unreadable_reason` naming the usual
  causes (a broken zip or XML, a missing part, no permission…).
"""

from __future__ import annotations

import io
import zipfile
import zlib

from xlqms import exported_copy, layout
from xlqms.findings import Code, Finding, finding
from xlqms.identity import Identity, peek_identity, visible_identity
from xlqms.safety import MAX_FILE_BYTES, SPREADSHEET_EXTENSIONS


def packed_identity(data: bytes) -> Identity | None:
    """The unit of the first workbook inside a zip sent in place of a workbook (its names and properties
    only, as :func:`xlqms.identity.peek_identity` reads them), or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith(SPREADSHEET_EXTENSIONS) and info.file_size <= MAX_FILE_BYTES:
                    identity = peek_identity(archive.read(info))
                    if identity is not None:
                        return identity
    except Exception:  # noqa: BLE001 - an unreadable archive names no unit
        return None
    return None


def unrelated_export(name: str) -> Finding:
    """The note for a web page or CSV under its own name that shows no unit: most often not a return."""
    return finding(
        Code.NOT_A_SPREADSHEET,
        "Trang web hoặc văn bản CSV không mang thông tin đơn vị nào: bỏ qua, chỉ lưu trữ. Nếu đây là báo cáo của "
        "một đơn vị, đề nghị đơn vị gửi lại sổ xlqms đã gửi, lưu dạng .xlsx.", file=name,
    )


def exported_identity(data: bytes, name: str) -> Identity | None:
    """The unit an exported copy (html, XML 2003, csv) shows in the visible labels of Kết quả, or in the
    guide's unit line (an export of the first sheet), if any."""
    kind = exported_copy.sniff(data, name, True)
    tables = exported_copy.visible_tables(data, kind) if kind else []
    for table in tables:
        visible = visible_identity(table)
        if visible.get(layout.ID_UNIT_CODE):
            return Identity(visible, "visible")
    guide = exported_copy.guide_unit(tables)
    if guide is not None:
        return Identity({layout.ID_UNIT_CODE: guide[0], layout.ID_UNIT_NAME: guide[1]}, "visible")
    return None


def unreadable(name: str, exc: BaseException) -> Finding:
    return finding(
        Code.UNREADABLE_FILE,
        f"Không đọc được tệp ({unreadable_reason(exc)}). Đề nghị đơn vị mở sổ bằng Excel/LibreOffice, lưu lại và "
        "gửi lại.",
        file=name,
    )


_XML_ERRORS = frozenset(("XMLSyntaxError", "ParseError", "DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"))


def unreadable_reason(exc: BaseException) -> str:
    """Why a file could not be read, in Vietnamese: the usual causes named, any other with its
    technical detail (for whoever looks into it)."""
    kind = exc.__class__.__name__
    if isinstance(exc, PermissionError):
        return "không có quyền đọc tệp"
    if isinstance(exc, FileNotFoundError):
        return "tệp không còn ở chỗ cũ"
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return "tệp nén bên trong bị hỏng hoặc bị cắt cụt"
    if kind in _XML_ERRORS:
        return "nội dung XML bên trong bị hỏng"
    if isinstance(exc, KeyError):
        return f"thiếu phần {exc.args[0]} của tệp" if exc.args else "thiếu một phần của tệp"
    if kind == "XLRDError":
        return "tệp .xls hỏng hoặc không đúng định dạng"
    if isinstance(exc, MemoryError):
        return "tệp quá lớn để đọc"
    if isinstance(exc, UnicodeDecodeError):
        return "chữ trong tệp không giải mã được"
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else kind
    return f"lỗi kỹ thuật: {detail}"
