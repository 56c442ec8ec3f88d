"""Prove the generated workbooks' live verdicts agree with xlqms, in a real spreadsheet application.

``verify_workbooks(folder)`` takes the unit workbooks of a campaign (``out/workbooks/*.xlsx``, or
freshly generated ones), and for every indicator row of their Kết quả sheet types a table of test
values into the input cells — one filled copy per test case, every copy recalculated by the
application in one batch — reads what the verdict formula shows, and compares it with
:func:`xlqms.targets.evaluate`. The test values (:func:`trials_for`) are a pure function of the
target: blank, each level exactly and just either side, beyond the top of a range, ratios,
baselines for change targets, Đạt / Không đạt for qualitative targets.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign, read_campaign
from xlqms.catalogue import Indicator
from xlqms.engines.base import Engine, FillJob, get_engine
from xlqms.errors import XlqmsError
from xlqms.findings import Code, Finding, finding
from xlqms.generate import generate_workbooks
from xlqms.numbers import format_number, to_fraction
from xlqms.spreadsheet import cell_ref, read_sheet_rows, text_of
from xlqms.statuses import Status
from xlqms.targets import ChangeMode, Kind, Reading, Target, bounds_of, evaluate, parse_value
from xlqms.text import nfc

WORKBOOKS_SUBDIR = Path(layout.OUTPUT_DIR, layout.WORKBOOKS_DIR)
STEP = Fraction(1, 100)
"""How far 'just above' and 'just below' a level are."""

# Baselines used when a change target takes its baseline from Kết quả kỳ trước.
SAMPLE_BASELINES: dict[tuple[ChangeMode | None, str | None], Fraction] = {
    (ChangeMode.POINTS, "increase"): Fraction("90.5"),
    (ChangeMode.POINTS, "decrease"): Fraction(5),
    (ChangeMode.RELATIVE, "increase"): Fraction(120),
    (ChangeMode.RELATIVE, "decrease"): Fraction(120),
    (ChangeMode.ABSOLUTE, "increase"): Fraction(120),
    (ChangeMode.ABSOLUTE, "decrease"): Fraction(120),
}

INPUT_HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)


# ---------------------------------------------------------------------------------------------
# Test values: a pure function of the target


@dataclass(frozen=True)
class Trial:
    """The values typed into one row: Tử số, Mẫu số, Kết quả, Kết quả kỳ trước (None = blank)."""

    numerator: int | float | None = None
    denominator: int | float | None = None
    value: int | float | str | None = None
    baseline: int | float | None = None
    note: str = ""

    def inputs(self) -> dict[str, object]:
        """The values by contract header."""
        return dict(zip(INPUT_HEADERS, (self.numerator, self.denominator, self.value, self.baseline)))

    def reading(self) -> Reading:
        """The result as xlqms reads such a row (ratio first when Mẫu số is not 0, then Kết quả)."""
        numerator, denominator = _fraction(self.numerator), _fraction(self.denominator)
        if numerator is not None and denominator:
            return Reading(numerator=numerator, denominator=denominator)
        if isinstance(self.value, str):
            return parse_value(self.value)
        return Reading(number=_fraction(self.value))


def expected_status(target: Target, trial: Trial, due: bool = True) -> Status:
    """xlqms's own verdict for a row filled with ``trial``."""
    return evaluate(target, trial.reading(), baseline=_fraction(trial.baseline), due=due)


def trials_for(target: Target) -> tuple[Trial, ...]:
    """Test values for every status near the boundaries of ``target`` (pure, deterministic)."""
    unique: dict[tuple, Trial] = {}
    for trial in _all_trials(target):
        unique.setdefault((trial.numerator, trial.denominator, trial.value, trial.baseline), trial)
    return tuple(unique.values())


