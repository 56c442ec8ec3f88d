"""Held-out attacks (fourth round, issue 15), identity and text: no commune can submit for another,
and what anyone typed arrives as text in every output.

Each test is one kind of attack, made with real files on disk and the real commands.
"""

from __future__ import annotations

import io
import shutil
import unicodedata
import zipfile

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from xlqms import layout, signature
from xlqms.campaign import read_campaign
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.generate import generate_workbooks
from xlqms.rebuild import rebuild_record
from xlqms.spreadsheet import write_text
from xlqms.status import round_status
from xlqms.store import Store
from xlqms.terminal import display_width, status_lines, table, wrap

OWNER, VICTIM, VICTIM_NAME = "00004", "00007", "Xã Đông Hưng"
ERROR_SPELLINGS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")   # Excel's error values


@pytest.fixture()
def blanks(collect_round, build_returns):
    return build_returns.Blanks(read_campaign(collect_round))


def _identity_everywhere(values: dict, drop: tuple = ()):
    """A tweak for ``fill``: identity keys set (``values``) or deleted (``drop``) in the unhidden identity
    sheet, the defined names and the document properties alike."""
    def tweak(book, sheet, rows, columns):
        hidden = book[layout.IDENTITY_SHEET]
        hidden.sheet_state = "visible"
        for row in hidden.iter_rows():
            if row[0].value in values:
                row[1].value = values[row[0].value]
            elif row[0].value in drop:
                row[0].value = row[1].value = None
        for key in (*values, *drop):
            name = layout.identity_defined_name(key)
            if name in book.defined_names:
                if key in drop:
                    del book.defined_names[name]
                else:
                    book.defined_names[name].attr_text = f'"{values[key]}"'
        props = book.custom_doc_props.props
        for prop in props:
            key = prop.name[len(layout.PROPERTY_PREFIX):]
            if key in values:
                prop.value = values[key]
        props[:] = [prop for prop in props if prop.name[len(layout.PROPERTY_PREFIX):] not in drop]
    return tweak


def _visible_code(code: str):
    """A tweak for ``fill``: the visible ``Mã đơn vị:`` of Kết quả (a locked cell, no password) set to ``code``."""
    label = layout.VISIBLE_UNIT_CODE_LABEL.rstrip(":")
    def tweak(book, sheet, rows, columns):
        for row in sheet.iter_rows(max_row=layout.HEADER_SEARCH_ROWS):
            for index, cell in enumerate(row):
                if isinstance(cell.value, str) and cell.value.strip().rstrip(":") == label:
                    next(right for right in row[index + 1:] if right.value not in (None, "")).value = code
    return tweak


def _both(*tweaks):
    def tweak(*arguments):
        for one in tweaks:
            one(*arguments)
    return tweak


def _delete_secret(folder):
    (folder / layout.SECRET_FILE).unlink()


def _empty_secret(folder):
    (folder / layout.SECRET_FILE).write_bytes(b"")


# (how commune 00004 made its own workbook claim 00007, what the campaign's secret went through)
RELABELLED = {
    "signature-row-deleted": (lambda br: _both(
        _identity_everywhere({layout.ID_UNIT_CODE: VICTIM, layout.ID_UNIT_NAME: VICTIM_NAME}, drop=(layout.ID_SIGNATURE,)),
        _visible_code(VICTIM)), None),
    "signature-emptied": (lambda br: _both(
        _identity_everywhere({layout.ID_UNIT_CODE: VICTIM, layout.ID_UNIT_NAME: VICTIM_NAME, layout.ID_SIGNATURE: ""}),
        _visible_code(VICTIM)), None),
    "code-without-zeros-unsigned": (lambda br: _both(
        _identity_everywhere({layout.ID_UNIT_CODE: "7"}, drop=(layout.ID_SIGNATURE,)), _visible_code("7")), None),
    "hidden-parts-deleted-visible-relabelled": (lambda br: _both(br.strip_identity, _visible_code(VICTIM)), None),
    "visible-relabelled-without-zeros": (lambda br: _both(br.strip_identity, _visible_code("7")), None),
    "signed-relabelled-secret-deleted": (lambda br: _both(
        _identity_everywhere({layout.ID_UNIT_CODE: VICTIM, layout.ID_UNIT_NAME: VICTIM_NAME}), _visible_code(VICTIM)),
        _delete_secret),
    "signed-relabelled-secret-emptied": (lambda br: _both(
        _identity_everywhere({layout.ID_UNIT_CODE: VICTIM, layout.ID_UNIT_NAME: VICTIM_NAME}), _visible_code(VICTIM)),
        _empty_secret),
}


