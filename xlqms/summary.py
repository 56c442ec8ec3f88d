"""The consolidated workbook (bảng tổng hợp) that `xlqms rollup` writes, in Vietnamese.

Sheets, in the order a reader wants them:

- **Tổng quan** (:mod:`xlqms.summary_overview`): the round on one printed A4 page — submission
  progress by name, each objective's pooled result with a traffic light and the units meeting it,
  the units with the most objectives not met, each parent's standing, two charts;
- **Ma trận**: unit × indicator, the verdicts as text coloured by conditional-formatting rules on
  that text (so a re-sorted or edited sheet keeps its colours);
- **Xếp hạng**: the units below the bodies ranked by objectives met ("6/10 mục tiêu đạt và vượt");
- **MT 1**, **MT 2**, … (:mod:`xlqms.summary_objectives`): one sheet per objective with its pooled
  result first, the units' figures, the pooled figures per parent and a chart per indicator;
- **Chưa nộp**: the units expected that have not submitted (with a note for those whose workbook came
  back blank: "Nộp tệp trống"), then those that submitted late;
- **Lỗi thu thập**: the findings of collection, with file, sheet and cell;
- **Nguồn số liệu**: the provenance of every figure (file, cells, received when, checksum).

With a previous round (`Đợt trước`, :mod:`xlqms.trends`): each indicator of the **MT n** sheets has
two more columns, the unit's previous value and the change (points for a percent, relative % for a
count or amount); the pooled table the previous pooled value and its change; **Tổng quan** says how
each pooled figure moved ("so với cùng kỳ" / "so với kỳ trước"); **Nguồn số liệu** where each
previous value came from (the old units of `Đơn vị cũ`, pooled or summed).

One meaning per number: who is expected and the submission rate follow
:mod:`xlqms.submission_rate` on every sheet; a consolidating body's own result (the province's, a
district's) is shown apart from the units below it — in its own table, never ranked among them
nor heading a table where a reader expects the total.

Values are written as values; any text a unit typed is written as text (as
:func:`xlqms.spreadsheet.write_text` does) and never becomes a formula. Every table has a frozen
header and an auto-filter; every sheet prints on A4 landscape, fit to width, with its header rows
repeated. The sheets are streamed (:class:`xlqms.streamed_sheet.StreamedSheet`): a national round,
~900,000 cells, takes a few seconds and little memory; with an openpyxl the streamed writer was not
written for, or in ``_write_rollup_workbook_plain``, the same workbook is written cell by cell
with openpyxl's public API (the reference the tests compare it with).
The default output is ``DIR/out/tong_hop_<period code>_<year>.xlsx`` (e.g. ``tong_hop_H1_2026.xlsx``),
regenerated (atomically) on every run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import NamedTuple

from openpyxl.packaging.custom import StringProperty

from xlqms import layout
from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.codes import FileState, label_of
from xlqms.errors import OutputExistsError, XlqmsError, describe_os_error
from xlqms.inbox import refuse_own_target
from xlqms.numbers import as_float
from xlqms.overview import Overview
from xlqms.rollup import RollupResult
from xlqms.round import LoadedRound, load_round
from xlqms.spreadsheet import column_letter, save_workbook_atomically
from xlqms.statuses import Status
from xlqms.streamed_sheet import new_workbook
from xlqms.summary_objectives import objective_sheet_name, shown_value, value_format, write_objective_sheet
from xlqms.summary_overview import SHEET_NAME as OVERVIEW_SHEET
from xlqms.summary_overview import write_overview
from xlqms.summary_sheet import (
    BOLD_STYLE,
    DATETIME_FORMAT,
    HEADER_STYLE,
    MISSING_LABEL,
    NUMBER_FORMAT,
    PERCENT_FORMAT,
    SUBMITTED_LABEL,
    TARGET_STYLE,
    RoundBook,
    Sheet,
    period_text,
)
from xlqms.trends import BASELINE_WORDS, value_text

__all__ = ["RollupOutcome", "build_rollup_workbook", "default_output", "objective_sheet_name", "period_text",
           "write_rollup_workbook", "write_round_summary"]


def default_output(campaign: Campaign) -> Path:
    """``DIR/out/tong_hop_<period code>_<year>.xlsx``."""
    settings = campaign.settings
    return layout.summary_path(campaign.folder, settings.period_code, settings.year)


class RollupOutcome(NamedTuple):
    """What `xlqms rollup` made: the workbook, the round it was made from, and its overview."""

    path: Path
    loaded: LoadedRound
    overview: Overview


def build_rollup_workbook(folder, out=None, force: bool = False) -> tuple[Path, LoadedRound]:
    """Read ``folder``'s round (campaign + store), write the consolidated workbook; return (path, round).

    Never replaces, without ``force``, a consolidated workbook that counted more submitted units
    than this round has (a store rebuilt poorer, a wrong folder): raises
    :class:`~xlqms.errors.OutputExistsError` saying so. (A missing or damaged store is refused
    before, by :func:`xlqms.store.read_records`.)
    """
    outcome = write_round_summary(folder, out, force=force)
    return outcome.path, outcome.loaded


def write_round_summary(folder, out=None, force: bool = False) -> RollupOutcome:
    """:func:`build_rollup_workbook`, with the overview the workbook opens on (what `xlqms rollup` prints)."""
    loaded = load_round(folder)
    path = Path(out) if out else default_output(loaded.campaign)
    refuse_own_target(path, folder)
    before = recorded_submissions(path)
    now = len(loaded.round_result.submitted)
    if before is not None and now < before and not force:
        raise OutputExistsError(
            f"Bảng tổng hợp hiện có ({path}) tính {before} đơn vị đã nộp, nhưng sổ ghi chép bây giờ chỉ có {now}. "
            "xlqms không ghi đè bằng một đợt ít số liệu hơn. Kiểm tra thư mục đợt và kho lưu trữ (xlqms status); "
            "nếu đúng là muốn thay, chạy lại với --force.")
    data = RoundBook(loaded.campaign, loaded.round_result, loaded.rollup, list(loaded.findings), list(loaded.files))
    book, sheet_class = new_workbook()
    _write_sheets(book, sheet_class, data)
    return RollupOutcome(_save(book, loaded.campaign, path, now), loaded, data.overview)


def write_rollup_workbook(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings, files,
                          out_path) -> Path:
    """Write the consolidated workbook to ``out_path`` (atomically) and return its path.

    The sheets are streamed (:class:`xlqms.streamed_sheet.StreamedSheet` in a write-only workbook):
    a national round (~900,000 cells) is written in a few seconds with flat memory. With an openpyxl
    the streamed writer does not support, they are written cell by cell (same content, slower).
    """
    book, sheet_class = new_workbook()
    _write_sheets(book, sheet_class, RoundBook(campaign, round_result, rollup, list(findings or ()), list(files or ())))
    return _save(book, campaign, out_path, len(round_result.submitted))


def _write_rollup_workbook_plain(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings, files,
                                 out_path, made_at: dt.datetime | None = None) -> Path:
    """The same workbook written cell by cell with openpyxl: the reference the tests compare with."""
    book, sheet_class = new_workbook(fast=False)
    data = RoundBook(campaign, round_result, rollup, list(findings or ()), list(files or ()))
    if made_at is not None:
        data.made_at = made_at
    _write_sheets(book, sheet_class, data)
    return _save(book, campaign, out_path, len(round_result.submitted))


def sheet_writers(data: RoundBook) -> list[tuple[str, Callable[[Sheet], None]]]:
    """(sheet name, writer) in the workbook's order."""
    objectives: list[tuple[str, Callable[[Sheet], None]]] = [
        (objective_sheet_name(objective.number), partial(write_objective_sheet, objective=objective))
        for objective in data.campaign.objectives]
    return ([(OVERVIEW_SHEET, write_overview), ("Ma trận", write_matrix), ("Xếp hạng", write_ranking)]
            + objectives + [(MISSING_LABEL, write_missing), ("Lỗi thu thập", write_findings),
                            ("Nguồn số liệu", write_sources)])


