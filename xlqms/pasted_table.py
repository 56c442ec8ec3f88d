"""The `Mục tiêu` sheet read with the decision importer's own rules (the paste path, pure).

A table pasted from Word into campaign.xlsx is the decision's objectives table in cells: the sheet's
rows and merged ranges are turned into a :class:`xlqms.word_tables.WordTable` (a merged range is a
cell spanning columns, continued down as Word's ``w:vMerge``), its header found by
:func:`xlqms.decision_header.find_header` and its rows read by
:class:`xlqms.decision_table.ObjectivesReader` — the code `xlqms init --from` runs on the document.
So every layout the import reads (indicators listed in the Mục tiêu cell, names beside levels, a
level column and an ĐVT column, two-row headers with Bắt đầu / Kết thúc or Chủ trì / Phối hợp,
section rows numbered anew, TT merged over rows, rows broken over a page…) gives the same
objectives pasted as imported. A sheet written clean by xlqms is read the same way and gives what
it says; its own columns (Mã chỉ tiêu, Áp dụng cho, Kỳ đánh giá, Cách đánh giá, Chiều) are taken
from the row each indicator comes from.

What the import said, with its table row, is said here with the sheet's cell (Vietnamese, with what
to do). Beyond one table: the tables of a decision set part by part pasted one under the other
(each under its name), and its plan table (Phụ lục II) pasted below, are read as the import reads
them (:mod:`xlqms.decision_plan`). What a paste cannot carry is said cell by cell: a number the
spreadsheet made of the pasted text (`pasted-number`), cells a spanning header covers (a table
nested in a cell, `pasted-cells-not-read`). No I/O: rows in, rows out.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from xlqms import layout
from xlqms.codes import Code
from xlqms.decision_header import LEVEL, TableHeader, find_header
from xlqms.decision_plan import attach_plan, is_plan_table
from xlqms.decision_table import ImportProblem, ObjectiveDraft, ObjectivesReader
from xlqms.decision_title import part_heading
from xlqms.findings import Finding, finding
from xlqms.number_formats import PERCENT
from xlqms.numbers import format_number
from xlqms.objective_table import is_header_row, match_header, one_line
from xlqms.spreadsheet import cell_ref, text_of
from xlqms.text import header_key, symbols_as_unicode
from xlqms.word_tables import WordCell, WordRow, WordTable

# Columns xlqms writes beside an indicator, copied from the row it was read from (CONTRACT.md, The campaign)
INDICATOR_COLUMNS = layout.OBJECTIVE_OPTIONAL_COLUMNS
# What the import says of a document that a sheet says otherwise: the row before the first
# objective is an error of the sheet; a header row pasted inside the table is one finding.
_SHEET_CODES = {Code.ROW_BEFORE_FIRST_OBJECTIVE: Code.CONTINUATION_WITHOUT_OBJECTIVE,
                Code.REPEATED_HEADER: Code.PASTED_HEADER_ROW, Code.COLUMN_NUMBER_ROW: Code.PASTED_HEADER_ROW}
# Said by the campaign reader itself (an objective without indicator), or nothing to say in a sheet.
_NOT_SAID = {Code.OBJECTIVE_WITHOUT_INDICATOR, Code.EMPTY_ROWS}
_SHEET_MESSAGES = {
    Code.ROW_AFTER_TABLE_END: "dòng nằm sau dòng kết thúc bảng (Cộng, chữ ký…): không đọc. Nếu đây là mục tiêu, "
                              "xóa dòng kết thúc ở trên.",
    Code.CONTINUATION_WITHOUT_OBJECTIVE: "Dòng này không có TT nhưng chưa có mục tiêu nào ở trên. Nhập TT cho mục "
                                         "tiêu đầu tiên.",
    Code.PASTED_HEADER_ROW: "dòng tiêu đề (hoặc đánh số cột) nằm trong bảng: bỏ qua.",
}
_SHEET_ACTIONS = {   # what to do, said for the sheet where the import says it for the document
    Code.MEASURES_NOT_PLACED: ("nhập vào cột Biện pháp thực hiện của campaign.xlsx",
                               "chép vào cột Biện pháp thực hiện, ở dòng của mục tiêu mà biện pháp thuộc về"),
}


def _cell_text(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        value = format(value, "f").rstrip("0").replace(".", ",")      # 97.5 → 97,5 (a Vietnamese decimal)
    text = symbols_as_unicode(text_of(value))
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def clipped_ranges(rows: list[list], merged=()) -> list:
    """``merged`` ranges ((top, left), (bottom, right)), 0-based inclusive, cut to the cells ``rows`` hold;
    a range wholly outside them is dropped. A sheet may merge far beyond its cells (one range down to row
    1.048.576 and column XFD, a paste from Word gone wrong, or a hostile file): what lies past the cells
    holds no text, and spanning it would cost a cell of memory per cell of the range."""
    height, width = len(rows), max((len(row) for row in rows), default=0)
    clipped = []
    for (top, left), (bottom, right) in merged:
        if 0 <= top < height and 0 <= left < width and bottom >= top and right >= left:
            clipped.append(((top, left), (min(bottom, height - 1), min(right, width - 1))))
    return clipped


def sheet_table(rows: list[list], first: int, merged=()) -> WordTable:
    """``rows[first:]`` as a Word table: each row numbered by its sheet row (1-based), a merged range
    ((top, left), (bottom, right)), 0-based inclusive, as one cell spanning its columns whose rows
    below continue it (as Word's vertical merge). Only the top-left cell of a range holds text. Ranges
    are cut to ``rows`` (:func:`clipped_ranges`)."""
    merged = clipped_ranges(rows, merged)
    width = max([len(row) for row in rows[first:]] + [right + 1 for (_t, _l), (_b, right) in merged] + [1])
    starts: dict[tuple[int, int], int] = {}
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (top, left), (bottom, right) in merged:
        starts[(top, left)] = right
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    covered[(r, c)] = (left, right)
    table_rows = []
    for index in range(first, len(rows)):
        row = rows[index]
        cells = []
        column = 0
        while column < width:
            if (index, column) in starts:
                right = starts[(index, column)]
                text = _cell_text(row[column]) if column < len(row) else ""
                cells.append(WordCell(column, right - column + 1, tuple(text.split("\n")) if text else ()))
                column = right + 1
            elif (index, column) in covered:
                left, right = covered[(index, column)]
                if left == column:                 # the first column of a range begun above: Word's vMerge
                    cells.append(WordCell(column, right - left + 1, (), continues_merge=True))
                column = right + 1 if left == column else column + 1
            else:
                text = _cell_text(row[column]) if column < len(row) else ""
                cells.append(WordCell(column, 1, tuple(text.split("\n")) if text else ()))
                column += 1
        table_rows.append(WordRow(index + 1, tuple(cells)))
    return WordTable(1, tuple(table_rows), width)


def pasted_header_row(rows: list[list], merged=()) -> int | None:
    """The 0-based index of the objectives table's header in the first rows of a sheet, found as the
    decision importer finds it (:func:`xlqms.decision_header.find_header`: Chỉ tiêu with TT or Mục
    tiêu, or TT, Mục tiêu and a measure column), or None. A row of one text (a title, a part's name
    pasted above the table) never begins it."""
    merged = clipped_ranges(rows, merged)
    for start in range(min(layout.HEADER_SEARCH_ROWS, len(rows))):
        if sum(1 for value in rows[start] if text_of(value).strip()) < 2:
            continue
        if find_header(sheet_table(rows[:start + 3], start, merged), scan=1) is not None:
            return start
    return None


def _part_headings(rows: list[list], header: int, end: int, merged) -> dict[int, str]:
    """0-based rows naming a part of a decision set part by part (one table per department): the
    paragraph above each table, pasted as a lone text in the first column, not merged (a section row
    of a Word table is merged across) — :func:`xlqms.decision_title.part_heading`. The row above
    the header counts too."""
    merged_starts = {start for start, _end in merged}
    found: dict[int, str] = {}
    above = header - 1
    while above >= 0 and not any(text_of(value).strip() for value in rows[above]):
        above -= 1
    for index in [above] + list(range(header + 1, end)):
        if index < 0:
            continue
        texts = [text_of(value).strip() for value in rows[index]]
        if texts and texts[0] and not any(texts[1:]) and (index, 0) not in merged_starts and part_heading(texts[0]):
            found[index] = part_heading(texts[0])
    return found


def _plan_header_row(rows: list[list], header: int, merged) -> int:
    """The 0-based row below the objectives table that heads a plan table (Biện pháp with Thời gian or
    Trách nhiệm, no Chỉ tiêu, every cell a header), as :func:`xlqms.decision_plan.is_plan_table`
    reads it; ``len(rows)`` when there is none."""
    for index in range(header + 1, len(rows)):
        texts = [one_line(text_of(value)) for value in rows[index] if one_line(text_of(value))]
        if len(texts) < 2 or not all(match_header(text) is not None for text in texts) \
                or is_header_row(texts, [text_of(value) for value in rows[header]]):
            continue                      # not a header, or the objectives table's own header repeated
        if is_plan_table(sheet_table(rows[:index + 1], index, [m for m in merged if m[0][0] == index])):
            return index
    return len(rows)


def read_pasted_rows(rows: list[list], header: int, columns: dict[str, int], merged=(), file=None,
                     sheet=None) -> tuple[list[tuple[int, dict[str, str]]], list[Finding]]:
    """The `Mục tiêu` sheet's objectives as clean rows, read as `xlqms init --from` reads the same table.

    ``rows``: the sheet's rows (0-based, as read); ``header``: the 0-based index of its header row;
    ``columns``: column name → 0-based index for xlqms's own optional columns (Mã chỉ tiêu, Áp dụng
    cho…); ``merged``: the sheet's merged ranges ((first row, first column), (last row, last
    column)), 0-based inclusive. Returns ([(0-based sheet row, column name → text)], findings):
    each objective's row (TT, Mục tiêu, Ghi chú), then one row per indicator (Chỉ tiêu and the
    optional columns of the sheet row it comes from) and one per measure, each at the sheet row it
    was read from; the findings carry ``file``, ``sheet`` and the cell. The rules are
    :mod:`xlqms.decision_table`'s (CONTRACT.md, The campaign: sheet Mục tiêu; README, A `Mục tiêu`
    table pasted from Word). A repeated TT is renumbered only under section rows or parts numbered
    anew; else it is left for the campaign reader to report (``duplicate-objective``).
    """
    prepared = [list(row) for row in rows]
    merged = clipped_ranges(prepared, merged)
    code_column = columns.get(layout.OBJ_CODE)
    target_column = columns.get(layout.OBJ_TARGET)
    if code_column is not None and target_column is not None:
        for row in prepared[header + 1:]:
            # an indicator given its own code is one indicator, whatever its lines look like
            if code_column < len(row) and text_of(row[code_column]).strip() and target_column < len(row):
                row[target_column] = one_line(text_of(row[target_column]))
    table_header = find_header(sheet_table(prepared[:header + 3], header, merged), scan=1)
    plan_at = _plan_header_row(prepared, header, merged) if table_header and table_header.has_targets else len(prepared)
    table_header = find_header(sheet_table(prepared[:plan_at], header, merged), scan=1)   # the table's full width
    if table_header is None:
        return [], [finding(Code.MISSING_HEADER, "Dòng tiêu đề không đủ cột của bảng mục tiêu (cần Chỉ tiêu và TT "
                            "hoặc Mục tiêu). Giữ nguyên dòng tiêu đề theo mẫu.", file=file, sheet=sheet,
                            cell=f"{header + 1}:{header + 1}")]
    reader = ObjectivesReader()
    parts, extra = _read_parts(reader, prepared, header, plan_at, merged, table_header)
    reading = reader.finish(renumber_duplicates=bool(parts))
    problems = list(reading.problems) + extra
    if plan_at < len(prepared):          # the decision's plan table pasted below its objectives table
        plan = attach_plan(sheet_table(prepared, plan_at, merged), reading.objectives)
        problems += [replace(problem, row=plan_at + 1) if problem.row is None else problem for problem in plan]
    if not table_header.has_targets:
        problems.append(ImportProblem(Code.TARGETS_FROM_TITLES, "bảng không có cột Chỉ tiêu: nội dung mỗi mục tiêu "
                                      "được lấy làm chỉ tiêu của nó. Nếu chưa đúng, thêm cột Chỉ tiêu và nhập chỉ "
                                      "tiêu đo được.", row=header + 1))
    known = {header_key(name) for name in layout.OBJECTIVE_OPTIONAL_COLUMNS + (layout.OBJ_READING,)}
    ignored = list(dict.fromkeys(text for text in table_header.ignored if header_key(text) not in known))
    if ignored:
        problems.append(ImportProblem(Code.COLUMNS_IGNORED, f"các cột không thuộc bảng Mục tiêu, không đọc: "
                                      f"{', '.join('“' + text + '”' for text in ignored)}.", row=header + 1))
    grid = {role: grid_columns[0] for role, grid_columns in table_header.columns.items()}
    if layout.OBJ_TARGET not in grid and layout.OBJ_TITLE in grid:
        grid[layout.OBJ_TARGET] = grid[layout.OBJ_TITLE]       # the targets were read from the Mục tiêu cells
    findings = [_finding(problem, grid, file, sheet) for problem in problems if problem.code not in _NOT_SAID]
    findings += _cells_under_spanned_headers(sheet_table(prepared[:plan_at], header, merged), table_header, file, sheet)
    findings += _converted_numbers(rows, range(header + 1, plan_at), [grid[role] for role in (layout.OBJ_TARGET, LEVEL)
                                                                      if role in grid], file, sheet)
    return _sheet_rows(reading.objectives, prepared, columns), findings


def _cells_under_spanned_headers(table: WordTable, header: TableHeader, file, sheet) -> list[Finding]:
    """Text in a column that a header cell spans without a sub-header below (a table nested in a
    Biện pháp cell of the decision, laid out by the paste over the columns beside it): never read, said."""
    read = {column for columns in header.columns.values() for column in columns}
    bottom = next(row for row in table.rows if row.number == header.rows[-1])
    spanned = {column: cell for column in range(table.columns) if column not in read
               and (cell := bottom.cell_at(column)) is not None and cell.column != column}
    findings = []
    for row in table.rows:
        if row.number <= header.rows[-1]:
            continue
        for cell in row.cells:
            if cell.column in spanned and not cell.continues_merge and cell.text.strip():
                label = one_line(spanned[cell.column].text)
                findings.append(finding(Code.PASTED_CELLS_NOT_READ, f"“{one_line(cell.text)[:60]}” nằm dưới tiêu đề "
                                        f"“{label}” gộp nhiều cột (bảng lồng trong ô của quyết định khi dán ra bảng "
                                        "tính): không đọc. Nhập mỗi biện pháp một dòng, Thời gian và Trách nhiệm vào "
                                        "đúng cột, rồi xóa các ô này.", file=file, sheet=sheet,
                                        cell=cell_ref(row.number - 1, cell.column)))
    return findings


def percent_numbers_shown(rows: list[list], formats: dict[tuple[int, int], str]) -> list[list]:
    """``rows`` (a sheet's values from A1) with every number in a percent-formatted cell (``formats``: the
    sheet's number-format kinds by 0-based (row, column)) as the text the cell shows: a spreadsheet
    keeps “97,5%” pasted from Word as 0.975 formatted as a percent, and the decision said 97,5%
    (``'97,5%'``, never 0,975%)."""
    shown = [list(row) for row in rows]
    for (row, column), kind in formats.items():
        if kind != PERCENT or row >= len(shown) or column >= len(shown[row]):
            continue
        value = shown[row][column]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            shown[row][column] = f"{format_number(value * 100, 6)}%"
    return shown


def _converted_numbers(rows: list[list], indexes, columns: list[int], file, sheet) -> list[Finding]:
    """A Chỉ tiêu or level cell holding a number with decimals: the spreadsheet turned the pasted text
    into a number (97,5% → 0.975, 1.540 → 1.54 in an English Excel), which xlqms cannot undo."""
    findings = []
    for index in indexes:
        for column in columns:
            value = rows[index][column] if column < len(rows[index]) else None
            if isinstance(value, float) and not value.is_integer():
                findings.append(finding(Code.PASTED_NUMBER, f"ô là số {_cell_text(value)}, không phải chữ (bảng tính "
                                        "đổi khi dán: “97,5%” thành 0,975, “1.540” thành 1,54): xlqms đọc là "
                                        f"“{_cell_text(value)}”. Nếu quyết định ghi khác, định dạng ô là Văn bản (Text) "
                                        "rồi ghi lại đúng như quyết định.", file=file, sheet=sheet,
                                        cell=cell_ref(index, column)))
    return findings


def _read_parts(reader: ObjectivesReader, rows: list[list], header: int, end: int, merged,
                table_header: TableHeader) -> tuple[dict[int, str], list[ImportProblem]]:
    """Read the objectives table(s) of ``rows[header:end]`` into ``reader``: one table, or one per part
    when two or more are pasted under their names, as :func:`xlqms.decision.import_document` reads the
    tables of a decision set part by part (``reader.part``: `Thuộc: <tên>` in Ghi chú). Returns the
    part headings (0-based row → name; {} for one table) and what was said of them."""
    parts = _part_headings(rows, header, end, merged)
    if sum(1 for text in parts.values() if text) < 2:
        parts = {}                       # one table, or tables without headings: not a decision in parts
    starts = [header] + [index + 1 for index in sorted(parts) if index > header]
    said: list[ImportProblem] = []
    for position, start in enumerate(starts):
        stop = next((index for index in sorted(parts) if index >= start), end)
        heading_row = start - 1 if position else max((index for index in parts if index < header), default=None)
        if heading_row is not None and parts.get(heading_row):
            reader.part = parts[heading_row]
            said.append(ImportProblem(Code.TABLE_OF_A_PART, f"bảng mục tiêu của “{reader.part}”: ghi “Thuộc: "
                                      f"{reader.part}” vào Ghi chú của các mục tiêu bên dưới.", row=heading_row + 1))
        if position == 0:
            reader.read_table(sheet_table(rows[:stop], header, merged), table_header)
        else:                            # the next part's table, its header repeated or not
            reader.read_table(sheet_table(rows[:stop], start, merged), table_header, header_rows=())
    return parts, said


def _finding(problem: ImportProblem, grid: dict[str, int], file, sheet) -> Finding:
    code = _SHEET_CODES.get(problem.code, problem.code)
    message = _SHEET_MESSAGES.get(code, problem.message)
    if code in _SHEET_ACTIONS:
        message = message.replace(*_SHEET_ACTIONS[code])
    cell = None
    if problem.row is not None:
        column = grid.get(problem.column or "", grid.get(layout.OBJ_NUMBER, 0))
        cell = cell_ref(problem.row - 1, column)
    message = message[:1].upper() + message[1:]
    return finding(code, message, file=file, sheet=sheet, cell=cell)


def _sheet_rows(objectives: list[ObjectiveDraft], rows: list[list], columns: dict[str, int]):
    def optional(index: int) -> dict[str, str]:
        row = rows[index] if 0 <= index < len(rows) else []
        return {name: one_line(text_of(row[column])) for name in INDICATOR_COLUMNS
                if (column := columns.get(name)) is not None and column < len(row) and text_of(row[column]).strip()}

    result: list[tuple[int, dict[str, str]]] = []
    for objective in objectives:
        index = objective.row - 1
        values = {layout.OBJ_NUMBER: objective.number, layout.OBJ_TITLE: objective.title, layout.OBJ_NOTE: objective.note}
        values.update({name: value for name, value in optional(index).items() if name != layout.OBJ_CODE})
        result.append((index, values))
        rows_used: set[int] = set()
        for indicator in objective.indicators:
            values = {layout.OBJ_TARGET: indicator.text}
            if indicator.row not in rows_used:         # a cell split in several: the row's columns go with the first
                values.update(optional(indicator.row - 1))
                rows_used.add(indicator.row)
            result.append((indicator.row - 1, values))
        for measure in objective.measures:
            result.append((measure.row - 1, {layout.OBJ_MEASURE: measure.text, layout.OBJ_DEADLINE: measure.deadline,
                                             layout.OBJ_RESPONSIBLE: measure.responsible, layout.OBJ_NOTE: measure.note}))
    return result
