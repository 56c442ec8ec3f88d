"""Seed 001: Lộc An's report on its quality objectives for the first six months of 2020.

The seed concludes "6/10 mục tiêu có tỷ lệ đạt và vượt so với kế hoạch đề ra (mục tiêu số 2, 5, 6, 8,
9, 10)". The targets below are the seed's own words; the figures are those the report gives.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round, evaluate_unit
from xlqms.statuses import Status

UNITS = [("LOCAN", "UBND xã Lộc An", "Xã", None)]

OBJECTIVES = [
    ("1", "Phát triển kinh tế - xã hội", [
        ("MT01", "Phấn đấu 18/18 chỉ tiêu chủ yếu về phát triển kinh tế - xã hội của xã năm 2020 đạt và vượt kế hoạch đề ra"),
    ]),
    ("2", "Thủ tục hành chính đúng quy trình, đúng hạn", [
        ("MT02.1", "Đảm bảo 100% thủ tục hành chính thực hiện đúng quy trình theo tiêu chuẩn ISO"),
        ("MT02.2", "Phấn đấu trên 90% hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên thông "
                   "thuộc thẩm quyền của UBND xã được giải quyết đúng hạn"),
    ]),
    ("3", "Phản ánh từ Trung tâm Giám sát điều hành đô thị thông minh", [
        ("MT03", "Phấn đấu trên 95% xử lý đúng hạn ý kiến phản ánh từ Trung tâm Giám sát điều hành đô thị thông minh của tỉnh"),
    ]),
    ("4", "Cơ chế một cửa, một cửa liên thông theo Nghị định 61/2018/NĐ-CP", [
        ("MT04.1", "Triển khai thực hiện hiệu quả quy trình tiếp nhận, giải quyết và trả kết quả theo "
                   "Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ"),
        ("MT04.2", "100% thủ tục hành chính thuộc thẩm quyền được niêm yết công khai tại phòng giải quyết hồ sơ"),
        ("MT04.3", "Thực hiện dịch vụ công mức 3, mức 4 đối với 100% thủ tục hành chính đủ điều kiện"),
    ]),
    ("5", "Mức độ hài lòng", [
        ("MT05", "Mức độ hài lòng của tổ chức, cá nhân đạt trên 95% khi thực hiện giao dịch thủ tục hành chính"),
    ]),
    ("6", "Đơn thư khiếu nại, tố cáo", [
        ("MT06", "Phấn đấu giải quyết đạt trên 80% đơn thư khiếu nại, tố cáo thuộc thẩm quyền của UBND xã"),
    ]),
    ("7", "Ý kiến chỉ đạo", [
        ("MT07.1", "100% văn bản chỉ đạo của UBND huyện, Chủ tịch UBND xã có quy định thời hạn hoàn thành "
                   "được theo dõi, đôn đốc"),
        ("MT07.2", "trên 85% ý kiến chỉ đạo thực hiện đúng hạn"),
    ]),
    ("8", "Văn bản điện tử ký số", [
        ("MT08", "100% các văn bản điện tử của UBND xã (ngoại trừ các văn bản mật) được ký số và luân chuyển "
                 "trên môi trường mạng"),
    ]),
    ("9", "Hệ thống điều hành tác nghiệp, thư điện tử", [
        ("MT09.1", "100% Cán bộ QLNN, công chức sử dụng Hệ thống thông tin điều hành tác nghiệp"),
        ("MT09.2", "100% cán bộ, công chức sử dụng Thư điện tử công vụ"),
    ]),
    ("10", "Quy trình ISO nội bộ", [
        ("MT10", "100% TTHC thuộc phạm vi Hệ thống quản lý chất lượng theo tiêu chuẩn TCVN ISO 9001:2015 tại "
                 "UBND xã được xây dựng và triển khai thực hiện quy trình ISO nội bộ của đơn vị"),
    ]),
]

# The figures of the report's "Kết quả thực hiện" column.
FIGURES = [
    entry("MT01", num=10, den=18, explanation="10 chỉ tiêu đạt từ 48-100%; 5 chỉ tiêu đánh giá vào cuối năm"),
    entry("MT02.1", value=100),
    entry("MT02.2", num=1540, den=1587),
    entry("MT03", num=2, den=3),
    entry("MT04.1", passed=True),
    entry("MT04.2", value=100),
    entry("MT04.3", value=88, explanation="DVC mức 3 có 179 TTHC, mức 4 có 112 TTHC"),
    entry("MT05", value="95.7"),
    entry("MT06", num=9, den=9),
    entry("MT07.1", value=100),
    entry("MT07.2", num=5, den=15),
    entry("MT08", value=100),
    entry("MT09.1", value=100),
    entry("MT09.2", value=100),
    entry("MT10", value=100),
]


def loc_an():
    campaign = make_campaign(UNITS, OBJECTIVES)
    return campaign, submission("LOCAN", FIGURES)


def test_loc_an_six_of_ten_objectives_met_as_the_seed_concludes():
    campaign, return_ = loc_an()
    result = evaluate_unit(campaign, campaign.units["LOCAN"], return_)
    assert result.submitted
    assert (result.objectives_met, result.objectives_total) == (6, 10)
    assert result.met_numbers == ("2", "5", "6", "8", "9", "10")
    assert result.not_met_numbers == ("1", "3", "4", "7")
    assert result.summary == "6/10 mục tiêu đạt và vượt (mục tiêu số 2, 5, 6, 8, 9, 10)"


def test_loc_an_indicator_values_are_unrounded_ratios():
    campaign, return_ = loc_an()
    result = evaluate_round(campaign, {"LOCAN": return_}).unit("LOCAN")
    one_stop = result.indicator("MT02.2")
    assert one_stop.status is Status.MET
    assert one_stop.value == 100 * Fraction(1540, 1587)  # 97,0384…, unrounded
    assert round(one_stop.number, 2) == 97.04
    assert result.indicator("MT03").status is Status.NOT_MET          # 2/3 = 66,7% against trên 95%
    assert result.indicator("MT04.1").status is Status.MET            # qualitative, Đạt
    assert result.indicator("MT04.3").status is Status.NOT_MET        # DVC 88% against 100%
    assert result.indicator("MT05").status is Status.MET              # 95,7 against trên 95%
    assert result.indicator("MT07.2").status is Status.NOT_MET        # 5/15 against trên 85%
    assert result.indicator("MT01").status is Status.NOT_MET          # 10 of 18 against 18/18
    # Bare percentages and thresholds are met, never exceeded.
    assert result.indicator("MT06").status is Status.MET              # 9/9 = 100% against trên 80%


# --- The same report as a round trip: campaign.xlsx → generate → fill → collect → export / rollup ---


def _catalogue():
    from xlqms.catalogue import CatalogueEntry

    return tuple(
        CatalogueEntry(title, tuple((text, "") for _code, text in indicators),
                       codes=tuple(code for code, _text in indicators))
        for _number, title, indicators in OBJECTIVES
    )


def _fill(path, figures):
    """Type the report's figures into the returned workbook, the way the ISO secretary would."""
    from builders_generate import results_layout
    from openpyxl import load_workbook

    sheet_name, columns, rows = results_layout(path)
    book = load_workbook(path)
    sheet = book[sheet_name]
    for figure in figures:
        row = rows[figure.code]
        if figure.numerator is not None:
            sheet[f"{columns['Tử số']}{row}"] = int(figure.numerator)
            sheet[f"{columns['Mẫu số']}{row}"] = int(figure.denominator)
        elif figure.passed is not None:
            sheet[f"{columns['Kết quả']}{row}"] = "Đạt" if figure.passed else "Không đạt"
        else:
            sheet[f"{columns['Kết quả']}{row}"] = float(figure.value)
        if figure.explanation:
            sheet[f"{columns['Thuyết minh']}{row}"] = figure.explanation
    book.save(path)


