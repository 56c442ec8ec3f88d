"""The synthetic national round of the benchmark, and what "a user would write instead".

Everything here works on files only, with openpyxl and pandas, OUTSIDE xlqms's own code paths
(except writing campaign.xlsx, which goes through ``xlqms.campaign_workbook.write_campaign_workbook`` as
``xlqms init`` would): the filler is how a commune fills its workbook, the naive generator is the
per-unit load-fill-save loop a secretary would script, ``read_all_with_pandas`` is the naive
collector.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

SEED = "xlqms-national-benchmark"
YEAR = 2026
PERIOD = "6 tháng đầu năm"
CAMPAIGN_ID = "2026-H1-quocgia"
COMMUNE_LEVELS = ("Xã", "Phường", "Đặc khu")

# Kết quả headers, as the contract names them (matched after NFC, case and spaces ignored).
H_CODE, H_TARGET = "Mã chỉ tiêu", "Chỉ tiêu"
H_NUMERATOR, H_DENOMINATOR, H_VALUE, H_BASELINE, H_EXPLANATION = (
    "Tử số", "Mẫu số", "Kết quả", "Kết quả kỳ trước", "Thuyết minh")
RESULTS_SHEET = "Kết quả"


@dataclass(frozen=True)
class Spec:
    """One indicator of the synthetic catalogue and how a commune fills it."""

    target: str
    fill: str           # see fill_values()
    period: str = ""    # "Cả năm" = judged at year end only


# Ten objectives, sixteen indicators, every form of the target language. (title, specs, measures)
OBJECTIVES: tuple[tuple[str, tuple[Spec, ...], tuple[tuple[str, str, str], ...]], ...] = (
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
     (Spec("Niêm yết, công khai thủ tục hành chính đạt yêu cầu", "qualitative"),
      Spec("Kết quả kiểm tra, đánh giá nội bộ hệ thống quản lý chất lượng đạt yêu cầu", "not_due", "Cả năm")),
     (("Cập nhật, niêm yết công khai kịp thời thủ tục hành chính", "Thường xuyên", "Thư ký ISO"),
      ("Tổ chức đánh giá nội bộ và xem xét của lãnh đạo", "Tháng 11/2026", "Ban chỉ đạo ISO"))),
    ("Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn",
     (Spec("trên 95%", "ratio"), Spec("100%", "ratio_small")),
     (("Theo dõi, đôn đốc giải quyết hồ sơ trên phần mềm một cửa điện tử", "Hàng tháng", "Bộ phận một cửa"),
      ("Xin lỗi tổ chức, cá nhân khi hồ sơ trễ hạn", "Thường xuyên", "Chủ tịch UBND"))),
    ("Mức độ hài lòng của tổ chức, cá nhân khi giải quyết thủ tục hành chính",
     (Spec("≥ 98%", "percent"),),
     (("Khảo sát mức độ hài lòng khi trả kết quả", "Hàng tháng", "Bộ phận một cửa"),)),
    ("Ý kiến chỉ đạo của cấp trên có thời hạn được thực hiện đúng hạn",
     (Spec("trên 90%", "ratio_small"),),
     (("Theo dõi ý kiến chỉ đạo trên hệ thống quản lý văn bản", "Hàng tuần", "Văn phòng HĐND và UBND"),)),
    ("Đơn thư khiếu nại, tố cáo thuộc thẩm quyền được giải quyết",
     (Spec("trên 80%", "ratio_small"), Spec("giảm 10% số đơn thư so với năm 2025", "change_relative")),
     (("Tiếp công dân, phân loại và giải quyết đơn thư theo quy định", "Thường xuyên", "Lãnh đạo UBND"),)),
    ("Văn bản điện tử được ký số và luân chuyển trên môi trường mạng",
     (Spec("100%", "ratio"), Spec("Tăng 1% so với năm 2025 (97,5%)", "change_known")),
     (("Ký số, phát hành văn bản trên hệ thống quản lý văn bản và điều hành", "Thường xuyên", "Văn phòng HĐND và UBND"),)),
    ("Hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình",
     (Spec("từ 60% trở lên", "ratio"),),
     (("Hướng dẫn tổ chức, công dân nộp hồ sơ trực tuyến", "Thường xuyên", "Bộ phận một cửa"),)),
    ("Hoàn thành các chỉ tiêu phát triển kinh tế - xã hội được giao",
     (Spec("18/20 chỉ tiêu", "ratio_of_20"),),
     (("Giao chỉ tiêu cho từng bộ phận, kiểm điểm hàng quý", "Hàng quý", "Chủ tịch UBND"),)),
    ("Giải quyết việc làm, thu ngân sách trên địa bàn",
     (Spec("50 lao động", "count"), Spec("14-15%", "range")),
     (("Phối hợp giới thiệu việc làm cho người lao động", "Thường xuyên", "Công chức Văn hóa - Xã hội"),
      ("Khai thác nguồn thu, chống thất thu ngân sách", "Thường xuyên", "Công chức Tài chính - Kế toán"))),
    ("Giảm nghèo bền vững, bảo đảm trật tự an toàn xã hội",
     (Spec("Giảm 0,5% tỷ lệ hộ nghèo so với năm 2025", "change_points"), Spec("không quá 5 vụ", "cap")),
     (("Rà soát hộ nghèo, hỗ trợ sinh kế", "Tháng 12/2026", "Công chức Văn hóa - Xã hội"),
      ("Tuần tra, kiểm soát, xử lý vi phạm trật tự an toàn giao thông", "Thường xuyên", "Công an xã"))),
)

EXPLANATIONS = (
    "Số liệu lấy từ phần mềm một cửa điện tử đến ngày 15/6/2026",
    "Có {n} hồ sơ trễ hạn do phải xác minh thực địa, đã gửi thư xin lỗi",
    "Theo báo cáo của công chức phụ trách",
    "Số liệu đã đối chiếu với Hệ thống thông tin giải quyết TTHC của tỉnh",
    "Chưa đạt do thiếu nhân lực, sẽ khắc phục trong 6 tháng cuối năm",
)


# --- units and campaign.xlsx ---------------------------------------------------------------------

def national_units(communes: int | None = None, provinces: int | None = None):
    """34 provinces (or the first ``provinces``) and their communes from vietnam-provinces.

    With ``communes`` below the real count, each province keeps a share proportional to its real
    count (at least one), its first communes in code order. Returns xlqms ``Unit`` objects.
    """
    import vietnam_provinces as vp

    from xlqms.provinces import province_units

    codes = sorted(int(p.code) for p in vp.Province.iter_all())[:provinces or None]
    per_province = [province_units(code) for code in codes]
    total = sum(len(units) - 1 for units in per_province)
    wanted = total if communes is None else max(len(per_province), min(communes, total))
    shares = [(len(units) - 1) * wanted / total for units in per_province]
    quota = [max(1, int(share)) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for index in by_remainder:
        if sum(quota) >= wanted:
            break
        quota[index] += 1
    while sum(quota) > wanted:               # the at-least-one rule may overshoot on tiny runs
        quota[quota.index(max(quota))] -= 1
    chosen = []
    for units, keep in zip(per_province, quota):
        chosen.append(units[0])
        chosen.extend(units[1:1 + keep])
    return chosen


def catalogue_entries(levels: tuple[str, ...]):
    """The synthetic catalogue as xlqms ``CatalogueEntry`` rows, applying to commune levels only."""
    from xlqms.catalogue import CatalogueEntry

    applies = ", ".join(levels)
    return tuple(
        CatalogueEntry(title, tuple((spec.target, spec.period) for spec in specs), measures, applies_to=applies)
        for title, specs, measures in OBJECTIVES
    )


def write_campaign(folder: Path, units) -> Path:
    """campaign.xlsx of the national round, written as `xlqms init` writes one."""
    from xlqms.campaign import Settings
    from xlqms.campaign_workbook import write_campaign_workbook

    settings = Settings(
        year=YEAR, period=PERIOD, title=f"Báo cáo kết quả thực hiện Mục tiêu chất lượng {PERIOD} {YEAR} — toàn quốc",
        due_date=dt.date(YEAR, 7, 15), campaign_id=CAMPAIGN_ID, issuer="Bộ Khoa học và Công nghệ",
        contact="iso@most.gov.vn",
    )
    levels = tuple(level for level in COMMUNE_LEVELS if any(unit.level == level for unit in units))
    folder.mkdir(parents=True, exist_ok=True)
    return write_campaign_workbook(folder / "campaign.xlsx", settings, units, catalogue_entries(levels))


def spec_by_code(campaign) -> dict[str, Spec]:
    """Map each indicator code xlqms gave to its Spec (matched by objective order and position)."""
    specs: dict[str, Spec] = {}
    for objective, (_, objective_specs, _) in zip(campaign.objectives, OBJECTIVES):
        for indicator, spec in zip(objective.indicators, objective_specs):
            assert indicator.text == spec.target, (indicator.text, spec.target)
            specs[indicator.code] = spec
    return specs


# --- filling as a commune would ------------------------------------------------------------------

def fill_values(spec: Spec, rng: random.Random) -> dict[str, object]:
    """Plausible values a commune types for one indicator; blank cells are absent from the dict."""
    kind = spec.fill
    if kind == "not_due":
        return {}
    if rng.random() < 0.02:                  # a commune that left the row blank
        return {}
    row: dict[str, object] = {}
    if kind in ("ratio", "ratio_small"):
        denominator = rng.randint(200, 2500) if kind == "ratio" else rng.randint(3, 40)
        share = min(1.0, rng.uniform(0.82, 1.04))
        numerator = min(denominator, round(denominator * share))
        if kind == "ratio" and rng.random() < 0.15:       # some type the percent instead
            row[H_VALUE] = round(100 * numerator / denominator, 1)
        else:
            row[H_NUMERATOR], row[H_DENOMINATOR] = numerator, denominator
    elif kind == "ratio_of_20":
        row[H_NUMERATOR], row[H_DENOMINATOR] = rng.randint(14, 20), 20
    elif kind == "percent":
        row[H_VALUE] = round(rng.uniform(95.0, 100.0), 1)
    elif kind == "count":
        row[H_VALUE] = rng.randint(20, 90)
    elif kind == "range":
        row[H_VALUE] = round(rng.uniform(12.5, 16.5), 1)
    elif kind == "change_known":
        row[H_VALUE] = round(rng.uniform(97.0, 100.0), 1)
    elif kind == "change_relative":
        baseline = rng.randint(5, 40)
        row[H_BASELINE], row[H_VALUE] = baseline, max(0, round(baseline * rng.uniform(0.6, 1.1)))
    elif kind == "change_points":
        baseline = round(rng.uniform(1.5, 9.0), 2)
        row[H_BASELINE], row[H_VALUE] = baseline, round(max(0.0, baseline - rng.uniform(0.0, 1.2)), 2)
    elif kind == "cap":
        row[H_VALUE] = rng.randint(0, 8)
    elif kind == "qualitative":
        row[H_VALUE] = "Đạt" if rng.random() < 0.9 else "Không đạt"
    else:
        raise ValueError(kind)
    if rng.random() < 0.3:
        row[H_EXPLANATION] = rng.choice(EXPLANATIONS).format(n=rng.randint(1, 9))
    return row


def _key(text) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", str(text)).split()).casefold() if text is not None else ""


def find_header(sheet, wanted=(H_CODE, H_NUMERATOR, H_DENOMINATOR, H_VALUE, H_BASELINE, H_EXPLANATION)):
    """(header row number, {header: column number}) of the first row holding every wanted header."""
    keys = {_key(name): name for name in wanted}
    for row in sheet.iter_rows(min_row=1, max_row=60):
        found = {keys[_key(cell.value)]: cell.column for cell in row
                 if isinstance(cell.value, str) and _key(cell.value) in keys}
        if len(found) == len(keys):
            return row[0].row, found
    raise LookupError(f"no header row with {', '.join(wanted)} in {sheet.title}")


def fill_workbook(source: str, destination: str, unit_code: str, specs: dict[str, Spec]) -> dict:
    """Open a generated workbook, fill its Kết quả rows as the commune would, save elsewhere.

    Returns {indicator code: {header: value written}} — what the collected data must equal.
    """
    from openpyxl import load_workbook

    rng = random.Random(f"{SEED}:{unit_code}")
    book = load_workbook(source)
    sheet = next(ws for ws in book.worksheets if _key(ws.title) == _key(RESULTS_SHEET))
    header, columns = find_header(sheet)
    written: dict[str, dict] = {}
    for row in range(header + 1, sheet.max_row + 1):
        code = sheet.cell(row, columns[H_CODE]).value
        if code is None or str(code).strip() not in specs:
            continue
        code = str(code).strip()
        values = fill_values(specs[code], rng)
        for name, value in values.items():
            sheet.cell(row, columns[name]).value = value
        written[code] = values
    Path(destination).parent.mkdir(parents=True, exist_ok=True)
    book.save(destination)
    return written


def fill_many(jobs: list[tuple[str, str, str]], specs: dict[str, Spec]) -> dict[str, dict]:
    """fill_workbook over (source, destination, unit code) jobs; {unit code: written values}."""
    return {code: fill_workbook(source, destination, code, specs) for source, destination, code in jobs}


# --- what a user would write instead -------------------------------------------------------------

def identity_cells(template: str, unit_code: str, unit_name: str) -> list[tuple[str, str]]:
    """(sheet, cell) of every text cell of a generated workbook that holds its unit's code or name."""
    from openpyxl import load_workbook

    book = load_workbook(template)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (unit_code in cell.value or unit_name.casefold() in cell.value.casefold()):
                    found.append((sheet.title, cell.coordinate))
    return found


