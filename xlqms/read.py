"""Read one returned unit workbook: who sent it (identity) and its Kết quả rows, as findings + entries.

``read_returned_file(data, name, campaign)`` never raises for anything inside the file. It runs
:mod:`xlqms.safety` first, then reads with python-calamine only the sheets it needs:

* **Identity**, never from the file name, in this order: the very hidden sheet ``_xlqms``
  (key/value rows); the defined names ``XLQMS_<KEY>`` and custom document properties
  ``xlqms_<key>`` (one small zip+XML peek, defusedxml); last, the visible labels on Kết quả
  (``Mã đơn vị:`` …), with a WARNING ``identity-from-visible-cells``. A file with none of these is
  ``not-a-unit-workbook``.
* **File-level errors reject the file** (verdict 'rejected'): every code whose disposition in
  :mod:`xlqms.codes` is "rejects" — safety errors, ``not-a-unit-workbook``, ``campaign-mismatch``,
  ``period-mismatch``, ``unknown-unit``, ``template-version-mismatch``, ``missing-sheet``,
  ``missing-header``, ``unreadable-file``.
* **Row and value errors** (``indicator-row-missing``, ``unknown-indicator``,
  ``duplicate-indicator-row``, ``missing-column`` and the value errors of :mod:`xlqms.validate`)
  make the verdict 'errors': the file needs correction; its rows without errors stay usable.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml.ElementTree import fromstring
from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.catalogue import Indicator, canonical_period
from xlqms.codes import REJECTING_CODES, REVIEW_CODES
from xlqms.findings import Code, Finding, finding
from xlqms.safety import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, SafetyReport, check_bytes, password_protected
from xlqms.signature import check_signature
from xlqms.spreadsheet import cell_ref, is_blank, text_of
from xlqms.submission import Entry
from xlqms.text import header_key, nfc, same_name
from xlqms.validate import RawRow, validate_row

REVIEW_WARNINGS = REVIEW_CODES   # the name scripts knew; the registry (xlqms.codes) defines it

VISIBLE_LABELS = {
    layout.VISIBLE_UNIT_CODE_LABEL: layout.ID_UNIT_CODE,
    layout.VISIBLE_UNIT_LABEL: layout.ID_UNIT_NAME,
    layout.VISIBLE_PERIOD_LABEL: layout.ID_PERIOD,
    layout.VISIBLE_CAMPAIGN_LABEL: layout.ID_CAMPAIGN,
}


@dataclass(frozen=True)
class Identity:
    """Who and what a returned file says it is, and where that was read ('sheet', 'properties', 'visible')."""

    values: dict[str, str]
    source: str

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def unit_code(self) -> str:
        return self.get(layout.ID_UNIT_CODE)


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
        return ReadResult(name, "rejected", safety.findings, kind=safety.kind)
    try:
        return _Reader(data, name, campaign, safety).read()
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        if exc.__class__.__name__ == "PasswordError":
            return ReadResult(name, "rejected", safety.findings + (password_protected(name),), kind=safety.kind)
        return ReadResult(name, "rejected", safety.findings + (unreadable(name, exc),), kind=safety.kind)


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


def unreadable(name: str, exc: BaseException) -> Finding:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else exc.__class__.__name__
    return finding(
        Code.UNREADABLE_FILE,
        f"Không đọc được tệp ({detail}). Đề nghị đơn vị mở sổ bằng Excel/LibreOffice, lưu lại và gửi lại.",
        file=name,
    )


class _Reader:
    def __init__(self, data: bytes, name: str, campaign: Campaign, safety: SafetyReport):
        self.data = data
        self.name = name
        self.campaign = campaign
        self.safety = safety
        self.findings: list[Finding] = list(safety.findings)
        self._formats: PercentFormats | None = None

    def _finish(self, identity=None, unit_code=None, entries=None) -> ReadResult:
        findings = tuple(self.findings)
        return ReadResult(self.name, verdict_of(findings), findings, identity, unit_code, entries or {},
                          self.safety.kind)

    def _reject(self, code: Code, message: str, identity=None, unit_code=None, sheet=None, cell=None) -> ReadResult:
        self.findings.append(finding(code, message, file=self.name, sheet=sheet, cell=cell))
        return self._finish(identity, unit_code)

    def read(self) -> ReadResult:

        book = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
        try:
            return self._read(book)
        finally:
            book.close()

    def _sheet_rows(self, book, sheet_name: str) -> list[list] | None:
        sheet = book.get_sheet_by_name(sheet_name)
        if sheet.total_height > MAX_SHEET_ROWS or sheet.total_width > MAX_SHEET_COLUMNS:
            self.findings.append(finding(
                Code.SHEET_TOO_LARGE,
                f"Trang “{sheet_name}” quá lớn ({sheet.total_height} dòng × {sheet.total_width} cột). "
                "Xóa các dòng, cột thừa rồi gửi lại.", file=self.name, sheet=sheet_name,
            ))
            return None
        return sheet.to_python(skip_empty_area=False)

    def _read(self, book) -> ReadResult:
        names = list(book.sheet_names)
        results_sheet = layout.find_sheet(names, layout.RESULT_VALUE)
        results_rows = None
        if results_sheet is not None:
            results_rows = self._sheet_rows(book, results_sheet)
            if results_rows is None:
                return self._finish()
        identity = self._identity(book, names, results_rows)
        if identity is None:
            return self._reject(
                Code.NOT_A_UNIT_WORKBOOK,
                "Không phải sổ báo cáo do xlqms gửi (không có thông tin đơn vị, đợt, kỳ báo cáo). "
                "Đề nghị đơn vị điền vào đúng sổ xlqms đã gửi và gửi lại.",
            )
        unit_code = self._check_identity(identity)
        if any(f.code in REJECTING_CODES for f in self.findings):
            return self._finish(identity, unit_code)
        if results_sheet is None:
            return self._reject(
                Code.MISSING_SHEET,
                f"Sổ không còn trang “{layout.RESULT_VALUE}”. Đề nghị đơn vị dùng lại đúng sổ xlqms đã gửi, "
                "không xóa hay đổi tên trang này.", identity, unit_code,
            )
        assert unit_code is not None and results_rows is not None   # else a rejecting finding or the return above
        unit = self.campaign.units[unit_code]
        indicators = [ind for objective in self.campaign.objectives_for(unit) for ind in objective.indicators]
        entries = self._results(results_sheet, results_rows, indicators)
        return self._finish(identity, unit_code, entries)

    # -- identity -------------------------------------------------------------------------------
    def _identity(self, book, names, results_rows) -> Identity | None:
        values: dict[str, str] = {}
        source = ""
        hidden = layout.find_sheet(names, layout.IDENTITY_SHEET)
        if hidden is not None:
            rows = self._sheet_rows(book, hidden) or []
            keys = set(layout.IDENTITY_KEYS)
            for row in rows:
                if len(row) >= 2 and text_of(row[0]) in keys and not is_blank(row[1]):
                    values[text_of(row[0])] = _identity_text(row[1])
            source = "sheet" if values else ""
        if not values.get(layout.ID_UNIT_CODE) or not values.get(layout.ID_CAMPAIGN):
            peeked = peek_properties(self.data, self.safety.kind)
            for key, value in peeked.items():
                values.setdefault(key, value)
            if peeked and not source:
                source = "properties"
        if not values.get(layout.ID_UNIT_CODE) and results_rows:
            visible = visible_identity(results_rows)
            if visible.get(layout.ID_UNIT_CODE):
                for key, value in visible.items():
                    values.setdefault(key, value)
                source = "visible"
                self.findings.append(finding(
                    Code.IDENTITY_FROM_VISIBLE_CELLS,
                    "Phần nhận dạng ẩn của sổ đã mất (thường do lưu lại bằng ứng dụng khác): xlqms nhận đơn vị, kỳ "
                    f"theo các ô hiển thị (mã đơn vị {visible[layout.ID_UNIT_CODE]}). Kiểm tra lại đúng đơn vị; "
                    "lần sau dùng sổ xlqms đã gửi, lưu bằng Excel hoặc LibreOffice dạng .xlsx.",
                    file=self.name, sheet=layout.RESULT_VALUE,
                ))
        if not values.get(layout.ID_UNIT_CODE):
            return None
        return Identity(values, source)

    def _check_identity(self, identity: Identity) -> str | None:
        campaign = self.campaign
        claimed = identity.get(layout.ID_CAMPAIGN)
        if claimed and claimed != campaign.id:
            title = identity.get(layout.ID_CAMPAIGN_TITLE)
            self.findings.append(finding(
                Code.CAMPAIGN_MISMATCH,
                f"Sổ của đợt báo cáo khác (mã đợt {claimed}{', ' + title if title else ''}), không phải đợt "
                f"{campaign.id}. Đề nghị đơn vị điền vào sổ của đợt này và gửi lại.", file=self.name,
            ))
        period_text = identity.get(layout.ID_PERIOD)
        period = canonical_period(period_text) or canonical_period(re.sub(r"\s*(năm\s*)?\d{4}\s*$", "", period_text))
        year = identity.get(layout.ID_YEAR)
        if (period_text and period != campaign.period) or (year and year != str(campaign.year)):
            shown = " ".join(part for part in (period_text, year if year and year not in period_text else "") if part)
            self.findings.append(finding(
                Code.PERIOD_MISMATCH,
                f"Sổ của kỳ báo cáo khác ({shown}), không phải {campaign.period.lower()} {campaign.year}. "
                "Đề nghị đơn vị điền vào sổ của kỳ này và gửi lại.", file=self.name,
            ))
        version = identity.get(layout.ID_TEMPLATE_VERSION)
        if identity.source != "visible" and version != layout.TEMPLATE_VERSION:
            self.findings.append(finding(
                Code.TEMPLATE_VERSION_MISMATCH,
                f"Sổ theo mẫu cũ (phiên bản {version or 'không rõ'}, hiện dùng {layout.TEMPLATE_VERSION}). "
                "Đề nghị đơn vị chép số liệu sang sổ mới xlqms gửi và gửi lại.", file=self.name,
            ))
        code = identity.unit_code
        unit_code = code if code in campaign.units else _match_lost_zeros(code, campaign.units)
        if unit_code is None:
            self.findings.append(finding(
                Code.UNKNOWN_UNIT,
                f"Mã đơn vị “{code}”{' (' + identity.get(layout.ID_UNIT_NAME) + ')' if identity.get(layout.ID_UNIT_NAME) else ''}"
                " không có trong danh sách đơn vị của đợt này. Kiểm tra tệp có đúng của đơn vị mình quản lý không.",
                file=self.name,
            ))
        elif identity.get(layout.ID_UNIT_NAME) and not same_name(identity.get(layout.ID_UNIT_NAME),
                                                               campaign.units[unit_code].name):
            self.findings.append(finding(
                Code.UNIT_NAME_MISMATCH,
                f"Tên đơn vị trong sổ (“{identity.get(layout.ID_UNIT_NAME)}”) khác tên trong đợt "
                f"(“{campaign.units[unit_code].name}”) của mã {unit_code}: kiểm tra đúng đơn vị.", file=self.name,
            ))
        # -- issue 15: the identity must carry the campaign's signature (xlqms.signature) -----------
        signature_problem = None
        if unit_code is not None and not any(f.code in REJECTING_CODES for f in self.findings):
            signature_problem = check_signature(identity, campaign, self.name)   # a file of this round only
        if signature_problem is not None:
            self.findings.append(signature_problem)
            if signature_problem.code == Code.IDENTITY_FORGED:
                return None        # a forged file counts for no unit: the other unit's data stays untouched
        return unit_code

    # -- Kết quả ---------------------------------------------------------------------------------
    def _results(self, sheet: str, rows: list[list], indicators: list[Indicator]) -> dict[str, Entry] | None:
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
        code_column = columns[layout.RESULT_CODE]
        wanted = [h for h in layout.RESULT_INPUT_COLUMNS if h in columns]
        seen: dict[str, str] = {}
        entries: dict[str, Entry] = {}
        coded = [i for i in range(header_index + 1, len(rows))
                 if code_column < len(rows[i]) and not is_blank(rows[i][code_column])]
        last_coded = coded[-1] if coded else header_index   # rows below it are the footer (signatures)
        for index in range(header_index + 1, last_coded + 1):
            row = rows[index]
            raw_code = row[code_column] if code_column < len(row) else None
            values = {h: _blank_to_none(row[columns[h]]) if columns[h] < len(row) else None for h in wanted}
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
            cells = {h: cell_ref(index, columns[h]) for h in wanted}
            cells[layout.RESULT_CODE] = code_cell
            entry, findings = validate_row(indicator, RawRow(indicator.code, values, cells), self.campaign.period,
                                           self.name, sheet, self._percent_probe(sheet))
            self.findings.extend(findings)
            entries[indicator.code] = entry
        for indicator in indicators:
            if indicator.code not in seen:
                self._row_error(Code.INDICATOR_ROW_MISSING,
                                f"Thiếu dòng của chỉ tiêu {indicator.code} (“{indicator.text}”) — khôi phục dòng này "
                                "như sổ gốc và nhập kết quả", sheet, None, indicator.code)
        return entries

    def _row_error(self, code: Code, message: str, sheet: str, cell: str | None, indicator: str | None) -> None:
        self.findings.append(finding(code, message, file=self.name, sheet=sheet, cell=cell, indicator=indicator))

    def _percent_probe(self, sheet: str):
        def probe(cell: str | None, raw) -> bool | None:
            if self._formats is None:
                self._formats = PercentFormats(self.data, self.safety.kind, sheet)
            return self._formats.is_percent(cell, raw)
        return probe


def find_results_header(rows: list[list]) -> tuple[int | None, dict[str, int]]:
    """The 0-based index of the Kết quả header row (found by its text) and the column of each header."""
    return layout.find_header_row(rows, layout.RESULT_REQUIRED, layout.RESULT_COLUMNS)


def visible_identity(rows: list[list]) -> dict[str, str]:
    """Identity from the visible labels above the header (value = next filled cell to the right)."""
    labels = {header_key(label).rstrip(":").strip(): key for label, key in VISIBLE_LABELS.items()}
    found: dict[str, str] = {}
    for row in rows[:layout.HEADER_SEARCH_ROWS]:
        for column, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            key = labels.get(header_key(value).rstrip(":").strip())
            if key is None or key in found:
                continue
            for right in row[column + 1:]:
                if not is_blank(right):
                    found[key] = _identity_text(right)
                    break
    return found


def _identity_text(value) -> str:
    return text_of(value) if not isinstance(value, str) else nfc(value)


def _blank_to_none(value):
    return None if is_blank(value) else value


def _match_lost_zeros(code: str, units) -> str | None:
    """A unit code that lost its leading zeros on the way ('4' for '00004'), when unique."""
    if not code or not code.isdigit():
        return None
    matches = [unit.code for unit in units if unit.code.isdigit() and unit.code.lstrip("0") == code.lstrip("0")]
    return matches[0] if len(matches) == 1 else None


# -- cheap zip + XML peeks (defusedxml) ---------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"


def _xml(archive: zipfile.ZipFile, member: str):

    try:
        return fromstring(archive.read(member))
    except KeyError:
        return None


def peek_properties(data: bytes, kind: str) -> dict[str, str]:
    """Identity from defined names ``XLQMS_<KEY>`` and custom properties ``xlqms_<key>`` (xlsx, ods)."""
    if kind not in ("xlsx", "ods"):
        return {}
    found: dict[str, str] = {}
    by_name = {layout.identity_defined_name(key): key for key in layout.IDENTITY_KEYS}
    by_property = {layout.PROPERTY_PREFIX + key: key for key in layout.IDENTITY_KEYS}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if kind == "xlsx":
                book = _xml(archive, "xl/workbook.xml")
                if book is not None:
                    for element in book.iter(f"{_NS_MAIN}definedName"):
                        key = by_name.get((element.get("name") or "").upper())
                        if key and element.text:
                            found[key] = _formula_constant(element.text)
                custom = _xml(archive, "docProps/custom.xml")
                if custom is not None:
                    for element in custom:
                        key = by_property.get(element.get("name") or "")
                        if key and len(element) and element[0].text is not None:
                            found.setdefault(key, nfc(element[0].text))
            else:
                meta = _xml(archive, "meta.xml")
                if meta is not None:
                    for element in meta.iter(f"{_NS_META}user-defined"):
                        key = by_property.get(element.get(f"{_NS_META}name") or "")
                        if key and element.text is not None:
                            found[key] = nfc(element.text)
    except Exception:  # noqa: BLE001 - a failed peek only means the next fallback is used
        return {}
    return {key: value for key, value in found.items() if value}


def _formula_constant(text: str) -> str:
    text = text.strip()
    if text.startswith("="):
        text = text[1:]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return nfc(text)


class PercentFormats:
    """Whether a Kết quả cell has a percent number format (xlsx: styles; ods: percentage cells)."""

    def __init__(self, data: bytes, kind: str, sheet: str):
        self.kind = kind
        self._cells: dict[str, int] = {}
        self._percent_styles: set[int] = set()
        self._ods_values: set[float] = set()
        self.known = False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if kind == "xlsx":
                    self._load_xlsx(archive, sheet)
                elif kind == "ods":
                    content = archive.read("content.xml").decode("utf-8", "replace")
                    pattern = r'office:value-type="percentage"[^>]*?office:value="([^"]+)"'
                    self._ods_values = {float(v) for v in re.findall(pattern, content)}
                    self.known = True
        except Exception:  # noqa: BLE001 - unknown format: the value rule without formats applies
            self.known = False

    def _load_xlsx(self, archive: zipfile.ZipFile, sheet: str) -> None:
        book = _xml(archive, "xl/workbook.xml")
        rels = _xml(archive, "xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            return
        target_of = {rel.get("Id"): rel.get("Target") for rel in rels}
        member = None
        for element in book.iter(f"{_NS_MAIN}sheet"):
            if same_name(element.get("name"), sheet):
                target = target_of.get(element.get(f"{_NS_REL}id"), "")
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        if member is None:
            return
        xml = archive.read(member).decode("utf-8", "replace")
        for match in re.finditer(r'<(?:\w+:)?c\b([^>]*?)/?>', xml):
            attributes = match.group(1)
            ref = re.search(r'\br="([A-Z]+\d+)"', attributes)
            style = re.search(r'\bs="(\d+)"', attributes)
            if ref and style:
                self._cells[ref.group(1)] = int(style.group(1))
        styles = _xml(archive, "xl/styles.xml")
        if styles is not None:
            percent_formats = {9, 10}
            for fmt in styles.iter(f"{_NS_MAIN}numFmt"):
                code = re.sub(r'"[^"]*"|\\.', "", fmt.get("formatCode") or "")
                if "%" in code:
                    percent_formats.add(int(fmt.get("numFmtId")))
            xfs = styles.find(f"{_NS_MAIN}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else []):
                if int(xf.get("numFmtId") or 0) in percent_formats:
                    self._percent_styles.add(index)
        self.known = True

    def is_percent(self, cell: str | None, raw) -> bool | None:
        if not self.known or cell is None:
            return None
        if self.kind == "ods":
            return float(raw) in self._ods_values
        return self._cells.get(cell, 0) in self._percent_styles

