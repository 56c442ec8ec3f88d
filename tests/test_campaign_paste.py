"""The paste path: a `Mục tiêu` sheet pasted from Word reads the same as the clean sheet.

What a paste leaves: merged cells holding their value in the top-left cell only, line breaks inside
cells, the TT column as text ('1.', '02'), a row broken over a page, the decision's own headers
('STT', 'Trách nhiệm thực hiện và báo cáo kết quả'), rows around the table. The clean sheet is what
`xlqms init --from` writes; the pasted one is built the way Excel stores a paste (openpyxl), or made
by LibreOffice itself from the Word table (Writer's HTML, the clipboard's format, opened by Calc).
"""

from __future__ import annotations

import shutil

import pytest
from builders_paste import copy_sheet, replace_objectives_sheet
from openpyxl import load_workbook

from xlqms.campaign import read_campaign
from xlqms.scaffold import scaffold_campaign

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def shape(campaign):
    """What must be the same: numbers, titles, indicators (text, code), measures, notes."""
    return [(o.number, o.title, tuple((i.code, i.text) for i in o.indicators),
             tuple((m.text, m.deadline, m.responsible) for m in o.measures if m.text)) for o in campaign.objectives]


def clean_campaign(build_decisions, folder, blocks):
    decision = build_decisions.write_decision(folder.parent / f"{folder.name}.docx", blocks)
    scaffold_campaign(folder, decision=decision)
    return read_campaign(folder)


def paste(clean_folder, folder, write_sheet):
    """A copy of the clean campaign whose `Mục tiêu` sheet is replaced by ``write_sheet(sheet)``, read."""
    replace_objectives_sheet(clean_folder, folder, write_sheet)
    return read_campaign(folder)


def test_an_excel_paste_of_seed_004_reads_as_the_clean_sheet(build_decisions, tmp_path):
    clean = clean_campaign(build_decisions, tmp_path / "clean", build_decisions.seed_004_blocks())
    first, second, third = build_decisions.SEED_004

    def write(sheet):
        sheet.append(list(build_decisions.STANDARD_HEADER))
        sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"])
        start = 3
        for number, objective in (("1.", first), ("02", second), ("3", third)):
            height = len(objective.measures)
            for line, (measure, deadline, responsible) in enumerate(objective.measures):
                row = [None] * 7
                if line == 0:
                    # a title with the line breaks Word had, a target broken over the page (objective 2)
                    title = objective.title.replace(" theo ", "\ntheo ").replace(" thuộc ", "\nthuộc ")
                    target = "Tăng 1% so với" if objective is second else objective.indicators[0]
                    row[:3] = [number, title, target]
                if objective is second and line == 1:
                    row[2] = "năm 2023"
                row[3:6] = [measure, deadline, responsible]
                sheet.append(row)
            for column in "AB":
                sheet.merge_cells(f"{column}{start}:{column}{start + height - 1}")
            if objective is not second:
                sheet.merge_cells(f"C{start}:C{start + height - 1}")
            start += height
        # objective 1: "Thường xuyên" once for its first two measures, as a merged cell
        sheet["E4"] = None
        sheet.merge_cells("E3:E4")

    pasted = paste(clean.folder, tmp_path / "pasted", write)
    assert shape(pasted) == shape(clean)
    assert [o.number for o in pasted.objectives] == ["1", "2", "3"]
    assert {f.code for f in pasted.warnings} >= {"pasted-header-row", "row-continued"}


