"""What a decision's title and header block say: the year and period, and the issuing body (pure).

:func:`find_year_and_period` reads the title ("MỤC TIÊU CHẤT LƯỢNG NĂM 2024", "… 6 THÁNG ĐẦU NĂM
2025", "… GIAI ĐOẠN 2025 - 2026"); :func:`find_issuer` the header block ("ỦY BAN NHÂN DÂN" over
"HUYỆN TUY PHƯỚC", "UBND HUYỆN X" over "UBND XÃ Y"). Text lines in, values out; used by
:mod:`xlqms.decision` (``xlqms init --from``, CONTRACT.md: Rounds that follow each other).
"""

from __future__ import annotations

import re

from xlqms.catalogue import canonical_period
from xlqms.text import nfc

TITLE_PHRASE = "mục tiêu chất lượng"


# ---------------------------------------------------------------------------------------------
# The title: year and period


_NOT_TITLE = ("căn cứ", "xét ", "điều ", "theo ", "(ban hành kèm", "ban hành kèm", "(kèm theo", "kèm theo")
_PERIOD_WORDS = (r"6 tháng cuối năm|(?:0?6|sáu) tháng(?: đầu)?(?: năm)?|(?:0?9|chín) tháng(?: đầu)?(?: năm)?"
                 r"|quý\s+(?:iv|i{1,3}|[1-4])(?:\s+năm)?|cả năm")
_PERIOD_YEAR = re.compile(rf"({_PERIOD_WORDS}|giai đoạn(?: từ)?(?: năm)?|năm)(?:\s+|\s*/\s*)(\d{{4}})\b")
_PERIOD_ALONE = re.compile(rf"^\(?\s*(?:kỳ\s+)?({_PERIOD_WORDS})\s*\)?\.?$")
_PERIOD_AFTER = re.compile(rf"\(\s*(?:kỳ\s+)?({_PERIOD_WORDS})\s*\)")
_YEAR_RANGE = re.compile(r"\b(\d{4})\s*(?:[-–—]|đến(?: năm)?)\s*(\d{4})\b")


def find_year_and_period(lines: list[str]) -> tuple[int | None, str | None, str]:
    """(year, canonical period or None, the title as written) from a decision's lines before its table.

    The title is the last line naming "mục tiêu chất lượng" (not a "Căn cứ…" line), with the next
    short line when the year or the period stands alone below it ("MỤC TIÊU CHẤT LƯỢNG" / "Năm 2022",
    "… NĂM 2025" / "(6 tháng đầu năm)"). A bare "năm 2024" gives the year and no period;
    "6 tháng đầu năm 2025", "9 tháng", "quý II năm 2025", "quý 3/2025" and "cả năm" give the period
    too, and so does a period in brackets after the year ("năm 2025 (6 tháng đầu năm)"). A span of
    years ("giai đoạn 2025 - 2026", "năm 2025-2026") gives its first year (:func:`year_span`).
    """
    found: tuple[int | None, str | None, str] = (None, None, "")
    for index, line in enumerate(lines):
        line = nfc(line)
        folded = line.casefold()
        position = folded.find(TITLE_PHRASE)
        if position < 0 or folded.lstrip("-–•* ").startswith(_NOT_TITLE):
            continue
        text = line
        window = folded[position:]
        following = " ".join(nfc(lines[index + 1]).split()) if index + 1 < len(lines) else ""
        if following and len(following) <= 40 and (_PERIOD_YEAR.match(following.casefold())
                                                    or _PERIOD_ALONE.match(following.casefold())):
            window += " " + following.casefold()
            text = f"{line} {following}"
        match = _PERIOD_YEAR.search(window)
        if not match:
            continue
        year = int(match.group(2))      # a span of years ("giai đoạn 2025 - 2026"): its first year
        if not 2000 <= year <= 2100:
            continue
        period = _period_of(match.group(1))
        if period is None and match.group(1) == "năm":
            alone = _PERIOD_AFTER.search(window, match.end()) or _PERIOD_ALONE.search(window[match.end():].strip())
            period = _period_of(alone.group(1)) if alone else None
        found = (year, period, " ".join(text.split()))
    return found


_ARTICLE = re.compile(r"^điều\s+\d+\s*[.:]\s*", re.IGNORECASE)


def articles(lines: list[str]) -> list[str]:
    """What the articles of a decision say from "mục tiêu chất lượng" on ("Điều 1. Ban hành … Mục tiêu
    chất lượng năm 2025" → "Mục tiêu chất lượng năm 2025"), for a year when no title gives one."""
    found = [nfc(line).strip() for line in lines if _ARTICLE.match(nfc(line).strip())]
    return [line[line.casefold().find(TITLE_PHRASE):] for line in found if TITLE_PHRASE in line.casefold()]


def _period_of(words: str) -> str | None:
    """The canonical period of the words before a title's year; None for a bare year, a span of
    years or a period no campaign has (6 tháng cuối năm)."""
    words = " ".join(words.split())
    if words.startswith("quý"):
        return canonical_period(words.removesuffix(" năm"))
    if words == "cả năm":
        return "Cả năm"
    if words.startswith(("6 ", "06 ", "sáu ")) and "cuối" not in words:
        return "6 tháng đầu năm"
    if words.startswith(("9 ", "09 ", "chín ")):
        return "9 tháng"
    return None