def _all_trials(target: Target) -> list[Trial]:
    if target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        return [
            Trial(note="để trống"),
            Trial(value="Đạt"),
            Trial(value="Không đạt"),
            Trial(value=" đạt ", note="chữ thường, có khoảng trắng"),
            Trial(value="KHÔNG ĐẠT", note="chữ hoa"),
            Trial(value="Chưa đạt"),
            Trial(value=95, note="số thay vì Đạt/Không đạt"),
        ]
    baseline = None
    trials: list[Trial] = []
    if target.needs_baseline and target.baseline is None:
        baseline = SAMPLE_BASELINES.get((target.change_mode, target.direction), Fraction(120))
    bounds = bounds_of(target, baseline)
    assert bounds is not None  # quantitative, with a baseline
    base = _plain(baseline)

    trials.append(Trial(baseline=base, note="để trống"))
    if target.needs_baseline and target.baseline is None:
        trials.append(Trial(value=_plain(bounds.level), note="thiếu Kết quả kỳ trước"))
    if target.kind is Kind.CHANGE and target.baseline is not None:
        trials.append(Trial(value=_plain(bounds.level), baseline=_plain(target.baseline + 7),
                            note="Kết quả kỳ trước khác mức cơ sở trong chỉ tiêu (chỉ tiêu thắng)"))

    if target.kind is Kind.RATIO:
        assert target.ratio is not None   # a ratio target has its N/M
        n, m = target.ratio
        for count, note in ((n, "đúng N"), (n - 1, "N - 1"), (m, "bằng M"), (0, "0")):
            if count >= 0:
                trials.append(Trial(value=count, note=f"Kết quả là số lượng trên {m}: {note}"))
        trials.append(Trial(numerator=n, denominator=m, note="Tử số/Mẫu số đúng mức"))
        if n > 0:
            trials.append(Trial(numerator=n - 1, denominator=m, note="Tử số/Mẫu số dưới mức"))
        trials.append(Trial(numerator=10 * n, denominator=10 * m, note="tỷ số bằng mức, số lớn"))
        trials.append(Trial(numerator=n, denominator=0, value=n, note="Mẫu số 0: dùng Kết quả"))
        return trials

    levels = [bounds.level]
    if bounds.exceed_level is not None and bounds.exceed_level != bounds.level:
        levels.append(bounds.exceed_level)
    for level in levels:
        name = "mức vượt" if level is bounds.exceed_level and len(levels) > 1 else "mức"
        if _short_decimal(level):
            trials.append(Trial(value=_plain(level), baseline=base, note=f"đúng {name}"))
        near = _rounded(level, 4)
        trials.append(Trial(value=_plain(near + STEP), baseline=base, note=f"ngay trên {name}"))
        trials.append(Trial(value=_plain(near - STEP), baseline=base, note=f"ngay dưới {name}"))
    top = max(levels)
    trials.append(Trial(value=0, baseline=base, note="0"))
    trials.append(Trial(value=_plain(_rounded(top * 2 + 10, 2)), baseline=base, note="rất cao"))

    # Tử số / Mẫu số: a percent from the ratio, or (for a count) the numerator itself.
    if target.measures_percent:
        scaled = bounds.level * 100
        if scaled.denominator == 1 and scaled > 0:
            trials.append(Trial(numerator=int(scaled), denominator=10000, baseline=base, note="Tử số/Mẫu số đúng mức"))
            trials.append(Trial(numerator=int(scaled) + 1, denominator=10000, baseline=base, note="Tử số/Mẫu số ngay trên mức"))
            trials.append(Trial(numerator=int(scaled) - 1, denominator=10000, baseline=base, note="Tử số/Mẫu số ngay dưới mức"))
        trials.append(Trial(numerator=1540, denominator=1587, baseline=base, note="1540/1587 (97,04%)"))
    else:
        count = int(_rounded(bounds.level, 0))
        trials.append(Trial(numerator=count, denominator=count + 10, baseline=base, note="Tử số là số lượng"))
    trials.append(Trial(numerator=1, denominator=0, value=_plain(near + STEP), baseline=base,
                        note="Mẫu số 0: dùng Kết quả"))
    trials.append(Trial(numerator=1, value=_plain(near - STEP), baseline=base, note="thiếu Mẫu số: dùng Kết quả"))
    return trials


def _fraction(value) -> Fraction | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return to_fraction(value)


def _plain(number: Fraction | None):
    """A value as it is typed into a cell: int when whole, else the nearest float."""
    if number is None:
        return None
    return int(number) if number.denominator == 1 else float(number)


def _rounded(number: Fraction, decimals: int) -> Fraction:
    return Fraction(round(number * 10**decimals), 10**decimals)


def _short_decimal(number: Fraction) -> bool:
    """Whether ``number`` is exactly a decimal of at most 6 places (so a cell can hold it exactly)."""
    return (number * 10**6).denominator == 1


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Mismatch:
    """A verdict formula that shows something other than xlqms's verdict."""

    workbook: str
    sheet: str
    cell: str                         # the verdict cell
    indicator: str
    target: str
    entered: tuple[tuple[str, str, object], ...]   # (header, A1, value) of each filled input
    expected: str
    shown: str
    note: str = ""

    def entered_text(self) -> str:
        if not self.entered:
            return "(để trống)"
        return "; ".join(f"{header} {cell} = {_show(value)}" for header, cell, value in self.entered)

    def to_dict(self) -> dict:
        return {
            "workbook": self.workbook, "sheet": self.sheet, "cell": self.cell, "indicator": self.indicator,
            "target": self.target, "expected": self.expected, "shown": self.shown, "note": self.note,
            "entered": [{"header": h, "cell": c, "value": v} for h, c, v in self.entered],
        }


