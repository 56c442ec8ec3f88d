"""The words of the target language, as data (TARGETS.md, second edition).

Everything here is plain tuples: extend a tuple to teach xlqms a new wording, then add a case to
``tests/test_targets_corpus.py``. Phrases are lower-case Vietnamese (NFC); they match whole words,
after the text is cleaned (see :mod:`xlqms.targets.clean`: "tỉ lệ" is read as "tỷ lệ", old tone
placement "hoà" as "hòa"). Longer phrases win over shorter ones that start at the same place.

Sections:

1. Operators and the words around levels (threshold, approximate, change, level after a change).
2. Direction cues: things to reduce, manners that are bad, handling words, good outcomes.
3. Rate and amount cues (change in percentage points or relative).
4. Growth rates (a level of a rate, not a change), plan words, headings, qualitative markers.
5. Numbers set aside as context (years, dates, documents, standards, ages, ranks, names).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# 1. Operators and level words

GE, GT, LE, LT = ">=", ">", "<=", "<"

OPERATOR_WORDS: tuple[tuple[str, str], ...] = (
    # at least (inclusive)
    (">=", GE), ("≥", GE), ("=>", GE), ("⩾", GE),
    ("không thấp hơn", GE), ("không dưới", GE), ("không ít hơn", GE), ("không nhỏ hơn", GE),
    ("không kém", GE), ("tối thiểu", GE), ("ít nhất", GE), ("thấp nhất", GE), ("tối thiểu là", GE),
    ("ít nhất là", GE), ("tối thiểu đạt", GE), ("ít nhất đạt", GE),
    # at most (inclusive)
    ("<=", LE), ("≤", LE), ("=<", LE), ("⩽", LE),
    ("không quá", LE), ("không vượt quá", LE), ("không vượt", LE), ("không cao hơn", LE),
    ("không lớn hơn", LE), ("không nhiều hơn", LE), ("không hơn", LE), ("tối đa", LE),
    ("cao nhất", LE), ("tối đa là", LE), ("nhiều nhất", LE), ("không để vượt quá", LE), ("không để quá", LE),
    # strictly above
    (">", GT), ("trên", GT), ("hơn", GT), ("cao hơn", GT), ("lớn hơn", GT), ("nhiều hơn", GT),
    ("trên mức", GT), ("vượt quá", GT), ("vượt trên", GT), ("vượt", GT),
    # strictly below
    ("<", LT), ("dưới", LT), ("thấp hơn", LT), ("nhỏ hơn", LT), ("ít hơn", LT), ("chưa đến", LT),
    ("chưa tới", LT), ("dưới mức", LT),
)
"""A threshold word before a level. 'X trở lên' / 'X trở xuống' are in POSTFIX_WORDS. 'vượt X%' is
above X% — but 'vượt X% so với cùng kỳ' is a rise of X%, and 'vượt 15% (so với) kế hoạch' or 'đạt và
vượt 15% so với dự toán' (X below 100) is 115% of the plan (EXCESS_WORD)."""

EXCESS_WORD = "vượt"
"""The word that, before a percent compared with a period or a plan, is a rise, not a threshold."""

POSTFIX_WORDS: tuple[tuple[str, str], ...] = (
    ("trở lên", GE), ("trở xuống", LE), ("trở lại", LE),
)
"""Written after the level, maybe with a unit between: '1.200 lao động trở lên' is ≥ 1.200."""

APPROXIMATE_WORDS: tuple[str, ...] = (
    "khoảng", "khoảng chừng", "xấp xỉ", "trên dưới", "chừng", "gần", "ước đạt", "ước khoảng",
)
"""'khoảng 5%' is read as the level 5% (and the reading says so)."""

CHANGE_WORDS: tuple[tuple[str, str], ...] = (
    ("tăng", "increase"), ("tăng thêm", "increase"), ("tăng bình quân", "increase"), ("gia tăng", "increase"),
    ("nâng", "increase"), ("nâng lên", "increase"), ("tăng lên", "increase"),
    ("giảm", "decrease"), ("giảm thêm", "decrease"), ("giảm bình quân", "decrease"), ("kéo giảm", "decrease"),
    ("hạ", "decrease"), ("giảm xuống", "decrease"), ("giảm thiểu", "decrease"), ("rút ngắn", "decrease"),
    ("cắt giảm", "decrease"), ("giảm bớt", "decrease"), ("tiết kiệm", "decrease"),
    ("vượt mức", "increase"), ("vượt thu", "increase"),
)
"""A change verb: 'tăng X% so với năm 2024', 'Giảm tỷ lệ bỏ học 0,3%'. 'vượt thu', 'vượt mức' exceed
the plan ('vượt thu ngân sách 10%' is 110% of the plan)."""

