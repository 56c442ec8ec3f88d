"""A whole country in one round: xlqms against the naive way, at 3,321 communes (issue 8).

    python benchmarks/national.py                      # 34 provinces, 3,321 communes
    python benchmarks/national.py --units 200 --provinces 4 --keep --workdir /tmp/round
    python benchmarks/national.py --strict             # exit 1 when a target is missed

Steps: build campaign.xlsx (real provinces and communes from vietnam-provinces) → generate with
xlqms vs a per-unit openpyxl load-fill-save loop → fill every workbook as a commune would (openpyxl,
untimed, in parallel) → collect with xlqms vs pandas.read_excel(engine="calamine") over every file's
results sheet (one core) and vs the floor (hash every file + read its results sheet with calamine, two
processes) → re-collect with nothing new → roll-up + JSON export → report drafts (one per commune,
one per province). Each timed step runs in its own child process: its time is the wall time of that
process (interpreter start and imports included, as for a command) and its peak memory is the
largest total PSS of its process tree (workers included), sampled every 100 ms, or the largest
single process's peak RSS (VmHWM) when higher. Then equality checks: generated workbooks equal the
plain path's on a sample, collected values equal what the filler wrote, unit drafts filled into a
shared layout equal those rendered directly.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402

FULL_UNITS = 3321
MB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    seconds: float | None = None          # at most this long
    speedup: float | None = None          # at least this many times faster than the baseline
    megabytes: float = 600.0              # peak memory below this
    floor_ratio: float | None = None      # at most this many times the floor (what the work costs at least)


TARGETS = {
    "generate": Target(seconds=20, speedup=5),
    "collect": Target(seconds=10, speedup=1, floor_ratio=2),   # ahead of pandas+calamine, ≤ 2× the floor
    "recollect": Target(seconds=2),
    "rollup-export": Target(seconds=10),
    "report": Target(seconds=60),
}
LABELS = {
    "generate": "Sinh sổ (generate)",
    "collect": "Thu nhận lần đầu (collect)",
    "recollect": "Thu nhận lại, không có gì mới",
    "rollup-export": "Tổng hợp (.xlsx) + xuất JSON",
    "report": "Dự thảo báo cáo (.docx)",
}


@dataclass
class StepResult:
    name: str
    seconds: float | None = None          # wall time of the child process
    inside: float | None = None           # time of the library call inside it
    cpu: float | None = None              # CPU seconds (user + system) of the process and its workers
    peak_mb: float | None = None
    baseline_seconds: float | None = None
    baseline_peak_mb: float | None = None
    baseline_note: str = ""               # e.g. "extrapolated from 300 units"
    floor_seconds: float | None = None    # collect: hash + read the results sheet with calamine, 2 processes
    floor_cpu: float | None = None        # ... its CPU seconds (user + system, workers included)
    record_floor_seconds: float | None = None   # collect: the floor + the archive copy and journal line
    record_floor_cpu: float | None = None       # ... its CPU seconds
    baseline_cpu: float | None = None     # CPU seconds of the naive way (scaled like its time when extrapolated)
    available: bool = True
    note: str = ""
    detail: dict = field(default_factory=dict)


# --- child processes and their memory ------------------------------------------------------------

def _tree(pid: int) -> list[int]:
    """pid and all its live descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stream:
                stat = stream.read().decode(errors="replace")
            parent = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS now, peak RSS since exec = VmHWM) of a process, in KiB; (0, 0) when it is gone."""
    pss = hwm = 0
    try:
        with open(f"/proc/{pid}/status") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith("VmRSS:") and not pss:
                    pss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as stream:
            for line in stream:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
    except OSError:
        pass
    return pss, hwm


def own_peak_mb() -> float:
    """This process's peak resident memory since it started (VmHWM; ru_maxrss where /proc is absent).

    ru_maxrss is not used on Linux: after fork+exec it starts from the parent's size."""
    _, hwm = _memory_kb(os.getpid())
    if hwm:
        return hwm / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(step: str, workdir: Path, *extra: str) -> tuple[float, float, dict]:
    """Run ``national.py --child STEP`` in a new process: (wall seconds, peak MB, its JSON result)."""
    result_file = workdir / "steps" / f"{step}.json"
    result_file.parent.mkdir(parents=True, exist_ok=True)
    result_file.unlink(missing_ok=True)
    log = open(workdir / "steps" / f"{step}.log", "w")
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--workdir", str(workdir), *extra]
    sampling = os.path.isdir("/proc")
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=str(ROOT))
    peak_kb = [0]
    highest: dict[int, int] = {}
    done = threading.Event()

    def sample():
        while not done.is_set():
            total = 0
            for pid in _tree(process.pid):
                pss, hwm = _memory_kb(pid)
                total += pss
                highest[pid] = max(highest.get(pid, 0), hwm)
            peak_kb[0] = max(peak_kb[0], total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)     # CPU time of the child and its workers
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    if sampling:
        sampler.join()
    log.close()
    if process.returncode != 0 or not result_file.exists():
        tail = (workdir / "steps" / f"{step}.log").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"step {step} failed (exit {process.returncode}):\n{tail}")
    result = json.loads(result_file.read_text())
    # the whole tree at its largest (sampled), or the largest single process if that is more
    peak_mb = max(peak_kb[0] / 1024, max(highest.values(), default=0) / 1024, result.get("own_peak_mb", 0))
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return seconds, peak_mb, result


