"""What the report drafts say, as data, in the officials' own prose (pure: results in, frozen content out).

The unit's report follows seed 001: “Báo cáo kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm
2020”, the table “Nội dung công việc | Kết quả thực hiện | Đánh giá” (the verdict once per row), the
conclusion “Như vậy, trong 6 tháng đầu năm 2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề
ra (mục tiêu số 2, 5, 6, 8, 9, 10); …”. Figures are written by :mod:`xlqms.figures`: Vietnamese
numbers (“1.540/1.587 hồ sơ, tỷ lệ 97,04%”), counts as counts (“17/18 chỉ tiêu”) and by how much a
target was beaten or missed (“cao hơn mục tiêu 7,04 điểm %”).

The consolidated report of a body with units below it is built on :class:`xlqms.overview.Overview`
(the same numbers as the workbook's overview): who has reported (on time, late, missing — by name),
each objective's pooled result (“Kết quả chung 96,67% (26.965/27.895 hồ sơ), đạt mục tiêu; 29/33 đơn
vị đạt”), the body's own result apart, the units with objectives not met (only those), and a
“Như vậy…” conclusion with what follows from it.

The conclusions are lists of sentence functions (:data:`UNIT_CONCLUSION`, :data:`BODY_CONCLUSION`):
a sentence (a trend “so với cùng kỳ”, say) is added by adding a function.

Who signs, and who receives (Decree 30/2020/NĐ-CP, seeds 001 and 004): the report the campaign's
own body issues (its consolidated report, when the round has one body) takes `Người ký`,
`Chức vụ người ký` and `Nơi nhận` from sheet Thiết lập; every other draft, and those settings left
blank, leave the signer, the signing line and a recipient marked to fill (highlighted).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xlqms.attainment import ObjectiveNumbers, RoundResult, UnitResult
from xlqms.campaign import Campaign
from xlqms.catalogue import Indicator
from xlqms.codes import UnitState
from xlqms.docx_writer import PLACEHOLDER, Issuer, issuer_of, split_body_name
from xlqms.figures import VERDICT_WORDS, counted_noun, indicator_figures, margin_text
from xlqms.numbers import format_percent
from xlqms.overview import Overview, build_overview, top_body
from xlqms.rollup import RollupResult
from xlqms.statuses import Status
from xlqms.text import header_key, nfc

REPORT_TITLE = "Kết quả thực hiện Mục tiêu chất lượng"
FILING = "Lưu: VT."
"""The last line of every Nơi nhận (Decree 30: the issuing office keeps a copy)."""
NAMES_IN_A_SENTENCE = 12
"""Units named in one sentence before “… và N đơn vị khác”."""


# ---------------------------------------------------------------------------------------------
# Signing and distribution


@dataclass(frozen=True)
class Signature:
    """The signature block: the signing lines (“KT. CHỦ TỊCH”, “PHÓ CHỦ TỊCH”) and the name."""

    lines: tuple[str, ...]
    name: str = ""                       # "": left to fill (highlighted)
    lines_to_confirm: bool = True        # the lines are a suggestion (highlighted), not the campaign's


def signing_lines(text: str) -> tuple[str, ...]:
    """`Chức vụ người ký` as written: “KT. CHỦ TỊCH / PHÓ CHỦ TỊCH”, or one line per line."""
    parts = re.split(r"\s*(?:/|\n)\s*", nfc(text))
    return tuple(part.upper() for part in parts if part)


def recipient_lines(text: str) -> tuple[str, ...]:
    """`Nơi nhận`, one recipient per line (a single line may use “;”), each “X;” and the last “Lưu: …”
    (added when missing: the issuing office always keeps a copy)."""
    lines = [line for line in re.split(r"\n", nfc(text)) if line.strip()]
    if len(lines) == 1:
        lines = lines[0].split(";")
    items = [re.sub(r"^[-–+•*]\s*", "", line.strip()).rstrip(" ;.,") for line in lines]
    items = [item for item in items if item]
    filing = [item for item in items if header_key(item).startswith("lưu")]
    others = [item for item in items if not header_key(item).startswith("lưu")]
    last = (filing[-1] + ".") if filing else FILING
    return tuple(f"{item};" for item in others) + (last,)


# ---------------------------------------------------------------------------------------------
# Words


def period_phrase(period: str, year: int) -> str:
    """“6 tháng đầu năm 2020”, “9 tháng đầu năm 2020”, “năm 2020”, “quý I năm 2020”."""
    if period == "Cả năm":
        return f"năm {year}"
    if period == "9 tháng":
        return f"9 tháng đầu năm {year}"
    if period.startswith("Quý"):
        return f"quý {period.split(' ', 1)[1]} năm {year}"
    return f"{period} {year}"


def numbers_list(numbers: Sequence[str]) -> str:
    return ", ".join(numbers)


def names_list(names: Sequence[str], limit: int = NAMES_IN_A_SENTENCE) -> str:
    """“UBND xã A, UBND xã B và UBND xã C”; past ``limit``, “…, UBND xã L và 7 đơn vị khác”."""
    names = list(names)
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" và {len(names) - limit} đơn vị khác"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " và " + names[-1]
    return "".join(names)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def issuer_for_unit(campaign: Campaign, code: str) -> Issuer:
    """How unit ``code`` appears in a document; its place taken from a committee above when it names none."""
    unit = campaign.units[code]
    place = ""
    for above in campaign.units.ancestors(code):
        _word, above_place, committee = split_body_name(above.name, above.level)
        if committee and above_place:
            place = above_place
            break
    return issuer_of(unit.code, unit.name, unit.level, place)


def _letters(count: int) -> list[str]:
    """“a) ”, “b) ”, … before each of several indicators of one objective; nothing before a single one."""
    if count == 1:
        return [""]
    return [f"{chr(ord('a') + index)}) " if index < 26 else f"{index + 1}) " for index in range(count)]


# ---------------------------------------------------------------------------------------------
# The unit's report


@dataclass(frozen=True)
class ObjectiveRow:
    """One row of “Nội dung công việc | Kết quả thực hiện | Đánh giá”."""

    number: str
    title: str
    targets: tuple[str, ...]           # the indicators' targets as written
    achieved: tuple[str, ...]          # per indicator: figures and the gap, “1.540/1.587 hồ sơ, tỷ lệ 97,04%, …”
    status: Status
    explanations: tuple[str, ...] = () # the unit's Thuyết minh
    year_end: bool = True              # when not due: judged at year end
    shortfall: str = ""                # for a row not met: what was missed, for the conclusion

    @property
    def verdict(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class UnitReportContent(ObjectiveNumbers):
    issuer: Issuer
    parent: Issuer | None
    year: int
    period: str
    date: dt.date | None               # None: the date is left to fill
    objectives: tuple[ObjectiveRow, ...]
    decision: str = "Quyết định số …/QĐ-UBND ngày …"   # the unit's objectives decision, to fill
    recipients: tuple[str, ...] = (FILING,)
    signature: Signature = field(default_factory=lambda: Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))

    @property
    def when(self) -> str:
        return period_phrase(self.period, self.year)

    @property
    def conclusion(self) -> str:
        return " ".join(sentence for sentence in (write(self) for write in UNIT_CONCLUSION) if sentence)

    @property
    def closing(self) -> str:
        to = f", kính báo cáo {self.parent.short_name} biết và chỉ đạo./." if self.parent else "./."
        return f"Trên đây là Báo cáo kết quả thực hiện Mục tiêu chất lượng {self.when} của {self.issuer.short_name}{to}"


def _unit_tally(content: UnitReportContent) -> str:
    """“Như vậy, trong 6 tháng đầu năm 2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề ra (mục tiêu
    số 2, 5, 6, 8, 9, 10); 3/10 mục tiêu chưa đạt (…); …”."""
    total = len(content.objectives)
    met = content.met_numbers
    if met:
        clauses = [f"đã có {len(met)}/{total} mục tiêu đạt và vượt so với kế hoạch đề ra "
                   f"(mục tiêu số {numbers_list(met)})"]
    else:
        clauses = ["chưa có mục tiêu nào đạt so với kế hoạch đề ra"]
    groups = (
        (content.not_met_numbers, "chưa đạt"),
        (tuple(r.number for r in content.objectives if r.status is Status.NOT_DUE and r.year_end),
         "đánh giá vào cuối năm"),
        (tuple(r.number for r in content.objectives if r.status is Status.NOT_DUE and not r.year_end),
         "chưa đến kỳ đánh giá"),
        (content.no_data_numbers, "chưa đủ số liệu để đánh giá"),
    )
    for numbers, words in groups:
        if numbers:
            clauses.append(f"{len(numbers)}/{total} mục tiêu {words} (mục tiêu số {numbers_list(numbers)})")
    return f"Như vậy, trong {content.when} " + "; ".join(clauses) + "."


def _unit_shortfalls(content: UnitReportContent) -> str:
    """“Các mục tiêu chưa đạt: mục tiêu số 3 (2/3 phản ánh, tỷ lệ 66,67%, thấp hơn mục tiêu 28,33 điểm %); …”."""
    missed = [f"mục tiêu số {row.number} ({row.shortfall})" for row in content.objectives
              if row.status is Status.NOT_MET and row.shortfall]
    if not missed:
        return ""
    return ("Mục tiêu chưa đạt: " if len(missed) == 1 else "Các mục tiêu chưa đạt: ") + "; ".join(missed) + "."


def _unit_next(content: UnitReportContent) -> str:
    who = content.issuer.self_reference
    if len(content.met_numbers) == len(content.objectives):
        return f"Thời gian tới, {who} tiếp tục phấn đấu duy trì có hiệu quả các mục tiêu đã đạt được."
    return (f"Thời gian tới, {who} tiếp tục phấn đấu duy trì có hiệu quả các mục tiêu đã đạt được; "
            "đồng thời có giải pháp thực hiện để đạt các mục tiêu còn lại theo kế hoạch đề ra.")


UNIT_CONCLUSION: list[Callable[[UnitReportContent], str]] = [_unit_tally, _unit_shortfalls, _unit_next]
"""The sentences of a unit report's conclusion, in order (“” leaves a sentence out)."""