NOT_CHANGE_WORDS: tuple[str, ...] = (
    "tăng cường", "nâng cao", "tăng trưởng", "hạ tầng", "tăng ca", "giảm nghèo bền vững",
    "giảm tải", "hạ thấp", "nâng cấp", "miễn giảm", "miễn, giảm", "suy giảm", "giảm nhẹ", "giảm trừ",
    "giảm giá", "tăng gia", "tăng huyết áp", "tăng đường huyết", "tăng cân", "tăng men gan", "tăng động",
    "giảm thị lực", "giảm thính lực", "hạ huyết áp", "hạ đường huyết", "hạ thân nhiệt",
    "vượt cấp", "vượt qua", "vượt trội", "vượt bậc", "vượt khó", "vượt lũ",
    # 'việc làm tăng thêm' (additional jobs) and 'thu nhập tăng thêm' (extra pay) are nouns, not changes:
    # 'Giải quyết việc làm tăng thêm cho 1.500 lao động' is 1.500 jobs, not a rise of 1.500
    "việc làm tăng thêm", "việc làm mới tăng thêm", "thu nhập tăng thêm",
)
"""Phrases that begin with a change verb but are not a change of the indicator (diseases named with
'tăng' / 'giảm' / 'hạ' among them: 'người bệnh tăng huyết áp được quản lý')."""

PASSIVE_CHANGE_MARKERS: tuple[str, ...] = ("được", "bị")
"""Before a change verb they make it part of the indicator's name: 'Tỷ lệ TTHC được rút ngắn thời gian
giải quyết ≥ 30%' is a share of procedures, not a fall of 30."""

LEVEL_AFTER_CHANGE_WORDS: tuple[tuple[str, str | None], ...] = (
    ("xuống còn", LE), ("giảm còn", LE), ("còn", LE), ("chỉ còn", LE), ("xuống", LE), ("xuống mức", LE),
    ("lên", GE), ("lên mức", GE), ("lên đến", GE), ("lên tới", GE), ("lên đạt", GE),
    ("đạt và vượt", GE), ("đạt, vượt", GE), ("đạt hoặc vượt", GE),
    ("để đạt", None), ("đạt", None), ("đạt mức", None), ("đạt tỷ lệ", None), ("ở mức", None), ("là", None),
)
"""The level a change leads to: 'xuống còn 12%' is at most 12%; None takes the direction of the change
(or of the indicator when there is no change)."""

FROM_WORDS: tuple[str, ...] = ("từ", "từ mức")
COMPARE_WORDS: tuple[str, ...] = ("so với", "so", "so cùng kỳ", "so với cùng kỳ")
EQUAL_WORDS: tuple[str, ...] = ("bằng",)
RANGE_WORDS: tuple[str, ...] = ("-", "–", "—", "÷", "~", "đến", "tới")
POINTS_WORDS: tuple[str, ...] = ("điểm %", "điểm phần trăm", "điểm phần nghìn", "điểm phần ngàn", "điểm ‰")
PERCENT_WORDS: tuple[str, ...] = ("%", "％", "phần trăm")
PER_MILLE_WORDS: tuple[str, ...] = ("‰", "phần nghìn", "phần ngàn", "%o")
JOINT_WORDS: tuple[str, ...] = (",", ";", "và", "trong đó", "đồng thời", "riêng", "còn lại", "kèm theo")
ALTERNATIVE_WORDS: tuple[str, ...] = ("hoặc", "hay")
ZERO_WORDS: tuple[str, ...] = (
    "không để xảy ra", "không để phát sinh", "không để tồn đọng", "không để có", "không để xảy",
    "không để", "không xảy ra", "không có", "không còn", "không phát sinh", "không để tái",
    "không để nợ", "không có trường hợp", "không có vụ", "không có hồ sơ",
)
"""Nothing of a bad thing: a ZERO target when no level remains ('không có học sinh bỏ học')."""

NOT_ZERO_WORDS: tuple[str, ...] = ("không ngừng", "không chỉ", "không phải", "không những")
DEADLINE_WORDS: tuple[str, ...] = (
    "trước", "chậm nhất", "chậm nhất là", "chậm nhất vào", "trong", "hạn",
    "hạn chót", "xong trước", "hoàn thành trước", "vào", "kịp",
)
"""Before a date set aside ('trước ngày 15/12', 'trong quý III'): a DEADLINE target when no level remains.
No phrase here ends with a word a date starts with ('ngày', 'tháng', 'quý'): the date would lose it
('trước ngày 15 hằng tháng' is 'trước' + the date 'ngày 15', never the level 15)."""
NOT_DEADLINE_WORDS: tuple[str, ...] = ("trước hạn", "trước hẹn", "trước thời hạn", "trước khi", "trước đây")

# ---------------------------------------------------------------------------------------------
# 2. Direction cues (TARGETS.md: Direction). What counts is the thing measured.