def _write_sheets(book, sheet_class, data: RoundBook) -> None:
    for title, write in sheet_writers(data):
        sheet = Sheet(sheet_class(book, title), data)
        write(sheet)
        sheet.close()


SUBMITTED_PROPERTY = "xlqms_units_submitted"
"""Custom document property of the consolidated workbook: how many units had submitted."""


def recorded_submissions(path) -> int | None:
    """The units submitted that an existing consolidated workbook counted (None: no such file or record;
    a stream in its place, ``/dev/stdout`` or a named pipe, is never read: that would wait forever)."""
    if not os.path.isfile(path):
        return None
    try:       # the workbook may have been damaged or edited: read at most 64 KiB, never fail on it
        with zipfile.ZipFile(path) as archive, archive.open("docProps/custom.xml") as stream:
            xml = stream.read(64 * 1024).decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, EOFError, RuntimeError, NotImplementedError,
            zlib.error):
        return None
    match = re.search(r'name="' + SUBMITTED_PROPERTY + r'"[^>]*>\s*<vt:\w+[^>]*>\s*(\d{1,9})\s*<', xml)
    return int(match.group(1)) if match else None


def _save(book, campaign: Campaign, out_path, submitted: int) -> Path:
    book.properties.title = campaign.settings.display_title
    book.properties.creator = "xlqms"
    book.custom_doc_props.append(StringProperty(name=SUBMITTED_PROPERTY, value=str(submitted)))
    path = Path(out_path)
    try:
        save_workbook_atomically(book, path)
    except OSError as exc:
        raise XlqmsError(describe_os_error(exc, path)) from exc
    return path