@pytest.mark.parametrize("attack", sorted(RELABELLED))
def test_a_relabelled_file_whose_identity_cannot_be_checked_never_counts_for_the_unit_it_names(
        collect_round, blanks, build_returns, tmp_path, attack):
    """Commune A's own workbook made to claim B with the signature stripped (or the campaign's secret
    lost): nothing proves whose it is, so it is held — even when B has sent nothing — B is not
    submitted, and A's figures are used nowhere; B's own signed workbook, sent later, counts as usual."""
    make, secret_damage = RELABELLED[attack]
    relabelled = tmp_path / "a" / "bao_cao.xlsx"
    relabelled.parent.mkdir()
    relabelled.write_bytes(build_returns.fill(
        blanks(OWNER), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}), make(build_returns)))
    kept = (collect_round / layout.SECRET_FILE).read_bytes()
    if secret_damage:
        secret_damage(collect_round)
        signature._secrets.clear()
    (outcome,) = collect(collect_round, [relabelled]).outcomes
    assert outcome.state == "held", [f.describe() for f in outcome.findings]
    assert {"identity-unsigned", "identity-unverifiable"} & {f.code for f in outcome.findings}
    status = round_status(collect_round)
    victim = {unit.code: unit for unit in status.units}[VICTIM]
    assert victim.state == "received" and not victim.submitted and status.totals["submitted"] == 0
    assert [held.file_name for held in status.held] == ["bao_cao.xlsx"]
    assert any("Cần xem lại (1, chưa dùng số liệu" in line for line in status_lines(status))
    with Store(collect_round) as store:
        assert store.accepted_submissions() == {}
    out = tmp_path / "tong_hop.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(collect_round), "--out", str(out)])
    assert result.exit_code == 0 and "Đã nộp 0/16" in result.output, result.output

    if secret_damage:
        (collect_round / layout.SECRET_FILE).write_bytes(kept)
        signature._secrets.clear()
    honest = tmp_path / "b" / "00007.xlsx"
    honest.parent.mkdir()
    honest.write_bytes(build_returns.fill(blanks(VICTIM), build_returns.GOOD))
    (outcome,) = collect(collect_round, [honest]).outcomes
    assert outcome.state == "accepted"
    with Store(collect_round) as store:
        assert store.accepted_submissions()[VICTIM].entries["MT02"].value == 98.5     # B's own figures


@pytest.mark.parametrize("typed", ERROR_SPELLINGS)
def test_text_spelled_like_an_error_value_is_written_as_text(typed):
    """openpyxl writes the text "#N/A" as an error value unless told otherwise."""
    sheet = Workbook().active
    write_text(sheet.cell(1, 1), typed)
    assert (sheet.cell(1, 1).data_type, sheet.cell(1, 1).value) == ("s", typed)


