"""Start a campaign from the decision a body already issued (contract: `xlqms init --from`).

``read_decision(path)`` opens the decision (.docx; .doc, .odt, .rtf through LibreOffice headless),
finds its objectives table by the headers (:mod:`xlqms.decision_table`), and returns a
:class:`DecisionImport`: the objectives, indicators and measures as rows of the `Mục tiêu` sheet,
the year and reporting period of its title ("MỤC TIÊU CHẤT LƯỢNG NĂM 2024", "… 6 THÁNG ĐẦU NĂM
2025"), the issuing body of its header block ("ỦY BAN NHÂN DÂN / HUYỆN TUY PHƯỚC"), how each target
is read, and every row it passed over or could not place — with its table and row number in the
Word document. A target that cannot be read does not stop the import: it is written as it is and
listed. Only a decision without an objectives table raises (:class:`DecisionError`, exit code 2).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

from xlqms import layout
from xlqms.codes import Code
from xlqms.decision_header import TableHeader, find_header, header_roles_found
from xlqms.decision_paragraphs import read_paragraph_objectives
from xlqms.decision_plan import attach_plan, is_plan_table
from xlqms.decision_table import ImportProblem, ObjectiveDraft, ObjectivesReader
from xlqms.decision_title import articles, find_issuer, find_year_and_period, part_heading, year_from_date, year_span
from xlqms.errors import TargetSyntaxError
from xlqms.findings import Severity
from xlqms.objective_table import objective_sheet_rows
from xlqms.targets import REFUSAL_CODES, parse_target
from xlqms.word_legacy import unicode_document
from xlqms.word_tables import DecisionFileError, WordDocument, WordParagraph, WordTable, docx_copy, read_word_document

__all__ = ["DecisionError", "DecisionImport", "IndicatorReading", "read_decision", "import_document",
           "find_year_and_period", "find_issuer"]


class DecisionError(DecisionFileError):
    """The decision cannot be imported: not a Word file, or no objectives table in it (exit code 2)."""


@dataclass(frozen=True)
class IndicatorReading:
    """How one imported target is read: ``reading`` (Vietnamese) or ``error`` (why it cannot be)."""

    objective: str
    text: str
    reading: str | None
    error: str | None
    table: int
    row: int

    def to_dict(self) -> dict:
        return {"objective": self.objective, "text": self.text, "reading": self.reading, "error": self.error,
                "table": self.table, "row": self.row}


@dataclass(frozen=True)
class DecisionImport:
    """What was read from a decision. ``objectives`` keep the decision's order and numbers."""

    source: str                              # the decision's file name
    converted_from: str | None               # 'doc', 'odt'… when LibreOffice converted it
    tables: tuple[TableHeader, ...]          # the objectives table(s) read, with their columns
    continuation_tables: tuple[int, ...]     # tables without a header read as the rest of the one before
    objectives: tuple[ObjectiveDraft, ...]
    readings: tuple[IndicatorReading, ...]
    problems: tuple[ImportProblem, ...]
    year: int | None = None
    period: str | None = None                # canonical (catalogue.PERIODS), when the title names one
    title: str = ""                          # the title line the year (and period) came from
    issuer: str = ""                         # 'Ủy ban nhân dân huyện Tuy Phước'
    issuer_text: str = ""                    # the header block line(s) it came from

    @property
    def indicator_count(self) -> int:
        return sum(len(objective.indicators) for objective in self.objectives)

    @property
    def measure_count(self) -> int:
        return sum(1 for objective in self.objectives for measure in objective.measures if measure.text)

    @property
    def has_problems(self) -> bool:
        """True when something needs the secretary (a warning or an error, not a note)."""
        return any(problem.severity is not Severity.NOTE for problem in self.problems)

    def sheet_rows(self) -> list[tuple[dict[str, str], bool]]:
        """The `Mục tiêu` sheet's rows (:func:`xlqms.objective_table.objective_sheet_rows`)."""
        return objective_sheet_rows(self.objectives)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "converted_from": self.converted_from,
            "tables": [{"table": header.table, "header_rows": list(header.rows), "columns": header.headings(),
                        "ignored_columns": list(header.ignored)} for header in self.tables],
            "continuation_tables": list(self.continuation_tables),
            "year": self.year, "period": self.period, "title": self.title,
            "issuer": self.issuer, "issuer_text": self.issuer_text,
            "objectives": len(self.objectives), "indicators": self.indicator_count, "measures": self.measure_count,
            "objective_list": [
                {"number": objective.number, "title": objective.title, "table": objective.table, "row": objective.row,
                 "indicators": [reading.to_dict() for reading in self.readings if reading.objective == objective.number],
                 "measures": [{"text": m.text, "deadline": m.deadline, "responsible": m.responsible,
                               "table": m.table, "row": m.row} for m in objective.measures]}
                for objective in self.objectives
            ],
            "problems": [problem.to_dict() for problem in self.problems],
        }

    def summary_lines(self, width: int = 80) -> list[str]:
        """The import report for a terminal, in Vietnamese, wrapped to ``width`` columns."""
        out: list[str] = []

        def say(text: str, indent: int = 2, hang: int = 4) -> None:
            out.extend(textwrap.wrap(text, width, initial_indent=" " * indent, subsequent_indent=" " * (indent + hang),
                                     break_long_words=True, break_on_hyphens=False) or [""])

        converted = f" (LibreOffice chuyển từ .{self.converted_from})" if self.converted_from else ""
        tables = ", ".join(f"bảng {header.table}" for header in self.tables)
        if self.continuation_tables:
            tables += " và phần tiếp theo ở " + ", ".join(f"bảng {n}" for n in self.continuation_tables)
        if self.tables:
            say(f"Quyết định {self.source}{converted}: bảng mục tiêu là {tables}.", indent=0)
        else:
            say(f"Quyết định {self.source}{converted}: không có bảng mục tiêu, mục tiêu đọc từ các đoạn đánh số.",
                indent=0)
        same_columns: dict[str, list[int]] = {}        # tables headed alike (one per part) are said once
        for header in self.tables:
            columns = "; ".join(f"{role} ← “{text}”" for role, text in header.headings().items())
            same_columns.setdefault(columns, []).append(header.table)
        for columns, numbers in same_columns.items():
            say(f"Cột của bảng {', '.join(str(number) for number in numbers)}: {columns}.")
        unread = sum(1 for reading in self.readings if reading.error)
        say(f"Đọc được {len(self.objectives)} mục tiêu, {self.indicator_count} chỉ tiêu"
            + (f" ({unread} chưa hiểu được)" if unread else "") + f", {self.measure_count} biện pháp.")
        if self.title:
            period = f", kỳ {self.period}" if self.period else ""
            say(f"Tiêu đề: “{self.title}” → năm {self.year}{period}.")
        if self.issuer:
            say(f"Cơ quan ban hành: {self.issuer} (từ “{self.issuer_text}”).")
        out.append("Cách hiểu các chỉ tiêu:")
        for reading in self.readings:
            say(f"MT {reading.objective} · {reading.text}")
            if reading.reading:
                say(f"→ {reading.reading}", indent=6, hang=2)
            else:
                place = f"bảng {reading.table}, dòng {reading.row}" if reading.table else f"đoạn {reading.row}"
                say(f"✗ Chưa đọc được ({place}) — sửa trong campaign.xlsx: "
                    f"{(reading.error or '').split('Các cách viết')[0].strip()}", indent=6, hang=2)
        for severity in (Severity.ERROR, Severity.WARNING, Severity.NOTE):
            title = severity.label
            chosen = [p for p in self.problems if p.severity is severity and p.code not in REFUSAL_CODES]
            if chosen:
                out.append(f"{title} ({len(chosen)}):")
                for problem in chosen:
                    say("- " + problem.describe())
        return out


