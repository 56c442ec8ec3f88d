"""A campaign folder moved or copied whole (another drive, a USB stick, a colleague's computer) keeps working:
every command gives the same results, correction copies are found and replaced ones removed at the new place."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.journal import journal_path
from xlqms.rebuild import rebuild_record
from xlqms.store import Store

INSIDE = "nhan_ve"          # a secretary's inbox kept inside the campaign folder


@dataclass(frozen=True)
class Collected:
    """A round collected in place, kept untouched for the tests to copy (``pristine``); the files a later
    collect brings (``later``); every command's output before it (``before``) and after it (``after``), as
    the round gives them where it was collected."""

    pristine: Path
    later: Path
    before: dict
    after: dict


@pytest.fixture(scope="module")
def collected(returns_corpus, build_returns, tmp_path_factory) -> Collected:
    """Returns from outside the folder and from an inbox inside it, collected in place; then a correction of
    00028 and a resend of 00040 still wrong (``later``), collected in place for the reference."""
    root = tmp_path_factory.mktemp("collected")
    folder = root / "a" / "round"
    shutil.copytree(returns_corpus["campaign"], folder)
    blank = build_returns.Blanks(read_campaign(folder))
    (folder / INSIDE).mkdir()
    (folder / INSIDE / "00010_tu_xa.xlsx").write_bytes(build_returns.fill(blank("00010"), build_returns.GOOD))
    collect(folder, [returns_corpus["returns"]])
    collect(folder, [folder])
    later = root / "later"
    later.mkdir()
    (later / "00028_sua.xlsx").write_bytes(build_returns.fill(blank("00028"), build_returns.GOOD))
    (later / "00040_gui_lai.xlsx").write_bytes(build_returns.fill(blank("00040"), build_returns.with_values(
        MT02={layout.RESULT_VALUE: "khoảng 98,5%"})))
    before = seen_at(folder)
    pristine = root / "pristine"
    shutil.copytree(folder, pristine)
    assert later_collect(folder, later) == EXPECTED_LATER
    assert corrections(folder) == AFTER_LATER
    return Collected(pristine, later, before, seen_at(folder))


def _place(tmp_path, name: str) -> Path:
    place = tmp_path / name / "round"
    place.parent.mkdir(parents=True)
    return place


def corrections(folder) -> list[str]:
    place = layout.output_path(folder, layout.CORRECTIONS_DIR)
    return sorted(os.listdir(place)) if place.is_dir() else []


def record(folder) -> dict:
    """Everything the store says, paths inside the folder written relative to where the folder is now."""
    base = str(Path(folder).resolve())

    def local(path):
        return None if path is None else path.replace(base, "DIR")

    with Store(folder, readonly=True) as store:
        files = [(r.checksum, r.state, r.unit_code, local(r.source_path), r.file_name, r.received_at, r.sequence,
                  local(r.annotated_path)) for r in store.files()]
        return {"files": files, "sightings": sorted((local(path), seen) for path, seen in store.sightings().items()),
                "submissions": {unit: (s.checksum, s.entries, local(s.source_path))
                                for unit, s in store.accepted_submissions().items()},
                "review": store.review_states(), "findings": [repr(f) for f in store.findings()]}


def _untimed(value):
    """A cell without the minute the workbook was made (“số liệu đến 30/11/2026 11:58”): two runs may straddle one."""
    return MADE_AT.sub("số liệu đến …", value) if isinstance(value, str) else value


MADE_AT = re.compile(r"số liệu đến \d{2}/\d{2}/\d{4} \d{2}:\d{2}")


def outputs(folder, report: bool = True) -> dict:
    """What every reading command prints (the folder's own path written DIR; without spaces and line breaks,
    which fall elsewhere around a path of another length), the summary workbook's cells and the report drafts' names."""
    from openpyxl import load_workbook

    runner = CliRunner()
    shown = {}
    for name, arguments in {"status": ["status", folder], "status-json": ["status", folder, "--format", "json"],
                            "export-json": ["export", folder, "--format", "json"],
                            "export-csv": ["export", folder, "--format", "csv"],
                            "rollup": ["rollup", folder, "--force"],
                            "report": ["report", folder, "--force", "--date", "01/08/2026"]}.items():
        if name == "report" and not report:
            continue
        result = runner.invoke(main, [str(part) for part in arguments])
        assert result.exit_code in (0, 4), (name, result.output)
        shown[name] = (result.exit_code, "".join(result.output.split()).replace(str(folder), "DIR"))   # wrapped
        assert name.endswith(("json", "csv")) or "DIR" in shown[name][1] or name == "status", name   # as the lines fall
    summary = next(layout.output_path(folder).glob("tong_hop_*.xlsx"))
    book = load_workbook(summary, read_only=True)
    shown["summary"] = {sheet.title: [tuple(_untimed(value) for value in row) for row in sheet.iter_rows(values_only=True)]
                        for sheet in book.worksheets}
    book.close()
    if report:
        shown["reports"] = sorted(path.name for path in layout.output_path(folder, layout.REPORTS_DIR).iterdir())
    return shown


def seen_at(folder, report: bool = True) -> dict:
    """The record and every command's output (``report=False``: all but the report drafts, the slowest)."""
    return {"record": record(folder), **outputs(folder, report)}