@dataclass(frozen=True)
class IndicatorCheck:
    """One indicator row of one workbook: how many test values, how many disagreed."""

    workbook: str
    indicator: str
    target: str
    kind: str
    due: bool
    cell: str
    trials: int
    mismatches: int


@dataclass(frozen=True)
class VerifyReport:
    engine: str
    campaign: str
    workbooks: tuple[str, ...]
    checks: tuple[IndicatorCheck, ...]
    mismatches: tuple[Mismatch, ...]
    findings: tuple[Finding, ...] = ()
    generated: bool = False           # the workbooks were generated for this check
    copies: int = 0                   # filled copies recalculated

    @property
    def trials(self) -> int:
        return sum(check.trials for check in self.checks)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and not self.mismatches and not any(f.is_error for f in self.findings)

    def to_dict(self) -> dict:
        return {
            "ok": self.ok, "engine": self.engine, "campaign": self.campaign,
            "workbooks": list(self.workbooks), "generated": self.generated, "copies": self.copies,
            "trials": self.trials, "mismatch_count": len(self.mismatches),
            "checks": [check.__dict__ for check in self.checks],
            "mismatches": [m.to_dict() for m in self.mismatches],
            "findings": [f.to_dict() for f in self.findings],
        }


def _show(value) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, 6)
    return f"“{value}”"


# ---------------------------------------------------------------------------------------------
# Running it


@dataclass
class _Row:
    indicator: Indicator
    cells: dict[str, str]         # header -> A1
    verdict_cell: str
    trials: tuple[Trial, ...]


@dataclass
class _Book:
    path: Path
    sheet: str
    rows: list[_Row] = field(default_factory=list)


def verify_workbooks(campaign_folder, engine: str | Engine = "libreoffice", sample: int | None = None,
                     soffice: str | None = None, workbooks_dir=None,
                     progress: Callable[[str], None] | None = None) -> VerifyReport:
    """Check the live verdicts of a campaign's unit workbooks in a spreadsheet application."""
    say = progress or (lambda message: None)
    application = engine if isinstance(engine, Engine) else get_engine(engine, soffice=soffice)
    owns_engine = application is not engine
    try:

        campaign = read_campaign(campaign_folder)
        with tempfile.TemporaryDirectory(prefix="xlqms-verify-") as scratch:
            paths, generated = _workbooks(campaign, workbooks_dir, Path(scratch) / "generated", say)
            return _verify(campaign, paths, generated, application, sample, Path(scratch), say)
    finally:
        if owns_engine:
            application.close()


def _workbooks(campaign: Campaign, workbooks_dir, scratch: Path, say) -> tuple[list[Path], bool]:
    folder = Path(workbooks_dir) if workbooks_dir else campaign.folder / WORKBOOKS_SUBDIR
    found = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", ".")))
    if found:
        return found, False
    if workbooks_dir:
        raise XlqmsError(f"Không có tệp .xlsx nào trong {folder} để kiểm tra.")
    say(f"Chưa có sổ tính trong {folder}: tạo tạm để kiểm tra…")
    generate_workbooks(campaign, out_dir=scratch, force=True)
    found = sorted(scratch.rglob("*.xlsx"))
    if not found:
        raise XlqmsError("Không tạo được sổ tính nào để kiểm tra (đợt báo cáo không có đơn vị nào có chỉ tiêu?).")
    return found, True


def choose_sample(books: list[tuple[str, set[str]]], sample: int | None) -> list[int]:
    """Indexes of up to ``sample`` books, covering as many indicator codes as possible first."""
    if sample is None or sample >= len(books):
        return list(range(len(books)))
    chosen: list[int] = []
    covered: set[str] = set()
    while len(chosen) < sample:
        best = max((i for i in range(len(books)) if i not in chosen),
                   key=lambda i: (len(books[i][1] - covered), -i))
        chosen.append(best)
        covered |= books[best][1]
    return sorted(chosen)


