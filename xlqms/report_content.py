"""What the report drafts say, as data, in the officials' own prose (pure: results in, frozen content out).

The unit's report follows seed 001: “Báo cáo kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm
2020”, the table “Nội dung công việc | Kết quả thực hiện | Đánh giá” (the verdict once per row), the
conclusion “Như vậy, trong 6 tháng đầu năm 2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề
ra (mục tiêu số 2, 5, 6, 8, 9, 10); …”. Figures are written by :mod:`xlqms.figures`: Vietnamese
numbers (“1.540/1.587 hồ sơ, tỷ lệ 97,04%”), counts as counts (“17/18 chỉ tiêu”) and by how much a
target was beaten or missed (“cao hơn mục tiêu 7,04 điểm %”).

The consolidated report's content is :mod:`xlqms.report_consolidated`; this module holds the unit's
report and what both share (words, issuers, who signs and receives).

The conclusion is a list of sentence functions (:data:`UNIT_CONCLUSION`): a sentence is added by
adding a function. With a previous round (`Đợt trước`), each indicator's result says how it moved
“so với cùng kỳ” / “so với kỳ trước” (:func:`trend_clause`, :mod:`xlqms.trends`).

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

from xlqms.attainment import ObjectiveNumbers, UnitResult
from xlqms.campaign import Campaign
from xlqms.catalogue import Indicator, period_phrase
from xlqms.figures import counted_noun, indicator_figures, margin_text
from xlqms.issuers import PLACEHOLDER, Issuer, issuer_of, split_body_name
from xlqms.statuses import Status
from xlqms.text import header_key, nfc
from xlqms.trends import BaselineSource, PreviousRoundInfo, compared_text

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


def indicator_letters(count: int) -> list[str]:
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


def achieved_text(result, indicator: Indicator | None = None, noun: str = "", baseline: bool = True) -> str:
    """What was achieved on one indicator, without the verdict (the row says it once):
    “1.540/1.587 hồ sơ, tỷ lệ 97,04%, cao hơn mục tiêu 7,04 điểm %” (``baseline`` False: without
    “(mức cơ sở …)”)."""
    status = result.status
    target = indicator.target if indicator is not None else None
    if status is Status.NOT_DUE:
        periods = indicator.periods if indicator is not None else ()
        if not periods or "Cả năm" in periods:
            return "Đánh giá vào cuối năm"
        return "Đánh giá vào kỳ " + ", ".join(p.lower() for p in periods)
    figures = indicator_figures(result, target, noun, baseline)
    if not figures:
        return "Chưa có số liệu"
    if status is Status.NO_DATA:
        return f"{figures}; chưa có kết quả kỳ trước để so sánh"
    margin = margin_text(result.value, target, result.baseline)
    return f"{figures}, {margin}" if margin else figures


def trend_clause(campaign: Campaign, result, indicator: Indicator | None, previous: PreviousRoundInfo | None) -> str:
    """'; so với kỳ trước (6 tháng đầu năm 2026: 95,28%), tăng 1,72 điểm %' after an indicator's result
    ('' without a previous round or value)."""
    if previous is None or result.previous is None:
        return ""
    unit = (indicator.target.unit or "") if indicator is not None else ""
    return "; " + compared_text(campaign.year, campaign.period, previous, result.value, result.previous,
                                result.percent, unit)


def unit_content(campaign: Campaign, unit_result: UnitResult, date: dt.date | None = None,
                 previous: PreviousRoundInfo | None = None) -> UnitReportContent:
    """The content of a unit's report from its :class:`~xlqms.attainment.UnitResult` (``date`` None:
    the date is left to fill); with ``previous`` (the round named by `Đợt trước`), each indicator says
    how it moved since then."""
    issuer = issuer_for_unit(campaign, unit_result.code)
    above = unit_result.parent
    parent = issuer_for_unit(campaign, above) if above is not None and above in campaign.units else None
    indicators = {indicator.code: indicator for indicator in campaign.indicators}
    rows = []
    for objective in unit_result.objectives:
        found = [indicators.get(result.code) for result in objective.indicators]
        letters = indicator_letters(len(objective.indicators))
        achieved, missed = [], []
        for letter, result, indicator in zip(letters, objective.indicators, found):
            noun = counted_noun(indicator.text, objective.title) if indicator is not None else ""
            trend = trend_clause(campaign, result, indicator, previous)
            # A baseline carried from the previous round is the previous value the trend already says.
            carried = bool(trend) and result.baseline_source is BaselineSource.PREVIOUS
            text = achieved_text(result, indicator, noun, baseline=not carried)
            achieved.append(f"{letter}{text}{trend}")
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
