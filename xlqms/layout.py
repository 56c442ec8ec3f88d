"""One source of truth for workbook layouts: sheet names, headers and defined names.

The campaign reader/writer, the unit-workbook generator and the returned-file reader all import
these names; nothing in xlqms finds a cell by fixed coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path

from xlqms.text import header_key

TEMPLATE_VERSION = "1"
"""Version of the unit-workbook layout the reader depends on: the contract's headers found by their
text, the identity, the input cells. A returned file of another version is rejected. Columns shown
for people only (:data:`RESULT_DISPLAY_COLUMNS`) and the hidden helper columns of the live verdict
are not part of it: they were added without a new version, so files already sent out (version 1,
without them) are still read — see README, “The unit workbook”."""

# --- the campaign folder (every file and folder name xlqms writes there) ------------------------

CAMPAIGN_FILE = "campaign.xlsx"
STORE_FILE = "xlqms.sqlite"           # inside the campaign folder
ARCHIVE_DIR = "archive"               # every file taken in, untouched, under its checksum
OUTPUT_DIR = "out"                    # everything xlqms writes for people: DIR/out
WORKBOOKS_DIR = "workbooks"           # generated unit workbooks: DIR/out/workbooks
CORRECTIONS_DIR = "corrections"       # annotated copies of files with errors: DIR/out/corrections
REPORTS_DIR = "bao_cao"               # report drafts: DIR/out/bao_cao
MANIFEST_FILE = "manifest.csv"        # beside the generated workbooks: unit, file, sha256
SUMMARY_FILE = "tong_hop_{period_code}_{year}.xlsx"   # the consolidated workbook: DIR/out/tong_hop_H1_2026.xlsx
UNIT_TEMPLATE_FILE = "unit_template.xlsx"   # the master template (package xlqms.workbook_templates)
LOCK_FILE = ".xlqms-collect.lock"     # held (fcntl) while a collect runs
SECRET_FILE = ".xlqms-secret"         # the key unit workbooks are signed with (xlqms.signature), mode 0600
JOURNAL_FILE = "journal.jsonl"        # inside the archive: every file taken in, in order (xlqms.journal)

# --- campaign.xlsx ----------------------------------------------------------------------------

SETTINGS_SHEET = "Thiết lập"
SETTINGS_KEY = "Mục"
SETTINGS_VALUE = "Giá trị"
SETTING_YEAR = "Năm"
SETTING_PERIOD = "Kỳ báo cáo"
SETTING_TITLE = "Tên đợt"
SETTING_DUE = "Hạn nộp"
SETTING_CAMPAIGN_ID = "Mã đợt"
SETTING_ISSUER = "Cơ quan chủ trì"       # who runs the round (shown in workbooks and reports)
SETTING_CONTACT = "Nơi nhận báo cáo"     # where units send their file (email / address)
SETTING_PREVIOUS = "Đợt trước"           # the previous campaign's folder (relative to this one, or absolute)
SETTING_SIGNER = "Người ký"              # report settings (contract): the signer's name
SETTING_SIGNER_TITLE = "Chức vụ người ký"   # the signing lines as written: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
SETTING_RECIPIENTS = "Nơi nhận"          # the distribution list of the reports, one recipient per line

UNITS_SHEET = "Đơn vị"
UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
UNIT_LEVEL = "Cấp"
UNIT_PARENT = "Mã đơn vị cấp trên"
UNIT_COLUMNS = (UNIT_CODE, UNIT_NAME, UNIT_LEVEL, UNIT_PARENT)

OLD_UNITS_SHEET = "Đơn vị cũ"            # optional: units of the previous round mapped onto this round's
OLD_UNIT_CODE = "Mã đơn vị cũ"           # the unit's code in the previous round
OLD_UNIT_COLUMNS = (OLD_UNIT_CODE, UNIT_CODE)   # UNIT_CODE: its successor in this round

OBJECTIVES_SHEET = "Mục tiêu"
OBJ_NUMBER = "TT"
OBJ_TITLE = "Mục tiêu"
OBJ_TARGET = "Chỉ tiêu"
OBJ_MEASURE = "Biện pháp thực hiện"
OBJ_DEADLINE = "Thời gian hoàn thành"
OBJ_RESPONSIBLE = "Trách nhiệm thực hiện"
OBJ_NOTE = "Ghi chú"
OBJ_CODE = "Mã chỉ tiêu"
OBJ_APPLIES_TO = "Áp dụng cho"
OBJ_PERIODS = "Kỳ đánh giá"
OBJ_FORMAL = "Cách đánh giá"      # optional: the reading stated formally; wins over Chỉ tiêu (TARGETS.md)
OBJ_DIRECTION = "Chiều"           # optional: "Cao hơn là tốt" / "Thấp hơn là tốt"
OBJ_READING = "Cách hiểu"         # written by `xlqms check`; never read as input
OBJECTIVE_COLUMNS = (OBJ_NUMBER, OBJ_TITLE, OBJ_TARGET, OBJ_MEASURE, OBJ_DEADLINE, OBJ_RESPONSIBLE, OBJ_NOTE)
OBJECTIVE_OPTIONAL_COLUMNS = (OBJ_CODE, OBJ_APPLIES_TO, OBJ_PERIODS, OBJ_FORMAL, OBJ_DIRECTION)

# --- unit workbook ------------------------------------------------------------------------------

GUIDE_SHEET = "Hướng dẫn"
UNIT_OBJECTIVES_SHEET = "Mục tiêu"
RESULTS_SHEET = "Kết quả"
LISTS_SHEET = "Danh mục"          # hidden: the Đạt / Không đạt list behind data validation
IDENTITY_SHEET = "_xlqms"         # very hidden: identity, key/value rows

# Kết quả headers. The contract's six are required; the others are xlqms's own.
RESULT_NUMBER = "TT"
RESULT_OBJECTIVE = "Mục tiêu số"
RESULT_OBJECTIVE_TITLE = "Nội dung mục tiêu"   # optional, xlqms's own: the objective's title
RESULT_CODE = "Mã chỉ tiêu"
RESULT_TARGET = "Chỉ tiêu"
RESULT_NUMERATOR = "Tử số"
RESULT_DENOMINATOR = "Mẫu số"
RESULT_VALUE = "Kết quả"
RESULT_BASELINE = "Kết quả kỳ trước"
RESULT_EXPLANATION = "Thuyết minh"
RESULT_VERDICT = "Đánh giá (tự động)"
RESULT_LEVEL = "Mức cần đạt"                   # optional, xlqms's own: "> 90%", "≥ 99,6% (98,6% + 1 điểm)"
RESULT_COMPUTED = "Giá trị tính được"          # optional, xlqms's own: the value compared (97,04%)
RESULT_REQUIRED = (RESULT_CODE, RESULT_NUMERATOR, RESULT_DENOMINATOR, RESULT_VALUE, RESULT_BASELINE, RESULT_EXPLANATION)
RESULT_COLUMNS = (
    RESULT_NUMBER, RESULT_OBJECTIVE, RESULT_CODE, RESULT_TARGET, RESULT_NUMERATOR, RESULT_DENOMINATOR,
    RESULT_VALUE, RESULT_BASELINE, RESULT_EXPLANATION, RESULT_VERDICT,
)
RESULT_DISPLAY_COLUMNS = (RESULT_OBJECTIVE_TITLE, RESULT_LEVEL, RESULT_COMPUTED)
"""Columns xlqms writes for people and never reads back: a file with or without them reads the same."""
CALC_SHEET = "_tinh"                # very hidden: the live verdict's helper cells, on the rows of Kết quả
RESULT_HELPER_LABEL = "xlqms: ô tính trung gian của trang Kết quả (không sửa)"
"""Heads the sheet of helper cells of the live verdict (xlqms.formulas.HELPERS)."""
PROGRESS_PLACEHOLDER = "{progress}"
"""A Kết quả cell holding only this becomes the line “Đã nhập 7/9 chỉ tiêu” (a formula)."""
RESULT_INPUT_COLUMNS = (RESULT_NUMERATOR, RESULT_DENOMINATOR, RESULT_VALUE, RESULT_BASELINE, RESULT_EXPLANATION)

# Identity keys, in the very hidden sheet (column A key, column B value), as defined names
# (prefix + upper key) and as custom document properties (prefix + key).
ID_CAMPAIGN = "campaign_id"
ID_CAMPAIGN_TITLE = "campaign_title"
ID_YEAR = "year"
ID_PERIOD = "period"
ID_UNIT_CODE = "unit_code"
ID_UNIT_NAME = "unit_name"
ID_TEMPLATE_VERSION = "template_version"
ID_INDICATORS = "indicator_codes"     # comma-separated, in row order
ID_GENERATED_AT = "generated_at"
ID_SIGNATURE = "signature"            # HMAC of the identity with the campaign's secret (xlqms.signature)
IDENTITY_KEYS = (
    ID_CAMPAIGN, ID_CAMPAIGN_TITLE, ID_YEAR, ID_PERIOD, ID_UNIT_CODE, ID_UNIT_NAME,
    ID_TEMPLATE_VERSION, ID_INDICATORS, ID_GENERATED_AT, ID_SIGNATURE,
)
DEFINED_NAME_PREFIX = "XLQMS_"
PROPERTY_PREFIX = "xlqms_"

# Visible identity on the Kết quả sheet (fallback when hidden parts are lost in a re-save):
VISIBLE_UNIT_LABEL = "Đơn vị:"
VISIBLE_UNIT_CODE_LABEL = "Mã đơn vị:"
VISIBLE_PERIOD_LABEL = "Kỳ báo cáo:"
VISIBLE_CAMPAIGN_LABEL = "Mã đợt:"

# Defined names the generator creates and the template may rely on.
NAME_RESULTS_HEADER = "XLQMS_RESULTS_HEADER"   # the header row of Kết quả
NAME_PASS_FAIL_LIST = "XLQMS_DAT_KHONGDAT"     # the Đạt / Không đạt list for validation
NAME_RESULTS_ROWS = "XLQMS_RESULTS_ROWS"       # the indicator rows of Kết quả (below the header)
NAME_OBJECTIVES_HEADER = "XLQMS_OBJECTIVES_HEADER"   # the header row of the unit's Mục tiêu sheet

PASS_FAIL_VALUES = ("Đạt", "Không đạt")


def output_path(folder, *parts: str) -> Path:
    """``folder/out/<parts…>``: where xlqms writes what people read (workbooks, corrections, reports)."""
    return Path(folder, OUTPUT_DIR, *parts)


def summary_path(folder, period_code: str, year: int) -> Path:
    """``folder/out/tong_hop_<period code>_<year>.xlsx``."""
    return output_path(folder, SUMMARY_FILE.format(period_code=period_code, year=year))


def identity_defined_name(key: str) -> str:
    return DEFINED_NAME_PREFIX + key.upper()


HEADER_SEARCH_ROWS = 40
"""A table's header row is looked for in the first rows of its sheet only (title, notes above it)."""


