"""Findings: problems in a user's file, as data with a stable code, a severity and a location.

A finding is made from a registered code (:class:`xlqms.codes.Code`), which gives its severity
and disposition: ``finding(Code.NOT_A_NUMBER, "…", file=…, sheet=…, cell=…)``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from xlqms.codes import Code, Disposition, Severity, lookup

__all__ = ["Code", "Finding", "Location", "Severity", "error", "finding", "note", "warning"]


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

    @property
    def registered(self) -> Code | None:
        """The code's entry in the registry (label, action, disposition), or None for an unknown name."""
        return lookup(self.code)

    @property
    def disposition(self) -> Disposition | None:
        found = lookup(self.code)
        return found.disposition if found else None

    def describe(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


def finding(code: Code, message: str, file: str | None = None, sheet: str | None = None, cell: str | None = None,
            indicator: str | None = None) -> Finding:
    """A finding of the registered ``code`` (its severity is the registry's), located in file, sheet, cell."""
    if not isinstance(code, Code):
        raise TypeError(f"not a registered finding code: {code!r} (register it in xlqms.codes)")
    return Finding(code.value, code.severity, message, Location(file, sheet, cell), indicator)


def _of_severity(code: Code | str, severity: Severity) -> Code:
    registered = code if isinstance(code, Code) else lookup(code)
    if registered is None:
        raise ValueError(f"not a registered finding code: {code!r} (register it in xlqms.codes)")
    if registered.severity is not severity:
        raise ValueError(f"{registered.value} is a {registered.severity.value}, not a {severity.value}")
    return registered


def error(code: Code | str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    """:func:`finding` for a registered error code (kept for scripts; raises ValueError otherwise)."""
    return finding(_of_severity(code, Severity.ERROR), message, file, sheet, cell, indicator)


def warning(code: Code | str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    """:func:`finding` for a registered warning code (kept for scripts; raises ValueError otherwise)."""
    return finding(_of_severity(code, Severity.WARNING), message, file, sheet, cell, indicator)


def note(code: Code | str, message: str, file=None, sheet=None, cell=None, indicator=None) -> Finding:
    """:func:`finding` for a registered note code (kept for scripts; raises ValueError otherwise)."""
    return finding(_of_severity(code, Severity.NOTE), message, file, sheet, cell, indicator)
