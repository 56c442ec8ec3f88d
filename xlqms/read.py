"""Read one returned unit workbook: who sent it (identity) and its Kết quả rows, as findings + entries.

``read_returned_file(data, name, campaign)`` never raises for anything inside the file. It runs
:mod:`xlqms.safety` first, then reads only the sheets it needs, cell by cell with bounded work
(:mod:`xlqms.sheet_cells`: .xlsx streamed, .ods streamed, .xls through xlrd):

* **Identity first**, never from the file name, in this order: the very hidden sheet ``_xlqms``
  (key/value rows); the defined names ``XLQMS_<KEY>`` and custom document properties
  ``xlqms_<key>``; last, the visible labels on Kết quả (``Mã đơn vị:`` …), with a WARNING
  ``identity-from-visible-cells``. A file with none of these is ``not-a-unit-workbook``. A file
  that the safety checks stop (a zip bomb, an XML entity, a file too large…) is still identified
  from its names and properties when these small parts can be read safely, so every rejection
  names the unit that sent it.
* **Extent from the cells present**: a sheet's ``<dimension>`` is never read. Cells with a value
  far outside the form are a WARNING ``cells-outside-form`` at their address; a sheet with more
  cells than a return can have is ``sheet-too-large`` (after the identity).
* **Every cell kind**: number formats (percent, date) for every file format, error values and
  formulas with no stored value (findings at their cell, :mod:`xlqms.validate`), TCVN3 / VNI text
  in any cell read (converted with a warning, or a warning that names the encoding).
* **A blank return** (the workbook sent back with no input filled) is verdict 'blank' with a
  ``blank-return`` finding: not a submission.
* **File-level errors reject the file** (verdict 'rejected'): every code whose disposition in
  :mod:`xlqms.codes` is "rejects" — safety errors, ``not-a-unit-workbook``, ``campaign-mismatch``,
  ``period-mismatch``, ``unknown-unit``, ``template-version-mismatch``, ``missing-sheet``,
  ``missing-header``, ``unreadable-file``.
* **Row and value errors** (``indicator-row-missing``, ``unknown-indicator``,
  ``duplicate-indicator-row``, ``missing-column`` and the value errors of :mod:`xlqms.validate`)
  make the verdict 'errors': the file needs correction; its rows without errors stay usable.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.catalogue import Indicator
from xlqms.codes import REJECTING_CODES, REVIEW_CODES
from xlqms.findings import Code, Finding, finding
from xlqms.identity import (
    Identity,
    file_name_unit_mismatch,
    identity_text,
    match_unit,
    peek_identity,
    peek_zip,
    visible_cells,
    visible_identity,
    visible_unit_mismatch,
)
from xlqms.identity_check import check_identity
from xlqms.ods_cells import OdsCells
from xlqms.read_stopped import exported_identity, packed_identity, unreadable, unrelated_export
from xlqms.results_table import (
    blank_to_none,
    find_results_header,
    is_blank_return,
    legacy_finding,
    percent_probe,
    results_focus,
    short_text,
)
from xlqms.safety import SPREADSHEET_EXTENSIONS, SafetyReport, check_bytes, password_protected
from xlqms.sheet_cells import FORM_COLUMNS, FORM_ROWS, MAX_CELLS, SheetCells, WorkbookCells
from xlqms.spreadsheet import cell_ref, is_blank, text_of
from xlqms.submission import Entry
from xlqms.text import header_key
from xlqms.validate import RawRow, validate_row
from xlqms.xls_cells import XlsCells
from xlqms.xlsx_cells import XlsxCells

REVIEW_WARNINGS = REVIEW_CODES   # the name scripts knew; the registry (xlqms.codes) defines it



@dataclass(frozen=True)
class ReadResult:
    """Everything read from one file. ``verdict``: 'clean', 'errors', 'rejected' or 'skipped'."""

    file: str
    verdict: str
    findings: tuple[Finding, ...] = ()
    identity: Identity | None = None
    unit_code: str | None = None          # a unit of this campaign the file belongs to, else None
    entries: dict[str, Entry] = field(default_factory=dict)   # every row read, errors included
    kind: str = ""                        # 'xlsx', 'ods', 'xls', … from the safety checks

    @property
    def claimed_unit(self) -> str:
        return self.identity.unit_code if self.identity else ""

    @property
    def clean_entries(self) -> dict[str, Entry]:
        """The entries with no error finding: what may be used."""
        flagged = {f.indicator for f in self.findings if f.is_error and f.indicator}
        return {code: entry for code, entry in self.entries.items() if code not in flagged}

    @property
    def needs_review(self) -> bool:
        return any(f.code in REVIEW_CODES for f in self.findings)


def read_returned_file(data: bytes, name: str, campaign: Campaign, safety: SafetyReport | None = None) -> ReadResult:
    """Check and read one returned file's bytes for ``campaign``; problems come back as findings."""
    safety = safety or check_bytes(data, name)
    if safety.skipped:
        return ReadResult(name, "skipped", safety.findings, kind=safety.kind)
    if not safety.readable:
        identity = (packed_identity(data) if safety.kind == "packed" else peek_identity(data)
                    or (exported_identity(data, name) if safety.kind == "export" else None))
        if identity is None and safety.kind == "export" and not data.startswith(b"PK") \
                and not name.lower().endswith(SPREADSHEET_EXTENSIONS):
            return ReadResult(name, "skipped", (unrelated_export(name),), kind="other")
        return rejected_with_identity(name, campaign, safety.findings, identity, safety.kind)
    reader = _Reader(data, name, campaign, safety)
    try:
        result = reader.read()
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        encrypted = exc.__class__.__name__ == "PasswordError" or "encrypted" in str(exc).lower()   # xlrd: FILEPASS
        problem = password_protected(name) if encrypted else unreadable(name, exc)
        identity = reader.identity
        unit_code = reader.unit_code if identity else None
        result = ReadResult(name, "rejected", tuple(reader.findings) + (problem,), identity, unit_code, kind=safety.kind)
    if result.verdict == "rejected" and result.identity is None and safety.kind != "xls":
        # rejected before its identity was read (a broken part, two sheets of one name…): still named by its
        # unit when its small name and property parts can be read
        return rejected_with_identity(name, campaign, result.findings, peek_identity(data), safety.kind)
    return result


