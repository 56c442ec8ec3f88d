"""What one cell or row of a decision's objectives table may hold beyond plain text (pure).

Helpers of :mod:`xlqms.decision_table`: a Mục tiêu cell that names the objective then lists its
indicators; an indicator's name, level and unit in three columns; the measures of a row written
as a table nested in its Biện pháp cell (under its own Thời gian / Trách nhiệm header).
"""

from __future__ import annotations

from xlqms import layout
from xlqms.decision_header import TableHeader, measures_header
from xlqms.objective_table import is_item_line, one_line, strip_item_mark
from xlqms.word_tables import WordRow, WordTable

MEASURE, DEADLINE, RESPONSIBLE = layout.OBJ_MEASURE, layout.OBJ_DEADLINE, layout.OBJ_RESPONSIBLE


def cell_lines(text: str) -> str:
    """Cell text with each line's spaces collapsed, lines kept."""
    return "\n".join(one_line(line) for line in str(text or "").split("\n") if line.strip())


def nested_measures(row: WordRow, header: TableHeader) -> list[tuple[str, str, str]]:
    """(measure, deadline, responsible) of each row of a table nested in the row's Biện pháp cell
    under its own header (Nội dung / Biện pháp, Thời gian, Trách nhiệm…); [] when there is none."""
    if MEASURE not in header.columns:
        return []
    cell = row.cell_at(header.columns[MEASURE][0])
    if cell is None or cell.continues_merge or not cell.blocks:
        return []
    measures = []
    for inner in cell.blocks:
        found = measures_header(inner, nested=True) if isinstance(inner, WordTable) else None
        if found is None:
            continue
        header_row, columns = found
        for inner_row in inner.rows:
            if inner_row.number > header_row:
                texts = [column_text(inner_row, columns.get(role)) for role in (MEASURE, DEADLINE, RESPONSIBLE)]
                if texts[0]:
                    measures.append((texts[0], texts[1], texts[2]))
    return measures


def column_text(row: WordRow, column: int | None) -> str:
    cell = row.cell_at(column) if column is not None else None
    return cell_lines(cell.text) if cell is not None and not cell.continues_merge else ""


def named_level(name: str, level: str, unit: str) -> str:
    """'Tỷ lệ hồ sơ đúng hạn: ≥ 95%' from the name, the level and the unit columns of a row."""
    level, unit = one_line(level), one_line(unit)
    if unit == "%" and "%" not in level:
        level = f"{level}%"
    elif unit and unit != "%" and unit.casefold() not in level.casefold():
        level = f"{level} {unit}"
    return f"{one_line(name)}: {level}" if one_line(name) else level


def title_and_listed_targets(text: str) -> tuple[str, list[str]]:
    """A Mục tiêu cell of a table without Chỉ tiêu that names the objective, then lists its
    indicators ('Giải quyết TTHC đúng hạn:' / '- Đúng hạn trên 95%' / '- Trước hạn trên 50%'):
    (the objective's words without the trailing colon, the items without their marks);
    ('', []) when the cell is not so written."""
    lines = [line.strip() for line in str(text or "").split("\n") if line.strip()]
    lead: list[str] = []
    items: list[str] = []
    for line in lines:
        if is_item_line(line):
            items.append(strip_item_mark(line))
        elif items:
            items[-1] = f"{items[-1]} {line}"        # an item's text going on over a line
        else:
            lead.append(line)
    if not lead or not items:
        return "", []
    return one_line(" ".join(lead)).rstrip(" :;,"), [one_line(item) for item in items]
