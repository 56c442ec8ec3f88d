"""Who a returned file says it is from: its identity, from the hidden sheet, names and properties, or
the visible labels of Kết quả; and the peek at a file the safety checks stopped (:mod:`xlqms.read`).

Nothing here judges the identity against the campaign beyond matching a unit code
(:func:`match_unit`) and the two cross-checks that need no more: a visible unit code that names another
unit (:func:`visible_unit_mismatch`) and a file name that does (:func:`file_name_unit_mismatch`);
:mod:`xlqms.identity_check` does the rest.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from xlqms import layout
from xlqms.findings import Code, Finding, finding
from xlqms.ods_cells import OdsCells
from xlqms.sheet_cells import SheetCells
from xlqms.spreadsheet import cell_ref, is_blank, text_of
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


_UNIT_CODE_LABEL_KEY = header_key(layout.VISIBLE_UNIT_CODE_LABEL).rstrip(":").strip()
_NAME_TOKEN = re.compile(r"\s*([0-9A-Za-z]{2,})(?:[_\s.()\-]|$)")   # a file name's first word: a unit code?


def visible_unit_mismatch(identity: Identity, results: SheetCells, units, file: str) -> Finding | None:
    """The rejection (``unit-label-mismatch``) of a workbook whose visible unit code (``Mã đơn vị:`` on
    Kết quả, a locked cell) names another unit than its identity: a unit filled a neighbour's workbook
    and relabelled it, so its figures would count for the neighbour. Codes are compared without their
    leading zeros; None when they agree or no code is shown."""
    shown = visible_identity(results.rows).get(layout.ID_UNIT_CODE, "")
    claimed = identity.unit_code
    if not shown or shown.lstrip("0") == claimed.lstrip("0"):
        return None
    shown_unit = match_unit(shown, units)
    shown_name = f" ({units[shown_unit].name})" if shown_unit else ""
    claimed_unit = match_unit(claimed, units)
    claimed_name = f" ({units[claimed_unit].name})" if claimed_unit else ""
    cells = [cell_ref(row, column) for row, column, label in visible_cells(results.rows)
             if header_key(label).rstrip(":").strip() == _UNIT_CODE_LABEL_KEY]
    return finding(
        Code.UNIT_LABEL_MISMATCH,
        f"Sổ này xlqms phát cho đơn vị {claimed}{claimed_name}, nhưng ô Mã đơn vị ghi {shown}{shown_name}: có lẽ "
        f"đơn vị {shown} đã điền vào sổ của đơn vị khác rồi sửa nhãn. xlqms không tính số liệu cho đơn vị nào. "
        f"Đề nghị đơn vị {shown} điền vào đúng sổ xlqms gửi cho mình và gửi lại.",
        file=file, sheet=results.name, cell=cells[0] if cells else None,
    )


def file_name_unit_mismatch(file: str, unit_code: str, units) -> Finding | None:
    """A WARNING that holds the file (``file-name-unit-mismatch``) when its name begins with another
    unit's code (the way xlqms names workbooks): a unit may have filled a neighbour's workbook and
    named the file as its own. The identity still decides whose file it is; the name only raises the
    question. None for any other name."""
    token = _NAME_TOKEN.match(PurePath(file).name)
    named = token.group(1) if token and token.group(1) in units else None    # exactly a code: never "2026" for 02026
    if named is None or named == unit_code:
        return None
    return finding(
        Code.FILE_NAME_UNIT_MISMATCH,
        f"Tên tệp bắt đầu bằng mã đơn vị {named} ({units[named].name}) nhưng sổ là của đơn vị {unit_code} "
        f"({units[unit_code].name}): có thể đơn vị {named} đã điền vào sổ của đơn vị khác. Hỏi lại hai đơn vị; "
        f"xlqms tạm ghi tệp cho đơn vị {unit_code} nhưng không để tệp này thay tệp đang dùng của đơn vị đó.",
        file=file,
    )
