"""Prove, in a real spreadsheet application, that a workbook's live verdict is the verdict collect records.

``verify_workbooks(folder)`` takes the unit workbooks of a campaign (``out/workbooks/*.xlsx``, or
freshly generated ones) and, for every indicator row of their Kết quả sheet, types a matrix of
inputs (:func:`xlqms.verify_trials.trials_for`: blank, 0, negative, levels and just either side, text numbers ``85,3``
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

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign, read_campaign
from xlqms.catalogue import Indicator
from xlqms.engines.base import Engine, EngineError, FillJob, get_engine
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
from xlqms.targets import Target
from xlqms.text import nfc
from xlqms.verify_trials import INPUT_HEADERS, Trial, shown_input, trials_for
from xlqms.xlsx_cells import split_reference

WORKBOOKS_SUBDIR = Path(layout.OUTPUT_DIR, layout.WORKBOOKS_DIR)
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
        return "; ".join(f"{header} {cell} = {shown_input(value)}" for header, cell, value in self.entered)

    def to_dict(self) -> dict:
        return {
            "workbook": self.workbook, "sheet": self.sheet, "cell": self.cell, "row": self.row,
            "indicator": self.indicator, "target": self.target, "expected": self.expected, "shown": self.shown,
            "note": self.note, "column": self.column,
            "entered": [{"header": h, "cell": c, "value": shown_input(v)} for h, c, v in self.entered],
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


