"""The objectives table of a decision, read row by row into objectives, indicators and measures.

Pure: takes :class:`xlqms.word_tables.WordTable` values (grid cells with their merges) and returns
drafts of the `Mục tiêu` sheet's content (CONTRACT.md, The campaign) and every problem met, each
with its table and row number in the Word document. The header is found by
:mod:`xlqms.decision_header`; the rules of the table as officials write it (TT numbers, broken
rows, lists in a cell) are :mod:`xlqms.objective_table`'s.

How a row is read:

- a cell that continues a vertical merge (``w:vMerge``) belongs to the row above: a merged TT,
  Mục tiêu or Chỉ tiêu adds nothing; a merged Thời gian hoàn thành or Trách nhiệm thực hiện
  applies to the measure of this row too. Two cells with equal text are two cells.
- a row starts an objective when its TT holds a number (typed, or Word list numbering);
  `1.1`, `a)`, `-` under objective 1 add indicators to it; a row without TT continues the
  objective above — its Mục tiêu text, when the text above is left unfinished or this one starts
  in lower case, is the rest of the objective's text broken over a page.
- section headings (`I. …`, a cell across the table), repeated header rows, column-number rows
  (`(1) (2) (3)`), empty rows and the closing `Cộng` / signature rows are passed over, and said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlqms import layout
from xlqms.codes import Code
from xlqms.decision_cells import cell_lines, named_level, nested_measures, title_and_listed_targets
from xlqms.decision_header import (
    LEVEL,
    UNIT,
    TableHeader,
    extends_header,
    fresh_texts,
    spans_table,
)
from xlqms.findings import Severity
from xlqms.objective_table import (
    continues,
    header_words,
    is_closing_row,
    is_column_number_row,
    is_header_row,
    number_kind,
    objective_number,
    one_line,
    split_targets,
    sub_number_of,
)
from xlqms.word_tables import WordRow, WordTable

# the first of several columns under one header that is labelled too ("Bắt đầu: 01/2025 / Kết thúc: 12/2025")
_START_LABELS = ("bắt đầu", "từ ngày", "từ", "ngày bắt đầu", "thời gian bắt đầu")

# the objective's number written again at the start of its Mục tiêu ("1. …", "Mục tiêu 2: …", "MT3. …")
_REPEATED_NUMBER = re.compile(r"^(?:mục tiêu|mtcl|mt)?\s*(?:số\s*)?(\d{1,2})\s*[.:)/-]\s+", re.IGNORECASE)

NUMBER, TITLE, TARGET = layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET
MEASURE, DEADLINE, RESPONSIBLE, NOTE = layout.OBJ_MEASURE, layout.OBJ_DEADLINE, layout.OBJ_RESPONSIBLE, layout.OBJ_NOTE


@dataclass(frozen=True)
class ImportProblem:
    """Something the import met: a registered code (its severity comes from the registry), a
    Vietnamese message, and where in the Word document."""

    code: Code
    message: str
    table: int | None = None      # 1-based table of the Word document
    row: int | None = None        # 1-based row of that table
    column: str | None = None     # the contract column it concerns

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def describe(self) -> str:
        where = []
        if self.table is not None:
            where.append(f"Bảng {self.table}")
        if self.row is not None:
            where.append(f"dòng {self.row}")
        place = ", ".join(where) + (f" ({self.column})" if self.column else "")
        return f"{place}: {self.message}" if place else self.message

    def to_dict(self) -> dict:
        return {"code": self.code.value, "severity": self.severity.value, "message": self.message,
                "table": self.table, "row": self.row, "column": self.column}


@dataclass
class IndicatorDraft:
    text: str
    table: int
    row: int


@dataclass
class MeasureDraft:
    text: str
    deadline: str = ""
    responsible: str = ""
    note: str = ""
    table: int = 0
    row: int = 0


@dataclass
class ObjectiveDraft:
    number: str
    title: str
    table: int
    row: int
    note: str = ""
    indicators: list[IndicatorDraft] = field(default_factory=list)
    measures: list[MeasureDraft] = field(default_factory=list)
    section: str = ""           # the section heading row above it in its table ("1. VĂN PHÒNG"), if any


# ---------------------------------------------------------------------------------------------
# Reading the rows


@dataclass
class _Value:
    text: str = ""          # the cell's text (for a merged cell: the text of the cell it continues)
    state: str = "blank"    # fresh | merged | spanned | blank

    @property
    def fresh(self) -> str:
        return self.text if self.state == "fresh" else ""


@dataclass
class TableReading:
    """What the rows of the objectives table(s) gave: objectives in order, and every problem."""

    objectives: list[ObjectiveDraft] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    empty_rows: int = 0


class ObjectivesReader:
    """Reads the data rows of one or more objectives tables (a table split by a page break) in order."""

    def __init__(self):
        self.reading = TableReading()
        self.current: ObjectiveDraft | None = None
        self.closed_at: tuple[int, int] | None = None
        self.uses_digits = False
        self.where: tuple[int, int] = (0, 0)      # the table and row being read
        self.part = ""          # the heading of the table being read, when each part has its own table
        self.has_targets = True  # the table being read has a Chỉ tiêu column
        self.section = ""        # the last section heading row read
        self.nested_measures: list[tuple[str, str, str]] = []   # the row's measures in a table nested in its cell

    # -- helpers ---------------------------------------------------------------------------------
    def _problem(self, code: Code, message, table=None, row=None, column=None):
        self.reading.problems.append(ImportProblem(code, message, table, row, column))

    def _values(self, row: WordRow, header: TableHeader, origins: dict[int, str]) -> dict[str, _Value]:
        values: dict[str, _Value] = {}
        for role, columns in header.columns.items():
            parts = []
            state = "blank"
            for position, column in enumerate(columns):
                cell = row.cell_at(column)
                if cell is None:
                    continue
                if cell.column != column:         # merged down or not, the text is the first column's
                    if position > 0:
                        continue                  # the cell of the column before, spanning this one too
                    text, cell_state = "", "spanned"
                elif cell.continues_merge:
                    text, cell_state = origins.get(column, ""), "merged"
                else:
                    text, cell_state = cell.text.strip(), "fresh"
                if position == 0:
                    state = cell_state if (text or cell_state != "fresh") else "blank"
                if text and cell_state != "spanned":
                    label = header.labels.get(column, "")
                    labelled = position > 0 or (len(columns) > 1 and header_words(label) in _START_LABELS)
                    parts.append(f"{label}: {text}" if labelled and label else text)
                    if position > 0 and state == "blank":
                        state = cell_state
            values[role] = _Value("\n".join(parts), state if parts or state in ("merged", "spanned") else "blank")
        if LEVEL in values and values[LEVEL].fresh:
            values[TARGET] = _Value(named_level(values.get(TARGET, _Value()).fresh, values[LEVEL].fresh,
                                                 values.get(UNIT, _Value()).text), "fresh")
        if not header.has_targets and TITLE in values:
            title, targets = title_and_listed_targets(values[TITLE].text)
            if targets and values[TITLE].state == "fresh":
                values[TITLE] = _Value(title, "fresh")
                # as a list, so that each item is one indicator (objective_table.split_targets)
                values[TARGET] = _Value("\n".join(f"- {item}" for item in targets) if len(targets) > 1 else targets[0],
                                        "fresh")
                self._problem(Code.TARGETS_FROM_TITLE_LIST, f"ô Mục tiêu liệt kê {len(targets)} ý "
                              f"dưới “{_quote(title)}”: lấy mỗi ý làm một chỉ tiêu của mục tiêu đó.",
                              self.where[0], self.where[1], TITLE)
            else:
                values[TARGET] = _Value(values[TITLE].text, values[TITLE].state)
        return values

    @staticmethod
    def _update_origins(row: WordRow, origins: dict[int, str]) -> None:
        for cell in row.cells:
            if not cell.continues_merge:
                for column in range(cell.column, cell.column + cell.span):
                    origins[column] = cell.text.strip()

    # -- the table -------------------------------------------------------------------------------
    def read_table(self, table: WordTable, header: TableHeader, header_rows: tuple[int, ...] | None = None) -> None:
        """Read the data rows of ``table`` with the columns of ``header`` (its own, or the table before's)."""
        self.has_targets = header.has_targets
        skip = set(header_rows if header_rows is not None else header.rows)
        first_header = min(skip) if skip else 0
        origins: dict[int, str] = {}
        used_columns = {column for columns in header.columns.values() for column in columns}
        header_texts = list(header.labels.values())
        in_repeated_header = False
        for row in table.rows:
            if row.deleted:
                self._problem(Code.ROW_DELETED, "dòng đã bị xóa khi bật theo dõi thay đổi (Track Changes), "
                              "chưa được chấp nhận: không đọc.", table.number, row.number)
                continue
            if row.number in skip or row.number < first_header:
                if row.number < first_header and fresh_texts(row):
                    self._problem(Code.TABLE_TITLE_ROW, f"dòng trên dòng tiêu đề của bảng: “"
                                  f"{_quote(' '.join(fresh_texts(row)))}” — không phải mục tiêu.", table.number, row.number)
                self._update_origins(row, origins)
                continue
            texts = fresh_texts(row)
            if in_repeated_header and extends_header(row) and texts:
                self._update_origins(row, origins)
                continue
            in_repeated_header = False
            self.nested_measures = nested_measures(row, header)
            if self.nested_measures:
                self._problem(Code.NESTED_MEASURES, f"ô Biện pháp thực hiện có bảng lồng gồm {len(self.nested_measures)} "
                              "biện pháp (với thời gian, trách nhiệm): mỗi dòng của bảng lồng là một biện pháp.",
                              table.number, row.number, MEASURE)
            elif any(cell.nested_table for cell in row.cells):
                self._problem(Code.NESTED_TABLE, "ô có bảng lồng bên trong: đọc mỗi dòng của bảng lồng "
                              "thành một dòng chữ.", table.number, row.number)
            if not texts:
                self.reading.empty_rows += 1
            elif is_header_row(texts, header_texts):
                self._problem(Code.REPEATED_HEADER, "dòng tiêu đề lặp lại: bỏ qua.", table.number, row.number)
                in_repeated_header = True
            elif is_column_number_row(texts):
                self._problem(Code.COLUMN_NUMBER_ROW, "dòng đánh số cột: bỏ qua.", table.number, row.number)
            elif self.closed_at is not None:
                self._problem(Code.ROW_AFTER_TABLE_END,
                    f"dòng nằm sau dòng kết thúc bảng (bảng {self.closed_at[0]}, dòng {self.closed_at[1]}): "
                              f"không đọc — “{_quote(' '.join(texts))}”. Nếu đây là mục tiêu, thêm vào campaign.xlsx.",
                              table.number, row.number)
            elif is_closing_row(texts):
                self.closed_at = (table.number, row.number)
                self._problem(Code.TABLE_END, f"“{_quote(texts[0])}”: hết bảng mục tiêu.",
                              table.number, row.number)
            elif not any(cell.text.strip() for column in used_columns
                         if (cell := row.cell_at(column)) is not None and not cell.continues_merge):
                self._problem(Code.ROW_ONLY_IGNORED_COLUMNS,
                    f"dòng chỉ có chữ ở cột không đọc ({', '.join(header.ignored) or 'ngoài bảng'}): "
                              f"“{_quote(' '.join(texts))}”.", table.number, row.number)
            else:
                self.where = (table.number, row.number)
                self._row(table, row, self._values(row, header, origins))
            self._update_origins(row, origins)

    def _row(self, table: WordTable, row: WordRow, values: dict[str, _Value]) -> None:
        number_value = values.get(NUMBER, _Value())
        title_value = values.get(TITLE, _Value())
        number_text = one_line(number_value.fresh)
        title_text = one_line(title_value.fresh)
        details = {role: values[role].fresh for role in (TARGET, MEASURE, DEADLINE, RESPONSIBLE) if role in values}
        has_details = any(details.values())
        where = (table.number, row.number)
        kind = number_kind(number_text)
        indicator_name = ""

        start = False
        if number_text:
            current_number = self.current.number if self.current else None
            if (kind == "sub" and current_number and sub_number_of(number_text) == current_number) or \
                    (kind == "mark" and self.current) or \
                    (kind == "letter" and number_text[:1].islower() and current_number and current_number.isdigit()):
                indicator_name = title_text
            elif (kind in ("roman", "letter") and not has_details and (self.uses_digits or not title_value.fresh
                                                                       or title_text.isupper())) \
                    or (kind == "text" and not has_details):
                self._heading(f"{number_text} {title_text}", *where)
                return
            else:
                start = True
        elif title_text:
            merged_number = number_value.state == "merged"
            if self.current and continues(self.current.title, title_text, lowercase_is_enough=True):
                self.current.title = one_line(f"{self.current.title} {title_text}")
                self._problem(Code.ROW_CONTINUED,
                    f"dòng không có TT, nội dung mục tiêu viết tiếp (dòng bị ngắt trang): nối vào mục tiêu "
                              f"{self.current.number}.", *where, TITLE)
                title_text = ""
            elif merged_number and self.current and details.get(TARGET):
                indicator_name = title_text           # TT merged over rows that each name one indicator
            elif merged_number and self.current:
                self.current.title = one_line(f"{self.current.title} {title_text}")
                self._problem(Code.ROW_CONTINUED, f"TT gộp ô với dòng trên: nội dung mục tiêu của dòng "
                              f"này nối vào mục tiêu {self.current.number}.", *where, TITLE)
            elif not has_details and (title_text.isupper() or spans_table(row, table)):
                self._heading(title_text, *where)
                return
            else:
                start = True
        names: list[str] = []
        if start and self.has_targets:
            lead, listed = title_and_listed_targets(title_value.fresh)
            if len(listed) >= 2 and len(listed) == len(split_targets(details.get(TARGET, ""))):
                title_text, names = lead, listed      # "Tỷ lệ …:" / "- đúng hạn" / "- trước hạn" beside "≥ 95%" / "≥ 50%"
        if start:
            self._start(number_text, title_text, values, *where)
        elif self.current is None:
            self._problem(Code.ROW_BEFORE_FIRST_OBJECTIVE, f"dòng nằm trước mục tiêu đầu tiên, không đặt được vào mục tiêu nào: "
                          f"“{_quote(' '.join(fresh_texts(row)))}”.", *where)
            return
        self._details(values, start, indicator_name, *where, names=names)

    def _heading(self, text: str, table: int, row: int) -> None:
        self.section = one_line(text)
        self._problem(Code.SECTION_HEADING, f"đề mục “{_quote(one_line(text))}”, không phải mục tiêu: "
                      "không đưa vào bảng Mục tiêu.", table, row)

    def _start(self, number_text: str, title_text: str, values, table: int, row: int) -> None:
        number = objective_number(number_text)
        if not number:
            leading = number_kind(title_text.split(" ", 1)[0]) if title_text else ""
            if leading == "digit":
                first, _, rest = title_text.partition(" ")
                number, title_text = objective_number(first), rest
            else:
                number = self._next_number()
                self._problem(Code.OBJECTIVES_NUMBERED if NUMBER not in values else Code.OBJECTIVE_WITHOUT_NUMBER,
                              f"mục tiêu không có số thứ tự: đánh số {number}.", table, row, NUMBER)
        repeated = _REPEATED_NUMBER.match(title_text)
        if repeated and objective_number(repeated.group(1)) == number:
            title_text = title_text[repeated.end():]       # "1. Hồ sơ…" beside TT 1: the number once
        self.uses_digits = self.uses_digits or number.isdigit()
        note = values.get(NOTE, _Value()).fresh
        if self.part:
            note = "\n".join(filter(None, (f"Thuộc: {self.part}", note)))
        self.current = ObjectiveDraft(number, title_text, table, row, note=note, section=self.section)
        self.reading.objectives.append(self.current)

    def _next_number(self) -> str:
        numbers = [int(o.number) for o in self.reading.objectives if o.number.isdigit()]
        return str(max(numbers, default=0) + 1)

    def _details(self, values, start: bool, indicator_name: str, table: int, row: int, names=()) -> None:
        """The indicators, measure, deadline and responsibility of a row; ``names``: the indicators'
        names listed in the Mục tiêu cell, one for each level in the Chỉ tiêu cell."""
        objective = self.current
        assert objective is not None, "details are read under an objective"
        target = values.get(TARGET, _Value()).fresh
        if indicator_name == target:
            indicator_name = ""
        if indicator_name and not target:
            target, indicator_name = indicator_name, ""
        if target:
            previous = objective.indicators[-1].text if objective.indicators else ""
            if not start and not indicator_name and continues(previous, target):
                objective.indicators[-1].text = one_line(f"{previous} {target}")
                self._problem(Code.ROW_CONTINUED, "chỉ tiêu viết tiếp từ dòng trên (dòng bị ngắt trang): "
                              "nối vào chỉ tiêu ở trên.", table, row, TARGET)
            else:
                items = split_targets(target)
                if indicator_name:
                    items = [one_line(f"{indicator_name}: {item}") for item in items]
                elif names:
                    items = [one_line(f"{name}: {item}") for name, item in zip(names, items)]
                    self._problem(Code.TARGETS_NAMED_FROM_TITLE, f"ô Mục tiêu liệt kê {len(names)} chỉ tiêu, ô Chỉ "
                                  f"tiêu ghi {len(items)} mức: ghép theo thứ tự (“{_quote(items[0], 60)}”…).",
                                  table, row, TARGET)
                if len(items) > 1:
                    self._problem(Code.TARGETS_SPLIT, f"ô Chỉ tiêu có {len(items)} ý: tách thành "
                                  f"{len(items)} chỉ tiêu.", table, row, TARGET)
                objective.indicators += [IndicatorDraft(item, table, row) for item in items]
        measure = values.get(MEASURE, _Value())
        deadline, responsible = values.get(DEADLINE, _Value()), values.get(RESPONSIBLE, _Value())
        note = values.get(NOTE, _Value()).fresh if not start else ""
        measure_text = cell_lines(measure.fresh)
        if self.nested_measures:
            objective.measures += [MeasureDraft(text, when or cell_lines(deadline.text), who or cell_lines(responsible.text),
                                                cell_lines(note), table, row) for text, when, who in self.nested_measures]
        elif measure_text:
            last = objective.measures[-1] if objective.measures else None
            if not start and last is not None and last.text and continues(last.text, measure_text) \
                    and deadline.state != "fresh":
                last.text = f"{last.text} {measure_text}"
                self._problem(Code.ROW_CONTINUED, "biện pháp viết tiếp từ dòng trên (dòng bị ngắt trang): "
                              "nối vào biện pháp ở trên.", table, row, MEASURE)
            else:
                objective.measures.append(MeasureDraft(measure_text, cell_lines(deadline.text), cell_lines(responsible.text),
                                                       cell_lines(note), table, row))
        elif deadline.fresh or responsible.fresh:
            last = objective.measures[-1] if objective.measures else None
            if last is not None and measure.state == "merged":
                last.deadline = "\n".join(filter(None, (last.deadline, cell_lines(deadline.fresh))))
                last.responsible = "\n".join(filter(None, (last.responsible, cell_lines(responsible.fresh))))
            else:
                objective.measures.append(MeasureDraft("", cell_lines(deadline.text), cell_lines(responsible.text),
                                                       cell_lines(note), table, row))
                self._problem(Code.DETAIL_WITHOUT_MEASURE, "có Thời gian / Trách nhiệm nhưng không có "
                              "Biện pháp thực hiện: giữ nguyên trên dòng này của bảng Mục tiêu.", table, row)
        elif note:
            objective.note = "\n".join(filter(None, (objective.note, cell_lines(note))))

    # -- the end ---------------------------------------------------------------------------------
    def finish(self, renumber_duplicates: bool = True) -> TableReading:
        """The reading, its objectives renumbered 1, 2, 3… when their numbers repeat (each table or
        section numbered anew). ``renumber_duplicates=False`` (a sheet, where a repeated TT is the
        secretary's to fix): renumbered only when the table numbers anew under section headings."""
        objectives = self.reading.objectives
        numbers = [objective.number for objective in objectives]
        by_section = any(objective.section for objective in objectives)
        if len(set(numbers)) != len(numbers) and (renumber_duplicates or by_section):
            renumbered = []
            for position, objective in enumerate(objectives, start=1):
                if objective.number != str(position):
                    renumbered.append(f"{objective.number} → {position} (bảng {objective.table}, dòng {objective.row})")
                objective.number = str(position)
            self._problem(Code.OBJECTIVES_RENUMBERED,
                "số thứ tự mục tiêu bị trùng (mỗi bảng hoặc mỗi phần đánh số lại từ đầu): đánh số lại "
                          "1, 2, 3… — " + "; ".join(renumbered) + ".")
            if any(objective.section for objective in objectives):
                # numbered anew under each section heading: the section (a department…) is said in Ghi chú
                for objective in objectives:
                    if objective.section and not objective.note.startswith("Thuộc: "):
                        objective.note = "\n".join(filter(None, (f"Thuộc: {objective.section}", objective.note)))
                self._problem(Code.OBJECTIVES_BY_SECTION, "mỗi đề mục trong bảng đánh số mục tiêu lại từ đầu: ghi "
                              "“Thuộc: <đề mục>” vào Ghi chú của các mục tiêu dưới nó.")
        for objective in objectives:
            if not objective.indicators:
                self._problem(Code.OBJECTIVE_WITHOUT_INDICATOR,
                    f"mục tiêu {objective.number} không có chỉ tiêu nào: nhập Chỉ tiêu đo được vào "
                              "campaign.xlsx trước khi tạo sổ.", objective.table, objective.row, TARGET)
        if self.reading.empty_rows:
            self._problem(Code.EMPTY_ROWS, f"{self.reading.empty_rows} dòng trống: bỏ qua.")
        return self.reading


def _quote(text: str, limit: int = 80) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