@pytest.mark.parametrize("typed", ["#N/A", "#REF!", "#DIV/0!", "#NAME?"])
def test_an_explanation_typed_like_an_error_value_stays_text_in_the_consolidated_workbook(
        collect_round, blanks, build_returns, tmp_path, typed):
    def as_text(book, sheet, rows, columns):
        cell = sheet.cell(rows["MT05"], columns[layout.RESULT_EXPLANATION])
        cell.value, cell.data_type = typed, "s"          # typed as text (Excel: '#N/A)
    typed_file = tmp_path / "00004.xlsx"
    typed_file.write_bytes(build_returns.fill(blanks(OWNER), build_returns.GOOD, as_text))
    collect(collect_round, [typed_file])
    out = tmp_path / "tong_hop.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(collect_round), "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = [(sheet.title, cell.coordinate, cell.data_type) for sheet in load_workbook(out).worksheets
             for row in sheet.iter_rows() for cell in row if cell.value == typed]
    assert found and all(data_type == "s" for _title, _cell, data_type in found), found
    errors = [(sheet.title, cell.coordinate) for sheet in load_workbook(out).worksheets
              for row in sheet.iter_rows() for cell in row if cell.data_type == "e"]
    assert errors == []


WIDE = {
    "emoji": "Xã " + "🌾" * 30,
    "cjk": "中文社区名称很长很长很长很长很长很长很长很长很长很长很长",
    "full-width": "Ｘａ　Ｄｏｎｇ　Ｈｕｎｇ　ＦＵＬＬＷＩＤＴＨ　ＮＡＭＥ　ＬＯＮＧ",
    "nfd": unicodedata.normalize("NFD", "Phường Nguyễn Thị Minh Khai Đường Dài Thật Là Dài Ở Huyện Mường Tè Lai Châu"),
    "zero-width": "Xã" + "\u200b" * 40 + " Không Rộng",
}


@pytest.mark.parametrize("kind", sorted(WIDE))
def test_terminal_lines_are_measured_as_the_terminal_shows_them(kind):
    text = f"{WIDE[kind]}.xlsx — Kết quả!I12: Chỉ tiêu này cần kết quả; nhập số liệu rồi gửi lại {WIDE[kind]}"
    lines = wrap(text, 80, indent="    ", first="  ✗ ")
    assert all(display_width(line) <= 80 or " " not in line.strip() for line in lines), lines
    assert " ".join(line.strip() for line in lines).replace("✗ ", "", 1) == " ".join(text.split())
    rows = table(["Đơn vị", "Tệp"], [[WIDE[kind], WIDE[kind] + " x"]], [24, 30])
    assert all(display_width(line) <= 24 + 1 + 30 for line in rows), rows
    if kind == "nfd":
        assert display_width(WIDE[kind]) == display_width(unicodedata.normalize("NFC", WIDE[kind]))
    if kind == "zero-width":
        assert display_width(WIDE[kind]) == len("Xã Không Rộng")


