"""`xlqms demo`: two rounds on built-in sample data, as a secretary would live them.

The units are a real province's (the shipped Lai Châu list, see ``xlqms/data/SOURCES.md``), the
objectives the standard catalogue. The 6-month round: returns simulated the way communes really send
them — most good and on time, some late, some missing, some with typical mistakes (a percent typed
as text, a numerator larger than its denominator, words instead of a number), a renamed file, the
same file sent twice, a corrected file a week later, an Office lock file, one re-saved by LibreOffice
when it is installed — then collection, status, roll-up, export and the report drafts.

Then the annual round, made with ``xlqms init --previous`` (:func:`xlqms.scaffold.scaffold_campaign`):
three communes of the first round merged into one with a new code (sheet `Đơn vị cũ`), three
targets rewritten as changes "so với kỳ trước" without a baseline, so that the workbooks carry
locked baselines from the 6-month results (pooled for the merged commune), and the roll-up,
export and reports show previous values and changes. One commune overwrites its locked baseline
after unprotecting the sheet: the carried value is used, with a finding.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from xlqms import layout
from xlqms.campaign import Campaign, Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.catalogue import Indicator
from xlqms.codes import label_of
from xlqms.collect import collect
from xlqms.engines.libreoffice import LibreOfficeEngine, find_soffice
from xlqms.errors import OutputExistsError
from xlqms.export import write_export
from xlqms.generate import generate_workbooks
from xlqms.previous import load_previous
from xlqms.provinces import sample_units_path
from xlqms.report import write_reports
from xlqms.scaffold import new_campaign_id, read_units_file, scaffold_campaign, write_units_csv
from xlqms.spreadsheet import save_workbook_atomically
from xlqms.status import render, round_status, write_output
from xlqms.summary import build_rollup_workbook
from xlqms.targets import Kind, Target
from xlqms.trends import PreviousValues, carried_baseline
from xlqms.units import Unit

DEMO_SEED = 20250701
FIRST_ROUND_DIR = "dot-6-thang"
ANNUAL_ROUND_DIR = "dot-ca-nam"
ANNUAL_TARGETS = {
    # indicator code -> its annual target: a change against the 6-month result, no baseline in the text
    "MT02": "Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước",
    "MT03": "Tỷ lệ hài lòng tăng 0,5% so với kỳ trước",
    "MT09": "Tỷ lệ hồ sơ trực tuyến tăng 5% so với kỳ trước",
}
MERGED = 3
"""Communes of the first round merged into one for the annual round."""


@dataclass
class DemoResult:
    folder: Path
    campaign_folder: Path          # the 6-month round
    returns_folder: Path
    steps: list[tuple[str, str]] = field(default_factory=list)   # (what, where / summary)
    scenario: dict[str, list[str]] = field(default_factory=dict)  # unit codes per simulated case
    annual_folder: Path | None = None                             # the annual round, made with --previous
    annual_scenario: dict[str, list[str]] = field(default_factory=dict)
    merger: tuple[str, tuple[str, ...]] = ("", ())                # (new code, the old codes merged into it)


def run_demo(out_dir, force: bool = False, progress=None) -> DemoResult:
    """Play the 6-month round and the annual round after it into ``out_dir``; return where everything is."""

    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not force:
            raise OutputExistsError(
                f"Thư mục {out_dir} đã có dữ liệu: không ghi đè. Chọn thư mục khác hoặc thêm --force."
            )
        shutil.rmtree(out_dir)
    campaign_folder = out_dir / FIRST_ROUND_DIR
    returns_folder = out_dir / "ho-so-nhan-ve" / FIRST_ROUND_DIR
    result = DemoResult(out_dir, campaign_folder, returns_folder)

    def step(what, where):
        result.steps.append((what, str(where)))
        if progress:
            progress(what)

    year = dt.date.today().year - 1         # last year's rounds: both are over
    period = "6 tháng đầu năm"
    due = dt.date(year, 7, 15)
    units, _ = read_units_file(sample_units_path())
    root = next(unit for unit in units if unit.parent is None)
    settings = Settings(
        year=year, period=period, title=f"Kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm {year}",
        due_date=due, campaign_id=new_campaign_id(year, period),
        issuer=root.name, contact="Văn phòng UBND tỉnh — thư ký ISO (iso@example.gov.vn)",
    )
    write_campaign_workbook(campaign_folder / layout.CAMPAIGN_FILE, settings, units)
    campaign = read_campaign(campaign_folder)
    step("Đợt báo cáo (campaign.xlsx)", campaign.path)

    generated = generate_workbooks(campaign)
    step(f"Sổ báo cáo của {len(generated.rows)} đơn vị", generated.out_dir)

    result.scenario = simulate_returns(campaign, generated.files, returns_folder, due)
    step("Hồ sơ các đơn vị gửi về (mô phỏng)", returns_folder)

    report = collect(campaign_folder, [returns_folder], campaign=campaign)

    counts = ", ".join(f"{label_of(state).lower()}: {count}"
                       for state, count in sorted(report.counts.items()))
    step(f"Thu nhận {len(report.outcomes)} tệp ({counts})", campaign_folder / layout.ARCHIVE_DIR)


    status_path = campaign_folder / layout.OUTPUT_DIR / "tinh_hinh_nop.csv"
    write_output(render(round_status(campaign_folder), "csv"), status_path)
    step("Tình hình nộp báo cáo (đơn vị cần nhắc)", status_path)


    rollup_path, _ = build_rollup_workbook(campaign_folder)
    step("Bảng tổng hợp (Excel)", rollup_path)

    for fmt in ("json", "csv"):
        path = campaign_folder / layout.OUTPUT_DIR / f"ket_qua.{fmt}"
        write_export(campaign_folder, fmt, out=path)
        step(f"Dữ liệu xuất ({fmt.upper()})", path)


    reports = write_reports(campaign_folder)
    if reports:
        step(f"Dự thảo báo cáo ({len(reports)} tệp .docx)", reports[0].parent)
    play_annual_round(result, step)
    return result


# -------------------------------------------------------------------------------------------------
# The annual round, after the 6-month one


def play_annual_round(result: DemoResult, step) -> None:
    """The annual round made with --previous from the 6-month round, with a merger of communes."""
    first = read_campaign(result.campaign_folder)
    folder = result.folder / ANNUAL_ROUND_DIR
    returns = result.folder / "ho-so-nhan-ve" / ANNUAL_ROUND_DIR
    new_code, merged = merger_of(first, result.scenario)
    result.annual_folder, result.merger = folder, (new_code, merged)
    units = merged_units(first, new_code, merged)
    units_file = result.folder / "don_vi_ca_nam.csv"
    write_units_csv(units_file, units)
    scaffold_campaign(folder, units_file=units_file, previous=result.campaign_folder)
    units_file.unlink()
    secretary_edits(folder / layout.CAMPAIGN_FILE, dt.date(first.year + 1, 1, 15), merged, new_code)
    annual = read_campaign(folder)
    step(f"Đợt cả năm (xlqms init --previous; {len(merged)} xã sáp nhập thành {new_code})", annual.path)

    previous, _ = load_previous(annual)
    generated = generate_workbooks(annual, previous=previous)
    step(f"Sổ cả năm của {len(generated.rows)} đơn vị (kết quả kỳ trước mang sang, đã khóa)", generated.out_dir)
    assert annual.settings.due_date is not None   # set by secretary_edits
    result.annual_scenario = simulate_annual_returns(annual, previous, generated.files, returns,
                                                     annual.settings.due_date)
    report = collect(folder, [returns], campaign=annual)
    step(f"Thu nhận {len(report.outcomes)} tệp cả năm", folder / layout.ARCHIVE_DIR)
    rollup_path, _ = build_rollup_workbook(folder)
    step("Bảng tổng hợp cả năm (so với kỳ trước)", rollup_path)
    path = folder / layout.OUTPUT_DIR / "ket_qua.json"
    write_export(folder, "json", out=path)
    step("Dữ liệu xuất cả năm (JSON, có previous_value)", path)
    reports = write_reports(folder)
    if reports:
        step(f"Dự thảo báo cáo cả năm ({len(reports)} tệp .docx)", reports[0].parent)


def merger_of(campaign: Campaign, scenario: dict[str, list[str]]) -> tuple[str, tuple[str, ...]]:
    """The communes merged for the annual round (good returns in the first round, one parent) and the new code."""
    good = sorted(scenario.get("good", []))
    parent = campaign.units[good[0]].parent
    merged = tuple(code for code in good if campaign.units[code].parent == parent)[:MERGED]
    numbers = [int(unit.code) for unit in campaign.units if unit.code.isdigit()]
    width = max(len(unit.code) for unit in campaign.units)
    return str(max(numbers) + 1).zfill(width), merged


def merged_units(campaign: Campaign, new_code: str, merged: tuple[str, ...]) -> list[Unit]:
    """This round's units: the merged communes replaced by one, under the same parent, named after the first."""
    first = campaign.units[merged[0]]
    units = [Unit(u.code, u.name, u.level, u.parent) for u in campaign.units if u.code not in merged]
    return units + [Unit(new_code, first.name, first.level, first.parent)]


