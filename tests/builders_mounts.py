"""For the degraded-machine tests: a round collected once per module and copied for each test, and
real small or read-only disks — a fresh tmpfs (root only; a test that cannot mount one is skipped,
saying why), never a simulation of a full or read-only disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlqms.cli import main
from xlqms.collect import collect


def mount_tmpfs(size: str, options: str = "") -> str:
    """A fresh tmpfs of ``size`` ('64m', '256k'; ``options`` appended: ',ro') at a new /tmp folder."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a filesystem needs root")
    point = f"/tmp/xlqms-mount-{uuid.uuid4().hex[:8]}"
    os.makedirs(point)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}{options}", "tmpfs", point],
                          capture_output=True)
    if done.returncode != 0:
        os.rmdir(point)
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    return point


def unmount(point: str) -> None:
    subprocess.run(["umount", "-l", point], check=False)
    os.rmdir(point)


def collect_corpus(returns_corpus, folder: Path, rollup: bool = False) -> Path:
    """The returns corpus's campaign copied to ``folder`` and its returns collected (and rolled up)."""
    shutil.copytree(returns_corpus["campaign"], folder)
    collect(folder, [returns_corpus["returns"]])
    if rollup:
        CliRunner().invoke(main, ["rollup", str(folder)])
    return folder


def copy_round(collected_once: Path, tmp_path: Path) -> Path:
    """A copy of a collected round for one test (the record keeps paths inside the folder relative to it)."""
    folder = tmp_path / "collected"
    shutil.copytree(collected_once, folder, symlinks=True)
    return folder


def fill_disk(point: str) -> str:
    """Fill the disk mounted at ``point`` to the last byte with one file; returns its path."""
    filler = os.path.join(point, "filler")
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for block in (65536, 512):
            try:
                while True:
                    os.write(handle, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(handle)
    return filler