def test_status_with_wide_names_fits_80_columns(collect_round, blanks, build_returns, tmp_path):
    """A file named with emoji (two columns each) and a finding about it: status keeps to 80 columns."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / f"{WIDE['emoji']}.xlsx").write_bytes(build_returns.fill(
        blanks(OWNER), build_returns.with_values(MT02={layout.RESULT_VALUE: "khoảng 98"})))
    (inbox / f"{WIDE['cjk']}.xlsx").write_bytes(build_returns.fill(
        blanks(VICTIM), build_returns.with_values(MT02={layout.RESULT_VALUE: "khoảng 98"})))
    collect(collect_round, [inbox])
    result = CliRunner().invoke(main, ["status", str(collect_round)])
    assert result.exit_code in (0, 4), result.output
    assert WIDE["emoji"] in result.output
    too_wide = [line for line in result.output.splitlines() if display_width(line) > 80 and " " in line.strip()]
    assert too_wide == []


def test_a_round_copied_with_its_secret_still_checks_signatures(collect_round, blanks, build_returns, tmp_path):
    """The folder copied whole (the secret with it): the same files are accepted there, a forgery still rejected."""
    copy = tmp_path / "copy"
    shutil.copytree(collect_round, copy)
    signature._secrets.clear()
    honest = tmp_path / "00004.xlsx"
    honest.write_bytes(build_returns.fill(blanks(OWNER), build_returns.GOOD))
    forged = tmp_path / "forged.xlsx"
    forged.write_bytes(build_returns.fill(blanks(OWNER), build_returns.GOOD, _both(
        _identity_everywhere({layout.ID_UNIT_CODE: VICTIM, layout.ID_UNIT_NAME: VICTIM_NAME}), _visible_code(VICTIM))))
    states = {o.name: o.state for o in collect(copy, [honest, forged]).outcomes}
    assert states == {"00004.xlsx": "accepted", "forged.xlsx": "rejected"}


@pytest.mark.parametrize("replacement", ["another-rounds-secret", "upper-case-other-key"])
def test_a_replaced_secret_accepts_nothing_and_names_the_way_back(collect_round, blanks, build_returns, tmp_path,
                                                                  replacement):
    """The secret swapped for another valid one between generate and collect (a wrong backup restored, another
    round's folder copied over): no file is accepted, none counts for another unit, and the rejection says the
    secret may be the cause and how to put it back; once it is back, a rebuild accepts the honest file."""
    secret = collect_round / layout.SECRET_FILE
    kept = secret.read_bytes()
    honest = tmp_path / "00004.xlsx"
    honest.write_bytes(build_returns.fill(blanks(OWNER), build_returns.GOOD))     # signed with the round's secret
    secret.write_text(("ab" * 32 if replacement == "another-rounds-secret" else "CD" * 32) + "\n")
    signature._secrets.clear()
    (outcome,) = collect(collect_round, [honest]).outcomes
    assert outcome.state == "rejected" and outcome.unit_code is None
    (forged,) = [f for f in outcome.findings if f.code == "identity-forged"]
    assert layout.SECRET_FILE in forged.message and "--rebuild" in forged.message
    with Store(collect_round) as store:
        assert store.accepted_submissions() == {}
    secret.write_bytes(kept)
    signature._secrets.clear()
    rebuild_record(collect_round)
    with Store(collect_round) as store:
        assert set(store.accepted_submissions()) == {OWNER}


TYPED_IN_EXCEL = {     # what campaign.xlsx holds when a name was pasted with these (Excel's _xHHHH_ escapes)
    "escape-sequence": ("Xã Đông_x001B_[31m Hưng_x001B_[0m", "Xã Đông Hưng"),
    "word-line-break": ("Xã Đông_x000B_Hưng", "Xã Đông\nHưng"),
    "bidi-override": ("Xã \u202eĐông Hưng\u202c", "Xã Đông Hưng"),
    "nul-and-isolates": ("Xã Đông_x0000_ \u2066Hưng\u2069", "Xã Đông Hưng"),
}


@pytest.mark.parametrize("kind", sorted(TYPED_IN_EXCEL))
def test_a_unit_name_typed_with_controls_reaches_its_workbook_clean_and_its_return_matches(
        collect_round, build_returns, tmp_path, kind):
    """The secretary's own text is data too: a control character or a bidirectional override in a unit
    name never reaches the unit's workbook (sheets, names, properties, file name), and the workbook sent
    back is not flagged as naming another unit (``unit-name-mismatch``) for it."""
    typed, shown = TYPED_IN_EXCEL[kind]
    book = load_workbook(collect_round / layout.CAMPAIGN_FILE)
    cells = [cell for row in book[layout.UNITS_SHEET].iter_rows() for cell in row if cell.value == VICTIM_NAME]
    assert len(cells) == 1
    cells[0].value = typed
    book.save(collect_round / layout.CAMPAIGN_FILE)
    result = generate_workbooks(read_campaign(collect_round), out_dir=tmp_path / "so", force=True)
    (path,) = [path for path in result.files if path.name.startswith(VICTIM)]
    assert path.name == f"{VICTIM}_Xa_Dong_Hung.xlsx"
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".xml"):
                text = archive.read(member).decode("utf-8")
                assert not any(mark in text for mark in ("\x1b", "\u202e", "\u2066", "_x001B_", "_x0000_", "[31m")), member
    workbook = load_workbook(path)
    assert [row[1].value for row in workbook[layout.IDENTITY_SHEET].iter_rows()
            if row[0].value == layout.ID_UNIT_NAME] == [shown]
    returned = tmp_path / "tra_ve.xlsx"
    returned.write_bytes(build_returns.fill(path.read_bytes(), build_returns.GOOD))
    (outcome,) = collect(collect_round, [returned]).outcomes
    assert (outcome.state, [f.code for f in outcome.findings]) == ("accepted", [])


@pytest.mark.parametrize("hidden_sheet", ["deleted", "kept"])
def test_another_units_names_and_properties_pasted_into_a_workbook_never_count_for_it(
        collect_round, blanks, build_returns, tmp_path, hidden_sheet):
    """Commune A copies B's defined names and document properties (B's signature with them) into its own
    filled workbook: with A's hidden sheet kept, the sheet says A (signed) and the file counts for A; with
    it deleted, the identity and signature are B's but the visible unit code is A's — rejected."""
    donor = load_workbook(io.BytesIO(blanks(VICTIM)))

    def swap(book, sheet, rows, columns):
        if hidden_sheet == "deleted":
            del book[layout.IDENTITY_SHEET]
        for name in [name for name in book.defined_names if name.startswith(layout.DEFINED_NAME_PREFIX)]:
            del book.defined_names[name]
        for name, defined in donor.defined_names.items():
            if name.startswith(layout.DEFINED_NAME_PREFIX):
                book.defined_names[name] = defined
        book.custom_doc_props.props[:] = list(donor.custom_doc_props.props)
    swapped = tmp_path / "a.xlsx"
    swapped.write_bytes(build_returns.fill(blanks(OWNER), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}), swap))
    (outcome,) = collect(collect_round, [swapped]).outcomes
    if hidden_sheet == "kept":
        assert (outcome.state, outcome.unit_code) == ("accepted", OWNER)
    else:
        assert outcome.state == "rejected" and "unit-label-mismatch" in [f.code for f in outcome.findings]
    with Store(collect_round) as store:
        assert VICTIM not in store.accepted_submissions()


def _secret_a_folder(folder):
    (folder / layout.SECRET_FILE).unlink()
    (folder / layout.SECRET_FILE).mkdir()


# (what happened to the secret after the round was signed, what shows the round signs)
SECRET_LOST = {
    "deleted-after-a-signed-return": (_delete_secret, "archive"),
    "deleted-workbooks-generated": (_delete_secret, "workbooks"),
    "emptied": (_empty_secret, "archive"),
    "replaced-by-a-folder": (_secret_a_folder, "archive"),
}


@pytest.mark.parametrize("case", sorted(SECRET_LOST))
def test_with_the_secret_lost_an_unsigned_relabelled_file_never_replaces_the_unit(
        collect_round, blanks, build_returns, tmp_path, case):
    """The secret gone or damaged between generate and collect: a file with its signature stripped and
    relabelled for B is not taken as a workbook of a round that never signed — it is held, never used,
    and B's own figures (or B's absence) stay as they were."""
    damage, evidence = SECRET_LOST[case]
    honest = tmp_path / "b.xlsx"
    honest.write_bytes(build_returns.fill(blanks(VICTIM), build_returns.GOOD))
    if evidence == "archive":
        collect(collect_round, [honest])            # B's own signed return, archived
    else:
        generate_workbooks(read_campaign(collect_round), force=True)   # signed workbooks in out/workbooks
    relabelled = tmp_path / "a.xlsx"
    relabelled.write_bytes(build_returns.fill(blanks(OWNER), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}),
                                              RELABELLED["signature-row-deleted"][0](build_returns)))
    damage(collect_round)
    signature._secrets.clear()
    signature._signed_rounds.clear()
    (outcome,) = collect(collect_round, [relabelled]).outcomes
    assert outcome.state == "held" and "identity-unsigned" in [f.code for f in outcome.findings]
    assert layout.SECRET_FILE in next(f.message for f in outcome.findings if f.code == "identity-unsigned")
    with Store(collect_round) as store:
        submissions = store.accepted_submissions()
    if evidence == "archive":
        assert submissions[VICTIM].entries["MT02"].value == 98.5
    else:
        assert VICTIM not in submissions
