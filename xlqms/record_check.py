"""Whether the record (``DIR/xlqms.sqlite``) can be trusted: it must know every file the archive knows.

The archive's journal (:mod:`xlqms.journal`) lists every file taken in; an archive from before the
journal is counted by its files (then only a missing, empty or unreadable store can be told from a
sound one). :func:`check_record` compares that with the store:

* nothing was ever collected: fine (there need be no store);
* the store is missing, empty, unreadable or not a database, or lacks files of the journal other
  than the last ones a killed collect had not yet recorded: :class:`RecordDamaged`, whose message
  names the way out (``xlqms collect DIR --rebuild``). Commands that read the round refuse to go on
  rather than show a round poorer than the one received;
* the store lacks only the journal's last files (a collect killed between the two writes):
  :attr:`RecordHealth.behind` lists them; the next collect records them from the archive.

:func:`read_records` is how the commands that read a round (status, rollup, export, report) get
the record: checked first, opened read-only.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

from xlqms import layout
from xlqms.campaign_lock import collect_running
from xlqms.catalogue import PERIODS, period_and_year, period_phrase
from xlqms.codes import UnitState
from xlqms.errors import XlqmsError
from xlqms.findings import Finding
from xlqms.journal import FileEntry, JournalContents, read_journal
from xlqms.store import FileRecord, Store
from xlqms.store_guards import refuse_not_a_file
from xlqms.submission import Submission
from xlqms.text import nfc


class RecordDamaged(XlqmsError):
    """The store is missing or damaged while the archive says files were received."""

    exit_code = 1


@dataclass(frozen=True)
class RecordHealth:
    """What :func:`check_record` found. ``received``: files the archive says were taken in."""

    received: int
    journal: JournalContents | None = None
    stored: frozenset[str] = frozenset()
    behind: tuple[FileEntry, ...] = ()         # journal files the store has not recorded yet (a suffix)
    unjournaled: frozenset[str] = field(default_factory=frozenset)   # store files the journal lacks


def archived_files(folder) -> list[Path]:
    """The archived copies in ``DIR/archive`` (not the journal, not a temporary file, and never a link or a
    folder put there: a copy is a regular file — a link would bring a file from elsewhere into the record)."""
    archive = Path(folder) / layout.ARCHIVE_DIR
    if not archive.is_dir():
        return []
    return [path for path in archive.iterdir() if _ARCHIVED_NAME.fullmatch(path.name) and _regular(path)]


_ARCHIVED_NAME = re.compile(r"[0-9a-f]{64}(?:\.[A-Za-z0-9]{1,7})?")
"""How collect names a copy: ``<sha256><ext>``. Anything else in the archive (a copy renamed ``….bak``, a
note, the journal, a temporary file) is no copy of a file taken in."""


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _store_checksums(path: Path) -> frozenset[str]:
    mode = "ro" if os.access(path.parent, os.W_OK) else "ro&immutable=1"
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=30)
    try:
        return frozenset(row[0] for row in connection.execute("SELECT checksum FROM files"))
    finally:
        connection.close()


_MACHINE_PROBLEMS = ("disk i/o", "disk is full", "locked", "busy", "unable to open", "readonly", "read-only")


def machine_problem(exc: sqlite3.Error) -> bool:
    """Whether SQLite failed because of the machine (a full or failing disk, a lock, a read-only folder),
    not because the store is damaged: rebuilding would not help and is never advised for it."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and any(word in text for word in _MACHINE_PROBLEMS)


def _disk_full(folder: Path) -> bool:
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):      # no statvfs (Windows): not known
        return False
    return found.f_bavail == 0


def damaged(folder, why: str, received: int) -> RecordDamaged:
    folder = Path(folder)
    return RecordDamaged(
        f"Sổ ghi chép của đợt ({folder / layout.STORE_FILE}) {why}, trong khi kho lưu trữ cho biết đã nhận "
        f"{received} tệp. xlqms không dùng sổ ghi chép này để khỏi báo cáo thiếu. Dựng lại sổ ghi chép từ kho lưu "
        f"trữ bằng lệnh: xlqms collect {folder} --rebuild")