def _child(step: str, workdir: Path, argv: list[str]) -> None:
    """Inside the child process: run one step, write steps/STEP.json."""
    state = json.loads((workdir / "state.json").read_text())
    start = time.perf_counter()
    detail = CHILD_STEPS[step](workdir, state, argv)
    inside = time.perf_counter() - start
    (workdir / "steps" / f"{step}.json").write_text(json.dumps(
        {"inside": inside, "detail": detail, "own_peak_mb": own_peak_mb()}, default=str))


# --- what each child step does -------------------------------------------------------------------

def _campaign(state):
    from xlqms import read_campaign

    return read_campaign(state["campaign"])


def _step_generate(workdir, state, argv):
    from xlqms.generate import generate_workbooks

    campaign = _campaign(state)
    result = generate_workbooks(campaign, out_dir=state["generated"], force=True)
    return {"result": _summary(result)}


def _step_naive_generate(workdir, state, argv):
    units = [tuple(unit) for unit in state["naive_units"]]
    template_code, template_name, template_path = state["naive_template"]
    count = synthetic.naive_generate(template_path, (template_code, template_name), units, state["naive_out"])
    return {"units": count}


def _step_collect(workdir, state, argv):
    from xlqms.collect import collect

    result = collect(state["campaign"], [state["returned"]])
    return {"counts": dict(result.counts), "unchanged": result.unchanged, "files": len(result.outcomes)}


def _step_pandas(workdir, state, argv):
    paths = sorted(str(path) for path in Path(state["returned"]).glob("*.xlsx"))
    if state.get("pandas_sample"):
        paths = paths[: state["pandas_sample"]]
    return {"files": len(paths), "rows": synthetic.read_all_with_pandas(paths)}


def _step_floor(workdir, state, argv):
    paths = sorted(str(path) for path in Path(state["returned"]).glob("*.xlsx"))
    return {"files": len(paths), "rows": synthetic.floor_read(paths, workers=2)}


def _step_floor_record(workdir, state, argv):
    """The floor plus the record issue 15 asks for (archive copy + journal line per file), into a
    fresh folder like collect's own archive (the previous run's removed first)."""
    paths = sorted(str(path) for path in Path(state["returned"]).glob("*.xlsx"))
    return {"files": len(paths), "rows": synthetic.floor_with_record(paths, workdir / "floor-archive", workers=2)}


def _step_export(workdir, state, argv):
    """`xlqms export DIR --format json --out FILE`."""
    from xlqms.export import write_export

    return {"export": _summary(write_export(state["campaign"], "json", out=Path(state["export"])))}


def _step_rollup(workdir, state, argv):
    """`xlqms rollup DIR --out FILE.xlsx`: the consolidated workbook."""
    from xlqms.summary import build_rollup_workbook

    path, _ = build_rollup_workbook(state["campaign"], out=workdir / "tong-hop.xlsx")
    return {"workbook": str(path)}


def _step_report(workdir, state, argv):
    """`xlqms report DIR --out FOLDER --force`: every draft (one per commune that reported, one per province)."""
    from xlqms.report import reports_summary, write_reports

    paths = write_reports(state["campaign"], Path(state["reports"]), force=True)
    units, consolidated = reports_summary(paths)
    return {"units": units, "consolidated": consolidated}


CHILD_STEPS = {
    "generate": _step_generate,
    "naive-generate": _step_naive_generate,
    "collect": _step_collect,
    "recollect": _step_collect,
    "pandas": _step_pandas,
    "floor": _step_floor,
    "floor-record": _step_floor_record,
    "rollup": _step_rollup,
    "export": _step_export,
    "report": _step_report,
}


