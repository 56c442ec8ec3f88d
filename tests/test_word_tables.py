"""A Word document read in order: tables as grid rows with their merges, lists and line breaks."""

from __future__ import annotations

import zipfile

import pytest

from xlqms.word_tables import DecisionFileError, WordParagraph, WordTable, read_word_document


def read(build_decisions, tmp_path, blocks):
    return read_word_document(build_decisions.write_decision(tmp_path / "d.docx", blocks))


def test_paragraphs_and_tables_come_in_document_order(build_decisions, tmp_path):
    b = build_decisions
    document = read(b, tmp_path, [b.Para("Trước"), b.Table((("a", "b"),)), b.Para("Giữa"),
                                  b.Table((("c", "d"),)), b.Para("Sau")])
    kinds = [(type(block).__name__, block.text if isinstance(block, WordParagraph) else block.number)
             for block in document.blocks if not isinstance(block, WordParagraph) or block.text]
    assert kinds == [("WordParagraph", "Trước"), ("WordTable", 1), ("WordParagraph", "Giữa"), ("WordTable", 2),
                     ("WordParagraph", "Sau")]


def test_vertical_and_horizontal_merges_are_kept(build_decisions, tmp_path):
    b = build_decisions
    rows = (("TT", "Mục tiêu", "Chỉ tiêu", "Ghi chú"),
            ("1", "A", "100%", "x"),
            (b.UP, b.UP, "100%", "y"),
            ("II. ĐỀ MỤC", b.LEFT, b.LEFT, b.LEFT))
    document = read(b, tmp_path, [b.Table(rows)])
    table = document.tables[0]
    assert isinstance(table, WordTable) and table.columns == 4
    header, first, second, heading = table.rows
    assert header.repeats_as_header and not first.repeats_as_header
    assert [(c.column, c.continues_merge, c.text) for c in second.cells] == [
        (0, True, ""), (1, True, ""), (2, False, "100%"), (3, False, "y")]
    assert first.cell_at(0).text == "1" and not first.cell_at(0).continues_merge
    assert [(c.column, c.span, c.text) for c in heading.cells] == [(0, 4, "II. ĐỀ MỤC")]
    assert heading.cell_at(2) is heading.cells[0]


def test_lists_line_breaks_and_nested_tables_in_cells(build_decisions, tmp_path):
    b = build_decisions
    rows = ((b.Numbered(), b.Bullets(("trên 95%", "100%"), lead="Tỷ lệ:"), b.Breaks(("Hàng tuần", "Hàng tháng"))),
            (b.Numbered(), "Dòng một\nDòng hai", ""))
    document = read(b, tmp_path, [b.Table(rows, repeat_header_rows=0, nested={(1, 2): [["Chủ trì", "VP"]]})])
    first, second = document.tables[0].rows
    assert first.cells[0].lines == ("1.",) and second.cells[0].lines == ("2.",)
    assert first.cells[1].lines == ("Tỷ lệ:", "- trên 95%", "- 100%")
    assert first.cells[2].lines == ("Hàng tuần", "Hàng tháng")
    assert second.cells[1].lines == ("Dòng một", "Dòng hai")
    assert second.cells[2].nested_table and second.cells[2].lines == ("Chủ trì VP",)


def test_a_page_break_is_seen(build_decisions, tmp_path):
    b = build_decisions
    document = read(b, tmp_path, [b.Para("A"), b.PageBreak(), b.Para("B", page_break_before=True)])
    assert [block.page_break for block in document.blocks] == [False, True, True]


def _rewrite(source, target, part, edit):
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            data = original.read(info)
            copy.writestr(info.filename, edit(data) if info.filename == part else data)
    return target


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>')


@pytest.mark.parametrize("part, edit", [
    ("word/document.xml", lambda data: LAUGHS + data.split(b"?>", 1)[-1].replace(b"Sau", b"&d;")),   # entity bomb
    ("word/document.xml", lambda data: b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     + data.split(b"?>", 1)[-1].replace(b"Sau", b"&x;")),                                           # XXE
    ("word/styles.xml", lambda data: LAUGHS + data.split(b"?>", 1)[-1]),
    ("docProps/core.xml", lambda data: LAUGHS + data.split(b"?>", 1)[-1]),
    ("[Content_Types].xml", lambda data: LAUGHS + data.split(b"?>", 1)[-1]),
    ("word/document.xml", lambda data: data.replace(b"<w:body>", b"<w:body>" + b" " * 60_000_000)),  # zip bomb
])
def test_a_hostile_decision_is_refused_before_any_parser(build_decisions, tmp_path, part, edit):
    b = build_decisions
    good = build_decisions.write_decision(tmp_path / "good.docx", [b.Para("Trước"), b.Table((("a", "b"),)), b.Para("Sau")])
    hostile = _rewrite(good, tmp_path / "hostile.docx", part, edit)
    with pytest.raises(DecisionFileError) as caught:
        read_word_document(hostile)
    assert "hostile.docx" in str(caught.value) and "Word hoặc LibreOffice" in str(caught.value)
    assert "passwd" not in str(caught.value)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:2000])
    with pytest.raises(DecisionFileError):
        read_word_document(truncated)