LOWER_THINGS: tuple[str, ...] = (
    # poverty
    "hộ nghèo", "hộ cận nghèo", "tái nghèo", "nghèo đa chiều", "phát sinh nghèo", "tỷ lệ nghèo",
    # accidents, crime, violations, social evils
    "tai nạn", "vi phạm", "tội phạm", "phạm tội", "tệ nạn", "ma túy", "nghiện", "cháy", "cháy nổ",
    "hỏa hoạn", "thiệt hại", "tử vong", "thương vong", "bị thương", "đuối nước", "bạo lực", "xâm hại",
    "buôn lậu", "gian lận", "hàng giả", "lấn chiếm", "trái phép", "không phép", "sai phép",
    "tham nhũng", "lãng phí", "thất thoát", "thất thu", "khiếu kiện", "vượt cấp", "đông người",
    # health
    "suy dinh dưỡng", "thấp còi", "nhẹ cân", "béo phì", "ngộ độc", "dịch bệnh", "mắc bệnh", "mắc mới",
    "lây nhiễm", "nhiễm hiv", "sốt xuất huyết", "tai biến", "tử suất", "chết", "phá thai", "nạo phá thai",
    "tăng huyết áp", "đái tháo đường", "bệnh lao", "sốt rét", "ung thư", "bệnh không lây nhiễm",
    # work and school
    "thất nghiệp", "thiếu việc làm", "bỏ học", "lưu ban", "mù chữ", "tái mù chữ",
    # population
    "sinh con thứ", "tỷ lệ sinh", "tỷ suất sinh", "mức sinh", "tăng dân số", "gia tăng dân số",
    "tăng tự nhiên", "mất cân bằng giới tính", "tỷ số giới tính khi sinh", "tảo hôn", "cận huyết",
    # prices
    "cpi", "giá tiêu dùng", "lạm phát", "chỉ số giá",
    # environment
    "ô nhiễm", "khí thải", "nước thải chưa", "chất thải chưa", "ngập", "sạt lở", "xói mòn",
    # money
    "nợ xấu", "nợ đọng", "nợ thuế", "nợ bảo hiểm", "chậm đóng", "trốn đóng", "bội chi", "thâm hụt",
    # quality of work
    "sai sót", "sai phạm", "lỗi", "khiếu nại", "tố cáo", "tồn đọng", "phàn nàn", "sự cố",
    "nhà tạm", "dột nát", "xuống cấp", "hư hỏng",
)
"""Things to reduce: a bare level of them is at most that level — unless a handling word
(HANDLING_WORDS) or a good outcome (GOOD_OUTCOMES) says the share handled is measured."""

LOWER_MANNERS: tuple[str, ...] = (
    "trễ hạn", "quá hạn", "chậm trễ", "trễ hẹn", "quá hẹn", "chậm", "trễ", "muộn",
    "thời gian giải quyết", "thời gian xử lý", "thời gian chờ", "thời gian thực hiện", "thời gian đi lại",
    "số lần đi lại", "chi phí", "phải xin lỗi", "xin lỗi", "trả lại", "bị trả lại", "từ chối", "bị từ chối",
    "không đúng hạn", "không đạt", "chưa đạt", "không hài lòng", "chưa hài lòng", "không hợp lệ",
    "chưa được", "chưa giải quyết", "chưa xử lý", "chưa hoàn thành", "chưa có", "chưa qua",
    "không được", "không qua",
)
"""Bad ways a thing is done: lower is better even when the text also names the handling
('hồ sơ giải quyết trễ hạn'); only a negation just before them ('không để trễ hạn') turns them."""

HANDLING_WORDS: tuple[str, ...] = (
    "xử lý", "giải quyết", "khắc phục", "thu gom", "thu hồi", "hòa giải", "ngăn chặn", "phát hiện",
    "điều tra", "khám phá", "triệt phá", "bắt giữ", "truy tố", "xét xử", "thi hành", "cai nghiện",
    "điều trị", "chữa", "tiêm chủng", "tiêm", "phòng chống", "phòng ngừa", "xóa", "hỗ trợ", "vay vốn",
    "được vay", "được cấp", "cấp thẻ", "trợ cấp", "cứu trợ", "tiếp nhận", "trả lời", "kiểm tra",
    "thanh tra", "cưỡng chế", "tháo dỡ", "giải tỏa", "thoát nghèo", "thoát", "tái hòa nhập", "quản lý",
    "phục hồi", "cải tạo", "sửa chữa", "thu nợ", "đôn đốc", "đối thoại", "chuyển xử lý",
    "được giải quyết", "được xử lý", "hoàn thành", "can thiệp", "lập hồ sơ", "làm rõ", "chăm sóc", "tư vấn",
    "giúp đỡ", "trợ giúp", "được hưởng", "hưởng trợ cấp", "miễn", "bảo vệ", "cứu chữa", "sàng lọc", "giám sát",
    "kiểm soát", "dập tắt", "xác minh", "bắt", "truy bắt", "thu giữ", "tịch thu", "khởi tố", "tiêu hủy",
    "ngăn ngừa", "đẩy lùi", "giảm thiểu tác hại",
    "chỉnh lý", "chấn chỉnh", "xóa bỏ", "đấu tranh", "số hóa",
)
"""Handling words: with one of them the share of bad things handled is measured, higher is better
('xử lý được 40% cơ sở gây ô nhiễm')."""