def assert_same(found: dict, expected: dict) -> None:
    """Key by key, so that a failure names what differs (``found`` may leave the report drafts out)."""
    assert set(found) <= set(expected) and set(expected) - set(found) <= {"report", "reports"}
    for key in found:
        assert found[key] == expected[key], key


def later_collect(folder, later) -> dict:
    """Collect the inbox inside the folder again (nothing new), then the later files; what a person sees."""
    runner = CliRunner()
    again = runner.invoke(main, ["collect", str(folder), str(folder / INSIDE), "--json"])
    assert again.exit_code == 0, again.output
    again_data = json.loads(again.output)
    assert again_data["unchanged"] == 1 and again_data["files"] == []       # known where it is now: not read again
    result = runner.invoke(main, ["collect", str(folder), str(later), "--json"])
    assert result.exit_code == 4, result.output
    data = json.loads(result.output)
    return {item["name"]: (item["state"], item["annotated"] and Path(item["annotated"]).relative_to(folder).as_posix())
            for item in data["files"]}


EXPECTED_LATER = {"00028_sua.xlsx": ("accepted", None),
                  "00040_gui_lai.xlsx": ("needs_correction", "out/corrections/00040_gui_lai_can_sua.xlsx")}
BEFORE_LATER = ["00028_numerator_exceeds_denominator_can_sua.xlsx", "00031_row_deleted_can_sua.xlsx",
                "00034_code_changed_can_sua.xlsx", "00040_not_a_number_can_sua.xlsx"]
AFTER_LATER = ["00031_row_deleted_can_sua.xlsx", "00034_code_changed_can_sua.xlsx", "00040_gui_lai_can_sua.xlsx"]


