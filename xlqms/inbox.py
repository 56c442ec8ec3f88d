"""The files a collect takes in: every regular file under the paths given, and nothing else.

* A path given on the command line is taken as given (a file, or a folder walked recursively).
* Inside a folder, symbolic links are **not followed** — neither to files nor to folders — so that
  nothing from elsewhere on the machine ends up in the archive; nor are FIFOs, sockets or devices
  read (a FIFO would block the run). Each one passed over is a ``path-skipped`` finding.
* xlqms's own files in the campaign folder are never taken in: ``campaign.xlsx``, the store
  (``xlqms.sqlite`` and its ``-wal``/``-shm``/``-journal``), the collect lock, the campaign secret,
  anything named ``.xlqms*`` at its top, the archive and ``out/``; nor any temporary file of a
  write in progress (``.tmp-*``). ``xlqms collect DIR DIR`` takes in only what a person put there.
* A folder walked passes over the archive and ``out/`` in silence. A path named explicitly is never
  passed over in silence: a file is taken in — even under ``out/`` when it is not one of xlqms's own
  outputs (the generated workbooks, the annotated corrections, the report drafts, the summary
  workbook) — or, when it is xlqms's own, it is an ``own-output-not-collected`` finding saying why.
  A folder named explicitly under ``out/`` (``xlqms collect DIR DIR/out``) is read the same way: what a
  person put there is taken in, xlqms's own outputs in it are passed over with one finding.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from xlqms import layout
from xlqms.errors import InputPathError, OutputExistsError
from xlqms.findings import Code, Finding, finding
from xlqms.folder_paths import refuse_links_out
from xlqms.temporaries import is_temporary
from xlqms.text import path_text


@dataclass(frozen=True)
class Inbox:
    """What a collect found under its paths: the files to take in (resolved, each once, sorted as
    found) and a finding for each path passed over."""

    files: tuple[Path, ...]
    skipped: tuple[Finding, ...] = ()


def own_paths(folder: Path) -> tuple[frozenset[Path], tuple[Path, ...]]:
    """(xlqms's own files, xlqms's own folders) in the campaign ``folder`` (resolved)."""
    folder = folder.resolve()
    names = [layout.CAMPAIGN_FILE, layout.LOCK_FILE, layout.SECRET_FILE]
    names += [layout.STORE_FILE + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    return (frozenset(folder / name for name in names),
            tuple(folder / name for name in (layout.ARCHIVE_DIR, layout.OUTPUT_DIR)))


def _is_own(path: Path, folder: Path, files: frozenset[Path], folders: tuple[Path, ...]) -> bool:
    if path in files or is_temporary(path.name):
        return True
    if path.parent == folder and path.name.startswith(".xlqms"):
        return True
    return any(path.is_relative_to(own) for own in folders)


def own_output(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved), named explicitly, is one of xlqms's own files in the campaign
    ``folder``: its files, the archive, or an output xlqms wrote under ``out/``."""
    own_files, _ = own_paths(folder)
    if path in own_files or is_temporary(path.name) or (path.parent == folder and path.name.startswith(".xlqms")):
        return True
    own_folders = [folder / layout.ARCHIVE_DIR] + [layout.output_path(folder, name) for name in
                                                   (layout.WORKBOOKS_DIR, layout.CORRECTIONS_DIR, layout.REPORTS_DIR)]
    if any(path.is_relative_to(own) for own in own_folders):
        return True
    summary_prefix = layout.SUMMARY_FILE.split("{", 1)[0]
    return path.parent == folder / layout.OUTPUT_DIR and path.name.startswith(summary_prefix)


def refuse_own_target(target, folder) -> None:
    """Raise :class:`~xlqms.errors.OutputExistsError` (exit 3) when an output asked for (``--out``) would
    land on the campaign's own record: campaign.xlsx, the store, the secret, the lock, or anything in
    the archive — writing there would lose the round. ``target`` is a file or a folder to write into.
    Raises :class:`~xlqms.errors.LinkOutOfFolderError` (exit 3) when ``target`` is in the folder as written but
    a link on the way leads out of it (:func:`xlqms.folder_paths.refuse_links_out`)."""
    if os.path.isdir(target):
        refuse_links_out(folder, last=(target,))      # a folder written into: itself judged too
    else:
        refuse_links_out(folder, target)
    folder = Path(folder).resolve()
    path = Path(target).resolve()
    own_files, _ = own_paths(folder)
    archive = folder / layout.ARCHIVE_DIR
    if path in own_files or (path.parent == folder and path.name.startswith(".xlqms")) or path.is_relative_to(archive):
        raise OutputExistsError(
            f"Không ghi vào “{path_text(target)}”: đó là {'thư mục lưu trữ' if path.is_relative_to(archive) else 'tệp'} "
            "của chính đợt báo cáo (campaign.xlsx, sổ ghi chép, khóa bí mật, kho lưu trữ) — ghi đè sẽ làm mất đợt. "
            "Chọn nơi ghi khác cho --out.")


