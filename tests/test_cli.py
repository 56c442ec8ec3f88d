"""The command line stays thin: no spreadsheet or table library in cli.py, errors without tracebacks."""

import ast
from pathlib import Path

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
