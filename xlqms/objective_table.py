"""The objectives table as officials write it, in Word or pasted into a spreadsheet.

Pure text rules shared by the decision importer (:mod:`xlqms.decision_table`) and the campaign
reader's `Mục tiêu` sheet (:mod:`xlqms.campaign`):

- column headers matched loosely (`STT`, `Thời gian thực hiện`, `Trách nhiệm thực hiện và báo cáo
  kết quả`…) onto the contract's columns (CONTRACT.md, The campaign: sheet Mục tiêu);
- TT numbers as typed (`1.`, `01`, `(1)`) reduced to one spelling; section headings (`I`, `A`);
- rows broken over a page: a text left unfinished (an open bracket, a trailing `và`, `,`);
- several indicators written in one `Chỉ tiêu` cell as a list (`- …`, `+ …`, `a) …`).

No I/O: text in, text out.
"""

from __future__ import annotations

import re
import unicodedata

from xlqms import layout
from xlqms.codes import Code
from xlqms.errors import TargetSyntaxError
from xlqms.findings import finding
from xlqms.spreadsheet import cell_ref, text_of
from xlqms.targets import parse_target
from xlqms.text import header_key, symbols_as_unicode

# How officials head each column. Matched after :func:`header_words`; a header that begins with a
# synonym (whole words) matches it, and the longest synonym wins ("Trách nhiệm thực hiện và báo cáo
# kết quả" is `Trách nhiệm thực hiện`).
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    layout.OBJ_NUMBER: ("tt", "stt", "số tt", "số thứ tự", "thứ tự"),
    layout.OBJ_TITLE: ("mục tiêu", "mục tiêu chất lượng", "nội dung mục tiêu", "tên mục tiêu", "nội dung",
                       "các mục tiêu"),
    layout.OBJ_TARGET: ("chỉ tiêu", "chỉ số", "mức chỉ tiêu", "chỉ tiêu cần đạt", "kết quả cần đạt",
                        "yêu cầu cần đạt", "mức độ cần đạt", "giá trị mục tiêu", "giá trị chỉ tiêu", "mức mục tiêu",
                        "mức phấn đấu", "mức cần đạt"),
    layout.OBJ_MEASURE: ("biện pháp thực hiện", "biện pháp", "giải pháp", "giải pháp thực hiện",
                         "các biện pháp", "nội dung thực hiện", "nội dung công việc", "kế hoạch thực hiện",
                         "hoạt động", "kế hoạch hành động", "cách thức thực hiện", "phương pháp thực hiện",
                         "nhiệm vụ giải pháp", "nhiệm vụ"),
    layout.OBJ_DEADLINE: ("thời gian hoàn thành", "thời gian", "thời hạn", "tiến độ", "thời điểm"),
    layout.OBJ_RESPONSIBLE: ("trách nhiệm thực hiện", "trách nhiệm", "người thực hiện", "bộ phận thực hiện",
                             "đơn vị thực hiện", "cơ quan thực hiện", "người chịu trách nhiệm", "người bộ phận",
                             "đơn vị chủ trì", "chủ trì", "phân công", "người phụ trách", "bộ phận phụ trách",
                             "đơn vị cá nhân thực hiện", "cá nhân đơn vị thực hiện", "cá nhân thực hiện",
                             "đơn vị cá nhân", "cá nhân đơn vị", "cơ quan đơn vị thực hiện", "bộ phận cá nhân thực hiện",
                             "người bộ phận thực hiện", "bộ phận người thực hiện", "cán bộ thực hiện",
                             "công chức thực hiện", "đơn vị chịu trách nhiệm", "bộ phận chịu trách nhiệm",
                             "cá nhân chịu trách nhiệm", "người phụ trách thực hiện", "đầu mối thực hiện",
                             "cơ quan chủ trì", "đơn vị phụ trách", "phụ trách", "bộ phận chủ trì",
                             "lãnh đạo phụ trách", "người chủ trì", "cá nhân phụ trách"),
    layout.OBJ_NOTE: ("ghi chú",),
}
ROLES = tuple(HEADER_SYNONYMS)