# -- Ma trận ---------------------------------------------------------------------------------------

MATRIX_FIXED = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "MT đạt và vượt"]


def write_matrix(sheet: Sheet) -> None:
    """Unit × indicator: the units below the bodies, then the bodies' own results in a table of their own."""
    data = sheet.book
    sheet.title("MA TRẬN ĐÁNH GIÁ: ĐƠN VỊ × CHỈ TIÊU")
    indicators = data.campaign.indicators
    sheet.widths([12, 30, 24, 10] + [14] * len(indicators))
    sheet.row_height(4, 75)
    first = len(MATRIX_FIXED) + 1
    for column, indicator in enumerate(indicators, start=first):
        sheet.text(4, column, f"MT {indicator.objective}: {indicator.text}", TARGET_STYLE)
    header_row = 5
    codes = [indicator.code for indicator in indicators]
    sheet.header_row(header_row, MATRIX_FIXED + codes)
    last = _matrix_rows(sheet, header_row, data.members, indicators)
    last_column = len(MATRIX_FIXED) + len(indicators)
    if last > header_row and indicators:
        sheet.verdict_rules(f"{column_letter(first)}{header_row + 1}:{column_letter(last_column)}{last}")
    sheet.verdict_rules(f"D{header_row + 1}:D{max(last, header_row + 1)}")
    sheet.finish(header_row, last, last_column, freeze_column=3, first_header_row=4)
    if data.bodies_own:
        row = last + 2
        sheet.text(row, 1, "Kết quả của chính các đơn vị tổng hợp (để riêng, không tính vào bảng trên)", BOLD_STYLE)
        own_header = row + 1
        sheet.header_row(own_header, MATRIX_FIXED + codes)
        end = _matrix_rows(sheet, own_header, data.bodies_own, indicators)
        sheet.verdict_rules(f"D{own_header + 1}:{column_letter(max(last_column, 4))}{end}")


def _matrix_rows(sheet: Sheet, row: int, units, indicators) -> int:
    put = sheet.put
    for unit in units:
        row += 1
        put(row, 1, unit.code)
        put(row, 2, unit.name, align="wrap")
        put(row, 3, sheet.book.name(unit.parent) if unit.parent else "", align="wrap")
        put(row, 4, f"{unit.objectives_met}/{unit.objectives_total}" if unit.submitted else MISSING_LABEL)
        results = {ind.code: ind for ind in unit.indicators}
        for column, indicator in enumerate(indicators, start=len(MATRIX_FIXED) + 1):
            result = results.get(indicator.code)
            if result is None:
                value = "—"            # the indicator does not apply to this unit
            elif not unit.submitted and result.status is Status.NO_DATA:
                value = MISSING_LABEL
            else:
                value = result.label
            put(row, column, value, align="center")
    return row


