"""The dictionary of xlqms's vocabulary: every finding code, and the states of files and units.

Each finding code is defined once, here, with everything a reader of a finding may want:

* its stable kebab-case name (what scripts, the store and ``--json`` see: ``Finding.code``);
* its :class:`Severity` (Lỗi / Cảnh báo / Ghi chú) — a call site never chooses it;
* its :class:`Disposition`: what the finding does to the thing it is about — the file is
  rejected, a value must be corrected, a person should review the file, or a note for the record;
* a Vietnamese label (what it is) and a Vietnamese action (what to do), for the README's table
  of codes (``python -m xlqms.codes``), the workbooks and reports. The message of each finding
  says the specifics (which cell, which value, what to type instead).

Code is used by constant (``codes.Code.NOT_A_NUMBER``) and findings are made with
:func:`xlqms.findings.finding`. States of a file taken in (:class:`FileState`) and of a unit in the
round (:class:`UnitState`) have one Vietnamese label each, used by every output.
"""

from __future__ import annotations

from enum import Enum


class _TextEnum(str, Enum):
    """A str enum that prints as its value (``f"{Code.NOT_A_NUMBER}"`` → ``not-a-number``)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    __hash__ = str.__hash__   # a member and its value are the same dict key ('accepted' finds ACCEPTED)


class Severity(_TextEnum):
    """How serious a finding is, as officials read it (:attr:`label`)."""

    ERROR = "error"      # rejects the value or the file
    WARNING = "warning"  # kept, but the user should look
    NOTE = "note"        # for the record (a lock file passed over, …)

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo", Severity.NOTE: "Ghi chú"}


class Disposition(_TextEnum):
    """What a finding does to what it is about (a returned file, campaign.xlsx, a generated workbook)."""

    REJECTS = "rejects"                    # the file cannot be used at all: another one must be sent
    NEEDS_CORRECTION = "needs-correction"  # a value or row is not used until it is corrected
    NEEDS_REVIEW = "needs-review"          # used, but a person should check the file first
    NOTE = "note"                          # kept and used; for the record

    @property
    def label(self) -> str:
        return _DISPOSITION_LABELS[self]


_DISPOSITION_LABELS = {
    Disposition.REJECTS: "Từ chối tệp",
    Disposition.NEEDS_CORRECTION: "Cần sửa",
    Disposition.NEEDS_REVIEW: "Cần xem lại",
    Disposition.NOTE: "Để biết",
}

_E, _W, _N = Severity.ERROR, Severity.WARNING, Severity.NOTE
_REJECT, _CORRECT, _REVIEW, _NOTE = (Disposition.REJECTS, Disposition.NEEDS_CORRECTION, Disposition.NEEDS_REVIEW,
                                     Disposition.NOTE)


class Code(_TextEnum):
    """Every finding code xlqms emits: ``Code.X.value`` is the stable name; see the module docstring."""

    severity: Severity
    disposition: Disposition
    label: str
    action: str

    def __new__(cls, name: str, severity: Severity, disposition: Disposition, label: str, action: str):
        member = str.__new__(cls, name)
        member._value_ = name
        member.severity = severity
        member.disposition = disposition
        member.label = label
        member.action = action
        return member

    # -- a returned file that cannot be used (xlqms.safety, xlqms.read) ---------------------------
    FILE_TOO_LARGE = ("file-too-large", _E, _REJECT, "Tệp quá lớn",
                      "Dùng đúng tệp xlqms đã gửi, xóa ảnh và trang tính thừa rồi gửi lại.")
    EMPTY_FILE = ("empty-file", _E, _REJECT, "Tệp rỗng (0 byte)", "Đề nghị đơn vị gửi lại tệp.")
    CORRUPT_FILE = ("corrupt-file", _E, _REJECT, "Tệp hỏng hoặc không trọn vẹn",
                    "Mở sổ bằng Excel hoặc LibreOffice, lưu lại và gửi lại.")
    ZIP_BOMB = ("zip-bomb", _E, _REJECT, "Tệp nén bất thường", "Gửi lại đúng sổ báo cáo xlqms đã gửi.")
    XML_ENTITY_DECLARATION = ("xml-entity-declaration", _E, _REJECT, "Tệp chứa khai báo DOCTYPE/ENTITY",
                              "Gửi lại đúng sổ báo cáo, lưu bằng Excel hoặc LibreOffice.")
    SHEET_TOO_LARGE = ("sheet-too-large", _E, _REJECT, "Trang tính quá lớn", "Xóa các dòng, cột thừa rồi gửi lại.")
    PASSWORD_PROTECTED = ("password-protected", _E, _REJECT, "Tệp có đặt mật khẩu",
                          "Gỡ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi gửi lại.")
    PACKED_WORKBOOKS = ("packed-workbooks", _E, _REJECT, "Tệp nén (.zip, .rar, .7z) thay cho sổ báo cáo",
                        "Giải nén vào một thư mục rồi thu nhận thư mục đó (xlqms collect DIR THƯ_MỤC).")
    UNSUPPORTED_FORMAT = ("unsupported-format", _E, _REJECT,
                          "Tệp là bản xuất (trang web, CSV, XML 2003) hoặc sổ nhị phân .xlsb, không phải sổ xlqms",
                          "Mở sổ xlqms đã gửi, điền và lưu dạng Sổ làm việc Excel (.xlsx) rồi gửi lại.")
    UNREADABLE_FILE = ("unreadable-file", _E, _REJECT, "Không đọc được tệp",
                       "Mở sổ bằng Excel hoặc LibreOffice, lưu lại và gửi lại.")
    NOT_A_UNIT_WORKBOOK = ("not-a-unit-workbook", _E, _REJECT, "Không phải sổ báo cáo do xlqms gửi",
                           "Điền vào đúng sổ xlqms đã gửi và gửi lại.")
    CAMPAIGN_MISMATCH = ("campaign-mismatch", _E, _REJECT, "Sổ của đợt báo cáo khác",
                         "Điền vào sổ của đợt này và gửi lại.")
    PERIOD_MISMATCH = ("period-mismatch", _E, _REJECT, "Sổ của kỳ báo cáo khác", "Điền vào sổ của kỳ này và gửi lại.")
    TEMPLATE_VERSION_MISMATCH = ("template-version-mismatch", _E, _REJECT, "Sổ theo mẫu cũ",
                                 "Chép số liệu sang sổ mới xlqms gửi và gửi lại.")
    UNKNOWN_UNIT = ("unknown-unit", _E, _REJECT, "Mã đơn vị không có trong đợt",
                    "Kiểm tra mã đơn vị: tệp có đúng của một đơn vị trong trang Đơn vị không.")
    MISSING_SHEET = ("missing-sheet", _E, _REJECT, "Thiếu trang tính",
                     "Dùng đúng sổ mẫu; không xóa hay đổi tên các trang tính của mẫu.")
    MISSING_HEADER = ("missing-header", _E, _REJECT, "Không tìm thấy dòng tiêu đề",
                      "Giữ nguyên dòng tiêu đề như sổ mẫu.")
    UNIT_LABEL_MISMATCH = ("unit-label-mismatch", _E, _REJECT,
                           "Ô Mã đơn vị ghi đơn vị khác với đơn vị của sổ (dùng sổ của đơn vị khác)",
                           "Đơn vị ghi trong ô Mã đơn vị điền vào đúng sổ xlqms gửi cho mình và gửi lại.")
    IDENTITY_FORGED = ("identity-forged", _E, _REJECT, "Phần nhận dạng của sổ không khớp chữ ký xác thực",
                       "Đơn vị phải dùng đúng sổ xlqms đã gửi cho mình, không sửa phần nhận dạng; kiểm tra ai đã gửi tệp.")
    READER_CRASHED = ("reader-crashed", _E, _REJECT, "Tệp làm trình đọc dừng đột ngột (quá lớn hoặc bất thường)",
                      "Mở sổ bằng Excel hoặc LibreOffice, xóa các ô, dòng, cột thừa, lưu lại và gửi lại.")
    ARCHIVED_COPY_MISSING = ("archived-copy-missing", _E, _REJECT, "Bản lưu trữ của tệp đã mất",
                             "Chép lại tệp gốc vào thư mục nhận rồi chạy lại xlqms collect (tệp được nhận lại).")
    READING_TIMED_OUT = ("reading-timed-out", _E, _REJECT, "Đọc tệp quá lâu nên đã dừng",
                         "Mở sổ bằng Excel hoặc LibreOffice, xóa các ô, dòng, cột thừa, lưu lại và gửi lại.")

    # -- a workbook sent back with nothing filled: not a submission (xlqms.read) ----------------------
    BLANK_RETURN = ("blank-return", _E, _CORRECT, "Nộp tệp trống: sổ chưa điền số liệu nào",
                    "Điền kết quả các chỉ tiêu vào sổ rồi gửi lại; đơn vị vẫn tính là chưa nộp.")

    # -- passed over, for the record --------------------------------------------------------------
    LOCK_FILE = ("lock-file", _N, _NOTE, "Tệp khóa của Excel/LibreOffice", "Không cần làm gì: tệp được bỏ qua.")
    NOT_A_SPREADSHEET = ("not-a-spreadsheet", _N, _NOTE, "Không phải bảng tính",
                         "Không cần làm gì: tệp chỉ được lưu trữ.")
    OWN_OUTPUT_NOT_COLLECTED = ("own-output-not-collected", _N, _NOTE,
                                "Tệp do chính xlqms tạo ra (sổ gửi đi, bản đánh dấu lỗi, báo cáo, lưu trữ), không thu nhận",
                                "Nếu đó là tệp đơn vị gửi về, chép ra thư mục khác (ví dụ DIR/nhan_ve) rồi thu nhận.")
    ANNOTATION_UNAVAILABLE = ("annotation-unavailable", _N, _NOTE, "Không tạo được bản đánh dấu lỗi",
                              "Gửi đơn vị danh sách lỗi (xlqms status) thay cho bản đánh dấu.")
    MACROS_PRESENT = ("macros-present", _W, _NOTE, "Tệp có chứa macro",
                      "Không cần sửa: xlqms không chạy macro. Lần sau dùng tệp .xlsx xlqms đã gửi.")
    PATH_SKIPPED = ("path-skipped", _W, _NOTE, "Đường dẫn bị bỏ qua (liên kết tượng trưng hoặc không phải tệp thường)",
                    "Chép chính tệp (không phải lối tắt) vào thư mục nhận rồi chạy lại xlqms collect.")
    FILE_TIME_OUT_OF_RANGE = ("file-time-out-of-range", _W, _NOTE, "Thời gian của tệp bất thường (tương lai hoặc quá xa)",
                              "Không cần sửa tệp: xlqms dùng thời điểm nhận. Kiểm tra đồng hồ của máy gửi và máy nhận.")

    # -- used, but a person should look (the unit is 'received', not yet 'accepted') ------------------
    IDENTITY_FROM_VISIBLE_CELLS = ("identity-from-visible-cells", _W, _REVIEW, "Nhận dạng sổ theo các ô hiển thị",
                                   "Kiểm tra đúng đơn vị và kỳ; sổ gửi lại cần là sổ xlqms đã gửi, lưu dạng .xlsx.")
    UNIT_NAME_MISMATCH = ("unit-name-mismatch", _W, _REVIEW, "Tên đơn vị khác tên trong đợt",
                          "Kiểm tra tệp có đúng của đơn vị mang mã này không.")
    PERCENT_AS_FRACTION = ("percent-as-fraction", _W, _REVIEW, "Tỷ lệ lưu dạng thập phân (ô định dạng %)",
                           "Kiểm tra giá trị xlqms đã hiểu; lần sau nhập số phần trăm (95,7) vào ô không định dạng %.")
    IDENTITY_UNSIGNED = ("identity-unsigned", _W, _REVIEW, "Sổ không có chữ ký xác thực của đợt",
                         "Kiểm tra tệp đúng của đơn vị; đề nghị đơn vị điền vào sổ xlqms gửi ở đợt này.")
    FILE_NAME_UNIT_MISMATCH = ("file-name-unit-mismatch", _W, _REVIEW,
                               "Tên tệp mang mã một đơn vị, sổ là của đơn vị khác",
                               "Hỏi lại hai đơn vị xem ai điền sổ này; đơn vị nào dùng nhầm sổ thì điền vào đúng sổ của mình.")
    IDENTITY_UNVERIFIABLE = ("identity-unverifiable", _W, _REVIEW,
                             "Sổ có chữ ký nhưng tệp khóa bí mật của đợt bị mất hoặc hỏng",
                             "Chép lại tệp .xlqms-secret từ bản sao lưu rồi chạy xlqms collect DIR --rebuild.")
    OLDER_CONTENT = ("older-content", _W, _REVIEW, "Tệp gửi sau nhưng nội dung cũ hơn tệp đang dùng",
                     "Xem lại với đơn vị; nếu đúng là bản mới nhất, đề nghị đơn vị mở sổ, lưu lại và gửi lại.")
    LEGACY_ENCODING_CONVERTED = ("legacy-encoding-converted", _W, _REVIEW,
                                 "Chữ gõ bằng bảng mã cũ (TCVN3 hoặc VNI), đã chuyển sang Unicode",
                                 "Kiểm tra chữ đã chuyển; lần sau gõ bằng bảng mã Unicode (Unikey, EVKey).")
    LEGACY_ENCODING_UNCERTAIN = ("legacy-encoding-uncertain", _W, _REVIEW,
                                 "Chữ có vẻ gõ bằng bảng mã cũ (TCVN3 hoặc VNI), không chuyển chắc chắn được",
                                 "Gõ lại nội dung ô bằng bảng mã Unicode (Unikey, EVKey) rồi gửi lại.")
    RESULTS_SHEET_RENAMED = ("results-sheet-renamed", _W, _NOTE, "Trang Kết quả bị đổi tên",
                             "Không cần sửa: xlqms tìm trang theo dòng tiêu đề; lần sau giữ nguyên tên trang.")
    RESULTS_IN_COPIED_SHEET = ("results-in-copied-sheet", _W, _REVIEW,
                               "Số liệu điền ở bản sao của trang Kết quả, trang Kết quả để trống",
                               "Kiểm tra đúng số liệu của đơn vị; lần sau điền thẳng vào trang Kết quả.")
    CELLS_OUTSIDE_FORM = ("cells-outside-form", _W, _NOTE, "Ô có dữ liệu nằm xa ngoài biểu mẫu",
                          "Không cần sửa: xlqms bỏ qua các ô đó; xóa chúng khi sửa tệp lần sau.")

    # -- rows and values of Kết quả (xlqms.read, xlqms.validate) --------------------------------------
    ROW_VALUES_SHIFTED = ("row-values-shifted", _E, _CORRECT,
                          "Số liệu có thể lệch dòng (bảng bị sắp xếp không kèm cột Mã chỉ tiêu)",
                          "Đặt lại số liệu đúng dòng của từng mã chỉ tiêu rồi gửi lại.")
    MISSING_COLUMN = ("missing-column", _E, _CORRECT, "Thiếu cột", "Khôi phục cột có đúng tiêu đề như mẫu.")
    UNKNOWN_INDICATOR = ("unknown-indicator", _E, _CORRECT, "Mã chỉ tiêu không có trong sổ của đơn vị",
                         "Giữ nguyên Mã chỉ tiêu xlqms đã ghi; không thêm dòng mới.")
    DUPLICATE_INDICATOR_ROW = ("duplicate-indicator-row", _E, _CORRECT, "Chỉ tiêu có hai dòng",
                               "Xóa dòng thừa: mỗi chỉ tiêu một dòng.")
    INDICATOR_ROW_MISSING = ("indicator-row-missing", _E, _CORRECT, "Thiếu dòng của chỉ tiêu",
                             "Khôi phục dòng của chỉ tiêu như sổ gốc và nhập kết quả.")
    ERROR_VALUE = ("error-value", _E, _CORRECT, "Ô có giá trị lỗi (#REF!, #VALUE!, #N/A, #DIV/0!…)",
                   "Sửa công thức của ô, hoặc xóa công thức và nhập số; rồi lưu và gửi lại.")
    FORMULA_WITHOUT_VALUE = ("formula-without-value", _E, _CORRECT, "Công thức chưa có giá trị lưu trong tệp",
                             "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi gửi; hoặc nhập số thay cho công thức.")
    EXPLANATION_NOT_TEXT = ("explanation-not-text", _W, _NOTE,
                            "Thuyết minh là công thức lỗi hoặc chưa có giá trị (số liệu của dòng vẫn dùng)",
                            "Không cần sửa số liệu; muốn thuyết minh thì gõ chữ vào ô Thuyết minh thay cho công thức.")
    DATE_IN_VALUE = ("date-in-value", _E, _CORRECT, "Ô số liệu chứa ngày tháng (tỷ số bị bảng tính đổi thành ngày)",
                     "Nhập Tử số và Mẫu số vào hai cột riêng, hoặc nhập Kết quả bằng số.")
    NUMBER_SHOWN_AS_DATE = ("number-shown-as-date", _W, _REVIEW, "Số nhập vào ô định dạng ngày tháng (hiện thành ngày)",
                            "Kiểm tra giá trị xlqms đã đọc; lần sau đặt định dạng Số cho ô.")
    PERCENT_MAYBE_FRACTION = ("percent-maybe-fraction", _W, _REVIEW,
                              "Tỷ lệ có vẻ nhập dạng thập phân (0,97 thay cho 97)",
                              "Kiểm tra với đơn vị; nếu là tỷ số thì nhập số phần trăm (97,04).")
    NOT_A_NUMBER = ("not-a-number", _E, _CORRECT, "Không phải là số", "Nhập một số, dấu phẩy thập phân (ví dụ 95,7).")
    AMBIGUOUS_NUMBER = ("ambiguous-number", _E, _CORRECT,
                        "Số có dấu phẩy không rõ là ngăn hàng nghìn hay thập phân (1,540)",
                        "Nhập lại cho rõ: 1.540 (một nghìn năm trăm bốn mươi) hoặc 1,54.")
    COMMA_THOUSANDS = ("comma-thousands", _W, _REVIEW, "Số viết dấu phẩy ngăn hàng nghìn (kiểu tiếng Anh)",
                       "Kiểm tra giá trị xlqms đã hiểu; lần sau viết dấu chấm ngăn hàng nghìn (1.540.000).")
    FORMULA_COMPUTED = ("formula-computed", _W, _REVIEW, "Công thức số học chưa được bảng tính tính, xlqms tự tính",
                        "Kiểm tra giá trị xlqms đã tính; lần sau nhập số (hoặc Tử số và Mẫu số) thay cho công thức.")
    NEGATIVE_VALUE = ("negative-value", _E, _CORRECT, "Số âm", "Nhập số không âm.")
    NUMERIC_FOR_QUALITATIVE = ("numeric-for-qualitative", _E, _CORRECT, "Nhập số cho chỉ tiêu Đạt / Không đạt",
                               "Chọn Đạt hoặc Không đạt.")
    QUALITATIVE_VALUE_INVALID = ("qualitative-value-invalid", _E, _CORRECT, "Không phải Đạt / Không đạt",
                                 "Chọn Đạt hoặc Không đạt.")
    INCOMPLETE_RATIO = ("incomplete-ratio", _E, _CORRECT, "Thiếu Tử số hoặc Mẫu số",
                        "Nhập cả Tử số và Mẫu số, hoặc chỉ nhập Kết quả.")
    ZERO_DENOMINATOR = ("zero-denominator", _E, _CORRECT, "Mẫu số bằng 0 mà Tử số khác 0",
                        "Nhập tổng số trường hợp (lớn hơn 0) vào Mẫu số.")
    NUMERATOR_EXCEEDS_DENOMINATOR = ("numerator-exceeds-denominator", _E, _CORRECT, "Tử số lớn hơn Mẫu số",
                                     "Tử số là số đạt, Mẫu số là tổng số: kiểm tra lại hai số này.")
    PERCENT_OVER_100 = ("percent-over-100", _E, _CORRECT, "Tỷ lệ vượt quá 100%",
                        "Nhập tỷ lệ từ 0 đến 100 (ví dụ 95,7).")
    VALUE_OUT_OF_SCALE = ("value-out-of-scale", _E, _CORRECT, "Kết quả không tính theo đơn vị của chỉ tiêu",
                          "Nhập theo đơn vị ghi ở chỉ tiêu (ví dụ 1,4 khi chỉ tiêu tính bằng triệu lượt).")
    MISSING_VALUE = ("missing-value", _W, _NOTE, "Chưa có kết quả",
                     "Nhập kết quả; để trống thì chỉ tiêu tính là Thiếu số liệu.")
    NO_CASES = ("no-cases", _W, _NOTE, "Tử số và Mẫu số đều bằng 0 (không phát sinh trường hợp nào)",
                "Ghi rõ ở Thuyết minh; chỉ tiêu tính là Thiếu số liệu.")
    BASELINE_MISSING = ("baseline-missing", _W, _NOTE, "Chưa có kết quả kỳ trước",
                        "Nhập Kết quả kỳ trước; để trống thì chỉ tiêu tính là Thiếu số liệu.")
    RATIO_VALUE_MISMATCH = ("ratio-value-mismatch", _W, _NOTE, "Kết quả khác Tử số/Mẫu số",
                            "Sửa ô sai; xlqms dùng Tử số/Mẫu số.")

    # -- campaign.xlsx (xlqms.campaign; every error stops the command until corrected) -----------------
    INVALID_YEAR = ("invalid-year", _E, _CORRECT, "Năm không hợp lệ", "Nhập năm, ví dụ 2026.")
    INVALID_PERIOD = ("invalid-period", _E, _CORRECT, "Kỳ báo cáo không hợp lệ",
                      "Chọn: 6 tháng đầu năm, 9 tháng, Cả năm, Quý I … Quý IV.")
    INVALID_DATE = ("invalid-date", _E, _CORRECT, "Hạn nộp không phải là ngày", "Nhập ngày dạng 31/07/2026.")
    CONTINUATION_WITHOUT_OBJECTIVE = ("continuation-without-objective", _E, _CORRECT,
                                      "Dòng tiếp nối mà chưa có mục tiêu ở trên",
                                      "Nhập TT và Mục tiêu ở dòng đầu của mục tiêu.")
    DUPLICATE_OBJECTIVE = ("duplicate-objective", _E, _CORRECT, "TT mục tiêu bị trùng",
                           "Đánh số mục tiêu không trùng nhau.")
    OBJECTIVE_WITHOUT_INDICATOR = ("objective-without-indicator", _E, _CORRECT, "Mục tiêu chưa có chỉ tiêu",
                                   "Nhập ít nhất một Chỉ tiêu đo được (ví dụ “trên 90%”).")
    UNREADABLE_TARGET = ("unreadable-target", _E, _CORRECT, "Không hiểu được chỉ tiêu",
                         "Viết lại chỉ tiêu theo một dạng xlqms hiểu (thử bằng xlqms target).")
    DUPLICATE_INDICATOR_CODE = ("duplicate-indicator-code", _E, _CORRECT, "Mã chỉ tiêu bị trùng",
                                "Đặt mã khác, hoặc để trống cho xlqms tự sinh.")
    UNKNOWN_APPLIES_TO = ("unknown-applies-to", _E, _CORRECT, "“Áp dụng cho” không khớp Cấp hay Mã đơn vị nào",
                          "Ghi Cấp hoặc Mã đơn vị có trong trang Đơn vị.")
    INVALID_EVALUATION_PERIOD = ("invalid-evaluation-period", _E, _CORRECT, "Kỳ đánh giá không hợp lệ",
                                 "Để trống (mọi kỳ) hoặc ghi một kỳ báo cáo, ví dụ Cả năm.")
    NO_OBJECTIVES = ("no-objectives", _E, _CORRECT, "Chưa có mục tiêu nào",
                     "Nhập bảng mục tiêu (TT, Mục tiêu, Chỉ tiêu…).")
    MISSING_UNIT_CODE = ("missing-unit-code", _E, _CORRECT, "Đơn vị chưa có mã", "Nhập Mã đơn vị.")
    MISSING_UNIT_NAME = ("missing-unit-name", _E, _CORRECT, "Đơn vị chưa có tên", "Nhập Tên đơn vị.")
    DUPLICATE_UNIT = ("duplicate-unit", _E, _CORRECT, "Mã đơn vị bị trùng", "Mỗi đơn vị một mã riêng.")
    UNIT_TEXT_TOO_LONG = ("unit-text-too-long", _E, _CORRECT, "Mã hoặc tên đơn vị dài quá mức",
                          "Rút gọn mã (tối đa 50 ký tự) hoặc tên (tối đa 255 ký tự) của đơn vị.")
    UNKNOWN_PARENT = ("unknown-parent", _E, _CORRECT, "Đơn vị cấp trên không có trong danh sách",
                      "Sửa Mã đơn vị cấp trên, hoặc thêm đơn vị đó.")
    HIERARCHY_CYCLE = ("hierarchy-cycle", _E, _CORRECT, "Quan hệ cấp trên bị vòng",
                       "Sửa Mã đơn vị cấp trên: không đơn vị nào là cấp trên của chính nó.")
    NO_UNITS = ("no-units", _E, _CORRECT, "Chưa có đơn vị nào", "Nhập mã, tên, cấp, mã cấp trên của các đơn vị.")
    CAMPAIGN_FORMULA_WITHOUT_VALUE = ("campaign-formula-without-value", _E, _CORRECT,
                                      "Ô của campaign.xlsx có công thức mà tệp không lưu giá trị",
                                      "Mở campaign.xlsx bằng Excel hoặc LibreOffice rồi lưu lại; hoặc gõ giá trị "
                                      "thay cho công thức.")
    CAMPAIGN_ERROR_VALUE = ("campaign-error-value", _W, _NOTE,
                            "Ô của campaign.xlsx có giá trị lỗi (#N/A, #REF!…), đọc như ô trống",
                            "Sửa công thức của ô, hoặc gõ giá trị thay cho công thức.")
    UNIT_CODE_NUMBER = ("unit-code-number", _W, _NOTE, "Mã đơn vị lưu dạng số",
                        "Định dạng cột mã là Văn bản (Text) rồi nhập lại mã đầy đủ, giữ số 0 ở đầu.")

    # -- the target language refuses a text (xlqms.targets; TARGETS.md: The promise) ------------------
    TARGET_EMPTY = ("target-empty", _E, _CORRECT, "Chỉ tiêu để trống", "Nhập chỉ tiêu đo được (ví dụ “trên 90%”).")
    TARGET_LEGACY_ENCODING = ("target-legacy-encoding", _E, _CORRECT, "Chữ theo bảng mã cũ (TCVN3/VNI)",
                              "Chuyển văn bản sang Unicode (Unikey: Công cụ chuyển mã) rồi dán lại.")
    TARGET_HEADING = ("target-heading", _E, _CORRECT, "Dòng đề mục, không phải chỉ tiêu",
                      "Ghi từng chỉ tiêu ở các dòng bên dưới (TT để trống).")
    TARGET_COMPOUND = ("target-compound", _E, _CORRECT, "Một ô có nhiều chỉ tiêu",
                       "Tách thành các dòng xlqms đề xuất (dán làm dòng tiếp nối, TT để trống).")
    TARGET_ALTERNATIVES = ("target-alternatives", _E, _CORRECT, "Chỉ tiêu nêu nhiều mức để chọn",
                           "Chọn một mức, hoặc ghi rõ ở cột Cách đánh giá.")
    TARGET_NO_LEVEL = ("target-no-level", _E, _CORRECT, "Không có mức để đo",
                       "Ghi mức (ví dụ “≥ 95%”) hoặc “Đạt/Không đạt” ở cột Cách đánh giá.")
    TARGET_CHANGE_MODE_UNKNOWN = ("target-change-mode-unknown", _E, _CORRECT,
                                  "Không rõ tăng/giảm theo điểm % hay tương đối",
                                  "Ghi ở cột Cách đánh giá, ví dụ “tăng 1 điểm %” hoặc “tăng 12% tương đối”.")
    TARGET_DIRECTION_UNKNOWN = ("target-direction-unknown", _E, _CORRECT, "Không rõ cao hơn hay thấp hơn là tốt",
                                "Ghi ở cột Chiều: “Cao hơn là tốt” hoặc “Thấp hơn là tốt”.")
    TARGET_CHANGE_OR_LEVEL = ("target-change-or-level", _E, _CORRECT, "Không rõ là mức tăng/giảm hay mức đạt",
                              "Ghi rõ ở cột Cách đánh giá (ví dụ “>= 95%” hoặc “tăng 1 điểm %”).")
    TARGET_BRACKET_AMBIGUOUS = ("target-bracket-ambiguous", _E, _CORRECT, "Số trong ngoặc không rõ nghĩa",
                                "Ghi rõ ở cột Cách đánh giá (ví dụ “tăng 1 điểm % từ 98,6%”).")
    TARGET_INVALID_RATIO = ("target-invalid-ratio", _E, _CORRECT, "Tỷ số N/M không hợp lệ",
                            "Ghi N/M với N ≤ M và M > 0 (ví dụ 18/18).")
    TARGET_INVALID_RANGE = ("target-invalid-range", _E, _CORRECT, "Khoảng có cận dưới lớn hơn cận trên",
                            "Ghi khoảng từ nhỏ đến lớn (ví dụ 14-15%).")
    TARGET_TIMES_CHANGE = ("target-times-change", _E, _CORRECT, "Tăng/giảm theo số lần",
                           "Ghi ở cột Cách đánh giá, ví dụ “>= 200% so với kỳ trước”.")
    TARGET_NUMBER_IN_WORDS = ("target-number-in-words", _E, _CORRECT, "Mức viết bằng chữ",
                              "Viết mức bằng số (ví dụ “2 mô hình” thay cho “hai mô hình”).")
    TARGET_ZERO_OR_LEVEL = ("target-zero-or-level", _E, _CORRECT, "Không rõ là không để xảy ra hay không vượt mức",
                            "Ghi ở cột Cách đánh giá: “bằng 0” hoặc “<= mức”.")
    TARGET_FRACTION_CHANGE = ("target-fraction-change", _E, _CORRECT, "Tăng/giảm theo phân số",
                              "Ghi ở cột Cách đánh giá, ví dụ “giảm 33,33% tương đối”.")
    FORMAL_INVALID = ("formal-invalid", _E, _CORRECT, "Cách đánh giá viết sai cú pháp",
                      "Viết theo một dạng trong README (ví dụ “>= 95%”, “14-15%”, “tăng 1 điểm %”).")
    INVALID_DIRECTION = ("invalid-direction", _E, _CORRECT, "Cột Chiều không hợp lệ",
                         "Ghi “Cao hơn là tốt” hoặc “Thấp hơn là tốt”, hoặc để trống.")
    CHANGE_FOR_LEVEL = ("change-for-level", _E, _CORRECT, "Nhập mức tăng/giảm cho chỉ tiêu cần mức đạt",
                        "Nhập kết quả đạt được (ví dụ 95,7), không phải “tăng …”.")

    # -- rounds that follow each other: Đợt trước, Đơn vị cũ (xlqms.lineage, xlqms.previous, xlqms.trends) --
    OLD_UNIT_ROW_INCOMPLETE = ("old-unit-row-incomplete", _E, _CORRECT, "Dòng Đơn vị cũ thiếu mã cũ hoặc mã mới",
                               "Ghi đủ Mã đơn vị cũ và Mã đơn vị (mới) trên cùng dòng, hoặc xóa dòng.")
    NEW_UNIT_UNKNOWN = ("new-unit-unknown", _E, _CORRECT, "Mã đơn vị mới không có trong trang Đơn vị",
                        "Sửa Mã đơn vị (mới) cho đúng một đơn vị của đợt này.")
    OLD_UNIT_MAPPED_TWICE = ("old-unit-mapped-twice", _E, _CORRECT, "Một đơn vị cũ được ghi hai lần",
                             "Mỗi Mã đơn vị cũ chỉ một dòng: một đơn vị cũ chuyển sang đúng một đơn vị mới.")
    OLD_UNIT_CHAIN = ("old-unit-chain", _E, _CORRECT, "Mã đơn vị cũ nối tiếp hoặc vòng tròn",
                      "Ghi thẳng mã cũ sang mã của đợt này; một mã không vừa là mã mới vừa là mã cũ chuyển đi nơi khác.")
    OLD_UNIT_STILL_LISTED = ("old-unit-still-listed", _W, _NOTE, "Đơn vị cũ đã chuyển đi vẫn có trong trang Đơn vị",
                             "Nếu đã sáp nhập, xóa đơn vị đó khỏi trang Đơn vị; nếu không, đơn vị đó không có kết quả kỳ trước.")
    OLD_UNIT_UNKNOWN = ("old-unit-unknown", _E, _CORRECT, "Mã đơn vị cũ không có trong đợt trước",
                        "Sửa Mã đơn vị cũ theo trang Đơn vị của đợt trước; đơn vị mới của dòng này chưa có số liệu kỳ trước.")
    PREVIOUS_ROUND_UNAVAILABLE = ("previous-round-unavailable", _W, _NOTE, "Không dùng được đợt trước",
                                  "Sửa “Đợt trước” ở trang Thiết lập cho đúng thư mục đợt trước (có campaign.xlsx); "
                                  "khi chưa sửa, kết quả kỳ trước để đơn vị tự nhập.")
    PREVIOUS_VALUE_NOT_COMBINED = ("previous-value-not-combined", _W, _NOTE,
                                   "Không gộp được kết quả kỳ trước của các đơn vị cũ",
                                   "Không cần làm gì: ô Kết quả kỳ trước của đơn vị mới để mở cho đơn vị tự nhập.")
    BASELINE_NOT_CARRIED = ("baseline-not-carried", _W, _NOTE, "Kết quả kỳ trước không dùng được làm mức cơ sở",
                            "Ghi rõ cách đánh giá của chỉ tiêu (điểm % hay tương đối), hoặc ghi mức cơ sở trong chỉ tiêu.")
    BASELINE_FROM_OTHER_PERIOD = ("baseline-from-other-period", _W, _NOTE,
                                  "Chỉ tiêu so với năm/kỳ khác đợt trước",
                                  "Kiểm tra mức cơ sở mang sang; nếu cần mức của năm khác, ghi mức đó trong chỉ tiêu, "
                                  "ví dụ “(98,6%)”.")
    CARRIED_BASELINE_CHANGED = ("carried-baseline-changed", _W, _NOTE, "Kết quả kỳ trước trong tệp khác mức mang sang",
                                "Không cần làm gì: xlqms dùng mức cơ sở mang sang từ đợt trước; nếu mức đó sai, "
                                "sửa số liệu của đợt trước.")

    # -- the objectives table of a decision (xlqms init --from) or pasted from Word (campaign.xlsx) ----
    NO_OBJECTIVES_TABLE = ("no-objectives-table", _E, _CORRECT, "Không thấy bảng mục tiêu trong văn bản",
                           "Kiểm tra văn bản có bảng với các cột TT, Mục tiêu, Chỉ tiêu; hoặc nhập bảng vào campaign.xlsx.")
    OTHER_TABLE = ("other-table", _N, _NOTE, "Bảng khác, không phải bảng mục tiêu",
                   "Không cần làm gì nếu bảng đó không chứa mục tiêu.")
    TABLE_NOT_CONTINUED = ("table-not-continued", _W, _NOTE, "Bảng giống bảng mục tiêu nhưng bị ngắt bởi đoạn văn",
                           "Nếu đây là phần tiếp theo của bảng mục tiêu, chép các dòng của nó vào campaign.xlsx.")
    COLUMNS_IGNORED = ("columns-ignored", _N, _NOTE, "Cột không thuộc bảng mục tiêu được bỏ qua",
                       "Không cần làm gì: nội dung các cột đó không dùng cho đợt báo cáo.")
    TARGETS_FROM_TITLES = ("targets-from-titles", _W, _NOTE, "Bảng không có cột Chỉ tiêu: chỉ tiêu lấy từ mục tiêu",
                           "Kiểm tra cột Chỉ tiêu trong campaign.xlsx (xlqms check).")
    TABLE_TITLE_ROW = ("table-title-row", _N, _NOTE, "Dòng tên bảng nằm trên dòng tiêu đề", "Không cần làm gì.")
    PASTED_NUMBER = ("pasted-number", _W, _NOTE, "Chỉ tiêu dán vào bảng tính thành số (bảng tính tự đổi khi dán)",
                     "Kiểm tra cột Cách hiểu; nếu khác quyết định (97,5%, 1.540), ghi lại chỉ tiêu dạng chữ.")
    PASTED_CELLS_NOT_READ = ("pasted-cells-not-read", _W, _NOTE,
                             "Ô dán vào nằm dưới tiêu đề gộp nhiều cột (bảng lồng trong ô của quyết định): không đọc",
                             "Nhập mỗi biện pháp một dòng, Thời gian và Trách nhiệm vào đúng cột của bảng mục tiêu.")
    PASTED_HEADER_ROW = ("pasted-header-row", _N, _NOTE, "Dòng tiêu đề hoặc đánh số cột nằm trong bảng",
                         "Không cần làm gì: dòng được bỏ qua.")
    REPEATED_HEADER = ("repeated-header", _N, _NOTE, "Dòng tiêu đề lặp lại ở trang sau",
                       "Không cần làm gì: dòng được bỏ qua.")
    COLUMN_NUMBER_ROW = ("column-number-row", _N, _NOTE, "Dòng đánh số cột (1), (2)…",
                         "Không cần làm gì: dòng được bỏ qua.")
    SECTION_HEADING = ("section-heading", _N, _NOTE, "Đề mục trong bảng, không phải mục tiêu",
                       "Nếu đó là mục tiêu, nhập Chỉ tiêu cho dòng này.")
    EMPTY_ROWS = ("empty-rows", _N, _NOTE, "Dòng trống trong bảng", "Không cần làm gì: dòng được bỏ qua.")
    ROW_DELETED = ("row-deleted", _N, _NOTE, "Dòng đã bị xóa (theo dõi thay đổi) chưa được chấp nhận",
                   "Không cần làm gì nếu việc xóa là đúng; nếu không, nhập lại dòng đó vào campaign.xlsx.")
    DECISION_LEGACY_ENCODING = ("decision-legacy-encoding", _W, _NOTE,
                                "Quyết định gõ bằng bảng mã cũ (TCVN3, VNI), đã chuyển sang Unicode",
                                "Kiểm tra chữ của Mục tiêu và Chỉ tiêu trong campaign.xlsx.")
    OBJECTIVES_FROM_PARAGRAPHS = ("objectives-from-paragraphs", _W, _NOTE,
                                  "Mục tiêu đọc từ các đoạn đánh số (văn bản không có bảng mục tiêu)",
                                  "Kiểm tra Mục tiêu và Chỉ tiêu trong campaign.xlsx (xlqms check).")
    PARAGRAPH_IN_LIST = ("paragraph-in-list", _W, _NOTE, "Đoạn không đánh số nằm giữa các mục tiêu",
                         "Nếu đoạn đó là chỉ tiêu hay mục tiêu, thêm vào campaign.xlsx.")
    MEASURES_BY_ORDER = ("measures-by-order", _W, _NOTE, "Biện pháp gắn với mục tiêu theo thứ tự dòng",
                         "Kiểm tra cột Biện pháp thực hiện trong campaign.xlsx.")
    PLAN_TABLE = ("plan-table", _N, _NOTE, "Biện pháp lấy từ bảng kế hoạch thực hiện riêng",
                  "Kiểm tra cột Biện pháp thực hiện trong campaign.xlsx.")
    MEASURES_NOT_PLACED = ("measures-not-placed", _W, _NOTE, "Bảng biện pháp không gắn được vào mục tiêu",
                           "Nhập các biện pháp vào cột Biện pháp thực hiện của campaign.xlsx.")
    TABLE_IN_A_FRAME = ("table-in-a-frame", _N, _NOTE, "Bảng mục tiêu nằm trong ô của một bảng khung",
                        "Không cần làm gì: bảng bên trong được đọc.")
    OBJECTIVES_BY_SECTION = ("objectives-by-section", _N, _NOTE, "Mục tiêu đánh số lại dưới mỗi đề mục trong bảng",
                             "Kiểm tra Ghi chú “Thuộc: …” của các mục tiêu trong campaign.xlsx.")
    TABLE_OF_A_PART = ("table-of-a-part", _N, _NOTE, "Bảng mục tiêu của một bộ phận (đề mục trên bảng)",
                       "Kiểm tra Ghi chú “Thuộc: …” của các mục tiêu đó trong campaign.xlsx.")
    TARGETS_NAMED_FROM_TITLE = ("targets-named-from-title", _N, _NOTE,
                                "Tên chỉ tiêu ở ô Mục tiêu, mức ở ô Chỉ tiêu: ghép theo thứ tự",
                                "Kiểm tra các chỉ tiêu đã ghép trong campaign.xlsx.")
    TARGETS_FROM_TITLE_LIST = ("targets-from-title-list", _N, _NOTE,
                               "Chỉ tiêu lấy từ các ý liệt kê trong ô Mục tiêu",
                               "Kiểm tra Mục tiêu và Chỉ tiêu đã tách trong campaign.xlsx.")
    NESTED_TABLE = ("nested-table", _N, _NOTE, "Ô có bảng lồng bên trong",
                    "Kiểm tra nội dung ô đó trong campaign.xlsx.")
    NESTED_MEASURES = ("nested-measures", _N, _NOTE, "Biện pháp ở bảng lồng trong ô Biện pháp thực hiện",
                       "Kiểm tra các biện pháp đã tách trong campaign.xlsx.")
    TABLE_END = ("table-end", _N, _NOTE, "Dòng kết thúc bảng (Cộng, chữ ký…)", "Không cần làm gì.")
    ROW_AFTER_TABLE_END = ("row-after-table-end", _W, _NOTE, "Dòng nằm sau dòng kết thúc bảng",
                           "Nếu đây là mục tiêu, xóa dòng kết thúc hoặc chép dòng đó vào campaign.xlsx.")
    ROW_BEFORE_FIRST_OBJECTIVE = ("row-before-first-objective", _W, _NOTE, "Dòng nằm trước mục tiêu đầu tiên",
                                  "Nhập TT và Mục tiêu cho dòng đó, hoặc xóa dòng.")
    ROW_ONLY_IGNORED_COLUMNS = ("row-only-ignored-columns", _W, _NOTE, "Dòng chỉ có nội dung ở cột bị bỏ qua",
                                "Chép nội dung cần dùng sang đúng cột của bảng mục tiêu.")
    ROW_CONTINUED = ("row-continued", _N, _NOTE, "Dòng bị ngắt trang, nối vào dòng trên",
                     "Kiểm tra nội dung đã nối trong campaign.xlsx.")
    TARGETS_SPLIT = ("targets-split", _N, _NOTE, "Ô Chỉ tiêu có nhiều ý, tách thành nhiều chỉ tiêu",
                     "Kiểm tra các chỉ tiêu đã tách trong campaign.xlsx.")
    OBJECTIVES_NUMBERED = ("objectives-numbered", _N, _NOTE, "Bảng không có cột TT: mục tiêu được đánh số",
                           "Không cần làm gì.")
    OBJECTIVE_WITHOUT_NUMBER = ("objective-without-number", _W, _NOTE, "Mục tiêu không có số thứ tự",
                                "Kiểm tra số thứ tự xlqms đã đánh trong campaign.xlsx.")
    OBJECTIVES_RENUMBERED = ("objectives-renumbered", _W, _NOTE, "Số thứ tự mục tiêu được đánh lại",
                             "Kiểm tra cột TT trong campaign.xlsx.")
    DETAIL_WITHOUT_MEASURE = ("detail-without-measure", _N, _NOTE, "Có thời gian / trách nhiệm mà không có biện pháp",
                              "Kiểm tra cột Biện pháp thực hiện trong campaign.xlsx.")
    YEAR_NOT_FOUND = ("year-not-found", _W, _NOTE, "Không thấy năm trong tên văn bản",
                      "Ghi năm bằng --year, hoặc sửa Năm ở trang Thiết lập.")
    YEAR_FROM_DATE = ("year-from-date", _W, _NOTE, "Năm lấy theo ngày ký quyết định (tiêu đề không ghi năm)",
                      "Kiểm tra Năm ở trang Thiết lập, hoặc ghi năm bằng --year.")
    YEAR_RANGE = ("year-range", _W, _NOTE, "Văn bản ban hành mục tiêu cho nhiều năm",
                  "Đợt được lập cho năm đầu; ghi năm khác bằng --year, hoặc sửa Năm ở trang Thiết lập.")
    PERIOD_NOT_IN_TITLE = ("period-not-in-title", _N, _NOTE, "Tên văn bản không nói kỳ báo cáo",
                           "Ghi kỳ bằng --period, hoặc sửa Kỳ báo cáo ở trang Thiết lập.")
    ISSUER_NOT_FOUND = ("issuer-not-found", _N, _NOTE, "Không thấy cơ quan ban hành",
                        "Ghi Cơ quan chủ trì ở trang Thiết lập.")

    # -- generation and verification (xlqms.generate, xlqms.verify) ---------------------------------
    WORKBOOK_NOT_GENERATED = ("workbook-not-generated", _E, _CORRECT, "Không tạo được sổ của đơn vị",
                              "Sửa tên, mã, mục tiêu của đơn vị trong campaign.xlsx rồi chạy lại xlqms generate "
                              "--unit MÃ --force.")
    UNIT_WITHOUT_OBJECTIVES = ("unit-without-objectives", _W, _NOTE, "Đơn vị không có mục tiêu nào áp dụng",
                               "Xem cột “Áp dụng cho” của trang Mục tiêu nếu đơn vị này cần báo cáo.")
    VERIFY_NOTHING_CHECKED = ("verify-nothing-checked", _E, _CORRECT, "Không có dòng chỉ tiêu nào để kiểm tra",
                              "Tạo sổ bằng xlqms generate rồi chạy lại xlqms verify.")
    VERIFY_COPY_FAILED = ("verify-copy-failed", _E, _CORRECT, "Ứng dụng bảng tính không tính lại được một bản sao",
                          "Chạy lại xlqms verify; nếu vẫn lỗi, mở bản sổ đó bằng LibreOffice để xem lỗi.")


RENAMED = {
    "results-sheet-missing": Code.MISSING_SHEET,
    "header-row-missing": Code.MISSING_HEADER,
    "unknown-indicator-code": Code.UNKNOWN_INDICATOR,
    "verify-unreadable": Code.UNREADABLE_FILE,
}
"""Names used before the registry (they may still be in a store written by an earlier xlqms)."""

REJECTING_CODES = frozenset(code.value for code in Code if code.disposition is Disposition.REJECTS)
"""Codes after which a returned file is rejected (its verdict when read: 'rejected')."""

REVIEW_CODES = frozenset(code.value for code in Code if code.disposition is Disposition.NEEDS_REVIEW)
"""Codes after which a person should look at the file before trusting it (unit state 'received')."""

READER_DIED = frozenset({Code.READING_TIMED_OUT.value, Code.READER_CRASHED.value})
"""Codes of a file whose reader died (ran past its time, crashed) before anything in it was read: the
same bytes arriving again are read again (a busy machine, not the file, may have been the cause)."""

HOLDING_CODES = frozenset({Code.IDENTITY_UNSIGNED.value, Code.IDENTITY_UNVERIFIABLE.value, Code.OLDER_CONTENT.value,
                           Code.FILE_NAME_UNIT_MISMATCH.value})
"""Review codes after which a file does not replace the unit's current file by itself (state 'held'):
it is used only while the unit has no other usable file (see :mod:`xlqms.store`)."""

WITHHOLDING_CODES = frozenset({Code.IDENTITY_UNSIGNED.value, Code.IDENTITY_UNVERIFIABLE.value})
"""Holding codes after which a file is never used, even when its unit has nothing else: its identity
cannot be checked (no signature in a campaign that signs, or the campaign's secret lost), so it may
be another unit's file relabelled — counting it would let one commune submit for another (issue 15).
It stays held until the unit sends its own signed workbook (or the secret is restored and the record
rebuilt)."""


_BY_NAME = {code.value: code for code in Code}


def lookup(name: str) -> Code | None:
    """The registered code of ``name`` (a current or a renamed one), or None."""
    return _BY_NAME.get(name) or RENAMED.get(name)


# ---------------------------------------------------------------------------------------------
# States


class FileState(_TextEnum):
    """What became of a file taken in (:mod:`xlqms.store` computes it from the facts)."""

    ACCEPTED = "accepted"                  # the unit's current file, read with no error
    NEEDS_CORRECTION = "needs_correction"  # identity fine, some values have errors
    SUPERSEDED = "superseded"              # a later file of the same unit replaced it
    REJECTED = "rejected"                  # another campaign, period or unit, hostile or unreadable
    DUPLICATE = "duplicate"                # the same bytes seen again elsewhere (counted once)
    SKIPPED = "skipped"                    # a lock file or not a spreadsheet: archived only
    HELD = "held"                          # usable, but not current until a person looks (older content, unsigned)
    UNREADABLE = "unreadable"              # could not even be read from disk (never recorded)
    BLANK = "blank"                        # the unit's workbook sent back with nothing filled
    ANSWERED = "answered"                  # never used (unsigned), and the unit sent its own workbook since

    @property
    def label(self) -> str:
        return FILE_STATE_LABELS[self]


FILE_STATE_LABELS = {
    FileState.ACCEPTED: "Đã chấp nhận",
    FileState.NEEDS_CORRECTION: "Cần sửa",
    FileState.SUPERSEDED: "Đã thay bằng tệp sau",
    FileState.REJECTED: "Bị từ chối",
    FileState.DUPLICATE: "Trùng tệp đã nhận",
    FileState.SKIPPED: "Bỏ qua",
    FileState.HELD: "Chờ xem lại",
    FileState.UNREADABLE: "Không đọc được",
    FileState.BLANK: "Nộp tệp trống",
    FileState.ANSWERED: "Không dùng, đơn vị đã gửi lại",
}


class UnitState(_TextEnum):
    """Where a unit expected in the round stands (:mod:`xlqms.status`, the summary workbook)."""

    ACCEPTED = "accepted"                  # its current file is clean
    RECEIVED = "received"                  # usable, but a finding asks a person to review it
    NEEDS_CORRECTION = "needs_correction"  # its latest file has errors, or it sent only rejected files
    MISSING = "missing"                    # nothing of its own arrived
    RETURNED_BLANK = "returned_blank"      # only its workbook with nothing filled came back: still to remind
    SUBMITTED = "submitted"                # any of the first three, where only 'sent or not' matters

    @property
    def label(self) -> str:
        return UNIT_STATE_LABELS[self]


UNIT_STATE_LABELS = {
    UnitState.ACCEPTED: "Đã chấp nhận",
    UnitState.RECEIVED: "Cần xem lại",
    UnitState.NEEDS_CORRECTION: "Cần sửa",
    UnitState.MISSING: "Chưa nộp",
    UnitState.RETURNED_BLANK: "Nộp tệp trống",
    UnitState.SUBMITTED: "Đã nộp",
}

LATE_LABEL = "Nộp muộn"
"""A unit whose first usable file arrived after Hạn nộp (a flag beside its state)."""


def label_of(state: str) -> str:
    """The Vietnamese label of a file or unit state given as its value (unknown values as they are)."""
    for enum in (FileState, UnitState):
        try:
            return enum(state).label
        except ValueError:
            continue
    return state


# ---------------------------------------------------------------------------------------------
# The README's table of codes


def codes_table() -> str:
    """The Markdown table of every finding code (the README's, kept equal by a test)."""
    lines = ["| code | mức độ | xử lý | là gì | cần làm gì |", "| --- | --- | --- | --- | --- |"]
    for code in Code:
        lines.append(f"| `{code.value}` | {code.severity.label} | {code.disposition.label} | {code.label} | "
                     f"{code.action} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m xlqms.codes: print the README's table
    print(codes_table())
