"""The one exception family: raised when a command cannot go on.

Problems inside a returned file are not exceptions; they are :class:`xlqms.findings.Finding`
objects gathered in a report (see :mod:`xlqms.findings`).
"""

from __future__ import annotations

import errno
from pathlib import Path

from xlqms.codes import Code

TEMPORARY_PREFIX = ".tmp-"
"""How a safe write's temporary file begins (xlqms.spreadsheet writes them)."""


class XlqmsError(Exception):
    """Base class of every error xlqms raises on purpose. Its message is for the user (Vietnamese)."""

    exit_code = 1


class CampaignError(XlqmsError):
    """campaign.xlsx cannot be used; carries every finding at once."""

    exit_code = 2

    def __init__(self, message: str, findings=(), footer=()):
        super().__init__(message)
        self.findings = list(findings)
        self.footer = tuple(footer)

    def __str__(self) -> str:
        lines = [super().__str__()]
        lines += [f"  - {finding.describe()}" for finding in self.findings]
        lines += list(self.footer)
        return "\n".join(lines)


class TargetSyntaxError(XlqmsError):
    """A target text that the target language cannot read (a refusal, TARGETS.md: The promise).

    ``code`` is a stable kebab-case reason (``target-compound``, ``target-change-mode-unknown``…),
    ``fixes`` the `Cách đánh giá` forms that would read it, ``split`` the rows proposed for a
    compound text. ``str()`` is one short Vietnamese message quoting the text.
    """

    exit_code = 2

    def __init__(self, message: str, code: Code = Code.UNREADABLE_TARGET, text: str = "",
                 fixes: tuple[str, ...] = (), split: tuple[str, ...] = ()):
        super().__init__(message)
        self.code = code
        self.text = text
        self.fixes = tuple(fixes)
        self.split = tuple(split)


class ValueSyntaxError(XlqmsError):
    """A result value that is neither a number nor Đạt/Không đạt, or a number not in the target's
    units (``code`` says which: ``value-unreadable``, ``value-out-of-scale``)."""

    exit_code = 2

    def __init__(self, message: str, code: str = "value-unreadable"):
        super().__init__(message)
        self.code = code


class InputPathError(XlqmsError):
    """A file, folder or name given on the command line that does not exist or cannot be used (a units list
    of another kind, a province not in the list): bad input (exit 2), as usage errors."""

    exit_code = 2


class UnreadableSheetError(XlqmsError):
    """A sheet of a user's workbook the spreadsheet reader cannot read (a damaged or crafted part): bad input
    (exit 2), named by file and sheet, with what to do."""

    exit_code = 2


class OutputExistsError(XlqmsError):
    """Refusing to overwrite what a user already has without --force."""

    exit_code = 3


class LinkOutOfFolderError(OutputExistsError):
    """Refusing to write or delete through a symbolic link that leads out of the campaign folder
    (:func:`xlqms.folder_paths.refuse_links_out`): it would overwrite what belongs elsewhere (exit 3)."""


_OS_ERRORS = {
    # errno: (what happened, what to do)
    errno.ENOSPC: ("ổ đĩa đã đầy", "Giải phóng chỗ trống trên ổ đĩa rồi chạy lại."),
    getattr(errno, "EDQUOT", -1): ("đã hết hạn mức dung lượng", "Giải phóng chỗ trống rồi chạy lại."),
    errno.EACCES: ("không có quyền", "Kiểm tra quyền ghi, đóng tệp nếu đang mở trong Excel/Word, hoặc chọn nơi ghi "
                                     "khác (--out)."),
    errno.EPERM: ("không được phép", "Kiểm tra quyền ghi, đóng tệp nếu đang mở trong Excel/Word, hoặc chọn nơi ghi "
                                     "khác (--out)."),
    errno.EROFS: ("ổ đĩa hoặc thư mục chỉ cho đọc", "Chọn nơi ghi khác (--out) hoặc chép thư mục đợt sang ổ ghi được."),
    errno.EBUSY: ("tệp đang được một chương trình khác dùng", "Đóng tệp đó (Excel, Word…) rồi chạy lại."),
    getattr(errno, "ETXTBSY", -2): ("tệp đang được một chương trình khác dùng", "Đóng tệp đó (Excel, Word…) rồi chạy lại."),
    errno.ENOENT: ("không có tệp hay thư mục này", ""),
    errno.EISDIR: ("đây là thư mục, không phải tệp", "Chọn một tên tệp, hoặc xóa thư mục trùng tên."),
    errno.ENOTDIR: ("một phần của đường dẫn không phải thư mục", ""),
    errno.EIO: ("lỗi đọc ghi của ổ đĩa", "Kiểm tra ổ đĩa rồi chạy lại."),
    errno.ENAMETOOLONG: ("tên tệp quá dài", "Chọn thư mục có đường dẫn ngắn hơn."),
}


def os_error_reason(exc: OSError) -> str:
    """What happened, in Vietnamese ('tên tệp quá dài'); the system's own words for an errno not known."""
    return _OS_ERRORS.get(exc.errno or 0, (exc.strerror or exc.__class__.__name__, ""))[0]


def describe_os_error(exc: OSError, path=None, out_option: bool = True) -> str:
    """A Vietnamese sentence for a failed read or write: what, where (the path), and what to do.

    ``out_option``: whether the command has ``--out`` (advice to write elsewhere with it only then).
    A temporary file of a safe write (``.tmp-…``) is named by its folder: the user never made it.
    """
    where = path if path is not None else (exc.filename or "")
    if where and Path(str(where)).name.startswith(TEMPORARY_PREFIX):
        where = str(Path(str(where)).parent)
    why, action = _OS_ERRORS.get(exc.errno or 0, (exc.strerror or exc.__class__.__name__, ""))
    lock = getattr(exc, "filename2", None)
    if exc.errno == errno.EBUSY and lock:
        why = f"tệp đang mở trong Excel, Word hoặc LibreOffice (có tệp khóa {Path(str(lock)).name})"
        action = ("Đóng tệp rồi chạy lại; nếu không ai đang mở tệp (máy từng bị tắt đột ngột), xóa tệp khóa "
                  f"“{lock}”.")
    action = action or "Kiểm tra đường dẫn và quyền ghi rồi chạy lại."
    if not out_option:
        action = action.replace("Chọn nơi ghi khác (--out) hoặc chép", "Chép").replace(", hoặc chọn nơi ghi khác (--out)", "")
    return f"Không đọc hoặc ghi được “{where}”: {why}. {action}" if where else f"Lỗi đọc ghi: {why}. {action}"
