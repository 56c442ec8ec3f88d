"""collect's terminal view: every file of a small run, only the files needing attention of a large one."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from rich.console import Console

from xlqms.codes import FileState
from xlqms.findings import Code, finding
from xlqms.views import TABLE_ROWS, show_collect


def _outcome(index: int, state: FileState = FileState.ACCEPTED, error: bool = False):
    findings = [finding(Code.NOT_A_NUMBER, "Kết quả không phải là số", file=f"f{index}.xlsx", sheet="Kết quả",
                        cell="I12")] if error else []
    return SimpleNamespace(name=f"{index:05d}_Xa_{index}.xlsx", unit_code=f"{index:05d}", state=state,
                           errors=len(findings), warnings=0, findings=findings, annotated_path=None)


def _printed(outcomes) -> str:
    report = SimpleNamespace(recovered=0, outcomes=outcomes, unchanged=0,
                             counts={state.value: sum(o.state is state for o in outcomes) for state in FileState})
    console = Console(record=True, width=80, file=open("/dev/null", "w"))  # noqa: SIM115 - closed with the console
    show_collect(console, report)
    text = console.export_text()
    console.file.close()
    return text


def test_a_small_run_lists_every_file():
    text = _printed([_outcome(i) for i in range(5)])
    assert all(f"{i:05d}_Xa_{i}.xlsx" in text for i in range(5))
    assert "5 tệp mới xử lý: 5 đã chấp nhận" in text


@pytest.mark.parametrize("problems", [0, 3, TABLE_ROWS + 7])
def test_a_large_run_lists_the_files_needing_attention_first(problems):
    outcomes = [_outcome(i) for i in range(400)]
    for i in range(problems):
        outcomes[i * 7] = _outcome(i * 7, FileState.NEEDS_CORRECTION, error=True)
    text = _printed(outcomes)
    assert max(len(line) for line in text.splitlines()) <= 80
    listed = [i for i in range(400) if f"{i:05d}_Xa_{i}.xlsx" in text]
    assert listed == [i * 7 for i in range(min(problems, TABLE_ROWS))]      # accepted files are counted, not listed
    assert text.count("Kết quả không phải là số") == min(problems, TABLE_ROWS)
    if problems == 0:
        assert "Không tệp nào cần chú ý." in text
    elif problems > TABLE_ROWS:
        assert f"… và {400 - TABLE_ROWS} tệp khác, {problems - TABLE_ROWS} trong số đó cần chú ý" in text
    else:
        assert f"… và {400 - problems} tệp khác, đều đã chấp nhận." in text
    assert "400 tệp mới xử lý" in text


def test_a_new_line_in_a_file_name_never_starts_a_line_of_its_own():
    forged = _outcome(1, FileState.NEEDS_CORRECTION, error=True)
    forged.name = "a.xlsx\n  ✓ 00002 Đã chấp nhận"
    forged.findings = [finding(Code.NOT_A_NUMBER, "Kết quả không phải là số", file=forged.name, sheet="Kết quả",
                               cell="I12")]
    text = _printed([forged])
    assert not any(line.lstrip().startswith("✓") for line in text.splitlines())
    assert "a.xlsx\\n" in text


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("state, mark", [(FileState.NEEDS_CORRECTION, "✗"), (FileState.BLANK, "!")])
def test_a_long_message_wraps_under_its_text_never_back_to_column_0(width, state, mark):
    outcome = _outcome(3, state, error=True)
    outcome.findings = [finding(Code.NUMERATOR_EXCEEDS_DENOMINATOR, "Tử số (1.286) lớn hơn Mẫu số (1.278) — tử số là số "
                                "đạt, mẫu số là tổng số; kiểm tra lại hai số này", file="00550_Xa_Phuoc_Nghia.xlsx",
                                sheet="Kết quả", cell="G13")]
    outcome.annotated_path = "dot1/out/corrections/00550_Xa_Phuoc_Nghia_can_sua.xlsx"
    report = SimpleNamespace(recovered=0, outcomes=[outcome], unchanged=0, counts={state.value: 1})
    console = Console(record=True, width=width, file=open("/dev/null", "w"))  # noqa: SIM115 - closed with the console
    show_collect(console, report)
    lines = console.export_text().splitlines()
    console.file.close()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"  {mark} 00550_Xa_Phuoc_Nghia.xlsx"))
    message = lines[start:lines.index(next(line for line in lines[start:] if line.startswith("  → ")))]
    assert len(message) >= 2 and all(line.startswith("    ") for line in message[1:]), message   # indented
    assert " ".join(line.strip() for line in message).count("kiểm tra lại hai số này") == 1
    assert all(len(line) <= width for line in lines if "/" not in line)
    assert all(line == line.rstrip() for line in message)
    assert any(line.startswith("  → Bản đánh dấu lỗi gửi lại đơn vị:") for line in lines)



@pytest.mark.parametrize("code", [Code.IDENTITY_UNSIGNED, Code.IDENTITY_UNVERIFIABLE, Code.OLDER_CONTENT,
                                  Code.FILE_NAME_UNIT_MISMATCH])
def test_a_held_file_is_said_with_why_under_the_table(code):
    """Every reason that holds a file is printed with it (a file named after 03409 holding 03412's
    workbook was only counted in a vague “cần xem lại” line)."""
    held = SimpleNamespace(name="03409_Xa_Ma_Ly_Pho.xlsx", unit_code="03412", state=FileState.HELD, errors=0,
                           warnings=1, annotated_path=None,
                           findings=[finding(code, "Lý do giữ tệp: hỏi lại hai đơn vị.", file="03409_Xa_Ma_Ly_Pho.xlsx")])
    text = _printed([held, _outcome(1)])
    assert "! 03409_Xa_Ma_Ly_Pho.xlsx: Lý do giữ tệp: hỏi lại hai đơn vị." in text
    assert "cần xem lại (tỷ lệ" not in text


def test_the_closing_count_wraps_at_words_without_a_trailing_space():
    """“14 tệp mới xử lý: 10 đã chấp nhận, 1 cần sửa, 2 chờ xem lại, 1 nộp tệp trống; 0 tệp không đổi…”
    is longer than 80 columns: its lines end on a word, never on a space."""
    outcomes = ([_outcome(i) for i in range(10)] + [_outcome(10, FileState.NEEDS_CORRECTION, error=True)]
                + [_outcome(11, FileState.HELD), _outcome(12, FileState.HELD), _outcome(13, FileState.BLANK)])
    text = _printed(outcomes)
    closing = text[text.index("14 tệp mới xử lý"):].splitlines()
    assert len(closing) == 2 and all(len(line) <= 80 and line == line.rstrip() for line in closing)
    assert " ".join(closing) == ("14 tệp mới xử lý: 10 đã chấp nhận, 1 cần sửa, 2 chờ xem lại, 1 nộp tệp trống; "
                                 "0 tệp không đổi từ lần trước.")