def achieved_text(result, indicator: Indicator | None = None, noun: str = "") -> str:
    """What was achieved on one indicator, without the verdict (the row says it once):
    “1.540/1.587 hồ sơ, tỷ lệ 97,04%, cao hơn mục tiêu 7,04 điểm %”."""
    status = result.status
    target = indicator.target if indicator is not None else None
    if status is Status.NOT_DUE:
        periods = indicator.periods if indicator is not None else ()
        if not periods or "Cả năm" in periods:
            return "Đánh giá vào cuối năm"
        return "Đánh giá vào kỳ " + ", ".join(p.lower() for p in periods)
    figures = indicator_figures(result, target, noun)
    if not figures:
        return "Chưa có số liệu"
    if status is Status.NO_DATA:
        return f"{figures}; chưa có kết quả kỳ trước để so sánh"
    margin = margin_text(result.value, target, result.baseline)
    return f"{figures}, {margin}" if margin else figures


def unit_content(campaign: Campaign, unit_result: UnitResult, date: dt.date | None = None) -> UnitReportContent:
    """The content of a unit's report from its :class:`~xlqms.attainment.UnitResult` (``date`` None:
    the date is left to fill)."""
    issuer = issuer_for_unit(campaign, unit_result.code)
    above = unit_result.parent
    parent = issuer_for_unit(campaign, above) if above is not None and above in campaign.units else None
    indicators = {indicator.code: indicator for indicator in campaign.indicators}
    rows = []
    for objective in unit_result.objectives:
        found = [indicators.get(result.code) for result in objective.indicators]
        letters = _letters(len(objective.indicators))
        achieved, missed = [], []
        for letter, result, indicator in zip(letters, objective.indicators, found):
            noun = counted_noun(indicator.text, objective.title) if indicator is not None else ""
            text = achieved_text(result, indicator, noun)
            achieved.append(f"{letter}{text}")
            if result.status is Status.NOT_MET:
                missed.append(text if len(objective.indicators) == 1 else f"chỉ tiêu {letter[:-2]}: {text}")
        explanations = tuple(dict.fromkeys(text for text in (nfc(r.explanation) for r in objective.indicators) if text))
        year_end = all(ind is None or not ind.periods or "Cả năm" in ind.periods for ind in found)
        rows.append(ObjectiveRow(
            number=objective.number, title=objective.title,
            targets=tuple(f"{letter}{result.target}" for letter, result in zip(letters, objective.indicators)),
            achieved=tuple(achieved), status=objective.status, explanations=explanations, year_end=year_end,
            shortfall="; ".join(missed),
        ))
    recipients = []
    if parent is not None:
        recipients.append(f"{parent.short_name};")
    contact = re.sub(r"\s*\([^()]*@[^()]*\)", "", nfc(campaign.settings.contact))   # no e-mail address
    if contact and "@" not in contact and (parent is None or header_key(contact) != header_key(parent.short_name)):
        recipients.append(f"{contact};")
    recipients += [f"{PLACEHOLDER};", FILING]
    return UnitReportContent(issuer, parent, campaign.year, campaign.period, date, tuple(rows),
                             recipients=tuple(recipients), signature=Signature(issuer.signing))


