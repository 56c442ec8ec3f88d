"""The command line: `xlqms target` on every example of the domain README, and `xlqms init`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from xlqms import layout
from xlqms.campaign import read_campaign
from xlqms.cli import main

# (target text, value, baseline, status): every example of the domain README's table.
README_EXAMPLES = [
    ("trên 90%", "1540/1587", None, "met"),
    ("trên 90%", "97,04%", None, "met"),
    ("trên 95%", "2/3", None, "not_met"),
    ("trên 95%", "66,7%", None, "not_met"),
    ("trên 95%", "95,7%", None, "met"),
    ("trên 95%", "95,7", None, "met"),
    ("trên 80%", "9/9", None, "met"),
    ("trên 85%", "5/15", None, "not_met"),
    ("100%", "162/168", None, "not_met"),
    ("100%", "96,4", None, "not_met"),
    ("18/18 chỉ tiêu", "10", None, "not_met"),
    ("≥ 98%", "98%", None, "met"),
    ("Tăng 1% so với năm 2021 (98,6%)", "99,7%", None, "met"),
    ("Tăng 1% so với năm 2021 (98,6%)", "99,5%", None, "not_met"),
    ("14-15%", "14%", None, "met"),
    ("14-15%", "15,2%", None, "exceeded"),
    ("14-15%", "13,9%", None, "not_met"),
    ("giảm 0,8-1,0%/năm", "4,1%", "5,0%", "met"),
    ("giảm 0,8-1,0%/năm", "3,8%", "5,0%", "exceeded"),
    ("giảm 0,8-1,0%/năm", "4,5%", "5,0%", "not_met"),
    ("900 lao động", "950", None, "exceeded"),
    ("Kết quả … đạt yêu cầu", "Đạt", None, "met"),
]


# (target text, value, baseline, status): every example of TARGETS.md (second edition).
TARGETS_EXAMPLES = [
    ("- Giảm tỷ lệ hộ nghèo xuống còn 12%;", "11,4%", None, "met"),
    ("- Giảm tỷ lệ hộ nghèo xuống còn 12%;", "12,3%", None, "not_met"),
    ("Tỷ lệ hồ sơ trễ hạn khoảng 2%", "1,6%", None, "met"),
    ("Tỷ lệ hồ sơ trễ hạn khoảng 2%", "2,5%", None, "not_met"),
    ("Có 3 ÷ 5 mô hình điểm", "6", None, "exceeded"),
    ("Có 3 ÷ 5 mô hình điểm", "4", None, "met"),
    ("Có 3 ÷ 5 mô hình điểm", "2", None, "not_met"),
    ("Học sinh lên lớp đạt từ 94% ÷ 97%", "97,5", None, "exceeded"),
    ("Học sinh lên lớp đạt từ 94% ÷ 97%", "95", None, "met"),
    ("Học sinh lên lớp đạt từ 94% ÷ 97%", "93", None, "not_met"),
    ("Tuyển sinh năm học 2025 – 2026 đạt trên 85% chỉ tiêu", "85", None, "not_met"),
    ("Tuyển sinh năm học 2025 – 2026 đạt trên 85% chỉ tiêu", "86", None, "met"),
    ("Thu ngân sách tăng 12% so với năm 2024", "2.230", "2.000", "not_met"),
    ("Thu ngân sách tăng 12% so với năm 2024", "2.250", "2.000", "met"),
    ("Tỷ lệ bao phủ bảo hiểm y tế tăng 1% so với năm 2024 (91,5%)", "92,6", None, "met"),
    ("Tỷ lệ bao phủ bảo hiểm y tế tăng 1% so với năm 2024 (91,5%)", "92,4", None, "not_met"),
    ("Giảm tỷ lệ sinh con thứ ba 0,2‰", "9,7‰", "10,0‰", "met"),
    ("Giảm tỷ lệ sinh con thứ ba 0,2‰", "9,9‰", "10,0‰", "not_met"),
    ("Tổng vốn đầu tư đạt 850 tỷ đồng, tăng 10% so với năm 2024", "870", None, "exceeded"),
    ("Tổng vốn đầu tư đạt 850 tỷ đồng, tăng 10% so với năm 2024", "840", None, "not_met"),
    ("Tỷ lệ hộ nghèo giảm 1,5% trở lên (còn dưới 6%)", "5,8", None, "met"),
    ("Tỷ lệ hộ nghèo giảm 1,5% trở lên (còn dưới 6%)", "6,0", None, "not_met"),
    ("Tạo việc làm cho 1.200 lao động trở lên", "1.250", None, "met"),
    ("0 hồ sơ trễ hạn", "0", None, "met"),
    ("0 hồ sơ trễ hạn", "2", None, "not_met"),
    ("Hoàn thành trước ngày 20/12", "Đạt", None, "met"),
    ("Đạt giải ba trở lên tại Hội thi cấp tỉnh năm 2025", "Đạt", None, "met"),
    ("Tăng trưởng giá trị sản xuất 8-9%", "9,4", None, "exceeded"),
    ("Giá trị sản xuất công nghiệp tăng 8% so với năm 2024", "tăng 8,3%", None, "met"),
]


def test_the_threshold_example_has_no_exceeded():
    data = json.loads(run("target", "Tạo việc làm cho 1.200 lao động trở lên", "--value", "1.250", "--json").stdout)
    assert data["target"]["exceedable"] is False and data["exceed_level"] is None


def test_the_compound_example_is_refused_with_the_split():
    result = run("target", "100% xã có kế hoạch, trong đó 60% xã triển khai", "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout)["split"] == ["100% xã có kế hoạch", "60% xã triển khai"]


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("text, value, baseline, status", README_EXAMPLES + TARGETS_EXAMPLES)
def test_target_json_status_for_every_example_of_the_readme_and_targets_md(text, value, baseline, status):
    args = ["target", text, "--value", value, "--json"]
    if baseline:
        args += ["--baseline", baseline]
    result = run(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == status
    assert data["target"]["text"] == text


def test_target_without_baseline_is_no_data():
    result = run("target", "Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "--value", "4,1", "--json")
    data = json.loads(result.stdout)
    assert data["status"] == "no_data"
    assert "Kết quả kỳ trước" in data["message"]


def test_target_reading_without_a_value():
    result = run("target", "14-15%", "--json")
    data = json.loads(result.stdout)
    assert "status" not in data
    assert data["target"]["kind"] == "range" and data["target"]["exceedable"] is True


def test_target_table_shows_the_verdict_in_vietnamese():
    result = run("target", "900 lao động", "--value", "950")
    assert result.exit_code == 0
    assert "Vượt" in result.stdout and "exceeded" not in result.stdout and "(" not in result.stdout.split("Đánh giá")[-1]


def test_unreadable_target_exits_2_quoting_the_text():
    result = run("target", "khoảng chín mươi", "--value", "95")
    assert result.exit_code == 2
    assert "“khoảng chín mươi”" in result.stderr
    assert result.stderr.count("trên 90%") == 1          # the forms it understands, once
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_unreadable_target_with_json_is_still_one_json_object():
    result = run("target", "100% xã có kế hoạch, trong đó 60% xã triển khai", "--value", "95", "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert "status" not in data and "“100% xã có kế hoạch" in data["error"]
    assert data["code"] == "target-compound"
    assert data["split"] == ["100% xã có kế hoạch", "60% xã triển khai"]


@pytest.mark.parametrize("text", ["- Giảm tỷ lệ hộ nghèo xuống còn 12%;", "-Tỷ lệ hộ nghèo xuống còn 12%",
                                  "+ Tỷ lệ hộ nghèo xuống còn 12%", "-h Tỷ lệ hộ nghèo xuống còn 12%"])
def test_a_pasted_bullet_is_a_target_not_an_option(text):
    result = run("target", text, "--value", "11,4", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["status"] == "met" and data["target"]["text"] == text
    result = run("target", "--value", "12,3", text, "--json")
    assert json.loads(result.stdout)["status"] == "not_met"


def test_context_gives_direction_and_rate_cues():
    bare = json.loads(run("target", "khoảng 2%", "--value", "1,6", "--json").stdout)
    assert bare["status"] == "not_met"                  # no cue: at least 2%
    lower = json.loads(run("target", "khoảng 2%", "--value", "1,6", "--json",
                           "--context", "Tỷ lệ hồ sơ trễ hạn").stdout)
    assert lower["status"] == "met" and lower["target"]["better"] == "lower"
    refused = run("target", "Tăng 1% so với năm 2024", "--json")
    assert refused.exit_code == 2 and json.loads(refused.stdout)["code"] == "target-change-mode-unknown"
    points = json.loads(run("target", "Tăng 1% so với năm 2024", "--value", "92,5", "--baseline", "91,5",
                            "--context", "Tỷ lệ bao phủ bảo hiểm y tế", "--json").stdout)
    assert points["target"]["change_mode"] == "points" and points["status"] == "met"


def test_unreadable_value_exits_2():
    result = run("target", "trên 90%", "--value", "chín mươi")
    assert result.exit_code == 2
    assert "“chín mươi”" in result.stderr


# --- xlqms init ---------------------------------------------------------------------------------


def test_init_creates_a_campaign_and_says_what_to_do_next(tmp_path):
    folder = tmp_path / "dot-2026"
    result = run("init", str(folder), "--year", "2026", "--period", "Cả năm")
    assert result.exit_code == 0, result.output
    assert "campaign.xlsx" in result.stdout
    assert f"xlqms generate {folder}" in result.stdout
    campaign = read_campaign(folder)
    assert (campaign.year, campaign.period) == (2026, "Cả năm")
    assert campaign.id in result.stdout


def test_init_refuses_to_overwrite(tmp_path):
    assert run("init", str(tmp_path)).exit_code == 0
    before = (tmp_path / layout.CAMPAIGN_FILE).read_bytes()
    result = run("init", str(tmp_path), "--year", "2030")
    assert result.exit_code == 3
    assert "--force" in result.stderr
    assert (tmp_path / layout.CAMPAIGN_FILE).read_bytes() == before
    result = run("init", str(tmp_path), "--year", "2030", "--force")
    assert result.exit_code == 0
    assert read_campaign(tmp_path).year == 2030


def test_init_with_units_file(tmp_path):
    units = tmp_path / "don_vi.csv"
    units.write_text("Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\n001,UBND huyện A,Huyện,\n00004,UBND xã B,Xã,001\n",
                     encoding="utf-8")
    result = run("init", str(tmp_path / "dot"), "--units", str(units))
    assert result.exit_code == 0, result.output
    assert [unit.code for unit in read_campaign(tmp_path / "dot").units] == ["001", "00004"]


def test_init_with_a_bad_units_file_lists_every_problem(tmp_path):
    units = tmp_path / "don_vi.csv"
    units.write_text("Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\n001,A,Huyện,\n001,B,Xã,001\n00005,C,Xã,999\n",
                     encoding="utf-8")
    result = run("init", str(tmp_path / "dot"), "--units", str(units))
    assert result.exit_code == 2
    assert "don_vi.csv — A3" in result.stderr and "don_vi.csv — D4" in result.stderr
    assert not (tmp_path / "dot" / layout.CAMPAIGN_FILE).exists()


def test_init_with_a_province(tmp_path):
    result = run("init", str(tmp_path), "--province", "Lai Châu")
    assert result.exit_code == 0, result.output
    assert "39" in result.stdout and "Tỉnh Lai Châu" in result.stdout
    assert len(read_campaign(tmp_path).units) == 39


def test_init_with_a_bad_period_exits_2(tmp_path):
    result = run("init", str(tmp_path), "--period", "Quý V")
    assert result.exit_code == 2
    assert "Quý IV" in result.stderr


@pytest.mark.parametrize("text, value", [
    ("Lượng khách du lịch đạt 1,5 triệu lượt", "1.400.000"),
    ("Giải quyết việc làm cho 12 nghìn lao động", "11.000"),
    ("Tổng thu ngân sách : 210-215 tỷ đồng", "210.000.000.000"),
])
def test_a_value_in_plain_units_for_a_level_in_millions_is_refused_as_collect_refuses_it(text, value):
    result = CliRunner().invoke(main, ["target", text, "--value", value, "--json"])
    assert result.exit_code == 2
    answer = json.loads(result.stdout)
    assert answer["code"] == "value-out-of-scale" and "status" not in answer
    assert "nhập số" in answer["error"]


def test_target_table_speaks_vietnamese_only_the_json_keeps_the_codes():
    table = run("target", "trên 90%", "--value", "95").stdout
    assert "threshold" not in table and "(met)" not in table and "ngưỡng" in table
    data = json.loads(run("target", "trên 90%", "--value", "95", "--json").stdout)
    assert data["target"]["kind"] == "threshold" and data["status"] == "met"