def _summary(result) -> object:
    """Something small and JSON-able about a library result (for the log, never for the checks)."""
    if result is None or isinstance(result, (str, int, float, bool)):
        return result
    if isinstance(result, Path):
        return str(result)
    if isinstance(result, (list, tuple)):
        return {"items": len(result)}
    if hasattr(result, "__dataclass_fields__"):
        out = {}
        for name in result.__dataclass_fields__:
            value = getattr(result, name)
            out[name] = len(value) if isinstance(value, (list, tuple, dict)) else (
                value if isinstance(value, (str, int, float, bool, type(None))) else str(value)[:80])
        return out
    return str(result)[:200]


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


# --- the run -------------------------------------------------------------------------------------

def unit_files(folder: Path, codes) -> dict[str, Path]:
    """{unit code: workbook} for the .xlsx files of ``folder`` whose name begins with a unit code."""
    wanted = set(codes)
    found: dict[str, Path] = {}
    for path in sorted(Path(folder).rglob("*.xlsx")):
        match = re.match(r"[0-9A-Za-z._-]+?(?=$|[^0-9A-Za-z])", path.stem)
        code = match.group(0) if match else path.stem
        if code not in wanted:
            code = next((c for c in wanted if path.stem.startswith(c) and not path.stem[len(c):len(c) + 1].isalnum()), None)
        if code is not None and not path.name.startswith((".", "~")):
            found.setdefault(code, path)
    return found


def _fill_chunk(args):
    jobs, specs = args
    return synthetic.fill_many(jobs, specs)