# ---------------------------------------------------------------------------------------------
# The consolidated report


@dataclass(frozen=True)
class SummaryRow:
    """One objective of the consolidated report's table: the verdict said once, in the result's sentence."""

    number: str
    title: str
    targets: tuple[str, ...]
    results: tuple[str, ...]           # per indicator: “96,67% (26.965/27.895 hồ sơ), đạt mục tiêu, cao hơn 1,67 điểm %”
    units: str                         # “29/33” units met of those assessed


def short_gap(margin: str) -> str:
    """A gap said after the verdict: “cao hơn mục tiêu 1,67 điểm %” → “cao hơn 1,67 điểm %”; “” for
    “bằng mục tiêu” and “trong khoảng mục tiêu” (the verdict says it)."""
    if margin in ("bằng mục tiêu", "trong khoảng mục tiêu"):
        return ""
    return re.sub(r"^(cao hơn|thấp hơn|vượt) mục tiêu ", r"\1 ", margin)


def pooled_sentence(figures: str, verdict: Status | None, margin: str) -> str:
    """“96,67% (26.965/27.895 hồ sơ), đạt mục tiêu, cao hơn 1,67 điểm %”."""
    words = VERDICT_WORDS.get(verdict, "") if verdict is not None else ""
    return ", ".join(part for part in (figures, words, short_gap(margin)) if part)