GOOD_OUTCOMES: tuple[str, ...] = (
    "đúng hạn", "trước hạn", "đúng hẹn", "trước hẹn", "đúng quy định", "đúng quy trình", "hài lòng",
    "đạt chuẩn", "được công nhận", "có việc làm", "qua đào tạo", "ký số", "trực tuyến", "bao phủ",
    "che phủ", "nước sạch", "hợp vệ sinh", "an toàn", "tham gia bảo hiểm", "đạt yêu cầu",
    "bảo hiểm thất nghiệp", "trợ cấp thất nghiệp", "tiếp cận", "có hồ sơ",
)
"""What officials raise. Next to a bad manner ('đúng hạn' and 'trễ hạn' in one text) the
direction is ambiguous and a bare level is refused (write the Chiều column)."""

NEGATIONS: tuple[str, ...] = ("không", "không để", "không bị", "chống", "phòng", "thoát", "sạch", "sạch về",
                              "được rút ngắn", "được cắt giảm", "được giảm", "được giảm thiểu")
"""A negation just before a cue turns it: 'không vi phạm', 'không để trễ hạn', 'thoát nghèo',
'xã sạch về ma túy', 'TTHC được cắt giảm thời gian giải quyết' (the share whose time was cut).
'không' may have one word between ('không mắc tệ nạn')."""

ABSENCE_WORDS: tuple[str, ...] = (
    "không có", "không còn", "không xảy ra", "không để xảy ra", "không để phát sinh", "không phát sinh",
    "không để có", "không để tồn đọng", "không tồn tại", "chưa có", "chưa xảy ra",
)
"""'Tỷ lệ thôn không có người nghiện': the absence of a bad thing is measured (higher is better);
up to three words may stand between ('không có người mắc tệ nạn') — no comma or bracket."""

PASSIVE_HANDLING = "được"
"""A bad thing followed by 'được' + a verb within three words ('hộ nghèo được vay vốn', 'trẻ em suy
dinh dưỡng được can thiệp') is a share of bad things handled: higher is better — unless the verb only
says how the thing is counted (NOT_HANDLING_VERBS: 'hộ nghèo được xác định theo chuẩn mới')."""

NOT_HANDLING_VERBS: tuple[str, ...] = (
    "xác định", "phê duyệt", "thống kê", "tính", "đo", "ghi nhận", "báo cáo", "rà soát", "điều chỉnh",
    "quy định", "bình xét", "đánh giá là", "xếp loại là", "công bố",
)

# ---------------------------------------------------------------------------------------------
# 3. Rate or amount (TARGETS.md: Change)

RATE_CUES: tuple[str, ...] = (
    "tỷ lệ", "tỷ trọng", "tỷ suất", "tỷ số", "mức độ hài lòng", "mức hài lòng", "chỉ số hài lòng",
    "độ che phủ", "che phủ", "độ bao phủ", "bao phủ", "phần trăm", "tỷ lệ bao phủ",
)
"""A rate: a change of it is in percentage points (97,2% + 1% = 98,2%)."""

SIGNLESS_PERCENT_RATES: tuple[str, ...] = (
    "tỷ lệ", "tỷ trọng", "mức độ hài lòng", "mức hài lòng", "độ che phủ", "tỷ lệ bao phủ", "độ bao phủ",
)
"""Rates in percent: a level written without % ('Tỷ lệ hồ sơ đúng hạn 98') is 98%, never a count."""

NOT_PERCENT_RATES: tuple[str, ...] = (
    "tỷ suất", "tỷ số", "tỷ lệ sinh thô", "tỷ lệ tử vong", "tử vong", "mức sinh", "tỷ lệ chết",
    "tỷ lệ mắc", "trên 100.000", "/100.000", "vạn dân", "nghìn dân", "1.000 dân", "phần nghìn", "‰",
)
"""Rates counted per mille or per hundred thousand: a level without a sign is left as written."""

AMOUNT_CUES: tuple[str, ...] = (
    "số", "số lượng", "tổng", "tổng số", "giá trị", "thu", "thu ngân sách", "chi", "ngân sách",
    "doanh thu", "doanh số", "vốn", "đầu tư", "sản lượng", "sản xuất", "ngành", "gdp", "grdp", "grdp",
    "xuất khẩu", "nhập khẩu", "kim ngạch", "thu nhập", "lượt", "khách", "doanh nghiệp", "diện tích",
    "năng suất", "tỷ đồng", "triệu đồng", "nghìn tỷ", "đồng", "ca", "vụ", "bình quân đầu người",
    "quy mô", "khối lượng", "sản phẩm", "dự án", "hợp tác xã", "chỉ số giá", "chỉ số giá tiêu dùng", "cpi",
    "thời gian", "chi phí",
    "giá tiêu dùng",
    "đơn thư", "hồ sơ", "văn bản", "vụ việc", "trường hợp", "lượt người",
    "dư nợ", "huy động", "nguồn vốn", "lợi nhuận", "tổng đàn", "đàn gia súc", "đàn gia cầm", "số thu",
    "nguồn thu", "kinh phí", "tiền gửi", "tiền lương", "tổng mức", "mức bán lẻ", "công suất", "điện thương phẩm",
)
"""An amount or a count: a change of it is relative (a 12% rise on 2.000 is 2.240)."""

