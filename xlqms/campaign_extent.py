"""campaign.xlsx checked for cells far outside any table before its reader opens it (issue 15).

The reader of campaign.xlsx (python-calamine) allocates a sheet's whole extent, from its first to
its last cell: one value typed at XFD1048576 (a stray keystroke after Ctrl+End, or a hostile file)
asks for billions of cells and the process dies in native code, whatever command was run. Returned
files are read in isolated workers for this reason (:mod:`xlqms.isolation`); campaign.xlsx is read by
every command in its own process, so its sheets are first streamed with xlqms's bounded reader
(:class:`xlqms.xlsx_cells.XlsxCells`: cells counted as they come, never a sheet's extent allocated)
and a sheet with a value beyond :data:`xlqms.sheet_cells.FORM_ROWS` rows or
:data:`xlqms.sheet_cells.FORM_COLUMNS` columns is refused with its sheet and cell. (A sheet with
more cells than that reader reads is left to the campaign reader: a dense sheet costs memory in
proportion, it does not ask for billions of cells.) The same read gives what the campaign reader
lacks, the file streamed once: each sheet's number formats
(:func:`xlqms.pasted_table.percent_numbers_shown`) and its formulas whose result the file does not
hold (a campaign.xlsx written by a program and never opened in a spreadsheet application): the
campaign reader sees such a cell as empty, and would drop a unit whose code is one in silence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xlqms.codes import Code
from xlqms.findings import Finding, finding
from xlqms.sheet_cells import FORM_COLUMNS, FORM_ROWS, CellError, UncachedFormula
from xlqms.text import nfc
from xlqms.xlsx_cells import XlsxCells


@dataclass(frozen=True)
class CampaignScan:
    """What one bounded read of campaign.xlsx found. ``far``: one error per sheet holding a value far
    outside any table; ``formats``: each sheet's number-format kinds by 0-based (row, column)
    (:attr:`xlqms.sheet_cells.SheetCells.formats`), for the readers that see only values;
    ``unsaved``: each sheet's formulas without a stored result by 0-based (row, column), as typed
    (``=1+1``); ``errors``: each sheet's error values (``#N/A``) the same way — the campaign reader
    sees both as empty cells."""

    far: list[Finding] = field(default_factory=list)
    formats: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    unsaved: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def scan_campaign(path) -> CampaignScan:
    """Stream every sheet of the .xlsx at ``path`` once (:class:`CampaignScan`); an empty scan when the
    file cannot be read this way (the campaign reader then says what is wrong with it)."""
    path = Path(path)
    try:
        book = XlsxCells(path.read_bytes())
    except Exception:  # noqa: BLE001 - not an .xlsx this reader knows: left to the campaign reader
        return CampaignScan()
    far: list[Finding] = []
    formats: dict[str, dict[tuple[int, int], str]] = {}
    unsaved: dict[str, dict[tuple[int, int], str]] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    try:
        for name, sheet in book.read_sheets(list(book.sheet_names)).items():
            formats[name] = dict(sheet.formats)
            unsaved[name], errors[name] = {}, {}
            for row, cells in enumerate(sheet.rows):
                for column, value in enumerate(cells):
                    if isinstance(value, UncachedFormula):
                        unsaved[name][(row, column)] = str(value)
                    elif isinstance(value, CellError):
                        errors[name][(row, column)] = value.code
            if sheet.far_count:
                cell, value = sheet.far[0]
                shown = nfc(str(value)).replace("\n", " ")[:40]
                rows = f"{FORM_ROWS:,}".replace(",", ".")
                far.append(finding(
                    Code.SHEET_TOO_LARGE,
                    f"Trang “{name}” của {path.name} có {sheet.far_count} ô có dữ liệu nằm rất xa bảng (quá dòng "
                    f"{rows} hoặc cột {FORM_COLUMNS}), đầu tiên là {cell} (“{shown}”): xlqms không mở trang này để "
                    "khỏi cạn bộ nhớ. Xóa các ô đó (Ctrl+End cho biết ô cuối), lưu lại rồi chạy lại.",
                    file=path.name, sheet=name, cell=cell))
    except Exception:  # noqa: BLE001 - a part this reader cannot take: left to the campaign reader
        return CampaignScan()
    finally:
        book.close()
    return CampaignScan(far, formats, unsaved, errors)

