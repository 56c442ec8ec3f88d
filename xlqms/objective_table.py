"""The objectives table as officials write it, in Word or pasted into a spreadsheet.

Pure text rules of the decision importer (:mod:`xlqms.decision_table`), which reads the campaign's
`Mục tiêu` sheet too (:mod:`xlqms.pasted_table`), and of the sheet's loose header (:mod:`xlqms.campaign`):

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
from xlqms.errors import TargetSyntaxError
from xlqms.targets import parse_target
from xlqms.text import header_key

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
# The `Mục tiêu` sheet's rows


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
