"""A plan table of a decision — the measures of objectives set in another table — read onto them (pure).

Some decisions give the objectives and their indicators in one table (Phụ lục I: TT, Mục tiêu,
Chỉ tiêu) and the plan to reach them in another (Phụ lục II "Kế hoạch thực hiện mục tiêu": TT,
Mục tiêu, Biện pháp thực hiện, Thời gian, Trách nhiệm). :func:`attach_plan` gives each row of the
plan table to the objective it names — by number ("1", "Mục tiêu 1", "MT2") or by its words, in
its Mục tiêu column — a row with a merged or blank objective cell going on with the objective above.
A row it cannot place (a plan without a Mục tiêu column: its TT numbers the measures) is listed
with its row number; nothing is dropped.
"""

from __future__ import annotations

from xlqms import layout
from xlqms.codes import Code
from xlqms.decision_header import measures_header
from xlqms.decision_table import ImportProblem, MeasureDraft, ObjectiveDraft
from xlqms.objective_table import header_words, number_kind, objective_number, one_line
from xlqms.word_tables import WordRow, WordTable


def is_plan_table(table: WordTable) -> bool:
    """A table of measures (Biện pháp with Thời gian or Trách nhiệm) without Chỉ tiêu."""
    found = measures_header(table)
    return found is not None and layout.OBJ_TARGET not in found[1]


def attach_plan(table: WordTable, objectives: list[ObjectiveDraft]) -> list[ImportProblem]:
    """Add the plan table's measures to ``objectives`` (in place); the problems met, located."""
    found = measures_header(table)
    if found is None or not objectives:
        return []
    header_row, columns = found
    key_column = columns.get(layout.OBJ_TITLE)      # a TT alone numbers the measures, not their objectives
    problems: list[ImportProblem] = []
    current: ObjectiveDraft | None = None
    unplaced: list[str] = []
    placed = 0
    above: dict[int, str] = {}            # each column's text in the row above (for cells merged down)
    for row in table.rows:
        if row.number <= header_row or not any(cell.text.strip() for cell in row.cells if not cell.continues_merge):
            continue
        texts = {role: _text(row, column, above) for role, column in columns.items()}
        for cell in row.cells:
            if not cell.continues_merge:
                above[cell.column] = "\n".join(one_line(line) for line in cell.lines if line.strip())
        key_cell = row.cell_at(key_column) if key_column is not None else None
        key = one_line(key_cell.text) if key_cell is not None and not key_cell.continues_merge else ""
        if key:
            current = _objective_named(key, objectives)
        measure = texts.get(layout.OBJ_MEASURE, "")
        if not measure or (measure_cell := row.cell_at(columns[layout.OBJ_MEASURE])) is None \
                or measure_cell.continues_merge:
            continue
        if current is None:
            unplaced.append(f"dòng {row.number}: “{one_line(measure)[:60]}”")
            continue
        current.measures.append(MeasureDraft(measure, texts.get(layout.OBJ_DEADLINE, ""),
                                             texts.get(layout.OBJ_RESPONSIBLE, ""), texts.get(layout.OBJ_NOTE, ""),
                                             table.number, row.number))
        placed += 1
    if placed:
        problems.append(ImportProblem(Code.PLAN_TABLE, f"bảng kế hoạch thực hiện: {placed} biện pháp được gắn vào "
                                      "mục tiêu mà dòng của nó ghi (số hoặc nội dung mục tiêu).", table.number))
    if unplaced:
        problems.append(ImportProblem(Code.MEASURES_NOT_PLACED, f"bảng kế hoạch thực hiện có {len(unplaced)} dòng không "
                                      "ghi mục tiêu nào có trong bảng mục tiêu: không gắn được — nhập vào cột Biện "
                                      f"pháp thực hiện của campaign.xlsx ({'; '.join(unplaced)}).", table.number))
    return problems


def _objective_named(key: str, objectives: list[ObjectiveDraft]) -> ObjectiveDraft | None:
    """The objective a plan row names: its number, or its words (the start of its title)."""
    if number_kind(key) == "digit":
        number = objective_number(key)
        return next((objective for objective in objectives if objective.number == number), None)
    words = header_words(key)
    for objective in objectives:
        title = header_words(objective.title)
        if words and title and (words == title or title.startswith(words) or words.startswith(title)):
            return objective
    leading = key.split(" ", 1)[0]
    if number_kind(leading) == "digit":             # "1. Hồ sơ đúng hạn" written with its number
        number = objective_number(leading)
        return next((objective for objective in objectives if objective.number == number), None)
    return None


def _text(row: WordRow, column: int, above: dict[int, str]) -> str:
    """The text of ``row`` in grid ``column``: a cell merged down from above gives the text above."""
    cell = row.cell_at(column)
    if cell is None or cell.column != column:
        return ""
    if cell.continues_merge:
        return above.get(column, "")
    return "\n".join(one_line(line) for line in cell.lines if line.strip())
