"""Step 3 of reading a target (TARGETS.md), second half: which of the levels found are the target.

:func:`choose` keeps the levels that are the target — a level after a change word wins over the
change, a level restated with its change (or against the period or the plan) wins over it, a ratio
restated as a percent is one level, counts beside the one share of a rate only say who is counted —
and says when two or more independent targets remain (with the clauses to split at). The levels come
from :func:`xlqms.targets.rules.find_levels`. Pure: tokens in, data out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from xlqms.targets import lexicon
from xlqms.targets import tokens as t
from xlqms.targets.rules import Level, Structure, opening_paren, starts_with


@dataclass
class Choice:
    """The levels that are the target, and what else the text says."""

    primary: list[Level]
    baseline: Level | None = None
    context: list[Level] = field(default_factory=list)    # changes restated beside their level
    restated: list[Level] = field(default_factory=list)   # a ratio's percent
    ambiguous_baseline: Level | None = None
    alternatives: bool = False
    achievement_clauses: list[int] = field(default_factory=list)
    qualifiers: list[Level] = field(default_factory=list)  # counts that say who is counted, or restate the share


def choose(tokens, shape: Structure, levels: list[Level]) -> Choice:
    baselines = [level for level in levels if level.baseline]
    rest = [level for level in levels if not level.baseline]
    restated = []
    for ratio in rest:
        if ratio.ratio is None:
            continue
        n, m = ratio.ratio
        if m == 0:
            continue
        share = 100 * n / m
        for other in rest:
            if other is not ratio and other.ratio is None and other.sign == "%" and not other.is_range and \
                    abs(other.low - share) <= Fraction(1, 10) + Fraction(1, 200):
                # one restates the other: the ratio is kept ('18/18 xã (100%)', '100% (200/200 hồ sơ)': a
                # count typed is N of M) unless it is in brackets and only near the percent written:
                # '95% (1.540/1.620 hồ sơ)' is at least 95%, not 95,06%
                inexact = other.low != share
                restated.append(ratio if ratio.paren and not other.paren and inexact else other)
    rest = [level for level in rest if level not in restated]
    qualifiers = _share_qualifiers(tokens, shape, rest)
    rest = [level for level in rest if level not in qualifiers]
    changes = [level for level in rest if level.change and not level.to_level or _relative_restatement(level)]
    others = [level for level in rest if level not in changes]
    context = []
    for change in changes:
        for other in others:
            if _linked(tokens, shape, change, other):
                context.append(change)
                break
    primary = [level for level in rest if level not in context]
    choice = Choice(primary, baselines[0] if len(baselines) == 1 else None, context, restated, qualifiers=qualifiers)
    if len(baselines) > 1:
        choice.primary = rest + baselines[1:]
    # "tăng 1% (98,6%)": a bare number in brackets right after a change, with no 'so với'
    for level in list(choice.primary):
        if level.paren and not level.to_level and not level.op and len(choice.primary) > 1:
            previous = [other for other in choice.primary if other.last < level.first]
            if previous and previous[-1].change and previous[-1].clause == level.clause:
                choice.ambiguous_baseline = level
    clauses = {level.clause for level in choice.primary}
    choice.alternatives = any(clause in shape.alternatives for clause in clauses) and len(choice.primary) > 1
    if len(choice.primary) == 1 and not choice.alternatives:
        # 'Trên 90% hoặc cao hơn năm trước': a condition of its own after 'hoặc', without a level
        choice.alternatives = any(_condition(tokens, shape, clause) for clause in shape.alternatives
                                  if clause not in clauses)
    if len(choice.primary) == 1:
        main = choice.primary[0]
        used = {main.clause} | {level.clause for level in context} | {level.clause for level in restated}
        named: bool | None = None
        for clause in sorted(set(shape.clause) - used):
            if clause < main.clause and (named := _named_quantity(tokens) if named is None else named):
                continue      # 'Tỷ lệ cán bộ, công chức đạt chuẩn về chuyên môn, nghiệp vụ: 100%': the name, listed
            if _achievement(tokens, shape, clause):
                choice.achievement_clauses.append(clause)
    return choice


def _share_qualifiers(tokens, shape: Structure, rest: list[Level]) -> list[Level]:
    """Counts beside the one share (% or ‰) of a text that say who is counted or restate the share:
    'Tỷ lệ hộ có thu nhập trên 100 triệu đồng/năm đạt 30%', 'được khám thai ≥ 3 lần … đạt 90%', '95%
    CBCC được tập huấn 40 giờ/năm' (in the share's clause, when the text measures a share: it starts
    with a rate word or with the share), and '50% (8 xã)', '3% (khoảng 120 hộ)' (in brackets right after
    the share). Anything else beside the share — a count in another clause ('…, trong đó 300 người'),
    a change, a second share — leaves the text compound."""
    shares = [level for level in rest if level.sign in ("%", "‰") and level.ratio is None
              and not _restates_beside(level)]
    if len(shares) != 1:
        return []
    share = shares[0]
    # a change or a restatement beside the share is linked to it later ('70% (1.200 lao động), tăng 5% …')
    others = [level for level in rest if level is not share and not _restates_beside(level)]
    if not others or any(level.sign or level.ratio is not None or level.change for level in others):
        return []
    head = tokens[shape.clause_starts[share.clause]:min([share.first] + [level.first for level in others])]
    rate_head = (not any(tok.type == t.WORD for tok in head)
                 or any(tok.type == t.WORD and starts_with(tokens, index, lexicon.RATE_CUES)
                        for index, tok in enumerate(tokens) if tok in head[:3] or index < 3))
    found = []
    for level in others:
        opening = opening_paren(tokens, level.first) if level.paren else -1
        if level.paren and not share.paren and share.last < opening <= share.last + 7 and all(
                tok.type == t.WORD for tok in tokens[share.last + 1:opening]):
            found.append(level)       # '50% (8 xã)', '100% chỉ tiêu tuyển quân (15 thanh niên)'

        elif not level.paren and level.clause == share.clause and (rate_head or (
                level.first > share.last and _per_unit(level))):
            found.append(level)      # '… cho 100% CBCC ít nhất 01 lần/năm': how often, not a target
        else:
            return []
    return found


def _per_unit(level: Level) -> bool:
    """A count per period or per thing ('01 lần/năm', '40 giờ/năm', '2 buổi/tuần'), or a number of times."""
    unit = (level.unit or "").lower()
    return "/" in unit or unit.split(" ")[0] in ("lần", "buổi", "đợt")


def _named_quantity(tokens) -> bool:
    """Whether the text starts by naming a quantity ('Tỷ lệ …', 'Số …', lexicon.QUANTITY_NOUNS): what
    stands before its level is the indicator's name, commas and all."""
    content = [tok for tok in tokens if tok.type != t.OTHER]
    return bool(content) and content[0].type == t.WORD and starts_with(content, 0, lexicon.QUANTITY_NOUNS)


