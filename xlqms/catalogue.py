"""Objectives, their indicators and measures, and the standard catalogue that recurs across units."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from xlqms.targets import Target
from xlqms.text import header_key

PERIODS = ("6 tháng đầu năm", "9 tháng", "Cả năm", "Quý I", "Quý II", "Quý III", "Quý IV")
PERIOD_CODES = {
    "6 tháng đầu năm": "H1",
    "9 tháng": "M9",
    "Cả năm": "FY",
    "Quý I": "Q1",
    "Quý II": "Q2",
    "Quý III": "Q3",
    "Quý IV": "Q4",
}
_PERIOD_ALIASES = {
    "6 tháng": "6 tháng đầu năm",
    "sáu tháng đầu năm": "6 tháng đầu năm",
    "6 tháng đầu": "6 tháng đầu năm",
    "năm": "Cả năm",
    "cuối năm": "Cả năm",
    "quý 1": "Quý I",
    "quý 2": "Quý II",
    "quý 3": "Quý III",
    "quý 4": "Quý IV",
}


def canonical_period(text) -> str | None:
    """The contract's spelling of a reporting period, or None if the text is not one."""
    key = header_key(text)
    for period in PERIODS:
        if header_key(period) == key:
            return period
    for alias, period in _PERIOD_ALIASES.items():
        if header_key(alias) == key:
            return period
    for code, period in ((code, period) for period, code in PERIOD_CODES.items()):
        if header_key(code) == key:
            return period
    return None


_WRITTEN_YEAR = re.compile(r"(?:\s+năm)?\s*(?<!\d)(\d{4})\s*$", re.IGNORECASE)


def period_and_year(text) -> tuple[str | None, str]:
    """A period as a workbook's identity may write it — '6 tháng đầu năm', 'H1', '6 tháng đầu năm 2026',
    'Cả năm 2026', 'năm 2026' — as (the contract's spelling or None, the year written after it or '')."""
    text = "" if text is None else str(text)
    period = canonical_period(text)
    match = _WRITTEN_YEAR.search(text) if period is None else None
    if match is None:
        return period, ""
    for before in (text[:match.start(1)], text[:match.start()]):     # 'Cả năm 2026' → 'Cả năm'; '… đầu năm năm 2026'
        period = canonical_period(before)
        if period is not None:
            return period, match.group(1)
    return None, match.group(1)


def period_phrase(period: str, year: int | str) -> str:
    """'6 tháng đầu năm 2026', 'năm 2026' (Cả năm), '9 tháng đầu năm 2026', 'quý II năm 2026'."""
    if period == "Cả năm":
        return f"năm {year}"
    if period == "9 tháng":
        return f"9 tháng đầu năm {year}"
    if period.startswith("Quý"):
        return f"quý {period.split(' ', 1)[1]} năm {year}"
    return f"{period} {year}"


@dataclass(frozen=True)
class Measure:
    """Biện pháp thực hiện: what will be done, by when, by whom."""

    text: str
    deadline: str = ""
    responsible: str = ""
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    """Chỉ tiêu: one measurable target of an objective, identified by its code."""

    code: str
    objective: str                       # the objective's number (TT), as text: "2"
    text: str                            # the target as written: "trên 90%"
    target: Target
    applies_to: tuple[str, ...] = ()     # blank = every unit; else Cấp values and/or unit codes
    periods: tuple[str, ...] = ()        # blank = every period; else the periods it is judged in
    row: int | None = None

    def is_due(self, period: str) -> bool:
        return not self.periods or period in self.periods


@dataclass(frozen=True)
class Objective:
    """Mục tiêu: numbered TT 1, 2, 3…, with one or more indicators and its measures."""

    number: str
    title: str
    indicators: tuple[Indicator, ...]
    measures: tuple[Measure, ...] = ()
    note: str = ""
    row: int | None = None


def applies(applies_to: tuple[str, ...], unit) -> bool:
    """Whether a row with this `Áp dụng cho` list applies to ``unit`` (matched by code or Cấp)."""
    if not applies_to:
        return True
    keys = _applies_keys(tuple(applies_to))
    return _key(unit.code) in keys or (bool(unit.level) and _key(unit.level) in keys)


