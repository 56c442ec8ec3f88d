"""A store that cannot be used as it is: written by a newer xlqms, not a regular file, or holding rows
xlqms never writes — each refused with a Vietnamese message naming the store and the way out
(:mod:`xlqms.store`, issue 15: the record can always be trusted or rebuilt)."""

from __future__ import annotations

import functools
import os
import stat

from xlqms.errors import XlqmsError

STORE_VERSION = 1
"""The store's layout, written in SQLite's ``user_version``: a store of a higher one was written by a newer
xlqms, which may record what this one does not know; it is refused, never used or rebuilt over
(0: a store from before the layout was numbered, read as version 1)."""


class StoreTooNew(XlqmsError):
    """The store was written by a newer xlqms (exit 1): update xlqms."""


class StoreNotAFile(XlqmsError):
    """Something that is no regular file is where the store should be (exit 1)."""


def refuse_not_a_file(path) -> None:
    """Raise :class:`StoreNotAFile` when something that is no regular file (a folder, a FIFO, a broken link)
    is at the store's ``path``."""
    try:
        odd = os.path.lexists(path) and not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        odd = True
    if odd:
        raise StoreNotAFile(
            f"Sổ ghi chép của đợt ({path}) không phải một tệp thường (là thư mục, FIFO, liên kết hỏng…): xlqms "
            "không mở được. Chuyển nó ra khỏi thư mục đợt (hoặc đặt lại đúng tệp xlqms.sqlite) rồi chạy lại.")


class StoreRowsDamaged(XlqmsError):
    """A row of the store holds what xlqms never writes (a time, a severity, a number edited by hand): the
    store cannot be trusted (exit 1); the way out is a rebuild from the archive."""


def rows_read(method):
    """A reading method of :class:`Store` whose rows, edited by hand into what xlqms never writes, raise
    :class:`StoreRowsDamaged` naming the store and the way out (never an unexpected error)."""
    @functools.wraps(method)
    def read(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (ValueError, TypeError, KeyError, OverflowError, ZeroDivisionError) as exc:
            raise StoreRowsDamaged(
                f"Sổ ghi chép của đợt ({self.path}) có dòng bị sửa hoặc bị hỏng, không đọc được ({exc}). xlqms không "
                f"dùng sổ này. Dựng lại sổ ghi chép từ kho lưu trữ bằng lệnh: xlqms collect {self.folder} --rebuild"
            ) from exc
    return read