def secretary_edits(path: Path, due: dt.date, merged: tuple[str, ...], new_code: str) -> None:
    """What the secretary types into the new campaign.xlsx: the due date, this year's targets, the merger."""
    book = load_workbook(path)
    settings = book[layout.find_sheet(book.sheetnames, layout.SETTINGS_SHEET)]
    objectives = book[layout.find_sheet(book.sheetnames, layout.OBJECTIVES_SHEET)]
    old_units = book[layout.find_sheet(book.sheetnames, layout.OLD_UNITS_SHEET)]
    for row in settings.iter_rows():
        if row[0].value == layout.SETTING_DUE:
            row[1].value = due
    index, columns = layout.find_header_row(objectives.iter_rows(values_only=True), (layout.OBJ_NUMBER,),
                                            (layout.OBJ_CODE, layout.OBJ_TARGET))
    assert index is not None
    for row in objectives.iter_rows(min_row=index + 2):
        code = row[columns[layout.OBJ_CODE]].value
        if code in ANNUAL_TARGETS:
            row[columns[layout.OBJ_TARGET]].value = ANNUAL_TARGETS[code]
    index, columns = layout.find_header_row(old_units.iter_rows(values_only=True), layout.OLD_UNIT_COLUMNS)
    assert index is not None
    for offset, code in enumerate(merged, start=index + 2):
        old_units.cell(offset, columns[layout.OLD_UNIT_CODE] + 1).value = code
        old_units.cell(offset, columns[layout.UNIT_CODE] + 1).value = new_code
    save_workbook_atomically(book, path)