def find_header_row(rows: Iterable[Sequence], required: Sequence[str], optional: Sequence[str] = (),
                    match: Callable[[Sequence, Sequence[str]], dict[str, int]] | None = None,
                    ) -> tuple[int | None, dict[str, int]]:
    """The header row of a table, found by its text wherever it is: one rule for every table xlqms reads.

    The header row is the first of the first :data:`HEADER_SEARCH_ROWS` rows that holds the table's
    key header (``required[0]``: the column it cannot do without) and at least half of ``required``.
    Returns its 0-based index and the 0-based column of each header of ``required`` + ``optional``
    it holds (matched by :func:`xlqms.text.header_key`, or by ``match(row, wanted)`` when given: the
    looser matcher of a table pasted from Word), or ``(None, {})``. The caller reports the
    required headers missing from the row found (a ``missing-column`` finding).
    """
    match = match or find_header_columns
    wanted = tuple(required) + tuple(optional)
    enough = max(1, (len(required) + 1) // 2)
    for index, row in enumerate(islice(rows, HEADER_SEARCH_ROWS)):
        columns = match(row, wanted)
        if required[0] in columns and sum(1 for name in required if name in columns) >= enough:
            return index, columns
    return None, {}


def find_header_columns(row_values, wanted) -> dict[str, int]:
    """Map each wanted header to its 0-based position in ``row_values`` (matched by header_key)."""
    keys = _header_keys(tuple(wanted))
    found: dict[str, int] = {}
    for index, value in enumerate(row_values):
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            continue                       # a number is never a header
        key = header_key(value)
        if key in keys and keys[key] not in found:
            found[keys[key]] = index
    return found


_ANNOTATION = re.compile(r"[(\[\n:*,;%]|\s[-–—]\s")


def find_annotated_columns(row_values, wanted) -> dict[str, int]:
    """:func:`find_header_columns`, and then, for each wanted header still missing, a cell whose text
    is that header followed by a note the user added — ``Kết quả (%)``, ``Tử số\n(số hồ sơ đúng hạn)``,
    ``Mẫu số: tổng số hồ sơ``, ``Kết quả %``, ``Tử số*`` (the text before the first ``(``, ``[``, ``:``,
    ``*``, ``,``, ``;``, ``%``, line break or spaced dash). A cell
    that is itself a wanted header is never taken for another one. Used for returned workbooks,
    whose header row communes annotate."""
    found = find_header_columns(row_values, wanted)
    if len(found) == len(wanted):
        return found
    keys = _header_keys(tuple(wanted))
    taken = set(found.values())
    for index, value in enumerate(row_values):
        if index in taken or not isinstance(value, str):
            continue
        cut = _ANNOTATION.search(value)
        if cut is None or cut.start() == 0:
            continue
        stem = keys.get(header_key(value[:cut.start()].strip()))
        if stem is not None and stem not in found:
            found[stem] = index
            taken.add(index)
    return found


@lru_cache(maxsize=64)
def _header_keys(wanted: tuple[str, ...]) -> dict[str, str]:
    return {header_key(name): name for name in wanted}


def find_sheet(sheet_names, wanted: str) -> str | None:
    """The actual name of a sheet matched by header_key, or None."""
    key = header_key(wanted)
    for name in sheet_names:
        if header_key(name) == key:
            return name
    return None
