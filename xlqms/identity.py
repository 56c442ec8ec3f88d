"""Who a returned file says it is from: its identity, from the hidden sheet, names and properties, or
the visible labels of Kết quả; and the peek at a file the safety checks stopped (:mod:`xlqms.read`).

Nothing here judges the identity against the campaign beyond matching a unit code
(:func:`match_unit`); :mod:`xlqms.read` does the rest.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from xlqms import layout
from xlqms.ods_cells import OdsCells
from xlqms.spreadsheet import is_blank, text_of
from xlqms.text import header_key, nfc
from xlqms.xlsx_cells import PROPERTY_PART_BYTES, XlsxCells

VISIBLE_LABELS = {
    layout.VISIBLE_UNIT_CODE_LABEL: layout.ID_UNIT_CODE,
    layout.VISIBLE_UNIT_LABEL: layout.ID_UNIT_NAME,
    layout.VISIBLE_PERIOD_LABEL: layout.ID_PERIOD,
    layout.VISIBLE_CAMPAIGN_LABEL: layout.ID_CAMPAIGN,
}


@dataclass(frozen=True)
class Identity:
    """Who and what a returned file says it is, and where that was read ('sheet', 'properties', 'visible')."""

    values: dict[str, str]
    source: str

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def unit_code(self) -> str:
        return self.get(layout.ID_UNIT_CODE)


def peek_identity(data: bytes) -> Identity | None:
    """Identity from the small parts of a zip the safety checks stopped (defined names, custom or ODF
    properties), each read only up to :data:`xlqms.xlsx_cells.PROPERTY_PART_BYTES`; None when it
    cannot be seen safely (not a zip, encrypted, broken directory, an entity in those parts)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return peek_zip(archive)
    except Exception:  # noqa: BLE001 - no identity is the answer for anything unreadable
        return None


def peek_zip(archive: zipfile.ZipFile) -> Identity | None:
    """Identity from an archive's names and properties (xlsx) or meta.xml (ods), small parts only."""
    names = {info.filename for info in archive.infolist()}
    found: dict[str, str] = {}
    if "content.xml" in names:
        found = _small_ods_properties(archive)
    else:
        try:
            found = XlsxCells.peek(archive, PROPERTY_PART_BYTES)
        except Exception:  # noqa: BLE001 - workbook.xml unreadable (an entity in it…): the custom properties alone
            found = XlsxCells.custom_identity(archive, PROPERTY_PART_BYTES)
    return Identity(found, "properties") if found.get(layout.ID_UNIT_CODE) else None


def _small_ods_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    info = archive.getinfo("meta.xml") if "meta.xml" in archive.namelist() else None
    if info is None or info.file_size > PROPERTY_PART_BYTES:
        return {}
    return OdsCells.properties_of(archive.read(info))


def visible_identity(rows: list[list]) -> dict[str, str]:
    """Identity from the visible labels above the header (value = next filled cell to the right)."""
    labels = {header_key(label).rstrip(":").strip(): key for label, key in VISIBLE_LABELS.items()}
    found: dict[str, str] = {}
    for row in rows[:layout.HEADER_SEARCH_ROWS]:
        for column, value in enumerate(row):
            if not isinstance(value, str) or not value.strip():
                continue
            key = labels.get(header_key(value).rstrip(":").strip())
            if key is None or key in found:
                continue
            for right in row[column + 1:]:
                if not is_blank(right):
                    found[key] = identity_text(right)
                    break
    return found


def identity_text(value) -> str:
    return text_of(value) if not isinstance(value, str) else nfc(value)


def _match_lost_zeros(code: str, units) -> str | None:
    """A unit code that lost its leading zeros on the way ('4' for '00004'), when unique."""
    if not code or not code.isdigit():
        return None
    matches = [unit.code for unit in units if unit.code.isdigit() and unit.code.lstrip("0") == code.lstrip("0")]
    return matches[0] if len(matches) == 1 else None


def match_unit(code: str, units) -> str | None:
    """The unit of this campaign a claimed code is: itself, or the code with lost leading zeros."""
    return code if code in units else _match_lost_zeros(code, units)


def visible_cells(rows: list[list]) -> list[tuple[int, int, str]]:
    """(row, column, label) of the values beside the visible identity labels (for findings)."""
    labels = {header_key(label).rstrip(":").strip() for label in VISIBLE_LABELS}
    found = []
    for row_index, row in enumerate(rows[:layout.HEADER_SEARCH_ROWS]):
        for column, value in enumerate(row):
            if isinstance(value, str) and header_key(value).rstrip(":").strip() in labels:
                for right in range(column + 1, len(row)):
                    if not is_blank(row[right]):
                        found.append((row_index, right, value))
                        break
    return found
