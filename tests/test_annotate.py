"""The annotated correction copy: it names the unit and the date to resend by, and it exists only for
a file that still needs correction (a file the unit has replaced loses it)."""

from __future__ import annotations

import datetime as dt
import io
import os
import time

import pytest
from openpyxl import load_workbook

from xlqms import layout
from xlqms.annotate import add_working_days, resend_date
from xlqms.collect import collect
from xlqms.store import Store


@pytest.mark.parametrize("due, received, expected", [
    (dt.date(2026, 7, 31), dt.date(2026, 7, 10), dt.date(2026, 7, 31)),     # the round's deadline is ahead
    (dt.date(2026, 7, 31), dt.date(2026, 7, 30), dt.date(2026, 8, 6)),      # Thursday: five working days
    (dt.date(2026, 7, 15), dt.date(2026, 8, 3), dt.date(2026, 8, 10)),      # after the deadline: five working days
    (None, dt.date(2026, 7, 17), dt.date(2026, 7, 24)),                     # no Hạn nộp: Friday → next Friday
    (None, dt.date(2026, 7, 18), dt.date(2026, 7, 24)),                     # collected on a Saturday
])
def test_the_resend_date(due, received, expected):
    assert resend_date(due, received) == expected


def test_working_days_skip_the_weekend():
    assert add_working_days(dt.date(2026, 7, 17), 1) == dt.date(2026, 7, 20)
    assert add_working_days(dt.date(2026, 7, 13), 0) == dt.date(2026, 7, 13)


def _drop(folder, name: str, data: bytes, age: int = 0):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = time.time() - 3600 + age
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def round_(tmp_path, build_returns):
    campaign = build_returns.make_campaign(tmp_path / "round")
    blank = build_returns.Blanks(campaign)

    def wrong(code: str) -> bytes:       # Tử số > Mẫu số on MT01
        return build_returns.fill(blank(code), build_returns.with_values(
            MT01={layout.RESULT_NUMERATOR: 1600, layout.RESULT_DENOMINATOR: 1587}))

    def right(code: str) -> bytes:
        return build_returns.fill(blank(code), build_returns.GOOD)

    return tmp_path / "round", campaign, wrong, right


def test_the_copy_names_the_unit_and_the_date_to_resend_by(round_, tmp_path):
    folder, campaign, wrong, _ = round_
    outcome = collect(folder, [_drop(tmp_path / "inbox", "bao_cao.xlsx", wrong("00028"))]).outcomes[0]
    assert outcome.state == "needs_correction" and outcome.annotated_path
    copy = load_workbook(outcome.annotated_path)
    sheet = copy["Lỗi cần sửa"]
    unit = campaign.units["00028"]
    expected = resend_date(campaign.settings.due_date, dt.date.today()).strftime("%d/%m/%Y")
    assert sheet["A2"].value == f"Đơn vị: {unit.name} (mã 00028) — gửi lại tệp đã sửa trước ngày {expected}"
    assert sheet["A5"].value.startswith("Kết quả!") and "Tử số" in sheet["D5"].value
    assert copy.calculation.fullCalcOnLoad        # the live verdict beside the red cell is recomputed


def test_a_file_replaced_in_a_later_collect_loses_its_copy(round_, tmp_path):
    folder, _, wrong, right = round_
    first = collect(folder, [_drop(tmp_path / "monday", "03388.xlsx", wrong("00028"))]).outcomes[0]
    copy = first.annotated_path
    assert copy and os.path.exists(copy)
    second = collect(folder, [_drop(tmp_path / "friday", "03388_sua.xlsx", right("00028"), age=60)])
    assert second.outcomes[0].state == "accepted"
    assert not os.path.exists(copy)
    with Store(folder) as store:
        assert all(record.annotated_path is None for record in store.files())
    assert not list((folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR).glob("*.xlsx"))


def test_no_copy_for_a_file_replaced_in_the_same_collect(round_, tmp_path):
    folder, _, wrong, right = round_
    inbox = tmp_path / "inbox"
    _drop(inbox, "lan1.xlsx", wrong("00028"))
    _drop(inbox, "lan2.xlsx", right("00028"), age=60)
    report = collect(folder, [inbox])
    by_name = {outcome.name: outcome for outcome in report.outcomes}
    assert by_name["lan1.xlsx"].state == "superseded" and by_name["lan1.xlsx"].annotated_path is None
    assert not list((folder / layout.OUTPUT_DIR / layout.CORRECTIONS_DIR).glob("*.xlsx"))


def test_a_resend_under_the_same_name_still_wrong_keeps_its_copy(round_, tmp_path):
    folder, _, wrong, _ = round_
    collect(folder, [_drop(tmp_path / "monday", "bao_cao.xlsx", wrong("00028"))])
    again = build_other_error(round_)
    report = collect(folder, [_drop(tmp_path / "friday", "bao_cao.xlsx", again, age=60)])
    outcome = report.outcomes[0]
    assert outcome.state == "needs_correction" and outcome.annotated_path and os.path.exists(outcome.annotated_path)
    sheet = load_workbook(outcome.annotated_path)["Lỗi cần sửa"]
    assert "Mẫu số" in sheet["D5"].value            # the later file's error, not the earlier one's


def build_other_error(round_) -> bytes:
    """The same unit's file, sent again under the same name, now with Mẫu số 0 (another error)."""
    _, _, wrong, _ = round_
    book = load_workbook(io.BytesIO(wrong("00028")))
    sheet = book[layout.RESULT_VALUE]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == 1600:
                cell.value = 5
            elif cell.value == 1587:
                cell.value = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_correction_copies_of_units_whose_codes_slug_alike_never_share_a_file():
    from xlqms.annotate import correction_file_name
    names = [correction_file_name(code, "bao cao.xlsx") for code in ("X/1", "X_1", "x_1", "X 1")]
    assert len({name.casefold() for name in names}) == len(names)
    assert correction_file_name("00004", "So bao cao.xlsx") == "00004_So_bao_cao_can_sua.xlsx"     # plain codes: as before
    assert correction_file_name("00004", "00004_Xa_Mot.xlsx") == "00004_Xa_Mot_can_sua.xlsx"