def _restates_beside(level: Level) -> bool:
    """A change, or a percent of the period or (in brackets) of the plan: it restates another level."""
    return bool(level.change and not level.to_level) or (
        _relative_restatement(level) and (level.paren or level.compare == "period"))


def _relative_restatement(level: Level) -> bool:
    """'bằng 105% so với năm 2024' or '(đạt 112% so dự toán)' beside a level ('đạt 120 tỷ đồng, bằng
    105% …'): it restates the level against the period or the plan, as a change would (TARGETS.md:
    level restated with its change)."""
    if level.sign != "%" or level.is_range:
        return False
    return (level.equal and level.compare == "period") or (
        level.compare == "plan" and (level.to_level or level.equal or level.paren) and not level.change)


def _linked(tokens, shape: Structure, change: Level, level: Level) -> bool:
    """Whether a change and a level belong to one target: the level is what the change leads to
    ('giảm 2% trở lên (còn dưới 9%)'), or one restates the other in a clause of its own that starts
    with the change or level word ('đạt 2.400 tỷ đồng, tăng 12% so với năm 2024')."""
    if change.clause == level.clause:
        return (level.to_level and level.first > change.first) or change.paren or (level.to_level and level.paren)
    later = change if change.first > level.first else level
    start = shape.clause_starts[later.clause] if later.clause < len(shape.clause_starts) else later.first
    first = tokens[start] if start < len(tokens) else None
    while first is not None and first.type == t.JOINT and start + 1 < len(tokens):
        start += 1
        first = tokens[start]
    return first is not None and first.type in (t.CHANGE, t.TO_LEVEL, t.EQUAL) and start <= later.first


def shared_change_clauses(tokens, shape: Structure, level: Level) -> list[int]:
    """Clauses after a change that only name more quantities ('…, số người chết và số người bị
    thương'): the change applies to each of them — several indicators in one line."""
    if not level.change or level.to_level or level.paren:
        return []
    found = []
    for clause in sorted(set(shape.clause)):
        if clause <= level.clause or clause in shape.alternatives:
            continue
        words = [tok for index, tok in enumerate(tokens) if shape.clause[index] == clause and shape.depth[index] == 0]
        if any(tok.type in (t.NUM, t.RATIO, t.CHANGE, t.OP, t.ZERO) for tok in words):
            return []
        content = [tok for tok in words if tok.type != t.JOINT]
        if not content or not starts_with(content, 0, lexicon.QUANTITY_NOUNS):
            return []
        found.append(clause)
    return found


def _condition(tokens, shape: Structure, clause: int) -> bool:
    """A clause with no level that still states a condition: a threshold word, a change verb or a
    comparison ('hoặc cao hơn năm trước', 'hoặc tăng so với cùng kỳ')."""
    words = [tok for index, tok in enumerate(tokens) if shape.clause[index] == clause]
    if any(tok.type in (t.NUM, t.RATIO) for tok in words):
        return False
    return any(tok.type in (t.OP, t.CHANGE, t.COMPARE, t.EQUAL) for tok in words)


def _achievement(tokens, shape: Structure, clause: int) -> bool:
    """A clause with no level that names an achievement of its own ('tập thể đạt giải nhì')."""
    words = [tok for index, tok in enumerate(tokens) if shape.clause[index] == clause]
    if any(tok.type in (t.NUM, t.RATIO) for tok in words):
        return False
    text = " ".join(tok.text.lower() for tok in words)
    if any(tok.type == t.ASIDE and tok.value == "thứ hạng" for tok in words):
        return True
    if any(tok.type == t.ZERO for tok in words):      # '…, không để đơn thư tồn đọng': a zero target of its own
        return True
    if any(tok.type == t.ASIDE and tok.value == "ngày" and index and words[index - 1].type == t.DEADLINE
           for index, tok in enumerate(words)):      # '…, hoàn thành trước 30/11': a deadline of its own
        return True
    return any(phrase in text for phrase in lexicon.ACHIEVEMENT_PHRASES)


def clause_spans(tokens, shape: Structure) -> dict[int, tuple[int, int]]:
    """Character span of each clause in the cleaned text (joint words left out)."""
    spans: dict[int, tuple[int, int]] = {}
    for index, token in enumerate(tokens):
        if token.type in (t.JOINT, t.ALT) and shape.depth[index] == 0:
            continue
        clause = shape.clause[index]
        start, end = spans.get(clause, (token.start, token.end))
        spans[clause] = (min(start, token.start), max(end, token.end))
    return spans