# ---------------------------------------------------------------------------------------------
# Reading


def read_decision(path, soffice: str | None = None) -> DecisionImport:
    """Import the objectives table of the decision at ``path`` (.docx; .doc/.odt/.rtf via LibreOffice).

    Raises :class:`DecisionError` (exit code 2) when the file cannot be opened or converted
    (LibreOffice missing for a .doc: the message says what to install), or has no objectives table.
    """
    path = Path(path)
    with docx_copy(path, soffice) as (docx_path, converted_from):
        document = read_word_document(docx_path)
    return import_document(document, path.name, converted_from)


def import_document(document: WordDocument, source: str, converted_from: str | None = None) -> DecisionImport:
    """:func:`read_decision` on a document already read (pure: no file is opened)."""
    problems: list[ImportProblem] = []
    document, encoding, converted = unicode_document(document)
    if encoding:
        font = {"TCVN3": "TCVN3 (phông .VnTime)", "VNI": "VNI (phông VNI-Times)"}.get(encoding, encoding)
        problems.append(ImportProblem(Code.DECISION_LEGACY_ENCODING, f"văn bản gõ bằng bảng mã {font}: đã chuyển "
                                      f"{converted} đoạn chữ sang Unicode — kiểm tra chữ trong campaign.xlsx (chữ hoa "
                                      "gõ bằng phông chữ hoa thành chữ thường)."))
    blocks, frames = _unwrap_frames(document.blocks)
    document = WordDocument(blocks, document.header_lines)
    for frame in frames:
        problems.append(ImportProblem(Code.TABLE_IN_A_FRAME, "bảng mục tiêu nằm trong một ô của bảng này (bảng "
                                      "khung): đọc bảng bên trong; số dòng là số dòng của bảng bên trong.", frame))
    reader = ObjectivesReader()
    headers: list[TableHeader] = []
    continuation: list[int] = []
    last: tuple[WordTable, TableHeader] | None = None
    between: list[str] = []            # texts between the last objectives table and this block
    plans: list[WordTable] = []        # plan tables: measures of the objectives, in a table of their own
    first_table_index = None
    headers_at = {index: find_header(block) for index, block in enumerate(document.blocks)
                  if isinstance(block, WordTable)}
    if any(header is not None and header.has_targets for header in headers_at.values()):
        headers_at = {index: header if header is not None and header.has_targets else None
                      for index, header in headers_at.items()}         # a table with Chỉ tiêu is the one
    widths = {document.blocks[index].columns for index, header in headers_at.items() if header is not None}
    parts = {index: _heading_before(document.blocks, index) for index in headers_at
             if document.blocks[index].columns in widths}          # objectives tables, or their continuations
    if sum(1 for text in parts.values() if text) < 2:
        parts = {}                 # one table, or tables without headings: not a decision in parts
    for index, block in enumerate(document.blocks):
        if isinstance(block, WordParagraph):
            between += [block.text] if block.text.strip() else []
            continue
        header = headers_at[index]
        same_width = last is not None and block.columns == last[0].columns
        continues = last is not None and same_width and len(between) <= 2 and all(len(text) <= 60 for text in between) \
            and not is_plan_table(block)
        if parts.get(index) and (header is not None or continues):
            reader.part = parts[index]
            problems.append(ImportProblem(Code.TABLE_OF_A_PART, f"bảng mục tiêu của “{parts[index]}”: ghi “Thuộc: "
                                          f"{parts[index]}” vào Ghi chú của các mục tiêu trong bảng.", block.number))
        if header is not None:
            headers.append(header)
            if first_table_index is None:
                first_table_index = index
            reader.read_table(block, header)
            last, between = (block, header), []
        elif continues and last is not None:
            # the rest of the table after a page break ("(tiếp theo)" at most between the two parts),
            # or the next part's table under its heading
            continuation.append(block.number)
            reader.read_table(block, last[1], header_rows=())
            between = []
        elif is_plan_table(block) and headers:     # after the objectives table(s): their plan
            plans.append(block)        # the measures of the objectives set in the objectives table(s)
            last = None
        else:
            found = header_roles_found(block)
            if last is not None and same_width:
                problems.append(ImportProblem(
                    Code.TABLE_NOT_CONTINUED,
                    f"bảng có cùng số cột với bảng mục tiêu (bảng {last[0].number}) nhưng có đoạn văn xen giữa: "
                    "không đọc. Nếu đây là phần tiếp theo của bảng mục tiêu, chép các dòng của nó vào "
                    "campaign.xlsx.", block.number))
            elif len(found) >= 2:
                problems.append(ImportProblem(
                    Code.OTHER_TABLE,
                    f"bảng có cột {', '.join(found)} nhưng không đủ cột của bảng mục tiêu (cần Chỉ tiêu và TT hoặc "
                    "Mục tiêu): không đọc.", block.number))
            last = None                # another table came between: what follows does not continue
    from_paragraphs = None if headers else read_paragraph_objectives(document.blocks)
    if not headers and from_paragraphs is None:
        raise DecisionError(_no_table_message(document, source))
    if from_paragraphs is not None:
        objectives = from_paragraphs.objectives
        problems = from_paragraphs.problems + [problem for problem in problems if problem.table is None
                                               or problem.table != from_paragraphs.measures_table]
        stop = from_paragraphs.first_block
        lines = _lines_before(document.blocks, stop)
    else:
        reading = reader.finish()
        objectives = reading.objectives
        problems = reading.problems + problems
        for plan in plans:
            problems += attach_plan(plan, objectives)
    for header in headers:
        if not header.has_targets:
            problems.append(ImportProblem(
                Code.TARGETS_FROM_TITLES, "bảng không có cột Chỉ tiêu: nội dung mỗi mục tiêu được lấy làm chỉ tiêu "
                "của nó — xem lại cột Chỉ tiêu trong campaign.xlsx.", header.table))
        if header.ignored:
            problems.append(ImportProblem(Code.COLUMNS_IGNORED, f"các cột không thuộc bảng Mục tiêu, không đọc: "
                                          f"{', '.join('“' + text + '”' for text in header.ignored)}.", header.table))

    if first_table_index is not None:
        stop = first_table_index
        lines = _lines_before(document.blocks, stop)
        first_table = document.blocks[first_table_index]
        lines += [" ".join(cell.text.split()) for row in first_table.rows if row.number < headers[0].rows[0]
                  for cell in row.cells if cell.text.strip() and not cell.continues_merge]   # a title inside the table
    year, period, title = find_year_and_period(lines)
    if year is None:                 # the title in the page header
        year, period, title = find_year_and_period(document.header_lines)
    if year is None:                 # no title: the article that issues them ("Điều 1. Ban hành … năm 2025")
        year, period, title = find_year_and_period(articles(lines))
    span = year_span(title) if year is not None else None
    if span is not None:
        problems.append(ImportProblem(Code.YEAR_RANGE, f"tiêu đề “{title}” nêu mục tiêu cho các năm {span[0]}–{span[1]}: "
                                      f"đợt báo cáo được lập cho năm {span[0]}; dùng --year cho năm khác."))
    dated = year_from_date(lines) if year is None else None
    if dated is not None:
        year = dated[0]
        problems.append(ImportProblem(Code.YEAR_FROM_DATE, f"tiêu đề không ghi năm: lấy năm {year} theo ngày ký "
                                      f"“{dated[1]}” — kiểm tra Năm ở trang Thiết lập, hoặc dùng --year."))
    elif year is None:
        problems.append(ImportProblem(Code.YEAR_NOT_FOUND,
            "không thấy năm trong tiêu đề (“MỤC TIÊU CHẤT LƯỢNG NĂM …”): dùng --year."))
    elif period is None:
        problems.append(ImportProblem(Code.PERIOD_NOT_IN_TITLE,
            "tiêu đề không nêu kỳ báo cáo (6 tháng, 9 tháng, quý…): dùng --period "
                                      "hoặc kỳ mặc định."))
    issuer, issuer_text = find_issuer(lines)
    if not issuer:                   # the header block typed with tabs: "ỦY BAN NHÂN DÂN⇥CỘNG HÒA XÃ HỘI…"
        issuer, issuer_text = find_issuer(_lines_before(document.blocks, stop, left_column=True))
    if not issuer:
        issuer, issuer_text = find_issuer(document.header_lines)
    if not issuer:
        problems.append(ImportProblem(Code.ISSUER_NOT_FOUND,
            "không thấy cơ quan ban hành (“ỦY BAN NHÂN DÂN …”) ở đầu quyết định: "
                                      "nhập “Cơ quan chủ trì” ở trang Thiết lập."))

    readings = []
    for objective in objectives:
        for indicator in objective.indicators:
            try:
                # read as the campaign reader will: with the objective's wording as context (TARGETS.md: Direction)
                described, error = parse_target(indicator.text, context=objective.title).describe(), None
            except TargetSyntaxError as exc:
                described, error = None, str(exc)
                if indicator.table:
                    problems.append(ImportProblem(exc.code, str(exc), indicator.table, indicator.row, layout.OBJ_TARGET))
                else:                     # an objective written as a paragraph
                    problems.append(ImportProblem(exc.code, f"đoạn {indicator.row}: {exc}", column=layout.OBJ_TARGET))
            readings.append(IndicatorReading(objective.number, indicator.text, described, error,
                                             indicator.table, indicator.row))
    return DecisionImport(
        source=source, converted_from=converted_from, tables=tuple(headers), continuation_tables=tuple(continuation),
        objectives=tuple(objectives), readings=tuple(readings), problems=tuple(problems),
        year=year, period=period, title=title, issuer=issuer, issuer_text=issuer_text,
    )