def _check_later_round(folder, collected: Collected, report: bool = True, rebuild: bool = True) -> None:
    """The later collect at ``folder``: replaced copies removed there, the new one written there; every command
    then agrees with the round that never moved, and so does a rebuild (``rebuild``)."""
    assert later_collect(folder, collected.later) == EXPECTED_LATER
    assert corrections(folder) == AFTER_LATER
    with Store(folder, readonly=True) as store:
        annotated = [r.annotated_path for r in store.files() if r.annotated_path]
    assert sorted(Path(path).name for path in annotated) == AFTER_LATER
    assert all(Path(path).parent == layout.output_path(folder.resolve(), layout.CORRECTIONS_DIR) for path in annotated)
    assert_same(seen_at(folder, report), collected.after)
    if not rebuild:
        return
    result = CliRunner().invoke(main, ["collect", str(folder), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert_same(seen_at(folder, report=False), collected.after)
    assert corrections(folder) == AFTER_LATER


def test_a_folder_moved_or_copied_works_the_same(collected, tmp_path):
    home = _place(tmp_path, "home")
    shutil.copytree(collected.pristine, home)
    with sqlite3.connect(home / layout.STORE_FILE) as connection:     # nothing absolute inside the folder
        stored = connection.execute("SELECT source_path, annotated_path FROM files").fetchall()
        stored += connection.execute("SELECT path, NULL FROM sightings").fetchall()
    inside = [path for pair in stored for path in pair if path and (INSIDE in path or layout.CORRECTIONS_DIR in path)]
    assert len(inside) == 1 + 1 + len(BEFORE_LATER) and not any(os.path.isabs(path) for path in inside)
    assert not any(INSIDE in line and os.path.isabs(json.loads(line).get("source", json.loads(line).get("path", "")))
                   for line in journal_path(home).read_text(encoding="utf-8").splitlines())

    copied = _place(tmp_path, "colleague")
    shutil.copytree(home, copied)
    assert_same(seen_at(copied), collected.before)
    _check_later_round(copied, collected, report=False, rebuild=False)     # all of it: where it was moved to
    assert corrections(home) == BEFORE_LATER            # the copy never touches the folder it was copied from

    moved = _place(tmp_path, "usb")
    shutil.move(home, moved)
    assert not home.exists()
    assert_same(seen_at(moved), collected.before)
    _check_later_round(moved, collected)


def _made_the_old_way(folder: Path) -> None:
    """Turn a store and journal into what xlqms wrote before paths were relative: every path absolute, a
    correction copy's as ``<folder>/out/corrections/<name>``."""
    base = str(folder)
    with sqlite3.connect(folder / layout.STORE_FILE) as connection:
        connection.execute("UPDATE files SET annotated_path = ? || '/' || annotated_path WHERE annotated_path IS NOT NULL",
                           (base,))
        connection.execute("UPDATE files SET source_path = ? || '/' || source_path WHERE source_path NOT LIKE '/%'",
                           (base,))
        connection.execute("UPDATE sightings SET path = ? || '/' || path WHERE path NOT LIKE '/%'", (base,))
        assert connection.execute("SELECT COUNT(*) FROM files WHERE source_path LIKE ?", (base + "/%",)).fetchone()[0]
        assert connection.execute("SELECT COUNT(*) FROM files WHERE annotated_path LIKE ?",
                                  (base + "/out/corrections/%",)).fetchone()[0] == len(BEFORE_LATER)
    lines = []
    for line in journal_path(folder).read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        for key in ("source", "path"):
            if key in data and not data[key].startswith("/"):
                data[key] = f"{base}/{data[key]}"
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    journal_path(folder).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("how", ["stays", "moved", "copied"])
def test_a_store_written_before_paths_were_relative_still_works(collected, tmp_path, how):
    """Absolute paths of an older store: inside the folder where it is (it stayed), or at its old place (moved,
    copied — the original kept): read at the same relative place; a copy never removes the original's copies."""
    old = _place(tmp_path, "old")
    shutil.copytree(collected.pristine, old)
    _made_the_old_way(old)
    folder = old
    if how == "moved":
        folder = _place(tmp_path, "moved")
        shutil.move(old, folder)
    elif how == "copied":
        folder = _place(tmp_path, "copied")
        shutil.copytree(old, folder)
    assert_same(seen_at(folder, report=False), collected.before)      # the report drafts: see the test above
    _check_later_round(folder, collected, report=False, rebuild=how == "moved")
    if how == "copied":
        assert corrections(old) == BEFORE_LATER
    if how == "moved":
        with sqlite3.connect(folder / layout.STORE_FILE) as connection:      # rebuilt: nothing absolute left inside
            assert connection.execute("SELECT source_path FROM files WHERE source_path LIKE ?",
                                      (f"%{INSIDE}/%",)).fetchall() == [(f"{INSIDE}/00010_tu_xa.xlsx",)]


def test_a_rebuild_of_an_old_journal_after_a_move_keeps_what_stayed_outside(collected, tmp_path):
    """The journal of an older round names returned files by absolute path: outside the folder they stay as
    received (facts of receipt, need not exist); inside its old place they are read where the folder is now."""
    old = _place(tmp_path, "old")
    shutil.copytree(collected.pristine, old)
    _made_the_old_way(old)
    moved = _place(tmp_path, "moved")
    shutil.move(old, moved)
    outside = {r.checksum: r.source_path for r in Store(moved, readonly=True).files() if INSIDE not in r.source_path}
    rebuild_record(moved)
    with Store(moved, readonly=True) as store:
        after = {r.checksum: r.source_path for r in store.files() if INSIDE not in r.source_path}
        inside = [r.source_path for r in store.files() if INSIDE in r.source_path]
    assert after == outside and all(path.startswith("/") and str(moved) not in path for path in after.values())
    assert inside == [str(moved.resolve() / INSIDE / "00010_tu_xa.xlsx")]
