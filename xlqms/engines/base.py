"""The engine interface: a spreadsheet application that fills input cells, recalculates, and shows.

An engine is batch-oriented, because starting an application is what costs time:

- :meth:`Engine.fill_and_recalculate` takes many :class:`FillJob` s (a workbook, the values to
  type into some cells, where to save the result) and lets the application compute every formula
  of every copy, in as few starts as it can;
- :func:`read_values` reads what the saved copies show (the values the application computed and
  stored), by sheet name and A1 cell.

A value is typed as it is given (a number, text — ``"85,3"`` stays text —, a date, a boolean), or
as :class:`Typed`: a value with the number format the application gives the cell, the way a
person's keystrokes leave it (``99%`` typed with the % key is ``Typed(0.99, "0%")``).
:meth:`Engine.fill_and_recalculate_each` keeps going when the application fails on one copy: that
copy's place holds the :class:`EngineError`.

Backends: ``libreoffice`` (:mod:`xlqms.engines.libreoffice`) and ``excel`` (:mod:`xlqms.engines.excel`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from xlqms.errors import XlqmsError
from xlqms.spreadsheet import read_sheet_rows, write_text


class EngineUnavailable(XlqmsError):
    """The chosen spreadsheet application is not on this machine (or cannot be driven)."""

    exit_code = 2


class EngineError(XlqmsError):
    """The spreadsheet application is there but failed on a file (crash, timeout, no output)."""

    exit_code = 1


CellKey = tuple[str, str]   # (sheet name, A1 reference)


@dataclass(frozen=True)
class Typed:
    """A value typed into a cell together with the number format the cell then has.

    ``Typed(0.99, "0%")``: 99% typed with the % key (stored 0,99 in a percent-formatted cell);
    ``Typed(dt.date(2026, 5, 1), "dd/mm/yyyy")``: “1/5” taken for a date; ``Typed("=1/0", formula=True)``:
    a formula typed into the cell.
    """

    value: object
    number_format: str = "General"
    formula: bool = False        # ``value`` is a formula the person typed ("=1540/1587")


def type_into(cell, value) -> None:
    """Write ``value`` (plain or :class:`Typed`) into an openpyxl cell; text stays text."""
    if isinstance(value, Typed):
        if value.formula:
            cell.value = value.value
        else:
            write_text(cell, value.value)
        cell.number_format = value.number_format
    else:
        write_text(cell, value)


@dataclass(frozen=True)
class FillJob:
    """Type ``inputs`` into a copy of ``workbook``, recalculate, and save the copy as ``out_path``.

    ``inputs`` maps (sheet, A1) to a value: a number, text, a date, a boolean, a :class:`Typed`,
    or None to clear the cell.
    """

    workbook: Path
    out_path: Path
    inputs: dict[CellKey, object] = field(default_factory=dict)


class Engine(ABC):
    """A spreadsheet application xlqms can drive."""

    name: str = ""
    title: str = ""     # shown to people: "LibreOffice", "Microsoft Excel"

    @abstractmethod
    def fill_and_recalculate(self, jobs: list[FillJob]) -> list[Path]:
        """Run every job (batched); return the saved copies in the order of ``jobs``."""

    def fill_and_recalculate_each(self, jobs: list[FillJob]) -> list[Path | EngineError]:
        """Like :meth:`fill_and_recalculate`, but a copy the application fails on is an
        :class:`EngineError` in its place, not the end: a failing batch is split until the copies
        that fail are found (one start per half)."""
        if not jobs:
            return []
        try:
            return list(self.fill_and_recalculate(jobs))
        except EngineError as error:
            if len(jobs) == 1:
                return [error]
        middle = len(jobs) // 2
        return self.fill_and_recalculate_each(jobs[:middle]) + self.fill_and_recalculate_each(jobs[middle:])

    def read_values(self, path, sheet: str, cells) -> dict[str, object]:
        """What the cells of a saved, recalculated workbook show (A1 -> value)."""
        return read_cell_values(path, sheet, cells)

    def close(self) -> None:  # noqa: B027 - an optional hook: engines with nothing to release keep it
        """Release the application and any temporary files."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


ENGINES = ("libreoffice", "excel")


def get_engine(name: str = "libreoffice", soffice: str | None = None) -> Engine:
    """The engine called ``name``; raise :class:`EngineUnavailable` if its application is absent."""
    key = (name or "").strip().lower()
    if key in ("libreoffice", "soffice", "lo"):
        # imported here: the engines import this module (a cycle at the top)
        from xlqms.engines.libreoffice import LibreOfficeEngine

        return LibreOfficeEngine(soffice=soffice)
    if key == "excel":
        from xlqms.engines.excel import ExcelEngine

        return ExcelEngine()
    raise EngineUnavailable(
        f"Không có ứng dụng bảng tính “{name}”: chọn --engine libreoffice hoặc --engine excel."
    )


def read_cell_values(path, sheet: str, cells) -> dict[str, object]:
    """Read the shown values of A1 ``cells`` of ``sheet`` in an .xlsx/.xls/.ods (python-calamine)."""


    rows = read_sheet_rows(path, sheet)
    values: dict[str, object] = {}
    for ref in cells:
        letters, number = coordinate_from_string(ref)
        row, column = number - 1, column_index_from_string(letters) - 1
        value = rows[row][column] if row < len(rows) and column < len(rows[row]) else ""
        values[ref] = value
    return values
