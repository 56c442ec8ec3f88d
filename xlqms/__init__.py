"""xlqms: quality-objective rounds (TCVN ISO 9001:2015) for Vietnamese People's Committees.

As a library::

    from xlqms import read_campaign, parse_target, evaluate
    campaign = read_campaign("dot-2026")
    status = evaluate(parse_target("trên 90%"), "1540/1587")   # Status.MET

The names of ``__all__`` are loaded when first used (PEP 562), so that ``import xlqms.launcher`` —
how the ``xlqms`` command starts — costs nothing before it guards Ctrl+C (:mod:`xlqms.launcher`).
"""

import importlib as _importlib

__version__ = "0.1.0"

TYPE_CHECKING = False       # typing.TYPE_CHECKING without importing typing: type checkers read the block
if TYPE_CHECKING:
    from xlqms.campaign import Campaign, Settings, read_campaign
    from xlqms.codes import Code
    from xlqms.errors import CampaignError, TargetSyntaxError, XlqmsError
    from xlqms.findings import Finding, Location, Severity
    from xlqms.statuses import Status
    from xlqms.targets import Target, evaluate, judge_text, parse_target, parse_value
    from xlqms.units import Hierarchy, Unit

_EXPORTS = {
    "xlqms.campaign": ("Campaign", "Settings", "read_campaign"),
    "xlqms.codes": ("Code",),
    "xlqms.errors": ("CampaignError", "TargetSyntaxError", "XlqmsError"),
    "xlqms.findings": ("Finding", "Location", "Severity"),
    "xlqms.statuses": ("Status",),
    "xlqms.targets": ("Target", "evaluate", "judge_text", "parse_target", "parse_value"),
    "xlqms.units": ("Hierarchy", "Unit"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "Campaign", "CampaignError", "Code", "Finding", "Hierarchy", "Location", "Settings", "Severity", "Status",
    "Target", "TargetSyntaxError", "Unit", "XlqmsError", "__version__", "evaluate", "judge_text",
    "parse_target", "parse_value", "read_campaign",
]


if not TYPE_CHECKING:        # hidden from type checkers, which read the imports above (and flag a misspelt name)
    def __getattr__(name: str):
        """A name of ``__all__``, imported from its module on first use (then kept here); else a submodule
        (``import xlqms`` then ``xlqms.layout``, as when the package imported its modules eagerly)."""
        home = _HOME.get(name)
        if home is not None:
            value = getattr(_importlib.import_module(home), name)
        elif not name.startswith("_"):
            try:
                value = _importlib.import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
