"""Sheet Đơn vị cũ: previous units mapped onto this round's, and every mistake located (xlqms.lineage)."""

from __future__ import annotations

import pytest

from xlqms import layout
from xlqms.findings import Severity
from xlqms.lineage import predecessors, successions_from_rows

HEADER = [layout.OLD_UNIT_CODE, layout.UNIT_CODE]
CURRENT = {"T1", "X1", "X9", "X5"}


def rows(*pairs, title=True):
    """The sheet as scaffold writes it: a title and a note above the header (row 4), then the pairs."""
    above = [["ĐƠN VỊ CŨ"], ["ghi chú"], []] if title else []
    return above + [HEADER] + [list(pair) for pair in pairs]


def codes(findings):
    return sorted(f.code for f in findings)


def test_a_merger_and_a_renaming_read_without_a_finding():
    successions, findings = successions_from_rows(rows(("X2", "X9"), ("X3", "X9"), ("X4", "X5")), CURRENT)
    assert findings == []
    assert [(s.old, s.new, s.row, s.old_cell, s.new_cell) for s in successions] == [
        ("X2", "X9", 5, "A5", "B5"), ("X3", "X9", 6, "A6", "B6"), ("X4", "X5", 7, "A7", "B7")]


def test_an_empty_sheet_and_blank_rows_are_fine():
    assert successions_from_rows(rows(), CURRENT) == ((), [])
    assert successions_from_rows(rows(("", ""), (None, None), ("X2", "X9")), CURRENT)[1] == []


@pytest.mark.parametrize("pairs, code, cell", [
    ([("X2", "")], "old-unit-row-incomplete", "B5"),
    ([("", "X9")], "old-unit-row-incomplete", "A5"),
    ([("X2", "X8")], "new-unit-unknown", "B5"),                    # not a unit of this round
    ([("X2", "X9"), ("X2", "X5")], "old-unit-mapped-twice", "A6"),  # a split: one old unit, two new
    ([("X2", "X9"), ("X2", "X9")], "old-unit-mapped-twice", "A6"),  # the same row twice
    ([("X1", "X9"), ("X9", "X5")], "old-unit-chain", "A6"),         # X9 receives X1 and moves on to X5
    ([("X1", "X9"), ("X9", "X1")], "old-unit-chain", "A6"),         # a cycle: two codes swapped
])
def test_each_mistake_is_an_error_at_its_cell(pairs, code, cell):
    _, found = successions_from_rows(rows(*pairs), CURRENT)
    findings = [f for f in found if f.code != "old-unit-still-listed"]     # X1 left in the units: a warning too
    assert [f.code for f in findings] == [code]
    assert findings[0].severity is Severity.ERROR
    assert (findings[0].location.sheet, findings[0].location.cell) == (layout.OLD_UNITS_SHEET, cell)


def test_a_cycle_is_reported_once_and_named_as_one():
    _, findings = successions_from_rows(rows(("X1", "X9"), ("X9", "X5"), ("X5", "X1")), CURRENT)
    assert codes(findings) == ["old-unit-chain"]
    assert "vòng tròn" in findings[0].message and "X1 → X9 → X5 → X1" in findings[0].message


def test_a_unit_that_keeps_its_code_and_absorbs_others_is_no_chain():
    _, findings = successions_from_rows(rows(("X1", "X1"), ("X2", "X1"), ("X3", "X1")), CURRENT)
    assert findings == []


def test_a_code_stored_as_a_number_is_a_warning_and_every_problem_is_reported_at_once():
    _, findings = successions_from_rows(rows((3394, "X9"), ("X2", ""), ("X3", "X0")), CURRENT)
    assert codes(findings) == ["new-unit-unknown", "old-unit-row-incomplete", "unit-code-number"]


def test_a_sheet_without_its_header_row():
    _, findings = successions_from_rows([["Mã cũ", "Mã mới"], ["X2", "X9"]], CURRENT)
    assert codes(findings) == ["missing-header"]
    assert layout.OLD_UNIT_CODE in findings[0].message


def test_predecessors_keep_codes_add_merged_units_and_move_renamed_ones():
    successions, _ = successions_from_rows(rows(("X2", "X9"), ("X3", "X9"), ("X4", "X5"), ("X7", "X9")),
                                           {"T1", "X1", "X9", "X5", "X4"})
    previous = {"T1", "X1", "X2", "X3", "X4", "X6"}            # X7 was not a unit of the previous round
    found = predecessors(successions, previous, ["T1", "X1", "X9", "X5", "X4"])
    assert found == {
        "T1": ("T1",), "X1": ("X1",),               # kept their codes
        "X9": ("X2", "X3"),                         # a new commune of two old ones (X7 unknown: left out)
        "X5": ("X4",),                              # renamed
        "X4": (),                                   # the code X4 moved away: the new X4 has no past
    }


def test_an_identity_row_is_the_same_as_no_row():
    successions, _ = successions_from_rows(rows(("X1", "X1"), ("X2", "X1")), CURRENT)
    assert predecessors(successions, {"X1", "X2"}, ["X1"]) == {"X1": ("X1", "X2")}


def test_a_merged_unit_left_in_the_units_list_is_a_warning():
    _, findings = successions_from_rows(rows(("X1", "X9"), ("X2", "X9")), CURRENT)     # X1 is still a unit
    assert [(f.code, f.severity, f.location.cell) for f in findings] == [("old-unit-still-listed", Severity.WARNING,
                                                                           "A5")]
    _, findings = successions_from_rows(rows(("X9", "X9"), ("X2", "X9")), CURRENT)     # kept its code: fine
    assert findings == []