def simulate_annual_returns(campaign: Campaign, previous: PreviousValues | None, workbooks, folder: Path,
                            due: dt.date) -> dict[str, list[str]]:
    """The annual returns: most good, two missing, two late, one commune that overwrote a locked baseline."""
    rng = random.Random(DEMO_SEED + 1)
    folder.mkdir(parents=True, exist_ok=True)
    by_unit = {Path(path).name.split("_", 1)[0]: Path(path) for path in workbooks}
    parents = {unit.code for unit in campaign.units.parents()}
    codes = sorted(code for code in by_unit if code not in parents)
    rng.shuffle(codes)
    plan = dict(zip(codes, ["missing", "missing", "late", "late", "baseline_changed"]))
    scenario: dict[str, list[str]] = {name: [] for name in ("good", "missing", "late", "baseline_changed")}
    on_time = dt.datetime.combine(due, dt.time(9)) - dt.timedelta(days=2)
    for code in sorted(by_unit):
        case = plan.get(code, "good")
        scenario[case].append(code)
        if case == "missing":
            continue
        unit = campaign.units[code]
        values: dict[str, dict] = {}
        for objective in campaign.objectives_for(unit):
            for indicator in objective.indicators:
                if indicator.is_due(campaign.period):
                    before = previous.value(code, indicator.code) if previous is not None else None
                    values[indicator.code] = _annual_value(indicator, carried_baseline(indicator.target, before), rng)
        if case == "baseline_changed":
            changed = next((c for c in ANNUAL_TARGETS if c in values), None)
            if changed is not None:
                values[changed][layout.RESULT_BASELINE] = 50
        target = folder / by_unit[code].name
        fill_workbook(by_unit[code], target, values)
        _touch(target, on_time + dt.timedelta(days=8 if case == "late" else 0, hours=rng.randint(0, 40)))
    return scenario