def rejected_with_identity(name: str, campaign: Campaign, findings, identity: Identity | None, kind: str) -> ReadResult:
    """A file stopped before it could be read, with the unit it says it is from when that could be seen."""
    unit_code = match_unit(identity.unit_code, campaign.units) if identity else None
    return ReadResult(name, "rejected", tuple(findings), identity, unit_code, kind=kind)


def identify_oversized(path, campaign: Campaign, problem: Finding, name: str = "") -> ReadResult:
    """The rejection of a file too large to be read, with its identity peeked from the file on disk
    (the zip directory and its small name and property parts only; the file is never loaded).
    ``name`` is the name the file arrived under (default: the path's)."""
    path = Path(path)
    identity = None
    try:
        with zipfile.ZipFile(path) as archive:
            identity = peek_zip(archive)
    except Exception:  # noqa: BLE001 - not a zip, or a broken one: no identity
        identity = None
    return rejected_with_identity(name or path.name, campaign, (problem,), identity, "broken")


def duplicate_sheet_names(names: list[str], wanted: Iterable[str] | None = None) -> list[str]:
    """The sheet names that stand twice or more in ``names`` as xlqms finds sheets (case-insensitive, spacing
    ignored: :func:`xlqms.text.header_key`, as :func:`xlqms.layout.find_sheet`), each given once, in order;
    only those matching one of ``wanted`` (the sheets a reading looks up) when given: two sheets of the
    unit's own that xlqms never reads (“Ghi chú” and “Ghi  chú”, which Excel keeps apart) make no reading
    unsure."""
    keys = None if wanted is None else {header_key(name) for name in wanted}
    seen: dict[str, int] = {}
    for name in names:
        seen[header_key(name)] = seen.get(header_key(name), 0) + 1
    twice: list[str] = []
    for name in names:
        if keys is not None and header_key(name) not in keys:
            continue
        if seen[header_key(name)] > 1 and all(header_key(name) != header_key(other) for other in twice):
            twice.append(name)
    return twice


