"""Times of a returned file: when it was received, and when its workbook was last saved.

**Received** (:func:`received_time`): the file's modification time, when it is plausible — not
before :data:`EARLIEST` and not after the collect's own time. A time outside that range (year
10000, negative, a sender's clock years ahead) is never trusted nor a crash: the file's status
change time on this machine is used when plausible, else the collect's time, with a
``file-time-out-of-range`` warning. Files of one collect are taken in in the order of that time,
then by path; a later collect's files always come after an earlier one's (the order of receipt).

**Saved** (:func:`saved_stamp`): the workbook's own record of its last save (``docProps/core.xml``
``dcterms:modified`` in .xlsx, ``meta.xml`` ``dc:date`` in .ods; none for .xls) and the application
that saved it (``docProps/app.xml`` ``Application``, ``meta.xml`` ``meta:generator``). Such times
are not all on one clock: Excel writes UTC, many writers put local time behind a ``Z``, and .ods
files carry local time with no zone at all. :func:`saved_before` therefore compares two saves
directly only when the same application wrote both the same way; otherwise one counts as earlier
only when it is earlier by more than :data:`CLOCK_SKEW`, the widest gap between two clocks
showing the same moment. The recorder uses it to hold a later file whose content is older than
the unit's current one (:mod:`xlqms.recording`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from xlqms.findings import Code, Finding, finding

EARLIEST = dt.datetime(1990, 1, 1)
"""No returned file was saved before this (a time before it is a broken clock or a forged stamp)."""
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
"""Clocks of two machines differ a little: a time this far ahead is clamped without a warning."""

_SAVED = {
    "xlsx": ("docProps/core.xml", re.compile(rb"<dcterms:modified[^>]*>\s*([^<]+?)\s*<")),
    "ods": ("meta.xml", re.compile(rb"<dc:date[^>]*>\s*([^<]+?)\s*<")),
}
_PRODUCER = {
    "xlsx": ("docProps/app.xml", re.compile(rb"<(?:\w+:)?Application[^>]*>\s*([^<]*?)\s*<")),
    "ods": ("meta.xml", re.compile(rb"<meta:generator[^>]*>\s*([^<]*?)\s*<")),
}
CLOCK_SKEW = dt.timedelta(hours=26)
"""The widest gap between two clocks that show the same moment: local times run from UTC−12 to UTC+14,
and a writer may put a local time behind a ``Z`` — two saves whose times cannot be put on one clock
are told apart only beyond this."""


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


@dataclass(frozen=True)
class SavedStamp:
    """A workbook's own record of its last save. ``moment``: naive; UTC when ``zoned`` (a ``Z`` or an
    offset was written — which a writer may still have put behind its local time), else the time as
    written (the saver's local time). ``producer``: the application that saved it, '' when unknown."""

    moment: dt.datetime
    zoned: bool
    producer: str = ""

    @property
    def shown(self) -> dt.datetime:
        """The time as this machine's clock shows it (a zoned time in local time; else as written)."""
        if not self.zoned:
            return self.moment
        return self.moment.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def saved_stamp(data: bytes, kind: str, now: dt.datetime | None = None) -> SavedStamp | None:
    """When and by what the workbook says it was last saved; None (.xls, no record, unreadable, or a time
    that cannot be true: before :data:`EARLIEST` or later than ``now`` — naive local time, this machine's
    clock when not given — by more than :data:`CLOCK_SKEW`). An impossible save time (year 1, year 9999,
    a sender's clock years ahead) is no evidence of which save came first, and never an error."""
    where = _SAVED.get(kind)
    if where is None:
        return None
    heads = _heads(data, {where[0], _PRODUCER[kind][0]})        # one opening of the zip (.ods: one member)
    text = _first_group(heads, *where)
    if text is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        zoned = moment.tzinfo is not None
        if zoned:
            moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    except (ValueError, OverflowError):      # not a time; an offset that carries it past year 1 or 9999
        return None
    if not EARLIEST <= moment <= (now or dt.datetime.now()) + CLOCK_SKEW:
        return None
    producer = _first_group(heads, *_PRODUCER[kind]) or ""
    return SavedStamp(moment.replace(microsecond=0), zoned, producer)


def saved_before(later: SavedStamp, current: SavedStamp) -> bool:
    """Whether the save ``later`` certainly came before ``current``: directly when one application wrote
    both the same way (zoned or not), else only when earlier by more than :data:`CLOCK_SKEW`."""
    if later.producer and later.producer == current.producer and later.zoned == current.zoned:
        return later.moment < current.moment
    return later.moment + CLOCK_SKEW < current.moment


def _heads(data: bytes, members: set[str]) -> dict[str, bytes]:
    """The first 64 KiB of each of ``members`` the zip ``data`` holds (none when it is no readable zip)."""
    heads: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in members:
                try:
                    with archive.open(member) as stream:
                        heads[member] = stream.read(64 * 1024)
                except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError,
                        NotImplementedError, zlib.error):
                    continue
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        pass
    return heads


def _first_group(heads: dict[str, bytes], member: str, pattern: re.Pattern) -> str | None:
    """The first group of ``pattern`` in ``member``'s head, stripped; None."""
    match = pattern.search(heads.get(member, b""))
    return match.group(1).decode("utf-8", "replace").strip() if match else None