def test_an_excel_paste_where_paragraphs_became_rows_and_one_cell_lists_two_indicators(build_decisions, tmp_path):
    variant = build_decisions.variant_reordered_stt()
    clean = clean_campaign(build_decisions, tmp_path / "clean", variant.blocks)

    def write(sheet):
        sheet.append(["STT", "Nội dung mục tiêu", "Thời gian thực hiện", "Chỉ tiêu cụ thể", "Đơn vị thực hiện",
                      "Biện pháp thực hiện", "Kết quả"])
        sheet.append(["1", "Giải quyết hồ sơ thủ tục", "Hàng tuần", "- Trên 95% hồ sơ đúng hạn\n- Trên 40% hồ sơ trước hạn",
                      "Công chức Văn phòng - Thống kê", "Theo dõi tiến độ trên phần mềm một cửa", "Đạt"])
        sheet.append([None, "hành chính đúng hạn", None, "Dưới 2% hồ sơ trễ hạn", None, None, None])
        sheet.append(["2", "Văn bản điện tử được ký số", "Thường xuyên", "100%", "Lãnh đạo UBND", "Ký số văn bản đi",
                      "Đạt"])
        sheet.append([None, None, "Thường xuyên", "100%", "Văn phòng", "Luân chuyển văn bản trên môi trường mạng"])
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("A4:A5")
        sheet.merge_cells("B4:B5")

    pasted = paste(clean.folder, tmp_path / "pasted", write)
    expected = shape(clean)
    expected[0] = (expected[0][0], "Giải quyết hồ sơ thủ tục hành chính đúng hạn", *expected[0][2:])
    assert shape(clean)[0][1] == "Giải quyết hồ sơ thủ tục hành chính đúng hạn"
    assert shape(pasted) == expected


def libreoffice_paste(build_decisions, docx, folder):
    """The Word table as Calc pastes it: Writer's HTML of the document, opened by Calc, saved as .xlsx."""
    html = build_decisions.soffice_convert([docx], "html", folder / "html")
    return build_decisions.soffice_convert(html, "xlsx", folder / "xlsx")[0]


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("blocks", ["seed_003_blocks", "seed_004_blocks", "variant_reordered_stt"])
def test_a_libreoffice_paste_of_the_word_table_reads_as_the_clean_sheet(build_decisions, tmp_path, blocks):
    made = getattr(build_decisions, blocks)()
    blocks = made.blocks if hasattr(made, "blocks") else made
    clean = clean_campaign(build_decisions, tmp_path / "clean", blocks)
    pasted_xlsx = libreoffice_paste(build_decisions, tmp_path / "clean.docx", tmp_path / "lo")
    merges = load_workbook(pasted_xlsx).worksheets[0].merged_cells.ranges
    assert any(rng.min_row < rng.max_row for rng in merges)           # LibreOffice kept the vertical merges
    pasted = paste(clean.folder, tmp_path / "pasted", copy_sheet(pasted_xlsx))
    assert shape(pasted) == shape(clean)


def test_a_clean_sheet_is_read_as_before(tmp_path):
    """The paste path changes nothing for a sheet written by xlqms itself (the standard catalogue)."""
    scaffold_campaign(tmp_path / "dot")
    campaign = read_campaign(tmp_path / "dot")
    assert campaign.warnings == ()
    assert [o.number for o in campaign.objectives] == [str(n) for n in range(1, 11)]


def test_symbol_font_characters_of_a_paste_read_as_their_operators(build_decisions, tmp_path):
    """Word's Insert › Symbol (Symbol font) pastes into Excel as private-use characters: ≤ is U+F0A3."""
    blocks = [build_decisions.Para("MỤC TIÊU CHẤT LƯỢNG NĂM 2025"),
              build_decisions.Table((build_decisions.STANDARD_HEADER,
                                     ("1", "Hồ sơ phải yêu cầu bổ sung", "≤ 10%", "Hướng dẫn", "Hằng tuần", "Một cửa", ""),
                                     ("2", "Hồ sơ giải quyết đúng hạn", "≥ 95%", "Theo dõi", "Hằng tuần", "Một cửa", "")))]
    clean = clean_campaign(build_decisions, tmp_path / "clean", blocks)

    def write(sheet):
        sheet.append(list(build_decisions.STANDARD_HEADER))
        sheet.append(["1.", "Hồ sơ phải yêu cầu bổ sung", "\uf0a3 10%", "Hướng dẫn", "Hằng tuần", "Một cửa", None])
        sheet.append(["2.", "Hồ sơ giải quyết đúng hạn", "\uf0b3 95%", "Theo dõi", "Hằng tuần", "Một cửa", None])

    pasted = paste(tmp_path / "clean", tmp_path / "pasted", write)
    assert shape(pasted) == shape(clean)
    assert [i.text for i in pasted.indicators] == ["≤ 10%", "≥ 95%"]
