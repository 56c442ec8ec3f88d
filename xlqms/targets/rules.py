"""Step 3 of reading a target (TARGETS.md), first half: the rules over tokens that find its levels.

:func:`find_levels` groups number tokens with the words around them into :class:`Level` s (a
threshold word before, ``trở lên`` after, a change verb, ``xuống còn``, ``khoảng``, a range
``a ÷ b``, a comparison with a period, a baseline in brackets …); :mod:`xlqms.targets.choice` then
keeps the levels that are the target. Pure: tokens in, data out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction

from xlqms.targets import lexicon
from xlqms.targets import tokens as t

_CHAIN = (t.OP, t.APPROX, t.FROM, t.TO_LEVEL, t.EQUAL, t.CHANGE, t.GROWTH)
_DISTANT_STOP = (t.JOINT, t.ALT, t.LPAREN, t.RPAREN, t.NUM, t.RATIO, t.COMPARE, t.TO_LEVEL, t.OP, t.SEP,
                 t.NOT_CHANGE, t.EQUAL, t.ZERO)
_DATE_WORDS = ("ngày", "trước", "trước ngày", "đến", "đến ngày", "hạn", "chậm nhất", "sau", "từ ngày",
               "chậm nhất là", "chậm nhất ngày", "hạn chót", "xong trước", "kể từ")


@dataclass
class Level:
    """A number of the text with the words that say what it is (token indexes ``first``..``last``)."""

    first: int
    last: int
    low: Fraction
    high: Fraction | None = None
    sign: str = ""
    ratio: tuple[Fraction, Fraction] | None = None   # (N, M) of 'N/M', as written
    op: str | None = None
    approx: bool = False
    change: str | None = None          # sense of the change verb that governs it
    op_word: str = ""                  # the threshold word as written ('trên', 'trở lên', 'ít nhất' …)
    change_direct: bool = False        # the verb stands right before it
    governing_change: str | None = None
    to_level: bool = False
    to_level_op: str | None = None
    to_level_word: str = ""            # 'xuống còn', 'đạt và vượt' …
    change_word: str = ""              # 'tăng', 'vượt thu' …
    from_word: bool = False
    equal: bool = False
    compare: str | None = None         # "period" | "plan": 'so với năm 2024' / 'so với kế hoạch' right after
    points: bool = False
    growth: bool = False
    growth_word: str = ""              # 'tăng trưởng', 'mức giảm' …
    paren: bool = False
    clause: int = 0
    unit: str | None = None
    baseline: bool = False
    start: int = 0                     # characters, in the cleaned text
    end: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.high is not None


@dataclass(frozen=True)
class Structure:
    """Clause and bracket of every token, and where each clause starts."""

    clause: tuple[int, ...]
    depth: tuple[int, ...]
    clause_starts: tuple[int, ...]
    alternatives: frozenset[int]       # clauses that begin with 'hoặc'


def structure(tokens: list[t.Token]) -> Structure:
    clause, depth = [], []
    starts = [0]
    alternatives = set()
    current, level = 0, 0
    for index, token in enumerate(tokens):
        if token.type == t.LPAREN:
            level += 1
        if token.type in (t.JOINT, t.ALT) and level == 0:
            current += 1
            starts.append(index + 1)
            if token.type == t.ALT:
                alternatives.add(current)
        clause.append(current)
        depth.append(level)
        if token.type == t.RPAREN and level > 0:
            level -= 1
    return Structure(tuple(clause), tuple(depth), tuple(starts), frozenset(alternatives))


def resolve(tokens: list[t.Token]) -> list[t.Token]:
    """Year-like numbers and day/month ratios become spans set aside when they are years or dates;
    a period after a threshold or level word is a duration to reach ('tối thiểu 67 năm')."""
    resolved: list[t.Token] = []
    durations: bool | None = None
    for index, token in enumerate(tokens):
        duration = _DURATION.fullmatch(token.text.lower()) if token.type == t.ASIDE and token.value == "kỳ" else None
        if duration is not None:
            previous = resolved[-1] if resolved else None
            following = tokens[index + 1].text.lower() if index + 1 < len(tokens) else ""
            if (previous is not None and previous.type in (t.OP, t.TO_LEVEL, t.APPROX)
                    or (previous is None or previous.type == t.WORD and previous.text.lower() not in _PERIOD_LEADS)
                    and following not in _PERIOD_FOLLOWERS
                    and (durations := _names_duration(tokens) if durations is None else durations)):
                # 'thời gian sống khỏe mạnh đạt tối thiểu 67 năm': 67 years is the level, not a period
                number_end = token.start + duration.end("number")
                resolved.append(t.Token(t.NUM, token.start, number_end, token.text[:duration.end("number")],
                                        t.number_value(duration.group("number"))))
                resolved.append(t.Token(t.WORD, token.end - len(duration.group("unit")), token.end,
                                        token.text[-len(duration.group("unit")):], duration.group("unit")))
                continue
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        before = [tok for tok in tokens[max(0, index - 2):index]]
        if token.type == t.NUM and token.yearlike:
            count_noun = (after is not None and after.type == t.WORD and after.value not in lexicon.YEAR_FOLLOWERS)
            if not count_noun:
                token = t.Token(t.ASIDE, token.start, token.end, token.text, "năm")
        elif token.type == t.RATIO:
            top, bottom = t.ratio_value(token)
            dateword = any(_phrase(tok) in _DATE_WORDS for tok in before[-1:]) or (
                len(before) == 2 and f"{_phrase(before[0])} {_phrase(before[1])}" in _DATE_WORDS)
            valid_date = (top.denominator == 1 and bottom.denominator == 1 and 1 <= top <= 31 and 1 <= bottom <= 12)
            if valid_date and (dateword or (top > bottom and (after is None or after.type != t.WORD))):
                token = t.Token(t.ASIDE, token.start, token.end, token.text, "ngày")
        resolved.append(token)
    return resolved


_DURATION = re.compile(r"(?P<number>\d+)\s+(?P<unit>năm|tháng)")
_PERIOD_LEADS = ("trong", "sau", "vòng", "qua", "mỗi", "hằng", "hàng", "bình", "quân", "của")
_PERIOD_FOLLOWERS = ("tới", "qua", "đầu", "cuối", "liên", "kế", "gần", "trước", "sau")


def _names_duration(tokens: list[t.Token]) -> bool:
    """Whether the indicator is itself a duration (lexicon.DURATION_INDICATORS: 'tuổi thọ khỏe mạnh 67 năm')."""
    words = " ".join(tok.text.lower() for tok in tokens if tok.type == t.WORD)
    return any(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", words) for phrase in lexicon.DURATION_INDICATORS)


def _phrase(token: t.Token) -> str:
    return " ".join(token.text.lower().split())


def find_levels(tokens: list[t.Token], shape: Structure) -> list[Level]:
    levels: list[Level] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type not in (t.NUM, t.RATIO):
            index += 1
            continue
        level = _level_at(tokens, shape, index)
        levels.append(level)
        index = level.last + 1
    _mark_baselines(tokens, shape, levels)
    return levels


def _level_at(tokens, shape: Structure, index: int) -> Level:
    token = tokens[index]
    last = index
    if token.type == t.RATIO:
        level = Level(index, index, Fraction(0), ratio=t.ratio_value(token))
    else:
        level = Level(index, index, token.value, sign=token.sign)
        # a range: a - b, a ÷ b, a đến b
        if (index + 2 < len(tokens) and tokens[index + 1].type == t.SEP and tokens[index + 2].type == t.NUM
                and not tokens[index + 2].yearlike):
            other = tokens[index + 2]
            level.high = other.value
            level.sign = token.sign or other.sign
            last = index + 2
        elif (repeated := _range_with_unit(tokens, index)) is not None:
            # 'từ 200 tỷ đồng đến 220 tỷ đồng', '210 tỷ - 215 tỷ đồng': the unit written at both ends
            level.high = tokens[repeated].value
            level.sign = token.sign or tokens[repeated].sign
            last = repeated
    # after: points, unit words, 'trở lên' / 'trở xuống'
    after = last + 1
    if after < len(tokens) and tokens[after].type == t.POINTS:
        level.points = True
        if "nghìn" in tokens[after].text.lower() or "ngàn" in tokens[after].text.lower() or "‰" in tokens[after].text:
            level.sign = "‰"
        elif not level.sign:
            level.sign = "%"
        last = after
        after += 1
    unit_words: list[str] = []
    probe = after
    while probe < len(tokens) and len([word for word in unit_words if word != "/"]) < 6:
        tok = tokens[probe]
        if tok.type == t.POSTFIX:
            if level.op is None:
                level.op, level.op_word = tok.value, _phrase(tok)
            last = probe
            break
        if tok.type == t.WORD or (tok.type == t.SLASH and probe + 1 < len(tokens) and tokens[probe + 1].type == t.WORD):
            unit_words.append(tok.text)
            probe += 1
            continue
        break
    words = []
    for word in unit_words:
        if word.lower() in ("so", "với", "trong", "đó", "của", "được", "là", "tại", "theo", "trên", "cho"):
            break
        words.append(word)
    unit = " ".join(words[:4]).replace(" /", "/").replace("/ ", "/").strip()
    level.unit = unit or None
    # 'so với năm 2024' / 'so với kế hoạch' / '105% kế hoạch' right after (after its unit: 'tăng 10 tỷ
    # đồng so với dự toán')
    look = last + 1
    if (unit_words and len(unit_words) <= 6 and probe < len(tokens) and tokens[probe].type == t.COMPARE
            and tokens[look].type == t.WORD):
        look = probe
    if look < len(tokens) and tokens[look].type == t.COMPARE:
        level.compare = ("period" if "cùng kỳ" in tokens[look].text.lower() else
                         _compare_kind(tokens, look + 1) or "other")
    elif look < len(tokens) and tokens[look].type == t.WORD and starts_with(tokens, look, lexicon.PLAN_WORDS):
        level.compare = "plan"
    elif look < len(tokens) and level.sign == "%" and _starts_with_text(tokens, look, lexicon.PERIOD_BASES):
        level.compare = "period"       # 'bằng 110% cùng kỳ', 'bằng 108% năm trước'
    # before: the chain of words that qualify the number
    probe = index - 1
    chain_blocked = False
    while probe >= 0:
        tok = tokens[probe]
        if tok.type == t.OTHER and tok.value == "=":
            level.equal = True
        elif tok.type == t.OP:
            if level.op is None:
                level.op, level.op_word = tok.value, _phrase(tok)
        elif tok.type == t.APPROX:
            level.approx = True
            if _phrase(tok).startswith("ước") and shape.depth[index] > 0:
                # '(ước đạt 1.200 tỷ đồng)' after a change: the level it leads to, as estimated
                level.to_level = True
                level.to_level_word = level.to_level_word or _phrase(tok)
        elif tok.type == t.FROM:
            level.from_word = True
        elif tok.type == t.TO_LEVEL:
            level.to_level = True
            level.to_level_word = level.to_level_word or _phrase(tok)
            if level.to_level_op is None:
                level.to_level_op = tok.value if tok.value in (">=", "<=") else None
        elif tok.type == t.EQUAL:
            level.equal = True
        elif tok.type == t.CHANGE and not _passive(tokens, probe):
            level.change, level.change_direct, level.change_word = tok.value, True, _phrase(tok)
            break
        elif tok.type == t.GROWTH:
            level.growth, level.growth_word = True, _phrase(tok)
            break
        elif tok.type == t.WORD and tok.value.lower() in ("mức", "là", "đạt", "tỷ", "lệ"):
            pass
        else:
            chain_blocked = tok.type in _DISTANT_STOP
            break
        probe -= 1
    # a change verb or a growth noun further back, across the indicator's name
    if probe >= 0 and level.change is None and not level.growth and not level.to_level and (
            compared := _period_comparison(tokens, probe)) is not None:
        level.change, level.change_word = compared       # 'giảm so với cùng kỳ 10%'
        level.change_direct, level.compare = True, "period"
    if level.change is None and not level.growth:
        scan, seen = probe, 0
        while scan >= 0 and seen < 14 and not (chain_blocked and scan == probe):
            tok = tokens[scan]
            if tok.type == t.CHANGE and not _passive(tokens, scan):
                if level.to_level:
                    level.governing_change = tok.value
                else:
                    level.change, level.change_word = tok.value, _phrase(tok)
                break
            if tok.type == t.GROWTH:
                level.growth, level.growth_word = True, _phrase(tok)
                break
            compared = _period_comparison(tokens, scan)
            if compared is not None and not level.to_level:
                # 'cao hơn năm trước ít nhất 1%', 'tăng so với cùng kỳ 5%': a change against the period
                level.change, level.change_word = compared
                level.change_direct, level.compare = True, "period"
                break
            if tok.type in _DISTANT_STOP:
                break
            scan -= 1
            seen += 1
    if not level.growth and level.change is None:   # 'Tốc độ tăng trưởng kinh tế (GRDP) đạt 7,5%'
        for tok in reversed(tokens[shape.clause_starts[shape.clause[index]]:index]):
            if tok.type == t.GROWTH:
                level.growth, level.growth_word = True, _phrase(tok)
                break
            if tok.type in (t.CHANGE, t.NUM, t.RATIO):
                break
    _excess(level)
    level.last = last
    level.paren = shape.depth[index] > 0
    level.clause = shape.clause[index]
    level.start, level.end = tokens[level.first].start, tokens[level.last].end
    probe = index - 1
    while probe >= 0 and tokens[probe].type in _CHAIN + (t.OTHER,):
        level.start = tokens[probe].start
        if tokens[probe].type in (t.CHANGE, t.GROWTH):
            break
        probe -= 1
    return level


def _passive(tokens, index: int) -> bool:
    """'Tỷ lệ TTHC được rút ngắn thời gian ≥ 30%': a change verb after 'được' / 'bị' names what is
    counted (lexicon.PASSIVE_CHANGE_MARKERS), it is no change of the indicator."""
    return index > 0 and tokens[index - 1].type == t.WORD and _phrase(tokens[index - 1]) in lexicon.PASSIVE_CHANGE_MARKERS


_COMPARATIVES = dict(lexicon.COMPARATIVE_CHANGE_WORDS)


def _period_comparison(tokens, index: int) -> tuple[str, str] | None:
    """(sense, word) when the tokens at ``index`` compare with a period and nothing else: a comparative
    right before the period ('cao hơn năm trước', lexicon.COMPARATIVE_CHANGE_WORDS) or a change verb
    and 'so với' before it ('tăng so với cùng kỳ'); None otherwise."""
    token = tokens[index]
    if token.type == t.OP and _phrase(token) in _COMPARATIVES:
        if _period_at(tokens, index + 1):
            return _COMPARATIVES[_phrase(token)], _phrase(token)
        return None
    if token.type == t.COMPARE and index > 0 and tokens[index - 1].type == t.CHANGE and (
            "cùng kỳ" in _phrase(token) or _period_at(tokens, index + 1)):
        return t.word_value(tokens[index - 1]), _phrase(tokens[index - 1])
    return None


def _period_at(tokens, index: int) -> bool:
    if index >= len(tokens):
        return False
    if tokens[index].type == t.ASIDE and tokens[index].value in ("năm", "kỳ"):
        return True
    return _starts_with_text(tokens, index, lexicon.PERIOD_BASES + ("năm nay",))


def _range_with_unit(tokens, index: int) -> int | None:
    """The index of the far end of a range whose unit is written after both numbers ('1.200 lao động
    đến 1.500 lao động'), or None."""
    probe = index + 1
    words: list[str] = []
    while probe < len(tokens) and tokens[probe].type == t.WORD and len(words) < 3:
        words.append(tokens[probe].text.lower())
        probe += 1
    if not words or probe + 1 >= len(tokens) or tokens[probe].type != t.SEP:
        return None
    far = probe + 1
    if tokens[far].type != t.NUM or tokens[far].yearlike or tokens[far].sign != tokens[index].sign:
        return None
    after = [tok.text.lower() for tok in tokens[far + 1:far + 1 + len(words)]]
    return far if after == words else None


def _excess(level: Level) -> None:
    """'vượt 10% so với cùng kỳ' is a rise of 10%; 'vượt 15% kế hoạch', 'đạt và vượt 15% so với dự
    toán' (below 100%) are 115% of the plan; 'vượt thu ngân sách 10%' is against the plan
    (lexicon.EXCESS_WORD). Any other 'vượt 50%' stays a threshold (above 50%)."""
    if level.change_word.startswith(lexicon.EXCESS_WORD) and level.compare is None:
        level.compare = "plan"
    word = level.op_word if level.op_word.startswith(lexicon.EXCESS_WORD) else level.to_level_word
    if lexicon.EXCESS_WORD not in word.split() or level.sign != "%" or level.points or level.ratio is not None:
        return
    if level.compare == "period" or (level.compare == "plan" and level.low < 100):
        level.change, level.change_direct, level.change_word = "increase", True, lexicon.EXCESS_WORD
        level.op, level.op_word = None, ""
        level.to_level, level.to_level_op, level.to_level_word = False, None, ""


def starts_with(tokens, index, phrases) -> bool:
    words = " ".join(tok.text.lower() for tok in tokens[index:index + 4] if tok.type in (t.WORD, t.ASIDE))
    return any(words == phrase or words.startswith(phrase + " ") for phrase in phrases)


def _starts_with_text(tokens, index, phrases) -> bool:
    """Whether the tokens from ``index`` read as one of ``phrases`` (any token type: 'năm trước' is a
    word and a deadline word)."""
    words = " ".join(tok.text.lower() for tok in tokens[index:index + 4])
    return any(words == phrase or words.startswith(phrase + " ") for phrase in phrases)


def _compare_kind(tokens, index) -> str | None:
    words = " ".join(tok.text.lower() for tok in tokens[index:index + 4])
    for filler in lexicon.COMPARE_FILLERS:          # 'so với thực hiện năm 2024'
        if words == filler or words.startswith(filler + " "):
            index += len(filler.split())
            break
    if index >= len(tokens):
        return None
    if tokens[index].type == t.ASIDE and tokens[index].value in ("năm", "kỳ", "ngày"):
        return "period"
    if _starts_with_text(tokens, index, lexicon.PERIOD_BASES):
        return "period"
    if starts_with(tokens, index, lexicon.PLAN_WORDS):
        return "plan"
    return None


def _mark_baselines(tokens, shape: Structure, levels: list[Level]) -> None:
    """A baseline: '(98,6%)' after 'so với năm 2021', '(năm 2024: 91,5%)', 'so với mức 98,6%',
    'từ 5%' before a level after a change ('giảm từ 5% xuống 4%')."""
    for position, level in enumerate(levels):
        if level.paren:
            opening = opening_paren(tokens, level.first)
            before = [tok for tok in tokens[max(0, opening - 5):opening]]
            inside = [tok for tok in tokens[opening + 1:level.first]]
            reached = bool(inside) and (inside[0].type == t.TO_LEVEL and _phrase(inside[0]) != "là" or
                                        _phrase(inside[0]).startswith("ước"))
            if any(tok.type == t.COMPARE for tok in before) and all(
                    tok.type in (t.ASIDE, t.TO_LEVEL, t.WORD) for tok in inside) and not level.change and not reached:
                # '(98,6%)', '(năm 2024 đạt 91,5%)' after 'so với …' — but '(đạt 120 tỷ đồng)' is what
                # the change leads to
                level.baseline = True
                continue
            if inside and inside[0].type == t.ASIDE and inside[0].value == "năm" and all(
                    tok.type in (t.ASIDE, t.TO_LEVEL, t.WORD) for tok in inside):
                level.baseline = True
                continue
        prior = tokens[level.first - 1] if level.first > 0 else None
        prior2 = tokens[level.first - 2] if level.first > 1 else None
        if prior is not None and prior.type == t.COMPARE and "cùng kỳ" in _phrase(prior):
            continue     # 'giảm so với cùng kỳ 10%': the period is named, 10% is the change
        if prior is not None and (prior.type == t.COMPARE or (
                prior.type == t.WORD and prior.value.lower() == "mức" and prior2 is not None and prior2.type == t.COMPARE)):
            level.baseline = True
            continue
        if level.from_word and not level.is_range and level.op is None and not level.to_level:
            later = [other for other in levels[position + 1:] if other.clause == level.clause]
            if later and later[0].to_level:
                level.baseline = True


def opening_paren(tokens, index: int) -> int:
    depth = 0
    for probe in range(index - 1, -1, -1):
        if tokens[probe].type == t.RPAREN:
            depth += 1
        elif tokens[probe].type == t.LPAREN:
            if depth == 0:
                return probe
            depth -= 1
    return 0


def with_sign(level: Level, sign: str) -> Level:
    return replace(level, sign=sign)