@lru_cache(maxsize=1024)
def _applies_keys(applies_to: tuple[str, ...]) -> frozenset[str]:
    """The header keys of an `Áp dụng cho` list, computed once per list (not per unit × indicator)."""
    return frozenset(header_key(item) for item in applies_to)


@lru_cache(maxsize=65536)
def _key(text) -> str:
    return header_key(text)


@dataclass(frozen=True)
class CatalogueEntry:
    """A row group of the standard catalogue, written into a new campaign.xlsx by `xlqms init`."""

    title: str
    indicators: tuple[tuple[str, str], ...]            # (target text, evaluation period or "")
    measures: tuple[tuple[str, str, str], ...] = ()    # (measure, deadline, responsible)
    applies_to: str = ""
    note: str = ""
    codes: tuple[str, ...] = field(default=())


STANDARD_CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "Duy trì, cập nhật và cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
        (("Kết quả kiểm tra, đánh giá nội bộ hệ thống quản lý chất lượng đạt yêu cầu", "Cả năm"),),
        (
            ("Cập nhật và niêm yết công khai kịp thời các thủ tục hành chính khi có thay đổi", "Thường xuyên",
             "Lãnh đạo UBND, Thư ký ISO"),
            ("Duy trì đánh giá nội bộ và xem xét của lãnh đạo về hệ thống quản lý chất lượng", "Theo kế hoạch",
             "Ban chỉ đạo ISO"),
        ),
    ),
    CatalogueEntry(
        "Hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên thông được giải quyết đúng hạn và trước hạn",
        (("trên 95%", ""),),
        (("Theo dõi, đôn đốc giải quyết hồ sơ trên phần mềm một cửa điện tử hàng tháng", "Cuối mỗi tháng", "Bộ phận một cửa"),),
    ),
    CatalogueEntry(
        "Mức độ hài lòng của tổ chức, cá nhân khi giải quyết thủ tục hành chính",
        (("≥ 98%", ""),),
        (("Khảo sát mức độ hài lòng bằng phiếu khi trả kết quả", "Hàng tháng", "Bộ phận một cửa"),),
    ),
    CatalogueEntry(
        "Ý kiến chỉ đạo của cấp trên có thời hạn được thực hiện đúng hạn",
        (("trên 90%", ""),),
        (("Theo dõi, đôn đốc thực hiện ý kiến chỉ đạo trên hệ thống quản lý văn bản", "Hàng tuần", "Văn phòng"),),
    ),
    CatalogueEntry(
        "Đơn thư khiếu nại, tố cáo thuộc thẩm quyền được giải quyết",
        (("trên 80%", ""),),
        (("Tiếp công dân, phân loại và giải quyết đơn thư theo quy định", "Thường xuyên", "Lãnh đạo UBND, công chức phụ trách"),),
    ),
    CatalogueEntry(
        "Phản ánh, kiến nghị của người dân (Trung tâm giám sát điều hành đô thị thông minh) được xử lý đúng hạn",
        (("trên 95%", ""),),
        (("Tiếp nhận, chuyển xử lý và trả lời phản ánh đúng thời hạn", "Thường xuyên", "Văn phòng"),),
    ),
    CatalogueEntry(
        "Văn bản điện tử (trừ văn bản mật) được ký số và luân chuyển trên môi trường mạng",
        (("100%", ""),),
        (("Ký số và phát hành văn bản trên hệ thống quản lý văn bản và điều hành", "Thường xuyên", "Văn phòng"),),
    ),
    CatalogueEntry(
        "Thủ tục hành chính thuộc thẩm quyền được niêm yết, công khai đầy đủ",
        (("100%", ""),),
        (("Niêm yết thủ tục hành chính tại Bộ phận một cửa và trên cổng thông tin", "Thường xuyên", "Bộ phận một cửa"),),
    ),
    CatalogueEntry(
        "Hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến (dịch vụ công trực tuyến toàn trình)",
        (("từ 50% trở lên", ""),),
        (("Hướng dẫn tổ chức, công dân nộp hồ sơ trực tuyến", "Thường xuyên", "Bộ phận một cửa"),),
    ),
    CatalogueEntry(
        "Cán bộ, công chức sử dụng hệ thống thông tin điều hành tác nghiệp và thư điện tử công vụ",
        (("100%", ""),),
        (("Tập huấn, nhắc nhở sử dụng hệ thống điều hành tác nghiệp", "Thường xuyên", "Văn phòng"),),
    ),
)
