"""Reading a target text with no level left (TARGETS.md: zero, deadline, qualitative kinds).

:class:`WithoutLevel` is the part of the reader (:mod:`xlqms.targets.reader`) for texts whose
numbers were all set aside, or that have none: a zero target (``không để xảy ra …``), a deadline
(``trước ngày 15/12``), a qualitative target judged Đạt / Không đạt — or a refusal (a number
written in words, a rate named with no level). Pure.
"""

from __future__ import annotations

from fractions import Fraction

from xlqms.codes import Code
from xlqms.errors import TargetSyntaxError
from xlqms.targets import cues, lexicon
from xlqms.targets import tokens as t
from xlqms.targets.model import Better, Kind, Operator, Target

NO_LEVEL = Code.TARGET_NO_LEVEL
NUMBER_IN_WORDS = Code.TARGET_NUMBER_IN_WORDS


class WithoutLevel:
    """Mixin of the reader: what it needs of it, then the reading of a text without a level."""

    tokens: list[t.Token]
    matching: str
    context: str
    notes: list[str]

    def refuse(self, reason, code=Code.UNREADABLE_TARGET, fixes=(), split=()) -> TargetSyntaxError:
        raise NotImplementedError   # the reader's

    def target(self, **fields) -> Target:
        raise NotImplementedError   # the reader's

    def without_level(self) -> Target:
        types = [tok.type for tok in self.tokens]
        for index, token in enumerate(self.tokens[:-1]):
            following = self.tokens[index + 1:index + 3]
            words = [tok.text.lower() for tok in following if tok.type == t.WORD]
            first_word = next((index + 1 + at for at, tok in enumerate(following) if tok.type == t.WORD), None)
            if words and words[0] == "năm" and first_word is not None and self.year_word(first_word):
                continue          # 'cao hơn năm trước', 'tối thiểu bằng năm trước': a year, not five
            if token.type in (t.OP, t.APPROX, t.TO_LEVEL, t.CHANGE, t.FROM, t.EQUAL) and words and \
                    words[0] in lexicon.NUMBER_WORDS and (token.type in (t.OP, t.APPROX) or (
                        len(words) > 1 and words[1] in lexicon.NUMBER_WORDS)):
                raise self.refuse("số viết bằng chữ — viết bằng chữ số, ví dụ “khoảng 90%”", NUMBER_IN_WORDS)
        for index, token in enumerate(self.tokens):
            if token.type == t.ZERO and not (index and self.tokens[index - 1].type == t.NOT_ZERO):
                self.notes.append("không để xảy ra: đạt khi bằng 0 (hoặc đơn vị đánh giá Đạt / Không đạt)")
                return self.target(kind=Kind.ZERO, operator=Operator.LE, low=Fraction(0), better=Better.LOWER,
                                   direction_source="“" + token.text.lower() + "”")
        deadline = self.deadline()
        if deadline is not None:
            return self.target(kind=Kind.DEADLINE, deadline=deadline, direction_source="hạn hoàn thành")
        answer = " ".join(self.matching.split())
        if lexicon.PASSED_WORDS.get(answer) is True:
            # a target cell that only says 'Đạt' / 'Hoàn thành' (the indicator names what): qualitative
            self.notes.append(f"chỉ tiêu ghi “{answer}”: đơn vị tự đánh giá Đạt / Không đạt")
            return self.target(kind=Kind.QUALITATIVE, direction_source="định tính")
        if answer in lexicon.NONE_ANSWERS and cues.direction_of(self.context).better is Better.LOWER:
            # 'Không' under 'Hồ sơ trễ hạn': none of the bad thing
            self.notes.append(f"chỉ tiêu ghi “{answer}” cho một điều cần giảm: đạt khi bằng 0")
            return self.target(kind=Kind.ZERO, operator=Operator.LE, low=Fraction(0), better=Better.LOWER,
                               direction_source=f"“{answer}”")
        content = [tok for tok in self.tokens if tok.type != t.OTHER]
        marker = any(word in self.matching for word in lexicon.QUALITATIVE_MARKERS)
        quantity, cue = cues.quantity_of(self.matching)
        compared = any(kind in (t.COMPARE, t.CHANGE) for kind in types) or any(   # 'cao hơn năm trước'
            tok.type == t.OP and self.period_after(index + 1) for index, tok in enumerate(self.tokens))
        if quantity == cues.RATE and not marker and t.ASIDE not in types and not compared:
            raise self.refuse(f"chỉ ghi tên chỉ tiêu (“{cue} …”) mà không có mức — ghi mức cần đạt, ví dụ “trên 95%”",
                              NO_LEVEL)
        if marker or len(content) >= 3:
            return self.target(kind=Kind.QUALITATIVE, direction_source="định tính")
        raise self.refuse("không có mức số nào và không phải chỉ tiêu định tính (thêm “đạt yêu cầu” nếu đơn vị "
                          "tự đánh giá Đạt / Không đạt)", NO_LEVEL, ("Đạt/Không đạt",))

    def period_after(self, index: int) -> bool:
        """Whether a period starts at token ``index``: a year set aside, 'năm trước', 'cùng kỳ' (lexicon.PERIOD_BASES)."""
        if index < len(self.tokens) and self.tokens[index].type == t.ASIDE and self.tokens[index].value in ("năm", "kỳ"):
            return True
        after = " ".join(tok.text.lower() for tok in self.tokens[index:index + 3])
        return any(after == word or after.startswith(word + " ") for word in lexicon.PERIOD_BASES + ("năm nay",))

    def year_word(self, index: int) -> bool:
        """Whether 'năm' at token ``index`` names a year ('năm sau', 'năm trước', lexicon.YEAR_WORD_FOLLOWERS)."""
        after = " ".join(tok.text.lower() for tok in self.tokens[index + 1:index + 3])
        return any(after == word or after.startswith(word + " ") for word in lexicon.YEAR_WORD_FOLLOWERS)

    def deadline(self) -> str | None:
        for index, token in enumerate(self.tokens):
            if token.type != t.ASIDE or token.value != "ngày":
                continue
            before = self.tokens[max(0, index - 2):index]
            starts_with_word = token.text.lower().startswith(("ngày", "tháng", "quý"))
            until = starts_with_word and bool(before) and before[-1].type == t.SEP and before[-1].text.lower() in (
                "đến", "tới")   # 'đến ngày 25 hằng tháng'
            if until or any(tok.type == t.DEADLINE for tok in before) or (
                    any(tok.type == t.WORD and tok.text.lower() in ("thành", "xong") for tok in before)) or (
                    starts_with_word and any(tok.type == t.DEADLINE for tok in before)):
                return token.text
        return None