def _unwrap_frames(blocks: list) -> tuple[list, list[int]]:
    """The blocks with every frame table — a table without the objectives header, holding one in a
    cell (a layout table around the appendix) — replaced by what its cells hold, in order (the text
    of its other cells as paragraphs: a header block that LibreOffice's .doc joined to the frame);
    its inner tables take its number. Also returns the numbers of the frames so opened."""
    frames: list[int] = []
    for _depth in range(3):                 # a frame inside a frame
        out: list = []
        for block in blocks:
            if isinstance(block, WordTable) and find_header(block) is None:
                inner = [item for row in block.rows for cell in row.cells if not cell.continues_merge
                         for item in (cell.blocks or [WordParagraph(line) for line in cell.lines])]
                if any(isinstance(item, WordTable) and find_header(item) is not None for item in inner):
                    out.extend(replace(item, number=block.number) if isinstance(item, WordTable) else item
                               for item in inner)
                    frames.append(block.number)
                    continue
            out.append(block)
        if len(out) == len(blocks) and all(a is b for a, b in zip(out, blocks)):
            break
        blocks = out
    return blocks, sorted(set(frames))


def _heading_before(blocks, index: int) -> str:
    """The heading right above the table at ``index`` (:func:`xlqms.decision_title.part_heading`), or ''."""
    for block in reversed(blocks[:index]):
        if isinstance(block, WordTable):
            return ""
        if block.text.strip():
            return part_heading(block.text)
    return ""


