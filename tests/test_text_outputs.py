"""Text is data everywhere: what a user typed never breaks an output, never drives the terminal, never runs as a formula."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from xlqms import layout
from xlqms.cli import main
from xlqms.text import csv_cell, csv_value, sheet_text, terminal_text, xml_text
from xlqms.units import Unit

NASTY = {
    "word-line-break": "Dòng một_x000B_dòng hai",           # what a line break pasted from Word becomes
    "nul": "trước_x0000_sau",
    "escape": "đỏ _x001B_[31m chữ đỏ _x001B_[0m",
    "rich-markup": "[/bold] [red]không phải màu[/red] [link=file:///etc/passwd]x[/link]",
    "formula": '=HYPERLINK("http://x.invalid","bấm")',
    "bidi": "Xã \u202eAn Bình\u202c và \u2066ẩn\u2069 — 🌾 " + "Ạ" * 40_000,   # reordering controls, astral, > 32,767
}


@pytest.mark.parametrize("text, expected", [
    ("a\x0bb", "a\nb"), ("a\x00b\x1bc", "abc"), ("ok\tok\n", "ok\tok\n"), ("\ufffe", ""),
    ("\u202egnp.exe", "gnp.exe"), ("a\u2066b\u2069c\u202a\u202b\u202c\u202d", "abc"), ("🌾\u200dx", "🌾\u200dx"),
])
def test_xml_text(text, expected):
    assert xml_text(text) == expected


def test_sheet_text_keeps_a_typed_escape_literal_and_terminal_text_shows_controls():
    assert sheet_text("x_x000B_y") == "x_x005F_x000B_y"
    assert terminal_text("\x1b[31mđỏ\x07") == "\\x1b[31mđỏ\\x07"
    assert terminal_text("\x9b2J") == "\\x9b2J"
    assert terminal_text("Xã \u202eAn") == "Xã \\u202eAn"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_never_start_a_formula_and_read_back_as_typed(value):
    assert csv_cell(value).startswith("'") and csv_value(csv_cell(value)) == value
    assert csv_cell(-1) == -1 and csv_cell("bình thường") == "bình thường" and csv_cell(None) == ""


@pytest.fixture()
def nasty_round(tmp_path, build_returns):
    """A campaign whose names and returns hold every kind of hostile text."""
    extra = [Unit("99001", "=HYPERLINK(\"http://x.invalid\",\"[bold]Xã[/bold]\")", "Xã", build_returns.PARENTS[0][0]),
             Unit("99002", "Xã \x1b[31mĐỏ\x1b[0m [/bold]", "Xã", build_returns.PARENTS[0][0]),
             Unit("99003", "Xã \u202eNgược\u202c\u200b", "Xã", build_returns.PARENTS[0][0])]
    campaign = build_returns.make_campaign(tmp_path / "dot", extra_units=extra)
    blank = build_returns.Blanks(campaign)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    codes = ["00004", "00007", "00010", "00013", "99001", "99003"]
    for (kind, text), code in zip(NASTY.items(), codes):
        values = build_returns.with_values(MT05={layout.RESULT_VALUE: 950, layout.RESULT_EXPLANATION: text})
        values["MT02"] = {layout.RESULT_VALUE: "khoảng " + text}          # a value error quoting the text
        (inbox / f"{code}_{kind}.xlsx").write_bytes(build_returns.fill(blank(code), values))
    (inbox / "[bao cao] xa =cmd.xlsx").write_bytes(build_returns.fill(blank("00016"), build_returns.GOOD))
    (inbox / "\x1b[31mred\x1b[0m.xlsx").write_bytes(build_returns.fill(blank("99002"), build_returns.GOOD))
    return tmp_path / "dot", inbox


def test_every_output_survives_hostile_text(nasty_round, tmp_path):
    folder, inbox = nasty_round
    runner = CliRunner()
    result = runner.invoke(main, ["collect", str(folder), str(inbox)])
    assert result.exit_code == 4, result.output                         # value errors to correct, nothing broke
    assert "[bao cao] xa =cmd.xlsx" in result.output                     # brackets as typed
    assert "\x1b" not in result.output and "\\x1b[31mred\\x1b[0m.xlsx" in result.output
    assert "[/bold]" in result.output                                    # the finding quoting the cell, as typed

    for command in (["status", str(folder)], ["rollup", str(folder)], ["report", str(folder)],
                    ["export", str(folder), "--format", "json"], ["export", str(folder), "--format", "csv"],
                    ["status", str(folder), "--format", "csv"], ["status", str(folder), "--format", "json"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 0, (command, result.output)
        assert "không mong đợi" not in result.output and "\x1b" not in result.output, command
        assert "\u202e" not in result.output, command

    book = load_workbook(next((folder / "out").glob("tong_hop_*.xlsx")))
    texts = [cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert any("Dòng một\ndòng hai" in text for text in texts)
    assert not any("\x1b" in text or "\x00" in text or "\u202e" in text for text in texts)
    assert all(len(text) <= 32_767 for text in texts)                   # Excel's limit of a cell
    assert any("Xã An Bình và ẩn — 🌾" in text for text in texts)
    for path in (folder / "out" / "bao_cao").glob("*.docx"):
        document = Document(str(path))                                   # opens: no XML-invalid character
        assert not any("\u202e" in paragraph.text for paragraph in document.paragraphs)

    exported = runner.invoke(main, ["export", str(folder), "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    explanations = [row["explanation"] for row in rows if row["explanation"]]
    assert "'" + NASTY["formula"] in explanations
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values() if value)
    data = json.loads(runner.invoke(main, ["export", str(folder), "--format", "json"]).output)
    assert data["units"]

    reminders = runner.invoke(main, ["status", str(folder), "--format", "csv"]).output
    for row in csv.reader(io.StringIO(reminders)):
        assert all(not value.startswith(("=", "+", "-", "@")) for value in row)
    assert "'=HYPERLINK" in reminders


def test_manifest_names_cannot_become_formulas(nasty_round):
    from xlqms.campaign import read_campaign
    from xlqms.generate import generate_workbooks, read_manifest

    folder, _ = nasty_round
    result = generate_workbooks(read_campaign(folder), unit_codes=["99001", "99002", "00004"])
    text = result.manifest_path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\x1b" not in text
    rows = {row.unit_code: row for row in read_manifest(result.manifest_path)}
    assert rows["99001"].unit_name.startswith("=HYPERLINK")              # read back as it was


@pytest.mark.parametrize("typed, kept", [
    ("đỏ \x1b[31m chữ đỏ \x1b[0m xong", "đỏ  chữ đỏ  xong"),      # a colour sequence removed whole
    ("\x1b[2J\x1b[H xóa màn hình", " xóa màn hình"),
    ("Dòng một\x0bdòng hai", "Dòng một\ndòng hai"),             # a line break pasted from Word
    ("trước\x00sau", "trướcsau"),
    ("[/bold] như đã gõ", "[/bold] như đã gõ"),                 # not a control character: kept as typed
])
def test_text_kept_in_xml_outputs(typed, kept):
    from xlqms.text import xml_text

    assert xml_text(typed) == kept


def test_file_names_that_would_land_on_one_file_are_made_distinct():
    from xlqms.text import distinct_file_names
    names = {"A/1": "A_1_Xa.docx", "A_1": "A_1_Xa.docx", "a_1": "a_1_xa.docx", "B": "B_Xa.docx", ("body", "B"): "B.docx"}
    made = distinct_file_names(names)
    assert made["B"] == "B_Xa.docx" and made[("body", "B")] == "B.docx"          # no collision: untouched
    colliding = [made[key] for key in ("A/1", "A_1", "a_1")]
    assert len({name.casefold() for name in colliding}) == 3
    assert all(name.startswith(("A_1_Xa_", "a_1_xa_")) and name.endswith(".docx") for name in colliding)
    assert distinct_file_names(names) == made                                     # the same every time
