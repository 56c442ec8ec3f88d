"""The header of an objectives table in a Word decision: where it is and which column is which.

Pure: takes a :class:`xlqms.word_tables.WordTable` and finds its header row(s) — TT/STT, Mục tiêu,
Chỉ tiêu, Biện pháp thực hiện, Thời gian hoàn thành, Trách nhiệm…, Ghi chú, matched loosely by
:func:`xlqms.objective_table.match_header`, in any order, extra columns ignored; a header may take
two or three rows (a merged "Trách nhiệm" over "Chủ trì" / "Phối hợp"). A title across the table
above its header is passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xlqms import layout
from xlqms.objective_table import header_words, is_subheader_text, match_header, number_kind, one_line
from xlqms.word_tables import WordRow, WordTable

NUMBER, TITLE, TARGET = layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET
MEASURE, DEADLINE, RESPONSIBLE, NOTE = layout.OBJ_MEASURE, layout.OBJ_DEADLINE, layout.OBJ_RESPONSIBLE, layout.OBJ_NOTE
LABELLED_ROLES = (DEADLINE, RESPONSIBLE, NOTE)     # several columns of one of these are joined, labelled


@dataclass(frozen=True)
class TableHeader:
    """Where the header of an objectives table is and which grid column holds which contract column."""

    table: int
    rows: tuple[int, ...]                       # 1-based row numbers of the header
    columns: dict[str, tuple[int, ...]]         # contract column → grid columns (first is the main one)
    labels: dict[int, str]                      # grid column → its header text (bottom row)
    ignored: tuple[str, ...] = ()               # header texts of the columns not read

    @property
    def has_targets(self) -> bool:
        """False when the table has no Chỉ tiêu column: each objective's text is its target."""
        return TARGET in self.columns

    def headings(self) -> dict[str, str]:
        """contract column → the header as written in the decision (its main column)."""
        return {role: self.labels.get(columns[0], "") for role, columns in self.columns.items()}


def fresh_texts(row: WordRow) -> list[str]:
    """The texts of a row's own cells (not those continuing a merge from above)."""
    return [cell.text for cell in row.cells if not cell.continues_merge and cell.text.strip()]


def _column_texts(rows: list[WordRow], columns: int) -> list[list[str]]:
    """For each grid column, the distinct header texts over ``rows``, top to bottom."""
    texts: list[list[str]] = [[] for _ in range(columns)]
    for row in rows:
        for column in range(columns):
            cell = row.cell_at(column)
            if cell is None or cell.continues_merge:
                continue
            text = one_line(cell.text)
            if text and text not in texts[column]:
                texts[column].append(text)
    return texts


def _roles_of(texts: list[list[str]]) -> tuple[dict[int, str], dict[int, str]]:
    roles, labels = {}, {}
    for column, column_texts in enumerate(texts):
        if not column_texts:
            continue
        labels[column] = column_texts[-1]
        for candidate in (column_texts[-1], " ".join(column_texts), column_texts[0]):
            matched = match_header(candidate)
            if matched:
                roles[column] = matched[0]
                break
    return roles, labels


def _qualifies(roles: dict[int, str], labels: dict[int, str]) -> bool:
    """An objectives table: Chỉ tiêu with TT or Mục tiêu and a third column — or, without Chỉ tiêu
    (targets written in the objective, as in seed 001), TT, a column headed “Mục tiêu…” and a measure,
    deadline or responsibility column."""
    found = set(roles.values())
    if TARGET in found:
        return bool(found & {NUMBER, TITLE}) and len(found) >= 3
    titled = any(role == TITLE and header_words(labels.get(column, "")).startswith("mục tiêu")
                 for column, role in roles.items())
    return titled and NUMBER in found and bool(found & {MEASURE, DEADLINE, RESPONSIBLE})


def extends_header(row: WordRow) -> bool:
    """A row under a header row that is still header: merged cells going on, sub-headers only."""
    texts = fresh_texts(row)
    if any(number_kind(one_line(text)) in ("digit", "sub") and not is_subheader_text(text) for text in texts[:1]):
        return False
    if texts and not all(len(one_line(t)) <= 60 and (is_subheader_text(t) or header_words(t) == "") for t in texts):
        return False
    return bool(texts) or all(cell.continues_merge for cell in row.cells)