def fill_all(files: dict[str, Path], returned: Path, specs, workers: int) -> dict[str, dict]:
    """Fill every generated workbook as its commune would, in parallel (setup: untimed)."""
    if returned.exists():
        shutil.rmtree(returned)
    returned.mkdir(parents=True)
    jobs = [(str(path), str(returned / path.name), code) for code, path in sorted(files.items())]
    size = max(1, min(50, len(jobs) // (workers * 4) or 1))
    chunks = [(jobs[i:i + size], specs) for i in range(0, len(jobs), size)]
    written: dict[str, dict] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_fill_chunk, chunks):
            written.update(part)
    return written


def spread_sample(items: list, count: int) -> list:
    """``count`` items spread evenly over ``items`` (all of them when count >= len)."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(options) -> dict:
    from xlqms import read_campaign
    from xlqms.numbers import format_number

    workdir = Path(options.workdir) if options.workdir else Path(tempfile.mkdtemp(prefix="xlqms-national-"))
    workdir.mkdir(parents=True, exist_ok=True)
    paths = {name: workdir / name for name in ("campaign", "generated", "returned", "naive", "plain")}
    for name in ("campaign", "generated", "naive", "plain", "steps"):
        shutil.rmtree(workdir / name, ignore_errors=True)
    report: dict = {"workdir": str(workdir), "steps": {}, "checks": [], "missing": []}
    steps: dict[str, StepResult] = {}

    log(f"Dựng đợt báo cáo toàn quốc trong {workdir} …")
    units = synthetic.national_units(options.units, options.provinces)
    synthetic.write_campaign(paths["campaign"], units)
    campaign = read_campaign(paths["campaign"])
    specs = synthetic.spec_by_code(campaign)
    communes = campaign.units_with_objectives()
    codes = [unit.code for unit in communes]
    provinces = [unit for unit in campaign.units if unit.parent is None]
    report["campaign"] = {"provinces": len(provinces), "communes": len(communes),
                          "objectives": len(campaign.objectives), "indicators": len(campaign.indicators)}
    log(f"  {len(provinces)} tỉnh, {len(communes)} xã/phường, {len(campaign.objectives)} mục tiêu, "
        f"{len(campaign.indicators)} chỉ tiêu")
    state = {"campaign": str(paths["campaign"]), "generated": str(paths["generated"]),
             "returned": str(paths["returned"]), "naive_out": str(paths["naive"]),
             "export": str(workdir / "export.json"), "reports": str(workdir / "bao_cao")}

    def save_state():
        (workdir / "state.json").write_text(json.dumps(state, ensure_ascii=False))

    save_state()
    files: dict[str, Path] = {}

    # 2. generation, xlqms vs the naive loop
    step = steps["generate"] = StepResult("generate")
    if available("xlqms.generate"):
        log("Sinh sổ bằng xlqms …")
        step.seconds, step.peak_mb, out = run_child("generate", workdir)
        step.inside, step.detail, step.cpu = out["inside"], out["detail"], out["cpu"]
        files = unit_files(paths["generated"], codes)
        log(f"  {len(files)} sổ trong {step.seconds:.1f} s")
        if len(files) != len(codes):
            report["checks"].append({"check": "generate-count", "ok": False,
                                     "detail": f"{len(files)} files for {len(codes)} units"})
        if files and not options.skip_baselines:
            template_code = codes[0]
            sample = spread_sample(communes, options.baseline_sample or len(communes))
            state["naive_template"] = [template_code, campaign.units[template_code].name, str(files[template_code])]
            state["naive_units"] = [[unit.code, unit.name] for unit in sample]
            save_state()
            log(f"Vòng lặp openpyxl thông thường trên {len(sample)} đơn vị …")
            wall, step.baseline_peak_mb, out = run_child("naive-generate", workdir)
            if len(sample) < len(communes):
                step.baseline_seconds = (wall - out["inside"]) + out["inside"] / len(sample) * len(communes)
                step.baseline_note = f"ngoại suy từ {len(sample)} đơn vị (extrapolated)"
            else:
                step.baseline_seconds = wall
            log(f"  {step.baseline_seconds:.1f} s {step.baseline_note}")
    else:
        step.available, step.note = False, "xlqms.generate chưa có (not available)"
        report["missing"].append("xlqms.generate")

    # 3. fill as communes would (untimed)
    written: dict[str, dict] = {}
    if files:
        log(f"Điền {len(files)} sổ như các xã (openpyxl, {options.workers} tiến trình, không tính giờ) …")
        start = time.perf_counter()
        written = fill_all(files, paths["returned"], specs, options.workers)
        (workdir / "filled.json").write_text(json.dumps(written, ensure_ascii=False))
        log(f"  xong trong {time.perf_counter() - start:.1f} s")

    # 4-5. collection, xlqms vs pandas; then again with nothing new
    step = steps["collect"] = StepResult("collect")
    again = steps["recollect"] = StepResult("recollect")
    if not written:
        for item in (step, again):
            item.available, item.note = False, "chưa có sổ để thu nhận (no workbooks)"
    elif available("xlqms.collect"):
        _fresh_store(paths["campaign"])
        log("Thu nhận lần đầu bằng xlqms (kho mới) …")
        step.seconds, step.peak_mb, out = run_child("collect", workdir)
        step.inside, step.detail, step.cpu = out["inside"], out["detail"], out["cpu"]
        log(f"  {step.seconds:.1f} s")
        if not options.skip_baselines:
            log("Sàn: băm mọi tệp + đọc trang Kết quả bằng calamine, 2 tiến trình …")
            step.floor_seconds, _, out = run_child("floor", workdir)
            step.floor_cpu = out["cpu"]
            log(f"  {step.floor_seconds:.1f} s")
            log("Sàn có lưu trữ: sàn + chép từng tệp vào kho lưu trữ và ghi nhật ký, như issue 15 yêu cầu …")
            shutil.rmtree(workdir / "floor-archive", ignore_errors=True)
            step.record_floor_seconds, _, out = run_child("floor-record", workdir)
            step.record_floor_cpu = out["cpu"]
            log(f"  {step.record_floor_seconds:.1f} s")
            count = len(written)
            sample = options.baseline_sample if options.baseline_sample and options.baseline_sample < count else 0
            state["pandas_sample"] = sample
            save_state()
            log(f"pandas.read_excel(engine='calamine') trên {sample or count} tệp …")
            wall, step.baseline_peak_mb, out = run_child("pandas", workdir)
            if sample:
                step.baseline_seconds = (wall - out["inside"]) + out["inside"] / sample * count
                step.baseline_note = f"ngoại suy từ {sample} tệp (extrapolated)"
            else:
                step.baseline_seconds = wall
            step.baseline_cpu = out["cpu"] * step.baseline_seconds / wall
            log(f"  {step.baseline_seconds:.1f} s {step.baseline_note}")
        log("Thu nhận lại, không có gì mới …")
        again.seconds, again.peak_mb, out = run_child("recollect", workdir)
        again.inside, again.detail, again.cpu = out["inside"], out["detail"], out["cpu"]
        log(f"  {again.seconds:.2f} s")
        report["checks"].append({
            "check": "recollect-skips-known-files",
            "ok": again.detail["unchanged"] == len(written) and again.detail["files"] == 0,
            "detail": f"lần đầu: {step.detail['counts']}; lần hai: {again.detail['unchanged']} tệp không đổi, "
                      f"{again.detail['files']} tệp đọc lại"})
    else:
        for item in (step, again):
            item.available, item.note = False, "xlqms.collect chưa có (not available)"
        report["missing"].append("xlqms.collect")

    # 6. roll-up + export
    step = steps["rollup-export"] = StepResult("rollup-export")
    if not steps["collect"].seconds:
        step.available, step.note = False, "chưa thu nhận (nothing collected)"
    elif available("xlqms.export"):
        parts = []
        if available("xlqms.summary"):
            parts.append(("rollup", "sổ tổng hợp .xlsx"))
        else:
            step.note = "xlqms.summary chưa có: chỉ đo xuất JSON (rollup workbook not available)"
        parts.append(("export", "xuất JSON"))
        step.seconds = step.cpu = step.inside = step.peak_mb = 0.0
        timings = []
        for child, label in parts:
            log(f"Tổng hợp: {label} …")
            seconds, peak, out = run_child(child, workdir)
            step.seconds += seconds
            step.cpu += out["cpu"]
            step.inside += out["inside"]
            step.peak_mb = max(step.peak_mb, peak)
            step.detail[child] = {"seconds": seconds, "peak_mb": peak, **out["detail"]}
            timings.append(f"{label} {format_number(round(seconds, 2))} s, {peak:.0f} MB")
            log(f"  {seconds:.2f} s")
        step.note = "; ".join(filter(None, [step.note, " + ".join(timings)]))
    else:
        step.available, step.note = False, "xlqms.export chưa có (not available)"
        report["missing"].append("xlqms.export")

    # 7. the report drafts
    step = steps["report"] = StepResult("report")
    if not steps["collect"].seconds:
        step.available, step.note = False, "chưa thu nhận (nothing collected)"
    elif available("xlqms.report"):
        log("Dự thảo báo cáo …")
        step.seconds, step.peak_mb, out = run_child("report", workdir)
        step.inside, step.detail, step.cpu = out["inside"], out["detail"], out["cpu"]
        step.note = f"{step.detail['units']} báo cáo đơn vị, {step.detail['consolidated']} báo cáo tổng hợp"
        log(f"  {step.seconds:.2f} s, {step.note}")
        report["checks"].append(check_reports(campaign, step.detail, Path(state["reports"]), options.check_sample))
    else:
        step.available, step.note = False, "xlqms.report chưa có (not available)"
        report["missing"].append("xlqms.report")

    # 9. equality checks
    if files:
        report["checks"].extend(check_generation(campaign, files, workdir, paths["plain"], options.check_sample))
    if written and steps["collect"].seconds:
        report["checks"].extend(check_collected(campaign, specs, written, workdir, options.check_sample))

    report["steps"] = {name: asdict(item) for name, item in steps.items()}
    if not options.keep and not options.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def _fresh_store(campaign_dir: Path) -> None:
    from xlqms import layout

    for name in (layout.STORE_FILE, layout.STORE_FILE + "-wal", layout.STORE_FILE + "-shm"):
        (campaign_dir / name).unlink(missing_ok=True)
    shutil.rmtree(campaign_dir / layout.ARCHIVE_DIR, ignore_errors=True)


# --- equality checks ------------------------------------------------------------------------------

def _generated_at(path: Path) -> str | None:
    """The generation timestamp written in a unit workbook's identity sheet."""
    from openpyxl import load_workbook

    from xlqms import layout

    book = load_workbook(path, read_only=True)
    try:
        if layout.IDENTITY_SHEET not in book.sheetnames:
            return None
        for key, value, *_ in book[layout.IDENTITY_SHEET].iter_rows(values_only=True):
            if key == layout.ID_GENERATED_AT:
                return value
    finally:
        book.close()
    return None


def check_generation(campaign, files: dict[str, Path], workdir: Path, plain_dir: Path, sample_size: int) -> list[dict]:
    """The fast workbooks equal those the plain openpyxl path builds (same timestamp), on a sample."""
    import xlqms.generate as generate

    builder = getattr(generate, "_build_workbook_plain", None) or getattr(generate, "build_workbook_plain", None)
    if builder is None:
        return [{"check": "generate-equals-plain", "ok": False,
                 "detail": "xlqms.generate has no plain builder to compare with (not available)"}]
    plain_dir.mkdir(parents=True, exist_ok=True)
    sample = spread_sample(sorted(files), sample_size)
    log(f"So sánh {len(sample)} sổ sinh nhanh với đường thông thường (openpyxl) …")
    differences: list[str] = []
    for code in sample:
        stamp = _generated_at(files[code])
        plain_path = plain_dir / files[code].name
        builder(campaign, campaign.units[code], stamp).save(plain_path)
        fast, slow = synthetic.workbook_snapshot(files[code]), synthetic.workbook_snapshot(plain_path)
        differences += [f"{code}: {item}" for item in synthetic.snapshot_differences(fast, slow)]
    return [{"check": "generate-equals-plain", "ok": not differences,
             "detail": (f"{len(sample)} đơn vị: giá trị, công thức, định dạng số, khóa ô, vùng gộp, "
                        "kiểm tra dữ liệu, định dạng có điều kiện, tên định nghĩa, thuộc tính tài liệu")
                       if not differences else "; ".join(differences[:8])}]


def _same(expected, got) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, str) or isinstance(got, str):
        return str(expected) == str(got)
    return abs(float(expected) - float(got)) <= 1e-9 * max(1.0, abs(float(expected)))


