"""The unit list (sheet `Đơn vị` of campaign.xlsx, or the units file given to ``xlqms init``) read into
units, with every problem at its cell: codes kept as text, names, levels, who reports to whom.
Contract: the unit columns (`Mã đơn vị`, `Tên đơn vị`, `Cấp`, `Mã đơn vị cấp trên`)."""

from __future__ import annotations

from collections.abc import Sequence

from xlqms import layout
from xlqms.findings import Code, Finding, finding
from xlqms.spreadsheet import cell_ref, is_blank, text_of
from xlqms.units import Unit, find_cycles

MAX_UNIT_CODE = 50
MAX_UNIT_NAME = 255
"""A unit's code and name are written into sentences of its workbook and reports; a cell holds at most
32,767 characters (Excel): longer names would break the files every application opens."""


def fill_merged(rows: list[list], ranges) -> list[list]:
    """``rows`` with every cell of a merged range holding the value of its first cell, as the sheet
    shows it: a `Mã đơn vị cấp trên` or `Cấp` merged down over the communes of one district is theirs
    — read cell by cell, the rows below the first would be units with no parent (roots, in silence).
    ``ranges``: ((first row, first column), (last row, last column)), 0-based, inclusive (as
    :func:`xlqms.spreadsheet.read_sheet`). The rows given are not changed."""
    if not ranges:
        return rows
    filled = [list(row) for row in rows]
    for (top, left), (bottom, right) in ranges:
        if top >= len(filled) or left >= len(filled[top]):
            continue
        value = filled[top][left]
        for row in range(top, min(bottom, len(filled) - 1) + 1):
            cells = filled[row]
            if len(cells) <= right:
                cells.extend([""] * (right + 1 - len(cells)))
            for column in range(left, right + 1):
                cells[column] = value
    return filled


def units_from_rows(rows: list[list], file: str, sheet: str | None,
                    merged: Sequence = ()) -> tuple[list[Unit], list[Finding]]:
    """Units from the rows of a sheet or CSV with the contract's unit columns, and every problem.

    Codes are text; a code stored as a number is a warning (its leading zeros may be lost).
    Unknown parents, cycles, duplicates and blank codes or names are errors with their cell.
    ``merged``: the sheet's merged ranges (:func:`xlqms.spreadsheet.read_sheet`); those below the
    header row are read as shown (:func:`fill_merged`) — a header merged over two rows is not.
    """
    findings: list[Finding] = []
    wanted = layout.UNIT_COLUMNS
    header, columns = layout.find_header_row(rows, wanted)
    if header is None or layout.UNIT_NAME not in columns:
        findings.append(finding(
            Code.MISSING_HEADER,
            f"Không tìm thấy dòng tiêu đề có “{layout.UNIT_CODE}” và “{layout.UNIT_NAME}” trong "
            f"{layout.HEADER_SEARCH_ROWS} dòng đầu. Dòng tiêu đề cần các cột: {', '.join(wanted)}.",
            file=file, sheet=sheet,
        ))
        return [], findings
    rows = fill_merged(rows, [span for span in merged if span[0][0] > header])

    def value(row, name):
        column = columns.get(name)
        return row[column] if column is not None and column < len(row) else ""

    def code_of(raw, index, name) -> str:
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            findings.append(finding(
                Code.UNIT_CODE_NUMBER,
                f"Mã “{text_of(raw)}” được lưu dạng số: nếu mã có số 0 ở đầu (ví dụ 03388) thì đã bị mất. "
                "Định dạng cột mã là Văn bản (Text) rồi nhập lại mã đầy đủ.",
                file=file, sheet=sheet, cell=cell_ref(index, columns[name]),
            ))
        return text_of(raw)

    units: list[Unit] = []
    seen: dict[str, str] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]
        raw_code, name = value(row, layout.UNIT_CODE), text_of(value(row, layout.UNIT_NAME))
        if is_blank(raw_code) and not name:
            continue
        code_cell = cell_ref(index, columns[layout.UNIT_CODE])
        code = code_of(raw_code, index, layout.UNIT_CODE)
        if not code:
            findings.append(finding(Code.MISSING_UNIT_CODE, f"Đơn vị “{name}” chưa có mã. Nhập Mã đơn vị.",
                                  file=file, sheet=sheet, cell=code_cell))
            continue
        if not name:
            findings.append(finding(Code.MISSING_UNIT_NAME, f"Đơn vị mã “{code}” chưa có tên. Nhập Tên đơn vị.",
                                  file=file, sheet=sheet, cell=cell_ref(index, columns[layout.UNIT_NAME])))
        if len(code) > MAX_UNIT_CODE or len(name) > MAX_UNIT_NAME:
            long_code = len(code) > MAX_UNIT_CODE
            findings.append(finding(
                Code.UNIT_TEXT_TOO_LONG,
                f"{'Mã' if long_code else 'Tên'} đơn vị “{(code if long_code else name)[:40]}…” dài "
                f"{len(code if long_code else name):,} ký tự".replace(",", ".")
                + f" (tối đa {MAX_UNIT_CODE if long_code else MAX_UNIT_NAME}): một ô bảng tính không chứa nổi các "
                "câu có tên này. Rút gọn lại.", file=file, sheet=sheet,
                cell=code_cell if long_code else cell_ref(index, columns[layout.UNIT_NAME])))
            continue
        if code in seen:
            findings.append(finding(Code.DUPLICATE_UNIT,
                                    f"Mã đơn vị “{code}” bị trùng (đã có ở ô {seen[code]}). Mỗi đơn vị một mã riêng.",
                                    file=file, sheet=sheet, cell=code_cell))
            continue
        seen[code] = code_cell
        parent = code_of(value(row, layout.UNIT_PARENT), index, layout.UNIT_PARENT) if layout.UNIT_PARENT in columns else ""
        units.append(Unit(code, name, text_of(value(row, layout.UNIT_LEVEL)), parent or None, index + 1))

    parent_column = columns.get(layout.UNIT_PARENT, columns[layout.UNIT_CODE])
    for unit in units:
        if unit.parent is not None and unit.parent not in seen:
            findings.append(finding(
                Code.UNKNOWN_PARENT,
                f"Đơn vị “{unit.code}” có đơn vị cấp trên “{unit.parent}” không có trong danh sách. "
                "Sửa mã cấp trên hoặc thêm đơn vị đó.",
                file=file, sheet=sheet, cell=cell_ref(unit.row - 1, parent_column) if unit.row else None,
            ))
    rows_of = {unit.code: unit.row or 1 for unit in units}
    for cycle in find_cycles(units):
        findings.append(finding(
            Code.HIERARCHY_CYCLE,
            f"Quan hệ cấp trên bị vòng: {' → '.join(cycle + [cycle[0]])}. Một đơn vị không thể là cấp trên của chính nó.",
            file=file, sheet=sheet, cell=cell_ref(rows_of[cycle[0]] - 1, parent_column),
        ))
    if not units:
        findings.append(finding(Code.NO_UNITS, "Danh sách chưa có đơn vị nào dưới dòng tiêu đề. Nhập mã, tên, cấp, mã cấp trên.",
                              file=file, sheet=sheet))
    return units, findings