# Words of a second header row under a merged header ("Trách nhiệm" over "Chủ trì" / "Phối hợp").
SUBHEADER_WORDS = ("chủ trì", "phối hợp", "bắt đầu", "kết thúc", "từ ngày", "đến ngày", "từ", "đến",
                   "cấp huyện", "cấp xã", "cấp tỉnh", "đơn vị", "cá nhân", "tập thể")

# Texts of a row that ends the table: a total line or the signature block. A total line may say
# what it counts ("Cộng: 9 mục tiêu", "Tổng cộng 12 chỉ tiêu").
CLOSING_WORDS = ("cộng", "tổng cộng", "tổng", "tổng số")
_CLOSING_COUNT = re.compile(r"^(?:tổng\s+cộng|cộng|tổng\s+số|tổng)\s*(?::\s*\d|\d|:?\s*\d+\s+(?:mục\s+tiêu|chỉ\s+tiêu|"
                            r"biện\s+pháp|nội\s+dung))", re.IGNORECASE)
CLOSING_PREFIXES = ("tm. ", "kt. ", "tm.", "kt.", "chủ tịch", "phó chủ tịch", "người lập", "nơi nhận")

_NON_WORD = re.compile(r"[^\w/]+")
_FOOTNOTE = re.compile(r"\(\s*\d{1,2}\s*\)|\*+")


def header_words(text) -> str:
    """A header reduced for loose matching: NFC, case-folded, punctuation and '(1)' numbers dropped."""
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    text = _FOOTNOTE.sub(" ", text).replace("/", " ")
    return " ".join(_NON_WORD.sub(" ", text).split())


def match_header(text) -> tuple[str, int] | None:
    """The contract column a header means, with a score (2 exact, 1 by its first words), or None."""
    words = header_words(text)
    if not words:
        return None
    best: tuple[str, int, int] | None = None
    for role, synonyms in HEADER_SYNONYMS.items():
        for synonym in synonyms:
            if words == synonym:
                score = 2
            elif words.startswith(synonym + " "):
                score = 1
            else:
                continue
            if best is None or (score, len(synonym)) > (best[1], best[2]):
                best = (role, score, len(synonym))
    return (best[0], best[1]) if best else None


def loose_header_columns(row_values, known=()) -> dict[str, int]:
    """The contract's objective columns found in one header row: exact names first, then loosely.

    ``known`` are other header names of the sheet (xlqms's optional columns): a cell that is one
    of them exactly is never taken loosely for an objective column. Returns name → 0-based index.
    """

    exact = layout.find_header_columns(row_values, ROLES + tuple(known))
    taken = set(exact.values())
    found = {name: index for name, index in exact.items() if name in ROLES}
    candidates: dict[str, tuple[int, int]] = {}
    for index, value in enumerate(row_values):
        if index in taken or value is None or not header_key(value):
            continue
        matched = match_header(value)
        if matched is None or matched[0] in found:
            continue
        role, score = matched
        if role not in candidates or score > candidates[role][1]:
            candidates[role] = (index, score)
    found.update({role: index for role, (index, _score) in candidates.items()})
    return found


# ---------------------------------------------------------------------------------------------
# TT numbers

_ROMAN = re.compile(r"^(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_NUMBER = re.compile(r"^\(?\s*([0-9]+|[IVXLC]+|[A-Za-zĐđ])\s*[.):/]?\)?$")
_SUB_NUMBER = re.compile(r"^\(?\s*([0-9]+|[IVXLC]+)\s*[.,]\s*([0-9]+|[a-zđ])\s*[.):]?\)?$")
_MARK = re.compile(r"^[-+•●○◦▪■–—*]$")