@dataclass(frozen=True)
class TallyRow:
    """A unit with objectives not met."""

    name: str
    not_met: tuple[str, ...]
    total: int
    parent: str = ""


@dataclass(frozen=True)
class BodyRow:
    """A consolidating body below the issuer: its units' progress and standing, its own result apart."""

    name: str
    submitted: str                     # “35/38 đơn vị (92,11%)”
    all_met: int
    with_unmet: int
    share: str                         # “85,71%” of the objectives assessed met
    own: str                           # “8/10 mục tiêu đạt và vượt” / “Chưa nộp” / “—”


@dataclass(frozen=True)
class ConsolidatedReportContent:
    issuer: Issuer
    parent: Issuer | None
    year: int
    period: str
    date: dt.date | None               # None: the date is left to fill
    as_of: dt.date                     # the figures are those received by this day
    overview: Overview = field(compare=False, repr=False)
    units_word: str = "các đơn vị"     # who is below: “UBND các xã, phường”
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)   # code -> name in prose
    recipients: tuple[str, ...] = (FILING,)
    signature: Signature = field(default_factory=lambda: Signature(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))

    @property
    def when(self) -> str:
        return period_phrase(self.period, self.year)

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    @property
    def progress_text(self) -> str:
        """“Tính đến ngày 30/11/2026, 35/38 đơn vị đã gửi báo cáo (92,11%), trong đó 31 đơn vị gửi đúng hạn,
        4 đơn vị gửi sau hạn (15/07/2026): …. Còn 3 đơn vị chưa gửi báo cáo: ….”"""
        progress = self.overview.progress
        rate = f" ({format_percent(progress.rate)})" if progress.rate is not None else ""
        text = (f"Tính đến ngày {self.as_of:%d/%m/%Y}, {len(progress.submitted)}/{progress.expected} đơn vị đã gửi "
                f"báo cáo kết quả thực hiện Mục tiêu chất lượng {self.when}{rate}")
        if progress.due_date is not None and progress.submitted:
            due = f"{progress.due_date:%d/%m/%Y}"
            late = names_list([self.name(u.code) for u in progress.late])
            if not progress.late:
                text += f", tất cả đúng hạn ({due})"
            elif not progress.on_time:
                text += f", tất cả gửi sau hạn ({due}): {late}"
            else:
                text += (f", trong đó {len(progress.on_time)} đơn vị gửi đúng hạn, {len(progress.late)} đơn vị gửi "
                         f"sau hạn ({due}): {late}")
        text += "."
        if progress.missing:
            text += (f" Còn {len(progress.missing)} đơn vị chưa gửi báo cáo: "
                     + names_list([self.name(u.code) for u in progress.missing]) + ".")
        elif progress.expected:
            text += " Tất cả các đơn vị đã gửi báo cáo."
        return text

    @property
    def rows(self) -> tuple[SummaryRow, ...]:
        rows = []
        for objective in self.overview.objectives:
            letters = _letters(len(objective.indicators))
            results = []
            for letter, ind in zip(letters, objective.indicators):
                if ind.figures:
                    text = "Kết quả chung " + pooled_sentence(ind.figures, ind.verdict, ind.margin)
                elif ind.units_not_due and not ind.units_assessed:
                    text = "Đánh giá vào cuối năm"
                elif ind.units_assessed:
                    text = (f"Không tính chung (mỗi đơn vị tự đánh giá, hoặc so với kỳ trước của đơn vị); "
                            f"{objective.light_label.lower()}")
                else:
                    text = "Chưa có số liệu"
                results.append(letter + text)
            rows.append(SummaryRow(objective.number, objective.title,
                                   tuple(f"{letter}{ind.target}" for letter, ind in zip(letters, objective.indicators)),
                                   tuple(results), objective.units_text))
        return tuple(rows)

    @property
    def own_text(self) -> str:
        """The issuer's own result, apart from the units below it (“” when it has no objectives)."""
        own = self.overview.own
        if own is None:
            return ""
        who = self.issuer.short_name
        if not own.submitted:
            return f"{who} chưa tổng hợp kết quả thực hiện Mục tiêu chất lượng của chính cơ quan (chưa nộp sổ báo cáo)."
        text = f"{capitalised(who)} đạt {len(own.met)}/{own.total} mục tiêu"
        if own.met:
            text += f" (mục tiêu số {numbers_list(own.met)})"
        if own.not_met:
            text += f"; chưa đạt mục tiêu số {numbers_list(own.not_met)}"
        if own.not_due:
            text += f"; mục tiêu số {numbers_list(own.not_due)} đánh giá vào cuối năm"
        return text + "."

    @property
    def tallies(self) -> tuple[TallyRow, ...]:
        """Only the units with objectives not met, the most first."""
        return tuple(TallyRow(self.name(u.code), u.not_met, u.total, u.parent_name) for u in self.overview.shortfalls)

    @property
    def bodies(self) -> tuple[BodyRow, ...]:
        rows = []
        for body in self.overview.bodies:
            own = "—" if body.own is None else (f"{len(body.own.met)}/{body.own.total} mục tiêu"
                                                if body.own.submitted else UnitState.MISSING.label)
            rows.append(BodyRow(self.name(body.code), body.progress.ratio_text, body.units_all_met,
                                body.units_with_unmet, format_percent(body.share) if body.share is not None else "—",
                                own))
        return tuple(rows)

    @property
    def conclusion(self) -> tuple[str, ...]:
        return tuple(sentence for sentence in (write(self) for write in BODY_CONCLUSION) if sentence)

    @property
    def closing(self) -> str:
        to = f", kính báo cáo {self.parent.short_name} biết và chỉ đạo./." if self.parent else "./."
        return (f"Trên đây là Báo cáo tổng hợp kết quả thực hiện Mục tiêu chất lượng {self.when} của "
                f"{self.units_word} thuộc {self.issuer.short_name}{to}")