def check_record(folder) -> RecordHealth:
    """Compare the store with the archive; raise :class:`RecordDamaged` when it cannot be trusted."""
    folder = Path(folder)
    journal = read_journal(folder)
    received = len(journal.files) if journal is not None else len(archived_files(folder))
    store = folder / layout.STORE_FILE
    if received == 0:
        return RecordHealth(0, journal)
    refuse_not_a_file(store)
    if not store.is_file():
        raise damaged(folder, "không còn (đã bị xóa hoặc di chuyển)", received)
    if store.stat().st_size == 0:
        raise damaged(folder, "rỗng (0 byte)", received)
    try:
        stored = _store_checksums(store)
    except sqlite3.OperationalError as exc:
        if not machine_problem(exc):
            raise damaged(folder, f"bị hỏng ({exc})", received) from exc
        if _disk_full(folder):         # SQLite says "disk I/O error" when it cannot make its -shm file
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(store)) from exc
        raise                          # locked, read-only, a failing disk: told as such (never "rebuild")
    except sqlite3.DatabaseError as exc:
        raise damaged(folder, f"bị hỏng ({exc})", received) from exc
    if journal is None:        # an archive older than the journal, or a first collect killed before it wrote one
        return RecordHealth(received, None, stored, unjournaled=stored)
    order = [entry.checksum for entry in journal.files]
    missing = [index for index, checksum in enumerate(order) if checksum not in stored]
    if missing and missing[0] != len(order) - len(missing):      # a gap before files it knows: not a kill
        raise damaged(folder, f"thiếu {len(missing)} tệp đã nhận", received)
    if missing and not stored and len({entry.collected_at for entry in journal.files}) > 1:
        raise damaged(folder, "không ghi tệp nào", received)   # files of several runs: not one first run cut short
    behind = tuple(journal.files[index] for index in missing)
    return RecordHealth(received, journal, stored, behind, stored - frozenset(order))


@dataclass(frozen=True)
class RoundRecords:
    """What collection recorded about a round (see :mod:`xlqms.store`)."""

    submissions: dict[str, Submission] = field(default_factory=dict)   # unit code -> accepted submission
    findings_by_file: dict[str, list[Finding]] = field(default_factory=dict)   # checksum -> findings, in order
    files: list[FileRecord] = field(default_factory=list)      # in the order taken in, then duplicates
    review_states: dict[str, UnitState] = field(default_factory=dict)   # units that sent anything

    @property
    def findings(self) -> list[Finding]:
        """Every finding, file by file (by checksum), each file's in the order found."""
        return [finding for found in self.findings_by_file.values() for finding in found]


class CampaignChanged(XlqmsError):
    """campaign.xlsx now names another round (Mã đợt, Kỳ báo cáo, Năm) than the files already taken in."""

    exit_code = 2


def _round_of(campaign_id: str, period: str, year: str) -> tuple[str, str, str]:
    """A recorded identity as comparable parts: the code, the period in the contract's spelling and the
    year ('' when the file said none: it is not compared), a year written in the period text counting."""
    canonical, written = period_and_year(nfc(period))
    return nfc(campaign_id), canonical or nfc(period), nfc(year) or written


def _shown(period: str, year: str) -> str:
    return period_phrase(period, year) if year and period in PERIODS else " ".join(filter(None, (period, year)))