_NAMED_NUMBER = re.compile(r"^(?:mục tiêu|mtcl|mt|tt|stt|số)\s*[.:]?\s*(?:số\s*)?0*(\d+)\s*[.:)/]?$", re.IGNORECASE)


def objective_number(text) -> str:
    """A TT as one spelling: '1.', '01', '(1)', '1)', 'Mục tiêu 1' → '1'; 'II.' → 'II'; other text unchanged."""
    raw = " ".join(str(text or "").split())
    named = _NAMED_NUMBER.match(unicodedata.normalize("NFC", raw))
    if named:
        return named.group(1)
    match = _NUMBER.match(raw)
    if not match:
        return raw
    value = match.group(1)
    return str(int(value)) if value.isdigit() else value


def number_kind(text) -> str:
    """'digit' (1, 01, 1.), 'roman' (I, II.), 'letter' (a, B), 'sub' (1.1, 2.a), 'mark' (-, +), '' or 'text'."""
    raw = " ".join(str(text or "").split())
    if not raw:
        return ""
    if _MARK.match(raw):
        return "mark"
    if _SUB_NUMBER.match(raw):
        return "sub"
    number = objective_number(raw)
    if number.isdigit():
        return "digit"
    if _ROMAN.match(number):
        return "roman"
    if len(number) == 1 and number.isalpha():
        return "letter"
    return "text"


def sub_number_of(text) -> str | None:
    """The objective a sub-number belongs to: '2.1' → '2'; None when ``text`` is not one."""
    match = _SUB_NUMBER.match(" ".join(str(text or "").split()))
    if not match:
        return None
    value = match.group(1)
    return str(int(value)) if value.isdigit() else value


_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")


def is_column_number_row(texts) -> bool:
    """A row that numbers the columns — '(1) (2) (3)…', '1 2 3 4…', 'A B C…' — not an objective."""
    values = [" ".join(str(t).split()) for t in texts if t not in (None, "") and str(t).strip()]
    if len(values) < 3 or not all(_COLUMN_NUMBER.match(v) for v in values):
        return False
    keys = [match.group(1) for match in map(_COLUMN_NUMBER.match, values) if match]
    ordinals = [int(k) if k.isdigit() else ord(k.upper()) for k in keys]
    return all(b == a + 1 for a, b in zip(ordinals, ordinals[1:]))


def is_header_row(texts, header_texts) -> bool:
    """A row that repeats the table's header (typed again at the top of a page): at least three of
    its cells, and all but one, are header texts of the table (``header_texts``)."""
    headers = {header_words(text) for text in header_texts if header_words(text)}
    values = [header_words(t) for t in texts if t and str(t).strip()]
    same = sum(1 for value in values if value in headers)
    return same >= min(3, len(headers)) and same >= len(values) - 1


def is_subheader_text(text) -> bool:
    """Text of a second header row (under a merged header cell): 'Chủ trì', 'Bắt đầu', a header."""
    words = header_words(text)
    return bool(words) and (words in SUBHEADER_WORDS or match_header(text) is not None)


def is_closing_row(texts) -> bool:
    """The row after the objectives: 'Cộng', 'Tổng cộng', or the signature ('TM. ỦY BAN NHÂN DÂN')."""
    values = [" ".join(str(t).split()) for t in texts if t and str(t).strip()]
    if not values or len(values) > 3:
        return False
    first = header_words(values[0])
    lowered = values[0].casefold()
    return first in CLOSING_WORDS or (len(values[0]) <= 30 and lowered.startswith(CLOSING_PREFIXES)) or (
        len(values[0]) <= 40 and _CLOSING_COUNT.match(values[0].strip()) is not None)


# ---------------------------------------------------------------------------------------------
# Broken rows and lists inside a cell

_CONNECTORS = ("và", "của", "với", "theo", "các", "cho", "tại", "về", "đối", "được", "để", "hoặc", "so",
               "trong", "từ", "đến", "là", "những", "thuộc", "trên", "dưới", "đạt", "nhằm", "bằng")


