"""Findings: problems in a user's file, as data with a stable code, a severity and a location."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"      # rejects the value or the file
    WARNING = "warning"  # kept, but the user should look
    NOTE = "note"        # for the record (a lock file passed over, …)

    @property
    def label(self) -> str:
        return {"error": "Lỗi", "warning": "Cảnh báo", "note": "Ghi chú"}[self.value]


@dataclass(frozen=True)
class Location:
    """Where a finding is: the file, the sheet and the A1 cell (each optional)."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        place = ""
        if self.sheet and self.cell:
            place = f"{self.sheet}!{self.cell}"
        elif self.sheet:
            place = self.sheet
        elif self.cell:
            place = self.cell
        if self.file and place:
            return f"{self.file} — {place}"
        return self.file or place


@dataclass(frozen=True)
class Finding:
    """One problem: `code` is stable kebab-case for scripts, `message` is Vietnamese for people."""

    code: str
    severity: Severity
    message: str
    location: Location = Location()
    indicator: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def describe(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def error(code: str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    return Finding(code, Severity.ERROR, message, Location(file, sheet, cell), indicator)


def warning(code: str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    return Finding(code, Severity.WARNING, message, Location(file, sheet, cell), indicator)


def note(code: str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    return Finding(code, Severity.NOTE, message, Location(file, sheet, cell), indicator)
