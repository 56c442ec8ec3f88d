"""What a unit typed, read by spreadsheet formulas the way :func:`xlqms.targets.read_typed` reads it.

The live verdict of a Kết quả row (:mod:`xlqms.formulas`) must read each input cell exactly as
``xlqms collect`` does. Spreadsheets without LET (LibreOffice 7, Excel before 2021, WPS) cannot
name a step, so every step is a helper cell in a hidden column, and this module writes the
formula of each step given the references of the cells it reads. Pure: text in, text out.

Only functions Excel 2013+, LibreOffice 4.3+ and WPS all know: IF, AND, OR, ISNUMBER, ISTEXT,
ISLOGICAL, ISERROR, LEN, LEFT, RIGHT, MID, FIND, TRIM, LOWER, SUBSTITUTE, REPT, MAX, CELL, IFERROR and
NUMBERVALUE (written ``_xlfn.NUMBERVALUE``, as the file format names functions newer than 2007).

How a text is read (each rule mirrors :mod:`xlqms.targets.values` and :func:`xlqms.numbers.parse_number`):

- **spaces**: every character Python's ``str.split()`` takes for white space (NBSP, narrow NBSP,
  line breaks…) becomes a space, zero-width characters vanish, the glyphs of
  :data:`xlqms.targets.clean.GLYPHS` that matter for a value are mapped (− to -, ％ to %, ƣ to ư);
  TRIM strips and collapses as ``" ".join(text.split())`` does;
- **Unicode form**: the decomposed (NFD) spellings of the letters of the words matched (Đạt, Không
  đạt, tăng, giảm, điểm…) are composed (NFC) after LOWER, so “ĐẠT” and an NFD “Đạt” read “đạt”;
- **numbers**: the digits of a text are masked (each digit becomes 9) and the mask compared with
  the forms :func:`~xlqms.numbers.parse_number` accepts — ``1.540`` (dots between groups of three,
  optionally ``,5``), ``1 540`` (spaces between groups), ``85,3`` (decimal comma), ``99.9`` (decimal
  dot) — then NUMBERVALUE is called with the separators of the form found. NUMBERVALUE alone would
  take “1.5” for 15 and “12,” for 12; the mask keeps it to what collect reads;
- **what only marks or dresses a figure** (collect's readings of returned files, :mod:`xlqms.validate`):
  one leading apostrophe is left out (:func:`unmarked`); ``=`` then a plain number is that number
  (:func:`formula_number`, the rule :func:`xlqms.entry_rules.sheet_formula_number`); English grouping
  is read, ``1,540`` is :data:`AMBIGUOUS` (:func:`english_number`, the rule
  :func:`xlqms.typed_text.english_grouping`); a number in a date-formatted cell under
  :data:`~xlqms.typed_text.SHOWN_AS_DATE_BELOW` is that number (:func:`shown_as_date`);
- **the cell's format**: a number in a percent-formatted cell (``CELL("format")`` starts with P:
  typed with the % key) and a date (``D1``…``D9`` in Excel; LibreOffice answers ``G`` for a date,
  and ``F0`` where Excel says ``G`` for General — so a date is a ``G`` in an application whose
  General cell is not ``G``, asked of :data:`general` reference cell).
"""

from __future__ import annotations

import unicodedata

from xlqms.legacy_text import TCVN3_TABLE, VNI_TABLE
from xlqms.targets import PASSED_WORDS
from xlqms.typed_text import SHOWN_AS_DATE_BELOW

NUMBERVALUE = "_xlfn.NUMBERVALUE"

# Python's str.isspace() characters a cell can hold (the XML-forbidden controls cannot be in a cell).
_SPACES = ("\u00a0", "\u0085", "\u1680", *(chr(c) for c in range(0x2000, 0x200B)), "\u2028", "\u2029",
           "\u202f", "\u205f", "\u3000")
_CONTROL_SPACES = (9, 10, 13)       # tab, line feed, carriage return: CHAR(n), ASCII in every code page
_GLYPHS = (("\u200b", ""), ("\ufeff", ""), ("\u2060", ""),
           ("\u2212", "-"), ("\u2010", "-"), ("\u2011", "-"), ("\u2012", "-"), ("\uff0d", "-"),
           ("\uff05", "%"), ("\u066a", "%"), ("\u01a3", "ư"), ("\u01a2", "Ư"),
           *((chr(0xFF10 + digit), str(digit)) for digit in range(10)))

_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}


