"""What the consolidated report says, as data: the units below a body, in the officials' prose (pure).

Built on :class:`xlqms.overview.Overview` — the same numbers as the workbook's overview: who has
reported (on time, late, missing — by name), each objective's pooled result (“Kết quả chung 96,67%
(26.965/27.895 hồ sơ), đạt mục tiêu, cao hơn 1,67 điểm %”, the units meeting it beside), the body's
own result apart, the units with objectives not met (only those), and a “Như vậy…” conclusion with
what follows from it: the objectives most often missed, the units to push, those that have not
reported.

The conclusion is a list of paragraph functions (:data:`BODY_CONCLUSION`): a paragraph (a trend
“so với cùng kỳ”, say) is added by adding a function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.codes import UnitState
from xlqms.figures import VERDICT_WORDS
from xlqms.issuers import Issuer, split_body_name
from xlqms.numbers import format_percent
from xlqms.overview import Overview, build_overview, top_body
from xlqms.report_content import (
    FILING,
    Signature,
    capitalised,
    indicator_letters,
    issuer_for_unit,
    names_list,
    numbers_list,
    period_phrase,
    signature_and_recipients,
)
from xlqms.rollup import RollupResult
from xlqms.statuses import Status


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
            letters = indicator_letters(len(objective.indicators))
            results = []
            for letter, ind in zip(letters, objective.indicators):
                if ind.figures:
                    text = "Kết quả chung " + pooled_sentence(ind.figures, ind.verdict, ind.margin)
                    text += f"; {ind.trend}" if ind.trend else ""
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