def expected_value(values: dict, percent: bool):
    """The number xlqms must compare with the target, from what the filler typed."""
    numerator, denominator, number, _, _ = synthetic.expected_reading(values)
    if numerator is not None and denominator:
        share = numerator / denominator
        return round(float(share * 100 if percent else share), 2)
    return None if number is None else round(float(number), 2)


def check_collected(campaign, specs, written: dict[str, dict], workdir: Path, sample_size: int) -> list[dict]:
    """What xlqms collected (store) and exported (JSON) equals what the filler wrote — every unit."""
    checks = []
    H = synthetic
    store_problems: list[str] = []
    if available("xlqms.store"):
        from xlqms.store import Store

        submissions = dict(Store(campaign.folder).accepted_submissions())
        missing = sorted(set(written) - set(submissions))
        if missing:
            store_problems.append(f"{len(missing)} đơn vị không có trong kho: {missing[:5]}")
        for code, values_by_indicator in written.items():
            submission = submissions.get(code)
            if submission is None:
                continue
            for indicator, values in values_by_indicator.items():
                entry = submission.entries.get(indicator)
                numerator, denominator, number, text, baseline = H.expected_reading(values)
                got = (None, None, None, None, None, "") if entry is None else (
                    entry.numerator, entry.denominator, entry.value, entry.passed, entry.baseline, entry.explanation or "")
                want = (numerator, denominator, number,
                        None if text is None else text == "Đạt", baseline, values.get(H.H_EXPLANATION, ""))
                if any(not _same(a, b) for a, b in zip(want, got)):
                    store_problems.append(f"{code}/{indicator}: ghi {want} — kho có {got}")
        checks.append({"check": "store-equals-filled", "ok": not store_problems,
                       "detail": f"{len(written)} đơn vị, mọi chỉ tiêu: Tử số, Mẫu số, Kết quả, Kết quả kỳ trước, Thuyết minh"
                       if not store_problems else "; ".join(store_problems[:6])})
    export_path = workdir / "export.json"
    if export_path.exists():
        data = json.loads(export_path.read_text())
        problems: list[str] = []
        units = {unit["code"]: unit for unit in data["units"]}
        for code, values_by_indicator in written.items():
            unit = units.get(code)
            if unit is None or not unit["submitted"]:
                problems.append(f"{code}: không có hoặc chưa nộp trong export")
                continue
            indicators = {ind["code"]: ind for obj in unit["objectives"] for ind in obj["indicators"]}
            for indicator, spec in specs.items():
                got = indicators.get(indicator)
                values = values_by_indicator.get(indicator, {})
                if got is None:
                    problems.append(f"{code}/{indicator}: thiếu trong export")
                    continue
                if spec.fill == "not_due":
                    ok = got["status"] == "not_due"
                elif spec.fill == "qualitative":
                    ok = got["passed"] == ({"Đạt": True, "Không đạt": False}.get(values.get(H.H_VALUE)))
                else:
                    ok = _same(expected_value(values, bool(got.get("percent"))), got["value"])
                    if not values:
                        ok = ok and got["status"] == "no_data"
                if not ok:
                    problems.append(f"{code}/{indicator}: ghi {values} — export có value={got['value']} "
                                    f"passed={got['passed']} status={got['status']}")
        parents = {entry["code"]: entry for entry in data.get("rollup", [])}
        for province in (unit for unit in campaign.units if unit.parent is None):
            below = [code for code in written if campaign.units[code].parent == province.code]
            entry = parents.get(province.code)
            if below and (entry is None or entry["units_submitted"] != len(below)):
                problems.append(f"rollup {province.code}: units_submitted "
                                f"{entry and entry['units_submitted']} != {len(below)}")
        checks.append({"check": "export-equals-filled", "ok": not problems,
                       "detail": f"{len(written)} đơn vị × {len(specs)} chỉ tiêu: giá trị so sánh, Đạt/Không đạt, "
                                 "Chưa đánh giá, Thiếu số liệu; số đơn vị đã nộp của từng tỉnh"
                       if not problems else "; ".join(problems[:6])})
    return checks


