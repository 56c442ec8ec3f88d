"""Reading a target text: clean, tokenize, find the levels, decide kind, direction and change mode.

:func:`read_text` is the whole of TARGETS.md "Reading, step by step" for the wording officials
write. It returns a :class:`~xlqms.targets.model.Target` or raises
:class:`~xlqms.errors.TargetSyntaxError` — a refusal that quotes the text, says what is ambiguous
and gives the fix (a `Cách đánh giá` form, the `Chiều` column, or the split rows). Pure.
"""

from __future__ import annotations

from fractions import Fraction

from xlqms.codes import Code
from xlqms.errors import TargetSyntaxError
from xlqms.numbers import format_number
from xlqms.targets import choice as choosing
from xlqms.targets import cues, lexicon, rules
from xlqms.targets import tokens as t
from xlqms.targets.clean import Cleaned, clean, matching_form
from xlqms.targets.model import DECREASE, INCREASE, Better, ChangeMode, Kind, Operator, Target
from xlqms.targets.no_level import WithoutLevel

# refusal codes (kebab-case, stable: scripts and the findings registry use them)
EMPTY = Code.TARGET_EMPTY
LEGACY_ENCODING = Code.TARGET_LEGACY_ENCODING
HEADING = Code.TARGET_HEADING
COMPOUND = Code.TARGET_COMPOUND
ALTERNATIVES = Code.TARGET_ALTERNATIVES
NO_LEVEL = Code.TARGET_NO_LEVEL
CHANGE_MODE_UNKNOWN = Code.TARGET_CHANGE_MODE_UNKNOWN
DIRECTION_UNKNOWN = Code.TARGET_DIRECTION_UNKNOWN
CHANGE_OR_LEVEL = Code.TARGET_CHANGE_OR_LEVEL
BRACKET_AMBIGUOUS = Code.TARGET_BRACKET_AMBIGUOUS
INVALID_RATIO = Code.TARGET_INVALID_RATIO
INVALID_RANGE = Code.TARGET_INVALID_RANGE
TIMES_CHANGE = Code.TARGET_TIMES_CHANGE
UNREADABLE = Code.UNREADABLE_TARGET
NUMBER_IN_WORDS = Code.TARGET_NUMBER_IN_WORDS
ZERO_OR_LEVEL = Code.TARGET_ZERO_OR_LEVEL
FRACTION_CHANGE = Code.TARGET_FRACTION_CHANGE

REFUSAL_CODES = (EMPTY, LEGACY_ENCODING, HEADING, COMPOUND, ALTERNATIVES, NO_LEVEL, CHANGE_MODE_UNKNOWN,
                 DIRECTION_UNKNOWN, CHANGE_OR_LEVEL, BRACKET_AMBIGUOUS, INVALID_RATIO, INVALID_RANGE,
                 TIMES_CHANGE, UNREADABLE, NUMBER_IN_WORDS, ZERO_OR_LEVEL, FRACTION_CHANGE)

HIGH_SHARE_OF_BAD = Fraction(50)
"""A bare level or range of at least this percent for a thing to reduce ('Khiếu nại, tố cáo: 90%',
'Nợ thuế: 95%') is most likely the share handled, not the share left: refused, asking for `Chiều`,
rather than read as 'at most 90%' (TARGETS.md: The promise)."""

LARGE_POINTS = Fraction(50)
"""A change of a rate by this many percent or more, written without 'điểm' ('Tỷ lệ hồ sơ trễ hạn giảm
50%'), is more likely relative (halved) than in points: refused with both fixes, never read as points."""

_OPERATORS = {">": Operator.GT, ">=": Operator.GE, "<": Operator.LT, "<=": Operator.LE}


def refuse(text: str, reason: str, code: Code = UNREADABLE, fixes=(), split=()) -> TargetSyntaxError:
    """A refusal: 'Không đọc được chỉ tiêu “…”: <reason>' plus the fix, in one short message."""
    message = f"Không đọc được chỉ tiêu “{text}”: {reason}"
    if fixes:
        message += " — ghi vào cột Cách đánh giá: " + " hoặc ".join(f"“{fix}”" for fix in fixes)
    return TargetSyntaxError(message, code=code, text=text, fixes=tuple(fixes), split=tuple(split))