def is_unfinished(text) -> bool:
    """True when ``text`` stops mid-sentence (a row broken over a page): '… (theo', '… và', '…,'."""
    text = " ".join(str(text or "").split())
    if not text:
        return False
    if text.count("(") > text.count(")") or text.count("“") > text.count("”") or text.count("[") > text.count("]"):
        return True
    if text.endswith((",", "-", "–", "/", "(")):
        return True
    last = text.rsplit(" ", 1)[-1].casefold()
    return last in _CONNECTORS


def starts_lowercase(text) -> bool:
    text = str(text or "").lstrip(" \t\n-+•")
    return bool(text) and (text[0].islower() or text[0] in ")],;")


def continues(previous, text, lowercase_is_enough: bool = False) -> bool:
    """Whether ``text`` (a cell of a row without TT) is the rest of ``previous`` cut by a page break."""
    if not previous or not text:
        return False
    stripped = str(text).lstrip()
    if stripped[:1] in (")", "]", ",", ";"):
        return True
    return is_unfinished(previous) or (lowercase_is_enough and starts_lowercase(text))


_ITEM = re.compile(r"^\s*(?:[-+•●○◦▪■–—*]|\d{1,2}[.)]|[a-zđ][.)])\s+")


def is_item_line(line: str) -> bool:
    """A list item typed or numbered in a cell: '- …', '+ …', '• …', '1. …', 'a) …'."""
    return bool(_ITEM.match(line))


def strip_item_mark(line: str) -> str:
    return _ITEM.sub("", line, count=1).strip()


def one_line(text) -> str:
    """Cell text on one line: line breaks and runs of spaces become one space."""
    return " ".join(str(text or "").split())


def _reads(text: str) -> bool:
    try:
        parse_target(text)
    except TargetSyntaxError:
        return False
    return True


def split_targets(text) -> list[str]:
    """The indicators written in one `Chỉ tiêu` cell, each as one line.

    A cell with two or more list items (`- …`, `+ …`, `1. …`, `a) …`) gives one indicator per
    item; a lead-in line before the items ('Tỷ lệ hồ sơ:') is put before each item. A cell of
    several plain lines gives one indicator per line only when the lines read as targets one by
    one and not together; otherwise the cell is one indicator with its lines joined.
    """
    lines = [line.strip() for line in str(text or "").split("\n") if line.strip()]
    if not lines:
        return []
    items: list[list[str]] = []
    lead: list[str] = []
    for line in lines:
        if is_item_line(line):
            items.append([strip_item_mark(line)])
        elif items:
            items[-1].append(line)
        else:
            lead.append(line)
    if len(items) >= 2:
        prefix = one_line(" ".join(lead))
        return [one_line(f"{prefix} {' '.join(item)}") for item in items]
    joined = one_line(" ".join(lines))
    if len(lines) >= 2 and not _reads(joined) and all(_reads(line) for line in lines):
        return [one_line(line) for line in lines]
    return [joined]


# ---------------------------------------------------------------------------------------------
# A `Mục tiêu` sheet pasted from Word (the campaign reader's paste path)


