"""Vietnamese text in the legacy 8-bit encodings TCVN3 (ABC, .VnTime fonts) and VNI (VNI-Times).

Old documents typed with those fonts arrive in a workbook as Latin-1 letters: "Tû lÖ hé nghÌo"
(TCVN3) or "Tyû leä hoä ngheøo" (VNI) for "Tỷ lệ hộ nghèo". :func:`detect_and_convert` tells such a
text from Unicode Vietnamese, converts it, or says it cannot tell (TARGETS.md, step 1).

The tables follow TCVN 5712:1993 (VN3, lower-case letters and Ă Â Ê Ô Ơ Ư Đ) and the VNI
Windows layout (a base letter followed by a mark character).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# TCVN3: one byte per letter (read as Latin-1).
TCVN3 = {
    "¸": "á", "µ": "à", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "¾": "ắ", "»": "ằ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ê": "ấ", "Ç": "ầ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "Ð": "é", "Ì": "è", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Õ": "ế", "Ò": "ề", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "Ý": "í", "×": "ì", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ã": "ó", "ß": "ò", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "è": "ố", "å": "ồ", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "í": "ớ", "ê": "ờ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ó": "ú", "ï": "ù", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\xad": "ư", "ø": "ứ", "õ": "ừ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ý": "ý", "ú": "ỳ", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "®": "đ", "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư", "§": "Đ",
}

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"


def _vni_table() -> dict[str, str]:
    """VNI sequences (base letter + mark characters, read as Latin-1) -> Unicode letters."""
    table: dict[str, str] = {}
    tones = {"ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
    circumflex_tones = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
    breve_tones = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}

    def put(sequence: str, letters: str) -> None:
        composed = unicodedata.normalize("NFC", letters)
        table[sequence] = composed
        table[sequence.upper()] = composed.upper()

    for base in "aeouy":
        for mark, tone in tones.items():
            put(base + mark, base + tone)
    for base in "aeo":
        for mark, tone in circumflex_tones.items():
            put(base + mark, base + _CIRCUMFLEX + tone)
    for mark, tone in breve_tones.items():
        put("a" + mark, "a" + _BREVE + tone)
    for vni, letter in (("ô", "o"), ("ö", "u")):          # ơ, ư and their tones
        put(vni, letter + _HORN)
        for mark, tone in tones.items():
            put(vni + mark, letter + _HORN + tone)
    for vni, tone in (("ì", _GRAVE), ("í", _ACUTE), ("æ", _HOOK), ("ó", _TILDE), ("ò", _DOT)):
        put(vni, "i" + tone)
    put("î", "y" + _DOT)
    put("ñ", "đ")
    return table


VNI = _vni_table()

SUSPECT = frozenset("¡¢£¤¥¦§¨©ª«¬\xad®¯µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ")
"""Latin-1 characters that Vietnamese written in Unicode never uses, and the legacy encodings do."""

_COMMON_WORDS = frozenset("""
tỷ lệ hồ sơ đạt trên dưới năm giảm tăng hộ nghèo xã người được đúng hạn của các và có không trường
học sinh số so với lao động việc làm thu ngân sách tổng mức độ hài lòng chỉ tiêu kết quả thực hiện
giải quyết đơn vị tỉnh huyện phường thủ tục hành chính văn bản dịch vụ công trực tuyến bảo hiểm y tế
nước sạch rừng môi kinh phát triển đào tạo lên xuống còn khoảng ít nhất tối thiểu đa quá trở đến từ
trong đó cho tại theo quy định yêu cầu hoàn thành trước ngày tháng quý đồng triệu hoặc cả toàn
""".split())

_TCVN3_PATTERN = re.compile("|".join(re.escape(key) for key in TCVN3))


@lru_cache(maxsize=1)
def _vni_pattern() -> re.Pattern:
    keys = sorted(VNI, key=len, reverse=True)
    return re.compile("|".join(re.escape(key) for key in keys))


def from_tcvn3(text: str) -> str:
    return _TCVN3_PATTERN.sub(lambda match: TCVN3[match.group(0)], text)


def from_vni(text: str) -> str:
    return _vni_pattern().sub(lambda match: VNI[match.group(0)], text)


_SUSPECT_PATTERN = re.compile("[" + re.escape("".join(sorted(SUSPECT))) + "]")


def looks_legacy(text: str) -> bool:
    """True when the text carries characters only TCVN3 or VNI text has (two or more of them)."""
    first = _SUSPECT_PATTERN.search(text)
    return first is not None and _SUSPECT_PATTERN.search(text, first.end()) is not None


def _score(text: str) -> tuple[int, int]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    known = sum(1 for word in words if word in _COMMON_WORDS)
    leftover = sum(1 for char in text if char in SUSPECT)
    return known, -leftover


def detect_and_convert(text: str) -> tuple[str, str | None, bool]:
    """(text, encoding, converted): Unicode text comes back as is with encoding None; a TCVN3 or VNI
    text comes back converted (converted=True), or unconverted (False) when it cannot be told."""
    if not looks_legacy(text):
        return text, None, False
    candidates = [("TCVN3", from_tcvn3(text)), ("VNI", from_vni(text))]
    scored = sorted(((_score(converted), name, converted) for name, converted in candidates), reverse=True)
    (best_known, best_left), name, converted = scored[0]
    (second_known, _), _, _ = scored[1]
    words = max(1, len(re.findall(r"[^\W\d_]+", converted)))
    if best_left == 0 and best_known >= 1 and best_known > second_known and best_known * 3 >= words:
        return unicodedata.normalize("NFC", converted), name, True
    guess = name if best_known > second_known else "TCVN3 hoặc VNI"
    return text, guess, False