def check_same_round(store: Store, campaign) -> None:
    """Raise :class:`CampaignChanged` when files were taken in as units' files of another campaign code,
    period or year than ``campaign``'s (campaign.xlsx edited after collecting): their figures would be
    published as this round's. A file that said no year (one read from its visible cells, or recorded
    by a store from before the year was) is judged on its code and period. The way out: put the round
    back, or rebuild to judge every file again."""
    year = str(campaign.year)
    other: dict[tuple[str, str, str], int] = {}
    for identity, count in store.identified_rounds().items():
        campaign_id, period, said_year = _round_of(*identity)
        if (campaign_id, period) != (nfc(campaign.id), campaign.period) or said_year not in ("", year):
            other[campaign_id, period, said_year] = other.get((campaign_id, period, said_year), 0) + count
    if not other:
        _refuse_stale_rejections(store, campaign)
        return
    (campaign_id, period, said_year), _ = max(other.items(), key=lambda item: item[1])
    count = sum(other.values())
    only_year = (campaign_id, period) == (nfc(campaign.id), campaign.period)
    raise CampaignChanged(
        f"campaign.xlsx đã đổi sau khi nhận tệp: {count} tệp đã nhận là của đợt “{campaign_id}” "
        f"({_shown(period, said_year)}), còn campaign.xlsx nay ghi đợt “{campaign.id}” ({_shown(campaign.period, year)})"
        f"{f', Năm đã đổi từ {said_year} thành {year}' if only_year else ''}. Nếu sửa nhầm, đặt lại Mã đợt, Năm và "
        "Kỳ báo cáo trong trang Thiết lập như cũ. Nếu đúng là đổi đợt, xét lại mọi tệp theo đợt mới bằng lệnh: "
        f"xlqms collect {campaign.folder} --rebuild (các tệp của đợt cũ sẽ bị từ chối).")


def _refuse_stale_rejections(store: Store, campaign) -> None:
    """Raise :class:`CampaignChanged` when files were rejected as another round's while the round they say is
    the one campaign.xlsx names now (another round's campaign.xlsx was in place when they were collected,
    then the right one put back): those rejections no longer hold, and collecting the same files again
    would not read them again (nothing changed in them). The way out: rebuild, judging every file again."""
    year = str(campaign.year)
    stale = 0
    for identity, count in store.rejected_rounds().items():
        campaign_id, period, said_year = _round_of(*identity)
        if (campaign_id, period) == (nfc(campaign.id), campaign.period) and said_year in ("", year):
            stale += count
    if stale:
        raise CampaignChanged(
            f"campaign.xlsx đã đổi sau khi nhận tệp: {stale} tệp đã bị từ chối vì “thuộc đợt khác” theo campaign.xlsx "
            f"lúc nhận, nhưng campaign.xlsx nay ghi đúng đợt của các tệp đó (“{campaign.id}”, "
            f"{_shown(campaign.period, year)}). Xét lại mọi tệp theo campaign.xlsx hiện nay bằng lệnh: "
            f"xlqms collect {campaign.folder} --rebuild")


def read_records(folder, submissions: bool = True, campaign=None) -> RoundRecords:
    """Read the store of the campaign in ``folder``; ``submissions=False`` skips the values (status).

    The store is opened read-only (the folder may be read-only). Raises
    :class:`RecordDamaged` when the store is missing, damaged or behind the archive;
    :class:`CampaignChanged` when ``campaign`` (given) is not the round the files were taken in for.
    """
    health = check_record(folder)
    if health.behind and not collect_running(folder):     # a running collect records them in a moment
        raise damaged(folder, f"chưa ghi {len(health.behind)} tệp cuối cùng đã nhận (lần thu nhận trước bị dừng "
                              "giữa chừng)", health.received)
    if not (Path(folder) / layout.STORE_FILE).is_file():
        return RoundRecords()
    try:
        with Store(folder, readonly=True) as store, store.snapshot():     # one state, even while a collect commits
            if campaign is not None:
                check_same_round(store, campaign)
            return RoundRecords(
                submissions=dict(store.accepted_submissions()) if submissions else {},
                findings_by_file=store.findings_by_file(),
                files=list(store.files()),
                review_states=store.review_states(),
            )
    except sqlite3.DatabaseError as exc:
        if health.received == 0:      # nothing was ever recorded (an empty or foreign file): nothing to show
            return RoundRecords()
        raise damaged(folder, f"bị hỏng ({exc})", health.received) from exc


def archived_whole(path: Path, size: int) -> bool:
    """Whether an archived copy is there with the size recorded (one ``stat``): a copy deleted, cut
    short, emptied or replaced by bytes of another size — or by a link — is not (``size`` 0: not known,
    not compared)."""
    try:
        found = path.lstat()
    except OSError:
        return False
    return stat.S_ISREG(found.st_mode) and (not size or found.st_size == size)
