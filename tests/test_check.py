"""`xlqms check`: every reading and every problem at once, the Cách hiểu column written safely, and
the explicit columns Cách đánh giá / Chiều (contract: Readings stated explicitly)."""

from __future__ import annotations

import json
import os
import stat

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from xlqms import layout
from xlqms.campaign import inspect_campaign, read_campaign
from xlqms.check import check_campaign, write_readings
from xlqms.cli import main
from xlqms.errors import CampaignError
from xlqms.targets import parse_target

HEADERS = ("TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện",
           "Ghi chú", "Cách đánh giá", "Chiều")
UNITS = [("01", "UBND xã Thử", "Xã", "")]

# A commune's objectives table pasted as written (the wording of public decisions and plans).
# (TT, Mục tiêu, Chỉ tiêu, Cách đánh giá, Chiều)
REAL_TABLE = [
    ("1", "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
     "Kết quả đánh giá nội bộ, hậu kiểm của Sở KH&CN đạt yêu cầu.", "", ""),
    ("2", "Giải quyết thủ tục hành chính đúng hạn",
     "- Tỷ lệ hồ sơ TTHC giải quyết đúng hạn và trước hạn đạt trên 98%;", "", ""),
    ("3", "Nâng cao sự hài lòng của người dân, doanh nghiệp",
     "Mức độ hài lòng của người dân, doanh nghiệp ≥ 95%", "", ""),
    ("4", "Đẩy mạnh dịch vụ công trực tuyến", "+ Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 60% trở lên.", "", ""),
    ("5", "Giảm nghèo bền vững", "Tỷ lệ hộ nghèo giảm 1,5% trở lên (còn dưới 3%)", "", ""),
    ("6", "Phát triển kinh tế, tăng thu ngân sách", "Tổng thu ngân sách trên địa bàn : 45-50 tỷ đồng;", "", ""),
    ("", "", "Thu nhập bình quân đầu người tăng 8% so với năm 2025", "", ""),
    ("7", "Chăm sóc sức khỏe nhân dân",
     "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%, trong đó trẻ em dưới 6 tuổi có thẻ BHYT đạt 100%", "", ""),
    ("8", "Nâng cao chất lượng giáo dục", "Tỷ lệ học sinh bỏ học dưới 0,5%", "", ""),
    ("", "", "Duy trì 4/4 trường đạt chuẩn quốc gia", "", ""),
    ("9", "Bảo đảm an ninh trật tự", "Không để xảy ra điểm nóng về an ninh trật tự", "", ""),
    ("10", "Cải cách hành chính", "Hoàn thành rà soát, đơn giản hóa TTHC trước ngày 30/9/2026", "", ""),
    ("11", "Lao động, việc làm",
     "Giải quyết việc làm cho 250 lao động trở lên; tỷ lệ lao động qua đào tạo đạt 70%", "", ""),
    ("12", "Bảo vệ môi trường", "Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt 95%", "", ""),
    ("", "", "Tỷ lệ hộ dùng nước sạch khoảng 98%", "", ""),
]
HEADER_ROW = 3            # a title in row 1, a note in row 2, as secretaries make them


def build(folder, table=REAL_TABLE, headers=HEADERS):
    """campaign.xlsx with formatting, a comment, column widths and a sheet of the secretary's own."""
    book = Workbook()
    settings = book.active
    settings.title = layout.SETTINGS_SHEET
    for row in (("Mục", "Giá trị"), ("Năm", 2026), ("Kỳ báo cáo", "Cả năm"), ("Mã đợt", "2026-FY-thu")):
        settings.append(row)
    units = book.create_sheet(layout.UNITS_SHEET)
    units.append(layout.UNIT_COLUMNS)
    for row in UNITS:
        units.append(row)
    sheet = book.create_sheet(layout.OBJECTIVES_SHEET)
    sheet["A1"] = "MỤC TIÊU CHẤT LƯỢNG NĂM 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "(Kèm theo Quyết định số 15/QĐ-UBND)"
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for offset, row in enumerate(table, start=1):
        for column, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(HEADER_ROW + offset, [1, 2, 3, 8, 9][column - 1], value)
    sheet.column_dimensions["C"].width = 55
    sheet["B4"].comment = Comment("Theo Quyết định 15/QĐ-UBND", "Thư ký ISO")
    sheet["C5"].font = Font(italic=True, color="C00000")
    sheet.freeze_panes = "A4"
    notes = book.create_sheet("Ghi chú riêng")
    notes["A1"] = "Danh sách cần gọi nhắc"
    notes["B7"] = 42
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / layout.CAMPAIGN_FILE)
    return folder


