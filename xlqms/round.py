"""Loading a round: a campaign folder's definition and what collection recorded, read once.

The roll-up workbook (:mod:`xlqms.summary`), the exports (:mod:`xlqms.export`), the report drafts
(:mod:`xlqms.report`) and the status (:mod:`xlqms.status`) all start here:

* :func:`read_records` — what the store (``DIR/xlqms.sqlite``) knows: the accepted submission of
  each unit, every finding, every file taken in and the review state of each unit. Nothing
  collected yet (no store): empty records, every unit missing; the store is not created.
* :func:`load_round` — the campaign, judged on its records: :class:`LoadedRound`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from xlqms import layout
from xlqms.attainment import RoundResult, evaluate_round
from xlqms.campaign import Campaign, read_campaign
from xlqms.codes import UnitState
from xlqms.findings import Finding
from xlqms.rollup import RollupResult, roll_up
from xlqms.store import FileRecord, Store
from xlqms.submission import Submission


@dataclass(frozen=True)
class RoundRecords:
    """What collection recorded about a round (see :mod:`xlqms.store`)."""

    submissions: dict[str, Submission] = field(default_factory=dict)   # unit code -> accepted submission
    findings_by_file: dict[str, list[Finding]] = field(default_factory=dict)   # checksum -> findings, in order
    files: list[FileRecord] = field(default_factory=list)      # in the order taken in, then duplicates
    review_states: dict[str, UnitState] = field(default_factory=dict)   # units that sent anything

    @property
    def findings(self) -> list[Finding]:
        """Every finding, file by file (by checksum), each file's in the order found."""
        return [finding for found in self.findings_by_file.values() for finding in found]


def read_records(folder, submissions: bool = True) -> RoundRecords:
    """Read the store of the campaign in ``folder``; ``submissions=False`` skips the values (status)."""
    if not (Path(folder) / layout.STORE_FILE).is_file():
        return RoundRecords()
    with Store(folder) as store:
        return RoundRecords(
            submissions=dict(store.accepted_submissions()) if submissions else {},
            findings_by_file=store.findings_by_file(),
            files=list(store.files()),
            review_states=store.review_states(),
        )


class LoadedRound(NamedTuple):
    """Everything the roll-up, export and report need about one round."""

    campaign: Campaign
    round_result: RoundResult
    rollup: RollupResult
    findings: list[Finding]
    files: list[FileRecord]


def load_round(folder) -> LoadedRound:
    """Read ``folder``'s campaign and accepted returns (the store) and judge the round.

    Raises :class:`~xlqms.errors.CampaignError` when campaign.xlsx cannot be used.
    """
    campaign = read_campaign(folder)
    records = read_records(folder)
    round_result = evaluate_round(campaign, records.submissions)
    return LoadedRound(campaign, round_result, roll_up(campaign, round_result), records.findings, records.files)
