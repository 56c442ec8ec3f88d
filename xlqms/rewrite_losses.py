"""What saving a user's .xlsx back through openpyxl would lose, found before anything is written.

``xlqms check`` writes its `Cách hiểu` column into the secretary's own campaign.xlsx by loading it
with openpyxl and saving it again. openpyxl keeps cells, styles, merged cells, sizes, legacy
comments, data validations, conditional formats, images, charts and defined names, but not
everything a spreadsheet application writes:

* a formula is saved **without the result** the application stored for it — and campaign.xlsx is
  read by stored results (python-calamine), so the next command would see the cell empty;
* shapes, text boxes, connectors and SmartArt in a drawing (only pictures and charts are kept);
* macros, form and ActiveX controls, embedded objects, slicers, timelines and threaded comments
  (parts openpyxl does not carry);
* what openpyxl itself warns it drops while loading ("… will be removed", "… will be lost", an
  image it cannot read, a rule it cannot parse).

:func:`rewrite_losses` names each, in Vietnamese, so the caller can leave the file untouched and say
why. The file is only read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable

_DROPPED_PARTS = (
    ("xl/vbaProject.bin", "macro (VBA)"),
    ("xl/activeX/", "nút điều khiển ActiveX"),
    ("xl/ctrlProps/", "nút điều khiển biểu mẫu"),
    ("xl/embeddings/", "đối tượng nhúng"),
    ("xl/slicers/", "slicer"),
    ("xl/timelines/", "timeline"),
    ("xl/threadedComments/", "ghi chú dạng hội thoại"),
    ("xl/diagrams/", "SmartArt"),
)
_SHAPE = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)[\s>]")
_DRAWING_PART = re.compile(r"xl/drawings/[^/]+\.xml$")
_LOSS_WARNING = re.compile(r"will be (?:removed|lost|discarded)|is being dropped|cannot be read|not supported",
                           re.IGNORECASE)
DRAWING_BYTES = 8 * 1024 * 1024
"""A drawing part larger than this is not searched for shapes: it is counted as holding some."""


def rewrite_losses(archive: zipfile.ZipFile, formula_cell: str | None = None,
                   warnings: Iterable[str] = ()) -> list[str]:
    """What an openpyxl load-and-save of the .xlsx in ``archive`` would lose, each a short Vietnamese
    phrase ('công thức (ô Đơn vị!A5)', 'hình vẽ, hộp chữ'); [] when nothing. ``formula_cell``: the
    first formula cell found by the caller (``Sheet!A1``), None when there is none; ``warnings``:
    the messages openpyxl warned with while loading the file. Raises nothing for a damaged part (it
    counts as lost)."""
    losses: list[str] = []
    if formula_cell is not None:
        losses.append(f"công thức (ô {formula_cell}), vì kết quả đã tính của công thức sẽ mất")
    names = archive.namelist()
    for prefix, what in _DROPPED_PARTS:
        if any(name == prefix or name.startswith(prefix) for name in names) and what not in losses:
            losses.append(what)
    for name in names:
        if _DRAWING_PART.match(name) and _has_shapes(archive, name):
            losses.append("hình vẽ, hộp chữ")
            break
    if any(_LOSS_WARNING.search(message) for message in warnings):
        losses.append("định dạng hoặc quy tắc mở rộng mà thư viện ghi tệp không giữ được")
    return losses


def _has_shapes(archive: zipfile.ZipFile, name: str) -> bool:
    try:
        info = archive.getinfo(name)
        if info.file_size > DRAWING_BYTES:
            return True
        return _SHAPE.search(archive.read(info)) is not None
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
        return True