def check_reports(campaign, detail: dict, folder: Path, sample_size: int) -> dict:
    """One draft per commune that reported and one per province; on a sample, the drafts filled into a
    shared layout read exactly as those rendered one by one (python-docx)."""
    from docx import Document

    from xlqms.report import render_unit_report, report_file_name, unit_content
    from xlqms.round import load_round

    loaded = load_round(campaign.folder)
    reporting = [unit for unit in loaded.round_result.units if unit.expected and unit.submitted]
    parents = [parent for parent in loaded.rollup.parents if parent.units_expected]
    problems = []
    if (detail["units"], detail["consolidated"]) != (len(reporting), len(parents)):
        problems.append(f"{detail['units']} + {detail['consolidated']} dự thảo cho {len(reporting)} đơn vị đã nộp "
                        f"và {len(parents)} tỉnh")

    def text(document) -> list[str]:
        found = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            found += [cell.text for row in table.rows for cell in row.cells]
        return found

    sample = spread_sample(reporting, sample_size)
    for unit in sample:
        path = folder / report_file_name(unit.code, unit.name, campaign.period, campaign.year)
        direct = render_unit_report(unit_content(loaded.campaign, unit))
        if text(Document(str(path))) != text(direct):
            problems.append(f"{unit.code}: dự thảo khác bản dựng trực tiếp")
    return {"check": "report-equals-direct", "ok": not problems,
            "detail": f"{len(reporting)} báo cáo đơn vị, {len(parents)} báo cáo tổng hợp; {len(sample)} dự thảo giống "
                      "bản dựng trực tiếp bằng python-docx" if not problems else "; ".join(problems[:6])}


