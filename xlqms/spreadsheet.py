"""Small shared helpers for reading and writing spreadsheet cells (no domain knowledge here)."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from xlqms.errors import TEMPORARY_PREFIX, UnreadableSheetError
from xlqms.temporaries import sweep_beside
from xlqms.text import must_stay_text, nfc, sheet_text

VIETNAMESE = "[$-42A]"
"""The Vietnamese locale of a number format: LibreOffice shows 1.540,5 and 97,04% whatever the computer's
locale (Excel shows the computer's own separators). Prefix every number format a workbook shows."""

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@lru_cache(maxsize=1024)
def column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index: 1 -> 'A', 28 -> 'AB' (openpyxl's get_column_letter)."""
    if not 1 <= index <= 18278:
        raise ValueError(f"Invalid column index {index}")
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = _LETTERS[remainder] + letters
    return letters


def cell_ref(row_index: int, column_index: int) -> str:
    """A1 reference of 0-based row and column indexes: (0, 0) -> 'A1'."""
    return f"{column_letter(column_index + 1)}{row_index + 1}"


def read_sheet_rows(path, sheet_name: str) -> list[list]:
    """Every row of a sheet from A1 (empty cells as ''), via python-calamine (.xlsx/.xls/.ods)."""
    return read_sheet(path, sheet_name)[0]


def read_sheet(path, sheet_name: str) -> tuple[list[list], list]:
    """(every row of a sheet from A1, empty cells as ''; its merged cell ranges, ((row, column), (row,
    column)) 0-based and inclusive, [] when the format has none), via python-calamine (.xlsx/.xls/.ods),
    the file opened once. Raises :class:`~xlqms.errors.UnreadableSheetError` for a damaged sheet."""
    # imported here, not at the top: `import xlqms` (and so the command line) stays light
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False)
            try:
                merged = list(sheet.merged_cell_ranges or [])
            except Exception:  # noqa: BLE001 - merges unknown (an older reader, a damaged part): none
                merged = []
            return rows, merged
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any reader failure (a damaged or crafted part) is the file's
        if isinstance(exc, OSError):
            raise
        raise UnreadableSheetError(
            f"Không đọc được trang “{sheet_name}” của {Path(path).name}: tệp bị hỏng hoặc có phần xlqms không "
            "đọc được. Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại.") from exc


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text_of(value) -> str:
    """A cell value as NFC text; whole floats lose their '.0' (5.0 -> '5')."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(value)


def write_text(cell, value) -> None:
    """Write a value into an openpyxl cell; text that looks like a formula or an error value (``#N/A``)
    stays text, and control characters a user typed never break the file (:func:`xlqms.text.sheet_text`)."""
    if isinstance(value, str):
        value = sheet_text(value)
    cell.value = value
    if must_stay_text(value):
        cell.data_type = "s"


# Every temporary file xlqms writes is named ``.tmp-<pid>-<random><suffix>`` beside its target
# (TEMPORARY_PREFIX, spelled once in xlqms.errors so that an error can name the target's folder);
# xlqms.temporaries says which are stale and sweeps them.


def _create_temporary(folder: Path, suffix: str) -> str:
    """A new empty file in ``folder``, created with mode 0666 minus the umask (as any file a program
    writes: ``tempfile.mkstemp`` would make it 0600 whatever the umask)."""
    path, handle = _open_temporary(folder, suffix)
    os.close(handle)
    return path


def _open_temporary(folder, suffix: str) -> tuple[str, int]:
    """(path, open write descriptor) of a new empty file in ``folder`` (see :func:`_create_temporary`)."""
    sweep_beside(folder)          # what a killed writer left here goes before this write adds its own
    for _ in range(100):
        name = f"{TEMPORARY_PREFIX}{os.getpid()}-{secrets.token_hex(6)}{suffix}"
        path = os.path.join(folder, name)
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def lock_file_of(path) -> Path | None:
    """The lock file Excel, Word or LibreOffice keeps beside ``path`` while it is open (``~$book.xlsx``;
    Word's ``~$ok.docx`` for a long name; ``.~lock.book.xlsx#``), or None when there is none."""
    path = Path(path)
    name = path.name
    for candidate in (f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"):
        if len(candidate) > 2 + len(path.suffix) and os.path.lexists(path.parent / candidate):
            return path.parent / candidate
    return None


def refuse_if_open(path) -> None:
    """Raise ``OSError(EBUSY)`` (``filename2``: the lock file) when ``path`` exists and is open in Excel,
    Word or LibreOffice: replacing it under the application would lose its edits or ours."""
    lock = lock_file_of(path) if os.path.exists(path) else None
    if lock is not None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(path), None, str(lock))


def replace_atomically(path, write: Callable[[str], None]) -> Path:
    """Create ``path`` safely: ``write(temporary_path)`` in the same folder, then os.replace.

    A reader never sees a half-written file, and a failure leaves what was there untouched. The
    file gets the mode any new file gets (0666 minus the umask). Raises OSError (ENOSPC, EACCES…)
    with the temporary file removed; EBUSY when ``path`` is open in Excel/Word/LibreOffice
    (:func:`refuse_if_open`). A ``path`` that is no file but a stream (``/dev/stdout``, a FIFO, a
    terminal: :func:`is_stream`) is written into, never replaced (see :func:`_write_into_stream`).
    """
    path = Path(path)
    if is_stream(path):
        _write_into_stream(path, write)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    refuse_if_open(path)
    temporary = _create_temporary(path.parent, path.suffix)
    _put_in_place(temporary, path, lambda: write(temporary))
    return path


def is_stream(path) -> bool:
    """Whether ``path`` names, through any links, a character or block device, a FIFO or a socket
    (``/dev/stdout``, ``/dev/null``, a named pipe): a place to write into, with no old content to keep
    whole — replacing it would put a regular file in the place of ``/dev/stdout`` (writable by root)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_into_stream(path: Path, write: Callable[[str], None]) -> None:
    """``write(temporary)`` into a private temporary folder (a writer may need a file it can seek in:
    a zip), then its bytes copied into the stream ``path``; the temporary folder is removed."""
    with tempfile.TemporaryDirectory(prefix="xlqms-") as place:
        temporary = os.path.join(place, "out" + path.suffix)
        write(temporary)
        with open(temporary, "rb") as source, open(path, "wb") as stream:
            shutil.copyfileobj(source, stream)


def _put_in_place(temporary: str, path: Path, write: Callable[[], None]) -> None:
    """``write()`` the temporary file, then move it to ``path``; on any failure it is removed."""
    try:
        write()
        os.replace(temporary, path)
    except BaseException as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError) and not exc.filename:    # os.write names no file: the message names the target
            exc.filename = str(path)
        raise


def copy_named_by_content(source, folder, extension: str, size: int, block: int = 1 << 20) -> tuple[str, Path]:
    """Copy the first ``size`` bytes of ``source`` into ``folder`` in one pass, hashing them on the way,
    as ``<sha256><extension>``; return (sha256, the copy). One pass: a file that grows or changes while
    it is read gives a copy and a checksum of the same bytes; never more than ``size`` bytes. A copy of
    that name and size already there is kept (another size: replaced). Raises OSError, the temporary
    file removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    temporary, handle = _open_temporary(folder, extension)
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as stream, os.fdopen(handle, "wb") as out:
            left = size
            while left > 0:
                piece = stream.read(min(block, left))
                if not piece:
                    break
                digest.update(piece)
                out.write(piece)
                left -= len(piece)
        checksum = digest.hexdigest()
        target = folder / f"{checksum}{extension}"
        if not os.path.islink(target) and os.path.isfile(target) and os.path.getsize(target) == size - left:  # kept
            os.unlink(temporary)
        else:                                                                     # none, or one damaged
            os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return checksum, target


def save_workbook_atomically(workbook, path) -> Path:
    """Save an openpyxl workbook (or anything with ``.save(file)``: a python-docx document) to ``path``
    atomically. Saved in memory first, then written as :func:`write_bytes_atomically` does: a full disk
    or a missing permission is one OSError, never a zip left half-open whose cleanup prints a traceback
    (the zip writers of openpyxl and python-docx do not close their file when a write fails)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_bytes_atomically(path, buffer.getvalue())


def write_bytes_atomically(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (as :func:`replace_atomically`: one temporary file in the
    same folder, written through its own descriptor, then os.replace; the folder is made if missing)."""
    path = Path(path)
    if is_stream(path):
        with open(path, "wb") as stream:
            stream.write(data)
        return path
    refuse_if_open(path)
    try:
        temporary, handle = _open_temporary(path.parent, path.suffix)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary, handle = _open_temporary(path.parent, path.suffix)

    def write() -> None:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)

    _put_in_place(temporary, path, write)
    return path