NOT_AMOUNT_CUES: tuple[str, ...] = (
    "chuyển đổi số", "kinh tế số", "chữ ký số", "ký số", "số hóa", "chính quyền số", "xã hội số",
    "công dân số", "nền tảng số", "dân số", "số điện thoại", "hóa đơn điện tử", "thu gom", "thu hồi",
    "thu hút", "chi tiết", "chi bộ", "chỉ số", "cộng đồng", "đồng bộ", "đồng thời", "hội đồng", "đồng ý",
    "đồng bào", "thu thập", "thu nhận", "đa số", "kỹ thuật số", "số liệu", "tổng hợp", "tổng kết",
    "tổng thể", "dịch vụ công", "nhiệm vụ", "nghiệp vụ", "công vụ", "phục vụ", "mùa vụ",
)
"""Phrases that contain an amount cue word but are not an amount ('chuyển đổi số')."""

# ---------------------------------------------------------------------------------------------
# 4. Growth rates, plans, headings, qualitative

GROWTH_WORDS: tuple[str, ...] = (
    "tăng trưởng", "tốc độ tăng", "tốc độ tăng trưởng", "tốc độ phát triển", "tỷ lệ tăng", "mức tăng",
    "tăng dân số", "gia tăng dân số", "tăng tự nhiên", "tốc độ giảm", "mức giảm", "tỷ lệ giảm",
)
"""A growth rate named as a noun: its level is compared ('tăng trưởng kinh tế 6,5-7%'), not a change."""

PLAN_WORDS: tuple[str, ...] = (
    "kế hoạch", "dự toán", "chỉ tiêu", "chỉ tiêu giao", "chỉ tiêu được giao", "kế hoạch giao",
    "nhiệm vụ", "mục tiêu", "nghị quyết", "chỉ tiêu nghị quyết",
    # a level set by rule is a plan too: 'giảm 30% thời gian giải quyết so với quy định' is at most 70%
    # of the time the rule sets, never a fall from the previous period
    "quy định", "thời gian quy định", "thời hạn quy định", "định mức", "mức quy định",
)
"""'đạt 105% kế hoạch' / 'so với dự toán': a percent of the plan, typed as a percent by the unit.
A change against the plan ('tăng 10% so với dự toán', 'vượt 15% kế hoạch') is a percent of the plan
too: at least 110% (115%); never a change against the previous period."""

PERIOD_BASES: tuple[str, ...] = (
    "cùng kỳ", "kỳ trước", "năm trước", "năm ngoái", "năm liền kề", "đầu năm", "đầu kỳ", "đầu nhiệm kỳ",
)
"""'so với cùng kỳ': the baseline is the previous period (Kết quả kỳ trước). Right after a level they
compare without 'so với' too: 'bằng 110% cùng kỳ', 'bằng 108% năm trước'."""

COMPARE_FILLERS: tuple[str, ...] = (
    "kết quả thực hiện", "ước thực hiện", "thực hiện", "kết quả", "mức thực hiện", "số thực hiện",
)
"""Words between 'so với' and its period: 'so với thực hiện năm 2024' is 'so với năm 2024'."""

COMPARATIVE_CHANGE_WORDS: tuple[tuple[str, str], ...] = (
    ("cao hơn", "increase"), ("nhiều hơn", "increase"), ("lớn hơn", "increase"),
    ("thấp hơn", "decrease"), ("ít hơn", "decrease"), ("nhỏ hơn", "decrease"),
)
"""A comparative before a period and an amount is a change: 'cao hơn năm trước ít nhất 1%' is a rise of
at least 1, 'thấp hơn cùng kỳ 5%' a fall of 5 (never the level 1% or 5%)."""

YEAR_WORD_FOLLOWERS: tuple[str, ...] = (
    "sau", "nay", "trước", "ngoái", "tới", "đó", "kế", "kế tiếp", "liền", "liền kề", "học", "tài chính", "đầu",
    "cuối", "thực hiện", "báo cáo",
)
"""After 'năm' these make it the year, not the number five ('năm sau cao hơn năm trước')."""

HEADING_ENDINGS: tuple[str, ...] = ("như sau", "gồm", "bao gồm", "cụ thể", "cụ thể như sau", "sau đây", "các chỉ tiêu sau")
HEADING_STARTS: tuple[str, ...] = ("các chỉ tiêu", "các mục tiêu", "nhóm chỉ tiêu", "chỉ tiêu về", "các chỉ số")
"""A text that announces what follows is a heading, not a target."""

QUALITATIVE_MARKERS: tuple[str, ...] = (
    "đạt yêu cầu", "đảm bảo", "bảo đảm", "hoàn thành", "đúng quy định", "theo quy định", "theo kế hoạch",
    "kịp thời", "định tính", "duy trì", "thực hiện đúng", "tuân thủ", "hiệu lực", "hiệu quả", "đạt chuẩn",
    "được công nhận", "công nhận", "đạt giải", "xếp loại", "ban hành", "bãi bỏ", "triển khai", "tổ chức",
    "xây dựng", "cập nhật", "niêm yết", "công khai", "áp dụng", "cải tiến", "nâng cao", "tăng cường",
    "kiện toàn", "rà soát", "phấn đấu", "giữ vững", "ổn định", "giữ nguyên", "không tăng", "không giảm",
    "kiềm chế",
)
"""Words of a qualitative target; any sentence with no level left is qualitative, these only help
tell one from a bare indicator name ('Tỷ lệ hồ sơ đúng hạn' has no level: refused)."""