def split_as_proposed(table, report):
    """The table with each refused row replaced by the rows check proposes (continuation rows)."""
    proposals = {reading.row: reading.error.split for reading in report.refusals}
    fixed = []
    for offset, row in enumerate(table, start=1):
        rows = proposals.get(HEADER_ROW + offset)
        if not rows:
            fixed.append(row)
            continue
        fixed.append((row[0], row[1], rows[0], "", ""))
        fixed.extend(("", "", extra, "", "") for extra in rows[1:])
    return fixed


def test_a_real_table_pasted_as_written_names_exactly_the_rows_to_split(tmp_path):
    folder = build(tmp_path / "dot")
    report = check_campaign(folder)
    refused = {reading.cell: reading for reading in report.refusals}
    assert set(refused) == {"C11", "C16"}                      # objectives 7 and 11, nothing else
    assert refused["C11"].error.split == (
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95%", "Trẻ em dưới 6 tuổi có thẻ BHYT đạt 100%")
    assert refused["C16"].error.split == (
        "Giải quyết việc làm cho 250 lao động trở lên", "Tỷ lệ lao động qua đào tạo đạt 70%")
    assert [f.code for f in report.findings if f.is_error] == ["target-compound", "target-compound"]
    # every other indicator has a reading
    readings = {reading.cell: reading.target for reading in report.readings if reading.ok}
    assert readings["C5"].formal == "> 98%"
    assert readings["C8"].formal == "< 3%"
    assert readings["C9"].formal == "45-50 tỷ đồng"
    assert readings["C10"].formal == "tăng 8% tương đối"
    assert readings["C13"].formal == "4/4"
    assert readings["C14"].formal == "bằng 0"
    assert readings["C15"].kind.value == "deadline"
    assert readings["C12"].formal == "< 0,5%"
    with pytest.raises(CampaignError):
        read_campaign(folder)
    # pasting the proposed rows makes the campaign read whole, as generate reads it
    fixed = build(tmp_path / "fixed", split_as_proposed(REAL_TABLE, report))
    campaign = read_campaign(fixed)
    assert len(campaign.objectives) == 12 and len(campaign.indicators) == 17
    assert [ind.code for ind in campaign.objectives[6].indicators] == ["MT07.1", "MT07.2"]


def test_check_writes_the_readings_and_keeps_what_the_secretary_wrote(tmp_path):
    folder = build(tmp_path)
    path = folder / layout.CAMPAIGN_FILE
    report = check_campaign(folder)
    assert report.written and report.reason == ""
    book = load_workbook(path)
    sheet = book[layout.OBJECTIVES_SHEET]
    header = [cell.value for cell in sheet[HEADER_ROW]]
    column = header.index(layout.OBJ_READING) + 1
    assert header[:len(HEADERS)] == list(HEADERS)
    assert sheet.cell(5, column).value.startswith("> 98% — ")
    assert sheet.cell(11, column).value.startswith("KHÔNG ĐỌC ĐƯỢC — ")
    assert sheet.cell(4, column).value.startswith("Đạt/Không đạt — ")
    # what the secretary made is still there
    assert sheet["A1"].font.bold and "A1:F1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "(Kèm theo Quyết định số 15/QĐ-UBND)"
    assert sheet.column_dimensions["C"].width == 55
    assert sheet["B4"].comment.text == "Theo Quyết định 15/QĐ-UBND"
    assert sheet["C5"].font.italic and sheet["C5"].font.color.rgb.endswith("C00000")
    assert sheet.cell(HEADER_ROW, 1).fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet.freeze_panes == "A4"
    assert book["Ghi chú riêng"]["B7"].value == 42
    assert book.sheetnames == [layout.SETTINGS_SHEET, layout.UNITS_SHEET, layout.OBJECTIVES_SHEET, "Ghi chú riêng"]
    # a second run replaces the column, never adds another, never reads it back
    sheet.cell(6, column).value = ">= 1000% — viết tay vào Cách hiểu"
    book.save(path)
    again = check_campaign(folder)
    assert again.written
    assert [r.target.formal for r in again.readings if r.cell == "C6"] == [">= 95%"]
    header = [cell.value for cell in load_workbook(path)[layout.OBJECTIVES_SHEET][HEADER_ROW]]
    assert header.count(layout.OBJ_READING) == 1
    assert not list(folder.glob("*.tmp*")) and sorted(p.name for p in folder.iterdir()) == [layout.CAMPAIGN_FILE]


@pytest.mark.parametrize("lock", [".~lock.campaign.xlsx#", "~$campaign.xlsx"])
def test_an_open_file_is_not_replaced_and_the_readings_are_still_shown(tmp_path, lock):
    folder = build(tmp_path)
    (folder / lock).write_text("lock")
    before = (folder / layout.CAMPAIGN_FILE).read_bytes()
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert (folder / layout.CAMPAIGN_FILE).read_bytes() == before
    assert "Chưa ghi cột “Cách hiểu”" in result.stdout and "đang mở" in result.stdout
    assert "→ > 98%" in result.stdout                      # the readings are printed all the same


def test_a_read_only_file_is_not_replaced(tmp_path):
    folder = build(tmp_path)
    path = folder / layout.CAMPAIGN_FILE
    before = path.read_bytes()
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        report = check_campaign(folder)
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    assert not report.written and "chỉ cho đọc" in report.reason
    assert path.read_bytes() == before


def test_the_cli_lists_every_problem_once_and_the_forms_once(tmp_path):
    table = REAL_TABLE + [("13", "Thêm", "khoảng chín mươi", "", ""), ("14", "Hai", "Tăng 1% so với năm 2025", "", "")]
    folder = build(tmp_path, table)
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 2
    out = result.stdout
    assert "4 lỗi cần sửa" in out
    assert out.count("Các cách viết chỉ tiêu xlqms hiểu") == 1 and out.count("18/18 chỉ tiêu") == 1
    assert "thêm dòng: Chỉ tiêu = Trẻ em dưới 6 tuổi có thẻ BHYT đạt 100%" in out
    assert "“tăng 1 điểm %” hoặc “tăng 1% tương đối”" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    data = json.loads(CliRunner().invoke(main, ["check", str(folder), "--json"]).stdout)
    assert data["errors"] == 4 and data["reading_column_written"] is True
    compound = next(r for r in data["readings"] if r["cell"] == "Mục tiêu!C11")
    assert compound["error"]["code"] == "target-compound" and len(compound["error"]["split"]) == 2
    ok = next(r for r in data["readings"] if r["cell"] == "Mục tiêu!C8")
    assert ok["target"]["formal"] == "< 3%" and ok["target"]["better"] == "lower"


def test_generate_reports_every_problem_at_once_with_the_forms_once(tmp_path):
    folder = build(tmp_path, REAL_TABLE + [("13", "Thêm", "Tăng 1% so với năm 2025", "", "")])
    with pytest.raises(CampaignError) as caught:
        read_campaign(folder)
    text = str(caught.value)
    assert "3 lỗi" in text and text.count("Các cách viết") == 1
    assert text.count("18/18 chỉ tiêu") == 1
    result = CliRunner().invoke(main, ["generate", str(folder)])
    assert result.exit_code == 2 and result.stderr.count("Các cách viết") == 1


def test_explicit_columns_win_over_the_text_and_say_so(tmp_path):
    table = [
        ("1", "Hồ sơ", "Tăng 1% so với năm 2025", "tăng 1 điểm %", ""),           # ambiguous text, stated formally
        ("2", "Hộ nghèo", "Giảm hộ nghèo 1,5%", "giảm 1,5 điểm %", ""),
        ("3", "Chi phí", "Chi phí khoảng 2 triệu đồng", "", "Cao hơn là tốt"),    # Chiều overrides the cue
        ("4", "Khoảng", "Tỷ lệ hộ nghèo 3-4%", "3-4%", ""),                       # the formal form: higher unless Chiều
        ("5", "Khoảng", "3-4%", "", "Thấp hơn là tốt"),
        ("6", "Sai", "trên 90%", ">= chín mươi", ""),
        ("7", "Sai chiều", "trên 90%", "", "lên xuống"),
    ]
    folder = build(tmp_path, table)
    inspection = inspect_campaign(folder)
    readings = {reading.objective: reading for reading in inspection.readings}
    assert readings["1"].target.source == "formal" and readings["1"].target.formal == "tăng 1 điểm %"
    assert "theo cột Cách đánh giá" in readings["1"].target.describe()
    assert readings["2"].target.formal == "giảm 1,5 điểm %"
    assert readings["3"].target.formal == "2 triệu đồng" and readings["3"].target.direction_source == "cột Chiều"
    assert readings["4"].target.formal == "3-4%"
    assert readings["5"].target.formal == "<= 4%, vượt khi < 3%"
    problems = {(f.code, f.location.cell) for f in inspection.findings}
    assert ("formal-invalid", "H9") in problems
    assert ("invalid-direction", "I10") in problems


def test_the_reading_shown_round_trips_through_the_cach_danh_gia_column(tmp_path):
    """What check shows for every indicator, written into Cách đánh giá, reads back to the same target."""
    from test_targets_corpus import CORPUS

    texts = [(text, context) for text, context, *_ in CORPUS]
    table = [(str(number), context or f"Mục tiêu {number}", text, "", "") for number, (text, context) in
             enumerate(texts, start=1)]
    first = check_campaign(build(tmp_path / "a", table))
    shown = {reading.objective: reading for reading in first.readings}
    assert all(reading.ok for reading in shown.values())
    stated = [(number, title, text, shown[number].target.formal, "") for number, title, text, _, _ in table]
    second = inspect_campaign(build(tmp_path / "b", stated))
    assert not second.errors
    for reading in second.readings:
        original = shown[reading.objective].target
        assert reading.target.source == "formal"
        assert reading.target.signature() == original.signature(), reading.text


@pytest.mark.parametrize("text, context", [
    (text, context) for text, context, *_ in __import__("test_targets_corpus").CORPUS])
def test_formal_form_reads_back_to_the_same_signature(text, context):
    target = parse_target(text, context=context)
    again = parse_target(text, formal=target.formal)
    assert again.signature() == target.signature()
    assert again.formal == target.formal


@pytest.mark.parametrize("defect", ["no objectives sheet", "no header row"])
def test_without_a_table_of_objectives_nothing_is_written(tmp_path, defect):
    # write_readings is public: called on an inspection that found no table, it says so and leaves the file alone
    folder = build(tmp_path / "campaign")
    path = folder / layout.CAMPAIGN_FILE
    book = load_workbook(path)
    if defect == "no objectives sheet":
        del book[layout.OBJECTIVES_SHEET]
    else:
        for cell in book[layout.OBJECTIVES_SHEET][HEADER_ROW]:
            cell.value = None
    book.save(path)
    before = path.read_bytes()
    inspection = inspect_campaign(folder)
    assert write_readings(inspection) == (False, "không tìm thấy bảng Mục tiêu")
    report = check_campaign(folder)
    assert (report.written, report.reason) == (False, "không tìm thấy bảng Mục tiêu")
    assert path.read_bytes() == before