def _body_tally(content: ConsolidatedReportContent) -> str:
    """“Như vậy, trong 6 tháng đầu năm 2026, kết quả chung của các đơn vị đạt 7/9 mục tiêu được đánh giá (…);
    không đạt mục tiêu số 3, 4 (…); mục tiêu số 1 đánh giá vào cuối năm.”"""
    overview = content.overview
    judged = [o for o in overview.objectives if o.verdict is not None]
    clauses = []
    if judged:
        met = overview.pooled_met
        clauses.append(f"kết quả chung của {content.units_word} đạt {len(met)}/{len(judged)} mục tiêu có số liệu "
                       f"tính chung" + (f" (mục tiêu số {numbers_list([o.number for o in met])})" if met else ""))
        missed = overview.pooled_not_met
        if missed:
            gaps = [f"mục tiêu số {o.number}" + (f" ({short_gap(o.indicators[0].margin)})"
                                                  if len(o.indicators) == 1 and short_gap(o.indicators[0].margin) else "")
                    for o in missed]
            clauses.append("chưa đạt " + ", ".join(gaps))
    by_units = [o for o in overview.objectives if o.verdict is None and o.units_assessed]
    everyone = [o.number for o in by_units if o.units_met == o.units_assessed]
    if everyone:
        clauses.append(f"mục tiêu số {numbers_list(everyone)} (không tính chung) được mọi đơn vị đạt")
    clauses += [f"mục tiêu số {o.number} (không tính chung) có {o.units_text} đơn vị đạt"
                for o in by_units if o.units_met < o.units_assessed]
    year_end = [o.number for o in overview.objectives if o.not_due]
    if year_end:
        clauses.append(f"mục tiêu số {numbers_list(year_end)} đánh giá vào cuối năm")
    if not clauses:
        return f"Như vậy, trong {content.when} chưa có kết quả nào để tổng hợp."
    return f"Như vậy, trong {content.when}, " + "; ".join(clauses) + "."


