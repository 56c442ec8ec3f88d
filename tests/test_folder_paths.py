"""Paths inside a campaign folder recorded relative to it, read where the folder is now (xlqms.folder_paths)."""

from __future__ import annotations

import os

import pytest

from xlqms.folder_paths import FolderPaths, former_places

HERE = "/d/moi/dot-2026"
OLD = "/home/van-thu/dot-2026"


@pytest.fixture()
def paths(tmp_path):
    folder = tmp_path / "dot-2026"
    folder.mkdir()
    return FolderPaths(folder, former=(OLD,)), str(folder.resolve())


@pytest.mark.parametrize("given, recorded", [
    ("{folder}/out/corrections/00028_x_can_sua.xlsx", "out/corrections/00028_x_can_sua.xlsx"),
    ("{folder}/nhan_ve/đợt 1/Xã Mường Tè.xlsx", "nhan_ve/đợt 1/Xã Mường Tè.xlsx"),
    ("/home/van-thu/Downloads/bao_cao.xlsx", "/home/van-thu/Downloads/bao_cao.xlsx"),       # outside: as received
    ("{folder}-khac/a.xlsx", "{folder}-khac/a.xlsx"),              # a sibling whose name begins like the folder's
    ("{folder}", "{folder}"),                                        # the folder itself is no file inside it
])
def test_a_path_is_recorded_relative_only_when_inside_the_folder(paths, given, recorded):
    folder_paths, folder = paths
    assert folder_paths.record(given.format(folder=folder)) == recorded.format(folder=folder)
    assert folder_paths.resolve(folder_paths.record(given.format(folder=folder))) == given.format(folder=folder)


def test_a_path_given_relative_to_the_working_directory_or_through_a_link(paths, tmp_path, monkeypatch):
    folder_paths, folder = paths
    monkeypatch.chdir(tmp_path)
    assert folder_paths.record("dot-2026/out/corrections/a.xlsx") == "out/corrections/a.xlsx"
    os.symlink(folder, tmp_path / "loi-tat")                   # the folder given through a link
    through_link = FolderPaths(tmp_path / "loi-tat")
    assert through_link.record(str(tmp_path / "loi-tat" / "nhan_ve" / "a.xlsx")) == "nhan_ve/a.xlsx"
    assert through_link.record(os.path.join(folder, "nhan_ve", "a.xlsx")) == "nhan_ve/a.xlsx"
    assert through_link.resolve("nhan_ve/a.xlsx") == os.path.join(folder, "nhan_ve", "a.xlsx")


@pytest.mark.parametrize("recorded, now", [
    ("out/corrections/a.xlsx", "{folder}/out/corrections/a.xlsx"),                      # as recorded today
    (f"{OLD}/nhan_ve/a.xlsx", "{folder}/nhan_ve/a.xlsx"),                              # an older record, moved
    (f"{OLD}-2025/nhan_ve/a.xlsx", f"{OLD}-2025/nhan_ve/a.xlsx"),                      # not the old place
    ("/mnt/usb/bao_cao.xlsx", "/mnt/usb/bao_cao.xlsx"),                                # outside: a fact
])
def test_a_recorded_path_is_read_where_the_folder_is_now(paths, recorded, now):
    folder_paths, folder = paths
    assert folder_paths.resolve(recorded) == now.format(folder=folder)


@pytest.mark.parametrize("recorded", [
    f"{OLD}/out/corrections/a.xlsx",              # an older record: absolute, at the old place
    "dot-2026/out/corrections/a.xlsx",            # an older record of a collect given DIR relative to where it ran
    "out/corrections/a.xlsx",                     # as recorded today
    "/somewhere/else/entirely/out/corrections/a.xlsx",
])
def test_a_correction_copy_is_always_in_the_folders_out_corrections(paths, recorded):
    folder_paths, folder = paths
    assert folder_paths.resolve_correction(recorded) == os.path.join(folder, "out", "corrections", "a.xlsx")
    assert folder_paths.record_correction(recorded) == "out/corrections/a.xlsx"


def test_former_places_come_from_absolute_correction_paths():
    found = former_places([f"{OLD}/out/corrections/a.xlsx", f"{OLD}/out/corrections/b.xlsx", None,
                           "out/corrections/c.xlsx", "/x/out/a.xlsx", f"{HERE}/out/corrections/d.xlsx"])
    assert found == (OLD, HERE)


def test_the_folder_itself_is_never_a_former_place(paths):
    _, folder = paths
    assert FolderPaths(folder, former=(folder, folder + "/", OLD)).former == (OLD,)
