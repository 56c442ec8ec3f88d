"""The national benchmark (benchmarks/national.py) keeps working: run small, untimed.

It runs on two provinces and two dozen communes, as a user runs it (a separate Python process), and
checks that every available step ran and that its equality checks passed: the fast generated
workbooks equal the plain path's, the collected and exported values equal what was filled in.
No assertion is made on durations — timing is for the full run, by hand (benchmarks/README.md).
"""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "national.py"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec("vietnam_provinces") is None,
                                 reason="the benchmark takes its units from vietnam-provinces")]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("national")
    result_file = folder / "result.json"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--provinces", "2", "--units", "24", "--workdir", str(folder / "round"),
         "--check-sample", "4", "--workers", "2", "--json-out", str(result_file)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return json.loads(result_file.read_text(encoding="utf-8")), completed.stdout, folder / "round"


def test_builds_a_campaign_of_real_provinces_and_communes(small_run):
    report, _, _ = small_run
    assert report["campaign"] == {"provinces": 2, "communes": 24, "objectives": 10, "indicators": 16}


def test_generation_step_runs_and_equals_the_plain_path(small_run):
    report, _, round_folder = small_run
    step = report["steps"]["generate"]
    assert step["available"] and step["seconds"] > 0 and step["peak_mb"] > 0
    assert step["baseline_seconds"] > 0, "the naive openpyxl loop ran in the same run"
    assert len(list((round_folder / "generated").glob("*.xlsx"))) == 24
    assert len(list((round_folder / "naive").glob("*.xlsx"))) == 24
    checks = {check["check"]: check for check in report["checks"]}
    assert checks["generate-equals-plain"]["ok"], checks["generate-equals-plain"]["detail"]


def test_collection_steps_run_and_collected_values_equal_what_was_filled(small_run):
    report, _, round_folder = small_run
    for name in ("collect", "recollect"):
        assert report["steps"][name]["available"] and report["steps"][name]["seconds"] > 0
    assert report["steps"]["collect"]["baseline_seconds"] > 0, "the pandas loop ran in the same run"
    assert report["steps"]["collect"]["floor_seconds"] > 0, "the floor ran in the same run"
    assert report["steps"]["collect"]["record_floor_seconds"] > 0, "the floor with the record ran too"
    kept = round_folder / "floor-archive"
    assert len(list(kept.glob("*.xlsx"))) == 24, "the floor with the record kept a copy of every file"
    assert len((kept / "journal.jsonl").read_text(encoding="utf-8").splitlines()) == 24
    assert len(json.loads((round_folder / "filled.json").read_text(encoding="utf-8"))) == 24
    checks = {check["check"]: check for check in report["checks"]}
    assert checks["store-equals-filled"]["ok"], checks["store-equals-filled"]["detail"]


def test_export_step_runs_and_exported_values_equal_what_was_filled(small_run):
    report, _, _ = small_run
    assert report["steps"]["rollup-export"]["available"]
    checks = {check["check"]: check for check in report["checks"]}
    assert checks["export-equals-filled"]["ok"], checks["export-equals-filled"]["detail"]


def test_every_check_passed_and_the_table_is_printed(small_run):
    report, output, _ = small_run
    assert report["checks"], "no equality check ran"
    assert all(check["ok"] for check in report["checks"]), report["checks"]
    assert "Bước" in output and "Mục tiêu" in output
    for step in report["steps"].values():
        assert step["available"] or "not available" in step["note"] or "chưa" in step["note"]