# --- the table ------------------------------------------------------------------------------------

def judge(name: str, step: dict) -> tuple[str, bool | None]:
    """(target text, met?) of a step; met is None when the step did not run."""
    target = TARGETS[name]
    parts = []
    if target.speedup:
        parts.append(f"≥{target.speedup:g}×")
    if target.floor_ratio:
        parts.append(f"≤{target.floor_ratio:g}× sàn")
    if target.seconds:
        parts.append(f"≤{target.seconds:g} s")
    parts.append(f"<{target.megabytes:g} MB")
    if not step["available"] or step["seconds"] is None:
        return " · ".join(parts), None
    ok = step["seconds"] <= target.seconds if target.seconds else True
    if target.speedup:
        ok = ok and step["baseline_seconds"] is not None and step["baseline_seconds"] / step["seconds"] >= target.speedup
    if target.floor_ratio:
        floor = step.get("floor_seconds")
        ok = ok and floor is not None and step["seconds"] <= target.floor_ratio * floor
    ok = ok and (step["peak_mb"] or 0) < target.megabytes
    return " · ".join(parts), ok


def targets_met(report: dict) -> bool:
    verdicts = [judge(name, step)[1] for name, step in report["steps"].items()]
    return all(verdict is True for verdict in verdicts) and all(check["ok"] for check in report["checks"])