def _refused(raw, resolved: Path) -> Finding:
    what = "thư mục" if resolved.is_dir() else "tệp"
    return finding(
        Code.OWN_OUTPUT_NOT_COLLECTED,
        f"Không thu nhận {what} “{path_text(raw)}”: đó là {what} do chính xlqms tạo ra trong thư mục đợt (sổ gửi đi, bản đánh "
        "dấu lỗi, báo cáo, tổng hợp hoặc lưu trữ). Nếu đó là tệp đơn vị gửi về, chép ra thư mục khác (ví dụ nhan_ve) "
        "rồi thu nhận từ đó.", file=path_text(raw),
    )


def _skipped(path: Path, why: str) -> Finding:
    return finding(Code.PATH_SKIPPED, f"Bỏ qua “{path_text(path)}”: {why}. Chép chính tệp vào thư mục nhận nếu cần "
                   "thu nhận.", file=path_text(path.name))


def find_inbox(paths, folder) -> Inbox:
    """Every regular file under ``paths`` minus xlqms's own files in the campaign ``folder``.

    Raises :class:`~xlqms.errors.InputPathError` (exit 2) for a path that does not exist.
    """
    folder = Path(folder).resolve()
    own_files, own_folders = own_paths(folder)
    found: list[Path] = []
    skipped: list[Finding] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputPathError(f"Không có tệp hay thư mục “{path_text(raw)}”. Kiểm tra lại đường dẫn.")
        resolved = path.resolve()
        if own_output(resolved, folder):
            skipped.append(_refused(raw, resolved))
            continue
        if path.is_dir():
            candidates = _walk(path, skipped)
        elif path.is_file():
            found.append(resolved)       # named explicitly and not xlqms's own: taken, even under out/
            continue
        else:
            skipped.append(_skipped(path, "không phải tệp thường (FIFO, thiết bị…)"))
            continue
        named_output = resolved.is_relative_to(layout.output_path(folder))
        passed = 0
        for candidate in candidates:
            resolved = candidate.resolve()
            if named_output:          # out/ named explicitly: only xlqms's own outputs are passed over, and said
                if own_output(resolved, folder):
                    passed += 1
                else:
                    found.append(resolved)
            elif not _is_own(resolved, folder, own_files, own_folders):
                found.append(resolved)
        if passed:
            skipped.append(_own_inside(raw, passed))
    return Inbox(tuple(dict.fromkeys(found)), tuple(skipped))


def _own_inside(raw, count: int) -> Finding:
    return finding(
        Code.OWN_OUTPUT_NOT_COLLECTED,
        f"Không thu nhận {count} tệp do chính xlqms tạo ra trong “{path_text(raw)}” (sổ gửi đi, bản đánh dấu lỗi, báo "
        "cáo, tổng hợp); các tệp khác trong đó được thu nhận. Tệp đơn vị gửi về nên để ở thư mục riêng (ví dụ "
        "nhan_ve).", file=path_text(raw),
    )


def _walk(root: Path, skipped: list[Finding]) -> list[Path]:
    """Regular files under ``root``, sorted; links, special files and unreadable folders go to ``skipped``.

    Walked with a list of folders still to see, not by recursion: a folder nested thousands deep
    (as a hostile archive can unpack) is walked like any other."""
    files: list[Path] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            skipped.append(_skipped(folder, f"không đọc được thư mục ({exc.strerror or exc})"))
            continue
        folders = []
        for entry in entries:
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                what = "tới thư mục khác" if os.path.isdir(path) else ""
                skipped.append(_skipped(path, f"là liên kết tượng trưng (symlink){' ' + what if what else ''}, "
                                              "không theo"))
            elif stat.S_ISDIR(mode):
                folders.append(path)
            elif not stat.S_ISREG(mode):
                skipped.append(_skipped(path, "không phải tệp thường (FIFO, thiết bị…)"))
            else:
                files.append(path)
        pending.extend(reversed(folders))
    return sorted(files)