def _no_table_message(document: WordDocument, source: str) -> str:
    seen = []
    for table in document.tables:
        found = header_roles_found(table)
        seen.append(f"bảng {table.number}: " + (", ".join(found) if found else "không có cột nào của bảng mục tiêu"))
    tables = ("; ".join(seen)) if seen else "tệp không có bảng nào"
    return (f"{source}: không tìm thấy bảng mục tiêu chất lượng ({Code.NO_OBJECTIVES_TABLE}). Bảng cần các cột TT (hoặc "
            f"STT), Mục tiêu, Chỉ tiêu, Biện pháp thực hiện, Thời gian hoàn thành, Trách nhiệm thực hiện, Ghi chú "
            f"— ít nhất Chỉ tiêu và TT hoặc Mục tiêu. Đã xem: {tables}.")


def _lines_before(blocks, stop: int | None, left_column: bool = False) -> list[str]:
    """Text lines of the blocks before the objectives table (paragraphs, and tables such as the header
    block); ``left_column``: of a line laid out with tabs, only its first part (the body's name)."""
    lines: list[str] = []
    for block in blocks[: stop if stop is not None else len(blocks)]:
        if isinstance(block, WordParagraph):
            lines.extend(block.text.split("\n"))
        else:
            lines.extend(sub for line in block.lines() for sub in line.split("\n"))
    if left_column:
        lines = [next((part for part in line.split("\t") if part.strip()), "") for line in lines]
    return [" ".join(line.split()) for line in lines if line.strip()]