def _vietnamese_letter(character: str) -> bool:
    decomposed = unicodedata.normalize("NFD", character)
    return (character.isalpha() and decomposed[0].lower() in "abcdeghiklmnopqrstuvxyđ"
            and all(mark in _VIETNAMESE_MARKS for mark in decomposed[1:]))


LEGACY_MARKS = "".join(sorted(character for character in set(TCVN3_TABLE) | {ch for key in VNI_TABLE for ch in key}
                              if not character.isascii() and not _vietnamese_letter(character)))
"""Characters of TCVN3 / VNI text that Vietnamese in Unicode never holds (§ ® ¹ ¸ ø ï …): a text
with one of them may be read by collect after conversion (:mod:`xlqms.legacy_text`)."""

CHANGE_VERBS = {"tăng": 1, "giảm": -1}
"""An achieved change typed as a result starts with one of these (``tăng 7,4%``), as in read_typed."""
POINT_TAILS = ("điểm phần trăm", "điểm phần nghìn", "điểm phần ngàn", "điểmphần trăm", "điểmphần nghìn",
               "điểmphần ngàn", "điểm %", "điểm ‰", "điểm%", "điểm‰", "điểm")
"""How ``…điểm %`` may end an achieved change (after spaces are collapsed), longest first."""
_CHANGE_WORDS = (*CHANGE_VERBS, "thêm", *POINT_TAILS)


def text(value: str) -> str:
    """A formula string literal."""
    return '"' + value.replace('"', '""') + '"'


def _substituted(expression: str, pairs) -> str:
    for old, new in pairs:
        expression = f"SUBSTITUTE({expression},{old},{text(new)})"
    return expression


def _nfc_pairs() -> list[tuple[str, str]]:
    """(decomposed spelling, composed letter) for each letter of the words the formulas match."""
    pairs: dict[str, str] = {}
    for word in (*PASSED_WORDS, *_CHANGE_WORDS):
        for letter in word:
            decomposed = unicodedata.normalize("NFD", letter)
            if len(decomposed) > 1:
                pairs[decomposed] = letter
            if len(decomposed) == 3:        # base + two marks: the first one may come composed
                pairs[unicodedata.normalize("NFC", decomposed[:2]) + decomposed[2]] = letter
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))


def spaced(cell: str) -> str:
    """The text of ``cell`` with every white space made a plain space, stripped and collapsed, as
    ``" ".join(text.split())``; "" if the cell holds no text."""
    pairs = [(f"CHAR({code})", " ") for code in _CONTROL_SPACES]
    pairs += [(text(space), " ") for space in _SPACES]
    return f"IF(ISTEXT({cell}),TRIM({_substituted(cell, pairs)}),\"\")"


TEXT_MARKS = ("'", "\u2019")
"""A leading apostrophe (typed, or turned typographic) only marks a cell as text ('95 pasted from a
CSV): collect leaves it out (:mod:`xlqms.validate`), and so does :func:`unmarked`."""


def unmarked(s: str) -> str:
    """:func:`spaced` text ``s`` without one leading :data:`TEXT_MARKS` apostrophe."""
    marked = "OR(" + ",".join(f"LEFT({s},1)={text(mark)}" for mark in TEXT_MARKS) + ")"
    return f"IF({marked},TRIM(MID({s},2,LEN({s}))),{s})"


def cleaned(a: str) -> str:
    """:func:`unmarked` text ``a`` with the glyphs that matter for a value made plain (− to -, ％ to %,
    zero-width characters dropped, full-width digits), stripped and collapsed."""
    pairs = [(text(old), new) for old, new in _GLYPHS]
    return f"TRIM({_substituted(a, pairs)})"


def composed(cleaned_cell: str) -> str:
    """:func:`cleaned` text in lower case with the matched words' letters composed (NFC)."""
    pairs = [(text(old), new) for old, new in _nfc_pairs()]
    return f"TRIM({_substituted(f'LOWER({cleaned_cell})', pairs)})"


def mask(expression: str) -> str:
    """The text with every digit replaced by 9: its shape ("1.540" → "9.999")."""
    return _substituted(expression, [(text(str(digit)), "9") for digit in range(9)])


def _count(mask_expression: str, character: str) -> str:
    return f"(LEN({mask_expression})-LEN(SUBSTITUTE({mask_expression},{text(character)},\"\")))"


def _only(mask_expression: str, characters: str) -> str:
    """Whether the mask holds nothing but 9s and ``characters``."""
    rest = _substituted(mask_expression, [(text(c), "") for c in "9" + characters])
    return f"{rest}=\"\""


