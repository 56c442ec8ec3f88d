"""What the commands print: 80 columns, cells wrapped at words, units named beside their codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.codes import Code, UnitState
from xlqms.findings import error, finding
from xlqms.overview import build_overview
from xlqms.rollup import roll_up
from xlqms.status import compute_status
from xlqms.store import FileRecord
from xlqms.terminal import (
    WIDTH,
    demo_lines,
    display_width,
    report_lines,
    rollup_lines,
    shorten,
    status_lines,
    table,
    unit_list,
    wrap,
)

LONG = "Ủy ban nhân dân phường Thạnh Mỹ Lợi thuộc thành phố Thủ Đức, Thành phố Hồ Chí Minh"


@pytest.mark.parametrize("text, width, short", [
    ("Xã Tả Lèng", 20, "Xã Tả Lèng"),
    (LONG, 30, "Ủy ban nhân dân phường Thạnh…"),
    ("Siêuđơnvịcótênrấtdàikhôngcódấucách", 10, "Siêuđơnvị…"),
])
def test_shorten_cuts_at_a_word(text, width, short):
    assert shorten(text, width) == short
    assert display_width(shorten(text, width)) <= width


def test_words_are_never_broken():
    lines = wrap(LONG * 3, 40, indent="  ")
    words = set((LONG * 3).split())
    assert all(display_width(line) <= 40 for line in lines)
    assert all(word in words for line in lines for word in line.split())


def test_a_table_fits_its_columns_and_wraps_cells_at_words():
    lines = table(["Đơn vị", "Số"], [[LONG, "1.234"], ["Xã Một", "5"]], [30, 6], [False, True])
    assert all(display_width(line) <= 37 for line in lines)
    assert lines[2].startswith("Ủy ban nhân dân phường Thạnh") and lines[2].endswith(" 1.234")
    assert lines[3].rstrip() == "Mỹ Lợi thuộc thành phố Thủ" and lines[4].rstrip() == "Đức, Thành phố Hồ Chí Minh"


def test_a_long_list_of_units_is_wrapped_between_units_and_cut_with_a_count():
    units = [(f"0{3400 + i}", f"Xã Số {i}") for i in range(60)]
    lines = unit_list("Chưa nộp", units, " (xlqms status --format csv)", limit=40)
    assert lines[0] == "Chưa nộp (60):"
    assert all(display_width(line) <= WIDTH for line in lines)
    body = " · ".join(line.strip() for line in lines[1:-1])
    assert [item.strip() for item in body.split(" · ")] == [f"{code} {name}" for code, name in units[:40]]
    assert lines[-1] == "  … và 20 đơn vị khác (xlqms status --format csv)"


UNITS = [("T", "Tỉnh Thử Nghiệm Có Tên Rất Dài Để Kiểm Tra Cột", "Tỉnh", None)] + [
    (f"X{i:02d}", f"Xã {name}", "Xã", "T") for i, name in enumerate(
        ["Tả Lèng", "Bum Nưa", "Pa Tần", "Mù Cả", "Nậm Mạ", "Sì Lở Lầu", "Thạnh Mỹ Lợi Thuộc Thành Phố Thủ Đức"])]


def test_status_fits_80_columns_and_names_missing_late_and_rejected_units():
    campaign = make_campaign(UNITS, [("1", "Hồ sơ", [("MT01", "trên 90%")])], year=2026)
    from dataclasses import replace

    campaign = replace(campaign, settings=replace(campaign.settings, due_date=dt.date(2026, 7, 15)))
    files = [FileRecord("a", "/in/a.xlsx", "a.xlsx", dt.datetime(2026, 7, 10, 9), "X00", "accepted", sequence=1),
             FileRecord("b", "/in/b.xlsx", "b.xlsx", dt.datetime(2026, 7, 20, 9), "X03", "accepted", sequence=2),
             FileRecord("c", "/in/c.xlsx", "c.xlsx", dt.datetime(2026, 7, 12, 9), "X04", "needs_correction",
                        sequence=3),
             FileRecord("d", "/in/d.xlsx", "bao cao cua xa khac.xlsx", dt.datetime(2026, 7, 12, 9), None, "rejected",
                        claimed_unit="X06", sequence=4)]
    findings = {"c": [error("not-a-number", "“abc” không phải là số — nhập một số, ví dụ 95,7, vào ô Kết quả của "
                                            "dòng chỉ tiêu này rồi gửi lại tệp", file="c.xlsx", sheet="Kết quả",
                            cell="H11")],
                "d": [error("unknown-unit", "Tệp của một đợt báo cáo khác — dùng đúng sổ xlqms đã gửi", file="d.xlsx")]}
    status = compute_status(campaign, files, findings, {"X00": "accepted", "X03": "accepted",
                                                        "X04": "needs_correction"}, today=dt.date(2026, 8, 1))
    lines = status_lines(status)
    assert all(display_width(line) <= WIDTH for line in lines), [line for line in lines if display_width(line) > WIDTH]
    text = "\n".join(lines)
    assert "X01 Xã Bum Nưa" in text and "X02 Xã Pa Tần" in text                    # missing, by name
    assert "X03 Xã Mù Cả (20/07)" in text                                        # late, by name, with the day
    assert "X04 Xã Nậm Mạ" in text and "“abc” không phải là số" in text          # to correct, with the reason
    assert "bao cao cua xa khac.xlsx — X06 Xã Thạnh Mỹ Lợi" in text              # rejected: who it claimed to be
    assert "Đã nộp 3/7 đơn vị (42,86%)" in text


def test_rollup_prints_each_objectives_pooled_result_and_verdict(tmp_path):
    campaign = make_campaign(UNITS, [("1", "Hồ sơ được giải quyết đúng hạn", [("MT01", "trên 90%")]),
                                     ("2", "Đánh giá nội bộ", [("MT02", "Kết quả đánh giá nội bộ đạt yêu cầu")])])
    returns = {code: submission(code, [entry("MT01", num=num, den=1000), entry("MT02", passed=num > 900)])
               for code, num in (("X00", 950), ("X01", 880), ("X02", 990))}
    result = evaluate_round(campaign, returns)
    overview = build_overview(campaign, result, roll_up(campaign, result))
    lines = rollup_lines(Path("/tmp/tong_hop_H1_2020.xlsx"), overview)
    assert all(display_width(line) <= WIDTH for line in lines)
    text = "\n".join(lines)
    assert "94% (2.820/3.000 hồ sơ)" in text and "Đạt chung, còn đơn vị chưa đạt" in text and "2/3" in text
    assert "Đa số đơn vị đạt" in text
    assert "Đã nộp 3/7 đơn vị (42,86%); chưa nộp 4." in text
    assert "X03 Xã Mù Cả" in text


def test_status_lists_blank_returns_held_files_and_lost_archives_at_80_columns():
    from dataclasses import replace

    campaign = make_campaign(UNITS, [("1", "Hồ sơ", [("MT01", "trên 90%")])], year=2026)
    long_name = "bao cao ket qua thuc hien muc tieu chat luong cua xa Thanh My Loi (ban gui lai lan 2).xlsx"
    files = [FileRecord("a", "/in/a.xlsx", "a.xlsx", dt.datetime(2026, 7, 10, 9), "X00", "accepted", sequence=1),
             FileRecord("e", "/in/e.xlsx", "xa bum nua de trong.xlsx", dt.datetime(2026, 7, 11, 9), "X01", "blank",
                        sequence=2),
             FileRecord("f", "/in/f.xlsx", long_name, dt.datetime(2026, 7, 12, 9), "X00", "held", sequence=3)]
    findings = {"e": [finding(Code.BLANK_RETURN, "Sổ gửi về chưa điền số liệu nào — điền rồi gửi lại", file="e.xlsx")],
                "f": [finding(Code.OLDER_CONTENT, "Tệp gửi sau nhưng nội dung cũ hơn tệp đang dùng", file="f.xlsx")]}
    status = compute_status(campaign, files, findings, {"X00": "accepted", "X01": "returned_blank"},
                            today=dt.date(2026, 8, 1))
    status = replace(status, missing_from_archive=(long_name,))
    assert {u.code: u.state for u in status.units}["X01"] is UnitState.RETURNED_BLANK
    lines = status_lines(status)
    text = "\n".join(lines)
    assert all(display_width(line) <= WIDTH for line in lines if line.strip() != long_name)
    assert "Đã nộp 1/7 đơn vị (14,29%)" in text and "1 nộp tệp trống" in text and "1 tệp chờ xem lại" in text
    assert "Nộp tệp trống (vẫn tính là chưa nộp, cần nhắc) (1):\n  X01 Xã Bum Nưa" in text
    assert "nội dung cũ hơn tệp đang dùng" in text
    assert f"\n  {long_name}\n" in text                                   # a file name whole, never cut or wrapped


def test_status_lists_the_units_to_review_with_what_to_look_at():
    campaign = make_campaign(UNITS, [("1", "Hồ sơ", [("MT01", "trên 90%")])], year=2026)
    files = [FileRecord("a", "/in/a.xlsx", "bao cao 6 thang.xlsx", dt.datetime(2026, 7, 10, 9), "X00", "accepted",
                        sequence=1),
             FileRecord("b", "/in/b.xlsx", "b.xlsx", dt.datetime(2026, 7, 10, 9), "X01", "accepted", sequence=2)]
    warnings = [finding(Code.PERCENT_AS_FRACTION, "Kết quả lưu dạng 0,97 vì ô định dạng phần trăm (hiện 97%) — đã hiểu "
                        "là 97; nếu đúng thì không cần sửa, lần sau bỏ định dạng % của ô này", file="bao cao 6 thang.xlsx",
                        sheet="Kết quả", cell=f"I{row}") for row in range(12, 17)]
    status = compute_status(campaign, files, {"a": warnings}, {"X00": "received", "X01": "accepted"},
                            today=dt.date(2026, 8, 1))
    lines = status_lines(status)
    assert all(display_width(line) <= WIDTH for line in lines), [line for line in lines if display_width(line) > WIDTH]
    text = "\n".join(lines)
    assert "Cần xem lại (1, đã dùng số liệu; xem lại rồi coi như đã chấp nhận):\n  X00 " in text
    assert "Kết quả!I12: Kết quả lưu dạng 0,97" in text and "Kết quả!I14" in text
    assert "Kết quả!I15" not in text and "… và 2 điều khác (xlqms status --format json)" in text
    assert "X01" not in text.split("Cần xem lại")[1]


def test_report_lines_list_the_drafts_that_could_not_be_written():
    written = [Path("/r/X1_Xa_Mot_bao_cao_H1_2026.docx"), Path("/r/T_Tinh_tong_hop_H1_2026.docx")]
    failed = [(Path("/r/X2.docx"), "Không ghi được /r/X2.docx: tệp đang mở trong chương trình khác (Word?) — "
                                   "đóng tệp rồi chạy lại.")] * 25
    lines = report_lines(written, 1, 1, failed)
    text = "\n".join(lines)
    assert all(display_width(line) <= WIDTH for line in lines)
    assert "Đã viết 2 dự thảo báo cáo: 1 báo cáo đơn vị, 1 báo cáo tổng hợp." in text
    assert "Không ghi được 25 dự thảo:" in text and text.count("✗") == 20 and "… và 5 dự thảo khác" in text
    assert report_lines([], 0, 0, failed[:1])[0] == "Không có dự thảo nào được viết."


def test_demo_lines_keep_each_path_whole_on_a_line_of_its_own():
    from types import SimpleNamespace

    folder = Path("/tmp/mot-thu-muc-rat-dai-de-kiem-tra/dot-bao-cao-mau-cua-tinh-lai-chau-nam-2025")
    result = SimpleNamespace(folder=folder, campaign_folder=folder / "dot-6-thang", annual_folder=None,
                             steps=[("Thu nhận 40 tệp (đã chấp nhận: 33, trùng tệp đã nhận: 1, cần sửa: 3, bỏ qua: 2)",
                                     str(folder / "dot-6-thang" / "out" / "tinh_hinh_nop.csv"))])
    lines = demo_lines(result)
    assert f"      {folder}/dot-6-thang/out/tinh_hinh_nop.csv" in lines        # longer than a line: whole
    assert all(display_width(line) <= WIDTH for line in lines if str(folder) not in line)


# -- terminals that cannot write Vietnamese (issue 15) ---------------------------------------------

def _xlqms(args, env, cwd=None):
    import os
    import subprocess
    import sys
    environment = {**os.environ, "PYTHONUTF8": "0", **env}
    return subprocess.run([sys.executable, "-m", "xlqms", *map(str, args)], capture_output=True, env=environment,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize("env", [pytest.param({"PYTHONIOENCODING": "ascii"}, marks=pytest.mark.slow, id="ascii"),
                                 pytest.param({"PYTHONIOENCODING": "latin-1"}, id="latin-1"),
                                 pytest.param({"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": ""},
                                              marks=pytest.mark.slow, id="C-locale")])
def test_a_terminal_that_cannot_write_vietnamese_never_breaks_a_command(collect_round, returns_corpus, env):
    """Into a pipe, every command writes UTF-8 (data keeps its diacritics); nothing ends in an unexpected error."""
    from xlqms.collect import collect
    collect(collect_round, [returns_corpus["returns"] / "good.xlsx"])
    for args in (["status", collect_round], ["export", collect_round, "--format", "json"],
                 ["export", collect_round, "--format", "csv"], ["status", collect_round, "--format", "csv"],
                 ["target", "≥ 95%", "--value", "96"], ["--help"], ["collect", collect_round,
                                                                   returns_corpus["returns"] / "good.xlsx"]):
        done = _xlqms(args, env)
        text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
        assert done.returncode in (0, 4), (args, text)
        assert "không mong đợi" not in text and "Traceback" not in text, (args, text)
    exported = _xlqms(["export", collect_round, "--format", "json"], env).stdout.decode("utf-8")
    assert "Đạt" in exported or "đ" in exported.lower()


def test_on_an_ascii_terminal_vietnamese_is_folded_not_garbled():
    from xlqms.terminal import fold_to_ascii
    assert fold_to_ascii("Lỗi: Đã nộp “đợt” — 3/4 ✗ ─│┼") == 'Loi: Da nop "dot" - 3/4 x -|+'
    assert "Tỉnh Lai Châu".encode("ascii", "xlqms-fold") == b"Tinh Lai Chau"
