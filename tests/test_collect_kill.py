"""A collect killed for real (SIGKILL of the whole process group) and run again ends as one clean run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from test_collect import snapshot

from xlqms.campaign import Settings, read_campaign
from xlqms.collect import collect
from xlqms.generate import generate_workbooks
from xlqms.scaffold import write_campaign_workbook
from xlqms.units import Unit

pytestmark = pytest.mark.slow   # processes killed mid-collect

UNITS = 160


@pytest.fixture(scope="module")
def round_folders(tmp_path_factory):
    base = tmp_path_factory.mktemp("kill")
    campaign_folder = base / "campaign"
    units = [Unit("T", "Tỉnh Thử", "Tỉnh")] + [Unit(f"{n:05d}", f"Xã Số {n}", "Xã", "T") for n in range(1, UNITS + 1)]
    settings = Settings(year=2026, period="6 tháng đầu năm", title="Đợt thử", campaign_id="2026-H1-kill01")
    write_campaign_workbook(campaign_folder / "campaign.xlsx", settings, units)
    generated = generate_workbooks(read_campaign(campaign_folder), out_dir=base / "returns")
    return base, campaign_folder, generated.out_dir


def archived(folder):
    archive = folder / "archive"
    return sorted(path.name for path in archive.iterdir()) if archive.is_dir() else []


def test_sigkill_midway_then_again_equals_one_clean_run(round_folders):
    base, campaign_folder, returns = round_folders
    clean, killed = base / "clean", base / "killed"
    for folder in (clean, killed):
        shutil.copytree(campaign_folder, folder)
    collect(clean, [returns])
    total = len(archived(clean))

    process = subprocess.Popen(
        [sys.executable, "-m", "xlqms", "collect", str(killed), str(returns)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    seen = 0
    while process.poll() is None and time.monotonic() < deadline:
        seen = len(archived(killed))
        if seen >= 3:
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "collect finished before it could be killed"
    assert 0 < seen < total

    collect(killed, [returns])
    assert snapshot(killed) == snapshot(clean)
    assert archived(killed) == archived(clean)
    assert not [p for p in (killed / "archive").iterdir() if p.name.startswith(".tmp-")]


def test_a_second_collect_while_one_runs_is_refused(round_folders, tmp_path):
    from xlqms.collect import exclusive_collect
    from xlqms.errors import XlqmsError

    _, campaign_folder, returns = round_folders
    folder = tmp_path / "busy"
    shutil.copytree(campaign_folder, folder)
    with exclusive_collect(folder):
        with pytest.raises(XlqmsError, match="đang chạy"):
            collect(folder, [returns])
    collect(folder, [returns])  # once the first is done, it goes ahead
    assert archived(folder)