def clean_pasted_rows(rows: list[list], header: int, columns: dict[str, int], merged=(), file=None, sheet=None):
    """The data rows of a `Mục tiêu` sheet as the clean sheet would hold them, and what was done.

    ``rows`` are a sheet's rows (0-based, as read), ``header`` the index of its header row,
    ``columns`` contract column → 0-based index, ``merged`` the sheet's merged ranges as
    ((first row, first column), (last row, last column)), 0-based and inclusive. A table pasted
    from Word keeps a merged cell's value in its top-left cell only: a merged Thời gian hoàn thành
    or Trách nhiệm thực hiện is the same for every row it spans; other covered cells are blank.
    Sub-header, column-number and repeated header rows, section headings (`I`, `A` with no
    indicator nor measure), and a closing `Cộng` / signature row with what follows are left out;
    TT numbers take one spelling ('1.', '01' → '1'); Mục tiêu and Chỉ tiêu go on one line; a Chỉ
    tiêu broken over a page is joined to the one above; a cell listing several indicators gives
    one row each (the rows added keep the original row number); under a TT merged over rows, a
    row naming its own indicator (a Mục tiêu and a Chỉ tiêu) gives "name: target", as the
    decision import reads it. Returns ([(row index, values)], [Finding]).
    """

    rows = [list(row) for row in rows]
    fill = {columns[name] for name in (layout.OBJ_DEADLINE, layout.OBJ_RESPONSIBLE) if name in columns}
    number_merged: set[int] = set()        # rows whose TT is covered by the merged TT of the row above
    for (top, left), (bottom, right) in merged:
        if top <= header or top >= len(rows):
            continue
        if left <= columns.get(layout.OBJ_NUMBER, -1) <= right:
            number_merged.update(range(top + 1, bottom + 1))
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            for c in range(left, right + 1):
                if (r, c) == (top, left):
                    continue
                row = rows[r]
                row.extend([""] * (c + 1 - len(row)))
                row[c] = value if (c == left and c in fill) else ""

    def get(row, name):
        column = columns.get(name)
        return symbols_as_unicode(text_of(row[column])) if column is not None and column < len(row) else ""

    def put(row, name, value):
        column = columns[name]
        row.extend([""] * (column + 1 - len(row)))
        row[column] = value

    findings = []
    number_kinds = {number_kind(get(row, layout.OBJ_NUMBER)) for row in rows[header + 1:]}
    uses_digits = "digit" in number_kinds
    result: list[tuple[int, list]] = []
    last_target: list | None = None
    objective_title = ""
    seen_objective = False
    closed_at = None
    for index in range(header + 1, len(rows)):
        row = rows[index]
        texts = [text_of(value) for value in row]
        where = cell_ref(index, columns.get(layout.OBJ_NUMBER, 0))
        if closed_at is not None:
            if any(texts):
                findings.append(finding(
                    Code.ROW_AFTER_TABLE_END, f"dòng nằm sau dòng kết thúc bảng (ô {closed_at}): không đọc — "
                    f"“{one_line(' '.join(t for t in texts if t))[:80]}”. Nếu đây là mục tiêu, xóa dòng kết thúc.",
                    file=file, sheet=sheet, cell=where))
            continue
        if seen_objective and is_closing_row(texts):
            closed_at = where
            findings.append(finding(Code.TABLE_END, f"“{one_line(next(t for t in texts if t))}”: hết bảng mục tiêu.",
                                 file=file, sheet=sheet, cell=where))
            continue
        number = get(row, layout.OBJ_NUMBER)
        details = [get(row, name) for name in (layout.OBJ_TARGET, layout.OBJ_MEASURE, layout.OBJ_DEADLINE,
                                                layout.OBJ_RESPONSIBLE)]
        if is_column_number_row(texts) or is_header_row(texts, rows[header]) or (
                not seen_objective and any(texts) and all(is_subheader_text(t) for t in texts if t)):
            findings.append(finding(Code.PASTED_HEADER_ROW, "dòng tiêu đề (hoặc đánh số cột) nằm trong bảng: bỏ qua.",
                                 file=file, sheet=sheet, cell=where))
            continue
        if number and number_kind(number) in ("roman", "letter") and uses_digits and not any(details) \
                and not number[:1].islower():
            findings.append(finding(
                Code.SECTION_HEADING, f"“{one_line(number + ' ' + get(row, layout.OBJ_TITLE))}” là đề mục, không "
                "phải mục tiêu: bỏ qua. Nếu là mục tiêu, nhập Chỉ tiêu cho dòng này.", file=file, sheet=sheet,
                cell=where))
            continue
        if number:
            put(row, layout.OBJ_NUMBER, objective_number(number))
            seen_objective, last_target = True, None
        if layout.OBJ_TITLE in columns:
            put(row, layout.OBJ_TITLE, one_line(get(row, layout.OBJ_TITLE)))
        target = get(row, layout.OBJ_TARGET)
        title = get(row, layout.OBJ_TITLE)
        if number:
            objective_title = title
        elif index in number_merged and title and target and not continues(objective_title, title, True):
            # TT merged over rows that each name one indicator: the name goes with its target
            target = one_line(f"{title}: {target}")
            put(row, layout.OBJ_TITLE, "")
            put(row, layout.OBJ_TARGET, target)
        extra: list[str] = []
        if target:
            if not number and last_target is not None and continues(get(last_target, layout.OBJ_TARGET), target):
                put(last_target, layout.OBJ_TARGET, one_line(f"{get(last_target, layout.OBJ_TARGET)} {target}"))
                put(row, layout.OBJ_TARGET, "")
                findings.append(finding(Code.ROW_CONTINUED, "Chỉ tiêu viết tiếp dòng trên (dòng bị ngắt trang): nối vào "
                                     "chỉ tiêu ở trên.", file=file, sheet=sheet,
                                     cell=cell_ref(index, columns[layout.OBJ_TARGET])))
            else:
                items = split_targets(target) if not get(row, layout.OBJ_CODE) else [one_line(target)]
                put(row, layout.OBJ_TARGET, items[0])
                extra = items[1:]
                last_target = row
                if extra:
                    findings.append(finding(Code.TARGETS_SPLIT, f"ô Chỉ tiêu có {len(items)} ý: đọc thành {len(items)} "
                                         "chỉ tiêu.", file=file, sheet=sheet,
                                         cell=cell_ref(index, columns[layout.OBJ_TARGET])))
        result.append((index, row))
        for item in extra:
            added = [""] * len(row)
            put(added, layout.OBJ_TARGET, item)
            result.append((index, added))
    return result, findings