ACHIEVEMENT_PHRASES: tuple[str, ...] = (
    "được công nhận", "đạt chuẩn", "đạt danh hiệu", "được khen thưởng",
    # a rating reached ('xếp loại khá trở lên'), not the act of rating ('được đánh giá, xếp loại')
    "xếp loại khá", "xếp loại tốt", "xếp loại giỏi", "xếp loại xuất sắc", "xếp loại hoàn thành", "xếp loại a",
    "khá trở lên", "tốt trở lên", "giỏi trở lên", "xuất sắc trở lên",
)
"""A clause with no level that names an achievement of its own makes the line compound ('Có 4-6 sáng
kiến, tập thể đạt giải nhì', 'đạt 100% kế hoạch, xếp loại khá trở lên')."""

NUMBER_WORDS: tuple[str, ...] = (
    "một", "hai", "ba", "bốn", "tư", "năm", "lăm", "sáu", "bảy", "tám", "chín", "mười", "mươi", "mốt",
    "trăm", "nghìn", "ngàn", "triệu", "tỷ", "linh", "lẻ", "phần",
)
"""Numbers written in words ('khoảng chín mươi phần trăm'): refused, asking for digits."""

MAGNITUDE_WORDS: tuple[tuple[str, int], ...] = (
    ("nghìn", 1_000), ("ngàn", 1_000), ("vạn", 10_000), ("triệu", 1_000_000), ("tỷ", 1_000_000_000),
)
"""A level counted in thousands, millions… ('1,5 triệu lượt', '210-215 tỷ đồng', '12 nghìn lao động'):
the unit types the number in those units (1,4 — not 1.400.000). Words in a row multiply ('nghìn tỷ')."""

QUANTITY_NOUNS: tuple[str, ...] = ("số", "tổng số", "số lượng", "tỷ lệ", "lượng", "số lượt")
"""How a quantity is named. After a change, clauses that only name more quantities share it
('Giảm 5% số vụ, số người chết và số người bị thương'): several indicators in one line."""

CRITERIA_UNITS: tuple[str, ...] = ("tiêu chí", "mặt", "lĩnh vực", "nội dung")
"""'Kéo giảm 3 tiêu chí về tai nạn giao thông': the criteria reduced, not a count reduced by 3."""

RANK_UNITS: tuple[str, ...] = ("bậc", "hạng", "vị trí", "thứ hạng", "lần", "gấp")
"""After a change ('tăng 2 bậc', 'tăng 2 lần') the level is a rank or a multiple, not an amount:
refused with the Cách đánh giá to write (a rank moves up as its number goes down)."""

PASSED_WORDS: dict[str, bool] = {
    "đạt": True, "dat": True, "có": True, "x": True, "✓": True, "✔": True, "hoàn thành": True, "đã hoàn thành": True,
    "không đạt": False, "khong dat": False, "chưa đạt": False, "không": False, "chưa hoàn thành": False,
    "không hoàn thành": False,
}
"""What a unit may type for a qualitative target (matched NFC, case and spacing ignored). A target
cell that is only one of the passing words ('Đạt', 'Hoàn thành') is a qualitative target."""

NONE_ANSWERS: tuple[str, ...] = ("không", "không có", "không để xảy ra", "không phát sinh")
"""A target cell that only says 'none' under an indicator to reduce ('Hồ sơ trễ hạn': 'Không') is a zero
target."""

# ---------------------------------------------------------------------------------------------
# 5. Numbers set aside (TARGETS.md step 2), kept in the text as context. (label, regular expression)
# The expressions run on the cleaned text, case-insensitively; the first that matches at a place wins.

_NUM = r"\d+(?:[.,]\d+)?"
_YEAR = r"(?:19|20)\d{2}"
_DOC_WORDS = (r"nghị\s+định|quyết\s+định|thông\s+tư|kế\s+hoạch|công\s+văn|chỉ\s+thị|nghị\s+quyết|văn\s+bản|"
              r"thông\s+báo|luật|báo\s+cáo|tờ\s+trình|đề\s+án|chương\s+trình|hướng\s+dẫn|quy\s+định|"
              r"qđ|kh|nđ|tt|cv|nq|ct|bc|tb|hd")

_DOC_TYPES = (r"nghị\s+định|quyết\s+định|thông\s+tư|chỉ\s+thị|nghị\s+quyết|luật|công\s+văn|"
              r"qđ|nđ|tt|cv|nq|ct")
_DOC_SUFFIX = r"[/\-](?:[\w&.]*[^\W\d_][\w&.]*|(?:19|20)\d{2}(?!\d))"
_NOT_A_LEVEL = r"(?![\d.,]*\s*(?:[%‰]|phần\s+(?:trăm|nghìn|ngàn)))"

