"""Paths of things inside a campaign folder, as the record keeps them: relative to the folder.

A campaign folder is moved and copied whole (another drive, a USB stick, a colleague's computer),
so the store (:mod:`xlqms.store`) and the journal (:mod:`xlqms.journal`) record a path inside the
folder — a correction copy under ``out/corrections``, a returned file the secretary keeps in the
folder (``DIR/nhan_ve/…``) — relative to it, POSIX style (``out/corrections/00028_…_can_sua.xlsx``),
and resolve it against the folder where it is now when it is used. A path outside the folder (where
a returned file came from: ``~/Downloads/…``) is a fact of receipt and is kept as it was given;
nothing depends on it existing.

A record written before paths were relative holds absolute paths. They are read this way:

* a path inside the folder where it is now is that place;
* a correction copy's path is always ``<folder>/out/corrections/<name>`` (that is where collect
  writes it, :func:`xlqms.layout.output_path`), so ``<folder>`` there is a place the folder had
  before (a *former place*) and the copy is ``out/corrections/<name>`` of the folder where it is
  now — even when a file is still at the old path: that is then the folder it was copied from,
  which a copy must never touch (remove a replaced correction copy there);
* any other path inside a former place is mapped to the same relative place in the folder;
* any other path is kept as it was (a fact of receipt outside the folder).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import PurePath, PurePosixPath

from xlqms import layout
from xlqms.errors import LinkOutOfFolderError
from xlqms.text import path_text

_CORRECTIONS = (layout.OUTPUT_DIR, layout.CORRECTIONS_DIR)


def _anchor(text: str) -> tuple[PurePath, PurePosixPath] | None:
    """(the folder part, ``out/corrections/<name>``) of a correction copy's path, or None when it has no
    ``out/corrections/<name>`` at its end."""
    path = PurePath(text)
    parts = path.parts
    if len(parts) >= 3 and parts[-3:-1] == _CORRECTIONS:
        return PurePath(*parts[:-3]) if len(parts) > 3 else PurePath(), PurePosixPath(*parts[-3:])
    return None


def former_places(correction_paths: Iterable[str | None]) -> tuple[str, ...]:
    """Absolute folders that a record's correction-copy paths say the campaign folder was in (old records
    kept them absolute: ``/old/place/out/corrections/x.xlsx`` → ``/old/place``), longest first."""
    places = set()
    for text in correction_paths:
        if not text or not os.path.isabs(text):
            continue
        found = _anchor(text)
        if found is not None and found[0].parts:
            places.add(str(found[0]))
    return tuple(sorted(places, key=len, reverse=True))


class FolderPaths:
    """``FolderPaths(folder, former=())``: record and resolve paths for the campaign ``folder``.

    ``former``: absolute folders the campaign was in before (see :func:`former_places`); a path
    recorded inside one of them is read as the same relative place in ``folder``.
    """

    def __init__(self, folder, former: Iterable[str] = ()):
        self.folder = os.path.realpath(folder)
        self._prefix = self.folder.rstrip(os.sep) + os.sep
        given = os.path.abspath(folder).rstrip(os.sep) + os.sep        # the folder as given: through a link, say
        self._given = given if given != self._prefix else None
        self.former = tuple(place for place in former if os.path.realpath(place) != self.folder
                            and place.rstrip(os.sep) != self.folder)
        self._former_prefixes = tuple(place.rstrip(os.sep) + os.sep for place in self.former)

    def _inside(self, text: str) -> str | None:
        """``text`` (absolute) relative to the folder (POSIX), when it is inside it or a former place."""
        if text.startswith(self._prefix):
            return PurePath(text[len(self._prefix):]).as_posix()
        if self._given is not None and text.startswith(self._given):
            return PurePath(text[len(self._given):]).as_posix()
        for prefix in self._former_prefixes:
            if text.startswith(prefix):
                return PurePath(text[len(prefix):]).as_posix()
        return None

    def record(self, path: str | os.PathLike) -> str:
        """What to record for ``path`` (absolute, or relative to the working directory): relative to the
        folder (POSIX) when it is inside it, else the path as given (made absolute: a relative one would be
        read as inside the folder)."""
        text = os.fspath(path)
        absolute = text if os.path.isabs(text) else os.path.abspath(text)
        inside = self._inside(absolute)
        return inside if inside is not None else absolute

    def record_correction(self, path: str | os.PathLike | None) -> str | None:
        """What to record for a correction copy: ``out/corrections/<name>`` whatever the folder was called."""
        if path is None:
            return None
        found = _anchor(os.fspath(path))
        return found[1].as_posix() if found is not None else self.record(path)

    def resolve(self, text: str) -> str:
        """Where a recorded path is now: a relative one in the folder; an absolute one inside a former place
        at the same relative place in the folder; any other unchanged. A record edited to climb out of the
        folder (``../../x``, ``/former/place/../../x``) is never read as a place: it is given back as it
        was recorded (a relative text that names no file xlqms looks at)."""
        if not os.path.isabs(text):
            if not text:
                return text
            place = os.path.normpath(os.path.join(self.folder, *PurePosixPath(text).parts))
            return place if _within(place, self.folder) else text
        inside = self._inside(os.path.normpath(text))
        if inside is None:
            return text
        place = os.path.normpath(os.path.join(self.folder, *PurePosixPath(inside).parts))
        return place if _within(place, self.folder) else text

    def resolve_correction(self, text: str | None) -> str | None:
        """Where a recorded correction copy is now: ``<folder>/out/corrections/<name>`` (see the module)."""
        if text is None:
            return None
        found = _anchor(text)
        if found is None:
            return self.resolve(text)
        return os.path.join(self.folder, *found[1].parts)

    def same(self, first: str, second: str) -> bool:
        """Whether two paths (recorded or in use) name the same place."""
        return self.record(self.resolve(first)) == self.record(self.resolve(second))



def removable_correction(folder, path: str | os.PathLike) -> str | None:
    """``path`` when it is a file directly in ``<folder>/out/corrections`` (the folder where correction copies
    are written, itself inside ``folder`` once links are followed), else None.

    What a store says about a correction copy may have been edited by hand (``../..``, an absolute path,
    ``out/corrections/..``) and ``out/corrections`` may be a link out of the folder: xlqms deletes a replaced
    correction copy only through this check, so that nothing outside ``DIR/out/corrections`` is ever removed.
    A link inside ``out/corrections`` is itself the entry removed (never what it points to).
    """
    root = os.path.realpath(folder)
    corrections = os.path.realpath(os.path.join(root, *_CORRECTIONS))
    if not corrections.startswith(root.rstrip(os.sep) + os.sep):
        return None
    text = os.fspath(path)
    name = os.path.basename(text)
    if name in ("", ".", "..") or os.path.realpath(os.path.dirname(os.path.abspath(text))) != corrections:
        return None
    candidate = os.path.join(corrections, name)
    try:
        mode = os.lstat(candidate).st_mode
    except OSError:
        return None
    return candidate if stat.S_ISREG(mode) or stat.S_ISLNK(mode) else None


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def link_out_of_folder(folder, target, *, last: bool = False) -> tuple[str, str] | None:
    """(the link, where it leads) when writing ``target`` — a path inside the campaign ``folder`` as
    written — would go out of the folder through a symbolic link (``out/``, ``out/corrections``,
    ``archive/``, the report folder… made a link to another place); else None.

    Only the folders on the way are judged (a file replaced with ``os.replace`` replaces a link in its
    place, never what it points to), and ``target`` itself too when ``last`` (a file written in
    place: the store, the lock). A ``target`` outside the folder as written (``--out`` elsewhere) is
    not judged. A link that stays inside the folder is followed.
    """
    root = os.path.realpath(folder)
    spelled = os.path.abspath(target)
    for base in dict.fromkeys((os.path.abspath(folder), root)):
        if _within(spelled, base):
            relative = os.path.relpath(spelled, base)
            break
    else:
        return None
    parts = [] if relative == os.curdir else relative.split(os.sep)
    judged = parts if last else parts[:-1]
    current = root
    for part in judged:
        current = os.path.join(current, part)
        if not os.path.islink(current):
            if not os.path.lexists(current):
                return None            # made by xlqms from here on: real folders inside
            continue
        real = os.path.realpath(current)
        if not _within(real, root):
            return current, real
        current = real
    return None


def refuse_links_out(folder, *targets, last: Iterable = ()) -> None:
    """Raise :class:`~xlqms.errors.LinkOutOfFolderError` (exit 3) naming the link and the way out when
    writing one of ``targets`` (folders judged, see :func:`link_out_of_folder`) or of ``last`` (judged
    whole: files written in place) would go out of the campaign ``folder`` through a link."""
    found = [link_out_of_folder(folder, target) for target in targets]
    found += [link_out_of_folder(folder, target, last=True) for target in last]
    for hit in found:
        if hit is not None:
            link, real = hit
            raise LinkOutOfFolderError(
                f"Không ghi qua “{path_text(link)}”: đó là liên kết (symlink) dẫn ra ngoài thư mục đợt, tới "
                f"“{path_text(real)}” — ghi qua đó sẽ đè lên tệp của nơi khác. xlqms chỉ ghi trong thư mục đợt. "
                f"Xóa liên kết (chép những gì cần giữ về thư mục đợt) để xlqms tạo chỗ ghi thật, rồi chạy lại.")


def refuse_shared_files(*paths) -> None:
    """Raise :class:`~xlqms.errors.LinkOutOfFolderError` (exit 3) when one of ``paths`` — files written in
    place — is a regular file with hard links (``st_nlink`` > 1): the same file stands under another name,
    in a copy of the folder made with ``cp -al`` or a backup tool's snapshot, say, and writing it would
    change that copy too. A path that is missing or no regular file is left to the other checks."""
    for path in paths:
        try:
            status = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode) and status.st_nlink > 1:
            raise LinkOutOfFolderError(
                f"Không ghi vào “{path_text(path)}”: tệp này dùng chung nội dung với {status.st_nlink - 1} tệp khác "
                "(liên kết cứng, hard link — thường do sao chép thư mục đợt bằng cp -al hoặc công cụ sao lưu), nên ghi "
                "vào đây sẽ sửa cả bản kia. Sao chép thư mục đợt thành một bản riêng (cp -a, không có -l) rồi chạy "
                "lại trên bản đó.")


def refuse_record_links(folder) -> None:
    """:func:`refuse_links_out` for everything a collect or a rebuild writes: the archive and its journal,
    the correction copies, the store (and its ``-wal``/``-shm``), the lock; and
    :func:`refuse_shared_files` for the files written in place (the store and its companions, the journal)."""
    folder = os.fspath(folder)
    store = os.path.join(folder, layout.STORE_FILE)
    refuse_shared_files(os.path.join(folder, layout.ARCHIVE_DIR, layout.JOURNAL_FILE),
                        *(store + suffix for suffix in ("", "-wal", "-shm", "-journal")))
    refuse_links_out(folder, os.path.join(folder, layout.ARCHIVE_DIR, layout.JOURNAL_FILE),
                     os.path.join(folder, *_CORRECTIONS, "x"),
                     last=(os.path.join(folder, layout.ARCHIVE_DIR), os.path.join(folder, *_CORRECTIONS),
                           os.path.join(folder, layout.ARCHIVE_DIR, layout.JOURNAL_FILE),
                           os.path.join(folder, layout.LOCK_FILE),
                           *(store + suffix for suffix in ("", "-wal", "-shm", "-journal"))))
