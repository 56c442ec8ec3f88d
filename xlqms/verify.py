"""Prove, in a real spreadsheet application, that a workbook's live verdict is the verdict collect records.

``verify_workbooks(folder)`` takes the unit workbooks of a campaign (``out/workbooks/*.xlsx``, or
freshly generated ones) and, for every indicator row of their Kết quả sheet, types a matrix of
inputs (:func:`trials_for`: blank, 0, negative, levels and just either side, text numbers ``85,3``
``1.540`` ``96,5 %``, the % key, a date, Đạt / Không đạt in NFD and capitals, Tử số > Mẫu số,
Mẫu số 0, 0/0, over 100%, huge, an achieved change…) — one filled copy per trial, every copy
recalculated by the application in one batch. Each copy is then read the way collect reads a
returned file (:func:`xlqms.validate.validate_row` on what the application saved, the cell's percent
format included) and judged as the export judges it (:func:`xlqms.attainment.evaluate_indicator`):
the verdict column must show that verdict, or, where collect records an error, that error
(:func:`xlqms.entry_rules.error_text`) and no verdict. Every disagreement is reported with its
workbook, row, cell and inputs; a copy the application fails on is a finding, and the run goes on.
A row the sheet leaves to collection (text typed in TCVN3 / VNI: “Sẽ đánh giá khi tổng hợp”) is
never a verdict; such rows are listed apart (``deferred``), not as disagreements. So are the rows
of the other expected difference (:data:`xlqms.row_expectation.EXPECTED_DIFFERENCES`: a formula typed
as text that only collect computes), listed as ``differences`` when the sheet shows exactly the
error it must — a sheet verdict where collect records an error is always a disagreement.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign, read_campaign
from xlqms.catalogue import Indicator
from xlqms.engines.base import Engine, EngineError, FillJob, Typed, get_engine
from xlqms.errors import XlqmsError
from xlqms.findings import Code, Finding, finding
from xlqms.formulas import LATER
from xlqms.generate import generate_workbooks
from xlqms.levels import needs_live_level
from xlqms.numbers import format_number, to_fraction
from xlqms.read import open_workbook, percent_probe
from xlqms.row_expectation import ExpectedRow, expected_row, progress_text
from xlqms.sheet_cells import SheetCells
from xlqms.spreadsheet import cell_ref, read_sheet_rows, text_of
from xlqms.targets import ChangeMode, Kind, Target, bounds_of
from xlqms.targets.values import magnitude
from xlqms.text import nfc
from xlqms.xlsx_cells import split_reference

WORKBOOKS_SUBDIR = Path(layout.OUTPUT_DIR, layout.WORKBOOKS_DIR)
STEP = Fraction(1, 100)
"""How far 'just above' and 'just below' a level are."""

INPUT_HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)

# Baselines typed into Kết quả kỳ trước when a change target takes its baseline from there.
SAMPLE_BASELINES: dict[tuple[ChangeMode | None, str | None], Fraction] = {
    (ChangeMode.POINTS, "increase"): Fraction("90.5"),
    (ChangeMode.POINTS, "decrease"): Fraction(5),
}
DEFAULT_BASELINE = Fraction(120)

NFD_PASSED, NFD_FAILED = (unicodedata.normalize("NFD", word) for word in ("Đạt", "Không đạt"))


# ---------------------------------------------------------------------------------------------
# The input matrix: a pure function of the target


@dataclass(frozen=True)
class Trial:
    """The values typed into one row — Tử số, Mẫu số, Kết quả, Kết quả kỳ trước (None: blank) — and
    what the trial is about. A value is a number, text, a date, a boolean or a :class:`Typed`."""

    numerator: object = None
    denominator: object = None
    value: object = None
    baseline: object = None
    note: str = ""

    def inputs(self) -> dict[str, object]:
        """The values by contract header."""
        return dict(zip(INPUT_HEADERS, (self.numerator, self.denominator, self.value, self.baseline)))

    def key(self) -> tuple:
        return tuple(_shown(value) for value in (self.numerator, self.denominator, self.value, self.baseline))


def trials_for(target: Target) -> tuple[Trial, ...]:
    """The inputs typed into a row of ``target``: every kind of thing a commune types (pure)."""
    unique: dict[tuple, Trial] = {}
    for trial in _all_trials(target):
        unique.setdefault(trial.key(), trial)
    return tuple(unique.values())


def _all_trials(target: Target) -> list[Trial]:
    if not target.is_quantitative:
        return _pass_fail_trials() + [
            Trial(value=95, note="số thay vì Đạt/Không đạt"), Trial(value="95", note="số dạng chữ"),
            Trial(value="17/18", note="tỷ số"), Trial(value="abc", note="chữ"), Trial(value="tăng 5%"),
            Trial(value=Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy"), note="ngày"),
            Trial(numerator=5, denominator=10, value="Đạt", note="Tử số/Mẫu số bị bỏ qua"),
            Trial(numerator=Typed(dt.datetime(2026, 9, 10), "dd/mm/yyyy"), value="Đạt", note="ngày ở Tử số"),
            Trial(value=Typed("=1/0", formula=True), note="công thức ra lỗi"),
            Trial(value="§¹t", note="Đạt gõ bằng bảng mã TCVN3"),
        ]
    base = _plain(_sample_baseline(target))
    bounds = bounds_of(target, _sample_baseline(target))
    assert bounds is not None      # quantitative, with a baseline
    trials = [Trial(baseline=base, note="để trống")]
    levels = [bounds.level] + ([bounds.exceed_level] if bounds.exceed_level not in (None, bounds.level) else [])
    values: list[Fraction] = []
    for level in levels:
        if _short_decimal(level):
            values.append(level)
        near = _rounded(level, 4)
        values += [near + STEP, near - STEP]
    for value in values:
        if value >= 0:
            trials.append(Trial(value=_plain(value), baseline=base, note="quanh mức"))
    level = _rounded(bounds.level, 2)
    trials += [
        Trial(value=format_number(level, 4), baseline=base, note="mức, số dạng chữ kiểu Việt Nam"),
        Trial(value=0, baseline=base, note="0"),
        Trial(value=-5, baseline=base, note="số âm"),
        Trial(value="85,3", baseline=base, note="chữ 85,3"),
        Trial(value="1.540", baseline=base, note="chữ 1.540"),
        Trial(value="96,5%", baseline=base, note="chữ 96,5%"),
        Trial(value="96,5\u00a0%", baseline=base, note="chữ 96,5 % (khoảng trắng không ngắt)"),
        Trial(value="  95.7 ", baseline=base, note="dấu chấm thập phân, khoảng trắng"),
        Trial(value="1 540", baseline=base, note="nhóm nghìn bằng khoảng trắng"),
        Trial(value="12,", baseline=base, note="dấu phẩy cuối"),
        Trial(value="+5", baseline=base, note="dấu +"),
        Trial(value="5‰", baseline=base, note="phần nghìn"),
        Trial(value=Typed(0.99, "0%"), baseline=base, note="gõ 99% (phím %)"),
        Trial(value=Typed(0.965, "0.00%"), baseline=base, note="gõ 96,50% (phím %)"),
        Trial(value=Typed(1.5, "0%"), baseline=base, note="gõ 150% (phím %)"),
        Trial(value=150, baseline=base, note="trên 100"),
        Trial(value=10 ** 15, baseline=base, note="rất lớn"),
        Trial(value="abc", baseline=base, note="chữ"),
        Trial(value=Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy"), baseline=base, note="ngày (gõ 1/5)"),
        Trial(value=NFD_PASSED, baseline=base, note="Đạt (NFD)"),
        Trial(value=True, baseline=base, note="TRUE"),
        Trial(value=Typed("=1540/15.87", formula=True), baseline=base, note="công thức gõ vào ô"),
        Trial(value=Typed("=1/0", formula=True), baseline=base, note="công thức ra lỗi #DIV/0!"),
        Trial(numerator=Typed(0.5, "0%"), denominator=1, baseline=base, note="Tử số gõ 50% (phím %)"),
        Trial(value="§¹t", baseline=base, note="chữ TCVN3"),
        Trial(value="17/18", baseline=base, note="tỷ số trong Kết quả"),
        Trial(value="5/0", baseline=base, note="tỷ số mẫu 0"),
        Trial(value="tăng 7,4%", baseline=base, note="mức tăng đạt được"),
        # Tử số / Mẫu số
        Trial(numerator=1540, denominator=1587, baseline=base, note="1540/1587 (97,04%)"),
        Trial(numerator=1286, denominator=1278, baseline=base, note="Tử số > Mẫu số"),
        Trial(numerator=5, denominator=0, baseline=base, note="Mẫu số 0"),
        Trial(numerator=0, denominator=0, baseline=base, note="0/0"),
        Trial(numerator=0, denominator=0, value=_plain(level), baseline=base, note="0/0 và Kết quả"),
        Trial(numerator=5, baseline=base, note="thiếu Mẫu số"),
        Trial(numerator=5, value=_plain(level), baseline=base, note="thiếu Mẫu số, có Kết quả"),
        Trial(numerator="1.540", denominator="1.587", baseline=base, note="Tử số, Mẫu số dạng chữ"),
        Trial(numerator=-1, denominator=10, baseline=base, note="Tử số âm"),
        Trial(numerator="abc", denominator=10, baseline=base, note="Tử số chữ"),
    ]
    trials += _level_ratios(target, bounds.level, base)
    if target.needs_baseline and target.baseline is None:
        trials += [
            Trial(value=_plain(level), note="thiếu Kết quả kỳ trước"),
            Trial(value=_plain(level), baseline=format_number(_sample_baseline(target) or 0, 4),
                  note="Kết quả kỳ trước dạng chữ"),
            Trial(value=_plain(level), baseline=-1, note="Kết quả kỳ trước âm"),
            Trial(value=_plain(level), baseline="abc", note="Kết quả kỳ trước chữ"),
            Trial(value="112%", note="tỷ lệ so với kỳ trước, dạng chữ"),
        ]
    if target.kind is Kind.CHANGE:
        trials += _achieved_changes(target, base)
    if target.kind is Kind.RATIO:
        assert target.ratio is not None
        n, m = target.ratio
        trials += [Trial(value=count, note=f"số lượng trên {m}") for count in (n, n - 1, m, m + 1) if count >= 0]
        trials.append(Trial(value="94,4%", note="tỷ lệ dạng chữ"))
    if target.kind is Kind.ZERO:
        trials += _pass_fail_trials() + [Trial(value=2, note="2 trường hợp"), Trial(value="0", note="0 dạng chữ")]
    factor = magnitude(target)
    if factor is not None:      # '1,5 triệu lượt' typed as 1.400.000, 1.500.000, and as 1,4
        for level in (bounds.level, bounds.level - STEP):
            trials.append(Trial(value=_plain(level * factor), note=f"gõ số đơn vị lẻ (× {format_number(factor)})"))
            trials.append(Trial(value=format_number(level * factor), note="số đơn vị lẻ dạng chữ"))
    return trials


def _pass_fail_trials() -> list[Trial]:
    return [
        Trial(note="để trống"), Trial(value="Đạt"), Trial(value="Không đạt"),
        Trial(value=" đạt ", note="chữ thường, khoảng trắng"), Trial(value="KHÔNG ĐẠT", note="chữ hoa"),
        Trial(value=NFD_PASSED, note="Đạt (NFD)"), Trial(value=NFD_FAILED, note="Không đạt (NFD)"),
        Trial(value="Đạt.", note="dấu chấm cuối"), Trial(value="x"), Trial(value="Chưa đạt"),
        Trial(value=True, note="TRUE"), Trial(value=False, note="FALSE"),
    ]


def _achieved_changes(target: Target, base) -> list[Trial]:
    assert target.low is not None and target.change_mode is not None
    verb = "tăng" if target.direction == "increase" else "giảm"
    other = "giảm" if verb == "tăng" else "tăng"
    amount = format_number(target.low, 4)
    above = format_number(target.low + STEP * 10, 4)
    below = format_number(max(target.low - STEP * 10, Fraction(0)), 4)
    unit = {ChangeMode.POINTS: " điểm %", ChangeMode.RELATIVE: "%", ChangeMode.ABSOLUTE: ""}[target.change_mode]
    if target.per_mille and target.change_mode is ChangeMode.POINTS:
        unit = " điểm ‰"
    return [
        Trial(value=f"{verb} {amount}{unit}", note="mức thay đổi đạt được, đúng mức"),
        Trial(value=f"{verb} {above}{unit}", note="mức thay đổi trên mức"),
        Trial(value=f"{verb} {below}{unit}", note="mức thay đổi dưới mức"),
        Trial(value=f"{other} {amount}{unit}", note="thay đổi ngược chiều"),
        Trial(value=f"{verb.upper()} THÊM {amount}{unit.upper()}", note="chữ hoa, “thêm”"),
        Trial(value=unicodedata.normalize("NFD", f"{verb} {amount}%"), note="NFD, dấu %"),
        Trial(value=f"{verb} {amount} điểm", note="điểm"),
        Trial(value=f"{verb} {amount}‰", note="phần nghìn"),
        Trial(value=f"{verb} {amount}", note="không đơn vị"),
        Trial(value=f"{verb} abc", note="không phải số"),
    ] + [Trial(value=f"{verb} {amount}{unit}", baseline=base, note="mức thay đổi và Kết quả kỳ trước")]


def _level_ratios(target: Target, level: Fraction, base) -> list[Trial]:
    """Tử số / Mẫu số exactly at the level and one case either side (a rate), or a count as Tử số."""
    if not (target.measures_percent or target.measures_per_mille):
        count = int(_rounded(level, 0))
        return [Trial(numerator=count, denominator=count + 10, baseline=base, note="Tử số là số lượng")]
    scale = target.ratio_scale
    exact = level * 10000 / scale
    if exact.denominator != 1 or exact <= 0 or exact > 10000:
        return []
    n = int(exact)
    return [Trial(numerator=count, denominator=10000, baseline=base, note=f"Tử số/Mẫu số {note}")
            for count, note in ((n, "đúng mức"), (n + 1, "ngay trên mức"), (n - 1, "ngay dưới mức"))
            if 0 <= count <= 10000]


def _sample_baseline(target: Target) -> Fraction | None:
    if not (target.needs_baseline and target.baseline is None):
        return None
    return SAMPLE_BASELINES.get((target.change_mode, target.direction), DEFAULT_BASELINE)


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
    """A verdict cell that shows something other than what collect records."""

    workbook: str
    sheet: str
    cell: str                         # the verdict cell
    indicator: str
    target: str
    entered: tuple[tuple[str, str, object], ...]   # (header, A1, value) of each filled input
    expected: str
    shown: str
    note: str = ""
    column: str = layout.RESULT_VERDICT   # the column that disagrees: the verdict, the value or the level

    @property
    def row(self) -> int:
        return int("".join(ch for ch in self.cell if ch.isdigit()) or 0)

    def entered_text(self) -> str:
        if not self.entered:
            return "(để trống)"
        return "; ".join(f"{header} {cell} = {_shown(value)}" for header, cell, value in self.entered)

    def to_dict(self) -> dict:
        return {
            "workbook": self.workbook, "sheet": self.sheet, "cell": self.cell, "row": self.row,
            "indicator": self.indicator, "target": self.target, "expected": self.expected, "shown": self.shown,
            "note": self.note, "column": self.column,
            "entered": [{"header": h, "cell": c, "value": _shown(v)} for h, c, v in self.entered],
        }


@dataclass(frozen=True)
class IndicatorCheck:
    """One indicator row of one workbook: how many trials, how many disagreed."""

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
    deferred: tuple[Mismatch, ...] = ()   # rows the sheet leaves to collection (formulas.LATER): never a verdict
    differences: tuple[Mismatch, ...] = ()   # expected differences (row_expectation.EXPECTED_DIFFERENCES): the
    #   sheet shows the error it must (``shown``), collect records ``expected``; ``note`` names the kind

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
            "deferred": [m.to_dict() for m in self.deferred],
            "expected_differences": [m.to_dict() for m in self.differences],
            "findings": [f.to_dict() for f in self.findings],
        }


def _shown(value) -> str:
    if value is None:
        return "(trống)"
    if isinstance(value, Typed):
        if value.formula:
            return f"công thức {value.value}"
        return f"{_shown(value.value)} [định dạng {value.number_format}]"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value, 6)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"


# ---------------------------------------------------------------------------------------------
# Running it


@dataclass
class _Row:
    indicator: Indicator
    cells: dict[str, str]         # header -> A1
    verdict_cell: str
    trials: tuple[Trial, ...]
    value_cell: str | None = None   # “Giá trị tính được”, when the sheet has it
    level_cell: str | None = None   # “Mức cần đạt”, when the sheet has it
    carried: Fraction | None = None  # the baseline carried from the previous round into Kết quả kỳ trước


@dataclass
class _Book:
    path: Path
    sheet: str
    rows: list[_Row] = field(default_factory=list)
    header_row: int = 0           # 0-based


TrialSource = Callable[[Target], Sequence[Trial]]


def verify_workbooks(campaign_folder, engine: str | Engine = "libreoffice", sample: int | None = None,
                     soffice: str | None = None, workbooks_dir=None,
                     progress: Callable[[str], None] | None = None, trials: TrialSource = trials_for) -> VerifyReport:
    """Check the live verdicts of a campaign's unit workbooks in a spreadsheet application.

    ``trials(target)`` gives the inputs typed into a row (default :func:`trials_for`). Rows of one
    workbook with the same target and period share its trials out between them (one copy then checks
    as many inputs as there are such rows). The verdict, and “Giá trị tính được” and “Mức cần đạt”
    where the sheet has them, are compared with :func:`xlqms.row_expectation.expected_row`."""
    say = progress or (lambda message: None)
    application = engine if isinstance(engine, Engine) else get_engine(engine, soffice=soffice)
    owns_engine = application is not engine
    try:
        campaign = read_campaign(campaign_folder)
        with tempfile.TemporaryDirectory(prefix="xlqms-verify-") as scratch:
            paths, generated = _workbooks(campaign, workbooks_dir, Path(scratch) / "generated", say)
            return _verify(campaign, paths, generated, application, sample, Path(scratch), say, trials)
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


def _verify(campaign: Campaign, paths, generated, application: Engine, sample, scratch: Path, say,
            trials: TrialSource) -> VerifyReport:
    findings: list[Finding] = []
    books = [book for book in (_read_layout(path, campaign, findings, trials) for path in paths) if book]
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
    outputs = application.fill_and_recalculate_each(jobs)

    mismatches: list[Mismatch] = []
    deferred: list[Mismatch] = []
    differences: list[Mismatch] = []
    counts: dict[tuple[str, str], int] = {}
    for (book, copy), output in zip(plan, outputs):
        if isinstance(output, EngineError):
            findings.append(finding(Code.VERIFY_COPY_FAILED,
                                    f"{application.title} không tính lại được bản sao số {copy + 1} của {book.path.name}: "
                                    f"{output} — các phép thử của bản sao này không được kiểm tra.",
                                    file=book.path.name, sheet=book.sheet))
            continue
        found, expected_differences = _compare_copy(campaign, book, copy, output)
        differences += expected_differences
        for mismatch in found:
            if mismatch.shown == LATER:      # left to collection, never a verdict: reported apart
                deferred.append(mismatch)
                continue
            counts[(book.path.name, mismatch.indicator)] = counts.get((book.path.name, mismatch.indicator), 0) + 1
            mismatches.append(mismatch)
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
                        tuple(mismatches), tuple(findings), generated, len(jobs), tuple(deferred),
                        tuple(differences))


def _compare_copy(campaign: Campaign, book: _Book, copy: int, output: Path) -> tuple[list[Mismatch], list[Mismatch]]:
    """Read a recalculated copy with collect's own cell reader (values, dates, error values, percent
    formats, TCVN3 / VNI text converted): every row whose live columns disagree with collect, and every
    row that shows an expected difference (:data:`xlqms.row_expectation.EXPECTED_DIFFERENCES`) as it must."""
    workbook = open_workbook(output.read_bytes(), "xlsx")
    try:
        cells = workbook.read_sheets([book.sheet])[book.sheet]
    finally:
        workbook.close()
    mismatches = []
    differences = []
    expectations = []
    for row in book.rows:
        raw = {header: _cell_value(cells, cell) for header, cell in row.cells.items()}
        expected = expected_row(row.indicator, raw, row.cells, campaign.period, percent_probe(cells), row.carried)
        deferred = _text_shown(_cell_value(cells, row.verdict_cell)) == LATER
        expectations.append(replace(expected, error=False) if deferred else expected)   # left to collection
        if copy >= len(row.trials):
            continue
        trial = row.trials[copy]
        entered = tuple((header, row.cells[header], value) for header, value in trial.inputs().items()
                        if value is not None)
        disagreements = _disagreements(row, expected, cells)
        for cell, wanted, seen, column in disagreements:
            mismatches.append(Mismatch(book.path.name, book.sheet, cell, row.indicator.code, row.indicator.text,
                                       entered, wanted, seen or "(trống)", trial.note, column))
        if expected.difference is not None and not disagreements:
            assert expected.collected is not None   # an expected difference says what collect records
            differences.append(Mismatch(book.path.name, book.sheet, row.verdict_cell, row.indicator.code,
                                        row.indicator.text, entered, expected.collected, expected.verdict,
                                        expected.difference))
    progress = _progress_cell(cells, book.header_row)
    if progress is not None:
        due = sum(row.indicator.is_due(campaign.period) for row in book.rows)
        line, (line_row, line_column) = progress_text(expectations, due), progress
        seen = _text_shown(cells.value(line_row, line_column))
        if seen != line:
            mismatches.append(Mismatch(book.path.name, book.sheet, cell_ref(line_row, line_column), "", "", (), line,
                                       seen, f"bản sao số {copy + 1}", PROGRESS_COLUMN))
    return mismatches, differences


PROGRESS_COLUMN = "Đã nhập"
"""The ``column`` of a :class:`Mismatch` about the line “Đã nhập 7/9 chỉ tiêu” above the table."""


def _progress_cell(cells: SheetCells, header_row: int) -> tuple[int, int] | None:
    """Where the line “Đã nhập …” is, above the header row (0-based row, column); None when the sheet has none."""
    for row in range(header_row):
        for column in range(40):
            value = cells.value(row, column)
            if isinstance(value, str) and value.startswith(PROGRESS_COLUMN + " "):
                return row, column
    return None


def _disagreements(row: _Row, expected: ExpectedRow, cells: SheetCells) -> list[tuple[str, str, str, str]]:
    """(cell, expected text, shown text, column) of each live column of ``row`` that is not what it must be."""
    found = []
    shown = _text_shown(_cell_value(cells, row.verdict_cell))
    if shown != expected.verdict:
        found.append((row.verdict_cell, expected.verdict, shown, layout.RESULT_VERDICT))
    if row.value_cell is not None:
        seen = _cell_value(cells, row.value_cell)
        if not _same_value(seen, expected.value):
            wanted = "(trống)" if expected.value is None else (
                expected.value if isinstance(expected.value, str) else format_number(expected.value, 6))
            found.append((row.value_cell, wanted, _shown_number(seen), layout.RESULT_COMPUTED))
    if row.level_cell is not None:
        level = _text_shown(_cell_value(cells, row.level_cell))
        if level != expected.level:
            found.append((row.level_cell, expected.level, level, layout.RESULT_LEVEL))
    return found


def _text_shown(value) -> str:
    return nfc(value) if isinstance(value, str) else str(value or "")


def _shown_number(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, 9)
    return _text_shown(value)


def _same_value(seen, wanted: Fraction | str | None) -> bool:
    """Whether “Giá trị tính được” shows ``wanted`` (a number within 10⁻⁹ of it, the text, or nothing)."""
    if wanted is None:
        return seen is None or seen == ""
    if isinstance(wanted, str):
        return isinstance(seen, str) and nfc(seen) == wanted
    if not isinstance(seen, (int, float)) or isinstance(seen, bool):
        return False
    return abs(Fraction(seen) - wanted) <= Fraction(1, 10 ** 9) * max(Fraction(1), abs(wanted))


def _cell_value(cells: SheetCells, reference: str):
    position = split_reference(reference)
    return cells.value(*position) if position is not None else None


def _read_layout(path: Path, campaign: Campaign, findings: list[Finding],
                 trials: TrialSource = trials_for) -> _Book | None:
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
    header_index, columns = layout.find_header_row(rows, wanted, (layout.RESULT_COMPUTED, layout.RESULT_LEVEL))
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
    book = _Book(path, sheet, header_row=header_index)
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
        shown = {header: cell_ref(row_index, columns[header]) if header in columns else None
                 for header in (layout.RESULT_COMPUTED, layout.RESULT_LEVEL)}
        book.rows.append(_Row(indicator, cells, cell_ref(row_index, columns[layout.RESULT_VERDICT]), (),
                              shown[layout.RESULT_COMPUTED], shown[layout.RESULT_LEVEL],
                              _carried(indicator, values, columns[layout.RESULT_BASELINE])))
    _share_trials(book.rows, campaign.period, trials)
    return book


def _carried(indicator: Indicator, values: list, column: int) -> Fraction | None:
    """The baseline the generator carried into Kết quả kỳ trước from the previous round: a number in
    that cell of the workbook as generated, on a row whose target takes its baseline from there."""
    target = indicator.target
    value = values[column] if column < len(values) else None
    if not (needs_live_level(target) and target.is_quantitative) or isinstance(value, bool) \
            or not isinstance(value, (int, float)):
        return None
    return to_fraction(value)


def _share_trials(rows: list[_Row], period: str, trials: TrialSource) -> None:
    """Give each row its trials: rows with the same target and period share their target's trials out."""
    groups: dict[tuple, list[_Row]] = {}
    for row in rows:
        groups.setdefault((row.indicator.target, row.indicator.is_due(period)), []).append(row)
    for group in groups.values():
        matrix = tuple(trials(group[0].indicator.target))
        for index, row in enumerate(group):
            row.trials = matrix[index::len(group)]


