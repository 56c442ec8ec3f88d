"""The official list of Vietnam's provinces and communes (in force since 1 July 2025) as units.

The list comes from the optional ``vietnam-provinces`` package (``pip install 'xlqms[provinces]'``),
edition 2025.10.1: 34 provinces and 3,321 communes, wards and special zones, after Nghị quyết
202/2025/QH15 and the commune-level resolutions of July 2025. Codes are the official ones, as text
with their leading zeros: provinces on 2 digits (``"12"``), communes on 5 (``"03388"``).

A sample province ships as ``xlqms/data/units_lai_chau.csv`` (see :func:`sample_units_path`).
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from pathlib import Path

from xlqms.errors import InputPathError, XlqmsError
from xlqms.text import header_key
from xlqms.units import Unit

PROVINCES_EDITION = "2025.10.1"
SAMPLE_PROVINCE = "Lai Châu"
SAMPLE_UNITS_FILE = "units_lai_chau.csv"

_PROVINCE_LEVELS = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}
_COMMUNE_LEVELS = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}
_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp.", "tp ")   # after diacritics are removed


def sample_units_path() -> Path:
    """The units CSV of the sample province shipped with xlqms (one real province, 2025 list)."""
    return Path(str(resources.files("xlqms.data").joinpath(SAMPLE_UNITS_FILE)))


def _package():
    try:
        import vietnam_provinces
    except ImportError as exc:
        raise XlqmsError(
            "Cần gói vietnam-provinces để lấy danh sách tỉnh, xã chính thức. "
            "Cài bằng: pip install 'xlqms[provinces]'"
        ) from exc
    return vietnam_provinces


def _fold(text: str) -> str:
    """Name key: NFC, case-folded, without a 'Tỉnh'/'Thành phố' prefix, diacritics and punctuation."""
    key = header_key(text).replace("đ", "d").replace("_", " ")
    key = "".join(ch for ch in unicodedata.normalize("NFD", key) if not unicodedata.combining(ch))
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix):]
            break
    return re.sub(r"[^a-z0-9]+", "", key)


def _province_name(province) -> str:
    """'Tỉnh Lai Châu' or 'Thành phố Hà Nội' (the package writes the prefix only for cities)."""
    name = province.name
    if province.division_type.value == "tỉnh" and not header_key(name).startswith("tỉnh "):
        name = f"Tỉnh {name}"
    return name


def find_province(name_or_code):
    """The package's Province matching a code (``12``, ``"12"``) or a name, with or without prefix
    and diacritics (``"Lai Châu"``, ``"tỉnh lai chau"``, ``"TP Hà Nội"``); XlqmsError if none."""
    package = _package()
    provinces = list(package.Province.iter_all())
    wanted = str(name_or_code).strip()
    if re.fullmatch(r"\d{1,3}", wanted):
        for province in provinces:
            if int(province.code) == int(wanted):
                return province
    else:
        key = _fold(wanted)
        for province in provinces:
            if key and key in (_fold(province.name), _fold(province.codename)):
                return province
    choices = ", ".join(f"{int(p.code):02d} {p.name}" for p in sorted(provinces, key=lambda p: int(p.code)))
    raise InputPathError(
        f"Không tìm thấy tỉnh, thành phố “{wanted}” trong danh sách 34 tỉnh, thành phố từ 01/7/2025. "
        f"Nhập tên hoặc mã, một trong: {choices}"
    )


def province_units(name_or_code) -> list[Unit]:
    """The province as the root unit and its communes, wards and special zones under it.

    Levels (Cấp): 'Tỉnh' or 'Thành phố' for the root; 'Xã', 'Phường' or 'Đặc khu' below.
    Communes are in the order of their official codes.
    """
    package = _package()
    province = find_province(name_or_code)
    province_code = f"{int(province.code):02d}"
    root = Unit(
        code=province_code,
        name=_province_name(province),
        level=_PROVINCE_LEVELS.get(province.division_type.value, "Tỉnh"),
    )
    communes = sorted(package.Ward.iter_by_province(province.code), key=lambda ward: int(ward.code))
    units = [root]
    for ward in communes:
        units.append(Unit(
            code=f"{int(ward.code):05d}",
            name=ward.name,
            level=_COMMUNE_LEVELS.get(ward.division_type.value, ward.division_type.value.capitalize()),
            parent=province_code,
        ))
    return units


def provinces_edition() -> str | None:
    """The installed vietnam-provinces version, or None when the package is absent."""
    try:
        import vietnam_provinces
    except ImportError:
        return None
    return getattr(vietnam_provinces, "__version__", None)
