"""A corpus of target phrasings as officials write them, read the way a careful auditor reads them.

Each row: (target text, the objective's wording or "", the reading in the Cách đánh giá syntax,
[(value typed, baseline or None, verdict), …]) — every kind at, just above and just below its
levels, both directions. The reading is asserted exactly (formal form), then every verdict, both
through the library and (for a sample) through `xlqms target`. Refusals are in REFUSED below.
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from xlqms.cli import main
from xlqms.errors import TargetSyntaxError
from xlqms.statuses import Status
from xlqms.targets import evaluate, parse_target

X, M, N, Z = Status.EXCEEDED, Status.MET, Status.NOT_MET, Status.NO_DATA

CORPUS = [
    # --- thresholds, strict and inclusive, both directions --------------------------------------
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%", "", "> 95%", [("95", None, N), ("95,01", None, M), ("100", None, M)]),
    ("trên 90% hồ sơ được giải quyết đúng hạn", "", "> 90%", [("1540/1587", None, M), ("90", None, N), ("89,99%", None, N)]),
    ("Hơn 80% đơn thư được giải quyết", "", "> 80%", [("80,1", None, M), ("80", None, N), ("9/9", None, M)]),
    ("> 93%", "", "> 93%", [("93", None, N), ("93,5", None, M), ("92", None, N)]),
    ("- Tỷ lệ thu gom rác thải sinh hoạt : >93%", "", "> 93%", [("94", None, M), ("93", None, N), ("92,9", None, N)]),
    ("≥ 98%", "", ">= 98%", [("98", None, M), ("97,99", None, N), ("99", None, M)]),
    ("Mức độ hài lòng của người dân >= 90%", "", ">= 90%", [("90", None, M), ("89,9", None, N), ("95", None, M)]),
    ("Từ 50% hồ sơ trở lên được giải quyết trực tuyến", "", ">= 50%", [("50", None, M), ("49,99", None, N), ("60", None, M)]),
    ("từ 60% trở lên", "", ">= 60%", [("60", None, M), ("59,9", None, N), ("61", None, M)]),
    ("Không thấp hơn 85%", "", ">= 85%", [("85", None, M), ("84,99", None, N), ("86", None, M)]),
    ("tối thiểu 70% lao động qua đào tạo", "", ">= 70%", [("70", None, M), ("69", None, N), ("71", None, M)]),
    ("Ít nhất 90% cán bộ sử dụng thư điện tử công vụ", "", ">= 90%", [("90", None, M), ("89", None, N), ("91", None, M)]),
    ("Tạo việc làm cho 1.200 lao động trở lên", "", ">= 1.200 lao động",
     [("1.250", None, M), ("1.200", None, M), ("1.199", None, N)]),
    ("Ít nhất 2 lần/năm", "", ">= 2 lần/năm", [("2", None, M), ("1", None, N), ("3", None, M)]),
    ("Tổ chức ít nhất 01 cuộc đối thoại với người dân", "", ">= 1 cuộc đối thoại",
     [("1", None, M), ("0", None, N), ("2", None, M)]),
    ("dưới 5%", "", "< 5%", [("4,99", None, M), ("5", None, N), ("6", None, N)]),
    ("Tỷ lệ hộ nghèo dưới 3%", "", "< 3%", [("2,9", None, M), ("3", None, N), ("3,1", None, N)]),
    ("Tỷ lệ hộ nghèo dƣới 3%", "", "< 3%", [("2,9", None, M), ("3", None, N), ("3,01", None, N)]),
    ("< 0,8%", "", "< 0,8%", [("0,79", None, M), ("0,8", None, N), ("1", None, N)]),
    ("Tỷ lệ thất nghiệp khu vực thành thị dưới 4%", "", "< 4%", [("3,9", None, M), ("4", None, N), ("4,1", None, N)]),
    ("không quá 2%", "", "<= 2%", [("2", None, M), ("2,01", None, N), ("1", None, M)]),
    ("Không vượt quá 5 vụ", "", "<= 5 vụ", [("5", None, M), ("6", None, N), ("0", None, M)]),
    ("Tối đa 3 vụ cháy", "", "<= 3 vụ cháy", [("3", None, M), ("4", None, N), ("2", None, M)]),
    ("≤ 2%", "", "<= 2%", [("2", None, M), ("2,01", None, N), ("0", None, M)]),
    ("Thời gian giải quyết hồ sơ không quá 5 ngày", "", "<= 5 ngày", [("5", None, M), ("6", None, N), ("4", None, M)]),
    ("Tỷ lệ nợ đọng từ 2% trở xuống", "", "<= 2%", [("2", None, M), ("2,5", None, N), ("1", None, M)]),
    # --- bare levels: at least, or at most when lower is better ---------------------------------
    ("100%", "", ">= 100%", [("100", None, M), ("99,99", None, N), ("162/168", None, N)]),
    ("Đạt 100% văn bản được ký số", "", ">= 100%", [("100%", None, M), ("99", None, N), ("168/168", None, M)]),
    ("- Tỷ lệ dân số sử dụng nước sạch : 99,9%", "", ">= 99,9%", [("99,9", None, M), ("99,95", None, M), ("99,89", None, N)]),
    ("900 lao động", "", "900 lao động", [("950", None, X), ("900", None, M), ("899", None, N)]),
    ("- Tổng vốn đầu tư toàn xã hội : 1.100 tỷ đồng", "", "1.100 tỷ đồng",
     [("1.100", None, M), ("1.100,5", None, X), ("1.099", None, N)]),
    ("Thu ngân sách 2025 đạt 120 tỷ đồng", "", "120 tỷ đồng", [("121", None, X), ("120", None, M), ("119", None, N)]),
    ("Giải quyết việc làm cho 2025 lao động", "", "2.025 lao động", [("2.025", None, M), ("2.000", None, N), ("2.100", None, X)]),
    ("Có 01 xã đạt chuẩn nông thôn mới", "", "1 xã", [("1", None, M), ("0", None, N), ("2", None, X)]),
    ("Tạo việc làm mới cho khoảng 1.500 lao động", "", "1.500 lao động",
     [("1.500", None, M), ("1.600", None, X), ("1.400", None, N)]),
    ("Tỷ lệ hồ sơ trễ hạn khoảng 2%", "", "<= 2%", [("1,6", None, M), ("2,5", None, N), ("2", None, M)]),
    ("Tỷ lệ thất nghiệp 3,5%", "", "<= 3,5%", [("3,5", None, M), ("3,6", None, N), ("3", None, M)]),
    ("Tỷ lệ bỏ học khoảng 0,5%", "", "<= 0,5%", [("0,5", None, M), ("0,6", None, N), ("0,4", None, M)]),
    ("Tỷ lệ tăng dân số tự nhiên 0,9%", "", "<= 0,9%", [("0,9", None, M), ("1", None, N), ("0,8", None, M)]),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng 8%", "", "<= 8%", [("8", None, M), ("8,1", None, N), ("7", None, M)]),
    ("Tỷ lệ hồ sơ giải quyết trễ hạn 2%", "", "<= 2%", [("2", None, M), ("2,1", None, N), ("0", None, M)]),
    ("5 vụ", "Số vụ tai nạn giao thông", "<= 5 vụ", [("5", None, M), ("6", None, N), ("4", None, M)]),
    ("2%", "Tỷ lệ hộ nghèo theo chuẩn đa chiều", "<= 2%", [("2", None, M), ("2,01", None, N), ("1,5", None, M)]),
    ("40%", "Xử lý các cơ sở gây ô nhiễm môi trường nghiêm trọng", ">= 40%", [("40", None, M), ("39", None, N), ("45", None, M)]),
    ("xử lý được 40% cơ sở gây ô nhiễm", "", ">= 40%", [("40", None, M), ("39,9", None, N), ("50", None, M)]),
    ("95%", "Hồ sơ được giải quyết đúng hạn, không để trễ hạn", ">= 95%", [("95", None, M), ("94", None, N), ("96", None, M)]),
    ("Tỷ lệ trẻ em được tiêm chủng đầy đủ 98%", "", ">= 98%", [("98", None, M), ("97", None, N), ("99", None, M)]),
    ("Tỷ lệ đơn thư khiếu nại được giải quyết 90%", "", ">= 90%", [("90", None, M), ("89", None, N), ("9/10", None, M)]),
    # --- ratios ------------------------------------------------------------------------------------
    ("18/18 chỉ tiêu", "", "18/18", [("18", None, M), ("17", None, N), ("10/18", None, N)]),
    ("Phần đầu 18/18 chỉ tiêu chủ yếu về phát triển kinh tế - xã hội của xã năm 2020", "", "18/18",
     [("18/18", None, M), ("17/18", None, N), ("100%", None, M)]),
    ("-Tỷ lệ trường học đạt chuẩn quốc gia: 31/38 trường, tỷ lệ 81,6%.", "", "31/38",
     [("31", None, M), ("30", None, N), ("32/38", None, M)]),
    ("12/12 xã", "", "12/12", [("12", None, M), ("11", None, N), ("12/12", None, M)]),
    ("Đạt 19/19 tiêu chí", "", "19/19", [("19", None, M), ("18", None, N), ("95%", None, N)]),
    ("25/30 trường đạt chuẩn", "", "25/30", [("25", None, M), ("24", None, N), ("26", None, M)]),
    # --- ranges, both directions --------------------------------------------------------------------
    ("14-15%", "", "14-15%", [("14", None, M), ("15,2", None, X), ("13,9", None, N)]),
    ("Có 3 ÷ 5 mô hình điểm", "", "3-5 mô hình điểm", [("6", None, X), ("4", None, M), ("2", None, N)]),
    ("Học sinh lên lớp đạt từ 94% ÷ 97%", "", "94-97%", [("97,5", None, X), ("95", None, M), ("93", None, N)]),
    ("từ 14% đến 15%", "", "14-15%", [("14,5", None, M), ("13,99", None, N), ("15,01", None, X)]),
    ("- Tổng thu ngân sách : 185-190 tỷ đồng;", "", "185-190 tỷ đồng", [("185", None, M), ("191", None, X), ("184", None, N)]),
    ("Tổng thu ngân sách : 210 – 215 tỷ đồng", "", "210-215 tỷ đồng", [("212", None, M), ("215,5", None, X), ("209", None, N)]),
    ("- Thu nhập bình quân đầu người :46 – 48 triệu đồng/người/năm;", "", "46-48 triệu đồng/người",
     [("46", None, M), ("49", None, X), ("45", None, N)]),
    ("- Tỷ lệ che phủ của rừng : 56-58 %.", "", "56-58%", [("56", None, M), ("58,5", None, X), ("55,9", None, N)]),
    ("Tốc độ tăng trưởng GTSX so với năm 2021 : 14-15%;trong đó:", "", "14-15%",
     [("14", None, M), ("16", None, X), ("13", None, N)]),
    ("Tăng trưởng giá trị sản xuất 8-9%", "", "8-9%", [("9,4", None, X), ("8,5", None, M), ("7,9", None, N)]),
    ("Tăng trưởng kinh tế 6,5-7%", "", "6,5-7%", [("6,5", None, M), ("7,1", None, X), ("6,4", None, N)]),
    ("Tốc độ tăng trưởng GRDP 7%", "", ">= 7%", [("7", None, M), ("6,9", None, N), ("tăng 7,2%", None, M)]),
    ("khoảng 4-6 sáng kiến", "", "4-6 sáng kiến", [("4", None, M), ("7", None, X), ("3", None, N)]),
    ("Có từ 2 đến 3 mô hình", "", "2-3 mô hình", [("2", None, M), ("4", None, X), ("1", None, N)]),
    ("Tỷ lệ hộ nghèo 3-4%", "", "<= 4%, vượt khi < 3%", [("4", None, M), ("2,9", None, X), ("4,1", None, N)]),
    ("Tỷ lệ hộ nghèo giảm xuống còn 3-4%", "", "<= 4%, vượt khi < 3%", [("3,5", None, M), ("2", None, X), ("5", None, N)]),
    ("Tỷ lệ hồ sơ trễ hạn khoảng 1-2%", "", "<= 2%, vượt khi < 1%", [("2", None, M), ("0,5", None, X), ("2,2", None, N)]),
    # --- a level after a change word ----------------------------------------------------------------
    ("- Giảm tỷ lệ hộ nghèo xuống còn 12%;", "", "<= 12%", [("11,4", None, M), ("12,3", None, N), ("12", None, M)]),
    ("Tỷ lệ hộ nghèo giảm còn 4,5%", "", "<= 4,5%", [("4,5", None, M), ("4,6", None, N), ("3", None, M)]),
    ("Giảm tỷ lệ hộ nghèo xuống dưới 3%", "", "< 3%", [("2,99", None, M), ("3", None, N), ("1", None, M)]),
    ("Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi giảm xuống còn 18,5%", "", "<= 18,5%",
     [("18,5", None, M), ("18,6", None, N), ("17", None, M)]),
    ("Nâng tỷ lệ hồ sơ trực tuyến lên 80%", "", ">= 80%", [("80", None, M), ("79", None, N), ("85", None, M)]),
    ("Nâng tỷ lệ hồ sơ trực tuyến lên trên 80%", "", "> 80%", [("80", None, N), ("80,1", None, M), ("90", None, M)]),
    ("Tăng tỷ lệ che phủ rừng lên 45%", "", ">= 45%", [("45", None, M), ("44,9", None, N), ("46", None, M)]),
    ("Tỷ lệ hộ nghèo giảm từ 5% xuống còn 4%", "", "<= 4%", [("4", None, M), ("4,2", None, N), ("3,9", None, M)]),
    ("Phấn đấu tăng tỷ lệ hồ sơ đúng hạn đạt trên 95%", "", "> 95%", [("95", None, N), ("96", None, M), ("95,5", None, M)]),
    # --- change with its resulting level; level restated with its change ----------------------------
    ("Tỷ lệ hộ nghèo giảm 1,5% trở lên (còn dưới 6%)", "", "< 6%", [("5,8", None, M), ("6,0", None, N), ("6,1", None, N)]),
    ("Tỷ lệ hộ nghèo giảm 1,5%, còn dưới 6%", "", "< 6%", [("5,9", None, M), ("6", None, N), ("7", None, N)]),
    ("Tỷ lệ tham gia bảo hiểm y tế tăng 3% (để đạt 80% trở lên)", "", ">= 80%",
     [("80", None, M), ("79,9", None, N), ("85", None, M)]),
    ("Tỷ lệ bao phủ BHYT tăng 1% (đạt 92,5%)", "", ">= 92,5%", [("92,5", None, M), ("92,4", None, N), ("93", None, M)]),
    ("Tổng vốn đầu tư đạt 850 tỷ đồng, tăng 10% so với năm 2024", "", "850 tỷ đồng",
     [("870", None, X), ("840", None, N), ("850", None, M)]),
    ("Thu ngân sách 2.400 tỷ đồng, tăng 12% so với năm 2024", "", "2.400 tỷ đồng",
     [("2.400", None, M), ("2.500", None, X), ("2.300", None, N)]),
    ("Thu ngân sách tăng 12% so với năm 2024, đạt 2.400 tỷ đồng", "", "2.400 tỷ đồng",
     [("2.400", None, M), ("2.401", None, X), ("2.399", None, N)]),
    # --- changes: points, relative, absolute, per-mille ---------------------------------------------
    ("Tăng 1% so với năm 2021 (98,6%)", "", "tăng 1 điểm % từ 98,6%",
     [("99,7%", None, M), ("99,5%", None, N), ("99,6", None, M)]),
    ("Tỷ lệ bao phủ bảo hiểm y tế tăng 1% so với năm 2024 (91,5%)", "", "tăng 1 điểm % từ 91,5%",
     [("92,6", None, M), ("92,4", None, N), ("92,5", None, M)]),
    ("Tỷ lệ bao phủ bảo hiểm y tế tăng 1% so với năm 2024 (năm 2024: 91,5%)", "", "tăng 1 điểm % từ 91,5%",
     [("92,5", None, M), ("92,49", None, N)]),
    ("Thu ngân sách tăng 12% so với năm 2024", "", "tăng 12% tương đối",
     [("2.230", "2.000", N), ("2.250", "2.000", M), ("2.240", "2.000", M)]),
    ("Giá trị sản xuất công nghiệp tăng 8% so với năm 2024", "", "tăng 8% tương đối",
     [("tăng 8,3%", None, M), ("tăng 7,9%", None, N), ("1.080", "1.000", M)]),
    ("Kim ngạch xuất khẩu tăng 15%", "", "tăng 15% tương đối", [("115", "100", M), ("114", "100", N), ("tăng 15%", None, M)]),
    ("+ Ngành công nghiệp - xây dựng tăng : 16-17 %;", "", "tăng 16-17% tương đối",
     [("tăng 16,5%", None, M), ("tăng 17,2%", None, X), ("tăng 15%", None, N)]),
    ("Ngành dịch vụ tăng : 9-10%", "", "tăng 9-10% tương đối", [("109", "100", M), ("111", "100", X), ("108", "100", N)]),
    ("Số vụ tai nạn giao thông giảm 10% so với cùng kỳ", "", "giảm 10% tương đối",
     [("108", "120", M), ("109", "120", N), ("giảm 12%", None, M)]),
    ("Giảm 10% số vụ khiếu nại so với năm 2024", "", "giảm 10% tương đối",
     [("100", "120", M), ("100", None, Z), ("giảm 9%", None, N)]),
    ("Giảm tỷ lệ bỏ học 0,3%", "", "giảm 0,3 điểm %", [("1,2", "1,5", M), ("1,3", "1,5", N), ("giảm 0,4 điểm %", None, M)]),
    ("Tỷ lệ hộ nghèo theo chuẩn đa chiều: giảm 0,8-1,0%/năm", "", "giảm 0,8-1 điểm %",
     [("4,1", "5", M), ("3,8", "5", X), ("4,5", "5", N)]),
    ("Tỷ lệ hồ sơ trực tuyến tăng 1 điểm phần trăm", "", "tăng 1 điểm %", [("51", "50", M), ("50,9", "50", N), ("51", None, Z)]),
    ("Giảm tỷ lệ sinh con thứ ba 0,2‰", "", "giảm 0,2 điểm ‰", [("9,7", "10", M), ("9,9", "10", N), ("9,8", "10", M)]),
    ("Mức giảm tỷ suất sinh 0,3‰", "", ">= 0,3‰", [("0,3", None, M), ("0,2", None, N), ("0,4", None, M)]),
    ("Tăng 5 lao động so với năm 2025", "", "tăng 5 lao động", [("105", "100", M), ("104", "100", N), ("110", "100", M)]),
    ("Giảm 3 vụ tai nạn", "", "giảm 3 vụ tai nạn", [("7", "10", M), ("8", "10", N), ("0", "10", M)]),
    ("Chỉ số giá tiêu dùng (CPI) tăng dưới 4%", "", "tăng < 4% tương đối",
     [("tăng 3,2%", None, M), ("tăng 4%", None, N), ("103", "100", M)]),
    ("Tăng 1% so với năm 2023", "Phần đầu tỷ lệ hồ sơ thủ tục được trả kết quả trước hẹn tăng 1% so với năm 2023",
     "tăng 1 điểm %", [("51", "50", M), ("50,5", "50", N), ("tăng 1,2%", None, M)]),
    ("Giảm 1,5%", "Giảm tỷ lệ hộ nghèo", "giảm 1,5 điểm %", [("3,5", "5", M), ("4", "5", N), ("3,5", None, Z)]),
    ("Tỷ lệ hộ nghèo giảm 1,5% trở lên", "", "giảm 1,5 điểm %", [("3,5", "5", M), ("3,6", "5", N), ("3", "5", M)]),
    # --- level relative to a baseline ---------------------------------------------------------------
    ("Thu ngân sách bằng 110% so với năm 2024", "", ">= 110% so với kỳ trước",
     [("2.200", "2.000", M), ("2.199", "2.000", N), ("2.200", None, Z)]),
    ("Doanh thu đạt 105% so với cùng kỳ", "", ">= 105% so với kỳ trước",
     [("105", "100", M), ("104", "100", N), ("106%", None, M)]),
    ("Tuyển sinh năm học 2025 – 2026 đạt trên 85% chỉ tiêu", "", "> 85%", [("85", None, N), ("86", None, M), ("90", None, M)]),
    # --- zero ---------------------------------------------------------------------------------------
    ("0 hồ sơ trễ hạn", "", "bằng 0", [("0", None, M), ("2", None, N), ("Đạt", None, M)]),
    ("Không để xảy ra cháy nổ", "", "bằng 0", [("0", None, M), ("1", None, N), ("Không đạt", None, N)]),
    ("Không có học sinh bỏ học", "", "bằng 0", [("0", None, M), ("3", None, N), ("đạt", None, M)]),
    ("Không còn hộ nghèo", "", "bằng 0", [("0", None, M), ("1", None, N)]),
    ("Không để phát sinh điểm nóng về an ninh trật tự", "", "bằng 0", [("0", None, M), ("1", None, N)]),
    ("Số vụ tai nạn bằng 0", "", "bằng 0", [("0", None, M), ("1", None, N)]),
    # --- deadlines and qualitative --------------------------------------------------------------------
    ("Hoàn thành trước ngày 20/12", "", "trước ngày 20/12", [("Đạt", None, M), ("Không đạt", None, N), ("95", None, Z)]),
    ("Hoàn thành trước 30/6/2025", "", "trước 30/6/2025", [("Đạt", None, M), ("không đạt", None, N)]),
    ("Chậm nhất ngày 15/12/2025 trình phê duyệt", "", "trước ngày 15/12/2025", [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Trong quý III hoàn thành việc sắp xếp thôn", "", "trước quý III", [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Đạt giải ba trở lên tại Hội thi cấp tỉnh năm 2025", "", "Đạt/Không đạt", [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", "", "Đạt/Không đạt",
     [("Đạt", None, M), ("Không đạt", None, N), ("95", None, Z)]),
    ("Được công nhận đạt chuẩn nông thôn mới nâng cao", "", "Đạt/Không đạt", [("ĐẠT", None, M), ("Không  đạt", None, N)]),
    ("Bãi bỏ các quy định không cần thiết", "", "Đạt/Không đạt", [("Đạt", None, M), ("Chưa đạt", None, N)]),
    ("Thực hiện dịch vụ công mức 3, mức 4 đối với thủ tục hành chính đủ điều kiện", "", "Đạt/Không đạt",
     [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015", "", "Đạt/Không đạt",
     [("Đạt", None, M), ("Không đạt", None, N)]),
    # --- numbers set aside: years, documents, standards, ages, ranks, names -------------------------
    ("Nghị định 61/2018/NĐ-CP: 100% TTHC được niêm yết", "", ">= 100%", [("100", None, M), ("99", None, N)]),
    ("Theo Quyết định số 1150, đạt 88% TTHC", "", ">= 88%", [("88", None, M), ("87", None, N)]),
    ("100% TTHC thuộc phạm vi HTQLCL theo TCVN ISO 9001:2015 được xây dựng quy trình", "", ">= 100%",
     [("100", None, M), ("95", None, N)]),
    ("Thực hiện 5S tại 100% phòng ban", "", ">= 100%", [("100", None, M), ("90", None, N)]),
    ("Hồ sơ DVC mức 3, 4 đạt 50%", "", ">= 50%", [("50", None, M), ("49", None, N)]),
    ("Tỷ lệ người từ 60 tuổi trở lên được khám sức khỏe định kỳ đạt 80%", "", ">= 80%", [("80", None, M), ("79", None, N)]),
    ("Trẻ em dưới 6 tuổi được cấp thẻ BHYT đạt 100%", "", ">= 100%", [("100", None, M), ("99", None, N)]),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng dưới 10%", "", "< 10%", [("9", None, M), ("10", None, N)]),
    ("Giai đoạn 2021-2025 tạo việc làm cho trên 3.000 lao động", "", "> 3.000 lao động",
     [("3.001", None, M), ("3.000", None, N)]),
    ("Tỷ lệ tốt nghiệp THPT năm học 2024 – 2025 đạt 98%", "", ">= 98%", [("98", None, M), ("97,9", None, N)]),
    ("Xếp thứ 10 trở lên về chỉ số cải cách hành chính", "", "Đạt/Không đạt", [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Phòng chống dịch COVID-19: 100% ca bệnh được cách ly", "", ">= 100%", [("100", None, M), ("98", None, N)]),
    ("6 tháng đầu năm giải quyết 100% đơn thư", "", ">= 100%", [("100", None, M), ("99", None, N)]),
    ("Giải quyết phản ánh trong vòng 5 ngày làm việc đạt 95%", "", ">= 95%", [("95", None, M), ("94", None, N)]),
    # --- phrasings of socio-economic plans ----------------------------------------------------------
    ("Tốc độ tăng trưởng kinh tế (GRDP) đạt 7,5% trở lên", "", ">= 7,5%", [("7,5", None, M), ("7,4", None, N),
                                                                         ("tăng 7,6%", None, M)]),
    ("GRDP bình quân đầu người đạt 95 triệu đồng", "", "95 triệu đồng", [("95", None, M), ("96", None, X), ("94", None, N)]),
    ("Thu ngân sách nhà nước trên địa bàn đạt 2.500 tỷ đồng trở lên", "", ">= 2.500 tỷ đồng",
     [("2.500", None, M), ("2.499", None, N), ("3.000", None, M)]),
    ("Số bác sĩ/vạn dân đạt 12 bác sĩ", "", "12 bác sĩ", [("12", None, M), ("11", None, N), ("13", None, X)]),
    ("Tỷ lệ hộ nghèo giảm bình quân 1-1,5%/năm", "", "giảm 1-1,5 điểm %", [("4", "5", M), ("3,4", "5", X), ("4,1", "5", N)]),
    ("Giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều từ 1,5% trở lên", "", "giảm 1,5 điểm %",
     [("3,5", "5", M), ("3,6", "5", N), ("giảm 2 điểm %", None, M)]),
    ("Giảm tỷ lệ hộ nghèo dưới 3%", "", "< 3%", [("2,9", None, M), ("3", None, N)]),
    ("Tỷ lệ sinh con thứ 3 trở lên giảm 0,1‰", "", "giảm 0,1 điểm ‰", [("9,9", "10", M), ("9,95", "10", N)]),
    ("Giảm tỷ suất chết trẻ em dưới 1 tuổi xuống còn 10‰", "", "<= 10‰", [("10", None, M), ("10,1", None, N)]),
    ("Tỷ số giới tính khi sinh không quá 110 bé trai/100 bé gái", "", "<= 110 bé trai",
     [("110", None, M), ("111", None, N)]),
    ("Tỷ lệ hài lòng ≥ 90% (năm 2025: 88,5%)", "", ">= 90%", [("90", None, M), ("89,9", None, N)]),
    ("Tăng 2% so với cùng kỳ năm 2025 (tỷ lệ năm 2025 là 85%)", "", "tăng 2 điểm % từ 85%",
     [("87", None, M), ("86,9", None, N)]),
    ("Rút ngắn 30% thời gian giải quyết TTHC", "", "giảm 30% tương đối", [("7", "10", M), ("7,1", "10", N)]),
    ("Cắt giảm ít nhất 20% thời gian, chi phí tuân thủ TTHC", "", "giảm 20% tương đối", [("80", "100", M), ("81", "100", N)]),
    ("Thu ngân sách tăng trên 10%", "", "tăng > 10% tương đối", [("110", "100", N), ("111", "100", M)]),
    ("Giảm trên 5% số vụ tai nạn giao thông", "", "giảm > 5% tương đối", [("95", "100", N), ("94", "100", M)]),
    ("Kiềm chế, kéo giảm tai nạn giao thông trên cả 3 tiêu chí", "", "Đạt/Không đạt", [("Đạt", None, M), ("Không đạt", None, N)]),
    ("Tỷ lệ che phủ rừng ổn định ở mức 46%", "", ">= 46%", [("46", None, M), ("45,9", None, N)]),
    ("Tỷ lệ huy động trẻ 6 tuổi vào lớp 1 đạt 100%", "", ">= 100%", [("100", None, M), ("99", None, N)]),
    ("Có 3/5 thôn đạt chuẩn văn hóa", "", "3/5", [("3", None, M), ("2", None, N), ("4/5", None, M)]),
    ("Tỷ lệ nợ xấu dưới 3% tổng dư nợ", "", "< 3%", [("2,9", None, M), ("3", None, N)]),
    ("Xây dựng 02 mô hình dân vận khéo", "", "2 mô hình dân vận", [("2", None, M), ("3", None, X), ("1", None, N)]),
    ("Thu nhập bình quân đầu người: 60 triệu đồng/người/năm trở lên", "", ">= 60 triệu đồng/người",
     [("60", None, M), ("59", None, N), ("70", None, M)]),
    ("Tỷ lệ hộ nghèo giảm còn 2,8% (giảm 1,2%)", "", "<= 2,8%", [("2,8", None, M), ("2,9", None, N)]),
    ("Giá trị sản xuất trên 1 ha đất canh tác đạt 150 triệu đồng", "", "150 triệu đồng",
     [("150", None, M), ("149", None, N), ("160", None, X)]),
    ("Đạt 100% (200/200 hồ sơ)", "", "200/200", [("200", None, M), ("199", None, N)]),
    ("Hạ tỷ lệ nợ đọng xuống dưới 2%", "", "< 2%", [("1,9", None, M), ("2", None, N)]),
    ("Số hộ nghèo giảm 50 hộ", "", "giảm 50 hộ", [("150", "200", M), ("151", "200", N)]),
    ("Giảm 1,5 điểm phần trăm tỷ lệ hộ nghèo", "", "giảm 1,5 điểm %", [("3,5", "5", M), ("3,6", "5", N)]),
    ("Tỷ lệ hộ nghèo (theo chuẩn giai đoạn 2022-2025) dưới 2%", "", "< 2%", [("1,9", None, M), ("2", None, N)]),
    ("Có từ 70% số xã trở lên đạt chuẩn", "", ">= 70%", [("70", None, M), ("69", None, N)]),
    ("Giảm 20% so với cùng kỳ", "Số vụ phạm pháp hình sự", "giảm 20% tương đối", [("80", "100", M), ("81", "100", N)]),
    # --- legacy encodings ----------------------------------------------------------------------------
    ("Tû lÖ hé nghÌo d\xadíi 3%", "", "< 3%", [("2", None, M), ("3", None, N)]),
    ("Tyû leä hoä ngheøo döôùi 3%", "", "< 3%", [("2", None, M), ("3", None, N)]),
    ("Tû lÖ hå s¬ gi¶i quyÕt ®óng h¹n trªn 95%", "", "> 95%", [("96", None, M), ("95", None, N)]),
]

# (text, context, refusal code, what the message must name)
REFUSED = [
    ("100% xã có kế hoạch, trong đó 60% xã triển khai", "", "target-compound", ("100% xã có kế hoạch", "60% xã triển khai")),
    ("67% người dân ở nông thôn và 80% ở đô thị được sử dụng nước sạch", "", "target-compound",
     ("67% người dân ở nông thôn", "80% ở đô thị được sử dụng nước sạch")),
    ("Có 4-6 sáng kiến, tập thể đạt giải nhì", "", "target-compound", ("Có 4-6 sáng kiến", "Tập thể đạt giải nhì")),
    ("100% cán bộ được đánh giá, trong đó ít nhất 80% đạt loại khá trở lên", "", "target-compound",
     ("100% cán bộ được đánh giá", "Ít nhất 80% đạt loại khá trở lên")),
    ("- Tỷ lệ lao động qua đào tạo: >70%; giải quyết việc làm hằng năm: 900 lao động, trong đó lao động làm "
     "việc ở nước ngoài theo hợp đồng: 80-100 người/năm", "", "target-compound",
     ("Tỷ lệ lao động qua đào tạo >70%", "Giải quyết việc làm hằng năm 900 lao động",
      "Lao động làm việc ở nước ngoài theo hợp đồng 80-100 người/năm")),
    ("trên 90% và dưới 95%", "", "target-compound", ("Trên 90%", "Dưới 95%")),
    ("Thu ngân sách đạt 2.400 tỷ đồng; chi ngân sách tăng 5%", "", "target-compound",
     ("Thu ngân sách đạt 2.400 tỷ đồng", "Chi ngân sách tăng 5%")),
    ("90% hoặc 95%", "", "target-alternatives", ()),
    ("Tăng 1% so với năm 2024", "", "target-change-mode-unknown", ("tăng 1 điểm %", "tăng 1% tương đối")),
    ("giảm 0,8-1,0%/năm", "", "target-change-mode-unknown", ("giảm 0,8-1 điểm %",)),
    ("Giảm hộ nghèo 1,5%", "", "target-change-mode-unknown", ("giảm 1,5 điểm %",)),
    ("1,5%", "Giảm tỷ lệ hộ nghèo", "target-change-or-level", ("giảm 1,5 điểm %", "<= 1,5%")),
    ("14-15%", "Tăng thu ngân sách", "target-change-or-level", ()),
    ("Tỷ lệ bao phủ BHYT tăng 1% (92,5%)", "", "target-bracket-ambiguous", ("tăng 1 điểm % từ 92,5%", ">= 92,5%")),
    ("Tỷ lệ hồ sơ trễ hạn so với hồ sơ đúng hạn 2%", "", "target-direction-unknown", ("trễ hạn", "đúng hạn")),
    ("3%", "Hồ sơ đúng hạn và hồ sơ quá hạn", "target-direction-unknown", (">= 3%", "<= 3%")),
    ("Tỷ lệ hồ sơ đúng hạn", "", "target-no-level", ()),
    ("tốt", "", "target-no-level", ()),
    ("khoảng chín mươi phần trăm", "", "target-number-in-words", ()),
    ("Các chỉ tiêu về kinh tế như sau:", "", "target-heading", ()),
    ("2. Về văn hóa - xã hội, gồm:", "", "target-heading", ()),
    ("Các chỉ tiêu thống kê liên quan đến lĩnh vực tài chính - kế hoạch", "", "target-heading", ()),
    ("10-5%", "", "target-invalid-range", ()),
    ("5/3 xã", "", "target-invalid-ratio", ()),
    ("Tăng thu nhập gấp 2 lần", "", "target-times-change", (">= 200% so với kỳ trước",)),
    ("   ", "", "target-empty", ()),
    ("Cơ cấu kinh tế: nông nghiệp 20%, công nghiệp 35%, dịch vụ 45%", "", "target-compound",
     ("Cơ cấu kinh tế nông nghiệp 20%", "Công nghiệp 35%", "Dịch vụ 45%")),
    ("- Tăng 15% so với năm trước", "", "target-change-mode-unknown", ("tăng 15 điểm %", "tăng 15% tương đối")),
    ("Tăng tỷ lệ hồ sơ trực tuyến trên 80%", "", "target-change-or-level", ("> 80%", "tăng > 80 điểm %")),
    ("Chỉ số cải cách hành chính (PAR INDEX) tăng ít nhất 2 bậc", "", "target-times-change", ()),
    ("Thu nhập bình quân đầu người gấp 2 lần năm 2020", "", "target-times-change", (">= 200% so với kỳ trước",)),
    ("Giải quyết 100% đơn thư khiếu nại, tố cáo thuộc thẩm quyền; không để đơn thư tồn đọng, kéo dài", "",
     "target-compound", ("Giải quyết 100% đơn thư khiếu nại, tố cáo thuộc thẩm quyền",
                         "Không để đơn thư tồn đọng, kéo dài")),
    ("Giảm 5% số vụ tai nạn giao thông, giảm 5% số người chết và bị thương", "", "target-compound",
     ("Giảm 5% số vụ tai nạn giao thông", "Giảm 5% số người chết và bị thương")),
    ("¸¸¸ ©©© ¬¬¬ 95%", "", "target-legacy-encoding", ("TCVN3",)),
]


def _cases():
    for text, context, formal, values in CORPUS:
        for value, baseline, status in values:
            yield pytest.param(text, context, formal, value, baseline, status, id=f"{text[:40]}|{value}|{baseline}")


CASES = list(_cases())


def test_the_corpus_is_large_and_varied():
    assert len(CASES) >= 300
    statuses = {case.values[-1] for case in CASES}
    assert statuses == {X, M, N, Z}
    kinds = {parse_target(text, context=context).kind for text, context, *_ in CORPUS}
    assert len(kinds) == 8                                  # every kind of TARGETS.md


@pytest.mark.parametrize("text, context, formal, value, baseline, expected", CASES)
def test_reading_and_verdict(text, context, formal, value, baseline, expected):
    target = parse_target(text, context=context, baseline_percent=bool(baseline and baseline.endswith("%")))
    assert target.formal == formal
    assert evaluate(target, value, baseline=baseline) is expected
    # the formal form read back (Cách đánh giá) gives the same verdict
    assert evaluate(parse_target(text, formal=formal), value, baseline=baseline) is expected


@pytest.mark.parametrize("text, context, formal, values", CORPUS[::3])
def test_the_cli_gives_the_same_verdicts(text, context, formal, values):
    for value, baseline, expected in values:
        args = ["target", text, "--value", value, "--json"] + (["--baseline", baseline] if baseline else []) + (
            ["--context", context] if context else [])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["status"] == expected.value


@pytest.mark.parametrize("text, context, formal, values", CORPUS[::5])
def test_nfd_text_reads_the_same(text, context, formal, values):
    nfd = unicodedata.normalize("NFD", text)
    assert parse_target(nfd, context=context).formal == formal


@pytest.mark.parametrize("text, context, code, named", REFUSED)
def test_refusals_say_what_to_write(text, context, code, named):
    with pytest.raises(TargetSyntaxError) as caught:
        parse_target(text, context=context)
    refusal = caught.value
    assert refusal.code == code
    message = str(refusal)
    assert f"“{unicodedata.normalize('NFC', text).strip()}”" in message
    assert "\n" not in message                              # one short message, no list of forms
    for part in named:
        assert part in message or part in refusal.split or part in refusal.fixes
    if code == "target-compound":
        assert list(refusal.split) == list(named)
        for row in refusal.split:                            # each proposed row is a target of its own
            parse_target(row)
    for fix in refusal.fixes:                               # each fix is a valid Cách đánh giá
        parse_target(text, formal=fix)


def test_a_refusal_never_names_the_real_level_as_an_extra_one():
    with pytest.raises(TargetSyntaxError) as caught:
        parse_target("Năm 2025 tỷ lệ hồ sơ đúng hạn trên 95% và năm 2026 trên 97%")
    message = str(caught.value)
    found = message[message.index("("):message.index(")")]
    assert "trên 95%" in found and "trên 97%" in found
    assert "2025" not in found and "2026" not in found
