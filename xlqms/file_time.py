"""Times of a returned file: when it was received, and when its workbook was last saved.

**Received** (:func:`received_time`): the file's modification time, when it is plausible — not
before :data:`EARLIEST` and not after the collect's own time. A time outside that range (year
10000, negative, a sender's clock years ahead) is never trusted nor a crash: the file's status
change time on this machine is used when plausible, else the collect's time, with a
``file-time-out-of-range`` warning. Files of one collect are taken in in the order of that time,
then by path; a later collect's files always come after an earlier one's (the order of receipt).

**Saved** (:func:`saved_time`): the workbook's own record of its last save (``docProps/core.xml``
``dcterms:modified`` in .xlsx, ``meta.xml`` ``dc:date`` in .ods; none for .xls), in UTC. The store
uses it to hold a later file whose content is older than the unit's current one (see
:mod:`xlqms.store`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from xlqms.findings import Code, Finding, finding

EARLIEST = dt.datetime(1990, 1, 1)
"""No returned file was saved before this (a time before it is a broken clock or a forged stamp)."""
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
"""Clocks of two machines differ a little: a time this far ahead is clamped without a warning."""

_SAVED = {
    "xlsx": ("docProps/core.xml", re.compile(rb"<dcterms:modified[^>]*>\s*([^<]+?)\s*<")),
    "ods": ("meta.xml", re.compile(rb"<dc:date[^>]*>\s*([^<]+?)\s*<")),
}


def _from_ns(nanoseconds: int) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(nanoseconds / 1e9).replace(microsecond=0)
    except (ValueError, OverflowError, OSError):
        return None


def _plausible(moment: dt.datetime | None, now: dt.datetime) -> bool:
    return moment is not None and EARLIEST <= moment <= now + FUTURE_TOLERANCE


def received_time(mtime_ns: int, ctime_ns: int, now: dt.datetime, name: str) -> tuple[dt.datetime, Finding | None]:
    """(when the file was received, a warning when its modification time could not be used).

    ``now`` is the collect's time (naive local time, to the second); the result is never after it.
    """
    modified = _from_ns(mtime_ns)
    if _plausible(modified, now):
        assert modified is not None
        return min(modified, now), None
    changed = _from_ns(ctime_ns)
    used = min(changed, now) if changed is not None and _plausible(changed, now) else now
    shown = modified.strftime("%d/%m/%Y %H:%M") if modified is not None else "không đọc được"
    return used, finding(
        Code.FILE_TIME_OUT_OF_RANGE,
        f"Thời gian sửa đổi của tệp bất thường ({shown}): xlqms dùng thời điểm nhận "
        f"{used.strftime('%d/%m/%Y %H:%M')}. Kiểm tra đồng hồ của máy đã gửi tệp.", file=name)


def saved_time(data: bytes, kind: str) -> dt.datetime | None:
    """When the workbook says it was last saved (UTC, naive), or None (.xls, no record, unreadable)."""
    where = _SAVED.get(kind)
    if where is None:
        return None
    member, pattern = where
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            with archive.open(member) as stream:
                head = stream.read(64 * 1024)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None
    match = pattern.search(head)
    if not match:
        return None
    text = match.group(1).decode("ascii", "replace").strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)
