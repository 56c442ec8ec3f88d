"""`xlqms init` as a library: scaffold a campaign, read it back, units from files and provinces."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.campaign_workbook import HEADER_ROW
from xlqms.catalogue import STANDARD_CATALOGUE
from xlqms.cli import main
from xlqms.errors import CampaignError, OutputExistsError, XlqmsError
from xlqms.provinces import province_units, sample_units_path
from xlqms.scaffold import (
    InitOptionError,
    init_campaign,
    read_units_file,
    scaffold_campaign,
    write_units_csv,
)
from xlqms.terminal import WIDTH, display_width
from xlqms.units import Unit


def write_csv(path, rows, delimiter=",", encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


UNIT_ROWS = [
    list(layout.UNIT_COLUMNS),
    ["001", "UBND huyện Mẫu", "Huyện", ""],
    ["00004", "UBND xã Một", "Xã", "001"],
    ["00007", "UBND thị trấn Hai", "Thị trấn", "001"],
]


def test_init_writes_a_campaign_that_reads_back_without_a_finding(tmp_path):
    path = init_campaign(tmp_path / "dot")
    assert path == tmp_path / "dot" / layout.CAMPAIGN_FILE and path.is_file()
    campaign = read_campaign(tmp_path / "dot")
    assert campaign.warnings == ()
    assert campaign.year == dt.date.today().year
    assert campaign.period == "6 tháng đầu năm"
    assert re.fullmatch(rf"{campaign.year}-H1-[0-9a-f]{{6}}", campaign.id)
    assert len(campaign.objectives) == len(STANDARD_CATALOGUE)
    assert sum(len(entry.indicators) for entry in STANDARD_CATALOGUE) == len(campaign.indicators)
    # the built-in sample: a real province with its communes, codes with leading zeros
    root, *communes = list(campaign.units)
    assert root.parent is None and root.level == "Tỉnh"
    assert communes and all(unit.parent == root.code and len(unit.code) == 5 for unit in communes)
    assert any(unit.code.startswith("0") for unit in communes)
    assert campaign.settings.issuer.startswith("Ủy ban nhân dân tỉnh")


def test_year_and_period(tmp_path):
    init_campaign(tmp_path, year=2025, period="cả năm")
    campaign = read_campaign(tmp_path)
    assert (campaign.year, campaign.period) == (2025, "Cả năm")
    assert campaign.id.startswith("2025-FY-")
    # the yearly-only indicator of the catalogue is due in a yearly round
    assert all(indicator.is_due("Cả năm") for indicator in campaign.indicators)


@pytest.mark.parametrize("options", [{"period": "Quý V"}, {"year": 1990}, {"year": "hai"}])
def test_invalid_options(tmp_path, options):
    with pytest.raises(InitOptionError):
        init_campaign(tmp_path, **options)
    assert not (tmp_path / layout.CAMPAIGN_FILE).exists()


def test_units_and_province_together_are_refused(tmp_path):
    units = write_csv(tmp_path / "units.csv", UNIT_ROWS)
    with pytest.raises(InitOptionError):
        init_campaign(tmp_path / "dot", units_file=units, province="Lai Châu")


def test_refuses_to_overwrite_without_force(tmp_path):
    path = init_campaign(tmp_path)
    before = path.read_bytes()
    with pytest.raises(OutputExistsError) as caught:
        init_campaign(tmp_path, year=2030)
    assert "--force" in str(caught.value) and "không ghi đè" in str(caught.value)
    assert path.read_bytes() == before
    first_id = read_campaign(tmp_path).id
    init_campaign(tmp_path, year=2030, force=True)
    assert read_campaign(tmp_path).year == 2030
    assert read_campaign(tmp_path).id != first_id
    assert [p.name for p in tmp_path.iterdir()] == [layout.CAMPAIGN_FILE]   # no temporary file left


def test_units_csv_keeps_leading_zeros(tmp_path):
    units = write_csv(tmp_path / "units.csv", UNIT_ROWS)
    init_campaign(tmp_path / "dot", units_file=units)
    campaign = read_campaign(tmp_path / "dot")
    assert [unit.code for unit in campaign.units] == ["001", "00004", "00007"]
    assert campaign.units["00007"].parent == "001"
    assert campaign.units["00007"].level == "Thị trấn"
    assert campaign.settings.issuer == "UBND huyện Mẫu"          # a name that already says UBND is kept
    assert campaign.warnings == ()


def test_units_csv_with_bom_semicolons_and_odd_headers(tmp_path):
    rows = [["  mã ĐƠN VỊ ", "tên đơn vị", "CẤP", "Mã đơn vị  cấp trên"]] + UNIT_ROWS[1:]
    units = write_csv(tmp_path / "units.csv", rows, delimiter=";", encoding="utf-8-sig")
    found, findings = read_units_file(units)
    assert [unit.code for unit in found] == ["001", "00004", "00007"] and findings == []


@pytest.mark.parametrize("name", ["UBND xã\nMột", "UBND xã\r\nMột", "UBND xã\u2028Một"])
def test_a_unit_name_with_a_break_in_a_csv_stays_one_field(tmp_path, name):
    """A quoted name holding a line break (Alt+Enter in Excel) was split into lines and glued back
    without it ("UBND xãMột"); U+2028 or a form feed ended the row. The CSV reads as the workbook."""
    rows = UNIT_ROWS[:2] + [["00004", name, "Xã", "001"]]
    units = write_csv(tmp_path / "units.csv", rows)
    found, findings = read_units_file(units)
    book = Workbook()
    sheet = book.active
    sheet.title = layout.UNITS_SHEET
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "units.xlsx")
    from_workbook, _ = read_units_file(tmp_path / "units.xlsx")
    assert [unit.code for unit in found] == ["001", "00004"] and findings == []
    assert found[1].name.replace("\r\n", "\n") == from_workbook[1].name.replace("\r\n", "\n")
    assert "xãMột" not in found[1].name


def test_units_csv_not_utf8(tmp_path):
    units = write_csv(tmp_path / "units.csv", UNIT_ROWS, encoding="utf-16")
    with pytest.raises(CampaignError) as caught:
        read_units_file(units)
    assert "UTF-8" in str(caught.value)


def test_units_xlsx_with_a_numeric_code_is_kept_with_a_warning(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["DANH SÁCH ĐƠN VỊ"])         # a title above the header
    sheet.append([])
    for row in UNIT_ROWS:
        sheet.append(row)
    sheet.append([10, "UBND xã Ba", "Xã", "001"])  # row 7: Excel made the code a number
    book.save(tmp_path / "units.xlsx")
    result = scaffold_campaign(tmp_path / "dot", units_file=tmp_path / "units.xlsx")
    assert [unit.code for unit in result.units] == ["001", "00004", "00007", "10"]
    (finding,) = result.warnings
    assert finding.code == "unit-code-number" and not finding.is_error
    assert (finding.location.file, finding.location.sheet, finding.location.cell) == ("units.xlsx", "Danh sách", "A7")
    assert "10" in read_campaign(tmp_path / "dot").units


def test_a_bad_units_file_is_refused_with_located_findings(tmp_path):
    rows = UNIT_ROWS + [
        ["00004", "UBND xã trùng mã", "Xã", "001"],   # row 5: duplicate
        ["00009", "UBND xã lạc", "Xã", "999"],         # row 6: unknown parent
        ["", "UBND xã không mã", "Xã", "001"],          # row 7: no code
    ]
    units = write_csv(tmp_path / "units.csv", rows)
    with pytest.raises(CampaignError) as caught:
        init_campaign(tmp_path / "dot", units_file=units)
    located = {(f.code, f.location.file, f.location.cell) for f in caught.value.findings}
    assert located == {
        ("duplicate-unit", "units.csv", "A5"),
        ("unknown-parent", "units.csv", "D6"),
        ("missing-unit-code", "units.csv", "A7"),
    }
    assert not (tmp_path / "dot" / layout.CAMPAIGN_FILE).exists()


def test_a_units_file_without_a_header(tmp_path):
    units = write_csv(tmp_path / "units.csv", [["mã", "tên"], ["1", "A"]])
    with pytest.raises(CampaignError) as caught:
        read_units_file(units)
    assert [f.code for f in caught.value.findings] == ["missing-header"]
    assert "Mã đơn vị" in caught.value.findings[0].message


def test_a_units_file_with_a_cycle(tmp_path):
    rows = [list(layout.UNIT_COLUMNS), ["A", "Một", "Xã", "B"], ["B", "Hai", "Xã", "A"]]
    with pytest.raises(CampaignError) as caught:
        read_units_file(write_csv(tmp_path / "units.csv", rows))
    assert [(f.code, f.location.cell) for f in caught.value.findings] == [("hierarchy-cycle", "D2")]


def test_units_file_missing_or_of_another_kind(tmp_path):
    with pytest.raises(XlqmsError):
        read_units_file(tmp_path / "absent.csv")
    (tmp_path / "units.docx").write_bytes(b"x")
    with pytest.raises(XlqmsError):
        read_units_file(tmp_path / "units.docx")


def test_write_units_csv_round_trip(tmp_path):
    units = [Unit("01", "Tỉnh A", "Tỉnh"), Unit("00004", "Xã =B", "Xã", "01")]
    found, _ = read_units_file(write_units_csv(tmp_path / "u.csv", units))
    assert found == units


# --- the workbook as the secretary sees it ------------------------------------------------------


def test_workbook_is_made_for_editing(tmp_path):
    path = init_campaign(tmp_path)
    book = load_workbook(path)
    assert book.sheetnames == [layout.SETTINGS_SHEET, layout.UNITS_SHEET, layout.OBJECTIVES_SHEET]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        assert sheet.cell(HEADER_ROW, 1).font.bold
        assert len(sheet.cell(2, 1).value) > 40            # the note explaining the columns
    settings = book[layout.SETTINGS_SHEET]
    keys = {row[0].value: row[1].value for row in settings.iter_rows(min_row=HEADER_ROW + 1) if row[0].value}
    for key in (layout.SETTING_SIGNER, layout.SETTING_SIGNER_TITLE, layout.SETTING_RECIPIENTS):
        assert key in keys and keys[key] is None, key           # the report settings, there to fill, blank
    period_cell = next(row[1] for row in settings.iter_rows(min_row=HEADER_ROW + 1) if row[0].value == "Kỳ báo cáo")
    lists = [v for v in settings.data_validations.dataValidation if period_cell.coordinate in v.sqref]
    assert lists and lists[0].type == "list" and "Quý IV" in lists[0].formula1 and lists[0].showErrorMessage
    units = book[layout.UNITS_SHEET]
    codes = [row[0] for row in units.iter_rows(min_row=HEADER_ROW + 1) if row[0].value]
    assert codes and all(cell.number_format == "@" and cell.data_type == "s" for cell in codes)
    assert units.column_dimensions["A"].width >= 12
    objectives = book[layout.OBJECTIVES_SHEET]
    headers = [cell.value for cell in objectives[HEADER_ROW]]
    assert headers == list(layout.OBJECTIVE_COLUMNS + layout.OBJECTIVE_OPTIONAL_COLUMNS) + [layout.OBJ_READING]
    assert objectives.cell(HEADER_ROW + 1, 2).alignment.wrap_text
    # init writes how xlqms reads each catalogue target, as `xlqms check` does
    readings = {row[2].value: row[len(headers) - 1].value for row in objectives.iter_rows(min_row=HEADER_ROW + 1)
                if row[2].value}
    assert readings["trên 95%"].startswith("> 95% — ")
    assert readings["100%"].startswith(">= 100% — ")


def test_catalogue_continuation_rows_are_written_with_a_blank_tt(tmp_path):
    init_campaign(tmp_path)
    campaign = read_campaign(tmp_path)
    first = STANDARD_CATALOGUE[0]
    assert len(first.measures) > 1                      # the first entry spans several rows
    assert [m.text for m in campaign.objectives[0].measures] == [m[0] for m in first.measures]
    book = load_workbook(tmp_path / layout.CAMPAIGN_FILE)
    sheet = book[layout.OBJECTIVES_SHEET]
    assert sheet.cell(HEADER_ROW + 1, 1).value == 1
    assert sheet.cell(HEADER_ROW + 2, 1).value is None and sheet.cell(HEADER_ROW + 2, 4).value == first.measures[1][0]


# --- the official province list -----------------------------------------------------------------


@pytest.mark.parametrize("query", ["Lai Châu", "12", "tỉnh lai chau", "TỈNH LAI CHÂU", "lai_chau", 12])
def test_province_found_by_name_or_code(query):
    units = province_units(query)
    assert units[0] == Unit("12", "Tỉnh Lai Châu", "Tỉnh", None)
    assert len(units) == 1 + 38
    assert all(unit.parent == "12" and unit.level in ("Xã", "Phường", "Đặc khu") for unit in units[1:])


def test_city_and_special_zones():
    units = province_units("Thành phố Hải Phòng")
    assert units[0].level == "Thành phố" and units[0].name == "Thành phố Hải Phòng" and units[0].code == "31"
    assert {unit.level for unit in units[1:]} == {"Xã", "Phường", "Đặc khu"}
    assert province_units("hue")[0].name == "Thành phố Huế"
    assert province_units("01")[0].name == "Thành phố Hà Nội"


def test_the_whole_country_is_34_provinces_and_3321_communes():
    import vietnam_provinces

    codes = [int(p.code) for p in vietnam_provinces.Province.iter_all()]
    assert len(codes) == 34
    assert sum(len(province_units(code)) - 1 for code in codes) == 3321


def test_unknown_province():
    with pytest.raises(XlqmsError) as caught:
        province_units("Hà Tây")
    assert "“Hà Tây”" in str(caught.value) and "Lai Châu" in str(caught.value)


def test_missing_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)
    with pytest.raises(XlqmsError) as caught:
        province_units("Lai Châu")
    assert "xlqms[provinces]" in str(caught.value)


def test_init_with_a_province(tmp_path):
    result = scaffold_campaign(tmp_path, province="Điện Biên")
    campaign = read_campaign(tmp_path)
    assert len(campaign.units) == len(result.units) == 1 + 45
    assert campaign.units.roots()[0].name == "Tỉnh Điện Biên"
    assert campaign.settings.issuer == "Ủy ban nhân dân tỉnh Điện Biên"


def test_the_shipped_sample_is_the_package_list():
    path = sample_units_path()
    assert path.is_file() and path.name == "units_lai_chau.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header == "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên"
    found, findings = read_units_file(path)
    assert findings == [] and found == province_units("Lai Châu")
    assert (path.parent / "SOURCES.md").is_file()


# --- LibreOffice --------------------------------------------------------------------------------


def soffice_convert(source, target_format, outdir, profile):
    subprocess.run(
        [shutil.which("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target_format, "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_campaign_survives_libreoffice(tmp_path):
    from xlqms.spreadsheet import read_sheet_rows

    init_campaign(tmp_path / "dot")
    profile = tmp_path / "profile"
    soffice_convert(tmp_path / "dot" / layout.CAMPAIGN_FILE, "ods", tmp_path / "ods", profile)
    ods = tmp_path / "ods" / "campaign.ods"
    rows = read_sheet_rows(ods, layout.UNITS_SHEET)
    assert rows[HEADER_ROW - 1][:4] == list(layout.UNIT_COLUMNS)
    assert rows[HEADER_ROW + 1][0] == "03388"               # still text with its leading zero
    soffice_convert(ods, "xlsx", tmp_path / "again", profile)
    campaign = read_campaign(tmp_path / "again")
    original = read_campaign(tmp_path / "dot")
    assert campaign.warnings == ()
    assert campaign.settings == original.settings
    assert [unit.code for unit in campaign.units] == [unit.code for unit in original.units]
    assert [i.code for i in campaign.indicators] == [i.code for i in original.indicators]
    assert [o.measures for o in campaign.objectives] == [o.measures for o in original.objectives]


def test_writer_with_a_catalogue_of_several_indicators_codes_and_scopes(tmp_path):
    from xlqms.campaign import Settings
    from xlqms.campaign_workbook import write_campaign_workbook
    from xlqms.catalogue import CatalogueEntry

    catalogue = (
        CatalogueEntry("Hồ sơ đúng hạn", (("trên 95%", ""), ("100%", "Cả năm")),
                       (("Theo dõi", "Hàng tháng", "Một cửa"),), applies_to="Xã", codes=("HS1", "HS2")),
        CatalogueEntry("Không có biện pháp", (("= 100%", ""),)),
    )
    units = [Unit("01", "=HYPERLINK(\"http://x\")", "Tỉnh"), Unit("00004", "+Xã B", "Xã", "01")]
    settings = Settings(2026, "Quý I", campaign_id="2026-Q1-000000")
    write_campaign_workbook(tmp_path / layout.CAMPAIGN_FILE, settings, units, catalogue)
    campaign = read_campaign(tmp_path)
    assert campaign.units["01"].name == "=HYPERLINK(\"http://x\")"     # text, never a formula
    assert campaign.units["00004"].name == "+Xã B"
    first, second = campaign.objectives
    assert [(i.code, i.text, i.applies_to, i.periods) for i in first.indicators] == [
        ("HS1", "trên 95%", ("Xã",), ()), ("HS2", "100%", ("Xã",), ("Cả năm",))]
    assert [m.text for m in first.measures] == ["Theo dõi"]
    assert [i.code for i in second.indicators] == ["MT02"] and second.measures == ()
    book = load_workbook(tmp_path / layout.CAMPAIGN_FILE)
    assert book[layout.UNITS_SHEET].cell(HEADER_ROW + 1, 2).data_type == "s"


def test_init_prints_its_summary_at_80_columns(tmp_path):
    """The units' source of a province (“danh sách tỉnh, xã từ 01/7/2025 (vietnam-provinces …): Tỉnh Lai
    Châu”) and the next steps wrap at words under their label, never past 80 columns."""
    pytest.importorskip("vietnam_provinces")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "d"), "--year", "2026", "--province", "Lai Châu"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert all(display_width(line) <= WIDTH for line in lines if str(tmp_path) not in line), lines
    units = next(index for index, line in enumerate(lines) if line.startswith("  Đơn vị:    39 — "))
    assert lines[units + 1].startswith(" " * 13) and "Tỉnh Lai Châu" in lines[units] + lines[units + 1]


@pytest.mark.parametrize("option, value", [("--units", "missing.csv"), ("--units", "/etc/passwd"),
                                           ("--units", "/dev/null"), ("--province", "../../etc")])
def test_an_unusable_units_source_is_bad_input(tmp_path, option, value):
    from click.testing import CliRunner

    from xlqms.cli import main
    result = CliRunner().invoke(main, ["init", str(tmp_path / "dot"), option, value])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not (tmp_path / "dot" / "campaign.xlsx").exists()


@pytest.mark.parametrize("year", [2024, 2027])
def test_the_objectives_note_gives_its_example_in_the_campaigns_years(tmp_path, year):
    from openpyxl import load_workbook

    init_campaign(tmp_path / "dot", year=year)
    note = load_workbook(tmp_path / "dot" / layout.CAMPAIGN_FILE)[layout.OBJECTIVES_SHEET]["A2"].value
    assert f"so với năm {year - 1} (98,6%)" in note and "{" not in note