# -- Xếp hạng ----------------------------------------------------------------------------------

RANKING_COLUMNS = ["Hạng", "Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Tình trạng", "Số MT đạt và vượt",
                   "Tổng số MT", "Tỷ lệ MT đạt", "Mục tiêu đạt (số)", "Mục tiêu không đạt (số)",
                   "Thiếu số liệu (số)", "Chưa đánh giá (số)", "Kết luận"]
RANKING_WIDTHS = (7, 12, 30, 10, 26, 11, 11, 9, 11, 20, 20, 16, 16, 56)


def write_ranking(sheet: Sheet) -> None:
    """The units below the bodies, ranked (ties share a rank); missing units after them, unranked; the
    bodies' own results in a table of their own, never ranked among the units below them."""
    data = sheet.book
    sheet.title("KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG THEO ĐƠN VỊ (XẾP HẠNG)")
    header_row = 4
    sheet.widths(RANKING_WIDTHS)
    sheet.header_row(header_row, RANKING_COLUMNS)
    ranked = sorted((u for u in data.members if u.submitted),
                    key=lambda u: (-(u.objectives_met / u.objectives_total), -u.objectives_met, u.code))
    missing = [u for u in data.members if not u.submitted]
    row, rank, previous = header_row, 0, None
    for position, unit in enumerate(ranked + missing, start=1):
        row += 1
        key = (unit.objectives_met / unit.objectives_total, unit.objectives_met)
        if unit.submitted and key != previous:
            rank, previous = position, key
        _ranking_row(sheet, row, unit, rank if unit.submitted else None)
    sheet.finish(header_row, row, len(RANKING_COLUMNS), freeze_column=4)
    if data.bodies_own:
        row += 2
        sheet.text(row, 1, "Kết quả của chính các đơn vị tổng hợp (không xếp hạng cùng các đơn vị cấp dưới)",
                   BOLD_STYLE)
        row += 1
        sheet.header_row(row, ["", *RANKING_COLUMNS[1:]])
        for unit in data.bodies_own:
            row += 1
            _ranking_row(sheet, row, unit, None)


def _ranking_row(sheet: Sheet, row: int, unit, rank: int | None) -> None:
    values = [rank, unit.code, unit.name, unit.level, sheet.book.name(unit.parent) if unit.parent else "",
              SUBMITTED_LABEL if unit.submitted else MISSING_LABEL, unit.objectives_met if unit.submitted else None,
              unit.objectives_total,
              100 * unit.objectives_met / unit.objectives_total if unit.submitted else None,
              ", ".join(unit.met_numbers), ", ".join(unit.not_met_numbers),
              ", ".join(unit.no_data_numbers) if unit.submitted else "", ", ".join(unit.not_due_numbers), unit.summary]
    for column, value in enumerate(values, start=1):
        # Every cell wrapped, at the top; the row as tall as its tallest cell (names, lists, the conclusion).
        sheet.put(row, column, value, PERCENT_FORMAT if column == 9 else None, "wrap")


# -- Chưa nộp ----------------------------------------------------------------------------------