def year_span(title: str) -> tuple[int, int] | None:
    """(first, last) year of a title naming a span of years ("giai đoạn 2025 - 2026"), else None."""
    match = _YEAR_RANGE.search(title.casefold())
    if match and int(match.group(1)) < int(match.group(2)) <= int(match.group(1)) + 10:
        return int(match.group(1)), int(match.group(2))
    return None


_DATE = re.compile(r"ngày\s+\d{1,2}\s*(?:tháng\s*(\d{1,2})\s*năm\s*|[/.-]\s*(\d{1,2})\s*[/.-]\s*)(\d{4})\b")


def year_from_date(lines: list[str]) -> tuple[int, str] | None:
    """(the year the objectives are for, the date line) from the decision's date, when its title
    names no year: "Hoài Nhơn, ngày 04 tháng 01 năm 2022" → 2022; a decision signed in December
    sets the next year's objectives ("ngày 25 tháng 12 năm 2024" → 2025). None without a full date."""
    for line in lines:
        match = _DATE.search(nfc(line).casefold())
        if match:
            month, year = int(match.group(1) or match.group(2)), int(match.group(3))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return (year + 1 if month == 12 else year), " ".join(line.split())
    return None


# ---------------------------------------------------------------------------------------------
# The issuing body


_COMMITTEE = re.compile(r"^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\b[\s.:]*(.*)$")
_LEVELS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã", "tp.", "tp")
_DECORATION = re.compile(r"^[-–—_*=.~\s]*$")


def find_issuer(lines: list[str], scan: int = 40) -> tuple[str, str]:
    """('Ủy ban nhân dân huyện Tuy Phước', the line(s) as written) from a decision's header block.

    The header is "ỦY BAN NHÂN DÂN" over "HUYỆN TUY PHƯỚC", or "UBND HUYỆN TUY PHƯỚC" on one
    line; when it names the body above first ("UBND HUYỆN X" over "UBND XÃ Y"), the lower one is
    the issuer. ('', '') when the first ``scan`` lines hold no such header.
    """
    lines = [" ".join(nfc(line).split()) for line in lines[:scan] if not _DECORATION.match(line)]
    for index, line in enumerate(lines):
        match = _COMMITTEE.match(line.casefold().strip())
        if not match:
            continue
        rest = line.strip()[len(line.strip()) - len(match.group(1)):].strip() if match.group(1) else ""
        used = [line.strip()]
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not rest and following and _level_of(following):
            rest = following
            used.append(rest)
        elif rest and _only_level(rest) and _place_name(following):
            rest = f"{rest} {following}"          # "ỦY BAN NHÂN DÂN XÃ" / "PHƯỚC AN"
            used.append(following)
        if not rest or not _level_of(rest):
            continue
        below = find_issuer(lines[index + len(used): index + len(used) + 2], scan=2)
        if below[0]:
            return below[0], " / ".join(used) + " / " + below[1]
        return f"Ủy ban nhân dân {_body_name(rest)}", " / ".join(used)
    return "", ""


def _place_name(text: str) -> bool:
    """A line that can be the name under "ỦY BAN NHÂN DÂN XÃ": short, not a number line, motto or body."""
    folded = " ".join(text.casefold().split())
    return bool(folded) and len(folded) <= 40 and ":" not in folded and not _COMMITTEE.match(folded) \
        and not _level_of(folded) and not folded.startswith(("số", "cộng hòa", "cộng hoà", "độc lập", "quyết định"))


def _only_level(text: str) -> bool:
    """'XÃ', 'THÀNH PHỐ': a level word with no place name after it."""
    return " ".join(text.casefold().split()).strip(" .") in {level.strip(".") for level in _LEVELS}


def _level_of(text: str) -> str:
    folded = " ".join(text.casefold().split())
    for level in _LEVELS:
        if folded.startswith(level + " ") or (level.endswith(".") and folded.startswith(level)):
            return level
    return ""


def _body_name(text: str) -> str:
    """'HUYỆN TUY PHƯỚC' → 'huyện Tuy Phước'; 'TP. HUẾ' → 'thành phố Huế'."""
    text = " ".join(text.split())
    level = _level_of(text)
    place = text[len(level):].strip(" .")
    word = "thành phố" if level.startswith("tp") else level
    return f"{word} {' '.join(_capitalised(part) for part in place.split())}".strip()


def _capitalised(word: str) -> str:
    if not word.isupper():
        return word
    return word[:1] + word[1:].lower()


_PART_HEADING = re.compile(r"^(?:phần\s+)?(?:[ivxlc]+|\d{1,2}|[a-zđ])\s*[.):/-]\s*\S", re.IGNORECASE)


def part_heading(text: str) -> str:
    """``text`` without its trailing colon when it names a part of a decision that sets objectives part
    by part (one table per department, each under its name: "II. BỘ PHẬN MỘT CỬA", "3. Công an xã");
    '' for the title, a "(Kèm theo…)" line, an article ("Điều 1…"), an appendix label or a sentence."""
    text = " ".join(str(text or "").split())
    folded = text.casefold()
    if not text or len(text) > 100 or TITLE_PHRASE in folded or text.startswith("(") or \
            folded.startswith(("điều ", "căn cứ", "kèm theo", "ban hành kèm", "nơi nhận", "tm.", "kt.",
                               "phụ lục", "biểu", "mẫu", "quyết định", "cộng hòa", "cộng hoà", "độc lập")):
        return ""
    if _PART_HEADING.match(text) or (text.isupper() and len(text) >= 6):
        return text.rstrip(" :")
    return ""