def _body_most_missed(content: ConsolidatedReportContent) -> str:
    missed = content.overview.most_missed[:3]
    if not missed:
        return ""
    parts = [f"mục tiêu số {o.number} ({o.units_not_met}/{o.units_assessed} đơn vị chưa đạt)" for o in missed]
    return ("Mục tiêu còn nhiều đơn vị chưa đạt: " if len(parts) == 1 else
            "Các mục tiêu còn nhiều đơn vị chưa đạt: ") + ", ".join(parts) + "."


def _body_units_to_push(content: ConsolidatedReportContent) -> str:
    shortfalls = content.overview.shortfalls
    if not shortfalls:
        return ("Các đơn vị đã gửi báo cáo đều đạt các mục tiêu được đánh giá." if content.overview.progress.submitted
                else "")
    worst = len(shortfalls[0].not_met)
    pushed = [u for u in shortfalls if len(u.not_met) >= max(2, worst - 1)][:8] or list(shortfalls[:5])
    parts = [f"{content.name(u.code)} ({len(u.not_met)} mục tiêu chưa đạt)" for u in pushed]
    more = len(shortfalls) - len(pushed)
    tail = f"; {more} đơn vị khác còn mục tiêu chưa đạt (mục III)" if more else ""
    return "Các đơn vị cần tập trung chỉ đạo để đạt mục tiêu: " + ", ".join(parts) + tail + "."