def write_missing(sheet: Sheet) -> None:
    """The units expected (:mod:`xlqms.submission_rate`) that have not submitted; then the late ones."""
    data = sheet.book
    progress = data.overview.progress
    sheet.title("ĐƠN VỊ CHƯA NỘP BÁO CÁO", f"{progress.summary()} — {data.subtitle}")
    header_row = 4
    headers = ["STT", "Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Đơn vị cấp trên", "Số mục tiêu",
               "Ghi chú"]
    # Column 4 holds Cấp here and Nhận lúc (dd/mm/yyyy hh:mm) in the table of late units below.
    sheet.widths((6, 12, 34, 17, 14, 30, 11, 40))
    sheet.header_row(header_row, headers)
    blank = {record.unit_code: f"{FileState.BLANK.label}: {record.file_name}" for record in data.files
             if record.state is FileState.BLANK and record.unit_code}
    for record in data.files:          # a unit that has not submitted with a held file: it was never used
        if record.state is FileState.HELD and record.unit_code:
            blank.setdefault(record.unit_code, f"Tệp {FileState.HELD.label.lower()}, chưa dùng: {record.file_name} "
                                               "(xem xlqms status)")
    row = header_row
    for number, unit in enumerate(progress.missing, start=1):
        row += 1
        result = data.results[unit.code]
        for column, value in enumerate((number, unit.code, unit.name, result.level, unit.parent or "",
                                        data.name(unit.parent) if unit.parent else "", result.objectives_total,
                                        blank.get(unit.code, "")),
                                       start=1):
            sheet.put(row, column, value, align="wrap" if column in (3, 6, 8) else "")
    if row == header_row:
        sheet.text(row + 1, 1, "Tất cả đơn vị đã nộp báo cáo.")
    sheet.finish(header_row, row, len(headers))
    if progress.late:
        row = max(row, header_row + 1) + 2
        due = data.campaign.settings.due_date
        sheet.text(row, 1, f"Đơn vị nộp muộn (sau hạn {due:%d/%m/%Y})" if due else "Đơn vị nộp muộn", BOLD_STYLE)
        row += 1
        sheet.header_row(row, ["STT", "Mã đơn vị", "Tên đơn vị", "Nhận lúc", "Mã đơn vị cấp trên", "Đơn vị cấp trên"])
        for number, unit in enumerate(progress.late, start=1):
            row += 1
            for column, value in enumerate((number, unit.code, unit.name, _local(unit.received_at), unit.parent or "",
                                            data.name(unit.parent) if unit.parent else ""), start=1):
                sheet.put(row, column, value, DATETIME_FORMAT if isinstance(value, dt.datetime) else None,
                          "wrap" if column in (3, 6) else "")


# -- Lỗi thu thập ------------------------------------------------------------------------------


def write_findings(sheet: Sheet) -> None:
    sheet.title("LỖI VÀ CẢNH BÁO KHI THU THẬP")
    header_row = 4
    headers = ["STT", "Mức độ", "Mã lỗi", "Tệp", "Trang tính", "Ô", "Mã chỉ tiêu", "Nội dung, cách sửa"]
    sheet.widths((6, 11, 26, 34, 14, 8, 12, 80))
    sheet.header_row(header_row, headers)
    row = header_row
    for number, finding in enumerate(sheet.book.findings, start=1):
        row += 1
        location = finding.location
        values = (number, finding.severity.label, finding.code, location.file or "", location.sheet or "",
                  location.cell or "", finding.indicator or "")
        for column, value in enumerate(values, start=1):
            sheet.put(row, column, value, align="wrap" if column in (4, 5) else "")
        sheet.put(row, 8, finding.message, align="wrap")
    if row == header_row:
        sheet.text(row + 1, 1, "Không có lỗi nào khi thu thập.")
    sheet.finish(header_row, row, len(headers))


# -- Nguồn số liệu -----------------------------------------------------------------------------


def _local(moment):
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.astimezone().replace(tzinfo=None)
    return moment


