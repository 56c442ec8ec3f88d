"""Returned files in the conditions public bug reports describe: the right values with at most a warning,
or a located finding that says what to do — never a silent wrong value, never a good file rejected.

The corpus is built by tests/fixtures/build_conditions.py (LibreOffice where it can make the condition,
XML rewritten as the named producers write it where it cannot)."""

from __future__ import annotations

import shutil
from fractions import Fraction

import pytest
from conftest import load_fixture_module

from xlqms.campaign import read_campaign
from xlqms.collect import collect
from xlqms.exported_copy import guide_unit
from xlqms.read import read_returned_file, read_returned_path, unreadable
from xlqms.store import Store
from xlqms.template import GUIDE_LINES

GOOD_VALUES = {"MT01": ("numerator", 1540), "MT02": ("value", Fraction("98.5")), "MT03": ("passed", True),
               "MT04": ("value", Fraction("99.7")), "MT05": ("value", 950)}
PERCENT_VALUES = {**GOOD_VALUES, "MT01": ("value", Fraction("96.5")), "MT02": ("value", 100)}
NOT_USED = object()   # the indicator has an error finding: its value is not used

# name: (verdict, unit, values expected {indicator: (field, value) | NOT_USED}, codes at their cells {code: {cells}})
CASES = {
    "strict_ooxml_percent.xlsx": ("clean", "00004", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "no_r_attributes_percent.xlsx": ("clean", "00007", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "prefixed_namespace.xlsx": ("clean", "00010", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "missing_styles_part.xlsx": ("clean", "00013", {**GOOD_VALUES, "MT01": ("value", Fraction("96.5"))},
                                 {"percent-as-fraction": {"I11"}}),
    "lying_dimension.xlsx": ("clean", "00016", GOOD_VALUES, {}),
    "far_stray_cell.xlsx": ("clean", "00019", GOOD_VALUES, {"cells-outside-form": {"XFD1048576"}}),
    "error_cells.xlsx": ("errors", "00022", {"MT01": ("numerator", 1540), "MT02": NOT_USED, "MT04": NOT_USED,
                                             "MT05": NOT_USED}, {"error-value": {"I12", "I15", "J14"}}),
    "formula_without_value.xlsx": ("errors", "00025", {"MT02": NOT_USED, "MT05": ("value", 950)},
                                   {"formula-without-value": {"I12"}}),
    "shared_formula_cached.xlsx": ("clean", "00028", GOOD_VALUES, {}),
    "shared_strings_rich_phonetic.xlsx": ("clean", "00031", {**GOOD_VALUES, "MT05": ("explanation", "Vượt kế hoạch")},
                                          {}),
    "date_from_ratio.xlsx": ("errors", "00034", {"MT02": NOT_USED, "MT01": ("numerator", 1540)},
                             {"date-in-value": {"I12"}}),
    "date_1904_system.xlsx": ("errors", "00037", {"MT02": NOT_USED, "MT01": ("numerator", 1540)},
                              {"date-in-value": {"I12"}}),
    "tcvn3_text.xlsx": ("clean", "00040", {**GOOD_VALUES, "MT05": ("explanation", "Vượt kế hoạch, số liệu đã kiểm tra")},
                        {"legacy-encoding-converted": {"I13", "M15"}}),
    "vni_text.xlsx": ("clean", "00043", {**GOOD_VALUES, "MT05": ("explanation", "Vượt kế hoạch, số liệu đã kiểm tra")},
                      {"legacy-encoding-converted": {"M15"}}),
    "blank_return.xlsx": ("blank", "00046", {}, {"blank-return": {None}}),
    "percent_on_numerator.xlsx": ("clean", "00049", {**GOOD_VALUES, "MT01": ("denominator", 1587)},
                                  {"percent-as-fraction": {"G11", "H11"}}),
    "percent_text_nbsp.xlsx": ("clean", "00004", GOOD_VALUES, {}),
    "number_as_text.xlsx": ("clean", "00007", GOOD_VALUES, {}),
    "boolean_true.xlsx": ("clean", "00010", GOOD_VALUES, {}),
    "merged_ratio_cells.xlsx": ("errors", "00013", {"MT01": NOT_USED, "MT02": ("value", Fraction("98.5"))},
                                {"incomplete-ratio": {"H11"}}),
    "hidden_rows.xlsx": ("clean", "00016", GOOD_VALUES, {}),
    "results_sheet_renamed.xlsx": ("clean", "00019", GOOD_VALUES, {"results-sheet-renamed": {None}}),
    "rows_reordered.xlsx": ("clean", "00022", GOOD_VALUES, {}),
    "results_sheet_moved.xlsx": ("clean", "00025", GOOD_VALUES, {}),
    "excel95_no_codepage.xls": ("clean", "00028", GOOD_VALUES, {}),
    "results_copy_filled.xlsx": ("clean", "00031", GOOD_VALUES, {"results-in-copied-sheet": {None}}),
    "headers_annotated.xlsx": ("clean", "00034", GOOD_VALUES, {}),
    "comma_thousands_typed.xlsx": ("errors", "00037", {"MT01": NOT_USED, "MT05": ("value", 1540000)},
                                   {"ambiguous-number": {"G11", "H11"}, "comma-thousands": {"I15"}}),
    "formula_typed_as_text.xlsx": ("clean", "00040", GOOD_VALUES, {"formula-computed": {"G11", "I12"}}),
    "formula_constant_uncached.xlsx": ("clean", "00043", GOOD_VALUES, {"formula-computed": {"I12"}}),
    "number_in_date_cell.xlsx": ("clean", "00016", GOOD_VALUES, {"number-shown-as-date": {"I12", "I15"}}),
    "neighbour_workbook_relabelled.xlsx": ("rejected", "00019", {}, {"unit-label-mismatch": {"G7"}}),
    "unit_code_lost_zeros_label.xlsx": ("clean", "00022", GOOD_VALUES, {}),
    "shared_strings_part_missing.xlsx": ("rejected", "00025", {}, {"unreadable-file": {None}}),
    "utf8_read_as_windows_1252.xlsx": ("clean", "00028", {**GOOD_VALUES, "MT05": (
        "explanation", "Vượt kế hoạch, số liệu đã kiểm tra")}, {"legacy-encoding-converted": {"I13", "M15"}}),
    "encrypted_workbook.xls": ("rejected", None, {}, {"password-protected": {None}}),
    "sorted_without_codes.xlsx": ("errors", "00010", {"MT02": NOT_USED, "MT05": NOT_USED, "MT01": ("numerator", 1540)},
                                  {"row-values-shifted": {"E12", "E15"}, "percent-over-100": {"I12"}}),
    "time_from_ratio.xlsx": ("errors", "00013", {"MT02": NOT_USED, "MT01": ("numerator", 1540)},
                             {"date-in-value": {"I12"}}),
    # exported instead of saved: rejected, naming the unit its visible labels (or properties) show
    "web_page_named_xls.xls": ("rejected", "00046", {}, {"unsupported-format": {None}}),
    "csv_of_results.csv": ("rejected", "00049", {}, {"unsupported-format": {None}}),
    "xml_spreadsheet_2003.xml": ("rejected", "00004", {}, {"unsupported-format": {None}}),
    "binary_workbook.xlsb": ("rejected", "00007", {}, {"unsupported-format": {None}}),
}
LIBREOFFICE_CASES = {
    "percent_typed_libreoffice.fods": ("clean", "00010", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "web_page_libreoffice.html": ("rejected", "00013", {}, {"unsupported-format": {None}}),
    "number_in_date_cell_libreoffice.xls": ("clean", "00016", GOOD_VALUES, {"number-shown-as-date": {"I12", "I15"}}),
    "guide_sheet_libreoffice.csv": ("rejected", "00022", {}, {"unsupported-format": {None}}),
    "number_in_date_cell_libreoffice.ods": ("clean", "00019", GOOD_VALUES, {"number-shown-as-date": {"I12", "I15"}}),
    "percent_typed_libreoffice.xls": ("clean", "00031", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "percent_typed_libreoffice.ods": ("clean", "00034", PERCENT_VALUES, {"percent-as-fraction": {"I11", "I12"}}),
    "error_values_libreoffice.xlsx": ("errors", "00037", {"MT02": NOT_USED, "MT04": NOT_USED, "MT05": NOT_USED,
                                                          "MT01": ("numerator", 1540)},
                                      {"error-value": {"I12", "J14", "I15"}}),
    "error_values_libreoffice.xls": ("errors", "00040", {"MT02": NOT_USED, "MT04": NOT_USED, "MT05": NOT_USED},
                                     {"error-value": {"I12", "J14", "I15"}}),
    "error_values_libreoffice.ods": ("errors", "00043", {"MT02": NOT_USED, "MT04": NOT_USED, "MT05": NOT_USED},
                                     {"error-value": {"I12", "J14", "I15"}}),
    "date_from_ratio_libreoffice.xls": ("errors", "00046", {"MT02": NOT_USED}, {"date-in-value": {"I12"}}),
    "date_from_ratio_libreoffice.ods": ("errors", "00049", {"MT02": NOT_USED}, {"date-in-value": {"I12"}}),
}
# codes that are fine on any file of this corpus (the round's own: MT04's baseline is typed, MT06 is yearly)
ALLOWED_ANYWHERE = {"baseline-missing"}


@pytest.fixture(scope="module")
def campaign(conditions_corpus):
    return read_campaign(conditions_corpus["campaign"])


def check(conditions_corpus, campaign, name, verdict, unit, values, codes):
    result = read_returned_path(conditions_corpus["conditions"] / name, campaign)
    assert (result.verdict, result.unit_code) == (verdict, unit), [f.describe() for f in result.findings]
    found: dict[str, set] = {}
    for item in result.findings:
        found.setdefault(item.code, set()).add(item.location.cell)
        assert item.location.file == name and item.message
    assert {code: cells for code, cells in found.items() if code not in ALLOWED_ANYWHERE} == codes
    usable = result.clean_entries
    for code, expected in values.items():
        if expected is NOT_USED:
            assert code not in usable, code
            continue
        field, value = expected
        assert getattr(usable[code], field) == value, (code, field)
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_condition(conditions_corpus, campaign, name):
    check(conditions_corpus, campaign, name, *CASES[name])


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("name", sorted(LIBREOFFICE_CASES))
def test_condition_made_by_libreoffice(conditions_corpus, campaign, name):
    check(conditions_corpus, campaign, name, *LIBREOFFICE_CASES[name])


def test_every_fixture_has_its_case(conditions_corpus):
    made = {path.name for path in conditions_corpus["conditions"].iterdir()}
    assert made - set(CASES) - set(LIBREOFFICE_CASES) == set()
    assert set(CASES) <= made


def test_percent_warning_says_what_was_seen(conditions_corpus, campaign):
    seen = read_returned_path(conditions_corpus["conditions"] / "strict_ooxml_percent.xlsx", campaign)
    guessed = read_returned_path(conditions_corpus["conditions"] / "missing_styles_part.xlsx", campaign)
    assert all("ô định dạng phần trăm" in f.message for f in seen.findings if f.code == "percent-as-fraction")
    (guess,) = [f for f in guessed.findings if f.code == "percent-as-fraction"]
    assert "ô định dạng phần trăm" not in guess.message and "không đọc được định dạng" in guess.message


@pytest.mark.parametrize("name", ["date_from_ratio.xlsx", "date_1904_system.xlsx"])
def test_a_ratio_turned_into_a_date_says_how_to_enter_it(conditions_corpus, campaign, name):
    result = read_returned_path(conditions_corpus["conditions"] / name, campaign)
    (message,) = [f.message for f in result.findings if f.code == "date-in-value"]
    assert "09/10/2026" in message and "“9/10”" in message and "Tử số (9) và Mẫu số (10)" in message
    assert "2.026" not in message


def test_error_and_formula_findings_say_what_to_do(conditions_corpus, campaign):
    errors = read_returned_path(conditions_corpus["conditions"] / "error_cells.xlsx", campaign)
    assert any("#REF!" in f.message and "sửa công thức" in f.message for f in errors.findings)
    uncached = read_returned_path(conditions_corpus["conditions"] / "formula_without_value.xlsx", campaign)
    (message,) = [f.message for f in uncached.findings if f.code == "formula-without-value"]
    assert "mở tệp bằng Excel hoặc LibreOffice, lưu lại" in message


def test_excel95_identity_read_as_vietnamese(conditions_corpus, campaign):
    result = read_returned_path(conditions_corpus["conditions"] / "excel95_no_codepage.xls", campaign)
    assert result.identity.get("period") == "6 tháng đầu năm" and result.identity.get("unit_name") == "Xã Mường Tè"


def test_a_copy_of_kết_quả_is_read_only_when_kết_quả_came_back_blank(conditions_corpus, campaign, build_returns):
    blank = build_returns.Blanks(campaign)

    def copy_with(values_in_copy):
        def tweak(book, sheet, rows, columns):
            copy = book.copy_worksheet(sheet)
            copy.title = "Bản sao"
            for code, cells in values_in_copy.items():
                for header, value in cells.items():
                    copy.cell(rows[code], columns[header]).value = value
        return tweak

    both = build_returns.fill(blank("00004"), build_returns.GOOD, copy_with({"MT02": {"Kết quả": 12}}))
    result = read_returned_file(both, "both.xlsx", campaign)
    assert result.verdict == "clean" and result.clean_entries["MT02"].value == Fraction("98.5")
    assert "results-in-copied-sheet" not in {f.code for f in result.findings}

    # another unit's filled sheet copied into a blank workbook: never taken for this unit
    def other_units_sheet(book, sheet, rows, columns):
        copy_with({"MT02": {"Kết quả": 98.5}})(book, sheet, rows, columns)
        for row in book["Bản sao"].iter_rows(min_row=1, max_row=min(rows.values()) - 2):
            for cell in row:
                if cell.value == "00016":
                    cell.value = "00019"
    foreign = build_returns.fill(blank("00016"), {}, other_units_sheet)
    result = read_returned_file(foreign, "foreign.xlsx", campaign)
    assert result.verdict == "blank" and [f.code for f in result.findings] == ["blank-return"]

    empty = blank("00007")
    neither = build_returns.fill(empty, {}, copy_with({}))
    result = read_returned_file(neither, "neither.xlsx", campaign)
    assert result.verdict == "blank" and [f.code for f in result.findings] == ["blank-return"]


def test_annotated_headers_never_take_another_column(campaign, build_returns):
    def tweak(book, sheet, rows, columns):
        header = min(rows.values()) - 1
        sheet.cell(header, columns["Kết quả"]).value = "Kết quả kỳ trước (ghi nhầm)"   # annotated, but another header

    data = build_returns.fill(build_returns.Blanks(campaign)("00010"), build_returns.GOOD, tweak)
    result = read_returned_file(data, "x.xlsx", campaign)
    assert "missing-column" in {f.code for f in result.findings}
    assert result.clean_entries["MT01"].numerator == 1540


@pytest.mark.parametrize("name, data, verdict", [
    # under their own names and showing no unit: most often no return (a contact list, a saved e-mail)
    ("danh_ba.csv", "Họ tên,Điện thoại\nNguyễn Văn A,0912\n".encode(), "skipped"),
    ("thu.html", b"<!DOCTYPE html><html><body><table><tr><td>Xin ch\xc3\xa0o</td></tr></table></body></html>", "skipped"),
    ("ghi_chu.txt", "Gửi anh chị báo cáo của xã.\n".encode(), "skipped"),
    ("ket_qua.txt", "Mã chỉ tiêu\tTử số\r\nMT01\t1540\r\n".encode("utf-16"), "skipped"),
    # under a spreadsheet's name they are returns gone wrong: rejected, whoever sent them
    ("00004_bao_cao.xls", b"<html><body><table><tr><td>1540</td></tr></table></body></html>", "rejected"),
    ("00004_bao_cao.xlsx", "Mã chỉ tiêu;Tử số\r\nMT01;1540\r\n".encode("utf-16"), "rejected"),
    ("00004_bao_cao.xls", b"Ma chi tieu\tTu so\nMT01\t1540\n", "rejected"),
])
def test_exports_without_a_unit(campaign, name, data, verdict):
    result = read_returned_file(data, name, campaign)
    assert result.verdict == verdict and result.unit_code is None
    (item,) = result.findings
    assert item.code == ("not-a-spreadsheet" if verdict == "skipped" else "unsupported-format")
    assert "xlsx" in item.message


def test_a_flat_ods_with_an_entity_is_refused(campaign, conditions_corpus):
    data = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><office:document '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body/></office:document>')
    result = read_returned_file(data, "x.fods", campaign)
    assert result.verdict == "rejected" and [f.code for f in result.findings] == ["xml-entity-declaration"]


def test_a_time_of_day_is_named_as_such(conditions_corpus, campaign):
    result = read_returned_path(conditions_corpus["conditions"] / "time_from_ratio.xlsx", campaign)
    (message,) = [f.message for f in result.findings if f.code == "date-in-value"]
    assert "giờ 09:10" in message and "1899" not in message


_zip_of = load_fixture_module("build_conditions").pack     # a zip of the given members


def test_an_archive_sent_for_a_workbook_names_what_is_inside_and_its_unit(campaign, build_returns):
    workbook = build_returns.fill(build_returns.Blanks(campaign)("00022"), build_returns.GOOD)
    packed = _zip_of({"bao cao/00022_bao_cao.xlsx": workbook, "bao cao/anh.jpg": b"\xff\xd8\xff"})
    result = read_returned_file(packed, "bao_cao_xa.zip", campaign)
    assert (result.verdict, result.unit_code) == ("rejected", "00022")
    (item,) = result.findings
    assert item.code == "packed-workbooks" and "00022_bao_cao.xlsx" in item.message and "Giải nén" in item.message


@pytest.mark.parametrize("name, data, verdict, code", [
    ("anh_chup.zip", _zip_of({"a.jpg": b"\xff\xd8\xff"}), "skipped", "not-a-spreadsheet"),
    ("00004.xlsx", _zip_of({"a.jpg": b"\xff\xd8\xff"}), "rejected", "corrupt-file"),
    ("bao_cao.rar", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64, "rejected", "packed-workbooks"),
    ("bao_cao.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 64, "rejected", "packed-workbooks"),
])
def test_other_archives(campaign, name, data, verdict, code):
    result = read_returned_file(data, name, campaign)
    assert result.verdict == verdict and [f.code for f in result.findings] == [code]


@pytest.mark.parametrize("error, expected", [
    (PermissionError(13, "Permission denied"), "không có quyền đọc tệp"),
    (KeyError("content.xml"), "thiếu phần content.xml của tệp"),
    (EOFError("Compressed file ended before the end-of-stream marker was reached"), "bị hỏng hoặc bị cắt cụt"),
    (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), "không giải mã được"),
    (RuntimeError("something odd"), "lỗi kỹ thuật: something odd"),
])
def test_an_unreadable_file_says_why_in_vietnamese(error, expected):
    assert expected in unreadable("x.xlsx", error).message


def test_broken_xml_inside_is_named(campaign, build_returns):
    good = build_returns.fill(build_returns.Blanks(campaign)("00004"), build_returns.GOOD)
    broken = build_returns.rezip(good, replace={"xl/workbook.xml": b"<workbook><sheets><sheet"})
    result = read_returned_file(broken, "x.xlsx", campaign)
    assert result.verdict == "rejected"
    assert any("nội dung XML bên trong bị hỏng" in f.message for f in result.findings), result.findings


def test_the_guide_unit_line_is_what_exports_are_searched_for():
    line = next(text for _, text in GUIDE_LINES if "{unit_code}" in text)
    shown = line.format(unit_name="Xã Tân Phú", unit_code="00010", period_year="6 tháng đầu năm 2026")
    assert guide_unit([[["", shown]]]) == ("00010", "Xã Tân Phú")


def test_a_file_named_for_another_unit_is_held_not_current(collect_round, build_returns, tmp_path):
    blanks = build_returns.Blanks(read_campaign(collect_round))
    own = tmp_path / "00004_Phuong_Loc_An.xlsx"
    own.write_bytes(build_returns.fill(blanks("00004"), build_returns.GOOD))
    collect(collect_round, [own])
    # 00007 filled 00004's workbook and named the file as its own
    borrowed = tmp_path / "00007 bao cao.xlsx"
    borrowed.write_bytes(build_returns.fill(blanks("00004"), build_returns.with_values(MT02={"Kết quả": 50})))
    (outcome,) = collect(collect_round, [borrowed]).outcomes
    assert outcome.state == "held" and "file-name-unit-mismatch" in [f.code for f in outcome.findings]
    (item,) = [f for f in outcome.findings if f.code == "file-name-unit-mismatch"]
    assert "00007" in item.message and "00004" in item.message
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00004"].entries["MT02"].value == Fraction("98.5")


@pytest.mark.parametrize("name, flagged", [
    ("00007_Xa_Dong_Hung.xlsx", True), ("00007.xlsx", True), ("007_bao_cao.xlsx", False), ("7_bao_cao.xlsx", False),
    ("00010 (1).xlsx", True),
    ("00004_ban_sua (2).xlsx", False),
    ("bao_cao_00007.xlsx", False), ("2026_bao_cao.xlsx", False), ("ab.xlsx", False),
])
def test_which_file_names_name_a_unit(campaign, build_returns, name, flagged):
    data = build_returns.fill(build_returns.Blanks(campaign)("00004"), build_returns.GOOD)
    result = read_returned_file(data, name, campaign)
    assert ("file-name-unit-mismatch" in {f.code for f in result.findings}) is flagged
