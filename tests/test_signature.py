"""No commune can submit for another: the identity of a unit workbook is signed with the campaign's secret."""

from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
from fractions import Fraction

import pytest

from xlqms import layout, signature
from xlqms.campaign import read_campaign
from xlqms.collect import collect
from xlqms.errors import XlqmsError
from xlqms.generate import generate_workbooks
from xlqms.status import round_status
from xlqms.store import Store


def codes_of(outcome):
    return [f.code for f in outcome.findings]


@pytest.fixture()
def blanks(collect_round, build_returns):
    return build_returns.Blanks(read_campaign(collect_round))


def test_the_secret_is_private_and_never_in_an_output(collect_round):
    folder = collect_round
    (folder / layout.SECRET_FILE).unlink()          # the first generate makes it
    signature._secrets.clear()
    result = generate_workbooks(read_campaign(folder))
    secret = folder / layout.SECRET_FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    text = secret.read_text().strip()
    assert len(text) == 64
    for path in result.files:
        with zipfile.ZipFile(path) as archive:
            assert not any(text.encode() in archive.read(name) for name in archive.namelist())
    assert not any(folder.joinpath(layout.OUTPUT_DIR).rglob(layout.SECRET_FILE))


def test_each_workbook_is_signed_for_its_own_unit(collect_round, blanks):
    campaign = read_campaign(collect_round)
    secret = signature.campaign_secret(collect_round)
    assert secret is not None
    with zipfile.ZipFile(io.BytesIO(blanks("00004"))) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    values = {"campaign_id": campaign.id, "year": str(campaign.year), "period": campaign.period,
              "unit_code": "00004", "template_version": layout.TEMPLATE_VERSION}
    codes = [ind.code for objective in campaign.objectives_for(campaign.units["00004"]) for ind in objective.indicators]
    values["indicator_codes"] = ",".join(codes)
    assert signature.sign(secret, values) in custom
    assert signature.sign(secret, {**values, "unit_code": "00007"}) not in custom


@pytest.mark.parametrize("keep_sheet", [True, False], ids=["identity-sheet-unhidden-and-edited", "names-and-properties"])
def test_a_commune_writing_another_units_code_is_rejected_and_the_other_unit_untouched(
        collect_round, blanks, build_returns, tmp_path, keep_sheet):
    good = build_returns.GOOD
    honest = tmp_path / "b" / "00007.xlsx"
    honest.parent.mkdir()
    honest.write_bytes(build_returns.fill(blanks("00007"), good))
    collect(collect_round, [honest])
    with Store(collect_round) as store:
        before = store.accepted_submissions()["00007"]

    other = build_returns.with_values(MT02={layout.RESULT_VALUE: 50})
    forged = tmp_path / "a" / "xa_A_gui_thay_B.xlsx"
    forged.parent.mkdir()
    forged.write_bytes(build_returns.fill(blanks("00004"), other,
                                          build_returns.forge_identity("00007", "Xã B", keep_sheet=keep_sheet)))
    report = collect(collect_round, [forged])
    (outcome,) = report.outcomes
    assert outcome.state == "rejected" and "identity-forged" in codes_of(outcome) and outcome.unit_code is None
    assert "00004" in next(f.message for f in outcome.findings if f.code == "identity-forged")   # whose it really is
    with Store(collect_round) as store:
        after = store.accepted_submissions()["00007"]
        assert after.checksum == before.checksum and after.entries["MT02"].value == Fraction("98.5")
        assert "00004" not in store.accepted_submissions()
    status = round_status(collect_round)
    assert {unit.code: unit.state for unit in status.units}["00007"] == "accepted"
    assert [r.file_name for r in status.rejected] == ["xa_A_gui_thay_B.xlsx"]


