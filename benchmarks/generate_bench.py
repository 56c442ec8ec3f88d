"""Benchmark: generating unit workbooks, xlqms versus a naive per-unit openpyxl loop.

    python benchmarks/generate_bench.py                 # 3,321 communes under 34 provinces
    python benchmarks/generate_bench.py 500 --naive 100 # fewer units; time the naive loop on 100

Builds a synthetic national campaign in memory (Vietnamese names, ten objectives, fifteen
indicators, one objective for wards only, one judged at year end), runs
``xlqms.generate.generate_workbooks`` on it and prints milliseconds per unit. Then times what a
user would write instead: load a finished workbook with openpyxl, write the unit's code and name,
save — once per unit (on ``--naive`` units, default all; the per-unit time is what is compared).
Issue 8 asks for 3,321 workbooks in under 20 s and at least 5× faster than the naive loop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from xlqms.campaign import Campaign, Settings
from xlqms.catalogue import Indicator, Measure, Objective
from xlqms.targets import parse_target
from xlqms.units import Hierarchy, Unit

PROVINCES = 34
OBJECTIVES = (
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
     ("Kết quả đánh giá nội bộ đạt yêu cầu",), "Cả năm", ""),
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn", ("trên 95%", "Tăng 1% so với năm 2025"), "",
     ""),
    ("Mức độ hài lòng của tổ chức, cá nhân", ("≥ 98%",), "", ""),
    ("Ý kiến chỉ đạo của cấp trên được thực hiện đúng hạn", ("trên 90%", "100%"), "", ""),
    ("Đơn thư khiếu nại, tố cáo được giải quyết", ("trên 80%",), "", ""),
    ("Phản ánh, kiến nghị được xử lý đúng hạn", ("trên 95%", "giảm 10% số phản ánh quá hạn"), "", ""),
    ("Văn bản điện tử được ký số", ("100%",), "", ""),
    ("Dịch vụ công trực tuyến toàn trình", ("từ 50% trở lên", "tăng 0,5-1% tỷ lệ hồ sơ trực tuyến"), "", ""),
    ("Giải quyết việc làm", ("900 lao động",), "", ""),
    ("Chỉnh trang đô thị", ("14-15%", "18/18 chỉ tiêu"), "", "Phường"),
)
NAMES = ("An Nhơn", "Bồng Sơn", "Hoài Đức", "Phước Lộc", "Tam Quan", "Đập Đá", "Cát Tiến", "Vĩnh Thạnh",
         "Tây Sơn", "Phù Mỹ", "Ngô Mây", "Quy Nhơn Đông", "Lộc An", "Hòa Hội", "Mỹ Chánh")


def synthetic_campaign(folder: Path, communes: int) -> Campaign:
    units = [Unit(f"{p + 1:02d}", f"Tỉnh Thử {p + 1}", "Tỉnh") for p in range(PROVINCES)]
    for index in range(communes):
        province = units[index % PROVINCES].code
        level = "Phường" if index % 4 == 0 else "Xã"
        units.append(Unit(f"{10000 + index:05d}", f"{level} {NAMES[index % len(NAMES)]} {index // len(NAMES) + 1}",
                          level, province))
    objectives = []
    for number, (title, targets, periods, applies) in enumerate(OBJECTIVES, start=1):
        indicators = tuple(
            Indicator(f"MT{number:02d}" + (f".{position}" if len(targets) > 1 else ""), str(number), text,
                      parse_target(text, context=title), (applies,) if applies else ("Xã", "Phường"),
                      (periods,) if periods else ())
            for position, text in enumerate(targets, start=1))
        objectives.append(Objective(str(number), title, indicators,
                                    (Measure("Theo dõi, đôn đốc thực hiện hằng tháng", "Cuối mỗi tháng", "Văn phòng"),)))
    settings = Settings(2026, "6 tháng đầu năm", "Đợt thử quốc gia", dt.date(2026, 7, 15), "2026-H1-bench",
                        "Bộ Khoa học và Công nghệ", "iso@example.gov.vn")
    return Campaign(folder, settings, Hierarchy(units), tuple(objectives))


def naive_loop(template: Path, units, out: Path) -> float:
    """What a user writes: open a finished workbook, put in the unit, save it under a new name."""
    from openpyxl import load_workbook

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for unit in units:
        workbook = load_workbook(template)
        sheet = workbook["Kết quả"]
        sheet["C7"] = unit.name
        sheet["G7"] = unit.code
        workbook["_xlqms"]["B6"] = unit.code
        workbook["_xlqms"]["B7"] = unit.name
        workbook.save(out / f"{unit.code}.xlsx")
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("units", nargs="?", type=int, default=3321, help="communes and wards (default 3321)")
    parser.add_argument("--naive", type=int, default=None, help="units to time the naive loop on (default: all)")
    parser.add_argument("--workers", type=int, default=None, help="processes for xlqms (default: every core)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the output in this folder")
    args = parser.parse_args(argv)

    from xlqms.generate import generate_workbooks

    scratch = Path(tempfile.mkdtemp(prefix="xlqms-bench-"))
    try:
        campaign = synthetic_campaign(scratch / "dot", args.units)
        out = args.keep or scratch / "xlqms"
        start = time.perf_counter()
        result = generate_workbooks(campaign, out_dir=out, force=True, workers=args.workers)
        elapsed = time.perf_counter() - start
        count = len(result.rows)
        assert not result.findings, result.findings
        print(f"xlqms generate : {count} tệp trong {elapsed:.2f} s — {1000 * elapsed / count:.2f} ms/đơn vị")

        units = [campaign.units[row.unit_code] for row in result.rows]
        sample = units[: args.naive or len(units)]
        naive = naive_loop(result.files[-1], sample, scratch / "naive")
        per_unit = naive / len(sample)
        print(f"openpyxl loop  : {len(sample)} tệp trong {naive:.2f} s — {1000 * per_unit:.2f} ms/đơn vị"
              + (f" (ước tính {per_unit * count:.1f} s cho {count} tệp)" if len(sample) < count else ""))
        ratio = per_unit * count / elapsed
        print(f"nhanh hơn      : {ratio:.1f}×  (mục tiêu ≥ 5×; {count} tệp trong {elapsed:.1f} s, mục tiêu < 20 s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
