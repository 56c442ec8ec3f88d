"""A collect killed for real (SIGKILL of the whole process group) and run again ends as one clean run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from processes import alive, child_pids
from test_collect import snapshot

from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.collect import collect
from xlqms.generate import generate_workbooks
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






@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_collect_alone_ends_its_workers_frees_the_lock_and_sweeps(round_folders, signum):
    """Only the collect process is signalled (not its group): its workers must die with it."""
    base, campaign_folder, returns = round_folders
    clean, killed = base / f"clean-{signum}", base / f"alone-{signum}"
    for folder in (clean, killed):
        shutil.copytree(campaign_folder, folder)
    collect(clean, [returns])
    stale = [killed / "out" / "corrections" / ".tmp-999999999-0a1b2c3d4e5f.xlsx", killed / "out" / ".tmp-5a5a5a5a.xlsx",
             killed / "archive" / ".tmp-999999998-ffffffffffff.xlsx"]
    for path in stale:                     # what writers killed earlier left behind
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half written")

    process = subprocess.Popen([sys.executable, "-m", "xlqms", "collect", str(killed), str(returns)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while process.poll() is None and time.monotonic() < deadline:
        workers = child_pids(process.pid)
        if workers and len(archived(killed)) >= 3:
            os.kill(process.pid, signum)
            break
        time.sleep(0.002)
    _, errors = process.communicate(timeout=60)
    assert workers, "collect finished before it could be killed"
    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 130 and "Đã dừng" in errors.decode()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers), "a worker outlived the collect that started it"

    report = collect(killed, [returns])         # not refused: the lock died with its holder
    assert report.outcomes
    assert snapshot(killed) == snapshot(clean)
    assert not [path for path in stale if path.exists()]
    assert not [p for p in killed.rglob(".tmp-*")]