def write_sources(sheet: Sheet) -> None:
    data = sheet.book
    sheet.title("NGUỒN SỐ LIỆU: TỆP, Ô VÀ THỜI ĐIỂM NHẬN CỦA TỪNG SỐ LIỆU")
    header_row = 4
    headers = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Ô trong trang Kết quả",
               "Tệp đã nhận", "Nhận lúc", "Mã kiểm tra (SHA-256)"]
    sheet.widths((12, 28, 12, 10, 10, 11, 60, 34, 17, 66))
    sheet.header_row(header_row, headers)
    indicators = {ind.code: ind for ind in data.campaign.indicators}
    row = header_row
    put = partial(sheet.put, align="wrap")      # every cell at the top of its row: the cells' list wraps
    for unit in data.round_result.submitted:
        provenance = unit.provenance
        file_name = provenance.file_name if provenance else ""
        checksum = provenance.checksum if provenance else ""
        received = _local(provenance.received_at if provenance else None)
        for ind in unit.indicators:
            if not ind.has_value and not ind.cells:
                continue
            row += 1
            put(row, 1, unit.code)
            put(row, 2, unit.name, align="wrap")
            put(row, 3, ind.code)
            put(row, 4, as_float(ind.numerator) if ind.ratio else None, NUMBER_FORMAT)
            put(row, 5, as_float(ind.denominator) if ind.ratio else None, NUMBER_FORMAT)
            if ind.passed is not None:
                put(row, 6, "Đạt" if ind.passed else "Không đạt")
            elif ind.code in indicators:
                put(row, 6, shown_value(ind, indicators[ind.code]), value_format(indicators[ind.code]))
            else:
                put(row, 6, ind.number, PERCENT_FORMAT if ind.percent else NUMBER_FORMAT)
            put(row, 7, ", ".join(f"{header}: {layout.RESULTS_SHEET}!{cell}" for header, cell in ind.cells))
            put(row, 8, file_name)
            put(row, 9, received, DATETIME_FORMAT)
            put(row, 10, checksum, align="top")          # the last column: it runs on past its edge
    sheet.finish(header_row, row, len(headers), freeze_column=3)
    row = _files_table(sheet, row + 2)
    if data.round_result.previous is not None:
        _previous_sources(sheet, row + 2)


def _previous_sources(sheet: Sheet, row: int) -> None:
    """Where each previous value came from: the previous round, and the old units merged (Đơn vị cũ)."""
    data = sheet.book
    before = data.round_result.previous
    assert before is not None
    sheet.text(row, 1, f"Kết quả kỳ trước: đợt {before.campaign_id} (thư mục {data.campaign.settings.previous}); "
                       "đơn vị sáp nhập hay đổi mã lấy kết quả của các đơn vị cũ (trang Đơn vị cũ của campaign.xlsx)",
               BOLD_STYLE)
    row += 1
    sheet.header_row(row, ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tử số kỳ trước", "Mẫu số kỳ trước",
                           "Kết quả kỳ trước", "Cách tính", "Từ đơn vị cũ", "Mức cơ sở"])
    put = sheet.put
    for unit in data.round_result.units:
        for ind in unit.indicators:
            previous = ind.previous
            if previous is None:
                continue
            row += 1
            values = (unit.code, unit.name, ind.code, as_float(previous.numerator), as_float(previous.denominator))
            for column, value in enumerate(values, start=1):
                put(row, column, value, NUMBER_FORMAT if column > 3 else None)
            if isinstance(previous.value, bool):
                put(row, 6, value_text(previous.value, False))
            else:
                put(row, 6, previous.number, PERCENT_FORMAT if previous.percent else NUMBER_FORMAT)
            put(row, 7, previous.combination.label)
            put(row, 8, previous.origin, align="wrap")
            put(row, 9, BASELINE_WORDS[ind.baseline_source] if ind.baseline_source is not None else "")


def _files_table(sheet: Sheet, row: int) -> int:
    """Every file the store took in (accepted or not), when the store gives them; returns the last row."""
    data = sheet.book
    if not data.files:
        return row
    sheet.text(row, 1, "Các tệp đã nhận (mọi phiên bản được lưu nguyên vẹn trong kho)", BOLD_STYLE)
    row += 1
    # Under the columns of the table above (Tệp đã nhận, Nhận lúc, Mã kiểm tra); the state across the others.
    sheet.merge(row, 3, row, 7)
    sheet.header_row(row, ["Mã đơn vị", "Tên đơn vị", "Trạng thái"])
    for column, header in ((8, "Tệp đã nhận"), (9, "Nhận lúc"), (10, "Mã kiểm tra (SHA-256)")):
        sheet.styled(row, column, header, HEADER_STYLE)
    for record in data.files:
        row += 1
        unit_code = record.unit_code or ""
        sheet.merge(row, 3, row, 7)
        values = {1: unit_code, 2: data.name(unit_code) if unit_code else "", 3: label_of(record.state),
                  8: record.file_name, 9: _local(record.received_at), 10: record.checksum}
        for column, value in values.items():
            sheet.put(row, column, value, DATETIME_FORMAT if isinstance(value, dt.datetime) else None,
                      "wrap" if column in (2, 3, 8) else "")
    return row