@pytest.fixture(scope="module")
def collected_round(tmp_path_factory):
    from xlqms.campaign import Settings, read_campaign
    from xlqms.campaign_workbook import write_campaign_workbook
    from xlqms.collect import collect
    from xlqms.generate import generate_workbooks
    from xlqms.units import Unit

    folder = tmp_path_factory.mktemp("loc_an_2020")
    units = [Unit("HUYEN", "UBND huyện Phú Lộc", "Huyện"), Unit("LOCAN", "UBND xã Lộc An", "Xã", "HUYEN"),
             Unit("LOCBINH", "UBND xã Lộc Bình", "Xã", "HUYEN")]
    settings = Settings(year=2020, period="6 tháng đầu năm", title="Mục tiêu chất lượng 6 tháng đầu năm 2020",
                        campaign_id="2020-H1-locan")
    write_campaign_workbook(folder / "campaign.xlsx", settings, units, _catalogue())
    campaign = read_campaign(folder)
    generated = generate_workbooks(campaign, folder / "phat_hanh")
    workbook = next(p for p in (folder / "phat_hanh").glob("LOCAN*.xlsx"))
    returned = folder / "nhan_ve"
    returned.mkdir()
    target = returned / workbook.name
    target.write_bytes(workbook.read_bytes())
    _fill(target, FIGURES)
    collect(folder, [returned], workers=1)
    return folder, generated


