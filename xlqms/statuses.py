"""The five verdicts and their Vietnamese labels (contract: Statuses)."""

from __future__ import annotations

from enum import Enum

from xlqms.text import header_key


class Status(str, Enum):
    EXCEEDED = "exceeded"
    MET = "met"
    NOT_MET = "not_met"
    NOT_DUE = "not_due"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def attained(self) -> bool:
        """Met or exceeded: what 'đạt và vượt' counts."""
        return self in (Status.MET, Status.EXCEEDED)

    @classmethod
    def from_label(cls, label: str) -> Status:

        for status, text in LABELS.items():
            if header_key(text) == header_key(label) or header_key(status.value) == header_key(label):
                return status
        raise ValueError(f"unknown status: {label!r}")

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.value


LABELS = {
    Status.EXCEEDED: "Vượt",
    Status.MET: "Đạt",
    Status.NOT_MET: "Không đạt",
    Status.NOT_DUE: "Chưa đánh giá",
    Status.NO_DATA: "Thiếu số liệu",
}