def render(report: dict, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    from xlqms.numbers import format_number

    console = console or Console(width=None if sys.stdout.isatty() else 140)

    def number(value, digits=1):
        return "—" if value is None else format_number(round(value, digits))

    campaign = report.get("campaign", {})
    table = Table(title=f"xlqms — đợt báo cáo toàn quốc: {campaign.get('provinces')} tỉnh, "
                        f"{campaign.get('communes')} xã/phường, {campaign.get('indicators')} chỉ tiêu")
    for header in ("Bước", "xlqms (s)", "CPU (s)", "Cách thông thường (s)", "Nhanh hơn", "Bộ nhớ đỉnh (MB)",
                   "Mục tiêu", "Đạt?"):
        table.add_column(header, justify="right" if "(" in header or header == "Nhanh hơn" else "left")
    for name, step in report["steps"].items():
        target, ok = judge(name, step)
        if not step["available"]:
            table.add_row(LABELS[name], "không có", "—", "—", "—", "—", target, f"[yellow]{step['note']}[/yellow]")
            continue
        ratio = (step["baseline_seconds"] / step["seconds"]) if step["baseline_seconds"] and step["seconds"] else None
        baseline = number(step["baseline_seconds"])
        if step["baseline_note"]:
            baseline += " *"
        peak = number(step["peak_mb"], 0)
        if step["baseline_peak_mb"]:
            peak += f" ({number(step['baseline_peak_mb'], 0)})"
        table.add_row(LABELS[name], number(step["seconds"], 2), number(step["cpu"], 1), baseline,
                      "—" if ratio is None else f"{format_number(round(ratio, 1))}×", peak, target,
                      "[green]đạt[/green]" if ok else "[red]chưa đạt[/red]")
    console.print(table)
    notes = [f"* {step['baseline_note']}" for step in report["steps"].values() if step["baseline_note"]]
    for name, step in report["steps"].items():
        if step.get("floor_seconds") and step["seconds"]:
            notes.append(f"{LABELS[name]}: sàn (băm mọi tệp + đọc trang Kết quả bằng calamine, 2 tiến trình) "
                         f"{number(step['floor_seconds'], 2)} s; xlqms = "
                         f"{format_number(round(step['seconds'] / step['floor_seconds'], 2))}× sàn. Cách thông thường: "
                         "pandas.read_excel(sheet_name='Kết quả', engine='calamine') từng tệp, 1 tiến trình.")
            if step.get("record_floor_seconds"):
                notes.append(f"{LABELS[name]}: sàn có lưu trữ (sàn + chép từng tệp vào kho lưu trữ, tạm rồi đổi tên, "
                             f"và một dòng nhật ký mỗi tệp, fsync mỗi 200 tệp) "
                             f"{number(step['record_floor_seconds'], 2)} s, CPU "
                             f"{number(step.get('record_floor_cpu'), 2)} s; xlqms = "
                             f"{format_number(round(step['seconds'] / step['record_floor_seconds'], 2))}× sàn có lưu trữ.")
            if step.get("floor_cpu") and step.get("cpu"):
                pandas_cpu = (f", pandas {number(step['baseline_cpu'], 2)} s"
                              if step.get("baseline_cpu") else "")
                notes.append(f"{LABELS[name]}, CPU: xlqms {number(step['cpu'], 2)} s, sàn {number(step['floor_cpu'], 2)} s "
                             f"({format_number(round(step['cpu'] / step['floor_cpu'], 2))}× sàn){pandas_cpu}.")
    notes += [f"{LABELS[name]}: {step['note']}" for name, step in report["steps"].items()
              if step["note"] and step["available"]]
    notes.append("Thời gian: của cả tiến trình, kể cả khởi động Python và nạp thư viện; CPU: user + system của "
                 "tiến trình và các tiến trình con. Bộ nhớ: đỉnh của cả cây tiến trình (PSS); trong ngoặc: của "
                 "cách thông thường.")
    for note in notes:
        console.print(note, style="dim")
    for check in report["checks"]:
        mark = "[green]khớp[/green]" if check["ok"] else "[red]KHÔNG KHỚP[/red]"
        console.print(f"Kiểm tra {check['check']}: {mark} — {check['detail']}")
    for module in report["missing"]:
        console.print(f"[yellow]Chưa có {module}: bước tương ứng bị bỏ qua (not available).[/yellow]")
    console.print("[bold green]Tất cả mục tiêu đều đạt.[/bold green]" if targets_met(report)
                  else "[bold red]Có mục tiêu chưa đạt hoặc bước chưa chạy.[/bold red]")


def machine() -> str:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
        memory = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    except OSError:
        memory = 0
    load = f", tải trung bình lúc đầu {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    return (f"{os.cpu_count()} nhân, {model or 'CPU ?'}, RAM {memory / 1024 / 1024:.1f} GiB, "
            f"Python {sys.version.split()[0]}{load}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="xlqms national benchmark (issue 8): 34 provinces, 3,321 communes.")
    parser.add_argument("--units", type=int, default=FULL_UNITS, help="number of communes (default 3321: all)")
    parser.add_argument("--provinces", type=int, default=None, help="only the first N provinces (default all 34)")
    parser.add_argument("--workdir", help="where to build the round (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed or a check fails")
    parser.add_argument("--baseline-sample", type=int, default=0,
                        help="run the naive baselines on N units only and extrapolate (default: all units)")
    parser.add_argument("--skip-baselines", action="store_true", help="do not run the naive baselines")
    parser.add_argument("--check-sample", type=int, default=12,
                        help="generated workbooks compared with the plain path (collected values: every unit)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="processes for filling (setup)")
    parser.add_argument("--json-out", help="also write the results as JSON to this file")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = parse_args(argv)
    if options.child:
        _child(options.child, Path(options.workdir), argv or [])
        return 0
    started = time.perf_counter()
    where = machine()
    report = run(options)
    report["machine"] = where
    report["total_seconds"] = time.perf_counter() - started
    report["all_met"] = targets_met(report)
    if options.json_out:
        Path(options.json_out).write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    render(report)
    print(f"Máy: {report['machine']}; toàn bộ benchmark {report['total_seconds']:.0f} s")
    return 1 if options.strict and not report["all_met"] else 0


if __name__ == "__main__":
    sys.exit(main())