def _annual_value(indicator: Indicator, baseline, rng: random.Random) -> dict:
    """A commune's annual value: against its carried baseline for a change target, else as in the first round."""
    target = indicator.target
    if baseline is None or target.low is None:
        return _value_for(target, rng)
    good = rng.random() < 0.75
    step = float(target.low) + (rng.uniform(0.1, 1.5) if good else -rng.uniform(0.2, 1.5))
    if not target.measures_percent:      # a relative change of a count or amount
        return {layout.RESULT_VALUE: round(float(baseline) * (1 + (step if target.direction == "increase" else -step)
                                                               / 100))}
    share = min(100.0, float(baseline) + (step if target.direction == "increase" else -step))
    denominator = rng.randint(60, 1600)
    return {layout.RESULT_NUMERATOR: min(denominator, round(denominator * share / 100)),
            layout.RESULT_DENOMINATOR: denominator}


# -------------------------------------------------------------------------------------------------
# Simulated returns


def simulate_returns(campaign: Campaign, workbooks, folder: Path, due: dt.date) -> dict[str, list[str]]:
    """Fill copies of the generated workbooks as communes would and drop them in ``folder``."""
    rng = random.Random(DEMO_SEED)
    folder.mkdir(parents=True, exist_ok=True)
    by_unit = {Path(path).name.split("_", 1)[0]: Path(path) for path in workbooks}
    codes = sorted(by_unit)
    rng.shuffle(codes)
    parents = {unit.code for unit in campaign.units.parents()}
    communes = [code for code in codes if code not in parents]
    scenario: dict[str, list[str]] = {name: [] for name in (
        "good", "late", "missing", "renamed", "duplicate", "corrected", "errors", "resaved", "formula_text",
    )}
    plan = {}
    special = ["missing", "missing", "missing", "late", "late", "late", "late", "renamed", "duplicate",
               "corrected", "errors", "errors", "resaved", "formula_text"]
    for code, case in zip(communes, special):
        plan[code] = case
    on_time = dt.datetime.combine(due, dt.time(9)) - dt.timedelta(days=3)
    late = dt.datetime.combine(due, dt.time(9)) + dt.timedelta(days=6)

    resave_queue: list[Path] = []
    for code in codes:
        case = plan.get(code, "good")
        scenario[case].append(code)
        if case == "missing":
            continue
        unit = campaign.units[code]
        source = by_unit[code]
        values = plausible_values(campaign, unit, rng)
        name = source.name
        if case == "renamed":
            name = "BC MTCL 6 thang (ban cuoi).xlsx"
        if case == "errors":
            values = with_typical_errors(values, rng)
        if case == "formula_text":
            first = next(iter(values))
            values[first] = {**values[first], layout.RESULT_EXPLANATION: "=HYPERLINK(\"http://x\";\"bấm vào đây\")"}
        if case == "corrected":
            wrong = with_typical_errors(values, rng)
            first_path = folder / f"lan1_{name}"
            fill_workbook(source, first_path, wrong)
            _touch(first_path, on_time - dt.timedelta(days=1))
            name = f"lan2_da_sua_{name}"
        target = folder / name
        fill_workbook(source, target, values)
        _touch(target, late if case == "late" else on_time + dt.timedelta(hours=rng.randint(0, 60)))
        if case == "duplicate":
            copy = folder / "gui_lai" / name
            copy.parent.mkdir(exist_ok=True)
            shutil.copy2(target, copy)
        if case == "resaved":
            resave_queue.append(target)
    # An Office lock file that came along in the zip, and a stray note.
    (folder / f"~${by_unit[codes[0]].name}").write_bytes(b"\x00" * 162)
    (folder / "ghi_chu.txt").write_text("Danh sách đơn vị đã gửi qua thư điện tử.\n", encoding="utf-8")
    _resave_with_libreoffice(resave_queue, folder, on_time)
    return scenario