SET_ASIDE: tuple[tuple[str, str], ...] = (
    # ages: "trẻ em dưới 6 tuổi", "người từ 60 tuổi trở lên", "từ 6 đến 14 tuổi", "6-14 tuổi"
    ("tuổi", r"(?:(?:dưới|trên|từ|đủ|đến|hơn)\s+)?\d+\s*(?:(?:-|–|đến|tới)\s*\d+\s*)?tuổi(?:\s+trở\s+(?:lên|xuống))?"),
    ("tuổi", r"độ\s+tuổi\s+(?:từ\s+)?\d+\s*(?:-|–|đến|tới)\s*\d+"),
    # documents: "Nghị định 61/2018/NĐ-CP", "Quyết định số 1150", "số 06/QĐ-UBND", "05-CT/TW"
    # (a number after the document word is its number only when no % or per-mille follows it —
    # 'vi phạm kỷ luật 0%' is a level — and 'kế hoạch 18/18 chỉ tiêu' is a ratio: the part after the
    # slash of a document number has letters or is a year)
    ("văn bản", rf"(?:{_DOC_WORDS})\s+(?:số\s*\d+(?:[/\-][\w\-&.]*)*|\d+{_DOC_SUFFIX}(?:[/\-][\w\-&.]*)*)"),
    ("văn bản", rf"(?:{_DOC_TYPES})\s+\d+{_NOT_A_LEVEL}"),
    ("văn bản", r"(?:số\s*)?\d+(?:/\d+)*/[a-zđ][\w\-&]*(?:/[\w\-&]+)*"),
    ("văn bản", r"\d+-[a-zđ]+/[\w\-]+"),
    # standards and names: "TCVN ISO 9001:2015", "ISO 9001", "QCVN 01:2009/BYT", "5S", "COVID-19", "4.0"
    ("tiêu chuẩn", r"(?:tcvn\s*)?iso\s*(?:/\s*iec\s*)?\d+(?:\s*:\s*\d{4})?"),
    ("tiêu chuẩn", r"(?:tcvn|qcvn)\s*[\d][\d:/\-.a-z]*"),
    ("tên", r"(?:covid|sars|h\d+n\d+|f\d)\s*-?\s*\d*"),
    ("tên", r"(?<![\w.,])\d+[a-z](?![\w%])"),
    ("tên", r"(?:công\s+nghiệp|cmcn|chuyển\s+đổi\s+số)\s*(?:lần\s+thứ\s+tư\s*)?\(?\s*\d\.0\s*\)?"),
    ("tên", r"(?:dịch\s+vụ\s+công\s+)?(?:trực\s+tuyến\s+)?mức\s+độ\s+\d+(?:\s*(?:,|và|-|–)\s*(?:mức\s+độ\s+)?\d+)*(?!\s*[%‰\d])"),
    ("tên", r"mức\s+\d+(?:\s*(?:,|và|-|–)\s*(?:mức\s+)?\d+)*(?![\d,.]*\s*(?:[%‰]|phần|tỷ|triệu|nghìn|người|hộ|lao|hồ|ngày))"),
    ("tên", r"(?:cấp\s+độ|loại|nhóm|tổ|thôn|ấp|khu\s+phố|khu\s+vực|khối|lớp|tuyến|điều|khoản|chương|"
            r"mục|phụ\s+lục|bước|vùng|đợt|phiên|số\s+nhà|tầng|khóa|kỳ\s+họp)\s+\d+(?:\s*(?:,|và|-|–)\s*\d+)*(?![\d,.]*\s*[%‰])"),
    # "trên cả 3 tiêu chí" (on all three criteria), "110 bé trai/100 bé gái" (per hundred)
    ("tên", r"(?:trên\s+)?cả\s+\d+\s+(?:tiêu\s+chí|mặt|lĩnh\s+vực|chỉ\s+tiêu|nội\s+dung)"),
    ("tên", r"/\s*(?:100|1\.000|10\.000|100\.000)\s+(?:bé\s+gái|trẻ|dân|người|ca|hộ|phụ\s+nữ|trẻ\s+đẻ\s+sống)"),
    # per-unit measures: "trên 1 ha đất canh tác", "bình quân 01 ha", "/1 người"
    ("tên", r"(?:trên|mỗi|bình\s+quân|/)\s*(?:1|01|một)\s+(?:ha|héc\s*ta|hecta|km2|người|hộ|lao\s+động|dân|xã)(?!\w)"),
    # ranks: "giải ba", "hạng nhì", "top 10", "xếp thứ 5", "con thứ 3"
    ("thứ hạng", r"(?:giải|hạng|huy\s+chương)\s+"
                 r"(?:nhất|nhì|ba|tư|khuyến\s+khích|đặc\s+biệt|vàng|bạc|đồng|a|b|c|\d+(?:\s*/\s*\d+)?|[ivx]+)\b"
                 r"(?:\s+trở\s+lên)?"),
    ("thứ hạng", r"(?:top|nhóm)\s*\d+"),
    # a level of government as a rank: '25 học sinh giỏi cấp tỉnh trở lên' is 25 pupils, not 'at least 25'
    ("thứ hạng", r"cấp\s+(?:quốc\s+gia|trung\s+ương|tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|cơ\s+sở|"
                 r"bộ|ngành)\s+trở\s+lên"),
    # star ratings: "sản phẩm OCOP đạt từ 3 sao trở lên", "khách sạn 3-5 sao" (a rating, never the level)
    ("thứ hạng", r"(?:(?:đạt\s+)?(?:từ|trên)\s+)?(?:đạt\s+)?\d(?:\s*[-–]\s*\d)?\s*sao(?![\w])(?:\s+trở\s+lên)?"),
    ("thứ hạng", r"(?:xếp\s+)?thứ\s+\d+(?:\s*/\s*\d+)?(?:\s+trở\s+lên)?"),
    # dates: "30/6/2025", "15-12-2025", "ngày 15/12", "ngày 15 tháng 12 năm 2025", "tháng 6/2025", "quý III"
    ("ngày", r"(?:ngày\s+)?\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)?\d{2}(?!\d)"),
    # (a day or month number is 1-31 / 1-12 and no level follows it: 'trả kết quả trong ngày 100%')
    ("ngày", r"ngày\s+(?:3[01]|[12]\d|0?[1-9])(?![\d.,]*\s*[%‰\d])(?:\s*[/\-]\s*\d{1,2})?(?:\s+tháng\s+\d{1,2})?"
            r"(?:\s+năm\s+\d{4})?"),
    ("ngày", r"tháng\s+(?:1[0-2]|0?[1-9]|[ivx]+)(?![\d.,]*\s*[%‰\d])(?:\s*[/\-]\s*\d{4}|\s+năm\s+\d{4})?"),
    ("ngày", r"quý\s+(?:iv|i{1,3}|\d)(?![\w])(?:\s*[/\-]\s*\d{4}|\s+năm\s+\d{4})?"
            r"(?:\s*(?:,|và|-)\s*(?:quý\s+)?(?:iv|i{1,3}|\d)(?![\w]))*"),
    ("ngày", r"\d{1,2}\s*/\s*(?:19|20)\d{2}"),
    # years and periods: "năm 2024", "năm học 2024 – 2025", "giai đoạn 2021-2025", "6 tháng đầu năm"
    ("năm", rf"(?:năm\s+học|niên\s+khóa|niên\s+độ|nhiệm\s+kỳ|giai\s+đoạn|thời\s+kỳ|kế\s+hoạch|năm|đến|từ|cuối|đầu|trong)"
            rf"\s+{_YEAR}(?:\s*(?:-|–|—|đến|/)\s*(?:{_YEAR}|\d{{2}}))?(?!\d|[.,]\d)"),
    ("năm", rf"(?<![\d.,]){_YEAR}\s*(?:-|–|—)\s*{_YEAR}(?!\d|[.,]\d)"),
    ("kỳ", r"\d+\s+(?:tháng|năm|quý|tuần)(?:\s+(?:đầu|cuối)\s+năm)?(?!\s*(?:[%‰]|trở))"),
    # a time limit: 'trong vòng 5 ngày', 'trong thời hạn 5 ngày làm việc', 'sau 3 ngày'
    ("kỳ", r"(?:trong|sau)(?:\s+(?:vòng|thời\s+hạn|thời\s+gian|hạn|phạm\s+vi))?\s+\d+\s+(?:ngày|giờ|phút)"
           r"(?:\s+làm\s+việc)?"),
)

