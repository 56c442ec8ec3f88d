"""TCVN3 and VNI text found and converted, Unicode and other text left alone (pure)."""

from __future__ import annotations

import pytest

from xlqms.legacy_text import TCVN3, VNI, convert, is_vietnamese_word, read_legacy

SAME = "Vượt kế hoạch, số liệu đã kiểm tra"


@pytest.mark.parametrize("text, encoding, unicode", [
    ("§¹t", TCVN3, "Đạt"),
    ("Kh«ng ®¹t", TCVN3, "Không đạt"),
    ("M\xadêng Kh\xad¬ng", TCVN3, "Mường Khương"),
    ("B¸t X¸t", TCVN3, "Bát Xát"),
    ("Hå s¬ TTHC gi¶i quyÕt ®óng h¹n", TCVN3, "Hồ sơ TTHC giải quyết đúng hạn"),
    ("V\xadît kÕ ho¹ch, sè liÖu ®· kiÓm tra", TCVN3, SAME),
    ("Ñaït", VNI, "Đạt"),
    ("Khoâng ñaït", VNI, "Không đạt"),
    ("Vieät Nam", VNI, "Việt Nam"),
    ("Hoà sô TTHC giaûi quyeát ñuùng haïn", VNI, "Hồ sơ TTHC giải quyết đúng hạn"),
    ("Vöôït keá hoaïch, soá lieäu ñaõ kieåm tra", VNI, SAME),
    ("UÛY BAN NHAÂN DAÂN", VNI, "ỦY BAN NHÂN DÂN"),
])
def test_legacy_text_is_converted(text, encoding, unicode):
    found = read_legacy(text)
    assert found is not None and found.converted and found.encodings == (encoding,)
    assert found.text == unicode and convert(text, encoding) == unicode


@pytest.mark.parametrize("text", [
    "Đạt", "Có", "Xã Đông Hưng", "Hồ sơ đúng hạn 100%", "ghi chú: 96,5 %", "© 2026", "Café µm", "Müller",
    "São Paulo", "Ngày 15/7 đã nộp", "TTHC", "", "98,5", "Số liệu ± 5%",
])
def test_other_text_is_left_alone(text):
    assert read_legacy(text) is None


def test_a_text_neither_encoding_reads_cleanly_is_suspect_not_converted():
    found = read_legacy("Sè liÖu ®· kiÓm tra xyzq¬w")
    assert found is not None and not found.converted and found.text == found.original
    assert TCVN3 in found.encodings


@pytest.mark.parametrize("word, expected", [
    ("nghiêng", True), ("được", True), ("khuya", True), ("UBND", True), ("ạa", False), ("áà", False),
    ("Cafố", False), ("ghê", True), ("xyzq", True),
])
def test_vietnamese_words(word, expected):
    assert is_vietnamese_word(word) is expected



def _misread(text: str) -> str:
    """``text``'s UTF-8 bytes read as Windows-1252, as Excel shows a UTF-8 CSV opened as ANSI (the five
    bytes Windows-1252 leaves undefined come through as their C1 control character)."""
    return "".join(chr(byte) if byte in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([byte]).decode("cp1252")
                   for byte in text.encode("utf-8"))


@pytest.mark.parametrize("text", ["Đạt", "Không đạt", "Vượt kế hoạch, số liệu đã kiểm tra", "Phường Lộc An",
                                  "Hồ sơ TTHC giải quyết đúng hạn"])
def test_utf8_read_as_windows_1252_is_converted(text):
    found = read_legacy(_misread(text))
    assert found is not None and found.converted and found.text == text
    assert "UTF-8" in found.encoding_label


@pytest.mark.parametrize("text", ["Café ©2026", "naïve résumé", "Ã  la carte", "Giá 5€", "Đạt"])
def test_text_that_is_no_misread_utf8_is_left_alone(text):
    assert read_legacy(text) is None
