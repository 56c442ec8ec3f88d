"""A large round for the consolidated workbook's page tests: a real province's communes (or districts and
their communes), long objective titles and targets as decisions write them, a previous round (so every
pooled result says how it moved), many units missing and late — written as `xlqms rollup` writes it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from builders_attainment import entry, make_campaign, submission
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from xlqms.attainment import evaluate_round
from xlqms.codes import FileState
from xlqms.provinces import province_units
from xlqms.rollup import roll_up
from xlqms.store import FileRecord
from xlqms.summary import write_rollup_workbook
from xlqms.summary_sheet import fit_scale
from xlqms.text_fit import column_points
from xlqms.trends import PreviousRoundInfo, PreviousValue, PreviousValues

DUE = dt.date(2026, 1, 15)

LONG_OBJECTIVES = [
    ("1", "Duy trì, cập nhật và cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại cơ quan, "
          "đơn vị", [("MT01", "Kết quả kiểm tra, đánh giá nội bộ hệ thống quản lý chất lượng đạt yêu cầu")]),
    ("2", "Phấn đấu tỷ lệ hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên thông được giải quyết "
          "đúng hạn và trước hạn", [("MT02", "trên 95%")]),
    ("3", "Phần đầu tỷ lệ hồ sơ thủ tục được trả kết quả trước thời hạn tăng 1% so với năm 2025 (theo "
          "báo cáo năm 2025)", [("MT03", "Tăng 1% so với năm 2025 (48,5%)")]),
    ("4", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều của địa phương", [("MT04", "giảm xuống còn 3-4%")]),
    ("5", "Mức độ hài lòng của tổ chức, cá nhân khi giải quyết thủ tục hành chính tại Bộ phận Một cửa",
     [("MT05", "Tỷ lệ hài lòng tăng 0,5% so với kỳ trước")]),
    ("6", "Ý kiến chỉ đạo của cấp trên có thời hạn được thực hiện đúng hạn", [("MT06", "trên 90%")]),
    ("7", "Đơn thư khiếu nại, tố cáo thuộc thẩm quyền được giải quyết đúng thời hạn quy định",
     [("MT07", "trên 80%"), ("MT07B", "100%")]),
    ("8", "Phản ánh, kiến nghị của người dân (Trung tâm giám sát điều hành đô thị thông minh) được xử lý "
          "đúng hạn", [("MT08", "trên 95%")]),
    ("9", "Văn bản điện tử (trừ văn bản mật) được ký số và luân chuyển trên môi trường mạng", [("MT09", "100%")]),
    ("10", "Thủ tục hành chính thuộc thẩm quyền được niêm yết, công khai đầy đủ, đúng quy định", [("MT10", "100%")]),
    ("11", "Hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến (dịch vụ công trực tuyến toàn "
           "trình)", [("MT11", "từ 50% trở lên")]),
    ("12", "Cán bộ, công chức sử dụng hệ thống thông tin điều hành tác nghiệp và thư điện tử công vụ",
     [("MT12", "100%")]),
]

CHANGE_BASELINES = {"MT05": 95}      # previous values of a change against the previous round


def _percent_entry(code: str, rng: random.Random, low: float, high: float):
    denominator = rng.randint(200, 30000)
    return entry(code, num=round(denominator * rng.uniform(low, high) / 100), den=denominator)


def _values(code: str, target: str, rng: random.Random):
    if code == "MT01":
        return entry(code, passed=rng.random() < 0.8)
    if code == "MT04":
        return entry(code, value=round(rng.uniform(2.5, 5.5), 2))
    if code == "MT03":
        return _percent_entry(code, rng, 45, 52)
    return _percent_entry(code, rng, 85 if "100%" not in target else 97, 100)


def units_of(province: str, districts: int = 0) -> list[tuple[str, str, str, str | None]]:
    """The province and its communes; with ``districts``, that many districts between them (long names)."""
    units = province_units(province)
    root, communes = units[0], units[1:]
    rows: list[tuple[str, str, str, str | None]] = [(root.code, root.name, root.level, None)]
    if not districts:
        return rows + [(unit.code, unit.name, unit.level, root.code) for unit in communes]
    for index in range(districts):     # named after a commune of theirs, as districts often are
        name = communes[index * 7 % len(communes)].name.split(" ", 1)[-1]
        rows.append((f"H{index:02d}", f"Huyện {name}", "Huyện", root.code))
    return rows + [(unit.code, unit.name, unit.level, f"H{index % districts:02d}")
                   for index, unit in enumerate(communes)]


def large_round_workbook(folder, **options) -> Path:
    """Write the consolidated workbook of :func:`large_round` under ``folder``; return its path."""
    campaign, result, files = large_round(folder, **options)
    return write_rollup_workbook(campaign, result, roll_up(campaign, result), [], files,
                                 Path(folder) / "tong_hop_FY_2025.xlsx")


def large_round(folder, *, province: str = "Thanh Hóa", districts: int = 0, submitted_share: float = 0.6,
                late_share: float = 0.3, objectives=LONG_OBJECTIVES, seed: int = 7):
    """(campaign, round result, the store's file records) of a large round."""
    rng = random.Random(seed)
    units = units_of(province, districts)
    campaign = make_campaign(units, objectives, year=2025, period="Cả năm", folder=folder,
                             campaign_id="2025-FY-lon", title="Đợt lớn")
    campaign = replace(campaign, settings=replace(campaign.settings, due_date=DUE))
    members = [code for code, _name, level, _parent in units if level not in ("Tỉnh", "Thành phố")]
    submitting = [code for code in members if rng.random() < submitted_share]
    returns, files, previous = {}, [], {}
    for sequence, code in enumerate(submitting):
        late = rng.random() < late_share
        received = dt.datetime(2026, 1, 20 if late else 10, 9, 30)
        entries = [_values(ind[0], ind[1], rng) for _number, _title, indicators in objectives for ind in indicators]
        returns[code] = submission(code, entries, campaign_id="2025-FY-lon", period="Cả năm", received_at=received)
        files.append(FileRecord(checksum=f"{sequence:064d}", source_path=f"/thu/{code}.xlsx",
                                file_name=f"{code}_ket_qua.xlsx", received_at=received, unit_code=code,
                                state=FileState.ACCEPTED, sequence=sequence))
    for code in members:
        previous[code] = {}
        for _number, _title, indicators in objectives:
            for ind_code, *_rest in indicators:
                if ind_code in ("MT01", "MT04"):
                    continue
                percent = CHANGE_BASELINES.get(ind_code, rng.uniform(40, 99))
                denominator = rng.randint(200, 30000)
                numerator = round(denominator * percent / 100)
                previous[code][ind_code] = PreviousValue(Fraction(100 * numerator, denominator), percent=True,
                                                         numerator=Fraction(numerator),
                                                         denominator=Fraction(denominator), sources=(code,))
    info = PreviousRoundInfo("2025-H1-lon", 2025, "6 tháng đầu năm")
    return campaign, evaluate_round(campaign, returns, PreviousValues(info, previous)), files


def overview_geometry(path) -> dict:
    """What the saved overview sheet prints, read back from the file: its print setup, the zoom
    LibreOffice fits it at (:func:`xlqms.summary_sheet.fit_scale` over the print area's column widths
    and row heights), and every wrapped cell of the print area with its row's height and its width."""
    sheet = load_workbook(path)["Tổng quan"]
    first_column, first_row, last_column, last_row = range_boundaries(sheet.print_area.split("!")[-1].replace("$", ""))

    def width(column: int) -> float:
        dimension = sheet.column_dimensions.get(get_column_letter(column))
        return dimension.width if dimension is not None and dimension.width else 8.43

    heights = {row: sheet.row_dimensions[row].height or 15.0 for row in range(first_row, last_row + 1)}
    spans = {(merged.min_row, merged.min_col): merged.max_col for merged in sheet.merged_cells.ranges}
    cells = []
    for row in range(first_row, last_row + 1):
        for cell in sheet[row][first_column - 1:last_column]:
            if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
                span = range(cell.column, spans.get((row, cell.column), cell.column) + 1)
                cells.append((cell.coordinate, cell.value, sum(width(c) for c in span), cell.font, heights[row]))
    margins = sheet.page_margins
    scale = fit_scale(column_points(sum(width(c) for c in range(first_column, last_column + 1))),
                      sum(heights.values()), (margins.left, margins.right, margins.top, margins.bottom))
    return {"sheet": sheet, "scale": scale, "cells": cells}