AGE_INDICATORS: tuple[str, ...] = (
    "tuổi thọ", "tuổi bình quân", "tuổi trung bình", "độ tuổi bình quân", "độ tuổi trung bình",
    "tuổi kết hôn", "tuổi nghỉ hưu",
)
"""An indicator that is itself an age: its ages are levels, never set aside ('Tuổi thọ trung bình
đạt 74 tuổi' is at least 74; 'trẻ em dưới 6 tuổi' elsewhere stays context)."""

DURATION_INDICATORS: tuple[str, ...] = (
    "tuổi thọ", "thời gian sống", "số năm", "thời gian công tác", "thâm niên", "số năm đi học", "số tháng",
)
"""An indicator that is itself a duration: its 'N năm' is a level, never a period set aside ('Tuổi thọ
khỏe mạnh 67 năm'); after a threshold or level word any 'N năm' is ('đạt tối thiểu 67 năm')."""

YEAR_CANDIDATE = r"(?<![\d.,/])(?:199\d|20\d{2})(?!\d|[.,]\d|/|\s*[%‰])"
"""A bare number like 2025: a year unless a count noun follows it ('2025 lao động')."""

YEAR_FOLLOWERS: tuple[str, ...] = (
    "đạt", "tăng", "giảm", "là", "so", "và", "của", "theo", "trở", "với", "có", "được", "thì", "phấn",
    "toàn", "trên", "dưới", "tại", "đến", "ước", "cả",
)
"""Words after a bare 2025 that make it a year ('năm' may be left out: 'Thu ngân sách 2025 đạt …')."""