def test_round_trip_gives_loc_an_six_of_ten(collected_round):
    from xlqms.export import load_round

    folder, _ = collected_round
    loaded = load_round(folder)
    loc_an = loaded.round_result.unit("LOCAN")
    assert loc_an.submitted, [f.describe() for f in loaded.findings]
    assert loc_an.summary == "6/10 mục tiêu đạt và vượt (mục tiêu số 2, 5, 6, 8, 9, 10)"
    assert loc_an.provenance.file_name.startswith("LOCAN")
    assert dict(loc_an.indicator("MT02.2").cells)  # the cells the figures came from
    assert not loaded.round_result.unit("LOCBINH").submitted
    district = loaded.rollup.parent("HUYEN")
    assert (district.units_expected, district.units_submitted, district.missing) == (2, 1, ("LOCBINH",))
    assert district.indicator("MT02.2").pooled_value == pytest.approx(100 * 1540 / 1587)


def test_cli_export_json_and_csv(collected_round, tmp_path):
    import json

    from click.testing import CliRunner

    from xlqms.cli import main

    folder, _ = collected_round
    result = CliRunner().invoke(main, ["export", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    units = {unit["code"]: unit for unit in data["units"]}
    assert (units["LOCAN"]["objectives_met"], units["LOCAN"]["objectives_total"]) == (6, 10)
    assert units["LOCBINH"]["submitted"] is False and units["HUYEN"]["parent"] is None
    out = tmp_path / "ket_qua.csv"
    result = CliRunner().invoke(main, ["export", str(folder), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    # A header, then one row per unit × indicator: the district and its two communes × 15 indicators.
    assert out.read_bytes().count(b"\r\n") == 1 + 3 * 15


def test_cli_rollup_writes_the_workbook(collected_round):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from xlqms.cli import main

    folder, _ = collected_round
    result = CliRunner().invoke(main, ["rollup", str(folder)])
    assert result.exit_code == 0, result.output
    path = folder / "out" / "tong_hop_H1_2020.xlsx"
    assert str(path) in result.output
    # Each objective's pooled result and verdict, at 80 columns: Lộc An alone sent figures.
    lines = result.output.splitlines()
    assert all(len(line) <= 80 for line in lines if str(path) not in line)
    row = next(line for line in lines if line.lstrip().startswith("2 "))
    assert "1.640/1.687" in row or "97,04%" in row or "Đạt" in row, row
    assert "Đã nộp 1/2 đơn vị (50%); chưa nộp 1." in result.output
    assert "LOCBINH UBND xã Lộc Bình" in result.output                      # missing, by name
    book = load_workbook(path)
    assert "Ma trận" in book.sheetnames and "MT 10" in book.sheetnames
