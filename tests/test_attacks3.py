"""Held-out attacks (third round, issue 15): a tampered record, crafted files, interrupts.

Each test is one kind of attack, made with real files on disk.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from xlqms import layout
from xlqms.codes import FileState
from xlqms.collect import drop_replaced_corrections
from xlqms.folder_paths import removable_correction
from xlqms.journal import journal_path, read_journal


def _campaign_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "round"
    corrections = folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR
    corrections.mkdir(parents=True)
    return folder, corrections


# What a hand-edited store may say a replaced correction copy is (relative to the folder, or absolute).
TAMPERED_PATHS = [
    "../victim.txt",
    "{outside}/victim.txt",
    "out/corrections/../../../victim.txt",
    "{outside}/out/corrections/../../victim.txt",
    "out/corrections/..",
    "out/corrections/.",
    "{folder}/campaign.xlsx",
    "{folder}/out/victim.txt",
]


@pytest.mark.parametrize("recorded", TAMPERED_PATHS)
def test_a_replaced_correction_path_outside_out_corrections_is_never_deleted(tmp_path, recorded):
    folder, corrections = _campaign_folder(tmp_path)
    outside = tmp_path / "elsewhere"
    (outside / "out" / "corrections").mkdir(parents=True)
    victims = [tmp_path / "victim.txt", outside / "victim.txt", folder / "campaign.xlsx", folder / "out" / "victim.txt"]
    for victim in victims:
        victim.write_text("keep")
    kept = corrections / "00001_x_can_sua.xlsx"
    kept.write_text("a copy")
    path = recorded.format(outside=outside, folder=folder)
    resolved = path if os.path.isabs(path) else os.path.join(folder, path)
    forgotten = {}
    store = SimpleNamespace(
        folder=folder,
        files=lambda: [SimpleNamespace(checksum="c" * 64, annotated_path=resolved, state=FileState.ACCEPTED)],
        forget_annotations=forgotten.update)
    drop_replaced_corrections(store)
    assert all(victim.read_text() == "keep" for victim in victims)
    assert kept.exists() and corrections.is_dir()
    assert forgotten == {"c" * 64: resolved}          # the record forgets it all the same


def test_a_replaced_correction_copy_in_out_corrections_is_deleted_and_a_link_there_only_unlinked(tmp_path):
    folder, corrections = _campaign_folder(tmp_path)
    copy = corrections / "00002_x_can_sua.xlsx"
    copy.write_text("old copy")
    target = tmp_path / "target.txt"
    target.write_text("keep")
    link = corrections / "00003_x_can_sua.xlsx"
    link.symlink_to(target)
    records = [SimpleNamespace(checksum=str(n) * 64, annotated_path=str(path), state=FileState.ACCEPTED)
               for n, path in ((1, copy), (2, link))]
    drop_replaced_corrections(SimpleNamespace(folder=folder, files=lambda: records, forget_annotations=lambda _: None))
    assert not copy.exists() and not link.is_symlink() and target.read_text() == "keep"


def test_out_corrections_linked_out_of_the_folder_is_not_emptied(tmp_path):
    folder = tmp_path / "round"
    (folder / layout.OUTPUT_DIR).mkdir(parents=True)
    elsewhere = tmp_path / "someone_elses"
    elsewhere.mkdir()
    victim = elsewhere / "00001_x_can_sua.xlsx"
    victim.write_text("keep")
    (folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR).symlink_to(elsewhere, target_is_directory=True)
    recorded = folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR / victim.name
    assert removable_correction(folder, recorded) is None
    records = [SimpleNamespace(checksum="d" * 64, annotated_path=str(recorded), state=FileState.ACCEPTED)]
    drop_replaced_corrections(SimpleNamespace(folder=folder, files=lambda: records, forget_annotations=lambda _: None))
    assert victim.read_text() == "keep"


GOOD = {"kind": "file", "checksum": "a" * 64, "extension": ".xlsx", "name": "x.xlsx", "source": "x.xlsx",
        "size": 1, "mtime_ns": 1, "received_at": "2025-07-11T09:00:00", "collected_at": "2025-07-11T09:00:00"}

# Journal lines edited by hand: each must be read as a damaged line, never as a file to read.
TAMPERED_LINES = [
    json.dumps(dict(GOOD, checksum="../../fresh")),
    json.dumps(dict(GOOD, checksum="/etc/passwd", extension="")),
    json.dumps(dict(GOOD, checksum="b" * 64, extension="/../../x")),
    json.dumps(dict(GOOD, checksum="B" * 64)),
    json.dumps(dict(GOOD, checksum="c" * 64, size=None)),
    "[1, 2]",
    '"a string"',
    json.dumps(dict(GOOD, checksum="d" * 64)).replace('"size":1', '"size":1e400').replace('"size": 1', '"size": 1e400'),
    "[" * 100_000 + "]" * 100_000,
    json.dumps({"kind": "seen", "path": "p", "checksum": "../x", "seen_at": "2025-07-11T09:00:00"}),
]


def test_a_tampered_journal_line_is_damaged_not_followed(tmp_path):
    folder = tmp_path / "round"
    path = journal_path(folder)
    path.parent.mkdir(parents=True)
    offset = json.dumps(dict(GOOD, checksum="e" * 64, received_at="2025-07-11T09:00:00+14:00"))
    path.write_text("\n".join([json.dumps(GOOD), *TAMPERED_LINES, offset]) + "\n", encoding="utf-8")
    contents = read_journal(folder)
    assert [entry.checksum for entry in contents.files] == ["a" * 64, "e" * 64]
    assert contents.damaged_lines == len(TAMPERED_LINES)
    assert contents.files[1].received_at.tzinfo is None     # compares with the other, naive, times
    assert sorted(entry.received_at for entry in contents.files)
