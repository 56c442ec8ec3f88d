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

import posixpath
import re
import zipfile
from collections.abc import Iterable

from xlqms.xml_stream import parse_xml

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
    noun phrase that follows “sẽ làm mất” ('kết quả đã tính của công thức (ô Đơn vị!A5)', 'hình vẽ,
    hộp chữ (trang Đơn vị)'); [] when nothing. ``formula_cell``: the first formula cell found by the
    caller (``Sheet!A1``), None when there is none; ``warnings``: the messages openpyxl warned with
    while loading the file. Raises nothing for a damaged part (it counts as lost)."""
    losses: list[str] = []
    if formula_cell is not None:
        losses.append(f"kết quả đã tính của công thức (ô {formula_cell}; các lệnh sau đọc theo kết quả này)")
    names = archive.namelist()
    for prefix, what in _DROPPED_PARTS:
        if any(name == prefix or name.startswith(prefix) for name in names) and what not in losses:
            losses.append(what)
    shaped = [name for name in names if _DRAWING_PART.match(name) and _has_shapes(archive, name)]
    if shaped:
        sheets = _sheets_of_drawings(archive)
        where = sorted({sheets[name] for name in shaped if name in sheets})
        losses.append("hình vẽ, hộp chữ" + (f" (trang {', '.join(where)})" if where else ""))
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


def _sheets_of_drawings(archive: zipfile.ZipFile) -> dict[str, str]:
    """Drawing part name -> the name of the sheet showing it, through the package's relationships
    (``xl/workbook.xml`` and its rels, then each sheet's rels); {} when any of them cannot be read."""
    try:
        targets = _relationships(archive, "xl/workbook.xml")
        found: dict[str, str] = {}
        for sheet in parse_xml(archive.read("xl/workbook.xml")).iter():
            if _local(sheet.tag) != "sheet":
                continue
            relation = next((value for key, value in sheet.attrib.items() if _local(key) == "id"), None)
            part = targets.get(relation or "")
            if part is None:
                continue
            for target in _relationships(archive, part).values():
                if _DRAWING_PART.match(target):
                    found.setdefault(target, sheet.get("name", ""))
        return found
    except Exception:  # noqa: BLE001 - a damaged package only loses the sheet's name in the message
        return {}


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part name (resolved from ``part``'s folder) of ``part``; {} without rels."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.namelist():
        return {}
    found = {}
    for relation in parse_xml(archive.read(rels)).iter():
        target = relation.get("Target")
        if _local(relation.tag) == "Relationship" and target and relation.get("TargetMode") != "External":
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[relation.get("Id", "")] = resolved
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