def objective_sheet_rows(objectives) -> list[tuple[dict[str, str], bool]]:
    """Objectives as rows of the `Mục tiêu` sheet: (column → value, whether it is an objective's first row).

    ``objectives``: anything with ``number``, ``title``, ``note``, ``indicators`` (``text``, and
    optionally ``code``, ``applies_to``, ``periods`` — written explicitly on the indicator's row)
    and ``measures`` (``text``, ``deadline``, ``responsible``, ``note``): an imported decision's or
    a campaign's. An objective's first row holds TT, Mục tiêu, Ghi chú and its first indicator and
    measure; the rows below it leave TT blank and hold one more indicator and/or measure each.
    """
    rows = []
    for objective in objectives:
        height = max(len(objective.indicators), len(objective.measures), 1)
        for line in range(height):
            values: dict[str, str] = {}
            if line == 0:
                values.update({layout.OBJ_NUMBER: objective.number, layout.OBJ_TITLE: objective.title,
                               layout.OBJ_NOTE: objective.note})
            if line < len(objective.indicators):
                indicator = objective.indicators[line]
                values[layout.OBJ_TARGET] = indicator.text
                for column, value in ((layout.OBJ_CODE, getattr(indicator, "code", "")),
                                      (layout.OBJ_APPLIES_TO, ", ".join(getattr(indicator, "applies_to", ()))),
                                      (layout.OBJ_PERIODS, ", ".join(getattr(indicator, "periods", ())))):
                    if value:
                        values[column] = value
            if line < len(objective.measures):
                measure = objective.measures[line]
                values.update({layout.OBJ_MEASURE: measure.text, layout.OBJ_DEADLINE: measure.deadline,
                               layout.OBJ_RESPONSIBLE: measure.responsible})
                if line > 0 or not objective.note:
                    values[layout.OBJ_NOTE] = measure.note or values.get(layout.OBJ_NOTE, "")
            rows.append((values, line == 0))
    return rows
