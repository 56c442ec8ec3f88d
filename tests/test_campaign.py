"""Reading campaign.xlsx (contract: The campaign): settings, units, objectives, and every mistake at once."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from openpyxl import Workbook

from xlqms import layout
from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.errors import CampaignError
from xlqms.findings import Severity
from xlqms.units import Unit

OBJECTIVE_HEADERS = layout.OBJECTIVE_COLUMNS + layout.OBJECTIVE_OPTIONAL_COLUMNS


def objective(number="", title="", target="", measure="", deadline="", responsible="", note="",
              code="", applies="", periods=""):
    """One row of the Mục tiêu sheet, in OBJECTIVE_HEADERS order."""
    return [number, title, target, measure, deadline, responsible, note, code, applies, periods]


GOOD_SETTINGS = [("Năm", 2026), ("Kỳ báo cáo", "6 tháng đầu năm"), ("Tên đợt", "Đợt thử"), ("Mã đợt", "2026-H1-test")]
GOOD_UNITS = [
    ("01", "UBND tỉnh A", "Tỉnh", ""),
    ("00004", "UBND xã B", "Xã", "01"),
    ("00007", "UBND phường C", "Phường", "01"),
]
GOOD_OBJECTIVES = [
    objective(1, "Hồ sơ TTHC giải quyết đúng hạn", "trên 95%", "Theo dõi trên phần mềm", "Hàng tháng", "Bộ phận một cửa"),
    objective("", "", "100%", "Nhắc hồ sơ sắp đến hạn"),           # continuation: one more indicator and measure
    objective("", "", "", "Báo cáo lãnh đạo", "Cuối tháng"),         # continuation: a measure only
    objective(2, "Mức độ hài lòng", "≥ 98%", code="HL", applies="Xã"),
    objective(3, "Duy trì HTQLCL", "Kết quả đánh giá nội bộ đạt yêu cầu", periods="Cả năm", applies="00004, 00007"),
]


def build_campaign(folder, settings=GOOD_SETTINGS, units=GOOD_UNITS, objectives=GOOD_OBJECTIVES,
                   objective_headers=OBJECTIVE_HEADERS, unit_headers=layout.UNIT_COLUMNS,
                   settings_headers=(layout.SETTINGS_KEY, layout.SETTINGS_VALUE), sheet_names=None):
    """A campaign.xlsx made by hand (headers in row 1), the way an official might type it."""
    names = sheet_names or (layout.SETTINGS_SHEET, layout.UNITS_SHEET, layout.OBJECTIVES_SHEET)
    book = Workbook()
    sheet = book.active
    sheet.title = names[0]
    sheet.append(list(settings_headers))
    for row in settings:
        sheet.append(list(row))
    sheet = book.create_sheet(names[1])
    sheet.append(list(unit_headers))
    for row in units:
        sheet.append(list(row))
    sheet = book.create_sheet(names[2])
    sheet.append(list(objective_headers))
    for row in objectives:
        sheet.append(list(row))
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / layout.CAMPAIGN_FILE)
    return folder


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_a_written_campaign_reads_back_without_a_finding(tmp_path):
    settings = Settings(2026, "Cả năm", title="MTCL 2026", due_date=dt.date(2026, 12, 15),
                        campaign_id="2026-FY-abc123", issuer="UBND tỉnh A", contact="iso@example.vn")
    units = [Unit(code, name, level, parent or None) for code, name, level, parent in GOOD_UNITS]
    write_campaign_workbook(tmp_path / layout.CAMPAIGN_FILE, settings, units)
    campaign = read_campaign(tmp_path)
    assert campaign.warnings == ()
    assert campaign.settings == settings
    assert [unit.code for unit in campaign.units] == ["01", "00004", "00007"]
    assert campaign.units["00004"].parent == "01"
    assert len(campaign.objectives) >= 8


def test_continuation_rows_add_indicators_and_measures(tmp_path):
    campaign = read_campaign(build_campaign(tmp_path))
    first = campaign.objectives[0]
    assert first.number == "1"
    assert [indicator.text for indicator in first.indicators] == ["trên 95%", "100%"]
    assert [measure.text for measure in first.measures] == [
        "Theo dõi trên phần mềm", "Nhắc hồ sơ sắp đến hạn", "Báo cáo lãnh đạo"]
    assert first.measures[0].deadline == "Hàng tháng" and first.measures[0].responsible == "Bộ phận một cửa"
    assert first.measures[2].deadline == "Cuối tháng"
    assert [objective.number for objective in campaign.objectives] == ["1", "2", "3"]
    assert campaign.warnings == ()


def test_generated_and_given_indicator_codes(tmp_path):
    campaign = read_campaign(build_campaign(tmp_path))
    assert [indicator.code for indicator in campaign.indicators] == ["MT01.1", "MT01.2", "HL", "MT03"]
    assert campaign.indicator("HL").objective == "2"


def test_generated_code_of_a_roman_number(tmp_path):
    objectives = [objective("II", "Mục tiêu La Mã", "trên 90%")]
    campaign = read_campaign(build_campaign(tmp_path, objectives=objectives))
    assert [indicator.code for indicator in campaign.indicators] == ["MTII"]


def test_applies_to_levels_and_codes(tmp_path):
    campaign = read_campaign(build_campaign(tmp_path))
    province, commune, ward = (campaign.units[code] for code in ("01", "00004", "00007"))
    assert campaign.indicator("HL").applies_to == ("Xã",)
    assert campaign.indicator("MT03").applies_to == ("00004", "00007")
    assert [o.number for o in campaign.objectives_for(province)] == ["1"]
    assert [o.number for o in campaign.objectives_for(commune)] == ["1", "2", "3"]
    assert [o.number for o in campaign.objectives_for(ward)] == ["1", "3"]


def test_evaluation_period(tmp_path):
    campaign = read_campaign(build_campaign(tmp_path))
    yearly = campaign.indicator("MT03")
    assert yearly.periods == ("Cả năm",)
    assert not yearly.is_due("6 tháng đầu năm") and yearly.is_due("Cả năm")
    assert campaign.indicator("HL").is_due("6 tháng đầu năm")


def test_settings_are_read(tmp_path):
    settings = GOOD_SETTINGS + [("Hạn nộp", "31/07/2026"), ("Cơ quan chủ trì", "UBND tỉnh A")]
    campaign = read_campaign(build_campaign(tmp_path, settings=settings))
    assert (campaign.year, campaign.period, campaign.id) == (2026, "6 tháng đầu năm", "2026-H1-test")
    assert campaign.settings.due_date == dt.date(2026, 7, 31)
    assert campaign.settings.issuer == "UBND tỉnh A"


def test_report_settings_are_read_and_blank_by_default(tmp_path):
    """Người ký, Chức vụ người ký, Nơi nhận (contract: Report settings), one recipient per line."""
    settings = GOOD_SETTINGS + [("Người ký", "Nguyễn Ngọc Xuân"), ("Chức vụ người ký", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"),
                                ("Nơi nhận", "- Như Điều 3;\n- Sở KH&CN tỉnh;\n- Lưu: VT, Thư ký Ban ISO.")]
    read = read_campaign(build_campaign(tmp_path / "given", settings=settings)).settings
    assert (read.signer, read.signer_title) == ("Nguyễn Ngọc Xuân", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")
    assert read.recipients.splitlines() == ["- Như Điều 3;", "- Sở KH&CN tỉnh;", "- Lưu: VT, Thư ký Ban ISO."]
    blank = read_campaign(build_campaign(tmp_path / "blank")).settings
    assert (blank.signer, blank.signer_title, blank.recipients) == ("", "", "")


def test_period_spellings_are_canonical(tmp_path):
    settings = [("Năm", "2026"), ("Kỳ báo cáo", "quý 3")]
    campaign = read_campaign(build_campaign(tmp_path, settings=settings))
    assert campaign.period == "Quý III"
    assert campaign.id.startswith("2026-Q3-")         # derived when Mã đợt is blank


def test_headers_and_sheet_names_matched_with_nfd_odd_case_and_spaces(tmp_path):
    def odd(name):
        return "  " + nfd(name).upper().replace(" ", "   ") + " "

    folder = build_campaign(
        tmp_path,
        settings=[(odd("Năm"), 2026), (nfd("kỳ BÁO cáo"), nfd("6 tháng đầu năm"))],
        objective_headers=[odd(name) for name in OBJECTIVE_HEADERS],
        unit_headers=[odd(name) for name in layout.UNIT_COLUMNS],
        settings_headers=[odd(layout.SETTINGS_KEY), odd(layout.SETTINGS_VALUE)],
        sheet_names=[nfd("THIẾT LẬP"), nfd("đơn VỊ"), nfd("MỤC TIÊU")],
    )
    campaign = read_campaign(folder)
    assert campaign.period == "6 tháng đầu năm"
    assert len(campaign.units) == 3
    assert [indicator.code for indicator in campaign.indicators] == ["MT01.1", "MT01.2", "HL", "MT03"]


def test_unit_codes_keep_leading_zeros(tmp_path):
    campaign = read_campaign(build_campaign(tmp_path))
    assert "00004" in campaign.units and "4" not in campaign.units


def test_a_numeric_unit_code_is_a_warning(tmp_path):
    units = GOOD_UNITS + [(8, "UBND xã D", "Xã", "01")]
    campaign = read_campaign(build_campaign(tmp_path, units=units))
    assert "8" in campaign.units
    (finding,) = campaign.warnings
    assert finding.code == "unit-code-number" and finding.severity is Severity.WARNING
    assert (finding.location.sheet, finding.location.cell) == (layout.UNITS_SHEET, "A5")
    assert "0" in finding.message and "Văn bản" in finding.message


def test_missing_campaign_file(tmp_path):
    with pytest.raises(CampaignError) as caught:
        read_campaign(tmp_path)
    assert "xlqms init" in str(caught.value)


def test_missing_sheet(tmp_path):
    folder = build_campaign(tmp_path, sheet_names=(layout.SETTINGS_SHEET, layout.UNITS_SHEET, "Trang 3"))
    with pytest.raises(CampaignError) as caught:
        read_campaign(folder)
    assert [f.code for f in caught.value.findings] == ["missing-sheet"]
    assert layout.OBJECTIVES_SHEET in caught.value.findings[0].message


def test_ten_different_mistakes_are_all_reported_at_once(tmp_path):
    settings = [("Năm", "hai nghìn"), ("Kỳ báo cáo", "Quý V"), ("Hạn nộp", "31/02/2026")]
    units = [
        ("01", "UBND tỉnh A", "Tỉnh", ""),               # row 2
        ("00002", "UBND xã B", "Xã", "01"),               # row 3
        ("00002", "UBND xã B (trùng)", "Xã", "01"),       # row 4: duplicate code
        ("00005", "UBND xã C", "Xã", "99"),               # row 5: unknown parent
        ("00006", "UBND xã D", "Xã", "00007"),            # row 6: cycle 00006 → 00007 → 00006
        ("00007", "UBND xã E", "Xã", "00006"),            # row 7
        (8, "UBND xã F", "Xã", "01"),                     # row 8: a code Excel made a number
        ("00009", "", "Xã", "01"),                        # row 9: no name
    ]
    objectives = [
        objective(1, "Hồ sơ đúng hạn", "trên 95%"),                          # row 2: MT01
        objective(2, "Không có chỉ tiêu", "", "Làm một việc"),              # row 3: no indicator
        objective(3, "Chỉ tiêu không đọc được", "khoảng chín mươi"),        # row 4: unreadable
        objective(4, "Mã trùng", "100%", code="MT01"),                      # row 5: duplicate code
        objective(5, "Áp dụng lạ", "≥ 98%", applies="Huyện"),              # row 6: unknown Áp dụng cho
        objective(6, "Kỳ lạ", "trên 80%", periods="Tháng 13"),              # row 7: not a period
        objective(1, "TT trùng", "trên 50%", code="MT99"),                  # row 8: duplicate TT
    ]
    with pytest.raises(CampaignError) as caught:
        read_campaign(build_campaign(tmp_path, settings=settings, units=units, objectives=objectives))
    located = {(f.code, f.location.sheet, f.location.cell) for f in caught.value.findings}
    settings_sheet, units_sheet, objectives_sheet = layout.SETTINGS_SHEET, layout.UNITS_SHEET, layout.OBJECTIVES_SHEET
    assert located == {
        ("invalid-year", settings_sheet, "B2"),
        ("invalid-period", settings_sheet, "B3"),
        ("invalid-date", settings_sheet, "B4"),
        ("duplicate-unit", units_sheet, "A4"),
        ("unknown-parent", units_sheet, "D5"),
        ("hierarchy-cycle", units_sheet, "D6"),
        ("unit-code-number", units_sheet, "A8"),
        ("missing-unit-name", units_sheet, "B9"),
        ("objective-without-indicator", objectives_sheet, "C3"),
        ("target-number-in-words", objectives_sheet, "C4"),
        ("duplicate-indicator-code", objectives_sheet, "H5"),
        ("unknown-applies-to", objectives_sheet, "I6"),
        ("invalid-evaluation-period", objectives_sheet, "J7"),
        ("duplicate-objective", objectives_sheet, "A8"),
    }
    findings = caught.value.findings
    assert len(findings) == 14
    assert all(f.location.file == layout.CAMPAIGN_FILE for f in findings)
    assert all(f.message == unicodedata.normalize("NFC", f.message) and f.message for f in findings)
    severities = {f.code: f.severity for f in findings}
    assert severities["unit-code-number"] is Severity.WARNING
    assert sum(f.is_error for f in findings) == 13
    text = str(caught.value)
    assert "13 lỗi" in text
    assert "“khoảng chín mươi”" in text                  # the unreadable target is quoted
    assert "Mục tiêu!C4" in text and "Đơn vị!D5" in text  # each line says where


def test_objectives_for_is_the_plain_filter_of_indicators_that_apply():
    from pathlib import Path

    from xlqms.campaign import Campaign
    from xlqms.catalogue import Indicator, Objective, applies
    from xlqms.targets import parse_target
    from xlqms.units import Hierarchy

    def indicator(code, number, applies_to=()):
        return Indicator(code, number, "trên 90%", parse_target("trên 90%"), applies_to)

    objectives = (
        Objective("1", "Mọi đơn vị", (indicator("A1", "1"), indicator("A2", "1"))),
        Objective("2", "Theo cấp", (indicator("B1", "2", ("xã",)), indicator("B2", "2", ("  PHƯỜNG ", "Xã")))),
        Objective("3", "Theo mã", (indicator("C1", "3", ("00004",)), indicator("C2", "3"))),
        Objective("4", "Không chỉ tiêu", ()),
    )
    units = Hierarchy([Unit("01", "Tỉnh", "Tỉnh", None), Unit("00004", "Xã A", "Xã", "01"),
                       Unit("00007", "Phường B", "Phường", "01"), Unit("00009", "Đơn vị C", "", "01")])
    campaign = Campaign(Path("dot"), Settings(2026, "Cả năm"), units, objectives)
    for unit in units:
        expected = [Objective(o.number, o.title, tuple(i for i in o.indicators if applies(i.applies_to, unit)),
                              o.measures, o.note, o.row)
                    for o in objectives if any(applies(i.applies_to, unit) for i in o.indicators)]
        assert campaign.objectives_for(unit) == expected, unit.code
    codes = {unit.code: [i.code for o in campaign.objectives_for(unit) for i in o.indicators] for unit in units}
    assert codes == {"01": ["A1", "A2", "C2"], "00004": ["A1", "A2", "B1", "B2", "C1", "C2"],
                     "00007": ["A1", "A2", "B2", "C2"], "00009": ["A1", "A2", "C2"]}


@pytest.mark.parametrize("code, name, cell", [("X" * 51, "Xã Một", "A"), ("X1", "Xã " + "Rất Dài " * 40, "B"),
                                              ("X1", "Ấ" * 40_000, "B")])
def test_a_unit_code_or_name_too_long_for_its_files_is_a_located_error(tmp_path, code, name, cell):
    """Names go into sentences of the unit's workbook and reports; a cell holds 32,767 characters."""
    from builders_rounds import make_round
    with pytest.raises(CampaignError) as caught:
        make_round(tmp_path, [("1", "A", [("MT01", "≥ 90%")])],
                   units=[("T1", "Tỉnh Thử", "Tỉnh", None), (code, name, "Xã", "T1")])
    (problem,) = caught.value.findings
    assert problem.code == "unit-text-too-long" and str(problem.location.cell).startswith(cell)
