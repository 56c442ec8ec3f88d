"""The command line stays thin: no spreadsheet or table library in cli.py, errors without tracebacks."""

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

import xlqms.cli
from xlqms.cli import main


def test_cli_imports_no_spreadsheet_or_table_library():
    tree = ast.parse(Path(xlqms.cli.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"openpyxl", "python_calamine", "pandas", "docx"}


def test_a_broken_campaign_is_one_located_message_and_exit_2(tmp_path):
    folder = tmp_path / "dot"
    folder.mkdir()
    (folder / "campaign.xlsx").write_bytes(b"not a workbook")
    result = CliRunner().invoke(main, ["generate", str(folder)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "campaign.xlsx" in result.output


def test_a_missing_campaign_says_how_to_make_one(tmp_path):
    result = CliRunner().invoke(main, ["status", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "xlqms init" in result.output
    assert "Traceback" not in result.output


# --- in Vietnamese, click's own words included ---------------------------------------------------

ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "Missing argument", "Missing option",
           "No such option", "No such command", "Invalid value", "Try '", "[default:", "[required]",
           "does not exist", "is not one of", "requires an argument", "unexpected extra argument", "DIRECTORY",
           "INTEGER", "[OPTIONS]")


def test_every_help_is_vietnamese():
    runner = CliRunner()
    for args in [["--help"]] + [[name, "--help"] for name in main.commands]:
        result = runner.invoke(main, args, prog_name="xlqms")
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Cách dùng: xlqms"), args
        assert "Tùy chọn:" in result.output and "Xem hướng dẫn này rồi thoát." in result.output, args
        assert not [word for word in ENGLISH if word in result.output], (args, result.output)
    assert "Các lệnh:" in runner.invoke(main, ["--help"]).output


@pytest.mark.parametrize("args, message", [
    (["rollup"], "Lỗi: Thiếu đối số 'DIR'."),
    (["export", "."], "Lỗi: Thiếu tùy chọn '--format'. Chọn một trong: json, csv."),
    (["export", ".", "--format", "xml"], "Lỗi: Giá trị không hợp lệ cho '--format': 'xml' không phải một trong "
                                         "'json', 'csv'."),
    (["status", ".", "--bogus"], "Lỗi: Không có tùy chọn '--bogus'."),
    (["stats"], "Lỗi: Không có lệnh 'stats'. Có phải ý bạn là 'status'?"),
    (["rollup", "khong-co-thu-muc"], "Lỗi: Giá trị không hợp lệ cho 'DIR': Thư mục 'khong-co-thu-muc' không tồn tại."),
    (["report", ".", "--date", "31-12"], "Lỗi: Giá trị không hợp lệ cho '--date': '31-12' không phải một ngày "
                                         "có thật theo dạng 'dd/mm/yyyy', 'yyyy-mm-dd' (ví dụ 26/08/2020)."),
    (["report", ".", "--date", "31/02/2026"], "Lỗi: Giá trị không hợp lệ cho '--date': '31/02/2026' không phải "
                                              "một ngày có thật theo dạng 'dd/mm/yyyy', 'yyyy-mm-dd' (ví dụ 26/08/2020)."),
    (["generate", ".", "--out"], "Lỗi: Tùy chọn '--out' cần một giá trị."),
    (["verify", ".", "--sample", "0"], "Lỗi: Giá trị không hợp lệ cho '--sample': 0 nằm ngoài khoảng x>=1."),
    (["rollup", ".", "thua"], "Lỗi: Thừa đối số: thua."),
])
def test_usage_errors_are_vietnamese_and_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not [word for word in ENGLISH if word in result.output], result.output


def test_a_usage_error_shows_the_usage_line_and_where_to_find_help():
    output = CliRunner().invoke(main, ["export", "."], prog_name="xlqms").output
    assert output.startswith("Cách dùng: xlqms export [TÙY CHỌN] DIR\nXem “xlqms export --help” để biết cách dùng.")


def test_the_version_in_vietnamese():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("xlqms, phiên bản ")


@pytest.mark.parametrize("message, vietnamese", [
    ("Missing argument 'FOLDER'.", "Thiếu đối số 'FOLDER'."),
    ("Missing parameter: folder", "Missing parameter: folder"),          # unknown: as click wrote it
    ("Got unexpected extra arguments (a b)", "Thừa đối số: a b."),
    ("'7' is not 'x'.", "'7' không phải 'x'."),
    ("File 'a.csv' is a directory.", "Tệp 'a.csv' là một thư mục, cần một tệp."),
    ("'x' is not a valid integer.", "'x' không phải số nguyên."),
])
def test_translate_click_messages(message, vietnamese):
    from xlqms.cli_language import translate

    assert translate(message) == vietnamese
