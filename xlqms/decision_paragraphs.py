"""Objectives written as numbered paragraphs of a decision, with no objectives table (pure).

Some decisions set their objectives in the text of an article rather than in a table:

    Điều 1. Ban hành Mục tiêu chất lượng năm 2025 của UBND xã … như sau:
    1. Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 95%.
    2. Giải quyết thủ tục hành chính:
       - Tỷ lệ hồ sơ trực tuyến toàn trình từ 60% trở lên;
       - 100% hồ sơ được số hóa.

and may follow them with a table of measures (TT, Biện pháp / Nội dung công việc, Thời gian,
Trách nhiệm). :func:`read_paragraph_objectives` reads such a list after a paragraph naming
"mục tiêu chất lượng": each numbered paragraph is an objective; its dashed items are its
indicators, or, without items, its own words are its target (as in a table without Chỉ tiêu).
A measures table after the list gives each objective its measure when it has one row per
objective, numbered as they are; otherwise its rows are listed to be entered by hand — never
dropped silently. Locations are paragraphs ("đoạn N": the N-th paragraph of the body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xlqms import layout
from xlqms.codes import Code
from xlqms.decision_header import measures_header
from xlqms.decision_table import ImportProblem, IndicatorDraft, MeasureDraft, ObjectiveDraft
from xlqms.decision_title import TITLE_PHRASE
from xlqms.objective_table import is_item_line, objective_number, one_line, strip_item_mark
from xlqms.word_tables import WordTable

_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)]\s+(\S.*)$", re.DOTALL)
_MINIMUM = 2          # fewer numbered paragraphs are not taken for a list of objectives


@dataclass
class ParagraphObjectives:
    objectives: list[ObjectiveDraft]
    problems: list[ImportProblem] = field(default_factory=list)
    first_block: int = 0              # the index (in the document's blocks) of the first objective
    measures_table: int | None = None  # the number of the measures table read, if any


def read_paragraph_objectives(blocks: list) -> ParagraphObjectives | None:
    """The objectives of a decision written as numbered paragraphs, or None when it has no such list.

    ``blocks`` are a :class:`xlqms.word_tables.WordDocument`'s blocks. The list is the first run of
    two or more paragraphs numbered 1., 2. … (typed or by Word) after a paragraph naming
    "mục tiêu chất lượng"; it ends at the first other paragraph or table.
    """
    paragraph_number = 0
    intro_seen = False
    objectives: list[ObjectiveDraft] = []
    first_block = 0
    end = len(blocks)
    aside: tuple[int, int, str] | None = None     # a plain paragraph inside the list: (block, paragraph, text)
    passed: list[tuple[int, str]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, WordTable):
            if objectives:
                end = aside[0] if aside else index
                break
            continue
        paragraph_number += 1
        text = " ".join(block.text.split())
        if not text:
            continue
        numbered = _NUMBERED.match(text)
        if numbered and objectives and aside is not None:
            if objective_number(numbered.group(1)) != str(len(objectives) + 1):
                end = aside[0]
                break
            passed.append(aside[1:])          # a remark between two objectives: passed over, said
            aside = None
        if numbered and intro_seen:
            if not objectives:
                first_block = index
            title = numbered.group(2).strip()
            objectives.append(ObjectiveDraft(objective_number(numbered.group(1)) or numbered.group(1),
                                             title, 0, paragraph_number))
        elif objectives and is_item_line(text) and aside is None:
            objectives[-1].indicators.append(IndicatorDraft(one_line(strip_item_mark(text)).rstrip(" ;."), 0,
                                                            paragraph_number))
        elif objectives:
            if aside is not None or text.casefold().startswith("điều "):
                end = aside[0] if aside else index
                break
            aside = (index, paragraph_number, text)
        elif TITLE_PHRASE in text.casefold():
            intro_seen = True
    if len(objectives) < _MINIMUM:
        return None
    result = ParagraphObjectives(objectives, first_block=first_block)
    for number, text in passed:
        result.problems.append(ImportProblem(Code.PARAGRAPH_IN_LIST, f"đoạn {number} “{text[:80]}” nằm giữa hai mục "
                                             "tiêu nhưng không đánh số: không phải mục tiêu, không đọc — nếu là chỉ "
                                             "tiêu, thêm vào campaign.xlsx."))
    for objective in objectives:
        if objective.indicators:
            objective.title = objective.title.rstrip(" :")
        else:
            objective.title = objective.title.rstrip(" ;.")
            objective.indicators.append(IndicatorDraft(objective.title.rstrip("."), 0, objective.row))
    result.problems.append(ImportProblem(
        Code.OBJECTIVES_FROM_PARAGRAPHS,
        f"quyết định không có bảng mục tiêu: đọc {len(objectives)} mục tiêu từ các đoạn đánh số (đoạn "
        f"{objectives[0].row}–{objectives[-1].row}); mục tiêu không có ý gạch đầu dòng thì lấy chính nó làm chỉ "
        "tiêu — xem lại cột Chỉ tiêu trong campaign.xlsx."))
    _attach_measures(blocks[end:], result)
    return result


def _attach_measures(blocks: list, result: ParagraphObjectives) -> None:
    table = next((block for block in blocks if isinstance(block, WordTable)), None)
    if table is None:
        return
    found = measures_header(table)
    if found is None:
        return
    header_row, columns = found
    result.measures_table = table.number
    rows = [row for row in table.rows if row.number > header_row and any(
        cell.text.strip() for cell in row.cells if not cell.continues_merge)]

    def text(row, role: str) -> str:
        cell = row.cell_at(columns[role]) if role in columns else None
        return "\n".join(one_line(line) for line in cell.lines if line.strip()) if cell is not None else ""

    numbers = [objective_number(one_line(text(row, layout.OBJ_NUMBER))) for row in rows]
    expected = [objective.number for objective in result.objectives]
    if len(rows) == len(expected) and (numbers == expected or layout.OBJ_NUMBER not in columns):
        for objective, row in zip(result.objectives, rows):
            objective.measures.append(MeasureDraft(text(row, layout.OBJ_MEASURE), text(row, layout.OBJ_DEADLINE),
                                                   text(row, layout.OBJ_RESPONSIBLE), text(row, layout.OBJ_NOTE),
                                                   table.number, row.number))
        result.problems.append(ImportProblem(
            Code.MEASURES_BY_ORDER, "bảng biện pháp có một dòng cho mỗi mục tiêu, theo thứ tự: gắn dòng 1 với mục "
            "tiêu 1, dòng 2 với mục tiêu 2… — kiểm tra trong campaign.xlsx.", table.number))
        return
    listed = "; ".join(f"dòng {row.number}: “{one_line(text(row, layout.OBJ_MEASURE))[:60]}”" for row in rows)
    result.problems.append(ImportProblem(
        Code.MEASURES_NOT_PLACED, f"bảng biện pháp có {len(rows)} dòng nhưng không ghi mỗi dòng thuộc mục tiêu nào: "
        f"không gắn được — nhập vào cột Biện pháp thực hiện của campaign.xlsx ({listed}).", table.number))