def plausible_values(campaign: Campaign, unit, rng: random.Random) -> dict[str, dict]:
    """Values a commune would type for each due indicator: mostly met, some not."""
    values: dict[str, dict] = {}
    for objective in campaign.objectives_for(unit):
        for indicator in objective.indicators:
            if not indicator.is_due(campaign.period):
                continue
            values[indicator.code] = _value_for(indicator.target, rng)
    return values


def _value_for(target: Target, rng: random.Random) -> dict:
    good = rng.random() < 0.8
    if target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        return {layout.RESULT_VALUE: "Đạt" if good else "Không đạt"}
    assert target.low is not None   # every quantitative target of the catalogue has a level
    if target.kind is Kind.CHANGE:
        base = round(rng.uniform(90, 98), 1)
        step = float(target.low) + (0.3 if good else -0.5)
        now = base + step if target.direction == "increase" else base - step
        return {layout.RESULT_BASELINE: base, layout.RESULT_VALUE: round(now, 1)}
    if target.measures_percent:
        level = float(target.low)
        denominator = rng.randint(40, 1600)
        share = min(1.0, level / 100 + rng.uniform(0.005, 0.04)) if good else max(0.0, level / 100 - rng.uniform(0.02, 0.2))
        if level >= 100 and good:
            share = 1.0
        numerator = int(denominator * share)
        if good and numerator * 100 <= level * denominator and level < 100:
            numerator = min(denominator, numerator + 1)
        return {layout.RESULT_NUMERATOR: numerator, layout.RESULT_DENOMINATOR: denominator}
    level = float(target.low)
    return {layout.RESULT_VALUE: round(level * (rng.uniform(1.0, 1.2) if good else rng.uniform(0.7, 0.95)))}


def with_typical_errors(values: dict[str, dict], rng: random.Random) -> dict[str, dict]:
    """The mistakes of real rounds: a percent typed as text, num > den, words for a number."""
    broken = {code: dict(cells) for code, cells in values.items()}
    ratio_rows = [code for code, cells in broken.items() if layout.RESULT_NUMERATOR in cells]
    if ratio_rows:
        code = ratio_rows[0]
        cells = broken[code]
        cells[layout.RESULT_NUMERATOR] = cells[layout.RESULT_DENOMINATOR] + rng.randint(3, 40)
    if len(ratio_rows) > 1:
        code = ratio_rows[1]
        broken[code] = {layout.RESULT_VALUE: "khoảng chín mươi phần trăm",
                        layout.RESULT_EXPLANATION: "Chưa tổng hợp xong số liệu"}
    if len(ratio_rows) > 2:
        broken[ratio_rows[2]] = {layout.RESULT_VALUE: "96,5%"}
    return broken


def fill_workbook(source: Path, target: Path, values: dict[str, dict]) -> None:
    """Open a generated workbook with openpyxl, type the values into Kết quả, save as ``target``."""

    book = load_workbook(source)
    sheet = book[layout.find_sheet(book.sheetnames, layout.RESULTS_SHEET)]
    index, columns = layout.find_header_row(sheet.iter_rows(min_row=1, values_only=True), layout.RESULT_REQUIRED,
                                            layout.RESULT_COLUMNS)
    if index is None:
        raise ValueError(f"{source}: no Kết quả header row")
    header_row = index + 1
    for row in sheet.iter_rows(min_row=header_row + 1):
        code = row[columns[layout.RESULT_CODE]].value
        if code in values:
            for header, value in values[code].items():
                row[columns[header]].value = value
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def _touch(path: Path, when: dt.datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def _resave_with_libreoffice(paths: list[Path], folder: Path, when: dt.datetime) -> None:
    """Re-save returns as .ods through LibreOffice (when installed), as some communes do."""
    if not paths:
        return

    if not find_soffice():
        return
    staging = folder / ".chuyen_doi"
    try:
        engine = LibreOfficeEngine()
        converted = engine.convert(paths, staging, "ods")
        for original, new in zip(paths, converted):
            destination = folder / new.name
            shutil.move(str(new), destination)
            _touch(destination, when)
            original.unlink()
    except Exception:  # noqa: BLE001 - the demo goes on with the .xlsx if LibreOffice fails
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
