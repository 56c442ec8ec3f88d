"""campaign.xlsx with a value far outside any table: refused with its sheet and cell, never a dead process."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import zipfile

import pytest

from xlqms import layout
from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_extent import scan_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.errors import CampaignError
from xlqms.units import Unit

UNITS = [Unit("01", "Tỉnh Thử", "Tỉnh"), Unit("00004", "Xã Một", "Xã", "01")]


def _campaign(folder):
    folder.mkdir(parents=True, exist_ok=True)
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE, Settings(2026, "6 tháng đầu năm"), UNITS)
    return folder


def _with_cell(folder, sheet_name: str, ref: str, dimension: bool = False) -> None:
    """The campaign with one more value, at ``ref`` of ``sheet_name``; its <dimension> removed (or widened)."""
    path = folder / layout.CAMPAIGN_FILE
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
        workbook = source.read("xl/workbook.xml").decode()
    position = [m for m in re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)].index(sheet_name) + 1
    part = f"xl/worksheets/sheet{position}.xml"
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            if info.filename == part:
                text = re.sub(r"<dimension[^>]*/>", f'<dimension ref="A1:{ref}"/>' if dimension else "", data.decode())
                text = text.replace("</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is>'
                                                    "</c></row></sheetData>", 1)
                data = text.encode()
            target.writestr(info, data)


@pytest.mark.parametrize("sheet, ref, dimension", [
    (layout.OBJECTIVES_SHEET, "XFD1048576", False),      # the last cell, no <dimension>
    (layout.UNITS_SHEET, "A1048576", False),             # the last row
    (layout.SETTINGS_SHEET, "XFD5", True),               # the last column, a dimension that says so
])
def test_a_far_value_is_refused_with_its_sheet_and_cell(tmp_path, sheet, ref, dimension):
    folder = _campaign(tmp_path / "dot")
    _with_cell(folder, sheet, ref, dimension)
    (problem,) = scan_campaign(folder / layout.CAMPAIGN_FILE).far
    assert (problem.location.sheet, problem.location.cell) == (sheet, ref)
    assert "Ctrl+End" in problem.message
    with pytest.raises(CampaignError) as raised:
        read_campaign(folder)
    assert raised.value.findings == [problem]


def test_every_command_refuses_it_in_a_process_that_lives(tmp_path):
    """In a process of its own with little memory: the guard failing would kill it, not the tests."""
    folder = _campaign(tmp_path / "dot")
    _with_cell(folder, layout.OBJECTIVES_SHEET, "XFD1048576")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))

    for command in (["check", str(folder)], ["generate", str(folder)], ["status", str(folder)]):
        done = subprocess.run([sys.executable, "-m", "xlqms", *command], capture_output=True, text=True,
                              timeout=120, preexec_fn=limited)
        assert done.returncode == 2, (command, done.returncode, done.stderr[-500:])
        assert "XFD1048576" in done.stderr and "Traceback" not in done.stderr


def test_an_ordinary_campaign_has_no_far_cell(tmp_path):
    folder = _campaign(tmp_path / "dot")
    scan = scan_campaign(folder / layout.CAMPAIGN_FILE)
    assert scan.far == [] and set(scan.formats) == {layout.SETTINGS_SHEET, layout.UNITS_SHEET, layout.OBJECTIVES_SHEET}
    assert read_campaign(folder).units["00004"].name == "Xã Một"