def naive_generate(template: str, template_unit: tuple[str, str], units: list[tuple[str, str]], out_dir: str) -> int:
    """The per-unit loop a user writes: load the template, put the unit's code/name in, save a copy."""
    from openpyxl import load_workbook

    old_code, old_name = template_unit
    cells = identity_cells(template, old_code, old_name)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for code, name in units:
        book = load_workbook(template)
        for sheet_name, coordinate in cells:
            cell = book[sheet_name][coordinate]
            text = cell.value.replace(old_code, code).replace(old_name, name).replace(old_name.upper(), name.upper())
            cell.value = text
        book.save(out / f"{code}.xlsx")
    return len(units)


def read_all_with_pandas(paths: list[str]) -> int:
    """The competent naive collector: ``pandas.read_excel`` of the results sheet of every file with the
    calamine engine, one file after the other (one core); returns rows read."""
    import pandas as pd

    rows = 0
    for path in paths:
        rows += len(pd.read_excel(path, sheet_name="Kết quả", engine="calamine"))
    return rows


def _floor_one(path: str) -> int:
    import hashlib

    from python_calamine import CalamineWorkbook

    with open(path, "rb") as stream:
        data = stream.read()
    hashlib.sha256(data).hexdigest()
    book = CalamineWorkbook.from_path(path)
    try:
        return len(book.get_sheet_by_name("Kết quả").to_python())
    finally:
        book.close()