def _body_missing(content: ConsolidatedReportContent) -> str:
    missing = content.overview.progress.missing
    if not missing:
        return ""
    return ("Đơn vị chưa gửi báo cáo: " if len(missing) == 1 else "Các đơn vị chưa gửi báo cáo: ") + names_list(
        [content.name(u.code) for u in missing]) + "; đề nghị khẩn trương gửi báo cáo để tổng hợp."


def _body_next(content: ConsolidatedReportContent) -> str:
    return (f"Thời gian tới, {content.issuer.self_reference} đề nghị các đơn vị tiếp tục duy trì có hiệu quả các mục "
            "tiêu đã đạt; các đơn vị còn mục tiêu chưa đạt rà soát nguyên nhân, có giải pháp khắc phục để đạt mục "
            "tiêu theo kế hoạch đề ra.")


BODY_CONCLUSION: list[Callable[[ConsolidatedReportContent], str]] = [
    _body_tally, _body_most_missed, _body_units_to_push, _body_missing, _body_next]
"""The paragraphs of a consolidated report's conclusion, in order (“” leaves one out)."""


def units_word(campaign: Campaign, codes: Sequence[str]) -> str:
    """Who is below, as officials write it: “UBND các xã, phường”, “các đơn vị” when they are not all committees."""
    counts: dict[str, int] = {}
    for code in codes:
        unit = campaign.units[code]
        word, _place, committee = split_body_name(unit.name, unit.level)
        if not committee or not word:
            return "các đơn vị"
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=lambda word: -counts[word])          # the most numerous first: “xã, phường”
    return f"UBND các {', '.join(words)}" if words else "các đơn vị"


def signature_and_recipients(campaign: Campaign, issuer: Issuer, parent: Issuer | None,
                             issued_for_campaign: bool) -> tuple[Signature, tuple[str, ...]]:
    """The campaign's settings for the report its own body issues; suggestions marked to fill otherwise."""
    settings = campaign.settings
    if issued_for_campaign and settings.signer_title:
        signature = Signature(signing_lines(settings.signer_title), settings.signer, lines_to_confirm=False)
    else:
        signature = Signature(issuer.signing, settings.signer if issued_for_campaign else "")
    if issued_for_campaign and settings.recipients.strip():
        return signature, recipient_lines(settings.recipients)
    recipients = ([f"{parent.short_name};"] if parent is not None else []) + [f"{PLACEHOLDER};", FILING]
    return signature, tuple(recipients)


def consolidated_content(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, parent_code: str,
                         date: dt.date | None = None, files=(), as_of: dt.date | None = None,
                         overview: Overview | None = None) -> ConsolidatedReportContent:
    """The consolidated report of ``parent_code`` over every unit below it (any depth). ``files``: the
    store's file records (who was late); ``as_of``: the day the figures stand at (default today)."""
    issuer = issuer_for_unit(campaign, parent_code)
    above = campaign.units[parent_code].parent
    parent = issuer_for_unit(campaign, above) if above is not None and above in campaign.units else None
    overview = overview or build_overview(campaign, round_result, rollup, files, body=parent_code)
    codes = [u.code for u in overview.units] + [b.code for b in overview.bodies]
    names = {code: issuer_for_unit(campaign, code).short_name for code in codes}
    signature, recipients = signature_and_recipients(campaign, issuer, parent, top_body(campaign) == parent_code)
    return ConsolidatedReportContent(
        issuer, parent, campaign.year, campaign.period, date, as_of or dt.date.today(), overview,
        units_word(campaign, [u.code for u in overview.units]), names, recipients, signature)