def _verify(campaign: Campaign, paths, generated, application: Engine, sample, scratch: Path, say) -> VerifyReport:
    findings: list[Finding] = []
    books = [book for book in (_read_layout(path, campaign, findings) for path in paths) if book]
    chosen = [books[i] for i in choose_sample([(b.path.name, {r.indicator.code for r in b.rows}) for b in books], sample)]
    jobs, plan = [], []
    for book in chosen:
        copies = max((len(row.trials) for row in book.rows), default=0)
        for copy in range(copies):
            inputs = {}
            for row in book.rows:
                trial = row.trials[copy] if copy < len(row.trials) else Trial()
                for header, value in trial.inputs().items():
                    inputs[(book.sheet, row.cells[header])] = value
            out = scratch / "filled" / f"{book.path.stem}--{copy:03d}.xlsx"
            jobs.append(FillJob(book.path, out, inputs))
            plan.append((book, copy))
    say(f"{application.title}: tính lại {len(jobs)} bản sao của {len(chosen)} sổ tính…")
    outputs = application.fill_and_recalculate(jobs) if jobs else []

    mismatches: list[Mismatch] = []
    counts: dict[tuple[str, str], int] = {}
    for (book, copy), output in zip(plan, outputs):
        shown_cells = application.read_values(output, book.sheet, [row.verdict_cell for row in book.rows])
        for row in book.rows:
            if copy >= len(row.trials):
                continue
            trial = row.trials[copy]
            due = row.indicator.is_due(campaign.period)
            expected = expected_status(row.indicator.target, trial, due).label
            shown = nfc(shown_cells.get(row.verdict_cell))
            if shown != expected:
                key = (book.path.name, row.indicator.code)
                counts[key] = counts.get(key, 0) + 1
                entered = tuple((header, row.cells[header], value)
                                for header, value in trial.inputs().items() if value is not None)
                mismatches.append(Mismatch(book.path.name, book.sheet, row.verdict_cell, row.indicator.code,
                                           row.indicator.text, entered, expected, shown or "(trống)", trial.note))
    checks = tuple(
        IndicatorCheck(book.path.name, row.indicator.code, row.indicator.text, row.indicator.target.kind.value,
                       row.indicator.is_due(campaign.period), row.verdict_cell, len(row.trials),
                       counts.get((book.path.name, row.indicator.code), 0))
        for book in chosen for row in book.rows
    )
    if not checks:
        findings.append(finding(Code.VERIFY_NOTHING_CHECKED,
                              "Không có dòng chỉ tiêu nào để kiểm tra trong các sổ tính đã chọn."))
    return VerifyReport(application.name, campaign.id, tuple(b.path.name for b in chosen), checks,
                        tuple(mismatches), tuple(findings), generated, len(jobs))


def _read_layout(path: Path, campaign: Campaign, findings: list[Finding]) -> _Book | None:
    """Find the Kết quả sheet, its header row and the indicator rows, by names (never positions)."""


    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
        workbook.close()
    except Exception as exc:  # noqa: BLE001 - an unreadable file is a finding
        findings.append(finding(Code.UNREADABLE_FILE, f"Không đọc được tệp: {exc}", file=path.name))
        return None
    sheet = layout.find_sheet(names, layout.RESULTS_SHEET)
    if sheet is None:
        findings.append(finding(Code.MISSING_SHEET, f"Không có trang “{layout.RESULTS_SHEET}”.", file=path.name))
        return None
    rows = read_sheet_rows(path, sheet)
    wanted = (layout.RESULT_CODE, *INPUT_HEADERS, layout.RESULT_VERDICT)
    header_index, columns = layout.find_header_row(rows, wanted)
    if header_index is None:
        findings.append(finding(Code.MISSING_HEADER, f"Không tìm thấy dòng tiêu đề có “{layout.RESULT_CODE}” "
                              f"và “{layout.RESULT_VERDICT}”.", file=path.name, sheet=sheet))
        return None
    missing = [h for h in wanted if h not in columns]
    if missing:
        findings.append(finding(Code.MISSING_COLUMN, f"Thiếu cột {', '.join(missing)}.", file=path.name, sheet=sheet,
                              cell=cell_ref(header_index, 0)))
        return None
    known = {indicator.code: indicator for indicator in campaign.indicators}
    book = _Book(path, sheet)
    for row_index in range(header_index + 1, len(rows)):
        values = rows[row_index]
        code = text_of(values[columns[layout.RESULT_CODE]]) if columns[layout.RESULT_CODE] < len(values) else ""
        if not code:
            continue
        indicator = known.get(code)
        if indicator is None:
            findings.append(finding(Code.UNKNOWN_INDICATOR, f"Mã chỉ tiêu “{code}” không có trong campaign.xlsx; bỏ qua.",
                                    file=path.name, sheet=sheet, cell=cell_ref(row_index, columns[layout.RESULT_CODE])))
            continue
        cells = {header: cell_ref(row_index, columns[header]) for header in INPUT_HEADERS}
        book.rows.append(_Row(indicator, cells, cell_ref(row_index, columns[layout.RESULT_VERDICT]),
                              trials_for(indicator.target)))
    return book
