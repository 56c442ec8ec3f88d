"""`xlqms init --previous`: a new campaign from the round before it (xlqms.next_round, xlqms.scaffold)."""

from __future__ import annotations

import csv
import json

import pytest
from builders_rounds import UNITS_BEFORE, make_round
from click.testing import CliRunner
from openpyxl import load_workbook

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.cli import main
from xlqms.next_round import PreviousCampaignError, following_period, keep_previous_codes
from xlqms.scaffold import scaffold_campaign

OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("", "trên 95%"), ("HS.2", "100%")]),        # a blank code: generated MT01.1
    ("2", "Hài lòng", [("HL", "≥ 98%")]),
    ("3", "Đánh giá nội bộ", [("", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
]


@pytest.fixture
def earlier(tmp_path):
    campaign = make_round(tmp_path / "r1", OBJECTIVES)
    book = load_workbook(campaign.path)                   # what the secretary had added to the first round
    settings = book[layout.SETTINGS_SHEET]
    settings.append(["Người ký", "Nguyễn Văn A"])
    settings.append(["Chức vụ người ký", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"])
    objectives = book[layout.OBJECTIVES_SHEET]
    header = [cell.value for cell in objectives[layout.find_header_row(
        objectives.iter_rows(values_only=True), (layout.OBJ_NUMBER,), (layout.OBJ_APPLIES_TO,))[0] + 1]]
    row = next(r for r in objectives.iter_rows() if r[header.index(layout.OBJ_CODE)].value == "HL")
    row[header.index(layout.OBJ_APPLIES_TO)].value = "Xã"
    row[header.index(layout.OBJ_MEASURE)].value = "Khảo sát hằng tháng"
    row[header.index(layout.OBJ_PERIODS)].value = "Cả năm"
    book.save(campaign.path)
    return read_campaign(tmp_path / "r1")


def test_the_next_round_keeps_units_objectives_and_codes(earlier, tmp_path):
    result = scaffold_campaign(tmp_path / "r2", previous=earlier.folder)
    campaign = read_campaign(tmp_path / "r2")
    assert (campaign.year, campaign.period) == (2026, "Cả năm")
    assert campaign.settings.previous == "../r1" and campaign.id != earlier.id
    assert [(u.code, u.name, u.level, u.parent) for u in campaign.units] == [
        (u.code, u.name, u.level, u.parent) for u in earlier.units]

    def shape(c):
        return [(o.number, o.title, [(i.code, i.text, i.applies_to, i.periods) for i in o.indicators],
                 [(m.text, m.deadline, m.responsible) for m in o.measures]) for o in c.objectives]

    assert shape(campaign) == shape(earlier)
    assert [i.code for i in campaign.indicators] == ["MT01.1", "HS.2", "HL", "MT03"]
    sheet = load_workbook(campaign.path)[layout.OBJECTIVES_SHEET]        # written explicitly, not left blank
    written = [row for row in sheet.iter_rows(values_only=True) if row[2] and row[2] != layout.OBJ_TARGET]
    header = next(row for row in sheet.iter_rows(values_only=True) if layout.OBJ_CODE in row)
    assert [row[header.index(layout.OBJ_CODE)] for row in written] == ["MT01.1", "HS.2", "HL", "MT03"]
    book = load_workbook(campaign.path)
    assert layout.OLD_UNITS_SHEET in book.sheetnames and campaign.successions == ()
    settings = {row[0]: row[1] for row in book[layout.SETTINGS_SHEET].iter_rows(values_only=True) if row[0]}
    assert settings["Người ký"] == "Nguyễn Văn A" and settings["Chức vụ người ký"] == "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    assert settings[layout.SETTING_PREVIOUS] == "../r1" and settings[layout.SETTING_DUE] is None
    assert result.previous_units_gone == () and "Đợt trước: ../r1" in "\n".join(result.summary_lines())


@pytest.mark.parametrize("period, year, given_year, given_period, expected", [
    ("6 tháng đầu năm", 2026, None, None, (2026, "Cả năm")),
    ("Cả năm", 2026, None, None, (2027, "6 tháng đầu năm")),
    ("9 tháng", 2026, None, None, (2026, "Cả năm")),
    ("Quý II", 2026, None, None, (2026, "Quý III")),
    ("Quý IV", 2026, None, None, (2027, "Quý I")),
    ("6 tháng đầu năm", 2026, None, "6 tháng đầu năm", (2027, "6 tháng đầu năm")),   # the same period: a year on
    ("6 tháng đầu năm", 2026, None, "9 tháng", (2026, "9 tháng")),
    ("Cả năm", 2026, None, "Cả năm", (2027, "Cả năm")),
    ("Cả năm", 2026, 2030, None, (2030, "6 tháng đầu năm")),
    ("Cả năm", 2026, 2030, "Quý I", (2030, "Quý I")),                                # both given: they win
])
def test_the_following_period(tmp_path, period, year, given_year, given_period, expected):
    campaign = make_round(tmp_path / "r", OBJECTIVES, period=period, year=year)
    assert following_period(campaign, given_year, given_period) == expected


def test_units_and_province_replace_the_units_and_the_gone_ones_are_listed(earlier, tmp_path):
    units = tmp_path / "units.csv"
    with open(units, "w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([layout.UNIT_COLUMNS, ("T1", "Tỉnh Thử", "Tỉnh", ""),
                                      ("X1", "Xã Một", "Xã", "T1"), ("X9", "Xã Mới", "Xã", "T1")])
    result = scaffold_campaign(tmp_path / "r2", previous=earlier.folder, units_file=units, year=2027,
                               period="Quý I")
    campaign = read_campaign(tmp_path / "r2")
    assert [u.code for u in campaign.units] == ["T1", "X1", "X9"] and (campaign.year, campaign.period) == (2027, "Quý I")
    assert [u.code for u in result.previous_units_gone] == ["X2", "X3", "X4"]
    assert "X2 Xã Hai" in "\n".join(result.summary_lines()) and layout.OLD_UNITS_SHEET in "\n".join(result.summary_lines())


@pytest.mark.parametrize("title, kept", [
    ("Mục tiêu chất lượng của tỉnh Thử", "Mục tiêu chất lượng của tỉnh Thử"),
    ("Báo cáo 6 tháng đầu năm 2026", "Báo cáo kết quả thực hiện Mục tiêu chất lượng cả năm 2026"),   # names the old period
])
def test_the_title_is_kept_only_when_it_names_no_period(tmp_path, title, kept):
    earlier = make_round(tmp_path / "a", OBJECTIVES)
    book = load_workbook(earlier.path)
    for row in book[layout.SETTINGS_SHEET].iter_rows():
        if row[0].value == layout.SETTING_TITLE:
            row[1].value = title
    book.save(earlier.path)
    scaffold_campaign(tmp_path / "b", previous=tmp_path / "a")
    assert read_campaign(tmp_path / "b").settings.title == kept


def test_a_previous_folder_that_is_not_a_campaign_is_refused(earlier, tmp_path):
    with pytest.raises(PreviousCampaignError):
        scaffold_campaign(tmp_path / "r2", previous=tmp_path / "nowhere")
    with pytest.raises(PreviousCampaignError):
        scaffold_campaign(earlier.folder, previous=earlier.folder, force=True)
    result = CliRunner().invoke(main, ["init", str(tmp_path / "r2"), "--previous", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "campaign.xlsx" in result.output
    assert not (tmp_path / "r2" / layout.CAMPAIGN_FILE).exists()


def test_the_previous_round_typed_by_hand_into_thiet_lap(earlier, tmp_path):
    make_round(tmp_path / "by-hand", OBJECTIVES, period="Cả năm", campaign_id="2026-FY-hand",
               previous=str(earlier.folder.resolve()))          # an absolute path is accepted
    result = CliRunner().invoke(main, ["export", str(tmp_path / "by-hand"), "--format", "json"])
    assert json.loads(result.output)["campaign"]["previous"]["id"] == earlier.id


def test_from_a_decision_keeps_the_codes_of_objectives_with_the_same_title(build_decisions, tmp_path):
    first, second, third = build_decisions.SEED_003
    make_round(tmp_path / "r1", [("1", first.title, [("NB", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
                                 ("2", second.title, [("MT03", "Tăng 1% so với năm 2021 (98,6%)")]),
                                 ("3", "Một mục tiêu đã bỏ", [("MT01.1", "trên 90%")])], units=UNITS_BEFORE)
    decision = build_decisions.write_decision(tmp_path / "qd.docx", build_decisions.seed_003_blocks())
    result = CliRunner().invoke(main, ["init", str(tmp_path / "r2"), "--previous", str(tmp_path / "r1"),
                                       "--from", str(decision), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2022 and data["previous"]["codes_kept"] == 2        # the decision's year wins
    codes = [i.code for i in read_campaign(tmp_path / "r2").indicators]
    assert codes[:2] == ["NB", "MT03"] and codes[2] not in ("NB", "MT03", "MT01.1")   # a new code, no clash
    assert [u.code for u in read_campaign(tmp_path / "r2").units] == [u[0] for u in UNITS_BEFORE]


def test_keep_previous_codes_never_reuses_a_previous_code_for_a_new_indicator(earlier):
    rows = [({layout.OBJ_NUMBER: "1", layout.OBJ_TITLE: "Hồ sơ  đúng hạn", layout.OBJ_TARGET: "trên 96%"}, True),
            ({layout.OBJ_TARGET: "100%"}, False),
            ({layout.OBJ_TARGET: "Tăng 1% so với năm 2021 (98,6%)"}, False),     # a third: new
            ({layout.OBJ_NUMBER: "2", layout.OBJ_TITLE: "Mục tiêu mới", layout.OBJ_TARGET: "≥ 90%"}, True),
            ({layout.OBJ_NUMBER: "3", layout.OBJ_TITLE: "Hài lòng", layout.OBJ_TARGET: "≥ 99%",
              layout.OBJ_CODE: "MT02.1"}, True)]                               # a code typed: kept, and taken
    out, kept = keep_previous_codes(rows, earlier)
    assert kept == 2
    assert [values.get(layout.OBJ_CODE) for values, _ in out] == ["MT01.1", "HS.2", "MT01.3", "MT02.1b", "MT02.1"]


def test_cach_danh_gia_and_chieu_go_on_with_their_indicators(tmp_path):
    earlier = make_round(tmp_path / "r1", [("1", "Văn bản được ký số", [("TH", "khoảng 2%")]),
                                           ("2", "Hài lòng", [("HL", "trên 90%")])])
    assert earlier.indicator("TH").target.higher_is_better and earlier.indicator("HL").target.low == 90
    book = load_workbook(earlier.path)
    sheet = book[layout.OBJECTIVES_SHEET]
    index, columns = layout.find_header_row(sheet.iter_rows(values_only=True), (layout.OBJ_NUMBER,),
                                            (layout.OBJ_CODE, layout.OBJ_FORMAL, layout.OBJ_DIRECTION))
    for row in sheet.iter_rows(min_row=index + 2):
        if row[columns[layout.OBJ_CODE]].value == "TH":
            row[columns[layout.OBJ_DIRECTION]].value = "Thấp hơn là tốt"
        if row[columns[layout.OBJ_CODE]].value == "HL":
            row[columns[layout.OBJ_FORMAL]].value = ">= 95%"
    book.save(earlier.path)
    earlier = read_campaign(tmp_path / "r1")
    scaffold_campaign(tmp_path / "r2", previous=tmp_path / "r1")
    campaign = read_campaign(tmp_path / "r2")
    assert [i.target for i in campaign.indicators] == [i.target for i in earlier.indicators]
    assert campaign.indicator("HL").target.low == 95 and not campaign.indicator("TH").target.higher_is_better
