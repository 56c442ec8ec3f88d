"""Units of the previous round mapped onto this round's: the optional sheet `Đơn vị cũ` of campaign.xlsx.

Contract, "Rounds that follow each other": the sheet has the columns `Mã đơn vị cũ` (the unit's code
in the round named by `Đợt trước`) and `Mã đơn vị` (its successor in this round). Units it does not
list keep their codes; several old units may map to one new unit (the 2025 merger of communes), never
one old unit to several. Pure: rows in, :class:`Succession` rows and findings out.

Checks, each a located finding (sheet Đơn vị cũ, cell) and an error of campaign.xlsx:

* ``old-unit-row-incomplete``: a row with one of the two codes blank;
* ``new-unit-unknown``: a new code that is not a unit of this round (sheet Đơn vị);
* ``old-unit-mapped-twice``: an old code on two rows (a split is not a succession xlqms can pool);
* ``old-unit-chain``: a code that is the successor on one row and moves on to another unit on
  another row (A → B, B → C), cycles included (A → B, B → A): each old code must name its
  successor in this round directly;
* ``old-unit-still-listed`` (a warning): an old code moved to another unit that is still a unit of
  this round (sheet Đơn vị) — usually a merged commune left in the list; that unit has no
  previous results of its own.

Whether the old codes were units of the previous round is checked when that round is read
(:mod:`xlqms.previous`, ``old-unit-unknown``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlqms import layout
from xlqms.findings import Code, Finding, finding
from xlqms.spreadsheet import cell_ref, is_blank, text_of
from xlqms.unit_list import fill_merged


@dataclass(frozen=True)
class Succession:
    """One row of `Đơn vị cũ`: the previous round's unit ``old`` continues as this round's ``new``."""

    old: str
    new: str
    row: int                       # 1-based row in the sheet, for messages
    old_cell: str = ""             # A1 cells of the two codes
    new_cell: str = ""


def successions_from_rows(rows: Sequence[Sequence], unit_codes: Iterable[str], file: str = layout.CAMPAIGN_FILE,
                          sheet: str = layout.OLD_UNITS_SHEET,
                          merged: Sequence = ()) -> tuple[tuple[Succession, ...], list[Finding]]:
    """The rows of sheet `Đơn vị cũ` read into successions, with every problem found (module docstring).

    ``unit_codes``: the codes of this round's units (sheet Đơn vị). Codes are text; one stored as a
    number is a ``unit-code-number`` warning, as in sheet Đơn vị. An empty sheet (header only) is fine.
    ``merged``: the sheet's merged ranges; below the header they are read as shown
    (:func:`xlqms.unit_list.fill_merged`) — the new `Mã đơn vị` merged down over the old communes
    that became it is each one's.
    """
    findings: list[Finding] = []
    header, columns = layout.find_header_row(rows, layout.OLD_UNIT_COLUMNS)
    if header is None or any(name not in columns for name in layout.OLD_UNIT_COLUMNS):
        findings.append(finding(
            Code.MISSING_HEADER,
            f"Trang “{sheet}” cần dòng tiêu đề có hai cột “{layout.OLD_UNIT_CODE}” và “{layout.UNIT_CODE}” "
            f"trong {layout.HEADER_SEARCH_ROWS} dòng đầu. Sửa dòng tiêu đề, hoặc xóa trang nếu không có đơn vị nào "
            "đổi mã hay sáp nhập.", file=file, sheet=sheet))
        return (), findings
    rows = fill_merged([list(row) for row in rows], [span for span in merged if span[0][0] > header])
    current = set(unit_codes)

    def code_at(row: Sequence, index: int, name: str) -> tuple[str, str]:
        column = columns[name]
        raw = row[column] if column < len(row) else None
        where = cell_ref(index, column)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            findings.append(finding(
                Code.UNIT_CODE_NUMBER,
                f"Mã “{text_of(raw)}” được lưu dạng số: nếu mã có số 0 ở đầu (ví dụ 03388) thì đã bị mất. "
                "Định dạng cột mã là Văn bản (Text) rồi nhập lại mã đầy đủ.", file=file, sheet=sheet, cell=where))
        return ("" if is_blank(raw) else text_of(raw)), where

    successions: list[Succession] = []
    first_row_of: dict[str, Succession] = {}
    for index in range(header + 1, len(rows)):
        old, old_cell = code_at(rows[index], index, layout.OLD_UNIT_CODE)
        new, new_cell = code_at(rows[index], index, layout.UNIT_CODE)
        if not old and not new:
            continue
        if not old or not new:
            findings.append(finding(
                Code.OLD_UNIT_ROW_INCOMPLETE,
                f"Dòng {index + 1} chỉ có {'mã mới “' + new + '”' if new else 'mã cũ “' + old + '”'}: ghi cả "
                f"{layout.OLD_UNIT_CODE} và {layout.UNIT_CODE} (mới), hoặc xóa dòng.",
                file=file, sheet=sheet, cell=new_cell if not new else old_cell))
            continue
        succession = Succession(old, new, index + 1, old_cell, new_cell)
        if new not in current:
            findings.append(finding(
                Code.NEW_UNIT_UNKNOWN,
                f"Mã đơn vị “{new}” (đơn vị mới của “{old}”) không có trong trang {layout.UNITS_SHEET}. "
                "Sửa mã cho đúng một đơn vị của đợt này.", file=file, sheet=sheet, cell=new_cell))
        if old in first_row_of:
            earlier = first_row_of[old]
            findings.append(finding(
                Code.OLD_UNIT_MAPPED_TWICE,
                f"Đơn vị cũ “{old}” đã có ở dòng {earlier.row} (→ “{earlier.new}”); dòng này ghi lại (→ “{new}”). "
                "Mỗi đơn vị cũ chỉ chuyển sang một đơn vị mới: xóa một trong hai dòng.",
                file=file, sheet=sheet, cell=old_cell))
            continue
        first_row_of[old] = succession
        successions.append(succession)
    findings.extend(_chains(successions, file, sheet))
    for succession in successions:
        if succession.old != succession.new and succession.old in current and succession.old not in {
                s.new for s in successions}:
            findings.append(finding(
                Code.OLD_UNIT_STILL_LISTED,
                f"“{succession.old}” chuyển sang “{succession.new}” nhưng vẫn là một đơn vị trong trang "
                f"{layout.UNITS_SHEET}: nếu đã sáp nhập, xóa “{succession.old}” khỏi trang {layout.UNITS_SHEET}; "
                f"nếu không, đơn vị “{succession.old}” của đợt này không có kết quả kỳ trước.",
                file=file, sheet=sheet, cell=succession.old_cell or None))
    return tuple(successions), findings


def _chains(successions: Sequence[Succession], file: str, sheet: str) -> list[Finding]:
    """A code that is a successor on one row and moves on on another (A → B, B → C), cycles included."""
    moves = {s.old: s for s in successions if s.old != s.new}
    findings = []
    reported: set[str] = set()
    for start in moves.values():
        if start.new not in moves or start.old in reported:
            continue
        path = [start]
        while path[-1].new in moves and moves[path[-1].new] not in path:
            path.append(moves[path[-1].new])
        cycle = path[-1].new in moves and moves[path[-1].new] in path
        reported.update(s.old for s in path)
        chain = " → ".join([path[0].old] + [s.new for s in path])
        shape = "vòng tròn" if cycle else "nối tiếp"
        findings.append(finding(
            Code.OLD_UNIT_CHAIN,
            f"Mã đơn vị cũ {shape}: {chain} (dòng {', '.join(str(s.row) for s in path)}). “{start.new}” vừa là "
            f"đơn vị mới của “{start.old}” vừa là đơn vị cũ chuyển sang “{moves[start.new].new}”. Ghi thẳng mỗi mã cũ "
            "sang mã của đợt này.", file=file, sheet=sheet, cell=moves[start.new].old_cell or None))
    return findings


def predecessors(successions: Iterable[Succession], previous_codes: Iterable[str],
                 current_codes: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """For each unit of this round, the previous round's units whose results it continues.

    A unit keeps its own previous results when it was in the previous round under the same code and
    `Đơn vị cũ` does not move that code to another unit; to those are added the old units mapped onto
    it. ``{"03901": ("03901", "03394", "03397")}`` for a commune that absorbed two others. Old codes
    not in ``previous_codes`` are left out (the reader of the previous round reports them).
    """
    successions = list(successions)
    previous = set(previous_codes)
    moved = {s.old for s in successions}
    found: dict[str, list[str]] = {}
    for code in current_codes:
        found[code] = [code] if code in previous and code not in moved else []
    for succession in successions:
        if succession.new in found and succession.old in previous and succession.old not in found[succession.new]:
            found[succession.new].append(succession.old)
    return {code: tuple(sources) for code, sources in found.items()}