def test_a_workbook_stripped_to_its_visible_cells_is_held_not_current(collect_round, blanks, build_returns, tmp_path):
    """Hidden sheet, names and properties deleted, the visible cells edited to another unit: unsigned."""
    honest = tmp_path / "b.xlsx"
    honest.write_bytes(build_returns.fill(blanks("00007"), build_returns.GOOD))
    collect(collect_round, [honest])

    def visible_forgery(book, sheet, rows, columns):
        build_returns.strip_identity(book, sheet, rows, columns)
        for row in sheet.iter_rows(max_row=12):
            for cell in row:
                if cell.value == "00004":
                    cell.value = "00007"

    forged = tmp_path / "forged.xlsx"
    forged.write_bytes(build_returns.fill(blanks("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}),
                                          visible_forgery))
    (outcome,) = collect(collect_round, [forged]).outcomes
    assert outcome.state == "held" and "identity-unsigned" in codes_of(outcome)
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00007"].entries["MT02"].value == Fraction("98.5")
    status = round_status(collect_round)
    assert [held.file_name for held in status.held] == ["forged.xlsx"]
    assert {unit.code: unit.state for unit in status.units}["00007"] == "received"     # a person should look


def test_an_unsigned_file_of_a_unit_with_nothing_else_is_held_and_never_used(collect_round, blanks, build_returns,
                                                                           tmp_path):
    """An unsigned file may be another unit's relabelled (tests/test_attacks4_identity.py): even alone it
    is held for review, the unit is to review and not submitted, its figures used nowhere."""
    unsigned = tmp_path / "cu.xlsx"
    unsigned.write_bytes(build_returns.fill(blanks("00004"), build_returns.GOOD, build_returns.strip_identity))
    (outcome,) = collect(collect_round, [unsigned]).outcomes
    assert outcome.state == "held" and "identity-unsigned" in codes_of(outcome)
    unit = {u.code: u for u in round_status(collect_round).units}["00004"]
    assert unit.state == "received" and not unit.submitted
    with Store(collect_round) as store:
        assert "00004" not in store.accepted_submissions()


def test_a_campaign_without_a_secret_checks_nothing(collect_round, blanks, build_returns, tmp_path):
    """Workbooks generated before signing existed: their campaign has no secret, nothing is flagged."""
    folder = tmp_path / "old"
    shutil.copytree(collect_round, folder)
    (folder / layout.SECRET_FILE).unlink()
    old = tmp_path / "old.xlsx"
    old.write_bytes(build_returns.fill(blanks("00004"), build_returns.GOOD, build_returns.strip_identity))
    (outcome,) = collect(folder, [old]).outcomes
    assert "identity-unsigned" not in codes_of(outcome)


@pytest.mark.libreoffice
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_the_signature_survives_a_libreoffice_resave(collect_round, blanks, build_returns, tmp_path, fmt):
    from xlqms.engines.libreoffice import LibreOfficeEngine

    source = tmp_path / "in" / "00013.xlsx"
    source.parent.mkdir()
    source.write_bytes(build_returns.fill(blanks("00013"), build_returns.GOOD))
    with LibreOfficeEngine() as engine:
        (resaved,) = engine.convert([source], tmp_path / "out", fmt)
    (outcome,) = collect(collect_round, [resaved]).outcomes
    assert outcome.state == "accepted", codes_of(outcome)
    assert not {"identity-unsigned", "identity-forged", "identity-from-visible-cells"} & set(codes_of(outcome))
    # and a forgery re-saved by LibreOffice is still caught
    forged = tmp_path / "in2" / "forged.xlsx"
    forged.parent.mkdir()
    forged.write_bytes(build_returns.fill(blanks("00016"), build_returns.GOOD,
                                          build_returns.forge_identity("00019", "Xã khác")))
    with LibreOfficeEngine() as engine:
        (resaved_forgery,) = engine.convert([forged], tmp_path / "out2", fmt)
    (outcome,) = collect(collect_round, [resaved_forgery]).outcomes
    assert outcome.state == "rejected" and "identity-forged" in codes_of(outcome)


@pytest.mark.parametrize("damage", [
    lambda path: path.unlink(),
    lambda path: path.write_bytes(b""),
    lambda path: path.write_bytes(b"\xff\xfe not hex at all"),
    lambda path: path.write_text(path.read_text().strip()[:-2] + "\n"),          # cut short by a bad copy
], ids=["deleted", "emptied", "garbage", "truncated"])
def test_a_lost_or_damaged_secret_holds_signed_files_until_it_is_restored(collect_round, blanks, build_returns,
                                                                        tmp_path, damage):
    """Without its secret a campaign can neither accept a forgery unchecked nor reject an honest file as
    forged: every signed file is held for review; restoring the secret and rebuilding decides again."""
    from xlqms.rebuild import rebuild_record
    secret = collect_round / layout.SECRET_FILE
    kept = secret.read_bytes()
    honest = tmp_path / "honest.xlsx"
    honest.write_bytes(build_returns.fill(blanks("00007"), build_returns.GOOD))

    def forge(book, sheet, rows, columns):
        for name in book.sheetnames:
            for row in book[name].iter_rows():
                for cell in row:
                    if cell.value == "00004":
                        cell.value = "00007"
    forged = tmp_path / "forged.xlsx"
    forged.write_bytes(build_returns.fill(blanks("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}),
                                          forge))
    damage(secret)
    signature._secrets.clear()
    outcomes = {o.name: o for o in collect(collect_round, [honest, forged]).outcomes}
    assert all("identity-unverifiable" in codes_of(o) for o in outcomes.values())
    assert all(o.state in ("held", "accepted") for o in outcomes.values())
    status = round_status(collect_round)
    assert {unit.code: unit.state for unit in status.units}["00007"] == "received"     # a person must look
    with pytest.raises(XlqmsError) as refused:
        generate_workbooks(read_campaign(collect_round), out_dir=tmp_path / "again")
    assert ".xlqms-secret" in str(refused.value) and "bản sao lưu" in str(refused.value)

    secret.unlink(missing_ok=True)
    secret.write_bytes(kept)
    signature._secrets.clear()
    rebuild_record(collect_round)
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00007"].entries["MT02"].value == Fraction("98.5")
        states = {r.file_name: r.state for r in store.files()}
    assert states["honest.xlsx"] == "accepted" and states["forged.xlsx"] == "rejected"


def test_a_new_secret_is_made_only_for_a_whole_round_regenerated_on_purpose(collect_round, tmp_path):
    (collect_round / layout.SECRET_FILE).unlink()
    signature._secrets.clear()
    campaign = read_campaign(collect_round)
    generate_workbooks(campaign, out_dir=tmp_path / "first")         # nothing sent yet from this folder's out/
    (collect_round / layout.SECRET_FILE).unlink()
    signature._secrets.clear()
    for kwargs in ({"out_dir": tmp_path / "first", "force": False}, {"out_dir": tmp_path / "first", "force": True,
                                                                       "unit_codes": ["00004"]}):
        with pytest.raises(XlqmsError):
            generate_workbooks(campaign, **kwargs)
        assert not (collect_round / layout.SECRET_FILE).exists()
    generate_workbooks(campaign, out_dir=tmp_path / "first", force=True)
    assert len((collect_round / layout.SECRET_FILE).read_text().strip()) == 64


@pytest.mark.parametrize("make", [lambda path: os.mkfifo(path), lambda path: path.mkdir()], ids=["fifo", "folder"])
def test_a_secret_that_is_no_file_is_damage_never_a_hang(collect_round, make):
    from xlqms.signature import SecretError, campaign_secret
    secret = collect_round / layout.SECRET_FILE
    secret.unlink()
    make(secret)
    signature._secrets.clear()
    with pytest.raises(SecretError):
        campaign_secret(collect_round)
    with pytest.raises(SecretError):
        generate_workbooks(read_campaign(collect_round), force=True)


def test_an_unsigned_file_followed_by_the_units_own_workbook_no_longer_keeps_it_to_review(
        collect_round, blanks, build_returns, tmp_path):
    """The unit was asked to send its own signed workbook (identity-unsigned) and did: the unsigned file
    is answered (never used), the unit accepted, no longer reminded, its receipt that of its own
    workbook (README: held 'until the unit sends its own signed workbook'). An unsigned file arriving
    after the signed one still asks a person to look."""
    unsigned = tmp_path / "a" / "mat_nhan_dang.xlsx"
    unsigned.parent.mkdir()
    unsigned.write_bytes(build_returns.fill(blanks("00004"), build_returns.GOOD, build_returns.strip_identity))
    three_days_ago = unsigned.stat().st_mtime - 3 * 86400
    os.utime(unsigned, (three_days_ago, three_days_ago))
    collect(collect_round, [unsigned])
    signed = tmp_path / "b" / "gui_lai.xlsx"
    signed.parent.mkdir()
    signed.write_bytes(build_returns.fill(blanks("00004"), build_returns.GOOD))
    (outcome,) = collect(collect_round, [signed]).outcomes
    assert outcome.state == "accepted"
    status = round_status(collect_round)
    unit = {u.code: u for u in status.units}["00004"]
    assert unit.state == "accepted" and unit.submitted and not unit.reasons
    assert status.held == ()
    assert {r.file_name: r.state for r in _records(collect_round)}["mat_nhan_dang.xlsx"] == "answered"
    assert unit.received_at == {r.file_name: r.received_at for r in _records(collect_round)}["gui_lai.xlsx"]

    late = tmp_path / "c" / "lai_mat_nhan_dang.xlsx"
    late.parent.mkdir()
    late.write_bytes(build_returns.fill(blanks("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}),
                                        build_returns.strip_identity))
    (outcome,) = collect(collect_round, [late]).outcomes
    assert outcome.state == "held"
    status = round_status(collect_round)
    assert [held.file_name for held in status.held] == ["lai_mat_nhan_dang.xlsx"]
    unit = {u.code: u for u in status.units}["00004"]
    assert unit.state == "received" and unit.submitted
    said = " ".join(unit.reasons)           # never that the unit, which has submitted, has not
    assert "giữ lại chờ xem" in said and "Nếu đơn vị chưa gửi sổ của mình" in said
    assert "đã nộp." not in said.replace("(đến lúc đó đơn vị chưa tính là đã nộp).", "")


def _records(folder):
    with Store(folder) as store:
        return store.files()