def floor_read(paths: list[str], workers: int = 2) -> int:
    """The floor of collecting: hash every file and read its results sheet with calamine, in
    ``workers`` processes, nothing else (no checks, no archive, no store); returns rows read."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_floor_one, paths, chunksize=32))


def _floor_record_one(path: str) -> tuple[str, bytes, int]:
    import hashlib
    import io

    from python_calamine import CalamineWorkbook

    with open(path, "rb") as stream:
        data = stream.read()
    checksum = hashlib.sha256(data).hexdigest()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return checksum, data, len(book.get_sheet_by_name("Kết quả").to_python())
    finally:
        book.close()


def floor_with_record(paths: list[str], archive, workers: int = 2, batch: int = 200) -> int:
    """The floor plus the record issue 15 asks for, and nothing else: every file hashed and its results
    sheet read with calamine in ``workers`` processes, as :func:`floor_read`; then, in the collecting
    process, its bytes kept in ``archive`` as ``<sha256>.xlsx`` (a temporary file renamed into place,
    as xlqms keeps them) and one journal line per file (original name, path, size), the journal
    flushed to disk (``fsync``) once per ``batch`` files. No checks, no identity, no store. Returns
    rows read."""
    import json
    import os
    from concurrent.futures import ProcessPoolExecutor

    archive = Path(archive)
    archive.mkdir(parents=True, exist_ok=True)
    rows = 0
    with ProcessPoolExecutor(max_workers=workers) as pool, open(archive / "journal.jsonl", "a",
                                                                   encoding="utf-8") as journal:
        for index, (path, (checksum, data, read)) in enumerate(
                zip(paths, pool.map(_floor_record_one, paths, chunksize=32)), start=1):
            rows += read
            temporary = archive / f".tmp-{checksum}.xlsx"
            with open(temporary, "wb") as out:
                out.write(data)
            os.replace(temporary, archive / f"{checksum}.xlsx")
            journal.write(json.dumps({"checksum": checksum, "name": Path(path).name, "source": path,
                                      "size": len(data)}, ensure_ascii=False) + "\n")
            if index % batch == 0:
                journal.flush()
                os.fsync(journal.fileno())
        journal.flush()
        os.fsync(journal.fileno())
    return rows


# --- comparisons ----------------------------------------------------------------------------------

def workbook_snapshot(path, ignore_values=()) -> dict:
    """What must not change between two builds of a workbook: sheets and their states, every cell's
    value or formula and number format, merged cells, data validations, conditional formats,
    protection, defined names and custom document properties. Values in ``ignore_values``
    (e.g. a generation timestamp) are replaced by a marker."""
    from openpyxl import load_workbook

    def clean(value):
        if isinstance(value, str) and any(item and item in value for item in ignore_values):
            return "<ignored>"
        return value

    book = load_workbook(path)
    sheets = {}
    for sheet in book.worksheets:
        cells = {cell.coordinate: (clean(cell.value), cell.number_format, bool(cell.protection.locked))
                 for row in sheet.iter_rows() for cell in row if cell.value is not None}
        sheets[sheet.title] = {
            "state": sheet.sheet_state,
            "cells": cells,
            "merged": sorted(str(rng) for rng in sheet.merged_cells.ranges),
            "validations": sorted((str(dv.sqref), dv.type, dv.formula1) for dv in sheet.data_validations.dataValidation),
            "conditional": sorted((str(rng.sqref), tuple(str(rule.formula) for rule in rules))
                                  for rng, rules in sheet.conditional_formatting._cf_rules.items()),
            "protected": bool(sheet.protection.sheet),
        }
    names = {name: clean(str(value.attr_text)) for name, value in book.defined_names.items()}
    for sheet in book.worksheets:
        names.update({f"{sheet.title}!{name}": clean(str(value.attr_text)) for name, value in sheet.defined_names.items()})
    properties = {prop.name: clean(str(prop.value)) for prop in getattr(book, "custom_doc_props", [])}
    return {"order": book.sheetnames, "sheets": sheets, "names": names, "properties": properties}


def snapshot_differences(left: dict, right: dict, limit: int = 5) -> list[str]:
    """Human-readable differences between two snapshots (empty when equal)."""
    found: list[str] = []
    if left["order"] != right["order"]:
        found.append(f"sheets {left['order']} != {right['order']}")
    for title in left["sheets"].keys() & right["sheets"].keys():
        a, b = left["sheets"][title], right["sheets"][title]
        for key in ("state", "merged", "validations", "conditional", "protected"):
            if a[key] != b[key]:
                found.append(f"{title}: {key} differs")
        for coordinate in sorted(a["cells"].keys() | b["cells"].keys()):
            if a["cells"].get(coordinate) != b["cells"].get(coordinate):
                found.append(f"{title}!{coordinate}: {a['cells'].get(coordinate)!r} != {b['cells'].get(coordinate)!r}")
                if len(found) >= limit:
                    return found
    for key in ("names", "properties"):
        if left[key] != right[key]:
            diff = {k for k in left[key].keys() | right[key].keys() if left[key].get(k) != right[key].get(k)}
            found.append(f"{key} differ: {sorted(diff)[:limit]}")
    return found[:limit]


def expected_reading(values: dict) -> tuple[Fraction | None, Fraction | None, Fraction | None, str | None, Fraction | None]:
    """(numerator, denominator, number value, qualitative text, baseline) the filler wrote."""
    def fraction(name):
        value = values.get(name)
        return Fraction(str(value)) if isinstance(value, (int, float)) else None

    text = values.get(H_VALUE) if isinstance(values.get(H_VALUE), str) else None
    return fraction(H_NUMERATOR), fraction(H_DENOMINATOR), fraction(H_VALUE), text, fraction(H_BASELINE)


def copy_tree(source: Path, destination: Path) -> None:
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination)