def _grouped(m: str, separator: str) -> str:
    """The mask reads ``9{1,3}(<sep>999)+(,9+)?``: groups of three, an optional decimal comma."""
    integer = f"(FIND(\",\",{m}&\",\")-1)"
    groups = _count(m, separator)
    first = f"({integer}-4*{groups})"
    return (f"AND({_only(m, separator + ',')},{_count(m, ',')}<=1,{groups}>=1,{first}>=1,{first}<=3,"
            f"LEFT({m},{integer})=REPT(\"9\",MAX(0,{first}))&REPT({text(separator + '999')},{groups}),"
            f"RIGHT({m},1)=\"9\")")


def number_value(t: str, m: str, spaces: bool = True, trailing_dot: bool = True) -> str:
    """NUMBERVALUE of text ``t`` (with mask ``m``) when it is a plain number as collect reads it; else "".

    ``spaces``: ``1 540`` is a number (:func:`~xlqms.numbers.parse_number`); not in a ratio or an
    achieved change (their grammar in :mod:`xlqms.targets.values`), nor is ``12.`` (``trailing_dot``).
    """
    comma = f"AND({_only(m, ',')},{_count(m, ',')}<=1,LEFT({m},1)=\"9\",RIGHT({m},1)=\"9\")"
    digit_last = "" if trailing_dot else f',RIGHT({m},1)="9"'
    dot = f"AND({_only(m, '.')},{_count(m, '.')}=1,LEN({m})>=2{digit_last})"
    value = f"IF({dot},{NUMBERVALUE}({t},\".\",\",\"),\"\")"
    if spaces:
        value = (f"IF({_grouped(m, ' ')},{NUMBERVALUE}(SUBSTITUTE({t},\" \",\"\"),\",\",\".\"),{value})")
    return f"IF(OR({_grouped(m, '.')},{comma}),{NUMBERVALUE}({t},\",\",\".\"),{value})"


# -- a formula typed as text: "= 5" (xlqms.entry_rules.sheet_formula_number) --------------------------

def formula_body(a: str) -> str:
    """What follows the ``=`` (and a sign right after it) of :func:`unmarked` text ``a``; "" when ``a``
    is no formula typed as text."""
    rest = f"TRIM(MID({a},2,LEN({a})))"
    sign = f"OR(LEFT({rest},1)=\"+\",LEFT({rest},1)=\"-\")"
    return f"IF(LEFT({a},1)=\"=\",MID({rest},1+{sign},LEN({rest})),\"\")"


def formula_number(a: str, body: str) -> str:
    """The number of a formula typed as text ``a`` (body :func:`formula_body`) when it is a plain number
    as :func:`xlqms.entry_rules.sheet_formula_number` reads it — ``= 5``, ``=-5``, ``=95,5``, ``=1.540``
    (the dot is a decimal dot in a formula: 1,54) — else "". Anything else after ``=``
    (``=1540/1587*100``) is left to the formula-as-text message."""
    m = mask(body)
    separators = f"({_count(m, '.')}+{_count(m, ',')})"
    leading_zero = f"AND({separators}=0,LEFT({body},1)=\"0\",SUBSTITUTE({body},\"0\",\"\")<>\"\")"
    plain = (f"AND(LEN({body})>0,{_only(m, '.,')},{separators}<=1,LEFT({m},1)=\"9\",RIGHT({m},1)=\"9\","
             f"NOT({leading_zero}))")
    value = f"{NUMBERVALUE}(SUBSTITUTE({body},\",\",\".\"),\".\",\",\")"
    negative = f"LEFT(TRIM(MID({a},2,LEN({a}))),1)=\"-\""
    return f"IF({plain},IF({negative},-1,1)*{value},\"\")"


# -- English grouping: "1,540,000", "1,540.5"; "1,540" is ambiguous (xlqms.typed_text.english_grouping) --

AMBIGUOUS = "?"
"""What :func:`english_number` gives for ``1,540``: one comma group and no decimals (1,54 or 1540?)."""


def english_mask(a: str) -> str:
    """The shape of :func:`unmarked` text ``a`` without its spaces and one leading +, every digit
    (ASCII or full-width) a 9: ``+1 540,000`` → ``9,999,999``."""
    digits = [(text(str(digit)), "9") for digit in range(9)]
    digits += [(text(chr(0xFF10 + digit)), "9") for digit in range(10)]
    compact = _substituted(f"SUBSTITUTE({a},\" \",\"\")", digits)
    return f"IF(LEFT({compact},1)=\"+\",MID({compact},2,LEN({compact})),{compact})"


