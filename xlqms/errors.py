"""The one exception family: raised when a command cannot go on.

Problems inside a returned file are not exceptions; they are :class:`xlqms.findings.Finding`
objects gathered in a report (see :mod:`xlqms.findings`).
"""

from __future__ import annotations

from xlqms.codes import Code


class XlqmsError(Exception):
    """Base class of every error xlqms raises on purpose. Its message is for the user (Vietnamese)."""

    exit_code = 1


class CampaignError(XlqmsError):
    """campaign.xlsx cannot be used; carries every finding at once."""

    exit_code = 2

    def __init__(self, message: str, findings=(), footer=()):
        super().__init__(message)
        self.findings = list(findings)
        self.footer = tuple(footer)

    def __str__(self) -> str:
        lines = [super().__str__()]
        lines += [f"  - {finding.describe()}" for finding in self.findings]
        lines += list(self.footer)
        return "\n".join(lines)


class TargetSyntaxError(XlqmsError):
    """A target text that the target language cannot read (a refusal, TARGETS.md: The promise).

    ``code`` is a stable kebab-case reason (``target-compound``, ``target-change-mode-unknown``…),
    ``fixes`` the `Cách đánh giá` forms that would read it, ``split`` the rows proposed for a
    compound text. ``str()`` is one short Vietnamese message quoting the text.
    """

    exit_code = 2

    def __init__(self, message: str, code: Code = Code.UNREADABLE_TARGET, text: str = "",
                 fixes: tuple[str, ...] = (), split: tuple[str, ...] = ()):
        super().__init__(message)
        self.code = code
        self.text = text
        self.fixes = tuple(fixes)
        self.split = tuple(split)


class ValueSyntaxError(XlqmsError):
    """A result value that is neither a number nor Đạt/Không đạt."""

    exit_code = 2


class OutputExistsError(XlqmsError):
    """Refusing to overwrite what a user already has without --force."""

    exit_code = 3