def find_header(table: WordTable, scan: int = 6) -> TableHeader | None:
    """The header of an objectives table: TT/STT, Mục tiêu, Chỉ tiêu… matched loosely, or None.

    It needs a Chỉ tiêu column, a TT or Mục tiêu column and at least three contract columns.
    A header may take two or three rows (merged cells over sub-headers such as Chủ trì / Phối hợp).
    """
    rows = list(table.rows)
    for start in range(min(scan, len(rows))):
        if spans_table(rows[start], table):
            continue                      # a title across the table, above its header
        chosen = None
        for depth in (1, 2, 3):
            group = rows[start:start + depth]
            if len(group) < depth or (depth > 1 and not extends_header(group[-1])):
                break
            roles, labels = _roles_of(_column_texts(group, table.columns))
            if _qualifies(roles, labels) and (chosen is None or len(set(roles.values())) > len(set(chosen[1].values()))):
                chosen = (depth, roles, labels)
        if chosen is None:
            continue
        depth, roles, labels = chosen
        while start + depth < len(rows) and depth < 3 and extends_header(rows[start + depth]):
            depth += 1
            roles, labels = _roles_of(_column_texts(rows[start:start + depth], table.columns))
        roles = _with_level_columns(roles, labels)
        columns: dict[str, list[int]] = {}
        for column in sorted(roles):
            columns.setdefault(roles[column], []).append(column)
        ignored = [labels[c] for c in sorted(labels) if c not in roles]
        for role, role_columns in columns.items():
            if role not in LABELLED_ROLES:
                ignored += [labels[c] for c in role_columns[1:] if c in labels]
                columns[role] = role_columns[:1]
        return TableHeader(table.number, tuple(row.number for row in rows[start:start + depth]),
                           {role: tuple(cols) for role, cols in columns.items()}, labels, tuple(ignored))
    return None


# A table that names each indicator in Chỉ tiêu and gives its level in a column of its own, with its
# unit in another: "Chỉ tiêu" | "ĐVT" | "Kế hoạch năm 2025" — read as "Tỷ lệ hồ sơ đúng hạn: ≥ 95%".
LEVEL, UNIT = "Mức chỉ tiêu", "Đơn vị tính"
_UNIT_HEADERS = ("đvt", "đơn vị tính", "đơn vị đo", "đv tính")
_LEVEL_HEADER = re.compile(r"^(?:kế hoạch|kh|chỉ tiêu|mục tiêu|mức|giá trị)(?: chỉ tiêu| mục tiêu| kế hoạch| phấn đấu| cần đạt)?"
                           r"(?: năm)? ?(?:\d{4})?$")


def _with_level_columns(roles: dict[int, str], labels: dict[int, str]) -> dict[int, str]:
    """The roles with a unit column (ĐVT) and a level column (Kế hoạch năm 2025) told apart, when the
    table names its indicators in a Chỉ tiêu column of their own."""
    unit = next((column for column, label in labels.items() if header_words(label) in _UNIT_HEADERS), None)
    targets = [column for column in sorted(roles) if roles[column] == TARGET]
    titles = [column for column in sorted(roles) if roles[column] == TITLE]
    candidates = [column for column, label in sorted(labels.items())
                  if _LEVEL_HEADER.match(header_words(label))
                  and (column not in roles or roles[column] == TARGET or (roles[column] == TITLE and column != titles[0]))
                  and (any(ch.isdigit() for ch in label) or header_words(label).startswith(("k", "mức", "giá trị")))]
    names = [column for column in targets if column not in candidates]
    if not candidates or not names:
        return roles
    roles = dict(roles)
    roles[candidates[0]] = LEVEL
    if unit is not None and unit not in roles:
        roles[unit] = UNIT
    return roles


def header_roles_found(table: WordTable, scan: int = 6) -> list[str]:
    """The contract columns found in the best header-like row of a table that is not the objectives table."""
    best: list[str] = []
    for row in table.rows[:scan]:
        roles, _labels = _roles_of(_column_texts([row], table.columns))
        found = [role for role in layout.OBJECTIVE_COLUMNS if role in roles.values()]
        if len(found) > len(best):
            best = found
    return best


def measures_header(table: WordTable, scan: int = 6, nested: bool = False) -> tuple[int, dict[str, int]] | None:
    """The header row of a measures table (no objectives in it): (its 1-based row number, contract
    column → grid column) when a row heads a Biện pháp column and a Thời gian or Trách nhiệm one.
    ``nested``: a table inside a Biện pháp cell, whose first other column is the measure whatever
    its header says ("Nội dung", "Công việc")."""
    for row in table.rows[:scan]:
        roles, _labels = _roles_of(_column_texts([row], table.columns))
        columns: dict[str, int] = {}
        for column in sorted(roles):
            columns.setdefault(roles[column], column)
        if nested and MEASURE not in columns and (DEADLINE in columns or RESPONSIBLE in columns):
            taken = {columns.get(DEADLINE), columns.get(RESPONSIBLE), columns.get(NUMBER)}
            free = [column for column in range(table.columns) if column not in taken]
            if free:
                columns[MEASURE] = free[0]
        if MEASURE in columns and (DEADLINE in columns or RESPONSIBLE in columns):
            return row.number, columns
    return None


def spans_table(row: WordRow, table: WordTable) -> bool:
    """A row with one cell of text across (nearly) the whole table: a title or a section heading."""
    filled = [cell for cell in row.cells if not cell.continues_merge and cell.text.strip()]
    return len(filled) == 1 and filled[0].span >= max(3, table.columns - 1)
