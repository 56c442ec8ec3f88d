"""Loading a round: a campaign folder's definition and what collection recorded, read once.

The roll-up workbook (:mod:`xlqms.summary`), the exports (:mod:`xlqms.export`), the report drafts
(:mod:`xlqms.report`) and the status (:mod:`xlqms.status`) all start here:

* :func:`xlqms.record_check.read_records` (re-exported here) — what the store (``DIR/xlqms.sqlite``)
  knows: the accepted submission of each unit, every finding, every file taken in and the review
  state of each unit. Nothing collected yet: empty records; the store is not created. The status
  needs only this part (and no pandas).
* :func:`load_round` — the campaign, judged on its records: :class:`LoadedRound`; with `Đợt trước`
  set, the previous round's values too (:func:`xlqms.previous.load_previous`): previous values and
  changes on every indicator, baselines carried, and findings about them.
"""

from __future__ import annotations

from typing import NamedTuple

from xlqms.attainment import RoundResult, evaluate_round
from xlqms.campaign import Campaign, read_campaign
from xlqms.findings import Finding
from xlqms.previous import load_previous
from xlqms.record_check import RoundRecords, read_records
from xlqms.rollup import RollupResult, roll_up
from xlqms.store import FileRecord
from xlqms.trends import PreviousValues, carried_baseline_findings

__all__ = ["LoadedRound", "RoundRecords", "load_round", "read_records"]


class LoadedRound(NamedTuple):
    """Everything the roll-up, export and report need about one round."""

    campaign: Campaign
    round_result: RoundResult
    rollup: RollupResult
    findings: list[Finding]
    files: list[FileRecord]
    previous: PreviousValues | None = None      # the round named by Đợt trước, when it could be read


def load_round(folder) -> LoadedRound:
    """Read ``folder``'s campaign and accepted returns (the store) and judge the round.

    ``findings``: collection's, then the previous round's (:func:`xlqms.previous.load_previous`),
    then carried baselines a unit's file disagrees with (``carried-baseline-changed``).
    Raises :class:`~xlqms.errors.CampaignError` when campaign.xlsx cannot be used.
    """
    campaign = read_campaign(folder)
    records = read_records(folder, campaign=campaign)
    previous, previous_findings = load_previous(campaign)
    round_result = evaluate_round(campaign, records.submissions, previous)
    findings = records.findings + previous_findings + carried_baseline_findings(round_result)
    return LoadedRound(campaign, round_result, roll_up(campaign, round_result), findings, records.files, previous)
