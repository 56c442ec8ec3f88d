"""xlqms: quality-objective rounds (TCVN ISO 9001:2015) for Vietnamese People's Committees.

As a library::

    from xlqms import read_campaign, parse_target, evaluate
    campaign = read_campaign("dot-2026")
    status = evaluate(parse_target("trên 90%"), "1540/1587")   # Status.MET
"""

__version__ = "0.1.0"

from xlqms.campaign import Campaign, Settings, read_campaign  # noqa: E402
from xlqms.codes import Code  # noqa: E402
from xlqms.errors import CampaignError, TargetSyntaxError, XlqmsError  # noqa: E402
from xlqms.findings import Finding, Location, Severity  # noqa: E402
from xlqms.statuses import Status  # noqa: E402
from xlqms.targets import Target, evaluate, judge_text, parse_target, parse_value  # noqa: E402
from xlqms.units import Hierarchy, Unit  # noqa: E402

__all__ = [
    "Campaign", "CampaignError", "Code", "Finding", "Hierarchy", "Location", "Settings", "Severity", "Status",
    "Target", "TargetSyntaxError", "Unit", "XlqmsError", "__version__", "evaluate", "judge_text",
    "parse_target", "parse_value", "read_campaign",
]