def english_number(g: str, t: str) -> str:
    """The number an English grouping stands for, :data:`AMBIGUOUS` for ``1,540``, or "": ``g`` is its
    :func:`english_mask`, ``t`` its :func:`cleaned` text (full-width digits made plain)."""
    integer = f"(FIND(\".\",{g}&\".\")-1)"
    groups = _count(g, ",")
    first = f"({integer}-4*{groups})"
    grouped = (f"AND({_only(g, ',.')},{_count(g, '.')}<=1,{groups}>=1,{first}>=1,{first}<=3,"
               f"LEFT({g},{integer})=REPT(\"9\",MAX(0,{first}))&REPT(\",999\",{groups}),RIGHT({g},1)=\"9\")")
    value = f"{NUMBERVALUE}(SUBSTITUTE(SUBSTITUTE({t},\" \",\"\"),\"+\",\"\"),\".\",\",\")"
    return f"IF({grouped},IF(AND({groups}=1,{_count(g, '.')}=0),{text(AMBIGUOUS)},{value}),\"\")"


# -- a number typed as text: "‰", "%" and the sign around it (parse_number) ----------------------------

def _end_without_per_mille(t: str) -> str:
    return f"(LEN({t})-(RIGHT({t},1)=\"‰\")*(1+(MID({t},MAX(1,LEN({t})-1),1)=\" \")))"


def percent_sign(t: str) -> str:
    """1 when the number text ``t`` ends with % (before a ‰), else 0."""
    end = _end_without_per_mille(t)
    return f"(({end}>0)*(MID({t},MAX(1,{end}),1)=\"%\"))"


def number_core(t: str) -> str:
    """The digits and separators of number text ``t``: without ‰, %, a leading sign, and the space beside them."""
    end = _end_without_per_mille(t)
    last = f"({end}-{percent_sign(t)}*(1+(MID({t},MAX(1,{end}-1),1)=\" \")))"
    signed = f"OR(LEFT({t},1)=\"-\",LEFT({t},1)=\"+\")"
    first = f"(1+{signed}*(1+(MID({t},2,1)=\" \")))"
    return f"MID({t},{first},MAX(0,{last}-{first}+1))"


def signed(t: str, unsigned: str) -> str:
    """The value ``unsigned`` with the sign the text ``t`` starts with; "" stays ""."""
    return f"IF(ISNUMBER({unsigned}),IF(LEFT({t},1)=\"-\",-{unsigned},{unsigned}),\"\")"


# -- the cell's format ------------------------------------------------------------------------------

def _format_code(cell: str) -> str:
    """``CELL("format")`` of a cell; "" in an application that does not answer it."""
    return f"IFERROR(CELL(\"format\",{cell}),\"\")"


def percent_format(cell: str) -> str:
    """Whether ``cell`` has a percent number format (a percent typed with the % key is stored ÷ 100)."""
    return f"LEFT({_format_code(cell)},1)=\"P\""


def shown_as_date(cell: str) -> str:
    """Whether the number of a date-formatted ``cell`` is a number typed into a cell that kept a date
    format (:func:`xlqms.typed_text.number_shown_as_date`: a day number from 1 to
    :data:`~xlqms.typed_text.SHOWN_AS_DATE_BELOW`): collect reads it as that number."""
    return f"AND({cell}>=1,{cell}<{SHOWN_AS_DATE_BELOW})"


def date_format(cell: str, general: str) -> str:
    """Whether ``cell`` shows its number as a date or time (collect then reads a date: not a number).

    ``general`` is a cell with the General format: Excel says G for it, LibreOffice F0 (and G for a date).
    """
    code = _format_code(cell)
    return f"OR(LEFT({code},1)=\"D\",AND({code}=\"G\",{_format_code(general)}<>\"G\"))"


# -- words ------------------------------------------------------------------------------------------

def word_form(u: str) -> str:
    """:func:`composed` text without up to three trailing . or ! (``parse_qualitative`` strips them)."""
    def mark(back: int) -> str:
        character = f"MID({u},MAX(1,LEN({u})-{back}),1)"
        return f"OR({character}=\".\",{character}=\"!\")"

    runs = ["*".join([f"(LEN({u})>{depth})", *(mark(back) for back in range(depth + 1))]) for depth in range(3)]
    return f"TRIM(LEFT({u},LEN({u})-({'+'.join(runs)})))"