def open_workbook(data: bytes, kind: str, archive: zipfile.ZipFile | None = None) -> WorkbookCells:
    """The cell reader of ``kind`` ('xlsx', 'ods', 'xls', as :mod:`xlqms.safety` names them);
    ``archive``: ``data`` already opened as a zip (the safety checks' :attr:`SafetyReport.archive`)."""
    if kind == "xlsx" and archive is not None:
        return XlsxCells(archive)
    readers = {"xlsx": XlsxCells, "ods": OdsCells, "xls": XlsCells}
    if kind not in readers:
        raise ValueError(f"not a spreadsheet kind: {kind!r}")
    return readers[kind](data)


def verdict_of(findings) -> str:
    """'rejected' when a finding's code rejects the file (:data:`xlqms.codes.REJECTING_CODES`), 'errors'
    when a finding is an error (values need correction), else 'clean'."""
    if any(f.code in REJECTING_CODES for f in findings):
        return "rejected"
    return "errors" if any(f.is_error for f in findings) else "clean"


def read_returned_path(path, campaign: Campaign) -> ReadResult:
    """:func:`read_returned_file` on a file on disk (convenience for scripts and tests)."""
    path = Path(path)
    return read_returned_file(path.read_bytes(), path.name, campaign)


class _Reader:
    def __init__(self, data: bytes, name: str, campaign: Campaign, safety: SafetyReport):
        self.data = data
        self.name = name
        self.campaign = campaign
        self.safety = safety
        self.findings: list[Finding] = list(safety.findings)
        self.identity: Identity | None = None
        self.unit_code: str | None = None

    def _finish(self, entries=None, verdict: str | None = None) -> ReadResult:
        findings = tuple(self.findings)
        return ReadResult(self.name, verdict or verdict_of(findings), findings, self.identity, self.unit_code,
                          entries or {}, self.safety.kind)

    def _add(self, problem: Finding | None) -> None:
        if problem is not None:
            self.findings.append(problem)

    def _reject(self, code: Code, message: str, sheet=None, cell=None) -> ReadResult:
        self.findings.append(finding(code, message, file=self.name, sheet=sheet, cell=cell))
        return self._finish()

    def read(self) -> ReadResult:
        book = open_workbook(self.data, self.safety.kind, self.safety.archive)
        try:
            return self._read(book)
        finally:
            book.close()

    def _read(self, book: WorkbookCells) -> ReadResult:
        names = list(book.sheet_names)
        twice = duplicate_sheet_names(names, (layout.RESULT_VALUE, layout.IDENTITY_SHEET))
        if twice:
            return self._reject(
                Code.CORRUPT_FILE,
                f"Tệp hỏng: sổ có hai trang cùng tên “{twice[0]}” (hoặc tên chỉ khác nhau ở chữ hoa, chữ thường, "
                "khoảng trắng), nên không biết được trang nào là trang đơn vị đã điền. Đề nghị đơn vị giữ lại một "
                "trang, xóa trang thừa (hoặc dùng lại sổ xlqms đã gửi), lưu và gửi lại.",
                sheet=twice[0],
            )
        results_sheet = layout.find_sheet(names, layout.RESULT_VALUE)
        hidden_sheet = layout.find_sheet(names, layout.IDENTITY_SHEET)
        sheets = book.read_sheets([name for name in (hidden_sheet, results_sheet) if name],
                                  {results_sheet: results_focus} if results_sheet else None)
        results = sheets.get(results_sheet) if results_sheet else self._renamed_results(book, names, hidden_sheet)
        self.identity = self._identity(book, sheets.get(hidden_sheet) if hidden_sheet else None, results)
        if self.identity is None:
            if results is not None and results.too_large:
                return self._too_large(results)
            return self._reject(
                Code.NOT_A_UNIT_WORKBOOK,
                "Không phải sổ báo cáo do xlqms gửi (không có thông tin đơn vị, đợt, kỳ báo cáo). "
                "Đề nghị đơn vị điền vào đúng sổ xlqms đã gửi và gửi lại.",
            )
        self.unit_code = self._check_identity(self.identity)
        for sheet in (sheets.get(hidden_sheet) if hidden_sheet else None, results):
            if sheet is not None and sheet.conflicts:
                return self._reject(
                    Code.CORRUPT_FILE,
                    f"Tệp hỏng: ô {', '.join(sheet.conflicts[:3])} của trang “{sheet.name}” được ghi hai lần với hai nội "
                    "dung khác nhau, nên không biết được số liệu nào là số đơn vị đã nhập. Đề nghị đơn vị mở sổ bằng "
                    "Excel/LibreOffice, kiểm tra ô này, lưu lại và gửi lại.", sheet=sheet.name, cell=sheet.conflicts[0],
                )
        if results is not None and self.identity.source != "visible":
            self._add(visible_unit_mismatch(self.identity, results, self.campaign.units, self.name))
        if self.unit_code is not None:
            self._add(file_name_unit_mismatch(self.name, self.unit_code, self.campaign.units))
        if any(f.code in REJECTING_CODES for f in self.findings):
            return self._finish()
        if results is None:
            return self._reject(
                Code.MISSING_SHEET,
                f"Sổ không còn trang “{layout.RESULT_VALUE}”. Đề nghị đơn vị dùng lại đúng sổ xlqms đã gửi, "
                "không xóa hay đổi tên trang này.",
            )
        if results.too_large:
            return self._too_large(results)
        if results.unresolved:
            return self._reject(
                Code.UNREADABLE_FILE,
                f"Tệp hỏng: {results.unresolved} ô chữ của trang “{results.name}” trỏ tới phần chuỗi dùng chung "
                "(sharedStrings.xml) mà tệp không có, nên không đọc được tiêu đề và chữ. Đề nghị đơn vị mở sổ bằng "
                "Excel/LibreOffice, lưu lại và gửi lại.", sheet=results.name,
            )
        self._far_cells(results)
        assert self.unit_code is not None   # else a rejecting finding above
        unit = self.campaign.units[self.unit_code]
        indicators = [ind for objective in self.campaign.objectives_for(unit) for ind in objective.indicators]
        before = list(self.findings)
        entries = self._results(results, indicators)
        if entries is not None and is_blank_return(entries, self.findings):
            copied = self._filled_copy(book, names, (results.name, hidden_sheet), indicators, before)
            if copied is not None:
                return self._finish(copied)
            self.findings[:] = [f for f in self.findings if f.code not in (Code.MISSING_VALUE, Code.BASELINE_MISSING)]
            self.findings.append(finding(
                Code.BLANK_RETURN,
                f"Sổ gửi về chưa điền số liệu nào ({len(entries)} chỉ tiêu đều để trống): chưa tính là đã nộp. "
                "Đề nghị đơn vị điền kết quả vào sổ rồi gửi lại.", file=self.name, sheet=results.name,
            ))
            return self._finish(entries, "blank")
        return self._finish(entries)

    def _renamed_results(self, book: WorkbookCells, names: list[str], hidden: str | None) -> SheetCells | None:
        """The Kết quả sheet under another name: the sheet that holds its header row (a warning says so)."""
        known = {header_key(name) for name in (layout.GUIDE_SHEET, layout.UNIT_OBJECTIVES_SHEET, layout.LISTS_SHEET)}
        others = [name for name in names if name != hidden and header_key(name) not in known]
        for name, sheet in book.read_sheets(others).items():
            if find_results_header(sheet.rows)[0] is not None:
                self.findings.append(finding(
                    Code.RESULTS_SHEET_RENAMED,
                    f"Trang “{layout.RESULT_VALUE}” đã bị đổi tên thành “{name}”: xlqms tìm thấy nó theo dòng tiêu đề "
                    f"và đọc bình thường. Lần sau giữ nguyên tên trang “{layout.RESULT_VALUE}”.",
                    file=self.name, sheet=name,
                ))
                return sheet
        return None

    def _filled_copy(self, book: WorkbookCells, names: list[str], used: tuple, indicators: list[Indicator],
                     before: list[Finding]) -> dict[str, Entry] | None:
        """The entries of another sheet holding the Kết quả table filled in, when Kết quả itself came
        back blank (the unit copied the sheet — Excel names the copy “Kết quả (2)” — and filled the
        copy); a warning names the sheet read. None when no other sheet holds filled results (the
        findings are then those of the blank Kết quả)."""
        known = {header_key(name) for name in (layout.GUIDE_SHEET, layout.UNIT_OBJECTIVES_SHEET, layout.LISTS_SHEET,
                                               layout.CALC_SHEET)}
        others = [name for name in names if name not in used and header_key(name) not in known]
        blank_findings = list(self.findings)
        claimed = self.identity.unit_code.lstrip("0") if self.identity else ""
        for name, sheet in book.read_sheets(others).items():
            if sheet.too_large or find_results_header(sheet.rows)[0] is None:
                continue
            shown = visible_identity(sheet.rows).get(layout.ID_UNIT_CODE, "")
            if shown and shown.lstrip("0") != claimed:
                continue                 # another unit's sheet copied in: never this unit's figures
            self.findings[:] = before
            entries = self._results(sheet, indicators)
            if entries is not None and not is_blank_return(entries, self.findings):
                self.findings.append(finding(
                    Code.RESULTS_IN_COPIED_SHEET,
                    f"Trang “{layout.RESULT_VALUE}” để trống, số liệu điền ở trang “{name}” (bản sao của trang "
                    f"{layout.RESULT_VALUE}): xlqms đọc số liệu ở trang “{name}”. Kiểm tra lại; lần sau điền thẳng vào "
                    f"trang “{layout.RESULT_VALUE}” và không chép trang.", file=self.name, sheet=name,
                ))
                self._far_cells(sheet)
                return entries
        self.findings[:] = blank_findings
        return None

    def _too_large(self, sheet: SheetCells) -> ReadResult:
        return self._reject(
            Code.SHEET_TOO_LARGE,
            f"Trang “{sheet.name}” có hơn {f'{MAX_CELLS:,}'.replace(',', '.')} ô dữ liệu, không phải sổ báo cáo "
            "xlqms gửi. Xóa các dòng, cột thừa (hoặc chép số liệu sang sổ mới) rồi gửi lại.", sheet=sheet.name,
        )

    def _far_cells(self, sheet: SheetCells) -> None:
        if not sheet.far_count:
            return
        shown = ", ".join(f"{address} (“{short_text(value)}”)" for address, value in sheet.far)
        more = f" và {sheet.far_count - len(sheet.far)} ô khác" if sheet.far_count > len(sheet.far) else ""
        self.findings.append(finding(
            Code.CELLS_OUTSIDE_FORM,
            f"Trang “{sheet.name}” có {sheet.far_count} ô có dữ liệu nằm xa ngoài biểu mẫu (quá dòng {FORM_ROWS:,} "
            f"hoặc cột {FORM_COLUMNS}): {shown}{more}. xlqms bỏ qua các ô này; xóa chúng khi sửa tệp lần sau."
            .replace(",", ".", 1), file=self.name, sheet=sheet.name, cell=sheet.far[0][0],
        ))

    # -- identity -------------------------------------------------------------------------------
    def _identity(self, book: WorkbookCells, hidden: SheetCells | None, results: SheetCells | None) -> Identity | None:
        values: dict[str, str] = {}
        source = ""
        if hidden is not None:
            keys = set(layout.IDENTITY_KEYS)
            for row in hidden.rows:
                if len(row) >= 2 and text_of(row[0]) in keys and not is_blank(row[1]):
                    values[text_of(row[0])] = identity_text(row[1])
            source = "sheet" if values else ""
        if not values.get(layout.ID_UNIT_CODE) or not values.get(layout.ID_CAMPAIGN):
            try:
                peeked = book.properties()
            except Exception:  # noqa: BLE001 - unreadable names or properties: the next fallback is used
                peeked = {}
            for key, value in peeked.items():
                values.setdefault(key, value)
            if peeked and not source:
                source = "properties"
        if not values.get(layout.ID_UNIT_CODE) and results is not None:
            results = self._whole(book, results)
            visible = visible_identity(results.rows)
            if visible.get(layout.ID_UNIT_CODE):
                for key, value in visible.items():
                    values.setdefault(key, value)
                source = "visible"
                self.findings.append(finding(
                    Code.IDENTITY_FROM_VISIBLE_CELLS,
                    "Phần nhận dạng ẩn của sổ đã mất (thường do lưu lại bằng ứng dụng khác): xlqms nhận đơn vị, kỳ "
                    f"theo các ô hiển thị (mã đơn vị {visible[layout.ID_UNIT_CODE]}). Kiểm tra lại đúng đơn vị; "
                    "sổ gửi (hoặc gửi lại) cần là sổ xlqms đã gửi, lưu bằng Excel hoặc LibreOffice dạng .xlsx.",
                    file=self.name, sheet=results.name,
                ))
                self._legacy_findings(results, visible_cells(results.rows))
        if not values.get(layout.ID_UNIT_CODE):
            return None
        return Identity(values, source)

    @staticmethod
    def _whole(book: WorkbookCells, sheet: SheetCells) -> SheetCells:
        """``sheet`` with every column of every row (read again when it was read with a column focus)."""
        if not sheet.focused:
            return sheet
        return book.read_sheets([sheet.name]).get(sheet.name, sheet)

    def _check_identity(self, identity: Identity) -> str | None:
        unit_code, problems = check_identity(identity, self.campaign, self.name, self.findings)
        self.findings.extend(problems)
        return unit_code

    # -- Kết quả ---------------------------------------------------------------------------------
    def _results(self, cells: SheetCells, indicators: list[Indicator]) -> dict[str, Entry] | None:
        sheet, rows = cells.name, cells.rows
        header_index, columns = find_results_header(rows)
        if header_index is None:
            self.findings.append(finding(
                Code.MISSING_HEADER,
                f"Không tìm thấy dòng tiêu đề ({', '.join(layout.RESULT_REQUIRED)}) ở trang {sheet}. "
                "Đề nghị đơn vị giữ nguyên dòng tiêu đề của sổ xlqms đã gửi.", file=self.name, sheet=sheet,
            ))
            return None
        for header in layout.RESULT_REQUIRED:
            if header not in columns:
                self.findings.append(finding(
                    Code.MISSING_COLUMN, f"Thiếu cột “{header}” ở dòng tiêu đề — khôi phục cột này như sổ gốc.",
                    file=self.name, sheet=sheet, cell=f"{header_index + 1}:{header_index + 1}",
                ))
        expected = {header_key(ind.code): ind for ind in indicators}
        target_column = columns.get(layout.RESULT_TARGET)
        by_text: dict[str, list[str]] = {}
        for ind in indicators:
            by_text.setdefault(header_key(ind.text), []).append(ind.code)
        code_column = columns[layout.RESULT_CODE]
        wanted = [h for h in layout.RESULT_INPUT_COLUMNS if h in columns]
        seen: dict[str, str] = {}
        entries: dict[str, Entry] = {}
        probe = percent_probe(cells)
        coded = [i for i in range(header_index + 1, len(rows))
                 if code_column < len(rows[i]) and not is_blank(rows[i][code_column])]
        last_coded = coded[-1] if coded else header_index   # rows below it are the footer (signatures)
        for index in range(header_index + 1, last_coded + 1):
            row = rows[index]
            raw_code = row[code_column] if code_column < len(row) else None
            values = {h: blank_to_none(row[columns[h]]) if columns[h] < len(row) else None for h in wanted}
            code_cell = cell_ref(index, code_column)
            if is_blank(raw_code):
                if any(v is not None for k, v in values.items() if k != layout.RESULT_EXPLANATION):
                    self._row_error(Code.UNKNOWN_INDICATOR,
                                    "Dòng có số liệu nhưng không có Mã chỉ tiêu — không thêm dòng mới; nhập số liệu vào "
                                    "đúng dòng của chỉ tiêu", sheet, code_cell, None)
                continue
            code_text = text_of(raw_code)
            indicator = expected.get(header_key(code_text))
            if indicator is None:
                self._row_error(Code.UNKNOWN_INDICATOR,
                                f"Mã chỉ tiêu “{code_text}” không có trong sổ của đơn vị — giữ nguyên mã xlqms đã ghi "
                                f"({', '.join(ind.code for ind in indicators[:12])}{'…' if len(indicators) > 12 else ''})",
                                sheet, code_cell, None)
                continue
            if indicator.code in seen:
                self._row_error(Code.DUPLICATE_INDICATOR_ROW,
                                f"Chỉ tiêu {indicator.code} có hai dòng (dòng đầu ở ô {seen[indicator.code]}) — xóa dòng "
                                "thừa, mỗi chỉ tiêu một dòng", sheet, code_cell, indicator.code)
                continue
            seen[indicator.code] = code_cell
            references = {h: cell_ref(index, columns[h]) for h in wanted}
            references[layout.RESULT_CODE] = code_cell
            if cells.legacy:
                values = self._legacy_findings(cells, [(index, columns[h], h) for h in wanted], values, indicator.code)
            entry, findings = validate_row(indicator, RawRow(indicator.code, values, references), self.campaign.period,
                                           self.name, sheet, probe)
            self.findings.extend(findings)
            entries[indicator.code] = entry
            if target_column is not None and target_column < len(row):
                self._shifted_row(row[target_column], indicator, by_text, sheet, cell_ref(index, target_column))
        for indicator in indicators:
            if indicator.code not in seen:
                self._row_error(Code.INDICATOR_ROW_MISSING,
                                f"Thiếu dòng của chỉ tiêu {indicator.code} (“{indicator.text}”) — khôi phục dòng này "
                                "như sổ gốc và nhập kết quả", sheet, None, indicator.code)
        return entries

    def _shifted_row(self, shown, indicator: Indicator, by_text: dict[str, list[str]], sheet: str, cell: str) -> None:
        """An error when the row of ``indicator`` shows another indicator's target text in Chỉ tiêu: the
        table was sorted (or pasted) without its Mã chỉ tiêu column, so the row's figures may be another
        indicator's. A text edited into something no indicator has is left alone."""
        if not isinstance(shown, str) or not shown.strip():
            return
        key = header_key(shown)
        others = by_text.get(key, [])
        if key == header_key(indicator.text) or not others or indicator.code in others:
            return
        self._row_error(Code.ROW_VALUES_SHIFTED,
                        f"Dòng của chỉ tiêu {indicator.code} lại ghi chỉ tiêu “{short_text(shown)}” của chỉ tiêu "
                        f"{', '.join(others)}: có lẽ bảng đã bị sắp xếp hoặc chép dán mà không kèm cột Mã chỉ tiêu, số "
                        "liệu có thể đã lệch dòng — xlqms không dùng số liệu dòng này. Đặt lại số liệu đúng dòng của "
                        "từng mã chỉ tiêu rồi gửi lại", sheet, cell, indicator.code)

    def _row_error(self, code: Code, message: str, sheet: str, cell: str | None, indicator: str | None) -> None:
        self.findings.append(finding(code, message, file=self.name, sheet=sheet, cell=cell, indicator=indicator))

    def _legacy_findings(self, cells: SheetCells, places, values: dict | None = None, indicator: str | None = None):
        """Findings for TCVN3 / VNI text at ``places`` ((row, column, header)); a suspect text is left out of
        ``values`` (never carried into reports as mojibake). Returns ``values``."""
        if not cells.legacy:
            return values
        for row, column, header in places:
            legacy = cells.legacy.get((row, column))
            if legacy is None:
                continue
            self.findings.append(legacy_finding(legacy, self.name, cells.name, cell_ref(row, column), indicator))
            if values is not None and not legacy.converted and header == layout.RESULT_EXPLANATION:
                values[header] = None
        return values