def read_text(text, context: str = "", better: Better | None = None,
              baseline_percent: bool | None = None) -> Target:
    """Read a target as written. ``context`` is the indicator's other wording (objective, indicator
    name) for direction and rate/amount cues; ``better`` the `Chiều` column; ``baseline_percent``
    whether a baseline is known to be written in % (`--baseline 95%`)."""
    cleaned = clean(text)
    original = cleaned.original
    if not cleaned.text:
        raise refuse(original, "chỉ tiêu để trống", EMPTY)
    if cleaned.encoding and not cleaned.converted:
        raise refuse(original, f"chữ đang ở bảng mã cũ {cleaned.encoding}, không phải Unicode — chuyển sang "
                               "Unicode (Unikey: Công cụ chuyển mã) rồi dán lại", LEGACY_ENCODING)
    if cleaned.heading:
        raise refuse(original, "đây là dòng tiêu đề, không phải một chỉ tiêu — ghi từng chỉ tiêu của nó "
                               "ở các dòng bên dưới (để trống cột TT)", HEADING)
    return _Reader(cleaned, context, better, baseline_percent).read()


class _Reader(WithoutLevel):
    def __init__(self, cleaned: Cleaned, context: str, better: Better | None, baseline_percent: bool | None):
        self.cleaned = cleaned
        self.original = cleaned.original
        self.matching = matching_form(cleaned.text)
        self.context = matching_form(clean(context).text) if context else ""
        self.chieu = better
        self.baseline_percent = baseline_percent
        self.tokens = rules.resolve(t.tokenize(cleaned.text, self.matching))
        self.shape = rules.structure(self.tokens)
        self.notes: list[str] = list(cleaned.notes)
        self.set_aside = tuple(tok.text for tok in self.tokens if tok.type == t.ASIDE)

    def refuse(self, reason, code=UNREADABLE, fixes=(), split=()):
        return refuse(self.original, reason, code, fixes, split)

    def target(self, **fields) -> Target:
        notes = list(self.notes)
        if self.set_aside:
            notes.append("để riêng, không phải mức: " + ", ".join(self.set_aside))
        return Target(text=self.original, notes=tuple(notes), set_aside=self.set_aside, **fields)

    # -------------------------------------------------------------------------------------
    def read(self) -> Target:
        levels = rules.find_levels(self.tokens, self.shape)
        choice = choosing.choose(self.tokens, self.shape, levels)
        if choice.ambiguous_baseline is not None:
            level = choice.ambiguous_baseline
            change = next(lv for lv in choice.primary if lv.change)
            shown = self.show(level.low, level.sign)
            amount = self.show(change.low, change.sign)
            verb = "tăng" if change.change == INCREASE else "giảm"
            raise self.refuse(
                f"không rõ {shown} trong ngoặc là mức cơ sở hay mức cần đạt", BRACKET_AMBIGUOUS,
                (f"{verb} {amount.rstrip('%')} điểm % từ {shown}", f"{'>=' if change.change == INCREASE else '<='} {shown}"))
        if choice.alternatives:
            if len(choice.primary) == 1:
                level = choice.primary[0]
                fixes = (f"{level.op} {self.show(level.low, level.sign)}",) if level.op and level.high is None else ()
                raise self.refuse(f"“{self.span(level)}” và một điều kiện khác nối bằng “hoặc” — chọn một cách đánh "
                                  "giá", ALTERNATIVES, fixes)
            raise self.refuse("có hai mức nối bằng “hoặc” — chọn một mức", ALTERNATIVES)
        if len(choice.primary) > 1 or choice.achievement_clauses:
            raise self.compound(choice)
        if len(choice.primary) == 1:
            self.refuse_shared_change(choice.primary[0])
        if choice.context:
            for level in choice.context:
                self.notes.append(f"“{self.span(level)}” là mức thay đổi kèm theo, không phải mức chỉ tiêu")
        for level in choice.qualifiers:
            shown = f"{self.span(level)} {level.unit}" if level.unit else self.span(level)
            self.notes.append(f"“{shown}” nói rõ đối tượng hoặc nhắc lại mức, không phải mức riêng")
        if choice.restated:
            self.notes.append(f"“{self.span(choice.restated[0])}” nhắc lại tỷ số, không phải mức riêng")
        if not choice.primary and any(level.baseline for level in levels):
            base = next(level for level in levels if level.baseline)
            raise self.refuse(f"“{self.span(base)}” là mức cơ sở (mức so sánh), chưa có mức cần đạt — ghi mức cần "
                              "đạt hoặc mức thay đổi", NO_LEVEL, (f"> {self.show(base.low, base.sign)}",
                                                                f"< {self.show(base.low, base.sign)}"))
        if not choice.primary:
            return self.without_level()
        self.refuse_zero_with_level(choice.primary[0])
        return self.with_level(self.signless_percent(choice.primary[0]), choice.baseline)

    def signless_percent(self, level: rules.Level) -> rules.Level:
        """A level of a percent indicator written without % ('98' for 'Tỷ lệ hồ sơ đúng hạn (%)', or for
        'Tỷ lệ hồ sơ đúng hạn'): read as 98%, and the reading says so — never a count with a Vượt; '15'
        for 'Tỷ suất sinh thô (‰)' is 15‰. Only for a level from 1 to 100 with no unit and no change;
        a rate not named in % is left as written when per-mille or per-hundred-thousand
        (lexicon.NOT_PERCENT_RATES)."""
        if level.sign or level.ratio is not None or level.unit or (level.change and not level.to_level):
            return level
        if not 1 <= level.low <= 100 or (level.high is not None and not 1 <= level.high <= 100):
            return level
        sign = cues.named_unit_sign(self.matching) or cues.named_unit_sign(self.context)
        if sign:
            why = f"chỉ tiêu tính bằng {sign}"
        elif cues.signless_percent_rate(self.matching) or (
                cues.quantity_of(self.matching)[0] is None and cues.signless_percent_rate(self.context)):
            sign, why = "%", "chỉ tiêu là một tỷ lệ"
        else:
            return level
        self.notes.append(f"mức {self.span(level)} không ghi {sign}: đọc là {self.show(level.low, sign)} ({why})")
        return rules.with_sign(level, sign)

    def refuse_fraction_of_one(self, level: rules.Level) -> None:
        """'Tỷ lệ hồ sơ đúng hạn ≥ 0,95': a rate written as a fraction of one, without %. Units type
        rates in percent (95), so 0,95 would be met by anything — refused with the percent to write."""
        if level.sign or level.ratio is not None or level.unit or (level.change and not level.to_level):
            return
        if not 0 < level.low < 1 or (level.high is not None and not 0 < level.high <= 1):
            return
        if cues.quantity_of(self.matching)[0] != cues.RATE:
            return
        op = level.op or level.to_level_op or ">="
        shown = self.show(level.low) + (f"-{self.show(level.high)}" if level.high is not None else "")
        percent = self.show(100 * level.low) + (f"-{self.show(100 * level.high)}" if level.high is not None else "")
        prefix = "" if level.high is not None else f"{op} "
        raise self.refuse(f"mức {shown} của một tỷ lệ không có dấu % — tỷ lệ ghi bằng phần trăm: {shown} là "
                          f"{percent}%", UNREADABLE, (f"{prefix}{percent}%", f"{prefix}{shown}"))

    def refuse_zero_with_level(self, level: rules.Level) -> None:
        """'Không để nợ đọng quá 5%', 'Không để xảy ra ngộ độc (từ 30 người trở lên)': a sentence that
        starts by saying nothing of a bad thing, and has a level in it, says either 'none of it' (the
        level qualifies the thing) or 'not above the level' — refused with both fixes."""
        clause_start = self.shape.clause_starts[level.clause] if level.clause < len(self.shape.clause_starts) else 0
        first = next((tok for tok in self.tokens[clause_start:level.first] if tok.type not in (t.JOINT, t.OTHER)), None)
        if first is None or first.type != t.ZERO or (level.low == 0 and level.high is None):
            return
        shown = self.show(level.low, level.sign) if level.ratio is None else self.span(level)
        raise self.refuse(f"“{first.text} …” với mức “{self.span(level)}”: không rõ là không để xảy ra trường hợp nào "
                          f"(mức {shown} chỉ nói rõ trường hợp nào) hay không vượt quá {shown}", ZERO_OR_LEVEL,
                          ("bằng 0", f"<= {shown}"))

    # -------------------------------------------------------------------------------------
    def span(self, level: rules.Level) -> str:
        return self.cleaned.text[level.start:level.end].strip()

    @staticmethod
    def show(number: Fraction, sign: str = "") -> str:
        return format_number(number, 4) + sign

    def refuse_shared_change(self, level: rules.Level) -> None:
        """'Giảm 5% số vụ, số người chết và số người bị thương': one change for several quantities —
        refused with one row per quantity."""
        shared = choosing.shared_change_clauses(self.tokens, self.shape, level)
        if not shared:
            return
        spans = choosing.clause_spans(self.tokens, self.shape)
        head = self.cleaned.text[level.start:level.end].strip()
        first = self.cleaned.text[level.end:spans[level.clause][1]].strip(" ,;")
        items = [first] + [self.cleaned.text[spans[c][0]:spans[c][1]].strip(" ,;") for c in shared]
        rows = [f"{head} {item}".strip() for item in items if item]
        rows = [row[0].upper() + row[1:] for row in rows]
        raise self.refuse(f"một mức thay đổi cho {len(rows)} chỉ tiêu khác nhau — tách thành {len(rows)} dòng Chỉ tiêu "
                          "(để trống TT ở dòng thêm): " + " | ".join(rows), COMPOUND, split=rows)

    def compound(self, choice: choosing.Choice) -> TargetSyntaxError:
        spans = choosing.clause_spans(self.tokens, self.shape)
        cut_at = sorted({level.clause for level in choice.primary} | set(choice.achievement_clauses))
        rows = []
        clauses = sorted(spans)
        for position, clause in enumerate(cut_at):
            first = clause if position else clauses[0]
            last_clause = cut_at[position + 1] - 1 if position + 1 < len(cut_at) else clauses[-1]
            members = [c for c in clauses if first <= c <= last_clause]
            start = spans[members[0]][0]
            end = spans[members[-1]][1]
            piece = self.cleaned.text[start:end].strip(" ,;:-–")
            if piece:
                rows.append(piece[0].upper() + piece[1:])
        if len(rows) < 2:
            rows = [self.span(level) for level in choice.primary]
        found = ", ".join(f"“{self.span(level)}”" for level in choice.primary)
        if choice.achievement_clauses:
            found += " và một kết quả khác"
        return self.refuse(f"{len(rows)} chỉ tiêu khác nhau trong một dòng ({found}) — tách thành {len(rows)} "
                           "dòng Chỉ tiêu (để trống TT ở dòng thêm): " + " | ".join(rows), COMPOUND, split=rows)

    # -------------------------------------------------------------------------------------
    def direction(self, level: rules.Level | None) -> tuple[Better, str]:
        """The direction of a bare level, a range or 'khoảng' (TARGETS.md: Direction)."""
        if self.chieu is not None:
            return self.chieu, "cột Chiều"
        if level is not None and level.sign == "%" and level.low == 100 and not level.is_range:
            return Better.HIGHER, "mức 100%"
        if level is not None and level.growth and "giảm" in level.growth_word:
            return Better.HIGHER, f"“{level.growth_word}” (mức giảm càng lớn càng tốt)"
        for wording, where in ((self.matching, "chỉ tiêu"), (self.context, "mục tiêu")):
            cue = cues.direction_of(wording)
            if cue.conflict:
                raise self.refuse(
                    f"không rõ chiều: {where} có cả “{cue.conflict[0]}” và “{cue.conflict[1]}”", DIRECTION_UNKNOWN,
                    self.direction_fixes(level))
            if cue.better is Better.LOWER and level is not None and level.sign == "%" and \
                    max(level.low, level.high or 0) >= HIGH_SHARE_OF_BAD:
                shown = self.span(level)
                raise self.refuse(
                    f"“{cue.cue}” ({where}) là điều cần giảm, nhưng mức {shown} cao: không rõ là tỷ lệ phần đã xử lý "
                    f"(cao hơn là tốt) hay tỷ lệ phần còn lại (thấp hơn là tốt)", DIRECTION_UNKNOWN,
                    self.direction_fixes(level))
            if cue.better is not None:
                return cue.better, f"“{cue.cue}” ({where})"
        return Better.HIGHER, "mặc định (không thấy từ chỉ chiều)"

    def direction_fixes(self, level: rules.Level | None) -> tuple[str, ...]:
        if level is None:
            return ()
        if level.high is not None:
            low, high = self.show(level.low, level.sign), self.show(level.high, level.sign)
            return (f"{low.rstrip('%‰')}-{high}", f"<= {high}, vượt khi < {low}")
        shown = self.show(level.low, level.sign)
        return (f">= {shown}", f"<= {shown}")

    def context_change(self, level: rules.Level) -> str | None:
        """A change verb in the objective's wording ('Giảm tỷ lệ hộ nghèo') that may govern a bare target
        cell: always for a percent; for a count only when the verb's clause names what it counts
        ('Tăng số lao động …' and '50 lao động', not 'tăng thu ngân sách' and '50 lao động')."""
        if not self.context:
            return None
        tokens = t.tokenize(self.context, self.context)
        for index, token in enumerate(tokens):
            if token.type == t.TO_LEVEL and token.value in (">=", "<="):
                return None
            if token.type != t.CHANGE:
                continue
            if level.sign or not level.unit:
                return t.word_value(token)
            clause = []
            for follower in tokens[index + 1:]:
                if follower.type in (t.JOINT, t.ALT):
                    break
                clause.append(follower.text.lower())
            if level.unit.split()[0].lower() in clause:
                return t.word_value(token)
        return None

    # -------------------------------------------------------------------------------------
    def with_level(self, level: rules.Level, baseline: rules.Level | None) -> Target:
        percent, per_mille = level.sign == "%", level.sign == "‰"
        common = dict(percent=percent, per_mille=per_mille, unit=None if level.sign else level.unit,
                      approximate=level.approx, growth_rate=level.growth)
        if level.approx:
            self.notes.append(f"“khoảng” đọc là đúng mức {self.show(level.low, level.sign)}"
                              if not level.is_range else "“khoảng” đọc là đúng khoảng đã ghi")
        if level.high is not None and level.high < level.low:
            raise self.refuse(f"khoảng “{self.span(level)}” có số đầu lớn hơn số cuối", INVALID_RANGE,
                              (f"{self.show(level.high)}-{self.show(level.low, level.sign)}",))
        if level.ratio is not None:
            if level.change and not level.to_level:
                n, m = level.ratio
                verb = "tăng" if level.change == INCREASE else "giảm"
                share = format_number(100 * n / m if m else Fraction(0), 2)
                raise self.refuse(f"“{verb} {self.show(n)}/{self.show(m)}” là một phần của mức cơ sở, không phải "
                                  "một tỷ số đạt được", FRACTION_CHANGE, (f"{verb} {share}% tương đối",))
            return self.ratio(level, level.ratio)
        self.refuse_fraction_of_one(level)
        before = self.tokens[level.first - 1] if level.first else None
        if before is not None and before.type == t.WORD and before.text.lower() == "gấp":
            raise self.refuse(f"“gấp {self.show(level.low)} lần” là bội số của kỳ gốc, không phải một mức",
                              TIMES_CHANGE, (f">= {self.show(level.low * 100)}% so với kỳ trước",))
        if level.change and not level.to_level and level.op in ("<", "<=") and level.change == DECREASE:
            # 'Giảm tỷ lệ hộ nghèo dưới 3%': nobody caps a decrease, the level is what is meant
            self.notes.append(f"“giảm … {level.op_word} {self.show(level.low, level.sign)}” đọc là mức sau khi giảm")
            level.governing_change, level.change, level.to_level = level.change, None, True
        elif (level.change == INCREASE and not level.change_direct and level.op in (">", ">=")
                and level.op_word not in ("trở lên", "ít nhất", "tối thiểu", "ít nhất là", "tối thiểu là")):
            shown = self.show(level.low, level.sign)
            amount = self.show(level.low) + (" điểm %" if level.sign == "%" else level.sign)
            raise self.refuse(f"không rõ “tăng … {level.op_word} {shown}” là mức cần đạt hay mức tăng",
                              CHANGE_OR_LEVEL, (f"{level.op} {shown}", f"tăng {level.op} {amount}"))
        if level.change and not level.to_level and level.compare == "plan":
            return self.change_against_plan(level, common)
        if level.change and not level.to_level:
            return self.change(level, baseline, common)
        if level.compare == "period" and percent and (level.equal or level.to_level) and not level.is_range:
            operator = _OPERATORS[level.op] if level.op else Operator.GE
            self.notes.append(f"{self.show(level.low, '%')} là tỷ lệ so với kỳ gốc (Kết quả kỳ trước)")
            return self.target(kind=Kind.RELATIVE, operator=operator, low=level.low,
                               better=Better.HIGHER if operator.upward else Better.LOWER,
                               direction_source="phép so sánh", **{**common, "unit": None})
        if level.compare == "plan" and percent:
            self.notes.append("tỷ lệ so với kế hoạch: đơn vị nhập số phần trăm đạt được")
        if level.low == 0 and not level.is_range and level.op in (None, "<="):
            return self.target(kind=Kind.ZERO, operator=Operator.LE, low=Fraction(0), better=Better.LOWER,
                               direction_source="mức 0", **common)
        written_op = level.op or level.to_level_op
        if written_op is None and level.from_word and not level.is_range and not level.to_level:
            written_op = ">="    # 'có từ 25 học sinh giỏi cấp tỉnh trở lên': from 25 on
        if written_op is None and level.to_level and level.governing_change:
            written_op = ">=" if level.governing_change == INCREASE else "<="
        if written_op is not None:
            if level.is_range:
                if level.op is not None:
                    raise self.refuse(f"“{self.span(level)}”: một khoảng không đi với “{self.span(level).split()[0]}”",
                                      INVALID_RANGE, self.direction_fixes(level))
                better = Better.HIGHER if written_op in (">", ">=") else Better.LOWER
                return self.range(level, better, "từ chỉ thay đổi", common)
            op = _OPERATORS[written_op]
            if level.to_level and level.governing_change:
                verb = "tăng" if level.governing_change == INCREASE else "giảm"
                self.notes.append(f"mức sau khi {verb}: {op.value} {self.show(level.low, level.sign)}")
            return self.target(kind=Kind.THRESHOLD, operator=op, low=level.low,
                               better=Better.HIGHER if op.upward else Better.LOWER,
                               direction_source="từ so sánh", **common)
        # a bare level or range: the indicator's direction
        if not level.growth and not level.to_level:
            sense = self.context_change(level)
            if sense is not None:
                verb = "tăng" if sense == INCREASE else "giảm"
                amount = self.show(level.low) + (f"-{self.show(level.high)}" if level.high is not None else "")
                shown = amount + level.sign
                unit = f" {level.unit}" if level.unit and not level.sign else ""
                if level.sign == "%":
                    change_fix = f"{verb} {amount} điểm %"
                elif level.sign == "‰":
                    change_fix = f"{verb} {amount} điểm ‰"
                else:
                    change_fix = f"{verb} {amount}{unit}"
                op_text = ">=" if sense == INCREASE else "<="
                if level.high is not None:
                    low, high = self.show(level.low, level.sign), self.show(level.high, level.sign)
                    level_fix = f"{amount}{level.sign}{unit}" if sense == INCREASE else f"<= {high}, vượt khi < {low}"
                else:
                    level_fix = f"{op_text} {shown}{unit}"
                fixes = (change_fix, level_fix)
                raise self.refuse(f"mục tiêu ghi “{verb} …” mà chỉ tiêu chỉ ghi {shown}: không rõ là {verb} {shown} "
                                  f"hay mức cần đạt {shown}", CHANGE_OR_LEVEL, fixes)
        better, source = self.direction(level)
        if level.is_range:
            return self.range(level, better, source, common)
        op = Operator.GE if better is Better.HIGHER else Operator.LE
        return self.target(kind=Kind.THRESHOLD, operator=op, low=level.low, bare_level=True, better=better,
                           direction_source=source, **common)

    def range(self, level, better: Better, source: str, common) -> Target:
        return self.target(kind=Kind.RANGE, operator=Operator.GE if better is Better.HIGHER else Operator.LE,
                           low=level.low, high=level.high, better=better, direction_source=source, **common)

    def ratio(self, level: rules.Level, counts: tuple[Fraction, Fraction]) -> Target:
        n, m = counts
        if m == 0 or n > m or n.denominator != 1 or m.denominator != 1 or n < 0:
            raise self.refuse(f"tỷ số “{self.span(level)}” không hợp lệ (cần N/M với N ≤ M, M > 0)", INVALID_RATIO)
        written = level.op or level.to_level_op or (
            None if not level.governing_change else ">=" if level.governing_change == INCREASE else "<=")
        operator = _OPERATORS[written] if written else Operator.GE    # 'giảm còn 2/18 xã': at most 2 of 18
        return self.target(kind=Kind.RATIO, operator=operator, low=100 * n / m, percent=True,
                           unit=level.unit, ratio=(int(n), int(m)),
                           better=Better.HIGHER if operator.upward else Better.LOWER, direction_source="tỷ số")

    def change(self, level: rules.Level, baseline: rules.Level | None, common) -> Target:
        verb = "tăng" if level.change == INCREASE else "giảm"
        unit = (level.unit or "").lower()
        if unit.startswith("lần"):
            raise self.refuse(f"“{verb} {self.show(level.low)} lần” là gấp nhiều lần, không phải mức tăng",
                              TIMES_CHANGE, (f">= {self.show(level.low * 100)}% so với kỳ trước",))
        criteria = next((word for word in lexicon.CRITERIA_UNITS if unit.startswith(word)), None)
        if level.change == DECREASE and criteria is not None:
            raise self.refuse(f"“{verb} {self.show(level.low)} {criteria}” là giảm trên từng {criteria}, "
                              "không phải một mức đo được — ghi từng chỉ tiêu ở một dòng, hoặc đánh giá Đạt/Không đạt",
                              NO_LEVEL, ("Đạt/Không đạt",))
        if any(unit.startswith(word) for word in lexicon.RANK_UNITS):
            raise self.refuse(f"“{verb} {self.show(level.low)} {unit.split()[0]}” là thứ hạng (số thứ hạng càng nhỏ "
                              "càng tốt), không phải một số lượng — ghi mức thứ hạng cần đạt", TIMES_CHANGE,
                              ("<= 18", "Đạt/Không đạt"))
        amount_op = _OPERATORS[level.op] if level.op else Operator.GE
        value_op = amount_op if level.change == INCREASE else amount_op.mirrored()
        mode, why = self.change_mode(level, baseline)
        if mode is ChangeMode.POINTS and not level.sign:
            common = {**common, "percent": True}
        notes = [f"thay đổi tính theo {why}"]
        base = None
        if baseline is not None:
            base = baseline.low
            notes.append(f"mức cơ sở {self.show(base, baseline.sign)} lấy từ chỉ tiêu")
        self.notes.extend(notes)
        return self.target(kind=Kind.CHANGE, operator=amount_op, low=level.low, high=level.high,
                           direction=level.change, change_mode=mode, baseline=base,
                           better=Better.HIGHER if value_op.upward else Better.LOWER,
                           direction_source=f"“{verb}”", **{**common, "unit": level.unit if not level.sign else None})

    def change_against_plan(self, level: rules.Level, common) -> Target:
        """'tăng 10% so với dự toán', 'vượt 15% kế hoạch': a percent of the plan (lexicon.PLAN_WORDS)."""
        verb = "tăng" if level.change == INCREASE else "giảm"
        shown = self.show(level.low) + (f"-{self.show(level.high)}" if level.high is not None else "")
        if level.sign != "%" or level.points:
            raise self.refuse(f"“{verb} {shown}{level.sign}” so với kế hoạch: chỉ đọc được khi ghi bằng % của kế "
                              "hoạch — ghi mức cần đạt so với kế hoạch", CHANGE_OR_LEVEL,
                              (f">= {self.show(100 + level.low, '%')}",))
        sign = 1 if level.change == INCREASE else -1
        low, high = 100 + sign * level.low, None if level.high is None else 100 + sign * level.high
        better = Better.HIGHER if level.change == INCREASE else Better.LOWER
        written = level.change_word or verb
        self.notes.append(f"{written} {shown}% so với kế hoạch (mức giao, mức quy định): {self.show(low, '%')}"
                          f"{'' if high is None else '–' + self.show(high, '%')} kế hoạch; "
                          "đơn vị nhập số phần trăm đạt được so với mức đó")
        common = {**common, "percent": True, "unit": None}
        if high is not None:
            if better is Better.LOWER:
                low, high = high, low
            return self.target(kind=Kind.RANGE, operator=Operator.GE if better is Better.HIGHER else Operator.LE,
                               low=low, high=high, better=better, direction_source=f"“{written}”", **common)
        amount_op = _OPERATORS[level.op] if level.op else Operator.GE
        op = amount_op if level.change == INCREASE else amount_op.mirrored()
        return self.target(kind=Kind.THRESHOLD, operator=op, low=low, better=better,
                           direction_source=f"“{written}”", **common)

    def change_mode(self, level: rules.Level, baseline: rules.Level | None) -> tuple[ChangeMode, str]:
        """Percentage points or relative (TARGETS.md: Change)."""
        if level.points:
            return ChangeMode.POINTS, "điểm phần trăm (ghi rõ “điểm”)"
        if not level.sign:
            return ChangeMode.ABSOLUTE, "số tuyệt đối (không có %)"
        if level.sign == "‰":
            return ChangeMode.POINTS, "điểm phần nghìn (mức ghi bằng ‰)"
        if baseline is not None:
            if baseline.sign in ("%", "‰"):
                return ChangeMode.POINTS, "điểm phần trăm (mức cơ sở ghi bằng %)"
            return ChangeMode.RELATIVE, "tỷ lệ so với mức cơ sở (mức cơ sở là số lượng)"
        for wording, where in ((self.matching, "chỉ tiêu"), (self.context, "mục tiêu")):
            kind, cue = cues.quantity_of(wording)
            if kind == cues.RATE and max(level.low, level.high or 0) >= LARGE_POINTS:
                break        # 'Tỷ lệ hồ sơ trễ hạn giảm 50%': halved, or 50 points? refused below
            if kind == cues.RATE:
                return ChangeMode.POINTS, f"điểm phần trăm (“{cue}” là một tỷ lệ, ở {where})"
            if kind == cues.AMOUNT:
                return ChangeMode.RELATIVE, f"tỷ lệ so với kỳ trước (“{cue}” là số lượng, ở {where})"
        verb = "tăng" if level.change == INCREASE else "giảm"
        if self.baseline_percent and max(level.low, level.high or 0) < LARGE_POINTS:
            return ChangeMode.POINTS, "điểm phần trăm (mức cơ sở nhập bằng %)"
        amount = self.show(level.low) + (f"-{self.show(level.high)}" if level.high is not None else "")
        raise self.refuse(
            f"không rõ “{verb} {amount}%” là {verb} {amount} điểm phần trăm (nếu đo bằng tỷ lệ) hay {verb} {amount}% "
            "so với kỳ trước (nếu là số lượng)", CHANGE_MODE_UNKNOWN,
            (f"{verb} {amount} điểm %", f"{verb} {amount}% tương đối"))