def passed(w: str, verdict: bool) -> str:
    """Whether the word form ``w`` is one of the words for Đạt (``verdict`` True) or Không đạt."""
    words = [word for word, value in PASSED_WORDS.items() if value is verdict]
    return "OR(" + ",".join(f"{w}={text(word)}" for word in words) + ")"


def legacy_text(t: str) -> str:
    """Whether the text ``t`` holds a character of TCVN3 / VNI text (:data:`LEGACY_MARKS`)."""
    return "OR(" + ",".join(f"ISNUMBER(FIND({text(mark)},{t}))" for mark in LEGACY_MARKS) + ")"


# -- an achieved change: "tăng 7,4%", "giảm 1,2 điểm %" ---------------------------------------------

def change_start(u: str) -> str:
    """Where the number of an achieved change starts in ``u`` (after the verb, ``thêm``, a space); 0 if none."""
    verb = "OR(" + ",".join(f"LEFT({u},4)={text(word)}" for word in CHANGE_VERBS) + ")"
    after = f"IF(AND(MID({u},5,1)=\" \",MID({u},6,4)=\"thêm\"),10,5)"
    return f"IF({verb},{after}+(MID({u},{after},1)=\" \"),0)"


def _tail_length(u: str) -> str:
    expression = "0"
    for tail in reversed(POINT_TAILS):
        expression = f"IF(RIGHT({u},{len(tail)})={text(tail)},{len(tail)},{expression})"
    return expression


def change_end(u: str, tail: str) -> str:
    """Where the number of an achieved change ends in ``u``, before ``% điểm``; ``tail`` is the length of
    its ``điểm …`` ending (:func:`change_tail`)."""
    end = f"(LEN({u})-{tail}-({tail}>0)*(MID({u},MAX(1,LEN({u})-{tail}),1)=\" \"))"
    sign = f"OR(MID({u},MAX(1,{end}),1)=\"%\",MID({u},MAX(1,{end}),1)=\"‰\")"
    return f"({end}-{sign}*(1+(MID({u},MAX(1,{end}-1),1)=\" \")))"


def change_tail(u: str) -> str:
    """The length of the ``điểm …`` ending of ``u`` (0: none)."""
    return _tail_length(u)


def change_flags(u: str, tail: str, end: str) -> str:
    """1 in points (``điểm``) + 2 written in % + 4 written in ‰, as :class:`~xlqms.targets.Reading` keeps them."""
    after = f"MAX(1,{end}+1+(MID({u},MAX(1,{end}+1),1)=\" \"))"     # the % or ‰ may follow a space
    sign = f"MID({u},{after},1)"
    percent = f"OR({sign}=\"%\",AND({tail}>0,OR(RIGHT({u},1)=\"%\",RIGHT({u},4)=\"trăm\")))"
    per_mille = (f"OR({sign}=\"‰\",AND({tail}>0,OR(RIGHT({u},1)=\"‰\",RIGHT({u},5)=\"nghìn\","
                 f"RIGHT({u},4)=\"ngàn\")))")
    return f"(({tail}>0)+2*{percent}+4*{per_mille})"


def change_amount(u: str, m: str, start: str, end: str) -> str:
    """The achieved change, signed (tăng +, giảm −), when ``u`` is one as collect reads it; else ""."""
    length = f"MAX(0,{end}-{start}+1)"
    number = number_value(f"MID({u},{start},{length})", f"MID({m},{start},{length})", spaces=False, trailing_dot=False)
    return f"IF({start}=0,\"\",IF(ISNUMBER({number}),IF(LEFT({u},4)=\"giảm\",-1,1)*{number},\"\"))"


# -- a ratio typed into Kết quả: "1540/1587" ------------------------------------------------------

def slash(u: str) -> str:
    """The position of the first / in ``u`` (0: none)."""
    return f"IFERROR(FIND(\"/\",{u}),0)"


def ratio_part(u: str, m: str, position: str, top: bool) -> str:
    """The number above (``top``) or below the / of a typed ratio, as collect reads it; else ""."""
    if top:
        part, part_mask = f"TRIM(LEFT({u},{position}-1))", f"TRIM(LEFT({m},{position}-1))"
    else:
        part, part_mask = f"TRIM(MID({u},{position}+1,999))", f"TRIM(MID({m},{position}+1,999))"
    return f"IF({position}=0,\"\",{number_value(part, part_mask, spaces=False, trailing_dot=False)})"
